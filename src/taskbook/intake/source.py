"""A Word document as plain values: paragraphs with their emphasis, tables as grids.

:mod:`taskbook.intake.reader` fills these from a .docx; everything after that
(:mod:`taskbook.intake.parse`) reads only these values, so the parsing of a task book can be
tested on hand-made values, whatever produced the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ListKind = str
"""``ordered`` or ``bullet``: how Word numbers a paragraph of a list."""


@dataclass(frozen=True)
class Span:
    """A stretch of text with one emphasis (struck-through and deleted text left out)."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph outside tables.

    Attributes:
        spans: the text, with its emphasis.
        number: the paragraph's place among the document's paragraphs outside tables
            (1-based), to tell the user where something is.
        heading: the outline level of a heading (1 for 标题 1 …), 0 for body text.
        indent: the left indent in twips.
        first_line: the first line's indent in twips (negative when hanging).
        listed: ``ordered`` or ``bullet`` for a paragraph Word numbers itself, else ``""``.
        list_level: the nesting of a numbered paragraph (0 for the outermost).
        list_id: which of Word's lists it belongs to (numbering restarts per list).
    """

    spans: tuple[Span, ...]
    number: int
    heading: int = 0
    indent: int = 0
    first_line: int = 0
    listed: str = ""
    list_level: int = 0
    list_id: str = ""

    @property
    def text(self) -> str:
        """The paragraph's text."""
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Cell:
    """One cell of a table, placed on the table's grid.

    Attributes:
        text: the cell's paragraphs, joined by line breaks.
        row: the row it is written in (0-based).
        col: its first grid column (0-based).
        cols: grid columns it spans.
        top: for the lower part of a vertically merged cell, the row of its top part (whose
            text it shows); else ``row``.
    """

    text: str
    row: int
    col: int
    cols: int = 1
    top: int = -1

    @property
    def continued(self) -> bool:
        """Whether this is the lower part of a vertically merged cell (no text of its own)."""
        return 0 <= self.top < self.row


@dataclass(frozen=True)
class Table:
    """A table: its rows of cells, and its place among the document's tables (1-based)."""

    rows: tuple[tuple[Cell, ...], ...]
    number: int
    paragraphs_before: int = 0
    """How many paragraphs outside tables precede it (to place it among them)."""


Block = Paragraph | Table


@dataclass(frozen=True)
class Source:
    """A whole document: its paragraphs and tables in reading order."""

    blocks: tuple[Block, ...]
    producer: str = field(default="", compare=False)
    """The application that wrote the file, as it says (``taskbook`` for our own export)."""
