"""Output formats of ``taskbook validate``: one reporter a format, each a pure function."""

from __future__ import annotations

import json
from collections.abc import Callable

from taskbook.checker import Report


def text(report: Report) -> str:
    """``file:line:column: severity: message [code]`` lines and a Chinese summary line."""
    lines = [
        f"{d.file}:{d.line}:{d.column}: {d.severity}: {d.message} [{d.code}]"
        for d in report.diagnostics
    ]
    if not report.files and not report.diagnostics:
        lines.append("没有找到任务书文件：请指定 taskbook.md 文件，或含有任务书的文件夹（如 cities）。")
    elif report.errors or report.warnings:
        lines.append(
            f"共检查 {report.files} 个文件：{report.errors} 个错误，{report.warnings} 个警告。"
        )
    else:
        lines.append(f"共检查 {report.files} 个文件，全部通过。")
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    """``{"files", "errors", "warnings", "diagnostics"}`` as documented in DESIGN.md."""
    document = {
        "files": report.files,
        "errors": report.errors,
        "warnings": report.warnings,
        "diagnostics": [d.as_dict() for d in report.diagnostics],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: Report) -> str:
    """GitHub Actions workflow commands, one annotation per diagnostic at its line."""
    lines = []
    for d in report.diagnostics:
        level = "error" if d.severity == "error" else "warning"
        properties = ",".join([
            f"file={_escape_property(d.file)}",
            f"line={d.line}",
            f"col={d.column}",
            f"title={_escape_property(d.code)}",
        ])
        lines.append(f"::{level} {properties}::{_escape_data(d.message)}")
    return "".join(line + "\n" for line in lines)


REPORTERS: dict[str, Callable[[Report], str]] = {"text": text, "json": as_json, "github": github}
