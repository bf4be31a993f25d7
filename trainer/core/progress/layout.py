"""Names of the files and folders of a progress folder, and their validators.

::

    <data dir>/
      meta.json                 format id and schema_version (plain JSON)
      progress.lock             the one-writer lock (pid/host of the holder)
      profiles/<profile id>/
        profile.json            TinyDB, table "profile": the learner
        modules.json            TinyDB, table "modules": reading progress
        summary.json            TinyDB, table "summary": rebuildable cache
        sessions.json           TinyDB, table "session_index": rebuildable cache
        history/000001.json ... TinyDB segments, tables "attempts", "sessions"
      trash/<UTC time>-<profile id>/   deleted learners, kept as they were

Every file ``F`` may have rotating backups ``F.bak1`` (newest) .. ``F.bak3``
beside it, and damaged files are kept as ``F.damaged-<UTC time>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .models import module_from_doc, profile_from_doc
from .storage import SchemaViolation

__all__ = [
    "HISTORY_DIR",
    "META_FILE",
    "MODULES_FILE",
    "MODULES_TABLE",
    "PROFILES_DIR",
    "PROFILE_FILE",
    "PROFILE_TABLE",
    "SESSION_INDEX_FILE",
    "SESSION_INDEX_TABLE",
    "SUMMARY_FILE",
    "SUMMARY_TABLE",
    "TRASH_DIR",
    "validate_modules_file",
    "validate_profile_file",
    "validate_session_index_file",
    "validate_summary_file",
]

META_FILE = "meta.json"
PROFILES_DIR = "profiles"
TRASH_DIR = "trash"
PROFILE_FILE = "profile.json"
MODULES_FILE = "modules.json"
SUMMARY_FILE = "summary.json"
SESSION_INDEX_FILE = "sessions.json"
HISTORY_DIR = "history"
PROFILE_TABLE = "profile"
MODULES_TABLE = "modules"
SUMMARY_TABLE = "summary"
SESSION_INDEX_TABLE = "session_index"


def _only_tables(data: dict[str, Any], allowed: set[str], what: str) -> None:
    unexpected = set(data) - allowed
    if unexpected:
        raise SchemaViolation(f"unexpected table {sorted(unexpected)[0]!r} in {what}")


def validate_profile_file(data: Any) -> None:
    _only_tables(data, {PROFILE_TABLE}, "a profile file")
    docs = list((data.get(PROFILE_TABLE) or {}).values())
    if len(docs) > 1:
        raise SchemaViolation("a profile file holds more than one profile")
    for doc in docs:
        profile_from_doc(doc)


def validate_modules_file(data: Any) -> None:
    _only_tables(data, {MODULES_TABLE}, "a module progress file")
    for doc in (data.get(MODULES_TABLE) or {}).values():
        module_from_doc(doc, "0" * 32)


def validate_summary_file(data: Any) -> None:
    _only_tables(data, {SUMMARY_TABLE}, "a summary file")
    for doc in (data.get(SUMMARY_TABLE) or {}).values():
        if not isinstance(doc.get("watermark"), dict):
            raise SchemaViolation("a summary without a watermark")


def validate_session_index_file(data: Any) -> None:
    _only_tables(data, {SESSION_INDEX_TABLE}, "a session index file")
    for doc in (data.get(SESSION_INDEX_TABLE) or {}).values():
        if not isinstance(doc.get("watermark"), dict):
            raise SchemaViolation("a session index without a watermark")


def profile_dir(data_dir: Path, profile_id: str) -> Path:
    return data_dir / PROFILES_DIR / profile_id
