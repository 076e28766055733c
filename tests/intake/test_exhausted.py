"""A CV whose reading died on every attempt ends "failed" with a reason, and can be retried."""

from __future__ import annotations

from datetime import timedelta

from r2w.extensions import db
from r2w.intake.pipeline import LEASE, MAX_ATTEMPTS
from r2w.models import CV, CVStatus, utcnow
from r2w.sites.reconcile import reconcile
from tests.api.conftest import SAMPLES, Api


class _NoPool:
    """A dispatch pool whose worker dies before it starts."""

    def submit(self, *_args, **_kwargs):
        return None


def _died_every_time(app, cv_id: str) -> None:
    """As if a worker was killed mid-reading on each attempt, its lease long expired."""
    with app.app_context():
        cv = db.session.get(CV, cv_id)
        cv.status, cv.attempts = CVStatus.READING, MAX_ATTEMPTS
        cv.claimed_at = utcnow() - LEASE - timedelta(minutes=1)
        db.session.commit()


def test_reconcile_fails_an_exhausted_cv_with_a_reason_and_the_owner_can_retry(app):
    api = Api(app.test_client())
    app.config["RUN_JOBS_INLINE"] = False
    app.extensions["r2w.intake_pool"] = _NoPool()
    cv_id = api.upload((SAMPLES / "comprehensive_all_components_cv.txt").read_bytes()).json["id"]
    _died_every_time(app, cv_id)

    with app.app_context():
        report = reconcile()
    assert report.cvs_failed == 1
    cv = api.get(f"/api/v1/cvs/{cv_id}").json
    assert cv["status"] == "failed"
    assert f"stopped {MAX_ATTEMPTS} times" in cv["error"]

    app.config["RUN_JOBS_INLINE"] = True
    retried = api.post(f"/api/v1/cvs/{cv_id}/retry")
    assert retried.status_code in (200, 202), retried.json
    assert api.get(f"/api/v1/cvs/{cv_id}").json["status"] == "ready"


def test_a_cv_still_inside_its_lease_is_left_to_its_worker(app):
    api = Api(app.test_client())
    app.config["RUN_JOBS_INLINE"] = False
    app.extensions["r2w.intake_pool"] = _NoPool()
    cv_id = api.upload((SAMPLES / "comprehensive_all_components_cv.txt").read_bytes()).json["id"]
    with app.app_context():
        cv = db.session.get(CV, cv_id)
        cv.status, cv.attempts, cv.claimed_at = CVStatus.READING, MAX_ATTEMPTS, utcnow()
        db.session.commit()
        assert reconcile().cvs_failed == 0
        assert db.session.get(CV, cv_id).status == CVStatus.READING
