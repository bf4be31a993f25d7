"""Schema versions of the progress folder and the migrations between them.

``meta.json`` at the top of the progress folder records the layout version::

    {"format": "officer-trainer-progress", "schema_version": 1, "created_at": "..."}

On open, :func:`ensure_current_schema` reads it and

* refuses a folder written by a newer version (:class:`NewerSchemaError`)
  before writing anything, so the newer data stays byte-for-byte untouched;
* upgrades an older folder by running the registered migrations one step at a
  time (``MIGRATIONS[n]`` turns version *n* into *n + 1*), recording the new
  version in ``meta.json`` after each step.  Every migration must be safe to
  run again after a crash half-way through, and must keep the data it
  replaces (it is moved aside, never deleted).

Version 0 is the unversioned single-file layout: one TinyDB ``progress.json``
(written by TinyDB's plain JSONStorage) with the tables ``profiles``,
``modules``, ``sessions`` and ``attempts``.  No released build wrote it; it is
kept so the migration chain is exercised from the first release on.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from .errors import MigrationError, NewerSchemaError, ProgressError, storage_error_from_oserror
from .history import ATTEMPTS, SESSIONS, HistoryLog
from .layout import (
    HISTORY_DIR,
    META_FILE,
    MODULES_FILE,
    MODULES_TABLE,
    PROFILE_FILE,
    PROFILE_TABLE,
    PROFILES_DIR,
    validate_modules_file,
    validate_profile_file,
)
from .models import (
    Profile,
    QuizSession,
    attempt_from_doc,
    attempt_to_doc,
    from_iso,
    is_profile_id,
    module_from_doc,
    module_to_doc,
    profile_to_doc,
    session_finish_doc,
    session_start_doc,
    to_iso,
    utc_now,
)
from .storage import (
    DurableJSONStorage,
    RecoveryHandler,
    SchemaViolation,
    atomic_write_bytes,
    dump_json_bytes,
    fsync_dir,
    load_json_with_recovery,
)

__all__ = [
    "CURRENT_SCHEMA_VERSION",
    "FORMAT_ID",
    "MIGRATIONS",
    "V0_FILE",
    "Migration",
    "ensure_current_schema",
    "migrate_v0_to_v1",
    "read_schema_version",
    "write_meta",
]

FORMAT_ID = "officer-trainer-progress"
CURRENT_SCHEMA_VERSION = 1
V0_FILE = "progress.json"
MIGRATED_DIR = "migrated"

Migration = Callable[[Path], None]


def _validate_meta(data: Any) -> None:
    if not isinstance(data, dict):
        raise SchemaViolation("expected a JSON object")
    if data.get("format") != FORMAT_ID:
        raise SchemaViolation(f"the format is not {FORMAT_ID!r}")
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise SchemaViolation("schema_version is not a whole number")


def write_meta(data_dir: Path, version: int) -> None:
    """Durably record *version* as the folder's schema version."""
    meta = {
        "format": FORMAT_ID,
        "schema_version": version,
        "written_at": to_iso(utc_now()),
    }
    try:
        atomic_write_bytes(data_dir / META_FILE, dump_json_bytes(meta, indent=2))
    except OSError as exc:
        raise storage_error_from_oserror(exc, data_dir, "record the data format") from exc


V0_TABLES = frozenset({"profiles", "modules", "sessions", "attempts"})


def _looks_like_v0(path: Path) -> bool:
    """True for a version-0 ``progress.json`` -- or one too damaged to tell,
    which the migration then refuses with a clear message.  A readable JSON
    file of some other program is not ours and is left alone."""
    if not path.is_file():
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return True
    return isinstance(data, dict) and "profiles" in data and set(data) <= V0_TABLES


def _read_version(data_dir: Path, on_recovery: RecoveryHandler | None) -> tuple[int | None, bool]:
    """(schema version or ``None`` for an empty folder, whether meta.json is good)."""
    meta = load_json_with_recovery(
        data_dir / META_FILE,
        validator=_validate_meta,
        count_records=lambda data: 1,
        empty_state={},
        on_recovery=on_recovery,
        indent=2,
    )
    if isinstance(meta, dict) and "schema_version" in meta:
        version = meta["schema_version"]
        assert isinstance(version, int)
        return version, True
    if _looks_like_v0(data_dir / V0_FILE):
        return 0, False
    if (data_dir / PROFILES_DIR).exists():
        # The data is there but meta.json and all its copies are gone or
        # damaged: the layout is this version's (older ones had no profiles/).
        return CURRENT_SCHEMA_VERSION, False
    return None, False


def read_schema_version(data_dir: Path, on_recovery: RecoveryHandler | None = None) -> int | None:
    """The folder's schema version; ``None`` for a folder with no progress data yet."""
    return _read_version(data_dir, on_recovery)[0]


def ensure_current_schema(
    data_dir: Path,
    *,
    on_recovery: RecoveryHandler | None = None,
    migrations: Mapping[int, Migration] | None = None,
    current: int = CURRENT_SCHEMA_VERSION,
) -> list[int]:
    """Bring *data_dir* to schema version *current*; returns the versions migrated from."""
    registry = MIGRATIONS if migrations is None else migrations
    version, meta_ok = _read_version(data_dir, on_recovery)
    if version is None:
        write_meta(data_dir, current)
        return []
    if version > current:
        raise NewerSchemaError(
            f"The progress folder {data_dir} was written by a newer version of the trainer "
            f"(data format {version}; this version understands up to {current}). "
            "Install the newer version to open it. Nothing in the folder was changed."
        )
    migrated: list[int] = []
    while version < current:
        step = registry.get(version)
        if step is None:
            raise MigrationError(
                f"The progress folder {data_dir} uses data format {version}, which this "
                "version of the trainer cannot upgrade. Nothing was changed."
            )
        try:
            step(data_dir)
        except ProgressError:
            raise
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise MigrationError(
                f"Upgrading the progress folder {data_dir} from data format {version} failed "
                f"({exc}). Your previous data was kept; please contact support."
            ) from exc
        migrated.append(version)
        version += 1
        write_meta(data_dir, version)
        meta_ok = True
    if not meta_ok:
        write_meta(data_dir, current)
    return migrated


