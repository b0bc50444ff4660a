"""Benchmark: the first build of a full site, nothing cached: 99 cities with .docx and PDF.

A real repository holds at most 99 books (the sequence number is two digits of the task
id). This lays out 99 varied, valid books (benchmarks/books.py) in a git repository and
times ``taskbook build`` of the public site with an empty document cache, in a fresh
interpreter: validation, git history, every .docx (in worker processes, one a core),
every PDF (LibreOffice in batches, one process a core), the pages, sanitizing and the
Chinese search index. The budget is 60 s on 2 cores.

    benchmarks/run-site-first [--cities 99] [--repeat 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUDGET = 60.0
sys.path.insert(0, str(HERE))


def prepare(folder: Path, count: int) -> Path:
    """A site project of ``count`` books, committed in a git repository."""
    from books import book

    project = folder / "project"
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "schema", project / "schema")
    rng = random.Random(2021)
    for index in range(count):
        slug, text = book(index, index + 1, rng)
        path = project / "cities" / slug / "taskbook.md"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2021-06-01T10:00:00+08:00",
           "GIT_COMMITTER_DATE": "2021-06-01T10:00:00+08:00"}
    for command in (["init", "-q"], ["add", "."],
                    ["-c", "user.name=bench", "-c", "user.email=bench@example.org",
                     "commit", "-q", "-m", "新增任务书"]):
        subprocess.run(["git", *command], cwd=project, check=True, env=env, capture_output=True)
    return project


def first_build(project: Path, site: Path) -> float:
    """One build with an empty cache, in a fresh interpreter; return its seconds."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "taskbook", "build", "--profile", "public",
                    "--site-dir", str(site)], cwd=project, check=True, capture_output=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cities", type=int, default=99)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the generated project in this folder")
    args = parser.parse_args()
    from taskbook.export.pdf import find_soffice

    if find_soffice() is None:
        print("LibreOffice is not installed: the PDFs would not be built.", file=sys.stderr)
        return 2
    folder = args.keep or Path(tempfile.mkdtemp(prefix="taskbook-site-first-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        project = prepare(folder, args.cities)
        times = [first_build(project, folder / "site") for _ in range(args.repeat)]
        site = folder / "site"
        docx, pdf = len(list(site.glob("downloads/*.docx"))), len(list(site.glob("downloads/*.pdf")))
        median = statistics.median(times)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"cities: {args.cities}, documents: {docx} .docx and {pdf} PDF, cores: {os.cpu_count()}, "
              f"load before: {load:.2f}")
        print(f"first build, nothing cached: {median:6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times)}) "
              f"(budget {BUDGET:g} s) -> {'OK' if median <= BUDGET and pdf == args.cities else 'OVER BUDGET'}")
        return 0 if median <= BUDGET and pdf == docx == args.cities else 1
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
