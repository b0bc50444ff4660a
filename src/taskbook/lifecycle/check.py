"""Load a city's records and check them, each alone and against its task book.

The validator calls :func:`check_city` for every book it checks, with the book already
loaded: the records beside it (``reports/*.md``, ``acceptance/*.md``) are read once and
judged against it in the same worker, so no book is read twice. Each rule is a function
that yields located diagnostics and never prints, raises or exits; the cross rules look
only at records the schema accepted.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskbook import body, contract
from taskbook.book import build
from taskbook.codes import make
from taskbook.context import Context
from taskbook.diagnostics import Diagnostic
from taskbook.form import fold
from taskbook.form.records import RECORD_FORMS, RecordForm
from taskbook.lifecycle import items
from taskbook.lifecycle.paths import name_of, record_files
from taskbook.lifecycle.records import Application, CityRecords, ExecutionReport, Result
from taskbook.loader import Book, parse, read
from taskbook.paths import BOOK_NAME, slug_of
from taskbook.rules import get

SOURCES = (("central", "中央预算资金"), ("local", "地方政府配套资金"), ("other", "其他资金"))
"""The funding sources of 填写说明 2, as the report's statistics name them."""
_TYPED = {"report": ExecutionReport, "application": Application, "result": Result}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class CityCheck:
    """What checking one city's records found.

    Attributes:
        files: how many record files were read.
        records: the typed records without errors (when asked to keep them).
    """

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    records: CityRecords | None = None


def month_end(month: str) -> datetime.date:
    """The last day of ``YYYY-MM``."""
    year, number = (int(part) for part in month.split("-"))
    return datetime.date(year, number, calendar.monthrange(year, number)[1])


def quarter_end(period: str) -> datetime.date:
    """The last day of a period of 四 (``2021-05/2021-07`` → 2021-07-31)."""
    return month_end(period.rsplit("/", 1)[-1])


def _date(value: Any) -> datetime.date | None:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


