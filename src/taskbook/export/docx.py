"""The python-docx writer: lay the blocks of :mod:`taskbook.export.layout` out as a .docx.

Everything about content and order is decided by the layout model; this module only maps
blocks onto Word objects and applies the type rules of 填写说明 4(2). Word resolves a run's
font from ``w:rFonts``; python-docx's ``font.name`` leaves ``w:eastAsia`` (the font used
for Chinese) unset and the default template's theme attributes override explicit names,
so every style's ``w:rFonts`` is rewritten here.
"""

from __future__ import annotations

import datetime
import io
import os
from collections.abc import Iterable
from typing import Any, cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, Twips
from docx.styles.style import BaseStyle
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.parfmt import ParagraphFormat

from taskbook.book import TaskBook
from taskbook.context import Context
from taskbook.export.blocks import (
    Block,
    Cover,
    Heading,
    Merge,
    PageBreak,
    Paragraph,
    SignatureBlock,
    Table,
)
from taskbook.export.layout import FORMAT, Profile, build

TABLE_STYLE = "TB Table"
COVER_STYLE = "TB Cover"
COVER_TITLE_STYLE = "TB Cover Title"
HEI_STYLES = ("Heading 1", "Heading 2", "Heading 3", "Title", COVER_TITLE_STYLE)
"""Styles set in 黑体; every other style is 宋体."""
SIZES = {
    "Normal": FORMAT.body_size,
    "Heading 1": FORMAT.heading_size,
    "Heading 2": FORMAT.heading_size,
    "Heading 3": FORMAT.heading_size,
    "Footer": FORMAT.body_size,
    TABLE_STYLE: FORMAT.table_size,
    "Table Grid": FORMAT.table_size,
    COVER_STYLE: FORMAT.cover_size,
    COVER_TITLE_STYLE: FORMAT.cover_title_size,
}
"""Size in half-points of every style the document uses."""
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_CELL_MARGIN = 57  # each side of a cell, in twips (0.1 cm): the form's tables are dense


def set_fonts(rpr: BaseOxmlElement, east_asian: str) -> None:
    """Name the fonts of a ``w:rPr``: ``east_asian`` for Chinese, Times New Roman for Latin."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in _THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), FORMAT.latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _style_rpr(style: BaseStyle) -> BaseOxmlElement:
    properties: BaseOxmlElement = style.element.get_or_add_rPr()
    return properties


def _exact_spacing(paragraph_format: ParagraphFormat) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Twips(FORMAT.line)
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)


def _paragraph_style(document: DocxDocument, name: str, *, base: str = "Normal") -> BaseStyle:
    styles = document.styles
    if name in [s.name for s in styles]:
        found: BaseStyle = styles[name]
        return found
    style: Any = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    return cast(BaseStyle, style)


def setup_styles(document: DocxDocument) -> None:
    """Apply 填写说明 4(2) to the styles: fonts, sizes, exact 25 pt spacing, black headings."""
    # The document defaults carry theme fonts too; a run without a style falls back to them.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, FORMAT.song)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:eastAsia"), "zh-CN")

    _paragraph_style(document, TABLE_STYLE)
    _paragraph_style(document, COVER_STYLE)
    _paragraph_style(document, COVER_TITLE_STYLE)
    for style in document.styles:
        if style.type == WD_STYLE_TYPE.LIST:
            continue  # numbering styles hold no run properties
        set_fonts(_style_rpr(style), FORMAT.hei if style.name in HEI_STYLES else FORMAT.song)
    for name, size in SIZES.items():
        style = document.styles[name]
        style.font.size = Pt(size / 2)
        if style.type == WD_STYLE_TYPE.PARAGRAPH:
            _exact_spacing(style.paragraph_format)
    document.styles["Normal"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for level in (1, 2, 3):
        heading = document.styles[f"Heading {level}"]
        heading.font.bold = False  # 黑体 is heavy already; the form's headings are not bold
        heading.font.italic = False
        heading.font.color.rgb = None
        heading.paragraph_format.keep_with_next = True
        _remove_color(heading)
    document.styles[COVER_TITLE_STYLE].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _remove_color(style: BaseStyle) -> None:
    rpr = _style_rpr(style)
    for child in rpr.findall(qn("w:color")):
        rpr.remove(child)


def _geometry(section: Any) -> None:
    section.page_width, section.page_height = Twips(FORMAT.width), Twips(FORMAT.height)
    section.top_margin, section.bottom_margin = Twips(FORMAT.top), Twips(FORMAT.bottom)
    section.left_margin, section.right_margin = Twips(FORMAT.left), Twips(FORMAT.right)
    section.gutter = Twips(FORMAT.gutter)  # 侧钉装订: room for the staples on the left


def setup_page(document: DocxDocument) -> None:
    """A4, the margins and the binding gutter of the cover's section (no page number)."""
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    _geometry(section)
    section.footer.paragraphs[0].style = document.styles["Footer"]


