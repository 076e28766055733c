"""A local OpenID Connect provider: discovery, authorize, token (RS256), userinfo, JWKS."""

from __future__ import annotations

import base64
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from authlib.jose import JsonWebKey, jwt


def make_signing_key(kid: str) -> Any:
    """Return a fresh RSA private key (as an Authlib JWK) with this key id."""
    return JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": kid})


class OIDCProvider:
    """One provider; tests set `person` (the claims of whoever signs in next) and failure modes."""

    def __init__(self, key: Any, client_id: str, client_secret: str) -> None:
        self.key = key
        self.client_id = client_id
        self.client_secret = client_secret
        self._codes: dict[str, dict[str, Any]] = {}
        self._counter = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.reset()

    def reset(self) -> None:
        """Back to a well-behaved provider with a default person."""
        self.person: dict[str, Any] = {
            "sub": "person-1",
            "email": "Grace@Example.com",
            "email_verified": True,
            "name": "Grace Hopper",
        }
        self.userinfo_extra: dict[str, Any] = {}
        self.deny_with: str | None = None  # e.g. "access_denied": the person said no
        self.nonce_override: str | None = None
        self.signing_key: Any = None  # sign with another key (forged token)
        self.token_status = 200
        self.token_delay = 0.0  # seconds the token endpoint takes to answer
        self.with_id_token = True
        self.token_requests: list[dict[str, Any]] = []

    @property
    def metadata_url(self) -> str:
        """The discovery document's address."""
        return f"{self.url}/.well-known/openid-configuration"

    def start(self) -> OIDCProvider:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()

    def discovery(self) -> dict[str, Any]:
        """The discovery document."""
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def authorize(self, query: dict[str, str]) -> str:
        """Answer an authorization request with the redirect back to the app."""
        back = {"state": query.get("state", "")}
        if self.deny_with:
            back["error"] = self.deny_with
        else:
            code = f"code-{next(self._counter)}"
            self._codes[code] = {
                "nonce": query.get("nonce"),
                "redirect_uri": query["redirect_uri"],
                "person": dict(self.person),
            }
            back["code"] = code
        return f"{query['redirect_uri']}?{urlencode(back)}"

    def _client_credentials(self, headers: Any, form: dict[str, str]) -> tuple[str, str, str]:
        auth = headers.get("Authorization", "")
        if auth.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
            return client_id, secret, "client_secret_basic"
        return form.get("client_id", ""), form.get("client_secret", ""), "client_secret_post"

    def token(self, headers: Any, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """Exchange a code for tokens, with an ID token signed RS256."""
        client_id, secret, method = self._client_credentials(headers, form)
        self.token_requests.append({"method": method, "form": form})
        if (client_id, secret) != (self.client_id, self.client_secret):
            return 401, {"error": "invalid_client"}
        grant = self._codes.pop(form.get("code", ""), None)
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        body = {"access_token": f"at-{grant['person']['sub']}", "token_type": "Bearer"}
        body["expires_in"] = 3600
        if self.with_id_token:
            body["id_token"] = self.id_token(grant)
        return 200, body

    def id_token(self, grant: dict[str, Any]) -> str:
        """Sign the ID token for a grant."""
        now = int(time.time())
        claims = {
            "iss": self.url,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce_override or grant["nonce"],
            **grant["person"],
        }
        key = self.signing_key or self.key
        header = {"alg": "RS256", "kid": key.kid}
        return jwt.encode(header, claims, key).decode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                """Keep test output quiet."""

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                """Answer a GET."""
                url = urlsplit(self.path)
                if url.path == "/.well-known/openid-configuration":
                    self._json(200, provider.discovery())
                elif url.path == "/jwks":
                    self._json(200, {"keys": [provider.key.as_dict(is_private=False)]})
                elif url.path == "/authorize":
                    self.send_response(302)
                    self.send_header("Location", provider.authorize(dict(parse_qsl(url.query))))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer at-")
                    self._json(200, {"sub": token, **provider.userinfo_extra})
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                """Answer a POST."""
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                time.sleep(provider.token_delay)
                if urlsplit(self.path).path != "/token":
                    self._json(404, {"error": "not_found"})
                elif provider.token_status >= 500:
                    self.send_response(provider.token_status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    self._json(*provider.token(self.headers, form))

        return Handler
