"""Forked workers: results in order, computed elsewhere, and never while threads run."""

import os
import threading

import pytest

from taskbook.forking import map_indices


def test_results_come_back_in_order_from_workers():
    parent = os.getpid()
    results = map_indices(lambda index: (index * index, os.getpid()), 200, per_worker=10, jobs=2)
    assert [square for square, _ in results] == [index * index for index in range(200)]
    assert {pid for _, pid in results} - {parent}, "no call ran in a worker"


def test_few_items_run_here():
    parent = os.getpid()
    results = map_indices(lambda index: os.getpid(), 19, per_worker=10, jobs=2)
    assert results == [parent] * 19


def test_no_fork_while_another_thread_runs():
    parent = os.getpid()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        results = map_indices(lambda index: os.getpid(), 200, per_worker=10, jobs=2)
    finally:
        stop.set()
        other.join()
    assert results == [parent] * 200


def test_an_error_in_a_worker_reaches_the_caller():
    def task(index):
        if index == 150:
            raise ValueError("第 150 项")
        return index

    with pytest.raises(ValueError, match=r"^第 150 项$"):
        map_indices(task, 200, per_worker=10, jobs=2)
