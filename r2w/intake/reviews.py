"""A CV's review as the person sees it: extraction flags, minus what they fixed or dismissed.

The extraction's flags are stored with its run and never change. What the person sees is
worked out on each read against the document as it stands: a flag whose field they edited is
resolved, one they dismissed stays dismissed (remembered on the CV by path and code), and an
edited e-mail, phone, link or date that has a wrong shape gets a fresh flag. A flag about a
line of the scan beside a value that could not be read (unread_line) asks about its entry
rather than the value: it follows the entry where the entries move, any change to the entry
answers it, and a dismissal is remembered by the entry's content. One at a section's heading
saying an entry may be missing (empty_section, unread_in_section) is answered, and its
dismissal remembered, the same way by the section's entries.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from r2w.api.helpers import BadRequest
from r2w.cvdoc.errors import DocumentInvalid
from r2w.extensions import db
from r2w.models import CV, Extraction

log = logging.getLogger(__name__)
_INDEX = re.compile(r"\[\d+\]")
# Flags on a value about a line beside it the scan could not give (confidence.illegible).
UNREAD_LINE = "unread_line"
# Flags about an entry, or about a section's entries (one may be missing: the codes of
# confidence.model.ENTRIES_MAY_BE_MISSING), rather than about the value they sit on: any
# change to the entry or section answers them. Written out: the confidence package loads the
# document models, which the app does not import to start (tests/app/test_startup.py).
ABOUT_ENTRIES = frozenset({UNREAD_LINE, "empty_section", "unread_in_section"})
OPEN, RESOLVED, DISMISSED = "open", "resolved", "dismissed"
# The rules the stored open counts (cvs.open_reviews) were worked out by. Raise it when what
# review_state counts changes (tests/api/test_status_poll.py holds a fingerprint of its code):
# counts stored by older rules are then worked out again, each on its CV's next poll.
COUNT_RULES = 3


def compute(
    document: dict[str, Any], text_result, *, learned: bool = True
) -> dict[str, Any] | None:
    """The review of a freshly extracted document (None if reviewing itself fails); learned
    says whether the learned flag applies (documents of the rule-based extractor)."""
    from r2w.extraction.confidence import review

    reading = getattr(text_result, "reading", None)
    try:
        return review(document, text_result.text, reading, learned=learned).to_json()
    except Exception:  # a review must never cost the person their extracted CV
        log.exception("review failed")
        return None


def reviewed_run(cv: CV) -> Extraction | None:
    """The latest succeeded extraction of the CV that carries a review."""
    return db.session.scalar(
        select(Extraction)
        .where(
            Extraction.cv_id == cv.id,
            Extraction.status == "succeeded",
            Extraction.review.is_not(None),
        )
        .order_by(Extraction.started_at.desc())
        .limit(1)
    )


def _values(document: dict[str, Any] | None) -> dict[str, str]:
    """path -> text of a document (empty when there is none or it no longer validates)."""
    if not document:
        return {}
    try:
        from r2w.cvdoc import iter_text_values  # the pydantic models: only when reviewing

        return dict(iter_text_values(document))
    except DocumentInvalid:
        return {}


def review_state(cv: CV) -> dict[str, Any]:
    """Flags with their status, provenance of unedited values, and how many fields need a look."""
    from r2w.extraction.confidence import shape_flags

    run = reviewed_run(cv)
    stored = (run.review if run else None) or {}
    original = _values(run.document) if run else {}
    current = _values(cv.document)
    dismissed = _dismissed(cv)
    flags = []
    for flag in stored.get("flags", []):
        if flag["code"] in ABOUT_ENTRIES:
            path = _follow_entry(flag["path"], original, current)
        else:
            path = _follow(flag["path"], original, current)
            if _list_edited(flag["path"], original, current):
                path = None
        if path is None:
            flags.append(flag | {"status": RESOLVED})
            continue
        gone = (flag["code"], dismissal_key(flag["code"], path, current)) in dismissed["values"]
        if flag["code"] not in ABOUT_ENTRIES:  # one about entries is not remembered by place
            gone = gone or (path, flag["code"]) in dismissed["paths"]
        flags.append(flag | {"path": path, "status": DISMISSED if gone else OPEN})
    seen = {(f["path"], f["code"]) for f in flags if f["status"] != RESOLVED}
    for path, value in current.items():
        if original.get(path) == value:
            continue
        for flag in shape_flags(path, value):
            if (flag.path, flag.code) not in seen:
                gone = (flag.path, flag.code) in dismissed["paths"]
                gone = gone or (flag.code, value) in dismissed["values"]
                flags.append(flag.to_json() | {"status": DISMISSED if gone else OPEN})
    provenance = {}
    for path, where in stored.get("provenance", {}).items():
        now = _follow(path, original, current)
        if now is not None:
            provenance[now] = where
    return {
        "flags": flags,
        "provenance": provenance,
        "count": len({f["path"] for f in flags if f["status"] == OPEN}),
        "revision": cv.document_revision,
    }


def _follow(path: str, original: dict[str, str], current: dict[str, str]) -> str | None:
    """Where a flagged value is now: its path if unchanged there, else the same field of
    another item holding it (items were reordered or one was deleted), else None (edited)."""
    value = original.get(path)
    if value is None:
        return _follow_place(path, original, current)
    if current.get(path) == value:
        return path
    field = _INDEX.sub("[]", path)
    for other, text in current.items():
        if text == value and _INDEX.sub("[]", other) == field and original.get(other) != value:
            return other
    return None


# The index at the end of a path to one text of a list ("….responsibilitiesAndAchievements[0]").
_LAST_INDEX = re.compile(r"\[\d+\]$")


def _list_edited(path: str, original: dict[str, str], current: dict[str, str]) -> bool:
    """Whether path is one text of a list that the person edited as a whole.

    The editor shows a list of texts (a job's bullets) as one field: a flag on one of its
    texts is answered by editing the field, wherever in it the edit went.
    """
    if not _LAST_INDEX.search(path) or path not in original:
        return False
    parent = _LAST_INDEX.sub("", path) + "["

    def texts(values: dict[str, str]) -> list[str]:
        return [
            text
            for key, text in values.items()
            if key.startswith(parent) and "." not in key[len(parent) :]
        ]

    return texts(original) != texts(current)


def _entry_texts(path: str, values: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The entry a path lies in (its list item; a plain list's text, the list; else its
    section) and that entry's texts by their place inside it, headings left out (renaming a
    section answers nothing)."""
    from r2w.extraction.confidence.fields import item_of

    entry = item_of(path)
    if entry == path:  # a text of a plain list (a skill): the list is its entry
        entry = _LAST_INDEX.sub("", path)
    inside = (entry + ".", entry + "[")
    texts = {
        key[len(entry) :]: text
        for key, text in values.items()
        if key.startswith(inside) and not key.endswith(".sectionTitle")
    }
    return entry, texts


def _follow_entry(path: str, original: dict[str, str], current: dict[str, str]) -> str | None:
    """Where a flag about its value's entry is now: the same place in the entry of the same
    list that holds just what the entry held (entries were reordered or one was deleted),
    else None (the person changed the entry: resolved)."""
    from r2w.extraction.confidence.fields import item_of

    entry, texts = _entry_texts(path, original)
    place = path[len(entry) :]
    if _entry_texts(path, current)[1] == texts:
        return path
    if not entry.endswith("]"):
        return None  # a section's own details or a whole list changed: answered
    items = entry[: entry.rindex("[") + 1]
    for key in current:
        if key.startswith(items):
            other = item_of(key)
            if other != entry and _entry_texts(other + place, current)[1] == texts:
                return other + place
    return None


def dismissal_key(code: str, path: str, values: dict[str, str]) -> str | None:
    """What a dismissal of a flag is remembered by besides its path: its value, or for a
    flag about its value's entry, the entry's texts (so it follows the entry as it moves)."""
    if code not in ABOUT_ENTRIES:
        return values.get(path)
    entry, texts = _entry_texts(path, values)
    return json.dumps([path[len(entry) :], sorted(texts.items())], ensure_ascii=False)


def _follow_place(path: str, original: dict[str, str], current: dict[str, str]) -> str | None:
    """Where a flag on a place rather than a value is now: a whole item or section stays open
    while it is there, a missing value until the person fills it in (then None, resolved)."""

    def holds(values: dict[str, str]) -> bool:
        return any(other.startswith((path + ".", path + "[")) for other in values)

    if holds(original):
        return path if holds(current) else None
    return None if current.get(path) or holds(current) else path


def _dismissed(cv: CV) -> dict[str, set]:
    """Dismissed flags by (path, code) and by (code, value): a dismissal follows its value
    (for a flag about its value's entry, the entry's texts: dismissal_key)."""
    entries = cv.review_dismissed or []
    return {
        "paths": {(d.get("path"), d.get("code")) for d in entries},
        "values": {(d.get("code"), d.get("value")) for d in entries if d.get("value") is not None},
    }


def open_count(cv: CV) -> int:
    """How many fields of the CV still need a look (worked out from the document)."""
    return review_state(cv)["count"] if cv.document is not None else 0


def recount(cv: CV) -> dict[str, Any] | None:
    """Store the CV's open count with a change of it about to be committed (writers call this);
    the review it was counted from (None without a document or where counting failed).

    The change is flushed first: from then on the CV's row is this transaction's until it
    commits, so no other writer can change it in between. What this change did not set (a
    dismissal saved by another request a moment ago) is read again, and the count is worked
    out from the CV as it will be committed. A count that fails costs no one their change: it
    stays NULL, for the next poll to work out.
    """
    state = sa_inspect(cv).attrs
    others = [name for name in _COUNTED_FROM if not state[name].history.has_changes()]
    db.session.flush()
    if others:
        # One small read of those columns (the ORM's refresh costs more than the count's
        # own queries), set as committed values: no change of this CV, no listener.
        columns = [getattr(CV, name) for name in others]
        fresh = db.session.connection().execute(select(*columns).where(CV.id == cv.id)).one()
        for name, value in zip(others, fresh, strict=True):
            set_committed_value(cv, name, value)
    try:
        state = review_state(cv) if cv.document is not None else None
    except Exception:
        log.exception("counting the open review flags of CV %s failed", cv.id)
        cv.open_reviews = None
        return None
    cv.open_reviews, cv.open_reviews_rules = (state["count"] if state else 0), COUNT_RULES
    return state


# The CV's columns an open count depends on (and its latest reviewed extraction run).
_COUNTED_FROM = ("document", "review_dismissed")


def recount_reader(cv: CV) -> int:
    """Work out a CV's open count for a reader and store it if it still holds (see
    remember_count); a failure to store it costs the reader nothing."""
    count = open_count(cv)
    try:
        remember_count(cv.id, cv.updated_at, count)
        db.session.commit()
    except Exception:
        log.exception("storing the open review count of CV %s failed", cv.id)
        db.session.rollback()
    return count


def counted(open_reviews: int | None, rules: int | None) -> int | None:
    """A stored count if it still holds: stored, and by the rules r2w counts by now."""
    return open_reviews if open_reviews is not None and rules == COUNT_RULES else None


def stored_count(cv: CV) -> int:
    """The stored open count, worked out from the document where none holds."""
    count = counted(cv.open_reviews, cv.open_reviews_rules)
    return count if count is not None else open_count(cv)


def remember_count(cv_id: str, updated_at: Any, count: int) -> None:
    """Store a count worked out from the CV as it was at updated_at, unless it changed since.

    A writer in between changed updated_at (and set the count back to NULL), and then this
    stores nothing. updated_at is written back unchanged, so storing a count is not a change
    anyone sees.
    """
    stale = or_(CV.open_reviews.is_(None), CV.open_reviews_rules.is_distinct_from(COUNT_RULES))
    db.session.execute(
        update(CV)
        .where(CV.id == cv_id, CV.updated_at == updated_at, stale)
        .values(open_reviews=count, open_reviews_rules=COUNT_RULES, updated_at=CV.updated_at)
        .execution_options(synchronize_session=False)
    )


def dismiss(cv: CV, body: dict[str, Any]) -> dict[str, Any]:
    """Remember that the person looked at a flag (path + code) and kept the value."""
    path, code = body.get("path"), body.get("code")
    if not isinstance(path, str) or not isinstance(code, str):
        raise BadRequest("Send the flag's path and code.", code="invalid_flag")
    state = review_state(cv)
    if not any(f["path"] == path and f["code"] == code for f in state["flags"]):
        raise BadRequest("This CV has no such flag.", code="no_such_flag", status=404)
    value = dismissal_key(code, path, _values(cv.document))
    entry = {"path": path, "code": code, "value": value}
    if entry not in (cv.review_dismissed or []):
        # A new list, so the JSON column sees the change.
        cv.review_dismissed = [*(cv.review_dismissed or []), entry]
        counted_from = recount(cv)
        db.session.commit()
        return counted_from or review_state(cv)
    return state  # nothing changed since it was worked out
