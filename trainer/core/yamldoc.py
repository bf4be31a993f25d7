"""YAML that remembers where each value was written, so problems name the exact line.

Only plain YAML is accepted: anchors and aliases are refused (they let a tiny file
expand into a huge one), and nesting is bounded.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from trainer.core.problems import ProblemLog

if TYPE_CHECKING:
    import yaml

MAX_NODES = 50_000


class YamlMap(dict[str, Any]):
    """A YAML mapping with the 1-based (line, column) of each key and value."""

    line: int = 1
    column: int = 1

    def __init__(self) -> None:
        super().__init__()
        self.key_pos: dict[str, tuple[int, int]] = {}
        self.value_pos: dict[str, tuple[int, int]] = {}

    def pos(self, key: str) -> tuple[int, int]:
        """Where the value of ``key`` starts, else the key, else the mapping."""
        return self.value_pos.get(key) or self.key_pos.get(key) or (self.line, self.column)


class YamlList(list[Any]):
    """A YAML sequence with the 1-based (line, column) of each item."""

    line: int = 1
    column: int = 1

    def __init__(self) -> None:
        super().__init__()
        self.item_pos: list[tuple[int, int]] = []


class _RefusedYaml(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@cache
def _loader_class() -> type[Any]:
    """The located loader, built on first use: PyYAML is imported only when a file is
    parsed (a start-up served from the content cache never needs it). The C loader
    (libyaml) is used when PyYAML was built with it."""
    import yaml

    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _Loader(base):  # type: ignore[valid-type,misc]
        def __init__(self, stream: str, line_offset: int) -> None:
            super().__init__(stream)
            self.line_offset = line_offset
            self.seen_nodes: set[int] = set()
            self.duplicate_keys: list[tuple[str, int, int]] = []

        def mark(self, node: yaml.Node) -> tuple[int, int]:
            return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

        def visit(self, node: yaml.Node) -> None:
            if id(node) in self.seen_nodes:
                line, column = self.mark(node)
                raise _RefusedYaml(
                    "anchors and aliases (& and *) are not supported; write the value out in full",
                    line,
                    column,
                )
            self.seen_nodes.add(id(node))
            if len(self.seen_nodes) > MAX_NODES:
                line, column = self.mark(node)
                raise _RefusedYaml(f"more than {MAX_NODES} values; split the file", line, column)

    return _Loader


def _construct_map(loader: Any, node: yaml.MappingNode) -> YamlMap:
    loader.visit(node)
    result = YamlMap()
    result.line, result.column = loader.mark(node)
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        loader.visit(key_node)
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        value = _construct(loader, value_node)
        if key in result:
            line, column = loader.mark(key_node)
            loader.duplicate_keys.append((key, line, column))
        result[key] = value
        result.key_pos[key] = loader.mark(key_node)
        result.value_pos[key] = loader.mark(value_node)
    return result


def _construct_list(loader: Any, node: yaml.SequenceNode) -> YamlList:
    loader.visit(node)
    result = YamlList()
    result.line, result.column = loader.mark(node)
    for item in node.value:
        result.append(_construct(loader, item))
        result.item_pos.append(loader.mark(item))
    return result


def _construct(loader: Any, node: yaml.Node) -> Any:
    kind = getattr(node, "id", "")  # "mapping", "sequence" or "scalar"
    if kind == "mapping":
        return _construct_map(loader, node)  # type: ignore[arg-type]
    if kind == "sequence":
        return _construct_list(loader, node)  # type: ignore[arg-type]
    loader.visit(node)
    return loader.construct_object(node, deep=True)


def load_yaml(text: str, log: ProblemLog, *, line_offset: int = 0) -> Any | None:
    """Parse one YAML document; on failure log a problem and return ``None``.

    ``line_offset`` is added to every line number (front matter starts below ``---``).
    """
    import yaml

    loader = _loader_class()(text, line_offset)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        value = _construct(loader, node)
    except _RefusedYaml as exc:
        log.error(exc.line, exc.column, str(exc))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        column = (mark.column + 1) if mark else 1
        what = exc.problem or exc.context or "the YAML is malformed"
        log.error(line, column, f"YAML syntax: {what}; {_yaml_hint(what)}")
        return None
    except yaml.YAMLError as exc:
        log.error(line_offset + 1, 1, f"YAML syntax: {exc}")
        return None
    except RecursionError:
        log.error(line_offset + 1, 1, "the YAML is nested too deeply; use a flatter layout")
        return None
    finally:
        loader.dispose()
    for key, line, column in loader.duplicate_keys:
        log.error(line, column, f"'{key}' is set twice; keep only one")
    return value


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "put text that contains a colon in quotes"
    if "tab" in problem:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "each setting is written as 'name: value'"
    if "found character '@'" in problem or "found character '`'" in problem:
        return "put the value in quotes"
    return "check the indentation and quotes on this line and the one above"
