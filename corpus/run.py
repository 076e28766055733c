"""Run r2w's extraction on one file through its public functions only."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.score import unread_in
from r2w.extraction.base import ExtractionFailed
from r2w.extraction.heuristic import HeuristicExtractor
from r2w.extraction.sniff import UnsupportedFile, check_upload
from r2w.extraction.text import TextExtractionFailed, extract_text


@dataclass
class Outcome:
    """What extraction made of one file: the document, the text read and any flags."""

    kind: str = ""
    document: dict[str, Any] = field(default_factory=dict)
    text: str = ""
    flags: list[str] | None = None  # the paths the flags cover (flag_paths)
    shown: list[str] | None = None  # the paths the flags are shown on
    error: str | None = None
    seconds: float = 0.0


def review_flags(document: dict[str, Any], text: str, reading: Any) -> list[Any] | None:
    """The flags of r2w.extraction.confidence.review, or None if it is absent."""
    try:
        from r2w.extraction.confidence import review
    except ImportError:
        return None
    return review(document, text, reading).flags


def flag_paths(flags: list[Any]) -> list[str]:
    """The paths review flags cover, as the scorer reads them."""
    return [_covered(flag) for flag in flags]


def _covered(flag: Any) -> str:
    """The path one flag covers: a guessed section is flagged once, at its title, and a
    guessed entry once, at its first value; each asks the person to check that the whole
    section or entry belongs where it was filed, so it covers every value in it. A flag at a
    section's title saying entries may be missing covers the entries read nowhere."""
    from r2w.extraction.confidence.model import ENTRIES_MAY_BE_MISSING

    if flag.code in ENTRIES_MAY_BE_MISSING and flag.path.endswith(".sectionTitle"):
        return unread_in(flag.path.removesuffix(".sectionTitle"))
    if flag.code != "guessed_section":
        return flag.path
    if flag.path.endswith(".sectionTitle"):
        return flag.path.removesuffix(".sectionTitle")
    from r2w.extraction.confidence.fields import item_of

    return item_of(flag.path)


def flags_available() -> bool:
    """Whether this checkout has r2w.extraction.confidence.review."""
    try:
        from r2w.extraction.confidence import review  # noqa: F401
    except ImportError:
        return False
    return True


def extract_file(path: Path) -> Outcome:
    """check_upload -> extract_text -> HeuristicExtractor().extract (-> review when present)."""
    started = time.perf_counter()
    outcome = Outcome()
    data = path.read_bytes()
    try:
        outcome.kind = check_upload(data, path.name)
        result = extract_text(data, outcome.kind)
        outcome.text = result.text
        outcome.document = HeuristicExtractor().extract(
            result.text, source=data, kind=outcome.kind, reading=result.reading
        )
        reading = getattr(result, "reading", None)
        flags = review_flags(outcome.document, result.text, reading)
        if flags is not None:
            outcome.flags = flag_paths(flags)
            outcome.shown = [flag.path for flag in flags]
    except (UnsupportedFile, TextExtractionFailed, ExtractionFailed) as exc:
        outcome.error = f"{type(exc).__name__}: {exc}"
    outcome.seconds = time.perf_counter() - started
    return outcome
