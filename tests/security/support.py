"""Helpers shared by the security and fuzz tests: fast builds, state snapshots, route tables."""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import func, select
from werkzeug.routing import Rule

from r2w.extensions import db
from r2w.runners.base import BuildRequest, BuildStatus, RunnerState
from tests.support.browser import (  # noqa: F401 - re-exported for the security tests
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    sync_playwright_or_skip,
)

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class InlineRunner:
    """A build runner that runs the real builder in-process at submit time.

    The builder code and the storage it writes are the real ones; only the process boundary
    (covered by tests/runners) is skipped, so a build costs milliseconds, not a Python start-up.
    """

    name = "inline"

    def __init__(self, storage_url: str) -> None:
        self.storage_url = storage_url
        self.results: dict[str, tuple[int, str]] = {}

    def submit(self, req: BuildRequest) -> str:
        """Build now (once per build id) and remember the exit code and log."""
        from builder.cli import main

        if req.build_id not in self.results:
            out = io.StringIO()
            code = main(["--spec-key", req.spec_key, "--storage-url", self.storage_url], out)
            self.results[req.build_id] = (code, out.getvalue())
        return req.build_id

    def state(self, handle: str) -> RunnerState:
        """Succeeded or failed as the builder exited; an unknown handle has vanished."""
        if handle not in self.results:
            return RunnerState(BuildStatus.FAILED, message="vanished")
        code, log = self.results[handle]
        status = BuildStatus.SUCCEEDED if code == 0 else BuildStatus.FAILED
        return RunnerState(status, message="" if code == 0 else "build failed", log_tail=log)

    def cancel(self, handle: str) -> None:
        """Nothing runs in the background, so there is nothing to stop."""

    def handles(self) -> list[str]:
        """No build outlives its submit call."""
        return []


def use_inline_builds(app: Flask) -> Flask:
    """Make the app build sites in-process (see InlineRunner)."""
    app.extensions["r2w.runner"] = InlineRunner(app.config["STORAGE_URL"])
    return app


def with_security(app: Flask) -> Flask:
    """Register the security headers on an app (idempotent)."""
    from r2w.security import init_security

    init_security(app)
    return app


# ---- what the app holds: rows and stored objects -------------------------------------------


def row_counts(app: Flask) -> dict[str, int]:
    """Number of rows in every table."""
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


def stored_objects(app: Flask) -> dict[str, str]:
    """Every object in the app's storage with its ETag."""
    from r2w.services import get_storage

    with app.app_context():
        return {info.key: info.etag for info in get_storage().list("")}


@dataclass(frozen=True)
class Snapshot:
    """Rows per table and stored objects at one moment."""

    rows: dict[str, int]
    objects: dict[str, str]


def snapshot(app: Flask) -> Snapshot:
    """What the app holds right now."""
    return Snapshot(row_counts(app), stored_objects(app))


# ---- routes ---------------------------------------------------------------------------------


def methods_of(rule: Rule) -> list[str]:
    """The methods a rule really serves (HEAD and OPTIONS are automatic)."""
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def api_rules(app: Flask) -> list[Rule]:
    """Every rule under /api/."""
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")]


def id_rules(app: Flask) -> list[Rule]:
    """Every rule that names a resource by id in its path."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(arg.endswith("_id") for arg in rule.arguments)
    ]


# ---- a real server and a real browser -------------------------------------------------------
