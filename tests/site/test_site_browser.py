"""End to end in a real browser: Debian's chromium driven by Playwright, site on 127.0.0.1.

The public site is served under a sub-path (``/taskbook/``), as GitHub Pages serves a
project site, with its ``404.html`` for any missing address; the internal one at the root.
Layout checks run at a laptop's and a phone's width (1366 and 390 CSS pixels).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import WIDTHS, launch, new_page, serve
from playwright.sync_api import Browser, Page, sync_playwright
from site_helpers import SITE_URL

from taskbook.site.render import INTERNAL_BANNER

SUB_PATH = urlsplit(SITE_URL).path
LAYOUT_PAGES = {"home": "", "cities": "cities/", "province": "provinces/河北省/",
                "city": "cities/shijiazhuang/", "fields": "reference/fields/"}


@pytest.fixture(scope="module")
def server(sites: dict[str, Path]) -> Iterator[str]:
    """The public site under its sub-path on a free port of 127.0.0.1."""
    with serve(sites["public"], SUB_PATH) as root:
        yield root


@pytest.fixture(scope="module")
def internal_server(sites: dict[str, Path]) -> Iterator[str]:
    """The internal site at the root of a free port of 127.0.0.1."""
    with serve(sites["internal"]) as root:
        yield root


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless chromium for the module."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser_page(server: str, browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A laptop-wide page that records the URL of every request it makes."""
    requests: list[str] = []
    page = new_page(browser, 1366)
    page.on("request", lambda request: requests.append(request.url))
    try:
        yield page, requests
    finally:
        page.context.close()


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda width: f"{width}px")
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A page at each width."""
    page = new_page(browser, request.param)
    try:
        yield page
    finally:
        page.context.close()


def search(page: Page, query: str) -> list[str]:
    """Type ``query`` into the site's search and return the result links, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.dispatch_event("keyup")
    page.wait_for_selector(".md-search-result__item")
    return page.locator(".md-search-result__item > a").evaluate_all("(as) => as.map(a => a.href)")


