"""The joint centre's summary of a quarter (共同条款 2: 乙方 compiles, reports to 甲方).

:func:`compile_summary` is pure: the books, their records, a quarter, a date and the
programme in, one row a city out (its report's progress, indicators met, deliverables
shared, whether it is overdue, and its statistics), with the statistics summed by source
for each province and in total. :func:`to_xlsx` writes it with openpyxl (one sheet a
province and a total sheet); :func:`to_docx` lays it out with the exporter's blocks and
writer, so it looks like the printed book (A4, 宋体/黑体, exact 25 pt).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from taskbook.book import TaskBook
from taskbook.form import FORM
from taskbook.form.values import period
from taskbook.lifecycle.check import SOURCES, quarter_end
from taskbook.lifecycle.programme import Programme
from taskbook.lifecycle.progress import OVERDUE, quarters
from taskbook.lifecycle.records import CityRecords

TOTAL = "合计"
COLUMNS = ("序号", "省份", "城市", "报送情况", "报送日期", "计划完成", "考核指标完成", "共享成果",
           "驻点人数", "累计投入人月", "专报", "简报",
           *(f"{label}{what}" for _, label in SOURCES for what in ("到位", "支出")))
"""The summary's columns (funds in 万元, cumulative to the quarter's end)."""


def latest_quarter(today: datetime.date) -> int | None:
    """The last quarter of 四 that has ended before ``today`` (None before the first)."""
    ended = [n for n, p in enumerate(FORM.rules.periods, 1) if quarter_end(p) < today]
    return ended[-1] if ended else None


@dataclass(frozen=True)
class Row:
    """One city's line of the summary."""

    province: str
    city: str
    state: str
    date: str = ""
    plan: str = ""
    indicators: str = ""
    deliverables: tuple[str, ...] = ()
    on_site: int = 0
    person_months: float = 0.0
    reports: int = 0
    briefs: int = 0
    funds: tuple[tuple[float, float], ...] = ((0.0, 0.0),) * len(SOURCES)
    """(received, spent) for each source of :data:`SOURCES`."""
    overdue: bool = False


@dataclass(frozen=True)
class Summary:
    """A quarter's summary, its rows in the order of the cities' sequence numbers."""

    quarter: int
    period: str
    date: datetime.date
    rows: tuple[Row, ...]
    province: str | None = None
    totals: Mapping[str, Row] = field(default_factory=dict)
    """Province (and :data:`TOTAL`) → the statistics summed."""

    @property
    def title(self) -> str:
        """细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究第 N 季度执行情况汇总."""
        where = self.province or ""
        return f"{where}细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究第 {self.quarter} 季度执行情况汇总"

    @property
    def provinces(self) -> list[str]:
        """The provinces, in the order of their first city."""
        return list(dict.fromkeys(row.province for row in self.rows))


def _row(book: TaskBook, records: CityRecords | None, quarter: int, today: datetime.date,
         programme: Programme, show_overdue: bool) -> Row:
    state = quarters(book, records, today, programme)[quarter - 1]
    label = state.label if state.state != OVERDUE or show_overdue else "未报送"
    report = state.report
    if report is None or report.statistics is None:
        return Row(book.city.province, book.city.name, label, overdue=state.state == OVERDUE)
    stats = report.statistics
    done = sum(item.done for item in report.plan)
    return Row(
        book.city.province, book.city.name, label, report.date,
        f"{done}/{len(report.plan)}", f"{report.met}/{len(report.indicators)}",
        tuple(f"{d.name}（{d.kind}，{d.location}）" for d in report.deliverables),
        stats.on_site, stats.person_months, stats.reports, stats.briefs,
        tuple((getattr(stats.funds, key).received, getattr(stats.funds, key).spent)
              for key, _ in SOURCES))


def _sum(label: str, rows: Sequence[Row]) -> Row:
    funds = tuple((sum(r.funds[i][0] for r in rows), sum(r.funds[i][1] for r in rows))
                  for i in range(len(SOURCES)))
    reported = sum(r.date != "" for r in rows)
    return Row(label, label, f"已报送 {reported}/{len(rows)}", on_site=sum(r.on_site for r in rows),
               person_months=sum(r.person_months for r in rows), reports=sum(r.reports for r in rows),
               briefs=sum(r.briefs for r in rows), funds=funds,
               deliverables=tuple(d for r in rows for d in r.deliverables),
               overdue=any(r.overdue for r in rows))


def compile_summary(books: Sequence[TaskBook], records: Mapping[str, CityRecords], quarter: int,
                    today: datetime.date, programme: Programme, *, province: str | None = None,
                    show_overdue: bool = True) -> Summary:
    """The summary of ``quarter`` (1–8) on ``today`` for the signed books (of ``province``).

    Args:
        show_overdue: name overdue reports as such (the internal view); else 未报送.
    """
    chosen = sorted((b for b in books if b.signing is not None
                     and (province is None or b.city.province == province)),
                    key=lambda b: (b.city.seq, b.slug))
    rows = tuple(_row(b, records.get(b.slug), quarter, today, programme, show_overdue) for b in chosen)
    totals = {p: _sum(p, [r for r in rows if r.province == p])
              for p in dict.fromkeys(r.province for r in rows)}
    totals[TOTAL] = _sum(TOTAL, rows)
    return Summary(quarter, FORM.rules.periods[quarter - 1], today, rows, province, totals)


def cells(row: Row, number: int | None) -> list[str | int | float | None]:
    """One row's values in the order of :data:`COLUMNS`."""
    values: list[str | int | float | None] = [
        number if number is not None else "", row.province if number is not None else "",
        row.city, row.state, row.date, row.plan,
        row.indicators, "；".join(row.deliverables) if number is not None else len(row.deliverables)]
    if number is not None and not row.date:  # no report: nothing to count
        return values + [None] * (len(COLUMNS) - len(values))
    values += [row.on_site, row.person_months, row.reports, row.briefs]
    for received, spent in row.funds:
        values += [received, spent]
    return values


def to_xlsx(summary: Summary) -> bytes:
    """The summary as a workbook: one sheet a province, then the total sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for name in [*summary.provinces, TOTAL]:
        sheet = workbook.create_sheet(title=name[:31])
        rows = summary.rows if name == TOTAL else [r for r in summary.rows if r.province == name]
        sheet.append([summary.title])
        sheet.append([f"季度：{period(summary.period)}；汇总日期：{summary.date.isoformat()}；"
                      "经费为截至季度末的累计数（万元）"])
        sheet.append(list(COLUMNS))
        for cell in sheet[3]:
            cell.font = bold
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
        for number, row in enumerate(rows, 1):
            sheet.append(cells(row, number))
        sheet.append(cells(summary.totals[name], None))
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.freeze_panes = "D4"
        for column, width in zip("ABCDEFGHIJKLMNOPQR", (6, 10, 10, 10, 12, 8, 10, 40) + (10,) * 10,
                                 strict=True):
            sheet.column_dimensions[column].width = width
    properties = workbook.properties
    properties.title, properties.creator = summary.title, "taskbook"
    created = datetime.datetime.combine(summary.date, datetime.time())
    properties.created = properties.modified = created
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_docx(summary: Summary) -> bytes:
    """The summary as a Word document laid out like the book."""
    from taskbook.export.report import render, summary_blocks

    return render(summary_blocks(summary), summary.title)
