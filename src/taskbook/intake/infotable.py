"""跟踪研究工作信息表 → front-matter values, by the form model's labels.

Every label cell of :data:`taskbook.form.FORM`'s information table is indexed by its
folded text, with the groups it sits in (牵头单位信息 › 联系人, 工作组负责人, …). The
document's tables are read row by row: a cell that reads as a label names the field of
the model's cell that follows it, and the next non-empty cell to its right is that
field's value. Labels that occur in several groups (姓名, 手机, 职务 …) are told apart by
the group labels met before them, as a reader of the form would; table positions are
never used. A cell that is neither a label nor a label's value is reported, not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from taskbook.form import fold
from taskbook.form import model as m
from taskbook.intake import values
from taskbook.intake.match import Slot, match
from taskbook.intake.problems import Problems
from taskbook.intake.source import Cell, Table

_INDEX = re.compile(r"/\d+(?=/|$)")
Setter = Any  # Callable[[str, Any], None]: store a value at a pointer


@dataclass(frozen=True)
class Entry:
    """A label of the model: the field (or template) after it, and the groups around it."""

    label: m.Label
    value: m.Field | m.Template | None
    groups: tuple[str, ...]
    order: int
    group: bool = False
    repeat: m.Repeat | None = None

    @property
    def name(self) -> str:
        """The label's folded text (a group's key)."""
        return fold(self.label.text)


@dataclass
class Index:
    """The model's labels by folded text."""

    entries: dict[str, list[Entry]] = field(default_factory=dict)
    headers: dict[str, tuple[m.Repeat, int]] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        for key in {fold(entry.label.text), fold(entry.label.printed)}:
            if key:
                self.entries.setdefault(key, []).append(entry)

    def find(self, text: str) -> list[Entry]:
        """The entries a cell's text reads as (``[]`` when it is no label)."""
        return self.entries.get(fold(text), [])


def index(table: m.InfoTable) -> Index:
    """Index every label of the information table with the groups that contain it."""
    found = Index()
    spans: list[tuple[int, str]] = []  # (last row, group name), outer first
    order = 0
    for row_number, row in enumerate(table.rows):
        spans = [(last, name) for last, name in spans if last >= row_number]
        if isinstance(row, m.Repeat):
            assert isinstance(row.label.content, m.Label)
            found.add(Entry(row.label.content, None, (), order, repeat=row))
            order += 1
            for position, cell in enumerate(row.header):
                if isinstance(cell.content, m.Label):
                    found.headers[fold(cell.content.text)] = (row, position)
            continue
        for position, cell in enumerate(row):
            if not isinstance(cell.content, m.Label):
                continue
            after = row[position + 1].content if position + 1 < len(row) else None
            groups = tuple(name for _, name in spans)
            if cell.rows > 1:
                entry = Entry(cell.content, None, groups, order, group=True)
                spans.append((row_number + cell.rows - 1, entry.name))
            else:
                value = after if isinstance(after, m.Field | m.Template) else None
                entry = Entry(cell.content, value, groups, order)
            found.add(entry)
            order += 1
    return found


def generic(pointer: str) -> str:
    """A pointer with every list index as 0 (``/participants/3/name`` → ``/participants/0/name``)."""
    return _INDEX.sub("/0", pointer)


def template_pieces(template: m.Template) -> tuple[str | Slot, ...]:
    """A template's text and fields as pieces to match (fields named by pointer)."""
    return tuple(Slot(part.pointer) if isinstance(part, m.Field) else part for part in template.parts)


