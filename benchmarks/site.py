"""Benchmark: the site of 400 generated cities, plugin build against a plain build.

The plugin build (``plugins: [search, taskbook]``: validate every book, read the git
history, render, sanitize, index with jieba) is timed side by side with a plain
mkdocs-material build of the very same pages written out as Markdown files (``plugins:
[search]``). The budget in DESIGN.md is 1.15x. Both publish the same pages (the overview's
charts are in them), the same stylesheet and scripts and the same 404 template. Each
city's printable .docx (and PDF, where LibreOffice is installed) is built once before
timing into the plugin's document cache and copied into the plain project, so both
publish the same files; the timed plugin build reads the cache, as every build after the
first does (``benchmarks/run-site-first`` times the first build).

A real repository holds at most 99 books (the sequence number is two digits of the task
id), so 400 books necessarily share sequence numbers and task ids: the benchmark skips
only the cross-file uniqueness check (a dictionary lookup a book) and keeps every other
rule. Each build runs in a fresh interpreter, alternating plain and plugin, and the
median of ``--repeat`` runs is reported.

    benchmarks/run-site [--cities 400] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "cities" / "shijiazhuang" / "taskbook.md"
PROVINCES = ("河北省", "山西省", "山东省", "河南省", "陕西省", "江苏省", "安徽省", "湖北省",
             "湖南省", "四川省", "新疆维吾尔自治区")
STEMS = "东西南北中新安平阳昌兴宁华庆丰泰和德清永福"
PINYIN = ("dong", "xi", "nan", "bei", "zhong", "xin", "an", "ping", "yang", "chang", "xing",
          "ning", "hua", "qing", "feng", "tai", "he", "de", "qing", "yong", "fu")
TOPICS = ("机动车", "工业涂装", "石化", "焦化", "钢铁", "建材", "扬尘", "餐饮油烟", "农业氨", "港口")


def generate(folder: Path, count: int) -> None:
    """Write ``count`` valid, varied books into ``folder/cities`` (one git commit)."""
    example = EXAMPLE.read_text(encoding="utf-8")
    for index in range(count):
        a, b = divmod(index, len(STEMS))
        name = f"{STEMS[a % len(STEMS)]}{STEMS[b]}{'川' if a >= len(STEMS) else ''}市"
        slug = f"{PINYIN[a % len(PINYIN)]}{PINYIN[b]}{index}"
        seq = index % 99 + 1
        text = (example.replace("石家庄市", name)
                .replace("DQGG202101", f"DQGG2021{seq:02d}").replace("seq: 1\n", f"seq: {seq}\n")
                .replace("province: 河北省", f"province: {PROVINCES[index % len(PROVINCES)]}")
                .replace("amount: 300", f"amount: {200 + index % 7 * 25}")
                .replace("重点行业治理问题清单。", f"重点行业治理问题清单，重点关注{TOPICS[index % len(TOPICS)]}。"))
        book = folder / "cities" / slug / "taskbook.md"
        book.parent.mkdir(parents=True)
        book.write_text(text, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2021-06-01T10:00:00+08:00",
           "GIT_COMMITTER_DATE": "2021-06-01T10:00:00+08:00"}
    for command in (["init", "-q"], ["add", "cities"],
                    ["-c", "user.name=bench", "-c", "user.email=bench@example.org",
                     "commit", "-q", "-m", "新增任务书"]):
        subprocess.run(["git", *command], cwd=folder, check=True, env=env, capture_output=True)


def prepare(folder: Path, count: int) -> tuple[Path, Path]:
    """Lay out the plugin project and the plain project of the same pages."""
    plugin = plugin_project(folder, lambda project: generate(project, count))
    _patch_index_check()
    from taskbook.context import Context

    pages = site_pages(plugin, Context.load())
    return plugin, write_plain(folder / "plain", pages)


def plugin_project(folder: Path, fill_in: Callable[[Path], None]) -> Path:
    """The plugin's project: this repository's mkdocs.yml, docs, schema and vendor, and the
    books (and records) ``fill_in`` writes."""
    plugin = folder / "plugin"
    plugin.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", plugin / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", plugin / "docs")
    shutil.copytree(ROOT / "schema", plugin / "schema")
    (plugin / "vendor").symlink_to(ROOT / "vendor", target_is_directory=True)
    fill_in(plugin)
    return plugin


def site_pages(plugin: Path, context: Any) -> dict[str, str | bytes]:
    """Every page and file the plugin would add to the site of ``plugin``, made as the
    plugin makes them (the printable documents and summaries into its cache, untimed)."""
    from taskbook.checker import check_paths
    from taskbook.export.pdf import find_soffice
    from taskbook.lifecycle.programme import PROGRAMME_FILE, read
    from taskbook.site import documents, history
    from taskbook.site.lifecycle import Lifecycle, summary_files
    from taskbook.site.render import render

    report = check_paths([plugin / "cities"], keep_books=True, context=context)
    assert report.errors == 0, report.diagnostics[:3]
    # The printable documents: built once here, untimed, into the plugin's cache (a real
    # site rebuilds only the documents of edited books), and given to the plain project as
    # the same files, so that both builds publish identical pages and downloads.
    started = time.perf_counter()
    cache = plugin / ".cache" / "taskbook" / "documents"
    made = documents.Documents(context, cache, soffice=find_soffice())
    built = made.build(report.books, "public")
    files: dict[str, str | bytes] = {documents.site_path(item.slug, kind): data
                                     for item in built for kind, data in item.documents.items()}
    print(f"documents: {len(files)} built once before timing in {time.perf_counter() - started:.1f} s "
          "(then read from the cache)")
    programme = read(plugin / PROGRAMME_FILE, context.records.programme)[0]
    lifecycle = Lifecycle(report.records, programme, context.date)
    summaries = summary_files(lifecycle, report.books, "public", cache)
    lifecycle = Lifecycle(report.records, programme, context.date,
                          tuple((label, path) for label, path, _ in summaries))
    pages: dict[str, str | bytes] = dict(render(
        report.books, context, "public",
        home=(plugin / "docs" / "index.md").read_text(encoding="utf-8"),
        approved=history.read(plugin / "cities"),
        downloads={item.slug: [documents.download(item.slug, "public", kind)
                               for kind in item.documents] for item in built},
        lifecycle=lifecycle))
    pages.update(files)
    pages.update({path: data for _, path, data in summaries})
    # 在线填写: its page and files, and the vendored Pyodide, the same in both projects.
    from taskbook.webform import site as fill
    from taskbook.webform.vendor import check

    vendor = check(ROOT / "vendor")
    pages.update(fill.render(context, vendor, fill.Options()))
    pages.update({uri: path.read_bytes() for uri, path in fill.copies(vendor).items()})
    return pages


def write_plain(plain: Path, pages: dict[str, str | bytes],
                not_in_nav: tuple[str, ...] = ("cities", "provinces", "status", "reports")) -> Path:
    """A plain mkdocs-material project of ``pages``: the site's pages written out as files,
    the plugin's Markdown set-up, stylesheets, scripts and 404 template, and no taskbook
    plugin."""
    from importlib import resources

    from taskbook.bodytext import EXTENSIONS
    from taskbook.site.render import ASSET_DIR, ASSETS

    shutil.copytree(ROOT / "docs", plain / "docs")
    for uri, content in pages.items():
        target = plain / "docs" / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = config.index("  - taskbook:"), config.index("# mkdocs serve")
    config = config[:start] + config[end:]
    config = config.replace("watch:\n  - cities\n  - schema\n", "")
    # The Markdown set-up the plugin gives the site, written out.
    config += ("markdown_extensions:\n" + "".join(f"  - {name}\n" for name in EXTENSIONS if name != "toc")
               + "  - toc:\n      permalink: true\n      slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
               "        kwds: {case: lower}\n")
    config += ("extra_css:\n" + "".join(f"  - {ASSET_DIR}/{n}\n" for n in ASSETS if n.endswith(".css"))
               + "extra_javascript:\n" + "".join(f"  - {ASSET_DIR}/{n}\n" for n in ASSETS if n.endswith(".js"))
               + "not_in_nav: |\n" + "".join(f"  /{folder}/*\n" for folder in not_in_nav))
    # Our 404 template, as the plugin puts it before the theme's.
    theme = resources.files("taskbook.site").joinpath("theme")
    config = config.replace("  name: material\n", f"  name: material\n  custom_dir: {theme}\n", 1)
    (plain / "mkdocs.yml").write_text(config, encoding="utf-8")
    return plain


def _patch_index_check() -> None:
    from taskbook import rules

    rules.check_index = lambda entries: iter(())


def run_one(project: Path, site: Path) -> float:
    """Build one project in this (fresh) process; return the seconds of config + build."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    _patch_index_check()
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    os.chdir(project)
    started = time.perf_counter()
    build(load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site)))
    return time.perf_counter() - started


