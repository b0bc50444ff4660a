"""Run every check over files and folders: the one entry point consumers call.

Files are checked one at a time (in worker processes when there are many), so memory does
not grow with the number of books; only the small cross-file index (city, sequence number,
task id, slug of each book) is kept until the end, and the books themselves only when the
caller asks for them (the site and the exporter). A book sent back from a worker carries
its values but not its YAML node tree.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from taskbook import rules
from taskbook.diagnostics import Diagnostic
from taskbook.loader import Book, read

BOOK_NAME = "taskbook.md"
DEFAULT_ROOT = "cities"
_PARALLEL_FROM = 64  # below this, starting workers costs more than it saves


@dataclass
class Report:
    """What a run found."""

    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    """The task book files that were checked, as discovered."""
    books: list[Book] = field(default_factory=list)
    """Books without errors, in path order (only when asked to keep them)."""

    @property
    def errors(self) -> int:
        """Number of error diagnostics."""
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        """Number of warning diagnostics."""
        return sum(d.severity == "warning" for d in self.diagnostics)


def discover(paths: Iterable[Path | str]) -> list[str]:
    """Expand folders into the task books they hold (``**/taskbook.md``, or else every
    ``**/*.md``), sorted.

    Files named explicitly are kept whatever their name, so a misplaced book is checked
    (and told where it belongs) rather than ignored.
    """
    found: set[str] = set()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            books = [p for p in path.rglob(BOOK_NAME) if p.is_file()]
            # A folder of drafts named otherwise (xian.md, …): check its Markdown files
            # rather than report that nothing was found.
            books = books or [p for p in path.rglob("*.md") if p.is_file()]
            found.update(p.as_posix() for p in books)
        else:
            found.add(path.as_posix())
    return sorted(found)


def check_file(path: str) -> tuple[list[Diagnostic], rules.IndexEntry | None, Book | None]:
    """Load and check one file; return its diagnostics, index entry and (if loaded) book."""
    loaded = read(path)
    if loaded.book is None:
        return list(loaded.diagnostics), None, None
    diagnostics = list(rules.check_book(loaded.book))
    return diagnostics, rules.index_entry(loaded.book), loaded.book


def _check_for_worker(path: str, keep_books: bool) -> tuple[list[Diagnostic], rules.IndexEntry | None, Book | None]:
    diagnostics, entry, book = check_file(path)
    # Send a book back only when it is kept and may be valid: pickling costs time.
    keep = keep_books and not any(d.severity == "error" for d in diagnostics)
    return diagnostics, entry, book if keep else None


def _parallel(jobs: int, count: int) -> bool:
    # fork() while other threads run (mkdocs serve's watcher and server) can deadlock a
    # child on a lock some thread held: only a single-threaded process forks workers.
    return (jobs > 1 and count >= _PARALLEL_FROM and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods())


def _results(files: Sequence[str], jobs: int, keep_books: bool) -> Iterator[tuple]:
    if not _parallel(jobs, len(files)):
        for path in files:
            yield check_file(path)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        chunk = max(1, len(files) // (jobs * 8))
        yield from pool.map(_check_for_worker, files, [keep_books] * len(files), chunksize=chunk)


def check_paths(
    paths: Iterable[Path | str] = (DEFAULT_ROOT,),
    *,
    jobs: int | None = None,
    keep_books: bool = False,
) -> Report:
    """Check every task book under ``paths`` and across them.

    Args:
        paths: files or folders; folders are searched for ``taskbook.md``.
        jobs: worker processes (default: the number of CPUs).
        keep_books: return the books that have no errors (the site and export need them).

    Returns:
        A :class:`Report`; never raises for bad input.
    """
    files = discover(paths)
    report = Report(files=len(files), paths=files)
    index: list[rules.IndexEntry] = []
    jobs = jobs or os.cpu_count() or 1
    for diagnostics, entry, book in _results(files, jobs, keep_books):
        report.diagnostics.extend(diagnostics)
        if entry is not None:
            index.append(entry)
        if keep_books and book is not None:
            report.books.append(book)
    report.diagnostics.extend(rules.check_index(index))
    if keep_books:
        failed = {d.file for d in report.diagnostics if d.severity == "error"}
        report.books = [b for b in report.books if b.path not in failed]
    report.diagnostics.sort(key=lambda d: (d.file, d.line, d.column, d.code))
    return report
