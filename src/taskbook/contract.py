"""JSON Schema validation of the front matter, with errors in the form's own words.

A compiled validator (jsonschema-rs) answers "valid or not" for every book; only a book
that fails is validated again by the reference implementation (jsonschema), whose error
objects carry the keyword, the schema path and the instance path that the Chinese
messages are made from. Both belong to the run's :class:`~taskbook.schema.Schema`.
Whenever the compiled validator refuses a book, a diagnostic comes out, even if the
reference validator found nothing to say (the check fails closed).
"""

from __future__ import annotations

import copy
import difflib
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from taskbook.codes import capped, make
from taskbook.context import Context
from taskbook.diagnostics import Diagnostic
from taskbook.loader import Book
from taskbook.schema import Schema, split
from taskbook.yamlsafe import CHANGED_TYPES, MAX_NUMBER, escape

_TYPE_NAMES = {
    "string": "文本",
    "integer": "整数",
    "number": "数字",
    "array": "列表（每项以“- ”开头）",
    "object": "一组字段",
    "boolean": "是/否",
    "null": "空值",
}
_SUGGESTED = 50
"""Unknown keys of one mapping that get a "did you mean" (each costs a fuzzy match; beyond
this many the book is not a misspelt task book)."""
_NUMBER_AND_UNIT = re.compile(r"([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*([^\s0-9.+-][^\n]{0,9})?")


def check_contract(book: Book, context: Context) -> Iterator[Diagnostic]:
    """Validate the front matter against the schema; yield located Chinese diagnostics."""
    schema = context.schema
    data = _coerce_plain_scalars(book, schema)
    yield from data.diagnostics
    if schema.fast.is_valid(data.value):
        return
    found = bool(data.reported)
    for error in schema.detailed.iter_errors(data.value):
        for diagnostic in _translate(book, error, schema):
            if diagnostic.pointer in data.reported:
                continue  # a number too long to use, reported once already
            found = True
            yield diagnostic
    if not found:
        # The two validators disagree: never let the book through silently.
        yield make("field-format", book.path, book.yaml_line - 1, 1, "",
                   "前言区不符合数据格式，但无法确定是哪个字段。",
                   "请运行 taskbook validate 检查所有字段的格式（数字、日期、号码只用半角字符），"
                   "仍无法确定时请把任务书发给维护者。")


class _Coerced:
    def __init__(self, value: Any, diagnostics: list[Diagnostic], reported: set[str]) -> None:
        self.value = value
        self.diagnostics = diagnostics
        self.reported = reported
        """Pointers whose value was reported here and is not the schema's to judge again."""


def _coerce_plain_scalars(book: Book, schema: Schema) -> _Coerced:
    """Report unquoted values YAML turned into numbers, dates or booleans where text is due,
    and numbers that cannot be used where a number is due (too long, infinite, not a number).

    The written text is put back in the place of the first so that the schema does not
    report the same value a second time; the schema's errors at the second are dropped.
    """
    found: list[Diagnostic] = []
    replacements: list[tuple[str, str]] = []
    reported: set[str] = set()
    for pointer, pos in book.document.retyped:
        described = schema.subschema(pointer)
        if described is None:
            continue
        if not _wants_text(described):
            # Only a float or a long number can have been kept as text (see yamlsafe._scalar).
            if ((pos.tag == "float" or (pos.tag == "int" and len(pos.raw or "") > MAX_NUMBER))
                    and isinstance(_value_at(book.data, pointer), str)):
                reported.add(pointer)
                found.append(_unusable_number(book, schema, pointer, pos.raw or ""))
            continue
        replacements.append((pointer, pos.raw or ""))
        line, column = book.locate(pointer)
        label = schema.label_path(pointer)
        key = split(pointer)[-1]
        found.append(make(
            "value-needs-quotes", book.path, line, column, pointer,
            f"「{label}」的值 {pos.raw} 没有加引号，会被读成{CHANGED_TYPES[pos.tag]}。",
            f"请写成 {key}: \"{pos.raw}\"（加英文双引号）。",
        ))
    if not replacements:
        return _Coerced(book.data, found, reported)
    value = copy.deepcopy(book.data)
    for pointer, raw in replacements:
        *parents, last = split(pointer)
        node: Any = value
        for token in parents:
            node = node[int(token)] if isinstance(node, list) else node[token]
        node[int(last) if isinstance(node, list) else last] = raw
    return _Coerced(value, found, reported)


def _value_at(data: Any, pointer: str) -> Any:
    for token in split(pointer):
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


def _unusable_number(book: Book, schema: Schema, pointer: str, raw: str) -> Diagnostic:
    """A number YAML read but Python cannot use: over :data:`MAX_NUMBER` characters (a
    5,000-digit integer), infinite (``1e400``, ``.inf``) or not a number (``.nan``)."""
    label = schema.label_path(pointer)
    line, column = book.locate(pointer)
    if len(raw) > MAX_NUMBER:
        digits = sum(char.isdigit() for char in raw)
        message = f"「{label}」的值是一个 {digits} 位的数字，超出了可以处理的范围。"
    elif "nan" in raw.lower():
        message = f"「{label}」的值 {raw} 不是数字。"
    else:
        message = f"「{label}」的值 {raw} 超出了数字的范围。"
    return make("field-range", book.path, line, column, pointer, message,
                "请填写一个合理的数值，只写阿拉伯数字，如 420。")


