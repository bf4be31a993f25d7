"""DurableJSONStorage: atomic writes, rotating backups, recovery, write faults."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB

from trainer.core.progress import (
    DiskFullError,
    DurableJSONStorage,
    ReadOnlyStoreError,
    RecoveryReport,
    StorageError,
)
from trainer.core.progress.storage import SchemaViolation, backup_path


def _open(path: Path, reports: list[RecoveryReport], **kwargs: Any) -> TinyDB:
    return TinyDB(str(path), storage=DurableJSONStorage, on_recovery=reports.append, **kwargs)


def _names(db: TinyDB) -> list[str]:
    return [doc["name"] for doc in db.table("items").all()]


def test_round_trip_and_plain_tinydb_json(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    reports: list[RecoveryReport] = []
    with _open(path, reports) as db:
        db.table("items").insert({"name": "a"})
        db.table("items").insert({"name": "ü"})
    assert json.loads(path.read_text("utf-8")) == {
        "items": {"1": {"name": "a"}, "2": {"name": "ü"}}
    }
    with _open(path, reports) as db:
        assert _names(db) == ["a", "ü"]
    assert reports == []
    assert not (tmp_path / ".db.json.tmp").exists()


def test_keeps_the_last_three_versions_as_backups(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with _open(path, []) as db:
        for name in "abcde":
            db.table("items").insert({"name": name})
    contents = {
        index: [
            d["name"] for d in json.loads(backup_path(path, index).read_text())["items"].values()
        ]
        for index in (1, 2, 3)
    }
    assert contents == {1: list("abcd"), 2: list("abc"), 3: list("ab")}
    assert not backup_path(path, 4).exists()
    # Backups are separate files: changing the main file leaves them alone.
    assert os.stat(path).st_ino != os.stat(backup_path(path, 1)).st_ino


DAMAGE = {
    "truncated": lambda good: good[: len(good) // 2],
    "empty": lambda good: b"",
    "garbage": lambda good: b"\x00\xff\xfe not json at all",
    "wrong-schema": lambda good: b'{"items": ["not", "documents"]}',
    "wrong-type": lambda good: b"[1, 2, 3]",
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_file_is_moved_aside_and_newest_backup_restored(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "db.json"
    with _open(path, []) as db:
        for name in "abc":
            db.table("items").insert({"name": name})
    damaged = DAMAGE[kind](path.read_bytes())
    path.write_bytes(damaged)

    reports: list[RecoveryReport] = []
    with _open(path, reports) as db:
        assert _names(db) == ["a", "b"]  # .bak1 = the version before the last write
    assert len(reports) == 1
    report = reports[0]
    assert report.path == path
    assert report.recovered_from == backup_path(path, 1)
    assert report.records_recovered == 2
    assert report.moved_to is not None and report.moved_to.name.startswith("db.json.damaged-")
    assert report.moved_to.read_bytes() == damaged  # kept byte for byte
    assert "could not be read" in report.describe()
    # The restored state is on disk: a second open needs no recovery.
    again: list[RecoveryReport] = []
    with _open(path, again) as db:
        assert _names(db) == ["a", "b"]
    assert again == []


def test_damaged_backups_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with _open(path, []) as db:
        for name in "abcd":
            db.table("items").insert({"name": name})
    path.write_bytes(b"{")
    backup_path(path, 1).write_bytes(b"")
    reports: list[RecoveryReport] = []
    with _open(path, reports) as db:
        assert _names(db) == ["a", "b"]
    assert reports[0].recovered_from == backup_path(path, 2)


def test_no_good_copy_starts_empty_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b'{"items": {"1": {"name": "a"')
    reports: list[RecoveryReport] = []
    with _open(path, reports) as db:
        assert _names(db) == []
        db.table("items").insert({"name": "new"})
    (report,) = reports
    assert report.recovered_from is None and report.records_recovered == 0
    assert report.moved_to is not None and report.moved_to.read_bytes().startswith(b'{"items"')
    assert "No good copy" in report.describe()


def test_missing_file_with_backups_is_restored_from_them(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with _open(path, []) as db:
        db.table("items").insert({"name": "a"})
        db.table("items").insert({"name": "b"})
    path.unlink()
    reports: list[RecoveryReport] = []
    with _open(path, reports) as db:
        assert _names(db) == ["a"]
    assert reports[0].moved_to is None and reports[0].problem == "the file was missing"


def test_custom_validator_rejects_wrong_content(tmp_path: Path) -> None:
    def only_items(data: Any) -> None:
        if set(data) - {"items"}:
            raise SchemaViolation("unexpected table")

    path = tmp_path / "db.json"
    with _open(path, [], validator=only_items) as db:
        db.table("items").insert({"name": "a"})
        db.table("items").insert({"name": "b"})
    path.write_text('{"other": {}}')
    reports: list[RecoveryReport] = []
    with _open(path, reports, validator=only_items) as db:
        assert _names(db) == ["a"]
    assert "expected content" in reports[0].problem


def _fail(exc: OSError) -> Any:
    def failing(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return failing


@pytest.mark.parametrize(
    ("call", "error", "expected", "phrase"),
    [
        ("write", errno.ENOSPC, DiskFullError, "is full"),
        ("fsync", errno.EIO, StorageError, "Input/output error"),
        ("replace", errno.EIO, StorageError, "Input/output error"),
        ("write", errno.EROFS, ReadOnlyStoreError, "read-only"),
    ],
)
def test_failed_write_keeps_the_last_good_state(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    call: str,
    error: int,
    expected: type[Exception],
    phrase: str,
) -> None:
    path = tmp_path / "db.json"
    db = _open(path, [])
    db.table("items").insert({"name": "a"})
    before = path.read_bytes()

    with monkeypatch.context() as patch:
        patch.setattr(os, call, _fail(OSError(error, os.strerror(error))))
        with pytest.raises(expected, match=phrase):
            db.table("items").insert({"name": "b"})
    assert path.read_bytes() == before
    # The in-memory cache was dropped: the failed insert is not visible.
    assert _names(db) == ["a"]
    db.table("items").insert({"name": "c"})
    db.close()
    with _open(path, []) as again:
        assert _names(again) == ["a", "c"]


def test_unserialisable_value_is_rejected_before_touching_the_file(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    db = _open(path, [])
    db.table("items").insert({"name": "a"})
    before = path.read_bytes()
    with pytest.raises(Exception, match="cannot be stored as JSON"):
        db.table("items").insert({"name": object()})
    assert path.read_bytes() == before
    assert _names(db) == ["a"]


def test_unreadable_for_permissions_is_not_treated_as_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    with _open(path, []) as db:
        db.table("items").insert({"name": "a"})
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    reports: list[RecoveryReport] = []
    with pytest.raises(StorageError, match="permission denied"):
        _open(path, reports).table("items").all()
    assert reports == [] and not list(tmp_path.glob("*.damaged-*"))
