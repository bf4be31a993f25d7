"""Each rule of the quiz parser, with the exact line and column it reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.helpers import QUIZ_FRONT, library_with, only_problem, problems_in
from trainer.core.model import QuestionType, Severity

PATH = "quizzes/test.md"
# The front matter is 8 lines, so the body starts on line 9.
NARRATIVE = """
## Scenario: A bus at dawn

The driver keeps all the passports and answers every question.
"""  # lines 9-12


def quiz(body: str) -> str:
    return QUIZ_FRONT + NARRATIVE + body


def test_well_formed_quiz_loads_with_every_type(tmp_path: Path) -> None:
    library = library_with(tmp_path, {})
    assert library.problems == ()
    kinds = {q.type for q in library.quizzes["quiz-reading-indicators"].questions}
    assert kinds == set(QuestionType)


def test_missing_id_names_the_question_line(tmp_path: Path) -> None:
    body = """
### Who holds the passports?
Type: single

- [x] The driver.
  Right.
- [ ] Each passenger.
  No.
"""
    problem = only_problem(library_with(tmp_path, {PATH: quiz(body)}), PATH)
    assert (problem.line, problem.column) == (14, 1)
    assert "no id" in problem.message and "Id: a-short-id" in problem.message


def test_unknown_type_suggests_the_nearest(tmp_path: Path) -> None:
    body = """
### Who holds the passports?
Id: holder
Type: singel

- [x] The driver.
  Right.
"""
    problem = only_problem(library_with(tmp_path, {PATH: quiz(body)}), PATH)
    assert (problem.line, problem.column) == (16, 7)
    assert "did you mean 'single'?" in problem.message


def test_unknown_indicator_is_reported_where_it_is_written(tmp_path: Path) -> None:
    body = """
### Who holds the passports?
Id: holder
Type: single
Indicators: controlled-by-others, doc-retention

- [x] The driver.
  Right.
- [ ] Each passenger.
  No.
"""
    library = library_with(tmp_path, {PATH: quiz(body)})
    problem = only_problem(library, PATH)
    assert problem.format() == (
        f"{PATH}:17:35: error: unknown indicator 'doc-retention' "
        "(did you mean 'document-retention'?)"
    )
    assert "quiz-test" not in library.quizzes  # a file with errors is not used
    assert "quiz-reading-indicators" in library.quizzes  # the rest still loads


def test_option_without_feedback(tmp_path: Path) -> None:
    body = """
### Who holds the passports?
Id: holder
Type: single
Indicators: controlled-by-others

- [x] The driver.
- [ ] Each passenger.
  No.
"""
    problem = only_problem(library_with(tmp_path, {PATH: quiz(body)}), PATH)
    assert (problem.line, problem.column) == (19, 7)
    assert "'The driver.' has no feedback" in problem.message


@pytest.mark.parametrize(
    ("qtype", "answers", "line", "fragment"),
    [
        ("single", "- [x] A\n  a\n- [x] B\n  b\n", 14, "exactly one right answer"),
        ("single", "- [x] A\n  a\n", 14, "at least two answers"),
        ("multiple", "- [ ] A\n  a\n- [ ] B\n  b\n", 14, "at least one right answer"),
        ("true-false", "- [x] Yes\n  a\n- [ ] No\n  b\n", 14, "'True' and 'False'"),
        ("true-false", "- [x] True\n  a\n- [x] False\n  b\n", 14, "exactly one of"),
        ("single", "- [y] A\n  a\n- [ ] B\n  b\n", 18, "not a tick box"),
        ("single", "Just text, no answers.\n", 14, "has no answers"),
        ("single", "- [x] A\n  a\n- [ ] a\n  b\n", 14, "same text"),
    ],
)
def test_choice_rules(tmp_path: Path, qtype: str, answers: str, line: int, fragment: str) -> None:
    body = f"\n### The question\nId: q1\nType: {qtype}\n\n{answers}"
    problem = only_problem(library_with(tmp_path, {PATH: quiz(body)}), PATH)
    assert problem.line == line
    assert fragment in problem.message
    assert problem.severity is Severity.ERROR


def test_every_answer_right_is_a_warning(tmp_path: Path) -> None:
    body = "\n### The question\nId: q1\nType: multiple\nIndicators: debt-bondage\n\n"
    body += "- [x] A\n  a\n- [x] B\n  b\n"
    library = library_with(tmp_path, {PATH: quiz(body)})
    problem = only_problem(library, PATH)
    assert (
        problem.severity is Severity.WARNING and "every answer is marked right" in problem.message
    )
    assert "quiz-test" in library.quizzes  # warnings do not stop a file


def test_question_without_indicators_is_a_warning(tmp_path: Path) -> None:
    body = "\n### The question\nId: q1\nType: single\n\n- [x] A\n  a\n- [ ] B\n  b\n"
    problem = only_problem(library_with(tmp_path, {PATH: quiz(body)}), PATH)
    assert problem.severity is Severity.WARNING
    assert problem.line == 14 and "trains no indicator" in problem.message


def test_spot_phrase_must_be_in_the_narrative(tmp_path: Path) -> None:
    body = """
