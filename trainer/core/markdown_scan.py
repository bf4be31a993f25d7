"""Line-level scanning of Markdown: headings, links, pictures and nesting limits.

The parsers work on lines so every problem can name its line; full rendering to
HTML happens only when a learner opens a page (see :mod:`trainer.core.render`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from trainer.core.problems import ProblemLog

MAX_NESTING = 24
MAX_LINE_LENGTH = 20_000
MAX_BRACKETS_PER_LINE = 400
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FENCE_START = (" ", "`", "~")
_IMAGE = re.compile(
    r"!\[([^\]\n]{0,500})\]\(\s*<?([^)\s>]{1,2000})>?(?:\s+\"[^\"\n]{0,500}\")?\s*\)"
)
_LINK = re.compile(
    r"(?<!!)\[([^\]\n]{0,500})\]\(\s*<?([^)\s>]{1,2000})>?(?:\s+\"[^\"\n]{0,500}\")?\s*\)"
)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_QUOTE_OR_INDENT = re.compile(r"^((?:\s*>)*)(\s*)")


def content_lines(text: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line number, line) for every line outside fenced code blocks."""
    lines = text.split("\n")
    if "```" not in text and "~~~" not in text:  # no fence at all: every line counts
        yield from enumerate(lines, first_line)
        return
    fence: str | None = None
    for offset, line in enumerate(lines):
        match = _FENCE.match(line) if line[:1] in _FENCE_START else None
        if fence is None and match:
            fence = match.group(1)[0] * 3
            continue
        if fence is not None:
            if line.lstrip().startswith(fence):
                fence = None
            continue
        yield first_line + offset, line


def limit_problem(text: str) -> tuple[int, str] | None:
    """(0-based line, message) of the first line that would make rendering slow, or ``None``.

    python-markdown slows down sharply on a line with thousands of '[' and on lists
    or quotes nested thousands deep; such input is refused before it is rendered.
    """
    # Fast paths, same answers: a line can only be nested when it starts with white space
    # or '>', and can only hold too many '[' when the whole text does.
    many_brackets = text.count("[") > MAX_BRACKETS_PER_LINE
    for offset, line in enumerate(text.split("\n")):
        if len(line) > MAX_LINE_LENGTH:
            return offset, (
                f"the line is {len(line)} characters long; the limit is {MAX_LINE_LENGTH}: "
                "break it into paragraphs"
            )
        first = line[:1]
        match = _QUOTE_OR_INDENT.match(line) if first == ">" or first.isspace() else None
        if match is not None:
            quotes = match.group(1).count(">")
            indent = len(match.group(2).expandtabs(4))
            if quotes > MAX_NESTING or indent > MAX_NESTING * 4:
                return offset, (
                    f"lists or quotes are nested more than {MAX_NESTING} levels deep; "
                    "use a flatter layout"
                )
        if many_brackets and line.count("[") > MAX_BRACKETS_PER_LINE:
            return offset, (
                f"the line has more than {MAX_BRACKETS_PER_LINE} '[' characters; "
                "remove the stray brackets"
            )
    return None


def check_limits(text: str, first_line: int, log: ProblemLog) -> bool:
    """Log the first limit problem of ``text``; ``True`` when there is none."""
    problem = limit_problem(text)
    if problem is None:
        return True
    log.error(first_line + problem[0], 1, problem[1])
    return False


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    title: str
    line: int
    column: int


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")


def heading_of(line: str) -> tuple[int, str] | None:
    if not line.startswith("#"):
        return None
    match = _HEADING.match(line)
    if match is None:
        return None
    return len(match.group(1)), match.group(2).strip()


def section_ids(titles: list[str]) -> list[str]:
    """The anchor ids python-markdown's toc extension gives these headings, in order."""
    from markdown.extensions.toc import slugify, unique  # only when a file is parsed

    used: set[str] = set()
    return [unique(slugify(plain_heading(title), "-"), used) for title in titles]


def plain_heading(title: str) -> str:
    """The heading as the reader shows it: Markdown emphasis and code marks removed."""
    return re.sub(r"[*_`]+", "", title).strip()


@dataclass(frozen=True, slots=True)
class LinkTarget:
    url: str
    label: str
    line: int
    column: int
    is_image: bool


def links(text: str, first_line: int) -> Iterator[LinkTarget]:
    for number, line in content_lines(text, first_line):
        if "](" not in line:
            continue
        for match in _IMAGE.finditer(line):
            yield LinkTarget(match.group(2), match.group(1), number, match.start() + 1, True)
        for match in _LINK.finditer(line):
            yield LinkTarget(match.group(2), match.group(1), number, match.start() + 1, False)


def url_scheme(url: str) -> str | None:
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


class RealPaths:
    """Whether paths under one content root really stay inside it (links followed),
    remembering each folder's real path: checking the links of a thousand modules then
    takes one ``lstat`` per link instead of one per path component."""

    def __init__(self, root: Path) -> None:
        self.root = str(root)
        self.real_root = os.path.realpath(root)
        self._prefix = self.real_root.rstrip(os.sep) + os.sep
        self._folders: dict[str, str] = {}

    def inside(self, rel: PurePosixPath | str) -> bool:
        """``rel``: a path, or a string of ``/``-separated parts (no ``.`` or ``..``)."""
        parts = rel.split("/") if isinstance(rel, str) else rel.parts
        folder, name = os.path.split(os.path.join(self.root, *parts))
        real_folder = self._folders.get(folder)
        if real_folder is None:
            real_folder = self._folders[folder] = os.path.realpath(folder)
        real = os.path.join(real_folder, name)
        if os.path.islink(real):
            real = os.path.realpath(real)
        return real == self.real_root or real.startswith(self._prefix)


def resolve_inside(
    root: Path,
    base: PurePosixPath,
    relative: str,
    *,
    real_paths: RealPaths | None = None,
) -> PurePosixPath | None:
    """Root-relative path of ``relative`` (written in a file under ``base``), or ``None``
    when it would leave the root (``real_paths``: a memo for ``root``, when the caller
    checks many paths)."""
    parts: list[str] = list(base.parts)
    for part in relative.split("?")[0].split("#")[0].split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    if not parts:
        return None
    if real_paths is not None:
        return PurePosixPath(*parts) if real_paths.inside("/".join(parts)) else None
    resolved = PurePosixPath(*parts)
    real_root = root.resolve()
    try:
        (root / resolved).resolve().relative_to(real_root)
    except ValueError:
        return None
    return resolved
