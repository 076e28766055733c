"""Where READ_CVS_IN_WEB is off (the cloud web pods), uploads only enqueue; the worker reads."""

from __future__ import annotations

import pytest

from r2w.extensions import db
from r2w.models import CV, CVStatus
from tests.api.conftest import SAMPLES, Api


class _RecordingPool:
    """Stands in for the in-process pool: records whatever the web tries to read."""

    def __init__(self) -> None:
        self.submitted: list[tuple] = []

    def submit(self, *args, **_kwargs):
        self.submitted.append(args)


def _sample() -> bytes:
    return (SAMPLES / "comprehensive_all_components_cv.txt").read_bytes()


@pytest.mark.parametrize("inline", [True, False], ids=["inline", "pool"])
def test_a_web_pod_that_must_not_read_only_enqueues(make_app, monkeypatch, inline):
    app = make_app(READ_CVS_IN_WEB="false", RUN_JOBS_INLINE=inline)
    pool = app.extensions["r2w.intake_pool"] = _RecordingPool()
    read = []
    monkeypatch.setattr("r2w.intake.pipeline.process_cv", lambda cv_id: read.append(cv_id))

    response = Api(app.test_client()).upload(_sample())

    assert response.status_code == 201
    assert response.json["status"] == CVStatus.UPLOADED
    assert read == [] and pool.submitted == []
    with app.app_context():
        assert db.session.get(CV, response.json["id"]).attempts == 0


def test_the_reading_worker_reads_what_the_web_enqueued(make_app, tmp_path):
    app = make_app(READ_CVS_IN_WEB="false")
    api = Api(app.test_client())
    cv_id = api.upload(_sample()).json["id"]
    heartbeat = tmp_path / "alive"

    result = app.test_cli_runner().invoke(
        args=["r2w", "worker", "--reading", "--once", "--heartbeat", str(heartbeat)]
    )

    assert result.exit_code == 0, result.output
    assert heartbeat.exists()
    cv = api.get(f"/api/v1/cvs/{cv_id}").json
    assert cv["status"] == CVStatus.READY, cv


def test_locally_the_web_still_reads_in_process(make_app):
    app = make_app()
    assert app.config["READ_CVS_IN_WEB"] is True
    response = Api(app.test_client()).upload(_sample())
    assert response.json["status"] == CVStatus.READY


def test_an_idle_worker_still_beats(make_app, tmp_path):
    """With nothing to read the heartbeat is touched anyway (the liveness probe reads it)."""
    app = make_app(READ_CVS_IN_WEB="false")
    heartbeat = tmp_path / "alive"
    result = app.test_cli_runner().invoke(
        args=["r2w", "worker", "--reading", "--once", "--heartbeat", str(heartbeat)]
    )
    assert result.exit_code == 0, result.output
    assert heartbeat.exists()


def test_sigterm_lets_the_current_cv_finish(make_app, monkeypatch):
    """The stop flag is checked between CVs: the one in hand finishes, the rest wait."""
    from r2w.intake import worker

    app = make_app(READ_CVS_IN_WEB="false")
    api = Api(app.test_client())
    first, second = (api.upload(_sample(), f"cv{n}.txt").json["id"] for n in (1, 2))
    stop = worker.StopFlag()
    calls = []

    def should_stop() -> bool:
        calls.append(len(calls))
        if len(calls) == 2:  # SIGTERM arrives while the first CV is being read
            stop._stop(15, None)
        return stop()

    with app.app_context():
        assert worker.read_waiting_cvs(should_stop) == 1
    statuses = {api.get(f"/api/v1/cvs/{cv}").json["status"] for cv in (first, second)}
    assert statuses == {CVStatus.READY, CVStatus.UPLOADED}


def test_reconcile_leaves_reading_to_the_worker(make_app):
    """The reconcile job runs in a web-image pod too: where the worker reads, it does not."""
    from r2w.sites.reconcile import reconcile

    app = make_app(READ_CVS_IN_WEB="false")
    cv_id = Api(app.test_client()).upload(_sample()).json["id"]
    with app.app_context():
        assert reconcile().cvs_processed == 0
        assert db.session.get(CV, cv_id).status == CVStatus.UPLOADED