### Click the indicators
Id: spot1
Type: spot

- [x] "keeps all the passports"
  Indicators: document-retention
  Right.
- [ ] "holds the tickets"
  Not in the text.
"""
    problem = only_problem(library_with(tmp_path, {PATH: quiz(body)}), PATH)
    assert (problem.line, problem.column) == (21, 7)
    assert "does not appear in the scenario narrative" in problem.message


def test_spot_phrase_matching_ignores_case_and_emphasis(tmp_path: Path) -> None:
    body = """
### Click the indicators
Id: spot1
Type: spot
Indicators: document-retention

- [x] "Keeps all the passports"
  Right.
- [ ] "at dawn"
  Wrong.
"""
    library = library_with(tmp_path, {PATH: quiz(body.replace("at dawn", "the driver"))})
    assert problems_in(library, PATH) == []
    spot = library.quizzes["quiz-test"].questions[0]
    assert [o.text for o in spot.options] == ["Keeps all the passports", "the driver"]


def test_categorize_rules(tmp_path: Path) -> None:
    body = """
### Sort the account
Id: sort1
Type: categorize
Categories: Act, Means, Purpose
Indicators: debt-bondage

- [Act] Recruited online.
  Recruitment is an act.
- [Mean] Deceived about the job.
  Deception is a means.
"""
    problem = only_problem(library_with(tmp_path, {PATH: quiz(body)}), PATH)
    assert (problem.line, problem.column) == (22, 3)
    assert "'[Mean]' is not one of the categories" in problem.message
    assert "did you mean 'Means'?" in problem.message


def test_categorize_needs_categories(tmp_path: Path) -> None:
    body = "\n### Sort\nId: sort1\nType: categorize\n\n- [Act] A\n  a\n- [Act] B\n  b\n"
    problem = only_problem(library_with(tmp_path, {PATH: quiz(body)}), PATH)
    assert problem.line == 14 and "Categories: First, Second" in problem.message


DECISION = """
### What do you do?
Id: dec1
Type: decision
Indicators: controlled-by-others

#### Step: start
The driver hands you the passports.

- [x] Speak to each passenger alone. → talk
  Safe first step.
- [ ] Ask the driver to interpret. → bad
  A possible controller must never interpret.

#### Step: talk
A passenger asks if she is in trouble.

- [x] Explain calmly who you are. → good
  Builds trust.

#### Ending: good
Score: 100
She is referred to support.

