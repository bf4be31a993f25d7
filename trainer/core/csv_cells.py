"""Text for a cell of a CSV file that people open in a spreadsheet.

Spreadsheet programs treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab
or carriage return before one) as a formula and run it when the file is opened: a learner
named ``=HYPERLINK(...)`` or a pack whose module title starts with ``=`` would put a
formula into a trainer's report. Such text is written with a leading apostrophe, which
spreadsheets show as plain text (the usual defence, as OWASP describes it). Numbers the
program writes itself are left alone.
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "text_cell"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """``text`` as a cell that a spreadsheet shows and never runs."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
