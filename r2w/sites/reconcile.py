"""Settling what a restart or a crash left behind (run by `flask r2w reconcile` on a schedule)."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select

from r2w import deletions
from r2w.extensions import db
from r2w.models import Build, Portfolio, User, utcnow
from r2w.models.base import aware
from r2w.services import get_runner
from r2w.sites.builds import UNFINISHED, advance_queue, refresh_build
from r2w.sites.cleanup import expire_anonymous
from r2w.sites.edge import sync_all
from r2w.sites.serving import sites_changed

log = logging.getLogger(__name__)
BUILD_DEADLINE = timedelta(minutes=15)


@dataclass
class ReconcileReport:
    """What one reconcile pass did."""

    cvs_processed: int = 0
    cvs_failed: int = 0  # every attempt died mid-reading: failed with a reason
    builds_settled: int = 0
    builds_overran: int = 0
    orphan_jobs_removed: int = 0
    queued_started: int = 0
    previews_removed: int = 0
    lapsed_unpublished: int = 0  # sites taken offline after their plan's grace period
    edge_keys_fixed: int = 0  # live pointers rewritten in the CDN's key value store
    anonymous_expired: int = 0  # visitors without an account whose work was deleted
    strays_queued: int = 0  # stored prefixes no row references, queued for deletion
    deletions_done: int = 0  # queued storage deletions that succeeded this pass
    deletions_pending: int = 0  # still queued (storage failing): retried next pass

    def as_dict(self) -> dict[str, int]:
        """The counts, for logs and the command's output."""
        return asdict(self)


def settle_builds(report: ReconcileReport, now: datetime) -> set[str]:
    """Refresh unfinished builds from the runner; fail those past their deadline."""
    live_handles: set[str] = set()
    unfinished = db.session.scalars(select(Build).where(Build.status.in_(UNFINISHED))).all()
    for build in unfinished:
        if build.runner_handle is None:
            continue
        refresh_build(build)
        started = aware(build.started_at) or aware(build.created_at)
        if build.status in UNFINISHED and started and now - started > BUILD_DEADLINE:
            get_runner().cancel(build.runner_handle)
            build.status, build.finished_at = "failed", now
            build.error = "The build took too long and was stopped."
            db.session.commit()
            report.builds_overran += 1
        if build.status in UNFINISHED:
            live_handles.add(build.runner_handle)
        else:
            report.builds_settled += 1
    return live_handles


def remove_orphan_jobs(report: ReconcileReport, live_handles: set[str]) -> None:
    """Runner work no unfinished build is waiting for (a lost row, a finished build)."""
    for handle in get_runner().handles():
        if handle not in live_handles:
            get_runner().cancel(handle)
            report.orphan_jobs_removed += 1


def remove_expired_previews(report: ReconcileReport, now: datetime) -> None:
    """Delete unpublished preview sites older than the retention (never live or rollback ones)."""
    cutoff = now - timedelta(days=current_app.config["PREVIEW_RETENTION_DAYS"])
    kept_ids = {
        build_id
        for row in db.session.execute(
            select(Portfolio.live_build_id, Portfolio.previous_build_id)
        ).all()
        for build_id in row
        if build_id
    }
    candidates = db.session.scalars(
        select(Build).where(Build.status == "succeeded", Build.finished_at < cutoff)
    ).all()
    for build in candidates:
        newest = db.session.scalar(
            select(Build.id)
            .where(Build.portfolio_id == build.portfolio_id)
            .order_by(Build.created_at.desc())
            .limit(1)
        )
        if build.id in kept_ids or build.id == newest:
            continue
        shared = db.session.scalar(
            select(Build.id).where(
                Build.storage_prefix == build.storage_prefix,
                Build.id != build.id,
                or_(
                    Build.status != "succeeded", Build.finished_at >= cutoff, Build.id.in_(kept_ids)
                ),
            )
        )
        build.status = "expired"
        prefixes = (
            [f"builds/{build.id}/"] if shared else [build.storage_prefix, f"builds/{build.id}/"]
        )
        rows = deletions.record(prefixes, "preview expired")
        db.session.commit()
        sites_changed()
        deletions.attempt(rows)
        report.previews_removed += 1


def unpublish_lapsed_plans(report: ReconcileReport, now: datetime) -> None:
    """Take sites offline once their owner's paid plan ended more than the grace period ago."""
    from r2w.payments.entitlements import can_publish, payments_enabled
    from r2w.sites.publishing import unpublish

    if not payments_enabled():
        return
    cutoff = now - timedelta(days=current_app.config["PLAN_GRACE_DAYS"])
    live = db.session.scalars(
        select(Portfolio)
        .join(User, User.id == Portfolio.owner_user_id)
        .where(Portfolio.live_build_id.is_not(None), User.plan_lapsed_at < cutoff)
    ).all()
    for portfolio in live:
        owner = db.session.get(User, portfolio.owner_user_id)
        if owner is not None and not can_publish(owner):  # a new plan since keeps it up
            unpublish(portfolio)
            report.lapsed_unpublished += 1
            log.info("site unpublished: plan lapsed", extra={"portfolio": portfolio.id})


def reconcile(sweep: bool = True) -> ReconcileReport:
    """One pass: re-drive stalled CVs, settle builds, remove orphans, start queued, expire.

    Then storage: anonymous work past its retention is deleted, stray files are queued
    (``sweep``: it lists the whole store, so the tight worker loop leaves it out), and the
    deletion outbox is drained.
    """
    from r2w.intake.pipeline import fail_exhausted, process_cv, stale_cv_ids

    report, now = ReconcileReport(), utcnow()
    report.cvs_failed = fail_exhausted()
    # Where a reading worker exists (READ_CVS_IN_WEB off), only it reads: a hostile file then
    # costs a worker pod, never this job or a web pod.
    if current_app.config.get("READ_CVS_IN_WEB", True):
        for cv_id in stale_cv_ids():
            report.cvs_processed += process_cv(cv_id) is not None
    live_handles = settle_builds(report, now)
    remove_orphan_jobs(report, live_handles)
    report.queued_started = advance_queue()
    remove_expired_previews(report, now)
    unpublish_lapsed_plans(report, now)
    report.anonymous_expired = expire_anonymous(now)
    if sweep:
        report.strays_queued = deletions.sweep_strays(now)
    report.deletions_done = deletions.drain(now)
    report.deletions_pending = deletions.pending()
    # Last, so the edge also forgets the sites of anything deleted or expired above.
    report.edge_keys_fixed = sync_all()
    log.info("reconciled", extra=report.as_dict())
    return report
