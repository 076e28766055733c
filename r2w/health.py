"""Liveness and readiness endpoints for load balancers and Kubernetes probes."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from r2w.extensions import db
from r2w.services import get_storage

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    """Liveness: the process is up and answering."""
    return jsonify(status="ok")


def _check_database() -> None:
    db.session.execute(text("SELECT 1"))


def _check_sessions() -> None:
    redis_client = current_app.config.get("SESSION_REDIS")
    if redis_client is not None:
        redis_client.ping()


def _check_storage() -> None:
    get_storage().check()


CHECKS = {"database": _check_database, "sessions": _check_sessions, "storage": _check_storage}


@bp.get("/readyz")
def readyz():
    """Readiness: database, session store and storage reachable; 503 names what failed."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # any failure means not ready; say which and why
            db.session.rollback()
            log.warning("readiness check failed", extra={"check": name, "detail": str(exc)})
            results[name] = f"failed: {type(exc).__name__}"
    failed = [name for name, result in results.items() if result != "ok"]
    status = 503 if failed else 200
    return jsonify(status="ok" if not failed else "unavailable", checks=results), status
