"""``taskbook new-report`` and ``new-application``: records pre-filled from their task book.

The book's plan and 考核指标 of the quarter are split into items (:func:`items.split`);
each item gets an empty 完成情况 for the work group to fill in, the next quarter's plan
of the book is the starting point of 下季度工作计划, and the body has the report form's
headings with a prompt under each. Every other value is left empty, which ``taskbook
validate`` reports field by field as 待填写. Comments are the schema's titles and
descriptions, so the file explains itself in the form's words.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from taskbook import files
from taskbook.book import TaskBook
from taskbook.context import Context
from taskbook.form.records import PROGRESS, REPORT
from taskbook.form.values import period as show_period
from taskbook.lifecycle import items
from taskbook.lifecycle.paths import report_path
from taskbook.schema import Schema
from taskbook.skeleton import DROP


class ReportExists(Exception):
    """The report is already there: it is never overwritten."""


def _text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _notes(schema: Schema) -> Callable[[str], str]:
    """A comment for each key: the schema's title, description and format hint."""
    def note(pointer: str) -> str:
        node = schema.subschema(pointer) or {}
        extra = [str(node[k]).rstrip("。") for k in ("description", "x-hint") if node.get(k)]
        return "# " + str(node.get("title", "")) + ("：" + "；".join(extra) + "。" if extra else "")

    return note


def render(book: TaskBook, quarter: int, context: Context) -> str:
    """The text of a new report of ``quarter`` (1–8) for ``book``."""
    note = _notes(context.records.report)

    current = book.quarters[quarter - 1]
    following = book.quarters[quarter] if quarter < len(book.quarters) else None
    title = REPORT.title_for(book.city.name, quarter)
    lines = [
        "---",
        f"# {title}（由 taskbook new-report 生成）",
        f"# 季度：{show_period(current.period)}。每项的 progress（完成情况）填 {'、'.join(PROGRESS)} 之一；",
        "# 部分完成或未完成的，须写明 reason（未完成原因）和 remedy（补救措施）。item 由任务书拆分而来，不要改动。",
        "# 空着的字段都要填写；运行 taskbook validate 可列出尚未填写的字段。",
        note("/schema_version"), "schema_version: 1",
        note("/quarter"), f"quarter: {quarter}",
        note("/date"), "date:",
        note("/reporter"), "reporter:",
        "  # 姓名", "  name:", "  " + note("/reporter/phone"), "  phone:",
        "  " + note("/reporter/email"), "  email:",
    ]
    for key, text in (("plan", current.plan), ("indicators", current.indicators)):
        lines += [note(f"/{key}"), f"{key}:"]
        for item in items.split(text):
            lines += [f"  - item: {_text(item)}", "    progress:",
                      "    # reason:    # 未完成原因（部分完成或未完成时填写）",
                      "    # remedy:    # 补救措施（部分完成或未完成时填写）"]
    lines += [note("/deliverables"), "deliverables: []",
              "# 每项形如：- {name: 名称, kind: 数据/平台/成果, location: 存放位置}",
              note("/statistics"), "statistics:"]
    for key in ("on_site", "person_months"):
        lines += ["  " + note(f"/statistics/{key}"), f"  {key}:"]
    lines += ["  " + note("/statistics/funds"), "  funds:"]
    for key in ("central", "local", "other"):
        lines += ["    " + note(f"/statistics/funds/{key}") + "（万元）",
                  f"    {key}: {{received: , spent: }}"]
    for key in ("reports", "briefs"):
        lines += ["  " + note(f"/statistics/{key}"), f"  {key}:"]
    lines += [note("/next_plan"),
              f"next_plan: {_text(following.plan)}" if following else "next_plan:",
              "---"]
    for part in REPORT.narrative:
        # No parentheses inside the prompt: validate finds a prompt by its outer pair.
        hint = "；".join(n.text.strip("（）").replace("（", "").replace("）", "") for n in part.notes)
        prompt = f"请写明{part.title}" + (f"：{hint.rstrip('。')}" if hint else "")
        lines += ["", f"## {part.title}", "", f"（{prompt}。{DROP}。）"]
    return "\n".join(lines) + "\n"


def write(book: TaskBook, quarter: int, context: Context) -> Path:
    """Write the report beside its book atomically; never overwrite.

    Raises:
        ReportExists: the report is already there.
    """
    target = Path(report_path(str(Path(book.path).parent), quarter))
    refusal = f"{target.as_posix()} 已存在，未作改动。若要重新生成，请先删除或改名该文件。"
    if target.exists() or target.is_symlink():
        raise ReportExists(refusal)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        files.write_atomic(target, render(book, quarter, context).encode("utf-8"))
    except FileExistsError:
        raise ReportExists(refusal) from None
    return target


def render_application(book: TaskBook, round: int, context: Context) -> str:
    """The text of a new acceptance application of ``round`` for ``book``: 二's expected
    results and 考核指标 listed item by item as the book lists them, each with an empty
    evidence to fill in."""
    from taskbook.form.records import APPLICATION

    note = _notes(context.records.application)
    found = items.outcomes(book.body, context.reader, context.form)

    lines = ["---", f"# {APPLICATION.title_for(book.city.name, round)}（由 taskbook new-application 生成）",
             "# item 由任务书“二、预期成果及考核指标”逐项列出，不要改动；请在 evidence 中写明完成情况及证明材料。",
             note("/schema_version"), "schema_version: 1", note("/round"), f"round: {round}",
             note("/date"), "date:", note("/applicant"), "applicant:", "  # 姓名", "  name:",
             "  " + note("/applicant/phone"), "  phone:", "  " + note("/applicant/email"), "  email:",
             note("/results"), "results:"]
    lines += [f"  - item: {_text(item)}\n    evidence:" for item in found[items.RESULTS]]
    lines += [note("/indicators"), "indicators:"]
    lines += [f"  - item: {_text(item)}\n    evidence:" for part in items.INDICATORS for item in found[part]]
    lines.append("---")
    for part in APPLICATION.narrative:
        lines += ["", f"## {part.title}", "", f"（请写明{part.title}。{DROP}。）"]
    return "\n".join(lines) + "\n"


def write_application(book: TaskBook, round: int, context: Context) -> Path:
    """Write ``acceptance/application-<round>.md`` beside its book atomically; never overwrite.

    Raises:
        ReportExists: the application is already there.
    """
    target = Path(book.path).parent / "acceptance" / f"application-{round}.md"
    refusal = f"{target.as_posix()} 已存在，未作改动。若要重新生成，请先删除或改名该文件。"
    if target.exists() or target.is_symlink():
        raise ReportExists(refusal)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        files.write_atomic(target, render_application(book, round, context).encode("utf-8"))
    except FileExistsError:
        raise ReportExists(refusal) from None
    return target
