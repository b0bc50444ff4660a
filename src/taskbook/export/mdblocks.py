"""The body's element tree (from the site's own Markdown) → the layout's blocks.

The body has been read by :mod:`taskbook.bodytext`, exactly as the site reads it, so the
printed book shows what the city page shows: the same headings, paragraphs, lists, tables
and emphasis, lines joined the Chinese way. Only structure and emphasis carry over; links
keep their text, images their description, and raw HTML (which validation refuses) would
print literally, never interpreted.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator

from taskbook.bodytext import plain_text, stashed
from taskbook.export.blocks import Block, Heading, Paragraph, Run, Table

_BULLET = "•"
_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BOLD = {"strong", "b"}
_ITALIC = {"em", "i"}


class _Converter:
    def __init__(self, stash: tuple[str, ...], table_width: int, heading_offset: int) -> None:
        self.stash = stash
        self.table_width = table_width
        self.heading_offset = heading_offset
        self.blocks: list[Block] = []

    def text(self, value: str | None) -> str:
        """Text with the Markdown's placeholders put back: an entity (``&amp;``) as the
        character it stands for, raw HTML literally."""
        if not value:
            return ""
        return _PLACEHOLDER.sub(lambda m: stashed(self.stash, int(m.group(1))), value)

    def runs(self, element: etree.Element, bold: bool = False, italic: bool = False,
             skip: frozenset[str] = frozenset()) -> Iterator[Run]:
        """The inline content of ``element`` as runs."""
        if element.text:
            yield Run(self.text(element.text), bold, italic)
        for child in element:
            if child.tag in skip or child.get("class") == "headerlink":
                pass
            elif child.tag == "br":
                yield Run("\n", bold, italic)
            elif child.tag == "img":
                yield Run(child.get("alt", ""), bold, italic)
            else:
                yield from self.runs(child, bold or child.tag in _BOLD,
                                     italic or child.tag in _ITALIC, skip)
            if child.tail:
                yield Run(self.text(child.tail), bold, italic)

    def paragraph(self, element: etree.Element, *, indent: bool = True, level: int = 0,
                  prefix: str = "", skip: frozenset[str] = frozenset()) -> None:
        runs = list(self.runs(element, skip=skip))
        if prefix:
            runs.insert(0, Run(prefix + " "))
        merged = tuple(_merge(_strip(runs)))
        if merged:
            self.blocks.append(Paragraph(merged, "justify", indent and not level, level))

    def block(self, element: etree.Element, level: int = 0) -> None:
        tag = element.tag
        if tag in _HEADINGS:
            depth = min(3, max(1, _HEADINGS[tag] - self.heading_offset))
            self.blocks.append(Heading(plain_text(element, self.stash).strip(), depth))
        elif tag == "p" and self.code(element, level):
            pass
        elif tag == "p":
            self.paragraph(element, level=level)
        elif tag in ("ul", "ol"):
            self.list(element, level)
        elif tag == "table":
            self.table(element)
        elif tag == "pre":
            for line in "".join(element.itertext()).rstrip("\n").split("\n"):
                self.blocks.append(Paragraph((Run(line.rstrip() or " "),), "left", False, level))
        elif tag == "blockquote":
            for child in element:
                self.block(child, level + 1)
        elif tag == "hr":
            pass  # a thematic break has no place in the printed form
        elif tag == "div":
            for child in element:
                if child.get("class") == "admonition-title":
                    self.paragraph(child, indent=False, level=level)
                else:
                    self.block(child, level)
            if element.text and element.text.strip():
                self.blocks.append(Paragraph((Run(self.text(element.text).strip()),), level=level))
        else:
            self.paragraph(element, level=level)

    def code(self, element: etree.Element, level: int) -> bool:
        """A fenced code block (set aside by the Markdown as a placeholder): its lines as
        written, left-aligned. Returns whether ``element`` was one."""
        match = _PLACEHOLDER.fullmatch((element.text or "").strip())
        if len(element) or match is None or int(match.group(1)) >= len(self.stash):
            return False
        stashed = self.stash[int(match.group(1))]
        if not stashed.startswith("<pre"):
            return False
        code = html.unescape(re.sub(r"<[^>]+>", "", stashed))
        for line in code.rstrip("\n").split("\n"):
            self.blocks.append(Paragraph((Run(line.rstrip() or " "),), "left", False, level))
        return True

    def list(self, element: etree.Element, level: int) -> None:
        start = int(element.get("start", "1")) if element.get("start", "1").isdigit() else 1
        for number, item in enumerate((c for c in element if c.tag == "li"), start=start):
            prefix = f"{number}." if element.tag == "ol" else _BULLET
            nested = frozenset({"ul", "ol", "p", "table", "pre", "blockquote", "div"})
            paragraphs = [c for c in item if c.tag == "p"]
            if paragraphs:  # a loose list: the first paragraph carries the number
                first, *rest = paragraphs
                self.paragraph(first, level=level + 1, prefix=prefix)
                for paragraph in rest:
                    self.paragraph(paragraph, level=level + 1)
            else:
                self.paragraph(item, level=level + 1, prefix=prefix, skip=nested)
            for child in item:
                if child.tag in ("ul", "ol"):
                    self.list(child, level + 1)
                elif child.tag in ("table", "pre", "blockquote", "div"):
                    self.block(child, level + 1)

    def table(self, element: etree.Element) -> None:
        rows: list[list[str]] = []
        header = 0
        for section in element:
            for row in section.iter("tr"):
                rows.append(["".join(run.text for run in _strip(list(self.runs(cell))))
                             for cell in row if cell.tag in ("th", "td")])
                if section.tag == "thead":
                    header += 1
        if not rows:
            return
        count = max(len(row) for row in rows)
        widths = [self.table_width // count] * count
        widths[-1] += self.table_width - sum(widths)
        self.blocks.append(Table(tuple(widths), tuple(tuple(row + [""] * (count - len(row)))
                                                      for row in rows), (), header))


def _strip(runs: list[Run]) -> list[Run]:
    """Drop the white space Markdown leaves at a paragraph's edges."""
    if runs:
        runs[0] = Run(runs[0].text.lstrip(), runs[0].bold, runs[0].italic)
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold, runs[-1].italic)
    return [run for run in runs if run.text]


def _merge(runs: list[Run]) -> Iterator[Run]:
    previous: Run | None = None
    for run in runs:
        if previous is not None and (previous.bold, previous.italic) == (run.bold, run.italic):
            previous = Run(previous.text + run.text, run.bold, run.italic)
            continue
        if previous is not None:
            yield previous
        previous = run
    if previous is not None:
        yield previous


def convert(tree: etree.Element | None, stash: tuple[str, ...] = (), *, table_width: int,
            heading_offset: int = 1) -> list[Block]:
    """Convert a body's element tree into blocks.

    Args:
        tree: the root element from :meth:`taskbook.bodytext.Reader.read` (``tree=True``).
        stash: the reading's HTML stash (to print placeholders literally).
        table_width: the text width in twips, shared out among a table's columns.
        heading_offset: ``##`` becomes level ``2 - heading_offset`` (the body's ``##``
            headings are the form's sections, level 1); levels are kept within 1..3.

    Returns:
        Headings, paragraphs and tables, in order.
    """
    converter = _Converter(stash, table_width, heading_offset)
    for element in tree if tree is not None else ():
        converter.block(element)
    return converter.blocks
