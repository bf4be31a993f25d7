"""Markdown to safe HTML for the reader and the quiz runner.

* Raw HTML written in content is escaped, never passed through; the result is then
  cleaned again against an allow-list (nh3), so no script, style, frame or event
  handler can reach the screen.
* Links: ``module:ID`` and ``quiz:ID`` (and relative links to module or quiz files,
  rewritten to those) open inside the app; web addresses are kept, marked
  ``class="external"`` so the reader can show them without following them; every
  other scheme (``javascript:``, ``file:``, ``data:``…) is removed.
* Pictures resolve only inside the content root (``content:`` URLs); remote ones and
  paths leaving the root become a short text saying the picture is not shown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from trainer.core.markdown_scan import IMAGE_SUFFIXES, limit_problem, resolve_inside, url_scheme

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    import markdown

CONTENT_SCHEME = "content"
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
LINK_SCHEMES = {"http", "https", "mailto", "tel", "module", "quiz"}
EXTERNAL_SCHEMES = ("http", "https", "mailto", "tel")


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class RenderedPage:
    html: str
    toc: tuple[TocEntry, ...]


@dataclass(frozen=True, slots=True)
class LinkContext:
    """Where the text being rendered lives, to resolve its relative links and pictures.

    ``files`` maps root-relative paths of module and quiz files to ``module:ID`` or
    ``quiz:ID``.
    """

    root: Path
    base: PurePosixPath
    files: Mapping[str, str]


@cache
def _safe_links_extension() -> Callable[[Callable[[], LinkContext | None]], Any]:
    """The Markdown extension that makes links and pictures safe. Built on first use:
    python-markdown is imported only when something is rendered, not at start-up."""
    import xml.etree.ElementTree as ET

    from markdown.extensions import Extension
    from markdown.treeprocessors import Treeprocessor

    class _LinkRewriter(Treeprocessor):
        def __init__(
            self, md: markdown.Markdown, context: Callable[[], LinkContext | None]
        ) -> None:
            super().__init__(md)
            self.context = context

        def run(self, root: ET.Element) -> None:
            context = self.context()
            for parent in root.iter():
                for index, element in enumerate(list(parent)):
                    if element.tag == "img":
                        replacement = self.picture(element, context)
                        if replacement is not None:
                            replacement.tail = element.tail
                            parent.remove(element)
                            parent.insert(index, replacement)
                    elif element.tag == "a":
                        self.link(element, context)

        def picture(self, element: ET.Element, context: LinkContext | None) -> ET.Element | None:
            src = (element.get("src") or "").strip()
            alt = element.get("alt") or ""
            scheme = url_scheme(src)
            if scheme == "data" and src.lower().startswith("data:image/"):
                return None
            if scheme is None and context is not None:
                target = resolve_inside(context.root, context.base, src)
                if target is not None and target.suffix.lower() in IMAGE_SUFFIXES:
                    element.set("src", f"{CONTENT_SCHEME}:{target}")
                    return None
            note = ET.Element("span", {"class": "missing-picture"})
            note.text = f"[Picture not shown: {alt}]" if alt else "[Picture not shown]"
            return note

        def link(self, element: ET.Element, context: LinkContext | None) -> None:
            href = (element.get("href") or "").strip()
            scheme = url_scheme(href)
            if href.startswith("#"):
                return
            if scheme in ("module", "quiz"):
                element.set("class", "internal")
                return
            if scheme in EXTERNAL_SCHEMES:
                element.set("class", "external")
                element.set("title", href)
                return
            if scheme is None and context is not None:
                target = resolve_inside(context.root, context.base, href)
                if target is not None and str(target) in context.files:
                    element.set("href", context.files[str(target)])
                    element.set("class", "internal")
                    return
            element.attrib.pop("href", None)
            element.set("class", "inert")

    class _SafeLinks(Extension):
        def __init__(self, context: Callable[[], LinkContext | None]) -> None:
            super().__init__()
            self.context = context

        def extendMarkdown(self, md: markdown.Markdown) -> None:
            # Raw HTML is shown as text, never passed through.
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
            md.treeprocessors.register(_LinkRewriter(md, self.context), "safe_links", 1)

    return _SafeLinks


class MarkdownRenderer:
    """Reusable renderer; build one and call :meth:`render` for each text."""

    def __init__(self) -> None:
        import markdown

        self._context: LinkContext | None = None
        self._md: markdown.Markdown = markdown.Markdown(
            extensions=[
                "tables",
                "fenced_code",
                "sane_lists",
                "toc",
                _safe_links_extension()(lambda: self._context),
            ],
            output_format="html",
        )

    def render(self, text: str, context: LinkContext | None = None) -> RenderedPage:
        if limit_problem(text) is not None:
            return RenderedPage(f"<pre>{html.escape(text)}</pre>", ())
        self._context = context
        try:
            self._md.reset()
            raw = self._md.convert(text)
            tokens: list[dict[str, Any]] = list(getattr(self._md, "toc_tokens", []))
        except RecursionError:
            raw = f"<pre>{html.escape(text)}</pre>"
            tokens = []
        finally:
            self._context = None
        toc = tuple(_flatten(tokens))
        return RenderedPage(sanitize(raw), toc)


def markdown_parts(text: str, size: int) -> list[str]:
    """``text`` cut before some of its headings into parts of about ``size`` characters
    (or more: a part ends only where a heading starts) that, rendered one by one and joined
    by :func:`join_pages`, give the HTML of the whole text. So a long lesson can be shown
    from its first part while the rest is rendered.

    Only cuts that cannot change the result are made: before a line starting with ``#``
    at the margin, after a blank line that follows text at the margin (not an indented
    code block or list continuation), outside fenced code. A text with reference-style
    link definitions or a ``[TOC]`` marker (which need the whole text), or one refused by
    :func:`limit_problem`, is one part. The parts join to the text with its line endings
    made ``\n``, as python-markdown reads it.
    """
    if len(text) <= size or "]:" in text or "[TOC]" in text or limit_problem(text) is not None:
        return [text]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fenced = _fenced_spans(text)
    parts: list[str] = []
    start = 0
    span = 0  # the first fenced block not ended before the cut
    for blank in _BLANK_BEFORE_HEADING.finditer(text):
        cut = blank.end()  # where the heading's line starts
        if cut - start < size:
            continue
        while span < len(fenced) and fenced[span][1] <= cut:
            span += 1
        if span < len(fenced) and fenced[span][0] < cut:
            continue  # inside fenced code
        # The last line with text before the blank lines: at the margin.
        line = text.rfind("\n", 0, blank.start()) + 1
        if line == blank.start() or text[line] in " \t":
            continue
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return parts


#: The end of a line, blank lines, and a line starting with "#".
_BLANK_BEFORE_HEADING = re.compile(r"\n(?:[ \t]*\n)+(?=#)")


def _fenced_spans(text: str) -> list[tuple[int, int]]:
    """Where python-markdown's fenced_code preprocessor finds code blocks in ``text``
    (its own search, in its own order)."""
    from markdown.extensions.attr_list import get_attrs_and_remainder
    from markdown.extensions.fenced_code import FencedBlockPreprocessor

    pattern = FencedBlockPreprocessor.FENCED_BLOCK_RE
    spans: list[tuple[int, int]] = []
    index = 0
    while (match := pattern.search(text, index)) is not None:
        if match.group("attrs"):
            _attrs, remainder = get_attrs_and_remainder(match.group("attrs"))
            if remainder:
                index = match.end("attrs")
                continue
        spans.append((match.start(), match.end()))
        index = match.end()
    return spans


def join_pages(pages: Sequence[RenderedPage]) -> RenderedPage | None:
    """The pages of the parts of one text (:func:`markdown_parts`) as one page; ``None``
    when two parts gave a heading the same id (the whole text would have numbered the
    second: render it whole instead)."""
    toc = tuple(entry for page in pages for entry in page.toc)
    if len({entry.id for entry in toc}) != len(toc):
        return None
    return RenderedPage("\n".join(page.html for page in pages if page.html), toc)


def _flatten(tokens: list[dict[str, Any]]) -> list[TocEntry]:
    result: list[TocEntry] = []
    for token in tokens:
        result.append(TocEntry(int(token["level"]), str(token["id"]), html.unescape(token["name"])))
        result.extend(_flatten(token.get("children", [])))
    return result


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        scheme = url_scheme(value)
        if scheme is not None and scheme not in LINK_SCHEMES:
            return None
    if attribute == "src":
        scheme = url_scheme(value)
        if scheme == "data":
            return value if value.lower().startswith("data:image/") else None
        if scheme != CONTENT_SCHEME:
            return None
    return value


def sanitize(fragment: str) -> str:
    """Clean an HTML fragment against the allow-list; unknown tags are removed."""
    import nh3

    result: str = nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES | {CONTENT_SCHEME, "data"},
        attribute_filter=_filter_attribute,
        link_rel=None,
        strip_comments=True,
    )
    return result


def warm_up() -> None:
    """Import python-markdown, the extensions the renderer uses and the sanitizer ahead
    of the first rendering. The app calls this in its worker thread once the library is
    read, so the first module opened costs no more than the next (rendering itself stays
    on the UI thread)."""
    global _shared
    # A private renderer goes once through every construct, which imports the modules and
    # compiles the patterns python-markdown compiles on first use (shared by all).
    MarkdownRenderer().render(_WARM_UP_TEXT)
    if _shared is None:
        # Built here but used only by the UI thread (a renderer is not thread-safe).
        _shared = MarkdownRenderer()


_WARM_UP_TEXT = """# Title

Some *emphasis*, **strong**, `code` and a [link](https://example.org) or
[module](module:x), with ![a picture](images/x.png).

## A section

- one
- two

1. first
2. second

> a quote

| a | b |
|---|---|
| 1 | 2 |

```
code block
```
"""


_shared: MarkdownRenderer | None = None


def render_markdown(text: str, context: LinkContext | None = None) -> RenderedPage:
    """Render with a shared renderer (not thread-safe; the app renders on one thread)."""
    global _shared
    if _shared is None:
        _shared = MarkdownRenderer()
    return _shared.render(text, context)
