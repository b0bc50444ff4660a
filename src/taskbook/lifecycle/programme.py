"""The programme file ``.github/programme.yml``: when reports are due, and who sees what
is overdue.

The management office owns it (like the parties file, it sits under ``.github/``, which
CODEOWNERS gives to the office). It is read with the same strict YAML loader as the books
and validated against ``schema/programme.schema.json``; every problem is a located
diagnostic. Without the file, reports are due 15 days after their quarter and overdue
reports show on the internal site only.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskbook import yamlsafe
from taskbook.codes import make
from taskbook.diagnostics import Diagnostic
from taskbook.schema import Schema

PROGRAMME_FILE = ".github/programme.yml"
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class Programme:
    """The office's schedule of reports.

    Attributes:
        report_due_days: days after its quarter's last day by which a report is due.
        overdue_public: whether the public site shows overdue reports (else internal only).
        due: quarter → its own due date, where the office set one (a holiday).
    """

    report_due_days: int = 15
    overdue_public: bool = False
    due: Mapping[int, datetime.date] = field(default_factory=dict)

    def due_date(self, quarter: int, end: datetime.date) -> datetime.date:
        """When the report of ``quarter``, which ended on ``end``, is due."""
        return self.due.get(quarter) or end + datetime.timedelta(days=self.report_due_days)


DEFAULT = Programme()


def _locate(positions: Mapping[str, yamlsafe.Pos], pointer: str) -> tuple[int, int]:
    probe = pointer
    while probe not in positions and probe:
        probe = probe.rsplit("/", 1)[0]
    pos = positions.get(probe)
    return (pos.line + 1, pos.column + 1) if pos is not None else (1, 1)


def _message(error: Any, schema: Schema, pointer: str) -> str:
    label = f"「{schema.label_path(pointer)}」" if pointer else "文件"
    node = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        return f"{label}缺少字段 {'、'.join(missing)}。"
    if error.validator in ("additionalProperties", "propertyNames"):
        return f"{label}中有未知字段或季度：{error.instance if error.validator == 'propertyNames' else '、'.join(sorted(set(error.instance) - set(node.get('properties', {}))))}。"
    hint = node.get("x-hint") or node.get("description") or ""
    return f"{label}的值“{error.instance}”不符合要求。{hint}"


def parse(raw: bytes, schema: Schema, name: str = PROGRAMME_FILE
          ) -> tuple[Programme | None, list[Diagnostic]]:
    """Load a programme file from its bytes: ``(programme, diagnostics)``."""
    def fail(message: str, line: int = 1, column: int = 1, pointer: str = ""
             ) -> tuple[None, list[Diagnostic]]:
        return None, [make("programme-invalid", name, line, column, pointer, message)]

    if len(raw) > MAX_BYTES:
        return fail(f"文件超过 {MAX_BYTES // 1024} KiB。")
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return fail("文件不是 UTF-8 编码。")
    data, positions, problem = yamlsafe.load(text)
    if problem is not None:
        return fail(f"第 {problem.line + 1} 行无法读取。", problem.line + 1, problem.column + 1)
    if not isinstance(data, dict):
        return fail("文件应为“字段: 值”的形式。")
    if not schema.fast.is_valid(data):
        found = []
        for error in schema.detailed.iter_errors(data):
            pointer = "".join(f"/{yamlsafe.escape(str(t))}" for t in error.absolute_path)
            line, column = _locate(positions, pointer)
            found.append(make("programme-invalid", name, line, column, pointer,
                              _message(error, schema, pointer)))
        return None, sorted(found) or fail("文件不符合报送安排的格式。")[1]
    due = {int(key): datetime.date.fromisoformat(value) for key, value in data.get("due", {}).items()}
    return Programme(data["report_due_days"], data["overdue_public"], due), []


def read(path: Path | str, schema: Schema) -> tuple[Programme, list[Diagnostic]]:
    """The programme at ``path`` (the defaults when it is absent or has errors)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return DEFAULT, []
    except OSError as error:
        name = Path(path).as_posix()
        return DEFAULT, [make("programme-invalid", name, 1, 1, "",
                              f"无法读取文件（{error.strerror or error}）。")]
    programme, found = parse(raw, schema, Path(path).as_posix())
    return programme or DEFAULT, found


