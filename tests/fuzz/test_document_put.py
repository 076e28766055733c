"""PUT /api/v1/cvs/<id>/document under generated documents: valid ones round-trip verbatim,
invalid ones are a 4xx with field paths and change nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from r2w.cvdoc import validate_document
from tests.builder.factories import full_document
from tests.fuzz.conftest import (
    FUZZ,
    ON_BOTH_DATABASES,
    assert_nothing_written,
    assert_still_serving,
    examples,
)
from tests.security.support import snapshot

# Text as people write it in any script, plus the characters that break naive code.
TEXT = st.text(
    st.characters(
        categories=["L", "M", "N", "P", "S", "Zs", "Cc", "Cf"],
        include_characters="\u2028\u2029\ufeff\u202e\u200d\x00",
    ),
    max_size=60,
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
    st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3),  # lone surrogates
    st.sampled_from(["x" * 20_001, "y" * 200_001, " " * 50]),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)

pytestmark = ON_BOTH_DATABASES


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path (as key/index tuples) into a nested document, containers included."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


PATHS = _paths(full_document())


def _replace(document: dict, path: tuple, value: Any) -> dict:
    doc = json.loads(json.dumps(document))
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


@st.composite
def documents(draw) -> Any:
    """A valid document with one part replaced, or a whole generated value."""
    if draw(st.integers(0, 4)) == 0:
        return draw(JSON)
    return _replace(full_document(), draw(st.sampled_from(PATHS)), draw(JSON))


def _put(visitor, document: Any):
    body = json.dumps({"document": document}, allow_nan=False)
    return visitor.api.client.put(
        f"/api/v1/cvs/{visitor.cv_id}/document",
        data=body,
        content_type="application/json",
        headers={"X-CSRFToken": visitor.api.token, "Accept": "application/json"},
    )


def test_generated_documents_are_saved_exactly_or_refused_cleanly(fuzz_app, visitor):
    outcomes: set[int] = set()

    @settings(FUZZ, max_examples=examples(60))
    @given(document=documents())
    def run(document):
        before = snapshot(fuzz_app)
        revision = visitor.api.get(f"/api/v1/cvs/{visitor.cv_id}/document").json["revision"]
        response = _put(visitor, document)
        outcomes.add(response.status_code)

        assert response.status_code in (200, 400, 422), response.get_data(as_text=True)[:300]
        if response.status_code == 200:
            saved = response.json["document"]
            assert response.json["revision"] == revision + 1
            assert validate_document(saved) == saved  # normalised once and for all
            json.dumps(saved, allow_nan=False)  # standard JSON only
            assert visitor.api.get(f"/api/v1/cvs/{visitor.cv_id}/document").json["document"] == (
                saved
            )
        else:
            assert_nothing_written(fuzz_app, before, document)
            errors = response.json.get("errors", [])
            assert response.status_code == 400 or errors, response.json
            assert all({"path", "message"} <= set(e) for e in errors)

    run()

    assert {200, 422} <= outcomes  # both sides of validation were reached
    assert_still_serving(fuzz_app)


def test_text_is_kept_verbatim_in_any_script(fuzz_app, visitor):
    @settings(FUZZ, max_examples=examples(40))
    @given(text=TEXT.filter(lambda t: t.strip()))
    def run(text):
        document = full_document()
        document["hero"]["fullName"] = text
        document["experience"]["experienceItems"][0]["responsibilitiesAndAchievements"] = [text]
        response = _put(visitor, document)

        assert response.status_code == 200, response.json
        saved = visitor.api.get(f"/api/v1/cvs/{visitor.cv_id}/document").json["document"]
        assert saved["hero"]["fullName"] == text
        assert saved["experience"]["experienceItems"][0]["responsibilitiesAndAchievements"] == [
            text
        ]

    run()


@pytest.mark.parametrize(
    "value,status",
    [
        ("x" * 20_000, 200),
        ("x" * 20_001, 422),
        ("\ud800", 422),
        (float("1e308"), 422),
        (2**64, 422),
        ({"deep": [[[[[[[[1]]]]]]]]}, 422),
    ],
    ids=["max-text", "over-max-text", "lone-surrogate", "float-name", "bigint-name", "deep"],
)
def test_limits_on_a_text_field(fuzz_app, visitor, value, status):
    document = full_document()
    document["hero"]["fullName"] = value
    before = snapshot(fuzz_app)

    response = _put(visitor, document)

    assert response.status_code == status, response.json
    if status != 200:
        assert response.json["errors"][0]["path"].startswith("hero.fullName")
        assert_nothing_written(fuzz_app, before, value)
