"""The change record of an approved book: append-only ``changes``, ``signing`` kept."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from audit_books import PARTIES, book_path, book_text, with_change, with_signing

from taskbook.changes import Delta, check_changes, compare
from taskbook.cli import main
from taskbook.loader import parse

PATH = book_path("西安市")
EDIT = ("组建工作组并进驻", "组建工作组并进驻现场")


def book(text: str):
    """Load a book from text."""
    return parse(text.encode(), PATH).book


def codes(base_text: str | None, head_text: str) -> list[tuple[str, int, str]]:
    """The (code, line, pointer) of each change-record diagnostic."""
    base = book(base_text) if base_text is not None else None
    return [(d.code, d.line, d.pointer) for d in check_changes(base, book(head_text))]


BASE = book_text("西安市")


def test_new_book_has_nothing_to_compare():
    """A book not on the base needs no change record."""
    assert codes(None, BASE) == []


def test_edit_without_change_entry_is_refused():
    """Editing an approved book without appending to changes is an error at the front matter's end."""
    head = BASE.replace(*EDIT)
    end = BASE.splitlines().index("---", 1) + 1
    assert codes(BASE, head) == [("changes-missing", end, "/changes")]


def test_edit_with_appended_entry_passes():
    """Editing with a new changes entry passes."""
    assert codes(BASE, with_change(BASE.replace(*EDIT))) == []


def test_body_edit_counts_as_a_change():
    """Editing the Markdown body also needs a change record."""
    head = BASE.replace("以观测—清单—模拟—评估为主线", "以观测和模拟为主线")
    assert compare(book(BASE), book(head)) == Delta(content_changed=True)
    assert [c for c, _, _ in codes(BASE, head)] == ["changes-missing"]


def test_trailing_white_space_is_not_a_change():
    """Trailing spaces in the body change nothing that needs recording."""
    assert compare(book(BASE), book(BASE.replace("为主线开展研究。", "为主线开展研究。   "))).unchanged


def test_rewriting_an_old_entry_is_refused():
    """Editing an existing changes entry is refused, pointing at that entry."""
    base = with_change(BASE)
    head = with_change(BASE, "改写后的调整内容")
    line = head.splitlines().index("  - date: \"2022-03-01\"") + 1
    assert codes(base, head) == [("changes-rewritten", line, "/changes/0")]


def test_removing_entries_is_refused():
    """Deleting the changes list of an approved book is refused."""
    assert [c for c, _, _ in codes(with_change(BASE), BASE)] == ["changes-rewritten"]


def test_removing_signing_is_refused():
    """A signing record, once on the base, must stay."""
    assert [c for c, _, _ in codes(with_signing(BASE), BASE)] == ["signing-removed"]


def test_adding_signing_alone_needs_no_change_entry():
    """Adding only a signing record is not a change of content."""
    delta = compare(book(BASE), book(with_signing(BASE)))
    assert delta.signing_only
    assert codes(BASE, with_signing(BASE)) == []


def test_editing_signing_needs_a_change_entry():
    """Correcting a signing record is a change and must be recorded."""
    base = with_signing(BASE)
    head = base.replace("signer: 王海涛", "signer: 刘建华")
    assert [c for c, _, _ in codes(base, head)] == ["changes-missing"]
    assert codes(base, with_change(head)) == []


def git(repo: Path, *args: str) -> None:
    """Run git quietly in ``repo``."""
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository holding an approved 西安市 book and the parties file, as the cwd."""
    (tmp_path / "cities" / "xian").mkdir(parents=True)
    (tmp_path / PATH).write_text(BASE, encoding="utf-8")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "parties.yml").write_text(PARTIES, encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "approved")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str]:
    """Run the CLI; return the exit status and stdout."""
    status = main(list(args))
    return status, capsys.readouterr().out


def test_validate_base_refuses_an_unrecorded_change(repo, capsys):
    """`taskbook validate --base main` fails on an edit without a change entry."""
    (repo / PATH).write_text(BASE.replace(*EDIT), encoding="utf-8")
    status, out = run(capsys, "validate", "--base", "main", "--format", "json")
    found = json.loads(out)
    assert status == 1
    assert [(d["file"], d["code"], d["pointer"]) for d in found["diagnostics"]] == [
        (PATH, "changes-missing", "/changes")]
    assert found["files"] == 2


def test_validate_base_accepts_a_recorded_change(repo, capsys):
    """`taskbook validate --base main` passes once the change is recorded."""
    (repo / PATH).write_text(with_change(BASE.replace(*EDIT)), encoding="utf-8")
    assert run(capsys, "validate", "--base", "main") == (0, "共检查 2 个文件，全部通过。\n")


def test_validate_without_base_ignores_history(repo, capsys):
    """Without --base the change-record rule does not apply."""
    (repo / PATH).write_text(BASE.replace(*EDIT), encoding="utf-8")
    assert run(capsys, "validate")[0] == 0


def test_validate_unknown_base_is_a_usage_error(repo, capsys):
    """An unknown base revision exits 2 with a Chinese message, no traceback."""
    assert main(["validate", "--base", "no-such-branch"]) == 2
    assert "找不到基准版本 no-such-branch" in capsys.readouterr().err


def test_validate_base_outside_git_is_a_usage_error(tmp_path, monkeypatch, capsys):
    """--base outside a git repository exits 2 and says why."""
    (tmp_path / "cities" / "xian").mkdir(parents=True)
    (tmp_path / PATH).write_text(BASE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["validate", "--base", "main"]) == 2
    assert "不在 git 仓库中" in capsys.readouterr().err
