"""Security headers: a strict CSP and no framing for app pages, sandboxed user sites, and pages
that still work in a real browser under that CSP."""

from __future__ import annotations

import pytest

from r2w.payments.views import BILLING_CSP
from r2w.security import APP_CSP
from r2w.sites.serving import SITE_CSP
from tests.api.conftest import SAMPLES, Api
from tests.security.conftest import PASSWORD, sign_up
from tests.security.support import with_security

# Records every CSP violation a page (or any of its frames) reports.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def test_app_pages_and_api_get_the_strict_policy(sec_app):
    client = sec_app.test_client()
    for url in ("/", "/account/login", "/api/v1/session", "/healthz", "/no-such-page"):
        headers = client.get(url).headers

        assert headers["Content-Security-Policy"] == APP_CSP, url
        assert headers["X-Frame-Options"] == "DENY", url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert "Strict-Transport-Security" not in headers  # local runs are plain HTTP
    assert "frame-ancestors 'none'" in APP_CSP
    assert "'unsafe-inline'" not in APP_CSP and "'unsafe-eval'" not in APP_CSP


def test_user_sites_keep_their_sandbox_and_may_be_framed_by_the_app_only(sec_app, owner_factory):
    owner = owner_factory(signed_in=True, slug="headers-site")
    for url in (f"/preview/{owner.build_id}/", f"/p/{owner.slug}/"):
        headers = owner.api.client.get(url).headers

        assert headers["Content-Security-Policy"] == SITE_CSP, url
        assert headers["Content-Security-Policy"].startswith("sandbox ")
        assert "allow-scripts" not in SITE_CSP and "allow-same-origin" not in SITE_CSP
        assert headers["X-Frame-Options"] == "SAMEORIGIN", url
        assert headers["Referrer-Policy"] == "no-referrer", url


def test_billing_keeps_its_own_policy(make_app):
    app = with_security(make_app(STRIPE_SECRET_KEY="sk_test_x", STRIPE_WEBHOOK_SECRET="whsec_x"))
    client = app.test_client()
    sign_up(Api(client))

    response = client.get("/billing")

    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == BILLING_CSP
    assert response.headers["X-Frame-Options"] == "DENY"


class Watched:
    """A browser page that records CSP violations and console errors on every page it shows."""

    def __init__(self, context, base: str) -> None:
        context.add_init_script(RECORD_VIOLATIONS)
        self.page, self.base = context.new_page(), base
        self.violations: list[str] = []
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def collect(self) -> None:
        """Keep the violations the current page reported."""
        self.violations += [f"{self.page.url}: {v}" for v in self.page.evaluate("window.__csp")]

    def visit(self, url: str) -> None:
        """Load a page and collect what it reported."""
        self.page.goto(self.base + url, wait_until="load")
        self.collect()


def _sign_up(watched: Watched) -> None:
    page = watched.page
    watched.visit("/account/register")
    page.fill("input[name=email]", "csp@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/dashboard")
    watched.collect()


def _upload_and_open_editor(watched: Watched) -> str:
    """Drop zone → progress page → editor, as a person would; return the CV id."""
    page = watched.page
    watched.visit("/")
    page.set_input_files(".file-input", str(SAMPLES / "comprehensive_all_components_cv.txt"))
    page.wait_for_url("**/cvs/*", timeout=15_000)
    watched.collect()
    page.click("[data-edit-link]", timeout=15_000)
    page.wait_for_url("**/edit")
    page.wait_for_selector("[data-editor] input", state="attached")
    watched.collect()
    return page.url.rstrip("/").split("/")[-2]


@pytest.mark.browser
def test_every_page_works_under_the_policy_in_a_browser(chromium, live):
    context = chromium.new_context()
    watched = Watched(context, live.url)
    _sign_up(watched)
    cv_id = _upload_and_open_editor(watched)
    token = watched.page.evaluate("document.querySelector('meta[name=csrf-token]').content")
    created = context.request.post(
        live.url + "/api/v1/portfolios", data={"cvId": cv_id}, headers={"X-CSRFToken": token}
    )
    assert created.status == 201, created.text()

    watched.visit(f"/portfolios/{created.json()['id']}")
    preview = watched.page.frame_locator("[data-preview-frame]").locator("body")
    preview.wait_for(state="attached", timeout=15_000)
    shown = preview.inner_text()
    for url in ("/dashboard", "/account/login"):
        watched.visit(url)
    context.close()

    assert len(shown) > 100  # the sandboxed preview rendered inside the page
    assert watched.violations == []
    assert [e for e in watched.errors if "Content Security Policy" in e] == []


@pytest.mark.browser
def test_the_policy_blocks_an_injected_inline_script_and_reports_it(chromium, live):
    """The control: under APP_CSP an inline script does not run, and the watcher notices."""
    context = chromium.new_context()
    watched = Watched(context, live.url)
    watched.visit("/account/login")

    watched.page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.__ran = 1'; document.body.append(s); }"""
    )
    watched.page.wait_for_function("window.__csp.length > 0")
    ran = watched.page.evaluate("window.__ran")
    watched.collect()
    context.close()

    assert ran is None
    assert any("script-src" in v for v in watched.violations)