def start_numbered_section(document: DocxDocument) -> None:
    """End the cover's section; the rest is numbered from 1 in a centred footer."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _geometry(section)
    section.footer.is_linked_to_previous = False
    paragraph = section.footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    _page_field(paragraph)
    paragraph.add_run(" —")
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    properties = section._sectPr
    # w:sectPr is an ordered sequence: w:pgNumType comes after the page margins and before
    # w:cols (or at the end when there is none).
    columns = properties.find(qn("w:cols"))
    if columns is None:
        properties.append(numbering)
    else:
        columns.addprevious(numbering)


def _page_field(paragraph: DocxParagraph) -> None:
    def field_char(kind: str) -> BaseOxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    paragraph.add_run()._r.append(field_char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    paragraph.add_run()._r.append(instruction)
    paragraph.add_run()._r.append(field_char("separate"))
    paragraph.add_run("1")
    paragraph.add_run()._r.append(field_char("end"))


class Writer:
    """Adds blocks to a python-docx document, one method per block type."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.break_pending = False
        # python-docx looks a style name up among all styles on every assignment (slow
        # enough to dominate a document); resolve each name to its id once.
        self.style_ids = {s.name: s.style_id for s in document.styles}
        self.style_ids["Normal"] = None  # the default style is written as no w:pStyle

    def paragraph(self, style: str = "Normal", align: str | None = None) -> DocxParagraph:
        """Add a paragraph, starting a new page first when a page break is pending."""
        paragraph = self.document.add_paragraph()
        paragraph._p.style = self.style_ids[style]
        if align is not None:
            paragraph.alignment = _ALIGN[align]
        if self.break_pending:
            paragraph.paragraph_format.page_break_before = True
            self.break_pending = False
        return paragraph

    def write(self, blocks: Iterable[Block]) -> None:
        """Write every block in order."""
        for block in blocks:
            getattr(self, f"_{type(block).__name__.lower()}")(block)

    def _pagebreak(self, _: PageBreak) -> None:
        self.break_pending = True

    def _cover(self, cover: Cover) -> None:
        self._cover_page(cover)
        start_numbered_section(self.document)
        self.break_pending = False  # the section break starts the next page already

    def _cover_page(self, cover: Cover) -> None:
        self.paragraph(COVER_STYLE, "left").add_run(cover.attachment)
        for _ in range(3):
            self.paragraph(COVER_STYLE)
        for line in cover.title:
            self.paragraph(COVER_TITLE_STYLE, "center").add_run(line)
        for _ in range(4):
            self.paragraph(COVER_STYLE)
        size = Pt(FORMAT.cover_size / 2)
        for label, value in cover.fields:
            paragraph = self.paragraph(COVER_STYLE, "left")
            # A long value wraps under itself, not under its label.
            paragraph.paragraph_format.left_indent = size * (len(label) + 1)
            paragraph.paragraph_format.first_line_indent = -size * (len(label) + 1)
            paragraph.add_run(f"{label}：")
            # A blank stays a line to write on.
            paragraph.add_run(value or "\u3000" * 8).underline = True
        for _ in range(6):
            self.paragraph(COVER_STYLE)
        self.paragraph(COVER_STYLE, "center").add_run(cover.issuer)
        self.paragraph(COVER_STYLE, "center").add_run(cover.date)

    def _heading(self, heading: Heading) -> None:
        paragraph = self.paragraph(f"Heading {heading.level}", heading.align)
        paragraph.add_run(heading.text)

    def _paragraph(self, block: Paragraph) -> None:
        paragraph = self.paragraph("Normal", block.align)
        size = Pt(FORMAT.body_size / 2)
        if block.indent:
            paragraph.paragraph_format.first_line_indent = size * 2
        if block.level:
            paragraph.paragraph_format.left_indent = size * 2 * block.level
        for run in block.runs:
            added = paragraph.add_run(run.text)
            added.bold = run.bold or None
            added.italic = run.italic or None

    def _signatureblock(self, block: SignatureBlock) -> None:
        paragraphs = []
        if block.party:
            paragraph = self.paragraph("Normal", "left")
            paragraph.add_run(f"{block.party}：").bold = True
            paragraphs.append(paragraph)
        paragraphs.append(self.paragraph("Normal", "left"))
        paragraphs[-1].add_run(block.unit)
        for line in block.lines:
            paragraphs.append(self.paragraph("Normal", "left"))
            paragraphs[-1].paragraph_format.left_indent = Pt(FORMAT.body_size / 2 * 4)
            paragraphs[-1].add_run(line)
        paragraphs.append(self.paragraph("Normal", "right"))
        paragraphs[-1].add_run(block.date)
        for paragraph in paragraphs[:-1]:
            paragraph.paragraph_format.keep_with_next = True  # one party never splits
        self.paragraph("Normal")

    def _table(self, block: Table) -> None:
        if self.break_pending:
            self.document.add_page_break()  # type: ignore[no-untyped-call]
            self.break_pending = False
        table = self.document.add_table(rows=len(block.rows), cols=len(block.widths))
        table.style = self.document.styles["Table Grid"]
        table.autofit = False
        _fixed_layout(table, block.widths)
        columns = len(block.widths)
        # table.cell() rebuilds the whole grid on each call: take the cells once. Merges do
        # not overlap, so every corner cell taken here survives the merges before it.
        grid = table._cells
        for row_index, row in enumerate(table.rows):
            _row_properties(row, header=row_index < block.header_rows)
            for col_index in range(columns):
                grid[row_index * columns + col_index].width = Twips(block.widths[col_index])
        for merge in block.merges:
            _merge(grid, columns, merge, block.widths)
        covered = {
            (r, c)
            for m in block.merges
            for r in range(m.row, m.row + m.rows)
            for c in range(m.col, m.col + m.cols)
            if (r, c) != (m.row, m.col)
        }
        spans = {(m.row, m.col): m.cols for m in block.merges}
        # Labels and short values are centred as on the form, running text is left-aligned;
        # a column decides once for all its single cells so that it reads evenly.
        narrow = [
            all(_fits(row[col], width) for index, row in enumerate(block.rows)
                if index >= block.header_rows and spans.get((index, col), 1) == 1
                and (index, col) not in covered)
            for col, width in enumerate(block.widths)
        ]
        # The rows of a vertical merge stay on one page: a label is not cut off its rows.
        held = {r for m in block.merges for r in range(m.row, m.row + m.rows - 1)}
        for row_index, values in enumerate(block.rows):
            for col_index, value in enumerate(values):
                if (row_index, col_index) in covered:
                    continue
                cols = spans.get((row_index, col_index), 1)
                width = sum(block.widths[col_index:col_index + cols])
                header = row_index < block.header_rows
                given = block.align[row_index][col_index] if block.align else None
                if given is not None:
                    centre = given == "center"
                else:
                    centre = header or (narrow[col_index] if cols == 1 else _fits(value, width))
                cell = grid[row_index * columns + col_index]
                _fill(cell, value, self.style_ids[TABLE_STYLE], centre=centre, bold=header)
                if row_index in held:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True