class _Kinds:
    """A context per record kind: the run's context with that kind's schema."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.made: dict[str, Context] = {}

    def __call__(self, kind: str) -> Context:
        if kind not in self.made:
            base = self.context
            made = Context(base.records.of(kind), base.form, base.reader, base.today,
                           base.schema_folder)
            made.__dict__["records"] = base.records  # read once a run, not once a kind
            self.made[kind] = made
        return self.made[kind]


@dataclass
class _Loaded:
    """One record file that loaded, with what its name says and whether it is clean."""

    book: Book
    form: RecordForm
    number: int
    clean: bool


def check_city(book: Book, context: Context, keep: bool = False,
               files: Sequence[str] | None = None) -> CityCheck:
    """Read and check every record beside ``book``.

    Args:
        book: the city's task book, loaded (its own diagnostics are not repeated).
        context: the run's context (the records' schemas, the check's date).
        keep: return the typed records that have no errors.
        files: the record files (default: :func:`~taskbook.lifecycle.paths.record_files`).
    """
    if Path(book.path).name != BOOK_NAME:
        return CityCheck()
    if files is None:
        files = record_files(book.path)
    return check_records(book, [(path, None) for path in files], context, keep)


def check_records(book: Book, sources: Sequence[tuple[str, bytes | None]], context: Context,
                  keep: bool = False) -> CityCheck:
    """Check records given by name and content (None: read from disk) against ``book``.

    The joint audit passes what it read at a pull request's head commit; the validator
    the files beside the book.
    """
    result = CityCheck()
    if not sources:
        if keep:
            result.records = CityRecords(slug_of(book.path) or "")
        return result
    kinds = _Kinds(context)
    loaded: list[_Loaded] = []
    for name, raw in sources:
        result.files += 1
        result.diagnostics += list(_load(name, kinds, loaded, raw))
    by_kind: dict[str, list[_Loaded]] = {kind: [] for kind in RECORD_FORMS}
    for item in sorted(loaded, key=lambda item: item.number):
        by_kind[item.form.kind].append(item)
    cross = list(check_signed(book, loaded))
    cross += check_reports(book, by_kind["report"], context)
    cross += check_applications(book, by_kind["application"], context)
    cross += check_sequence(by_kind["application"], by_kind["result"])
    result.diagnostics += cross
    if keep:
        failed = {d.file for d in result.diagnostics if d.severity == "error"}
        typed: dict[str, list[Any]] = {kind: [] for kind in RECORD_FORMS}
        for kind, members in by_kind.items():
            typed[kind] = [build(_TYPED[kind], {**m.book.data, "path": m.book.path,
                                                "body": m.book.body, "front": m.book.data})
                           for m in members if m.book.path not in failed]
        result.records = CityRecords(slug_of(book.path) or "", tuple(typed["report"]),
                                     tuple(typed["application"]), tuple(typed["result"]))
    return result


def _load(name: str, kinds: _Kinds, loaded: list[_Loaded], raw: bytes | None = None
          ) -> Iterator[Diagnostic]:
    """Read one record file and check it alone; remember it in ``loaded`` when it loads."""
    record_name = name_of(name)
    if not record_name.kind:
        yield make("record-location", name, 1, 1, "", f"{name} 不是规定的报告或验收文件名。")
        return
    form = RECORD_FORMS[record_name.kind]
    context = kinds(record_name.kind)
    keys = context.schema.property_names
    read_back = read(name, keys) if raw is None else parse(raw, name, keys)
    if read_back.book is None:
        yield from read_back.diagnostics
        return
    record = read_back.book
    # The reference validator reports an unmet ``then`` (reason and remedy of an item not
    # done) once for each way it reaches it: say each thing once.
    found = list(dict.fromkeys(contract.check_contract(record, context)))
    found += check_number(record, form, record_name.number)
    found += body.check_fields(record, context)
    found += check_narrative(record, form, context)
    yield from found
    loaded.append(_Loaded(record, form, record_name.number,
                          not any(d.severity == "error" for d in found)))


def _at(record: Book, code: str, pointer: str, message: str, hint: str | None = None) -> Diagnostic:
    line, column = record.locate(pointer)
    return make(code, record.path, line, column, pointer, message, hint)


def check_number(record: Book, form: RecordForm, number: int) -> Iterator[Diagnostic]:
    """The quarter (or round) in the front matter is the file name's."""
    key = "quarter" if form.kind == "report" else "round"
    written = get(record.data, key, kind=int)
    if written is not None and written != number:
        label = "季度" if key == "quarter" else "申请轮次"
        yield _at(record, "record-number", f"/{key}",
                  f"「{label}」为 {written}，而文件名 {Path(record.path).name} 表示 {number}。")


def check_narrative(record: Book, form: RecordForm, context: Context) -> Iterator[Diagnostic]:
    """The body has the form's ``##`` headings; no prompt left in; no unsafe markup.

    The body is read as a book's is, once, by the site's own Markdown
    (:mod:`taskbook.bodytext`).
    """
    reading = context.reader.read(record.body, record.body_line)
    if reading.too_complex is not None:
        yield body._too_complex(record, reading)
        yield from body._placeholders(record, reading)
        return
    written = [heading for heading in reading.headings if heading.level == 2]
    end_line = record.body_line + max(record.body.rstrip("\n").count("\n"), 0)
    for part in form.narrative:
        wanted = fold(part.title)
        if not any(wanted in fold(heading.text) for heading in written):
            yield make("body-heading-missing", record.path, end_line, 1, part.title,
                       f"正文缺少二级标题“## {part.title}”。",
                       f"{form.name}的正文须依次包含标题"
                       + "、".join(f"“## {p.title}”" for p in form.narrative) + "。")
    yield from body._placeholders(record, reading)
    for item in reading.unsafe:
        yield make(item.code, record.path, item.line, item.column, reading.heading_path(item.line),
                   body._MESSAGES[item.code].format(where="正文", excerpt=item.excerpt))


