"""Reading a value as a work group writes it: “38 人”, “200 万元”, “2021 年 5 月”, ☑ boxes.

The inverses of :mod:`taskbook.form.values`, made lenient: full-width digits, stray
spaces, a unit after a number, and the several marks people tick a box with. A value
that cannot be read as its format asks is returned as written (a string), so that
nothing typed is lost and validation names the field.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from taskbook.form.values import parse_month

CHOSEN = frozenset("■☑☒√✓✔●◼▣⊠◉▪✗✘╳")
"""Marks of a ticked box."""
EMPTY = frozenset("□☐◻○▢")
"""Marks of an empty box."""
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_UNITS = ("人月", "万元", "个月", "人", "岁", "元", "年")
_PLACEHOLDER = re.compile(r"[×xX＊*]{2,}|[-—－/／]+")
"""What the blank form prints where a value goes (××××), or a dash for “none”."""


def normal(text: str) -> str:
    """Half-width letters and digits, no surrounding white space (CJK text kept as is)."""
    return unicodedata.normalize("NFKC", text).strip()


def clean(text: str) -> str:
    """A text value as typed: each line stripped, empty lines dropped, the form's
    placeholder (××××) treated as empty."""
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    value = "\n".join(line for line in lines if line)
    return "" if _PLACEHOLDER.fullmatch(value) else value


def number(text: str, unit: str = "") -> int | float | str:
    """``38 人`` → 38, ``200 万元`` → 200, ``12.5`` → 12.5; anything else as written."""
    value = normal(text).replace(",", "").replace(" ", "")
    for suffix in (unit, *_UNITS):
        if suffix and value.endswith(suffix):
            value = value[: -len(suffix)].strip()
            break
    if not _NUMBER.fullmatch(value):
        return text.strip()
    parsed = float(value)
    return int(parsed) if parsed.is_integer() and "." not in value else parsed


def month(text: str) -> str:
    """``2021 年 5 月`` → ``2021-05``; anything else as written."""
    return parse_month(normal(text)) or text.strip()


_PERIOD = re.compile(r"(.+?月?)\s*(?:-|—|–|－|~|～|至|到)+\s*(.+)")


def period(text: str) -> str:
    """``2021年5月-2021年7月`` (any spacing or dash) → ``2021-05/2021-07``."""
    joined = re.sub(r"\s+", "", normal(text))
    match = _PERIOD.fullmatch(joined)
    if match:
        first, last = parse_month(match.group(1)), parse_month(match.group(2))
        if first and last:
            return f"{first}/{last}"
    return text.strip()


def boxes(text: str, choices: tuple[str, ...]) -> tuple[str | None, list[str]]:
    """The ticked choice of ``□博士 ■硕士 …`` (☑, ■, √ … before or after the choice).

    Returns:
        (the choice, or None when none or several are ticked; the ticked choices).
    """
    compact = re.sub(r"\s+", "", normal(text))
    if compact in choices:
        return compact, [compact]
    starts = {found.start(): choice for choice in choices
              for found in re.finditer(re.escape(choice), compact)}
    ends = {found.end(): choice for choice in choices
            for found in re.finditer(re.escape(choice), compact)}
    ticked: list[str] = []
    marked = False
    for index, char in enumerate(compact):
        if char in EMPTY and index + 1 in starts:
            marked = True
        elif char in CHOSEN:
            # A mark belongs to the choice it stands before (■硕士), else to the one it
            # follows (硕士√ □学士).
            owner = starts.get(index + 1) or ends.get(index)
            if owner is not None:
                marked = True
                ticked.append(owner)
    if not marked:
        return None, []
    ticked = list(dict.fromkeys(ticked))
    return (ticked[0] if len(ticked) == 1 else None), ticked


def typed(value: str, kind: Any) -> Any:
    """Convert a cleaned text to the schema's type (integer or number), else keep it."""
    if kind in ("integer", "number") and value:
        return number(value)
    return value
