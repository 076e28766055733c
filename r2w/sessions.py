"""Keeping a session-store outage a clean 503 (the store is opened before any view runs)."""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, Request, request, session
from flask.sessions import SessionInterface, SessionMixin

FAILURE_KEY = "r2w.session_store_failure"
# Sessions are saved only when changed (SESSION_REFRESH_EACH_REQUEST is off); this stamp,
# renewed at most once a day, keeps a session in use from expiring (and its anonymous work
# with it) without a write to the store on every request.
REFRESHED_KEY = "_refreshed"
REFRESH_SECONDS = 24 * 3600
# Probes and the metrics scrape never use a session: a session-store outage must not fail
# liveness (Kubernetes would restart every web pod) nor hide which store /readyz found down.
SESSIONLESS_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def _store_errors() -> tuple[type[Exception], ...]:
    import redis.exceptions

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class GuardedSessionInterface(SessionInterface):
    """Wraps the server-side session interface; a store that cannot be reached gives no session.

    Flask then uses a read-only null session, so everything after (hooks, the error page) runs
    normally, and ``refuse_without_session_store`` turns the recorded failure into a 503.
    """

    def __init__(self, inner: SessionInterface) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        # Everything else (regenerate, cookie settings) is the wrapped interface's own.
        return getattr(self.inner, name)

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        """The stored session, or None (a null session) when the store is unreachable."""
        if request.path in SESSIONLESS_PATHS:
            return None
        try:
            return self.inner.open_session(app, request)
        except _store_errors() as exc:
            request.environ[FAILURE_KEY] = exc
            return None

    def save_session(self, app: Flask, session: SessionMixin, response: Any) -> None:
        """Save through the wrapped interface (never for a session-less request)."""
        if self.is_null_session(session):
            return
        self.inner.save_session(app, session, response)


def refuse_without_session_store() -> None:
    """before_request: a request whose session could not be read gets a 503."""
    from r2w.errors import ServiceUnavailable

    failure = request.environ.get(FAILURE_KEY)
    if failure is not None:
        raise ServiceUnavailable("session store", str(failure))


def keep_session_alive(response: Any) -> Any:
    """after_request: renew a session's expiry once a day (one save, not one per request)."""
    if request.path in SESSIONLESS_PATHS or not session:
        return response
    now = int(time.time())
    if now - int(session.get(REFRESHED_KEY, 0)) > REFRESH_SECONDS:
        session[REFRESHED_KEY] = now
    return response
