"""The form's own rules, beyond what JSON Schema can say.

Each rule is ``check_<what>(book) -> Iterator[Diagnostic]``: it reads the book, never
prints, raises or exits, and looks only at values of the right type (the schema reports
the wrong ones), so every rule can run on every book that loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from taskbook import body, contract, paths
from taskbook.codes import make
from taskbook.context import Context
from taskbook.diagnostics import Diagnostic
from taskbook.loader import Book, describe
from taskbook.schema import split

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def get(data: Any, *keys: str | int, kind: type | tuple[type, ...] = object) -> Any:
    """Return ``data[k1][k2]...`` when every step exists and the end is of ``kind``."""
    for key in keys:
        if isinstance(key, int):
            if not isinstance(data, list) or key >= len(data):
                return None
            data = data[key]
        elif isinstance(data, dict) and key in data:
            data = data[key]
        else:
            return None
    if kind is int:
        # JSON Schema calls 31.0 an integer, so the rules must read it as 31 too.
        if isinstance(data, bool):
            return None
        if isinstance(data, float) and data.is_integer():
            return int(data)
    return data if isinstance(data, kind) else None


def _at(book: Book, code: str, pointer: str, message: str, hint: str | None = None) -> Diagnostic:
    line, column = book.locate(pointer)
    return make(code, book.path, line, column, pointer, message, hint)


def check_location(book: Book, context: Context) -> Iterator[Diagnostic]:
    """The file is ``cities/<slug>/taskbook.md`` with a lowercase pinyin slug.

    Inside a ``cities`` folder a wrong place is an error: the site, the audit and the
    cross-file checks rely on it. A draft checked outside any ``cities`` folder gets a
    warning only, so that it can be validated before it is moved into the repository.
    """
    slug = paths.slug_of(book.path)
    if slug is not None and paths.is_valid_slug(slug):
        return
    if paths.CITIES in PurePosixPath(book.path).parts[:-1]:
        yield make("file-location", book.path, 1, 1, "", f"文件路径 {book.path} 不符合要求。")
    else:
        yield make("file-outside-cities", book.path, 1, 1, "", f"{book.path} 不在 cities 文件夹中。")


def check_characters(book: Book, context: Context) -> Iterator[Diagnostic]:
    """No control character written by escapes in a quoted value (``"\\e"``, ``"\\v"``).

    The file's own characters are checked as it is loaded; escapes write characters the
    file does not hold, which would break the .docx (its XML cannot hold them) as surely.
    """
    for pointer, char, key in book.document.controls:
        line, column = book.locate(pointer, key=key)
        yield make("file-control-character", book.path, line, column, pointer,
                   f"「{context.schema.label_path(pointer)}」中有控制字符 {describe(char)}"
                   "（由双引号中的反斜杠转义写成）。",
                   "请删除这个转义写法：双引号中的反斜杠 \\ 开始一个转义，\\e、\\v、\\0 等会写入看不见的控制字符；要写反斜杠本身请写成 \\\\。")


def check_staff(book: Book, context: Context) -> Iterator[Diagnostic]:
    """Each breakdown of the staff (by title, by degree) sums to the total."""
    total = get(book.data, "staff", "total", kind=int)
    if total is None:
        return
    for key, label in (("by_title", "按职称"), ("by_degree", "按学位")):
        parts = get(book.data, "staff", key, kind=dict)
        if parts is None or not all(get(parts, k, kind=int) is not None for k in parts):
            continue
        counted = sum(parts.values())
        if counted != total:
            yield _at(book, "staff-sum", f"/staff/{key}",
                      f"参加人数{label}合计 {counted} 人，与总人数 {total} 人不符。")


def check_summary(book: Book, context: Context) -> Iterator[Diagnostic]:
    """研究内容 has at most 300 characters, white space not counted."""
    text = get(book.data, "research_summary", kind=str)
    if text is None:
        return
    limit = context.form.rules.summary_limit
    count = len(re.sub(r"\s+", "", text))
    if count > limit:
        yield _at(book, "summary-too-long", "/research_summary",
                  f"「研究内容」有 {count} 字（不计空白），超过 {limit} 字。")


def check_quarters(book: Book, context: Context) -> Iterator[Diagnostic]:
    """Exactly the eight quarters of the campaign, in order."""
    items = get(book.data, "quarters", kind=list)
    if items is None:
        return
    periods = context.form.rules.periods
    title = context.schema.title("/quarters")
    written = [get(item, "period", kind=str) for item in items]
    if len(items) != len(periods):
        yield _at(book, "quarters-periods", "/quarters",
                  f"「{title}」有 {len(items)} 个季度，应为 {len(periods)} 个。")
    for index, (period, expected) in enumerate(zip(written, periods, strict=False)):
        if period is not None and period != expected:
            yield _at(book, "quarters-periods", f"/quarters/{index}/period",
                      f"第 {index + 1} 个季度应为 {expected}，现为 {period}。")


def check_task(book: Book, context: Context) -> Iterator[Diagnostic]:
    """任务编号 ends with the city's sequence number; 任务名称 is the city plus the title."""
    rules = context.form.rules
    task_id = get(book.data, "task", "id", kind=str)
    seq = get(book.data, "city", "seq", kind=int)
    if task_id and seq is not None and re.fullmatch(re.escape(rules.task_id) + r"[0-9]{2}", task_id):
        expected = f"{rules.task_id}{seq:02d}"
        if task_id != expected:
            yield _at(book, "task-id-seq", "/task/id",
                      f"「任务编号」为 {task_id}，按城市序号 {seq} 应为 {expected}。")
    name = get(book.data, "task", "name", kind=str)
    city = get(book.data, "city", "name", kind=str)
    if name and city and name != rules.task_name.format(city=city):
        yield _at(book, "task-name", "/task/name",
                  f"「任务名称」应为“{rules.task_name.format(city=city)}”，现为“{name}”。")


