"""The documents a work group files after signing, in the vocabulary of the form model.

No official template exists for them, so they are laid out like the task book: a title
naming the city (and the quarter or round), a table of facts, then numbered sections. The
quarterly execution report (共同条款 2 and 4), the acceptance application (共同条款 5 and
6) and the acceptance result are each a :class:`RecordForm`; the site, the exporter and
``taskbook new-report`` read them, as the Word import and the browser form can.

Fields are bound to the record's front matter by JSON pointers; a pointer under ``/book``
reads the task book the record belongs to (``/book/task/id``), and ``/book/period`` the
quarter's period from 四. Every label is the title of the field in the record's schema
(``tests/form/test_form_records.py`` holds them together).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from taskbook.form.model import Cell, Column, Field, InfoTable, Label, Note, Part, Table
from taskbook.form.official import TABLE_WIDTH

Kind = Literal["report", "application", "result"]
BOOK = "/book"
"""Pointers below this read the task book, not the record."""


@dataclass(frozen=True)
class Text:
    """A section that is one text field of the front matter (下季度工作计划)."""

    field: Field


@dataclass(frozen=True)
class Narrative:
    """A section written in the record's Markdown body, one ``##`` heading a part."""

    parts: tuple[Part, ...]


RecordContent = Table | InfoTable | Narrative | Text


@dataclass(frozen=True)
class RecordSection:
    """A numbered section of a record (一、…)."""

    number: str
    title: str
    content: RecordContent
    notes: tuple[Note, ...] = ()

    @property
    def heading(self) -> str:
        """``一、季度计划完成情况``."""
        return f"{self.number}、{self.title}"


@dataclass(frozen=True)
class RecordForm:
    """One kind of record: where it lives, its title, its facts and its sections.

    Attributes:
        kind: ``report``, ``application`` or ``result``.
        name: what the record is called in messages (季度执行情况报告).
        schema: the file name of its schema in ``schema/``.
        title: the document's title; ``{city}``, ``{number}`` (the quarter or round).
        info: the table of facts under the title.
        sections: the numbered sections, in order.
    """

    kind: Kind
    name: str
    schema: str
    title: str
    info: InfoTable
    sections: tuple[RecordSection, ...]

    def title_for(self, city: str, number: int) -> str:
        """The title of one city's record."""
        return self.title.format(city=city, number=number)

    @property
    def narrative(self) -> tuple[Part, ...]:
        """The ``##`` headings the Markdown body must have, in order."""
        return tuple(part for section in self.sections if isinstance(section.content, Narrative)
                     for part in section.content.parts)


def _label(text: str, width: float) -> Cell:
    return Cell(Label(text), width)


def _value(pointer: str, width: float, **options: object) -> Cell:
    return Cell(Field(pointer, **options), width)  # type: ignore[arg-type]


_L = 84.0
_HALF = (TABLE_WIDTH - 2 * _L) / 2  # 130


def _progress(pointer: str, item: str) -> Table:
    return Table(pointer, (
        Column(Label("序号"), Field("", "index"), 32),
        Column(Label(item), Field("item"), 150),
        Column(Label("完成情况"), Field("progress"), 56),
        Column(Label("未完成原因"), Field("reason"), 95),
        Column(Label("补救措施"), Field("remedy"), 95),
    ))


def _funds(key: str, label: str) -> tuple[Cell, ...]:
    base = f"/statistics/funds/{key}"
    return (_label(label, 148), _value(f"{base}/received", 140, format="amount"),
            _value(f"{base}/spent", 140, format="amount"))


