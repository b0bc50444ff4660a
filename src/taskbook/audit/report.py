"""What the audit says: the commit status description and the pull-request comment (pure).

The comment must stay under GitHub's limit (65,536 characters; a longer body is refused with
422): every list in it is shown up to a fixed number of entries and then summarised, each
contributed value is clipped, and :func:`fit` cuts whatever still exceeds the budget from
the end, where the longest and least urgent lists stand.
Lengths are measured in UTF-16 code units, which is never less than the number of
characters however GitHub counts them, and the budget leaves a margin below the limit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from taskbook.audit.approval import (
    APPROVED,
    CHANGES_REQUESTED,
    FAILURE,
    PENDING,
    SUCCESS,
    Verdict,
)
from taskbook.audit.guards import Refusal
from taskbook.audit.kinds import KIND_LABELS, Classification
from taskbook.diagnostics import Diagnostic

CONTEXT = "joint-audit"
MARKER = "<!-- taskbook:joint-audit -->"
DESCRIPTION_LIMIT = 140  # GitHub refuses longer status descriptions
COMMENT_LIMIT = 65_536  # GitHub refuses a longer comment body
COMMENT_BUDGET = 60_000  # what the audit writes at most, leaving a margin below the limit
SHOWN_DIAGNOSTICS = 30
SHOWN_REFUSALS = 20
SHOWN_FILES = 50
SHOWN_BOOKS = 10
SHOWN_PARTIES = 60
SHOWN_LOGINS = 5
SHOWN_NOTES = 10
CELL_CHARS = 160
LINE_CHARS = 400

_STATE_LABELS = {APPROVED: "✅ 已批准", CHANGES_REQUESTED: "❌ 要求修改", "waiting": "⏳ 待审核"}
_HEADLINES = {SUCCESS: "✅ 联合审核通过", PENDING: "⏳ 联合审核进行中", FAILURE: "❌ 联合审核未通过"}
_CUT = "……评论过长，以下从略。请在本地运行 `taskbook validate --base origin/main` 查看全部问题。"


@dataclass(frozen=True)
class Outcome:
    """The status to set and the comment to keep."""

    state: str
    description: str
    comment: str


def length(text: str) -> int:
    """The length of ``text`` in UTF-16 code units (at least its number of characters)."""
    return len(text.encode("utf-16-le")) // 2


def overall(
    verdict: Verdict, diagnostics: Sequence[Diagnostic], refusals: Sequence[Refusal] = ()
) -> str:
    """The commit status: a refusal or a validation error fails whatever the approvals."""
    if refusals or any(d.severity == "error" for d in diagnostics):
        return FAILURE
    return verdict.status


def _clip(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(
    verdict: Verdict, diagnostics: Sequence[Diagnostic] = (), refusals: Sequence[Refusal] = ()
) -> str:
    """The status description, e.g. ``已批准 3/4，待：陕西省生态环境厅``.

    A refusal leads: it says why the audit fails and what to do.
    """
    if refusals:
        lead = "未通过：" if len(refusals) == 1 else f"未通过（{len(refusals)} 项，见评论）："
        return _clip(lead + refusals[0].message)
    errors = sum(d.severity == "error" for d in diagnostics)
    total = len(verdict.parties)
    parts = []
    if errors:
        parts.append(f"校验未通过：{errors} 个错误")
    if not total:
        parts.append("无需审核")
    else:
        parts.append(f"已批准 {verdict.approved}/{total}")
    if verdict.blocking:
        parts.append("要求修改：" + "、".join(p.name for p in verdict.blocking))
    if verdict.waiting:
        parts.append("待：" + "、".join(p.name for p in verdict.waiting))
    return _clip("，".join(parts))


_UNSAFE = re.compile(r"[\\`*_\[\]<>|#@!~]")


def escape(text: str) -> str:
    """Make contributed text inert in a Markdown table cell (no markup, no mentions)."""
    return _UNSAFE.sub(lambda m: "\\" + m.group(0), " ".join(str(text).split()))


def _cell(text: str) -> str:
    return escape(_clip(" ".join(str(text).split()), CELL_CHARS))


def _more(count: int, what: str) -> str:
    return f"- ……另有 {count} {what}。"


def _refusal_lines(refusals: Sequence[Refusal]) -> list[str]:
    if not refusals:
        return []
    lines = ["", "### 未通过的原因", ""]
    lines += [f"- {escape(_clip(r.message, LINE_CHARS))}" for r in refusals[:SHOWN_REFUSALS]]
    if len(refusals) > SHOWN_REFUSALS:
        lines.append(_more(len(refusals) - SHOWN_REFUSALS, "项"))
    return lines


def _diagnostic_lines(diagnostics: Sequence[Diagnostic]) -> list[str]:
    lines = ["", "### 校验", ""]
    errors = sum(d.severity == "error" for d in diagnostics)
    if not diagnostics:
        return [*lines, "改动的任务书全部通过校验。"]
    lines += [f"{errors} 个错误，{len(diagnostics) - errors} 个警告：", ""]
    for d in diagnostics[:SHOWN_DIAGNOSTICS]:
        level = "错误" if d.severity == "error" else "警告"
        lines.append(_clip(f"- {level} {_cell(d.file)}:{d.line}:{d.column} "
                           f"{escape(d.message)} \\[{escape(d.code)}\\]", LINE_CHARS))
    if len(diagnostics) > SHOWN_DIAGNOSTICS:
        lines.append(f"- ……另有 {len(diagnostics) - SHOWN_DIAGNOSTICS} 条，"
                     "请在本地运行 `taskbook validate --base origin/main` 查看。")
    return lines


def _file_lines(classification: Classification) -> list[str]:
    lines = ["", "### 改动", "", "| 文件 | 类型 | 城市 |", "| --- | --- | --- |"]
    for item in classification.items[:SHOWN_FILES]:
        city = _cell(item.city) if item.city else "—"
        if item.previous_city is not None:
            city = f"{_cell(item.previous_city)} → {city}"
        lines.append(f"| {_cell(item.path)} | {KIND_LABELS[item.kind]} | {city} |")
    if not classification.items:
        lines.append("| — | — | — |")
    hidden = classification.items[SHOWN_FILES:]
    if hidden:
        books = sum(item.is_book for item in hidden)
        lines += ["", f"……另有 {len(hidden)} 个文件（其中任务书 {books} 个）未列出，"
                      "请在“Files changed”（文件改动）中查看。"]
    return lines


def _change_lines(changes: Sequence[tuple[str, Sequence[str]]]) -> list[str]:
    if not changes:
        return []
    lines = ["", "### 任务书内容的改动", "", "个人信息不显示；正文按标题列出改动的部分。"]
    for path, found in changes[:SHOWN_BOOKS]:
        lines += ["", f"**{_cell(path)}**", ""]
        lines += [_clip(line, LINE_CHARS) for line in found]
    if len(changes) > SHOWN_BOOKS:
        lines += ["", f"……另有 {len(changes) - SHOWN_BOOKS} 本任务书有改动，"
                      "请在“Files changed”（文件改动）中查看。"]
    return lines


def _party_lines(verdict: Verdict, judged: bool) -> list[str]:
    lines = ["", "### 审核各方", ""]
    if not judged:
        return [*lines, "因上述原因，本次没有核对各方的批准。"]
    lines += ["| 审核方 | 状态 | 审核人 |", "| --- | --- | --- |"]
    for party in verdict.parties[:SHOWN_PARTIES]:
        label = _STATE_LABELS[party.state]
        if party.early:  # lifecycle: approved before the city consented
            label += "（在城市同意之前的批准不计入，请在城市批准后重新批准）"
        if not party.listed:
            label += "（.github/parties.yml 中没有该方，请先由攻关项目管理办公室添加）"
        who = "、".join(f"`{login}`" for login in party.by[:SHOWN_LOGINS]) or "—"
        if len(party.by) > SHOWN_LOGINS:
            who += f" 等 {len(party.by)} 人"
        lines.append(f"| {_cell(party.name)} | {label} | {who} |")
    if not verdict.parties:
        lines.append("| — | 无需审核 | — |")
    if len(verdict.parties) > SHOWN_PARTIES:
        lines += ["", f"……另有 {len(verdict.parties) - SHOWN_PARTIES} 方未列出。"]
    for party in verdict.informed[:SHOWN_PARTIES]:  # lifecycle: asked, never waited for
        lines.append(f"| {_cell(party.name)} | {_STATE_LABELS[party.state]}（知悉，不影响审核结果） | "
                     + ("、".join(f"`{login}`" for login in party.by[:SHOWN_LOGINS]) or "—") + " |")
    return lines


def fit(text: str, budget: int = COMMENT_BUDGET) -> str:
    """Cut ``text`` at a line boundary so that it stays within ``budget`` (see :func:`length`)."""
    if length(text) <= budget:
        return text
    room = budget - length(_CUT) - 2
    kept: list[str] = []
    used = 0
    for line in text.split("\n"):
        cost = length(line) + 1
        if used + cost > room:
            break
        kept.append(line)
        used += cost
    return "\n".join(kept) + "\n\n" + _CUT + "\n"


def comment(
    verdict: Verdict,
    classification: Classification,
    diagnostics: Sequence[Diagnostic],
    head_sha: str,
    notes: Sequence[str] = (),
    *,
    refusals: Sequence[Refusal] = (),
    changes: Sequence[tuple[str, Sequence[str]]] = (),
    judged: bool = True,
) -> str:
    """The pull-request comment, within :data:`COMMENT_BUDGET`.

    Args:
        refusals: why the audit cannot pass, whatever the approvals.
        changes: ``(path, Markdown lines)`` of each changed book (see :mod:`diff`).
        judged: False when a refusal stopped the audit before it read the files and the
            parties; the comment then claims nothing about them.
    """
    state = overall(verdict, diagnostics, refusals)
    lines = [MARKER, f"## {_HEADLINES[state]}", ""]
    lines.append(f"审核的提交：`{head_sha}`（推送新的提交后，须在新提交上重新批准）。")
    lines.append(f"状态：{escape(describe(verdict, diagnostics, refusals))}")
    # Most important first: if the budget still cuts, it cuts the long lists at the end.
    lines += _refusal_lines(refusals)
    lines += _party_lines(verdict, judged)
    shown = [f"> {escape(_clip(note, LINE_CHARS))}" for note in notes[:SHOWN_NOTES]]
    lines += [""] + shown + ([""] if shown else [])
    lines.append("审核各方取自默认分支上的 `.github/parties.yml`；只有各方审核人在最新提交上的"
                 "“Approve”才计入，拉取请求作者和最新提交作者本人的批准不计入。详见审核指南。")
    if judged:
        lines += _diagnostic_lines(diagnostics)
        lines += _file_lines(classification)
        lines += _change_lines(changes)
    else:
        lines += ["", "### 校验", "", "因上述原因，本次没有校验改动的文件。"]
    return fit("\n".join(lines) + "\n")


def outcome(
    verdict: Verdict,
    classification: Classification,
    diagnostics: Sequence[Diagnostic],
    head_sha: str,
    notes: Sequence[str] = (),
    *,
    refusals: Sequence[Refusal] = (),
    changes: Sequence[tuple[str, Sequence[str]]] = (),
    judged: bool = True,
) -> Outcome:
    """Bundle the status state, its description and the comment (see :func:`comment`)."""
    return Outcome(
        overall(verdict, diagnostics, refusals),
        describe(verdict, diagnostics, refusals),
        comment(verdict, classification, diagnostics, head_sha, notes,
                refusals=refusals, changes=changes, judged=judged),
    )
