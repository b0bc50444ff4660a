"""check_paths: the same result in worker processes as in one, books kept on request, and a
run that cannot check something says so rather than passing."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from taskbook import checker, rules
from taskbook.checker import check_paths
from taskbook.codes import PER_CODE, limit, make
from taskbook.loader import read

VALID = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "cities"


@pytest.fixture
def cities(tmp_path: Path) -> Path:
    """Three books, one of them made invalid (its sequence number clashes with another's)."""
    folder = tmp_path / "cities"
    shutil.copytree(VALID, folder)
    bad = folder / "tianjin" / "taskbook.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("seq: 12\n", "seq: 3\n"), encoding="utf-8")
    return folder


def test_workers_give_the_same_report_as_one_process(cities, monkeypatch):
    """Forced into worker processes, the diagnostics and kept books equal the serial run's."""
    serial = check_paths([cities], keep_books=True, jobs=1)
    monkeypatch.setattr(checker, "_PARALLEL_FROM", 1)
    parallel = check_paths([cities], keep_books=True, jobs=2)
    assert [(d.file.split("/")[-2], d.line, d.code) for d in serial.diagnostics] == [
        ("langfang", 12, "duplicate-seq"), ("tianjin", 5, "task-id-seq"), ("tianjin", 12, "duplicate-seq"),
    ]
    assert parallel.diagnostics == serial.diagnostics
    assert parallel.books == serial.books
    assert [(b.slug, b.front) for b in parallel.books] == [(b.slug, b.front) for b in serial.books]
    assert [b.slug for b in serial.books] == ["tangshan"]


def test_workers_are_capped_by_the_number_of_books():
    """A few books get one process whatever --jobs says; many get at most the CPUs."""
    import os

    assert checker.workers(64, 10) == 1
    assert checker.workers(64, 70) == min(2, os.cpu_count() or 1)
    assert checker.workers(1, 10_000) == 1


def test_books_are_not_kept_unless_asked(cities):
    """Without keep_books the report holds diagnostics only, and lists the files it read."""
    report = check_paths([cities])
    assert report.books == []
    assert [Path(p).parent.name for p in report.paths] == ["langfang", "tangshan", "tianjin"]


def test_a_pickled_book_keeps_its_values_not_its_node_tree():
    """A book sent between processes has data and body; locating falls back to line 1."""
    book = read(VALID / "tangshan" / "taskbook.md").book
    copy = pickle.loads(pickle.dumps(book))
    assert (copy.path, copy.data, copy.body, copy.body_line) == (book.path, book.data, book.body, book.body_line)
    assert copy.document.root is None
    assert copy.locate("/city/seq") == (1, 1)


def test_folder_of_drafts_checks_its_markdown_files(tmp_path):
    """A folder without taskbook.md has its .md files checked; outside cities/ only a warning."""
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "tangshan.md").write_bytes((VALID / "tangshan" / "taskbook.md").read_bytes())
    (drafts / "tianjin.md").write_bytes((VALID / "tianjin" / "taskbook.md").read_bytes())
    report = check_paths([drafts])
    assert report.files == 2
    assert [(Path(d.file).name, d.severity, d.code) for d in report.diagnostics] == [
        ("tangshan.md", "warning", "file-outside-cities"),
        ("tianjin.md", "warning", "file-outside-cities"),
    ]


def test_a_clash_is_reported_on_every_book_naming_the_others(tmp_path):
    """Three books with one sequence number: each is told about the two others."""
    folder = tmp_path / "cities"
    shutil.copytree(VALID, folder)
    for slug in ("tangshan", "tianjin"):
        book = folder / slug / "taskbook.md"
        text = book.read_text(encoding="utf-8")
        seq = next(line for line in text.split("\n") if line.strip().startswith("seq:"))
        book.write_text(text.replace(seq, "  seq: 3"), encoding="utf-8")
    clashes = [d for d in check_paths([folder]).diagnostics if d.code == "duplicate-seq"]
    assert [(Path(d.file).parent.name, d.message.split("。")[0]) for d in clashes] == [
        ("langfang", f"城市序号 3 也用在 {folder.as_posix()}/tangshan/taskbook.md、{folder.as_posix()}/tianjin/taskbook.md 中"),
        ("tangshan", f"城市序号 3 也用在 {folder.as_posix()}/langfang/taskbook.md、{folder.as_posix()}/tianjin/taskbook.md 中"),
        ("tianjin", f"城市序号 3 也用在 {folder.as_posix()}/langfang/taskbook.md、{folder.as_posix()}/tangshan/taskbook.md 中"),
    ]


def test_empty_folder_is_an_error_not_a_pass(tmp_path):
    """A folder without any book gives file-not-found with its path."""
    (tmp_path / "cities").mkdir()
    report = check_paths([tmp_path / "cities"])
    assert (report.files, report.errors) == (0, 1)
    [found] = report.diagnostics
    assert (found.file, found.code) == ((tmp_path / "cities").as_posix(), "file-not-found")


