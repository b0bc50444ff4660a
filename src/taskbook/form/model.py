"""The vocabulary of the form model: frozen values that describe a printed form.

The model says *what* the official form holds and in which order: its cover, 填写说明, the
information table as rows of cells (labels, and fields bound to JSON pointers of the front
matter), the numbered sections with their exact titles, fixed sentences, table columns and
per-variant wording. It says nothing about HTML, Word or YAML: the city page, the printed
book, ``taskbook new``'s skeleton, the Word import and the browser form each read it and
decide *how* to show it (the idea of JSON Forms' UI schema, over our own JSON Schema).

Every note of the form is one of three kinds (:data:`NoteKind`):

``label``
    part of a heading or label; it prints whole with it (二's "（包括主要技术指标…）",
    研究内容's "（300 字以内）").
``fixed``
    a sentence of the form's own that prints as written (二's "（数据、成果的数量和质量须满足
    攻关项目管理办公室的要求。）").
``instruction``
    tells the writer what to do ("（单位全称）", "（可多页）", "（可自行加行）"); it never
    prints, and the skeleton and the browser form show it as a hint.

Texts may hold ``{city}``, ``{province}``, ``{government}`` and ``{notice}``, which the
renderers fill in for the book at hand (:meth:`Form.words`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

NoteKind = Literal["label", "fixed", "instruction"]
Variant = Literal["general", "municipal"]
"""Most cities, or 北京市 and 天津市 (no provincial party; 丁方 is the city's bureau)."""
Format = Literal["text", "month", "period", "duration", "boxes", "index", "amount"]
"""How a field's value is written: as is; ``2021-05`` → ``2021 年 5 月``; ``2021-05/2021-07`` →
``2021年5月-2021年7月``; the span of ``/task`` → ``2 年``; choices as ☐/■ boxes; the item's
number in its list; an amount without trailing zeros."""


@dataclass(frozen=True)
class Note:
    """A note of the form: printed with its label, printed alone, or an instruction."""

    text: str
    kind: NoteKind


@dataclass(frozen=True)
class ByVariant:
    """Wording that differs for 北京市 and 天津市."""

    general: str
    municipal: str

    def of(self, variant: Variant) -> str:
        """The wording for ``variant``."""
        return self.municipal if variant == "municipal" else self.general


Words = str | ByVariant
"""A text of the form, the same for every city or differing by variant."""


@dataclass(frozen=True)
class Label:
    """A label of the form, with the note that belongs to it, if any."""

    text: str
    note: Note | None = None

    @property
    def printed(self) -> str:
        """The label as printed: with its note when the note is of kind ``label``."""
        if self.note is not None and self.note.kind == "label":
            return self.text + self.note.text
        return self.text


@dataclass(frozen=True)
class Field:
    """A value of the book, bound to the front matter by a JSON pointer.

    Attributes:
        pointer: RFC 6901 pointer; inside a :class:`Repeat` or a :class:`Table`, relative to
            the item (``name``), or ``""`` for the item itself (with format ``index``).
        format: how the value is written (:data:`Format`).
        unit: printed after the value, e.g. ``人月``.
        choices: the options of a ``boxes`` field, in the form's order.
        hint: an instruction where the value goes (shown by the skeleton, never printed).
    """

    pointer: str
    format: Format = "text"
    unit: str = ""
    choices: tuple[str, ...] = ()
    hint: Note | None = None


@dataclass(frozen=True)
class Template:
    """Running text with fields inside it, e.g. 参加人数's "32 人。其中：高级 11 人，…"."""

    parts: tuple[str | Field, ...]

    @property
    def fields(self) -> tuple[Field, ...]:
        """The fields, in order."""
        return tuple(part for part in self.parts if isinstance(part, Field))


Content = Label | Field | Template | str
"""What a cell holds: a label, a bound value, text with values, or fixed text."""


@dataclass(frozen=True)
class Cell:
    """One cell of a table laid out like the form.

    Attributes:
        content: what the cell shows.
        width: in points; the cells of a row (with the cells reaching down into it from
            rows above) add up to the table's width, as in the printed form.
        rows: how many rows the cell spans downwards (a group's label).
        vertical: a narrow group label written one character a line.
    """

    content: Content
    width: float
    rows: int = 1
    vertical: bool = False


Row = tuple[Cell, ...]


@dataclass(frozen=True)
class Repeat:
    """Rows that repeat once per item of a list (工作组参与单位), under a group label.

    Attributes:
        pointer: the list, e.g. ``/participants``.
        label: the group's label cell; it spans the header and every item row.
        header: the column labels, right of the group label.
        item: the cells of one item; fields are relative to the item.
        minimum: rows printed even when the list is shorter (blank rows to write in).
    """

    pointer: str
    label: Cell
    header: Row
    item: Row
    minimum: int = 1


@dataclass(frozen=True)
class InfoTable:
    """跟踪研究工作信息表: rows of cells; :class:`Repeat` rows grow with the book."""

    title: str
    width: float
    rows: tuple[Row | Repeat, ...]


@dataclass(frozen=True)
class CoverLine:
    """A line of the cover: a label and the value (or a blank to sign or seal on)."""

    label: str
    value: Field | Template | None = None
    hint: Note | None = None


@dataclass(frozen=True)
class Cover:
    """The cover page."""

    attachment: str
    title: tuple[str, ...]
    """The title's lines, as the form breaks them."""
    lines: tuple[CoverLine, ...]
    issuer: str
    date: str


@dataclass(frozen=True)
class Topic:
    """A research topic every book must treat under 主要研究内容和任务 (a ``####`` heading)."""

    title: str


@dataclass(frozen=True)
class Part:
    """A part of a section written in the book's Markdown body (a ``###`` heading).

    Attributes:
        title: the heading; the book must have it (compared after folding width, spaces,
            quotes and subscripts).
        notes: what the form says under the heading.
        topics: ``####`` headings the book must have below it.
        defaults: the form's suggested items, ``XX`` standing for the city (``{city}``); the
            skeleton starts from them.
        printed: False for a heading the book never writes but the printed form shows
            (二's "考核指标："), placed before the next part.
    """

    title: str
    notes: tuple[Note, ...] = ()
    topics: tuple[Topic, ...] = ()
    defaults: tuple[str, ...] = ()
    printed: bool = True


@dataclass(frozen=True)
class Heading:
    """A heading the form prints between parts, which the book does not write."""

    title: str
    note: Note | None = None


@dataclass(frozen=True)
class Body:
    """A section written in the book's Markdown body (一 and 二)."""

    parts: tuple[Part | Heading, ...]

    @property
    def written(self) -> tuple[Part, ...]:
        """The parts the book must write, in order."""
        return tuple(part for part in self.parts if isinstance(part, Part))


@dataclass(frozen=True)
class Duty:
    """One unit's duties within a party of 三 (甲方 has two units)."""

    unit: str
    text: str
    variants: tuple[Variant, ...] = ("general", "municipal")


@dataclass(frozen=True)
class Party:
    """One party of 三: its heading and its units' duties."""

    heading: Words
    duties: tuple[Duty, ...]


@dataclass(frozen=True)
class Duties:
    """三、各方的主要职责和承诺: the same for every city but for the 北京/天津 wording."""

    intro: str
    parties: tuple[Party, ...]


@dataclass(frozen=True)
class Column:
    """A column of a list table: its label and the field of each item."""

    label: Label
    field: Field
    width: float


@dataclass(frozen=True)
class Table:
    """A table with one row per item of a list (四, 七)."""

    pointer: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Group:
    """Rows of a :class:`People` table chosen by the ``role`` of each person."""

    label: Label
    roles: tuple[str | None, ...]
    """The roles in this group, in the order they are listed (``None``: no role)."""


@dataclass(frozen=True)
class People:
    """五、主要研究人员: one column header, then the groups (负责人 A/B, then the others)."""

    pointer: str
    role: str
    """The item's key holding A/B."""
    columns: tuple[Column, ...]
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Signatory:
    """One unit that signs and seals on 六's page.

    Attributes:
        party: the party's heading (甲方 …), or ``""`` for a second unit of the same party.
        unit: the unit, may hold ``{province}``, ``{government}``, or a field.
        lines: the signature lines, e.g. ``负责人（签章）：``.
        variants: the variants that have this unit (the province is not a party of 北京).
    """

    party: Words
    unit: str | Template
    lines: tuple[str, ...]
    variants: tuple[Variant, ...] = ("general", "municipal")


@dataclass(frozen=True)
class Signatures:
    """六、任务书签订各方签章."""

    signatories: tuple[Signatory, ...]
    date: str
    """The blank date line under each unit."""
    note: ByVariant | None = None
    """A note printed for one variant only (the form's 注 on 北京/天津)."""
    record: str = "signing"
    """The front-matter key of the signing record, added after the book is signed."""


@dataclass(frozen=True)
class Certificate:
    """八、经费证明: one page per item of a list (each funder)."""

    pointer: str
    title: str
    statement: Template
    closing: str
    seal: str
    date: str


@dataclass(frozen=True)
class Terms:
    """九、共同条款: numbered paragraphs, the same for every city."""

    items: tuple[str, ...]


SectionContent = Body | Duties | Table | People | Signatures | Certificate | Terms


@dataclass(frozen=True)
class Section:
    """A numbered section of the form (一 … 九).

    Attributes:
        number: the Chinese numeral.
        title: the title after ``一、``.
        note: a note on the title: printed with it (kind ``label``) or a hint.
        content: what the section holds.
        notes: notes under the content, in order: fixed sentences print, instructions do not.
    """

    number: str
    title: str
    content: SectionContent
    note: Note | None = None
    notes: tuple[Note, ...] = ()

    @property
    def heading(self) -> str:
        """``一、目标和任务``: the heading as every renderer writes it (without its note)."""
        return f"{self.number}、{self.title}"

    @property
    def printed(self) -> str:
        """The heading as the printed book writes it, with a note of kind ``label``."""
        if self.note is not None and self.note.kind == "label":
            return self.heading + self.note.text
        return self.heading


@dataclass(frozen=True)
class Rules:
    """What the form fixes about the values, beyond each field's own format.

    Attributes:
        task_name: 任务名称, ``{city}`` standing for the city.
        task_id: 任务编号's prefix; the city's two-digit number follows.
        periods: the quarters of 四, in order (``YYYY-MM/YYYY-MM``).
        summary_limit: characters of 研究内容 (white space not counted).
        funders: how a funder's full name ends (a government or an environment bureau).
    """

    task_name: str
    task_id: str
    periods: tuple[str, ...]
    summary_limit: int
    funders: tuple[str, ...]


@dataclass(frozen=True)
class Form:
    """A whole official form: the cover, 填写说明, the information table and the sections.

    Attributes:
        title: the document's title, one line.
        instructions: 填写说明, paragraph by paragraph.
        municipalities: the cities whose books follow the ``municipal`` variant.
        rules: what the form fixes about values.
        names: values for the placeholders of every text (``{notice}`` …).
    """

    title: str
    cover: Cover
    instructions_title: str
    instructions: tuple[str, ...]
    table: InfoTable
    sections: tuple[Section, ...]
    municipalities: tuple[str, ...]
    rules: Rules
    names: tuple[tuple[str, str], ...] = field(default=())

    def variant(self, city: str) -> Variant:
        """The variant a city's book follows."""
        return "municipal" if city in self.municipalities else "general"

    def section(self, number: str) -> Section:
        """The section with the Chinese numeral ``number``."""
        return next(s for s in self.sections if s.number == number)

    def words(self, text: Words, city: str, province: str = "") -> str:
        """A text of the form for one book: variant chosen, placeholders filled in."""
        variant = self.variant(city)
        chosen = text.of(variant) if isinstance(text, ByVariant) else text
        return chosen.format(city=city, province=province,
                             government=self.government(city), **dict(self.names))

    def government(self, city: str) -> str:
        """丁方 of a city: its people's government, or for 北京/天津 its environment bureau."""
        return f"{city}生态环境局" if self.variant(city) == "municipal" else f"{city}人民政府"

    def body_sections(self) -> tuple[Section, ...]:
        """The sections written in the book's Markdown body, in order."""
        return tuple(s for s in self.sections if isinstance(s.content, Body))
