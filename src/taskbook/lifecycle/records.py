"""The typed, frozen records of a city after signing, as consumers read them.

Built by :func:`taskbook.book.build` from front matter that the record's schema accepted,
like the task book; in the ``public`` profile every field the schema marks private is
None.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from taskbook.book import resolve


@dataclass(frozen=True)
class Progress:
    """One plan item or indicator of a quarter and how far it got."""

    item: str
    progress: str
    reason: str | None = None
    remedy: str | None = None

    @property
    def done(self) -> bool:
        """完成."""
        return self.progress == "完成"


@dataclass(frozen=True)
class Deliverable:
    """共享的数据、平台和成果: one item and where it is kept."""

    name: str
    kind: str
    location: str


@dataclass(frozen=True)
class Funds:
    """One source's funds to date, 万元."""

    received: float
    spent: float


@dataclass(frozen=True)
class FundsBySource:
    """经费 by the sources of 填写说明 2."""

    central: Funds
    local: Funds
    other: Funds


@dataclass(frozen=True)
class Statistics:
    """统计报表."""

    on_site: int
    person_months: float
    funds: FundsBySource
    reports: int
    briefs: int


@dataclass(frozen=True)
class Contact:
    """填报人 or 联系人 (phone and e-mail are private)."""

    name: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Record:
    """What every record has: where it was read from, its body and its front matter."""

    path: str
    body: str
    front: Mapping[str, Any] = field(repr=False, compare=False)

    def at(self, pointer: str) -> Any:
        """The front-matter value at a JSON pointer, or None."""
        return resolve(self.front, pointer)


@dataclass(frozen=True)
class ExecutionReport(Record):
    """季度执行情况报告 of one quarter."""

    schema_version: int = 1
    quarter: int = 0
    date: str = ""
    reporter: Contact = Contact("")
    plan: tuple[Progress, ...] = ()
    indicators: tuple[Progress, ...] = ()
    deliverables: tuple[Deliverable, ...] = ()
    statistics: Statistics | None = None
    next_plan: str = ""

    @property
    def met(self) -> int:
        """How many of the quarter's indicators are 完成."""
        return sum(item.done for item in self.indicators)

    @property
    def partial(self) -> bool:
        """Whether any plan item or indicator is not 完成."""
        return not all(item.done for item in (*self.plan, *self.indicators))


@dataclass(frozen=True)
class Evidence:
    """One expected result or indicator of 二 and its evidence."""

    item: str
    evidence: str


@dataclass(frozen=True)
class Application(Record):
    """验收申请 (one round)."""

    schema_version: int = 1
    round: int = 0
    date: str = ""
    applicant: Contact = Contact("")
    results: tuple[Evidence, ...] = ()
    indicators: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Result(Record):
    """验收结论 (one round), written by the office."""

    schema_version: int = 1
    round: int = 0
    date: str = ""
    conclusion: str = ""
    remarks: str = ""


@dataclass(frozen=True)
class CityRecords:
    """Every record of one city, each list in order of its number."""

    slug: str
    reports: tuple[ExecutionReport, ...] = ()
    applications: tuple[Application, ...] = ()
    results: tuple[Result, ...] = ()

    def report(self, quarter: int) -> ExecutionReport | None:
        """The report of a quarter (1-based), if filed."""
        return next((r for r in self.reports if r.quarter == quarter), None)

    def result(self, round: int) -> Result | None:
        """The result of an application round, if given."""
        return next((r for r in self.results if r.round == round), None)

    @property
    def empty(self) -> bool:
        """No record at all."""
        return not (self.reports or self.applications or self.results)