def test_dangling_symlink_and_fifo_in_a_folder_are_reported(tmp_path):
    """Entries named taskbook.md that are not regular files are checked (and reported),
    never skipped: a folder of them is not a pass, and a FIFO does not hang the run."""
    import os

    (tmp_path / "cities" / "xian").mkdir(parents=True)
    (tmp_path / "cities" / "xian" / "taskbook.md").symlink_to(tmp_path / "gone.md")
    (tmp_path / "cities" / "jinan").mkdir()
    os.mkfifo(tmp_path / "cities" / "jinan" / "taskbook.md")
    report = check_paths([tmp_path / "cities"])
    assert report.files == 2
    assert [(Path(d.file).parent.name, d.code, d.message.split("：")[1].split("，")[0])
            for d in report.diagnostics] == [
        ("jinan", "file-unreadable", "这是一个命名管道（FIFO）"),
        ("xian", "file-unreadable", "它是一个符号链接（快捷方式）"),
    ]


def test_unreadable_sub_folder_is_reported(tmp_path, monkeypatch):
    """A sub-folder that cannot be listed is an error naming it (os.walk would skip it)."""
    import errno
    import os

    shutil.copytree(VALID, tmp_path / "cities")
    locked = tmp_path / "cities" / "tianjin"
    scandir = os.scandir

    def refusing(path="."):
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    report = check_paths([tmp_path / "cities"])
    assert report.files == 2
    assert [(d.file, d.code, d.message) for d in report.diagnostics] == [
        (locked.as_posix(), "file-unreadable",
         f"无法读取文件夹 {locked.as_posix()}：没有读取权限；其中的任务书没有检查。"
         "请确认文件存在、是普通文本文件（不是文件夹、管道或设备）且有读取权限。"),
    ]


def test_an_internal_error_in_one_book_does_not_stop_the_others(cities, monkeypatch):
    """A rule that raises on one book is a failure naming that book; the other books are
    still checked and reported."""

    def broken(book, context):
        if "tianjin" in book.path:
            raise ValueError("boom")
        return iter(())

    monkeypatch.setattr(rules, "BOOK_RULES", (*rules.BOOK_RULES, broken))
    report = check_paths([cities])
    assert report.failures == [
        f"检查 {cities.as_posix()}/tianjin/taskbook.md 时 taskbook 发生内部错误（ValueError: boom），"
        "该文件未能检查。请把这条信息和这份任务书一起报告给维护者。"]
    assert report.files == 3 and report.errors == 0


def test_diagnostics_of_one_code_are_capped_with_a_count():
    """Past PER_CODE diagnostics of one code a file gets one more, saying how many were left
    out, where the first of them stands."""
    found = [make("unsafe-html", "a.md", line, 1, "", "x。") for line in range(1, PER_CODE + 31)]
    found.append(make("staff-sum", "a.md", 9, 9, "/staff", "y。"))
    kept = limit(found)
    assert len(kept) == PER_CODE + 2
    assert (kept[-1].line, kept[-1].code, kept[-1].message) == (
        PER_CODE + 1, "unsafe-html", "从这里起还有 30 处同类问题（含有 HTML 代码）未逐一列出，请一并改正。")


def test_a_megabyte_of_tags_gives_a_short_report(tmp_path):
    """A hostile body does not print hundreds of thousands of lines."""
    book = tmp_path / "cities" / "tangshan" / "taskbook.md"
    book.parent.mkdir(parents=True)
    book.write_bytes((VALID / "tangshan" / "taskbook.md").read_bytes() + b"\n<b>x</b>\n" * 500)
    report = check_paths([tmp_path / "cities"])
    assert [d.code for d in report.diagnostics] == ["unsafe-html"] * (PER_CODE + 1)


def test_a_whole_float_sequence_number_is_that_integer(tmp_path):
    """``seq: 1.0`` is the integer 1 to JSON Schema, so to the task-id rule (DQGG202101 fits)
    and to the cross-file check (it clashes with another book's 1)."""
    import patches

    base = patches.base_text()
    patches.write(tmp_path, {
        "cities/shijiazhuang/taskbook.md": base.replace("  seq: 1\n", "  seq: 1.0\n"),
        "cities/baoding/taskbook.md": base.replace("石家庄市", "保定市"),
    })
    report = check_paths([tmp_path / "cities"])
    assert [(Path(d.file).parent.name, d.code) for d in report.diagnostics if d.code.endswith("seq")] == [
        ("baoding", "duplicate-seq"), ("shijiazhuang", "duplicate-seq")]
    assert "task-id-seq" not in {d.code for d in report.diagnostics}
