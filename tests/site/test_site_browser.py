"""End to end in a real browser: Debian's chromium driven by Playwright, site on 127.0.0.1."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(sites: dict[str, Path]) -> Iterator[str]:
    """The public site served over http on a free port of 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(sites["public"]))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser_page(server: str) -> Iterator[tuple[Page, list[str]]]:
    """A headless chromium page that records the URL of every request it makes."""
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.set_default_timeout(15000)
        try:
            yield page, requests
        finally:
            context.close()
            browser.close()


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

    search = page.locator("input.md-search__input")
    search.click()
    search.fill("秦岭")
    search.dispatch_event("keyup")
    page.wait_for_selector(".md-search-result__item")
    results = page.locator(".md-search-result__item").all_inner_texts()
    assert any("西安市" in result for result in results)

    outside = [url for url in requests
               if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"]
    assert any(url.endswith("/search/search_index.json") for url in requests)
    assert any(url.endswith("/assets/taskbook/sortable.js") for url in requests)
    assert outside == []


@pytest.mark.parametrize("query", ["西安市", "陕西省环境科学研究院", "秦岭北麓"])
def test_search_finds_city_by_name_lead_unit_or_content(server, browser_page, query):
    """A city name, a lead unit or words of the research content find the city's page."""
    page, _ = browser_page
    page.goto(server)
    search = page.locator("input.md-search__input")
    search.click()
    search.fill(query)
    search.dispatch_event("keyup")
    page.wait_for_selector(".md-search-result__item")
    links = page.locator(".md-search-result__item a").evaluate_all("(as) => as.map(a => a.href)")
    assert any(link.startswith(server + "cities/xian/") for link in links)


def test_city_table_sorts_by_funding(server, browser_page):
    """Clicking 经费（万元） sorts the cities by amount, again to reverse."""
    page, _ = browser_page
    page.goto(server + "cities/")
    header = page.locator("article table th", has_text="经费（万元）")
    header.click()
    cities = page.locator("article table tbody tr td:nth-child(2)").all_inner_texts()
    assert cities == ["西安市", "石家庄市", "北京市"]
    header.click()
    cities = page.locator("article table tbody tr td:nth-child(2)").all_inner_texts()
    assert cities == ["北京市", "石家庄市", "西安市"]