def timed(project: Path, site: Path) -> float:
    """Run :func:`run_one` in a fresh interpreter and return its time."""
    result = subprocess.run(
        [sys.executable, __file__, "--one", str(project), str(site)],
        check=True, capture_output=True, text=True,
    )
    return float(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cities", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the generated projects in this folder")
    parser.add_argument("--one", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(f"{run_one(*args.one):.4f}")
        return 0
    folder = args.keep or Path(tempfile.mkdtemp(prefix="taskbook-site-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        plugin, plain = prepare(folder, args.cities)
        timed(plain, folder / "site-warm")  # warm the jieba cache and the file system
        plain_times, plugin_times = [], []
        for _ in range(args.repeat):
            plain_times.append(timed(plain, folder / "site-plain"))
            plugin_times.append(timed(plugin, folder / "site-plugin"))
        a, b = statistics.median(plain_times), statistics.median(plugin_times)
        pages = sum(1 for _ in (folder / "site-plugin").rglob("index.html"))
        print(f"cities: {args.cities}, pages: {pages}, cores: {os.cpu_count()}, runs: {args.repeat}")
        print(f"plain mkdocs-material build: {a:6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in plain_times)})")
        print(f"taskbook plugin build:       {b:6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in plugin_times)})")
        pairs = statistics.median(p / q for p, q in zip(plugin_times, plain_times, strict=True))
        print(f"ratio: {b / a:.3f}x of the medians, {pairs:.3f}x the median of back-to-back pairs "
              f"(budget 1.15x) -> {'OK' if b / a <= 1.15 else 'OVER BUDGET'}")
        return 0 if b / a <= 1.15 else 1
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
