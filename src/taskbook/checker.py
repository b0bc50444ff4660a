"""Run every check over files and folders: the one entry point consumers call.

:func:`validate` is "validate" for everyone: the command line, the MkDocs plugin and the
export call it. Files are checked one at a time (in worker processes when there are many),
so memory does not grow with the number of books; only the small cross-file index (city,
sequence number, task id, slug of each book) is kept until the end, and the books
themselves only when the caller asks for them (the site and the exporter), as typed
:class:`~taskbook.book.TaskBook` values.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from taskbook import paths, rules
from taskbook.book import TaskBook, from_front
from taskbook.codes import make
from taskbook.context import Context
from taskbook.diagnostics import Diagnostic
from taskbook.lifecycle.check import CityCheck, check_city
from taskbook.lifecycle.paths import folder_of
from taskbook.lifecycle.records import CityRecords
from taskbook.loader import read

BOOK_NAME = paths.BOOK_NAME
DEFAULT_ROOT = paths.CITIES
_PARALLEL_FROM = 64  # below this, starting workers costs more than it saves
_PER_WORKER = 32  # fewer books a worker than this is not worth a process

Result = tuple[list[Diagnostic], "rules.IndexEntry | None", "TaskBook | None", CityCheck]


@dataclass
class Report:
    """What a run found."""

    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    """The task book files that were checked, as discovered."""
    books: list[TaskBook] = field(default_factory=list)
    """Books without errors, in path order (only when asked to keep them)."""
    records: dict[str, CityRecords] = field(default_factory=dict)
    """Lifecycle: slug → the city's reports and acceptance records without errors (only
    when asked to keep the books)."""

    @property
    def errors(self) -> int:
        """Number of error diagnostics."""
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        """Number of warning diagnostics."""
        return sum(d.severity == "warning" for d in self.diagnostics)

    def sort(self) -> None:
        """Order the diagnostics by file, line, column and code."""
        self.diagnostics.sort(key=lambda d: (d.file, d.line, d.column, d.code))


def discover(roots: Iterable[Path | str]) -> list[str]:
    """Expand folders into the task books they hold (``**/taskbook.md``, or else every
    ``**/*.md``), sorted.

    Files named explicitly are kept whatever their name, so a misplaced book is checked
    (and told where it belongs) rather than ignored.
    """
    found: set[str] = set()
    for root in roots:
        root = Path(root)
        if root.is_dir():
            books = [p for p in root.rglob(BOOK_NAME) if p.is_file()]
            # A folder of drafts named otherwise (xian.md, …): check its Markdown files
            # rather than report that nothing was found.
            books = books or [p for p in root.rglob("*.md") if p.is_file()]
            found.update(p.as_posix() for p in books)
        elif folder_of(root.as_posix()) is not None and (root.parent.parent / BOOK_NAME).is_file():
            # A report or acceptance record is checked with (and against) its city's book.
            found.add((root.parent.parent / BOOK_NAME).as_posix())
        else:
            found.add(root.as_posix())
    return sorted(found)


def check_file(path: str, context: Context, keep: bool = False) -> Result:
    """Load and check one file; return its diagnostics, index entry and (if valid and
    ``keep``) its typed book."""
    if folder_of(path) is not None:
        return [make("record-without-book", path, 1, 1, "",
                     f"{path} 所在的城市文件夹中没有任务书 {BOOK_NAME}。")], None, None, CityCheck()
    loaded = read(path, context.schema.property_names)
    if loaded.book is None:
        return list(loaded.diagnostics), None, None, CityCheck()
    book = loaded.book
    diagnostics = list(rules.check_book(book, context))
    typed = None
    if keep and not any(d.severity == "error" for d in diagnostics):
        typed = from_front(book.path, book.data, book.body)
    # Lifecycle: the city's reports and acceptance records, checked against this book.
    return diagnostics, rules.index_entry(book), typed, check_city(book, context, keep)


# A worker process's context: set once by the pool's initializer, read by each task.
_worker_context: Context | None = None


def _start_worker(context: Context) -> None:
    global _worker_context
    _worker_context = context


def _check_in_worker(path: str, keep: bool) -> Result:
    assert _worker_context is not None, "the pool initializer sets the context"
    return check_file(path, _worker_context, keep)


def workers(jobs: int | None, count: int) -> int:
    """How many processes to start: at most ``jobs`` (default: the CPUs), and none that
    would get fewer than a few dozen books."""
    wanted = jobs or os.cpu_count() or 1
    return max(1, min(wanted, count // _PER_WORKER, os.cpu_count() or 1))


def _parallel(processes: int, count: int) -> bool:
    # fork() while other threads run (mkdocs serve's watcher and server) can deadlock a
    # child on a lock some thread held: only a single-threaded process forks workers.
    return (processes > 1 and count >= _PARALLEL_FROM and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods())


def _results(files: Sequence[str], context: Context, jobs: int | None, keep: bool) -> Iterator[Result]:
    processes = workers(jobs, len(files))
    if not _parallel(processes, len(files)):
        for path in files:
            yield check_file(path, context, keep)
        return
    # Made once here, before the fork: the workers inherit the compiled validator and the
    # Markdown reader instead of each building its own.
    _ = context.reader, context.schema.fast
    context.records.prime()
    pool_context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=processes, mp_context=pool_context,
                             initializer=_start_worker, initargs=(context,)) as pool:
        chunk = max(1, len(files) // (processes * 8))
        yield from pool.map(_check_in_worker, files, [keep] * len(files), chunksize=chunk)


def check_paths(
    roots: Iterable[Path | str] = (DEFAULT_ROOT,),
    *,
    context: Context | None = None,
    jobs: int | None = None,
    keep_books: bool = False,
) -> Report:
    """Check every task book under ``roots``, one by one and across them.

    Args:
        roots: files or folders; folders are searched for ``taskbook.md``.
        context: the run's schema, form and reader (default: a fresh one).
        jobs: at most this many worker processes (default: the number of CPUs).
        keep_books: return the valid books (the site and export need them).

    Returns:
        A :class:`Report`; never raises for bad input.
    """
    context = context or Context.load()
    files = discover(roots)
    report = Report(files=len(files), paths=files)
    index: list[rules.IndexEntry] = []
    for diagnostics, entry, book, city in _results(files, context, jobs, keep_books):
        report.diagnostics.extend(diagnostics)
        if entry is not None:
            index.append(entry)
        if book is not None:
            report.books.append(book)
        report.files += city.files
        report.diagnostics.extend(city.diagnostics)
        if book is not None and city.records is not None:
            report.records[book.slug] = city.records
    report.diagnostics.extend(rules.check_index(index))
    if keep_books:
        failed = {d.file for d in report.diagnostics if d.severity == "error"}
        report.books = [b for b in report.books if b.path not in failed]
    report.sort()
    return report


def validate(
    roots: Iterable[Path | str] = (DEFAULT_ROOT,),
    *,
    context: Context | None = None,
    base: str | None = None,
    repository: Path | str = ".",
    jobs: int | None = None,
    keep_books: bool = False,
) -> Report:
    """Validate books: each book, across books, and against the repository.

    This is what ``taskbook validate`` prints, what stops a site build, and what the
    exporter requires. Beyond :func:`check_paths` it checks the parties file (when the
    books are the repository's own) and, with ``base``, each changed book against its
    approved version.

    Args:
        base: a git revision (``origin/main``); a book that exists there must record its
            changes (共同条款 3).
        repository: the repository's top folder (for the parties file and git).

    Raises:
        taskbook.changes.BaseError: ``base`` cannot be read.
    """
    from taskbook.audit import repository_checks

    context = context or Context.load()
    report = check_paths(roots, context=context, jobs=jobs, keep_books=keep_books)
    extra, found = repository_checks(report.paths, context, base, repository)
    report.files += extra
    report.diagnostics.extend(found)
    if keep_books and found:
        failed = {d.file for d in found if d.severity == "error"}
        report.books = [b for b in report.books if b.path not in failed]
    report.sort()
    return report
