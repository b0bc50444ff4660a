"""The site's pages of the lifecycle: the quarter × city matrix, each city's reports along
the eight quarters, each report laid out by the report form, and the home page's chart.

Pure functions of the entries (whose records and quarter states are already in the
site's profile) and the form model; every value is escaped (:mod:`taskbook.site.markup`),
and a report's narrative body is passed on as Markdown, which the build sanitizes like a
book's body. Links inside raw HTML are written relative to the page's directory URL.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from taskbook.context import Context
from taskbook.form import model as m
from taskbook.form.grid import Layout, lay_out
from taskbook.form.records import APPLICATION, REPORT, RESULT, Narrative, RecordForm, Text
from taskbook.form.values import show
from taskbook.lifecycle.progress import OVERDUE, REPORTED, STATE_LABELS, QuarterState
from taskbook.lifecycle.records import Record
from taskbook.site.markup import MISSING, h, h_lines, md, table
from taskbook.site.model import Entry, Pages, Profile, Site
from taskbook.site.model import province_file as provinces_file

INDEX = "reports/index.md"
_SYMBOLS = {"reported": "✓", "not-ended": "·", "due": "…", "overdue": "!", "unsigned": "—",
            "missing": "…"}
MISSING_STATE = "missing"
"""A quarter past its due date, shown where the programme keeps overdue reports internal."""


def province_file(province: str) -> str:
    """``reports/<province>.md``: one province's view of the matrix."""
    return "reports/" + provinces_file(province).removeprefix("provinces/")


def report_file(slug: str, quarter: int) -> str:
    """The page of a city's report of one quarter."""
    return f"cities/{slug}/reports/{quarter}.md"


def application_file(slug: str, round: int) -> str:
    """The page of a city's acceptance application of one round."""
    return f"cities/{slug}/acceptance/{round}.md"


def shown_state(state: QuarterState, profile: Profile, overdue_public: bool) -> str:
    """The state a page shows: overdue only where the programme allows it."""
    if state.state == OVERDUE and profile == "public" and not overdue_public:
        return MISSING_STATE
    return state.state


def _label(key: str) -> str:
    return "未报送" if key == MISSING_STATE else STATE_LABELS[key]


def _cell(entry: Entry, state: QuarterState, key: str, up: str) -> str:
    report = state.report
    text = f"{_SYMBOLS[key]} {_label(key)}"
    title = f"第 {state.number} 季度：{_label(key)}；截止 {state.due}"
    if report is not None:
        text += f"<br><small>指标 {report.met}/{len(report.indicators)}</small>"
        text = f'<a href="{up}cities/{h(entry.slug)}/reports/{state.number}/">{text}</a>'
        partial = " tb-q-partial" if report.partial else ""
    else:
        partial = ""
    return f'<td class="tb-q tb-q-{key}{partial}" title="{h(title)}">{text}</td>'


def matrix(items: Sequence[Entry], profile: Profile, overdue_public: bool, up: str) -> str:
    """The quarter × city matrix of the signed books (``up``: the way to the site's root)."""
    unsigned = [e.name for e in items if e.book.signing is None]
    items = [e for e in items if e.book.signing is not None]
    note = f"\n\n尚未签章：{md('、'.join(unsigned))}。" if unsigned else ""
    if not items:
        return "暂无已签章的任务书。" + note
    head = "".join(f'<th scope="col">第{n}季度</th>' for n in range(1, 9))
    rows = []
    for entry in items:
        cells = "".join(_cell(entry, s, shown_state(s, profile, overdue_public), up)
                        for s in entry.quarters)
        rows.append(f'<tr><th scope="row"><a href="{up}cities/{h(entry.slug)}/">{h(entry.name)}</a>'
                    f'<br><small>{h(entry.province)}</small></th>{cells}</tr>')
    return (f'<div class="tb-scroll"><table class="tb-matrix"><caption>季度执行情况报告报送情况</caption>'
            f'<thead><tr><th scope="col">城市</th>{head}</tr></thead><tbody>\n'
            + "\n".join(rows) + "\n</tbody></table></div>" + note)


def _legend(profile: Profile, overdue_public: bool) -> str:
    keys = ["reported", "not-ended", "due", "overdue" if profile == "internal" or overdue_public
            else MISSING_STATE]
    return "图例：" + "；".join(f"{_SYMBOLS[k]} {_label(k)}" for k in keys) + \
        "。“指标”为本季度考核指标中已完成的项数；浅色底表示有事项部分完成或未完成。"


