"""Run every check over files and folders: the one entry point consumers call.

:func:`validate` is "validate" for everyone: the command line, the MkDocs plugin and the
export call it. Files are checked one at a time (in worker processes when there are many),
so memory does not grow with the number of books; only the small cross-file index (city,
sequence number, task id, slug of each book) is kept until the end, and the books
themselves only when the caller asks for them (the site and the exporter), as typed
:class:`~taskbook.book.TaskBook` values.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from taskbook import oserrors, paths, rules
from taskbook.codes import limit, make
from taskbook.context import Context
from taskbook.diagnostics import Diagnostic
from taskbook.forking import can_fork
from taskbook.lifecycle.paths import folder_of, record_files
from taskbook.loader import Loaded, parse, read

if TYPE_CHECKING:  # the typed book is made only when asked for (its module is slow to load)
    from taskbook.book import TaskBook
    from taskbook.lifecycle.check import CityCheck
    from taskbook.lifecycle.records import CityRecords

BOOK_NAME = paths.BOOK_NAME
DEFAULT_ROOT = paths.CITIES
_PARALLEL_FROM = 64  # below this, starting workers costs more than it saves
_PER_WORKER = 32  # fewer books a worker than this is not worth a process



class Result(NamedTuple):
    """What checking one file gives."""

    diagnostics: list[Diagnostic]
    entry: rules.IndexEntry | None
    book: TaskBook | None
    failure: str | None = None
    """A Chinese sentence when checking the file failed inside taskbook (a bug): the file
    is not judged, the run goes on, and the command ends with status 2."""
    city: CityCheck | None = None
    """The city's reports and acceptance records, checked against this book."""


@dataclass
class Report:
    """What a run found."""

    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    """The task book files that were checked, as discovered."""
    books: list[TaskBook] = field(default_factory=list)
    """Books without errors, in path order (only when asked to keep them)."""
    cities: dict[str, str] = field(default_factory=dict)
    """Path → the city named in the book (from the cross-file index)."""
    failures: list[str] = field(default_factory=list)
    """Internal errors (bugs), each a Chinese sentence naming the file; see :class:`Result`."""
    records: dict[str, CityRecords] = field(default_factory=dict)
    """Slug → the city's reports and acceptance records without errors (only when asked
    to keep the books)."""

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
    """Expand folders into the task books they hold, sorted (see :func:`find_books`)."""
    return find_books(roots)[0]


def find_books(roots: Iterable[Path | str]) -> tuple[list[str], list[Diagnostic]]:
    """Expand folders into the task books they hold (``**/taskbook.md``, or else every
    ``**/*.md``), sorted, and say where nothing could be found or read.

    Files named explicitly are kept whatever they are, so that a misplaced book is checked
    (and told where it belongs), and a missing file, a dangling symlink or a named pipe is
    reported by the loader rather than skipped. In folders, anything named ``taskbook.md``
    but a folder of that name is kept for the same reason; a sub-folder that cannot be
    read, and a folder that holds no book, are diagnostics: a run that checked nothing
    must not pass.
    """
    found: set[str] = set()
    problems: list[Diagnostic] = []
    for root in roots:
        root = Path(root)
        if not root.is_dir():
            book = root.parent.parent / BOOK_NAME
            if folder_of(root.as_posix()) is not None and book.is_file():
                # A report or acceptance record is checked with (and against) its city's book.
                found.add(book.as_posix())
            else:
                found.add(root.as_posix())
            continue
        books, drafts = _walk(root, problems)
        # A folder of drafts named otherwise (xian.md, …): check its Markdown files
        # rather than report that nothing was found.
        books = books or drafts
        if not books:
            name = root.as_posix()
            problems.append(make("file-not-found", name, 1, 1, "",
                                 f"文件夹 {name} 中没有找到任务书（taskbook.md，或任何 .md 文件）。"))
        found.update(books)
    return sorted(found), problems


def _walk(root: Path, problems: list[Diagnostic]) -> tuple[list[str], list[str]]:
    """``(taskbook.md entries, other .md files)`` under ``root``; unreadable folders are
    added to ``problems``. Symlinked folders are not followed (as ``Path.rglob``)."""

    def unreadable(error: OSError) -> None:
        name = Path(error.filename or root).as_posix()
        problems.append(make("file-unreadable", name, 1, 1, "",
                             f"无法读取文件夹 {name}：{oserrors.reason(error)}；其中的任务书没有检查。"))

    books: list[str] = []
    drafts: list[str] = []
    for folder, folders, names in os.walk(root, onerror=unreadable):
        base = Path(folder)
        books += [(base / BOOK_NAME).as_posix() for name in folders if name == BOOK_NAME]
        for name in names:
            if name == BOOK_NAME:
                books.append((base / name).as_posix())
            elif name.endswith(".md"):
                drafts.append((base / name).as_posix())
    return books, [d for d in drafts if os.path.isfile(d)]


