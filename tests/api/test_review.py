"""The review API: flags with reasons for the owner only, dismissals remembered, edits resolve."""

from __future__ import annotations

from tests.api.conftest import Api

CV_TEXT = b"""Jane Example
Registered Nurse
jane.example@mail.com | +44 20 7946 0958 | London, UK

EXPERIENCE
Charge Nurse, St Mary's Hospital
Jan 2020 - Present
- Led a ward of 30 beds and trained new staff.

EDUCATION
BSc Nursing, King's College London
2015 - 2019

LANGUAGES
English (Native), French (B2)

Build this template with our online builder
"""
UNPLACED = {"path": "unclassified_text", "code": "unplaced"}


def _uploaded(api: Api) -> dict:
    response = api.upload(CV_TEXT, "jane.txt")
    assert response.status_code == 201, response.json
    assert response.json["status"] == "ready"
    return response.json


def _open(review: dict) -> list[tuple[str, str]]:
    return [(f["path"], f["code"]) for f in review["flags"] if f["status"] == "open"]


def test_the_owner_gets_flags_with_reasons_and_provenance(api):
    cv = _uploaded(api)
    review = api.get(f"/api/v1/cvs/{cv['id']}/review").json

    assert _open(review) == [("unclassified_text", "unplaced")]
    assert "Build this template" in review["flags"][0]["reason"]
    assert review["count"] == 1 and cv["needsReview"] == 1
    assert review["provenance"]["hero.fullName"] == {"page": None, "box": None, "line": 1}
    assert review["provenance"]["contact.email"]["line"] == 3
    assert cv["links"]["review"] == f"/api/v1/cvs/{cv['id']}/review"


def test_another_visitor_gets_404_and_cannot_dismiss(app, api):
    cv = _uploaded(api)
    other = Api(app.test_client())
    assert other.get(f"/api/v1/cvs/{cv['id']}/review").status_code == 404
    refused = other.post(f"/api/v1/cvs/{cv['id']}/review/dismiss", UNPLACED)
    assert refused.status_code == 404 and refused.json["error"] == "not_found"
    assert api.get(f"/api/v1/cvs/{cv['id']}/review").json["count"] == 1


def test_a_dismissed_flag_is_remembered(api):
    cv = _uploaded(api)
    dismissed = api.post(f"/api/v1/cvs/{cv['id']}/review/dismiss", UNPLACED)
    assert dismissed.status_code == 200, dismissed.json
    assert dismissed.json["count"] == 0

    again = api.get(f"/api/v1/cvs/{cv['id']}/review").json
    assert [f["status"] for f in again["flags"]] == ["dismissed"]
    assert api.get(f"/api/v1/cvs/{cv['id']}").json["needsReview"] == 0


def test_dismiss_needs_an_existing_flag_and_the_csrf_token(api):
    cv = _uploaded(api)
    url = f"/api/v1/cvs/{cv['id']}/review/dismiss"
    assert api.post(url, {"path": "hero.fullName", "code": "unplaced"}).status_code == 404
    assert api.post(url, {"path": 3}).status_code == 400
    no_token = api.client.post(url, json=UNPLACED)
    assert no_token.status_code == 400
    assert api.get(f"/api/v1/cvs/{cv['id']}/review").json["count"] == 1


def test_editing_a_flagged_field_resolves_it_and_a_bad_edit_is_flagged(api):
    cv = _uploaded(api)
    current = api.get(f"/api/v1/cvs/{cv['id']}/document").json
    document = current["document"] | {"unclassified_text": None}
    document["contact"] = document["contact"] | {"email": "jane.example@mail"}
    saved = api.put(
        f"/api/v1/cvs/{cv['id']}/document",
        {"document": document, "revision": current["revision"]},
    )
    assert saved.status_code == 200, saved.json

    review = api.get(f"/api/v1/cvs/{cv['id']}/review").json
    statuses = {(f["path"], f["code"]): f["status"] for f in review["flags"]}
    assert statuses == {
        ("unclassified_text", "unplaced"): "resolved",
        ("contact.email", "bad_email"): "open",
    }
    assert review["count"] == 1
    assert "contact.email" not in review["provenance"]  # no longer what the file says
    assert "hero.fullName" in review["provenance"]


def test_a_cached_extraction_brings_its_review(api):
    first, second = _uploaded(api), _uploaded(api)
    reviews = [api.get(f"/api/v1/cvs/{cv['id']}/review").json for cv in (first, second)]
    assert _open(reviews[0]) == _open(reviews[1]) == [("unclassified_text", "unplaced")]
    assert reviews[0]["provenance"] == reviews[1]["provenance"]


def test_a_cv_made_by_hand_has_nothing_to_review(api):
    cv = api.post("/api/v1/cvs/blank").json
    review = api.get(f"/api/v1/cvs/{cv['id']}/review").json
    assert review == {"flags": [], "provenance": {}, "count": 0, "revision": 1}
    assert cv["needsReview"] == 0


def _flag_company(app, cv_id: str) -> None:
    """Make the stored review flag the first job's company, as an extraction would."""
    from sqlalchemy import select

    from r2w.extensions import db
    from r2w.models import Extraction

    with app.app_context():
        run = db.session.scalar(select(Extraction).where(Extraction.cv_id == cv_id))
        flag = {"path": "experience.experienceItems[0].companyName", "code": "duplicate"}
        run.review = run.review | {"flags": [*run.review["flags"], flag | {"reason": "r"}]}
        db.session.commit()


