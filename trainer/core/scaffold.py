"""Starting files for trainers: a module, a quiz or a taxonomy that already validates.

Each template explains its settings in ``#`` comments in the YAML, and the Markdown
body holds short guidance that reads "Replace …" so a trainer knows what to rewrite.
When the new file is inside a content folder (a folder above it has ``library.yaml``),
the template takes the folder's first track, language and indicators, and avoids ids
the folder already uses.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from trainer.core.fields import id_problem
from trainer.core.loader import load_library
from trainer.core.model import Library
from trainer.core.problems import did_you_mean

__all__ = [
    "KINDS",
    "ScaffoldError",
    "ScaffoldResult",
    "find_content_root",
    "id_from_filename",
    "module_template",
    "quiz_template",
    "scaffold",
    "taxonomy_template",
]

KINDS = ("module", "quiz", "taxonomy")
_SUFFIXES = {
    "module": (".md", ".markdown"),
    "quiz": (".md", ".markdown"),
    "taxonomy": (".yaml", ".yml"),
}
QUIZ_INDICATORS = 2


class ScaffoldError(Exception):
    """The file cannot be created; the message says what to do instead."""


@dataclass(frozen=True, slots=True)
class ScaffoldResult:
    path: Path
    kind: str
    id: str
    #: The content folder the file is in (the folder with library.yaml), if any.
    content_root: Path | None


def _quote(text: str) -> str:
    """A YAML scalar that is always read back as this exact text."""
    return json.dumps(text, ensure_ascii=False)


def id_from_filename(path: Path) -> str:
    """The id a file's name suggests: ``Reading Indicators.md`` → ``reading-indicators``."""
    stem = path.name.split(".")[0]
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    candidate = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    problem = id_problem(candidate)
    if problem:
        raise ScaffoldError(
            f"cannot make an id from the file name '{path.name}' ({problem}); use a name of "
            "lower-case letters, digits and hyphens, such as 'document-retention.md'"
        )
    return candidate


def _title_from_id(item_id: str) -> str:
    return item_id.replace("-", " ").capitalize()


def find_content_root(path: Path) -> Path | None:
    """The nearest folder above ``path`` that holds a ``library.yaml``."""
    for folder in path.absolute().parents:
        if (folder / "library.yaml").is_file():
            return folder
    return None


def module_template(
    module_id: str,
    *,
    title: str,
    track: str,
    order: int,
    language: str,
    indicators: Sequence[str],
) -> str:
    return f"""---
# A module is one lesson. Lines that start with '#' up here are notes for you: the
# trainer ignores them, and you may delete them. Full guide: docs/content-format.md
kind: module
# The id keeps each learner's progress: never change it once learners have used it.
id: {module_id}
title: {_quote(title)}
# The track (an id from library.yaml) the module is listed under, and its place there.
track: {track}
order: {order}
# One or two sentences shown in the library.
summary: Replace this with one or two sentences on what the officer will learn.
estimated_minutes: 15
language: {language}
# Raise the version when you change the module in a way that matters.
version: 1
# Who it is for: police, border-guards, labour-inspectors, military,
# first-responders, health-social-workers, all.
audience: [all]
objectives:
  - Replace this with something the learner will be able to do.
# The indicators (ids from a taxonomy) the module teaches; [] for none.
indicators: [{", ".join(indicators)}]
sources:
  - title: Replace with the title of your source
    publisher: Replace with who published it
    year: 2024
# If the module may distress a reader, remove the '#' below and say why.
# content_warning: This module describes coercion and control in general terms.
---

# {title}

Replace this paragraph with a short introduction: what the module is about and why
it matters to an officer on duty.

## What to look for

Each heading that starts with two hashes opens a section; the reader lists the
sections and remembers which ones a learner has read. Replace this text with the
first part of the lesson.

## What to do

- Replace these points with the steps an officer should take.

## What not to do

- Replace these points with the mistakes to avoid.
"""


def quiz_template(
    quiz_id: str,
    *,
    title: str,
    language: str,
    indicators: Sequence[str],
    module: str | None = None,
) -> str:
    if not indicators:
        raise ScaffoldError("a quiz template needs at least one indicator id")
    first = indicators[0]
    all_ids = ", ".join(indicators)
    module_line = (
        f"module: {module}"
        if module
        else "# module: the-module-id   (remove the '#' to attach the quiz to a module)"
    )
    right_answers = "\n".join(
        f"- [x] Replace with a detail that shows '{indicator}'.\n"
        f"  Indicators: {indicator}\n"
        "  Replace with why this detail is an indicator."
        for indicator in indicators
    )
    return f"""---
# A quiz: scenarios, each followed by its questions. Lines that start with '#' up
# here are notes for you. Full guide: docs/content-format.md
kind: quiz
# The id keeps each learner's results: never change it once learners have used it.
id: {quiz_id}
title: {_quote(title)}
{module_line}
# practice: feedback after each answer; exam: feedback at the end.
mode: practice
# The percentage needed to pass, 0 to 100.
pass_mark: 70
version: 1
language: {language}
---

# {title}

## Scenario: Replace with a short title for the situation

Replace this paragraph with what the officer sees and hears. Learners keep it in
view while they answer the questions below it.

### Question: Replace with a question that has one right answer
Id: question-1
Type: single
Indicators: {first}

- [x] Replace with the right answer.
  Indicators: {first}
  Replace with why this answer is right.
- [ ] Replace with a wrong answer.
  Replace with why this answer is wrong.
- [ ] Replace with another wrong answer.
  Replace with why this answer is wrong.

Replace with an explanation shown after the learner answers, or delete it.

### Question: Select every indicator in this scenario
Id: question-2
Type: multiple
Indicators: {all_ids}

{right_answers}
- [ ] Replace with a detail that is not an indicator.
  Replace with why it is not.
"""


