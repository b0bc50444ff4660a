"""The printed task book as a pure layout: a book and the form model → a list of blocks.

Everything the form says (titles, labels, fixed sentences, the 北京/天津 wording, table
columns, the information table's rows) comes from :data:`taskbook.form.FORM`; everything
the book says comes from the typed book. Notes of kind ``instruction`` never print. The
``public`` profile works on a book whose private fields are already None
(:func:`public_book`), so no personal value can reach a block.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from taskbook.book import TaskBook, from_front
from taskbook.context import Context
from taskbook.export import mdblocks
from taskbook.export.blocks import (
    Align,
    Block,
    Cover,
    Heading,
    Merge,
    PageBreak,
    Paragraph,
    Run,
    SignatureBlock,
    Table,
)
from taskbook.form import fold
from taskbook.form import model as m
from taskbook.form.grid import lay_out
from taskbook.form.values import fill, show

Profile = Literal["public", "internal"]
PROFILES: tuple[str, ...] = ("internal", "public")


@dataclass(frozen=True)
class PageFormat:
    """Page geometry and type from 填写说明 4(2); lengths in twips, sizes in half-points.

    The book is side-stapled (侧钉装订): the left margin carries a binding gutter.
    """

    width: int = 11906  # A4
    height: int = 16838
    top: int = 1440  # 2.54 cm
    bottom: int = 1440
    left: int = 1588  # 2.8 cm
    right: int = 1474  # 2.6 cm
    gutter: int = 284  # 5 mm for the staples
    line: int = 500  # exact 25 pt (twentieths of a point)
    body_size: int = 24  # 小四, 12 pt
    heading_size: int = 24  # 小四
    table_size: int = 21  # 五号, 10.5 pt
    cover_title_size: int = 36  # 小二, 18 pt: the cover is not governed by 4(2)
    cover_size: int = 28  # 四号, 14 pt
    song: str = "宋体"
    hei: str = "黑体"
    latin: str = "Times New Roman"

    @property
    def text_width(self) -> int:
        """Width between the margins (the gutter taken off)."""
        return self.width - self.left - self.right - self.gutter


FORMAT = PageFormat()
BLANK = Paragraph((), "left", False)
"""An empty line, where the form leaves room (the certificate)."""


def _twips(points: float) -> int:
    return round(points * 20)


def _widths(points: tuple[float, ...]) -> tuple[int, ...]:
    """Column widths in twips that add up to the text width exactly."""
    widths = [_twips(p) for p in points]
    widths[-1] += FORMAT.text_width - sum(widths)
    return tuple(widths)


def _para(value: str, *, align: Align = "justify", indent: bool = True, bold: bool = False) -> Paragraph:
    return Paragraph((Run(value, bold=bold),), align, indent)


def public_book(book: TaskBook, context: Context) -> TaskBook:
    """The same book with every field the schema marks private left out."""
    return from_front(book.path, context.schema.public(book.front), book.body)


class Layout:
    """Lays out one book; one method per part of the form."""

    def __init__(self, book: TaskBook, context: Context) -> None:
        self.book = book
        self.context = context
        self.form = context.form
        self.city = book.city.name
        self.province = book.city.province

    def words(self, text: m.Words) -> str:
        """A text of the form for this book (variant and placeholders resolved)."""
        return self.form.words(text, self.city, self.province)

    def cover(self) -> Cover:
        """The cover page."""
        cover = self.form.cover
        lines = []
        for line in cover.lines:
            if isinstance(line.value, m.Field):
                value = show(line.value, self.book.front)
            elif isinstance(line.value, m.Template):
                value = fill(line.value, self.book.front)
            else:
                value = ""  # a line to sign on
            lines.append((line.label, value))
        return Cover(cover.attachment, cover.title, tuple(lines), cover.issuer, cover.date)

    def information_table(self) -> Table:
        """跟踪研究工作信息表, on the grid every renderer shares."""
        grid = lay_out(self.form.table, lambda pointer: len(self.book.at(pointer) or ()))
        rows = [[""] * len(grid.widths) for _ in range(grid.height)]
        align: list[list[Align | None]] = [[None] * len(grid.widths) for _ in range(grid.height)]
        where: Align
        merges = []
        for placed in grid.cells:
            content = placed.cell.content
            if isinstance(content, m.Label):
                text, where = content.printed, "center"
            elif isinstance(content, m.Field):
                text, where = show(content, self.book.front, placed.base, placed.index), "left"
                if content.format == "index":
                    where = "center"
            elif isinstance(content, m.Template):
                text, where = fill(content, self.book.front, placed.base), "left"
            else:
                text, where = content, "center"
            rows[placed.row][placed.col] = text
            align[placed.row][placed.col] = where
            if placed.rows > 1 or placed.cols > 1:
                merges.append(Merge(placed.row, placed.col, placed.rows, placed.cols))
        return Table(_widths(grid.widths), tuple(tuple(row) for row in rows), tuple(merges), 0,
                     tuple(tuple(row) for row in align))

    def body(self) -> list[Block]:
        """一 and 二 from the Markdown body, under the form's own headings and notes."""
        reading = self.context.reader.read(self.book.body, tree=True)
        blocks = mdblocks.convert(reading.tree, reading.raw, table_width=FORMAT.text_width)
        sections = {fold(s.heading): s for s in self.form.body_sections()}
        out: list[Block] = []
        current: m.Section | None = None
        for block in blocks:
            if isinstance(block, Heading) and block.level == 1:
                out += self._close(current)
                current = sections.get(fold(block.text))
                out += [PageBreak(), Heading(current.printed if current else block.text, 1)]
                continue
            if isinstance(block, Heading) and block.level == 2 and current is not None:
                out += self._printed_headings(current, block.text)
            out.append(block)
        out += self._close(current)
        return out

    def _printed_headings(self, section: m.Section, title: str) -> list[Block]:
        """Headings the form prints before a part (二's 考核指标：) though the book has none."""
        assert isinstance(section.content, m.Body)
        pending: list[Block] = []
        for part in section.content.parts:
            if isinstance(part, m.Heading):
                pending.append(Heading(part.title + (part.note.text if part.note and
                                                     part.note.kind == "label" else ""), 2))
            elif fold(part.title) and fold(part.title) in fold(title):
                return pending
            else:
                pending = []
        return []

    def _close(self, section: m.Section | None) -> list[Block]:
        """The fixed sentences that end a body section."""
        if section is None:
            return []
        return [_para(note.text) for note in section.notes if note.kind == "fixed"]

    def duties(self, duties: m.Duties) -> list[Block]:
        """三、各方的主要职责和承诺."""
        variant = self.form.variant(self.city)
        blocks: list[Block] = [_para(self.words(duties.intro))]
        for party in duties.parties:
            heading = self.words(party.heading)
            own = [d for d in party.duties if variant in d.variants]
            if len(own) == 1:
                blocks.append(Paragraph((Run(f"{heading}：", bold=True), Run(self.words(own[0].text)))))
                continue
            blocks.append(_para(f"{heading}：", bold=True))
            blocks += [_para(f"{d.unit}：{self.words(d.text)}" if d.unit else self.words(d.text))
                       for d in own]
        return blocks

    def list_table(self, table: m.Table) -> Table:
        """四 or 七: one row per item, the columns of the model."""
        widths = _widths(tuple(column.width for column in table.columns))
        rows = [tuple(column.label.printed for column in table.columns)]
        for number in range(len(self.book.at(table.pointer) or ())):
            base = f"{table.pointer}/{number}"
            rows.append(tuple(show(column.field, self.book.front, base, number + 1)
                              for column in table.columns))
        return Table(widths, tuple(rows), (), 1)

    def people(self, people: m.People) -> list[Block]:
        """五、主要研究人员: the column header repeats on each page; the groups follow it."""
        widths = _widths(tuple(column.width for column in people.columns))
        last = len(widths) - 1
        rows: list[tuple[str, ...]] = [tuple(c.label.printed for c in people.columns)]
        merges = []
        items = list(enumerate(self.book.at(people.pointer) or ()))
        for group in people.groups:
            members = sorted(
                (i for i, item in items if item.get(people.role) in group.roles),
                key=lambda i: group.roles.index(items[i][1].get(people.role)))
            if group is not people.groups[0] and not members:
                continue
            merges.append(Merge(len(rows), 0, 1, last + 1))
            rows.append((group.label.printed, *([""] * last)))
            for number, index in enumerate(members, start=1):
                rows.append(tuple(show(column.field, self.book.front, f"{people.pointer}/{index}",
                                       number) for column in people.columns))
        return [Table(widths, tuple(rows), tuple(merges), 1)]

    def signatures(self, signatures: m.Signatures) -> list[Block]:
        """六、任务书签订各方签章: one block per sealing unit."""
        variant = self.form.variant(self.city)
        blocks: list[Block] = []
        for signatory in signatures.signatories:
            if variant not in signatory.variants:
                continue
            unit = (fill(signatory.unit, self.book.front) if isinstance(signatory.unit, m.Template)
                    else self.words(signatory.unit))
            blocks.append(SignatureBlock(self.words(signatory.party), unit, signatory.lines,
                                         signatures.date))
        if signatures.note is not None and self.words(signatures.note):
            blocks.append(_para(self.words(signatures.note), indent=False))
        return blocks

    def certificates(self, certificate: m.Certificate) -> list[Block]:
        """八、经费证明: one page per funder; the form's hints never print."""
        blocks: list[Block] = []
        for number in range(len(self.book.at(certificate.pointer) or ())):
            if number:
                blocks.append(PageBreak())
            statement = fill(certificate.statement, self.book.front, f"{certificate.pointer}/{number}")
            blocks += [
                BLANK,
                _para(certificate.title, align="center", indent=False, bold=True),
                BLANK,
                _para(statement),
                _para(certificate.closing),
                BLANK,
                BLANK,
                _para(certificate.seal, align="right", indent=False),
                _para(certificate.date, align="right", indent=False),
            ]
        return blocks

    def section(self, section: m.Section) -> list[Block]:
        """One section of 三 to 九 (一 and 二 come from the body)."""
        content = section.content
        inner: list[Block]
        if isinstance(content, m.Duties):
            inner = self.duties(content)
        elif isinstance(content, m.Table):
            inner = [self.list_table(content)]
        elif isinstance(content, m.People):
            inner = self.people(content)
        elif isinstance(content, m.Signatures):
            inner = self.signatures(content)
        elif isinstance(content, m.Certificate):
            inner = self.certificates(content)
        elif isinstance(content, m.Terms):
            inner = [_para(self.words(item)) for item in content.items]
        else:
            return []
        inner += [_para(note.text) for note in section.notes if note.kind == "fixed"]
        return [PageBreak(), Heading(section.printed, 1), *inner]

    def build(self) -> list[Block]:
        """Every block of the book, in the form's order."""
        blocks: list[Block] = [self.cover()]
        blocks += [PageBreak(), Heading(self.form.instructions_title, 1, "center")]
        blocks += [_para(line) for line in self.form.instructions]
        blocks += [PageBreak(), Heading(self.form.table.title, 1, "center"), self.information_table()]
        blocks += self.body()
        for section in self.form.sections:
            blocks += self.section(section)
        return blocks


def build(book: TaskBook, context: Context, profile: Profile = "internal") -> list[Block]:
    """Lay out a whole task book.

    Args:
        book: a valid book.
        context: the run's schema (for the privacy marks), form and reader.
        profile: ``internal`` prints every field; ``public`` leaves out the private ones.

    Returns:
        The document's blocks, in the form's order.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    shown = book if profile == "internal" else public_book(book, context)
    return Layout(shown, context).build()
