"""Hostile CV content must render as inert text in every theme."""

from __future__ import annotations

import json

import pytest

from builder.jsonld import script_safe_json
from r2w.cvdoc import validate_document
from tests.builder.conftest import parse_html, render
from tests.builder.factories import payload_document

PAYLOADS = [
    '<script>window.__xss=1</script>',
    '"><img src=x onerror="window.__xss=2">',
    "javascript:window.__xss=3",
    "JAVASCRIPT:window.__xss=4",
    " \tjavascript:window.__xss=5",
    "data:text/html,<script>window.__xss=6</script>",
    "vbscript:msgbox(7)",
    "</script><script>window.__xss=8</script><!--",
    "<svg onload=window.__xss=9>",
    "' onmouseover='window.__xss=10",
    "{{ 7*7 }} {% raw %}",
]  # fmt: skip
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


def _url_attrs(page):
    """Every href/src value in the page, lower-cased without surrounding space."""
    return [
        (value or "").strip().lower()
        for _, attrs in page.tags
        for name, value in attrs.items()
        if name in ("href", "src", "action", "formaction", "srcset")
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_field_stays_inert(theme, payload):
    files = render(payload_document(payload), theme)
    page = parse_html(files["index.html"])

    assert [attrs for attrs, _ in page.scripts] == [{"type": "application/ld+json"}]
    on_attrs = [(tag, name) for tag, attrs in page.tags for name in attrs if name.startswith("on")]
    assert on_attrs == []
    assert not [url for url in _url_attrs(page) if url.startswith(BAD_SCHEMES)]
    # The only SVG is the builder's own contact-link icon (static markup, no user text in it).
    embedded = [(t, a) for t, a in page.tags if t in ("iframe", "object", "embed", "svg", "form")]
    assert not [(t, a) for t, a in embedded if (t, a.get("class")) != ("svg", "net-icon")]
    person = json.loads(page.scripts[0][1])
    assert person["name"] == payload
    assert payload.strip() in page.text  # shown to the reader as text
    assert "49" not in page.text  # templates never evaluate user text


def test_payload_in_404_page(theme):
    page = parse_html(render(payload_document(PAYLOADS[0]), theme)["404.html"])

    assert page.scripts == []
    assert PAYLOADS[0] in page.text


def test_json_ld_cannot_close_its_script_element():
    text = str(script_safe_json({"name": "</script><!-- & \u2028"}))

    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><!-- & \u2028"}


def test_payload_document_is_valid_and_fills_every_string():
    doc = validate_document(payload_document(PAYLOADS[0]))

    assert doc["hero"]["fullName"] == PAYLOADS[0]
    assert doc["projects"]["projectItems"][0]["githubUrl"] == PAYLOADS[0]
