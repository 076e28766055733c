"""ClaudeExtractor against a fake Anthropic API over real HTTP."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from typing import Any

import anthropic._base_client
import pytest

from r2w.cvdoc import extraction_json_schema
from r2w.extraction.base import ExtractionFailed
from r2w.extraction.claude import DEFAULT_MODEL, PROMPT_VERSION, TOOL_NAME, ClaudeExtractor
from tests.extraction.fake_anthropic import (
    FakeAnthropic,
    Reply,
    invalid_json,
    overloaded,
    overloaded_mid_stream,
    rate_limited,
    slow,
    stalled,
    text_only,
    tool_use,
    unauthorized,
)

CV_TEXT = "Ada Lovelace\nAnalyst\nExperience\nAnalytical Engines Ltd — Programmer, 1842 - 1843"
GOOD = {
    "hero": {"fullName": "Ada Lovelace", "professionalTitle": "Analyst"},
    "experience": {
        "experienceItems": [
            {
                "jobTitle": "Programmer",
                "companyName": "Analytical Engines Ltd",
                "dateRange": {"startDate": "1842", "endDate": "1843"},
            }
        ]
    },
}
# A schema violation: jobTitle must be text.
BAD = {"experience": {"experienceItems": [{"jobTitle": 42}]}}


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shrink the SDK's retry backoff (0.5 s doubling) so retry tests stay fast."""
    monkeypatch.setattr(anthropic._base_client, "INITIAL_RETRY_DELAY", 0.001)
    monkeypatch.setattr(anthropic._base_client, "MAX_RETRY_DELAY", 0.005)


@pytest.fixture
def api() -> Iterator[FakeAnthropic]:
    """A running fake Anthropic API."""
    with FakeAnthropic() as server:
        yield server


@pytest.fixture
def make_extractor(api: FakeAnthropic) -> Callable[..., ClaudeExtractor]:
    """Build an extractor pointed at the fake API."""

    def make(**settings: Any) -> ClaudeExtractor:
        settings = {"api_key": "sk-test", "base_url": api.url, **settings}
        return ClaudeExtractor(**settings)

    return make


def _texts(request: dict[str, Any]) -> str:
    """All text sent in the request's user messages."""
    parts = []
    for message in request["messages"]:
        content = message["content"]
        blocks = content if isinstance(content, list) else [{"type": "text", "text": content}]
        for block in blocks:
            parts.append(block.get("text") or str(block.get("content") or ""))
    return "\n".join(parts)


def test_success_returns_validated_document(api, make_extractor):
    api.queue(tool_use(GOOD))
    doc = make_extractor().extract(CV_TEXT)
    assert doc["hero"]["fullName"] == "Ada Lovelace"
    item = doc["experience"]["experienceItems"][0]
    assert item["dateRange"] == {"startDate": "1842", "endDate": "1843", "isCurrent": None}
    assert doc["schemaVersion"] == 1
    assert doc["education"] == {"sectionTitle": None, "educationItems": []}
    assert len(api.requests) == 1


def test_request_carries_model_temperature_tool_and_text(api, make_extractor):
    api.queue(tool_use(GOOD))
    make_extractor().extract(CV_TEXT)
    request = api.requests[0]
    assert request["model"] == DEFAULT_MODEL
    assert request["temperature"] == 0.0
    assert request["stream"] is True
    assert request["tool_choice"] == {"type": "tool", "name": TOOL_NAME}
    assert [t["name"] for t in request["tools"]] == [TOOL_NAME]
    assert request["tools"][0]["input_schema"] == extraction_json_schema()
    assert "verbatim" in request["system"][0]["text"]
    assert request["system"][0]["cache_control"] == {"type": "ephemeral"}
    assert CV_TEXT in _texts(request)
    assert api.headers[0]["x-api-key"] == "sk-test"


def test_model_is_configurable_and_named_in_version(api, make_extractor):
    api.queue(tool_use(GOOD))
    extractor = make_extractor(model="claude-sonnet-4-5", temperature=0.0)
    extractor.extract(CV_TEXT)
    assert api.requests[0]["model"] == "claude-sonnet-4-5"
    assert "claude-sonnet-4-5" in extractor.version
    assert f"prompt-{PROMPT_VERSION}" in extractor.version
    assert extractor.name == "claude"


def test_display_hints_from_the_model_are_dropped(api, make_extractor):
    hinted = {"projects": {"projectItems": [{"title": "Engine", "viewMode": "video"}]}}
    api.queue(tool_use(hinted))
    item = make_extractor().extract(CV_TEXT)["projects"]["projectItems"][0]
    assert item["title"] == "Engine"
    assert item["viewMode"] is None


@pytest.mark.parametrize(
    ("first", "problem"),
    [
        (text_only(), "no record_cv tool call"),
        (tool_use(BAD), "experience.experienceItems[0].jobTitle"),
    ],
    ids=["no-tool-call", "schema-violation"],
)
def test_malformed_output_is_repaired_once(api, make_extractor, first, problem):
    api.queue(first, tool_use(GOOD))
    doc = make_extractor().extract(CV_TEXT)
    assert doc["hero"]["fullName"] == "Ada Lovelace"
    assert len(api.requests) == 2
    repair = api.requests[1]
    assert repair["messages"][0] == api.requests[0]["messages"][0]
    assert repair["messages"][1]["role"] == "assistant"
    assert problem in _texts(repair)


def test_unparseable_answer_is_tried_again(api, make_extractor):
    # Broken JSON cannot be shown back to the model, so the repair is a plain second try.
    api.queue(invalid_json(), tool_use(GOOD))
    doc = make_extractor().extract(CV_TEXT)
    assert doc["hero"]["fullName"] == "Ada Lovelace"
    assert api.requests[1]["messages"] == api.requests[0]["messages"]


