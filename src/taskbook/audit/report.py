"""What the audit says: the commit status description and the pull-request comment (pure)."""

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
from taskbook.audit.kinds import KIND_LABELS, Classification
from taskbook.diagnostics import Diagnostic

CONTEXT = "joint-audit"
MARKER = "<!-- taskbook:joint-audit -->"
DESCRIPTION_LIMIT = 140  # GitHub refuses longer status descriptions
SHOWN_DIAGNOSTICS = 30

_STATE_LABELS = {APPROVED: "✅ 已批准", CHANGES_REQUESTED: "❌ 要求修改", "waiting": "⏳ 待审核"}
_HEADLINES = {SUCCESS: "✅ 联合审核通过", PENDING: "⏳ 联合审核进行中", FAILURE: "❌ 联合审核未通过"}


@dataclass(frozen=True)
class Outcome:
    """The status to set and the comment to keep."""

    state: str
    description: str
    comment: str


def overall(verdict: Verdict, diagnostics: Sequence[Diagnostic]) -> str:
    """The commit status: validation errors fail the audit whatever the approvals."""
    if any(d.severity == "error" for d in diagnostics):
        return FAILURE
    return verdict.status


def _clip(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(verdict: Verdict, diagnostics: Sequence[Diagnostic] = ()) -> str:
    """The status description, e.g. ``已批准 3/4，待：陕西省生态环境厅``."""
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


def comment(
    verdict: Verdict,
    classification: Classification,
    diagnostics: Sequence[Diagnostic],
    head_sha: str,
    notes: Sequence[str] = (),
) -> str:
    """The pull-request comment: validation summary, parties table, the commit judged."""
    state = overall(verdict, diagnostics)
    lines = [MARKER, f"## {_HEADLINES[state]}", ""]
    lines.append(f"审核的提交：`{head_sha}`（推送新的提交后，须在新提交上重新批准）。")
    lines.append(f"状态：{escape(describe(verdict, diagnostics))}")
    lines += ["", "### 校验", ""]
    errors = [d for d in diagnostics if d.severity == "error"]
    warnings = [d for d in diagnostics if d.severity != "error"]
    if not diagnostics:
        lines.append("改动的任务书全部通过校验。")
    else:
        lines.append(f"{len(errors)} 个错误，{len(warnings)} 个警告：")
        lines.append("")
        for d in diagnostics[:SHOWN_DIAGNOSTICS]:
            level = "错误" if d.severity == "error" else "警告"
            lines.append(f"- {level} {escape(d.file)}:{d.line}:{d.column} "
                         f"{escape(d.message)} \\[{escape(d.code)}\\]")
        if len(diagnostics) > SHOWN_DIAGNOSTICS:
            lines.append(f"- ……另有 {len(diagnostics) - SHOWN_DIAGNOSTICS} 条，"
                         "请在本地运行 `taskbook validate --base origin/main` 查看。")
    lines += ["", "### 改动", "", "| 文件 | 类型 | 城市 |", "| --- | --- | --- |"]
    for item in classification.items:
        lines.append(f"| {escape(item.path)} | {KIND_LABELS[item.kind]} | "
                     f"{escape(item.city) if item.city else '—'} |")
    if not classification.items:
        lines.append("| — | — | — |")
    lines += ["", "### 审核各方", "", "| 审核方 | 状态 | 审核人 |", "| --- | --- | --- |"]
    for party in verdict.parties:
        label = _STATE_LABELS[party.state]
        if not party.listed:
            label += "（.github/parties.yml 中没有该方，请先由攻关项目管理办公室添加）"
        who = "、".join(f"`{login}`" for login in party.by) or "—"
        lines.append(f"| {escape(party.name)} | {label} | {who} |")
    if not verdict.parties:
        lines.append("| — | 无需审核 | — |")
    lines += [""] + [f"> {escape(note)}" for note in notes] + ([""] if notes else [])
    lines.append("审核各方取自目标分支上的 `.github/parties.yml`；只有各方审核人在最新提交上的"
                 "“Approve”才计入，作者本人的批准不计入。详见审核指南。")
    return "\n".join(lines) + "\n"


def outcome(
    verdict: Verdict,
    classification: Classification,
    diagnostics: Sequence[Diagnostic],
    head_sha: str,
    notes: Sequence[str] = (),
) -> Outcome:
    """Bundle the status state, its description and the comment."""
    return Outcome(
        overall(verdict, diagnostics),
        describe(verdict, diagnostics),
        comment(verdict, classification, diagnostics, head_sha, notes),
    )
