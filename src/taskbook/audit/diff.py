"""What changed in a task book, told by the form's labels (pure).

Reviewers are officials, not programmers: rather than YAML, the audit comment lists each
changed field as ``「牵头单位信息 › 联系人 › 手机」：old → new`` with the schema's titles. Values
of private fields (``x-private``) are never shown, nor those of fields the schema does not
know (a misspelt key may well hold an ID number); the Markdown body is compared section by
section and summarised by heading. Everything is plain data in, Markdown lines out, and the
output is bounded whatever the input.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from taskbook.audit.guards import is_private
from taskbook.audit.report import escape
from taskbook.schema import Schema

MASKED = "已修改（个人信息不显示）"
UNKNOWN = "已修改（表中没有该字段，值不显示）"
ABSENT = "（无）"
EMPTY = "（空）"
PREAMBLE = "（第一个标题之前）"
SHOWN_LINES = 40
VALUE_CHARS = 60
LABEL_CHARS = 80

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_MISSING = object()


@dataclass(frozen=True)
class Form:
    """What the schema says about fields, handed in so that the diff stays pure.

    Attributes:
        label: JSON pointer → the form's label path (``牵头单位信息 › 联系人 › 手机``).
        private: paths of the private fields, ``*`` standing for any array index.
        known: whether the schema describes the field at a pointer.
    """

    label: Callable[[str], str]
    private: tuple[tuple[str, ...], ...]
    known: Callable[[str], bool]

    @classmethod
    def from_schema(cls, schema: Schema) -> Form:
        """The form as the task book schema describes it."""
        return cls(schema.label_path, schema.private_paths,
                   lambda pointer: schema.subschema(pointer) is not None)


def leaves(value: Any, at: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Every scalar (or empty container) of ``value`` by its path, in document order."""
    if isinstance(value, Mapping) and value:
        found: dict[tuple[str, ...], Any] = {}
        for key, child in value.items():
            found.update(leaves(child, (*at, str(key))))
        return found
    if isinstance(value, list) and value:
        found = {}
        for index, child in enumerate(value):
            found.update(leaves(child, (*at, str(index))))
        return found
    return {at: value}


def _pointer(path: Sequence[str]) -> str:
    return "".join("/" + token.replace("~", "~0").replace("/", "~1") for token in path)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value: Any) -> str:
    if value is _MISSING:
        return ABSENT
    if value is None or value in ("", [], {}):
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    return escape(_clip(" ".join(str(value).split()), VALUE_CHARS))


def field_lines(base: Any, head: Any, form: Form) -> list[str]:
    """One line per changed field of the front matter, in the head's order."""
    old, new = leaves(base), leaves(head)
    lines = []
    for path in [*new, *(p for p in old if p not in new)]:
        before, after = old.get(path, _MISSING), new.get(path, _MISSING)
        if before == after and type(before) is type(after):
            continue
        pointer = _pointer(path)
        label = escape(_clip(form.label(pointer), LABEL_CHARS)) if path else "前言区"
        if is_private(path, form.private):
            text = MASKED
        elif path and not form.known(pointer):
            text = UNKNOWN
        else:
            text = f"{_shown(before)} → {_shown(after)}"
        lines.append(f"- 「{label}」：{text}")
    return lines


def sections(body: str) -> dict[str, str]:
    """The body's text under each heading, keyed by the heading path (fenced code aware).

    Trailing white space is ignored, as the change record ignores it.
    """
    found: dict[str, list[str]] = {PREAMBLE: []}
    stack: list[tuple[int, str]] = []
    key, fence = PREAMBLE, ""
    for line in body.split("\n"):
        marker = _FENCE.match(line)
        if marker and not fence:
            fence = marker.group(1)[0] * 3
        elif marker and marker.group(1).startswith(fence):
            fence = ""
        heading = None if fence or marker else _HEADING.match(line)
        if heading is None:
            found[key].append(line.rstrip())
            continue
        level = len(heading.group(1))
        stack = [(lvl, text) for lvl, text in stack if lvl < level] + [(level, heading.group(2))]
        key = " › ".join(text for _, text in stack)
        number = 2
        while key in found:  # the same heading twice: keep both, numbered
            key = f"{' › '.join(text for _, text in stack)}（第 {number} 处）"
            number += 1
        found[key] = []
    return {name: "\n".join(lines).strip() for name, lines in found.items()
            if name != PREAMBLE or "\n".join(lines).strip()}


def body_lines(base: str, head: str) -> list[str]:
    """One line per body section added, removed or edited, named by its heading path."""
    old, new = sections(base), sections(head)
    lines = []
    for name in [*new, *(n for n in old if n not in new)]:
        if name not in old:
            state = "新增"
        elif name not in new:
            state = "删除"
        elif old[name] != new[name]:
            state = "已修改"
        else:
            continue
        lines.append(f"- 正文「{escape(_clip(name, LABEL_CHARS))}」：{state}")
    return lines


def book_changes(
    base_data: Any,
    head_data: Any,
    base_body: str,
    head_body: str,
    form: Form,
    limit: int = SHOWN_LINES,
) -> list[str]:
    """The Markdown lines telling reviewers what changed in one book, at most ``limit + 1``.

    Args:
        base_data, head_data: the front matter before and after, as plain data.
        base_body, head_body: the Markdown body before and after.
        form: labels and privacy of the fields (see :meth:`Form.from_schema`).
        limit: lines shown before the rest is summarised in one line.
    """
    lines = field_lines(base_data, head_data, form) + body_lines(base_body, head_body)
    if not lines:
        return ["- 内容没有改动（只改了空白或格式）。"]
    if len(lines) > limit:
        rest = len(lines) - limit
        lines = [*lines[:limit], f"- ……另有 {rest} 处改动，请在“Files changed”（文件改动）中查看。"]
    return lines

