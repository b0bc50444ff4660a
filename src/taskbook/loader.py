"""Bytes → a task book with a source map, or diagnostics saying why not.

A task book is UTF-8 Markdown (with or without BOM) that opens with YAML front matter
between two ``---`` lines. Lines end at LF, CRLF or CR, and nowhere else: the separators
YAML and ``str.splitlines`` also break at (U+0085, U+2028, U+2029) are text, so they never
shift a later line's number. Columns are 1-based code points of the line. Nothing here
raises for bad input: every way a file can fail to load is a diagnostic, so that one bad
file never stops a run.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from taskbook import oserrors, yamlsafe
from taskbook.codes import capped, make
from taskbook.diagnostics import Diagnostic

MAX_BYTES = 1024 * 1024
MAX_FRONT_MATTER = 256 * 1024
"""Bytes of front matter accepted: a task book's fields take a few kilobytes; beyond this
the YAML is not a task book, and composing it would take most of a second."""
_OPENING = re.compile(r"---[ \t]*(?:\n|\Z)")
_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_LINE_END = re.compile(rb"\r\n?|\n")
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_FULLWIDTH_KEY = re.compile(r"^[ ]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_]*)[ ]*：", re.MULTILINE)
_GLUED_KEY = re.compile(r"^([ ]*(?:-[ ]+)?)([A-Za-z_][A-Za-z0-9_]*):(?=[^ \t\n:/])", re.MULTILINE)
"""``degree:博士``: a field name and its value with no space after the colon."""
_GLUED_ANYWHERE = re.compile(r"[A-Za-z0-9_]:[^ \t\n:/]")
"""A quick look for the same anywhere (most books have none, and this scan is cheaper)."""
CONTROL = yamlsafe.CONTROL
_SIGNATURES = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
_CONTROL_NAMES = {0: "NUL", 0x0B: "垂直制表符", 0x0C: "换页符", 0x1B: "ESC", 0x7F: "DEL"}
@dataclass(frozen=True)
class Book:
    """A loaded task book.

    Attributes:
        path: the file's path as given (POSIX separators).
        data: the front matter as plain JSON-like values.
        body: the Markdown after the front matter.
        body_line: 1-based line of the body's first line in the file.
        document: the composed YAML, for positions and retyped scalars.
        yaml_line: 1-based line of the front matter's first line in the file.
        source: the front matter as written (for checks that can rule a case out by a
            glance at the text).
    """

    path: str
    data: dict[str, Any]
    body: str
    body_line: int
    document: yamlsafe.Document = field(repr=False, compare=False)
    yaml_line: int = 2
    source: str = field(default="", repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the values only: the node tree is large and positions are needed only
        where the book was checked, so a book sent from a worker process locates nothing."""
        state = {key: value for key, value in self.__dict__.items() if key != "positions"}
        state["document"] = yamlsafe.Document(self.data, None, ())
        return state

    @cached_property
    def positions(self) -> dict[str, yamlsafe.Pos]:
        """JSON pointer → position in the front matter (0-based, relative to the YAML text)."""
        return self.document.positions()

    def locate(self, pointer: str, *, key: bool = False) -> tuple[int, int]:
        """Return the 1-based (line, column) of a pointer's value (or key) in the file.

        A pointer that is absent (a missing field) falls back to its nearest present
        parent, so a "missing field" points at the mapping that should hold it.
        """
        probe = pointer
        pos = self.document.find(probe)
        while pos is None and probe:
            probe = probe.rsplit("/", 1)[0]
            key = True
            pos = self.document.find(probe)
        if pos is None:
            return self.yaml_line - 1, 1
        if key and probe:
            return pos.key_line + self.yaml_line, pos.key_column + 1
        return pos.line + self.yaml_line, pos.column + 1


@dataclass(frozen=True)
class Loaded:
    """The result of loading one file: a book when it could be read, and diagnostics (with
    a book, only those of the body's characters; without one, why it could not be read)."""

    path: str
    book: Book | None
    diagnostics: tuple[Diagnostic, ...] = ()