def check_roles(book: Book, context: Context) -> Iterator[Diagnostic]:
    """Exactly one A, who is the work group leader; at most one B."""
    people = get(book.data, "people", kind=list)
    if not people:
        return
    roles = [(i, get(p, "role", kind=str), get(p, "name", kind=str)) for i, p in enumerate(people)]
    a_roles = [(i, name) for i, role, name in roles if role == "A"]
    leader = get(book.data, "leader", "name", kind=str)
    title = context.schema.title("/people")
    if not a_roles:
        yield _at(book, "people-role-a", "/people",
                  f"「{title}」中没有 A 角。",
                  f"请在工作组负责人{f'（{leader}）' if leader else ''}一项加上 role: A。")
    for i, name in a_roles[1:]:
        yield _at(book, "people-role-a", f"/people/{i}/role",
                  f"「{title}」中有 {len(a_roles)} 位 A 角，第 {i + 1} 项（{name}）是多出的。")
    if a_roles and leader and a_roles[0][1] and a_roles[0][1] != leader:
        i, name = a_roles[0]
        yield _at(book, "people-role-a", f"/people/{i}/name",
                  f"A 角“{name}”与工作组负责人“{leader}”不是同一人。")
    b_roles = [i for i, role, _ in roles if role == "B"]
    for i in b_roles[1:]:
        yield _at(book, "people-role-b", f"/people/{i}/role",
                  f"「{title}」中有 {len(b_roles)} 位 B 角，第 {i + 1} 项是多出的。")


def check_cooperation(book: Book, context: Context) -> Iterator[Diagnostic]:
    """Each cooperation unit is the lead unit or a participant."""
    title = context.schema.title("/cooperation")
    items = get(book.data, "cooperation", kind=list) or []
    units = {get(book.data, "lead_unit", "name", kind=str)}
    units.update(get(p, "name", kind=str) for p in get(book.data, "participants", kind=list) or [])
    units.discard(None)
    for index, item in enumerate(items):
        unit = get(item, "unit", kind=str)
        if unit and unit not in units:
            yield _at(book, "cooperation-unit", f"/cooperation/{index}/unit",
                      f"「{title}」第 {index + 1} 项的单位“{unit}”既不是牵头单位，也不在工作组参与单位中。")


def check_funders(book: Book, context: Context) -> Iterator[Diagnostic]:
    """Each funder is a local government or an environment bureau."""
    kinds = context.form.rules.funders
    title = context.schema.title("/funding")
    for index, item in enumerate(get(book.data, "funding", kind=list) or []):
        funder = get(item, "funder", kind=str)
        if funder and not funder.endswith(kinds):
            yield _at(book, "funder-kind", f"/funding/{index}/funder",
                      f"「{title}」第 {index + 1} 项的出资单位“{funder}”不是{'或'.join(kinds)}。")


