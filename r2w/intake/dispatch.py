"""Running intake work off the request path, in a small per-process pool of threads.

The database row is the durable record; the pool is only how this process gets to it quickly.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, current_app

log = logging.getLogger(__name__)


def _pool(app: Flask) -> ThreadPoolExecutor:
    key = "r2w.intake_pool"
    if key not in app.extensions:
        app.extensions[key] = ThreadPoolExecutor(max_workers=2, thread_name_prefix="r2w-intake")
    return app.extensions[key]


def _run(app: Flask, cv_id: str) -> None:
    from r2w.extensions import db
    from r2w.intake.pipeline import process_cv

    with app.app_context():
        try:
            process_cv(cv_id)
        except Exception:
            log.exception("intake worker failed", extra={"cv_id": cv_id})
        finally:
            db.session.remove()


def dispatch(cv_id: str) -> None:
    """Start reading a CV: inline under RUN_JOBS_INLINE (tests), else in the background pool.

    Where READ_CVS_IN_WEB is off (the cloud), nothing is read here: the CV row, stored as
    "uploaded", is the queue item the reading worker claims.
    """
    app = current_app._get_current_object()
    if not app.config.get("READ_CVS_IN_WEB", True):
        log.info("CV queued for the reading worker", extra={"cv_id": cv_id})
        return
    if app.config.get("RUN_JOBS_INLINE"):
        from r2w.intake.pipeline import process_cv

        process_cv(cv_id)
        return
    _pool(app).submit(_run, app, cv_id)
