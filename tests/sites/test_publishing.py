"""Publishing is a pointer switch: publish, the public address, unpublish, rollback."""

from tests.conftest import register
from tests.sites.conftest import csp_directive, wait_for_build


def test_anonymous_visitors_must_sign_up_to_publish(built):
    api, portfolio, _ = built
    response = api.post(f"/api/v1/portfolios/{portfolio['id']}/publish")
    assert response.status_code == 401
    assert response.json["error"] == "sign_up"


def test_publish_unpublish_rollback(built):
    api, portfolio, first = built
    register(api.client)  # the anonymous work becomes the account's
    api.forget_token()
    url = f"/api/v1/portfolios/{portfolio['id']}"
    published = api.post(f"{url}/publish", {"slug": "alexandra-chen"})
    assert published.status_code == 200, published.json
    assert published.json["publicUrl"] == "/p/alexandra-chen/"
    public = api.client.get("/p/alexandra-chen/")
    assert public.status_code == 200
    assert "Alexandra Chen" in public.get_data(as_text=True)
    assert "sandbox" in public.headers["Content-Security-Policy"]
    assert csp_directive(public.headers["Content-Security-Policy"], "img-src") == ["'self'"]
    assert api.client.get("/p/alexandra-chen").status_code == 301

    # A new theme, published, then rolled back: the pointer moves, nothing rebuilds.
    changed = api.patch(url, {"theme": "executive"}).json
    second = wait_for_build(api, changed["latestBuild"]["id"])
    api.post(f"{url}/publish")
    assert api.get(url).json["liveBuildId"] == second["id"]
    rolled = api.post(f"{url}/rollback")
    assert rolled.status_code == 200
    assert rolled.json["liveBuildId"] == first["id"]

    assert api.post(f"{url}/unpublish").status_code == 200
    assert api.client.get("/p/alexandra-chen/").status_code == 404


def test_slug_rules(app, built):
    api, portfolio, _ = built
    register(api.client)
    api.forget_token()
    url = f"/api/v1/portfolios/{portfolio['id']}"
    for bad in ("a", "Has Space", "api", "-x-", "x" * 70):
        response = api.patch(url, {"slug": bad})
        assert response.status_code == 400, bad
    assert api.patch(url, {"slug": "taken-one"}).status_code == 200
    from tests.api.conftest import Api
    from tests.sites.conftest import make_portfolio

    other = Api(app.test_client())
    register(other.client, "grace@example.com")  # only accounts hold addresses
    other.forget_token()
    other_portfolio, _ = make_portfolio(other)
    clash = other.patch(f"/api/v1/portfolios/{other_portfolio['id']}", {"slug": "taken-one"})
    assert clash.status_code == 409


def test_the_cdn_address_is_given_when_a_cdn_is_configured(make_app):
    from tests.api.conftest import Api
    from tests.sites.conftest import make_portfolio

    app = make_app(CDN_BASE_URL="https://cdn.r2w.example/")
    api = Api(app.test_client())
    portfolio, _ = make_portfolio(api)
    register(api.client)
    api.forget_token()
    published = api.post(f"/api/v1/portfolios/{portfolio['id']}/publish", {"slug": "ada"}).json
    assert published["publicUrl"] == "/p/ada/"
    assert published["cdnUrl"] == "https://cdn.r2w.example/p/ada/"
