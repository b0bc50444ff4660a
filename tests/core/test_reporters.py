"""The three output formats print exactly what DESIGN.md specifies."""

from __future__ import annotations

import json

from taskbook.checker import Report
from taskbook.diagnostics import Diagnostic
from taskbook.reporters import as_json, github, text

DIAGNOSTIC = Diagnostic(
    "cities/xian/taskbook.md", 17, 13, "/lead_unit/postcode", "error", "value-needs-quotes",
    "「牵头单位信息 › 邮政编码」的值 071000 没有加引号，会被读成整数。请写成 postcode: \"071000\"（加英文双引号）。",
)
WARNING = Diagnostic("cities/a,b/taskbook.md", 3, 1, "", "warning", "x-code", "第一行\n第二行 100%")


def test_text_lines_and_summary():
    """Text: ``file:line:column: severity: message [code]`` then a Chinese count."""
    report = Report(files=2, diagnostics=[DIAGNOSTIC])
    assert text(report) == (
        "cities/xian/taskbook.md:17:13: error: 「牵头单位信息 › 邮政编码」的值 071000 没有加引号，"
        "会被读成整数。请写成 postcode: \"071000\"（加英文双引号）。 [value-needs-quotes]\n"
        "共检查 2 个文件：1 个错误，0 个警告。\n"
    )


def test_text_when_all_pass():
    """Text says every file passed when there is nothing to report."""
    assert text(Report(files=4)) == "共检查 4 个文件，全部通过。\n"


def test_json_document():
    """JSON: files, errors, warnings and every diagnostic's seven fields, Chinese unescaped."""
    report = Report(files=1, diagnostics=[DIAGNOSTIC, WARNING])
    document = json.loads(as_json(report))
    assert document == {
        "files": 1,
        "errors": 1,
        "warnings": 1,
        "diagnostics": [DIAGNOSTIC.as_dict(), WARNING.as_dict()],
    }
    assert "牵头单位信息" in as_json(report)


def test_github_annotations_escape_properties_and_data():
    """GitHub: one workflow command a diagnostic; commas, colons, %, newlines escaped."""
    report = Report(files=1, diagnostics=[DIAGNOSTIC, WARNING])
    assert github(report).splitlines() == [
        "::error file=cities/xian/taskbook.md,line=17,col=13,title=value-needs-quotes::"
        + DIAGNOSTIC.message,
        "::warning file=cities/a%2Cb/taskbook.md,line=3,col=1,title=x-code::第一行%0A第二行 100%25",
    ]


def test_text_when_nothing_was_found():
    """Text says that no book was found, rather than that everything passed."""
    assert text(Report(files=0)) == "没有找到任务书文件：请指定 taskbook.md 文件，或含有任务书的文件夹（如 cities）。\n"