def _counts(items: Sequence[Entry], profile: Profile, overdue_public: bool) -> str:
    counted: dict[str, int] = {}
    for entry in items:
        for state in entry.quarters:
            key = shown_state(state, profile, overdue_public)
            counted[key] = counted.get(key, 0) + 1
    return "，".join(f"{_label(k)} {n} 份" for k, n in counted.items() if k != "unsigned") or "暂无"


def index_page(items: Sequence[Entry], profile: Profile, overdue_public: bool,
               downloads: Sequence[tuple[str, str]] = ()) -> str:
    """执行情况: every city's eight quarters, and a link to each province's view."""
    provinces = list(dict.fromkeys(e.province for e in items))
    signed = [e for e in items if e.book.signing is not None]
    lines = ["# 执行情况", "",
             "签章后，工作组每季度结束后报送季度执行情况报告（共同条款 2、4），经省级生态环境部门和攻关联合中心审核后合并；"
             "攻关联合中心汇总后报攻关项目管理办公室。下表由各城市的报告和报送安排自动生成。", "",
             f"已签章 {len(signed)} 个城市：{_counts(signed, profile, overdue_public)}。", "",
             _legend(profile, overdue_public), ""]
    if profile == "public" and not overdue_public:
        lines += ["公开网站不区分逾期：季度截止日期已过而尚未报送的，显示为“未报送”。", ""]
    if downloads:
        lines += ["汇总报告：" + "，".join(f"[{md(label)}](../{path})" for label, path in downloads), ""]
    lines += ["按省份查看：" + "、".join(f"[{md(p)}](../{province_file(p)})" for p in provinces), "",
              matrix(items, profile, overdue_public, "../"), ""]
    return "\n".join(lines)


def province_page(province: str, items: Sequence[Entry], profile: Profile,
                  overdue_public: bool) -> str:
    """One province's view of the matrix."""
    members = [e for e in items if e.province == province]
    return "\n".join([f"# {md(province)}执行情况", "",
                      f"{md(province)}共 {len(members)} 个城市：{_counts(members, profile, overdue_public)}。"
                      "[返回执行情况](index.md)", "", _legend(profile, overdue_public), "",
                      matrix(members, profile, overdue_public, "../../"), ""])


def city_section(entry: Entry, profile: Profile, overdue_public: bool) -> list[str]:
    """The city page's 执行情况: its reports along the eight quarters, and acceptance."""
    if not entry.quarters:
        return []  # built without the lifecycle (no date to judge the quarters by)
    if entry.book.signing is None:
        return ["## 执行情况", "", "任务书签章后，工作组每季度报送执行情况报告。", ""]
    out = ["## 执行情况", "", f"状态：{md(entry.status.label)}。[全部城市的执行情况](../{INDEX})", "",
           '<ol class="tb-timeline tb-reports">']
    for state in entry.quarters:
        key = shown_state(state, profile, overdue_public)
        report = state.report
        period = show(m.Field("", "period"), state.period)
        item = (f'<li class="tb-q-{key}"><span class="tb-timeline-step">第 {state.number} 季度</span>'
                f'<span class="tb-timeline-period">{h(period)}</span> '
                f'<span class="tb-badge tb-q-{key}">{_SYMBOLS[key]} {h(_label(key))}</span>')
        if report is not None:
            item += (f'<span class="tb-timeline-plan"><a href="reports/{state.number}/">第 {state.number} 季度执行情况报告</a>'
                     f"（{h(report.date)}报送）</span>"
                     f'<span class="tb-timeline-indicators">考核指标完成 {report.met}/{len(report.indicators)} 项'
                     + ("；有事项部分完成或未完成" if report.partial else "") + "</span>")
        else:
            item += f'<span class="tb-timeline-indicators">报送截止日期：{h(state.due)}</span>'
        out.append(item + "</li>")
    out += ["</ol>", ""]
    records = entry.records
    if records is not None and records.applications:
        rows = []
        for application in records.applications:
            result = records.result(application.round)
            rows.append([f"[第 {application.round} 次]({entry.slug}/acceptance/{application.round}.md)",
                         md(application.date), md(result.date if result else MISSING),
                         md(result.conclusion if result else "待验收"),
                         md(result.remarks if result else MISSING)])
        out += ["### 验收", "", table(["申请", "申请日期", "验收日期", "验收结论", "验收意见"], rows), ""]
    return out