def read(path: Path | str, keys: frozenset[str] = frozenset(), display: str | None = None) -> Loaded:
    """Read and load one file from disk (``keys``: the schema's property names).

    Only a regular file is read: a folder, a named pipe (FIFO) or a device is reported,
    never opened for reading (a FIFO would wait for a writer forever). The file is opened
    without blocking and checked on the open descriptor, so nothing can be swapped in
    between the check and the read.
    """
    name = display or Path(path).as_posix()

    def unreadable(message: str) -> Loaded:
        return Loaded(name, None, (make("file-unreadable", name, 1, 1, "", message),))

    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        if os.path.islink(path) and not os.path.exists(path):
            return unreadable(f"无法读取 {name}：它是一个符号链接（快捷方式），指向的文件不存在。")
        return unreadable(f"无法读取 {name}：{oserrors.reason(error)}。")
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            return unreadable(f"无法读取 {name}：{_kind(mode)}，不是普通文件。")
        raw = os.read(descriptor, MAX_BYTES + 1)
        while len(raw) <= MAX_BYTES:  # a read may return less than asked for (rarely)
            more = os.read(descriptor, MAX_BYTES + 1 - len(raw))
            if not more:
                break
            raw += more
    except OSError as error:
        return unreadable(f"无法读取 {name}：{oserrors.reason(error)}。")
    finally:
        os.close(descriptor)
    return parse(raw, name, keys)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "这是一个文件夹"
    if stat.S_ISFIFO(mode):
        return "这是一个命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "这是一个套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "这是一个设备"
    return "这是一个特殊文件"


def parse(raw: bytes, name: str, keys: frozenset[str] = frozenset()) -> Loaded:
    """Load a task book from its bytes.

    Args:
        raw: the file's bytes.
        name: the file's path as shown in diagnostics.
        keys: the schema's property names: a full-width colon, or no space after the
            colon, after one of them is reported before YAML is parsed.

    Returns:
        A :class:`Loaded`. Control characters in the body come as diagnostics beside a
        book (the rules check the rest); any other problem comes without one.
    """

    def fail(code: str, line: int, column: int, message: str, hint: str | None = None) -> Loaded:
        return Loaded(name, None, (make(code, name, line, column, "", message, hint),))

    if len(raw) > MAX_BYTES:
        return fail("file-too-large", 1, 1, f"文件超过 {MAX_BYTES // 1024} KiB。")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw or raw.isspace():
        return fail("file-empty", 1, 1, "文件是空的。")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return fail("file-encoding", 1, 1, "文件是 UTF-16 编码（记事本中的“Unicode”），不是 UTF-8。")
    if raw.startswith(_SIGNATURES) or raw.count(b"\x00", 0, 8192) * 16 > min(len(raw), 8192):
        return fail("file-binary", 1, 1, "这不是文本文件（可能是 Word、PDF、压缩包或图片）。")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(raw, error.start)
        try:
            raw.decode("gb18030")
            guess = "文件似乎是 GBK/GB18030 编码（中文 Windows 默认保存的格式），不是 UTF-8。"
        except UnicodeDecodeError:
            guess = f"第 {line} 行第 {column} 列有不是 UTF-8 编码的字节。"
        return fail("file-encoding", line, column, guess)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    opening = _OPENING.match(text)
    if opening is None:
        return fail("front-matter-missing", 1, 1, "文件第 1 行不是 ---，找不到前言区。")
    closing = _closing(text, opening.end())
    if closing is None:
        return fail("front-matter-unclosed", 1, 1, "第 1 行开始的前言区没有以一行 --- 结束。")
    yaml_text = text[opening.end():closing.start()]
    if len(yaml_text) > MAX_FRONT_MATTER // 3 and len(yaml_text.encode("utf-8")) > MAX_FRONT_MATTER:
        return fail("front-matter-too-large", 1, 1,
                    f"前言区（第 1 行到第 {text.count(chr(10), 0, closing.start()) + 1} 行）超过 "
                    f"{MAX_FRONT_MATTER // 1024} KiB。")
    if not yaml_text.endswith("\n"):
        yaml_text += "\n"  # an empty front matter: "---\n---"
    after = closing.end() + 1
    body = text[after:] if after <= len(text) else ""
    body_line = text.count("\n", 0, closing.start()) + 2
    controls = list(_controls(text, name)) if CONTROL.search(text) else []
    if any(d.line < body_line for d in controls):
        return Loaded(name, None, tuple(controls))
    problems = _lexical_problems(yaml_text, name, keys)
    if problems:
        return Loaded(name, None, tuple(problems))
    document, problem = yamlsafe.compose(yaml_text)
    if document is None:
        assert problem is not None  # compose gives a document or a problem
        # YAML failed: a full-width colon or a missing space after any key, even a misspelt
        # one, is the likelier cause than what the parser says; name it instead.
        return Loaded(name, None, tuple(_lexical_problems(yaml_text, name, None, problem.line))
                      or (_tab_at(problem, yaml_text, name) or _yaml_diagnostic(problem, name),))
    if not isinstance(document.data, dict):
        return fail("front-matter-not-mapping", 2, 1, "前言区不是“字段: 值”的列表。")
    return Loaded(name, Book(name, document.data, body, body_line, document, source=yaml_text),
                  tuple(controls))