def test_a_flag_follows_its_value_when_items_move(app, api):
    """A new item put first shifts the others: flags, dismissals and provenance follow."""
    cv = _uploaded(api)
    _flag_company(app, cv["id"])
    company = "experience.experienceItems[0].companyName"
    dismissed = api.post(
        f"/api/v1/cvs/{cv['id']}/review/dismiss", {"path": company, "code": "duplicate"}
    )
    assert dismissed.status_code == 200, dismissed.json
    current = api.get(f"/api/v1/cvs/{cv['id']}/document").json
    document = current["document"]
    items = document["experience"]["experienceItems"]
    new = {"jobTitle": "Volunteer", "companyName": "Red Cross"}
    document["experience"] = document["experience"] | {"experienceItems": [new, *items]}
    api.put(
        f"/api/v1/cvs/{cv['id']}/document",
        {"document": document, "revision": current["revision"]},
    )

    review = api.get(f"/api/v1/cvs/{cv['id']}/review").json
    moved = "experience.experienceItems[1].companyName"
    statuses = {(f["path"], f["code"]): f["status"] for f in review["flags"]}
    assert statuses[(moved, "duplicate")] == "dismissed"
    assert review["provenance"][moved]["line"] == 6
    assert company not in review["provenance"]  # the person's new item is not from the file


def _add_flags(app, cv_id: str, flags: list[dict]) -> None:
    """Add flags to the stored review, as an extraction that flagged them would."""
    from sqlalchemy import select

    from r2w.extensions import db
    from r2w.models import Extraction

    with app.app_context():
        run = db.session.scalar(select(Extraction).where(Extraction.cv_id == cv_id))
        run.review = run.review | {"flags": [*run.review["flags"], *flags]}
        db.session.commit()


def test_a_missing_value_or_a_whole_item_can_carry_a_flag(app, api):
    """A flag on an empty field stays open until the person fills it in; a flag on a whole
    entry stays open while the entry is there."""
    cv = _uploaded(api)
    url = f"/api/v1/cvs/{cv['id']}"
    job = api.get(f"{url}/document").json["document"]["experience"]["experienceItems"][0]
    assert not job.get("location")
    missing = {"path": "experience.experienceItems[0].location", "code": "missing_detail"}
    whole = {"path": "experience.experienceItems[0]", "code": "merged_items"}
    _add_flags(app, cv["id"], [missing | {"reason": "r"}, whole | {"reason": "r"}])

    review = api.get(f"{url}/review").json
    assert set(_open(review)) == {
        ("unclassified_text", "unplaced"),
        (missing["path"], missing["code"]),
        (whole["path"], whole["code"]),
    }
    assert review["count"] == 3

    current = api.get(f"{url}/document").json
    document = current["document"]
    items = document["experience"]["experienceItems"]
    filled = [items[0] | {"location": {"city": "London"}}, *items[1:]]
    document["experience"] = document["experience"] | {"experienceItems": filled}
    saved = api.put(f"{url}/document", {"document": document, "revision": current["revision"]})
    assert saved.status_code == 200, saved.json
    statuses = {(f["path"], f["code"]): f["status"] for f in api.get(f"{url}/review").json["flags"]}
    assert statuses[(missing["path"], missing["code"])] == "resolved"
    assert statuses[(whole["path"], whole["code"])] == "open"

    dismissed = api.post(f"{url}/review/dismiss", whole)
    assert dismissed.status_code == 200, dismissed.json
    current = api.get(f"{url}/document").json
    document = current["document"]
    document["experience"] = document["experience"] | {"experienceItems": []}
    api.put(f"{url}/document", {"document": document, "revision": current["revision"]})
    statuses = {(f["path"], f["code"]): f["status"] for f in api.get(f"{url}/review").json["flags"]}
    assert statuses[(whole["path"], whole["code"])] == "resolved"


def test_a_flag_on_one_text_of_a_list_is_resolved_when_the_list_is_edited(app, api):
    """The editor shows a job's bullets as one field: editing it anywhere answers a flag on
    any of its texts, as the editor shows at once; an untouched list keeps its flag."""
    cv = _uploaded(api)
    url = f"/api/v1/cvs/{cv['id']}"
    bullet = {"path": "experience.experienceItems[0].responsibilitiesAndAchievements[0]"}
    _add_flags(app, cv["id"], [bullet | {"code": "unsure", "reason": "r"}])
    assert (bullet["path"], "unsure") in _open(api.get(f"{url}/review").json)

    current = api.get(f"{url}/document").json
    document = current["document"]
    job = document["experience"]["experienceItems"][0]
    edited = job | {
        "responsibilitiesAndAchievements": [*job["responsibilitiesAndAchievements"], "Ran audits."]
    }
    document["experience"]["experienceItems"] = [
        edited,
        *document["experience"]["experienceItems"][1:],
    ]
    saved = api.put(f"{url}/document", {"document": document, "revision": current["revision"]})
    assert saved.status_code == 200, saved.json
    statuses = {(f["path"], f["code"]): f["status"] for f in api.get(f"{url}/review").json["flags"]}
    assert statuses[(bullet["path"], "unsure")] == "resolved"
