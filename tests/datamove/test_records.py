"""Row normalisation and digests, table order, and file comparison/copy on local folders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from r2w.datamove.errors import MoveError
from r2w.datamove.files import copy_files, copy_object
from r2w.datamove.records import SQL_NULL, as_utc, deferred_columns, model_tables, row_digest
from r2w.datamove.report import text_table
from r2w.datamove.verify import compare_files
from r2w.models import CV
from r2w.storage import LocalStorage, ObjectInfo

CVS = CV.__table__
MOMENT = datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=UTC)


def cv_row(**changes) -> dict:
    """A decoded cvs row with every column set."""
    row = {column.name: None for column in CVS.columns}
    row.update(id="c1", document={"hero": {"fullName": "Zoë"}}, created_at=MOMENT, size=10)
    row.update(changes)
    return row


def test_naive_timestamps_are_utc():
    assert as_utc(MOMENT.replace(tzinfo=None)) == MOMENT
    assert as_utc(MOMENT.astimezone(timezone(timedelta(hours=2)))).tzinfo is UTC


@pytest.mark.parametrize(
    ("same", "changes"),
    [
        (True, {"created_at": MOMENT.replace(tzinfo=None)}),  # SQLite's naive UTC
        (True, {"created_at": MOMENT.astimezone(timezone(timedelta(hours=-5)))}),
        (False, {"created_at": MOMENT + timedelta(microseconds=1)}),
        (False, {"document": None}),  # a JSON null...
        (False, {"document": SQL_NULL}),  # ...is not SQL NULL
        (False, {"document": {"hero": {"fullName": "Zoe"}}}),
        (False, {"size": 11}),
    ],
)
def test_row_digest(same: bool, changes: dict):
    assert (row_digest(CVS, cv_row(**changes)) == row_digest(CVS, cv_row())) is same


def test_json_null_and_sql_null_digest_differently():
    assert row_digest(CVS, cv_row(document=None)) != row_digest(CVS, cv_row(document=SQL_NULL))


def test_tables_come_parents_first_and_the_cycle_is_deferred():
    names = [table.name for table in model_tables()]
    assert names.index("users") < names.index("cvs") < names.index("portfolios")
    assert names.index("portfolios") < names.index("builds")
    deferred = {t.name: [c.name for c in deferred_columns(t)] for t in model_tables()}
    assert {name: cols for name, cols in deferred.items() if cols} == {
        "portfolios": ["live_build_id"]
    }


@pytest.fixture
def folders(tmp_path: Path) -> tuple[LocalStorage, LocalStorage]:
    """A source folder with three objects and an empty target folder."""
    source = LocalStorage(tmp_path / "src")
    source.put("a.txt", b"alpha")
    source.put("dir/b.bin", bytes(range(256)) * 1000)
    source.put("empty", b"")
    return source, LocalStorage(tmp_path / "dst")


def test_copy_files_then_nothing_left_to_copy(folders):
    source, target = folders
    first = copy_files(source, target, every=1)
    second = copy_files(source, target)
    assert (first.copied, first.bytes_copied) == (3, 5 + 256_000)
    assert (second.copied, second.skipped) == (0, 3)
    assert target.get_bytes("dir/b.bin") == source.get_bytes("dir/b.bin")
    assert compare_files(source, target).ok


def test_compare_files_names_each_difference(folders):
    source, target = folders
    copy_files(source, target)
    target.put("a.txt", b"ALPHA")
    target.delete("empty")
    target.put("stray", b"?")
    check = compare_files(source, target)
    assert (check.missing, check.extra, [c["key"] for c in check.changed]) == (
        ["empty"],
        ["stray"],
        ["a.txt"],
    )
    assert check.pending_bytes == 5 and not check.ok
    assert check.problems()[0] == "file empty: missing at the target"


class WrongEtag(LocalStorage):
    """A target that reports an etag other than the MD5 of what it was sent."""

    def put(self, key, data, content_type=None) -> ObjectInfo:
        info = super().put(key, data, content_type)
        return ObjectInfo(key, info.size, "0" * 32, info.content_type, None)


def test_copy_object_refuses_a_target_that_got_other_bytes(folders, tmp_path: Path):
    source, _ = folders
    with pytest.raises(MoveError, match=r"file a\.txt: the target reports etag"):
        copy_object(source, WrongEtag(tmp_path / "bad"), source.stat("a.txt"))


def test_text_table_aligns_columns():
    table = text_table(["NAME", "N", "NOTE"], [["users", 7, "ok"], ["cvs", None, "MISMATCH"]])
    assert table.splitlines() == [
        "NAME   N      NOTE",
        "users  7        ok",
        "cvs    -  MISMATCH",
    ]
