"""Comparing source and target: per-table counts and checksums, per-file size and MD5 etag.

Checksums are computed in Python over values normalised by ``records`` (never by the database),
so SQLite and PostgreSQL agree on them whatever their collations or type quirks:

- ids checksum: SHA-256 of the sorted primary keys (which rows exist);
- rows checksum: SHA-256 of the sorted (id, row digest) pairs (what every row holds).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, inspect
from sqlalchemy.engine import Engine

from r2w.datamove.files import same_object
from r2w.datamove.records import iter_batches, primary_key, row_digest
from r2w.storage import ObjectInfo, Storage

SAMPLE = 10  # ids or keys named per problem; the counts are always complete


def _sha256_lines(lines: list[str]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def _sample(items: list[Any]) -> str:
    shown = ", ".join(str(item) for item in items[:SAMPLE])
    more = len(items) - SAMPLE
    return shown + (f" (and {more} more)" if more > 0 else "")


_ROW_LABELS = {
    "missing": "missing at the target",
    "extra": "only at the target",
    "changed": "differ from the source",
}


def _as_dict(check: TableCheck | FileCheck) -> dict[str, Any]:
    # Differences are sampled (a large mismatch must not flood the report); counts are complete.
    data = {k: v for k, v in vars(check).items() if k not in _ROW_LABELS}
    for kind in _ROW_LABELS:
        items = getattr(check, kind)
        data[kind] = len(items)
        data[f"{kind}_sample"] = items[:SAMPLE]
    data["ok"] = check.ok
    return data


@dataclass
class TableDigest:
    """Every row of one table on one side, as primary key -> row digest."""

    rows: dict[str, bytes]

    def ids_sha256(self) -> str:
        """Checksum of the sorted primary keys."""
        return _sha256_lines(sorted(self.rows))

    def rows_sha256(self) -> str:
        """Checksum of the sorted (primary key, row digest) pairs."""
        return _sha256_lines([f"{key}\t{self.rows[key].hex()}" for key in sorted(self.rows)])


def table_digest(engine: Engine, table: Table, batch_size: int) -> TableDigest | None:
    """Digest of every row of ``table``; None when the database has no such table."""
    if not inspect(engine).has_table(table.name):
        return None
    pk = primary_key(table).name
    with engine.connect() as conn:
        rows = {
            str(row[pk]): row_digest(table, row)
            for batch in iter_batches(conn, table, batch_size)
            for row in batch
        }
    return TableDigest(rows)


@dataclass
class TableCheck:
    """One table compared: counts, checksums, and the ids that differ."""

    table: str
    source: int
    target: int | None  # None: the target has no such table
    source_ids_sha256: str
    target_ids_sha256: str | None
    source_rows_sha256: str
    target_rows_sha256: str | None
    missing: list[str] = field(default_factory=list)  # at the source only
    extra: list[str] = field(default_factory=list)  # at the target only
    changed: list[str] = field(default_factory=list)  # on both sides, with other values

    @property
    def ok(self) -> bool:
        """True when the target holds exactly the source's rows."""
        return self.target is not None and not (self.missing or self.extra or self.changed)

    def problems(self) -> list[str]:
        """One readable line per kind of difference."""
        name = f"table {self.table}"
        if self.target is None:
            return [f"{name}: does not exist at the target (schema not migrated)"]
        return [
            f"{name}: {len(ids)} row(s) {label}: {_sample(ids)}"
            for kind, label in _ROW_LABELS.items()
            if (ids := getattr(self, kind))
        ]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (differing ids sampled, counts complete)."""
        return _as_dict(self)


def compare_table(
    source: Engine, target: Engine | None, table: Table, batch_size: int
) -> TableCheck:
    """Compare one table between source and target (None: a target without the schema)."""
    src = table_digest(source, table, batch_size) or TableDigest({})
    dst = table_digest(target, table, batch_size) if target is not None else None
    return compare_digests(table.name, src, dst)


def compare_digests(name: str, src: TableDigest, dst: TableDigest | None) -> TableCheck:
    """Compare one table's digests from two sides, or from two times (the restore drill)."""
    have = dst.rows if dst else {}
    return TableCheck(
        table=name,
        source=len(src.rows),
        target=None if dst is None else len(dst.rows),
        source_ids_sha256=src.ids_sha256(),
        target_ids_sha256=dst.ids_sha256() if dst else None,
        source_rows_sha256=src.rows_sha256(),
        target_rows_sha256=dst.rows_sha256() if dst else None,
        missing=sorted(src.rows.keys() - have.keys()),
        extra=sorted(have.keys() - src.rows.keys()),
        changed=sorted(k for k in src.rows.keys() & have.keys() if src.rows[k] != have[k]),
    )


@dataclass
class FileCheck:
    """The two storages compared: counts, bytes, listing checksums and differing keys."""

    source: int
    target: int
    source_bytes: int
    target_bytes: int
    pending_bytes: int  # bytes of the source objects missing or different at the target
    source_sha256: str
    target_sha256: str
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the target holds exactly the source's objects."""
        return not (self.missing or self.extra or self.changed)

    def problems(self) -> list[str]:
        """One readable line per differing object (up to SAMPLE of each kind)."""
        found = [f"file {key}: missing at the target" for key in self.missing[:SAMPLE]]
        found += [f"file {key}: only at the target" for key in self.extra[:SAMPLE]]
        found += [
            f"file {c['key']}: differs (source {c['source_size']} bytes, etag "
            f"{c['source_etag']}; target {c['target_size']} bytes, etag {c['target_etag']})"
            for c in self.changed[:SAMPLE]
        ]
        for kind in ("missing", "extra", "changed"):
            if len(getattr(self, kind)) > SAMPLE:
                found.append(f"files: {len(getattr(self, kind))} {kind} in all")
        return found

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (differing keys sampled, counts complete)."""
        return _as_dict(self)


def _listing_sha256(objects: dict[str, ObjectInfo]) -> str:
    return _sha256_lines([f"{k}\t{objects[k].size}\t{objects[k].etag}" for k in sorted(objects)])


def _difference(src: ObjectInfo, dst: ObjectInfo) -> dict[str, Any]:
    return {
        "key": src.key,
        "source_size": src.size,
        "target_size": dst.size,
        "source_etag": src.etag,
        "target_etag": dst.etag,
    }


def compare_files(source: Storage, target: Storage) -> FileCheck:
    """Compare every object by key, size and MD5 etag."""
    src = {info.key: info for info in source.list()}
    dst = {info.key: info for info in target.list()}
    missing = sorted(src.keys() - dst.keys())
    changed = [
        _difference(src[k], dst[k])
        for k in sorted(src.keys() & dst.keys())
        if not same_object(dst[k], src[k])
    ]
    return FileCheck(
        source=len(src),
        target=len(dst),
        source_bytes=sum(info.size for info in src.values()),
        target_bytes=sum(info.size for info in dst.values()),
        pending_bytes=sum(src[k].size for k in missing) + sum(c["source_size"] for c in changed),
        source_sha256=_listing_sha256(src),
        target_sha256=_listing_sha256(dst),
        missing=missing,
        extra=sorted(dst.keys() - src.keys()),
        changed=changed,
    )
