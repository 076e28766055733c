"""The plain-Python normal-form check: it agrees with the pydantic models it was generated from."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from r2w.cvdoc import DocumentInvalid, empty_document, validate_document
from r2w.cvdoc.normal import checked_document, is_normal, with_defaults
from r2w.cvdoc.shape import SHAPE
from r2w.cvdoc.shapegen import build_shape
from tests.cvdoc.strategies import documents

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "tests" / "fixtures" / "cvs"


def dumped(value: Any) -> str:
    """JSON text with key order kept: what storing and re-reading the document gives."""
    return json.dumps(value, ensure_ascii=False)


def test_shape_file_matches_the_models():
    # Fails after a model change until `python -m r2w.cvdoc.shapegen` is run.
    assert build_shape() == SHAPE


def test_validated_documents_are_normal(full_document):
    assert is_normal(validate_document(full_document))
    assert is_normal(empty_document())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_check_agrees_with_validation(document):
    try:
        normal = validate_document(document)
    except DocumentInvalid:
        assert not is_normal(document)
        return
    # Every document the app stores passes the check, so the builder never needs the models.
    assert is_normal(normal)
    # Whatever passes is exactly what validation returns: nothing unnormalised gets through.
    if is_normal(document):
        assert dumped(document) == dumped(normal)


def _changed(document: dict[str, Any], change) -> dict[str, Any]:
    copied = copy.deepcopy(document)
    change(copied)
    return copied


CHANGES = {
    "blank string": lambda d: d["hero"].update(fullName="   "),
    "unknown field": lambda d: d["hero"].update(nickname="Ellie"),
    "missing field": lambda d: d["hero"].pop("professionalTitle"),
    "keys reordered": lambda d: d.update(hero=dict(reversed(list(d["hero"].items())))),
    "null list": lambda d: d["experience"].update(experienceItems=None),
    "null section": lambda d: d.update(summary=None),
    "float for integer": lambda d: d["summary"]["additionalData"].update(yearsOfExperience=5.0),
    "string for integer": lambda d: d["summary"]["additionalData"].update(yearsOfExperience="5"),
    "too long": lambda d: d["hero"].update(fullName="x" * 20_001),
    "NaN in free data": lambda d: d["experience"]["experienceItems"][0]["additionalData"].update(
        ratio=float("nan")
    ),
    "wrong version": lambda d: d.update(schemaVersion=2),
    "unknown view mode": lambda d: d["experience"]["experienceItems"][0].update(viewMode="3d"),
    "lone surrogate": lambda d: d["hero"].update(fullName="Ele\ud800anor"),
    "lone surrogate in a list": lambda d: d["skills"].update(ungroupedSkills=["SQL\udfff"]),
    "lone surrogate in a map": lambda d: d["skills"].update(proficiencyIndicators={"a": "\ud800"}),
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_changed_documents_are_not_normal(full_document, name):
    normal = validate_document(full_document)
    assert normal["experience"]["experienceItems"], "the fixture needs a job"

    assert not is_normal(_changed(normal, CHANGES[name]))


def test_checked_document_returns_a_normal_document_as_is(full_document):
    normal = validate_document(full_document)

    assert checked_document(normal) is normal


def test_checked_document_normalises_what_validation_accepts(full_document):
    normal = validate_document(full_document)
    blank = _changed(normal, CHANGES["blank string"])

    assert checked_document(blank) == validate_document(blank)
    assert checked_document(blank)["hero"]["fullName"] is None


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_checked_document_agrees_with_validation_on_changed_documents(full_document, name):
    changed = _changed(validate_document(full_document), CHANGES[name])
    try:
        expected = validate_document(changed)
    except DocumentInvalid as exc:
        with pytest.raises(DocumentInvalid) as raised:
            checked_document(changed)
        assert raised.value.errors == exc.errors
    else:
        assert dumped(checked_document(changed)) == dumped(expected)


def test_checked_document_rejects_invalid_documents_with_their_paths(full_document):
    invalid = _changed(validate_document(full_document), CHANGES["unknown view mode"])

    with pytest.raises(DocumentInvalid, match=r"experience\.experienceItems\[0\]\.viewMode"):
        checked_document(invalid)


def test_checking_a_normal_document_does_not_import_pydantic(full_document):
    probe = (
        "import json, sys\n"
        "from r2w.cvdoc.normal import checked_document\n"
        "document = json.loads(sys.stdin.read())\n"
        "assert checked_document(document) is document\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        input=json.dumps(validate_document(full_document)),
        capture_output=True, text=True, cwd=REPO, timeout=60, check=True,
    )  # fmt: skip

    assert json.loads(result.stdout) == []


def test_hooks_the_check_does_not_mirror_are_found():
    from typing import Annotated

    from pydantic import BaseModel, StringConstraints, field_validator

    from r2w.cvdoc.shapegen import KNOWN_HOOKS, _hooks

    class Changed(BaseModel):
        name: Annotated[str, StringConstraints(strip_whitespace=True)] = ""

        @field_validator("name")
        @classmethod
        def _title(cls, value: str) -> str:
            return value.title()

    # Generating the shape refuses these, so the check never accepts what validation changes.
    assert _hooks(Changed) - KNOWN_HOOKS == {"field_validators:_title", "string transform"}


@pytest.mark.parametrize("free", [{"k\ud800": "v"}, {"k": "v\udfff"}, {"k": ["\ud800"]}])
def test_lone_surrogates_in_free_data_are_not_normal(full_document, free):
    """Free data with a lone surrogate goes through full validation (which rewrites them in
    keys; values it keeps, so checking them is only cautious)."""
    document = copy.deepcopy(full_document)
    document["experience"]["experienceItems"][0]["additionalData"] = free
    assert not is_normal(document)
    assert checked_document(document) == validate_document(copy.deepcopy(document))
    assert checked_document(document) == validate_document(copy.deepcopy(document))


def test_the_plain_empty_document_is_the_models():
    from r2w.cvdoc import empty_document
    from r2w.cvdoc.normal import empty_document as plain_empty

    assert plain_empty() == empty_document()
    assert is_normal(plain_empty())


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.iterdir() if p.is_file()))
def test_filling_defaults_changes_nothing_validation_would_not(name):
    # The heuristic extractor builds items with the fields it found; with_defaults must give
    # exactly what validation gives, so skipping pydantic for it changes no document.
    from r2w.extraction.heuristic import build_document
    from r2w.extraction.sniff import check_upload
    from r2w.extraction.text import extract_text

    data = (SAMPLES / name).read_bytes()
    text = extract_text(data, check_upload(data, name)).text
    raw = build_document(text)
    assert checked_document(with_defaults(raw)) == validate_document(raw)


def test_filling_defaults_leaves_what_it_does_not_know_to_validation():
    from r2w.cvdoc.normal import empty_document as plain_empty

    document = plain_empty()
    document["experience"]["experienceItems"].append({"jobTitle": "Chef", "salary": "1"})
    filled = with_defaults(document)
    assert filled["experience"]["experienceItems"][0] == {"jobTitle": "Chef", "salary": "1"}
    with pytest.raises(DocumentInvalid):
        checked_document(filled)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_filling_defaults_agrees_with_validation_on_any_document(document):
    normal = validate_document(document)
    for section in normal.values():
        if not isinstance(section, dict):
            continue
        for items in section.values():
            if isinstance(items, list) and items and isinstance(items[0], dict):
                for item in items:  # leave out every other field, as an extractor would
                    for key in list(item)[::2]:
                        del item[key]
    assert checked_document(with_defaults(normal)) == validate_document(normal)
