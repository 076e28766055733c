"""JSON Resume exports pass the official schema (vendored from npm @jsonresume/schema 1.3.1).

Exports of every sample CV as the offline extractor reads it, of hostile links (bare domains,
mailto, words, scripts, odd characters) and of generated documents are validated with the
jsonschema library, formats included, while the CV document keeps the text the CV wrote.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from r2w.cvdoc import validate_document
from r2w.cvdoc.jsonresume import from_json_resume, to_json_resume
from r2w.cvdoc.links import full_url
from tests.cvdoc.strategies import documents

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLES = sorted(p.name for p in (FIXTURES / "cvs").iterdir() if p.is_file() and p.suffix != ".md")
SAMPLES += sorted(p.name for p in (FIXTURES / "cvs").glob("*.md"))
SAMPLES.remove("SOURCES.md")
Validator = jsonschema.Draft7Validator


@functools.cache
def official_validator() -> jsonschema.Draft7Validator:
    schema = json.loads((FIXTURES / "jsonresume" / "schema.json").read_text())
    Validator.check_schema(schema)
    return Validator(schema, format_checker=Validator.FORMAT_CHECKER)


def schema_errors(document: dict[str, Any]) -> list[str]:
    exported = json.loads(json.dumps(to_json_resume(document)))
    errors = official_validator().iter_errors(exported)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


@functools.cache
def extracted(name: str) -> dict[str, Any]:
    """A sample CV read by the offline extractor, as the upload pipeline reads it."""
    from r2w.extraction.offline import read_file
    from r2w.extraction.sniff import check_upload

    data = (FIXTURES / "cvs" / name).read_bytes()
    result = read_file(data, check_upload(data, name), extract=True)
    assert result.document is not None, name
    return result.document


def test_the_validator_really_checks_uri_and_email_formats():
    checker = Validator.FORMAT_CHECKER
    assert not checker.conforms("linkedin.com/in/x", "uri")  # the failure seen on unseen CVs
    assert checker.conforms("https://linkedin.com/in/x", "uri")
    assert not checker.conforms("not an email", "email")


def test_the_samples_are_all_here():
    assert len(SAMPLES) == 17


@pytest.mark.parametrize("name", SAMPLES)
def test_the_export_of_every_sample_passes_the_official_schema(name):
    document = validate_document(extracted(name))

    assert schema_errors(document) == []
    assert from_json_resume(json.loads(json.dumps(to_json_resume(document)))) == document


HOSTILE_LINKS = [
    "linkedin.com/in/jane-doe",
    "www.github.com/jane",
    "github.com/jane?tab=repos#top",
    "mailto:jane@example.org",
    "mailto:",
    "(mailto )",
    "linkedin",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "http://",
    "https://exa mple.com/a b",
    "https://example.com/a b/ç?q=ü",
    "http://例え.jp/パス",
    "ftp://files.example.org/cv.pdf",
    "//example.org/a",
    "example.org:99999",
    "https://example.org/%zz",
    "  resume.io  ",
    "jane@example.org",
    "",
]


def hostile_document() -> dict[str, Any]:
    links = [{"platform": f"net{i}", "url": url} for i, url in enumerate(HOSTILE_LINKS)]
    return {
        "hero": {"fullName": "Jane Doe", "profilePhotoUrl": "javascript:alert(1)"},
        "contact": {"email": "(mailto )", "professionalLinks": links},
        "projects": {
            "projectItems": [
                {"title": f"P{i}", "projectUrl": u} for i, u in enumerate(HOSTILE_LINKS)
            ]
        },
        "certifications": {
            "certificationItems": [{"title": "C", "verificationUrl": u} for u in HOSTILE_LINKS]
        },
        "publications": {
            "publications": [{"title": "Pub", "publicationUrl": u} for u in HOSTILE_LINKS]
        },
        "experience": {
            "experienceItems": [
                {"jobTitle": "Dev", "additionalData": {"url": "example.org/jobs"}},
                {"jobTitle": "Dev", "additionalData": {"url": "not a link"}},
            ]
        },
        "education": {"educationItems": [{"institution": "U", "additionalData": {"url": "u.edu"}}]},
    }


def test_hostile_links_export_as_full_uris_and_the_document_keeps_the_cv_text():
    document = validate_document(hostile_document())
    before = copy.deepcopy(document)

    assert schema_errors(document) == []
    exported = to_json_resume(document)
    urls = {p.get("url") for p in exported["basics"]["profiles"]}
    assert "https://linkedin.com/in/jane-doe" in urls
    assert "https://www.github.com/jane" in urls and "mailto:jane@example.org" in urls
    assert not {u for u in urls if u and u.startswith(("javascript", "ftp", "//"))}
    assert "email" not in exported["basics"]
    assert document == before  # export never rewrites the document
    assert from_json_resume(json.loads(json.dumps(exported))) == document


@pytest.mark.parametrize(
    ("written", "url"),
    [
        ("linkedin.com/in/x", "https://linkedin.com/in/x"),
        ("http://Example.org/a", "http://Example.org/a"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://example.org/100%", "https://example.org/100%25"),
        ("MAILTO:jane@example.org", "mailto:jane@example.org"),
        ("linkedin", None),
        ("javascript:alert(1)", None),
        ("https://localhost/x", None),
        ("example.org:99999", None),
        (None, None),
    ],
)
def test_full_url(written, url):
    assert full_url(written) == url
    if url:
        assert Validator.FORMAT_CHECKER.conforms(url, "uri")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_document_exports_to_the_official_schema(data):
    assert schema_errors(validate_document(data)) == []