class Reader:
    """Reads the information table's cells into values (one reader for all its tables)."""

    def __init__(self, model: m.InfoTable, kinds: Mapping[str, str], store: Setter,
                 problems: Problems) -> None:
        self.index = index(model)
        self.kinds = kinds
        self.store = store
        self.problems = problems
        self.stack: tuple[str, ...] = ()
        self.last = -1
        self.repeat: m.Repeat | None = None
        self.header: dict[int, int] = {}  # grid column → position in the repeat's item
        self.items = 0
        self.labels: dict[tuple[int, int, int], Entry] = {}  # (table, row, col) → label
        self.filled: dict[tuple[int, int, int], Entry] = {}  # value cells
        self.found = 0
        """How many labels were recognised (none: this is not a task book)."""
        self.cells: dict[str, Cell] = {}
        """The cell each pointer's value was read from."""
        self.texts: dict[str, str] = {}
        """Each pointer's text as read (a value continued in a merged row is added to it)."""

    # --- labels ------------------------------------------------------------------------
    def resolve(self, candidates: list[Entry], table: Table, cell: Cell) -> Entry | None:
        """Choose among the entries a label reads as, by the groups met before it."""
        if len(candidates) == 1:
            return candidates[0]
        for test in (lambda e: e.groups == self.stack,
                     lambda e: bool(e.groups) and e.groups[-1] in self.stack,
                     lambda e: not e.groups and not self.stack):
            chosen = [entry for entry in candidates if test(entry)]
            if len(chosen) == 1:
                return chosen[0]
        following = sorted((e for e in candidates if e.order > self.last), key=lambda e: e.order)
        if not following:
            following = sorted(candidates, key=lambda e: e.order)
        chosen_entry = following[0]
        self.problems.cell("import-ambiguous", table, cell,
                           f"表中有多处“{cell.text.strip()}”，无法从所在分组判断属于哪一项，"
                           f"已按表格顺序理解为“{' › '.join(self._group_labels(chosen_entry))}”。",
                           self._pointer(chosen_entry))
        return chosen_entry

    def _group_labels(self, entry: Entry) -> list[str]:
        names = {e.name: e.label.text for entries in self.index.entries.values()
                 for e in entries if e.group}
        return [names.get(group, group) for group in entry.groups] + [entry.label.text]

    @staticmethod
    def _pointer(entry: Entry) -> str:
        return entry.value.pointer if isinstance(entry.value, m.Field) else ""

    def reachable(self, entry: Entry) -> bool:
        """A group label inside another group (联系人 in 牵头单位信息) counts only within it."""
        return not (entry.group and entry.groups) or entry.groups[-1] in self.stack

    def enter(self, entry: Entry) -> None:
        """Move the group context to a label just read."""
        self.found += 1
        self.last = entry.order
        self.stack = (*entry.groups, entry.name) if entry.group else entry.groups

    # --- values ------------------------------------------------------------------------
    def value(self, entry: Entry, text: str, table: Table, cell: Cell, append: bool = False) -> None:
        """Store the value typed after a label."""
        content = entry.value
        if isinstance(content, m.Template):
            self.template(content, text, table, cell)
        elif isinstance(content, m.Field):
            self.field(content, text, table, cell, "", append)

    def field(self, content: m.Field, text: str, table: Table, cell: Cell, base: str,
              append: bool = False) -> None:
        pointer = f"{base}/{content.pointer}" if base else content.pointer
        if content.format in ("index", "duration"):
            return  # derived from the book (a row's number, the research period)
        if append and pointer in self.texts:
            text = self.texts[pointer] + "\n" + text
        self.texts[pointer] = text
        cleaned = values.clean(text)
        if content.format == "boxes":
            chosen, ticked = values.boxes(cleaned, content.choices)
            if chosen is None and (len(ticked) > 1 or (cleaned and not ticked)):
                what = "勾选了多项" if len(ticked) > 1 else "没有勾选任何一项"
                self.problems.cell("import-choice", table, cell, f"{what}，未导入。", pointer)
            self.store_once(pointer, chosen, table, cell, append)
            return
        result: Any = cleaned
        if content.format == "month":
            result = values.month(cleaned) if cleaned else ""
        elif content.format == "period":
            result = values.period(cleaned) if cleaned else ""
        elif content.format == "amount" or content.unit or self.kinds.get(generic(pointer)) in ("integer", "number"):
            result = values.number(cleaned, content.unit) if cleaned else ""
        self.store_once(pointer, None if result == "" else result, table, cell, append)

    def store_once(self, pointer: str, value: Any, table: Table, cell: Cell,
                   more: bool = False) -> None:
        """Store a value, unless the table gave this field a value already (then report);
        ``more``: the value goes on in a merged row below (the text read so far is in it)."""
        if pointer in self.cells and self.cells[pointer] is not cell and not more:
            self.problems.cell("import-conflict", table, cell,
                               "信息表中这一项已在前面填写过，这里的写法没有导入。", pointer)
            return
        self.cells[pointer] = cell
        self.store(pointer, value)

    def template(self, template: m.Template, text: str, table: Table, cell: Cell) -> None:
        found = match(template_pieces(template), text)
        if found is None:
            self.problems.cell("import-unmapped", table, cell,
                               "这一格的文字与任务书格式不符（各项数字须写在原有文字之间），未导入。")
            return
        for part in template.fields:
            self.field(part, found[part.pointer], table, cell, "")

    # --- rows ----------------------------------------------------------------------------
    def read(self, table: Table) -> None:
        """Read every row of one table (the information table may come in several)."""
        for row in table.rows:
            self.row(table, row)

    def row(self, table: Table, row: tuple[Cell, ...]) -> None:
        cells = [cell for cell in row if cell.continued or cell.text.strip()]
        if self.repeat is not None and self.repeat_row(table, row, cells):
            return
        current: Entry | None = None
        appending = False
        taken = False
        for cell in cells:
            if cell.continued:
                top = self.labels.get((table.number, cell.top, cell.col))
                if top is not None and not top.group and top.repeat is None:
                    current, appending, taken = top, True, False
                continue
            entry, rest = self.label(table, cell)
            if entry is not None:
                self.enter(entry)
                self.labels[(table.number, cell.row, cell.col)] = entry
                if entry.repeat is not None:
                    self.start_repeat(entry.repeat, table, row, cell)
                    return
                current, appending, taken = entry, False, False
                if rest:
                    self.value(entry, rest, table, cell)
                    taken = True
                continue
            if current is not None and not taken and current.value is not None:
                self.value(current, cell.text, table, cell, append=appending)
                taken = True
                continue
            self.problems.cell("import-unmapped", table, cell, "对应不到信息表的任何栏目，未导入。")

    def label(self, table: Table, cell: Cell) -> tuple[Entry | None, str]:
        """The entry a cell's text reads as, and any value typed after it in the same cell
        (``姓名：王海涛``)."""
        candidates = [e for e in self.index.find(cell.text) if self.reachable(e)]
        if candidates:
            return self.resolve(candidates, table, cell), ""
        text = cell.text.strip()
        for separator in ("：", ":", "\n"):
            head, found, rest = text.partition(separator)
            if found and rest.strip():
                candidates = self.index.find(head)
                if candidates and not any(e.group or e.repeat for e in candidates):
                    return self.resolve(candidates, table, cell), rest.strip()
        return None, ""

    def reads_as_label(self, text: str) -> bool:
        """Whether a cell's text is a label (alone, or with its value after a colon)."""
        if self.index.find(text):
            return True
        for separator in ("：", ":"):
            head, found, rest = text.strip().partition(separator)
            if found and rest.strip() and self.index.find(head):
                return True
        return False

    # --- 工作组参与单位 -------------------------------------------------------------------
    def start_repeat(self, repeat: m.Repeat, table: Table, row: tuple[Cell, ...], label: Cell) -> None:
        self.repeat, self.header, self.items = repeat, {}, 0
        self.store(repeat.pointer, [])  # the list is there, even with no item filled in
        after = [cell for cell in row if cell.col > label.col and not cell.continued]
        self.read_header(repeat, after)

    def read_header(self, repeat: m.Repeat, cells: list[Cell]) -> bool:
        header: dict[int, int] = {}
        for cell in cells:
            found = self.index.headers.get(fold(cell.text))
            if found is not None and found[0] is repeat:
                header[cell.col] = found[1]
        if header:
            self.header = header
        return bool(header)

    def repeat_row(self, table: Table, row: tuple[Cell, ...], cells: list[Cell]) -> bool:
        """Read a row of the repeated list; False when the row is past the list."""
        repeat = self.repeat
        assert repeat is not None
        own = [cell for cell in cells if not cell.continued]
        for cell in own:
            if fold(cell.text) not in self.index.headers and self.reads_as_label(cell.text):
                self.repeat = None
                return False
        if self.read_header(repeat, own):
            return True
        texts = [cell for cell in own if cell.text.strip()]
        if not texts:
            return True
        base = f"{repeat.pointer}/{self.items}"
        mapped = False
        for cell in texts:
            position = self._column(cell)
            content = repeat.item[position].content if position is not None else None
            if isinstance(content, m.Field):
                if content.format != "index":
                    self.field(content, cell.text, table, cell, base)
                    mapped = True
                continue
            self.problems.cell("import-unmapped", table, cell, "对应不到工作组参与单位的任何一栏，未导入。")
        if mapped:
            self.items += 1
        return True

    def _column(self, cell: Cell) -> int | None:
        """The item's position under whose header a cell stands (by grid overlap)."""
        best: int | None = None
        for col, position in sorted(self.header.items()):
            if col <= cell.col:
                best = position
        if best is None and self.header:
            best = min(self.header.items())[1]
        return best

