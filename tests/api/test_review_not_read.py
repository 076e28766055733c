"""A detail that was not read: its flag on the empty field, from upload to answer."""

from __future__ import annotations

from sqlalchemy import select

from r2w.extensions import db
from r2w.models import CV
from tests.api.conftest import Api
from tests.api.test_review import CV_TEXT

# The review API's CV with its contact line changed. An address broken by spaces is no
# e-mail address r2w reads, but the text shows one; a profile named without its link.
CONTACTS = b"jane.example@mail.com | +44 20 7946 0958 | London, UK"
NO_EMAIL = CV_TEXT.replace(CONTACTS, b"jane.example @ mail.com | +44 20 7946 0958")
NO_LINK = CV_TEXT.replace(CONTACTS, b"jane@example.com | LinkedIn: jane-example")
assert NO_EMAIL != CV_TEXT != NO_LINK
EMAIL = ("contact.email", "not_read")
LINKS = ("contact.professionalLinks", "not_read")


def _statuses(api: Api, url: str) -> dict[tuple[str, str], str]:
    flags = api.get(f"{url}/review").json["flags"]
    return {(f["path"], f["code"]): f["status"] for f in flags}


def _stored_count(app, cv_id: str) -> int | None:
    with app.app_context():
        return db.session.scalar(select(CV.open_reviews).where(CV.id == cv_id))


def _edit(api: Api, url: str, change) -> None:
    current = api.get(f"{url}/document").json
    change(current["document"])
    body = {"document": current["document"], "revision": current["revision"]}
    assert api.put(f"{url}/document", body).status_code == 200


def test_an_unread_email_is_open_and_counted_until_the_person_fills_it_in(app, api: Api):
    cv = api.upload(NO_EMAIL, "jane.txt").json
    url = f"/api/v1/cvs/{cv['id']}"
    assert _statuses(api, url)[EMAIL] == "open"
    count = api.get(f"{url}/review").json["count"]
    assert count == cv["needsReview"] == _stored_count(app, cv["id"])
    _edit(api, url, lambda doc: doc["contact"].update(email="jane.example@mail.com"))
    assert _statuses(api, url)[EMAIL] == "resolved"
    assert _stored_count(app, cv["id"]) == count - 1
    _edit(api, url, lambda doc: doc["contact"].update(email=None))
    assert _statuses(api, url)[EMAIL] == "open"  # about the field being empty


def test_an_unread_email_kept_as_it_is_stays_dismissed(app, api: Api):
    cv = api.upload(NO_EMAIL, "jane.txt").json
    url = f"/api/v1/cvs/{cv['id']}"
    count = api.get(f"{url}/review").json["count"]
    answer = api.post(f"{url}/review/dismiss", {"path": EMAIL[0], "code": EMAIL[1]})
    assert answer.status_code == 200
    assert answer.json["count"] == count - 1 == _stored_count(app, cv["id"])
    _edit(api, url, lambda doc: doc["hero"].update(professionalTitle="Senior Nurse"))
    assert _statuses(api, url)[EMAIL] == "dismissed"


def test_a_profile_named_without_a_link_is_answered_by_adding_one(app, api: Api):
    cv = api.upload(NO_LINK, "jane.txt").json
    url = f"/api/v1/cvs/{cv['id']}"
    assert _statuses(api, url)[LINKS] == "open"
    link = {"platform": "linkedin", "url": "https://linkedin.com/in/jane-example"}
    _edit(api, url, lambda doc: doc["contact"]["professionalLinks"].append(link))
    assert _statuses(api, url)[LINKS] == "resolved"


# A flag the review raises on a scan whose line beside a job's title could not be read.
BESIDE = ("experience.experienceItems[0].jobTitle", "unread_line")
SECOND = ("experience.experienceItems[1].jobTitle", "unread_line")
TWO_JOBS = CV_TEXT.replace(
    b"EDUCATION",
    b"Charge Nurse, City Clinic\nJan 2016 - Dec 2019\n- Ran night shifts.\n\nEDUCATION",
)
assert TWO_JOBS != CV_TEXT


