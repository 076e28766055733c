"""Hostile uploads: refused with a clear 4xx and nothing kept, or kept and read to an end.

Reading runs inline in tests, so a file that hangs or crashes the reader fails here (under
pytest-timeout) instead of leaving a CV stuck in "reading".
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import (
    FUZZ,
    ON_BOTH_DATABASES,
    assert_nothing_written,
    assert_still_serving,
    examples,
)
from tests.fuzz.hostile_files import CORPUS, SAMPLE_PDF, SAMPLE_TEXT, docx_text
from tests.security.support import snapshot

REFUSED = {400, 413, 415}
# Files that must never be accepted, whatever else happens to them.
MUST_REFUSE = {
    "empty", "nul-bytes", "pdf-header-only", "pdf-corrupt-body", "html", "svg", "docx-zip-bomb",
    "docx-encrypted", "docx-too-many-entries", "docx-not-word", "png-decompression-bomb",
    "png-damaged", "jpeg-damaged", "gif", "exe", "elf", "gzip", "old-word", "binary-noise",
    "too-large", "pdf-html-polyglot", "docx-truncated", "docx-xml-bomb-bad-crc",
    "docx-xml-bomb-honest-crc",
}  # fmt: skip


def upload(visitor, data: bytes, name: str):
    """POST a file the way the page's drop zone does."""
    return visitor.api.client.post(
        "/api/v1/cvs",
        data={"file": (io.BytesIO(data), name)},
        headers={"X-CSRFToken": visitor.api.token, "Accept": "application/json"},
        content_type="multipart/form-data",
    )


def check_outcome(app, visitor, before, data: bytes, response) -> dict | None:
    """A refusal changed nothing; an acceptance kept the file and finished reading it."""
    assert response.status_code in REFUSED | {201}, response.get_data(as_text=True)[:300]
    if response.status_code in REFUSED:
        assert set(response.json) >= {"error", "message"} and response.json["message"]
        assert_nothing_written(app, before, response.json)
        return None
    cv = response.json
    assert cv["status"] in ("ready", "failed"), cv  # read to an end, not stuck
    assert cv["status"] == "ready" or cv["error"], cv  # a failure says why
    original = visitor.api.client.get(cv["links"]["original"])
    assert original.data == data  # the original is kept byte for byte
    return cv


@pytest.mark.timeout(180)
def test_every_hostile_file_is_refused_or_read_to_an_end(fuzz_app, visitor):
    outcomes = {}
    for name, build in CORPUS.items():
        data = build()
        before = snapshot(fuzz_app)
        response = upload(visitor, data, f"{name}.pdf")
        cv = check_outcome(fuzz_app, visitor, before, data, response)
        outcomes[name] = response.status_code if cv is None else cv["kind"]

    assert {n for n in MUST_REFUSE if outcomes[n] not in REFUSED} == set(), outcomes
    assert outcomes["too-large"] == 413
    assert outcomes["utf16-text"] == "txt"
    # A file is what its first bytes say, whatever else it carries or is called.
    assert outcomes["pdf-zip-polyglot"] == "pdf"
    assert outcomes["zip-pdf-polyglot"] in ("docx", *REFUSED)
    assert_still_serving(fuzz_app)


@ON_BOTH_DATABASES
def test_real_files_still_go_through(fuzz_app, visitor):
    for data, name in [
        (SAMPLE_PDF.read_bytes(), "cv.pdf"),
        (docx_text(SAMPLE_TEXT.read_text()), "cv.docx"),
        (SAMPLE_TEXT.read_bytes(), "cv.txt"),
    ]:
        cv = upload(visitor, data, name).json

        assert cv["status"] == "ready", cv
        assert cv["kind"] == name.rsplit(".", 1)[1]


@st.composite
def damaged(draw) -> bytes:
    """A real CV file cut short, with bytes overwritten, inserted or removed."""
    source = draw(
        st.sampled_from(
            [SAMPLE_PDF.read_bytes(), docx_text(SAMPLE_TEXT.read_text()), SAMPLE_TEXT.read_bytes()]
        )
    )
    data = bytearray(source[: draw(st.integers(1, len(source)))])
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["set", "insert", "delete"]))
        chunk = draw(st.binary(min_size=1, max_size=16))
        if action == "set":
            data[at : at + len(chunk)] = chunk
        elif action == "insert":
            data[at:at] = chunk
        else:
            del data[at : at + len(chunk)]
    return bytes(data)


@pytest.mark.timeout(180)
def test_damaged_real_files_never_break_the_service(fuzz_app, visitor):
    outcomes: set[int] = set()

    @settings(FUZZ, max_examples=examples(40))
    @given(data=damaged(), name=st.sampled_from(["cv.pdf", "cv.docx", "cv.md", "../../x", ""]))
    def run(data, name):
        before = snapshot(fuzz_app)
        response = upload(visitor, data, name)
        outcomes.add(response.status_code)
        cv = check_outcome(fuzz_app, visitor, before, data, response)
        if cv is not None:
            assert "/" not in cv["originalName"] and cv["originalName"]

    run()

    assert 201 in outcomes and outcomes & REFUSED
    assert_still_serving(fuzz_app)
