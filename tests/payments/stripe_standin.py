"""A local stand-in for the parts of Stripe's HTTP API that r2w calls."""

from __future__ import annotations

import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

PRICES = {"price_monthly": ("subscription", 900), "price_lifetime": ("payment", 14900)}


def nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Turn Stripe's form encoding (a[b][0][c]=v) back into nested dicts (lists keyed by index)."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return root


class StripeStandIn:
    """Checkout Sessions, Subscriptions, Charges and Invoices in memory, served on 127.0.0.1."""

    def __init__(self, secret_key: str) -> None:
        self.secret_key = secret_key
        self.sessions: dict[str, dict[str, Any]] = {}
        self.subscriptions: dict[str, dict[str, Any]] = {}
        self.charges: dict[str, dict[str, Any]] = {}
        self.invoices: dict[str, dict[str, Any]] = {}
        self.requests: list[dict[str, Any]] = []
        self.reject_reads = False  # answer reads with 401, as Stripe does for a revoked key
        self._ids = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> StripeStandIn:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        """Forget every object and request (between tests)."""
        self.sessions.clear()
        self.subscriptions.clear()
        self.charges.clear()
        self.invoices.clear()
        self.requests.clear()
        self.reject_reads = False

    def new_id(self, prefix: str) -> str:
        """Return a fresh Stripe-style object id."""
        return f"{prefix}_test_{next(self._ids):06d}"

    def create_session(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Create a Checkout Session the way Stripe does (the parts r2w reads)."""
        price = params.get("line_items", {}).get("0", {}).get("price")
        if price not in PRICES:
            return 400, _error(
                "invalid_request_error", "resource_missing", f"No such price: {price}"
            )
        mode, amount = PRICES[price]
        session_id = self.new_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "client_secret": f"{session_id}_secret_abc",
            "ui_mode": params.get("ui_mode"),
            "mode": mode,
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": amount,
            "currency": "eur",
            "client_reference_id": params.get("client_reference_id"),
            "customer": params.get("customer"),
            "customer_email": params.get("customer_email"),
            "customer_details": None,
            "metadata": params.get("metadata", {}),
            "return_url": params.get("return_url"),
            "subscription": None,
            "payment_intent": None,
        }
        self.sessions[session_id] = session
        return 200, session

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                """Keep test output quiet."""

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", "req_standin")
                self.end_headers()
                self.wfile.write(data)

            def _authorised(self) -> bool:
                if self.headers.get("Authorization") == f"Bearer {standin.secret_key}":
                    return True
                self._reply(401, _error("invalid_request_error", None, "Invalid API Key"))
                return False

            def do_POST(self) -> None:
                """Answer a POST."""
                length = int(self.headers.get("Content-Length") or 0)
                params = nest(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
                standin.requests.append({"method": "POST", "path": self.path, "params": params})
                if not self._authorised():
                    return
                if self.path == "/v1/checkout/sessions":
                    self._reply(*standin.create_session(params))
                else:
                    self._reply(404, _error("invalid_request_error", None, "Unrecognized URL"))

            def do_GET(self) -> None:
                """Answer a GET."""
                path = urlsplit(self.path).path
                standin.requests.append({"method": "GET", "path": path, "params": {}})
                if not self._authorised():
                    return
                if standin.reject_reads:
                    self._reply(401, _error("invalid_request_error", None, "Expired API Key"))
                    return
                kind, _, object_id = path.removeprefix("/v1/").rpartition("/")
                store = {
                    "checkout/sessions": standin.sessions,
                    "subscriptions": standin.subscriptions,
                    "charges": standin.charges,
                    "invoices": standin.invoices,
                }
                found = store.get(kind, {}).get(object_id)
                if found is None:
                    message = f"No such object: '{object_id}'"
                    self._reply(404, _error("invalid_request_error", "resource_missing", message))
                else:
                    self._reply(200, found)

        return Handler


def _error(kind: str, code: str | None, message: str) -> dict[str, Any]:
    return {"error": {"type": kind, "code": code, "message": message}}
