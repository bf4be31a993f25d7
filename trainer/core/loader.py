"""Loading content folders into a :class:`Library`, with every problem found.

One broken file never stops the rest: each file is read on its own, and a file with
errors is left out of the library while its problems are reported.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import TypeVar

from trainer.core.fields import kind_of, split_front_matter
from trainer.core.library_file import parse_library
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
from trainer.core.module_file import parse_module
from trainer.core.problems import ProblemLog, did_you_mean
from trainer.core.quiz_file import parse_quiz
from trainer.core.references import Reference, RefKind
from trainer.core.taxonomy_file import parse_taxonomy
from trainer.core.textfile import read_text_file
from trainer.core.yamldoc import YamlMap, load_yaml

T = TypeVar("T")

CONTENT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")
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


def content_files(root: Path) -> Iterator[PurePosixPath]:
    """Root-relative paths of the content files below ``root``, in a stable order.

    Hidden files and folders are skipped, and so are links that lead outside the root.
    """
    real_root = root.resolve()
    count = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
        base = Path(folder)
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(CONTENT_SUFFIXES):
                continue
            full = base / name
            if full.is_symlink():
                try:
                    full.resolve().relative_to(real_root)
                except ValueError:
                    continue
            count += 1
            if count > MAX_FILES:
                return
            yield PurePosixPath(full.relative_to(root).as_posix())


def parse_file(root: Path, rel: PurePosixPath, display: str) -> _Parsed:
    """Parse one content file; never raises."""
    log = ProblemLog(display)
    parsed = _Parsed(log, root, rel, [])
    try:
        _parse_into(parsed)
    except Exception as exc:  # a defect in a parser must not stop the library loading
        log.error(1, 1, f"this file could not be read ({type(exc).__name__}: {exc})")
        parsed.module = parsed.quiz = parsed.taxonomy = parsed.info = None
    return parsed


def _parse_into(parsed: _Parsed) -> None:
    log, rel = parsed.log, parsed.rel
    text_file = read_text_file(parsed.root / rel, log)
    if text_file is None:
        return
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
            parsed.module, parsed.refs = parse_module(
                parsed.root, rel, front, text_file.sha256, log
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
        infos = [(i, p.info) for i, p in enumerate(self.parsed) if p.info]
        info = infos[0][1] if infos else None
        for index, _extra in infos[1:]:
            self.fail(index, None, 1, "there is already a library file; keep only one per folder")

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
        tracks: list[Track] = list(info.tracks) if info else []
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
        for index, parsed in enumerate(self.parsed):
            for ref in parsed.refs:
                self.check(
                    index,
                    ref,
                    indicators,
                    dimensions,
                    declared_modules,
                    declared_quizzes,
                    track_ids,
                    files,
                )

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
        return Library(
            roots=roots,
            info=info,
            modules=MappingProxyType(kept_modules),
            quizzes=MappingProxyType(kept_quizzes),
            indicators=MappingProxyType(indicators),
            dimensions=MappingProxyType(dimensions),
            tracks=tuple(tracks),
            taxonomies=tuple(p.taxonomy for p in self.parsed if p.taxonomy),
            problems=tuple(problems),
            file_count=sum(1 for p in self.parsed if str(p.rel) != "."),
        )

    def check(
        self,
        index: int,
        ref: Reference,
        indicators: dict[str, Indicator],
        dimensions: dict[str, Dimension],
        modules: set[str],
        quizzes: set[str],
        track_ids: list[str],
        files: dict[str, _Parsed],
    ) -> None:
        pools: dict[RefKind, tuple[str, Sequence[str], str]] = {
            RefKind.INDICATOR: ("indicator", list(indicators), "add it to a taxonomy file"),
            RefKind.DIMENSION: ("dimension", list(dimensions), "add it to the dimensions"),
            RefKind.MODULE: ("module", sorted(modules), "check the module's id"),
            RefKind.QUIZ: ("quiz", sorted(quizzes), "check the quiz's id"),
            RefKind.TRACK: ("track", track_ids, "add it to the tracks in library.yaml"),
        }
        if ref.kind is RefKind.FILE:
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
            return
        noun, pool, fix = pools[ref.kind]
        if ref.target not in pool:
            suggestion = did_you_mean(ref.target, pool)
            hint = "" if suggestion else f"; {fix}"
            self.fail(index, ref, ref.line, f"unknown {noun} '{ref.target}'{suggestion}{hint}")


def display_path(root: Path, rel: PurePosixPath, several_roots: bool) -> str:
    return str(root / rel) if several_roots else str(rel)


def load_library(roots: Path | Sequence[Path]) -> Library:
    """Read every content file below the given folders; never raises for bad content."""
    root_list = (roots,) if isinstance(roots, Path) else tuple(roots)
    parsed: list[_Parsed] = []
    several = len(root_list) > 1
    for root in root_list:
        if not root.is_dir():
            log = ProblemLog(str(root))
            log.error(1, 1, "the content folder does not exist or is not a folder")
            parsed.append(_Parsed(log, root, PurePosixPath("."), []))
            continue
        for rel in content_files(root):
            parsed.append(parse_file(root, rel, display_path(root, rel, several)))
    return _Linker(parsed).link(root_list)
