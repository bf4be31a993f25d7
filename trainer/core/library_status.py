"""What the library and reader screens show, worked out without Qt.

* the status of each module for a learner (not started, in progress, completed) and
  the best score of its quizzes;
* the library grouped by track, filtered by a search over titles, summaries and
  indicators (ids and names);
* where a module's file lives (which content root, which relative path), the links a
  module may follow inside the app, and whether a ``content:`` address stays inside
  its root;
* which sections a learner has scrolled past and which section is on screen.

The widgets call these functions and only draw the results.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from trainer.core.markdown_scan import IMAGE_SUFFIXES, resolve_inside
from trainer.core.model import Library, Module, Quiz, Track
from trainer.core.progress.models import ModuleProgress, QuizBest

__all__ = [
    "LibraryOverview",
    "ModuleEntry",
    "ModuleStatus",
    "QuizEntry",
    "TrackEntry",
    "best_of",
    "content_location",
    "library_overview",
    "link_targets",
    "matches_query",
    "module_status",
    "normalise",
    "resolve_content_path",
    "section_at",
    "sections_passed",
]


class ModuleStatus(StrEnum):
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"


def module_status(progress: ModuleProgress | None) -> ModuleStatus:
    """Completed once marked complete; in progress once any section was read or the
    learner has a saved reading position; otherwise not started."""
    if progress is None:
        return ModuleStatus.NOT_STARTED
    if progress.completed:
        return ModuleStatus.COMPLETED
    if progress.sections_read or progress.position is not None:
        return ModuleStatus.IN_PROGRESS
    return ModuleStatus.NOT_STARTED


def best_of(bests: Iterable[QuizBest | None]) -> QuizBest | None:
    """The best result among several quizzes (highest share of the points)."""
    found = [b for b in bests if b is not None]
    if not found:
        return None
    return max(found, key=lambda b: (b.best_ratio, b.last_finished_at))


@dataclass(frozen=True, slots=True)
class QuizEntry:
    quiz: Quiz
    best: QuizBest | None


@dataclass(frozen=True, slots=True)
class ModuleEntry:
    module: Module
    status: ModuleStatus
    sections_read: int
    sections_total: int
    quizzes: tuple[QuizEntry, ...]

    @property
    def best(self) -> QuizBest | None:
        """The best result among the module's quizzes."""
        return best_of(q.best for q in self.quizzes)


