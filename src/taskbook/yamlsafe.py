"""Strict, positioned YAML for front matter.

PyYAML's loaders lose positions, keep the last of duplicate keys, expand aliases (an
"alias bomb" of a few hundred bytes can expand to gigabytes) and accept custom tags.
Here the text is composed by libyaml (C, when available) into a node graph, and a small
walker of our own turns the nodes into plain JSON-like values while it records where
every value and key stands, refuses duplicate keys, aliases and tags, and remembers
how each scalar was written, so that a value YAML silently changed (``071000`` read
as an octal number, ``2021-05-01`` as a date) can be reported instead of accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

try:  # libyaml is an order of magnitude faster; fall back to pure Python without it.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
_constructor = yaml.constructor.SafeConstructor()


@dataclass(frozen=True, slots=True)
class Pos:
    """Where a value (and its key, for mapping entries) stands in the YAML text.

    Lines and columns are 0-based within the YAML text; the loader shifts them.
    """

    line: int
    column: int
    key_line: int
    key_column: int
    raw: str | None = None
    """The scalar as written (None for collections)."""
    plain: bool = False
    """True for an unquoted scalar, whose type YAML guesses from its text."""
    tag: str = ""
    """The resolved tag's short name: str, int, float, bool, null, timestamp, seq, map."""


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """A reason the YAML text cannot be used, at a 0-based position."""

    kind: str  # a diagnostic code
    line: int
    column: int
    detail: str = ""


class _Refused(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.kind)
        self.problem = problem


def escape(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


_ANCHOR_HINT = re.compile(r"[&*]")


def _check_anchors(text: str) -> None:
    """Refuse any anchor or alias; cheap unless the text contains ``&`` or ``*``."""
    if not _ANCHOR_HINT.search(text):
        return
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise _Refused(YamlProblem("yaml-alias", mark.line, mark.column))


def load(text: str) -> tuple[Any, dict[str, Pos], YamlProblem | None]:
    """Parse ``text`` into plain values and a source map.

    Returns:
        ``(data, positions, problem)``: ``positions`` maps a JSON pointer to its
        :class:`Pos`; ``problem`` is set (and data is None) when the text cannot be used.
        Never raises for bad input.
    """
    try:
        _check_anchors(text)
        node = yaml.compose(text, Loader=_Loader)
    except _Refused as refused:
        return None, {}, refused.problem
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line, mark.column) if mark else (0, 0)
        return None, {}, YamlProblem("yaml-syntax", line, column, str(error.problem or error))
    except yaml.YAMLError as error:  # e.g. a reader error for a control character
        return None, {}, YamlProblem("yaml-syntax", 0, 0, str(error))
    except RecursionError:
        return None, {}, YamlProblem("yaml-syntax", 0, 0, "nesting too deep")
    positions: dict[str, Pos] = {}
    if node is None:
        return None, positions, None
    try:
        data = _Walker(positions).value(node, "", node.start_mark.line, node.start_mark.column)
    except _Refused as refused:
        return None, {}, refused.problem
    except RecursionError:
        return None, {}, YamlProblem("yaml-syntax", 0, 0, "nesting too deep")
    return data, positions, None


class _Walker:
    def __init__(self, positions: dict[str, Pos]) -> None:
        self.positions = positions
        self.seen: set[int] = set()

    def value(self, node: yaml.Node, pointer: str, key_line: int, key_column: int) -> Any:
        if id(node) in self.seen:  # only an alias can make a node appear twice
            raise _Refused(YamlProblem("yaml-alias", node.start_mark.line, node.start_mark.column))
        self.seen.add(id(node))
        tag = node.tag
        mark = node.start_mark
        if tag not in _ALLOWED_TAGS:
            raise _Refused(YamlProblem("yaml-tag", mark.line, mark.column, tag))
        short = tag[len(_CORE):]
        if isinstance(node, yaml.MappingNode):
            self.positions[pointer] = Pos(mark.line, mark.column, key_line, key_column, tag=short)
            return self.mapping(node, pointer)
        if isinstance(node, yaml.SequenceNode):
            self.positions[pointer] = Pos(mark.line, mark.column, key_line, key_column, tag=short)
            return [
                self.value(item, f"{pointer}/{index}", item.start_mark.line, item.start_mark.column)
                for index, item in enumerate(node.value)
            ]
        plain = not node.style  # libyaml reports plain as "", pure Python as None
        self.positions[pointer] = Pos(
            mark.line, mark.column, key_line, key_column, node.value, plain, short
        )
        return _scalar(node, short)

    def mapping(self, node: yaml.MappingNode, pointer: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            kmark = key_node.start_mark
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(YamlProblem("yaml-syntax", kmark.line, kmark.column, "complex key"))
            if key_node.tag == _CORE + "merge":
                raise _Refused(YamlProblem("yaml-alias", kmark.line, kmark.column))
            key = key_node.value
            if key in first_seen:
                raise _Refused(
                    YamlProblem("yaml-duplicate-key", kmark.line, kmark.column,
                                f"{key}\n{first_seen[key]}")
                )
            first_seen[key] = kmark.line
            result[key] = self.value(value_node, f"{pointer}/{escape(key)}", kmark.line, kmark.column)
        return result


def _scalar(node: yaml.ScalarNode, short: str) -> Any:
    if short == "str":
        return node.value
    if short == "null":
        return None
    if short == "bool":
        return _constructor.construct_yaml_bool(node)
    if short == "int":
        return _constructor.construct_yaml_int(node)
    if short == "float":
        value = _constructor.construct_yaml_float(node)
        # JSON has no infinity or NaN: keep the text, which the schema then refuses.
        return node.value if value != value or value in (float("inf"), float("-inf")) else value
    # A timestamp is never a JSON value: keep the text; the checker reports it where a
    # string was expected and the schema refuses it elsewhere.
    return node.value


def iter_pointers(positions: dict[str, Pos]) -> Iterator[tuple[str, Pos]]:
    """Yield the source map's entries in document order."""
    return iter(sorted(positions.items(), key=lambda item: (item[1].line, item[1].column)))


# Types YAML may give a plain scalar, keyed by resolved tag, for messages.
CHANGED_TYPES = {
    "int": "整数",
    "float": "小数",
    "bool": "是/否（布尔值）",
    "null": "空值",
    "timestamp": "日期",
}

__all__ = ["CHANGED_TYPES", "Pos", "YamlProblem", "escape", "iter_pointers", "load"]
