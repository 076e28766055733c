"""Where a flag about a value's entry (unread_line) goes as the person edits the document."""

from __future__ import annotations

from r2w.intake.reviews import ABOUT_ENTRIES, _follow_entry, dismissal_key

SKILLS = {
    "skills.sectionTitle": "Skills",
    "skills.ungroupedSkills[0]": "Terraform",
    "skills.ungroupedSkills[1]": "Kubernetes",
}
JOBS = {
    "experience.experienceItems[0].jobTitle": "Nurse",
    "experience.experienceItems[0].companyName": "St Mary's",
    "experience.experienceItems[1].jobTitle": "Nurse",
    "experience.experienceItems[1].companyName": "City Clinic",
}
FLAGGED = "skills.ungroupedSkills[1]"


def test_a_skill_added_to_its_list_answers_a_line_beside_one_of_them() -> None:
    assert _follow_entry(FLAGGED, SKILLS, SKILLS) == FLAGGED
    # Only the heading renamed: nothing about the list changed.
    assert _follow_entry(FLAGGED, SKILLS, SKILLS | {"skills.sectionTitle": "Tools"}) == FLAGGED
    added = SKILLS | {"skills.ungroupedSkills[2]": "Stakeholder management"}
    assert _follow_entry(FLAGGED, SKILLS, added) is None


def test_a_flag_follows_its_job_and_is_answered_by_a_change_to_it() -> None:
    path = "experience.experienceItems[1].jobTitle"
    swapped = {
        "experience.experienceItems[0].jobTitle": "Nurse",
        "experience.experienceItems[0].companyName": "City Clinic",
        "experience.experienceItems[1].jobTitle": "Nurse",
        "experience.experienceItems[1].companyName": "St Mary's",
    }
    assert _follow_entry(path, JOBS, swapped) == "experience.experienceItems[0].jobTitle"
    edited = JOBS | {"experience.experienceItems[1].location.city": "Leeds"}
    assert _follow_entry(path, JOBS, edited) is None
    # The contact details are one entry: a change to any of them answers it.
    contact = {"contact.email": "a@b.c", "contact.phone": "1"}
    assert _follow_entry("contact.email", contact, contact | {"contact.phone": "2"}) is None
    # A section's heading renamed answers nothing about its text.
    summary = {"summary.sectionTitle": "Profile", "summary.summaryText": "Nurse of ten years."}
    renamed = summary | {"summary.sectionTitle": "About me"}
    assert _follow_entry("summary.summaryText", summary, renamed) == "summary.summaryText"


def test_a_dismissal_is_remembered_by_the_entry_not_the_value() -> None:
    first = dismissal_key("unread_line", "experience.experienceItems[0].jobTitle", JOBS)
    second = dismissal_key("unread_line", "experience.experienceItems[1].jobTitle", JOBS)
    assert first != second
    assert dismissal_key("bad_email", "skills.ungroupedSkills[0]", SKILLS) == "Terraform"


def test_a_sections_missing_entry_flag_is_answered_by_a_change_to_its_entries() -> None:
    languages = {
        "languages.sectionTitle": "Languages",
        "languages.languageItems[0].language": "German",
    }
    flagged = "languages.sectionTitle"
    from r2w.extraction.confidence.model import ENTRIES_MAY_BE_MISSING

    assert ENTRIES_MAY_BE_MISSING <= ABOUT_ENTRIES
    assert _follow_entry(flagged, languages, languages) == flagged
    # The heading renamed says nothing about a missing entry; one added answers it.
    renamed = languages | {"languages.sectionTitle": "Sprachen"}
    assert _follow_entry(flagged, languages, renamed) == flagged
    added = languages | {"languages.languageItems[1].language": "Italian"}
    assert _follow_entry(flagged, languages, added) is None
    # A dismissal is remembered by the section's entries, not by its heading's words.
    kept = dismissal_key("unread_in_section", flagged, languages)
    assert kept != "Languages" and kept == dismissal_key("unread_in_section", flagged, renamed)
