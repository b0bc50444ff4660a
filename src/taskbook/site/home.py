"""The home page: the hand-written text of ``docs/index.md`` and a generated overview.

The overview is drawn rather than tabled (:mod:`taskbook.site.charts`): cities by status,
funding by province and by source of funds; then the latest events of every book's
history (:mod:`taskbook.site.history`), never a commit subject.
"""

from __future__ import annotations

from collections.abc import Sequence

from taskbook.site import charts, reports
from taskbook.site.markup import MISSING, amount, md, table, url
from taskbook.site.model import Entry, Pages, Site, province_file
from taskbook.site.status import STATUSES

HOME = "index.md"
OVERVIEW_MARKER = "<!-- taskbook:overview -->"
"""Where the generated overview goes in the hand-written home page."""
LATEST = 10
TOP_FUNDERS = 12
"""Funders shown one by one on a province page; the rest are summed as 其他."""


def status_ring(items: Sequence[Entry], page: str) -> str:
    """Cities by status, as a ring."""
    counts = {s: sum(e.status == s for e in items) for s in STATUSES}
    # Only the statuses some city is in: the later ones (执行中 … 待复议) come with time.
    parts = [charts.Bar(s.label, counts[s], f"{counts[s]} 个", url(f"status/{s.key}.md", page))
             for s in STATUSES if counts[s]]
    return charts.ring("各状态城市数", parts, f"{len(items)} 个城市")


def funding_by_province(site: Site, page: str) -> str:
    """Funding of each province, with its number of cities."""
    rows = []
    for province in site.provinces:
        members = site.in_province(province)
        total = sum(e.funding for e in members)
        rows.append(charts.Bar(f"{province}（{len(members)} 市）", total, amount(total),
                               url(province_file(province), page)))
    return charts.bars("各省（直辖市）经费", rows, "万元")


def funding_by_source(items: Sequence[Entry]) -> str:
    """Funding by source of funds (地方财政资金, 企业自有资金)."""
    totals: dict[str, float] = {}
    for entry in items:
        for item in entry.book.funding:
            totals[item.source] = totals.get(item.source, 0.0) + item.amount
    rows = [charts.Bar(source, value, amount(value))
            for source, value in sorted(totals.items(), key=lambda kv: -kv[1])]
    return charts.bars("按资金来源的经费", rows, "万元")


def funding_by_funder(items: Sequence[Entry]) -> str:
    """Funding by funder (出资单位), the largest first; beyond a dozen, the rest summed."""
    totals: dict[str, float] = {}
    for entry in items:
        for item in entry.book.funding:
            totals[item.funder] = totals.get(item.funder, 0.0) + item.amount
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    rows = [charts.Bar(funder, value, amount(value)) for funder, value in ranked[:TOP_FUNDERS]]
    rest = ranked[TOP_FUNDERS:]
    if rest:
        value = sum(v for _, v in rest)
        rows.append(charts.Bar(f"其他 {len(rest)} 个出资单位", value, amount(value)))
    return charts.bars("按出资单位的经费", rows, "万元")


def latest(items: Sequence[Entry], limit: int = LATEST) -> list[tuple[Entry, str, str, str]]:
    """The newest events across every book's history: (entry, date, kind, summary)."""
    found = [(entry, event.date, event.kind, event.summary)
             for entry in items for event in entry.history]
    found.sort(key=lambda item: (item[1], item[0].seq), reverse=True)
    return found[:limit]


def overview_section(site: Site) -> str:
    """The home page's generated part: counts, charts and the latest events."""
    items = site.items
    total = md(amount(sum(e.funding for e in items)))
    lines = ["## 概况", "",
             f"已收录 **{len(items)}** 个城市的任务书，分布在 **{len(site.provinces)}** 个省（直辖市），"
             f"经费合计 **{total}** 万元。全部城市见[城市一览](cities/index.md)，"
             "也可[按省份](provinces/index.md)或[按状态](status/index.md)查看。", "",
             charts.panel(status_ring(items, HOME), funding_by_province(site, HOME),
                          funding_by_source(items)), "",
             "## 最近更新", ""]
    recent = latest(items)
    lines += [table(["日期", "城市", "事项", "内容"],
                    [[md(date or MISSING), f"[{md(e.name)}](cities/{e.slug}.md)", md(kind),
                      md(summary)] for e, date, kind, summary in recent])
              if recent else "暂无更新记录。", ""]
    return "\n".join(lines)


def pages(site: Site) -> Pages:
    """The page family of the home page (none without a hand-written ``docs/index.md``)."""
    if site.home is None:
        return {}
    overview = overview_section(site)
    if site.lifecycle is not None and site.lifecycle.today is not None:
        overview += "\n" + reports.home_section(site.items)
    home = site.home
    return {HOME: home.replace(OVERVIEW_MARKER, overview) if OVERVIEW_MARKER in home
            else home.rstrip("\n") + "\n\n" + overview}
