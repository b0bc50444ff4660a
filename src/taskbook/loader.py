"""Bytes → a task book with a source map, or diagnostics saying why not.

A task book is UTF-8 Markdown (with or without BOM, LF or CRLF) that opens with YAML
front matter between two ``---`` lines. Nothing here raises for bad input: every way a
file can fail to load is a diagnostic, so that one bad file never stops a run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from taskbook import yamlsafe
from taskbook.codes import make
from taskbook.diagnostics import Diagnostic

MAX_BYTES = 1024 * 1024
_DELIMITER = re.compile(r"---[ \t]*")
_END = re.compile(r"(---|\.\.\.)[ \t]*")
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_FULLWIDTH_KEY = re.compile(r"^[ ]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_]*)[ ]*：", re.MULTILINE)


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
    """The result of loading one file: a book when it could be read, and diagnostics."""

    path: str
    book: Book | None
    diagnostics: tuple[Diagnostic, ...] = ()


def read(path: Path | str, keys: frozenset[str] = frozenset(), display: str | None = None) -> Loaded:
    """Read and load one file from disk (``keys``: the schema's property names)."""
    name = display or Path(path).as_posix()
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        return Loaded(name, None, (make("file-unreadable", name, 1, 1, "", f"无法读取文件（{reason}）。"),))
    return parse(raw, name, keys)


def parse(raw: bytes, name: str, keys: frozenset[str] = frozenset()) -> Loaded:
    """Load a task book from its bytes.

    Args:
        raw: the file's bytes.
        name: the file's path as shown in diagnostics.
        keys: the schema's property names: a full-width colon after one of them is
            reported before YAML is parsed.
    """

    def fail(code: str, line: int, column: int, message: str, hint: str | None = None) -> Loaded:
        return Loaded(name, None, (make(code, name, line, column, "", message, hint),))

    if len(raw) > MAX_BYTES:
        return fail("file-too-large", 1, 1, f"文件超过 {MAX_BYTES // 1024} KiB。")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw.strip():
        return fail("file-empty", 1, 1, "文件是空的。")
    if b"\x00" in raw[:8192] or raw.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")):
        return fail("file-binary", 1, 1, "这不是文本文件（可能是 Word、PDF、压缩包或图片）。")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        try:
            raw.decode("gb18030")
            guess = "文件似乎是 GBK/GB18030 编码（中文 Windows 默认保存的格式），不是 UTF-8。"
        except UnicodeDecodeError:
            guess = "文件含有不是 UTF-8 编码的字节。"
        return fail("file-encoding", line, column, guess)
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if not _DELIMITER.fullmatch(lines[0]):
        return fail("front-matter-missing", 1, 1, "文件第 1 行不是 ---，找不到前言区。")
    end = next((i for i in range(1, len(lines)) if _END.fullmatch(lines[i])), None)
    if end is None:
        return fail("front-matter-unclosed", 1, 1, "第 1 行开始的前言区没有以一行 --- 结束。")
    yaml_text = "\n".join(lines[1:end]) + "\n"
    body = "\n".join(lines[end + 1:])
    problems = _lexical_problems(yaml_text, name, keys)
    if problems:
        return Loaded(name, None, tuple(problems))
    document, problem = yamlsafe.compose(yaml_text)
    if document is None:
        assert problem is not None  # compose gives a document or a problem
        # YAML failed: a full-width colon after any key, even a misspelt one, is the
        # likelier cause than what the parser says; name it instead.
        return Loaded(name, None, tuple(_lexical_problems(yaml_text, name, None))
                      or (_tab_at(problem, yaml_text, name) or _yaml_diagnostic(problem, name),))
    if not isinstance(document.data, dict):
        return fail("front-matter-not-mapping", 2, 1, "前言区不是“字段: 值”的列表。")
    return Loaded(name, Book(name, document.data, body, end + 2, document, source=yaml_text), ())


def _lexical_problems(yaml_text: str, name: str, keys: frozenset[str] | None) -> list[Diagnostic]:
    """Find the mistakes YAML's own errors describe badly: tabs and full-width colons.

    Before parsing, a full-width colon counts only after a field name of the schema
    (``keys``), so that "VOCs：…" inside a text stays text; after a failed parse (``keys``
    None), after any key.
    """
    found: list[Diagnostic] = []
    for match in _TAB_INDENT.finditer(yaml_text) if "\t" in yaml_text else ():
        line = yaml_text.count("\n", 0, match.start()) + 2
        column = match.end() - match.start()
        found.append(make("yaml-tab", name, line, column, "", f"第 {line} 行用 Tab 缩进。"))
    for match in _FULLWIDTH_KEY.finditer(yaml_text) if "：" in yaml_text else ():
        if keys is not None and match.group(1) not in keys:
            continue
        line = yaml_text.count("\n", 0, match.start()) + 2
        column = match.end() - match.start()
        found.append(make("yaml-fullwidth-colon", name, line, column, "",
                          f"字段 {match.group(1)} 后面用了中文冒号“：”。"))
    return sorted(found)


def _tab_at(problem: yamlsafe.YamlProblem, yaml_text: str, name: str) -> Diagnostic | None:
    """A tab on the line where YAML failed (after a "- ", say) is the cause: name it."""
    rows = yaml_text.split("\n")
    row = rows[problem.line] if problem.line < len(rows) else ""
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
}


def _yaml_diagnostic(problem: yamlsafe.YamlProblem, name: str) -> Diagnostic:
    line, column = problem.line + 2, problem.column + 1
    if problem.kind == "yaml-duplicate-key":
        key, first = problem.detail.split("\n")
        return make(problem.kind, name, line, column, "",
                    f"字段 {key} 重复出现（第 {int(first) + 2} 行已有）。")
    if problem.kind == "yaml-alias":
        return make(problem.kind, name, line, column, "", "此处使用了 YAML 锚点或别名。")
    if problem.kind == "yaml-tag":
        tag = problem.detail.replace("tag:yaml.org,2002:", "!!")
        return make(problem.kind, name, line, column, "", f"此处使用了 YAML 标签 {tag}。")
    detail = next((text for english, text in _PROBLEMS.items() if english in problem.detail), "")
    return make("yaml-syntax", name, line, column, "",
                f"第 {line} 行 YAML 语法错误。{detail}",
                "（若上方某行的引号或括号没有配对，错误会在其后的行才被发现，请一并检查。）" if detail else None)
