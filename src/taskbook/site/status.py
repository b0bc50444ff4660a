"""The status of a task book, derived from its records and never typed in.

The site is built from main, and on main means approved (DESIGN.md), so every book starts
as 已审核（待签章）; a ``signing`` record makes it 已签章. Later states (execution reports,
acceptance) will be derived from their records in the same way, appended to ``STATUSES``.
"""

from __future__ import annotations

from dataclasses import dataclass

from taskbook.book import TaskBook


@dataclass(frozen=True)
class Status:
    """One state of a task book: a stable key for URLs and the label readers see."""

    key: str
    label: str
    description: str


APPROVED = Status("approved", "已审核（待签章）",
                  "任务书已通过联合审核并合入主分支，尚未补录纸质版签章记录。")
SIGNED = Status("signed", "已签章", "纸质任务书已签字盖章，签章记录（六、签章）已补录。")
STATUSES: tuple[Status, ...] = (APPROVED, SIGNED)
"""Every status, in the order of the workflow."""


def derive(book: TaskBook) -> Status:
    """Return the status of a book on main from its records."""
    return SIGNED if book.signing is not None else APPROVED
