"""Small pure helpers: URL checks, language and direction, formatting filters, spec parsing."""

from __future__ import annotations

import json

import pytest

from builder.filters import daterange, host_label, humanize, place
from builder.language import choose_lang_dir
from builder.spec import SpecInvalid, parse_spec
from builder.urls import doi_href, email_href, phone_href, safe_image_url, safe_url
from tests.builder.factories import make_spec, minimal_document, rtl_document


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/x", "https://example.org/x"),
        ("http://example.org", "http://example.org"),
        ("  https://example.org/a b  ", "https://example.org/a%20b"),
        ("www.example.org/in/jane", "https://www.example.org/in/jane"),
        ("LinkedIn.com/in/EleanorVanceRN", "https://LinkedIn.com/in/EleanorVanceRN"),
        ("mailto:a@example.org", "mailto:a@example.org"),
        ("tel:+1 (555) 010-0000", "tel:+15550100000"),
        ("javascript:alert(1)", None),
        ("jav&#x09;ascript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("data:image/png;base64,AAAA", None),
        ("vbscript:x", None),
        ("file:///etc/passwd", None),
        ("https:evil", None),
        ("//evil.example.com", None),
        ("/relative/path", None),
        ("not a url", None),
        ("mailto:javascript:alert(1)", None),
        (None, None),
        (42, None),
        ("", None),
    ],
)
def test_safe_url(value, expected):
    assert safe_url(value) == expected


def test_image_urls_must_be_http():
    assert safe_image_url("https://img.example.org/a.png") == "https://img.example.org/a.png"
    assert safe_image_url("mailto:a@example.org") is None
    assert safe_image_url("data:image/svg+xml,<svg onload=alert(1)>") is None


@pytest.mark.parametrize(
    ("fn", "value", "expected"),
    [
        (email_href, "jane@example.org", "mailto:jane@example.org"),
        (email_href, "jane at example", None),
        (email_href, "a@b.c?subject=x<y", None),
        (phone_href, "+44 (0)20 7946-0000", "tel:+4402079460000"),
        (phone_href, "ext. 12", None),
        (doi_href, "10.1234/abc.5", "https://doi.org/10.1234/abc.5"),
        (doi_href, "doi: 10.1234/abc", "https://doi.org/10.1234/abc"),
        (doi_href, "https://doi.org/10.1000/xyz", "https://doi.org/10.1000/xyz"),
        (doi_href, "javascript:10.1234/x", None),
    ],
)
def test_link_helpers(fn, value, expected):
    assert fn(value) == expected


@pytest.mark.parametrize(
    ("document", "requested", "expected"),
    [
        (rtl_document(), None, ("ar", "rtl")),
        (minimal_document(hero={"fullName": "דנה כהן מהנדסת"}), None, ("he", "rtl")),
        (minimal_document(hero={"fullName": "山田 太郎 です"}), None, ("ja", "ltr")),
        (minimal_document(), None, ("en", "ltr")),
        (minimal_document(), "de-AT", ("de-AT", "ltr")),
        (minimal_document(), "fa", ("fa", "rtl")),
        (rtl_document(), "en", ("en", "rtl")),
        (minimal_document(), "bad tag!", ("en", "ltr")),
        ({}, None, ("en", "ltr")),
    ],
)
def test_choose_lang_dir(document, requested, expected):
    assert choose_lang_dir(document, requested) == expected


def test_formatting_filters():
    assert place({"city": "Paris", "state": None, "country": "France"}) == "Paris, France"
    assert place("Remote") == "Remote" and place(None) == ""
    assert daterange({"startDate": "2019", "endDate": None, "isCurrent": True}) == "2019 – Present"
    assert daterange({"startDate": None, "endDate": "July 2019"}) == "July 2019"
    assert daterange(None) == ""
    assert humanize("teamSize") == "Team size" and humanize("GPA") == "GPA"
    assert humanize("Already human") == "Already human"
    assert host_label("https://www.example.org/x/") == "example.org/x"


def test_spec_options_keep_only_known_strings():
    spec = make_spec(minimal_document(), options={"lang": "fr", "future": {"x": 1}})
    assert parse_spec(json.dumps(spec)).options == {"lang": "fr"}


@pytest.mark.parametrize("raw", [b"[]", b"\xff", b'{"theme": "professional"}'])
def test_spec_rejects_malformed_input(raw):
    with pytest.raises(SpecInvalid):
        parse_spec(raw)
