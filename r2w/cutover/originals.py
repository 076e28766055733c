"""The original's upload files: the three layouts, hashing, and files no row names (orphans).

Layouts (original-system.md): ``{job_id}{file_type}`` for signed-in uploads,
``{anonymous_id}/{job_id}{file_type}`` for anonymous ones, and a folder ``{job_id}/`` of
``NN_<name>`` pages for multi-file uploads; ``{job_id}_extracted.json`` may sit beside.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1024 * 1024
_PAGE = re.compile(r"^(\d+)_(.+)$")


@dataclass(frozen=True)
class SourceFile:
    """One file of an upload: where it is, its bytes' SHA-256 and size, its page number."""

    path: Path
    relative: str
    sha256: str
    size: int
    name: str  # the person's file name (the page prefix removed for multi-file uploads)


def file_sha256(path: Path) -> tuple[str, int]:
    """SHA-256 hex and size of a file, read in chunks (memory stays flat for large files)."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _safe_part(value: str) -> bool:
    # Ids from the database become path parts: never let one climb out of the folder.
    return bool(value) and "/" not in value and "\\" not in value and value not in (".", "..")


class UploadsFolder:
    """The original's uploads folder (read only)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _file(self, path: Path, name: str) -> SourceFile:
        sha, size = file_sha256(path)
        return SourceFile(path, self.relative(path), sha, size, name)

    def paths(self, row: dict) -> list[tuple[Path, str]]:
        """The upload's file path(s) in page order with the person's names (nothing read)."""
        job, ext, owner = str(row["job_id"]), str(row["file_type"] or ""), str(row["user_id"])
        if not _safe_part(job) or not (ext == "" or _safe_part(ext)):
            return []
        candidates = [self.root / f"{job}{ext}"]
        if _safe_part(owner):
            candidates.append(self.root / owner / f"{job}{ext}")
        for path in candidates:
            if path.is_file():
                return [(path, str(row["filename"]))]
        folder = self.root / job
        return pages(folder) if folder.is_dir() else []

    def relative(self, path: Path) -> str:
        """A path under the folder as a relative POSIX path (the report's and records' form)."""
        return path.relative_to(self.root).as_posix()

    def locate(self, row: dict) -> list[SourceFile]:
        """The upload's file(s) in page order, hashed; empty when none is on disk."""
        return [self._file(path, name) for path, name in self.paths(row)]

    def extracted_json(self, job_id: str) -> Path | None:
        """The extraction result kept beside an upload, if any."""
        path = self.root / f"{job_id}_extracted.json"
        return path if _safe_part(job_id) and path.is_file() else None

    def walk(self) -> Iterator[str]:
        """Every file under the folder as a relative POSIX path, sorted."""
        for path in sorted(self.root.rglob("*")):
            if path.is_file():
                yield path.relative_to(self.root).as_posix()


def pages(folder: Path) -> list[tuple[Path, str]]:
    """A multi-file upload's ``NN_<name>`` files in page order (numeric NN) with their names."""
    found = []
    for path in folder.iterdir():
        match = _PAGE.match(path.name)
        if path.is_file():
            number = int(match.group(1)) if match else 10**9
            found.append((number, path.name, path, match.group(2) if match else path.name))
    return [(path, name) for _, _, path, name in sorted(found)]


def hash_matches(recorded: str | None, files: list[SourceFile]) -> bool | None:
    """Whether the row's file_hash names these bytes (None: no hash was recorded).

    A multi-file upload matches when the hash is that of any page or of the pages joined.
    """
    if not recorded:
        return None
    recorded = recorded.strip().lower()
    if any(f.sha256 == recorded for f in files):
        return True
    if len(files) > 1:
        joined = hashlib.sha256()
        for f in files:
            with f.path.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    joined.update(chunk)
        return joined.hexdigest() == recorded
    return False
