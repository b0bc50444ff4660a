"""The lifecycle on the site: the matrix, city timelines, report pages, privacy, in a browser."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
PRIVATE = ("029-88301234", "luojy@example.org.cn", "010-84019876", "hanxd@example.org.cn")


def text(path: Path) -> str:
    """A built page's text without tags."""
    return re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))


def cells(html: str, city: str) -> list[str]:
    """The matrix cells of one city's row, as text."""
    row = re.search(rf"<tr><th scope=\"row\"><a [^>]*>{city}</a>.*?</tr>", html, re.S)
    assert row is not None
    return [re.sub(r"<[^>]+>", " ", c).split()[1] for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0))]


def test_matrix_internal_names_overdue_public_does_not(lifecycle_sites):
    """Internal: 西安市 quarters 4–8 逾期未报; public (programme keeps them internal): 未报送."""
    internal = (lifecycle_sites["internal"] / "reports" / "index.html").read_text(encoding="utf-8")
    public = (lifecycle_sites["public"] / "reports" / "index.html").read_text(encoding="utf-8")
    assert cells(internal, "北京市") == ["已报送"] * 8
    assert cells(internal, "西安市") == ["已报送"] * 3 + ["逾期未报"] * 5
    assert cells(public, "西安市") == ["已报送"] * 3 + ["未报送"] * 5
    assert "逾期" not in text(lifecycle_sites["public"] / "reports" / "index.html").replace("不区分逾期", "")
    assert "尚未签章：石家庄市、济南市。" in text(lifecycle_sites["public"] / "reports" / "index.html")
    province = (lifecycle_sites["internal"] / "reports" / "陕西省" / "index.html").read_text(encoding="utf-8")
    assert cells(province, "西安市") == cells(internal, "西安市") and "北京市</a>" not in province


def test_statuses_and_summary_downloads(lifecycle_sites):
    """City statuses come from the records; the latest summary is offered in both formats."""
    site = lifecycle_sites["public"]
    assert "状态：已验收" in text(site / "cities" / "beijing" / "index.html")
    assert "状态：执行中" in text(site / "cities" / "xian" / "index.html")
    assert (site / "downloads" / "summary-8.xlsx").is_file()
    assert (site / "downloads" / "summary-8.docx").is_file()
    assert "汇总报告：第 8 季度汇总（Excel），第 8 季度汇总（Word）" in text(site / "reports" / "index.html")


def test_no_personal_value_of_a_record_in_the_public_site(lifecycle_sites):
    """Reporters' phones and e-mails appear in the internal site only."""
    public = "".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in lifecycle_sites["public"].rglob("*") if p.suffix in (".html", ".json"))
    internal = (lifecycle_sites["internal"] / "cities" / "xian" / "reports" / "2" / "index.html").read_text(
        encoding="utf-8")
    assert [value for value in PRIVATE if value in public] == []
    assert "029-88301234" in internal and "luojy@example.org.cn" in internal


def test_report_page_follows_the_form(lifecycle_sites):
    """A report page: its title, the form's sections in order, the partly done item's reason."""
    page = text(lifecycle_sites["public"] / "cities" / "xian" / "reports" / "2" / "index.html")
    assert "西安市细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究第 2 季度执行情况报告" in page
    headings = re.findall(r"[一二三四五六]、[^\s¶]+", page)
    assert headings[:6] == ["一、季度计划完成情况", "二、季度考核指标完成情况", "三、共享的数据、平台和成果",
                            "四、统计报表", "五、工作进展", "六、下季度工作计划"]
    assert "受疫情影响，包装印刷行业企业现场调研未能按期开展。" in page


@pytest.fixture(scope="module")
def served(lifecycle_sites) -> Iterator[str]:
    """The internal site over http on 127.0.0.1."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(lifecycle_sites["internal"]))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("width", [1366, 390])
def test_matrix_and_timeline_in_a_browser(served, width):
    """At 1366 and 390 px: the matrix scrolls in its own box; the timeline leads to a report."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.set_default_timeout(15000)
        try:
            page.goto(served + "reports/")
            matrix = page.locator("table.tb-matrix")
            assert matrix.locator("tbody tr").count() == 2
            assert matrix.locator("td.tb-q-overdue").count() == 5
            assert matrix.locator("td.tb-q-reported.tb-q-partial").count() == 1
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0
            box = page.evaluate("(() => { const b = document.querySelector('.tb-scroll');"
                                " return [b.scrollWidth, b.clientWidth]; })()")
            assert (box[0] > box[1]) == (width == 390)
            page.goto(served + "cities/xian/")
            steps = page.locator("ol.tb-reports > li")
            assert steps.count() == 8
            assert steps.nth(1).inner_text().split("\n")[0].startswith("第 2 季度")
            assert "有事项部分完成或未完成" in steps.nth(1).inner_text()
            assert steps.nth(3).locator(".tb-badge").inner_text() == "! 逾期未报"
            steps.nth(1).locator("a").click()
            page.wait_for_url("**/cities/xian/reports/2/")
            title = page.locator("article h1").first.inner_text().rstrip("¶")
            assert title.endswith("第 2 季度执行情况报告")
        finally:
            browser.close()


def test_home_chart_and_record_reference(lifecycle_sites):
    """The home page draws the quarters reported as inline SVG that survives sanitizing; the
    records' field reference is generated from their schemas."""
    home = (lifecycle_sites["public"] / "index.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg class=\"tb-chart\".*?</svg>", home, re.S)
    assert svg is not None
    assert re.findall(r'<text class="tb-chart-value"[^>]*>(\d+)</text>', svg.group(0)) == (
        ["2", "2", "2", "1", "1", "1", "1", "1"])
    reference = text(lifecycle_sites["public"] / "reference" / "records" / "index.html")
    assert "reporter.phone" in reference and "填报人 › 联系电话" in reference
