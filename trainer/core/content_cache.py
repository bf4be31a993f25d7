"""A cache of parsed content files, so the app starts without parsing every file again.

The app keeps one file, ``<data dir>/cache/content.cache``. For every content file it
last loaded, the cache holds what parsing that file's text produced: the module, quiz,
taxonomy or library settings as plain data, the problems found in the text, and the
references to check against other files. Module bodies are not kept: they are sliced
from the file's text, which is read anyway (below).

* **When an entry is used.** On every load each file is read and hashed; its entry is
  used only when the content root, the path, the size and the SHA-256 of the bytes all
  match. Modification times are not trusted: copies and USB sticks keep or round them
  (FAT keeps two seconds), and offline laptops often have the wrong clock.
* **What is always checked again.** Cross-references between files (indicators, module
  and quiz ids, tracks, links to other files) are checked on every load by the loader,
  and so are the pictures and relative links of a module (does the picture still exist,
  does the link stay inside the folder). So problems are always reported, cached or not.
* **Safe to delete.** The cache is only ever a shortcut: a missing, unreadable, damaged
  or outdated cache (another format, another trainer version or Python, a changed
  parser) is treated as empty and written again after the next load.
* **Format.** A magic line, the SHA-256 of the payload, then the payload: ``marshal``
  of plain data (tuples, strings, numbers, booleans, ``None``; no code, no classes), the
  entries in chunks of 64 so that decoding never holds the interpreter lock for long.
  A damaged file fails the checksum before anything is decoded.

Nothing here imports Qt; the loader (:func:`trainer.core.loader.load_library`) decides
what to keep.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from trainer import __version__
from trainer.core.model import (
    CategorizeItem,
    DecisionEnding,
    DecisionStep,
    DeferredScenarios,
    Dimension,
    Indicator,
    LibraryInfo,
    Module,
    Option,
    Question,
    QuestionType,
    Quiz,
    QuizMode,
    Scenario,
    Section,
    Source,
    Strength,
    Taxonomy,
    Track,
)

__all__ = [
    "CACHE_DIR",
    "CACHE_FILE",
    "FORMAT",
    "CacheEntry",
    "ContentCache",
    "decode_record",
    "encode_record",
    "fingerprint",
    "module_body_length",
    "pack_refs",
    "unpack_refs",
]

CACHE_DIR = "cache"
CACHE_FILE = "content.cache"
#: Raise whenever what the parsers produce, or how it is stored here, changes.
FORMAT = 5
_MAGIC = b"officer-trainer content cache\n"
_DIGEST = 32
#: Entries per separately marshalled chunk. One ``marshal`` call on the whole cache would
#: hold the interpreter lock for tens of milliseconds (the UI thread would stall while
#: the worker reads); chunks let the threads take turns.
_CHUNK = 64
#: The modules whose code decides what a file parses to: a change to any of them (a
#: developer's edit, an update) makes the whole cache outdated.
_PARSER_SOURCES = (
    "content_cache.py",
    "fields.py",
    "library_file.py",
    "loader.py",
    "markdown_scan.py",
    "model.py",
    "module_file.py",
    "problems.py",
    "quiz_file.py",
    "references.py",
    "taxonomy_file.py",
    "textfile.py",
    "yamldoc.py",
)


class CacheEntry(NamedTuple):
    """What one file parsed to, with the size and hash of the bytes it was parsed from."""

    size: int
    sha256: str
    #: Length of the decoded text (module bodies are sliced from it).
    text_length: int
    kind: str | None
    declared_id: str | None
    #: (line, column, severity, message) of the problems found in the text alone.
    problems: tuple[tuple[int, int, str, str], ...]
    #: The references found in the text alone, as :func:`pack_refs` gives them.
    refs: tuple[tuple[tuple[str, tuple[str, ...]], ...], bytes]
    #: (url, line, column, is picture) of a module's pictures and relative links.
    local_links: tuple[tuple[str, int, int, bool], ...]
    #: ("module" | "quiz" | "taxonomy" | "library", plain data) or ``None``.
    record: tuple[str, Any] | None


def fingerprint() -> tuple[Any, ...]:
    """What the cached data depends on besides the files themselves."""
    here = Path(__file__).resolve().parent
    sources: list[tuple[str, int, int]] = []
    for name in _PARSER_SOURCES:
        try:
            stat = (here / name).stat()
            sources.append((name, stat.st_size, stat.st_mtime_ns))
        except OSError:
            sources.append((name, -1, -1))
    return (FORMAT, __version__, tuple(sys.version_info[:2]), marshal.version, tuple(sources))


def pack_refs(
    refs: tuple[tuple[str, str, int, int], ...],
) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], bytes]:
    """References as (kind, target, line, column), stored as the targets of each kind
    (each once) and all of them packed: only a file with a missing target needs the
    positions."""
    targets: dict[str, dict[str, None]] = {}
    for kind, target, _line, _column in refs:
        targets.setdefault(kind, {})[target] = None
    grouped = tuple((kind, tuple(found)) for kind, found in targets.items())
    return grouped, marshal.dumps(refs) if refs else b""


def unpack_refs(packed: bytes) -> tuple[tuple[str, str, int, int], ...]:
    refs: tuple[tuple[str, str, int, int], ...] = marshal.loads(packed)
    return refs


class ContentCache:
    """The cache file of one data folder. Read on first use; :meth:`save` writes the
    entries of the files seen since (so files that went away drop out)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / CACHE_FILE
        self._stored: dict[str, Any] | None = None
        self._next: dict[str, Any] = {}
        self._changed = False
        self.hits = 0
        self.misses = 0
        # Each root's absolute path, worked out once (a load asks for it for every file).
        self._absolute: dict[Path, str] = {}

    def _key(self, root: Path, rel: PurePosixPath) -> str:
        absolute = self._absolute.get(root)
        if absolute is None:
            absolute = self._absolute[root] = os.path.abspath(root)
        return f"{absolute}\0{rel}"

    def _read(self) -> dict[str, Any]:
        try:
            data = self.path.read_bytes()
        except OSError:
            return {}
        head = len(_MAGIC) + _DIGEST
        if not data.startswith(_MAGIC) or len(data) < head:
            return {}
        payload = memoryview(data)[head:]  # not a copy of the 10–20 MB
        if hashlib.sha256(payload).digest() != data[len(_MAGIC) : head]:
            return {}
        entries: dict[str, Any] = {}
        try:
            document = marshal.loads(payload)
            if (
                not isinstance(document, tuple)
                or len(document) != 2
                or document[0] != fingerprint()
                or not isinstance(document[1], tuple)
            ):
                return {}
            for chunk in document[1]:
                part = marshal.loads(chunk)
                if not isinstance(part, dict):
                    return {}
                entries.update(part)
        except (EOFError, ValueError, TypeError):
            return {}
        return entries

    @property
    def stored(self) -> dict[str, Any]:
        if self._stored is None:
            self._stored = self._read()
        return self._stored

    def get(self, root: Path, rel: PurePosixPath) -> CacheEntry | None:
        """The stored entry for a file, if there is one of the right shape."""
        raw = self.stored.get(self._key(root, rel))
        if not isinstance(raw, tuple) or len(raw) != len(CacheEntry._fields):
            return None
        return CacheEntry._make(raw)

    def keep(self, root: Path, rel: PurePosixPath) -> None:
        """Carry a stored entry over to the next :meth:`save` (its file still matches)."""
        key = self._key(root, rel)
        if key in self.stored:
            self._next[key] = self.stored[key]

    def put(self, root: Path, rel: PurePosixPath, entry: CacheEntry) -> None:
        """Store a new entry for a file."""
        self._next[self._key(root, rel)] = tuple(entry)
        self._changed = True

    @property
    def changed(self) -> bool:
        return self._changed or set(self._next) != set(self.stored)

    def save(self) -> bool:
        """Write the entries seen since the cache was read, when they differ from the
        file's; ``True`` when the file was written. Never raises: a cache that cannot be
        written is simply not there next time."""
        if not self.changed:
            return False
        items = list(self._next.items())
        try:
            chunks = tuple(
                marshal.dumps(dict(items[start : start + _CHUNK]))
                for start in range(0, len(items), _CHUNK)
            )
            payload = marshal.dumps((fingerprint(), chunks))
        except ValueError:
            return False
        data = _MAGIC + hashlib.sha256(payload).digest() + payload
        temporary = self.folder / f".{CACHE_FILE}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
            os.replace(temporary, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()
            return False
        self._stored = dict(self._next)
        self._changed = False
        return True

    def clear(self) -> None:
        """Delete the cache file (the next load parses every file)."""
        with contextlib.suppress(OSError):
            self.path.unlink()
        self._stored = {}
        self._next = {}
        self._changed = False


# ---------------------------------------------------------------- model <-> plain data
#
# Plain tuples in field order; the decoders call the model's constructors positionally
# (many thousands of objects are rebuilt on each start, so this stays simple and fast).

_QUESTION_TYPES = {t.value: t for t in QuestionType}
_QUIZ_MODES = {m.value: m for m in QuizMode}
_STRENGTHS = {s.value: s for s in Strength}


def _sources(sources: Iterable[Source]) -> tuple[Any, ...]:
    return tuple((s.title, s.publisher, s.year, s.url, s.note, s.id) for s in sources)


def _options(options: Iterable[Option]) -> tuple[Any, ...]:
    return tuple((o.text, o.correct, o.feedback, o.indicators, o.line, o.target) for o in options)


def _question(q: Question) -> tuple[Any, ...]:
    return (
        q.id,
        q.type.value,
        q.prompt,
        q.body,
        q.indicators,
        q.points,
        q.explanation,
        q.line,
        q.quiz_id,
        q.scenario_index,
        _options(q.options),
        q.categories,
        tuple((i.text, i.category, i.feedback, i.indicators, i.line) for i in q.items),
        tuple((s.id, s.text, _options(s.choices), s.line) for s in q.steps),
        tuple((e.id, e.score, e.text, e.line) for e in q.endings),
    )


def encode_record(value: Module | Quiz | Taxonomy | LibraryInfo) -> tuple[str, Any]:
    """Plain data for a parsed object (a module's body is left out)."""
    if isinstance(value, Module):
        m = value
        return (
            "module",
            (
                m.id,
                m.title,
                m.track,
                m.order,
                m.summary,
                m.estimated_minutes,
                m.language,
                m.version,
                m.audience,
                m.objectives,
                m.indicators,
                _sources(m.sources),
                m.content_warning,
                len(m.body),
                m.body_line,
                tuple((s.id, s.title, s.line) for s in m.sections),
                m.path,
                m.sha256,
            ),
        )
    if isinstance(value, Quiz):
        z = value
        # Packed apart: the scenarios are unpacked only when the quiz is opened.
        scenarios = marshal.dumps(
            tuple(
                (s.title, s.narrative, s.line, tuple(_question(q) for q in s.questions))
                for s in z.scenarios
            )
        )
        return (
            "quiz",
            (
                z.id,
                z.title,
                z.module,
                z.mode.value,
                z.pass_mark,
                z.draw,
                z.time_limit_minutes,
                z.shuffle,
                z.version,
                z.language,
                z.intro,
                (scenarios, z.question_count, z.indicator_ids),
                z.path,
                z.sha256,
            ),
        )
    if isinstance(value, Taxonomy):
        t = value
        return (
            "taxonomy",
            (
                t.id,
                t.title,
                t.version,
                t.language,
                _sources(t.sources),
                tuple((d.id, d.name, d.group, d.description) for d in t.dimensions),
                tuple(
                    (
                        i.id,
                        i.name,
                        i.dimension,
                        i.strength.value,
                        i.description,
                        i.observe,
                        i.sources,
                        i.path,
                        i.line,
                    )
                    for i in t.indicators
                ),
                t.path,
            ),
        )
    info = value
    return (
        "library",
        (
            info.id,
            info.title,
            info.version,
            info.publisher,
            info.language,
            tuple((t.id, t.title, t.description) for t in info.tracks),
            info.path,
        ),
    )


def _decode_options(data: tuple[Any, ...]) -> tuple[Option, ...]:
    return tuple([Option(*o) for o in data])


def _decode_question(q: tuple[Any, ...]) -> Question:
    return Question(
        q[0],
        _QUESTION_TYPES[q[1]],
        q[2],
        q[3],
        q[4],
        q[5],
        q[6],
        q[7],
        q[8],
        q[9],
        tuple([Option(*o) for o in q[10]]) if q[10] else (),
        q[11],
        tuple([CategorizeItem(*i) for i in q[12]]) if q[12] else (),
        tuple([DecisionStep(s[0], s[1], _decode_options(s[2]), s[3]) for s in q[13]])
        if q[13]
        else (),
        tuple([DecisionEnding(*e) for e in q[14]]) if q[14] else (),
    )


def _unpack_scenarios(packed: bytes) -> tuple[Scenario, ...]:
    return tuple(
        [
            Scenario(s[0], s[1], s[2], tuple([_decode_question(q) for q in s[3]]))
            for s in marshal.loads(packed)
        ]
    )


def decode_record(
    record: tuple[str, Any], body: str = ""
) -> Module | Quiz | Taxonomy | LibraryInfo:
    """The object :func:`encode_record` was given (a module gets ``body`` back).

    Raises ``ValueError``, ``TypeError``, ``KeyError`` or ``IndexError`` for data of the
    wrong shape; the loader then parses the file instead.
    """
    tag, d = record
    if tag == "module":
        return Module(
            d[0],
            d[1],
            d[2],
            d[3],
            d[4],
            d[5],
            d[6],
            d[7],
            d[8],
            d[9],
            d[10],
            tuple([Source(*s) for s in d[11]]),
            d[12],
            body,
            d[14],
            tuple([Section(*s) for s in d[15]]),
            d[16],
            d[17],
        )
    if tag == "quiz":
        packed, question_count, indicator_ids = d[11]
        if not isinstance(packed, bytes) or not isinstance(question_count, int):
            raise TypeError("the scenarios are not packed")
        scenarios = DeferredScenarios(packed, _unpack_scenarios, question_count, indicator_ids)
        return Quiz(
            d[0],
            d[1],
            d[2],
            _QUIZ_MODES[d[3]],
            d[4],
            d[5],
            d[6],
            d[7],
            d[8],
            d[9],
            d[10],
            scenarios,
            d[12],
            d[13],
        )
    if tag == "taxonomy":
        return Taxonomy(
            d[0],
            d[1],
            d[2],
            d[3],
            tuple([Source(*s) for s in d[4]]),
            tuple([Dimension(*x) for x in d[5]]),
            tuple(
                [
                    Indicator(i[0], i[1], i[2], _STRENGTHS[i[3]], i[4], i[5], i[6], i[7], i[8])
                    for i in d[6]
                ]
            ),
            d[7],
        )
    if tag == "library":
        return LibraryInfo(d[0], d[1], d[2], d[3], d[4], tuple([Track(*t) for t in d[5]]), d[6])
    raise ValueError(f"unknown record {tag!r}")


def module_body_length(record: tuple[str, Any]) -> int:
    """How many characters at the end of the file's text are the module's body."""
    length: int = record[1][13]
    return length
