"""Every import fixture (a Word file that cannot be read whole) gives exactly its diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from documents import CONTEXT, make

from expectations import IMPORT_CODES, check
from taskbook.intake.service import read_document

INVALID = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"


def _cases() -> list[Path]:
    return sorted(p for code in IMPORT_CODES for p in (INVALID / code).glob("*.yaml"))


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_import_fixture(case: Path, tmp_path, monkeypatch):
    """The Word file of the case gives exactly the expected diagnostics, its code among them."""
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    word = spec["word"]
    path = tmp_path / word.get("name", "taskbook.docx")
    path.write_bytes(make(word))
    if spec.get("soffice") is False:
        monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    monkeypatch.chdir(tmp_path)
    imported = read_document(Path(path.name), context=CONTEXT, **(spec.get("options") or {}))
    check(imported.diagnostics, case.with_suffix(".expect"), case.parent.name)


def test_every_import_code_has_a_fixture():
    """Each code of the 导入 group has at least one Word fixture."""
    assert [code for code in IMPORT_CODES if not any((INVALID / code).glob("*.yaml"))] == []