def _grid(info: m.InfoTable, value: Callable[[m.Field, str, int | None], str]) -> str:
    """A table of facts laid out on the form model's grid, like the information table."""
    grid = _layout(info)
    rows: list[list[str]] = [[] for _ in range(grid.height)]
    for placed in grid.cells:
        span = (f' colspan="{placed.cols}"' if placed.cols > 1 else "")
        content = placed.cell.content
        if isinstance(content, m.Label):
            rows[placed.row].append(f'<th scope="row"{span}>{h(content.printed)}</th>')
        elif isinstance(content, m.Field):
            rows[placed.row].append(f"<td{span}>{value(content, placed.base, placed.index)}</td>")
    total = sum(grid.widths)
    columns = "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in grid.widths)
    body = "\n".join("<tr>" + "".join(cells) + "</tr>" for cells in rows)
    return (f'<div class="tb-scroll"><table class="tb-form"><caption>{h(info.title)}</caption>'
            f"<colgroup>{columns}</colgroup>\n{body}\n</table></div>")


@functools.cache
def _layout(info: m.InfoTable) -> Layout:
    """A record form's table on its grid: a function of the (frozen) form model alone,
    laid out once rather than once for each of hundreds of reports."""
    return lay_out(info, lambda pointer: 0)


def view(record: Record, entry: Entry, number: int) -> dict[str, Any]:
    """The values a record's form reads: its front matter, and the book under ``/book``."""
    period = entry.book.quarters[number - 1].period if 0 < number <= len(entry.book.quarters) else ""
    return {**record.front, "book": {**entry.book.front, "period": period}}


def record_page(form: RecordForm, record: Record, entry: Entry, number: int, profile: Profile,
                private: Callable[[str], bool]) -> str:
    """One record laid out by its form: title, facts, sections in order, body under them."""
    data = view(record, entry, number)

    def value(field: m.Field, base: str = "", index: int | None = None) -> str:
        shown = show(field, data, base, index)
        if shown:
            return h_lines(shown)
        return "不公开" if profile == "public" and private(field.pointer) else MISSING

    lines = [f"# {md(form.title_for(entry.name, number))}", "",
             f"[返回{md(entry.name)}](../../{entry.slug}.md)", "", _grid(form.info, value), ""]
    narrative = _narrative(record.body)
    for section in form.sections:
        lines += [f"## {md(section.heading)}", ""]
        content = section.content
        if isinstance(content, m.Table):
            rows = [[md(show(c.field, data, f"{content.pointer}/{i}", i + 1)) for c in content.columns]
                    for i in range(len(record.at(content.pointer) or ()))]
            lines += [table([md(c.label.printed) for c in content.columns], rows) if rows
                      else "无。", ""]
        elif isinstance(content, m.InfoTable):
            lines += [_grid(content, value), ""]
        elif isinstance(content, Text):
            lines += [md(show(content.field, data)) or MISSING, ""]
        elif isinstance(content, Narrative):
            for part in content.parts:
                lines += [f"### {md(part.title)}", "", narrative.get(part.title, MISSING), ""]
    return "\n".join(lines)


