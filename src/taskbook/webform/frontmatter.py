"""The form's values → the front matter of ``taskbook.md``, written as a person would.

Keys come in the schema's order (then any key the schema does not know, as the book had it,
so that ``validate`` can name it); a required key without a value is written empty, which
``validate`` reports as 待填写, and an optional one is left out. Text is written plain where
YAML reads it back unchanged, in double quotes where it would not (``"050000"``, a mobile
number, a date), and as a literal block (``|-``) when it has several lines. Nothing here
decides whether a value is right: that is ``validate``'s work on the text written.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import yaml

from taskbook.schema import Schema, escape

_INDENT = "  "
_PLAIN = re.compile(r"[^\s\"'#&*!|>%@`{}\[\],?:\-][^\n]*")
_NUMBERISH = re.compile(r"[\d.:+\-]+")
# A line the loader would take for a key with a full-width colon, or a delimiter.
_KEYLIKE = re.compile(r"^(?:-[ ]+)?[A-Za-z_][A-Za-z0-9_]*[ ]*：")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+)")


def coerce(value: Any, schema: Schema, pointer: str = "") -> Any:
    """Turn what a form sends into front-matter values.

    Text is trimmed and empty text is no value (``None``); where the schema wants a number,
    digits typed as text (full-width too, as Chinese input methods type them) become one.
    Anything else stays as typed, for ``validate`` to judge.
    """
    if isinstance(value, dict):
        return {key: coerce(item, schema, f"{pointer}/{escape(str(key))}")
                for key, item in value.items()}
    if isinstance(value, list):
        return [coerce(item, schema, f"{pointer}/{index}") for index, item in enumerate(value)]
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    node = schema.subschema(pointer) or {}
    if node.get("type") in ("integer", "number"):
        digits = unicodedata.normalize("NFKC", text)
        if _INTEGER.fullmatch(digits):
            return int(digits)
        if node.get("type") == "number" and _DECIMAL.fullmatch(digits):
            return float(digits)
    return text


def scalar(value: Any) -> str:
    """One value as YAML on the line of its key: plain, quoted or nothing (no value)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if _plain(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _plain(value: str) -> bool:
    return bool(_PLAIN.fullmatch(value) and ": " not in value and " #" not in value
                and value == value.strip() and not value.endswith(":")
                and not _NUMBERISH.fullmatch(value) and yaml.safe_load(value) == value)


def _block(value: str, pad: str) -> list[str] | None:
    """A multi-line text as a literal block, or None when it cannot be one safely."""
    lines = value.split("\n")
    if "\t" in value or "\r" in value or any(line[:1].isspace() for line in lines) \
            or any(_KEYLIKE.match(line) for line in lines):
        return None
    return ["|-", *[pad + line if line else "" for line in lines]]


def _properties(node: Mapping[str, Any], data: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """The keys to write: the schema's (required or present), then unknown ones."""
    known = node.get("properties", {})
    required = set(node.get("required", ()))
    keys = [(key, key in data) for key in known if key in required or data.get(key) is not None]
    keys += [(key, True) for key in data if key not in known]
    return keys


def _value(key: str, value: Any, node: Mapping[str, Any] | None, depth: int, out: list[str],
           lead: str) -> None:
    pad = _INDENT * depth
    node = node or {}
    if isinstance(value, dict) and _properties(node, value):
        out.append(f"{lead}{key}:")
        _mapping(value, node, depth + 1, out)
    elif isinstance(value, list) and value:
        out.append(f"{lead}{key}:")
        found = node.get("items")
        items: Mapping[str, Any] = found if isinstance(found, dict) else {}
        for item in value:
            _item(item, items, depth + 2, out)
    elif isinstance(value, (dict, list)):
        out.append(f"{lead}{key}: {'{}' if isinstance(value, dict) else '[]'}")
    elif isinstance(value, str) and "\n" in value and (block := _block(value, pad + _INDENT)):
        out.append(f"{lead}{key}: {block[0]}")
        out += block[1:]
    else:
        text = scalar(value)
        out.append(f"{lead}{key}:" + (f" {text}" if text else ""))


def _mapping(data: Mapping[str, Any], node: Mapping[str, Any], depth: int, out: list[str],
             first: str | None = None) -> None:
    """Write a mapping's keys at ``depth``; ``first`` replaces the first key's indentation
    (the ``- `` of a list item)."""
    for number, (key, _) in enumerate(_properties(node, data)):
        lead = first if number == 0 and first is not None else _INDENT * depth
        child = node.get("properties", {}).get(key)
        _value(key, data.get(key), child, depth, out, lead)


def _item(item: Any, node: Mapping[str, Any], depth: int, out: list[str]) -> None:
    dash = _INDENT * (depth - 1) + "- "
    if isinstance(item, dict) and _properties(node, item):
        _mapping(item, node, depth, out, first=dash)
    else:
        text = scalar(item) if not isinstance(item, (dict, list)) else json.dumps(item)
        out.append(dash.rstrip() + (f" {text}" if text else ""))


def write(data: Mapping[str, Any], schema: Schema, comment: str = "") -> str:
    """The front matter, between its two ``---`` lines, ending in a newline.

    Args:
        data: the values (as :func:`coerce` gives them).
        schema: the run's schema (key order, what is required).
        comment: a first line saying where the file came from (without ``#``).
    """
    out = ["---"]
    if comment:
        out.append(f"# {comment}")
    _mapping(data, schema.document, 0, out)
    out.append("---")
    return "\n".join(out) + "\n"
