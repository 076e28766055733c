"""No secret reaches the logs: keys, passwords and session cookies, across the main flows,
including the failures that log most (bad signatures, providers down, invalid input)."""

from __future__ import annotations

import io
import json
import logging

import pytest

from tests.api.conftest import SAMPLES, Api
from tests.builder.factories import full_document
from tests.conftest import csrf_token, login
from tests.extraction.fake_anthropic import FakeAnthropic, error, tool_use
from tests.payments.helpers import make_event, signature_header
from tests.payments.stripe_standin import StripeStandIn
from tests.security.support import use_inline_builds, with_security

SECRETS = {
    "SECRET_KEY": "flask-secret-7c1e0b5a9d2f4e68a3b1c0d9e8f7a6b5",
    "ANTHROPIC_API_KEY": "sk-ant-api03-secretvalue-Zq8Wm2Lx5Rt7Yv9Bn4",
    "STRIPE_SECRET_KEY": "sk_test_51SecretStripeKeyValue9f8e7d6c5b4a",
    "STRIPE_WEBHOOK_SECRET": "whsec_SecretWebhookSigningValue0a1b2c3d",
    "GOOGLE_CLIENT_SECRET": "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5aa",
    "LINKEDIN_CLIENT_SECRET": "linkedin-client-secret-value-66bb77cc",
}
PASSWORD = "Tr0ub4dor&3-horse-battery-staple"
WRONG_PASSWORD = "wrong-Tr0ub4dor&3-guess-0042"


@pytest.fixture
def servers():
    """Stand-ins for Stripe and Anthropic on 127.0.0.1."""
    stripe_api = StripeStandIn(SECRETS["STRIPE_SECRET_KEY"]).start()
    anthropic = FakeAnthropic().start()
    yield stripe_api, anthropic
    stripe_api.stop()
    anthropic.stop()


@pytest.fixture
def leaky_app(make_app, servers):
    """An app holding every kind of secret, with its services on stand-ins or unreachable."""
    stripe_api, anthropic = servers
    app = make_app(
        **SECRETS,
        CV_EXTRACTOR="claude",
        ANTHROPIC_BASE_URL=anthropic.url,
        STRIPE_API_BASE=stripe_api.url,
        STRIPE_PUBLISHABLE_KEY="pk_test_public",
        STRIPE_PRICE_MONTHLY="price_monthly",
        STRIPE_PRICE_LIFETIME="price_lifetime",
        GOOGLE_CLIENT_ID="google-client-id",
        GOOGLE_METADATA_URL="http://127.0.0.1:9/.well-known/openid-configuration",
        LINKEDIN_CLIENT_ID="linkedin-client-id",
        LINKEDIN_METADATA_URL="http://127.0.0.1:9/.well-known/openid-configuration",
        LOG_LEVEL="DEBUG",
        UPLOAD_RATE_LIMIT="1000/minute",
        PORTFOLIO_RATE_LIMIT="1000/minute",
        BUILD_RATE_LIMIT="1000/minute",
    )
    return with_security(use_inline_builds(app))


def _json_log_stream() -> io.StringIO:
    """Point r2w's JSON stdout handler at a buffer (the very handler production uses)."""
    stream = io.StringIO()
    handlers = [
        h for h in logging.getLogger("r2w").handlers if isinstance(h, logging.StreamHandler)
    ]
    assert handlers, "the JSON stdout handler is not installed"
    for handler in handlers:
        handler.setStream(stream)
    return stream


def _run_flows(app, anthropic) -> list[str]:
    """Exercise sign-up, sign-in, uploads, edits, builds, payments and sign-in providers."""
    api = Api(app.test_client())
    client = api.client
    from tests.conftest import register

    assert register(client, "leak@example.com", PASSWORD).status_code == 302
    cookies = [client.get_cookie("r2w_session").value]
    client.post("/account/logout", data={"csrf_token": csrf_token(client)})
    assert login(client, "leak@example.com", WRONG_PASSWORD).status_code == 400
    assert login(client, "leak@example.com", PASSWORD).status_code == 302
    cookies.append(client.get_cookie("r2w_session").value)
    api.forget_token()

    sample = (SAMPLES / "comprehensive_all_components_cv.txt").read_bytes()
    anthropic.queue(error(401, "authentication_error", "invalid x-api-key"))
    failed = api.upload(sample, "first.txt").json
    anthropic.queue(tool_use(full_document()))
    cv = api.upload(sample + b"\nv2", "second.txt").json
    assert failed["status"] == "failed" and cv["status"] == "ready", (failed, cv)

    bad = {"document": {"hero": {"fullName": 5}}}
    assert api.put(f"/api/v1/cvs/{cv['id']}/document", bad).status_code == 422
    portfolio = api.post("/api/v1/portfolios", {"cvId": cv["id"]}).json
    assert api.post(f"/api/v1/portfolios/{portfolio['id']}/publish").status_code in (200, 402)
    assert api.post("/api/v1/payments/checkout", {"plan": "lifetime"}).status_code == 200

    payload = json.dumps(make_event("checkout.session.completed", {"id": "cs_unknown"}))
    signed = signature_header(payload, SECRETS["STRIPE_WEBHOOK_SECRET"])
    for signature in (signed, "t=1,v1=" + "0" * 64):
        client.post(
            "/api/v1/payments/webhook",
            data=payload,
            content_type="application/json",
            headers={"Stripe-Signature": signature},
        )
    for provider in ("google", "linkedin"):
        client.get(f"/account/oauth/{provider}/login")
    client.get("/dashboard")
    return cookies


def test_no_secret_in_any_log_line(leaky_app, servers, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, every level: stricter than production
    stream = _json_log_stream()

    cookies = _run_flows(leaky_app, servers[1])

    lines = stream.getvalue()
    records = "\n".join(f"{r.getMessage()} {r.__dict__} {r.exc_text or ''}" for r in caplog.records)
    assert "stripe webhook rejected" in lines  # the failures did log, through this handler
    assert len(caplog.records) > lines.count("\n") >= 3
    for name, value in [*SECRETS.items(), ("password", PASSWORD), ("wrong", WRONG_PASSWORD)]:
        assert value not in lines, f"{name} in the JSON log"
        assert value not in records, f"{name} in a log record"
    for cookie in cookies:
        assert cookie not in lines and cookie not in records, "a session id was logged"


def test_no_secret_in_error_responses(leaky_app, servers):
    """What the failures above answer to the client does not carry the secrets either."""
    client = leaky_app.test_client()
    answers = [
        client.post("/api/v1/payments/webhook", data=b"{}", headers={"Stripe-Signature": "x"}),
        client.get("/account/oauth/google/login"),
        client.get("/api/v1/cvs/unknown", headers={"Accept": "application/json"}),
    ]

    assert [a.status_code for a in answers] == [400, 502, 404]
    for answer in answers:
        body = answer.get_data(as_text=True)
        assert not [name for name, value in SECRETS.items() if value in body]
