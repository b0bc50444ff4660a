"""The page ``taskbook serve`` shows while a task book has errors.

A build stops on a book's errors. A preview server must not: MkDocs' live-reload server
holds every request until a build succeeds, so a broken book would leave the browser
waiting with no word of why. While serving, the plugin publishes this page instead of the
site, at the home page and at the broken books' own pages: the diagnostics of
``taskbook validate``, each with its file, line and column and how to fix it. It is
rebuilt on every save like any other page; once the books are right, the site is back.
"""

from __future__ import annotations

from taskbook.checker import Report
from taskbook.site.markup import md

TITLE = "任务书有错误，网站预览暂停"


def page(report: Report) -> str:
    """The Markdown of the page (every contributed text escaped)."""
    lines = [
        f"# {TITLE}", "",
        f"共检查 {report.files} 个文件：{report.errors} 个错误，{report.warnings} 个警告。"
        "请按下列提示改正任务书并保存：预览服务仍在运行，改正后页面会自动刷新为网站。"
        "这些提示与 `taskbook validate` 给出的相同。", "",
    ]
    for failure in report.failures:
        lines.append(f"- {md(failure)}")
    for diagnostic in report.diagnostics:
        level = "错误" if diagnostic.severity == "error" else "警告"
        where = f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}"
        lines.append(f"- **{md(where)}**（{level}，第 {diagnostic.line} 行第 {diagnostic.column} 列）："
                     f"{md(diagnostic.message)} `{diagnostic.code}`")
    return "\n".join(lines) + "\n"


__all__ = ["TITLE", "page"]
