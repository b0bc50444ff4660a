"""Screenshots of the site for a reviewer: ``scripts/screenshots [OUT]``.

Builds the repository's books (public under a sub-path, as GitHub Pages serves a project
site, and internal), then writes full-page PNGs of the pages readers use most at a
laptop's and a phone's width, the print view of a city page (PDF and PNG) and the first
page of a city's downloadable PDF, into OUT (default ``screenshots/``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from browser import WIDTHS, launch, new_page, serve  # noqa: E402

SUB_PATH = "/taskbook/"
PAGES = (  # (file stem, path under the site, profile)
    ("home", "", "public"),
    ("cities", "cities/", "public"),
    ("province", "provinces/河北省/", "public"),
    ("city", "cities/shijiazhuang/", "public"),
    ("fields", "reference/fields/", "public"),
    ("submit-guide", "guide/submit/", "public"),
    ("404", "no-such-page/", "public"),
    ("city-internal", "cities/shijiazhuang/", "internal"),
)


def build(out: Path) -> dict[str, Path]:
    """Build both profiles of the repository's site into ``out``."""
    from taskbook.site.build import build as build_site

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return {
            "public": build_site(ROOT / "mkdocs.yml", profile="public", site_dir=out / "public",
                                 site_url=f"http://127.0.0.1{SUB_PATH}"),
            "internal": build_site(ROOT / "mkdocs.yml", profile="internal",
                                   site_dir=out / "internal"),
        }
    finally:
        os.chdir(cwd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="taskbook-shots-") as folder:
        sites = build(Path(folder))
        with serve(sites["public"], SUB_PATH) as public, serve(sites["internal"]) as internal, \
                sync_playwright() as playwright:
            browser = launch(playwright)
            roots = {"public": public, "internal": internal}
            for width in WIDTHS:
                page = new_page(browser, width)
                for stem, path, profile in PAGES:
                    page.goto(roots[profile] + path)
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(out / f"{stem}-{width}.png"), full_page=True)
                page.context.close()
            page = new_page(browser, 1366)
            for profile in ("public", "internal"):
                page.goto(roots[profile] + "cities/shijiazhuang/")
                page.wait_for_load_state("networkidle")
                page.emulate_media(media="print")
                page.pdf(path=str(out / f"print-city-{profile}.pdf"), format="A4",
                         print_background=True)
                page.emulate_media(media="screen")
            browser.close()
        downloaded = sites["public"] / "downloads" / "shijiazhuang-taskbook.pdf"
        if downloaded.is_file():
            shutil.copy(downloaded, out / "download-city.pdf")
    if shutil.which("pdftoppm"):
        for pdf in sorted(out.glob("*.pdf")):
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-l", "3", str(pdf),
                            str(out / pdf.stem)], check=True)
    print(f"screenshots: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
