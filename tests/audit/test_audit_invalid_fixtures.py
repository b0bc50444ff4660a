"""The audit's invalid fixtures yield exactly the diagnostics written beside them.

Same layout as the core's fixtures: ``tests/fixtures/invalid/<code>/<case>/`` is a small
repository (a ``cities`` tree, maybe ``.github/parties.yml``), ``<case>.expect`` lists
``file<TAB>line<TAB>column<TAB>code<TAB>pointer`` lines. A ``taskbook.base.md`` beside a
book is that book's version on the base branch: the case is checked as
``taskbook validate --base`` would check it. ``TASKBOOK_UPDATE_GOLDEN=1`` rewrites them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from expectations import AUDIT_CODES, check
from taskbook.audit import repository_checks
from taskbook.checker import check_paths, discover
from taskbook.codes import REGISTRY

INVALID = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"


def cases() -> list[Path]:
    """Every case folder of the audit's codes."""
    return sorted(p for code in AUDIT_CODES for p in (INVALID / code).iterdir() if p.is_dir())


def git(folder: Path, *args: str) -> None:
    """Run git quietly."""
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=folder, check=True, capture_output=True)


def diagnostics(case: Path, scratch: Path, monkeypatch) -> list:
    """Check a case as a repository whose base commit holds the ``taskbook.base.md`` versions."""
    work = scratch / "repo"
    shutil.copytree(case, work)
    bases = sorted(work.rglob("taskbook.base.md"))
    base = None
    if bases:
        heads = {b: (b.with_name("taskbook.md").read_bytes()) for b in bases}
        for b in bases:
            b.replace(b.with_name("taskbook.md"))
        git(work, "init", "-q", "-b", "main")
        git(work, "add", ".")
        git(work, "commit", "-q", "-m", "base")
        for b, raw in heads.items():
            b.with_name("taskbook.md").write_bytes(raw)
        base = "main"
    monkeypatch.chdir(work)
    report = check_paths(["cities"])
    _, found = repository_checks(discover(["cities"]), base)
    return sorted([*report.diagnostics, *found], key=lambda d: (d.file, d.line, d.column, d.code))


@pytest.mark.parametrize("case", cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_audit_invalid_fixture(case: Path, tmp_path, monkeypatch):
    """The case gives exactly the expected diagnostics, including its folder's code."""
    found = diagnostics(case, tmp_path, monkeypatch)
    check(found, case.parent / f"{case.name}.expect", case.parent.name)


def test_every_audit_code_has_a_fixture():
    """Each audit code is registered and has at least one case."""
    assert all(code in REGISTRY and any((INVALID / code).iterdir()) for code in AUDIT_CODES)
