"""Towns r2w knows by name, for a place a CV writes alone ("MSc Data Science, Munich")."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

PLACES_PATH = Path(__file__).resolve().parent / "data" / "places.txt"


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    """The town names of data/places.txt (written by python -m corpus.build_places)."""
    if not PLACES_PATH.exists():
        return frozenset()
    lines = PLACES_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_town(text: str) -> bool:
    """Whether text is a town's name, written as the town writes it ("Munich", "São Paulo")."""
    name = unicodedata.normalize("NFC", " ".join(text.split()))
    return name in _names()
