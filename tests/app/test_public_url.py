"""Links that leave the page name the address r2w is really reached at."""

from __future__ import annotations

from r2w.urls import LOCAL_FALLBACK, public_base_url


def test_locally_links_follow_the_host_and_port_of_the_request(app):
    with app.test_request_context("/", base_url="http://127.0.0.1:5101"):
        assert public_base_url() == "http://127.0.0.1:5101"
    with app.test_request_context("/", base_url="http://localhost:8080/"):
        assert public_base_url() == "http://localhost:8080"


def test_a_configured_address_wins_over_the_request(make_app):
    app = make_app(PUBLIC_BASE_URL="https://r2w.example/")
    with app.test_request_context("/", base_url="http://evil.example:1234"):
        assert public_base_url() == "https://r2w.example"


def test_outside_a_request_the_local_address_is_used(app):
    with app.app_context():
        assert public_base_url() == LOCAL_FALLBACK
