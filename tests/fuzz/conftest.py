"""Fixtures for fuzzing: an app with payments on stand-ins, a signed-in visitor with data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from hypothesis import HealthCheck, settings

from r2w.extensions import db
from tests.api.conftest import Api
from tests.payments.helpers import SECRET_KEY, payment_settings
from tests.payments.stripe_standin import StripeStandIn
from tests.security.conftest import portfolio_of, ready_cv, sign_up
from tests.security.support import Snapshot, snapshot, use_inline_builds, with_security

# Bounded and deterministic in the default run; deadlines off (a build or a PDF can be slow).
# R2W_FUZZ_SCALE=20 (say) runs twenty times the examples, randomised, for a longer soak.
SCALE = max(1, int(os.environ.get("R2W_FUZZ_SCALE", "1")))
settings.register_profile(
    "r2w-fuzz",
    max_examples=60,
    deadline=None,
    derandomize=SCALE == 1,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
FUZZ = settings.get_profile("r2w-fuzz")


def examples(n: int) -> int:
    """How many examples a property gets in this run."""
    return n * SCALE


@pytest.fixture(scope="module")
def stripe_server() -> Iterator[StripeStandIn]:
    """A Stripe stand-in, so the payment routes run for real."""
    standin = StripeStandIn(SECRET_KEY).start()
    yield standin
    standin.stop()


def _fuzz_app(request: pytest.FixtureRequest, folder, stripe_api: StripeStandIn) -> Flask:
    """An app on the requested database, migrated (SQLite) or emptied (PostgreSQL)."""
    from flask_migrate import upgrade

    from r2w import create_app
    from tests.conftest import _truncate_all

    settings_ = {
        "ENVIRONMENT": "test",
        "INSTANCE_PATH": str(folder),
        "UPLOAD_RATE_LIMIT": "100000/minute",
        "PORTFOLIO_RATE_LIMIT": "100000/minute",
        "BUILD_RATE_LIMIT": "100000/minute",
        **payment_settings(stripe_api),
    }
    database = getattr(request, "param", "sqlite")
    if database == "postgres":
        settings_["DATABASE_URL"] = request.getfixturevalue("postgres_url")
    app = create_app(settings_)
    if database == "postgres":
        _truncate_all(app)
    else:
        with app.app_context():
            upgrade()
    return with_security(use_inline_builds(app))


# PostgreSQL refuses things SQLite takes (NUL in text, a number compared with a text id), so
# whatever reaches the database is fuzzed on both: mark a module or test with ON_BOTH_DATABASES.
ON_BOTH_DATABASES = pytest.mark.parametrize(
    "fuzz_app", ["sqlite", "postgres"], indirect=True, scope="module"
)


@pytest.fixture(scope="module")
def fuzz_app(request, tmp_path_factory, stripe_server) -> Iterator[Flask]:
    """The app with payments on, in-process builds and no upload limit (SQLite unless marked).

    One app per module and database keeps the run short; each test gets fresh things to aim at
    (see visitor).
    """
    app = _fuzz_app(request, tmp_path_factory.mktemp("fuzz"), stripe_server)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def account(fuzz_app) -> Api:
    """One signed-in account with a paid plan (signing up hashes a password: once is enough)."""
    api = sign_up(Api(fuzz_app.test_client()))
    grant_publishing(fuzz_app, api)
    return api


@dataclass
class Visitor:
    """A signed-in visitor owning a ready CV and a built portfolio."""

    api: Api
    cv_id: str
    portfolio_id: str
    build_id: str


@pytest.fixture
def visitor(account) -> Visitor:
    """The account with a fresh CV, portfolio and succeeded build to aim at."""
    cv = ready_cv(account)
    portfolio = portfolio_of(account, cv["id"])
    return Visitor(account, cv["id"], portfolio["id"], portfolio["latestBuild"]["id"])


def grant_publishing(app: Flask, api: Api) -> None:
    """Give the signed-in visitor a paid plan, so publishing and rollback read their bodies."""
    from r2w.extensions import db
    from r2w.models import User

    user_id = api.get("/api/v1/session").json["user"]["id"]
    with app.app_context():
        user = db.session.get(User, user_id)
        user.plan, user.entitlements = "lifetime", {"publish": True, "premium_themes": True}
        db.session.commit()


def assert_nothing_written(app: Flask, before: Snapshot, what: object) -> None:
    """A refused request left every table and every stored object as it was."""
    after = snapshot(app)
    assert after.rows == before.rows, what
    assert after.objects == before.objects, what


def assert_still_serving(app: Flask) -> None:
    """The app answers its liveness probe and a normal request after the fuzzing."""
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/v1/session").status_code == 200