def _narrative(body: str) -> dict[str, str]:
    """The body's ``##`` parts by title (their Markdown, headings one level down)."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body.split("\n"):
        if line.startswith("## "):
            current = found.setdefault(line[3:].strip(), [])
        elif current is not None:
            current.append("#" + line if line.startswith("#") else line)
    return {title: "\n".join(text).strip() for title, text in found.items()}


def record_pages(items: Sequence[Entry], profile: Profile,
                 private: Mapping[str, Callable[[str], bool]]) -> dict[str, str]:
    """Every report and application page of every city."""
    pages: dict[str, str] = {}
    for entry in items:
        if entry.records is None:
            continue
        for report in entry.records.reports:
            pages[report_file(entry.slug, report.quarter)] = record_page(
                REPORT, report, entry, report.quarter, profile, private["report"])
        for application in entry.records.applications:
            page = record_page(APPLICATION, application, entry, application.round, profile,
                               private["application"])
            result = entry.records.result(application.round)
            if result is not None:
                data = view(result, entry, 0)

                def shown(field: m.Field, base: str, index: int | None,
                          data: dict[str, Any] = data) -> str:
                    return h_lines(show(field, data, base, index)) or MISSING

                page += "\n" + "\n".join([f"## {md(RESULT.name)}", "", _grid(RESULT.info, shown), ""])
            pages[application_file(entry.slug, application.round)] = page
    return pages


def chart(items: Sequence[Entry]) -> str:
    """The home page's chart: how many cities reported each quarter (inline SVG)."""
    signed = sum(e.book.signing is not None for e in items)
    counts = [sum(1 for e in items for s in e.quarters if s.number == n and s.state == REPORTED)
              for n in range(1, 9)]
    width, height, left, bottom, top = 640, 240, 40, 40, 20
    span = max(signed, 1)
    bar = (width - left - 10) / 8
    parts = [f'<svg class="tb-chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="各季度已报送执行情况报告的城市数">',
             f"<title>各季度已报送执行情况报告的城市数（已签章 {signed} 个城市）</title>",
             f'<line class="tb-chart-axis" x1="{left}" y1="{height - bottom}" x2="{width - 10}" '
             f'y2="{height - bottom}"></line>']
    for index, count in enumerate(counts):
        full = (height - bottom - top)
        tall = full * count / span
        x = left + index * bar + bar * 0.15
        y = height - bottom - tall
        parts.append(f'<rect class="tb-chart-track" x="{x:.1f}" y="{top}" width="{bar * 0.7:.1f}" '
                     f'height="{full}"></rect>')
        parts.append(f'<rect class="tb-chart-bar" x="{x:.1f}" y="{y:.1f}" width="{bar * 0.7:.1f}" '
                     f'height="{tall:.1f}"><title>第 {index + 1} 季度：{count} 个城市</title></rect>')
        parts.append(f'<text class="tb-chart-value" x="{x + bar * 0.35:.1f}" y="{y - 4:.1f}" '
                     f'text-anchor="middle">{count}</text>')
        parts.append(f'<text class="tb-chart-label" x="{x + bar * 0.35:.1f}" y="{height - bottom + 18}" '
                     f'text-anchor="middle">Q{index + 1}</text>')
    parts.append("</svg>")
    return "".join(parts)


def home_section(items: Sequence[Entry]) -> str:
    """The home page's part on execution: the chart and a link to the matrix."""
    signed = sum(e.book.signing is not None for e in items)
    return "\n".join(["### 执行情况", "",
                      f"已签章 **{signed}** 个城市。下图为各季度已报送季度执行情况报告的城市数，"
                      f"详见[执行情况]({INDEX})。", "",
                      f'<div class="tb-chart-box">{chart(items)}</div>', ""])


def fields_page(context: Context) -> str:
    """报告和验收字段说明: every front-matter field of the records, from their schemas."""
    from taskbook.form.records import RECORD_FORMS
    from taskbook.site.reference import _fields

    lines = ["# 报告和验收字段说明", "",
             "季度执行情况报告、验收申请和验收结论前言区（YAML）的全部字段，由数据格式（`schema/` 中的 "
             "report、application、result 三个文件）自动生成。“个人信息”为“是”的字段只出现在内部版本网站。", ""]
    for kind, form in RECORD_FORMS.items():
        schema = context.records.of(kind)
        rows = list(_fields(dict(schema.document), "", (), "必填"))
        lines += [f"## {md(form.name)}", "", f"文件：`{_PLACES[kind]}`。", "",
                  table(["字段", "名称", "类型", "规则", "个人信息"], rows), ""]
        if form.narrative:
            lines += ["正文须依次包含标题：" + "、".join(f"`## {md(p.title)}`" for p in form.narrative) + "。", ""]
    return "\n".join(lines)


_PLACES = {"report": "cities/<城市>/reports/<季度>.md", "application": "cities/<城市>/acceptance/application-<轮次>.md",
           "result": "cities/<城市>/acceptance/result-<轮次>.md"}


def pages(site: Site) -> Pages:
    """The page family of the execution: the quarter × city matrix and each province's view,
    every report and application page (with the lifecycle), and the records' field reference."""
    made: Pages = {"reference/records.md": fields_page(site.context)}
    if site.lifecycle is not None:
        made.update(site.lifecycle.pages(site.items, site.context, site.profile))
    return made
