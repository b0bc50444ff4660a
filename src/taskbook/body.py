"""The Markdown body: its required outline, and markup that must not be published.

Both checks read the body once, with the site's own Markdown (:mod:`taskbook.bodytext`):
a heading counts when the site would show it as one, and markup is refused exactly when
the site would pass it through to a reader's browser. Headings are compared after
folding (:func:`taskbook.form.fold`), so a work group can type them as its editor does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from taskbook.bodytext import Reading
from taskbook.codes import capped, make
from taskbook.context import Context
from taskbook.diagnostics import Diagnostic
from taskbook.form import fold
from taskbook.loader import Book
from taskbook.yamlsafe import escape

_PLACEHOLDER = re.compile(r"（[^（）\n]*删去本行。?）")


def _children(titles: Sequence[tuple[int, str]], within: Sequence[int], start: int, level: int) -> list[int]:
    """The headings of ``within`` after heading ``start``, until the next heading of
    ``level`` or higher (indices into ``titles``)."""
    result = []
    for index in within[within.index(start) + 1:]:
        if titles[index][0] <= level:
            break
        result.append(index)
    return result


def _find(titles: Sequence[tuple[int, str]], within: Sequence[int], level: int, text: str,
          keys: Sequence[str]) -> int | None:
    """The first heading of ``within`` of ``level`` whose folded text contains ``text``'s.

    Containment rather than equality lets a work group add a qualifier
    (``#### O3污染成因综合分析（重点）``) without losing the heading. ``keys`` holds each
    heading's folded text, computed once a book.
    """
    wanted = fold(text)
    return next((index for index in within if titles[index][0] == level and wanted in keys[index]), None)


def check_body(book: Book, context: Context) -> Iterator[Diagnostic]:
    """The outline, the placeholders left in, and unsafe markup: one reading of the body.

    A body too complex for the site's Markdown to read in reasonable time is reported as
    such, with the placeholders; nothing else of it can be judged.
    """
    reading = context.reader.read(book.body, book.body_line)
    if reading.too_complex is not None:
        yield _too_complex(book, reading)
        yield from _placeholders(book, reading)
        return
    yield from _outline(book, context, reading)
    yield from _placeholders(book, reading)
    for item in reading.unsafe:
        yield make(item.code, book.path, item.line, item.column, reading.heading_path(item.line),
                   _MESSAGES[item.code].format(where="正文", excerpt=item.excerpt))


def _outline(book: Book, context: Context, reading: Reading) -> Iterator[Diagnostic]:
    """The body has every heading the form requires, and the mandatory research topics.

    It works on the headings' levels and texts; their lines are looked up only to locate
    a problem (a valid book never needs them).
    """
    titles = reading.titles
    keys = [fold(text) for _, text in titles]
    everything = range(len(titles))
    end_line = book.body_line + max(book.body.rstrip("\n").count("\n"), 0)
    for section in context.form.body_sections():
        title = section.heading
        index = _find(titles, everything, 2, title, keys)
        if index is None:
            yield make("body-heading-missing", book.path, end_line, 1, title,
                       f"正文缺少二级标题“## {title}”。")
            continue
        within = _children(titles, everything, index, 2)
        for part in section.content.written:  # type: ignore[union-attr]
            path = f"{title} › {part.title}"
            sub = _find(titles, within, 3, part.title, keys)
            if sub is None:
                yield make("body-heading-missing", book.path, reading.headings[index].line, 1, path,
                           f"“{title}”下缺少三级标题“### {part.title}”。")
                continue
            topics = [i for i in _children(titles, within, sub, 3) if titles[i][0] == 4]
            for topic in part.topics:
                if _find(titles, topics, 4, topic.title, keys) is None:
                    yield make("body-topic-missing", book.path, reading.headings[sub].line, 1,
                               f"{path} › {topic.title}",
                               f"“{part.title}”下缺少研究内容“#### {topic.title}”。")


def _too_complex(book: Book, reading: Reading) -> Diagnostic:
    where = reading.too_complex
    assert where is not None
    if where.blank_lines:
        return make("body-too-complex", book.path, where.line, where.column, "",
                    f"正文第 {where.line} 行起有 {where.blank_lines} 个连续的空行（正文因此分成 "
                    f"{where.blocks} 段），网站的 Markdown 无法在合理的时间内读完。",
                    "请删去多余的空行：段落之间空一行即可。")
    return make("body-too-complex", book.path, where.line, where.column, "",
                f"正文第 {where.line} 行起的这一段结构过于复杂（如成百上千个连续的标题行，"
                "成串的 [、<、&、* 等符号，或层层嵌套的 > 引用），网站的 Markdown 无法在合理的时间内读完。")


def _placeholders(book: Book, reading: Reading) -> Iterator[Diagnostic]:
    """The skeleton's prompts ("（请填写…，删去本行。）") must not stay in a book."""
    body = book.body
    if "删去本行" not in body:
        return
    at = {"line": book.body_line, "start": 0, "seen": 0}  # counted forward, match by match

    def prompt(match: re.Match[str]) -> Diagnostic:
        newlines = body.count("\n", at["seen"], match.start())
        if newlines:
            at["line"] += newlines
            at["start"] = body.rfind("\n", at["seen"], match.start()) + 1
        at["seen"] = match.start()
        number = at["line"]
        where = "" if reading.too_complex is not None else reading.heading_path(number)
        return make("body-placeholder", book.path, number, match.start() - at["start"] + 1, where,
                    f"正文第 {number} 行还留着模板的提示“{match.group(0)}”。")

    yield from capped(_PLACEHOLDER.finditer(body), prompt)


# Python-Markdown's own pattern for inline HTML: a complete tag or comment. "VOCs<NOx 时"
# is text to it, and so to this check.
_TAG = re.compile(r"<(?:/?[a-zA-Z][^<>@ ]*(?: [^<>]*)?|!--(?:(?!<!--|-->).)*--)>")
_MESSAGES = {
    "unsafe-html": "{where}含有 HTML 代码“{excerpt}”。",
    "unsafe-link": "{where}含有不安全的链接“{excerpt}”。",
    "unsafe-attribute": "{where}含有事件属性“{excerpt}”。",
}


def _has_angle(value: Any) -> bool:
    """Whether any text in ``value`` holds a "<" (without building pointers)."""
    if isinstance(value, str):
        return "<" in value
    if isinstance(value, dict):
        return any(_has_angle(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_angle(item) for item in value)
    return False


def _strings(value: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{pointer}/{escape(key)}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{pointer}/{index}")


def check_fields(book: Book, context: Context) -> Iterator[Diagnostic]:
    """No HTML tag in any front-matter text.

    Values are escaped wherever they are shown, so a tag would print literally on the
    site and in the document; it is refused so that the writer learns it early and no
    consumer of the published JSON meets markup. Text that is not a tag ("VOCs<NOx 时")
    passes, as it does in the body.
    """
    # The common case, told by a glance at the text: no "<" written, nor escaped.
    if book.source and "<" not in book.source and "\\" not in book.source:
        return
    if not book.source and not _has_angle(book.data):
        return
    for pointer, text in _strings(book.data):
        if "<" not in text:
            continue
        match = _TAG.search(text)
        if match is None:
            continue
        line, column = book.locate(pointer)
        where = f"「{context.schema.label_path(pointer)}」"
        excerpt = match.group(0) if len(match.group(0)) <= 40 else match.group(0)[:40] + "…"
        yield make("unsafe-html", book.path, line, column, pointer,
                   _MESSAGES["unsafe-html"].format(where=where, excerpt=excerpt))
