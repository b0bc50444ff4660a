"""``taskbook export``: output files, refusals and their Chinese messages."""

from __future__ import annotations

import io
import os
import shutil

import docx
import pytest
from click.testing import CliRunner
from export_helpers import CITIES

from taskbook import files
from taskbook.cli import cli
from taskbook.context import Context
from taskbook.export import ExportError, service


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A working folder holding cities/xian/taskbook.md, made current."""
    shutil.copytree(CITIES / "xian", tmp_path / "cities" / "xian")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, ["export", *args])


def test_writes_the_docx_into_exports_by_default(repo):
    """Without options, the internal .docx goes to exports/<slug>-taskbook.docx and nothing else is left."""
    result = run("cities/xian/taskbook.md")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("已导出 exports/xian-taskbook.docx（DOCX，含个人信息")
    document = docx.Document(io.BytesIO((repo / "exports" / "xian-taskbook.docx").read_bytes()))
    assert document.paragraphs[0].text == "附件 3"
    assert sorted(os.listdir(repo)) == ["cities", "exports"]
    assert os.listdir(repo / "exports") == ["xian-taskbook.docx"]


def test_warns_when_an_internal_document_would_be_committed(repo):
    """An internal document written into a git work tree that does not ignore it gets a Chinese
    warning; one in an ignored folder, or a public one, gets none."""
    import subprocess

    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / ".gitignore").write_text("/exports/\n", encoding="utf-8")
    result = run("cities/xian/taskbook.md", "-o", "xian.docx")
    assert result.exit_code == 0, result.output
    assert result.stderr == ("警告：xian.docx 含身份证号码、手机号码等个人信息，而它在 git 仓库中且未被忽略，"
                             "“git add .” 会把它提交进拉取请求。请把它移出仓库，或导出到 exports/ 文件夹"
                             "（默认位置，已被 .gitignore 忽略）。\n")
    assert run("cities/xian/taskbook.md").stderr == ""
    assert run("cities/xian/taskbook.md", "-o", "public.docx", "--profile", "public").stderr == ""


def test_refuses_to_overwrite_without_force(repo):
    """An existing output file is kept (exit 1, Chinese message) unless --force is given."""
    (repo / "out.docx").write_bytes(b"mine")
    result = run("cities/xian/taskbook.md", "-o", "out.docx")
    assert result.exit_code == 1
    assert "输出文件 out.docx 已存在，未覆盖：如确需覆盖请加 --force" in result.stderr
    assert (repo / "out.docx").read_bytes() == b"mine"
    result = run("cities/xian/taskbook.md", "-o", "out.docx", "--force")
    assert result.exit_code == 0, result.output
    assert (repo / "out.docx").read_bytes()[:2] == b"PK"
    assert sorted(os.listdir(repo)) == ["cities", "out.docx"]


def test_failed_write_leaves_the_old_file_and_no_temporary(repo, monkeypatch):
    """A write that fails half-way leaves the existing file untouched and no temporary file."""
    (repo / "out.docx").write_bytes(b"mine")

    def broken(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", broken)
    result = run("cities/xian/taskbook.md", "-o", "out.docx", "--force")
    assert result.exit_code == 1
    assert "写入 out.docx 失败（No space left on device），原有文件未改动" in result.stderr
    assert (repo / "out.docx").read_bytes() == b"mine"
    assert sorted(os.listdir(repo)) == ["cities", "out.docx"]


def test_no_overwrite_even_when_the_file_appears_during_the_export(repo, monkeypatch):
    """Without --force, a file created while the document was being built is not replaced."""
    original = service.render_bytes

    def slow(book, context, profile):
        (repo / "late.docx").write_bytes(b"theirs")
        return original(book, context, profile)

    monkeypatch.setattr(service, "render_bytes", slow)
    result = run("cities/xian/taskbook.md", "-o", "late.docx")
    assert result.exit_code == 1
    assert "已存在" in result.stderr
    assert (repo / "late.docx").read_bytes() == b"theirs"
    assert sorted(os.listdir(repo)) == ["cities", "late.docx"]


def test_pdf_from_the_output_extension_in_the_public_profile(repo):
    """-o x.pdf implies --to pdf; the public profile says it carries no personal data."""
    result = run("cities/xian/taskbook.md", "-o", "x.pdf", "--profile", "public")
    assert result.exit_code == 0, result.output
    assert "（PDF，不含个人信息" in result.stdout
    assert (repo / "x.pdf").read_bytes()[:5] == b"%PDF-"


def test_missing_libreoffice_names_the_package(repo, tmp_path_factory, monkeypatch):
    """Without soffice on PATH, --to pdf fails with exit 1 naming libreoffice-writer, writing nothing."""
    monkeypatch.setenv("PATH", str(tmp_path_factory.mktemp("empty-bin")))
    result = run("cities/xian/taskbook.md", "--to", "pdf")
    assert result.exit_code == 1
    assert "未找到 LibreOffice（soffice 命令），无法生成 PDF。请安装 libreoffice-writer 软件包" in result.stderr
    assert sorted(os.listdir(repo)) == ["cities"]


def test_book_with_errors_is_refused_with_located_diagnostics(repo):
    """A book that does not validate is not exported: exit 1 and file:line:column diagnostics."""
    book = repo / "cities" / "xian" / "taskbook.md"
    book.write_text(book.read_text(encoding="utf-8").replace("seq: 7", "seq: 8"), encoding="utf-8")
    result = run("cities/xian/taskbook.md")
    assert result.exit_code == 1
    assert "cities/xian/taskbook.md:5:7: error:" in result.stderr
    assert "[task-id-seq]" in result.stderr
    assert "任务书有 1 个错误，未导出" in result.stderr
    assert sorted(os.listdir(repo)) == ["cities"]


def test_missing_book_is_reported(repo):
    """A path that does not exist is a diagnostic, exit 1, not a traceback."""
    result = run("cities/nowhere/taskbook.md")
    assert result.exit_code == 1
    assert "[file-unreadable]" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_conflicting_format_and_extension_is_a_usage_error(repo):
    """--to docx with -o x.pdf is a usage error (exit 2) that says what to change."""
    result = run("cities/xian/taskbook.md", "--to", "docx", "-o", "x.pdf")
    assert result.exit_code == 2
    assert "--to docx 与输出文件的扩展名 .pdf 不一致" in result.stderr


def test_output_folder_must_exist(repo):
    """Writing into a missing folder fails with a Chinese message, exit 1."""
    result = run("cities/xian/taskbook.md", "-o", "missing/x.docx")
    assert result.exit_code == 1
    assert "输出文件夹 missing 不存在" in result.stderr


def test_help_is_chinese():
    """The command has a Chinese help text listing its options."""
    result = CliRunner().invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    assert "导出可打印、签章的正式任务书" in result.output
    for option in ("--to", "--output", "--profile", "--force"):
        assert option in result.output


def test_folder_with_several_books_is_refused(tmp_path):
    """export needs one book: a folder with two is refused with a message."""
    shutil.copytree(CITIES, tmp_path / "cities")
    with pytest.raises(ExportError, match="中有 2 本任务书：请指定一个任务书文件"):
        service.load_valid_book(tmp_path / "cities", Context.load())