def taxonomy_template(
    taxonomy_id: str,
    *,
    title: str,
    language: str,
    dimension_id: str,
    indicator_id: str,
) -> str:
    return f"""# A taxonomy lists the indicators officers learn to recognise, grouped into
# dimensions. Lines that start with '#' are notes for you: the trainer ignores them.
# Full guide: docs/content-format.md
kind: taxonomy
id: {taxonomy_id}
title: {_quote(title)}
version: 1
language: {language}
# Every source has an id, so indicators can name the sources they come from.
sources:
  - id: main-source
    title: Replace with the title of your source
    publisher: Replace with who published it
    year: 2024
# Dimension and indicator ids must be unique across all taxonomies of the folder.
dimensions:
  - id: {dimension_id}
    name: Replace with the name of a group of indicators
    group: Replace with the framework the group belongs to
    description: Replace with what the indicators of this group have in common.
indicators:
  - id: {indicator_id}
    name: Replace with a short name for the indicator
    dimension: {dimension_id}
    # strong, medium or weak
    strength: medium
    description: >-
      Replace with what the indicator is, and why it is a sign that calls for a
      closer look rather than proof.
    observe:
      - Replace with something an officer may see or hear.
    sources: [main-source]
"""


def _unused_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _check_ids(wanted: Sequence[str], library: Library | None) -> list[str]:
    result: list[str] = []
    for indicator in wanted:
        problem = id_problem(indicator)
        if problem:
            raise ScaffoldError(f"--indicator: {problem}")
        if library is not None and indicator not in library.indicators:
            raise ScaffoldError(
                f"unknown indicator '{indicator}'{did_you_mean(indicator, library.indicators)}; "
                "use an id from the folder's taxonomy"
            )
        result.append(indicator)
    return result


def _render(
    kind: str,
    item_id: str,
    library: Library | None,
    *,
    title: str | None,
    track: str | None,
    indicators: Sequence[str],
    module: str | None,
) -> str:
    info = library.info if library else None
    language = info.language if info else "en"
    shown_title = title or _title_from_id(item_id)
    wanted = _check_ids(indicators, library)
    if library is not None and kind in ("module", "quiz"):
        owner = library.modules.get(item_id) or library.quizzes.get(item_id)
        if owner is not None:
            raise ScaffoldError(
                f"the id '{item_id}' is already used by {owner.path}; choose another file name"
            )
    if kind == "module":
        if track is None:
            if library is None or not library.tracks:
                raise ScaffoldError(
                    "no track to put the module in: the file is not inside a content folder "
                    "with tracks in its library.yaml; give --track ID"
                )
            track = library.tracks[0].id
        problem = id_problem(track)
        if problem:
            raise ScaffoldError(f"--track: {problem}")
        if library is not None and library.tracks:
            track_ids = [t.id for t in library.tracks]
            if track not in track_ids:
                raise ScaffoldError(
                    f"unknown track '{track}'{did_you_mean(track, track_ids)}; library.yaml "
                    f"has {', '.join(track_ids)}"
                )
        orders = [m.order for m in library.modules.values() if m.track == track] if library else []
        return module_template(
            item_id,
            title=shown_title,
            track=track,
            order=max(orders, default=0) + 1,
            language=language,
            indicators=wanted,
        )
    if kind == "quiz":
        if not wanted:
            pool = [i.id for t in library.taxonomies for i in t.indicators] if library else []
            if not pool:
                raise ScaffoldError(
                    "a quiz trains indicators, and none were found: give --indicator ID (once "
                    "per indicator), or create the file inside a content folder that has a "
                    "taxonomy"
                )
            wanted = pool[:QUIZ_INDICATORS]
        if module is not None:
            problem = id_problem(module)
            if problem:
                raise ScaffoldError(f"--module: {problem}")
            if library is not None and module not in library.modules:
                raise ScaffoldError(
                    f"unknown module '{module}'{did_you_mean(module, library.modules)}"
                )
        return quiz_template(
            item_id, title=shown_title, language=language, indicators=wanted, module=module
        )
    taken_dimensions = set(library.dimensions) if library else set()
    taken_indicators = set(library.indicators) if library else set()
    return taxonomy_template(
        item_id,
        title=shown_title,
        language=language,
        dimension_id=_unused_id(f"{item_id[:40].rstrip('-')}-dimension", taken_dimensions),
        indicator_id=_unused_id(f"{item_id[:40].rstrip('-')}-indicator", taken_indicators),
    )


def scaffold(
    kind: str,
    path: Path,
    *,
    title: str | None = None,
    track: str | None = None,
    indicators: Sequence[str] = (),
    module: str | None = None,
) -> ScaffoldResult:
    """Write a starting ``kind`` file at ``path``; never overwrites an existing file."""
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind '{kind}'; use one of {', '.join(KINDS)}")
    suffixes = _SUFFIXES[kind]
    if not path.name.lower().endswith(suffixes):
        raise ScaffoldError(
            f"a {kind} file's name must end in {suffixes[0]}, such as "
            f"'{path.name.split('.')[0] or 'example'}{suffixes[0]}'"
        )
    if path.exists() or path.is_symlink():
        raise ScaffoldError(
            f"'{path}' already exists; nothing was written (the trainer never overwrites a "
            "file: choose another name)"
        )
    item_id = id_from_filename(path)
    root = find_content_root(path)
    library = load_library(root) if root is not None else None
    text = _render(
        kind,
        item_id,
        library,
        title=title,
        track=track,
        indicators=indicators,
        module=module,
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"'{path}' already exists; nothing was written") from None
    except OSError as exc:
        raise ScaffoldError(f"could not write '{path}': {exc}") from None
    return ScaffoldResult(path, kind, item_id, root)