def check_signed(book: Book, loaded: Sequence[_Loaded]) -> Iterator[Diagnostic]:
    """No report or application before the book is signed (its ``signing`` record)."""
    signed = _date(get(book.data, "signing", "date", kind=str))
    for item in loaded:
        if item.form.kind == "result" or not item.clean:
            continue
        record = item.book
        if get(book.data, "signing", kind=dict) is None:
            yield _at(record, "record-unsigned", "/date",
                      f"任务书 {book.path} 还没有签章记录（六、签章），不能报送{item.form.name}。")
            continue
        date = _date(record.data.get("date"))
        if signed is not None and date is not None and date < signed:
            yield _at(record, "record-unsigned", "/date",
                      f"{item.form.name}的日期 {date} 早于任务书的签订日期 {signed}。")


def check_reports(book: Book, reports: Sequence[_Loaded], context: Context) -> Iterator[Diagnostic]:
    """Each report against the book's quarter, its funds, and the reports before it."""
    quarters = get(book.data, "quarters", kind=list) or []
    funding = sum(get(item, "amount", kind=(int, float)) or 0
                  for item in get(book.data, "funding", kind=list) or [])
    previous: Book | None = None
    for item in reports:
        if not item.clean:
            continue
        record = item.book
        number = item.number
        quarter = quarters[number - 1] if number <= len(quarters) else None
        if isinstance(quarter, dict):
            yield from _timing(record, number, quarter, context)
            for key, label in (("plan", "工作组季度计划及季度目标"), ("indicators", "季度考核指标")):
                yield from _items(record, key, label, number, quarter.get(key))
        yield from _funds(record, funding)
        if previous is not None:
            yield from _cumulative(previous, record)
        previous = record


def _timing(record: Book, number: int, quarter: dict[str, Any], context: Context
            ) -> Iterator[Diagnostic]:
    period = quarter.get("period")
    if not isinstance(period, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}/[0-9]{4}-[0-9]{2}", period):
        return
    end = quarter_end(period)
    if context.date <= end:
        yield _at(record, "report-early", "/quarter",
                  f"第 {number} 季度（{period}）到 {end} 才结束，截至 {context.date} 还不能报送该季度的执行情况报告。")
    else:
        date = _date(record.data.get("date"))
        if date is not None and date <= end:
            yield _at(record, "report-early", "/date",
                      f"「报送日期」{date} 不晚于第 {number} 季度的最后一天 {end}。")


def _items(record: Book, key: str, label: str, number: int, text: Any) -> Iterator[Diagnostic]:
    if not isinstance(text, str):
        return
    expected = items.split(text)
    written = [get(entry, "item", kind=str) or "" for entry in record.data.get(key) or []]
    got = items.joined(written)
    if got == expected:
        return
    title = "季度计划完成情况" if key == "plan" else "季度考核指标完成情况"
    index = next((i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b), None)
    if index is None:
        yield _at(record, "report-items", f"/{key}",
                  f"「{title}」有 {len(got)} 项，任务书第 {number} 季度的「{label}」有 {len(expected)} 项："
                  + "；".join(expected).rstrip("。") + "。")
        return
    where = min(index, len(written) - 1)
    yield _at(record, "report-items", f"/{key}/{where}/item",
              f"「{title}」第 {index + 1} 项“{got[index]}”与任务书第 {number} 季度「{label}」的第 "
              f"{index + 1} 项“{expected[index]}”不一致。")


def _funds(record: Book, funding: float) -> Iterator[Diagnostic]:
    funds = get(record.data, "statistics", "funds", kind=dict) or {}
    for key, label in SOURCES:
        received = get(funds, key, "received", kind=(int, float))
        spent = get(funds, key, "spent", kind=(int, float))
        if received is not None and spent is not None and spent > received:
            yield _at(record, "report-funds-spent", f"/statistics/funds/{key}/spent",
                      f"「{label}」累计支出 {_n(spent)} 万元，多于累计到位 {_n(received)} 万元。")
    local = get(funds, "local", "received", kind=(int, float))
    if local is not None and local > funding:
        yield _at(record, "report-funds-local", "/statistics/funds/local/received",
                  f"「地方政府配套资金」累计到位 {_n(local)} 万元，多于任务书“八、经费证明”合计的 {_n(funding)} 万元。")