def _number_hint(book: Book, pointer: str, instance: str) -> str:
    """How to turn a text into the number a field wants: drop the quotes, the unit
    (``260万元``, ``43岁``), the thousands separators, or write half-width digits."""
    pos = book.document.find(pointer)
    quoted = pos is not None and not pos.plain
    key = split(pointer)[-1] if pointer else ""
    folded = unicodedata.normalize("NFKC", instance).strip().replace(",", "").replace("，", "")
    match = _NUMBER_AND_UNIT.fullmatch(folded)
    if match is None:
        return "请只写阿拉伯数字（不加引号、单位或文字说明），如 420。"
    number, unit = match.group(1), match.group(2)
    drop = [what for what, present in (("引号", quoted), (f"单位“{unit}”", bool(unit))) if present]
    example = f"如 {key}: {number}" if key and not key.isdigit() else f"如 {number}"
    if drop:
        return f"请去掉{'和'.join(drop)}，只写数字：{example}。"
    if folded != instance.strip():
        return f"请用半角阿拉伯数字，不加千位分隔符：{example}。"
    return f"请只写数字：{example}。"


def _wants_text(node: Any) -> bool:
    if node.get("type") == "string":
        return True
    choices = node.get("enum", [node["const"]] if "const" in node else [])
    return bool(choices) and all(isinstance(choice, str) for choice in choices)


def _pointer(path: Any) -> str:
    return "".join(f"/{escape(str(token))}" for token in path)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"“{value}”" if len(value) <= 40 else f"“{value[:40]}…”"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, dict)):
        return _TYPE_NAMES["array" if isinstance(value, list) else "object"]
    return str(value)


def _translate(book: Book, error: Any, schema: Schema) -> Iterator[Diagnostic]:
    pointer = _pointer(error.absolute_path)
    label = schema.label_path(pointer) or "前言区"
    keyword = error.validator
    node = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance
    line, column = book.locate(pointer)

    def emit(code: str, message: str, hint: str | None = None, at: str = pointer) -> Diagnostic:
        where = book.locate(at, key=at != pointer) if at != pointer else (line, column)
        return make(code, book.path, where[0], where[1], at, message, hint)

    if keyword == "required":
        for name in error.validator_value:
            if isinstance(instance, dict) and name not in instance:
                child = f"{pointer}/{escape(name)}"
                sub = schema.label_path(child)
                where = book.locate(pointer, key=True) if pointer else (book.yaml_line - 1, 1)
                yield make("field-missing", book.path, where[0], where[1], child,
                           f"缺少必填字段「{sub}」（{name}）。")
        return
    if keyword == "additionalProperties":
        known = list(node.get("properties", {}))

        def unknown(item: tuple[int, str]) -> Diagnostic:
            index, name = item
            child = f"{pointer}/{escape(name)}"
            hint = _did_you_mean(name, known, node) if index < _SUGGESTED else None
            where = book.locate(child, key=True)
            return make("field-unknown", book.path, where[0], where[1], child,
                        f"「{label}」中没有字段 {name}。", hint)

        yield from capped(enumerate(name for name in instance if name not in known), unknown)
        return
    title = node.get("title") or label
    description = node.get("x-hint") or node.get("description") or ""
    if instance is None or (keyword == "minLength" and instance == ""):
        # An empty value is "to be filled in" whatever the field's kind: a blank choice
        # (学位, 性别, 资金来源) is as unfilled as a blank text, and the message lists the choices.
        if "enum" in node and not description:
            description = "可选：" + "、".join(str(c) for c in node["enum"])
        yield emit("field-empty", f"「{label}」待填写。",
                   f"请填写{title}" + (f"（{description}）。" if description else "。"))
    elif keyword == "type":
        wanted = error.validator_value
        wanted = "或".join(_TYPE_NAMES.get(t, t) for t in ([wanted] if isinstance(wanted, str) else wanted))
        extra = _number_hint(book, pointer, instance) if isinstance(instance, str) and wanted in ("整数", "数字") else None
        yield emit("field-type", f"「{label}」应为{wanted}，现为{_shown(instance)}。", extra)
    elif keyword == "pattern":
        yield emit("field-format", f"「{label}」的值{_shown(instance)}格式不对：{node.get('x-hint', '请核对格式')}。", "")
    elif keyword == "enum":
        choices = "、".join(str(c) for c in error.validator_value)
        yield emit("field-choice", f"「{label}」须为以下之一：{choices}；现为{_shown(instance)}。", "")
    elif keyword == "const":
        yield emit("field-fixed", f"「{label}」须为 {_shown(error.validator_value)}，现为 {_shown(instance)}。",
                   f"{description}" if description else None)
    elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        relation = {"minimum": "不小于", "maximum": "不大于", "exclusiveMinimum": "大于",
                    "exclusiveMaximum": "小于"}[keyword]
        yield emit("field-range", f"「{label}」应{relation} {error.validator_value}，现为 {instance}。", "")
    elif keyword in ("minItems", "maxItems"):
        relation = "至少" if keyword == "minItems" else "至多"
        yield emit("field-count", f"「{label}」应{relation}有 {error.validator_value} 项，现有 {len(instance)} 项。", "")
    else:
        yield emit("field-format", f"「{label}」的值不符合要求（{keyword}）。", None)


def _did_you_mean(name: str, known: list[str], node: Any) -> str | None:
    """A hint for an unknown key: the colon glued to the value (``senior:11`` in braces),
    or the closest known key."""
    head, colon, tail = name.partition(":")
    if colon and head in known:
        return f"英文冒号后须有一个空格：应写成 {head}: {tail}。"
    if len(name) > 64:
        return None  # no key of the form is that long; a fuzzy match would only cost time
    close = difflib.get_close_matches(name, known, n=1)
    return f"是否应为 {close[0]}（{node['properties'][close[0]].get('title', '')}）？" if close else None
