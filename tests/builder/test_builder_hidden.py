"""Sections a person hides stay off the built site."""

import json

import pytest

from builder.render import render_site
from builder.spec import SpecInvalid, parse_spec
from tests.builder.factories import full_document, make_spec


def test_hidden_sections_leave_no_trace_on_the_site():
    document = full_document()
    shown = render_site(document, "professional", {})
    assert (
        document["contact"]["email"]
        in next(f for f in shown if f.path == "index.html").data.decode()
    )
    files = render_site(document, "professional", {"hiddenSections": ["contact", "experience"]})
    page = next(f for f in files if f.path == "index.html").data.decode()
    assert document["contact"]["email"] not in page
    assert document["experience"]["experienceItems"][0]["jobTitle"] not in page
    assert document["education"]["educationItems"][0]["institution"] in page


def test_hidden_sections_must_be_known_sections():
    spec = make_spec()
    spec["options"] = {"hiddenSections": ["hero"]}
    with pytest.raises(SpecInvalid):
        parse_spec(json.dumps(spec))
    spec["options"] = {"hiddenSections": ["skills", "skills"]}
    assert parse_spec(json.dumps(spec)).options == {"hiddenSections": ["skills"]}
