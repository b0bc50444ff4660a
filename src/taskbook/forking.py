"""Worker processes started by fork(), for work that a build repeats over many books.

Forked workers inherit the parent's memory (the schema, the form, loaded modules and the
books), so nothing but the items and results crosses between processes.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether this process may fork workers now.

    fork() while other threads run (mkdocs serve's watcher and server) can deadlock a child
    on a lock some thread held: only a single-threaded process forks.
    """
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


_task: Callable[[int], Any] | None = None


def _run(index: int) -> Any:
    assert _task is not None, "set before the fork"
    return _task(index)


def map_indices(task: Callable[[int], T], count: int, *, per_worker: int = 50,
                jobs: int | None = None) -> list[T]:
    """``[task(0), …, task(count - 1)]``, in forked workers when that pays.

    ``task`` may close over anything (it is inherited, not pickled); its results are
    pickled back. Workers start only when each would get ``per_worker`` items or more and
    :func:`can_fork` allows; otherwise the calls run here, in order.
    """
    processes = min(jobs or cores(), count // per_worker)
    if processes < 2 or not can_fork():
        return [task(index) for index in range(count)]
    global _task
    _task = task
    try:
        with ProcessPoolExecutor(max_workers=processes,
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            chunk = max(1, count // (processes * 8))
            return list(pool.map(_run, range(count), chunksize=chunk))
    finally:
        _task = None
