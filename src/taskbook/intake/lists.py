"""四、七 and 五: tables with one row per item, read by the model's column labels.

The header row is the row whose cells read as the model's column labels; each later cell
belongs to the column under whose label it stands. Blank rows (a hand-typed form keeps
its empty lines) are skipped; in 五 the group rows (负责人（A/B 角…）, 主要研究人员) only
group the people and are skipped too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from taskbook.form import fold
from taskbook.form import model as m
from taskbook.intake import values
from taskbook.intake.problems import Problems
from taskbook.intake.source import Cell, Table


def _label_keys(column: m.Column) -> set[str]:
    return {fold(column.label.text), fold(column.label.printed)}


class ListReader:
    """Reads the rows of a list table (the same reader across a section's tables)."""

    def __init__(self, pointer: str, columns: tuple[m.Column, ...], kinds: Mapping[str, str],
                 problems: Problems, groups: tuple[m.Label, ...] = (), title: str = "") -> None:
        self.pointer = pointer
        self.columns = columns
        self.kinds = kinds
        self.problems = problems
        self.groups = {key for g in groups for key in (fold(g.text), fold(g.printed))}
        self.title = title
        self.header: dict[int, int] = {}  # grid column → column position
        self.items: list[dict[str, Any]] = []
        self.keys = [_label_keys(column) for column in columns]

    def read(self, table: Table) -> None:
        """Read one table of the section."""
        for row in table.rows:
            self.row(table, row)

    def header_of(self, row: tuple[Cell, ...]) -> dict[int, int]:
        found: dict[int, int] = {}
        for cell in row:
            key = fold(cell.text)
            for position, keys in enumerate(self.keys):
                if key in keys:
                    found[cell.col] = position
        return found if len(found) * 2 >= len(self.columns) else {}

    def row(self, table: Table, row: tuple[Cell, ...]) -> None:
        own = [cell for cell in row if not cell.continued and cell.text.strip()]
        if not own:
            return
        if len(own) == 1 and fold(own[0].text) in self.groups:
            return
        header = self.header_of(row)
        if header:
            self.header = header
            return
        if not self.header:
            for cell in own:
                self.problems.cell("import-unmapped", table, cell,
                                   f"在“{self.title}”的表头之前，对应不到任何一栏，未导入。")
            return
        item: dict[str, Any] = {}
        for cell in own:
            position = self.column(cell)
            field = self.columns[position].field if position is not None else None
            if field is None:
                self.problems.cell("import-unmapped", table, cell,
                                   f"不在“{self.title}”的任何一栏之下，未导入。")
                continue
            if field.format == "index":
                continue
            value = self.value(field, cell.text)
            if value is not None:
                item[field.pointer] = value
        if item:
            self.items.append(item)

    def column(self, cell: Cell) -> int | None:
        best: int | None = None
        for col, position in sorted(self.header.items()):
            if col <= cell.col:
                best = position
        return best

    def value(self, field: m.Field, text: str) -> Any:
        cleaned = values.clean(text)
        if not cleaned:
            return None
        kind = self.kinds.get(f"{self.pointer}/0/{field.pointer}")
        if field.format == "period":
            return values.period(cleaned)
        if field.format == "amount" or kind in ("integer", "number"):
            return values.number(cleaned)
        if field.pointer == "role":
            return values.normal(cleaned).removesuffix("角").strip().upper() or None
        return cleaned

    def result(self, required: tuple[str, ...]) -> list[dict[str, Any]]:
        """The items, each with the model's columns in order (absent required ones as None)."""
        ordered = []
        for item in self.items:
            row: dict[str, Any] = {}
            for column in self.columns:
                key = column.field.pointer
                if not key:
                    continue
                if key in item:
                    row[key] = item[key]
                elif key in required:
                    row[key] = None
            ordered.append(row)
        return ordered
