"""The error probes of `python -m corpus.errors`: what they make r2w forget."""

from __future__ import annotations

from corpus.errors import blind_content, content_words
from corpus.pools import POOLS
from r2w.extraction import section_model


def test_blind_content_forgets_the_seen_pools_words_and_keeps_the_held_ones_out() -> None:
    words = content_words()
    assert "julia" in words  # a first name train and dev draw
    # The held halves are the test split's: the probe neither reads nor names them.
    held = {w.casefold() for entry in POOLS["first"]["held"] for w in entry.split()}
    assert not held & words
    # Words r2w's own vocabulary knows are general knowledge, not a pool's.
    assert "university" not in words


def test_blind_content_takes_the_words_out_of_the_section_readers_vocabulary() -> None:
    model = section_model._model()
    assert model is not None
    before = set(model["vocabulary"])
    pooled = {f"w:{w}" for w in content_words()} & before
    assert len(pooled) > 50  # the shipped model learned many of the generated words
    try:
        blind_content()
        assert not pooled & model["vocabulary"]
        # Shapes and general words stay.
        assert before - pooled == model["vocabulary"]
    finally:
        section_model._model.cache_clear()
