"""The information table laid out on a grid, for any renderer.

The form model gives each row's cells with their widths, as the printed form draws them;
rows need not share their inner edges (姓名 and 联系电话 rows split differently). Like a
word processor, :func:`lay_out` takes every edge of every row as a column boundary, so each
cell covers whole grid columns; the site writes that grid as an HTML table, the exporter as
a Word table, and both show the same rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from taskbook.form.model import Cell, InfoTable, Repeat, Row


@dataclass(frozen=True)
class Placed:
    """A cell placed on the grid.

    Attributes:
        row: its first row.
        col: its first grid column.
        rows: rows it spans.
        cols: grid columns it spans.
        cell: the model's cell.
        base: for a cell of a repeated item, the item's pointer (``/participants/0``).
        index: the item's number (1-based), for a cell of a repeated item.
        header: a column header (the labels above a repeated list's items).
    """

    row: int
    col: int
    rows: int
    cols: int
    cell: Cell
    base: str = ""
    index: int | None = None
    header: bool = False


@dataclass(frozen=True)
class Layout:
    """The grid: column widths in points, and every placed cell in reading order."""

    widths: tuple[float, ...]
    cells: tuple[Placed, ...]
    height: int


def expand(table: InfoTable, count: Callable[[str], int]) -> Iterator[tuple[Row, str, int | None, int]]:
    """The table's rows with every :class:`Repeat` unrolled: ``(cells, base, index, headers)``,
    ``headers`` being how many cells at the row's end are column headers.

    Args:
        count: how many items the list at a pointer holds in the book at hand.
    """
    for row in table.rows:
        if not isinstance(row, Repeat):
            yield row, "", None, 0
            continue
        items = max(count(row.pointer), row.minimum)
        label = replace(row.label, rows=1 + items)
        yield (label, *row.header), "", None, len(row.header)
        for number in range(items):
            yield row.item, f"{row.pointer}/{number}", number + 1, 0


def lay_out(table: InfoTable, count: Callable[[str], int]) -> Layout:
    """Place every cell of the table on one grid.

    Raises:
        ValueError: a row's cells do not fill the table's width (a fault of the model).
    """
    placed: list[tuple[int, float, float, Cell, str, int | None, bool]] = []
    spans: list[tuple[int, float, float]] = []  # (last row, left, right) of tall cells
    edges = {0.0, round(table.width, 2)}
    height = 0
    for row_number, (cells, base, index, headers) in enumerate(expand(table, count)):
        active = sorted((left, right) for last, left, right in spans if last >= row_number)
        x = 0.0
        for position, cell in enumerate(cells):
            for left, right in active:
                if abs(left - x) < 0.01:
                    x = right
            right = round(x + cell.width, 2)
            placed.append((row_number, x, right, cell, base, index, position >= len(cells) - headers))
            if cell.rows > 1:
                spans.append((row_number + cell.rows - 1, x, right))
            edges.update((x, right))
            x = right
        for left, right in active:
            if abs(left - x) < 0.01:
                x = right
        if abs(x - table.width) > 0.01:
            raise ValueError(f"row {row_number + 1} of {table.title} is {x} wide, not {table.width}")
        height = row_number + 1
    bounds = sorted(edges)
    column = {edge: number for number, edge in enumerate(bounds)}
    widths = tuple(round(b - a, 2) for a, b in itertools.pairwise(bounds))
    return Layout(widths, tuple(
        Placed(row, column[left], cell.rows, column[right] - column[left], cell, base, index, header)
        for row, left, right, cell, base, index, header in placed
    ), height)
