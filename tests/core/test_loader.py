"""The loader on hostile and clumsy files: line ends, code-point columns, what it opens."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

import patches
from taskbook.checker import check_bytes
from taskbook.loader import MAX_BYTES, parse, read

NAME = "cities/fixture/taskbook.md"
BASE = patches.base_text()
# Two errors to locate, one in the front matter and one in the body, below the places the
# tests put odd characters in.
BROKEN = (BASE.replace("  email: wanght@example.org.cn", "  email: 不是邮箱")
          .replace("### 技术路线\n", "### 技术路线\n\n<b>粗体</b>\n"))


def located(text: str, context) -> list[tuple[int, int, str]]:
    """(line, column, code) of every diagnostic of a book's text."""
    result = check_bytes(text.encode("utf-8"), NAME, context)
    assert result.failure is None
    return sorted((d.line, d.column, d.code) for d in result.diagnostics)


def test_the_two_errors_are_found(context):
    """The reference: the e-mail in the front matter and the tag in the body."""
    codes = [code for _, _, code in located(BROKEN, context)]
    assert codes == ["field-format", "unsafe-html", "unsafe-html"]


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_lines_end_at_crlf_and_cr_too(ending, context):
    """A file saved with CRLF or old-Mac CR line ends is located as the LF one."""
    assert located(BROKEN.replace("\n", ending), context) == located(BROKEN, context)


def test_unicode_separators_do_not_end_lines(context):
    """U+2028, U+2029 and NEL in a plain value, a quoted value and the body are text:
    every later diagnostic keeps its line (YAML alone would count them as line breaks)."""
    odd = (BROKEN.replace("  specialty: 环境科学", "  specialty: 环境\u2028科学\u2029")
           .replace("  title: 研究员\n  specialty", "  title: \"研究\x85员\"\n  specialty")
           .replace("编制分物种 VOCs 排放清单", "编制\u2028分物种\x85 VOCs\u2029 排放清单"))
    assert located(odd, context) == located(BROKEN, context)
    loaded = parse(odd.encode("utf-8"), NAME)
    assert loaded.book is not None
    assert loaded.book.data["leader"]["specialty"] == "环境\u2028科学\u2029"
    assert loaded.book.data["leader"]["title"] == "研究\x85员"


def test_encoding_error_column_counts_code_points():
    """The column of a byte that is not UTF-8 counts the characters before it, not bytes."""
    raw = "---\nname: 石家庄".encode() + b"\xff\n---\n"
    [diagnostic] = parse(raw, NAME).diagnostics
    assert (diagnostic.line, diagnostic.column, diagnostic.code) == (2, 10, "file-encoding")
    assert "第 2 行第 10 列" in diagnostic.message


def test_column_of_a_yaml_error_counts_code_points(context):
    """Columns in the front matter are code points of the line, wide characters counting one."""
    [(line, column, code)] = located(BASE.replace("  degree: 博士", "  degree: 博士: 硕士"), context)
    assert (line, column, code) == (36, 13, "yaml-syntax")


def _read_soon(path: Path) -> list:
    """Read ``path`` in a thread; fail instead of hanging when the read blocks."""
    found: list = []
    worker = threading.Thread(target=lambda: found.append(read(path, display=NAME)), daemon=True)
    worker.start()
    worker.join(10)
    assert found, f"reading {path} blocked"
    return list(found[0].diagnostics)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_is_reported_never_opened_for_reading(tmp_path):
    """A FIFO named taskbook.md would block open() for ever: it is reported at once."""
    fifo = tmp_path / "taskbook.md"
    os.mkfifo(fifo)
    [diagnostic] = _read_soon(fifo)
    assert diagnostic.code == "file-unreadable"
    assert diagnostic.message.startswith(f"无法读取 {NAME}：这是一个命名管道（FIFO），不是普通文件。")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_device_is_reported_not_read(tmp_path):
    """A symlink to a device (an endless stream) is reported, not read."""
    (tmp_path / "taskbook.md").symlink_to("/dev/zero")
    [diagnostic] = _read_soon(tmp_path / "taskbook.md")
    assert diagnostic.message.startswith(f"无法读取 {NAME}：这是一个设备，不是普通文件。")


def test_dangling_symlink_is_explained(tmp_path):
    """A symlink whose target is gone says so, in Chinese."""
    (tmp_path / "taskbook.md").symlink_to(tmp_path / "gone.md")
    [diagnostic] = _read_soon(tmp_path / "taskbook.md")
    assert diagnostic.message.startswith(f"无法读取 {NAME}：它是一个符号链接（快捷方式），指向的文件不存在。")


def test_missing_file_is_explained_in_chinese(tmp_path):
    """No English OS text: a missing file is 文件或文件夹不存在."""
    [diagnostic] = _read_soon(tmp_path / "taskbook.md")
    assert diagnostic.message.startswith(f"无法读取 {NAME}：文件或文件夹不存在。")


def test_file_over_the_cap_is_refused_unread(tmp_path):
    """A file over 1 MiB is refused (only the cap plus one byte is read)."""
    big = tmp_path / "taskbook.md"
    big.write_bytes(BASE.encode("utf-8") + b"\n" * MAX_BYTES)
    [diagnostic] = _read_soon(big)
    assert diagnostic.code == "file-too-large"


def test_stray_nul_in_the_body_is_a_located_control_character(context):
    """One NUL in a text file is a character to delete, located, not a binary file."""
    found = located(BASE.replace("以观测—清单", "以观测\x00—清单"), context)
    assert found == [(184, 26, "file-control-character")]  # 25 characters before it


def test_many_nuls_are_a_binary_file():
    """A file mostly of NULs (UTF-16 without a mark, an image) is not a text file."""
    [diagnostic] = parse("---\nx: 1\n---\n".encode("utf-16-le"), NAME).diagnostics
    assert diagnostic.code == "file-binary"
