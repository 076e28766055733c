"""Everything r2w does to an untrusted file without the network, as one call for a child process.

Reading (parsers, OCR), the CV gate and the rule-based extractor all work on what the person
uploaded: the pipeline runs this function in the reading child (r2w.intake.isolation), so a file
built to make any of them explode in memory or time is stopped there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from r2w.extraction.gate import GateResult, assess_cv
from r2w.extraction.text import TextResult, extract_text


@dataclass(frozen=True)
class OfflineResult:
    """The text read, the gate's verdict, the embedded photo and, when asked for, the document."""

    text: TextResult
    gate: GateResult
    document: dict[str, Any] | None = None
    # The portrait a PDF or DOCX carries, already checked and re-encoded as WebP.
    photo: bytes | None = None


def read_file(data: bytes, kind: str, *, extract: bool) -> OfflineResult:
    """Read a file, gate it, and with extract build its document with the offline extractor.

    Raises TextExtractionFailed (unreadable file) or ExtractionFailed (no document) as the
    steps themselves do; a file the gate refuses comes back without a document.
    """
    text = extract_text(data, kind)
    gate = assess_cv(text.text)
    if not gate.is_cv:
        return OfflineResult(text, gate)
    from r2w.extraction.photo import find_photo

    photo = find_photo(data, kind)
    if not extract:
        return OfflineResult(text, gate, photo=photo)
    from r2w.extraction.heuristic import HeuristicExtractor

    document = HeuristicExtractor().extract(text.text, source=data, kind=kind, reading=text.reading)
    return OfflineResult(text, gate, document, photo)
