"""Safe rendering: escaped HTML, removed schemes, pictures only from inside the root."""

from __future__ import annotations

import time
from pathlib import Path, PurePosixPath

import pytest

from tests.core.helpers import FIXTURE
from trainer.core.render import LinkContext, render_markdown, sanitize

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