def _fixed_layout(table: DocxTable, widths: tuple[int, ...]) -> None:
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(_CELL_MARGIN))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # w:tblPr is an ordered sequence: the cell margins come before w:tblLook.
    look = properties.find(qn("w:tblLook"))
    if look is None:
        properties.append(margins)
    else:
        look.addprevious(margins)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)


def _row_properties(row: _Row, *, header: bool) -> None:
    # A row is never split across pages (a label cut in half reads badly); header rows
    # repeat at the top of each page. w:trPr is ordered: cantSplit before tblHeader.
    properties = row._tr.get_or_add_trPr()
    keep = OxmlElement("w:cantSplit")
    properties.append(keep)
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)


def _merge(grid: list[_Cell], columns: int, merge: Merge, widths: tuple[int, ...]) -> None:
    """Merge a rectangle of a fresh 1×1 grid: w:gridSpan across, w:vMerge down.

    Written directly rather than with ``_Cell.merge``, which recomputes the grid for every
    merge and took most of a document's build time.
    """
    width = Twips(sum(widths[merge.col:merge.col + merge.cols]))
    for row in range(merge.row, merge.row + merge.rows):
        tc = grid[row * columns + merge.col]._tc
        for col in range(merge.col + 1, merge.col + merge.cols):
            covered = grid[row * columns + col]._tc
            covered.getparent().remove(covered)
        if merge.cols > 1:
            tc.grid_span = merge.cols
        if merge.rows > 1:
            tc.vMerge = "restart" if row == merge.row else "continue"
        tc.width = width


def _fits(value: str, width: int) -> bool:
    """Whether every line of ``value`` fits on one line of a cell ``width`` twips wide."""
    room = width - 2 * _CELL_MARGIN
    return all(len(line) * FORMAT.table_size * 10 <= room for line in value.split("\n"))


def _fill(cell: _Cell, value: str, style_id: str | None, *, centre: bool, bold: bool) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for index, line in enumerate(value.split("\n")):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph._p.style = style_id
        # Justified CJK text spreads a short last line apart: running text stays left.
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT
        if line:
            paragraph.add_run(line).bold = bold or None


def _language(document: DocxDocument) -> None:
    """Chinese as the document's East Asian language (the template says Japanese)."""
    settings = document.settings.element
    language = settings.find(qn("w:themeFontLang"))
    if language is None:
        language = OxmlElement("w:themeFontLang")
        settings.append(language)
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")


def _created() -> datetime.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).replace(tzinfo=None)
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)


def write(blocks: Iterable[Block], *, title: str = "") -> DocxDocument:
    """Build a python-docx document from blocks."""
    document = Document()
    setup_styles(document)
    setup_page(document)
    _language(document)
    body = document.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)  # the template's empty first paragraph
    Writer(document).write(blocks)
    properties = document.core_properties
    created = _created()
    properties.title = title
    properties.author = properties.last_modified_by = "taskbook"
    properties.comments = ""
    properties.keywords = ""
    properties.subject = ""
    properties.language = "zh-CN"
    properties.created = properties.modified = created
    properties.last_printed = created
    properties.revision = 1
    return document


def render_bytes(book: TaskBook, context: Context, profile: Profile = "internal") -> bytes:
    """Return the .docx of ``book`` under ``profile`` (the export command and the site)."""
    document = write(build(book, context, profile), title=book.task.name)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