def _cumulative(previous: Book, record: Book) -> Iterator[Diagnostic]:
    before = previous.data.get("quarter")
    checks = [("/statistics/person_months", "累计投入人月", "人月")]
    checks += [(f"/statistics/funds/{key}/{what}", f"{label}{name}", "万元")
               for key, label in SOURCES for what, name in (("received", "累计到位"), ("spent", "累计支出"))]
    for pointer, label, unit in checks:
        keys = pointer.split("/")[1:]
        old = get(previous.data, *keys, kind=(int, float))
        new = get(record.data, *keys, kind=(int, float))
        if old is not None and new is not None and new < old:
            yield _at(record, "report-cumulative", pointer,
                      f"「{label}」为 {_n(new)} {unit}，比第 {before} 季度报告的 {_n(old)} {unit} 少。")


def _n(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def check_applications(book: Book, applications: Sequence[_Loaded], context: Context
                       ) -> Iterator[Diagnostic]:
    """An application comes after the work ends and lists 二 item by item as the book does."""
    end = get(book.data, "task", "end", kind=str)
    outcomes: dict[str, list[str]] | None = None
    for item in applications:
        if not item.clean:
            continue
        record = item.book
        date = _date(record.data.get("date"))
        if end and re.fullmatch(r"[0-9]{4}-[0-9]{2}", end) and date is not None \
                and date <= month_end(end):
            yield _at(record, "acceptance-early", "/date",
                      f"「申请日期」{date} 不晚于工作完成时间 {end} 的最后一天 {month_end(end)}。")
        if outcomes is None:
            outcomes = items.outcomes(book.body, context.reader, context.form)
        wanted = {"results": outcomes[items.RESULTS],
                  "indicators": [i for part in items.INDICATORS for i in outcomes[part]]}
        labels = {"results": ("预期成果完成情况", items.RESULTS),
                  "indicators": ("考核指标完成情况", "、".join(items.INDICATORS))}
        for key, expected in wanted.items():
            written = [items.squash(get(e, "item", kind=str) or "") for e in record.data.get(key) or []]
            if written == expected:
                continue
            title, part = labels[key]
            index = next((i for i, (a, b) in enumerate(zip(written, expected, strict=False)) if a != b),
                         None)
            if index is None:
                yield _at(record, "acceptance-items", f"/{key}",
                          f"「{title}」有 {len(written)} 项，任务书的{part}有 {len(expected)} 项。")
            else:
                yield _at(record, "acceptance-items", f"/{key}/{index}/item",
                          f"「{title}」第 {index + 1} 项“{written[index]}”与任务书{part}的第 {index + 1} 项"
                          f"“{expected[index]}”不一致。")


def check_sequence(applications: Sequence[_Loaded], results: Sequence[_Loaded]
                   ) -> Iterator[Diagnostic]:
    """Results follow their application; a new round follows a failed or disputed one."""
    by_round = {item.number: item.book for item in applications}
    conclusions = {item.number: item.book.data.get("conclusion") for item in results}
    for item in applications:
        number = item.number
        if number > 1 and conclusions.get(number - 1) not in ("不通过", "需要复议"):
            yield _at(item.book, "acceptance-sequence", "/round",
                      f"第 {number} 次验收申请之前，第 {number - 1} 次申请没有“不通过”或“需要复议”的验收结论。")
    for item in results:
        application = by_round.get(item.number)
        if application is None:
            yield _at(item.book, "acceptance-sequence", "/round",
                      f"没有第 {item.number} 次验收申请（acceptance/application-{item.number}.md），不能有其验收结论。")
            continue
        made, given = _date(application.data.get("date")), _date(item.book.data.get("date"))
        if made is not None and given is not None and given < made:
            yield _at(item.book, "acceptance-sequence", "/date",
                      f"「验收日期」{given} 早于第 {item.number} 次验收申请的日期 {made}。")
