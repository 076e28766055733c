"""No upload can take the app down: reading runs in a child held to memory and time limits."""

from __future__ import annotations

import os

import pytest

from tests.api.conftest import SAMPLES, Api
from tests.fuzz.hostile_files import docx_many_paragraphs, docx_xml_bomb


@pytest.fixture
def tight_api(make_app) -> Api:
    """An app whose reading child may use 160 MiB, like a small worker."""
    return Api(make_app(READ_MEMORY_MB=160, READ_TIMEOUT_SECONDS=60).test_client())


def _rss_mib() -> float:
    with open(f"/proc/{os.getpid()}/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_a_document_whose_parse_tree_explodes_fails_with_a_reason_and_the_app_lives(tight_api):
    data = docx_many_paragraphs(14)  # passes the archive checks, ~270 MiB to parse
    before = _rss_mib()
    response = tight_api.upload(data, "cv.docx")
    assert response.status_code == 201, response.json
    cv = response.json
    assert cv["status"] == "failed"
    assert "far more memory" in cv["error"]
    assert _rss_mib() - before < 100  # the parse happened elsewhere
    # The original is kept, and the next person's CV reads as usual.
    assert tight_api.client.get(cv["links"]["original"]).data == data
    sample = (SAMPLES / "comprehensive_all_components_cv.txt").read_bytes()
    assert tight_api.upload(sample, "cv.txt").json["status"] == "ready"


@pytest.mark.parametrize("honest_crc", [False, True])
def test_xml_that_inflates_past_what_its_headers_claim_is_refused_at_upload(app, honest_crc):
    response = Api(app.test_client()).upload(docx_xml_bomb(honest_crc=honest_crc), "cv.docx")
    assert response.status_code in (400, 413, 415), response.json
    assert response.json["message"]
