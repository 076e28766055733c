"""Structured JSON logs to stdout, each line carrying the request id and user id."""

from __future__ import annotations

import logging
import sys
import uuid

from flask import Flask, g, has_request_context, request
from flask_login import current_user
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"


class RequestContextFilter(logging.Filter):
    """Add request_id and user_id to every record logged during a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Attach request context fields; never drops a record."""
        if has_request_context():
            record.request_id = getattr(g, "request_id", None)
            record.path = request.path
            try:
                record.user_id = current_user.get_id() if current_user.is_authenticated else None
            except Exception:  # the user loader itself may be what failed
                record.user_id = None
        return True


def configure_logging(app: Flask) -> None:
    """Send JSON log lines to stdout at the configured level."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "ts", "levelname": "level", "name": "logger"},
        )
    )
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger("r2w")
    root.handlers[:] = [handler]
    root.setLevel(app.config["LOG_LEVEL"])
    root.propagate = app.config["ENVIRONMENT"] == "test"  # lets pytest's caplog see records

    @app.before_request
    def assign_request_id() -> None:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        # Accept a sane id from the load balancer, otherwise make one.
        ok = 0 < len(incoming) <= 64 and incoming.replace("-", "").isalnum()
        g.request_id = incoming if ok else uuid.uuid4().hex

    @app.after_request
    def echo_request_id(response):
        response.headers[REQUEST_ID_HEADER] = getattr(g, "request_id", "")
        return response
