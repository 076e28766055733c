"""A local stand-in for the CloudFront KeyValueStore API, driven by the real boto3 client.

The client derives its host from the store's account (`<account>.cloudfront-kvs.global.api.aws`),
even with an endpoint override, so the stand-in answers as an HTTP proxy: the client is given
`proxies={"http": server.url}` and an `http://` endpoint, and every request arrives here with its
absolute URL. It keeps ETags and refuses a write whose If-Match is stale (409), like the service.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit


class FakeKeyValueStore:
    """One store's state plus the server that serves it."""

    def __init__(self, arn: str) -> None:
        self.arn = arn
        self.items: dict[str, str] = {}
        self.version = 1
        self.signatures: list[str] = []  # the Authorization scheme of each request
        self.conflicts = 0  # writes still to refuse as if another writer had just changed it
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The proxy address to give the client."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def etag(self) -> str:
        """The store's current ETag."""
        return f"ETVER{self.version}"

    def start(self) -> FakeKeyValueStore:
        """Serve in a background thread."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()

    def client(self) -> Any:
        """A real cloudfront-keyvaluestore client whose requests reach this stand-in."""
        import boto3
        from botocore.config import Config

        return boto3.client(
            "cloudfront-keyvaluestore",
            region_name="us-east-1",
            endpoint_url="http://cloudfront-kvs.test",
            config=Config(proxies={"http": self.url}, retries={"max_attempts": 1}),
        )


def _handler(store: FakeKeyValueStore) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        disable_nagle_algorithm = True

        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: dict, error: str | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("ETag", store.etag)
            if error:
                self.send_header("x-amzn-ErrorType", error)
            self.end_headers()
            self.wfile.write(data)

        def _route(self) -> tuple[str | None, str | None, bool]:
            parts = urlsplit(self.path).path.split("/")
            # /key-value-stores/<arn>[/keys[/<key>]]
            if len(parts) < 3 or parts[1] != "key-value-stores" or unquote(parts[2]) != store.arn:
                return None, None, False
            has_keys = len(parts) > 3 and parts[3] == "keys"
            key = unquote(parts[4]) if len(parts) > 4 else None
            return store.arn, key, has_keys

        def _counts(self) -> dict:
            size = sum(len(k) + len(v) for k, v in store.items.items())
            return {"ItemCount": len(store.items), "TotalSizeInBytes": size}

        def _dispatch(self) -> None:
            store.signatures.append(self.headers.get("Authorization", "").split(" ")[0])
            arn, key, has_keys = self._route()
            if arn is None:
                return self._send(404, {"Message": "no such store"}, "ResourceNotFoundException")
            with store.lock:
                if self.command == "GET" and not has_keys:
                    return self._send(200, {"KvsARN": arn, "Status": "READY", **self._counts()})
                if self.command == "GET" and key is None:
                    items = [{"Key": k, "Value": v} for k, v in sorted(store.items.items())]
                    return self._send(200, {"Items": items})
                if self.command == "GET":
                    if key not in store.items:
                        return self._send(404, {"Message": "no key"}, "ResourceNotFoundException")
                    found = {"Key": key, "Value": store.items[key]}
                    return self._send(200, {**found, **self._counts()})
                if store.conflicts:
                    store.conflicts -= 1
                    store.version += 1  # someone else wrote in between
                if self.headers.get("If-Match") != store.etag:
                    return self._send(409, {"Message": "stale ETag"}, "ConflictException")
                if self.command == "PUT":
                    length = int(self.headers.get("Content-Length") or 0)
                    store.items[key] = json.loads(self.rfile.read(length))["Value"]
                elif key not in store.items:
                    return self._send(404, {"Message": "no key"}, "ResourceNotFoundException")
                else:
                    del store.items[key]
                store.version += 1
                return self._send(200, self._counts())

        do_GET = do_PUT = do_DELETE = _dispatch

    return Handler
