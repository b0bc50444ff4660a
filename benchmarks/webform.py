"""在线填写: the page's weight on a first visit and the time to its first validation result.

Builds the public site, serves it on 127.0.0.1 (Python's server: no compression, so the
bytes transferred are the files' sizes), opens ``fill/`` in Debian's chromium, and starts a
blank book as soon as the page's Python is ready. Reported: every byte the first visit
fetched (the page, the theme, Pyodide, the Python archive), the same files' size gzipped (as
a server that compresses sends them), the seconds until Python was ready and until the first
diagnostics were shown; then the same on a second visit, served by the service worker.

    benchmarks/run-webform [--site DIR]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _visit(page, url: str) -> tuple[float, float]:
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("#tb-fill[data-python=ready]", timeout=300_000)
    ready = time.perf_counter() - started
    if page.locator(".tb-start").is_visible():
        for name, value in (("name", "咸阳市"), ("province", "陕西省"), ("seq", "34"), ("slug", "xianyang")):
            page.fill(f"#tb-start-{name}", value)
        page.get_by_role("button", name="生成空白任务书").click()
    page.wait_for_selector("#tb-fill[data-state=checked]", timeout=120_000)
    return ready, time.perf_counter() - started


def main() -> int:
    """Build, serve, visit twice, report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site to serve (default: build one)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        site = options.site
        if site is None:
            from taskbook.site.build import build

            site = build(ROOT / "mkdocs.yml", profile="public", site_dir=Path(scratch) / "site")
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_address[1]}/fill/"
        fetched: list[tuple[str, int]] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                 args=FLAGS)
            context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")

            def record(response) -> None:
                # The server sends files as they are: a response's bytes are the file's size.
                if response.request.method == "GET" and response.status == 200 \
                        and not response.from_service_worker:
                    path = urlsplit(response.url).path
                    local = site / path.lstrip("/")
                    local = local / "index.html" if local.is_dir() else local
                    fetched.append((path, local.stat().st_size if local.is_file() else 0))

            context.on("response", record)
            page = context.new_page()
            first = _visit(page, url)
            weight = list(fetched)
            page.wait_for_timeout(3000)  # let the service worker finish its cache
            fetched.clear()
            page.evaluate("localStorage.clear()")
            second = _visit(page, url)
            browser.close()
        httpd.shutdown()
        total = sum(size for _, size in weight)
        zipped = 0
        for path, _ in weight:
            local = site / path.lstrip("/")
            local = local / "index.html" if local.is_dir() else local
            if local.is_file():
                zipped += len(gzip.compress(local.read_bytes(), 6)) if local.suffix not in (".zip", ".gz") \
                    else local.stat().st_size
        print("first visit, files fetched (the service worker's own fetches included):")
        for path, size in sorted(weight, key=lambda item: -item[1]):
            print(f"  {size:>10,}  {path}")
        print(f"  {total:>10,}  bytes in {len(weight)} files ({total / 1e6:.1f} MB; "
              f"{zipped / 1e6:.1f} MB from a server that gzips)")
        print(f"first visit:  Python ready after {first[0]:.1f} s, first diagnostics after {first[1]:.1f} s")
        print(f"second visit: Python ready after {second[0]:.1f} s, first diagnostics after {second[1]:.1f} s "
              f"({sum(size for _, size in fetched):,} bytes from the network)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
