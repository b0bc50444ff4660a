"""The front matter as YAML text, in the schema's order, quoted where YAML would misread.

Values that YAML would read as something else (``050000``, ``13800000000``, ``yes``) are
double-quoted, as validate asks; empty values are written as nothing after the colon, as
``taskbook new`` writes them, so that validate reports them field by field as 待填写.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import yaml

_PLAIN = re.compile(r"[^\s\"'#&*!|>%@`{}\[\],?:\-][^\n\t]*")
_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?|\d+")
"""Dates and digit strings are quoted even where YAML would keep them text, as the
bundled books and ``taskbook new``'s advice write them."""
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def scalar(value: Any) -> str:
    """One value as YAML (empty for None)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    plain = (
        _PLAIN.fullmatch(text) is not None
        and text == text.strip()
        and not _DATE.fullmatch(text)
        and ": " not in text and " #" not in text and not text.endswith(":")
    )
    if plain:
        try:
            plain = yaml.load(text, Loader=_Loader) == text
        except yaml.YAMLError:
            plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _lines(value: Any, indent: int) -> list[str]:
    pad = "  " * indent
    out: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(item, Mapping) and item:
                out.append(f"{pad}{key}:")
                out += _lines(item, indent + 1)
            elif isinstance(item, list):
                if not item:
                    out.append(f"{pad}{key}: []")
                    continue
                out.append(f"{pad}{key}:")
                out += _lines(item, indent + 1)
            elif isinstance(item, Mapping):
                out.append(f"{pad}{key}: {{}}")
            else:
                out.append(f"{pad}{key}: {scalar(item)}".rstrip())
        return out
    if isinstance(value, list):
        for item in value:
            if isinstance(item, Mapping) and item:
                inner = _lines(item, indent + 1)
                out.append(f"{pad}- {inner[0].lstrip()}")
                out += inner[1:]
            else:
                out.append(f"{pad}- {scalar(item)}".rstrip())
        return out
    return [pad + scalar(value)]


def dump(front: Mapping[str, Any], comments: tuple[str, ...] = ()) -> str:
    """The front matter between its ``---`` lines, with ``comments`` on top."""
    lines = ["---", *(f"# {line}" for line in comments), *_lines(front, 0), "---"]
    return "\n".join(lines) + "\n"
