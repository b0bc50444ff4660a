"""Writing Markdown that the site's reader reads back as the text given.

Only what the printed book can carry is written: paragraphs with bold and italic, hard
line breaks, ordered and bullet lists (nested by four spaces, as Python-Markdown wants),
block quotes and tables. Text is escaped so that nothing typed in Word turns into
Markdown syntax (a line starting “1. ” or “#”, an asterisk, a brace of an attribute list).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from taskbook.intake.source import Span

_ALWAYS = re.compile(r"([\\`*\[\]{}])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=~!|]|\d+(?=[.)](?:\s|$)))")
_TAG = re.compile(r"<(?=[A-Za-z/!?])(?=[^>]*>)")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def _underscores(text: str) -> str:
    """Escape the ``_`` that could open or close emphasis (not those inside a word)."""
    out = []
    for index, char in enumerate(text):
        if char == "_":
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            if not (before.isalnum() and after.isalnum()):
                out.append("\\_")
                continue
        out.append(char)
    return "".join(out)


def escape(text: str, *, table: bool = False) -> str:
    """Escape inline text (one paragraph or cell, line breaks already handled)."""
    text = _ALWAYS.sub(r"\\\1", text)
    text = _underscores(text)
    text = _TAG.sub("&lt;", text)
    text = _ENTITY.sub("&amp;", text)
    if table:
        text = text.replace("|", "\\|")
    return text


def _start(line: str) -> str:
    """Escape what would make a line a heading, list, quote, rule or table row."""
    match = _LINE_START.match(line)
    if not match:
        return line
    lead, mark = match.group(1), match.group(2)
    rest = line[match.end():]
    if mark[0].isdigit():
        return f"{lead}{mark}\\{rest}"
    return f"{lead}\\{mark}{rest}" if mark in "#>+-!" else f"{lead}{mark}{rest}"


def _emphasis(span: Span) -> str:
    mark = ("**" if span.bold else "") + ("*" if span.italic else "")
    stripped = span.text.strip()
    if not mark or not stripped:
        return escape(span.text)
    head = span.text[: len(span.text) - len(span.text.lstrip())]
    tail = span.text[len(span.text.rstrip()):]
    return f"{head}{mark}{escape(stripped)}{mark[::-1]}{tail}"


def inline(spans: Sequence[Span]) -> str:
    """Spans as Markdown: ``**bold**``, ``*italic*``, a line break as a hard break."""
    merged: list[Span] = []
    for span in spans:  # “*a**b*” would read as bold: one mark around text of one emphasis
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic)
        elif span.text:
            merged.append(span)
    lines: list[list[Span]] = [[]]
    for span in merged:
        for number, piece in enumerate(span.text.split("\n")):
            if number:
                lines.append([])
            if piece:
                lines[-1].append(Span(piece, span.bold, span.italic))
    written = ["".join(_emphasis(span) for span in line).strip() for line in lines]
    return "  \n".join(_start(line) for line in written if line)


def table(rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table: the first row is the header."""
    width = max(len(row) for row in rows)
    cells = [[escape(" ".join(cell.split()), table=True) for cell in row] + [""] * (width - len(row))
             for row in rows]
    lines = ["| " + " | ".join(row) + " |" for row in cells[:1]]
    lines.append("| " + " | ".join("---" for _ in range(width)) + " |")
    lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
    return lines
