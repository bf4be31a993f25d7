"""The main window's self-assessment builder, indicator handbook and progress dashboard.

:class:`TrainingPages` builds each page (and imports its module) the first time it is
shown, adds it to the window's page stack, and connects it: every practice set or
self-assessment drawn on any of them starts on the window's quiz page
(:meth:`TrainingPages.start`). Nothing of theirs is imported at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from trainer.core.model import Library
from trainer.core.progress import ProgressError

if TYPE_CHECKING:
    from trainer.core.quiz_run import SeedSource
    from trainer.core.self_assessment import Scope
    from trainer.ui.dashboard import DashboardPage
    from trainer.ui.handbook import HandbookPage
    from trainer.ui.main_window import MainWindow
    from trainer.ui.self_assessment import SelfAssessmentPage

__all__ = ["TrainingPages"]


def _new_seed() -> int:
    from trainer.core.quiz_run import new_seed

    return new_seed()


class TrainingPages(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.builder: SelfAssessmentPage | None = None
        self.handbook: HandbookPage | None = None
        self.dashboard: DashboardPage | None = None
        # Where the seeds of practice sets come from (tests give fixed ones).
        self.seed_source: SeedSource = _new_seed

    # ------------------------------------------------------------ pages

    def pages(self) -> list[QWidget]:
        return [p for p in (self.builder, self.handbook, self.dashboard) if p is not None]

    def owns(self, widget: QWidget | None) -> bool:
        return widget is not None and any(widget is p for p in self.pages())

    def place_name(self, widget: QWidget | None) -> str | None:
        """The header's name of one of these pages, else ``None``."""
        if widget is None:
            return None
        if widget is self.builder:
            return self.tr("Self-assessment")
        if widget is self.handbook:
            return self.tr("Indicator handbook")
        if widget is self.dashboard:
            return self.tr("Progress")
        return None

    def _add(self, page: QWidget) -> None:
        self.window.stack.addWidget(page)

    def builder_page(self) -> SelfAssessmentPage:
        if self.builder is None:
            window = self.window
            from trainer.ui.self_assessment import SelfAssessmentPage

            page = SelfAssessmentPage(window.library, window.store, window.profile_id)
            page.startAssessment.connect(self.start)
            page.back.connect(lambda: window.show_library())
            self.builder = page
            self._add(page)
        return self.builder

    def handbook_page(self) -> HandbookPage:
        if self.handbook is None:
            window = self.window
            from trainer.ui.handbook import HandbookPage

            page = HandbookPage(window.library, window.store, window.profile_id)
            page.practise.connect(self.practise_indicator)
            page.openModule.connect(window.open_module)
            page.startQuiz.connect(window.start_quiz)
            page.back.connect(lambda: window.show_library())
            self.handbook = page
            self._add(page)
        return self.handbook

    def dashboard_page(self) -> DashboardPage:
        if self.dashboard is None:
            window = self.window
            from trainer.ui.dashboard import DashboardPage

            page = DashboardPage(window.library, window.store, window.profile_id)
            page.startAssessment.connect(self.start)
            page.newAssessment.connect(lambda: self.show_builder())
            page.back.connect(lambda: window.show_library())
            self.dashboard = page
            self._add(page)
        return self.dashboard

    def _show(self, page: QWidget) -> bool:
        window = self.window
        if window.profile_id is None or not window.library_ready:
            window.show_library()
            return False
        if window.stack.currentWidget() is not page and not window._may_leave_quiz():
            return False
        window.save_reading()
        window.stack.setCurrentWidget(page)
        focus = getattr(page, "focus_default", None)
        if callable(focus):
            focus()
        return True

    def show_builder(self, scope: Scope | None = None) -> SelfAssessmentPage | None:
        page = self.builder_page()
        if not self._show(page):
            return None
        if scope is not None:
            page.choose_scope(scope)
        return page

    def show_handbook(self, indicator_id: str | None = None) -> HandbookPage | None:
        page = self.handbook_page()
        if not self._show(page):
            return None
        if indicator_id is not None:
            page.show_indicator(indicator_id)
        return page

    def show_dashboard(self) -> DashboardPage | None:
        page = self.dashboard_page()
        return page if self._show(page) else None

    # ------------------------------------------------------------ starting a set

    def start(self, drawn: object) -> bool:
        """Start a drawn self-assessment or practice set on the quiz page."""
        from trainer.core.quiz_run import QuizRun
        from trainer.core.self_assessment import SelfAssessment
        from trainer.ui.quiz import QuizPage

        window = self.window
        if not isinstance(drawn, SelfAssessment) or window.profile_id is None:
            return False

        page = window.ensure_quiz_page()
        if not isinstance(page, QuizPage):
            return False
        try:
            run = QuizRun.start(
                window.store,
                drawn.quiz,
                window.profile_id,
                mode=drawn.spec.mode,
                seed=drawn.seed,
                clock=page.clock,
                seed_source=page.seed_source,
            )
        except ProgressError as exc:
            message = self.tr("The self-assessment could not be started: {reason}").format(
                reason=exc
            )
            if self.builder is not None and window.stack.currentWidget() is self.builder:
                self.builder.show_error(message)
            window.show_status(message)
            return False
        page.start_run(run)
        window.stack.setCurrentWidget(page)
        return True

    def practise_indicator(self, indicator_id: str, name: str) -> bool:
        window = self.window
        if window.profile_id is None:
            return False
        try:
            mastery = window.store.mastery(window.profile_id)
        except ProgressError as exc:
            window.show_status(str(exc))
            return False
        seed = self.seed_source()
        title = self.tr("Practice: {name}").format(name=name)
        from trainer.ui.self_assessment import draw_practice

        drawn = draw_practice(window.library, mastery, [indicator_id], title, seed)
        if not drawn.count:
            window.show_status(self.tr("No question in the library trains this indicator yet."))
            return False
        return self.start(drawn)

    # ------------------------------------------------------------ the window's changes

    def set_library(self, library: Library) -> None:
        for page in (self.builder, self.handbook, self.dashboard):
            if page is not None:
                page.set_library(library)

    def set_profile(self, profile_id: str | None) -> None:
        for page in (self.builder, self.handbook, self.dashboard):
            if page is not None:
                page.set_profile(profile_id)

    def focus_search(self) -> bool:
        """Ctrl+F on the handbook searches the handbook."""
        if self.handbook is not None and self.window.stack.currentWidget() is self.handbook:
            self.handbook.focus_search()
            return True
        return False

    def restyle(self) -> None:
        for page in self.pages():
            page.update()
        if self.handbook is not None:
            self.handbook.refresh()
