"""The quiz screens: intro, the runner with a widget per question type, and results."""

from trainer.ui.quiz.page import QuizPage

__all__ = ["QuizPage"]
