"""Starting builds and keeping their rows in step with the runner (status read on demand)."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from r2w.errors import ServiceUnavailable
from r2w.extensions import db
from r2w.metrics import record_build
from r2w.models import Build, Portfolio, utcnow
from r2w.services import get_runner, get_storage
from r2w.urls import public_base_url

log = logging.getLogger(__name__)
UNFINISHED = ("queued", "running")
LOG_TAIL_MAX = 4000


def _builder_version() -> str:
    from builder import BUILDER_VERSION

    return BUILDER_VERSION


def output_prefix(
    portfolio_id: str, theme: str, document: dict, options: dict, photo_key: str | None = None
) -> str:
    """Content-addressed prefix: the same portfolio, theme, document and builder give the same.

    The photo's hash is in the document's photo URL; whether the stored photo is there counts too.
    """
    parts = [portfolio_id, theme, document, options, _builder_version()]
    canonical = json.dumps(
        [*parts, photo_key] if photo_key else parts,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return "sites/" + hashlib.sha256(canonical.encode()).hexdigest()[:32] + "/"


def _spec(
    build: Build, portfolio: Portfolio, document: dict, options: dict, photo_key: str | None
) -> dict[str, Any]:
    spec = {
        "buildId": build.id,
        "portfolioId": portfolio.id,
        "theme": build.theme,
        "document": document,
        "options": options,
        "outputPrefix": build.storage_prefix,
    }
    if photo_key:
        spec["photoKey"] = photo_key
    return spec


def _site_options(portfolio: Portfolio) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if portfolio.hidden_sections:
        options["hiddenSections"] = sorted(portfolio.hidden_sections)
    if portfolio.slug:
        options["baseUrl"] = public_base_url() + (f"/p/{portfolio.slug}/")
    return options


def start_build(portfolio: Portfolio) -> Build:
    """Record a build of the portfolio's current document and hand it to the runner."""
    from r2w.intake.photos import site_photo_key

    document = portfolio.cv.document
    options = _site_options(portfolio)
    photo_key = site_photo_key(portfolio.cv.id, document)
    build = Build(
        portfolio_id=portfolio.id,
        theme=portfolio.theme,
        runner=current_app.config["BUILD_RUNNER"],
        storage_prefix=output_prefix(portfolio.id, portfolio.theme, document, options, photo_key),
        owner_user_id=portfolio.owner_user_id,
        anon_session_id=portfolio.anon_session_id,
    )
    db.session.add(build)
    db.session.flush()
    storage = get_storage()
    if storage.exists(build.storage_prefix + "manifest.json"):
        # Content addressed: this exact site was built before, nothing to run.
        build.status, build.started_at, build.finished_at = "succeeded", utcnow(), utcnow()
        db.session.commit()
        return build
    build.spec_key = f"builds/{build.id}/spec.json"
    spec = json.dumps(_spec(build, portfolio, document, options, photo_key), ensure_ascii=False)
    storage.put(build.spec_key, spec.encode(), content_type="application/json")
    db.session.commit()
    try_submit(build)
    return build


def _running_count(**owner: Any) -> int:
    query = select(func.count(Build.id)).where(
        Build.status.in_(UNFINISHED), Build.runner_handle.is_not(None)
    )
    for column, value in owner.items():
        query = query.where(getattr(Build, column) == value)
    return db.session.scalar(query) or 0


def has_free_slot(build: Build) -> bool:
    """Whether the overall and per-owner caps on running builds leave room for this one."""
    config = current_app.config
    if _running_count() >= config["BUILD_MAX_CONCURRENT"]:
        return False
    owner = (
        {"owner_user_id": build.owner_user_id}
        if build.owner_user_id
        else {"anon_session_id": build.anon_session_id}
    )
    return _running_count(**owner) < config["BUILD_MAX_PER_USER"]


def try_submit(build: Build) -> bool:
    """Hand a queued build to the runner if a slot is free; otherwise it stays queued."""
    from r2w.runners.base import BuildRequest, RunnerError

    if build.runner_handle or build.status != "queued" or not has_free_slot(build):
        return False
    request = BuildRequest(
        build_id=build.id,
        portfolio_id=build.portfolio_id,
        spec_key=build.spec_key,
        owner_key=build.owner_user_id or f"anon:{build.anon_session_id}",
    )
    try:
        build.runner_handle = get_runner().submit(request)
    except RunnerError as exc:
        log.warning("build submit failed; it stays queued", extra={"build_id": build.id})
        build.error = f"Waiting for the build service: {exc}"
        db.session.commit()
        return False
    build.error = None
    build.started_at = build.started_at or utcnow()
    db.session.commit()
    return True


def refresh_build(build: Build, *, strict: bool = False) -> Build:
    """Read the runner's view of an unfinished build and record it; queued builds get a slot."""
    from r2w.runners.base import RunnerError

    if build.status not in UNFINISHED:
        return build
    if build.runner_handle is None:
        try_submit(build)
        return build
    try:
        state = get_runner().state(build.runner_handle)
    except RunnerError as exc:
        if strict:
            raise ServiceUnavailable("build service", str(exc)) from exc
        return build  # keep the last known status; the reconcile settles it later
    apply_state(build, state)
    return build


def apply_state(build: Build, state) -> None:
    """Map the runner's state onto the row (one place), checking a success really wrote a site."""
    status = state.status.value
    if status == "succeeded" and not get_storage().exists(build.storage_prefix + "manifest.json"):
        status, state_message = "failed", "The builder finished but the site is incomplete."
    else:
        state_message = state.message
    build.status = status
    if state.log_tail:
        build.log_tail = state.log_tail[-LOG_TAIL_MAX:]
    if status == "failed":
        build.error = state_message or "The build failed."
    if status in ("succeeded", "failed"):
        build.finished_at = state.finished_at or utcnow()
        record_build(status)
    db.session.commit()


def advance_queue() -> int:
    """Give waiting builds their slots, oldest first; return how many started."""
    started = 0
    waiting = db.session.scalars(
        select(Build)
        .where(Build.status == "queued", Build.runner_handle.is_(None))
        .order_by(Build.created_at)
    ).all()
    for build in waiting:
        started += try_submit(build)
    return started


def latest_build(portfolio: Portfolio) -> Build | None:
    """The portfolio's most recent build."""
    return db.session.scalar(
        select(Build)
        .where(Build.portfolio_id == portfolio.id)
        .order_by(Build.created_at.desc())
        .limit(1)
    )
