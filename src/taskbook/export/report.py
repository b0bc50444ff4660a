"""Records and summaries as documents laid out like the book (pure blocks, then .docx).

No official template exists for a quarterly execution report, an acceptance application
or the joint centre's summary: they take the book's page and type (A4, 小四 宋体 body,
黑体 headings, 五号 tables, exact 25 pt, centred page numbers), a centred title, and then
the sections of their form (:mod:`taskbook.form.records`) in order, through the same
blocks and the same writer as ``taskbook export``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskbook.context import Context
from taskbook.export import ExportError, mdblocks
from taskbook.export.blocks import Block, Heading, Merge, Paragraph, Run, Table
from taskbook.export.layout import FORMAT, Profile, _widths, public_book
from taskbook.form import model as m
from taskbook.form.grid import lay_out
from taskbook.form.records import Narrative, RecordForm, Text
from taskbook.form.values import period, show

if TYPE_CHECKING:
    from taskbook.lifecycle.summary import Summary


def _para(text: str, *, indent: bool = True, align: str = "justify") -> Paragraph:
    return Paragraph((Run(text),), align, indent)  # type: ignore[arg-type]


def grid_table(info: m.InfoTable, data: Mapping[str, Any]) -> Table:
    """A table of facts on the form model's grid (labels centred, values left)."""
    grid = lay_out(info, lambda pointer: 0)
    rows = [[""] * len(grid.widths) for _ in range(grid.height)]
    align: list[list[Any]] = [[None] * len(grid.widths) for _ in range(grid.height)]
    merges = []
    for placed in grid.cells:
        content = placed.cell.content
        if isinstance(content, m.Label):
            rows[placed.row][placed.col], align[placed.row][placed.col] = content.printed, "center"
        elif isinstance(content, m.Field):
            rows[placed.row][placed.col] = show(content, data, placed.base, placed.index)
            align[placed.row][placed.col] = "left"
        if placed.cols > 1 or placed.rows > 1:
            merges.append(Merge(placed.row, placed.col, placed.rows, placed.cols))
    return Table(_widths(grid.widths), tuple(tuple(r) for r in rows), tuple(merges), 0,
                 tuple(tuple(r) for r in align))


def list_table(table: m.Table, data: Mapping[str, Any]) -> Table:
    """One row per item of a list, the model's columns."""
    rows = [tuple(c.label.printed for c in table.columns)]
    items = data.get(table.pointer.lstrip("/")) or []
    for number in range(len(items)):
        rows.append(tuple(show(c.field, data, f"{table.pointer}/{number}", number + 1)
                          for c in table.columns))
    return Table(_widths(tuple(c.width for c in table.columns)), tuple(rows), (), 1)


def record_blocks(form: RecordForm, data: Mapping[str, Any], body: str, city: str, number: int,
                  context: Context) -> list[Block]:
    """A record's document: the title, its facts, then its sections in the form's order.

    Args:
        data: the record's front matter, with the book's under ``book`` (see
            :func:`taskbook.site.reports.view`).
    """
    blocks: list[Block] = [Heading(form.title_for(city, number), 1, "center"),
                           grid_table(form.info, data)]
    reading = context.reader.read(body, tree=True)
    narrative = mdblocks.convert(reading.tree, reading.raw, table_width=FORMAT.text_width,
                                 heading_offset=0)
    for section in form.sections:
        blocks.append(Heading(section.heading, 1))
        content = section.content
        if isinstance(content, m.Table):
            blocks.append(list_table(content, data) if data.get(content.pointer.lstrip("/"))
                          else _para("无。"))
        elif isinstance(content, m.InfoTable):
            blocks.append(grid_table(content, data))
        elif isinstance(content, Text):
            blocks.append(_para(show(content.field, data)))
        elif isinstance(content, Narrative):
            blocks += narrative
    return blocks


