"""Parsing a quiz: scenarios (``##``), questions (``###``), task-list answers, decision steps.

The format is described for trainers in ``docs/content-format.md``. The parser works
line by line so that every problem names the line and column to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from trainer.core.fields import Fields, FrontMatter, id_problem
from trainer.core.markdown_scan import check_limits, heading_of
from trainer.core.model import (
    CategorizeItem,
    DecisionEnding,
    DecisionStep,
    Option,
    Question,
    QuestionType,
    Quiz,
    QuizMode,
    Scenario,
)
from trainer.core.problems import ProblemLog, did_you_mean
from trainer.core.references import Reference, RefKind

QUIZ_SETTINGS = (
    "kind",
    "id",
    "title",
    "module",
    "mode",
    "pass_mark",
    "draw",
    "time_limit_minutes",
    "shuffle",
    "version",
    "language",
)
QUESTION_SETTINGS = ("id", "type", "indicators", "points", "categories")
TYPE_NAMES = tuple(t.value for t in QuestionType)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SETTING = re.compile(r"^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_ITEM = re.compile(r"^ {0,3}[-*+][ \t]+\[([^\]\n]*)\][ \t]*(.*?)[ \t]*$")
_INDICATORS_LINE = re.compile(r"^([ \t]*)Indicators?[ \t]*:[ \t]*(.*)$", re.IGNORECASE)
_TARGET = re.compile(r"^(.*?)[ \t]*(?:→|->)[ \t]*(\S+)$")
_STEP_HEADING = re.compile(r"^(step|ending)[ \t]*:[ \t]*(.*)$", re.IGNORECASE)
_PREFIX = re.compile(r"^(?:scenario|question)[ \t]*:[ \t]*", re.IGNORECASE)


@dataclass
class _Line:
    number: int
    text: str
    fenced: bool


@dataclass
class _Block:
    title: str
    line: int
    lines: list[_Line] = field(default_factory=list)


@dataclass
class _ScenarioBlock(_Block):
    questions: list[_Block] = field(default_factory=list)


@dataclass
class _Item:
    marker: str
    text: str
    line: int
    column: int
    feedback: str
    indicators: list[tuple[str, int, int]]
    marker_column: int


def _join(lines: list[_Line]) -> str:
    text = "\n".join(line.text for line in lines)
    return text.strip("\n").strip()


def _lines_of(text: str, first_line: int) -> list[_Line]:
    result: list[_Line] = []
    fence: str | None = None
    for offset, line in enumerate(text.split("\n")):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * 3
            result.append(_Line(first_line + offset, line, True))
            continue
        if fence is not None and line.lstrip().startswith(fence):
            fence = None
            result.append(_Line(first_line + offset, line, True))
            continue
        result.append(_Line(first_line + offset, line, fence is not None))
    return result


def _plain(text: str) -> str:
    """Text as a reader sees it, for finding spot phrases: no emphasis marks, one space."""
    return re.sub(r"\s+", " ", re.sub(r"[*_`]+", "", text)).strip().lower()


def _unquote(text: str) -> str:
    pairs = {'"': '"', "“": "”", "„": "“", "'": "'", "‘": "’", "«": "»"}
    if len(text) >= 2 and text[0] in pairs and text[-1] == pairs[text[0]]:
        return text[1:-1].strip()
    return text


class _QuizParser:
    def __init__(self, rel_path: PurePosixPath, log: ProblemLog) -> None:
        self.path = str(rel_path)
        self.log = log
        self.refs: list[Reference] = []

    # -- structure -------------------------------------------------------------------

    def split(self, lines: list[_Line]) -> tuple[list[_Line], list[_ScenarioBlock]]:
        intro: list[_Line] = []
        scenarios: list[_ScenarioBlock] = []
        question: _Block | None = None
        for line in lines:
            heading = None if line.fenced else heading_of(line.text)
            if heading and heading[0] == 2:
                scenarios.append(_ScenarioBlock(_PREFIX.sub("", heading[1]).strip(), line.number))
                question = None
            elif heading and heading[0] == 3:
                if not scenarios:
                    scenarios.append(_ScenarioBlock("", line.number))
                question = _Block(_PREFIX.sub("", heading[1]).strip(), line.number)
                scenarios[-1].questions.append(question)
            elif heading and heading[0] == 1 and not scenarios:
                continue
            elif question is not None:
                question.lines.append(line)
            elif scenarios:
                scenarios[-1].lines.append(line)
            else:
                intro.append(line)
        return intro, scenarios

    # -- questions ---------------------------------------------------------------------

    def settings(self, block: _Block) -> tuple[dict[str, tuple[str, int, int]], list[_Line]]:
        """The ``Key: value`` lines right under a question heading, and the lines after."""
        index = 0
        lines = block.lines
        while index < len(lines) and not lines[index].text.strip():
            index += 1
        candidates: list[tuple[str, str, int, int]] = []
        while index < len(lines) and not lines[index].fenced:
            match = _SETTING.match(lines[index].text)
            if match is None:
                break
            candidates.append(
                (match.group(1), match.group(2), lines[index].number, match.start(2) + 1)
            )
            index += 1
        known = [c for c in candidates if c[0].lower() in (*QUESTION_SETTINGS, "indicator")]
        if not known:
            return {}, lines
        found: dict[str, tuple[str, int, int]] = {}
        for key, value, number, column in candidates:
            name = key.lower()
            if name == "indicator":
                name = "indicators"
            if name not in QUESTION_SETTINGS:
                self.log.warning(
                    number,
                    1,
                    f"unknown question setting '{key}' is ignored"
                    f"{did_you_mean(name, QUESTION_SETTINGS)}",
                )
                continue
            if name in found:
                self.log.error(number, 1, f"'{key}' is set twice for this question; keep one")
                continue
            found[name] = (value, number, column)
        return found, lines[index:]

    def id_values(self, value: str, line: int, column: int) -> list[tuple[str, int, int]]:
        """Comma-separated ids with the column of each; backticks around ids are allowed."""
        result: list[tuple[str, int, int]] = []
        offset = 0
        for part in value.split(","):
            stripped = part.strip().strip("`").strip()
            col = column + offset + (part.find(stripped) if stripped else 0)
            offset += len(part) + 1
            if not stripped:
                continue
            problem = id_problem(stripped)
            if problem:
                self.log.error(line, col, problem)
                continue
            result.append((stripped, line, col))
        return result

    def items(self, lines: list[_Line]) -> tuple[list[_Line], list[_Item], list[_Line]]:
        """Split into text before the task list, its items, and text after it."""
        before: list[_Line] = []
        items: list[_Item] = []
        after: list[_Line] = []
        current: tuple[_Line, re.Match[str], list[_Line]] | None = None
        raw: list[tuple[_Line, re.Match[str], list[_Line]]] = []
        for index, line in enumerate(lines):
            match = None if line.fenced else _ITEM.match(line.text)
            if after:
                after.append(line)
            elif match:
                current = (line, match, [])
                raw.append(current)
            elif current is None:
                before.append(line)
            elif not line.text.strip() or line.text[:1] in (" ", "\t"):
                current[2].append(line)
            else:
                after = lines[index:]
                break
        for line, match, continuation in raw:
            items.append(self.item(line, match, continuation))
        return before, items, after

    def item(self, line: _Line, match: re.Match[str], continuation: list[_Line]) -> _Item:
        indicators: list[tuple[str, int, int]] = []
        feedback: list[str] = []
        for cont in continuation:
            tag = _INDICATORS_LINE.match(cont.text)
            if tag:
                indicators.extend(self.id_values(tag.group(2), cont.number, tag.start(2) + 1))
            else:
                feedback.append(cont.text.strip())
        return _Item(
            marker=match.group(1),
            text=match.group(2).strip(),
            line=line.number,
            column=match.start(2) + 1,
            feedback="\n".join(feedback).strip(),
            indicators=indicators,
            marker_column=match.start(1),
        )

    def note_indicators(self, tags: list[tuple[str, int, int]]) -> tuple[str, ...]:
        for value, line, column in tags:
            self.refs.append(Reference(RefKind.INDICATOR, value, self.path, line, column))
        return tuple(dict.fromkeys(value for value, _, _ in tags))

    def need_feedback(self, item: _Item, what: str = "answer") -> None:
        if not item.feedback:
            self.log.error(
                item.line,
                item.column,
                f"the {what} '{_short(item.text)}' has no feedback; add an indented line under "
                "it that explains why it is right or wrong",
            )

    def tick(self, item: _Item) -> bool | None:
        marker = item.marker.strip().lower()
        if marker == "x":
            return True
        if marker == "":
            return False
        self.log.error(
            item.line,
            item.marker_column,
            f"'[{item.marker}]' is not a tick box; write [x] for a right answer or [ ] for a "
            "wrong one",
        )
        return None

    def question(
        self, block: _Block, quiz_id: str, scenario_index: int, narrative: str
    ) -> Question | None:
        found, rest = self.settings(block)
        where = (block.line, 1)
        question_id = None
        if "id" not in found:
            self.log.error(*where, "the question has no id; add a line 'Id: a-short-id' under it")
        else:
            value, line, column = found["id"]
            problem = id_problem(value)
            if problem:
                self.log.error(line, column, problem)
            else:
                question_id = value
        qtype: QuestionType | None = None
        if "type" not in found:
            self.log.error(
                *where,
                f"the question has no type; add a line 'Type: ...' ({', '.join(TYPE_NAMES)})",
            )
        else:
            value, line, column = found["type"]
            name = value.strip().lower()
            if name in TYPE_NAMES:
                qtype = QuestionType(name)
            else:
                self.log.error(
                    line,
                    column,
                    f"unknown question type '{value}'; use one of {', '.join(TYPE_NAMES)}"
                    f"{did_you_mean(name, TYPE_NAMES)}",
                )
        indicators: tuple[str, ...] = ()
        if "indicators" in found:
            indicators = self.note_indicators(self.id_values(*found["indicators"]))
        points = 1
        if "points" in found:
            value, line, column = found["points"]
            if value.isdigit() and 1 <= int(value) <= 100:
                points = int(value)
            else:
                self.log.error(line, column, "'Points' must be a whole number from 1 to 100")
        if not block.title:
            self.log.error(*where, "the question heading is empty; write the question after ###")
        if question_id is None or qtype is None:
            return None
        common = Question(
            id=question_id,
            type=qtype,
            prompt=block.title,
            body="",
            indicators=indicators,
            points=points,
            explanation="",
            line=block.line,
            quiz_id=quiz_id,
            scenario_index=scenario_index,
        )
        if qtype is QuestionType.DECISION:
            if "categories" in found:
                self.log.warning(found["categories"][1], 1, "'Categories' is only for categorize")
            return self.decision(block, rest, common)
        before, items, after = self.items(rest)
        body = _join(before)
        explanation = _join(after)
        if not items:
            self.log.error(
                *where,
                "the question has no answers; list them as a task list: '- [x] right answer' "
                "and '- [ ] wrong answer'",
            )
            return None
        if qtype is QuestionType.CATEGORIZE:
            return self.categorize(block, found, items, common, body, explanation)
        if "categories" in found:
            self.log.warning(
                found["categories"][1], 1, "'Categories' is only used by categorize questions"
            )
        options: list[Option] = []
        for item in items:
            correct = self.tick(item)
            self.need_feedback(item)
            text = _unquote(item.text) if qtype is QuestionType.SPOT else item.text
            if not text:
                self.log.error(item.line, item.column, "the answer has no text")
                continue
            if qtype is QuestionType.SPOT:
                self.check_phrase(text, item, narrative)
            if correct is not None:
                options.append(
                    Option(
                        text,
                        correct,
                        item.feedback,
                        self.note_indicators(item.indicators),
                        item.line,
                    )
                )
        if len(options) != len(items):
            return None
        if not self.check_choices(qtype, options, block):
            return None
        if len({o.text.lower() for o in options}) != len(options):
            self.log.error(*where, "two answers have the same text; make each answer distinct")
            return None
        return replace(common, body=body, explanation=explanation, options=tuple(options))

    def check_phrase(self, phrase: str, item: _Item, narrative: str) -> None:
        if not narrative:
            self.log.error(
                item.line,
                item.column,
                "spot questions need a scenario narrative above them to click phrases in",
            )
        elif _plain(phrase) not in narrative:
            self.log.error(
                item.line,
                item.column,
                f"the phrase '{_short(phrase)}' does not appear in the scenario narrative; "
                "copy it exactly from the narrative",
            )

    def check_choices(self, qtype: QuestionType, options: list[Option], block: _Block) -> bool:
        where = (block.line, 1)
        right = sum(1 for o in options if o.correct)
        if qtype is QuestionType.TRUE_FALSE:
            names = sorted(o.text.strip().rstrip(".").lower() for o in options)
            if names != ["false", "true"]:
                self.log.error(
                    *where, "a true-false question has exactly two answers: 'True' and 'False'"
                )
                return False
            if right != 1:
                self.log.error(*where, "mark exactly one of 'True' and 'False' with [x]")
                return False
            return True
        if len(options) < 2:
            self.log.error(*where, "the question needs at least two answers")
            return False
        if qtype is QuestionType.SINGLE and right != 1:
            self.log.error(
                *where,
                f"a single-choice question has exactly one right answer marked [x]; "
                f"this one has {right} (use 'Type: multiple' for several)",
            )
            return False
        if qtype in (QuestionType.MULTIPLE, QuestionType.SPOT) and right == 0:
            self.log.error(*where, "mark at least one right answer with [x]")
            return False
        if qtype in (QuestionType.MULTIPLE, QuestionType.SPOT) and right == len(options):
            self.log.warning(
                *where,
                "every answer is marked right; add at least one wrong answer so the question "
                "tests judgement",
            )
        return True

    def categorize(
        self,
        block: _Block,
        found: dict[str, tuple[str, int, int]],
        items: list[_Item],
        common: Question,
        body: str,
        explanation: str,
    ) -> Question | None:
        if "categories" not in found:
            self.log.error(
                block.line,
                1,
                "a categorize question needs a line 'Categories: First, Second, ...'",
            )
            return None
        value, line, column = found["categories"]
        categories = [c.strip() for c in value.split(",") if c.strip()]
        if len(categories) < 2:
            self.log.error(line, column, "list at least two categories, separated by commas")
            return None
        if len({c.lower() for c in categories}) != len(categories):
            self.log.error(line, column, "a category is listed twice")
            return None
        by_name = {c.lower(): c for c in categories}
        result: list[CategorizeItem] = []
        for item in items:
            self.need_feedback(item, "item")
            category = by_name.get(item.marker.strip().lower())
            if category is None:
                self.log.error(
                    item.line,
                    item.marker_column,
                    f"'[{item.marker}]' is not one of the categories ({', '.join(categories)})"
                    f"{did_you_mean(item.marker.strip(), categories)}",
                )
                continue
            if not item.text:
                self.log.error(item.line, item.column, "the item has no text")
                continue
            result.append(
                CategorizeItem(
                    item.text,
                    category,
                    item.feedback,
                    self.note_indicators(item.indicators),
                    item.line,
                )
            )
        if len(result) != len(items):
            return None
        if len(result) < 2:
            self.log.error(block.line, 1, "a categorize question needs at least two items")
            return None
        return replace(
            common,
            body=body,
            explanation=explanation,
            categories=tuple(categories),
            items=tuple(result),
        )

    # -- decision scenarios --------------------------------------------------------------

    def decision(self, block: _Block, rest: list[_Line], common: Question) -> Question | None:
        before: list[_Line] = []
        parts: list[tuple[str, str, _Line, list[_Line]]] = []
        for line in rest:
            heading = None if line.fenced else heading_of(line.text)
            if heading and heading[0] >= 4:
                match = _STEP_HEADING.match(heading[1])
                if match is None:
                    self.log.error(
                        line.number,
                        1,
                        "a heading inside a decision question must be '#### Step: id' or "
                        "'#### Ending: id'",
                    )
                    return None
                parts.append((match.group(1).lower(), match.group(2).strip(), line, []))
            elif parts:
                parts[-1][3].append(line)
            else:
                before.append(line)
        steps: list[DecisionStep] = []
        endings: list[DecisionEnding] = []
        ids: dict[str, int] = {}
        ok = True
        for kind, node_id, heading_line, lines in parts:
            problem = id_problem(node_id)
            if problem:
                self.log.error(heading_line.number, 1, problem)
                ok = False
                continue
            if node_id in ids:
                self.log.error(
                    heading_line.number,
                    1,
                    f"'{node_id}' is already used on line {ids[node_id]}; step and ending ids "
                    "must be unique within the question",
                )
                ok = False
                continue
            ids[node_id] = heading_line.number
            if kind == "step":
                step = self.step(node_id, heading_line, lines)
                if step is None:
                    ok = False
                else:
                    steps.append(step)
            else:
                ending = self.ending(node_id, heading_line, lines)
                if ending is None:
                    ok = False
                else:
                    endings.append(ending)
        if not steps or not endings:
            self.log.error(
                block.line,
                1,
                "a decision question needs at least one '#### Step: id' and one '#### Ending: id'",
            )
            return None
        if not ok or not self.check_graph(block, steps, endings):
            return None
        return replace(common, body=_join(before), steps=tuple(steps), endings=tuple(endings))

    def step(self, step_id: str, heading: _Line, lines: list[_Line]) -> DecisionStep | None:
        before, items, after = self.items(lines)
        if not items:
            self.log.error(
                heading.number,
                1,
                f"step '{step_id}' has no choices; list them as '- [ ] what to do → next-id'",
            )
            return None
        if _join(after):
            self.log.warning(
                after[0].number, 1, "text after the choices of a step is not shown; move it above"
            )
        choices: list[Option] = []
        for item in items:
            recommended = self.tick(item)
            self.need_feedback(item, "choice")
            match = _TARGET.match(item.text)
            if match is None:
                self.log.error(
                    item.line,
                    item.column,
                    "the choice does not say where it leads; end it with '→ step-or-ending-id'",
                )
                continue
            if recommended is None:
                continue
            choices.append(
                Option(
                    match.group(1).strip(),
                    recommended,
                    item.feedback,
                    self.note_indicators(item.indicators),
                    item.line,
                    target=match.group(2),
                )
            )
        if len(choices) != len(items):
            return None
        if not any(c.correct for c in choices):
            self.log.warning(
                heading.number, 1, f"step '{step_id}' has no recommended choice marked [x]"
            )
        text = _join(before)
        if not text:
            self.log.error(heading.number, 1, f"step '{step_id}' does not describe the situation")
            return None
        return DecisionStep(step_id, text, tuple(choices), heading.number)

    def ending(self, ending_id: str, heading: _Line, lines: list[_Line]) -> DecisionEnding | None:
        body = [line for line in lines if line.text.strip()]
        match = _SETTING.match(body[0].text) if body else None
        if match is None or match.group(1).lower() != "score":
            self.log.error(
                heading.number,
                1,
                f"ending '{ending_id}' needs a line 'Score: 0 to 100' right under its heading",
            )
            return None
        value = match.group(2)
        if not value.isdigit() or int(value) > 100:
            self.log.error(body[0].number, match.start(2) + 1, "'Score' must be from 0 to 100")
            return None
        start = lines.index(body[0]) + 1
        text = _join(lines[start:])
        if not text:
            self.log.error(
                heading.number, 1, f"ending '{ending_id}' needs text describing the consequence"
            )
            return None
        return DecisionEnding(ending_id, int(value), text, heading.number)

    def check_graph(
        self, block: _Block, steps: list[DecisionStep], endings: list[DecisionEnding]
    ) -> bool:
        step_ids = {s.id: s for s in steps}
        all_ids = list(step_ids) + [e.id for e in endings]
        ok = True
        for step in steps:
            for choice in step.choices:
                if choice.target not in all_ids:
                    self.log.error(
                        choice.line,
                        1,
                        f"'{choice.target}' is not a step or ending of this question"
                        f"{did_you_mean(choice.target or '', all_ids)}",
                    )
                    ok = False
        if not ok:
            return False
        # Depth-first walk from the first step: every path must move forward.
        state: dict[str, int] = {}

        def visit(step: DecisionStep) -> bool:
            state[step.id] = 1
            for choice in step.choices:
                target = step_ids.get(choice.target or "")
                if target is None:
                    state[choice.target or ""] = 2
                    continue
                if state.get(target.id) == 1:
                    self.log.error(
                        choice.line,
                        1,
                        f"this choice leads back to step '{target.id}'; decision paths must "
                        "move forward to an ending",
                    )
                    return False
                if target.id not in state and not visit(target):
                    return False
            state[step.id] = 2
            return True

        if not visit(steps[0]):
            return False
        for step in steps[1:]:
            if step.id not in state:
                self.log.error(
                    step.line, 1, f"no choice leads to step '{step.id}'; link it or remove it"
                )
                ok = False
        for ending in endings:
            if ending.id not in state:
                self.log.warning(
                    ending.line, 1, f"no choice leads to ending '{ending.id}'; link it or remove it"
                )
        if not any(e.score == 100 for e in endings):
            self.log.warning(
                block.line, 1, "no ending scores 100; give the best ending 'Score: 100'"
            )
        return ok


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_quiz(
    rel_path: PurePosixPath, front: FrontMatter, sha256: str, log: ProblemLog
) -> tuple[Quiz | None, list[Reference]]:
    fields = Fields(front.data, log, "the quiz")
    fields.warn_unknown(QUIZ_SETTINGS)
    parser = _QuizParser(rel_path, log)
    path = str(rel_path)

    quiz_id = fields.identifier("id")
    title = fields.text("title")
    module = fields.identifier("module", required=False)
    if module:
        parser.refs.append(Reference(RefKind.MODULE, module, path, *fields.pos("module")))
    mode = fields.choice("mode", tuple(m.value for m in QuizMode))
    pass_mark = fields.integer("pass_mark", minimum=0, maximum=100)
    draw = fields.integer("draw", required=False, minimum=1)
    time_limit = fields.integer("time_limit_minutes", required=False, minimum=1, maximum=600)
    shuffle = fields.boolean("shuffle", default=True)
    version = fields.integer("version", required=False, default=1, minimum=1)
    language = fields.text("language", example="en")

    if not check_limits(front.body, front.body_line, log):
        return None, parser.refs
    intro, blocks = parser.split(_lines_of(front.body, front.body_line))
    scenarios: list[Scenario] = []
    seen: dict[str, int] = {}
    question_count = 0
    for index, block in enumerate(blocks):
        narrative = _join(block.lines)
        plain = _plain(narrative)
        questions: list[Question] = []
        if not block.questions:
            log.warning(block.line, 1, "the scenario has no questions; add a '### ' question")
        for qblock in block.questions:
            question_count += 1
            question = parser.question(qblock, quiz_id or "", index, plain)
            if question is None:
                continue
            if not question.all_indicators:
                log.warning(
                    qblock.line,
                    1,
                    "the question trains no indicator; add a line 'Indicators: id, id' under "
                    "its heading",
                )
            if question.id in seen:
                log.error(
                    qblock.line,
                    1,
                    f"the question id '{question.id}' is already used on line {seen[question.id]}",
                )
                continue
            seen[question.id] = qblock.line
            questions.append(question)
        scenarios.append(Scenario(block.title, narrative, block.line, tuple(questions)))
    if question_count == 0:
        log.error(
            front.body_line,
            1,
            "the quiz has no questions; start each question with a '### ' heading",
        )
    if draw is not None and question_count and draw > question_count:
        log.error(
            *fields.pos("draw"),
            f"'draw' is {draw} but the quiz has only {question_count} questions",
        )
        draw = None
    if time_limit is not None and mode == QuizMode.PRACTICE.value:
        log.warning(
            *fields.pos("time_limit_minutes"),
            "the time limit applies only in exam mode; set 'mode: exam' or remove it",
        )
    if (
        quiz_id is None
        or title is None
        or mode is None
        or pass_mark is None
        or language is None
        or log.has_errors
    ):
        return None, parser.refs
    quiz = Quiz(
        id=quiz_id,
        title=title,
        module=module,
        mode=QuizMode(mode),
        pass_mark=pass_mark,
        draw=draw,
        time_limit_minutes=time_limit,
        shuffle=shuffle,
        version=version or 1,
        language=language,
        intro=_join(intro),
        scenarios=tuple(scenarios),
        path=path,
        sha256=sha256,
    )
    return quiz, parser.refs
