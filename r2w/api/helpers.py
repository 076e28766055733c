"""Small helpers shared by the API routes."""

from __future__ import annotations

import json
from typing import Any

from flask import request

from r2w.errors import json_error


class BadRequest(Exception):
    """Input the API will not take; answered as {"error": code, "message": text}."""

    def __init__(self, message: str, code: str = "bad_request", status: int = 400, **extra):
        super().__init__(message)
        self.message, self.code, self.status, self.extra = message, code, status, extra


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def strict_json(raw: bytes | str) -> Any:
    """Parse standard JSON only; ValueError for anything else.

    Python's parser also takes NaN and Infinity (stored documents would silently turn them into
    null) and raises RecursionError, not ValueError, on deeply nested input (which became a 500).
    """
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400 that says what was wrong."""
    if not request.is_json:
        raise BadRequest("Send a JSON object with Content-Type: application/json.")
    try:
        data = strict_json(request.get_data())
    except ValueError:  # includes UnicodeDecodeError
        raise BadRequest("The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise BadRequest("The request body must be a JSON object.")
    return data


def handle_bad_request(exc: BadRequest):
    """Render a BadRequest in the API's error shape."""
    return json_error(exc.status, exc.code, exc.message, **exc.extra)
