"""A quiz as a learner sees it — its intro, the questions and the results — on the quiz
screens themselves, run through a :class:`MemoryRecorder` so that trying it out records
nothing: no learner, no session, no answer reaches a progress folder."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStackedLayout, QVBoxLayout, QWidget

from trainer.core.memory_recorder import MemoryRecorder
from trainer.core.model import Library, Quiz, QuizMode
from trainer.core.quiz_run import Clock, FinishOutcome, QuizRun, SeedSource, new_seed
from trainer.ui.quiz.intro import IntroView
from trainer.ui.quiz.results import ResultsView
from trainer.ui.quiz.runner import RunnerView
from trainer.ui.theme import set_style_property

__all__ = ["TRY_OUT_PROFILE", "QuizTryOut"]

# The learner id a try-out runs as; it exists only in the memory recorder.
TRY_OUT_PROFILE = "try-out"


class QuizTryOut(QWidget):
    """Shows one quiz's intro; :meth:`try_quiz` (or the intro's Start) runs it.
    ``openModule`` asks the window to preview a module (by id)."""

    openModule = Signal(str)

    def __init__(
        self,
        library: Library,
        parent: QWidget | None = None,
        *,
        clock: Clock = time.monotonic,
        seed_source: SeedSource = new_seed,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.clock = clock
        self.seed_source = seed_source
        self.recorder = MemoryRecorder()
        self.quiz: Quiz | None = None
        self.run: QuizRun | None = None
        self.outcome: FinishOutcome | None = None
        self.setAccessibleName(self.tr("Quiz preview"))

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner = QFrame(self)
        set_style_property(self.banner, "role", "notice")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(12, 6, 12, 6)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.banner_text, 1)
        outer.addWidget(self.banner)

        holder = QWidget(self)
        self.stack = QStackedLayout(holder)
        self.intro = IntroView(library, holder)
        self.runner = RunnerView(library, holder)
        self.results = ResultsView(library, holder)
        for view in (self.intro, self.runner, self.results):
            self.stack.addWidget(view)
        outer.addWidget(holder, 1)

        self.intro.startRequested.connect(self._begin)
        self.intro.back.connect(self.show_intro)
        self.runner.finished.connect(self._show_results)
        self.runner.left.connect(self.show_intro)
        self.results.retry.connect(self.retry)
        self.results.back.connect(self.show_intro)
        self.results.openModule.connect(self.openModule.emit)
        self.results.saveAgain.connect(self._finish_again)
        self._set_banner(running=False)

    # ------------------------------------------------------------ the window's API

    def set_library(self, library: Library) -> None:
        """Use a reloaded library. When the quiz shown has changed, its intro shows the
        new version; a try-out in progress goes on with the version it started with, and
        the banner says that the file changed."""
        self.library = library
        for view in (self.intro, self.runner, self.results):
            view.library = library
            view.text.library = library
        if self.quiz is None:
            return
        fresh = library.quizzes.get(self.quiz.id)
        if fresh is None or fresh.sha256 == self.quiz.sha256:
            return
        if self.in_progress():
            self._set_banner(running=True, changed=True)
        else:
            self.show_quiz(fresh)

    def show_quiz(self, quiz: Quiz) -> None:
        """Show the quiz's intro, as a learner sees it before starting."""
        self.runner.stop()
        self.run = None
        self.outcome = None
        self.quiz = quiz
        self.intro.show_quiz(quiz)
        self.stack.setCurrentWidget(self.intro)
        self._set_banner(running=False)

    def show_intro(self) -> None:
        self.runner.stop()
        self.run = None
        if self.quiz is not None:
            self.show_quiz(self.library.quizzes.get(self.quiz.id) or self.quiz)

    def try_quiz(self, mode: QuizMode | None = None) -> bool:
        """Run the shown quiz in ``mode`` (the one chosen on the intro by default)."""
        if self.quiz is None:
            return False
        return self._begin(mode or self.intro.mode())

    def in_progress(self) -> bool:
        return self.stack.currentWidget() is self.runner and self.run is not None

    def stop(self) -> None:
        """Leave a try-out without a word (another entry was selected)."""
        if self.in_progress():
            self.runner.leave_silently()
        self.runner.stop()
        self.run = None

    def current_view(self) -> QWidget:
        widget = self.stack.currentWidget()
        assert widget is not None
        return widget

    def focus_default(self) -> None:
        view = self.current_view()
        if view is self.intro:
            self.intro.start_button.setFocus()
        elif view is self.results:
            self.results.retry_button.setFocus()
        else:
            view.setFocus()

    # ------------------------------------------------------------ flow

    def _set_banner(self, *, running: bool, changed: bool = False) -> None:
        if changed:
            text = self.tr(
                "Try-out: nothing is recorded. The quiz file has changed since this try-out "
                "began; start again to try the new version."
            )
        elif running:
            text = self.tr("Try-out: your answers are not recorded anywhere.")
        else:
            text = self.tr(
                "Preview: this is what a learner sees. Start (or Try this quiz) runs it as a "
                "try-out, which records nothing."
            )
        self.banner_text.setText(text)
        self.banner.setAccessibleName(text)

    def _begin(self, mode: object) -> bool:
        quiz = self.quiz
        if quiz is None:
            return False
        chosen = mode if isinstance(mode, QuizMode) else quiz.mode
        # The memory recorder never fails, so no error can come back from here.
        run = QuizRun.start(
            self.recorder,
            quiz,
            TRY_OUT_PROFILE,
            mode=chosen,
            clock=self.clock,
            seed_source=self.seed_source,
        )
        self._run(run)
        return True

    def _run(self, run: QuizRun) -> None:
        self.run = run
        self.outcome = None
        self.stack.setCurrentWidget(self.runner)
        self._set_banner(running=True)
        self.runner.begin(run)

    def _show_results(self, outcome: object) -> None:
        if not isinstance(outcome, FinishOutcome) or self.run is None:
            return
        self.outcome = outcome
        self.results.show_outcome(self.run, outcome)
        # A try-out earns no certificate.
        self.results.certificate_button.hide()
        self.stack.setCurrentWidget(self.results)
        self.results.retry_button.setFocus()

    def _finish_again(self) -> None:
        if self.run is not None:
            self.outcome = self.run.finish()
            self.results.show_outcome(self.run, self.outcome)
            self.results.certificate_button.hide()

    def retry(self) -> None:
        if self.run is not None:
            self._run(self.run.retry())