# ------------------------------------------------------------ v0 -> v1


def _v0_tables(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MigrationError(
            f"The old progress file {path} could not be read ({exc}); it was left untouched. "
            "Please send it to support."
        ) from exc
    if not isinstance(data, dict):
        raise MigrationError(
            f"The old progress file {path} has unexpected content; it was left "
            "untouched. Please send it to support."
        )
    return {name: table for name, table in data.items() if isinstance(table, dict)}


def _build_v1_profile(
    target: Path,
    profile: Profile,
    modules: list[dict[str, Any]],
    sessions: list[dict[str, Any]],
    attempts: list[dict[str, Any]],
) -> None:
    target.mkdir(parents=True)
    with TinyDB(
        str(target / PROFILE_FILE),
        storage=DurableJSONStorage,
        validator=validate_profile_file,
        indent=1,
    ) as db:
        db.table(PROFILE_TABLE).insert(profile_to_doc(profile))
    if modules:
        with TinyDB(
            str(target / MODULES_FILE),
            storage=DurableJSONStorage,
            validator=validate_modules_file,
            indent=1,
        ) as db:
            db.table(MODULES_TABLE).insert_multiple(
                module_to_doc(module_from_doc(doc, profile.profile_id)) for doc in modules
            )
    events: list[tuple[str, dict[str, Any]]] = []
    for doc in sorted(sessions, key=lambda d: str(d.get("started_at"))):
        session = QuizSession(
            session_id=str(doc["session_id"]),
            profile_id=profile.profile_id,
            quiz_id=str(doc["quiz_id"]),
            mode=str(doc["mode"]),
            question_ids=tuple(str(q) for q in doc.get("question_ids", [])),
            seed=int(doc.get("seed", 0)),
            content_version=str(doc["content_version"]),
            started_at=from_iso(doc["started_at"], "started_at"),
        )
        events.append((SESSIONS, session_start_doc(session)))
        if doc.get("finished_at") is not None:
            events.append(
                (
                    SESSIONS,
                    session_finish_doc(
                        session,
                        float(doc["score"]),
                        float(doc["max_score"]),
                        bool(doc["passed"]),
                        from_iso(doc["finished_at"], "finished_at"),
                    ),
                )
            )
    parsed = sorted(
        (attempt_from_doc(doc) for doc in attempts), key=lambda a: (a.answered_at, a.attempt_id)
    )
    events.extend((ATTEMPTS, attempt_to_doc(a)) for a in parsed)
    log = HistoryLog(target / HISTORY_DIR)
    try:
        log.extend(events)
    finally:
        log.close()


def _owned(tables: dict[str, dict[str, Any]], table: str, profile_id: str) -> list[dict[str, Any]]:
    return [
        doc
        for doc in tables.get(table, {}).values()
        if isinstance(doc, dict) and doc.get("profile_id") == profile_id
    ]


def migrate_v0_to_v1(data_dir: Path) -> None:
    """Split the single ``progress.json`` into per-learner folders and segments.

    Each learner is built in ``profiles/.migrating-<id>`` and renamed into
    place in one step, so a crash leaves either a complete learner folder or
    a scratch folder that the next attempt rebuilds.  ``progress.json`` is
    finally moved to ``migrated/progress-v0.json``.
    """
    source = data_dir / V0_FILE
    if not source.exists():
        return
    tables = _v0_tables(source)
    profiles_root = data_dir / PROFILES_DIR
    profiles_root.mkdir(exist_ok=True)
    try:
        for raw in tables.get("profiles", {}).values():
            now = utc_now()
            profile_id = str(raw.get("profile_id"))
            if not is_profile_id(profile_id):
                raise SchemaViolation(f"profile id {profile_id!r} is not 32 hexadecimal digits")
            created = from_iso(raw["created_at"], "created_at") if raw.get("created_at") else now
            profile = Profile(profile_id, str(raw["display_name"]), created, created)
            final = profiles_root / profile_id
            if final.exists():
                continue
            scratch = profiles_root / f".migrating-{profile_id}"
            if scratch.exists():
                # Our own half-built copy from an interrupted run; progress.json
                # still holds everything it was built from.
                shutil.rmtree(scratch)

            _build_v1_profile(
                scratch,
                profile,
                _owned(tables, "modules", profile_id),
                _owned(tables, "sessions", profile_id),
                _owned(tables, "attempts", profile_id),
            )
            os.rename(scratch, final)
            fsync_dir(profiles_root)
    except SchemaViolation as exc:
        raise MigrationError(
            f"The old progress file {source} contains a record this version cannot read ({exc}). "
            "It was left untouched; please send it to support."
        ) from exc
    kept = data_dir / MIGRATED_DIR
    kept.mkdir(exist_ok=True)
    os.replace(source, kept / "progress-v0.json")
    fsync_dir(data_dir)
    fsync_dir(kept)


MIGRATIONS: dict[int, Migration] = {0: migrate_v0_to_v1}
