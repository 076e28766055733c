"""The import report: every row and file with its outcome (streamed to a JSON file) and a summary.

Entries are written as they happen, so a run over many thousands of rows keeps only counts in
memory. The file is one JSON object: ``{"entries": [...], "summary": {...}, "verification": …}``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import IO, Any

OUTCOMES = ("imported", "merged", "kept_aside", "skipped", "orphan_file", "unchanged")
FLAGS = ("missing_file", "hash_mismatch", "reread", "password_reset")
PROBLEM_SAMPLE = 50


class ReportWriter:
    """Writes entries to the report file and counts them by kind, outcome and flag."""

    def __init__(self, path: Path | None, mode: str) -> None:
        self.mode = mode
        self.counts: Counter[str] = Counter()
        self.bytes_copied = 0
        self.problems_sample: list[str] = []
        self._handle: IO[str] | None = path.open("w", encoding="utf-8") if path else None
        self._first = True
        if self._handle:
            self._handle.write('{"mode": ' + json.dumps(mode) + ', "entries": [\n')

    def entry(self, kind: str, source: str, outcome: str, **fields: Any) -> None:
        """Record what happened to one source row or file."""
        self.counts[f"{kind}.{outcome}"] += 1
        for flag in fields.get("flags") or ():
            self.counts[f"{kind}.{flag}"] += 1
            if flag in ("missing_file", "hash_mismatch") and len(self.problems_sample) < 50:
                self.problems_sample.append(f"{kind} {source}: {flag}")
        if self._handle:
            record = {"kind": kind, "source": source, "outcome": outcome, **fields}
            self._handle.write(("" if self._first else ",\n") + json.dumps(record, default=str))
            self._first = False

    def summary(self) -> dict[str, Any]:
        """Counts per kind and outcome, and the bytes copied."""
        return {"counts": dict(sorted(self.counts.items())), "bytes_copied": self.bytes_copied}

    def close(self, verification: dict[str, Any] | None) -> None:
        """Finish the JSON file with the summary and the verification."""
        if self._handle:
            tail = {"summary": self.summary(), "verification": verification}
            self._handle.write("\n],\n" + json.dumps(tail, default=str)[1:] + "\n")
            self._handle.close()
            self._handle = None


def render(summary: dict[str, Any], verification: dict[str, Any] | None, mode: str) -> str:
    """The human summary printed at the end of a run."""
    counts = summary["counts"]
    lines = [f"import-original ({mode})", ""]
    kinds = sorted({key.split(".")[0] for key in counts})
    for kind in kinds:
        parts = [f"{k.split('.', 1)[1]} {v}" for k, v in counts.items() if k.startswith(kind + ".")]
        lines.append(f"  {kind:<6} " + ", ".join(parts))
    lines.append(f"  bytes copied: {summary['bytes_copied']}")
    if verification is not None:
        lines.append("")
        lines.append("verification: " + ("PASSED" if verification["ok"] else "FAILED"))
        for name, value in verification["counts"].items():
            lines.append(f"  {name}: {value}")
        for problem in verification["problems"][:PROBLEM_SAMPLE]:
            lines.append(f"  - {problem}")
        more = len(verification["problems"]) - PROBLEM_SAMPLE
        if more > 0:
            lines.append(f"  (and {more} more problems: see the JSON report)")
    return "\n".join(lines)
