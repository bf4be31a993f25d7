"""The quiz screens' shared wording (translatable) and Markdown rendering."""

from __future__ import annotations

from PySide6.QtCore import QObject

from trainer.core.engine import Grade
from trainer.core.model import Library, Question, QuestionType, Quiz, QuizMode
from trainer.core.quiz_run import VerdictKind, link_context
from trainer.core.render import LinkContext, render_markdown


def inline_html(fragment: str) -> str:
    """A one-paragraph fragment without its ``<p>`` wrapper (so a label adds no paragraph
    margins around a single sentence); longer fragments are kept as they are."""
    text = fragment.strip()
    if text.startswith("<p>") and text.endswith("</p>") and text.count("<p>") == 1:
        return text[3:-4]
    return text


def points_text(value: float) -> str:
    """A number of points as a learner reads it: 1, 0.5, 0.33."""
    rounded = round(value, 2)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.2f}".rstrip("0").rstrip(".")


class QuizText(QObject):
    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self._contexts: dict[str, LinkContext | None] = {}

    def html(self, quiz: Quiz, markdown: str, *, inline: bool = True) -> str:
        """Safe HTML of a quiz's Markdown (pictures from its content folder only).

        ``inline`` drops the paragraph around a single paragraph, for labels; the
        narrative keeps its paragraphs (the theme styles their spacing)."""
        if not markdown.strip():
            return ""
        key = f"{quiz.id}\n{quiz.path}"
        if key not in self._contexts:
            self._contexts[key] = link_context(self.library, quiz)
        rendered = render_markdown(markdown, self._contexts[key]).html
        return inline_html(rendered) if inline else rendered

    def source_quiz(self, quiz: Quiz, question: Question) -> Quiz:
        """The quiz ``question`` was written in, whose folder its pictures and links are
        relative to: ``quiz`` itself, except in a self-assessment, which gathers the
        questions of several quizzes."""
        if question.quiz_id and question.quiz_id != quiz.id:
            return self.library.quizzes.get(question.quiz_id, quiz)
        return quiz

    def type_name(self, kind: QuestionType) -> str:
        names = {
            QuestionType.SINGLE: self.tr("One answer"),
            QuestionType.TRUE_FALSE: self.tr("True or false"),
            QuestionType.MULTIPLE: self.tr("Several answers"),
            QuestionType.SPOT: self.tr("Spot the indicators"),
            QuestionType.CATEGORIZE: self.tr("Sorting"),
            QuestionType.DECISION: self.tr("Decisions"),
        }
        return names[kind]

    def mode_name(self, mode: QuizMode) -> str:
        return self.tr("Practice") if mode is QuizMode.PRACTICE else self.tr("Exam")

    def position(self, number: int, total: int, mode: QuizMode, kind: QuestionType) -> str:
        return self.tr("Question {n} of {total} · {kind} · {mode}").format(
            n=number, total=total, kind=self.type_name(kind), mode=self.mode_name(mode)
        )

    def questions(self, count: int) -> str:
        return self.tr("%n questions", "", count)

    def minutes(self, count: int) -> str:
        return self.tr("%n minutes", "", count)

    def points(self, earned: float, possible: float) -> str:
        if possible == 1:
            return self.tr("{earned} of 1 point").format(earned=points_text(earned))
        return self.tr("{earned} of {possible} points").format(
            earned=points_text(earned), possible=points_text(possible)
        )

    def time_left(self, seconds: float) -> str:
        whole = max(0, int(seconds + 0.999))
        minutes, secs = divmod(whole, 60)
        hours, minutes = divmod(minutes, 60)
        clock = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
        return self.tr("Time left {clock}").format(clock=clock)

    def hint(self, kind: QuestionType, complete: bool, recorded: bool, practice: bool) -> str:
        if recorded:
            if practice:
                return self.tr("Saved. Read the feedback, then go on with Next (Alt+N).")
            return self.tr("Saved. Go on with Next (Alt+N).")
        if kind is QuestionType.DECISION:
            return self.tr("Choose what you would do and press Decide (Alt+D).")
        if not complete:
            if kind is QuestionType.CATEGORIZE:
                return self.tr("Sort every item to go on.")
            if kind in (QuestionType.MULTIPLE, QuestionType.SPOT):
                return self.tr("Select at least one answer to go on.")
            return self.tr("Choose an answer to go on.")
        if practice:
            return self.tr("Check your answer with Alt+C or Ctrl+Enter.")
        return self.tr(
            "Go on with Next (Alt+N) or Ctrl+Enter. In an exam you cannot come back to a question."
        )

    def grade_summary(self, grade: Grade) -> tuple[VerdictKind, str]:
        """The verdict and one line on a whole question's grade."""
        points = self.points(grade.points, grade.max_points)
        if grade.correct:
            return VerdictKind.RIGHT, self.tr("Right — {points}.").format(points=points)
        if grade.score > 0:
            return VerdictKind.MISSED, self.tr("Partly right — {points}.").format(points=points)
        return VerdictKind.WRONG, self.tr("Not right — {points}.").format(points=points)
