"""The quiz page the main window shows: intro, the quiz itself, and the results."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QStackedLayout, QWidget

from trainer.core.model import Library, QuizMode
from trainer.core.progress import ProgressError, ProgressStore
from trainer.core.quiz_run import Clock, FinishOutcome, QuizRun, SeedSource, new_seed
from trainer.ui.documents import DocumentSaver
from trainer.ui.quiz.intro import IntroView
from trainer.ui.quiz.results import ResultsView
from trainer.ui.quiz.runner import RunnerView


class QuizPage(QWidget):
    """Takes one learner through one quiz. ``closed`` asks the window to go back to the
    library; ``openModule`` asks it to open a module (by id)."""

    closed = Signal()
    openModule = Signal(str)

    def __init__(
        self,
        library: Library,
        store: ProgressStore,
        profile_id: str,
        parent: QWidget | None = None,
        *,
        clock: Clock = time.monotonic,
        seed_source: SeedSource = new_seed,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.store = store
        self.profile_id = profile_id
        self.clock = clock
        self.seed_source = seed_source
        self.quiz_id: str | None = None
        self.run: QuizRun | None = None
        self.outcome: FinishOutcome | None = None
        self.setAccessibleName(self.tr("Quiz"))

        self.stack = QStackedLayout(self)
        self.intro = IntroView(library, self)
        self.runner = RunnerView(library, self)
        self.results = ResultsView(library, self)
        for view in (self.intro, self.runner, self.results):
            self.stack.addWidget(view)

        self.intro.startRequested.connect(self._begin)
        self.intro.back.connect(self._close)
        self.runner.finished.connect(self._show_results)
        self.runner.left.connect(self._left)
        self.results.retry.connect(self.retry)
        self.results.back.connect(self._close)
        self.results.openModule.connect(self.openModule.emit)
        self.results.saveAgain.connect(self._save_again)
        self.results.saveCertificate.connect(self._save_certificate)
        self.documents = DocumentSaver(library, store, self)

    # ------------------------------------------------------------ the window's API

    def start(self, quiz_id: str) -> None:
        """Show the intro of a quiz (its mode preselected); the learner starts it there."""
        self.runner.stop()
        self.run = None
        self.outcome = None
        self.quiz_id = quiz_id
        quiz = self.library.quizzes.get(quiz_id)
        if quiz is None:
            self.intro.show_missing(quiz_id)
        else:
            self.intro.show_quiz(quiz)
        self.stack.setCurrentWidget(self.intro)
        if quiz is not None:
            self.intro.start_button.setFocus()
        else:
            self.intro.back_button.setFocus()

    def start_run(self, run: QuizRun) -> None:
        """Go straight into a run started elsewhere, such as a self-assessment, whose
        quiz is not in the library (so it has no intro here)."""
        self.runner.stop()
        self.quiz_id = None
        self._run(run)

    def set_library(self, library: Library) -> None:
        """Use a reloaded library for the next quiz started."""
        self.library = library
        self.documents.library = library
        for view in (self.intro, self.runner, self.results):
            view.library = library
            view.text.library = library

    def set_profile(self, profile_id: str) -> None:
        self.profile_id = profile_id

    def refresh_style(self) -> None:
        """Redraw what carries theme colours of its own (the narrative's marks)."""
        self.runner.narrative.refresh()

    def current_view(self) -> QWidget:
        widget = self.stack.currentWidget()
        assert widget is not None
        return widget

    def in_progress(self) -> bool:
        """True while a quiz is being answered (the window may want to confirm leaving)."""
        return self.stack.currentWidget() is self.runner and self.run is not None

    def hideEvent(self, event: QHideEvent) -> None:
        """The window showed another page mid-quiz (after asking the learner): the quiz
        is left as with Leave quiz, and its clock stops. Minimising keeps it running."""
        super().hideEvent(event)
        if not event.spontaneous() and self.in_progress():
            self.runner.leave_silently()
            if self.quiz_id is not None:
                self.start(self.quiz_id)
            else:
                self.run = None

    # ------------------------------------------------------------ flow

    def _begin(self, mode: Any) -> None:
        quiz = self.library.quizzes.get(self.quiz_id or "")
        if quiz is None:
            return
        chosen = mode if isinstance(mode, QuizMode) else quiz.mode
        try:
            run = QuizRun.start(
                self.store,
                quiz,
                self.profile_id,
                mode=chosen,
                clock=self.clock,
                seed_source=self.seed_source,
            )
        except ProgressError as exc:
            self.intro.show_error(
                self.tr("The quiz could not be started: {reason}").format(reason=exc)
            )
            return
        self._run(run)

    def _run(self, run: QuizRun) -> None:
        self.run = run
        self.outcome = None
        self.stack.setCurrentWidget(self.runner)
        self.runner.begin(run)

    def _show_results(self, outcome: object) -> None:
        if not isinstance(outcome, FinishOutcome) or self.run is None:
            return
        self.outcome = outcome
        self.results.show_outcome(self.run, outcome)
        self.stack.setCurrentWidget(self.results)
        self.results.retry_button.setFocus()

    def _save_again(self) -> None:
        if self.run is None:
            return
        outcome = self.run.finish()
        self.outcome = outcome
        if outcome.saved:
            self.results.saved()
        else:
            self.results.show_outcome(self.run, outcome)

    def _save_certificate(self) -> None:
        run = self.run
        if run is None or self.outcome is None or not self.outcome.result.passed:
            return
        path = self.documents.save_certificate(self.profile_id, run.session_id, run.quiz.title)
        if path is not None:
            self.results.certificate_saved(path.name)

    def retry(self) -> None:
        """Take the same quiz again in the same mode, answers shuffled anew."""
        if self.run is None:
            return
        try:
            run = self.run.retry()
        except ProgressError as exc:
            if self.results.save_error is not None:
                self.results.save_error.show_message(
                    self.tr("The quiz could not be started again: {reason}").format(reason=exc)
                )
            return
        self._run(run)

    def _left(self) -> None:
        self.run = None
        self._close()

    def _close(self) -> None:
        self.runner.stop()
        self.closed.emit()
