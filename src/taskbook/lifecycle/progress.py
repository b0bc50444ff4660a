"""Where a city stands after signing, derived from its records and a date (pure).

Never typed in: the first report makes a signed book 执行中, an application 已申请验收,
and the office's result 已验收, 验收未通过 or 待复议 (after which a new application may
follow). Each quarter of a signed book is reported, not ended yet, ended but not yet due,
or overdue, by the programme's due dates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from taskbook.book import TaskBook
from taskbook.lifecycle.check import quarter_end
from taskbook.lifecycle.programme import Programme
from taskbook.lifecycle.records import CityRecords, ExecutionReport

EXECUTING = "executing"
APPLIED = "applied"
ACCEPTED = "accepted"
REJECTED = "rejected"
REVIEW = "review"
_BY_CONCLUSION = {"通过": ACCEPTED, "不通过": REJECTED, "需要复议": REVIEW}


def stage(records: CityRecords | None) -> str | None:
    """The latest stage the records show (``executing`` … ``review``), or None."""
    if records is None:
        return None
    if records.applications:
        last = max(records.applications, key=lambda a: a.round)
        result = records.result(last.round)
        return APPLIED if result is None else _BY_CONCLUSION.get(result.conclusion, APPLIED)
    return EXECUTING if records.reports else None


REPORTED = "reported"
NOT_ENDED = "not-ended"
DUE = "due"
OVERDUE = "overdue"
UNSIGNED = "unsigned"
STATE_LABELS = {
    REPORTED: "已报送",
    NOT_ENDED: "未到期",
    DUE: "待报送",
    OVERDUE: "逾期未报",
    UNSIGNED: "未签章",
}
"""How the site names each state of a quarter."""


@dataclass(frozen=True)
class QuarterState:
    """One quarter of one city on a date.

    Attributes:
        number: 1 to 8.
        period: ``2021-05/2021-07``.
        state: ``reported``, ``not-ended``, ``due``, ``overdue`` or ``unsigned``.
        due: the report's due date.
        report: the report, when filed.
    """

    number: int
    period: str
    state: str
    due: datetime.date
    report: ExecutionReport | None = None

    @property
    def label(self) -> str:
        """The state in Chinese."""
        return STATE_LABELS[self.state]


def quarters(book: TaskBook, records: CityRecords | None, today: datetime.date,
             programme: Programme) -> list[QuarterState]:
    """Every quarter of 四 with its state on ``today``."""
    found = []
    for number, quarter in enumerate(book.quarters, 1):
        end = quarter_end(quarter.period)
        due = programme.due_date(number, end)
        report = records.report(number) if records is not None else None
        if report is not None:
            state = REPORTED
        elif book.signing is None:
            state = UNSIGNED
        elif today <= end:
            state = NOT_ENDED
        elif today <= due:
            state = DUE
        else:
            state = OVERDUE
        found.append(QuarterState(number, quarter.period, state, due, report))
    return found
