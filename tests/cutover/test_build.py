"""--build: a default-theme portfolio of each imported person's newest ready CV, built once."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from r2w.extensions import db
from r2w.models import Build, OriginalImport, Portfolio
from tests.conftest import login
from tests.cutover.conftest import entries
from tests.cutover.original import ANN_PASSWORD

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _wait(client, build_id: str, timeout: float = 90.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        build = client.get(f"/api/v1/builds/{build_id}").json
        if build["status"] in ("succeeded", "failed"):
            return build
        time.sleep(0.2)
    raise AssertionError(f"build {build_id} did not finish: {build}")


def test_build_makes_one_portfolio_per_person_from_the_newest_ready_cv(app, original, run_import):
    result, report = run_import(app, "--build")

    assert result.exit_code == 0, result.output
    builds = entries(report, "build")
    with app.app_context():
        ann_id = db.session.get(OriginalImport, f"user:{original.users['ann']}").target_id
        carol_id = db.session.get(OriginalImport, f"user:{original.users['carol']}").target_id
        portfolios = db.session.scalars(select(Portfolio)).all()
        by_owner = {p.owner_user_id: p for p in portfolios}
        assert set(by_owner) == {ann_id, carol_id}  # bob has no CV
        assert all(p.theme == "professional" and p.cv.status == "ready" for p in portfolios)
        build_id = db.session.scalar(
            select(Build.id).where(Build.portfolio_id == by_owner[ann_id].id)
        )
        db.session.remove()
    assert builds[ann_id]["outcome"] == "imported"

    client = app.test_client()
    login(client, "ann@example.com", ANN_PASSWORD)
    assert _wait(client, build_id)["status"] == "succeeded"

    _, again = run_import(app, "--build")
    assert {e["outcome"] for e in entries(again, "build").values()} <= {"unchanged", "skipped"}
    with app.app_context():
        assert db.session.query(Portfolio).count() == len(portfolios)
        db.session.remove()