@dataclass(frozen=True, slots=True)
class TrackEntry:
    """A track and its modules; ``track`` is ``None`` for the group of quizzes that
    belong to no module (such as a final self-assessment)."""

    track: Track | None
    modules: tuple[ModuleEntry, ...]
    quizzes: tuple[QuizEntry, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.modules and not self.quizzes


@dataclass(frozen=True, slots=True)
class LibraryOverview:
    groups: tuple[TrackEntry, ...]
    modules_total: int
    modules_completed: int
    query: str

    @property
    def visible_modules(self) -> int:
        return sum(len(g.modules) for g in self.groups)

    @property
    def visible_quizzes(self) -> int:
        return sum(len(g.quizzes) + sum(len(m.quizzes) for m in g.modules) for g in self.groups)

    @property
    def is_empty(self) -> bool:
        return all(g.is_empty for g in self.groups)


def normalise(text: str) -> str:
    """Text for matching: case and accents ignored, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def _words(query: str) -> list[str]:
    return normalise(query).split()


def _indicator_text(library: Library, indicator_ids: Iterable[str]) -> list[str]:
    parts: list[str] = []
    for indicator_id in indicator_ids:
        parts.append(indicator_id)
        indicator = library.indicators.get(indicator_id)
        if indicator is not None:
            parts.append(indicator.name)
    return parts


def _module_haystack(library: Library, module: Module) -> str:
    return normalise(
        " ".join([module.title, module.summary, *_indicator_text(library, module.indicators)])
    )


def _quiz_haystack(library: Library, quiz: Quiz) -> str:
    return normalise(" ".join([quiz.title, *_indicator_text(library, quiz.indicator_ids)]))


def matches_query(haystack: str, query: str) -> bool:
    """True when every word of ``query`` occurs in ``haystack`` (already normalised)."""
    return all(word in haystack for word in _words(query))


def library_overview(
    library: Library,
    progress: Mapping[str, ModuleProgress],
    best: Mapping[str, QuizBest],
    query: str = "",
) -> LibraryOverview:
    """The library as the learner sees it: tracks in order, their modules in order, each
    module's quizzes, then the quizzes that belong to no module.

    With a ``query``, a module is kept when its title, summary or one of its indicators
    (id or name) contains every word of the query; a quiz is kept when its module is
    kept or its own title or indicators match. Tracks left empty are dropped.
    """
    searching = bool(_words(query))
    groups: list[TrackEntry] = []
    placed: set[str] = set()
    placed_modules: set[str] = set()
    tracks = list(library.tracks)
    known_tracks = {t.id for t in tracks}
    stray = sorted({m.track for m in library.modules.values() if m.track not in known_tracks})
    tracks.extend(Track(track_id, track_id.replace("-", " ").capitalize()) for track_id in stray)

    def quiz_entry(quiz: Quiz) -> QuizEntry:
        return QuizEntry(quiz, best.get(quiz.id))

    for track in tracks:
        entries: list[ModuleEntry] = []
        for module in library.modules_in_track(track.id):
            placed_modules.add(module.id)
            quizzes = library.quizzes_for_module(module.id)
            placed.update(q.id for q in quizzes)
            module_hit = not searching or matches_query(_module_haystack(library, module), query)
            shown = [
                q for q in quizzes if module_hit or matches_query(_quiz_haystack(library, q), query)
            ]
            if not module_hit and not shown:
                continue
            record = progress.get(module.id)
            read = len(record.sections_read & {s.id for s in module.sections}) if record else 0
            entries.append(
                ModuleEntry(
                    module=module,
                    status=module_status(record),
                    sections_read=read,
                    sections_total=len(module.sections),
                    quizzes=tuple(quiz_entry(q) for q in shown),
                )
            )
        if entries:
            groups.append(TrackEntry(track, tuple(entries)))
    loose = sorted(
        (q for q in library.quizzes.values() if q.id not in placed),
        key=lambda q: q.title.casefold(),
    )
    loose_shown = [
        quiz_entry(q)
        for q in loose
        if not searching or matches_query(_quiz_haystack(library, q), query)
    ]
    if loose_shown:
        groups.append(TrackEntry(None, (), tuple(loose_shown)))
    completed = sum(
        1
        for module_id in placed_modules
        if module_status(progress.get(module_id)) is ModuleStatus.COMPLETED
    )
    return LibraryOverview(
        groups=tuple(groups),
        modules_total=len(placed_modules),
        modules_completed=completed,
        query=query,
    )


# ----------------------------------------------------------------- files and links


def content_location(
    library: Library, path: str, sha256: str | None = None
) -> tuple[Path, PurePosixPath] | None:
    """The content root and root-relative path of a module or quiz file.

    Modules and quizzes name their file relative to the root it was loaded from. With
    several roots (the shipped curriculum and installed packs) the root is the one that
    holds the file; when several hold a file of that name, the one whose content has
    ``sha256`` wins.
    """
    if not library.roots:
        return None
    candidate = Path(path)
    if candidate.is_absolute():
        for root in library.roots:
            try:
                rel = candidate.relative_to(root)
            except ValueError:
                continue
            return root, PurePosixPath(rel.as_posix())
        return None
    rel_path = PurePosixPath(candidate.as_posix())
    if len(library.roots) == 1:
        return library.roots[0], rel_path
    holders = [root for root in library.roots if (root / rel_path).is_file()]
    if len(holders) > 1 and sha256 is not None:
        for root in holders:
            try:
                digest = hashlib.sha256((root / rel_path).read_bytes()).hexdigest()
            except OSError:
                continue
            if digest == sha256:
                return root, rel_path
    return (holders[0], rel_path) if holders else None


def link_targets(library: Library, root: Path) -> dict[str, str]:
    """Root-relative paths of the modules and quizzes under ``root``, mapped to the
    in-app address (``module:ID`` or ``quiz:ID``) a link to that file opens."""
    result: dict[str, str] = {}
    items: list[tuple[str, str, str]] = [
        (m.path, m.sha256, f"module:{m.id}") for m in library.modules.values()
    ]
    items.extend((q.path, q.sha256, f"quiz:{q.id}") for q in library.quizzes.values())
    for path, digest, address in items:
        location = content_location(library, path, digest)
        if location is not None and location[0] == root:
            result[str(location[1])] = address
    return result


def resolve_content_path(root: Path, relative: str) -> Path | None:
    """The picture file that ``content:relative`` names, or ``None`` when the address
    leaves the root (``..``, absolute paths, links pointing outside), is not a picture
    type the reader shows, or is not an existing file."""
    if not relative or "\x00" in relative or "\\" in relative:
        return None
    if relative.startswith("/") or PurePosixPath(relative).is_absolute():
        return None
    rel = resolve_inside(root, PurePosixPath(), relative)
    if rel is None or rel.suffix.lower() not in IMAGE_SUFFIXES:
        return None
    try:
        real_root = root.resolve(strict=True)
        target = (root / rel).resolve(strict=True)
        target.relative_to(real_root)
    except (OSError, ValueError, RuntimeError):
        return None
    return target if target.is_file() else None


# ----------------------------------------------------------------- reading


def sections_passed(starts: Sequence[float], end: float, viewport_bottom: float) -> list[int]:
    """Indexes of the sections whose whole text has been on screen.

    ``starts`` are the top positions of the sections, in order; ``end`` is where the
    last section ends. A section counts as read once the bottom of the view has
    reached the start of the next section (or ``end`` for the last one).
    """
    passed: list[int] = []
    for index in range(len(starts)):
        section_end = starts[index + 1] if index + 1 < len(starts) else end
        if viewport_bottom + 0.5 >= section_end:
            passed.append(index)
    return passed


def section_at(starts: Sequence[float], viewport_top: float, slack: float = 0.0) -> int | None:
    """Index of the section being read: the last one starting at or above the top of
    the view (plus ``slack``, so a heading just below the top counts); ``None`` before
    the first section."""
    current: int | None = None
    for index, start in enumerate(starts):
        if start <= viewport_top + slack:
            current = index
        else:
            break
    return current
