"""The audit's invalid fixtures yield exactly the diagnostics written beside them.

Same format as the core's fixtures (see :mod:`patches`): ``tests/fixtures/invalid/<code>/<case>.yaml``
describes a small repository: its ``books`` (patches of the normative example book), other
``files`` (``.github/parties.yml``) and, for ``validate --base``, the books' ``base_books``
versions, committed on the base branch before the books are written over them.
``<case>.expect`` lists ``file<TAB>line<TAB>column<TAB>code<TAB>pointer<TAB>message`` lines;
``TASKBOOK_UPDATE_GOLDEN=1`` rewrites them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import patches
from expectations import AUDIT_CODES, check
from taskbook.checker import validate
from taskbook.codes import REGISTRY

INVALID = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"


def cases() -> list[Path]:
    """Every case of the audit's codes."""
    return sorted(p for code in AUDIT_CODES for p in (INVALID / code).glob("*.yaml"))


def git(folder: Path, *args: str) -> None:
    """Run git quietly."""
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=folder, check=True, capture_output=True)


def diagnostics(spec, work: Path, context, monkeypatch) -> list:
    """Check a spec's repository as ``taskbook validate [--base main]`` does."""
    files = spec.get("files") or {}
    base = None
    if spec.get("base_books"):
        patches.write(work, {**patches.book_files(spec, "base_books"), **files})
        git(work, "init", "-q", "-b", "main")
        git(work, "add", ".")
        git(work, "commit", "-q", "-m", "base")
        base = "main"
    patches.write(work, {**patches.book_files(spec), **files})
    monkeypatch.chdir(work)
    report = validate(["cities"], context=context, base=base)
    return sorted(report.diagnostics, key=lambda d: (d.file, d.line, d.column, d.code))


@pytest.mark.parametrize("case", cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_audit_invalid_fixture(case: Path, tmp_path, context, monkeypatch):
    """The case gives exactly the expected diagnostics, including its folder's code."""
    found = diagnostics(patches.load(case), tmp_path, context, monkeypatch)
    check(found, case.with_suffix(".expect"), case.parent.name)


def test_every_audit_code_has_a_fixture():
    """Each audit code is registered and has at least one case."""
    assert all(code in REGISTRY and any((INVALID / code).glob("*.yaml")) for code in AUDIT_CODES)
