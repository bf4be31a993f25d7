"""The progress store: learners, reading progress, quiz sessions and answers.

See ``docs/progress.md`` for the layout on disk and the guarantees.  In short:

* every method that changes something returns only once the change is on
  disk (written to a temporary file, fsynced, renamed into place, folder
  fsynced); :meth:`ProgressStore.record_attempt` in particular;
* a crash at any moment leaves every file readable, holding either the state
  before or after the interrupted change;
* damaged files are kept aside and recovered from backups, and each such
  event is reported in :attr:`ProgressStore.recovery_reports`;
* one process at a time: a second :meth:`ProgressStore.open` of the same
  folder raises :class:`StoreLockedError`.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Document

from .errors import (
    DuplicateAttemptError,
    InvalidInputError,
    ProfileNotFoundError,
    ProgressError,
    SessionNotFoundError,
    StoreClosedError,
    storage_error_from_oserror,
)
from .history import (
    ATTEMPTS,
    DEFAULT_SEGMENT_SIZE,
    SESSIONS,
    AppendResult,
    HistoryLog,
    Watermark,
)
from .layout import (
    HISTORY_DIR,
    MODULES_FILE,
    MODULES_TABLE,
    PROFILE_FILE,
    PROFILE_TABLE,
    PROFILES_DIR,
    SESSION_INDEX_FILE,
    SESSION_INDEX_TABLE,
    SUMMARY_FILE,
    SUMMARY_TABLE,
    TRASH_DIR,
    validate_modules_file,
    validate_profile_file,
    validate_session_index_file,
    validate_summary_file,
)
from .lock import StoreLock
from .models import (
    MODES,
    Attempt,
    AttemptInput,
    IndicatorMastery,
    ModuleProgress,
    Overview,
    Profile,
    QuizBest,
    QuizSession,
    ReadingPosition,
    SessionEvent,
    attempt_from_doc,
    attempt_to_doc,
    fold_session_event,
    from_iso,
    is_profile_id,
    make_attempt,
    module_from_doc,
    module_to_doc,
    profile_from_doc,
    profile_to_doc,
    session_event_from_doc,
    session_finish_doc,
    session_start_doc,
    sessions_from_events,
    utc_now,
)
from .schema import ensure_current_schema
from .session_index import fingerprint, fold_history, index_from_doc, index_to_doc
from .storage import DurableJSONStorage, RecoveryHandler, RecoveryReport, fsync_dir
from .summary import ProfileSummary

__all__ = ["MergeResult", "ProgressStore"]

_MAX_NAME = 100
#: A session index found this many segments behind the history is saved as
#: soon as it is brought up to date (otherwise when the store closes): folding
#: that many segments costs about as much as writing the index.
_SAVE_SESSIONS_AFTER = 20


@dataclass(frozen=True)
class MergeResult:
    """What :meth:`ProgressStore.merge_history` changed."""

    profile_id: str
    profile_created: bool
    attempts_added: int
    attempts_already_present: int
    sessions_added: int
    sessions_finished: int
    modules_updated: int


@dataclass
class _ProfileState:
    profile: Profile
    directory: Path
    profile_db: TinyDB
    history: HistoryLog
    modules_db: TinyDB | None = None
    #: Progress in each module by id, once read (see ProgressStore._module_map).
    modules: dict[str, ModuleProgress] | None = None
    summary_db: TinyDB | None = None
    summary: ProfileSummary | None = None
    summary_saved: Watermark | None = None
    needs_rebuild: bool = False
    #: Every session of the learner, by id, once loaded (see
    #: :meth:`ProgressStore._load_sessions`); kept up to date by every write.
    sessions: dict[str, QuizSession] | None = None
    #: How far into the history ``sessions`` goes; ``None`` while not loaded.
    sessions_mark: Watermark | None = None
    #: The watermark of the session index last saved (or loaded).
    sessions_saved: Watermark | None = None
    #: Set when a learner's file had to be recovered: the sessions are
    #: rebuilt from the history the next time they are needed.
    sessions_stale: bool = False
    sessions_file: DurableJSONStorage | None = None
    recent_sessions: dict[str, QuizSession] = field(default_factory=dict)
    #: The answers of each quiz session looked at since the store was opened,
    #: by session id, then attempt id: what the duplicate check of
    #: :meth:`ProgressStore.record_attempt` looks in.  Kept up to date by
    #: every write; a session missing here is read from the history.
    session_attempts: dict[str, dict[str, Attempt]] = field(default_factory=dict)
    #: Every attempt id in the history, for :meth:`ProgressStore.merge_history`
    #: only (loaded on its first use, then kept up to date).
    attempt_ids: set[str] | None = None

    def close(self) -> None:
        self.history.close()
        self.profile_db.close()
        if self.modules_db is not None:
            self.modules_db.close()
        if self.summary_db is not None:
            self.summary_db.close()
        if self.sessions_file is not None:
            self.sessions_file.close()


def _clean_name(display_name: str) -> str:
    if not isinstance(display_name, str):
        raise InvalidInputError("A learner's name must be text.")
    name = " ".join(display_name.split())
    if not name:
        raise InvalidInputError("A learner's name cannot be empty.")
    if len(name) > _MAX_NAME:
        raise InvalidInputError(f"A learner's name can have at most {_MAX_NAME} characters.")
    return name


def _need_text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(f"{what} must be a non-empty text, got {value!r}.")
    return value


def _need_aware(value: datetime | None, what: str) -> datetime:
    if value is None:
        return utc_now()
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise InvalidInputError(f"{what} must be a timezone-aware datetime.")
    return value.astimezone(UTC)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S%fZ")


def _advance(mark: Watermark, result: AppendResult, table: str) -> Watermark:
    base = mark if mark.segment == result.segment else Watermark(result.segment, 0, 0)
    if table == ATTEMPTS:
        return replace(base, attempts=result.doc_id)
    return replace(base, sessions=result.doc_id)


class ProgressStore:
    """The durable record of every learner's progress (see the module docs).

    Open with :meth:`open`; use as a context manager or call :meth:`close`.
    All methods are safe to call from several threads of one process.
    """

    def __init__(
        self,
        data_dir: Path,
        lock: StoreLock,
        *,
        segment_size: int,
        reports: list[RecoveryReport],
        migrated_from: list[int],
    ) -> None:
        self._data_dir = data_dir
        self._lock = lock
        self._segment_size = segment_size
        self._reports = reports
        self._migrated_from = tuple(migrated_from)
        self._mutex = threading.RLock()
        self._profiles: dict[str, _ProfileState] = {}
        self._session_owner: dict[str, str] = {}
        self._closed = False

    # ------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, data_dir: Path, *, segment_size: int = DEFAULT_SEGMENT_SIZE) -> ProgressStore:
        """Open (creating if needed) the progress folder *data_dir*.

        Raises :class:`StoreLockedError` when another process has it open,
        :class:`NewerSchemaError` when a newer trainer wrote it, and storage
        errors (read-only, disk full) with a message for the user.
        """
        data_dir = Path(data_dir).expanduser().absolute()
        if segment_size < 1:
            raise InvalidInputError("segment_size must be at least 1.")
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise storage_error_from_oserror(exc, data_dir, "create the progress folder") from exc
        lock = StoreLock.acquire(data_dir)
        reports: list[RecoveryReport] = []
        try:
            migrated = ensure_current_schema(data_dir, on_recovery=reports.append)
            lock.write_owner()
            store = cls(
                data_dir,
                lock,
                segment_size=segment_size,
                reports=reports,
                migrated_from=migrated,
            )
            store._load_profiles()
        except BaseException:
            lock.release()
            raise
        return store

    def close(self) -> None:
        """Save the summaries and release the folder.  Safe to call twice."""
        with self._mutex:
            if self._closed:
                return
            self._closed = True
            try:
                for state in self._profiles.values():
                    self._persist_summary(state)
                    self._persist_sessions(state)
                    state.close()
            finally:
                self._profiles.clear()
                self._lock.release()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def data_dir(self) -> Path:
        return self._data_dir

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def recovery_reports(self) -> tuple[RecoveryReport, ...]:
        """Every recovery performed since the store was opened, oldest first."""
        with self._mutex:
            return tuple(self._reports)

    @property
    def migrated_from(self) -> tuple[int, ...]:
        """Schema versions this open upgraded from (empty when none)."""
        return self._migrated_from

    def _check_open(self) -> None:
        if self._closed:
            raise StoreClosedError("The progress store has been closed; open it again.")

    # ------------------------------------------------------------ profiles

    def _reporter(self, state_ref: list[_ProfileState]) -> RecoveryHandler:
        def handle(report: RecoveryReport) -> None:
            self._reports.append(report)
            for state in state_ref:
                state.needs_rebuild = True
                state.sessions_stale = True

        return handle

    def _open_profile_dir(self, directory: Path) -> _ProfileState:
        profile_id = directory.name
        holder: list[_ProfileState] = []
        on_recovery = self._reporter(holder)
        profile_db = TinyDB(
            str(directory / PROFILE_FILE),
            storage=DurableJSONStorage,
            validator=validate_profile_file,
            on_recovery=on_recovery,
            action="save the learner's profile",
            indent=1,
        )
        docs = profile_db.table(PROFILE_TABLE).all()
        if docs:
            # The folder name is the id (a folder copied under another name
            # shows up under that name).
            profile = replace(profile_from_doc(docs[0]), profile_id=profile_id)
        else:
            # The profile record was lost (and no backup was good) but the
            # learner's history is here: give it a name the user can change.
            now = utc_now()
            profile = Profile(profile_id, f"Recovered learner {profile_id[:8]}", now, now)
            profile_db.table(PROFILE_TABLE).insert(profile_to_doc(profile))
        state = _ProfileState(
            profile=profile,
            directory=directory,
            profile_db=profile_db,
            history=HistoryLog(
                directory / HISTORY_DIR,
                segment_size=self._segment_size,
                on_recovery=on_recovery,
            ),
        )
        holder.append(state)
        return state

    def _load_profiles(self) -> None:
        root = self._data_dir / PROFILES_DIR
        try:
            entries = sorted(root.iterdir()) if root.exists() else []
        except OSError as exc:
            raise storage_error_from_oserror(exc, root, "read the list of learners") from exc
        for entry in entries:
            if entry.name.startswith(".") or not is_profile_id(entry.name) or not entry.is_dir():
                continue
            state = self._open_profile_dir(entry)
            self._profiles[state.profile.profile_id] = state

    def _state(self, profile_id: str) -> _ProfileState:
        self._check_open()
        state = self._profiles.get(profile_id) if isinstance(profile_id, str) else None
        if state is None:
            raise ProfileNotFoundError(
                f"There is no learner with the id {profile_id!r} in {self._data_dir}."
            )
        return state

    def _create_profile_dir(self, profile: Profile) -> _ProfileState:
        root = self._data_dir / PROFILES_DIR
        scratch = root / f".new-{profile.profile_id}"
        final = root / profile.profile_id
        try:
            scratch.mkdir(parents=True, exist_ok=True)
            with TinyDB(
                str(scratch / PROFILE_FILE),
                storage=DurableJSONStorage,
                validator=validate_profile_file,
                indent=1,
            ) as db:
                db.table(PROFILE_TABLE).upsert(Document(profile_to_doc(profile), doc_id=1))
            os.rename(scratch, final)
            fsync_dir(root)
        except ProgressError:
            raise
        except OSError as exc:
            raise storage_error_from_oserror(exc, root, "create the learner") from exc
        state = self._open_profile_dir(final)
        self._profiles[profile.profile_id] = state
        return state

    def create_profile(self, display_name: str) -> Profile:
        """Create a learner with a new stable id (uuid4 hex)."""
        with self._mutex:
            self._check_open()
            name = _clean_name(display_name)
            now = utc_now()
            profile = Profile(uuid.uuid4().hex, name, now, now)
            return self._create_profile_dir(profile).profile

    def profiles(self) -> list[Profile]:
        """All learners, by name."""
        with self._mutex:
            self._check_open()
            found = [state.profile for state in self._profiles.values()]
        return sorted(found, key=lambda p: (p.display_name.casefold(), p.created_at))

    def get_profile(self, profile_id: str) -> Profile:
        with self._mutex:
            return self._state(profile_id).profile

    def find_profile(self, name_or_id: str) -> Profile:
        """The learner whose id, or else whose name (ignoring case), is *name_or_id*."""
        with self._mutex:
            self._check_open()
            if name_or_id in self._profiles:
                return self._profiles[name_or_id].profile
            wanted = " ".join(str(name_or_id).split()).casefold()
            matches = [
                s.profile
                for s in self._profiles.values()
                if s.profile.display_name.casefold() == wanted
            ]
        if not matches:
            raise ProfileNotFoundError(
                f"No learner is called {name_or_id!r}. Use 'progress list' to see the learners."
            )
        if len(matches) > 1:
            ids = ", ".join(p.profile_id for p in matches)
            raise ProfileNotFoundError(
                f"Several learners are called {name_or_id!r}; give the id instead ({ids})."
            )
        return matches[0]

    def rename_profile(self, profile_id: str, display_name: str) -> Profile:
        with self._mutex:
            state = self._state(profile_id)
            name = _clean_name(display_name)
            profile = replace(state.profile, display_name=name, updated_at=utc_now())
            state.profile_db.table(PROFILE_TABLE).upsert(
                Document(profile_to_doc(profile), doc_id=1)
            )
            state.profile = profile
            return profile

    def delete_profile(self, profile_id: str) -> Path:
        """Move the learner's folder into ``trash/``; returns where it went.

        Nothing is destroyed: moving the folder back into ``profiles/``
        restores the learner.
        """
        with self._mutex:
            state = self._state(profile_id)
            self._persist_summary(state)
            self._persist_sessions(state)
            trash = self._data_dir / TRASH_DIR
            target = trash / f"{_stamp(utc_now())}-{profile_id}"
            try:
                trash.mkdir(exist_ok=True)
                state.close()
                os.rename(state.directory, target)
                fsync_dir(state.directory.parent)
                fsync_dir(trash)
            except OSError as exc:
                raise storage_error_from_oserror(
                    exc, trash, "move the learner to the trash"
                ) from exc
            del self._profiles[profile_id]
            owned = [s for s, owner in self._session_owner.items() if owner == profile_id]
            for session_id in owned:
                del self._session_owner[session_id]
            return target

    # ------------------------------------------------------------ modules

    def _modules_db(self, state: _ProfileState) -> TinyDB:
        if state.modules_db is None:
            state.modules_db = TinyDB(
                str(state.directory / MODULES_FILE),
                storage=DurableJSONStorage,
                validator=validate_modules_file,
                on_recovery=self._reporter([state]),
                action="save the reading progress",
                # Compact: it is written whole on every change of a reading position, and
                # indented JSON goes through Python's slow encoder (10 ms at 300 modules,
                # on the UI thread, against about 1 ms).
            )
        return state.modules_db

    def _module_map(self, state: _ProfileState) -> dict[str, ModuleProgress]:
        """The learner's progress in every module, read once and kept up to date by
        :meth:`_put_module` (the library screen asks for all of it whenever it is shown)."""
        if state.modules is None:
            docs = self._modules_db(state).table(MODULES_TABLE).all()
            found = (module_from_doc(doc, state.profile.profile_id) for doc in docs)
            state.modules = {m.module_id: m for m in found}
        return state.modules

    def _get_module(self, state: _ProfileState, module_id: str) -> ModuleProgress:
        found = self._module_map(state).get(module_id)
        if found is not None:
            return found
        return ModuleProgress(profile_id=state.profile.profile_id, module_id=module_id)

    def _put_module(self, state: _ProfileState, progress: ModuleProgress) -> ModuleProgress:
        modules = self._module_map(state)
        try:
            self._modules_db(state).table(MODULES_TABLE).upsert(
                module_to_doc(progress), Query().module_id == progress.module_id
            )
        except BaseException:
            state.modules = None  # read back from the file, whatever reached it
            raise
        modules[progress.module_id] = progress
        return progress

    def mark_section_read(self, profile_id: str, module_id: str, section_id: str) -> ModuleProgress:
        with self._mutex:
            state = self._state(profile_id)
            _need_text(module_id, "module_id")
            _need_text(section_id, "section_id")
            current = self._get_module(state, module_id)
            if section_id in current.sections_read:
                return current
            return self._put_module(
                state,
                replace(
                    current,
                    sections_read=current.sections_read | {section_id},
                    updated_at=utc_now(),
                ),
            )

    def set_reading_position(
        self, profile_id: str, module_id: str, section_id: str, scroll_fraction: float
    ) -> ModuleProgress:
        with self._mutex:
            state = self._state(profile_id)
            _need_text(module_id, "module_id")
            _need_text(section_id, "section_id")
            if isinstance(scroll_fraction, bool) or not isinstance(scroll_fraction, (int, float)):
                raise InvalidInputError("scroll_fraction must be a number between 0 and 1.")
            fraction = min(1.0, max(0.0, float(scroll_fraction)))
            if fraction != fraction:
                raise InvalidInputError("scroll_fraction must be a number between 0 and 1.")
            current = self._get_module(state, module_id)
            return self._put_module(
                state,
                replace(
                    current,
                    position=ReadingPosition(section_id, fraction),
                    updated_at=utc_now(),
                ),
            )

    def mark_module_complete(
        self, profile_id: str, module_id: str, *, completed_at: datetime | None = None
    ) -> ModuleProgress:
        """Mark a module completed (the first completion time is kept)."""
        with self._mutex:
            state = self._state(profile_id)
            _need_text(module_id, "module_id")
            when = _need_aware(completed_at, "completed_at")
            current = self._get_module(state, module_id)
            if current.completed:
                return current
            return self._put_module(
                state,
                replace(current, completed=True, completed_at=when, updated_at=utc_now()),
            )

    def module_progress(self, profile_id: str, module_id: str) -> ModuleProgress:
        """Progress in one module (an empty record if the learner never opened it)."""
        with self._mutex:
            return self._get_module(self._state(profile_id), module_id)

    def all_module_progress(self, profile_id: str) -> dict[str, ModuleProgress]:
        with self._mutex:
            result = list(self._module_map(self._state(profile_id)).values())
        return {m.module_id: m for m in sorted(result, key=lambda m: m.module_id)}

    # ------------------------------------------------------------ sessions

    def _session_index_file(self, state: _ProfileState) -> DurableJSONStorage:
        if state.sessions_file is None:
            state.sessions_file = DurableJSONStorage(
                state.directory / SESSION_INDEX_FILE,
                validator=validate_session_index_file,
                on_recovery=self._reports.append,
                backups=1,
                action="save the learner's session index",
            )
        return state.sessions_file

    def _read_session_index(self, state: _ProfileState) -> bool:
        """Load the saved session index into *state* when it matches the
        history (then bring it up to date); ``False`` when it must be rebuilt."""
        storage = self._session_index_file(state)
        try:
            data = storage.read()
        except ProgressError:
            return False
        finally:
            # Parsed once: the file is only ever written from the memory.
            storage.forget_cache()
        doc = ((data or {}).get(SESSION_INDEX_TABLE) or {}).get("1")
        parsed = index_from_doc(doc, state.profile.profile_id) if isinstance(doc, dict) else None
        if parsed is None:
            return False
        sessions, mark, printed = parsed
        numbers = state.history.segment_numbers()
        if fingerprint(state.history, mark, numbers) != printed:
            return False
        state.sessions_mark = fold_history(state.history, sessions, mark, numbers)
        state.sessions = sessions
        state.sessions_saved = mark
        return True

    def _load_sessions(self, state: _ProfileState) -> dict[str, QuizSession]:
        """Every session of the learner, by id.

        Read from the session index (:mod:`.session_index`) when it matches
        the history, plus the session events recorded after it; otherwise
        rebuilt from the whole history.  Then kept up to date by every write,
        and saved when the store closes (at once when it was rebuilt or far
        behind).
        """
        if state.sessions is not None and not state.sessions_stale:
            return state.sessions
        self._forget_sessions(state)
        if state.sessions_stale or not self._read_session_index(state) or state.sessions_stale:
            # A file recovered (now or while reading the index) leads here too.
            state.sessions_stale = False
            sessions: dict[str, QuizSession] = {}
            state.sessions_mark = fold_history(state.history, sessions)
            state.sessions = sessions
            state.sessions_saved = None
            self._persist_sessions(state)
            return sessions
        loaded, mark, saved = state.sessions, state.sessions_mark, state.sessions_saved
        assert loaded is not None and mark is not None and saved is not None
        if mark.segment - saved.segment >= _SAVE_SESSIONS_AFTER:
            # Far behind (the app sessions that recorded this did not end
            # well): save now rather than at close, or every open until then
            # folds the same segments again.
            self._persist_sessions(state)
        return loaded

    def _persist_sessions(self, state: _ProfileState) -> None:
        """Best effort: the session index is a cache, checked against the
        history and rebuilt from it whenever it does not match."""
        sessions, mark = state.sessions, state.sessions_mark
        if sessions is None or mark is None or mark == state.sessions_saved:
            return
        try:
            printed = fingerprint(state.history, mark)
            # Reading the history for the fingerprint may have recovered a
            # file: then the sessions in memory may not match it.
            if printed is None or state.sessions_stale:
                return
            doc = index_to_doc(state.profile.profile_id, sessions, mark, printed)
            storage = self._session_index_file(state)
            storage.write({SESSION_INDEX_TABLE: {"1": doc}})
            storage.forget_cache()
        except ProgressError:
            return
        state.sessions_saved = mark

    def _forget_sessions(self, state: _ProfileState) -> None:
        """Drop the sessions known in memory (after a write that failed but
        may have reached the disk): they are read back from the history."""
        state.sessions = state.sessions_mark = None
        state.recent_sessions.clear()

    def _read_session_back(
        self, state: _ProfileState, session_id: str
    ) -> tuple[QuizSession | None, dict[str, Attempt]]:
        """The session *session_id* and its answers (by attempt id), read from
        the history newest segment first back to the segment holding the
        session's start, and no further.

        Every answer of a session is stored after its start (``record_attempt``
        needs a started session; import and migration write the session events
        before the answers), so the answers found are all of them.  The session
        is almost always recent: this reads one or two segments.  An unknown
        session costs a read of the whole history.
        """
        history = state.history
        events: list[SessionEvent] = []
        answers: dict[str, Attempt] = {}
        for number in reversed(history.segment_numbers()):
            data = history.read_segment(number)
            started = False
            docs = data.get(SESSIONS) or {}
            for key in sorted(docs, key=int, reverse=True):
                doc = docs[key]
                if doc.get("session_id") != session_id:
                    continue
                event = session_event_from_doc(doc)
                events.append(event)
                if event.start is not None:
                    started = True
                    break
            docs = data.get(ATTEMPTS) or {}
            for key in sorted(docs, key=int, reverse=True):
                doc = docs[key]
                if doc.get("session_id") == session_id:
                    answers.setdefault(str(doc.get("attempt_id")), attempt_from_doc(doc))
            if started:
                break
        return sessions_from_events(reversed(events)).get(session_id), answers

    def _find_session(self, state: _ProfileState, session_id: str) -> QuizSession | None:
        if state.sessions is not None and not state.sessions_stale:
            return state.sessions.get(session_id)
        known = state.recent_sessions.get(session_id)
        if known is not None:
            return known
        session, answers = self._read_session_back(state, session_id)
        if session is not None:
            state.recent_sessions[session_id] = session
            state.session_attempts.setdefault(session_id, answers)
        return session

    def _session_attempts(self, state: _ProfileState, session_id: str) -> dict[str, Attempt]:
        """The answers of a session that exists, by attempt id (see
        :meth:`_read_session_back`); cached and kept up to date."""
        known = state.session_attempts.get(session_id)
        if known is None:
            _, known = self._read_session_back(state, session_id)
            state.session_attempts[session_id] = known
        return known

    def _remember_session(self, state: _ProfileState, session: QuizSession) -> None:
        if state.sessions is not None:
            state.sessions[session.session_id] = session
        else:
            state.recent_sessions[session.session_id] = session
        self._session_owner[session.session_id] = session.profile_id

    def _append(self, state: _ProfileState, table: str, doc: dict[str, Any]) -> AppendResult:
        try:
            result = state.history.append(table, doc)
        except BaseException:
            # The event may be on disk all the same (the folder fsync failed
            # after the rename): forget what is known of the sessions and the
            # summary, so that they, and a retry, read it back.
            self._forget_sessions(state)
            state.summary = None
            raise
        summary = state.summary
        if summary is not None:
            summary.watermark = _advance(summary.watermark, result, table)
        if state.sessions_mark is not None:
            state.sessions_mark = _advance(state.sessions_mark, result, table)
        if result.sealed:
            self._persist_summary(state)
        return result

    def start_session(
        self,
        profile_id: str,
        quiz_id: str,
        mode: str,
        question_ids: Sequence[str],
        seed: int,
        content_version: str,
        *,
        started_at: datetime | None = None,
    ) -> str:
        """Record the start of a quiz run; returns the new session id."""
        with self._mutex:
            state = self._state(profile_id)
            if mode not in MODES:
                raise InvalidInputError(f"mode must be one of {', '.join(MODES)}; got {mode!r}.")
            if isinstance(question_ids, str):
                raise InvalidInputError("question_ids must be a list of question ids.")
            if isinstance(seed, bool) or not isinstance(seed, int):
                raise InvalidInputError(f"seed must be an integer, got {seed!r}.")
            session = QuizSession(
                session_id=uuid.uuid4().hex,
                profile_id=profile_id,
                quiz_id=_need_text(quiz_id, "quiz_id"),
                mode=mode,
                question_ids=tuple(_need_text(q, "A question id") for q in question_ids),
                seed=seed,
                content_version=_need_text(content_version, "content_version"),
                started_at=_need_aware(started_at, "started_at"),
            )
            self._append(state, SESSIONS, session_start_doc(session))
            self._remember_session(state, session)
            # A new (uuid4) session has no answers yet: nothing to read back.
            state.session_attempts[session.session_id] = {}
            return session.session_id

    def _session_state(self, session_id: str) -> tuple[_ProfileState, QuizSession]:
        owner = self._session_owner.get(session_id)
        candidates = [self._profiles[owner]] if owner in self._profiles else []
        candidates += [s for s in self._profiles.values() if s.profile.profile_id != owner]
        for state in candidates:
            session = self._find_session(state, session_id)
            if session is not None:
                self._session_owner[session_id] = state.profile.profile_id
                return state, session
        raise SessionNotFoundError(f"There is no quiz session {session_id!r} in {self._data_dir}.")

    def finish_session(
        self,
        session_id: str,
        score: float,
        max_score: float,
        passed: bool,
        *,
        finished_at: datetime | None = None,
    ) -> QuizSession:
        """Record the end of a quiz run with its result."""
        with self._mutex:
            self._check_open()
            for value, what in ((score, "score"), (max_score, "max_score")):
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise InvalidInputError(f"{what} must be a number, got {value!r}.")
            if not float(max_score) > 0 or not 0 <= float(score) <= float(max_score):
                raise InvalidInputError(
                    f"The score must be between 0 and max_score (> 0); got {score} of {max_score}."
                )
            if not isinstance(passed, bool):
                raise InvalidInputError(f"passed must be True or False, got {passed!r}.")
            state, session = self._session_state(session_id)
            if session.finished:
                raise InvalidInputError(
                    f"The quiz session {session_id} was already finished at "
                    f"{session.finished_at:%Y-%m-%d %H:%M} UTC."
                )
            when = _need_aware(finished_at, "finished_at")
            doc = session_finish_doc(session, float(score), float(max_score), passed, when)
            self._append(state, SESSIONS, doc)
            if state.summary is not None:
                state.summary.observe_session_event(session_event_from_doc(doc))
            finished = replace(
                session,
                finished_at=when,
                score=float(score),
                max_score=float(max_score),
                passed=passed,
            )
            self._remember_session(state, finished)
            return finished

    def sessions(self, profile_id: str, quiz_id: str | None = None) -> list[QuizSession]:
        """The learner's quiz sessions, oldest first (optionally of one quiz)."""
        with self._mutex:
            found = list(self._load_sessions(self._state(profile_id)).values())
        if quiz_id is not None:
            found = [s for s in found if s.quiz_id == quiz_id]
        return sorted(found, key=lambda s: (s.started_at, s.session_id))

    def best_scores(self, profile_id: str) -> dict[str, QuizBest]:
        """The best finished session of each quiz (as :meth:`overview` gives them, without
        working out the rest of the overview)."""
        with self._mutex:
            return self._summary(self._state(profile_id)).quiz_best()

    # ------------------------------------------------------------ attempts

    def _attempt_ids(self, state: _ProfileState) -> set[str]:
        """Every attempt id of the learner (reads the whole history once)."""
        if state.attempt_ids is None:
            state.attempt_ids = {
                str(doc.get("attempt_id")) for _, _, doc in state.history.iter_table(ATTEMPTS)
            }
        return state.attempt_ids

    def record_attempt(self, data: AttemptInput) -> Attempt:
        """Record one answer; returns only once it is durably on disk.

        When ``data.attempt_id`` is given, it is looked for among the answers
        of the same quiz session (``data.session_id``): already recorded there
        with the same content, the stored attempt is returned and nothing is
        written (so a retry after an error, which always happens in the same
        session, is safe); with different content
        :class:`DuplicateAttemptError` is raised.  Answers of *other* sessions
        are not looked at: an attempt id must be unique (the quiz gives every
        shown question a fresh uuid4), and reusing one in another session is
        not detected.

        The check costs no reading for a session started since the store was
        opened, and otherwise one read of the history back to the session's
        start (once per session), so recording stays cheap however long the
        history.
        """
        with self._mutex:
            state = self._state(data.profile_id)
            attempt = make_attempt(data, data.attempt_id or uuid.uuid4().hex)
            session = self._find_session(state, attempt.session_id)
            if session is None:
                raise SessionNotFoundError(
                    f"The quiz session {attempt.session_id!r} was not started for this learner; "
                    "start it with start_session first."
                )
            if session.quiz_id != attempt.quiz_id:
                raise InvalidInputError(
                    f"The answer is for quiz {attempt.quiz_id!r} but session "
                    f"{attempt.session_id} runs quiz {session.quiz_id!r}."
                )
            if data.attempt_id is None:
                answers = state.session_attempts.get(attempt.session_id)
            else:
                answers = self._session_attempts(state, attempt.session_id)
                stored = answers.get(data.attempt_id)
                if stored is not None:
                    if stored == attempt:
                        return attempt
                    raise DuplicateAttemptError(
                        f"An answer with the id {data.attempt_id} is already recorded with "
                        "different content; it was not changed."
                    )
            try:
                result = state.history.append(ATTEMPTS, attempt_to_doc(attempt))
            except BaseException:
                # The answer may be on disk all the same (the folder fsync
                # failed after the rename): forget what is known of the history
                # so that a retry, and the summary, read it back.
                state.session_attempts.pop(attempt.session_id, None)
                state.attempt_ids = None
                state.summary = None
                raise
            if answers is not None:
                answers[attempt.attempt_id] = attempt
            if state.attempt_ids is not None:
                state.attempt_ids.add(attempt.attempt_id)
            if state.sessions_mark is not None:
                state.sessions_mark = _advance(state.sessions_mark, result, ATTEMPTS)
            summary = state.summary
            if summary is not None:
                summary.observe_attempt(
                    attempt.attempt_id, attempt.answered_at, attempt.correct, attempt.indicators
                )
                summary.watermark = _advance(summary.watermark, result, ATTEMPTS)
                if summary.out_of_order:
                    state.needs_rebuild = True
            if result.sealed:
                self._persist_summary(state)
            return attempt

    def attempts(
        self,
        profile_id: str,
        quiz_id: str | None = None,
        since: datetime | None = None,
    ) -> Iterator[Attempt]:
        """The learner's attempts in the order they were recorded.

        *quiz_id* keeps one quiz; *since* keeps attempts answered at or after it.
        """
        with self._mutex:
            state = self._state(profile_id)
            numbers = state.history.segment_numbers()
        floor = None if since is None else _need_aware(since, "since")
        for number in numbers:
            with self._mutex:
                self._check_open()
                docs = dict(state.history.read_segment(number).get(ATTEMPTS) or {})
            for key in sorted(docs, key=int):
                doc = docs[key]
                if quiz_id is not None and doc.get("quiz_id") != quiz_id:
                    continue
                attempt = attempt_from_doc(doc)
                if floor is not None and attempt.answered_at < floor:
                    continue
                yield attempt

    # ------------------------------------------------------------ import

    def merge_history(
        self,
        profile: Profile,
        modules: Iterable[ModuleProgress],
        sessions: Iterable[QuizSession],
        attempts: Iterable[Attempt],
    ) -> MergeResult:
        """Merge another copy of a learner's history into this store.

        Used by :mod:`.exchange` after it has validated an import completely.
        The learner is matched by id (created when absent); attempts and
        sessions are merged by id, so merging the same history twice adds
        nothing; module progress is united (sections read, completion).
        """
        with self._mutex:
            self._check_open()
            created = False
            state = self._profiles.get(profile.profile_id)
            if state is None:
                state = self._create_profile_dir(profile)
                created = True
            pid = profile.profile_id
            known_sessions = self._load_sessions(state)
            known_ids = self._attempt_ids(state)
            events: list[tuple[str, dict[str, Any]]] = []
            sessions_added = sessions_finished = 0
            for session in sorted(sessions, key=lambda s: (s.started_at, s.session_id)):
                session = replace(session, profile_id=pid)
                local = known_sessions.get(session.session_id)
                if local is None:
                    events.append((SESSIONS, session_start_doc(session)))
                    sessions_added += 1
                if session.finished and (local is None or not local.finished):
                    assert session.finished_at is not None
                    events.append(
                        (
                            SESSIONS,
                            session_finish_doc(
                                session,
                                float(session.score or 0.0),
                                float(session.max_score or 0.0),
                                bool(session.passed),
                                session.finished_at,
                            ),
                        )
                    )
                    sessions_finished += 1
            new_attempts: dict[str, Attempt] = {}
            present = 0
            for attempt in attempts:
                if attempt.attempt_id in known_ids or attempt.attempt_id in new_attempts:
                    present += 1
                    continue
                new_attempts[attempt.attempt_id] = replace(attempt, profile_id=pid)
            # Kept in the order given (an export lists them in recorded order).
            events.extend((ATTEMPTS, attempt_to_doc(a)) for a in new_attempts.values())
            try:
                state.history.extend(events)
            except BaseException:
                # Part of the import may be on disk: forget what is known of
                # the history, so that everything reads it back.
                self._forget_sessions(state)
                state.session_attempts.clear()
                state.attempt_ids = None
                state.summary = None
                raise
            known_ids.update(new_attempts)
            for added in new_attempts.values():
                answers = state.session_attempts.get(added.session_id)
                if answers is not None:
                    answers.setdefault(added.attempt_id, added)
            if events and state.sessions is not None and state.sessions_mark is not None:
                for table, doc in events:
                    if table == SESSIONS:
                        fold_session_event(state.sessions, session_event_from_doc(doc))
                state.sessions_mark = state.history.end()
            state.recent_sessions.clear()
            modules_updated = 0
            for incoming in modules:
                merged = self._merge_module(self._get_module(state, incoming.module_id), incoming)
                if merged is not None:
                    self._put_module(state, merged)
                    modules_updated += 1
            if events:
                state.needs_rebuild = True
                if state.summary is not None:
                    self._summary(state)
            return MergeResult(
                profile_id=pid,
                profile_created=created,
                attempts_added=len(new_attempts),
                attempts_already_present=present,
                sessions_added=sessions_added,
                sessions_finished=sessions_finished,
                modules_updated=modules_updated,
            )

    @staticmethod
    def _merge_module(local: ModuleProgress, incoming: ModuleProgress) -> ModuleProgress | None:
        sections = local.sections_read | incoming.sections_read
        completed = local.completed or incoming.completed
        times = [t for t in (local.completed_at, incoming.completed_at) if t is not None]
        completed_at = min(times) if times else None
        position = local.position
        updated = local.updated_at
        if incoming.position is not None and (
            local.position is None
            or (
                incoming.updated_at is not None
                and (local.updated_at is None or incoming.updated_at > local.updated_at)
            )
        ):
            position = incoming.position
            updated = incoming.updated_at
        merged = replace(
            local,
            sections_read=sections,
            completed=completed,
            completed_at=completed_at,
            position=position,
            updated_at=updated or incoming.updated_at,
        )
        return None if merged == local else merged

    # ------------------------------------------------------------ summary

    def _summary_db(self, state: _ProfileState) -> TinyDB:
        if state.summary_db is None:
            state.summary_db = TinyDB(
                str(state.directory / SUMMARY_FILE),
                storage=DurableJSONStorage,
                validator=validate_summary_file,
                on_recovery=self._reports.append,
                action="save the learner's summary",
            )
        return state.summary_db

    def _persist_summary(self, state: _ProfileState) -> None:
        """Best effort: the summary is a cache that is rebuilt when stale."""
        summary = state.summary
        if summary is None or summary.watermark == state.summary_saved or state.needs_rebuild:
            return
        try:
            self._summary_db(state).table(SUMMARY_TABLE).upsert(
                Document(summary.to_doc(), doc_id=1)
            )
        except ProgressError:
            return
        state.summary_saved = summary.watermark

    def _fold_tail(self, state: _ProfileState, summary: ProfileSummary) -> bool:
        mark = summary.watermark
        history = state.history
        if mark.segment:
            if mark.segment not in history.segment_numbers():
                return False
            data = history.read_segment(mark.segment)
            have_attempts = max((int(k) for k in data.get(ATTEMPTS) or {}), default=0)
            have_sessions = max((int(k) for k in data.get(SESSIONS) or {}), default=0)
            if have_attempts < mark.attempts or have_sessions < mark.sessions:
                return False
        for table, doc in history.scan(after=mark):
            if table == ATTEMPTS:
                summary.observe_attempt_doc(doc)
                if summary.out_of_order:
                    return False
            elif doc.get("event") == "finish":
                summary.observe_session_event(session_event_from_doc(doc))
        summary.watermark = history.end()
        return True

    def _rebuild_summary(self, state: _ProfileState) -> ProfileSummary:
        state.needs_rebuild = False
        history = state.history
        summary = ProfileSummary(state.profile.profile_id)
        keyed: list[tuple[tuple[datetime, str], dict[str, Any]]] = []
        for table, doc in history.scan():
            if table == ATTEMPTS:
                keyed.append(((from_iso(doc["answered_at"]), str(doc["attempt_id"])), doc))
            elif doc.get("event") == "finish":
                summary.observe_session_event(session_event_from_doc(doc))
        keyed.sort(key=lambda item: item[0])
        for (answered_at, _), doc in keyed:
            summary.observe_attempt_doc(doc, answered_at)
        summary.out_of_order = False
        summary.watermark = history.end()
        state.summary = summary
        state.summary_saved = None
        self._persist_summary(state)
        return summary

    def _summary(self, state: _ProfileState) -> ProfileSummary:
        if state.needs_rebuild:
            return self._rebuild_summary(state)
        if state.summary is not None:
            return state.summary
        stored = self._summary_db(state).table(SUMMARY_TABLE).get(doc_id=1)
        summary = (
            ProfileSummary.from_doc(stored, state.profile.profile_id)
            if isinstance(stored, dict)
            else None
        )
        if summary is None:
            return self._rebuild_summary(state)
        saved_mark = summary.watermark
        if not self._fold_tail(state, summary) or state.needs_rebuild:
            return self._rebuild_summary(state)
        state.summary = summary
        state.summary_saved = saved_mark
        return summary

    def rebuild_summary(self, profile_id: str) -> None:
        """Recompute the learner's summary from the full history."""
        with self._mutex:
            self._rebuild_summary(self._state(profile_id))

    def overview(self, profile_id: str, now: datetime | None = None) -> Overview:
        """The learner's dashboard figures.

        Cheap however long the history: it reads the small summary and the
        answers recorded since it was last saved.
        """
        with self._mutex:
            state = self._state(profile_id)
            moment = _need_aware(now, "now")
            summary = self._summary(state)
            completed = frozenset(
                m.module_id for m in self.all_module_progress(profile_id).values() if m.completed
            )
            return summary.overview(moment, completed)

    def mastery(self, profile_id: str, now: datetime | None = None) -> dict[str, IndicatorMastery]:
        """Per-indicator mastery of the learner (see :mod:`.mastery`)."""
        return dict(self.overview(profile_id, now).mastery)
