"""The layout model's vocabulary: frozen blocks a writer turns into a document.

Blocks hold only text and geometry, never python-docx objects, so the whole document can
be built, compared and dumped to JSON without Word.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Run:
    """A stretch of text with one emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Cover:
    """The cover page: attachment mark, title, the filled-in fields and the issuer."""

    attachment: str
    title: tuple[str, ...]
    """The title's lines, as the form breaks them."""
    fields: tuple[tuple[str, str], ...]
    """(label, value) pairs such as ``("任务名称", "…")``; a value may be empty."""
    issuer: str
    date: str


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 for the form's sections (一 … 九), 2 and 3 below them."""

    text: str
    level: int = 1
    align: Align = "left"


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph.

    Attributes:
        runs: the text.
        align: horizontal alignment.
        indent: indent the first line by two characters (Chinese body text).
        level: list nesting; each level indents the paragraph by two characters.
    """

    runs: tuple[Run, ...]
    align: Align = "justify"
    indent: bool = True
    level: int = 0


@dataclass(frozen=True)
class Merge:
    """A rectangle of table cells shown as one (top-left cell's text)."""

    row: int
    col: int
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class Table:
    """A table on a full grid.

    Attributes:
        widths: column widths in twentieths of a point (twips); they sum to the text width.
        rows: every cell's text, row by row, each row as long as ``widths``; a cell covered
            by a merge (other than its top-left cell) is ``""``. Line breaks split a cell
            into paragraphs.
        merges: rectangles shown as one cell.
        header_rows: leading rows repeated on each page and set in bold.
        align: see below.
    """

    widths: tuple[int, ...]
    rows: tuple[tuple[str, ...], ...]
    merges: tuple[Merge, ...] = ()
    header_rows: int = 0
    align: tuple[tuple[Align | None, ...], ...] = ()
    """Per cell (row by row, like ``rows``): its alignment, or None to let the writer
    decide (labels and short values centred, running text left)."""


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True)
class SignatureBlock:
    """One signing party on the 签章 page.

    Attributes:
        party: 甲方, 乙方, 丙方 or 丁方 with the form's parenthesis, or ``""`` for a second
            unit of the same party.
        unit: the unit that seals.
        lines: the signature lines, e.g. ``负责人（签章）：``.
        date: the date line, left blank for the pen.
    """

    party: str
    unit: str
    lines: tuple[str, ...]
    date: str


Block = Cover | Heading | Paragraph | Table | PageBreak | SignatureBlock


def to_json(blocks: list[Block] | tuple[Block, ...]) -> list[dict[str, Any]]:
    """Return the blocks as plain JSON values, each tagged with its type (for golden files)."""
    return [{"type": type(block).__name__, **dataclasses.asdict(block)} for block in blocks]
