"""Every invalid fixture yields exactly the diagnostics written beside it.

A fixture is ``tests/fixtures/invalid/<code>/<case>.md`` (one file, checked as if it were
``cities/fixture/taskbook.md``) or ``<case>/`` (a folder holding a ``cities`` tree, checked
across files). ``<case>.expect`` lists the expected diagnostics, one a line:
``file<TAB>line<TAB>column<TAB>code<TAB>pointer``. ``TASKBOOK_UPDATE_GOLDEN=1`` rewrites them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from expectations import AUDIT_CODES, check
from taskbook.checker import check_paths
from taskbook.codes import REGISTRY
from taskbook.loader import parse, read
from taskbook.rules import check_book

INVALID = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"
AS_CITY = "cities/fixture/taskbook.md"


def _cases() -> list[Path]:
    return sorted(
        p for p in INVALID.glob("*/*") if p.suffix != ".expect" and p.parent.name not in AUDIT_CODES
    )


def _diagnostics(case: Path):
    roots = sorted(p.parent.relative_to(case).as_posix() for p in case.rglob("cities") if p.is_dir())
    if roots:  # a cross-file case: one or more cities/ trees
        old = Path.cwd()
        os.chdir(case)
        try:
            return check_paths([f"{root}/cities" if root != "." else "cities" for root in roots]).diagnostics
        finally:
            os.chdir(old)
    if case.is_dir():  # a directory where a file should be
        loaded = read(case / "taskbook.md", display=AS_CITY)
    else:
        name = case.relative_to(INVALID.parents[2]).as_posix() if case.parent.name == "file-outside-cities" else AS_CITY
        loaded = parse(case.read_bytes(), name)
    if loaded.book is None:
        return list(loaded.diagnostics)
    return sorted(check_book(loaded.book), key=lambda d: (d.line, d.column, d.code))


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_invalid_fixture(case: Path):
    """The fixture gives exactly the expected diagnostics, including its folder's code."""
    diagnostics = _diagnostics(case)
    expect = case.with_suffix(".expect") if case.is_file() else case.parent / f"{case.name}.expect"
    check(diagnostics, expect, case.parent.name)


def test_every_code_has_an_invalid_fixture():
    """Each registered code has a folder of invalid fixtures, and each folder is a code."""
    folders = {p.name for p in INVALID.iterdir() if p.is_dir()}
    assert folders == set(REGISTRY)
