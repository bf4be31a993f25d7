"""Safe rendering: escaped HTML, removed schemes, pictures only from inside the root."""

from __future__ import annotations

import time
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.helpers import FIXTURE
from trainer.core.render import (
    LinkContext,
    RenderedPage,
    join_pages,
    markdown_parts,
    render_markdown,
    sanitize,
)

CONTEXT = LinkContext(
    FIXTURE, PurePosixPath("modules"), {"modules/second-module.md": "module:second-module"}
)


def html_of(text: str) -> str:
    return render_markdown(text, CONTEXT).html


def test_raw_html_is_shown_as_text() -> None:
    out = html_of('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in out and "&lt;script&gt;" in out
    assert "<img" not in out and "&lt;img" in out  # shown as text, never an element


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "vbscript:x"]
)
def test_dangerous_link_schemes_are_removed(url: str) -> None:
    out = html_of(f"[click]({url})")
    assert 'class="inert"' in out and "href" not in out


def test_web_links_are_marked_external_and_kept_visible() -> None:
    out = html_of("[ILO](https://www.ilo.org/)")
    assert 'class="external"' in out and 'href="https://www.ilo.org/"' in out


def test_module_and_quiz_links_open_in_the_app() -> None:
    out = html_of("[a](second-module.md) [b](module:x) [c](quiz:y) [d](#context)")
    assert 'href="module:second-module"' in out
    assert 'href="module:x"' in out and 'href="quiz:y"' in out and 'href="#context"' in out


def test_pictures_resolve_only_inside_the_root() -> None:
    out = html_of(
        "![inside](images/checklist.png) ![remote](https://evil.example/x.png) "
        "![escape](../../../../etc/x.png) ![inline](data:image/png;base64,AAAA)"
    )
    assert 'src="content:modules/images/checklist.png"' in out
    assert "evil.example" not in out and "[Picture not shown: remote]" in out
    assert "[Picture not shown: escape]" in out and "etc/x.png" not in out
    assert 'src="data:image/png;base64,AAAA"' in out


def test_sanitizer_is_an_allow_list() -> None:
    dirty = (
        '<p onclick="x" style="color:red">a</p><iframe src="https://x"></iframe>'
        '<a href="javascript:x">j</a><img src="file:///etc/passwd"><object></object>'
    )
    clean = sanitize(dirty)
    for banned in ("onclick", "style", "iframe", "javascript", "file:", "object"):
        assert banned not in clean


def test_table_of_contents_matches_module_sections() -> None:
    text = (FIXTURE / "modules" / "reading-indicators.md").read_text("utf-8").split("---", 2)[2]
    page = render_markdown(text, CONTEXT)
    assert [(t.level, t.id) for t in page.toc if t.level == 2] == [
        (2, "strong-medium-and-weak"),
        (2, "context"),
        (2, "what-to-do"),
        (2, "what-not-to-do"),
    ]


@pytest.mark.parametrize(
    "text",
    ["[" * 10_000, "- " * 10_000 + "x", ">" * 10_000 + " x", "*a " * 20_000, "`" * 50_000],
)
def test_pathological_markdown_renders_within_a_second(text: str) -> None:
    started = time.perf_counter()
    render_markdown(text)
    assert time.perf_counter() - started < 1.0


def test_images_in_context_of_a_missing_root(tmp_path: Path) -> None:
    context = LinkContext(tmp_path, PurePosixPath(""), {})
    assert 'src="content:pic.png"' in render_markdown("![p](pic.png)", context).html


# ------------------------------------------------------------------ long texts in parts

LONG_TEXT = "\n\n".join(
    [
        "# Long lesson",
        "An introduction with a [link](second-module.md) and ![a picture](images/checklist.png).",
    ]
    + [
        f"## Section {n}\n\nParagraph {n} with *emphasis* and `code`.\n\n- one\n- two\n\n"
        f"    indented code {n}\n\n"
        f"```\n# not a heading {n}\n\n# still code\n```\n\n"
        f"| a | b |\n|---|---|\n| {n} | x |\n\n> a quote\n\n### Detail {n}\n\nMore text."
        for n in range(1, 31)
    ]
)


def render_parts(text: str, size: int) -> tuple[list[str], RenderedPage | None]:
    parts = markdown_parts(text, size)
    return parts, join_pages([render_markdown(part, CONTEXT) for part in parts])


@pytest.mark.parametrize("size", [1, 200, 1500, 6000])
def test_a_long_text_rendered_in_parts_is_the_text_rendered_whole(size: int) -> None:
    parts, joined = render_parts(LONG_TEXT, size)
    assert len(parts) > 1 and "".join(parts) == LONG_TEXT
    assert all(part.startswith("#") for part in parts[1:])
    assert joined == render_markdown(LONG_TEXT, CONTEXT)


def test_parts_are_cut_only_before_headings_outside_code() -> None:
    parts = markdown_parts(LONG_TEXT, 1)
    assert not any(part.startswith(("# not a heading", "# still code")) for part in parts)
    assert markdown_parts(LONG_TEXT, len(LONG_TEXT)) == [LONG_TEXT]  # short enough
    # A heading right after indented text (code, or a list item's continuation) stays.
    text = "Intro.\n\n- item\n\n    continued\n\n# Heading\n\nText.\n"
    assert markdown_parts(text, 1) == [text]


@pytest.mark.parametrize(
    "extra",
    ["[ref]: https://example.org\n\nSee [the reference][ref].", "[TOC]", "x" * 30_000],
)
def test_texts_that_need_the_whole_are_one_part(extra: str) -> None:
    text = LONG_TEXT + "\n\n" + extra
    assert markdown_parts(text, 100) == [text]


def test_parts_with_headings_alike_are_rendered_whole() -> None:
    # python-markdown numbers the second "Summary" heading (summary_1); parts cannot.
    text = "## Summary\n\nOne.\n\n## Other\n\nTwo.\n\n## Summary\n\nThree.\n"
    parts, joined = render_parts(text, 1)
    assert len(parts) == 3 and joined is None
    assert [e.id for e in render_markdown(text).toc] == ["summary", "other", "summary_1"]


def test_line_endings_are_read_as_python_markdown_reads_them() -> None:
    text = LONG_TEXT.replace("\n", "\r\n")
    parts, joined = render_parts(text, 500)
    assert len(parts) > 1 and "".join(parts) == LONG_TEXT
    assert joined == render_markdown(text, CONTEXT)


_BLOCKS = st.sampled_from(
    [
        "# Title",
        "## Section",
        "## Section",
        "### Sub *part*",
        "#Tight heading",
        "A paragraph with **strong** text.",
        "Lazy\ncontinued line",
        "- item\n- item two\n\n    continued item",
        "1. first\n2. second",
        "    indented code\n\n    # code, not a heading",
        "```\ncode\n\n# in a fence\n```",
        "~~~python\nx = 1\n\n## fenced\n~~~",
        "```",
        "> quote\n# heading after a quote line",
        "> quote\n\n# heading",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "Setext\n------",
        "---",
        "  ",
        "\t# tabbed",
        "[link](module:x) and ![pic](images/checklist.png)",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(_BLOCKS, st.sampled_from(["\n", "\n\n", "\n\n\n", "\n \n"])), max_size=40),
    st.integers(1, 300),
)
def test_any_text_in_parts_renders_as_the_whole_or_is_rendered_whole(
    blocks: list[tuple[str, str]], size: int
) -> None:
    text = "".join(block + gap for block, gap in blocks)
    parts, joined = render_parts(text, size)
    assert "".join(parts) == text
    assert joined is None or joined == render_markdown(text, CONTEXT)