def test_unparseable_twice_fails_without_retry(api, make_extractor):
    api.queue(invalid_json(), invalid_json())
    with pytest.raises(ExtractionFailed, match="not valid JSON") as failure:
        make_extractor().extract(CV_TEXT)
    assert failure.value.retryable is False


def test_repair_answers_the_tool_call_with_an_error_result(api, make_extractor):
    api.queue(tool_use(BAD), tool_use(GOOD))
    make_extractor().extract(CV_TEXT)
    last = api.requests[1]["messages"][-1]["content"][0]
    assert last["type"] == "tool_result"
    assert last["tool_use_id"] == "toolu_01"
    assert last["is_error"] is True


def test_malformed_twice_fails_without_retry(api, make_extractor):
    api.queue(tool_use(BAD), text_only())
    with pytest.raises(ExtractionFailed) as failure:
        make_extractor().extract(CV_TEXT)
    assert failure.value.retryable is False
    assert "invalid document" in failure.value.message
    assert len(api.requests) == 2


def test_truncated_output_fails_without_repair(api, make_extractor):
    reply = tool_use(GOOD)
    reply.stop_reason = "max_tokens"
    api.queue(reply)
    with pytest.raises(ExtractionFailed) as failure:
        make_extractor().extract(CV_TEXT)
    assert failure.value.retryable is False
    assert len(api.requests) == 1


@pytest.mark.parametrize("busy", [overloaded, rate_limited], ids=["529", "429"])
def test_busy_api_is_retried_by_the_sdk(api, make_extractor, busy):
    api.queue(busy(), tool_use(GOOD))
    doc = make_extractor(max_retries=2).extract(CV_TEXT)
    assert doc["hero"]["fullName"] == "Ada Lovelace"
    assert len(api.requests) == 2


def test_persistent_overload_is_a_retryable_failure(api, make_extractor):
    api.queue(overloaded(), overloaded(), overloaded())
    with pytest.raises(ExtractionFailed) as failure:
        make_extractor(max_retries=2).extract(CV_TEXT)
    assert failure.value.retryable is True
    assert "529" in failure.value.message
    assert len(api.requests) == 3


def test_timeout_is_a_retryable_failure(api, make_extractor):
    api.queue(slow(5), slow(5))
    with pytest.raises(ExtractionFailed) as failure:
        make_extractor(timeout=0.2, max_retries=1).extract(CV_TEXT)
    assert failure.value.retryable is True
    assert len(api.requests) == 2


def test_stream_that_stalls_is_a_retryable_failure(api, make_extractor):
    api.queue(stalled(5))
    with pytest.raises(ExtractionFailed) as failure:
        make_extractor(timeout=0.2).extract(CV_TEXT)
    assert failure.value.retryable is True


def test_overload_reported_inside_the_stream_is_retryable(api, make_extractor):
    api.queue(overloaded_mid_stream())
    with pytest.raises(ExtractionFailed, match="Overloaded") as failure:
        make_extractor().extract(CV_TEXT)
    assert failure.value.retryable is True


def test_bad_api_key_fails_clearly_without_retry(api, make_extractor):
    api.queue(unauthorized())
    with pytest.raises(ExtractionFailed) as failure:
        make_extractor(max_retries=3).extract(CV_TEXT)
    assert failure.value.retryable is False
    assert "API key" in failure.value.message
    assert len(api.requests) == 1


def test_unreadable_response_body_is_retryable(api, make_extractor):
    api.queue(Reply(body=b"<html>proxy error</html>"))
    with pytest.raises(ExtractionFailed) as failure:
        make_extractor(max_retries=0).extract(CV_TEXT)
    assert failure.value.retryable is True


@pytest.mark.parametrize(
    ("kind", "text", "block_type", "media_type"),
    [
        ("jpg", "", "image", "image/jpeg"),
        ("png", "some OCR text", "image", "image/png"),
        ("webp", "", "image", "image/webp"),
        ("pdf", "  \n", "document", "application/pdf"),
    ],
)
def test_scans_are_sent_as_files(api, make_extractor, kind, text, block_type, media_type):
    source = b"\x89fake file bytes"
    api.queue(tool_use(GOOD))
    make_extractor().extract(text, source=source, kind=kind)
    first = api.requests[0]["messages"][0]["content"][0]
    assert first["type"] == block_type
    assert first["source"] == {
        "type": "base64",
        "media_type": media_type,
        "data": base64.b64encode(source).decode(),
    }


def test_pdf_with_text_is_sent_as_text_only(api, make_extractor):
    api.queue(tool_use(GOOD))
    make_extractor().extract(CV_TEXT, source=b"%PDF-1.7 ...", kind="pdf")
    blocks = api.requests[0]["messages"][0]["content"]
    assert {b["type"] for b in blocks} == {"text"}
    assert CV_TEXT in _texts(api.requests[0])


def test_nothing_to_read_fails_before_calling_the_api(api, make_extractor):
    with pytest.raises(ExtractionFailed) as failure:
        make_extractor().extract("   ", source=None, kind="txt")
    assert failure.value.retryable is False
    assert api.requests == []


def test_oversized_image_fails_before_calling_the_api(api, make_extractor):
    with pytest.raises(ExtractionFailed, match="too large"):
        make_extractor().extract("", source=b"x" * (5 * 1024 * 1024 + 1), kind="png")
    assert api.requests == []


def test_api_key_is_required():
    with pytest.raises(ValueError, match="api_key"):
        ClaudeExtractor(api_key="")
