"""Browser helpers shared by the browser tests and ``scripts/screenshots``.

Debian's chromium driven by Playwright, against a built site served over http on 127.0.0.1
(search does not work from ``file://``). The server can put the site under a sub-path, as
GitHub Pages serves a project site (``/<repo>/``), and answers a missing file with the
site's ``404.html`` and status 404, as Pages does.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTHS = (1366, 390)
"""A laptop and a phone, in CSS pixels."""


class _Handler(SimpleHTTPRequestHandler):
    """Serves ``directory`` under ``prefix``; anything else, or missing, is the 404 page."""

    prefix = "/"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> Any:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path.startswith(self.prefix):
            self.path = "/" + self.path[len(self.prefix):]
            local = Path(self.translate_path(self.path))
            if local.is_file() or (local / "index.html").is_file():
                return super().send_head()
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else b"not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


@contextmanager
def serve(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``site`` on a free port of 127.0.0.1 under ``prefix``; yield the site's address."""
    handler = functools.partial(type("Handler", (_Handler,), {"prefix": prefix}),
                                directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def launch(playwright: Any) -> Any:
    """A headless Debian chromium."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)


def new_page(browser: Any, width: int, height: int = 900) -> Any:
    """A page of ``width`` CSS pixels (a phone's is touch-enabled, as readers hold it)."""
    phone = width < 600
    context = browser.new_context(viewport={"width": width, "height": 844 if phone else height},
                                  locale="zh-CN", is_mobile=phone, has_touch=phone,
                                  device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15000)
    return page
