"""Parsing a module: front matter settings and a Markdown lesson."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from trainer.core.fields import Fields, FrontMatter
from trainer.core.markdown_scan import (
    IMAGE_SUFFIXES,
    RealPaths,
    check_limits,
    content_lines,
    heading_of,
    links,
    plain_heading,
    resolve_inside,
    section_ids,
    url_scheme,
)
from trainer.core.model import AUDIENCES, Module, Section
from trainer.core.problems import ProblemLog, did_you_mean
from trainer.core.references import Reference, RefKind

MODULE_SETTINGS = (
    "kind",
    "id",
    "title",
    "track",
    "order",
    "summary",
    "estimated_minutes",
    "language",
    "version",
    "audience",
    "objectives",
    "indicators",
    "sources",
    "content_warning",
)
SAFE_LINK_SCHEMES = ("http", "https", "mailto", "tel", "module", "quiz")


@dataclass(frozen=True, slots=True)
class LocalLink:
    """A picture or a relative link in a lesson: whether it is usable depends on the files
    around the module (does the picture exist, does a link lead outside the folder), not
    only on the module's own text, so it is checked again on every load."""

    url: str
    line: int
    column: int
    is_image: bool


def parse_module(
    root: Path,
    rel_path: PurePosixPath,
    front: FrontMatter,
    sha256: str,
    log: ProblemLog,
) -> tuple[Module | None, list[Reference]]:
    module, refs, local = parse_module_text(rel_path, front, sha256, log)
    refs.extend(check_local_links(root, rel_path, local, log))
    return module, refs


def parse_module_text(
    rel_path: PurePosixPath,
    front: FrontMatter,
    sha256: str,
    log: ProblemLog,
) -> tuple[Module | None, list[Reference], list[LocalLink]]:
    """Everything that depends only on the module's own text; the pictures and relative
    links it holds are returned for :func:`check_local_links`."""
    fields = Fields(front.data, log, "the module")
    fields.warn_unknown(MODULE_SETTINGS)
    refs: list[Reference] = []
    path = str(rel_path)

    module_id = fields.identifier("id")
    title = fields.text("title")
    track = fields.identifier("track")
    if track:
        refs.append(Reference(RefKind.TRACK, track, path, *fields.pos("track")))
    order = fields.integer("order", minimum=0, maximum=100_000)
    summary = fields.text("summary")
    minutes = fields.integer("estimated_minutes", minimum=1, maximum=600)
    language = fields.text("language", example="en")
    version = fields.integer("version", required=False, default=1, minimum=1)
    audience = []
    for value, line, column in fields.text_list("audience"):
        if value in AUDIENCES:
            audience.append(value)
        else:
            log.warning(
                line,
                column,
                f"unknown audience '{value}'; use any of {', '.join(AUDIENCES)}"
                f"{did_you_mean(value, AUDIENCES)}",
            )
    objectives = [text for text, _, _ in fields.text_list("objectives")]
    if "objectives" in front.data and not objectives:
        log.error(*fields.pos("objectives"), "add at least one learning objective")
    indicators = []
    for indicator, line, column in fields.id_list("indicators"):
        indicators.append(indicator)
        refs.append(Reference(RefKind.INDICATOR, indicator, path, line, column))
    sources = fields.sources()
    warning = fields.text("content_warning", required=False)

    sections: list[Section] = []
    local: list[LocalLink] = []
    if check_limits(front.body, front.body_line, log):
        sections = _sections(front.body, front.body_line, log)
        refs.extend(_scan_links(path, front.body, front.body_line, log, local))
    if not front.body.strip():
        log.error(front.body_line, 1, "the module has no lesson text below the front matter")

    if (
        module_id is None
        or title is None
        or track is None
        or order is None
        or summary is None
        or minutes is None
        or language is None
    ):
        return None, refs, local
    module = Module(
        id=module_id,
        title=title,
        track=track,
        order=order,
        summary=summary,
        estimated_minutes=minutes,
        language=language,
        version=version or 1,
        audience=tuple(audience),
        objectives=tuple(objectives),
        indicators=tuple(indicators),
        sources=tuple(sources),
        content_warning=warning,
        body=front.body,
        body_line=front.body_line,
        sections=tuple(sections),
        path=path,
        sha256=sha256,
    )
    return module, refs, local