def test_home_to_city_and_chinese_search_without_outside_requests(server, browser_page):
    """Home → 城市一览 → 西安市; searching 秦岭 finds 西安市; no request leaves 127.0.0.1."""
    page, requests = browser_page
    page.goto(server)
    assert page.locator("article h1").first.inner_text().startswith("细颗粒物和臭氧污染协同防控")

    page.locator("a.md-nav__link[href='cities/']").first.click()
    page.wait_for_url(server + "cities/")
    assert page.locator("article h1").first.inner_text().rstrip("¶").strip() == "城市一览"

    page.locator("article table a", has_text="西安市").first.click()
    page.wait_for_url(server + "cities/xian/")
    assert page.locator("article h1").first.inner_text().rstrip("¶").strip() == "西安市"
    assert page.locator("table.tb-form").count() == 1

    results = search(page, "秦岭")
    assert any("/cities/xian/" in result for result in results)

    outside = [url for url in requests
               if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"]
    assert any(url.endswith("/search/search_index.json") for url in requests)
    assert any(url.endswith("/assets/taskbook/sortable.js") for url in requests)
    assert any(url.endswith("/assets/taskbook/filter.js") for url in requests)
    assert outside == []


@pytest.mark.parametrize("query", ["西安市", "陕西省环境科学研究院", "秦岭北麓"])
def test_search_finds_city_by_name_lead_unit_or_content(server, browser_page, query):
    """A city name, a lead unit or words of the research content find the city's page."""
    page, _ = browser_page
    page.goto(server)
    assert any(link.startswith(server + "cities/xian/") for link in search(page, query))


def _names(books):
    """(name, slug) for each city name, lead unit and participant named by one book only."""
    owners: dict[str, set[str]] = {}
    for book in books:
        for name in (book.city.name, book.lead_unit.name, *(p.name for p in book.participants)):
            owners.setdefault(name, set()).add(book.slug)
    return sorted((name, next(iter(slugs))) for name, slugs in owners.items() if len(slugs) == 1)


def test_full_name_of_city_lead_unit_or_participant_lists_the_city_first(server, browser_page, books):
    """Typed in full, a city's name, its lead unit or one of its participants lists the
    city's page first (before the indexes and province pages that name it too)."""
    page, _ = browser_page
    page.goto(server)
    names = _names(books)
    assert len(names) >= 9  # three books: a name, a lead unit, a participant of their own
    first = {name: search(page, name)[0] for name, _ in names}
    assert {name: link.split("?")[0] for name, link in first.items()} == {
        name: f"{server}cities/{slug}/" for name, slug in names}


def test_city_table_sorts_by_funding(server, browser_page):
    """Clicking 经费（万元） sorts the cities by amount, again to reverse."""
    page, _ = browser_page
    page.goto(server + "cities/")
    header = page.locator("article table th", has_text="经费（万元）")
    header.locator("button").click()
    cities = page.locator("article table tbody tr td:nth-child(2)").all_inner_texts()
    assert cities == ["西安市", "石家庄市", "北京市"]
    assert header.get_attribute("aria-sort") == "ascending"
    header.locator("button").click()
    cities = page.locator("article table tbody tr td:nth-child(2)").all_inner_texts()
    assert cities == ["北京市", "石家庄市", "西安市"]
    assert header.get_attribute("aria-sort") == "descending"


_LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const out = {overflow: document.documentElement.scrollWidth - width, tables: []};
  for (const table of document.querySelectorAll("article table")) {
    const cells = Array.from(table.rows).map(row => row.cells[row.cells.length - 1]);
    const unreachable = [];
    for (const cell of [...table.querySelectorAll("th"), ...cells]) {
      cell.scrollIntoView({block: "nearest", inline: "start"});
      const box = cell.getBoundingClientRect();
      if (box.left < -1 || box.left > width - 4) unreachable.push(cell.textContent.trim().slice(0, 20));
    }
    const style = getComputedStyle(table);
    const th = table.querySelector("th");
    out.tables.push({
      form: table.classList.contains("tb-form"),
      klass: table.getAttribute("class"),
      wrapped: !!table.closest(".md-typeset__scrollwrap"),
      border: style.borderTopStyle,
      sorts: th ? Array.from(table.tHead ? table.tHead.rows[0].cells : []).map(
        cell => [cell.getAttribute("aria-sort"), !!cell.querySelector("button.tb-sort")]) : [],
      unreachable,
    });
  }
  window.scrollTo(0, 0);
  return out;
}"""


@pytest.mark.parametrize("name", list(LAYOUT_PAGES))
def test_pages_fit_the_screen_and_every_table_column_is_reachable(server, sized, name):
    """At 1366 and 390 px: the page body does not overflow sideways; every column of every
    table can be scrolled into view (wide tables scroll inside their own box); tables keep
    the theme's styling (no class, in the theme's scrolling box, bordered); sortable headers
    are buttons that announce their state (aria-sort) before the first click."""
    sized.goto(server + LAYOUT_PAGES[name])
    sized.wait_for_load_state("networkidle")
    layout = sized.evaluate(_LAYOUT)
    assert layout["overflow"] <= 0
    assert layout["tables"], name
    for table in layout["tables"]:
        assert table["unreachable"] == []
        if not table["form"]:
            assert (table["klass"], table["wrapped"], table["border"]) == (None, True, "solid")
            assert table["sorts"] and set(map(tuple, table["sorts"])) == {("none", True)}


def test_city_list_filters_by_province_status_and_text(server, sized):
    """城市一览's filter narrows the list by province, status and text, updates the count,
    keeps the choice in the address, and its header row is sticky."""
    sized.goto(server + "cities/")
    rows = sized.locator("article .tb-list tbody tr")
    count = sized.locator("article .tb-count")
    assert rows.count() == 3 and count.inner_text() == "显示全部 3 个城市。"
    sized.select_option("article .tb-filter select[name='省份']", "河北省")
    assert [r for r in rows.all_inner_texts() if r] and rows.locator(":visible").count() >= 1
    assert sized.locator("article .tb-list tbody tr:not([hidden]) td:nth-child(2)").all_inner_texts() == ["石家庄市"]
    assert count.inner_text() == "显示 1 个城市（共 3 个）。"
    assert "%E7%9C%81%E4%BB%BD=%E6%B2%B3%E5%8C%97%E7%9C%81" in sized.url
    sized.select_option("article .tb-filter select[name='省份']", "")
    sized.select_option("article .tb-filter select[name='状态']", "已签章")
    assert sized.locator("article .tb-list tbody tr:not([hidden]) td:nth-child(2)").all_inner_texts() == ["北京市"]
    sized.locator("article .tb-filter button.tb-filter-reset").click()
    sized.fill("article .tb-filter input[type='search']", "陕西省环境")
    assert sized.locator("article .tb-list tbody tr:not([hidden]) td:nth-child(2)").all_inner_texts() == ["西安市"]
    assert count.inner_text() == "显示 1 个城市（共 3 个）。"
    sticky = sized.locator("article .tb-list thead th").first.evaluate("th => getComputedStyle(th).position")
    assert sticky == "sticky"


def test_home_and_province_pages_show_their_charts(server, sized):
    """The home page draws cities by status, funding by province and by source; a province
    page draws its cities by status and its funders; each chart has visible marks."""
    sized.goto(server)
    captions = sized.locator("article figure.tb-chart figcaption").all_inner_texts()
    assert [c.split("万元")[0].strip() for c in captions] == ["各状态城市数", "各省（直辖市）经费", "按资金来源的经费"]
    ring = sized.locator("article svg.tb-ring")
    assert ring.get_attribute("aria-label") == "已审核（待签章） 2 个，已签章 1 个"
    bars = sized.locator("article figure.tb-chart").nth(1).locator("li.tb-bar-row")
    assert bars.all_inner_texts()[0].split() == ["河北省（1", "市）", "300"]
    widths = sized.locator("article svg.tb-bar rect").evaluate_all(
        "(rects) => rects.map(r => r.getBoundingClientRect().width)")
    assert len(widths) == 4 and min(widths) > 10
    sized.goto(server + "provinces/河北省/")
    captions = sized.locator("article figure.tb-chart figcaption").all_inner_texts()
    assert [c.split("万元")[0].strip() for c in captions] == ["各状态城市数", "按出资单位的经费"]


def test_city_page_offers_docx_and_pdf_and_tells_its_history(server, sized):
    """The city page links its .docx and PDF, both download; its history shows the dates of
    approval and change in Chinese, and no commit subject."""
    sized.goto(server + "cities/shijiazhuang/")
    links = sized.locator("article a[href$='.docx'], article a[href$='.pdf']")
    assert links.all_inner_texts() == ["任务书 Word 文件（公开版，不含个人信息）", "任务书 PDF 文件（公开版，手机可直接打开）"]
    for link, magic in zip(links.evaluate_all("(as) => as.map(a => a.href)"), (b"PK", b"%PDF"), strict=True):
        response = sized.request.get(link)
        assert response.status == 200 and response.body()[:len(magic)] == magic
    history = sized.locator("article h2#历史记录 + div table, article h2#历史记录 ~ div table").first
    rows = [row.split("\t") for row in history.locator("tbody tr").all_inner_texts()]
    assert rows == [["2021-06-01", "审核通过", "任务书通过联合审核，合入主分支并发布", "—"],
                    ["2022-03-15", "调整", "调整第四季度考核指标", "根据秋冬季实际污染过程调整简报数量"]]
    assert "新增三个城市的任务书" not in sized.locator("body").inner_text()


def test_404_is_chinese_and_styled_under_the_sub_path(server, sized):
    """A missing address under the sub-path answers 404 with the Chinese page, styled (the
    theme's stylesheet loaded: its header has the palette's colour) and linking home."""
    response = sized.goto(server + "no/such/page/")
    assert response.status == 404
    assert sized.locator("article h1").inner_text() == "页面不存在"
    assert sized.title().startswith("页面不存在")
    header = sized.locator(".md-header").evaluate("h => getComputedStyle(h).backgroundColor")
    assert header == "rgb(0, 105, 92)"
    home = sized.locator("article a", has_text="返回首页").get_attribute("href")
    assert home == SUB_PATH


def test_internal_banner_stays_on_screen_and_prints_on_every_page(internal_server, sized, tmp_path):
    """The internal banner stays visible (and uncovered) after scrolling; printed, every
    page of the city carries it; the page is noindex and its title says 内部."""
    sized.goto(internal_server + "cities/shijiazhuang/")
    assert sized.title().startswith("内部｜石家庄市")
    robots = sized.locator("meta[name='robots']").get_attribute("content")
    assert robots == "noindex, nofollow"
    sized.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    sized.wait_for_timeout(200)
    seen = sized.evaluate("""() => {
      const banner = document.querySelector(".tb-internal-banner");
      const box = banner.getBoundingClientRect();
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return [window.scrollY > 500, box.top >= 0 && box.bottom <= window.innerHeight,
              banner.contains(top), banner.innerText];
    }""")
    assert seen == [True, True, True, INTERNAL_BANNER]
    pdf = tmp_path / "print.pdf"
    sized.emulate_media(media="print")
    sized.pdf(path=str(pdf), format="A4")
    sized.emulate_media(media="screen")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    pages = [text for text in pages if text.strip()]
    assert len(pages) >= 3
    assert [n for n, text in enumerate(pages, 1) if INTERNAL_BANNER not in text] == []
    # A clean document: no navigation, header or search on paper.
    assert all("城市一览" not in text.split(INTERNAL_BANNER, 1)[1][:200] for text in pages[:1])


_CONTRAST = """() => {
  function rgba(value) {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function over(top, bottom) {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  }
  function background(element) {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    let result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  }
  function luminance(c) {
    const [r, g, b] = c.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  const low = [];
  const selector = "article p, article li, article td, article th, article a, article h1, " +
    "article h2, article figcaption, article label, .md-header__topic, .md-nav__link";
  for (const element of document.querySelectorAll(selector)) {
    const own = Array.from(element.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    // Not shown: permalinks (¶) appear only on hover, at the accent colour.
    if (!own || box.width === 0 || style.visibility === "hidden" || style.opacity === "0") continue;
    const bg = background(element);
    const fg = over(rgba(getComputedStyle(element).color), bg);
    const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) low.push([element.tagName, element.textContent.trim().slice(0, 12), ratio.toFixed(2)]);
  }
  return low;
}"""


@pytest.mark.parametrize("name", list(LAYOUT_PAGES))
def test_text_and_links_contrast_at_least_4_5(server, sized, name):
    """Body text, links, the header's title and the navigation have a contrast of at least
    4.5:1 against their background, measured on the browser's computed colours."""
    sized.goto(server + LAYOUT_PAGES[name])
    sized.wait_for_load_state("networkidle")
    assert sized.evaluate(_CONTRAST) == []
