"""The billing page (the only page with Stripe.js) and the page Checkout returns to."""

import pytest
from sqlalchemy import select

from r2w.extensions import db
from r2w.models import User
from tests.conftest import register
from tests.payments.helpers import complete_session, payments, start_checkout, user_state

STRIPE_HOSTS = {
    "https://js.stripe.com",
    "https://*.js.stripe.com",
    "https://checkout.stripe.com",
    "https://hooks.stripe.com",
    "https://api.stripe.com",
    "https://*.stripe.com",
}


def _csp(response) -> dict[str, set[str]]:
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


def test_billing_page_lists_plans_and_loads_stripe_js(pay_app, buyer):
    response = buyer.get("/billing")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'data-plan="monthly"' in page and 'data-plan="lifetime"' in page
    assert '<script src="https://js.stripe.com/clover/stripe.js"></script>' in page
    assert 'data-publishable-key="pk_test_standin"' in page
    assert "/static/checkout.js" in page


def test_billing_page_csp_allows_exactly_stripe(pay_app, buyer):
    csp = _csp(buyer.get("/billing"))
    external = set().union(*csp.values()) - {"'self'", "'none'"}
    assert external == STRIPE_HOSTS
    assert csp["default-src"] == {"'self'"}
    assert csp["script-src"] == {
        "'self'",
        "https://js.stripe.com",
        "https://*.js.stripe.com",
        "https://checkout.stripe.com",
    }
    assert "https://checkout.stripe.com" in csp["frame-src"]
    assert csp["object-src"] == {"'none'"}


def test_stripe_js_is_only_on_the_billing_page(pay_app, buyer):
    for path in ("/", "/dashboard", "/account/login"):
        response = buyer.get(path)
        assert "js.stripe.com" not in response.get_data(as_text=True)
        assert "js.stripe.com" not in response.headers.get("Content-Security-Policy", "")


def test_billing_needs_sign_in(pay_app):
    response = pay_app.test_client().get("/billing")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("change", "heading"),
    [
        ({"status": "open"}, "Your payment isn't finished"),
        ({"status": "expired"}, "This checkout expired"),
    ],
)
def test_return_page_shows_the_real_status(pay_app, buyer, stripe_api, change, heading):
    session_id = start_checkout(buyer, "lifetime").get_json()["sessionId"]
    stripe_api.sessions[session_id].update(change)
    response = buyer.get(f"/billing/return?session_id={session_id}")
    assert response.status_code == 200
    assert heading in response.get_data(as_text=True)
    assert user_state(pay_app, "ada@example.com") == ("free", {})


def test_return_after_paying_grants_without_waiting_for_the_webhook(pay_app, buyer, stripe_api):
    session_id = start_checkout(buyer, "monthly").get_json()["sessionId"]
    complete_session(stripe_api, session_id)
    response = buyer.get(f"/billing/return?session_id={session_id}")
    assert "you're all set" in response.get_data(as_text=True)
    assert user_state(pay_app, "ada@example.com") == (
        "monthly",
        {"publish": True, "premium_themes": True},
    )
    [(plan, status, subscription)] = payments(pay_app)
    assert (plan, status) == ("monthly", "active") and subscription.startswith("sub_")


def test_return_for_a_delayed_payment_says_it_is_processing(pay_app, buyer, stripe_api):
    session_id = start_checkout(buyer, "lifetime").get_json()["sessionId"]
    complete_session(stripe_api, session_id, paid=False)
    response = buyer.get(f"/billing/return?session_id={session_id}")
    assert "on its way" in response.get_data(as_text=True)
    assert payments(pay_app) == [("lifetime", "pending", None)]
    assert user_state(pay_app, "ada@example.com")[0] == "free"


def test_return_for_someone_elses_session_is_not_found(pay_app, buyer, stripe_api):
    session_id = start_checkout(buyer, "lifetime").get_json()["sessionId"]
    complete_session(stripe_api, session_id)
    other = pay_app.test_client()
    register(other, "eve@example.com")
    assert other.get(f"/billing/return?session_id={session_id}").status_code == 404
    assert other.get("/billing/return?session_id=cs_test_missing").status_code == 404
    assert other.get("/billing/return?session_id=../../v1/charges").status_code == 404
    with pay_app.app_context():
        eve = db.session.scalar(select(User).where(User.email == "eve@example.com"))
        assert eve.plan == "free"