def _closing(text: str, start: int) -> re.Match[str] | None:
    """The first line at or after ``start`` (a line's start) that ends the front matter
    (``---`` or ``...``): candidates found by ``str.find`` (C speed), checked by ``_END``."""
    found = []
    for mark in ("\n---", "\n..."):
        at = start - 1  # the line end before the line at ``start``
        while True:
            at = text.find(mark, at)
            if at < 0:
                break
            match = _END.match(text, at + 1)
            if match is not None:
                found.append(match)
                break
            at += 1
    return min(found, key=lambda match: match.start(), default=None)


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and code-point column of byte ``offset`` (valid UTF-8 before it)."""
    line, start = 1, 0
    for match in _LINE_END.finditer(raw, 0, offset):
        line, start = line + 1, match.end()
    return line, len(raw[start:offset].decode("utf-8", "replace")) + 1


def describe(char: str) -> str:
    """A control character as a reader can look it up: ``U+001B（ESC）``."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code)
    return f"U+{code:04X}" + (f"（{name}）" if name else "")


def _controls(text: str, name: str) -> Iterator[Diagnostic]:
    """Each control character in ``text`` (lines already end at LF only), located."""
    lines = _Lines(text)

    def located(match: re.Match[str]) -> Diagnostic:
        line, column = lines.at(match.start())
        return make("file-control-character", name, line, column, "",
                    f"第 {line} 行第 {column} 列有不可见的控制字符 {describe(match.group())}。")

    return capped(CONTROL.finditer(text), located)


class _Lines:
    """1-based (line, column) of offsets in a text, for offsets that only grow: linear in
    the text, however many offsets are asked for."""

    def __init__(self, text: str, first: int = 1) -> None:
        self.text = text
        self.line = first
        self.start = 0  # offset of the current line's first character
        self.seen = 0

    def at(self, offset: int) -> tuple[int, int]:
        text = self.text
        newlines = text.count("\n", self.seen, offset)
        if newlines:
            self.line += newlines
            self.start = text.rfind("\n", self.seen, offset) + 1
        self.seen = offset
        return self.line, offset - self.start + 1


def _lexical_problems(yaml_text: str, name: str, keys: frozenset[str] | None,
                      failed_at: int | None = None) -> list[Diagnostic]:
    """Find the mistakes YAML's own errors describe badly: tabs, full-width colons, and a
    field name glued to its value (``degree:博士``).

    Before parsing, a colon counts only after a field name of the schema (``keys``), so
    that "VOCs：…" inside a text stays text; after a failed parse (``keys`` None, failing
    at 0-based row ``failed_at``), a full-width colon after any key, and a glued colon on
    the failing row or the last written row before it.
    """
    found: list[Diagnostic] = []
    if "\t" in yaml_text:
        tabs = _Lines(yaml_text, 2)

        def tab(match: re.Match[str]) -> Diagnostic:
            line, _ = tabs.at(match.start())
            return make("yaml-tab", name, line, match.end() - match.start(), "", f"第 {line} 行用 Tab 缩进。")

        found += capped(_TAB_INDENT.finditer(yaml_text), tab)
    if "：" in yaml_text:
        colons = _Lines(yaml_text, 2)

        def colon(match: re.Match[str]) -> Diagnostic:
            line, _ = colons.at(match.start())
            return make("yaml-fullwidth-colon", name, line, match.end() - match.start(), "",
                        f"字段 {match.group(1)} 后面用了中文冒号“：”。")

        found += capped((match for match in _FULLWIDTH_KEY.finditer(yaml_text)
                         if keys is None or match.group(1) in keys), colon)
    glued = yaml_text.count(":") > yaml_text.count(": ") + yaml_text.count(":\n")
    if glued and _GLUED_ANYWHERE.search(yaml_text):
        rows = _glued_rows(yaml_text, failed_at) if keys is None else None
        lines = _Lines(yaml_text, 2)

        def wanted(match: re.Match[str]) -> bool:
            if keys is not None:
                return match.group(2) in keys
            assert rows is not None
            return lines.at(match.start())[0] - 2 in rows

        def spaceless(match: re.Match[str]) -> Diagnostic:
            key = match.group(2)
            line, _ = lines.at(match.start())
            rest = yaml_text[match.end():yaml_text.find("\n", match.end())].strip()
            return make("yaml-colon-space", name, line, match.end() - match.start(), "",
                        f"第 {line} 行字段 {key} 后的英文冒号后面缺少空格。",
                        f"请写成“{key}: {rest[:20]}”（冒号后加一个空格）；否则 YAML 会把“{key}:{rest[:20]}”整个当作一段文字。")

        found += capped((match for match in _GLUED_KEY.finditer(yaml_text) if wanted(match)), spaceless)
    return sorted(found)


