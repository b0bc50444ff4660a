"""The validate command: exit codes, formats, default folder, and a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import patches
from taskbook.cli import cli, main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VALID = FIXTURES / "valid" / "cities"
BAD = FIXTURES / "invalid" / "staff-sum" / "by-title.yaml"
BAD_TEXT = patches.build(patches.load(BAD), patches.base_text())
# Where the sum that does not add up stands in that book: the mapping under "  by_title:".
_LINES = BAD_TEXT.decode("utf-8").split("\n")
LINE = next(number for number, line in enumerate(_LINES, start=1) if line.strip() == "by_title:") + 1
COLUMN = len(_LINES[LINE - 1]) - len(_LINES[LINE - 1].lstrip()) + 1


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A task book repository with one valid and one invalid book."""
    shutil.copytree(VALID / "tianjin", tmp_path / "cities" / "tianjin")
    bad = tmp_path / "cities" / "shijiazhuang" / "taskbook.md"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(BAD_TEXT)
    return tmp_path


def test_valid_folder_exits_zero():
    """A folder of valid books prints the pass line and exits 0."""
    result = CliRunner().invoke(cli, ["validate", str(VALID)])
    assert result.exit_code == 0
    assert result.output == "共检查 3 个文件，全部通过。\n"


def test_default_folder_and_errors_exit_one(repo, monkeypatch):
    """Without paths, cities/ is checked; an error gives exit 1 and a located line."""
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"cities/shijiazhuang/taskbook.md:{LINE}:{COLUMN}: error: 参加人数按职称合计 31 人，与总人数 32 人不符。"
        "按职称、按学位分别统计的人数之和都应等于参加总人数。 [staff-sum]",
        "共检查 2 个文件：1 个错误，0 个警告。",
    ]


def test_json_format(repo, monkeypatch):
    """--format json prints the counts and the diagnostics with pointer and code."""
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(cli, ["validate", "--format", "json", "cities"])
    document = json.loads(result.output)
    assert result.exit_code == 1
    assert (document["files"], document["errors"], document["warnings"]) == (2, 1, 0)
    assert [(d["line"], d["column"], d["pointer"], d["code"]) for d in document["diagnostics"]] == [
        (LINE, COLUMN, "/staff/by_title", "staff-sum")
    ]


def test_no_cities_folder_is_a_usage_error(tmp_path, monkeypatch, capsys):
    """Run outside a repository without paths: exit 2 and a Chinese explanation."""
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 2
    assert "当前目录下没有 cities 文件夹" in capsys.readouterr().err


def test_missing_file_is_a_diagnostic(tmp_path):
    """A path that does not exist is reported as unreadable, exit 1, no traceback."""
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nope.md")])
    assert result.exit_code == 1
    assert "[file-unreadable]" in result.output
    assert "Traceback" not in result.output


def test_every_command_has_help():
    """Each command documents itself in Chinese."""
    for name, command in cli.commands.items():
        assert command.help, name
        assert any("\u4e00" <= ch <= "\u9fff" for ch in command.help), name


def test_real_subprocess_github_format(repo):
    """``python -m taskbook`` in a real process prints annotations and exits 1."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "taskbook", "validate", "-f", "github"],
        cwd=repo, capture_output=True, text=True, env=env, check=False, timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr == ""
    assert done.stdout == (
        f"::error file=cities/shijiazhuang/taskbook.md,line={LINE},col={COLUMN},title=staff-sum::"
        "参加人数按职称合计 31 人，与总人数 32 人不符。按职称、按学位分别统计的人数之和都应等于参加总人数。\n"
    )


def test_usage_errors_are_explained_in_chinese(capsys):
    """A wrong option value gives exit 2, a Chinese sentence and where to find help."""
    assert main(["validate", "--format", "xml"]) == 2
    assert capsys.readouterr().err == (
        "用法错误：参数值无效： '--format' / '-f': 'xml' 不是以下之一： 'text', 'json', 'github'.\n"
        "请运行 taskbook validate --help 查看用法。\n"
    )


def test_empty_folder_fails_with_its_path(tmp_path):
    """Nothing to check is not a pass: exit 1 and a diagnostic naming the folder."""
    (tmp_path / "cities").mkdir()
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "cities")])
    assert result.exit_code == 1
    assert f"{(tmp_path / 'cities').as_posix()}:1:1: error: 文件夹 {(tmp_path / 'cities').as_posix()} 中没有找到任务书" in result.output
    assert result.output.endswith("共检查 0 个文件：1 个错误，0 个警告。\n")


def test_internal_error_exits_two_after_reporting_the_rest(repo, monkeypatch, capsys):
    """A bug while checking one book: the others are reported, the failure names the file
    in Chinese on stderr, and the status is 2."""
    from taskbook import rules

    def broken(book, context):
        if "tianjin" in book.path:
            raise KeyError("x")
        return iter(())

    monkeypatch.setattr(rules, "BOOK_RULES", (*rules.BOOK_RULES, broken))
    monkeypatch.chdir(repo)
    assert main(["validate"]) == 2
    out, err = capsys.readouterr()
    assert "[staff-sum]" in out
    assert err == ("检查 cities/tianjin/taskbook.md 时 taskbook 发生内部错误（KeyError: 'x'），"
                   "该文件未能检查。请把这条信息和这份任务书一起报告给维护者。\n")


def test_os_error_is_explained_in_chinese_with_the_path(monkeypatch, capsys):
    """An OS error that reaches the command line names the path and the reason in Chinese."""
    import errno

    from taskbook import checker

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "cities/xian")

    monkeypatch.setattr(checker, "validate", refuse)
    assert main(["validate", "cities/xian"]) == 2
    assert capsys.readouterr().err == (
        "错误：无法访问 cities/xian：没有读取权限。请检查该路径是否存在、是否有权限，然后重试。\n")
