"""Model rows read in primary-key batches, in a form that round-trips exactly between databases.

Only what the models describe is read: the tables of ``db.metadata`` and their columns, with
plain SELECTs. Two values need care on the way from SQLite to PostgreSQL:

- timestamps: SQLite hands them back naive; r2w only ever stores UTC, so naive means UTC;
- JSON: SQL NULL and a JSON ``null`` both load as ``None``, so JSON columns are read as their
  text and SQL NULL becomes the ``SQL_NULL`` marker, keeping the two apart.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Table, Text, cast, select
from sqlalchemy.engine import Connection

from r2w.datamove.errors import MoveError


class _SqlNull:
    """Marker for a SQL NULL in a JSON column (as opposed to a JSON null)."""

    def __repr__(self) -> str:
        return "SQL_NULL"


SQL_NULL = _SqlNull()

Row = dict[str, Any]


def model_tables() -> list[Table]:
    """Every table of the data model, each after the tables it references."""
    import r2w.models  # noqa: F401 - registers the tables on the metadata
    from r2w.extensions import db

    return list(db.metadata.sorted_tables)


def primary_key(table: Table) -> Column:
    """The single primary-key column of ``table`` (keyset batching and ON CONFLICT need one)."""
    columns = list(table.primary_key.columns)
    if len(columns) != 1:
        raise MoveError(f"table {table.name}: a single-column primary key is required")
    return columns[0]


def deferred_columns(table: Table) -> list[Column]:
    """Foreign-key columns that close a cycle (``use_alter``): set once every table is in."""
    return [
        column
        for constraint in table.foreign_key_constraints
        if constraint.use_alter
        for column in constraint.columns
    ]


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; a naive one is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _select_list(table: Table) -> list[Any]:
    return [
        cast(column, Text).label(column.name) if isinstance(column.type, JSON) else column
        for column in table.columns
    ]


def decode(table: Table, row: Mapping[str, Any]) -> Row:
    """One fetched row as column name -> value (JSON parsed, timestamps aware UTC)."""
    out: Row = {}
    for column in table.columns:
        value = row[column.name]
        if isinstance(column.type, JSON):
            value = SQL_NULL if value is None else json.loads(value)
        elif isinstance(value, datetime):
            value = as_utc(value)
        out[column.name] = value
    return out


def iter_batches(conn: Connection, table: Table, batch_size: int) -> Iterator[list[Row]]:
    """Every row of ``table`` in primary-key order, ``batch_size`` at a time (keyset paging)."""
    pk = primary_key(table)
    query = select(*_select_list(table)).order_by(pk).limit(batch_size)
    last: Any = None
    while True:
        stmt = query if last is None else query.where(pk > last)
        rows = conn.execute(stmt).mappings().all()
        if not rows:
            return
        yield [decode(table, row) for row in rows]
        if len(rows) < batch_size:
            return
        last = rows[-1][pk.name]


def _canonical(column: Column, value: Any) -> Any:
    if isinstance(column.type, JSON):
        # Tagged so that a JSON null, a JSON list and SQL NULL all hash differently.
        return None if value is SQL_NULL else ["json", value]
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    return value


def row_digest(table: Table, row: Row) -> bytes:
    """SHA-256 of the row's values in a database-independent canonical form."""
    values = [_canonical(column, row[column.name]) for column in table.columns]
    text = json.dumps(
        values, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(text.encode("utf-8")).digest()