def jobs(doc: dict) -> list:
    """The document's list of jobs."""
    return doc["experience"]["experienceItems"]


def _with_unread_lines(monkeypatch, *paths: str) -> None:
    """Make the review of the next upload flag each path as beside an unread line."""
    from r2w.intake import reviews

    computed = reviews.compute

    def compute(document, text_result, *, learned=True):
        review = computed(document, text_result, learned=learned)
        reason = "a line of the scan beside “Charge Nurse” could not be read"
        review["flags"] += [
            {"path": path, "code": "unread_line", "reason": reason} for path in paths
        ]
        return review

    monkeypatch.setattr(reviews, "compute", compute)


def test_a_line_beside_a_value_not_read_is_answered_by_any_change_to_its_entry(
    app, api: Api, monkeypatch
):
    _with_unread_lines(monkeypatch, BESIDE[0])
    cv = api.upload(CV_TEXT, "jane.txt").json
    url = f"/api/v1/cvs/{cv['id']}"
    assert _statuses(api, url)[BESIDE] == "open"
    count = _stored_count(app, cv["id"])
    # An edit elsewhere leaves it open; adding the place the scan lost answers it.
    _edit(api, url, lambda doc: doc["hero"].update(professionalTitle="Senior Nurse"))
    assert _statuses(api, url)[BESIDE] == "open"
    job = lambda doc: doc["experience"]["experienceItems"][0]  # noqa: E731
    _edit(api, url, lambda doc: job(doc).update(location={"city": "London"}))
    assert _statuses(api, url)[BESIDE] == "resolved"
    assert _stored_count(app, cv["id"]) == count - 1


def test_dismissing_a_line_beside_one_value_leaves_another_of_the_same_text_asked(
    app, api: Api, monkeypatch
):
    _with_unread_lines(monkeypatch, BESIDE[0], SECOND[0])
    cv = api.upload(TWO_JOBS, "jane.txt").json
    url = f"/api/v1/cvs/{cv['id']}"
    titles = api.get(f"{url}/document").json["document"]["experience"]["experienceItems"]
    assert [job["jobTitle"] for job in titles] == ["Charge Nurse", "Charge Nurse"]
    answer = api.post(f"{url}/review/dismiss", {"path": BESIDE[0], "code": BESIDE[1]})
    assert answer.status_code == 200
    statuses = _statuses(api, url)
    assert statuses[BESIDE] == "dismissed" and statuses[SECOND] == "open"


def test_a_line_beside_a_value_follows_its_entry_when_entries_move(app, api: Api, monkeypatch):
    _with_unread_lines(monkeypatch, BESIDE[0], SECOND[0])
    cv = api.upload(TWO_JOBS, "jane.txt").json
    url = f"/api/v1/cvs/{cv['id']}"
    answer = api.post(f"{url}/review/dismiss", {"path": BESIDE[0], "code": BESIDE[1]})
    assert answer.status_code == 200
    count = _stored_count(app, cv["id"])
    # The jobs swapped: each flag moves with its job, the dismissed one stays dismissed.
    _edit(api, url, lambda doc: jobs(doc).reverse())
    statuses = _statuses(api, url)
    assert statuses[SECOND] == "dismissed" and statuses[BESIDE] == "open"
    assert _stored_count(app, cv["id"]) == count
    # The dismissed job deleted: the other job's flag is still asked, now first.
    _edit(api, url, lambda doc: jobs(doc).pop(1))
    statuses = _statuses(api, url)
    assert statuses[BESIDE] == "open" and SECOND not in statuses
    assert _stored_count(app, cv["id"]) == count


def test_editing_one_of_two_alike_entries_answers_only_its_own_flag(app, api: Api, monkeypatch):
    _with_unread_lines(monkeypatch, BESIDE[0], SECOND[0])
    cv = api.upload(TWO_JOBS, "jane.txt").json
    url = f"/api/v1/cvs/{cv['id']}"
    _edit(api, url, lambda doc: jobs(doc)[1].update(location={"city": "Leeds"}))
    statuses = _statuses(api, url)
    assert statuses[BESIDE] == "open" and statuses[SECOND] == "resolved"