def id_check_character(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def check_id_number(book: Book, context: Context) -> Iterator[Diagnostic]:
    """The leader's ID number has a valid check character and agrees with birth and sex."""
    number = get(book.data, "leader", "id_number", kind=str)
    if number is None or not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        return
    pointer = "/leader/id_number"
    if id_check_character(number[:17]) != number[17]:
        yield _at(book, "id-number-checksum", pointer, "「工作组负责人 › 身份证号码」校验位不对。")
        return
    birth = get(book.data, "leader", "birth", kind=str)
    if birth and re.fullmatch(r"[0-9]{4}-[0-9]{2}", birth) and number[6:12] != birth.replace("-", ""):
        yield _at(book, "id-number-mismatch", pointer,
                  f"身份证号码中的出生年月 {number[6:10]}-{number[10:12]} 与「出生年月」{birth} 不符。")
    sex = get(book.data, "leader", "sex", kind=str)
    coded = "男" if int(number[16]) % 2 else "女"
    if sex in ("男", "女") and sex != coded:
        yield _at(book, "id-number-mismatch", pointer,
                  f"身份证号码第 17 位表示性别为{coded}，与「性别」{sex} 不符。")


BOOK_RULES: tuple[Callable[[Book, Context], Iterator[Diagnostic]], ...] = (
    check_location,
    check_characters,
    contract.check_contract,
    check_staff,
    check_summary,
    check_quarters,
    check_task,
    check_roles,
    check_cooperation,
    check_funders,
    check_id_number,
    body.check_fields,
    body.check_body,
)


def check_book(book: Book, context: Context) -> Iterator[Diagnostic]:
    """Run every rule on one book."""
    for rule in BOOK_RULES:
        yield from rule(book, context)


class IndexEntry(NamedTuple):
    """What the cross-file rules need of one book, with where each value stands."""

    path: str
    slug: str | None
    city: tuple[str, int, int] | None
    seq: tuple[int, int, int] | None
    task_id: tuple[str, int, int] | None


def index_entry(book: Book) -> IndexEntry:
    """Extract a book's cross-file keys (small, so a run keeps them all)."""

    def located(pointer: str, kind: type) -> tuple[Any, int, int] | None:
        value = get(book.data, *split(pointer), kind=kind)
        return None if value is None else (value, *book.locate(pointer))

    # A slug means something only for a book in cities/<slug>/taskbook.md.
    return IndexEntry(book.path, paths.slug_of(book.path), located("/city/name", str),
                      located("/city/seq", int), located("/task/id", str))


def check_index(entries: list[IndexEntry]) -> Iterator[Diagnostic]:
    """City names, sequence numbers, task ids and slugs are unique across books.

    A value used by several books is reported on each of them, naming the others, so that
    whichever book a work group opens tells it where the clash is.
    """
    fields = (
        ("city", "duplicate-city", "/city/name", "城市“{}”"),
        ("seq", "duplicate-seq", "/city/seq", "城市序号 {} "),
        ("task_id", "duplicate-task-id", "/task/id", "任务编号 {} "),
    )
    for attribute, code, pointer, what in fields:
        groups: dict[Any, list[IndexEntry]] = {}
        for entry in entries:
            found = getattr(entry, attribute)
            if found is not None:
                groups.setdefault(found[0], []).append(entry)
        for value, group in groups.items():
            for entry in group if len(group) > 1 else ():
                _, line, column = getattr(entry, attribute)
                yield make(code, entry.path, line, column, pointer,
                           f"{what.format(value)}也用在{_others(entry, group)}中。")
    slugs: dict[str, list[IndexEntry]] = {}
    for entry in entries:
        if entry.slug is not None:
            slugs.setdefault(entry.slug, []).append(entry)
    for slug, group in slugs.items():
        for entry in group if len(group) > 1 else ():
            yield make("duplicate-slug", entry.path, 1, 1, "",
                       f"城市文件夹名 {slug} 也用在{_others(entry, group)}中。")


def _others(entry: IndexEntry, group: list[IndexEntry], shown: int = 5) -> str:
    """The other books of a clash, the first few by name: " a、b 等 7 份任务书"."""
    others = [other.path for other in group if other is not entry]
    listed = "、".join(others[:shown])
    return f" {listed} " if len(others) <= shown else f" {listed} 等 {len(others)} 份任务书"
