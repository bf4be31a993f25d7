"""The indicator handbook: every indicator of the taxonomy as a reference entry, and the
search over them, without Qt.

An entry holds the indicator, its dimension, its sources, and the modules and questions
that train it (from :func:`trainer.core.coverage.indicator_coverage`). Entries come in
taxonomy order of dimensions, then strong before medium before weak, then by name.

Search ignores case and accents (:func:`trainer.core.library_status.normalise`); an
entry matches when every word of the query occurs in its id, name, dimension, strength,
description or what to observe. Entries whose name matches come first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trainer.core.coverage import indicator_coverage
from trainer.core.library_status import matches_query, normalise
from trainer.core.model import (
    Dimension,
    Indicator,
    Library,
    Module,
    Question,
    Quiz,
    Source,
    Strength,
)

__all__ = ["HandbookEntry", "handbook_entries", "search_handbook"]

_STRENGTH_ORDER = {s: n for n, s in enumerate(Strength)}


@dataclass(frozen=True)
class HandbookEntry:
    indicator: Indicator
    dimension: Dimension | None
    modules: tuple[Module, ...]
    questions: tuple[tuple[Quiz, Question], ...]
    sources: tuple[Source, ...]
    #: Normalised text the search looks in.
    haystack: str
    #: Normalised name (a match here ranks first).
    name_key: str

    @property
    def indicator_id(self) -> str:
        return self.indicator.id


def _sources(library: Library) -> dict[str, Source]:
    found: dict[str, Source] = {}
    for taxonomy in library.taxonomies:
        for source in taxonomy.sources:
            if source.id:
                found.setdefault(source.id, source)
    return found


def handbook_entries(library: Library) -> list[HandbookEntry]:
    coverage = indicator_coverage(library)
    sources = _sources(library)
    dimension_order = {d: n for n, d in enumerate(library.dimensions)}
    entries: list[HandbookEntry] = []
    for indicator in library.indicators.values():
        dimension = library.dimensions.get(indicator.dimension)
        cover = coverage.get(indicator.id)
        modules = tuple(
            library.modules[m] for m in (cover.modules if cover else ()) if m in library.modules
        )
        questions: list[tuple[Quiz, Question]] = []
        for quiz_id, question_id in cover.questions if cover else ():
            quiz = library.quizzes.get(quiz_id)
            question = quiz.question(question_id) if quiz is not None else None
            if quiz is not None and question is not None:
                questions.append((quiz, question))
        text = [
            indicator.id,
            indicator.name,
            indicator.strength.value,
            indicator.description,
            *indicator.observe,
        ]
        if dimension is not None:
            text += [dimension.name, dimension.group]
        entries.append(
            HandbookEntry(
                indicator=indicator,
                dimension=dimension,
                modules=modules,
                questions=tuple(questions),
                sources=tuple(sources[s] for s in indicator.sources if s in sources),
                haystack=normalise(" ".join(text)),
                name_key=normalise(f"{indicator.id} {indicator.name}"),
            )
        )
    entries.sort(
        key=lambda e: (
            dimension_order.get(e.indicator.dimension, len(dimension_order)),
            _STRENGTH_ORDER[e.indicator.strength],
            e.indicator.name.casefold(),
        )
    )
    return entries


def search_handbook(entries: Sequence[HandbookEntry], query: str) -> list[HandbookEntry]:
    """The entries matching ``query`` (all of them for an empty query), name matches
    first, otherwise in handbook order."""
    if not normalise(query):
        return list(entries)
    found = [e for e in entries if matches_query(e.haystack, query)]
    return sorted(found, key=lambda e: not matches_query(e.name_key, query))
