"""The S3 server failing (HTTP 500s) or going away: 503s, no half-written CVs, recovery."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from botocore.awsrequest import AWSResponse
from sqlalchemy import func, select

from r2w.extensions import db
from r2w.models import CV, CVStatus
from r2w.sites.reconcile import reconcile
from tests.api.conftest import Api
from tests.faults.conftest import assert_unavailable, every_cv_has_its_file, upload_ready
from tests.sites.conftest import make_portfolio

# A fault test that hangs fails on its own instead of holding the run.
pytestmark = pytest.mark.timeout(120)

INTERNAL_ERROR = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code>'
    b"<Message>We encountered an internal error. Please try again.</Message></Error>"
)


class _Raw:
    """The minimal urllib3-response stand-in botocore reads an answer body from."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, *args, **kwargs) -> Iterator[bytes]:
        """Yield the body once."""
        yield self.body


@contextlib.contextmanager
def s3_answers_500(app, operation: str = "*") -> Iterator[None]:
    """Every S3 call (or every ``operation``, e.g. GetObject) of the app gets HTTP 500."""
    client = app.extensions["r2w.storage"].client

    def fail(request, **kwargs) -> AWSResponse:
        # A response returned from before-send is used instead of sending the request.
        headers = {"Content-Type": "application/xml"}
        return AWSResponse(request.url, 500, headers, _Raw(INTERNAL_ERROR))

    event = "before-send.s3" if operation == "*" else f"before-send.s3.{operation}"
    client.meta.events.register(event, fail, unique_id="r2w-fault")
    try:
        yield
    finally:
        client.meta.events.unregister(event, unique_id="r2w-fault")


@contextlib.contextmanager
def s3_outage(app, s3_endpoint, kind: str) -> Iterator[None]:
    """The S3 endpoint stopped (connections refused) or answering 500 to everything."""
    if kind == "stopped":
        s3_endpoint.stop()
        try:
            yield
        finally:
            s3_endpoint.start()
    else:
        with s3_answers_500(app):
            yield


def _cv_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(CV))


@pytest.mark.parametrize("kind", ["stopped", "answers 500"])
def test_storage_outage_gives_503s_writes_no_row_and_recovers(
    s3_app, s3_endpoint, sample_text, kind
):
    api = Api(s3_app.test_client())
    portfolio, build = make_portfolio(api)
    cv_id = portfolio["cvId"]
    page = build["previewUrl"]
    assert api.get(page).status_code == 200

    with s3_outage(s3_app, s3_endpoint, kind):
        assert_unavailable(api.upload(sample_text, "during-outage.txt"), "storage")
        assert _cv_count(s3_app) == 1  # no row for a file that was never stored
        # A site file already read is answered from memory (built sites never change); what
        # must come from storage, such as a byte range, says storage is unavailable.
        assert api.get(page).status_code == 200
        ranged = {"Accept": "application/json", "Range": "bytes=0-9"}
        assert_unavailable(api.client.get(page, headers=ranged), "storage")
        assert_unavailable(api.get(f"/api/v1/cvs/{cv_id}/original"), "storage")
        assert api.get(f"/api/v1/cvs/{cv_id}").json["status"] == "ready"  # rows still readable
        ready = s3_app.test_client().get("/readyz")
        assert ready.status_code == 503
        assert ready.json["checks"]["storage"].startswith("failed")
        assert ready.json["checks"]["database"] == "ok"

    assert s3_app.test_client().get("/readyz").status_code == 200
    assert api.get(page).status_code == 200
    assert api.get(f"/api/v1/cvs/{cv_id}/original").data == sample_text
    upload_ready(api, sample_text, "after-outage.txt")
    assert every_cv_has_its_file(s3_app) == 2


def test_a_cv_whose_original_cannot_be_read_waits_and_reconcile_completes_it(s3_app, sample_text):
    api = Api(s3_app.test_client())
    with s3_answers_500(s3_app, "GetObject"):
        response = api.upload(sample_text, "cv.txt")
        # Stored and acknowledged; reading it failed, retryably, so it waits for another go.
        assert response.status_code == 201
        assert response.json["status"] == CVStatus.UPLOADED
        with s3_app.app_context():
            assert reconcile().cvs_processed == 1  # tried again while S3 still fails
    cv_id = response.json["id"]
    assert api.get(f"/api/v1/cvs/{cv_id}").json["status"] == CVStatus.UPLOADED
    with s3_app.app_context():
        assert reconcile().cvs_processed == 1
    assert api.get(f"/api/v1/cvs/{cv_id}").json["status"] == CVStatus.READY
    assert every_cv_has_its_file(s3_app) == 1