REPORT = RecordForm(
    kind="report",
    name="季度执行情况报告",
    schema="report.schema.json",
    title="{city}细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究第 {number} 季度执行情况报告",
    info=InfoTable("基本信息", TABLE_WIDTH, (
        (_label("任务名称", _L), _value(f"{BOOK}/task/name", TABLE_WIDTH - _L)),
        (_label("任务编号", _L), _value(f"{BOOK}/task/id", _HALF), _label("季度", _L),
         _value(f"{BOOK}/period", _HALF, format="period")),
        (_label("填报人", _L), _value("/reporter/name", _HALF), _label("报送日期", _L),
         _value("/date", _HALF)),
        (_label("联系电话", _L), _value("/reporter/phone", _HALF), _label("电子信箱", _L),
         _value("/reporter/email", _HALF)),
    )),
    sections=(
        RecordSection("一", "季度计划完成情况", _progress("/plan", "计划事项")),
        RecordSection("二", "季度考核指标完成情况", _progress("/indicators", "考核指标")),
        RecordSection("三", "共享的数据、平台和成果", Table("/deliverables", (
            Column(Label("序号"), Field("", "index"), 32),
            Column(Label("名称"), Field("name"), 170),
            Column(Label("类别"), Field("kind"), 56),
            Column(Label("存放位置"), Field("location"), 170),
        ))),
        RecordSection("四", "统计报表", InfoTable("统计报表", TABLE_WIDTH, (
            (_label("驻点人数", _L), _value("/statistics/on_site", _HALF, unit="人"),
             _label("累计投入人月", _L), _value("/statistics/person_months", _HALF, unit="人月")),
            (_label("报送专报", _L), _value("/statistics/reports", _HALF, unit="期"),
             _label("报送简报", _L), _value("/statistics/briefs", _HALF, unit="期")),
            (_label("经费来源", 148), _label("累计到位（万元）", 140), _label("累计支出（万元）", 140)),
            _funds("central", "中央预算资金"),
            _funds("local", "地方政府配套资金"),
            _funds("other", "其他资金"),
        ))),
        RecordSection("五", "工作进展", Narrative((
            Part("主要进展"),
            Part("存在的问题和建议"),
            Part("支撑地方工作情况", notes=(Note(
                "（共同条款 5：丙方应与丁方保持密切联系，支撑服务丁方工作需求。）", "instruction"),)),
        ))),
        RecordSection("六", "下季度工作计划", Text(Field("/next_plan"))),
    ),
)
"""季度执行情况报告 (共同条款 2, 4): ``cities/<slug>/reports/<quarter>.md``."""

APPLICATION = RecordForm(
    kind="application",
    name="验收申请",
    schema="application.schema.json",
    title="{city}细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究验收申请（第 {number} 次）",
    info=InfoTable("基本信息", TABLE_WIDTH, (
        (_label("任务名称", _L), _value(f"{BOOK}/task/name", TABLE_WIDTH - _L)),
        (_label("任务编号", _L), _value(f"{BOOK}/task/id", _HALF), _label("申请日期", _L),
         _value("/date", _HALF)),
        (_label("联系人", _L), _value("/applicant/name", _HALF), _label("联系电话", _L),
         _value("/applicant/phone", _HALF)),
        (_label("电子信箱", _L), _value("/applicant/email", TABLE_WIDTH - _L)),
    )),
    sections=(
        RecordSection("一", "预期成果完成情况", Table("/results", (
            Column(Label("序号"), Field("", "index"), 32),
            Column(Label("预期成果"), Field("item"), 198),
            Column(Label("完成情况及证明材料"), Field("evidence"), 198),
        ))),
        RecordSection("二", "考核指标完成情况", Table("/indicators", (
            Column(Label("序号"), Field("", "index"), 32),
            Column(Label("考核指标"), Field("item"), 198),
            Column(Label("完成情况及证明材料"), Field("evidence"), 198),
        ))),
        RecordSection("三", "工作总结", Narrative((Part("总体完成情况"), Part("成果应用情况")))),
    ),
)
"""验收申请 (共同条款 5, 6): ``cities/<slug>/acceptance/application-<round>.md``."""

RESULT = RecordForm(
    kind="result",
    name="验收结论",
    schema="result.schema.json",
    title="{city}细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究验收结论（第 {number} 次）",
    info=InfoTable("验收结论", TABLE_WIDTH, (
        (_label("任务编号", _L), _value(f"{BOOK}/task/id", _HALF), _label("验收日期", _L),
         _value("/date", _HALF)),
        (_label("验收结论", _L), _value("/conclusion", TABLE_WIDTH - _L)),
        (_label("验收意见", _L), _value("/remarks", TABLE_WIDTH - _L)),
    )),
    sections=(),
)
"""验收结论: ``cities/<slug>/acceptance/result-<round>.md``, written by the office."""

RECORD_FORMS: dict[str, RecordForm] = {form.kind: form for form in (REPORT, APPLICATION, RESULT)}
PROGRESS = ("完成", "部分完成", "未完成")
"""完成情况 of a plan item or indicator, in the order the site counts them."""
CONCLUSIONS = ("通过", "不通过", "需要复议")
"""验收结论."""
