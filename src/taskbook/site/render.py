"""The page renderer: books and a profile in, ``{path: Markdown or bytes}`` out.

A pure function of its arguments (the git history and the downloads are passed in), so
the same pages can be checked in tests, timed in the benchmark, or written to a folder for
another engine that reads ``mkdocs.yml``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from importlib import resources

from taskbook.book import TaskBook
from taskbook.context import Context
from taskbook.site import reference, reports
from taskbook.site.city import TERMS_FILE, city_page
from taskbook.site.history import Commit
from taskbook.site.lifecycle import Lifecycle
from taskbook.site.markup import MISSING, amount, md, table
from taskbook.site.model import PROFILES, Download, Entry, Profile, entries, province_file
from taskbook.site.status import STATUSES

OVERVIEW_MARKER = "<!-- taskbook:overview -->"
"""Where the generated overview goes in the hand-written home page."""
ASSETS = ("sortable.js", "taskbook.css")
ASSET_DIR = "assets/taskbook"
INTERNAL_BANNER = "内部版本，含个人信息，请勿外传"
LATEST = 10
_INDEX_HEADERS = ["序号", "城市", "省份", "任务编号", "牵头单位", "负责人", "状态", "经费（万元）", "更新日期"]


def render(
    books: Sequence[TaskBook],
    context: Context,
    profile: Profile = "public",
    *,
    home: str | None = None,
    history: Mapping[str, Sequence[Commit]] | None = None,
    downloads: Mapping[str, Sequence[Download]] | None = None,
    lifecycle: Lifecycle | None = None,
) -> dict[str, str | bytes]:
    """Render every generated file of the site.

    Args:
        books: validated books (``validate(..., keep_books=True).books``).
        context: the run's schema, form and reader.
        profile: ``public`` leaves out every field the schema marks private; ``internal``
            keeps them.
        home: the hand-written home page; the overview replaces its ``OVERVIEW_MARKER`` line
            (or is appended). Without it no ``index.md`` is rendered.
        history: slug → commits touching the book, newest first (see :mod:`history`).
        downloads: slug → files offered on the city page (the exporter fills this in).
        lifecycle: the cities' reports and acceptance records, the programme and the date
            (the execution pages; without it, none).

    Returns:
        Site path (``cities/xian.md``, ``api/cities.json``, ...) → Markdown text or bytes.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    lifecycle = lifecycle or Lifecycle()
    items = entries(books, profile, context, history or {}, downloads or {}, lifecycle.records)
    items = lifecycle.annotate(items)
    pages: dict[str, str | bytes] = {}
    if home is not None:
        overview = overview_section(items)
        if lifecycle.today is not None:
            overview += "\n" + reports.home_section(items)
        pages["index.md"] = (home.replace(OVERVIEW_MARKER, overview) if OVERVIEW_MARKER in home
                             else home.rstrip("\n") + "\n\n" + overview)
    pages["cities/index.md"] = cities_index(items)
    for entry in items:
        pages[f"cities/{entry.slug}.md"] = city_page(entry, context, profile)
    pages["provinces/index.md"] = provinces_index(items)
    for province in _provinces(items):
        pages[province_file(province)] = province_page(province, items)
    pages["status/index.md"] = status_index(items)
    for status in STATUSES:
        pages[f"status/{status.key}.md"] = status_page(status.key, items)
    pages[TERMS_FILE] = reference.terms_page(context)
    pages["reference/fields.md"] = reference.fields_page(context)
    pages["reference/codes.md"] = reference.codes_page()
    pages["reference/records.md"] = reports.fields_page(context)  # lifecycle
    pages.update(lifecycle.pages(items, context, profile))
    pages["api/cities.json"] = api(items, profile)
    for name in ASSETS:
        pages[f"{ASSET_DIR}/{name}"] = resources.files("taskbook.site").joinpath(
            "assets", name).read_bytes()
    return pages


def _provinces(items: Sequence[Entry]) -> list[str]:
    """Provinces in the order of their first city's sequence number."""
    return list(dict.fromkeys(entry.province for entry in items))


def _rows(items: Sequence[Entry], prefix: str) -> list[list[str]]:
    rows = []
    for entry in items:
        rows.append([
            str(entry.seq),
            f"[{md(entry.name)}]({prefix}cities/{entry.slug}.md)",
            f"[{md(entry.province)}]({prefix}{province_file(entry.province)})",
            md(entry.book.task.id),
            md(entry.book.lead_unit.name),
            md(entry.book.leader.name),
            f"[{md(entry.status.label)}]({prefix}status/{entry.status.key}.md)",
            md(amount(entry.funding)),
            md(entry.updated or MISSING),
        ])
    return rows


