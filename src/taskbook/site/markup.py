"""Escaping contributed values into Markdown and HTML, and small formatting helpers.

Every value from a task book is untrusted text: it is escaped so that ``<b>``, ``*x*`` or
``|`` render literally, wherever it lands (Markdown text, a Markdown table cell, an HTML
attribute or element). No template engine ever sees it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

# Characters Python-Markdown gives meaning to inside a line; a backslash makes them literal.
# Line-start markers (#, -, +, 1.) never matter because values never start a line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|!])")
_NEWLINES = re.compile(r"\s*\n\s*")

MISSING = "—"
HIDDEN = "不公开"


def text(value: Any) -> str:
    """Return a value as display text (numbers without a useless ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def md(value: Any) -> str:
    """Escape a value for inline Markdown (also safe inside a Markdown table cell)."""
    return _inline(text(value).strip())


def _inline(value: str) -> str:
    flat = _NEWLINES.sub(" ", value)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def h(value: Any) -> str:
    """Escape a value for HTML text or a quoted attribute."""
    return html.escape(text(value), quote=True)


def h_lines(value: Any) -> str:
    """Escape a multi-line value for HTML, keeping its line breaks."""
    return "<br>".join(h(line) for line in text(value).strip().split("\n"))


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Return a Markdown table; headers and cells must already be escaped."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell or MISSING for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def url(target: str, page: str) -> str:
    """The link from the page ``page`` to the page ``target`` (both site paths of Markdown
    files, ``cities/xian.md``) as the built site addresses them (``use_directory_urls``),
    for raw HTML, where MkDocs does not rewrite links."""

    def folder(path: str) -> list[str]:
        parts = path.removesuffix(".md").split("/")
        return parts[:-1] if parts[-1] == "index" else parts

    here, there = folder(page), folder(target)
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    steps = [".."] * (len(here) - common) + there[common:]
    return "/".join(steps) + "/" if steps else "./"


def month(value: Any) -> str:
    """``2021-05`` → ``2021 年 5 月``; anything else as written."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text(value))
    return f"{match.group(1)} 年 {int(match.group(2))} 月" if match else text(value)


def period(value: Any) -> str:
    """``2021-05/2021-07`` → ``2021 年 5 月—2021 年 7 月``."""
    start, _, end = text(value).partition("/")
    return f"{month(start)}—{month(end)}" if end else text(value)


def amount(value: float) -> str:
    """Format an amount of 万元 without trailing zeros (``300``, ``12.5``)."""
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def md_code(value: Any) -> str:
    """Like :func:`md`, but text between backticks (our own wording) becomes code."""
    parts = text(value).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: show it as written
        return md(value)
    return "".join(f"`{part}`" if index % 2 else _inline(part) for index, part in enumerate(parts))