#### Ending: bad
Score: 0
The group drives on.
"""


def test_decision_loads(tmp_path: Path) -> None:
    library = library_with(tmp_path, {PATH: quiz(DECISION)})
    assert problems_in(library, PATH) == []
    question = library.quizzes["quiz-test"].questions[0]
    assert [s.id for s in question.steps] == ["start", "talk"]
    assert [(e.id, e.score) for e in question.endings] == [("good", 100), ("bad", 0)]
    assert question.steps[0].choices[1].target == "bad"


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        (
            "→ bad",
            "→ badd",
            24,
            "'badd' is not a step or ending of this question (did you mean 'bad'?)",
        ),
        ("you are. → good", "you are. → start", 30, "leads back to step 'start'"),
        ("Score: 100\n", "", 33, "needs a line 'Score: 0 to 100'"),
        ("Score: 0\n", "Score: 140\n", 38, "'Score' must be from 0 to 100"),
        ("you are. → good", "you are.", 30, "does not say where it leads"),
        ("#### Step: talk", "#### Stage: talk", 27, "must be '#### Step: id'"),
        ("#### Ending: bad", "#### Ending: good", 37, "'good' is already used on line 33"),
    ],
)
def test_decision_rules(tmp_path: Path, old: str, new: str, line: int, fragment: str) -> None:
    assert old in DECISION
    library = library_with(tmp_path, {PATH: quiz(DECISION.replace(old, new, 1))})
    found = [p for p in problems_in(library, PATH) if p.severity is Severity.ERROR]
    assert found, "expected an error"
    assert found[0].line == line, found[0].format()
    assert fragment in found[0].message


def test_unreachable_step_and_ending(tmp_path: Path) -> None:
    text = DECISION.replace("→ talk", "→ good").replace("→ bad", "→ good")
    found = problems_in(library_with(tmp_path, {PATH: quiz(text)}), PATH)
    messages = {(p.line, p.severity, p.message.split(";")[0]) for p in found}
    assert (27, Severity.ERROR, "no choice leads to step 'talk'") in messages


def test_quiz_settings(tmp_path: Path) -> None:
    text = (
        QUIZ_FRONT.replace("mode: practice", "mode: exams").replace(
            "pass_mark: 70", "pass_mark: 170\ndraw: 5\ncolour: red"
        )
        + NARRATIVE
        + "\n### Q\nId: q1\nType: true-false\nIndicators: debt-bondage\n\n"
    )
    text += "- [x] True\n  a\n- [ ] False\n  b\n"
    found = problems_in(library_with(tmp_path, {PATH: text}), PATH)
    formatted = [p.format() for p in found]
    assert (
        f"{PATH}:5:7: error: 'mode' is 'exams'; use one of practice, exam (did you mean 'exam'?)"
        in formatted
    )
    assert any(
        ":6:12: error: 'pass_mark' must be a whole number from 0 to 100" in f for f in formatted
    )
    assert any(":7:7: error: 'draw' is 5 but the quiz has only 1 questions" in f for f in formatted)
    assert any(":8:1: warning: unknown setting 'colour'" in f for f in formatted)


def test_duplicate_question_id(tmp_path: Path) -> None:
    one = (
        "\n### Q\nId: q1\nType: true-false\nIndicators: debt-bondage\n\n"
        "- [x] True\n  a\n- [ ] False\n  b\n"
    )
    problem = only_problem(library_with(tmp_path, {PATH: quiz(one + one)}), PATH)
    assert problem.line == 24 and "'q1' is already used on line 14" in problem.message


def test_quiz_without_questions(tmp_path: Path) -> None:
    found = problems_in(library_with(tmp_path, {PATH: QUIZ_FRONT + "\nJust an intro.\n"}), PATH)
    assert any("has no questions" in p.message for p in found)


def test_headings_inside_code_fences_are_text(tmp_path: Path) -> None:
    body = """
### Q
Id: q1
Type: single
Indicators: debt-bondage

```
### not a question
```

- [x] A
  a
- [ ] B
  b
"""
    library = library_with(tmp_path, {PATH: quiz(body)})
    assert problems_in(library, PATH) == []
    assert len(library.quizzes["quiz-test"].questions) == 1