def _city_table(items: Sequence[Entry], prefix: str) -> str:
    if not items:
        return "暂无任务书。"
    return table(_INDEX_HEADERS, _rows(items, prefix))


def cities_index(items: Sequence[Entry]) -> str:
    """城市一览: every city in one sortable table."""
    return "\n".join([
        "# 城市一览", "",
        f"共 {len(items)} 个城市，经费合计 {md(amount(sum(e.funding for e in items)))} 万元。"
        "点击表头可按该列排序。", "",
        _city_table(items, "../"), ""])


def provinces_index(items: Sequence[Entry]) -> str:
    """按省份: one row a province, linking its page."""
    rows = []
    for province in _provinces(items):
        members = [e for e in items if e.province == province]
        rows.append([f"[{md(province)}](../{province_file(province)})", str(len(members)),
                     md(amount(sum(e.funding for e in members)))])
    body = table(["省份", "城市数", "经费（万元）"], rows) if rows else "暂无任务书。"
    return "\n".join(["# 按省份", "", body, ""])


def province_page(province: str, items: Sequence[Entry]) -> str:
    """One province's cities."""
    members = [e for e in items if e.province == province]
    return "\n".join([
        f"# {md(province)}", "",
        f"{md(province)}共 {len(members)} 个城市，经费合计 "
        f"{md(amount(sum(e.funding for e in members)))} 万元。[返回按省份](index.md)", "",
        _city_table(members, "../"), ""])


def status_index(items: Sequence[Entry]) -> str:
    """按状态: one row a status, with what it means."""
    rows = [[f"[{md(s.label)}]({s.key}.md)", str(sum(e.status == s for e in items)), md(s.description)]
            for s in STATUSES]
    return "\n".join(["# 按状态", "",
                      "状态由任务书的记录推算，不需要填写：合入主分支即为已审核，补录签章记录后为已签章。", "",
                      table(["状态", "城市数", "含义"], rows), ""])


def status_page(key: str, items: Sequence[Entry]) -> str:
    """The cities in one status."""
    status = next(s for s in STATUSES if s.key == key)
    members = [e for e in items if e.status == status]
    return "\n".join([f"# {md(status.label)}", "", md(status.description), "",
                      f"共 {len(members)} 个城市。[返回按状态](index.md)", "",
                      _city_table(members, "../"), ""])


def latest(items: Sequence[Entry], limit: int = LATEST) -> list[tuple[str, Entry, str]]:
    """The newest (date, entry, summary) across the books' own records."""
    found = []
    for entry in items:
        for change in entry.book.changes:
            found.append((change.date, entry, "任务调整：" + change.summary))
        if entry.book.signing is not None:
            found.append((entry.book.signing.date, entry, "任务书签章"))
    found.sort(key=lambda item: (item[0], item[1].seq), reverse=True)
    return found[:limit]


def overview_section(items: Sequence[Entry]) -> str:
    """The home page's generated part: counts, total funding and the latest changes."""
    total = amount(sum(e.funding for e in items))
    provinces = _provinces(items)
    lines = ["## 概况", "",
             f"已收录 **{len(items)}** 个城市的任务书，分布在 **{len(provinces)}** 个省（直辖市），"
             f"经费合计 **{md(total)}** 万元。全部城市见[城市一览](cities/index.md)。", "",
             "### 按省份", ""]
    rows = [[f"[{md(p)}]({province_file(p)})", str(sum(e.province == p for e in items)),
             md(amount(sum(e.funding for e in items if e.province == p)))] for p in provinces]
    lines += [table(["省份", "城市数", "经费（万元）"], rows) if rows else "暂无任务书。", "",
              "### 按状态", "",
              table(["状态", "城市数"], [[f"[{md(s.label)}](status/{s.key}.md)",
                                       str(sum(e.status == s for e in items))] for s in STATUSES]),
              "", "### 最近更新", ""]
    recent = latest(items)
    lines += [table(["日期", "城市", "内容"],
                    [[md(date or MISSING), f"[{md(e.name)}](cities/{e.slug}.md)", md(summary)]
                     for date, e, summary in recent]) if recent else "暂无更新记录。", ""]
    return "\n".join(lines)


def api(items: Sequence[Entry], profile: Profile) -> bytes:
    """``api/cities.json``: every book's front matter and body, under the same profile."""
    document = {
        "profile": profile,
        "count": len(items),
        "cities": [
            {
                "slug": e.slug,
                "page": f"cities/{e.slug}/",
                "status": e.status.key,
                "status_label": e.status.label,
                "updated": e.updated or None,
                "data": e.book.front,
                "body": e.book.body,
            }
            for e in items
        ],
    }
    # Compact, so that the C encoder does the work (an indented dump is pure Python).
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
