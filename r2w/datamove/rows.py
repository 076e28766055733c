"""Copying every model table from the source to PostgreSQL, idempotently and resumably.

Tables go parents first (``db.metadata.sorted_tables``). Each batch is inserted in its own
transaction with ``INSERT … ON CONFLICT (id) DO NOTHING``: a batch is in entirely or not at all,
rows already at the target are left alone, so a re-run after an interruption (or after success)
simply skips what is there and copies the rest.

A foreign key that closes a cycle (portfolios.live_build_id -> builds, ``use_alter``) cannot be
satisfied while its table is copied: such columns are inserted as NULL and set afterwards, once
every table is in, only where the target still has NULL (so re-runs never overwrite).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Column, Table, bindparam, null, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Engine

from r2w.datamove.progress import Emit, silent
from r2w.datamove.records import (
    SQL_NULL,
    Row,
    deferred_columns,
    iter_batches,
    model_tables,
    primary_key,
)


@dataclass
class TableCopy:
    """What copying one table did."""

    table: str
    read: int = 0
    inserted: int = 0
    linked: int = 0  # deferred foreign-key values set after every table was copied

    def as_dict(self) -> dict[str, Any]:
        """The counts, for the report and progress lines."""
        return asdict(self)


def _insert_values(row: Row, deferred: set[str]) -> Row:
    # Every dict carries every column: executemany takes its column list from the first one.
    return {
        name: None if name in deferred else null() if value is SQL_NULL else value
        for name, value in row.items()
    }


def copy_table(
    source: Engine, target: Engine, table: Table, batch_size: int, progress: Emit = silent
) -> TableCopy:
    """Insert every source row of ``table`` missing at the target; returns the counts."""
    pk = primary_key(table)
    deferred = {column.name for column in deferred_columns(table)}
    # RETURNING lists only the rows actually inserted, not those skipped as conflicts.
    stmt = pg_insert(table).on_conflict_do_nothing(index_elements=[pk]).returning(pk)
    stats = TableCopy(table.name)
    with source.connect() as src:
        for batch in iter_batches(src, table, batch_size):
            values = [_insert_values(row, deferred) for row in batch]
            with target.begin() as dst:
                inserted = len(dst.execute(stmt, values).all())
            stats.read += len(batch)
            stats.inserted += inserted
            progress("rows.batch", table=table.name, read=stats.read, inserted=stats.inserted)
    progress("rows.table", **stats.as_dict())
    return stats


def link_column(
    source: Engine,
    target: Engine,
    table: Table,
    column: Column,
    batch_size: int,
    progress: Emit = silent,
) -> int:
    """Set a deferred foreign-key column from the source where the target has NULL."""
    pk = primary_key(table)
    # Columns with an onupdate default (updated_at) are set to themselves: otherwise Core would
    # stamp them with the time of the move, and the row would no longer match the source.
    keep = {c.name: c for c in table.columns if c.onupdate is not None and c is not column}
    stmt = (
        update(table)
        .where(pk == bindparam("_pk"), column.is_(None))
        .values({**keep, column.name: bindparam("_value")})
    )
    linked = 0
    with source.connect() as src:
        for batch in iter_batches(src, table, batch_size):
            params = [
                {"_pk": row[pk.name], "_value": row[column.name]}
                for row in batch
                if row[column.name] is not None
            ]
            if params:
                with target.begin() as dst:
                    linked += dst.execute(stmt, params).rowcount
    progress("rows.linked", table=table.name, column=column.name, updated=linked)
    return linked


def copy_tables(
    source: Engine, target: Engine, *, batch_size: int, progress: Emit = silent
) -> list[TableCopy]:
    """Copy every model table, then the deferred foreign keys; counts per table."""
    tables = model_tables()
    results = {t.name: copy_table(source, target, t, batch_size, progress) for t in tables}
    for table in tables:
        for column in deferred_columns(table):
            results[table.name].linked += link_column(
                source, target, table, column, batch_size, progress
            )
    return list(results.values())