def _sections(body: str, first_line: int, log: ProblemLog) -> list[Section]:
    headings: list[tuple[int, str, int]] = []
    for number, line in content_lines(body, first_line):
        heading = heading_of(line)
        if heading:
            headings.append((heading[0], heading[1], number))
    ids = section_ids([title for _, title, _ in headings])
    sections = [
        Section(anchor, plain_heading(title), number)
        for (level, title, number), anchor in zip(headings, ids, strict=True)
        if level == 2
    ]
    if not sections and body.strip():
        log.warning(
            first_line,
            1,
            "the module has no '## ' headings, so the reader shows no table of contents; "
            "add a '## ' heading for each section",
        )
    return sections


def _scan_links(
    path: str, body: str, first_line: int, log: ProblemLog, local: list[LocalLink]
) -> list[Reference]:
    """Check the links that need only the text; collect pictures and relative links."""
    refs: list[Reference] = []
    for link in links(body, first_line):
        scheme = url_scheme(link.url)
        if link.is_image:
            if not link.label.strip():
                log.warning(
                    link.line,
                    link.column,
                    "the picture has no description; write one between the brackets "
                    "for screen-reader users",
                )
            if scheme == "data" and link.url.lower().startswith("data:image/"):
                continue
            if scheme is not None:
                log.warning(
                    link.line,
                    link.column,
                    f"the picture '{link.url}' is not in the content folder and will not be "
                    "shown; copy it into the folder and link to the copy",
                )
                continue
            local.append(LocalLink(link.url, link.line, link.column, True))
            continue
        if scheme in ("module", "quiz"):
            kind = RefKind.MODULE if scheme == "module" else RefKind.QUIZ
            refs.append(Reference(kind, link.url.split(":", 1)[1], path, link.line, link.column))
        elif scheme is not None and scheme not in SAFE_LINK_SCHEMES:
            log.warning(
                link.line,
                link.column,
                f"links starting '{scheme}:' are removed for safety; use a web address instead",
            )
        elif scheme is None and not link.url.startswith("#"):
            local.append(LocalLink(link.url, link.line, link.column, False))
    return refs


def check_local_links(
    root: Path,
    rel_path: PurePosixPath,
    local: list[LocalLink],
    log: ProblemLog,
    real_paths: RealPaths | None = None,
) -> list[Reference]:
    """Pictures must exist inside the content folder; relative links must stay inside it
    (the linker then checks that they lead to a module or quiz). ``real_paths`` speeds up
    checking many modules of one root."""
    refs: list[Reference] = []
    path = str(rel_path)
    if local and real_paths is None:
        real_paths = RealPaths(root)
    folder = rel_path.parent
    for link in local:
        target = resolve_inside(root, folder, link.url, real_paths=real_paths)
        if not link.is_image:
            if target is None:
                log.error(
                    link.line,
                    link.column,
                    f"the link '{link.url}' points outside the content folder",
                )
            else:
                refs.append(Reference(RefKind.FILE, str(target), path, link.line, link.column))
        elif target is None:
            log.error(
                link.line,
                link.column,
                f"the picture '{link.url}' is outside the content folder; keep pictures inside it",
            )
        elif target.suffix.lower() not in IMAGE_SUFFIXES:
            log.error(
                link.line,
                link.column,
                f"'{link.url}' is not a PNG, JPEG, GIF or WebP picture",
            )
        elif not os.path.isfile(os.path.join(root, *target.parts)):
            log.error(link.line, link.column, f"the picture '{link.url}' does not exist")
    return refs
