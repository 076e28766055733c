"""Contact details a CV nearly always has, flagged on their empty fields when none was read."""

from __future__ import annotations

from typing import Any

import pytest

from r2w.extraction.confidence import CODES, review
from r2w.extraction.reading.model import Page, Reading
from tests.extraction.test_confidence_provenance import document

pytestmark = pytest.mark.usefixtures("rules_only")

SCAN = Reading(pages=[Page(1, 600, 800)], method="ocr", ocr=True)


def unread(doc: dict[str, Any], text: str, reading: Reading | None = None) -> dict[str, str]:
    """path -> reason of every not_read flag review() raises (each path at most once)."""
    flags = [f for f in review(doc, text, reading).flags if f.code == "not_read"]
    assert len({f.path for f in flags}) == len(flags)
    return {f.path: f.reason for f in flags}


def test_a_scan_without_an_email_or_phone_read_asks_for_them_on_their_own_fields() -> None:
    doc = document(hero={"fullName": "Jane Example"}, contact={"location": {"city": "Leeds"}})
    flags = unread(doc, "Jane Example\nLeeds\nj4ne exarnple @ rnail\n", SCAN)
    assert set(flags) == {"contact.email", "contact.phone", "contact.professionalLinks"}
    # With every detail read, nothing is asked for.
    doc["contact"] |= {
        "email": "jane@example.com",
        "phone": "+44 20 7946 0958",
        "professionalLinks": [{"platform": "website", "url": "jane.example.com"}],
    }
    text = "Jane Example\nLeeds\njane@example.com +44 20 7946 0958 jane.example.com\n"
    assert unread(doc, text, SCAN) == {}
    doc["contact"]["location"] = None
    assert set(unread(doc, text, SCAN)) == {"contact.location"}
    assert "add it" in flags["contact.email"]
    assert "not_read" in CODES


def test_a_text_file_without_an_address_in_it_is_not_asked_for_one() -> None:
    # A text layer reads what is there: no e-mail in it means the CV gives none.
    doc = document(hero={"fullName": "Jane Example"}, contact={"location": {"city": "Leeds"}})
    assert unread(doc, "Jane Example\nLeeds\n") == {}


def test_an_address_in_the_text_that_reached_no_field_is_flagged() -> None:
    doc = document(hero={"fullName": "Jane Example"})
    flags = unread(doc, "Jane Example\nwrite to jane@example.com\n")
    assert set(flags) == {"contact.email"}


def test_a_profile_the_file_names_without_a_link_kept_is_flagged_once() -> None:
    doc = document(hero={"fullName": "Jane Example"}, contact={"email": "jane@example.com"})
    text = "Jane Example\njane@example.com\nLinkedIn: /in/jane · GitHub: jane\n"
    flags = unread(doc, text)
    assert list(flags) == ["contact.professionalLinks"]
    assert "names LinkedIn and GitHub, but no link to them" in flags["contact.professionalLinks"]


def test_a_profile_kept_anywhere_in_the_document_is_not_flagged() -> None:
    doc = document(
        hero={"fullName": "Jane Example"},
        contact={
            "email": "jane@example.com",
            "professionalLinks": [{"platform": "linkedin", "url": "linkedin.com/in/jane"}],
        },
        projects={"projectItems": [{"title": "Tides", "linkUrl": "https://github.com/jane/t"}]},
    )
    text = "Jane Example\njane@example.com\nlinkedin.com/in/jane\nTides https://github.com/jane/t\n"
    assert unread(doc, text) == {}


def test_each_address_is_read_around_its_own_at_sign() -> None:
    from r2w.extraction.confidence.unread import _addresses

    text = "mail me: jane.doe@example.co.uk or bob @ x.org, no@"
    assert list(_addresses(text)) == ["jane.doe@example.co.uk", "bob @ x.org"]


HOSTILE = {
    "letters": "a" * 200_000,
    "dots": "x." * 100_000,
    "at signs": "@" * 200_000,
    "a long domain": "a@" + "b." * 99_999,
}


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_text_is_read_around_a_few_at_signs_only(text: str, monkeypatch) -> None:
    from r2w.extraction.confidence import unread as module

    looked: list[int] = []
    pattern = module._EMAIL_LIKE

    class Counting:
        def finditer(self, window: str):
            looked.append(len(window))
            return pattern.finditer(window)

    monkeypatch.setattr(module, "_EMAIL_LIKE", Counting())
    doc = document(hero={"fullName": "Jane Example"})
    assert set(unread(doc, text)) <= {"contact.email"}
    # A bounded window around each of at most 50 "@", never the whole text.
    assert len(looked) <= 50
    assert max(looked, default=0) <= module._AROUND + module._AFTER


def test_a_link_read_in_any_form_answers_for_the_profiles_named() -> None:
    doc = document(
        hero={"fullName": "Jane Example"},
        contact={
            "email": "jane@example.com",
            "professionalLinks": [{"platform": "lnkd.in", "url": "lnkd.in/abc123"}],
        },
    )
    assert unread(doc, "Jane Example\njane@example.com\nLinkedIn: lnkd.in/abc123\n") == {}


def test_a_platform_is_named_by_a_word_of_its_own() -> None:
    doc = document(hero={"fullName": "Jane Example"}, contact={"email": "jane@example.com"})
    assert unread(doc, "Jane Example\njane@example.com\nkickboxing\n") == {}
