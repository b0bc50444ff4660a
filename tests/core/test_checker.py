"""check_paths: the same result in worker processes as in one, and books kept on request."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from taskbook import checker
from taskbook.checker import check_paths
from taskbook.loader import read

VALID = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "cities"


@pytest.fixture
def cities(tmp_path: Path) -> Path:
    """Three books, one of them made invalid (its sequence number clashes with another's)."""
    folder = tmp_path / "cities"
    shutil.copytree(VALID, folder)
    bad = folder / "tianjin" / "taskbook.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("seq: 12\n", "seq: 3\n"), encoding="utf-8")
    return folder


def test_workers_give_the_same_report_as_one_process(cities, monkeypatch):
    """Forced into worker processes, the diagnostics and kept books equal the serial run's."""
    serial = check_paths([cities], keep_books=True, jobs=1)
    monkeypatch.setattr(checker, "_PARALLEL_FROM", 1)
    parallel = check_paths([cities], keep_books=True, jobs=2)
    assert [(d.file.split("/")[-2], d.line, d.code) for d in serial.diagnostics] == [
        ("tianjin", 5, "task-id-seq"), ("tianjin", 12, "duplicate-seq"),
    ]
    assert parallel.diagnostics == serial.diagnostics
    assert parallel.books == serial.books
    assert [(b.slug, b.front) for b in parallel.books] == [(b.slug, b.front) for b in serial.books]
    assert [b.slug for b in serial.books] == ["langfang", "tangshan"]


def test_workers_are_capped_by_the_number_of_books():
    """A few books get one process whatever --jobs says; many get at most the CPUs."""
    import os

    assert checker.workers(64, 10) == 1
    assert checker.workers(64, 70) == min(2, os.cpu_count() or 1)
    assert checker.workers(1, 10_000) == 1


def test_books_are_not_kept_unless_asked(cities):
    """Without keep_books the report holds diagnostics only, and lists the files it read."""
    report = check_paths([cities])
    assert report.books == []
    assert [Path(p).parent.name for p in report.paths] == ["langfang", "tangshan", "tianjin"]


def test_a_pickled_book_keeps_its_values_not_its_node_tree():
    """A book sent between processes has data and body; locating falls back to line 1."""
    book = read(VALID / "tangshan" / "taskbook.md").book
    copy = pickle.loads(pickle.dumps(book))
    assert (copy.path, copy.data, copy.body, copy.body_line) == (book.path, book.data, book.body, book.body_line)
    assert copy.document.root is None
    assert copy.locate("/city/seq") == (1, 1)


def test_folder_of_drafts_checks_its_markdown_files(tmp_path):
    """A folder without taskbook.md has its .md files checked; outside cities/ only a warning."""
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "tangshan.md").write_bytes((VALID / "tangshan" / "taskbook.md").read_bytes())
    (drafts / "tianjin.md").write_bytes((VALID / "tianjin" / "taskbook.md").read_bytes())
    report = check_paths([drafts])
    assert report.files == 2
    assert [(Path(d.file).name, d.severity, d.code) for d in report.diagnostics] == [
        ("tangshan.md", "warning", "file-outside-cities"),
        ("tianjin.md", "warning", "file-outside-cities"),
    ]
