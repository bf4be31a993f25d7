"""Authoring mode: a content folder being written, checked as it is saved, previewed as a
learner sees it, with the indicators' coverage by questions."""

from trainer.ui.authoring.window import AuthoringWindow, choose_and_open

__all__ = ["AuthoringWindow", "choose_and_open"]
