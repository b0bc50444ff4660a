"""The Markdown body: its required outline, and markup that must not be published.

Headings are compared after folding: full and half width, spaces, quotes, subscripts
(O₃, PM₂.₅), letter case and leading enumerators (一、 1. （二）) do not matter, so a work
group can type them as their editor does.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from taskbook import schema
from taskbook.codes import make
from taskbook.diagnostics import Diagnostic
from taskbook.loader import Book
from taskbook.yamlsafe import escape

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_QUOTES = re.compile(r"[\"'“”‘’「」『』《》〈〉]")
_ENUMERATOR = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）.、．]|[①-⑩])\s*")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Fold a heading for comparison (width, spaces, quotes, subscripts, case, numbering)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _QUOTES.sub("", _SPACE.sub("", text))
    return _ENUMERATOR.sub("", text)


@dataclass(frozen=True)
class Heading:
    """A Markdown ATX heading of the body."""

    level: int
    text: str
    line: int  # 1-based line in the file
    key: str = ""  # the text folded for comparison, computed once


def headings(book: Book) -> list[Heading]:
    """Return the body's ATX headings, outside fenced code."""
    found: list[Heading] = []
    fence = ""
    for offset, line in enumerate(book.body.split("\n")):
        marker = _FENCE.match(line)
        if marker:
            if not fence:
                fence = marker.group(1)[0] * 3
            elif marker.group(1).startswith(fence):
                fence = ""
            continue
        if fence:
            continue
        match = _HEADING.match(line)
        if match:
            text = match.group(2)
            found.append(Heading(len(match.group(1)), text, book.body_line + offset, fold(text)))
    return found


def _children(items: list[Heading], start: int, level: int) -> list[Heading]:
    """Headings below ``items[start]`` until the next heading of ``level`` or higher."""
    result = []
    for heading in items[start + 1:]:
        if heading.level <= level:
            break
        result.append(heading)
    return result


def _find(items: list[Heading], level: int, text: str) -> int | None:
    """Index of the first heading of ``level`` whose folded text contains ``text``'s.

    Containment rather than equality lets a work group add a qualifier
    (``#### O3污染成因综合分析（重点）``) without losing the heading.
    """
    wanted = fold(text)
    for index, heading in enumerate(items):
        if heading.level == level and wanted in heading.key:
            return index
    return None


def check_outline(book: Book) -> Iterator[Diagnostic]:
    """The body has every required heading and the five mandatory research topics."""
    items = headings(book)
    end_line = book.body_line + max(book.body.rstrip("\n").count("\n"), 0)
    for section in schema.outline():
        index = _find(items, 2, section["heading"])
        path = section["heading"]
        if index is None:
            yield make("body-heading-missing", book.path, end_line, 1, path,
                       f"正文缺少二级标题“## {section['heading']}”。")
            continue
        within = _children(items, index, 2)
        for child in section.get("children", []):
            child_path = f"{path} › {child['heading']}"
            sub = _find(within, 3, child["heading"])
            if sub is None:
                yield make("body-heading-missing", book.path, items[index].line, 1, child_path,
                           f"“{section['heading']}”下缺少三级标题“### {child['heading']}”。")
                continue
            topics = [h for h in _children(within, sub, 3) if h.level == 4]
            for topic in child.get("topics", []):
                if _find(topics, 4, topic) is None:
                    yield make("body-topic-missing", book.path, within[sub].line, 1,
                               f"{child_path} › {topic}",
                               f"“{child['heading']}”下缺少研究内容“#### {topic}”。")


_TAG = re.compile(r"<(?:!--|/?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|\?|![A-Za-z])")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_AUTOLINK_OR_REF = re.compile(r"(?:^\s*\[[^\]]+\]:\s*<?(\S+)|<([A-Za-z][A-Za-z0-9+.-]*:[^>\s]*)>)", re.M)
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*?(?<![\w-])on[a-z]+\s*=", re.I)
_BAD_SCHEME = re.compile(r"(?:javascript|vbscript|data|file):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\u200b-\u200f\u2060\ufeff]+")


def _unsafe(text: str) -> Iterator[tuple[str, int, str]]:
    """Yield (code, offset, excerpt) for each unsafe construct in ``text``."""
    for match in _TAG.finditer(text):
        excerpt = text[match.start():match.start() + 40].split("\n")[0]
        yield "unsafe-html", match.start(), excerpt.split(">")[0] + (">" if ">" in excerpt else "")
    targets = [(m.start(), m.group(1)) for m in _INLINE_LINK.finditer(text)]
    targets += [(m.start(), m.group(1) or m.group(2)) for m in _AUTOLINK_OR_REF.finditer(text)]
    for offset, target in targets:
        cleaned = _INVISIBLE.sub("", html.unescape(target or ""))
        if _BAD_SCHEME.match(cleaned):
            yield "unsafe-link", offset, target
    for match in _ATTR_LIST.finditer(text):
        yield "unsafe-attribute", match.start(), match.group(0)


_MESSAGES = {
    "unsafe-html": "{where}含有 HTML 代码“{excerpt}”。",
    "unsafe-link": "{where}含有不安全的链接“{excerpt}”。",
    "unsafe-attribute": "{where}含有事件属性“{excerpt}”。",
}


def _strings(value: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{pointer}/{escape(key)}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{pointer}/{index}")


def _collect(value: Any, out: list[str]) -> None:
    """Append every string in ``value`` to ``out`` (no pointers: the common, clean case)."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _collect(item, out)
    elif isinstance(value, list):
        for item in value:
            _collect(item, out)


def check_safety(book: Book) -> Iterator[Diagnostic]:
    """No raw HTML, script or data links, or event-handler attributes, in any text."""
    texts: list[str] = []
    _collect(book.data, texts)
    if next(_unsafe("\n".join(texts)), None) is not None:
        yield from _check_fields(book, list(_strings(book.data)))
    if next(_unsafe(book.body), None) is not None:
        yield from _check_body(book)


def _check_fields(book: Book, strings: list[tuple[str, str]]) -> Iterator[Diagnostic]:
    for pointer, text in strings:
        if "<" not in text and ":" not in text and "{" not in text:
            continue
        reported: set[str] = set()
        for code, _, excerpt in _unsafe(text):
            if code in reported:  # one diagnostic a field and kind: they share a location
                continue
            reported.add(code)
            line, column = book.locate(pointer)
            where = f"「{schema.label_path(pointer)}」"
            yield make(code, book.path, line, column, pointer,
                       _MESSAGES[code].format(where=where, excerpt=excerpt))


def _check_body(book: Book) -> Iterator[Diagnostic]:
    starts = [0]
    for line_text in book.body.split("\n"):
        starts.append(starts[-1] + len(line_text) + 1)
    for code, offset, excerpt in _unsafe(book.body):
        row = bisect.bisect_right(starts, offset) - 1
        line = book.body_line + row
        column = offset - starts[row] + 1
        heading = _heading_path_at(book, line)
        yield make(code, book.path, line, column, heading,
                   _MESSAGES[code].format(where="正文", excerpt=excerpt))


def _heading_path_at(book: Book, line: int) -> str:
    path: list[str] = []
    for heading in headings(book):
        if heading.line > line:
            break
        del path[heading.level - 2:]
        if heading.level >= 2:
            path.append(heading.text)
    return " › ".join(path)
