"""The status of a task book, derived from its records and never typed in.

The site is built from main, and on main means approved (DESIGN.md), so every book starts
as 已审核（待签章）; a ``signing`` record makes it 已签章. After signing the city's records
decide (:func:`taskbook.lifecycle.progress.stage`): the first report makes it 执行中, an
application 已申请验收, and the office's result 已验收, 验收未通过 or 待复议.
"""

from __future__ import annotations

from dataclasses import dataclass

from taskbook.book import TaskBook
from taskbook.lifecycle import progress
from taskbook.lifecycle.records import CityRecords


@dataclass(frozen=True)
class Status:
    """One state of a task book: a stable key for URLs and the label readers see."""

    key: str
    label: str
    description: str


APPROVED = Status("approved", "已审核（待签章）",
                  "任务书已通过联合审核并合入主分支，尚未补录纸质版签章记录。")
SIGNED = Status("signed", "已签章", "纸质任务书已签字盖章，签章记录（六、签章）已补录。")
# --- Lifecycle (issue 12): after signing, from the city's reports and acceptance records.
EXECUTING = Status(progress.EXECUTING, "执行中", "已报送第一份季度执行情况报告，驻点跟踪研究正在执行。")
APPLIED = Status(progress.APPLIED, "已申请验收", "工作组已提交验收申请（经城市同意），等待攻关项目管理办公室组织验收。")
ACCEPTED = Status(progress.ACCEPTED, "已验收", "攻关项目管理办公室的验收结论为“通过”。")
REJECTED = Status(progress.REJECTED, "验收未通过", "验收结论为“不通过”；工作组改进后可再次申请验收。")
REVIEW = Status(progress.REVIEW, "待复议", "验收结论为“需要复议”；工作组补充材料后可再次申请验收。")
STATUSES: tuple[Status, ...] = (APPROVED, SIGNED, EXECUTING, APPLIED, ACCEPTED, REJECTED, REVIEW)
"""Every status, in the order of the workflow."""


def derive(book: TaskBook, records: CityRecords | None = None) -> Status:
    """Return the status of a book on main from its records (and the city's reports and
    acceptance records, when given)."""
    if book.signing is None:
        return APPROVED
    found = progress.stage(records)
    return next((s for s in STATUSES if s.key == found), SIGNED)
