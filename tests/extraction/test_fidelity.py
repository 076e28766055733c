"""unsupported_values: what a document says that its source does not."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from r2w.cvdoc import empty_document
from r2w.extraction.fidelity import unsupported_values

SOURCE = (
    "JANE EXAMPLE\n"
    "Senior Engineer at Acme ﬁnance\n"
    "• Re-architected the multi-\npage web app\n"
    "E D U C A T I O N\n"
    "Jan 2019 – Present\n"
)


def document(**sections: dict[str, Any]) -> dict[str, Any]:
    """An empty document with some sections filled in."""
    doc = empty_document()
    for key, value in sections.items():
        doc[key] = {**doc[key], **value} if isinstance(doc[key], dict) else value
    return doc


def job(**fields: Any) -> dict[str, Any]:
    """One experience item."""
    return {"experienceItems": [fields]}


@pytest.mark.parametrize(
    "doc",
    [
        document(hero={"fullName": "Jane Example"}),  # case
        document(hero={"professionalTitle": "senior  engineer at\nACME"}),  # whitespace
        document(experience=job(companyName="Acme finance")),  # ligature in the source
        document(
            experience=job(
                responsibilitiesAndAchievements=["Re-architected the multi-page web app"]
            )
        ),  # bullet glyph, hyphen at a line end
        document(
            experience=job(responsibilitiesAndAchievements=["Re-architected the multipage web app"])
        ),  # ... with the hyphen dropped
        document(education={"sectionTitle": "EDUCATION"}),  # letter-spaced heading
        document(
            experience=job(
                dateRange={"startDate": "Jan 2019", "endDate": "Present", "isCurrent": True}
            )
        ),
        document(unclassified_text="Present\nJANE EXAMPLE"),  # gathered lines, each present
    ],
)
def test_supported_values_pass(doc: dict[str, Any]) -> None:
    """Values present in the source, allowing for layout and typography, are supported."""
    assert unsupported_values(doc, SOURCE) == []


def test_invented_values_are_reported_with_their_paths() -> None:
    """Each unsupported value is named by its field path."""
    doc = document(
        hero={"fullName": "Jane Example", "professionalTitle": "Principal Engineer"},
        experience=job(companyName="Acme", responsibilitiesAndAchievements=["Won an award"]),
        unclassified_text="Present\nA line nobody wrote",
    )
    assert unsupported_values(doc, SOURCE) == [
        "hero.professionalTitle",
        "experience.experienceItems[0].responsibilitiesAndAchievements[0]",
        "unclassified_text",
    ]


def test_derived_fields_and_display_hints_are_not_checked() -> None:
    """A computed duration or an editor's link is not text from the CV."""
    doc = document(
        experience=job(
            companyName="Acme",
            duration="3 years 2 months",
            linkUrl="https://example.com/case-study",
            viewMode="timeline",
        )
    )
    assert unsupported_values(doc, SOURCE) == []


def test_input_document_is_not_modified() -> None:
    """Checking is read-only."""
    doc = document(hero={"fullName": "Nobody"})
    before = copy.deepcopy(doc)
    assert unsupported_values(doc, SOURCE) == ["hero.fullName"]
    assert doc == before


def test_check_reviews_beyond_presence() -> None:
    """check() flags shapes as well as absent text, and says where values came from."""
    from r2w.extraction.fidelity import check

    doc = document(hero={"fullName": "Jane Example"}, contact={"email": "jane@example"})
    result = check(doc, SOURCE + "jane@example\n")
    assert [(f.path, f.code) for f in result.flags] == [("contact.email", "bad_email")]
    assert result.provenance["hero.fullName"]["line"] == 1
