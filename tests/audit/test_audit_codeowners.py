"""CODEOWNERS generated from the parties file."""

from __future__ import annotations

import os
from pathlib import Path

from audit_books import PARTIES

from taskbook.audit.codeowners import HEADER, render
from taskbook.audit.parties import parse
from taskbook.cli import main

GOLDEN = Path(__file__).parent / "fixtures" / "CODEOWNERS.golden"


def test_render_matches_golden():
    """Each city folder is owned by its city and province; project files by the office."""
    text = render(parse(PARTIES.encode())[0])
    if os.environ.get("TASKBOOK_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_bundled_codeowners_is_current(root, monkeypatch, capsys):
    """The repository's CODEOWNERS is what `taskbook codeowners` generates from its parties."""
    monkeypatch.chdir(root)
    assert main(["codeowners", "--check"]) == 0
    assert capsys.readouterr().out == ".github/CODEOWNERS 与 .github/parties.yml 一致。\n"


def repository(tmp_path: Path, parties: str = PARTIES) -> Path:
    """A folder with a parties file."""
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "parties.yml").write_text(parties, encoding="utf-8")
    return tmp_path


def test_check_fails_when_stale_and_generation_fixes_it(tmp_path, monkeypatch, capsys):
    """--check fails on a missing or stale file; generating makes it pass."""
    monkeypatch.chdir(repository(tmp_path))
    assert main(["codeowners", "--check"]) == 1
    assert "请运行 taskbook codeowners 重新生成并提交" in capsys.readouterr().err
    assert main(["codeowners"]) == 0
    assert main(["codeowners", "--check"]) == 0
    (tmp_path / ".github" / "parties.yml").write_text(
        PARTIES.replace("[xian-chen]", "[xian-chen, xian-new]"), encoding="utf-8")
    assert main(["codeowners", "--check"]) == 1


def test_hand_written_file_is_not_overwritten_without_force(tmp_path, monkeypatch, capsys):
    """A CODEOWNERS not made by the command is kept unless --force is given."""
    monkeypatch.chdir(repository(tmp_path))
    target = tmp_path / ".github" / "CODEOWNERS"
    target.write_text("* @someone\n", encoding="utf-8")
    assert main(["codeowners"]) == 1
    assert target.read_text(encoding="utf-8") == "* @someone\n"
    assert "--force" in capsys.readouterr().err
    assert main(["codeowners", "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith(HEADER)
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_invalid_parties_file_is_reported(tmp_path, monkeypatch, capsys):
    """An invalid parties file stops generation with located diagnostics."""
    monkeypatch.chdir(repository(tmp_path, "cities: 1\n"))
    assert main(["codeowners"]) == 1
    err = capsys.readouterr().err
    assert ".github/parties.yml:1:1: error:" in err and "[parties-invalid]" in err
