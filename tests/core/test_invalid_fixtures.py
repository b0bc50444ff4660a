"""Every invalid fixture yields exactly the diagnostics written beside it.

A fixture is ``tests/fixtures/invalid/<code>/<case>.yaml``: a patch of the normative
example book (see :mod:`patches`), checked as ``cities/fixture/taskbook.md`` unless it says
otherwise, or several patched books (``books:``) checked together. ``<case>.expect`` lists
the expected diagnostics, one a line: ``file<TAB>line<TAB>column<TAB>code<TAB>pointer<TAB>message``.
``TASKBOOK_UPDATE_GOLDEN=1`` rewrites them. A new case is a new file.
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path, PurePosixPath

import pytest

import patches
from expectations import AUDIT_CODES, IMPORT_CODES, check
from taskbook.checker import check_file, check_paths
from taskbook.codes import REGISTRY
from taskbook.paths import CITIES

INVALID = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"


def _cases() -> list[Path]:
    return sorted(p for p in INVALID.glob("*/*.yaml")
                  if p.parent.name not in AUDIT_CODES + IMPORT_CODES)


def _root(path: str) -> str:
    """The ``cities`` folder a book is in (the book itself when it is in none)."""
    parts = PurePosixPath(path).parts
    return "/".join(parts[: parts.index(CITIES) + 1]) if CITIES in parts[:-1] else path


def _diagnostics(spec, folder: Path, context, monkeypatch):
    if "today" in spec:  # the lifecycle's rules judge by a date: the spec fixes it
        context = dataclasses.replace(context, today=datetime.date.fromisoformat(spec["today"]))
    books = patches.book_files(spec)
    patches.write(folder, {**books, **(spec.get("files") or {})})
    if "books" in spec:  # across files: check them together, as validate would
        monkeypatch.chdir(folder)
        return check_paths(sorted({_root(p) for p in books}), context=context).diagnostics
    [(path, _)] = books.items()
    result = check_file(str(folder / path), context, display=path)
    assert result.failure is None, result.failure
    return sorted(result.diagnostics, key=lambda d: (d.line, d.column, d.code))


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_invalid_fixture(case: Path, tmp_path, context, monkeypatch):
    """The fixture gives exactly the expected diagnostics, including its folder's code."""
    found = _diagnostics(patches.load(case), tmp_path, context, monkeypatch)
    check(found, case.with_suffix(".expect"), case.parent.name)


def test_every_code_has_an_invalid_fixture():
    """Each registered code has a folder of invalid fixtures, and each folder is a code."""
    folders = {p.name for p in INVALID.iterdir() if p.is_dir() and any(p.glob("*.yaml"))}
    assert folders == set(REGISTRY)


def test_every_case_is_a_spec_with_its_expectation():
    """Code folders hold only ``<case>.yaml`` specs, each opening with a comment, and ``.expect`` files."""
    for folder in INVALID.iterdir():
        specs = {p.stem for p in folder.glob("*.yaml")}
        assert {p.name for p in folder.iterdir()} == {f"{s}{e}" for s in specs for e in (".yaml", ".expect")}
        assert all(p.read_text(encoding="utf-8").startswith("# ") for p in folder.glob("*.yaml"))