def summary_blocks(summary: Summary) -> list[Block]:
    """The summary's document: title, the period, one table of cities, the funds by source."""
    from taskbook.form.values import amount as show_amount
    from taskbook.lifecycle.check import SOURCES
    from taskbook.lifecycle.summary import TOTAL

    blocks: list[Block] = [
        Heading(summary.title, 1, "center"),
        _para(f"季度：{period(summary.period)}。汇总日期：{summary.date.isoformat()}。"
              "驻点人数、专报和简报为本季度数，人月和经费为截至季度末的累计数，经费单位为万元。"),
        Heading("一、各城市报送情况", 1),
    ]
    header = ("序号", "城市", "报送情况", "计划完成", "考核指标完成", "驻点人数", "累计人月", "专报/简报")
    rows = [header]
    for number, row in enumerate(summary.rows, 1):
        if not row.date:  # no report: nothing to count
            rows.append((str(number), row.city, row.state, *("—",) * 5))
            continue
        rows.append((str(number), row.city, row.state, row.plan, row.indicators,
                     str(row.on_site), show_amount(row.person_months), f"{row.reports}/{row.briefs}"))
    total = summary.totals[TOTAL]
    rows.append(("", TOTAL, total.state, "", "", str(total.on_site),
                 show_amount(total.person_months), f"{total.reports}/{total.briefs}"))
    blocks.append(Table(_widths((30, 60, 64, 44, 56, 44, 56, 74)), tuple(rows), (), 1))
    blocks.append(Heading("二、经费（按来源）", 1))
    funds = [("经费来源", "累计到位（万元）", "累计支出（万元）")]
    for index, (_, label) in enumerate(SOURCES):
        received, spent = total.funds[index]
        funds.append((label, show_amount(received), show_amount(spent)))
    funds.append((TOTAL, show_amount(sum(r for r, _ in total.funds)),
                  show_amount(sum(s for _, s in total.funds))))
    blocks.append(Table(_widths((148, 140, 140)), tuple(funds), (), 1))
    blocks.append(Heading("三、共享的数据、平台和成果", 1))
    shared = [(row.city, item) for row in summary.rows for item in row.deliverables]
    if shared:
        blocks.append(Table(_widths((30, 80, 318)), (("序号", "城市", "名称（类别，存放位置）"),
                                                     *((str(i), c, d) for i, (c, d) in enumerate(shared, 1))),
                            (), 1))
    else:
        blocks.append(_para("本季度没有新共享的数据、平台和成果。"))
    overdue = [row.city for row in summary.rows if row.overdue]
    blocks.append(Heading("四、逾期未报", 1))
    blocks.append(_para("、".join(overdue) + "。" if overdue else "无。"))
    return blocks


def render(blocks: list[Block], title: str) -> bytes:
    """The .docx of ``blocks``: the book's styles, page numbers centred from page 1."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from taskbook.export.docx import _page_field, write

    document = write(blocks, title=title)
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    _page_field(footer)
    footer.add_run(" —")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def export_record(path: Path, *, output: Path | None = None, profile: Profile = "internal",
                  force: bool = False) -> Path:
    """Export one report or acceptance application as a .docx.

    Raises:
        InvalidBook: the city's book or records have errors.
        ExportError: the file is not a report or application, or cannot be written.
    """
    from taskbook.checker import check_paths
    from taskbook.export.service import EXPORTS, InvalidBook, refuse_overwrite, write_atomic
    from taskbook.form.records import APPLICATION, REPORT
    from taskbook.lifecycle.paths import name_of
    from taskbook.lifecycle.publish import public_record

    name = name_of(path.as_posix())
    if name.kind not in ("report", "application"):
        raise ExportError(f"{path} 不是季度执行情况报告（reports/<季度>.md）或验收申请"
                          "（acceptance/application-<轮次>.md），无法导出。")
    if output is not None and output.exists() and not force:
        raise refuse_overwrite(output)
    context = Context.load()
    report = check_paths([path], context=context, keep_books=True, jobs=1)
    if report.errors:
        raise InvalidBook(report)
    book = report.books[0]
    records = report.records[book.slug]
    found = [r for r in (*records.reports, *records.applications)
             if r.path == path.as_posix()]
    if not found:
        raise ExportError(f"找不到 {path}：请核对文件名。")
    record = found[0] if profile == "internal" else public_record(found[0], context)
    shown = book if profile == "internal" else public_book(book, context)
    form = REPORT if name.kind == "report" else APPLICATION
    quarter = shown.quarters[name.number - 1].period if name.kind == "report" else ""
    data = {**record.front, "book": {**shown.front, "period": quarter}}
    blocks = record_blocks(form, data, record.body, book.city.name, name.number, context)
    if output is None:
        EXPORTS.mkdir(exist_ok=True)
        output = EXPORTS / f"{book.slug}-{name.kind}-{name.number}.docx"
    write_atomic(output, render(blocks, form.title_for(book.city.name, name.number)), force=force)
    return output
