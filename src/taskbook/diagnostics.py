"""The value every check produces: one located problem in one file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem found in a file.

    Attributes:
        file: path as given on the command line (POSIX separators).
        line: 1-based line in the file as written, front matter delimiters counted.
        column: 1-based column.
        pointer: RFC 6901 pointer into the front matter, ``""`` for the whole file,
            or the heading path (``一、目标和任务 › 研究目标``) for body problems.
        severity: ``error`` or ``warning``.
        code: stable kebab-case code from :mod:`taskbook.codes`.
        message: Chinese sentence naming the field, what is wrong and how to fix it.
    """

    file: str
    line: int
    column: int
    pointer: str = field(compare=True)
    severity: Severity = "error"
    code: str = ""
    message: str = ""

    def as_dict(self) -> dict[str, object]:
        """Return the JSON form used by ``--format json``."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }
