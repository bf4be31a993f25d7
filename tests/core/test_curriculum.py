"""The shipped curriculum meets the coverage rules, and its generated map is up to date."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from trainer.core.coverage import curriculum_markdown, indicator_coverage, word_count
from trainer.core.loader import load_library
from trainer.core.model import Library, QuestionType, Strength
from trainer.core.paths import shipped_content_dir

ROOT = Path(__file__).resolve().parents[2]
ILO_EC_DIMENSIONS = {
    "deceptive-recruitment",
    "coercive-recruitment",
    "recruitment-abuse-of-vulnerability",
    "exploitative-conditions",
    "coercion-at-destination",
    "abuse-of-vulnerability-at-destination",
}
FURTHER_DIMENSIONS = {"forced-labour", "child-specific", "armed-terrorist-groups"}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(shipped_content_dir())


def test_no_problems_at_all(library: Library) -> None:
    assert [p.format() for p in library.problems] == []


def test_taxonomy(library: Library) -> None:
    assert len(library.indicators) >= 60
    assert set(library.dimensions) >= ILO_EC_DIMENSIONS | FURTHER_DIMENSIONS
    per_dimension = Counter(i.dimension for i in library.indicators.values())
    assert all(per_dimension[d] >= 4 for d in ILO_EC_DIMENSIONS | FURTHER_DIMENSIONS)
    assert per_dimension["forced-labour"] >= 11  # the ILO's eleven
    assert {i.strength for i in library.indicators.values()} == set(Strength)
    for indicator in library.indicators.values():
        assert indicator.description and indicator.observe and indicator.sources


def test_modules(library: Library) -> None:
    assert len(library.modules) >= 10
    for module in library.modules.values():
        words = word_count(module.body)
        assert 1500 <= words <= 3000, (module.id, words)
        assert module.objectives and module.sources and module.indicators, module.id
        titles = " / ".join(s.title.lower() for s in module.sections)
        for needed in ("key points", "what to do", "what not to do"):
            assert needed in titles, (module.id, needed)


def test_quizzes_and_question_types(library: Library) -> None:
    questions = [q for _, q in library.all_questions()]
    assert len(library.quizzes) >= 12
    assert len(questions) >= 100
    assert {q.type for q in questions} == set(QuestionType)
    first_response = library.quizzes["quiz-first-response"]
    decisions = [q for q in first_response.questions if q.type is QuestionType.DECISION]
    assert len(decisions) >= 3
    for question in decisions:
        assert len(question.steps) >= 2 and len(question.endings) >= 3
        assert len({e.score for e in question.endings}) >= 3  # consequences differ
    act_means_purpose = [
        q
        for q in questions
        if q.type is QuestionType.CATEGORIZE
        and {c.lower() for c in q.categories} == {"act", "means", "purpose"}
    ]
    assert len(act_means_purpose) >= 2
    assert sum(q.type is QuestionType.SPOT for q in questions) >= 3


def test_every_option_is_explained_and_every_question_tagged(library: Library) -> None:
    for quiz, question in library.all_questions():
        where = f"{quiz.id}/{question.id}"
        assert question.all_indicators, where
        explained = [o.feedback for o in question.options]
        explained += [i.feedback for i in question.items]
        explained += [c.feedback for s in question.steps for c in s.choices]
        explained += [e.text for e in question.endings]
        assert explained and all(text.strip() for text in explained), where


def test_every_indicator_is_trained_by_two_questions(library: Library) -> None:
    thin = {i: len(c.questions) for i, c in indicator_coverage(library).items()}
    assert {i: n for i, n in thin.items() if n < 2} == {}


def test_final_self_assessment_spans_every_module(library: Library) -> None:
    final = library.quizzes["quiz-final-self-assessment"]
    assert final.module is None
    tagged = {i for q in final.questions for i in q.all_indicators}
    for module in library.modules.values():
        assert tagged & set(module.indicators), module.id
    assert {q.type for q in final.questions} == set(QuestionType)


def test_curriculum_map_is_up_to_date(library: Library) -> None:
    written = (ROOT / "docs" / "curriculum.md").read_text(encoding="utf-8")
    assert written == curriculum_markdown(library), (
        "docs/curriculum.md is out of date: run python scripts/curriculum_map.py"
    )


def test_a_work_cited_in_several_wordings_is_listed_once() -> None:
    from trainer.core.coverage import work_key
    from trainer.core.model import Source

    long = Source(
        "VEGA Handbook: Children at airports. Children at risk on the move",
        "Frontex (European Agency for the Management of Operational Cooperation)",
        2015,
    )
    short = Source("VEGA handbook: children at airports", "Frontex", 2015)
    assert work_key(long) == work_key(short)
    numbered = Source(
        "Council of Europe Convention on Action against Trafficking in Human Beings (CETS No. 197)",
        "Council of Europe",
        2005,
    )
    plain = Source(
        "Council of Europe Convention on Action against Trafficking in Human Beings",
        "Council of Europe",
        2005,
    )
    assert work_key(numbered) == work_key(plain)
    first = Source("National referral mechanisms: a practical handbook", "OSCE ODIHR", 2004)
    second = Source("National referral mechanisms: a practical handbook", "OSCE ODIHR", 2022)
    assert work_key(first) != work_key(second)  # two editions
    library = load_library(shipped_content_dir())
    listed = curriculum_markdown(library).split("## Sources", 1)[1]
    assert listed.count("VEGA") == 1
    assert listed.count("Operational indicators of trafficking in human beings") == 1
