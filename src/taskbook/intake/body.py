"""一 and 二 of the Word document → the book's Markdown under the form's headings.

The exporter prints a body section under the form's heading (``一、目标和任务``), its
``###`` parts as level-2 headings, ``####`` as level 3, list items as indented paragraphs
that start with their number or a bullet, tables as tables, and adds what the form prints
but the book does not write (二's “考核指标：（…）”, the fixed sentence that ends 二).
This module undoes that: the form's own headings and sentences are recognised by the
model (folded) and dropped or turned back into the book's headings; the rest becomes
Markdown. A hand-typed form is read the same way: its “预期成果包括但不限于以下：” opens
the part 预期成果, its headings may be bold lines such as “（一）研究目标”.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from taskbook.form import fold
from taskbook.form import model as m
from taskbook.intake import markdown
from taskbook.intake.source import Block, Paragraph, Span, Table

_INDENT = 480
"""Twips a list level indents (two characters of 小四, as the exporter writes it)."""
_ITEM = re.compile(r"^(\d+)[.．](?:\s+|(?=[^\d\s.．]))|^([•·●▪◦○■\-])\s+")


def _notes(section: m.Section) -> list[str]:
    """Folded sentences of the form that never belong to the book's text."""
    assert isinstance(section.content, m.Body)
    notes = [n for n in (section.note, *section.notes) if n is not None]
    for part in section.content.parts:
        if isinstance(part, m.Part):
            notes += [n for n in part.notes if not fold(n.text).startswith(fold(part.title))]
        elif part.note is not None:
            notes.append(part.note)
    texts = [fold(note.text) for note in notes]
    for part in section.content.parts:
        if isinstance(part, m.Heading):
            texts += [fold(part.title), fold(part.title + (part.note.text if part.note else ""))]
    return [text for text in texts if text]


def _part(section: m.Section, text: str) -> m.Part | None:
    """The part a paragraph opens: its title alone, with a note, or a note that names it
    (“预期成果包括但不限于以下：”)."""
    assert isinstance(section.content, m.Body)
    folded = fold(text).replace(":", "")  # “可预期指标：（…）”: a colon between title and note
    for part in section.content.written:
        title = fold(part.title)
        if folded == title:
            return part
        for note in part.notes:
            note_text = fold(note.text).replace(":", "")
            if folded in (title + note_text, note_text) and (folded != note_text or note_text.startswith(title)):
                return part
    return None


def _topic(section: m.Section, text: str) -> bool:
    assert isinstance(section.content, m.Body)
    folded = fold(text)
    return any(folded == fold(topic.title) for part in section.content.written for topic in part.topics)


@dataclass
class Writer:
    """Builds one section's Markdown, block by block."""

    section: m.Section
    own_export: bool
    lines: list[str] = field(default_factory=list)
    list_depth: int = -1
    """The nesting of the list being written (-1: none)."""
    numbers: dict[tuple[str, int], int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def add(self, block: Block) -> None:
        if isinstance(block, Table):
            self.table(block)
        else:
            self.paragraph(block)

    def heading(self, level: int, text: str) -> None:
        self.list_depth = -1
        self.blank()
        self.lines += [f"{'#' * level} {' '.join(text.split())}", ""]

    def paragraph(self, paragraph: Paragraph) -> None:
        text = paragraph.text.strip()
        if not text:
            return
        if fold(text) in self.notes:
            return
        part = _part(self.section, text)
        if part is not None:
            self.heading(3, text if fold(text) == fold(part.title) else part.title)
            return
        if _topic(self.section, text):
            self.heading(4, text)
            return
        if paragraph.heading > 0:
            self.heading(min(6, max(3, paragraph.heading + 1)), text)
            return
        self.body(paragraph)

    def body(self, paragraph: Paragraph) -> None:
        spans = list(paragraph.spans)
        level = paragraph.indent // _INDENT if paragraph.first_line <= 0 else 0
        if paragraph.listed:
            self.item(paragraph.list_level, paragraph.listed == "ordered", spans,
                      self._next_number(paragraph))
            return
        match = _ITEM.match(paragraph.text.lstrip())
        if match and level > 0:
            self.item(level - 1, match.group(1) is not None, _drop(spans, match.end()),
                      int(match.group(1)) if match.group(1) else 0)
            return
        text = markdown.inline(spans)
        if level > 0 and self.list_depth >= 0 and level - 1 <= self.list_depth:
            self.blank()  # a further paragraph of a list item
            self.lines += [("    " * level) + line for line in text.split("\n")]
            self.lines.append("")
            return
        self.list_depth = -1
        self.blank()
        if level > 0 and self.own_export:
            self.lines += [("> " * level) + line for line in text.split("\n")]
        else:
            self.lines += text.split("\n")
        self.lines.append("")

    def _next_number(self, paragraph: Paragraph) -> int:
        key = (paragraph.list_id, paragraph.list_level)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        for other in [k for k in self.numbers if k[0] == paragraph.list_id and k[1] > paragraph.list_level]:
            del self.numbers[other]
        return self.numbers[key]

    def item(self, depth: int, ordered: bool, spans: list[Span], number: int) -> None:
        if self.list_depth < 0:
            self.blank()
        depth = min(depth, self.list_depth + 1)
        if self.lines and self.lines[-1] == "" and self.list_depth >= 0:
            self.lines.pop()  # items of one list stay together
        marker = f"{number}." if ordered else "-"
        text = markdown.inline(spans) or ""
        first, *rest = text.split("\n") if text else [""]
        pad = "    " * depth
        self.lines.append(f"{pad}{marker} {first}".rstrip() if first else f"{pad}{marker}")
        self.lines += [f"{pad}    {line}" for line in rest]
        self.list_depth = depth

    def table(self, table: Table) -> None:
        self.list_depth = -1
        rows = [[cell.text for cell in row] for row in table.rows]
        width = max((cell.col + cell.cols for row in table.rows for cell in row), default=0)
        grid = [[""] * width for _ in rows]
        for row in table.rows:
            for cell in row:
                if not cell.continued:
                    grid[cell.row][cell.col] = cell.text
        rows = [row for row in grid if any(text.strip() for text in row)]
        if not rows:
            return
        self.blank()
        self.lines += markdown.table(rows)
        self.lines.append("")

    def text(self) -> list[str]:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return self.lines


def _drop(spans: list[Span], count: int) -> list[Span]:
    """The spans without their first ``count`` characters (a list item's number)."""
    out: list[Span] = []
    for span in spans:
        if count >= len(span.text):
            count -= len(span.text)
            continue
        out.append(Span(span.text[count:], span.bold, span.italic) if count else span)
        count = 0
    if out:
        out[0] = Span(out[0].text.lstrip(), out[0].bold, out[0].italic)
    return out



def section_markdown(section: m.Section, blocks: list[Block], own_export: bool) -> list[str]:
    """The Markdown lines of one body section (its ``##`` heading included)."""
    writer = Writer(section, own_export, notes=_notes(section))
    writer.lines += [f"## {section.heading}", ""]
    for block in blocks:
        writer.add(block)
    return writer.text()
