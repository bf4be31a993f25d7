"""Front matter and typed settings: each reader logs a precise problem when a value is wrong."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from trainer.core.model import Source
from trainer.core.problems import ProblemLog, did_you_mean
from trainer.core.yamldoc import YamlList, YamlMap, load_yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 64


def id_problem(value: str) -> str | None:
    """Why ``value`` is not a valid id, or ``None`` when it is."""
    if not value:
        return "the id is empty"
    if len(value) > MAX_ID_LENGTH:
        return f"the id '{value}' is longer than {MAX_ID_LENGTH} characters"
    if not ID_PATTERN.match(value):
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        hint = f" such as '{suggestion}'" if suggestion else ""
        return (
            f"'{value}' is not a valid id: use lower-case letters, digits and single hyphens{hint}"
        )
    return None


@dataclass(frozen=True, slots=True)
class FrontMatter:
    data: YamlMap
    body: str
    body_line: int


def split_front_matter(text: str, log: ProblemLog) -> FrontMatter | None:
    """Split ``---`` front matter from the body; ``None`` (with a problem) when unusable."""
    if not text.startswith("---"):
        return None
    first_end = text.find("\n")
    if first_end == -1 or text[:first_end].rstrip() != "---":
        log.error(1, 1, "the first line must be exactly '---' to start the front matter")
        return None
    end_match = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE).search(text, first_end + 1)
    if end_match is None:
        log.error(1, 1, "the front matter starts with '---' but is never closed; add a line '---'")
        return None
    yaml_text = text[first_end + 1 : end_match.start()]
    data = load_yaml(yaml_text, log, line_offset=1)
    if data is None:
        if not log.has_errors:
            log.error(2, 1, "the front matter is empty; add the settings between the '---' lines")
        return None
    if not isinstance(data, YamlMap):
        log.error(2, 1, "the front matter must be a list of 'name: value' settings")
        return None
    body_start = end_match.end() + 1
    body_line = text.count("\n", 0, min(body_start, len(text))) + 1
    return FrontMatter(data, text[body_start:], body_line)


class Fields:
    """Typed access to one YAML mapping, logging a problem for every missing or wrong value."""

    def __init__(self, data: YamlMap, log: ProblemLog, what: str) -> None:
        self.data = data
        self.log = log
        self.what = what

    def pos(self, key: str) -> tuple[int, int]:
        return self.data.pos(key)

    def _missing(self, key: str, example: str) -> None:
        self.log.error(
            self.data.line, self.data.column, f"{self.what} has no '{key}'; add '{key}: {example}'"
        )

    def _wrong(self, key: str, expected: str) -> None:
        line, column = self.pos(key)
        self.log.error(line, column, f"'{key}' must be {expected}")

    def text(self, key: str, *, required: bool = True, example: str = "...") -> str | None:
        if key not in self.data or self.data[key] is None:
            if required:
                self._missing(key, example)
            return None
        value = self.data[key]
        if isinstance(value, (bool, YamlMap, YamlList)):
            self._wrong(key, "text")
            return None
        text = str(value).strip()
        if not text and required:
            self._wrong(key, "some text, not empty")
            return None
        return text

    def identifier(self, key: str, *, required: bool = True) -> str | None:
        value = self.text(key, required=required, example="an-id")
        if value is None:
            return None
        problem = id_problem(value)
        if problem:
            line, column = self.pos(key)
            self.log.error(line, column, problem)
            return None
        return value

    def integer(
        self,
        key: str,
        *,
        required: bool = True,
        default: int | None = None,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        if key not in self.data or self.data[key] is None:
            if required:
                self._missing(key, str(minimum if minimum is not None else 1))
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self._wrong(key, "a whole number")
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            bounds = (
                f"from {minimum} to {maximum}" if maximum is not None else f"at least {minimum}"
            )
            self._wrong(key, f"a whole number {bounds}")
            return default
        return value

    def boolean(self, key: str, *, default: bool) -> bool:
        if key not in self.data or self.data[key] is None:
            return default
        value = self.data[key]
        if not isinstance(value, bool):
            self._wrong(key, "true or false")
            return default
        return value

    def choice(self, key: str, choices: tuple[str, ...], *, required: bool = True) -> str | None:
        value = self.text(key, required=required, example=choices[0])
        if value is None:
            return None
        if value not in choices:
            line, column = self.pos(key)
            self.log.error(
                line,
                column,
                f"'{key}' is '{value}'; use one of {', '.join(choices)}"
                f"{did_you_mean(value, choices)}",
            )
            return None
        return value

    def text_list(self, key: str, *, required: bool = True) -> list[tuple[str, int, int]]:
        """Each item with its (line, column); a single text is taken as a list of one."""
        if key not in self.data or self.data[key] is None:
            if required:
                self._missing(key, "[...]")
            return []
        value = self.data[key]
        if isinstance(value, str):
            line, column = self.pos(key)
            return [(value.strip(), line, column)] if value.strip() else []
        if not isinstance(value, YamlList):
            self._wrong(key, "a list")
            return []
        items: list[tuple[str, int, int]] = []
        for item, (line, column) in zip(value, value.item_pos, strict=True):
            if isinstance(item, (YamlMap, YamlList)) or item is None or isinstance(item, bool):
                self.log.error(line, column, f"each item of '{key}' must be plain text")
                continue
            text = str(item).strip()
            if text:
                items.append((text, line, column))
        return items

    def id_list(self, key: str, *, required: bool = True) -> list[tuple[str, int, int]]:
        items = []
        for value, line, column in self.text_list(key, required=required):
            problem = id_problem(value)
            if problem:
                self.log.error(line, column, problem)
            else:
                items.append((value, line, column))
        return items

    def mapping(self, key: str, *, required: bool = True) -> YamlMap | None:
        if key not in self.data or self.data[key] is None:
            if required:
                self._missing(key, "...")
            return None
        value = self.data[key]
        if not isinstance(value, YamlMap):
            self._wrong(key, "a group of 'name: value' settings")
            return None
        return value

    def mapping_list(self, key: str, *, required: bool = True) -> list[YamlMap]:
        if key not in self.data or self.data[key] is None:
            if required:
                self._missing(key, "(a list)")
            return []
        value = self.data[key]
        if not isinstance(value, YamlList):
            self._wrong(key, "a list of entries, each starting with '- '")
            return []
        entries: list[YamlMap] = []
        for item, (line, column) in zip(value, value.item_pos, strict=True):
            if isinstance(item, YamlMap):
                entries.append(item)
            else:
                self.log.error(line, column, f"each entry of '{key}' must be a group of settings")
        return entries

    def warn_unknown(self, known: Iterable[str]) -> None:
        allowed = tuple(known)
        for key in self.data:
            if key not in allowed:
                line, column = self.data.key_pos.get(key, (self.data.line, self.data.column))
                self.log.warning(
                    line,
                    column,
                    f"unknown setting '{key}' in {self.what} is ignored"
                    f"{did_you_mean(key, allowed)}",
                )

    def sources(self, key: str = "sources", *, required: bool = True) -> list[Source]:
        result: list[Source] = []
        for entry in self.mapping_list(key, required=required):
            fields = Fields(entry, self.log, "a source")
            fields.warn_unknown(("id", "title", "publisher", "year", "url", "note"))
            title = fields.text("title")
            publisher = fields.text("publisher")
            year = fields.integer("year", required=False, minimum=1800, maximum=2100)
            url = fields.text("url", required=False)
            note = fields.text("note", required=False)
            source_id = fields.identifier("id", required=False)
            if title and publisher:
                result.append(Source(title, publisher, year, url, note, source_id))
        if required and not result and not self.log.has_errors:
            line, column = self.pos(key)
            self.log.error(line, column, f"'{key}' needs at least one source")
        return result


def kind_of(data: YamlMap | dict[str, Any]) -> str | None:
    kind = data.get("kind")
    return kind.strip() if isinstance(kind, str) else None
