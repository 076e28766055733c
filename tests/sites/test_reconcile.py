"""`flask r2w reconcile` settles what crashes and restarts left behind."""

from datetime import timedelta

from sqlalchemy import select, update

from r2w.extensions import db
from r2w.models import CV, Build, CVStatus, utcnow
from r2w.services import get_storage
from r2w.sites.reconcile import reconcile
from tests.api.conftest import SAMPLES, Api
from tests.sites.test_kubernetes_builds import _start, k8s_app  # noqa: F401


def _build(app, build_id: str) -> Build:
    with app.app_context():
        return db.session.get(Build, build_id)


def test_vanished_job_fails_and_orphans_are_removed(k8s_app, fake_k8s):  # noqa: F811
    api = Api(k8s_app.test_client())
    build_id = _start(api)["latestBuild"]["id"]
    [job] = fake_k8s.jobs()
    fake_k8s.objects.pop(("jobs", "default", job["metadata"]["name"]))
    fake_k8s.objects[("jobs", "default", "r2w-build-orphan")] = {
        **job,
        "metadata": {**job["metadata"], "name": "r2w-build-orphan"},
    }
    with k8s_app.app_context():
        report = reconcile()
    assert report.builds_settled == 1
    assert report.orphan_jobs_removed == 1
    assert _build(k8s_app, build_id).status == "failed"
    assert fake_k8s.jobs() == []


def test_overrunning_build_is_stopped(k8s_app, fake_k8s):  # noqa: F811
    api = Api(k8s_app.test_client())
    build_id = _start(api)["latestBuild"]["id"]
    [job] = fake_k8s.jobs()
    fake_k8s.mark_active(job["metadata"]["name"])
    with k8s_app.app_context():
        db.session.execute(update(Build).values(started_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
        report = reconcile()
    assert report.builds_overran == 1
    build = _build(k8s_app, build_id)
    assert build.status == "failed"
    assert "too long" in build.error


def test_stalled_cv_is_read_by_reconcile(app):
    api = Api(app.test_client())
    data = (SAMPLES / "comprehensive_all_components_cv.txt").read_bytes()
    app.config["RUN_JOBS_INLINE"] = False
    app.extensions["r2w.intake_pool"] = _NoPool()  # the worker "died" before it started
    cv_id = api.upload(data, "cv.txt").json["id"]
    with app.app_context():
        assert db.session.get(CV, cv_id).status == CVStatus.UPLOADED
        report = reconcile()
        assert report.cvs_processed == 1
        assert db.session.get(CV, cv_id).status == CVStatus.READY


def test_expired_previews_are_removed_but_live_and_latest_are_kept(app):
    from tests.sites.conftest import make_portfolio, wait_for_build

    api = Api(app.test_client())
    portfolio, first = make_portfolio(api)
    url = f"/api/v1/portfolios/{portfolio['id']}"
    second = wait_for_build(api, api.patch(url, {"theme": "academic"}).json["latestBuild"]["id"])
    third = wait_for_build(api, api.patch(url, {"theme": "creative"}).json["latestBuild"]["id"])
    with app.app_context():
        old = utcnow() - timedelta(days=30)
        db.session.execute(update(Build).values(finished_at=old))
        db.session.commit()
        prefix = db.session.get(Build, first["id"]).storage_prefix
        report = reconcile()
        assert report.previews_removed == 2
        statuses = dict(db.session.execute(select(Build.id, Build.status)).all())
        assert statuses[first["id"]] == "expired"
        assert statuses[second["id"]] == "expired"
        assert statuses[third["id"]] == "succeeded"
        assert not get_storage().exists(prefix + "manifest.json")
    assert api.get(first["previewUrl"]).status_code == 404
    assert api.get(third["previewUrl"]).status_code == 200


class _NoPool:
    def submit(self, *args, **kwargs):
        return None
