"""The CDN serves published sites like /p/<slug>/ does, from the pointers publishing writes.

The CloudFront Function's own code (from the template) runs under node against real requests;
its key value store is the one r2w wrote through the real boto3 client (into a local stand-in),
and the files it points at are read from the S3 server the app stored them in.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from urllib.parse import unquote

import pytest
from botocore.exceptions import ClientError

from r2w.models import Build
from r2w.sites.edge import make_edge, sync_all
from tests.api.conftest import Api
from tests.conftest import register
from tests.infra.templates import ROOT, load, resource, sub_text
from tests.sites.conftest import make_portfolio, wait_for_build
from tests.support.fake_kvs import FakeKeyValueStore
from tests.support.s3 import make_client
from tests.support.services import unavailable

KVS_ID = "0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7"
KVS_ARN = f"arn:aws:cloudfront::123456789012:key-value-store/{KVS_ID}"
HARNESS = ROOT / "tests" / "infra" / "edge_harness.mjs"
SLUG = "alexandra-chen"


def function_code() -> str:
    """The function as CloudFormation deploys it (the store id filled in)."""
    code = sub_text(resource(load(), "SiteRouterFunction")["FunctionCode"])
    return code.replace("${SiteKeyValueStore.Id}", KVS_ID)


def run_function(store: dict[str, str], uris: list[str]) -> list[dict]:
    """The function's answer to a viewer request for each URI."""
    node = shutil.which("node")
    if node is None:
        unavailable("node (runs the CloudFront Function)")
    events = [
        {
            "version": "1.0",
            "context": {"eventType": "viewer-request"},
            "viewer": {"ip": "192.0.2.10"},
            "request": {
                "method": "GET",
                "uri": uri,
                "querystring": {},
                "headers": {"host": {"value": "cdn.r2w.test"}},
                "cookies": {},
            },
        }
        for uri in uris
    ]
    payload = {"code": function_code(), "kvsId": KVS_ID, "store": store, "events": events}
    result = subprocess.run(
        [node, str(HARNESS)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class Edge:
    """CloudFront in miniature: the function, then the S3 origin at OriginPath /r2w."""

    def __init__(self, kvs: FakeKeyValueStore, s3_server: str, bucket: str) -> None:
        self.kvs, self.s3, self.bucket = kvs, make_client(s3_server), bucket

    def get(self, uri: str) -> tuple[int, bytes | str | None]:
        """Status and body (for a redirect: its location) of a viewer's GET."""
        (answer,) = run_function(dict(self.kvs.items), [uri])
        if "statusCode" in answer:
            if answer["statusCode"] == 301:
                return 301, answer["headers"]["location"]["value"]
            return answer["statusCode"], None
        key = "r2w" + unquote(answer["uri"])
        try:
            return 200, self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except ClientError as exc:
            assert exc.response["Error"]["Code"] in ("NoSuchKey", "404")
            return 404, None


def app_get(client, uri: str) -> tuple[int, bytes | str | None]:
    """Status and body (for a redirect: its location) of r2w's own /p/ route."""
    response = client.get(uri)
    if response.status_code == 301:
        return 301, response.headers["Location"]
    return response.status_code, response.get_data() if response.status_code == 200 else None


@pytest.fixture
def kvs(aws_env):
    """The stand-in key value store, empty (the client signs with dummy credentials)."""
    store = FakeKeyValueStore(KVS_ARN).start()
    yield store
    store.stop()


@pytest.fixture
def edge_app(cloud_app, kvs):
    """The app on PostgreSQL, Redis and S3, writing live pointers to the stand-in store."""
    cloud_app.config["EDGE_KVS_ARN"] = KVS_ARN
    cloud_app.extensions["r2w.edge"] = make_edge(cloud_app.config, kvs.client())
    return cloud_app


def _prefix(app, build_id: str) -> str:
    with app.app_context():
        from r2w.extensions import db

        return db.session.get(Build, build_id).storage_prefix


def _same_everywhere(edge: Edge, client, uris: list[str]) -> dict[str, tuple]:
    answers = {}
    for uri in uris:
        ours, cdn = app_get(client, uri), edge.get(uri)
        assert cdn == ours, uri
        answers[uri] = ours
    return answers


@pytest.mark.postgres
@pytest.mark.slow
def test_the_cdn_serves_what_p_serves_through_publish_rollback_and_unpublish(
    edge_app, kvs, s3_server, s3_bucket
):
    edge = Edge(kvs, s3_server, s3_bucket)
    api = Api(edge_app.test_client())
    portfolio, first = make_portfolio(api)
    register(api.client)
    api.forget_token()
    url = f"/api/v1/portfolios/{portfolio['id']}"
    assert api.post(f"{url}/publish", {"slug": SLUG}).status_code == 200
    assert kvs.items == {SLUG: _prefix(edge_app, first["id"])}

    page = api.client.get(f"/p/{SLUG}/").get_data(as_text=True)
    asset = re.search(r'href="(assets/[^"]+\.css)"', page).group(1)
    uris = [
        f"/p/{SLUG}/",  # the index
        f"/p/{SLUG}/{asset}",  # a hashed asset
        f"/p/{SLUG}/index.html",
        f"/p/{SLUG}/no-such-page.html",  # a 404 inside a live site
        "/p/nobody-has-this/",  # a 404 for a slug that is not published
        f"/p/{SLUG}",  # the trailing-slash redirect
        f"/p/{SLUG}/../../uploads/x",  # nothing may leave the build
        f"/p/{SLUG}/%2e%2e/manifest.json",
    ]
    first_answers = _same_everywhere(edge, api.client, uris)
    assert first_answers[f"/p/{SLUG}/"][0] == 200 and first_answers[uris[1]][0] == 200
    assert [first_answers[uri][0] for uri in uris[3:5]] == [404, 404]
    assert first_answers[f"/p/{SLUG}"] == (301, f"/p/{SLUG}/")

    # A new theme, published: the pointer moves at the edge too.
    changed = api.patch(url, {"theme": "executive"}).json
    second = wait_for_build(api, changed["latestBuild"]["id"])
    assert api.post(f"{url}/publish").status_code == 200
    assert kvs.items == {SLUG: _prefix(edge_app, second["id"])}
    second_index = _same_everywhere(edge, api.client, [f"/p/{SLUG}/"])[f"/p/{SLUG}/"]
    assert second_index != first_answers[f"/p/{SLUG}/"]

    # Rollback is the same switch: the edge serves the first build again.
    assert api.post(f"{url}/rollback").status_code == 200
    assert kvs.items == {SLUG: _prefix(edge_app, first["id"])}
    rolled = _same_everywhere(edge, api.client, [f"/p/{SLUG}/"])[f"/p/{SLUG}/"]
    assert rolled == first_answers[f"/p/{SLUG}/"] != second_index

    # Unpublished: gone from the store, a 404 at both.
    assert api.post(f"{url}/unpublish").status_code == 200
    assert kvs.items == {}
    assert _same_everywhere(edge, api.client, [f"/p/{SLUG}/"])[f"/p/{SLUG}/"][0] == 404
    # Every call was signed as the service requires (SigV4A).
    assert set(kvs.signatures) == {"AWS4-ECDSA-P256-SHA256"}


@pytest.mark.postgres
@pytest.mark.slow
def test_a_failed_edge_write_keeps_the_publish_and_reconcile_repairs_it(edge_app, kvs):
    api = Api(edge_app.test_client())
    portfolio, build = make_portfolio(api)
    register(api.client)
    api.forget_token()
    url = f"/api/v1/portfolios/{portfolio['id']}"
    kvs.items["someone-gone"] = "sites/0000/"  # a pointer the database no longer has
    kvs.stop()  # the store is unreachable while the person publishes
    assert api.post(f"{url}/publish", {"slug": SLUG}).status_code == 200
    assert api.client.get(f"/p/{SLUG}/").status_code == 200

    revived = FakeKeyValueStore(KVS_ARN).start()  # the store answers again (same contents)
    revived.items = dict(kvs.items)
    try:
        edge_app.extensions["r2w.edge"] = make_edge(edge_app.config, revived.client())
        with edge_app.app_context():
            assert sync_all() == 2
            assert sync_all() == 0
        assert revived.items == {SLUG: _prefix(edge_app, build["id"])}
    finally:
        revived.stop()


def test_the_function_refuses_what_clean_path_refuses():
    store = {SLUG: "sites/abc/"}
    bad = [f"/p/{SLUG}/a\\b", f"/p/{SLUG}/./index.html", f"/p/{SLUG}/%00", "/p/Upper/", "/x/y"]
    for uri, answer in zip(bad, run_function(store, bad), strict=True):
        assert answer.get("statusCode") == 404, uri
    good = run_function(store, [f"/p/{SLUG}/about", f"/p/{SLUG}/a//b.css", f"/p/{SLUG}/x/"])
    assert [answer["uri"] for answer in good] == [
        "/sites/abc/about/index.html",
        "/sites/abc/a/b.css",
        "/sites/abc/x/index.html",
    ]


def test_a_concurrent_writer_makes_the_store_retry_with_the_new_etag(kvs):
    edge = make_edge({"EDGE_KVS_ARN": KVS_ARN}, kvs.client())
    kvs.conflicts = 2
    edge.put(SLUG, "sites/abc/")
    assert kvs.items == {SLUG: "sites/abc/"}
    kvs.conflicts = 5  # more than the attempts: the error reaches the caller
    with pytest.raises(Exception, match="ConflictException"):
        edge.put(SLUG, "sites/def/")
    assert kvs.items == {SLUG: "sites/abc/"}
    edge.delete("never-published")  # deleting what is not there is fine
    assert edge.items() == {SLUG: "sites/abc/"}


@pytest.mark.postgres
@pytest.mark.slow
def test_deleting_the_account_takes_its_site_off_the_edge(edge_app, kvs):
    api = Api(edge_app.test_client())
    portfolio, _ = make_portfolio(api)
    register(api.client)
    api.forget_token()
    assert (
        api.post(f"/api/v1/portfolios/{portfolio['id']}/publish", {"slug": SLUG}).status_code == 200
    )
    assert SLUG in kvs.items
    response = api.client.delete(
        "/api/v1/account", json={"confirm": "ada@example.com"}, headers=api._headers()
    )
    assert response.status_code in (200, 204), response.get_data(as_text=True)
    assert kvs.items == {}
