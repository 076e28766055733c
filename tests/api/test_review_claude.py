"""The Claude extractor's documents get the same review as the rule-based extractor's."""

from __future__ import annotations

from tests.api.conftest import Api
from tests.extraction.fake_anthropic import FakeAnthropic, tool_use

CV_TEXT = (
    b"Ada Lovelace\nAnalyst\nada@example.org\n\nEXPERIENCE\n"
    b"Analytical Engines Ltd - Programmer, 2012 - 2014\n- Wrote the first program.\n"
    b"EDUCATION\nPrivate tutoring in mathematics, 1832 - 1840\n"
)
# What the model answered: one detail it made up, one e-mail it misread.
ANSWER = {
    "hero": {"fullName": "Ada Lovelace", "professionalTitle": "Chief Analyst"},
    "contact": {"email": "ada@example"},
    "experience": {
        "experienceItems": [
            {
                "jobTitle": "Programmer",
                "companyName": "Analytical Engines Ltd",
                "dateRange": {"startDate": "2012", "endDate": "2014"},
                "responsibilitiesAndAchievements": ["Wrote the first program."],
            }
        ]
    },
}


def test_claude_documents_get_provenance_and_flags_from_their_source(make_app):
    with FakeAnthropic() as fake:
        fake.queue(tool_use(ANSWER))
        app = make_app(
            CV_EXTRACTOR="claude", ANTHROPIC_API_KEY="sk-test", ANTHROPIC_BASE_URL=fake.url
        )
        api = Api(app.test_client())
        cv = api.upload(CV_TEXT, "ada.txt").json
    assert cv["status"] == "ready", cv
    assert cv["extraction"]["extractor"] == "claude"

    review = api.get(f"/api/v1/cvs/{cv['id']}/review").json
    assert {(f["path"], f["code"]) for f in review["flags"]} == {
        ("hero.professionalTitle", "unsupported"),
        ("contact.email", "bad_email"),
    }
    assert review["provenance"]["experience.experienceItems[0].companyName"]["line"] == 6
    assert cv["needsReview"] == 2
