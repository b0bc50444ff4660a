"""How a field's value is written, the same on the site, in the printed book and in imports.

Each :data:`~taskbook.form.model.Format` is a pure function of the value (and, for
``duration``, the task's months); :func:`parse` undoes the formats that the Word import
meets (``2021 年 5 月`` → ``2021-05``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from taskbook.book import resolve
from taskbook.form.model import Field, Template

BOX_CHOSEN = "■"
BOX_EMPTY = "□"


def plain(value: Any) -> str:
    """A front-matter value as text: numbers without a useless ``.0``, absent as ``""``."""
    if value is None or isinstance(value, dict | list | tuple):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def month(value: Any) -> str:
    """``"2021-05"`` → ``2021 年 5 月``; other values as written."""
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", plain(value))
    return f"{match.group(1)} 年 {int(match.group(2))} 月" if match else plain(value)


def period(value: Any) -> str:
    """``"2021-05/2021-07"`` → ``2021年5月-2021年7月`` (as the form's 四 writes it)."""
    first, _, last = plain(value).partition("/")
    if not last:
        return plain(value)
    return f"{month(first).replace(' ', '')}-{month(last).replace(' ', '')}"


def duration(task: Any) -> str:
    """The research period of a ``task`` (``start`` to ``end``, both included): ``2 年``."""
    try:
        y1, m1 = (int(part) for part in plain(resolve(task, "/start")).split("-"))
        y2, m2 = (int(part) for part in plain(resolve(task, "/end")).split("-"))
    except ValueError:
        return ""
    months = (y2 - y1) * 12 + (m2 - m1) + 1
    if months <= 0:
        return ""
    return f"{months // 12} 年" if months % 12 == 0 else f"{months} 个月"


def amount(value: Any) -> str:
    """An amount of 万元 without trailing zeros (``300``, ``12.5``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return plain(value)
    return f"{value:.4f}".rstrip("0").rstrip(".")


def boxes(value: Any, choices: tuple[str, ...]) -> str:
    """The choices as the form's boxes, the chosen one filled: ``■博士 □硕士 □学士 □其他``."""
    chosen = plain(value)
    return " ".join((BOX_CHOSEN if choice == chosen else BOX_EMPTY) + choice for choice in choices)


_FORMATS: dict[str, Callable[[Any], str]] = {
    "text": plain,
    "month": month,
    "period": period,
    "duration": duration,
    "amount": amount,
}


def show(field: Field, front: Any, base: str = "", index: int | None = None) -> str:
    """The text of one field of a book (``""`` when absent).

    Args:
        field: the model's field.
        front: the book's front matter.
        base: the pointer of the list item a relative field belongs to.
        index: the item's number (1-based), for ``index`` fields.
    """
    if field.format == "index":
        return str(index) if index is not None else ""
    pointer = f"{base}/{field.pointer}" if base and field.pointer else (field.pointer or base)
    value = resolve(front, pointer)
    if field.format == "boxes":
        return boxes(value, field.choices)
    shown = _FORMATS[field.format](value)
    if shown and field.unit:
        return f"{shown} {field.unit}"
    return shown


def pointer_of(field: Field, base: str = "") -> str:
    """The absolute pointer a field reads (``base`` joined for relative fields)."""
    return f"{base}/{field.pointer}" if base and field.pointer else (field.pointer or base)


def fill(template: Template, front: Any, base: str = "",
         missing: Callable[[Field, str], str] | None = None) -> str:
    """The text of a template with every field filled in.

    Args:
        missing: what to write for an absent field (given the field and its pointer);
            by default nothing.
    """
    parts: list[str] = []
    for part in template.parts:
        if isinstance(part, str):
            parts.append(part)
            continue
        shown = show(part, front, base)
        if not shown and missing is not None:
            shown = missing(part, pointer_of(part, base))
        parts.append(shown)
    return "".join(parts)


def parse_month(text: str) -> str | None:
    """``2021 年 5 月``, ``2021年05月``, ``2021.5`` or ``2021-05`` → ``2021-05``."""
    match = re.fullmatch(r"\s*([0-9０-９]{4})\s*(?:年|[.\-/．／])\s*([0-9０-９]{1,2})\s*月?\s*",
                         text)
    if not match:
        return None
    year = int(match.group(1).translate(_FULL_DIGITS))
    number = int(match.group(2).translate(_FULL_DIGITS))
    return f"{year:04d}-{number:02d}" if 1 <= number <= 12 else None


_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