def _glued_rows(yaml_text: str, failed_at: int | None) -> set[int]:
    """The failing row and the last row above it that holds anything (0-based)."""
    if failed_at is None:
        return set()
    rows = yaml_text.split("\n")
    chosen = {failed_at}
    for row in range(min(failed_at, len(rows)) - 1, -1, -1):
        if rows[row].strip() and not rows[row].lstrip().startswith("#"):
            chosen.add(row)
            break
    return chosen


def _tab_at(problem: yamlsafe.YamlProblem, yaml_text: str, name: str) -> Diagnostic | None:
    """A tab on the line where YAML failed (after a "- ", say) is the cause: name it."""
    start = 0
    for _ in range(problem.line):
        start = yaml_text.find("\n", start) + 1
        if start == 0:
            return None
    end = yaml_text.find("\n", start)
    row = yaml_text[start:end if end >= 0 else len(yaml_text)]
    if "\t" not in row:
        return None
    line = problem.line + 2
    return make("yaml-tab", name, line, row.index("\t") + 1, "", f"第 {line} 行含有 Tab。")


_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现“字段: 值”；文字中含英文冒号时请给整段文字加英文引号，或检查缩进。",
    "could not find expected ':'": "找不到字段名后的英文冒号，或者上一行的缩进不对。",
    "did not find expected key": "缩进不一致：同一层的字段须左对齐。",
    "did not find expected '-' indicator": "列表项缩进不一致：同一列表的各项须以对齐的“- ”开头。",
    "found character that cannot start any token": "该位置的字符不能作为值的开头（如 @、`、%），请给整段文字加英文引号。",
    "found unexpected end of stream": "引号或括号没有配对。",
    "found unknown escape character": "双引号中的反斜杠 \\ 须写成 \\\\，或改用单引号。",
    "expected a single document": "前言区中只能有一个 YAML 文档，请删除多余的 ---。",
    "exceeded maximum nesting depth": "括号或缩进嵌套的层数太多。",
    "nesting too deep": "括号或缩进嵌套的层数太多。",
}


def _yaml_diagnostic(problem: yamlsafe.YamlProblem, name: str) -> Diagnostic:
    line, column = problem.line + 2, problem.column + 1
    if problem.kind == "yaml-duplicate-key":
        key, first = problem.detail.split("\n")
        return make(problem.kind, name, line, column, problem.pointer,
                    f"字段 {key} 重复出现（第 {int(first) + 2} 行已有）。")
    if problem.kind == "yaml-alias":
        return make(problem.kind, name, line, column, problem.pointer, "此处使用了 YAML 锚点或别名。")
    if problem.kind == "yaml-tag":
        tag = problem.detail.replace("tag:yaml.org,2002:", "!!")
        return make(problem.kind, name, line, column, problem.pointer, f"此处使用了 YAML 标签 {tag}。")
    detail = next((text for english, text in _PROBLEMS.items() if english in problem.detail), "")
    return make("yaml-syntax", name, line, column, problem.pointer,
                f"第 {line} 行 YAML 语法错误。{detail}",
                "（若上方某行的引号或括号没有配对，错误会在其后的行才被发现，请一并检查。）" if detail else None)
