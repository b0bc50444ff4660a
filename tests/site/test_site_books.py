"""Loading books for the site: in worker processes, with the same result as check_paths."""

from __future__ import annotations

import shutil

import pytest
from site_helpers import BOOKS

from taskbook.checker import check_paths
from taskbook.site import books


@pytest.mark.parametrize("parallel_from", [1, 1000])
def test_load_matches_check_paths(tmp_path, monkeypatch, parallel_from):
    """Workers or not, load() reports what check_paths reports and keeps the valid books."""
    cities = tmp_path / "cities"
    shutil.copytree(BOOKS, cities)
    bad = cities / "xian" / "taskbook.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("seq: 31\n", "seq: 2\n"), encoding="utf-8")
    monkeypatch.setattr(books, "PARALLEL_FROM", parallel_from)
    workers = []
    monkeypatch.setattr(books, "_parallel", lambda jobs: workers.append(jobs) or True)
    report, sources = books.load(cities, jobs=2)
    expected = check_paths([cities], keep_books=True)
    assert report.files == 3
    assert report.diagnostics == expected.diagnostics
    assert [(d.line, d.code) for d in report.diagnostics] == [(5, "task-id-seq"), (12, "duplicate-seq")]
    assert [(s.slug, s.data, s.body) for s in sources] == [
        (b.slug, b.data, b.body) for b in expected.books]
    assert [s.slug for s in sources] == ["beijing", "shijiazhuang"]
    assert workers == ([2] if parallel_from == 1 else [])