def check_file(path: str, context: Context, keep: bool = False, *, display: str | None = None) -> Result:
    """Load and check one file; return its diagnostics, index entry and (if valid and
    ``keep``) its typed book. Never raises: a failure of taskbook's own is a
    :attr:`Result.failure`, and the next file is checked.

    Args:
        display: the file's name in diagnostics (default: ``path``).
    """
    if folder_of(path) is not None:
        name = display or path
        return Result([make("record-without-book", name, 1, 1, "",
                            f"{name} 所在的城市文件夹中没有任务书 {BOOK_NAME}。")], None, None)
    try:
        return _checked(read(path, context.schema.property_names, display), context, keep)
    except Exception as error:  # a bug: report it with the file, go on with the others
        return Result([], None, None, _failure(display or path, error))


def check_bytes(raw: bytes, name: str, context: Context, keep: bool = False) -> Result:
    """Like :func:`check_file`, for a file's bytes (``name`` as shown in diagnostics)."""
    try:
        return _checked(parse(raw, name, context.schema.property_names), context, keep)
    except Exception as error:
        return Result([], None, None, _failure(name, error))


def _checked(loaded: Loaded, context: Context, keep: bool) -> Result:
    if loaded.book is None:
        return Result(limit(loaded.diagnostics), None, None)
    book = loaded.book
    diagnostics = limit([*loaded.diagnostics, *rules.check_book(book, context)])
    typed = None
    if keep and not any(d.severity == "error" for d in diagnostics):
        from taskbook.book import from_front

        typed = from_front(book.path, book.data, book.body)
    # Most books have no records yet: the lifecycle's checks (and their modules) only load
    # for those that do, or when the records are wanted (the site).
    records = record_files(book.path) if os.path.basename(book.path) == BOOK_NAME else []
    city = None
    if records or keep:
        from taskbook.lifecycle.check import check_city

        city = check_city(book, context, keep, records)
    return Result(diagnostics, rules.index_entry(book), typed, None, city)


def _failure(path: str, error: BaseException) -> str:
    detail = str(error)
    detail = detail if len(detail) <= 300 else detail[:300] + "…"
    return (f"检查 {path} 时 taskbook 发生内部错误（{type(error).__name__}: {detail}），"
            "该文件未能检查。请把这条信息和这份任务书一起报告给维护者。")


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
    return processes > 1 and count >= _PARALLEL_FROM and can_fork()


@contextlib.contextmanager
def _collecting_less() -> Iterator[None]:
    """Run with the cyclic garbage collector mostly out of the way.

    Checking a book makes many short-lived objects and hardly a cycle; the collector, run
    every 700 allocations, would scan the run's long-lived state (schema, form, Markdown)
    again and again, a tenth of the time. That state is frozen (never scanned, and so never
    written: worker processes forked now share its memory pages instead of copying them),
    and collections run ten times less often. Both are undone afterwards.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(threshold[0] * 10, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _results(files: Sequence[str], context: Context, jobs: int | None, keep: bool) -> Iterator[Result]:
    processes = workers(jobs, len(files))
    if not _parallel(processes, len(files)):
        for path in files:
            yield check_file(path, context, keep)
        return
    pool_context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=processes, mp_context=pool_context,
                             initializer=_start_worker, initargs=(context,)) as pool:
        # Small chunks: when one worker runs out of work, the other has little left.
        chunk = max(1, len(files) // (processes * 32))
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
        A :class:`Report`; never raises for bad input. A folder that holds no book, or
        cannot be read, is a diagnostic (a run that checked nothing is not a pass).
    """
    context = context or Context.load()
    files, problems = find_books(roots)
    report = Report(files=len(files), paths=files, diagnostics=problems)
    index: list[rules.IndexEntry] = []
    # Made once here, before any fork: workers inherit the compiled validator and the
    # Markdown reader instead of each building its own, and they are frozen with the rest.
    _ = context.reader, context.schema.fast
    with _collecting_less():
        results = list(_results(files, context, jobs, keep_books))
    for diagnostics, entry, book, failure, city in results:
        report.diagnostics.extend(diagnostics)
        if entry is not None:
            index.append(entry)
            if entry.city is not None:
                report.cities[entry.path] = entry.city[0]
        if book is not None:
            report.books.append(book)
        if failure is not None:
            report.failures.append(failure)
        if city is not None:
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
    extra, found = repository_checks(report.paths, context, base, repository, report.cities)
    report.files += extra
    report.diagnostics.extend(found)
    if keep_books and found:
        failed = {d.file for d in found if d.severity == "error"}
        report.books = [b for b in report.books if b.path not in failed]
    report.sort()
    return report
