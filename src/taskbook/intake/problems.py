"""Located problems of an import: where in the Word file, what was found, what to do.

A Word file has no line numbers; a problem names the table, its row and its cell (or the
paragraph) and quotes the text found, in Chinese, so that a work group finds it in Word.
``line`` holds the row (or the paragraph's number) and ``column`` the cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from taskbook.codes import make
from taskbook.diagnostics import Diagnostic
from taskbook.intake.source import Cell, Paragraph, Table

_EXCERPT = 40


def excerpt(text: str) -> str:
    """The text found, on one line and shortened, in Chinese quotes."""
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= _EXCERPT else flat[:_EXCERPT] + '…'}”"


def where_cell(table: Table, cell: Cell) -> str:
    """``第 1 个表格第 5 行第 3 格`` (cells counted as Word shows them, merged ones once)."""
    row = table.rows[cell.row]
    position = next((index for index, item in enumerate(row, 1) if item is cell), 1)
    return f"第 {table.number} 个表格第 {cell.row + 1} 行第 {position} 格"


@dataclass
class Problems:
    """Collects the problems of one import."""

    file: str
    found: list[Diagnostic] = field(default_factory=list)

    def cell(self, code: str, table: Table, cell: Cell, message: str, pointer: str = "") -> None:
        """A problem in a table cell; ``message`` follows the location and the text found."""
        row = table.rows[cell.row]
        position = next((index for index, item in enumerate(row, 1) if item is cell), 1)
        self.found.append(make(code, self.file, cell.row + 1, position, pointer,
                               f"{where_cell(table, cell)}{excerpt(cell.text)}：{message}"))

    def paragraph(self, code: str, paragraph: Paragraph, message: str, pointer: str = "",
                  section: str = "") -> None:
        """A problem in a paragraph outside tables (``section``: the form's section it is in)."""
        place = f"“{section}”中" if section else ""
        self.found.append(make(code, self.file, paragraph.number, 1, pointer,
                               f"{place}第 {paragraph.number} 段{excerpt(paragraph.text)}：{message}"))

    def document(self, code: str, message: str, pointer: str = "") -> None:
        """A problem of the whole document."""
        self.found.append(make(code, self.file, 1, 1, pointer, message))
