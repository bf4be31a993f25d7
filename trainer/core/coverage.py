"""What the library covers: which questions train each indicator, word counts, and the
curriculum map written to ``docs/curriculum.md``."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from trainer.core.model import Library, Module, QuestionType, Source, Strength

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def word_count(markdown_text: str) -> int:
    """Words a reader sees: link and picture targets and Markdown marks are not counted."""
    return len(_WORD.findall(_MARKUP.sub(r"\1", markdown_text)))


@dataclass(frozen=True, slots=True)
class IndicatorCoverage:
    indicator_id: str
    questions: tuple[tuple[str, str], ...]
    modules: tuple[str, ...]


def indicator_coverage(library: Library) -> dict[str, IndicatorCoverage]:
    """For every indicator of the taxonomy: the (quiz id, question id) pairs and the modules
    that train it."""
    questions: dict[str, list[tuple[str, str]]] = {i: [] for i in library.indicators}
    for quiz, question in library.all_questions():
        for indicator in question.all_indicators:
            questions.setdefault(indicator, []).append((quiz.id, question.id))
    modules: dict[str, list[str]] = {i: [] for i in library.indicators}
    for module in library.modules.values():
        for indicator in module.indicators:
            modules.setdefault(indicator, []).append(module.id)
    return {
        i: IndicatorCoverage(i, tuple(questions.get(i, [])), tuple(sorted(modules.get(i, []))))
        for i in library.indicators
    }


def _ordered_modules(library: Library) -> list[Module]:
    ordered: list[Module] = []
    for track in library.tracks:
        ordered.extend(library.modules_in_track(track.id))
    return ordered


_BRACKETS = re.compile(r"\s*\([^)]*\)")


def work_key(source: Source) -> tuple[str, int, str]:
    """Which work a source names, whatever the wording of one citation: the publisher
    without what it adds in brackets, the year, and the title up to its subtitle
    (``Title: subtitle``) without brackets, all in lower case. So "VEGA Handbook:
    Children at airports" by "Frontex (European Agency …)" and "VEGA handbook: children
    at airports" by "Frontex" are one work; two editions (other years) stay two."""
    publisher = " ".join(_BRACKETS.sub("", source.publisher).lower().split())
    title = _BRACKETS.sub("", source.title).split(": ", 1)[0]
    return publisher, source.year or 0, " ".join(title.lower().split())


def _all_sources(library: Library) -> list[Source]:
    """Every work cited by a module or a taxonomy, once (as first cited, modules in
    order first)."""
    seen: dict[tuple[str, int, str], Source] = {}
    for module in _ordered_modules(library):
        for source in module.sources:
            seen.setdefault(work_key(source), source)
    for taxonomy in library.taxonomies:
        for source in taxonomy.sources:
            seen.setdefault(work_key(source), source)
    return sorted(seen.values(), key=lambda s: (s.publisher.lower(), s.year or 0, s.title))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def curriculum_markdown(library: Library) -> str:
    """The curriculum map: modules, quizzes, indicator coverage and sources."""
    coverage = indicator_coverage(library)
    lines: list[str] = [
        "# The curriculum",
        "",
        "This page is generated from `content/` by `python scripts/curriculum_map.py`; "
        "do not edit it by hand. A test fails when it is out of date.",
        "",
    ]
    total_questions = sum(len(q.questions) for q in library.quizzes.values())
    types = Counter(q.type.value for _, q in library.all_questions())
    lines += [
        f"{len(library.modules)} modules, {len(library.quizzes)} quizzes with "
        f"{total_questions} questions, {len(library.indicators)} indicators in "
        f"{len(library.dimensions)} dimensions.",
        "",
        "Question types: "
        + ", ".join(f"{t.value} {types.get(t.value, 0)}" for t in QuestionType)
        + ".",
        "",
        "## Modules",
        "",
        "| track | # | module | words | minutes | indicators | quizzes |",
        "|---|---|---|---|---|---|---|",
    ]
    track_titles = {t.id: t.title for t in library.tracks}
    for module in _ordered_modules(library):
        quizzes = ", ".join(f"`{q.id}`" for q in library.quizzes_for_module(module.id))
        lines.append(
            f"| {_cell(track_titles.get(module.track, module.track))} | {module.order} | "
            f"{_cell(module.title)} (`{module.id}`) | {word_count(module.body)} | "
            f"{module.estimated_minutes} | {len(module.indicators)} | {quizzes} |"
        )
    lines += [
        "",
        "## Quizzes",
        "",
        "| quiz | module | mode | pass mark | questions | types |",
        "|---|---|---|---|---|---|",
    ]
    for quiz in sorted(library.quizzes.values(), key=lambda q: q.id):
        kinds = Counter(q.type.value for q in quiz.questions)
        kind_text = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        draw = f" (draws {quiz.draw})" if quiz.draw else ""
        lines.append(
            f"| {_cell(quiz.title)} (`{quiz.id}`) | {quiz.module or 'all modules'} | "
            f"{quiz.mode.value} | {quiz.pass_mark}% | {len(quiz.questions)}{draw} | "
            f"{kind_text} |"
        )
    lines += ["", "## Indicators and their coverage", ""]
    lines.append(
        "Each indicator with the number of questions that train it and the modules that teach it."
    )
    for dimension in library.dimensions.values():
        members = [i for i in library.indicators.values() if i.dimension == dimension.id]
        lines += [
            "",
            f"### {dimension.name} ({dimension.group})",
            "",
            "| indicator | strength | questions | modules |",
            "|---|---|---|---|",
        ]
        order = {s: n for n, s in enumerate(Strength)}
        for indicator in sorted(members, key=lambda i: (order[i.strength], i.name)):
            cover = coverage[indicator.id]
            modules = ", ".join(cover.modules) or "—"
            lines.append(
                f"| {_cell(indicator.name)} (`{indicator.id}`) | {indicator.strength.value} | "
                f"{len(cover.questions)} | {modules} |"
            )
    lines += ["", "## Sources", ""]
    for source in _all_sources(library):
        year = f" ({source.year})" if source.year else ""
        note = f" {source.note}." if source.note else ""
        lines.append(f"- {_cell(source.publisher)}{year}. *{_cell(source.title)}*.{note}")
    return "\n".join(lines) + "\n"
