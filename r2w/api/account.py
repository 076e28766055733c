"""API routes: export everything an account holds, and delete the account with all its data."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Response, flash, jsonify
from flask_login import current_user, login_required
from sqlalchemy import delete, or_, select, update

from r2w import deletions
from r2w.api import bp
from r2w.api.helpers import BadRequest, json_body
from r2w.api.serializers import build_json, cv_json, portfolio_json
from r2w.extensions import db
from r2w.intake.documents import attachment
from r2w.models import CV, Build, Payment, Portfolio, User, utcnow
from r2w.services import get_runner
from r2w.sites.builds import UNFINISHED, latest_build
from r2w.sites.cleanup import sites_gone

log = logging.getLogger(__name__)
EXPORT_VERSION = 1


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _user_cvs(user: User) -> list[CV]:
    return list(
        db.session.scalars(
            select(CV).where(CV.owner_user_id == user.id).order_by(CV.created_at.desc())
        )
    )


def _user_portfolios(user: User) -> list[Portfolio]:
    # A portfolio of the user's CV is the user's even if its row missed the claim.
    mine = or_(
        Portfolio.owner_user_id == user.id,
        Portfolio.cv_id.in_(select(CV.id).where(CV.owner_user_id == user.id)),
    )
    return list(db.session.scalars(select(Portfolio).where(mine).order_by(Portfolio.created_at)))


def _user_builds(user: User, portfolios: list[Portfolio]) -> list[Build]:
    ids = [p.id for p in portfolios]
    query = select(Build).where(or_(Build.owner_user_id == user.id, Build.portfolio_id.in_(ids)))
    return list(db.session.scalars(query.order_by(Build.created_at)))


def _account_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "plan": user.plan,
        "entitlements": user.entitlements or {},
        "createdAt": _iso(user.created_at),
        "lastSeenAt": _iso(user.last_seen_at),
        "identities": [
            {"provider": i.provider, "email": i.email, "createdAt": _iso(i.created_at)}
            for i in user.identities
        ],
    }


def _payment_json(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.id,
        "plan": payment.plan,
        "amount": payment.amount,
        "currency": payment.currency,
        "status": payment.status,
        "createdAt": _iso(payment.created_at),
    }


def export_account(user: User) -> dict[str, Any]:
    """Everything r2w holds about a user: account, CVs with documents, portfolios, builds."""
    portfolios = _user_portfolios(user)
    builds = _user_builds(user, portfolios)
    payments = db.session.scalars(select(Payment).where(Payment.user_id == user.id))
    return {
        "format": "r2w-account-export",
        "version": EXPORT_VERSION,
        "exportedAt": utcnow().isoformat(),
        "account": _account_json(user),
        "cvs": [cv_json(cv) | {"document": cv.document} for cv in _user_cvs(user)],
        "portfolios": [
            portfolio_json(p, latest_build(p))
            | {"builds": [build_json(b) for b in builds if b.portfolio_id == p.id]}
            for p in portfolios
        ],
        "payments": [_payment_json(p) for p in payments],
    }


def _cancel_running(builds: list[Build]) -> None:
    """Stop builds still writing, so no site files appear after the account is gone."""
    from r2w.runners.base import RunnerError

    for build in builds:
        if build.status in UNFINISHED and build.runner_handle:
            try:
                get_runner().cancel(build.runner_handle)
            except RunnerError:
                log.warning("could not cancel a build", extra={"build_id": build.id})


def delete_account(user: User) -> int:
    """Delete the account, its rows and stored files; payments stay, unlinked. Return files gone."""
    cvs = _user_cvs(user)
    portfolios = _user_portfolios(user)
    builds = _user_builds(user, portfolios)
    prefixes = {f"uploads/{cv.id}/" for cv in cvs}
    prefixes.update(b.storage_prefix for b in builds)
    prefixes.update(f"builds/{b.id}/" for b in builds)
    slugs = [portfolio.slug for portfolio in portfolios]
    _cancel_running(builds)
    db.session.execute(update(Payment).where(Payment.user_id == user.id).values(user_id=None))
    # Explicit order (portfolios cascade to builds, CVs to extractions) rather than relying on
    # the ORM, which knows of no link between these rows and the user.
    db.session.execute(delete(Portfolio).where(Portfolio.id.in_([p.id for p in portfolios])))
    db.session.execute(delete(CV).where(CV.id.in_([cv.id for cv in cvs])))
    db.session.delete(user)
    # The files to delete are recorded with the rows' deletion: none can be forgotten.
    rows = deletions.record(prefixes, "account deleted")
    db.session.commit()
    sites_gone(*slugs)
    return deletions.attempt(rows)


@bp.get("/account/export")
@login_required
def export_my_data():
    """Download everything of the signed-in account as one JSON file."""
    body = json.dumps(export_account(current_user), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = attachment("r2w-account-export.json")
    response.headers["Cache-Control"] = "no-store"
    return response


def confirm_matches(user: User, typed: Any) -> bool:
    """The person typed their own email (case and surrounding space do not matter)."""
    return isinstance(typed, str) and typed.strip().lower() == (user.email or "").lower()


@bp.delete("/account")
@login_required
def delete_my_account():
    """Delete the signed-in account after it typed its email; then sign out."""
    from r2w.auth.accounts import end_session

    user = current_user._get_current_object()
    if not confirm_matches(user, json_body().get("confirm")):
        raise BadRequest(
            "Type the email address of your account to confirm.", code="confirm_mismatch"
        )
    files = delete_account(user)
    end_session()
    flash("Your account and everything in it have been deleted.", "success")
    return jsonify(deleted=True, filesDeleted=files)
