"""Loading content folders into a :class:`Library`, with every problem found.

One broken file never stops the rest: each file is read on its own, and a file with
errors is left out of the library while its problems are reported.

With a :class:`~trainer.core.content_cache.ContentCache` (the app passes one), a file
whose bytes are unchanged since it was last parsed is not parsed again: what it parsed
to comes from the cache. Everything that depends on other files (cross-references,
pictures, relative links) is checked on every load either way. ``trainer validate``
passes no cache, so it parses and checks every file in full.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import TypeVar

from trainer.core.content_cache import (
    CacheEntry,
    ContentCache,
    decode_record,
    encode_record,
    module_body_length,
    pack_refs,
    unpack_refs,
)
from trainer.core.markdown_scan import RealPaths
from trainer.core.model import (
    Dimension,
    Indicator,
    Library,
    LibraryInfo,
    Module,
    Problem,
    Quiz,
    Severity,
    Taxonomy,
    Track,
)
from trainer.core.module_file import LocalLink, check_local_links, parse_module_text
from trainer.core.problems import ProblemLog, did_you_mean
from trainer.core.references import Reference, RefKind
from trainer.core.textfile import MAX_FILE_BYTES, read_text_file

T = TypeVar("T")

CONTENT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")
_REF_KINDS = {kind.value: kind for kind in RefKind}
# References to files come from a module's links, which are checked again on every load.
_CACHED_REF_KINDS = frozenset(kind.value for kind in RefKind if kind is not RefKind.FILE)
_SEVERITIES = {severity.value: severity for severity in Severity}
MAX_FILES = 20_000


@dataclass
class _Parsed:
    """What one file yielded, before cross-references are checked."""

    log: ProblemLog
    root: Path
    rel: PurePosixPath
    refs: list[Reference]
    module: Module | None = None
    quiz: Quiz | None = None
    taxonomy: Taxonomy | None = None
    info: LibraryInfo | None = None
    declared_id: str | None = None
    kind: str | None = None
    # What the cache needs: the hash and decoded length of the bytes parsed, a module's
    # pictures and relative links, and how many problems and references came from the
    # text alone (the rest come from checking those links against the folder).
    sha256: str | None = None
    size: int = 0
    text_length: int = 0
    local_links: list[LocalLink] = field(default_factory=list)
    text_problems: int = -1
    text_refs: int = -1
    # References of a file taken from the cache: the targets of each kind, and all of
    # them as (kind, target, line, column), packed. Nearly always every target exists,
    # so the packed ones are unpacked (and a Reference made) only when one does not.
    ref_targets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    packed_refs: bytes = b""

    def raw_refs(self) -> tuple[tuple[str, str, int, int], ...]:
        return unpack_refs(self.packed_refs) if self.packed_refs else ()


def content_files(root: Path) -> Iterator[PurePosixPath]:
    """Root-relative paths of the content files below ``root``, in a stable order.

    Hidden files and folders are skipped, and so are links that lead outside the root.
    Folders are listed before their sub-folders, each in name order; links to folders
    are not followed.
    """
    real_root = root.resolve()
    count = 0

    def walk(folder: str, prefix: str) -> Iterator[PurePosixPath]:
        nonlocal count
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            return
        folders: list[os.DirEntry[str]] = []
        for entry in entries:
            name = entry.name
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if not name.startswith((".", "__")) and not entry.is_symlink():
                    folders.append(entry)
                continue
            if name.startswith(".") or not name.lower().endswith(CONTENT_SUFFIXES):
                continue
            if entry.is_symlink():
                try:
                    Path(entry.path).resolve().relative_to(real_root)
                except (ValueError, OSError, RuntimeError):
                    continue
            count += 1
            if count > MAX_FILES:
                return
            yield PurePosixPath(prefix + name)
        for entry in folders:
            yield from walk(entry.path, f"{prefix}{entry.name}/")
            if count > MAX_FILES:
                return

    yield from walk(str(root), "")


def parse_file(
    root: Path, rel: PurePosixPath, display: str, real_paths: RealPaths | None = None
) -> _Parsed:
    """Parse one content file; never raises. ``real_paths`` is shared by the files of one
    root to check their links faster."""
    log = ProblemLog(display)
    parsed = _Parsed(log, root, rel, [])
    try:
        _parse_into(parsed, real_paths)
    except Exception as exc:  # a defect in a parser must not stop the library loading
        log.error(1, 1, f"this file could not be read ({type(exc).__name__}: {exc})")
        parsed.module = parsed.quiz = parsed.taxonomy = parsed.info = None
    return parsed


def _parse_into(parsed: _Parsed, real_paths: RealPaths | None) -> None:
    # The parsers are imported with the first file that is not in the content cache:
    # a start-up that finds every file cached needs none of them.
    from trainer.core.fields import kind_of, split_front_matter
    from trainer.core.library_file import parse_library
    from trainer.core.quiz_file import parse_quiz
    from trainer.core.taxonomy_file import parse_taxonomy
    from trainer.core.yamldoc import YamlMap, load_yaml

    log, rel = parsed.log, parsed.rel
    text_file = read_text_file(parsed.root / rel, log)
    if text_file is None:
        return
    parsed.sha256 = text_file.sha256
    parsed.text_length = len(text_file.text)
    if rel.suffix.lower() in (".md", ".markdown"):
        front = split_front_matter(text_file.text, log)
        if front is None:
            if not log.has_errors and rel.name.lower() != "readme.md":
                log.warning(
                    1,
                    1,
                    "this Markdown file has no front matter, so it is not used; start it with "
                    "'---', 'kind: module' (or 'kind: quiz') and the other settings",
                )
            return
        kind = kind_of(front.data)
        declared = front.data.get("id")
        parsed.declared_id = declared.strip() if isinstance(declared, str) else None
        parsed.kind = kind
        if kind == "module":
            parsed.module, parsed.refs, parsed.local_links = parse_module_text(
                rel, front, text_file.sha256, log
            )
            parsed.text_problems, parsed.text_refs = len(log.problems), len(parsed.refs)
            parsed.refs.extend(
                check_local_links(parsed.root, rel, parsed.local_links, log, real_paths)
            )
        elif kind == "quiz":
            parsed.quiz, parsed.refs = parse_quiz(rel, front, text_file.sha256, log)
        else:
            line, column = front.data.pos("kind") if "kind" in front.data else (2, 1)
            found = f"'kind' is '{kind}'" if kind else "the front matter has no 'kind'"
            log.error(
                line,
                column,
                f"{found}; add 'kind: module' or 'kind: quiz'"
                f"{did_you_mean(kind or '', ('module', 'quiz'))}",
            )
        return
    data = load_yaml(text_file.text, log)
    if data is None:
        if not log.has_errors:
            log.warning(1, 1, "the file is empty")
        return
    if not isinstance(data, YamlMap):
        log.error(1, 1, "the file must be a list of 'name: value' settings starting with 'kind'")
        return
    kind = kind_of(data)
    if kind == "taxonomy":
        parsed.taxonomy, parsed.refs = parse_taxonomy(rel, data, log)
    elif kind == "library":
        parsed.info = parse_library(rel, data, log)
    else:
        line, column = data.pos("kind") if "kind" in data else (1, 1)
        found = f"'kind' is '{kind}'" if kind else "the file has no 'kind'"
        log.error(
            line,
            column,
            f"{found}; YAML content files are 'kind: taxonomy' or 'kind: library'"
            f"{did_you_mean(kind or '', ('taxonomy', 'library'))}",
        )


class _Linker:
    """Builds the library from parsed files and checks every cross-reference."""

    def __init__(self, parsed: list[_Parsed]) -> None:
        self.parsed = parsed
        self.extra: dict[int, list[Problem]] = {}

    def fail(self, index: int, ref: Reference | None, line: int, message: str) -> None:
        where = self.parsed[index].log.path
        column = ref.column if ref else 1
        self.extra.setdefault(index, []).append(
            Problem(where, ref.line if ref else line, column, Severity.ERROR, message)
        )

    def warn(self, index: int, line: int, column: int, message: str) -> None:
        where = self.parsed[index].log.path
        self.extra.setdefault(index, []).append(
            Problem(where, line, column, Severity.WARNING, message)
        )

    def unique(self, kind: str, items: list[tuple[int, str, int, T]]) -> dict[str, T]:
        result: dict[str, T] = {}
        first: dict[str, tuple[int, int]] = {}
        for index, item_id, line, item in items:
            if item_id in result:
                other, other_line = first[item_id]
                self.fail(
                    index,
                    None,
                    line,
                    f"the {kind} id '{item_id}' is already used in "
                    f"{self.parsed[other].log.path} line {other_line}; ids must be unique",
                )
                continue
            result[item_id] = item
            first[item_id] = (index, line)
        return result

    def declared(self, kind: str) -> set[str]:
        """Ids declared by files of ``kind``, whether or not the file parsed cleanly."""
        return {
            p.declared_id
            for p in self.parsed
            if p.declared_id and str(p.rel).endswith((".md", ".markdown")) and p.kind == kind
        }

    def link(self, roots: tuple[Path, ...]) -> Library:
        # One library file per content folder: the shipped curriculum and each installed
        # pack bring their own. The first folder's names the whole library.
        root_infos: dict[Path, LibraryInfo] = {}
        for index, parsed in enumerate(self.parsed):
            if parsed.info is None:
                continue
            if parsed.root in root_infos:
                self.fail(
                    index, None, 1, "there is already a library file; keep only one per folder"
                )
                continue
            root_infos[parsed.root] = parsed.info
        infos = [root_infos[r] for r in roots if r in root_infos]
        info = infos[0] if infos else None

        indicators: dict[str, Indicator] = self.unique(
            "indicator",
            [
                (i, ind.id, ind.line, ind)
                for i, p in enumerate(self.parsed)
                if p.taxonomy
                for ind in p.taxonomy.indicators
            ],
        )
        dimensions: dict[str, Dimension] = self.unique(
            "dimension",
            [
                (i, d.id, 1, d)
                for i, p in enumerate(self.parsed)
                if p.taxonomy
                for d in p.taxonomy.dimensions
            ],
        )
        modules: dict[str, Module] = self.unique(
            "module", [(i, p.module.id, 2, p.module) for i, p in enumerate(self.parsed) if p.module]
        )
        quizzes: dict[str, Quiz] = self.unique(
            "quiz", [(i, p.quiz.id, 2, p.quiz) for i, p in enumerate(self.parsed) if p.quiz]
        )
        tracks: list[Track] = []
        for each in infos:
            tracks.extend(t for t in each.tracks if t.id not in {k.id for k in tracks})
        if info is None and (modules or quizzes):
            index = next(i for i, p in enumerate(self.parsed) if p.module or p.quiz)
            self.warn(
                index,
                1,
                1,
                "there is no library.yaml, so tracks are shown by their ids; add a library.yaml "
                "at the top of the content folder",
            )
            for track_id in sorted({m.track for m in modules.values()}):
                tracks.append(Track(track_id, track_id.replace("-", " ").capitalize()))
        track_ids = [t.id for t in tracks]
        # Links resolve against every file that declares an id, even one with errors of its
        # own, so a single broken quiz does not turn every link to it into another error.
        files = {str(p.rel): p for p in self.parsed if p.declared_id}
        declared_modules = set(modules) | self.declared("module")
        declared_quizzes = set(quizzes) | self.declared("quiz")
        # Each pool once, as a set to look targets up and in order for suggestions.
        pools: dict[RefKind, tuple[str, Sequence[str], set[str], str]] = {
            RefKind.INDICATOR: (
                "indicator",
                list(indicators),
                set(indicators),
                "add it to a taxonomy file",
            ),
            RefKind.DIMENSION: (
                "dimension",
                list(dimensions),
                set(dimensions),
                "add it to the dimensions",
            ),
            RefKind.MODULE: (
                "module",
                sorted(declared_modules),
                declared_modules,
                "check the module's id",
            ),
            RefKind.QUIZ: (
                "quiz",
                sorted(declared_quizzes),
                declared_quizzes,
                "check the quiz's id",
            ),
            RefKind.TRACK: (
                "track",
                track_ids,
                set(track_ids),
                "add it to the tracks in library.yaml",
            ),
        }
        for index, parsed in enumerate(self.parsed):
            if any(
                not pools[_REF_KINDS[kind]][2].issuperset(targets)
                for kind, targets in parsed.ref_targets
            ):
                for kind, target, line, column in parsed.raw_refs():
                    if target not in pools[_REF_KINDS[kind]][2]:
                        ref = Reference(_REF_KINDS[kind], target, str(parsed.rel), line, column)
                        self.check_ref(index, ref, pools)
            for ref in parsed.refs:
                if ref.kind is RefKind.FILE:
                    self.check_file(index, ref, files)
                else:
                    self.check_ref(index, ref, pools)

        def usable(index: int, parsed: _Parsed) -> bool:
            return not parsed.log.has_errors and not any(
                p.severity is Severity.ERROR for p in self.extra.get(index, [])
            )

        kept_modules = {
            m.id: m
            for i, p in enumerate(self.parsed)
            if (m := p.module) and usable(i, p) and modules.get(m.id) is m
        }
        kept_quizzes = {
            q.id: q
            for i, p in enumerate(self.parsed)
            if (q := p.quiz) and usable(i, p) and quizzes.get(q.id) is q
        }
        problems: list[Problem] = []
        for index, parsed in enumerate(self.parsed):
            problems.extend(parsed.log.problems)
            problems.extend(self.extra.get(index, []))
        problems.sort(key=lambda p: (p.path, p.line, p.column))
        return IndexedLibrary(
            roots=roots,
            info=info,
            infos=tuple(infos),
            origins=MappingProxyType(
                {
                    f"{'module' if p.module else 'quiz'}:{p.declared_id}": root_infos[p.root]
                    for p in self.parsed
                    if (p.module or p.quiz) and p.root in root_infos
                }
            ),
            modules=MappingProxyType(kept_modules),
            quizzes=MappingProxyType(kept_quizzes),
            indicators=MappingProxyType(indicators),
            dimensions=MappingProxyType(dimensions),
            tracks=tuple(tracks),
            taxonomies=tuple(p.taxonomy for p in self.parsed if p.taxonomy),
            problems=tuple(problems),
            file_count=sum(1 for p in self.parsed if str(p.rel) != "."),
        )

    def check_ref(
        self,
        index: int,
        ref: Reference,
        pools: dict[RefKind, tuple[str, Sequence[str], set[str], str]],
    ) -> None:
        noun, pool, members, fix = pools[ref.kind]
        if ref.target not in members:
            suggestion = did_you_mean(ref.target, pool)
            hint = "" if suggestion else f"; {fix}"
            self.fail(index, ref, ref.line, f"unknown {noun} '{ref.target}'{suggestion}{hint}")

    def check_file(self, index: int, ref: Reference, files: dict[str, _Parsed]) -> None:
        if ref.target in files:
            return
        target = self.parsed[index].root / ref.target
        if target.exists():
            self.warn(
                index,
                ref.line,
                ref.column,
                f"'{ref.target}' is not a module or quiz, so the app will not open it",
            )
        else:
            self.fail(index, ref, ref.line, f"the linked file '{ref.target}' does not exist")


def display_path(root: Path, rel: PurePosixPath, several_roots: bool) -> str:
    return str(root / rel) if several_roots else str(rel)


@dataclass(frozen=True)
class IndexedLibrary(Library):
    """A :class:`Library` whose lookups by module and by track are indexed once.

    The same fields and the same answers as ``Library``'s methods, without scanning every
    quiz for every module: the library screen asks for each module's quizzes, which is
    quadratic in a library of a thousand modules and a thousand quizzes.
    """

    _quizzes_by_module: Mapping[str, tuple[Quiz, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _modules_by_track: Mapping[str, tuple[Module, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        by_module: dict[str, list[Quiz]] = {}
        for quiz in self.quizzes.values():
            if quiz.module is not None:
                by_module.setdefault(quiz.module, []).append(quiz)
        by_track: dict[str, list[Module]] = {}
        for module in self.modules.values():
            by_track.setdefault(module.track, []).append(module)
        object.__setattr__(
            self,
            "_quizzes_by_module",
            {key: tuple(sorted(found, key=lambda q: q.title)) for key, found in by_module.items()},
        )
        object.__setattr__(
            self,
            "_modules_by_track",
            {
                key: tuple(sorted(found, key=lambda m: (m.order, m.title)))
                for key, found in by_track.items()
            },
        )

    def modules_in_track(self, track_id: str) -> list[Module]:
        return list(self._modules_by_track.get(track_id, ()))

    def quizzes_for_module(self, module_id: str) -> list[Quiz]:
        return list(self._quizzes_by_module.get(module_id, ()))


def _read_cached(
    cache: ContentCache, root: Path, rel: PurePosixPath, display: str, real_paths: RealPaths
) -> _Parsed | None:
    """The file as the cache remembers it, or ``None`` when the file's bytes are not the
    ones the entry was made from (or the entry cannot be used): then it is parsed."""
    entry = cache.get(root, rel)
    if entry is None or not isinstance(entry.size, int) or not isinstance(entry.sha256, str):
        return None
    try:
        with open(os.path.join(root, rel), "rb") as file:
            if os.fstat(file.fileno()).st_size != entry.size or entry.size > MAX_FILE_BYTES:
                return None
            data = file.read()
    except OSError:
        return None
    if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
        return None
    try:
        return _from_entry(entry, data, root, rel, display, real_paths)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, UnicodeDecodeError):
        return None


def _from_entry(
    entry: CacheEntry,
    data: bytes,
    root: Path,
    rel: PurePosixPath,
    display: str,
    real_paths: RealPaths,
) -> _Parsed:
    log = ProblemLog(display)
    log.problems = [
        Problem(display, line, column, _SEVERITIES[severity], message)
        for line, column, severity, message in entry.problems
    ]
    targets, packed = entry.refs
    if not {kind for kind, _targets in targets} <= _CACHED_REF_KINDS or not isinstance(
        packed, bytes
    ):
        raise ValueError("unknown reference kind")
    parsed = _Parsed(log, root, rel, [], declared_id=entry.declared_id, kind=entry.kind)
    parsed.ref_targets, parsed.packed_refs = targets, packed
    parsed.sha256, parsed.size, parsed.text_length = entry.sha256, entry.size, entry.text_length
    record = entry.record
    if record is not None:
        body = ""
        if record[0] == "module":
            # The body is the end of the file's text, decoded as the parser decoded it.
            text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            if len(text) != entry.text_length:
                raise ValueError("the text is not the one cached")
            length = module_body_length(record)
            body = text[len(text) - length :] if length else ""
        value = decode_record(record, body)
        if isinstance(value, Module):
            parsed.module = value
        elif isinstance(value, Quiz):
            parsed.quiz = value
        elif isinstance(value, Taxonomy):
            parsed.taxonomy = value
        else:
            parsed.info = value
    if entry.local_links:
        parsed.local_links = [LocalLink(*link) for link in entry.local_links]
        parsed.refs.extend(check_local_links(root, rel, parsed.local_links, log, real_paths))
    return parsed


def _entry(parsed: _Parsed, size: int) -> CacheEntry | None:
    """What to remember of a freshly parsed file (``None`` when it could not be read)."""
    if parsed.sha256 is None:
        return None
    text_problems = parsed.text_problems if parsed.text_problems >= 0 else len(parsed.log.problems)
    text_refs = parsed.text_refs if parsed.text_refs >= 0 else len(parsed.refs)
    value = parsed.module or parsed.quiz or parsed.taxonomy or parsed.info
    return CacheEntry(
        size=size,
        sha256=parsed.sha256,
        text_length=parsed.text_length,
        kind=parsed.kind,
        declared_id=parsed.declared_id,
        problems=tuple(
            (p.line, p.column, p.severity.value, p.message)
            for p in parsed.log.problems[:text_problems]
        ),
        refs=pack_refs(
            tuple((r.kind.value, r.target, r.line, r.column) for r in parsed.refs[:text_refs])
        ),
        local_links=tuple((k.url, k.line, k.column, k.is_image) for k in parsed.local_links),
        record=encode_record(value) if value is not None else None,
    )


def load_library(
    roots: Path | Sequence[Path],
    *,
    cache: ContentCache | None = None,
    pace: Callable[[bool], None] | None = None,
) -> Library:
    """Read every content file below the given folders; never raises for bad content.

    With a ``cache``, files whose bytes are unchanged since they were last parsed are
    taken from it, and the cache is saved afterwards when anything changed.
    ``pace`` is called with ``False`` before each file and with ``True`` before parsing
    one (it is not in the cache): the app's start-up waits there while its window is
    being built, and before parsing until the window is up (parsing holds the interpreter lock for
    long stretches, which would stall the window).
    """
    root_list = (roots,) if isinstance(roots, Path) else tuple(roots)
    parsed: list[_Parsed] = []
    several = len(root_list) > 1
    # Loading builds many thousands of objects and frees none: the cycle collector
    # would only walk them again and again, so it rests meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for root in root_list:
            if not root.is_dir():
                log = ProblemLog(str(root))
                log.error(1, 1, "the content folder does not exist or is not a folder")
                parsed.append(_Parsed(log, root, PurePosixPath("."), []))
                continue
            real_paths = RealPaths(root)
            for rel in content_files(root):
                display = display_path(root, rel, several)
                found = None
                if pace is not None:
                    pace(False)
                if cache is not None:
                    found = _read_cached(cache, root, rel, display, real_paths)
                if found is not None:
                    assert cache is not None
                    cache.keep(root, rel)
                    cache.hits += 1
                else:
                    if pace is not None:
                        pace(True)
                    found = parse_file(root, rel, display, real_paths)
                    if cache is not None:
                        cache.misses += 1
                        _remember(cache, found)
                parsed.append(found)
        library = _Linker(parsed).link(root_list)
    finally:
        if collecting:
            gc.enable()
    if cache is not None:
        cache.save()
    return library


def _remember(cache: ContentCache, parsed: _Parsed) -> None:
    try:
        size = (parsed.root / parsed.rel).stat().st_size
    except OSError:
        return
    entry = _entry(parsed, size)
    if entry is not None:
        cache.put(parsed.root, parsed.rel, entry)
