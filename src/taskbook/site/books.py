"""Validate the books for the site and keep what the pages need of the valid ones.

This is ``check_paths(..., keep_books=True)`` spread over worker processes: each worker
loads and checks a share of the files and sends back its diagnostics, the cross-file key
and the book's front matter and body (plain data, cheap to send; the YAML source map
stays behind). With 400 books on two cores this halves the plugin's largest cost.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from taskbook import checker, rules
from taskbook.checker import Report
from taskbook.diagnostics import Diagnostic

PARALLEL_FROM = 64
"""Below this many books, starting workers costs more than it saves."""


@dataclass(frozen=True)
class Source:
    """What the pages need of a valid book."""

    path: str
    data: dict[str, Any]
    body: str

    @property
    def slug(self) -> str:
        """The city folder's name: ``cities/<slug>/taskbook.md``."""
        return Path(self.path).parent.name


def _check(path: str) -> tuple[list[Diagnostic], rules.IndexEntry | None, Source | None]:
    diagnostics, entry, book = checker.check_file(path)
    return diagnostics, entry, None if book is None else Source(book.path, book.data, book.body)


def _parallel(jobs: int) -> bool:
    # fork() while other threads run (mkdocs serve's watcher and server) can deadlock a
    # child on a lock some thread held; only a single-threaded build forks.
    return (jobs > 1 and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods())


def load(folder: Path | str, jobs: int | None = None) -> tuple[Report, list[Source]]:
    """Check every book under ``folder`` as ``taskbook validate`` does.

    Returns:
        The report (every diagnostic, sorted; ``books`` left empty) and the sources of
        the books without errors, in path order.
    """
    files = checker.discover([folder])
    jobs = jobs or os.cpu_count() or 1
    if len(files) < PARALLEL_FROM or not _parallel(jobs):
        report = checker.check_paths(files, keep_books=True, jobs=1)
        sources = [Source(b.path, b.data, b.body) for b in report.books]
        report.books = []
        return report, sources
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        results = list(pool.map(_check, files, chunksize=max(1, len(files) // (jobs * 4))))
    report = Report(files=len(files))
    for diagnostics, _, _ in results:
        report.diagnostics.extend(diagnostics)
    report.diagnostics.extend(rules.check_index([entry for _, entry, _ in results if entry]))
    report.diagnostics.sort(key=lambda d: (d.file, d.line, d.column, d.code))
    failed = {d.file for d in report.diagnostics if d.severity == "error"}
    return report, [s for _, _, s in results if s is not None and s.path not in failed]

