"""The index pages: 城市一览 (filterable), 按省份 and each province, 按状态 and each status.

The list of cities is an HTML table without a class, so that the theme styles it (it
styles only ``table:not([class])``) and wraps it in its scrolling box; the cells carry
classes for the columns that stay on one line and for those the filter offers as choices
(``tb-filter-by``), read by ``filter.js``. Every value is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from taskbook.site import charts
from taskbook.site.home import funding_by_funder, status_ring
from taskbook.site.markup import MISSING, amount, h, md, table, url
from taskbook.site.model import Entry, Pages, Site, province_file
from taskbook.site.status import STATUSES

CITIES = "cities/index.md"
PROVINCES = "provinces/index.md"
STATUS = "status/index.md"

# (header, cell class): tb-nowrap keeps short values on one line, so that a phone scrolls
# the table sideways rather than showing one character a line; tb-filter-by offers the
# column's values as a choice in 城市一览's filter.
COLUMNS = (
    ("序号", "tb-nowrap tb-number"),
    ("城市", "tb-nowrap"),
    ("省份", "tb-nowrap tb-filter-by"),
    ("任务编号", "tb-nowrap"),
    ("牵头单位", "tb-long"),
    ("负责人", "tb-nowrap"),
    ("状态", "tb-nowrap tb-filter-by"),
    ("经费（万元）", "tb-nowrap tb-number"),
    ("更新日期", "tb-nowrap"),
)


def _cells(entry: Entry, page: str) -> list[str]:
    return [
        h(entry.seq),
        f'<a href="{h(url(f"cities/{entry.slug}.md", page))}">{h(entry.name)}</a>',
        f'<a href="{h(url(province_file(entry.province), page))}">{h(entry.province)}</a>',
        h(entry.book.task.id),
        h(entry.book.lead_unit.name),
        h(entry.book.leader.name),
        f'<a href="{h(url(f"status/{entry.status.key}.md", page))}">{h(entry.status.label)}</a>',
        h(amount(entry.funding)),
        h(entry.updated or MISSING),
    ]


def city_table(items: Sequence[Entry], page: str) -> str:
    """The table of cities, one row a city, as a raw HTML block of the page ``page``."""
    if not items:
        return "暂无任务书。"
    head = "".join(f'<th scope="col" class="{css}">{h(name)}</th>' for name, css in COLUMNS)
    rows = []
    for entry in items:
        cells = "".join(f'<td class="{css}">{cell}</td>'
                        for (_, css), cell in zip(COLUMNS, _cells(entry, page), strict=True))
        rows.append(f"<tr>{cells}</tr>")
    return (f'<div class="tb-list"><table><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _total(items: Sequence[Entry]) -> str:
    return md(amount(sum(e.funding for e in items)))


def cities_index(site: Site) -> str:
    """城市一览: every city in one sortable table, filtered by province, status and text."""
    items = site.items
    return "\n".join([
        "# 城市一览", "",
        f"共 {len(items)} 个城市，经费合计 {_total(items)} 万元。"
        "可按省份、状态或文字筛选，点击表头可按该列排序。", "",
        '<div class="tb-filter" role="search" aria-label="筛选城市"></div>', "",
        f'<p class="tb-count" aria-live="polite">显示全部 {len(items)} 个城市。</p>', "",
        city_table(items, CITIES), ""])


def provinces_index(site: Site) -> str:
    """按省份: one row a province, linking its page."""
    rows = []
    for province in site.provinces:
        members = site.in_province(province)
        rows.append([f"[{md(province)}](../{province_file(province)})", str(len(members)),
                     _total(members)])
    body = table(["省份", "城市数", "经费（万元）"], rows) if rows else "暂无任务书。"
    return "\n".join(["# 按省份", "", body, ""])


def province_page(site: Site, province: str) -> str:
    """One province: its overview charts and its cities."""
    members = site.in_province(province)
    page = province_file(province)
    return "\n".join([
        f"# {md(province)}", "",
        f"{md(province)}共 {len(members)} 个城市，经费合计 {_total(members)} 万元。"
        "[返回按省份](index.md)", "",
        charts.panel(status_ring(members, page), funding_by_funder(members)), "",
        "## 城市", "",
        city_table(members, page), ""])


def status_index(site: Site) -> str:
    """按状态: one row a status, with what it means."""
    rows = [[f"[{md(s.label)}]({s.key}.md)", str(sum(e.status == s for e in site.items)),
             md(s.description)] for s in STATUSES]
    return "\n".join(["# 按状态", "",
                      "状态由任务书的记录推算，不需要填写：合入主分支即为已审核，补录签章记录后为已签章。", "",
                      table(["状态", "城市数", "含义"], rows), ""])


def status_page(site: Site, key: str) -> str:
    """The cities in one status."""
    status = next(s for s in STATUSES if s.key == key)
    members = [e for e in site.items if e.status == status]
    return "\n".join([f"# {md(status.label)}", "", md(status.description), "",
                      f"共 {len(members)} 个城市。[返回按状态](index.md)", "",
                      city_table(members, f"status/{key}.md"), ""])


def pages(site: Site) -> Pages:
    """The page family of the indexes."""
    made: Pages = {CITIES: cities_index(site), PROVINCES: provinces_index(site)}
    for province in site.provinces:
        made[province_file(province)] = province_page(site, province)
    made[STATUS] = status_index(site)
    for status in STATUSES:
        made[f"status/{status.key}.md"] = status_page(site, status.key)
    return made
