"""One error shape for the API, friendly pages for the web, and a 500 handler that rolls back."""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, jsonify, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from r2w.extensions import db
from r2w.storage import InvalidKey, InvalidRange, ObjectNotFound, StorageError

log = logging.getLogger(__name__)
# Storage errors about the request's own data, not about reaching the store.
STORAGE_DATA_ERRORS = (ObjectNotFound, InvalidKey, InvalidRange)


class ServiceUnavailable(Exception):
    """A backing service (database, sessions, storage, build API) cannot be reached right now."""

    def __init__(self, service: str, message: str = "") -> None:
        super().__init__(message or f"{service} is unavailable")
        self.service = service


def wants_json() -> bool:
    """Return whether the client should get JSON rather than an HTML page."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def json_error(status: int, code: str, message: str, **details) -> tuple[Response, int]:
    """Return the API's one error shape: {"error": code, "message": text} (plus details)."""
    return jsonify(error=code, message=message, **details), status


def _error_code(exc: HTTPException) -> str:
    return (exc.name or "error").lower().replace(" ", "_").replace("'", "")


def _respond(status: int, code: str, message: str, headers=None):
    if wants_json():
        response, status = json_error(status, code, message)
    else:
        # Rendered straight from the Jinja environment, skipping the context processors: they
        # load the signed-in user and read the session, and the database or the session store
        # may be what just failed. error_page=True keeps the template itself off both.
        template = current_app.jinja_env.get_template("error.html")
        body = template.render(status=status, code=code, message=message, error_page=True)
        response = Response(body, status=status, mimetype="text/html")
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response, status


def handle_http_error(exc: HTTPException):
    """Render any HTTP error in the shape the client expects."""
    original = getattr(exc, "original_exception", None)
    if original is not None:
        # Failures before the view runs (opening the session) arrive here wrapped as a 500.
        return handle_unexpected(original)
    headers = {k: v for k, v in exc.get_headers() if k.lower() == "retry-after"}
    return _respond(exc.code or 500, _error_code(exc), exc.description or "", headers)


def handle_csrf_error(exc: CSRFError):
    """A missing or wrong CSRF token is a 400 that says how to recover."""
    message = "Your form expired or was sent from another site. Reload the page and try again."
    return _respond(400, "csrf_failed", message)


def handle_unavailable(exc: ServiceUnavailable):
    """A backing service is down: say so with a 503 the client may retry."""
    db.session.rollback()
    log.warning("service unavailable", extra={"service": exc.service, "detail": str(exc)})
    message = f"r2w cannot reach its {exc.service} right now. Please try again in a minute."
    return _respond(503, "service_unavailable", message, {"Retry-After": "30"})


def _unavailable_service(exc: Exception) -> str | None:
    """Name the backing service behind a connection failure, if that is what this is."""
    import redis.exceptions
    import sqlalchemy.exc

    if isinstance(exc, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError):
        return "session store"
    if isinstance(exc, sqlalchemy.exc.OperationalError | sqlalchemy.exc.InterfaceError):
        return "database"
    if isinstance(exc, StorageError) and not isinstance(exc, STORAGE_DATA_ERRORS):
        return "storage"
    return None


def handle_unexpected(exc: Exception):
    """Roll the database session back, log with the request id, and answer a plain 500."""
    service = _unavailable_service(exc)
    if service:
        return handle_unavailable(ServiceUnavailable(service, str(exc)))
    db.session.rollback()
    log.exception("unhandled error")
    return _respond(500, "internal_error", InternalServerError.description)


def register_error_handlers(app: Flask) -> None:
    """Attach the error handlers to the app."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(ServiceUnavailable, handle_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
