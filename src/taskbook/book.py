"""The typed, frozen task book that consumers receive after validation.

Validation works on the loaded YAML (which may be wrong in any way); once a book is valid
it becomes a :class:`TaskBook`: frozen dataclasses with named attributes, so the site, the
exporter, the audit and the reports read ``book.leader.name`` rather than walking a dict
with string keys. The attribute names are the schema's keys, and the values are built by
one generic converter from the dataclasses' own annotations, so a key means the same here
as in the schema.

Renderers driven by the form model read a cell's value by its JSON pointer with
:meth:`TaskBook.at`; a field added to the schema and the form model is shown without a
change here. In the ``public`` profile every field the schema marks private is ``None``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar, Union, cast

from taskbook.paths import slug_of

T = TypeVar("T")


@dataclass(frozen=True)
class Task:
    """任务."""

    id: str
    name: str
    start: str
    end: str


@dataclass(frozen=True)
class City:
    """城市."""

    name: str
    province: str
    seq: int
    code: str | None = None


@dataclass(frozen=True)
class Contact:
    """牵头单位信息 › 联系人 (phones and e-mail are private)."""

    name: str
    department: str
    position: str
    phone: str | None = None
    fax: str | None = None
    mobile: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class LeadUnit:
    """牵头单位信息."""

    name: str
    address: str
    postcode: str
    contact: Contact


@dataclass(frozen=True)
class Participant:
    """工作组参与单位."""

    name: str
    leader: str


@dataclass(frozen=True)
class Leader:
    """工作组负责人 (birth, ID number, phone and e-mail are private)."""

    name: str
    degree: str
    sex: str
    title: str
    specialty: str
    unit: str
    birth: str | None = None
    id_number: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class ByTitle:
    """参加人数 › 按职称."""

    senior: int
    intermediate: int
    junior: int
    other: int


@dataclass(frozen=True)
class ByDegree:
    """参加人数 › 按学位."""

    doctor: int
    master: int
    bachelor: int
    other: int


@dataclass(frozen=True)
class Staff:
    """参加人数."""

    total: int
    by_title: ByTitle
    by_degree: ByDegree


@dataclass(frozen=True)
class Liaison:
    """生态环境厅（局）or 城市生态环境局联系人 (mobile and fax are private)."""

    name: str
    position: str
    mobile: str | None = None
    fax: str | None = None


@dataclass(frozen=True)
class Quarter:
    """四: one quarter's plan and indicators."""

    period: str
    plan: str
    indicators: str


@dataclass(frozen=True)
class Person:
    """五: one researcher (age is private)."""

    name: str
    sex: str
    unit: str
    title: str
    specialty: str
    duty: str
    person_months: float
    age: int | None = None
    role: str | None = None


@dataclass(frozen=True)
class Cooperation:
    """七: one unit's share of the work."""

    unit: str
    duty: str


@dataclass(frozen=True)
class Funding:
    """八: one funder's certificate."""

    funder: str
    amount: float
    source: str


@dataclass(frozen=True)
class Signer:
    """六: one party that signed."""

    party: str
    unit: str
    signer: str


@dataclass(frozen=True)
class Signing:
    """六: the signing record, added after the printed book is signed and sealed."""

    date: str
    signers: tuple[Signer, ...]


@dataclass(frozen=True)
class Change:
    """任务调整记录: one approved change (共同条款 3)."""

    date: str
    summary: str
    reason: str


@dataclass(frozen=True)
class TaskBook:
    """A valid task book.

    Attributes:
        path: the file it was read from, as given (POSIX separators).
        body: the Markdown after the front matter.
        front: the front matter as plain JSON values (read-only by convention; renderers
            reach it through :meth:`at`).
    """

    path: str
    body: str
    front: Mapping[str, Any] = field(repr=False, compare=False)
    schema_version: int
    task: Task
    city: City
    lead_unit: LeadUnit
    participants: tuple[Participant, ...]
    leader: Leader
    staff: Staff
    city_contact: Liaison
    person_months: float
    expected_results: str
    research_summary: str
    indicators: str
    quarters: tuple[Quarter, ...]
    people: tuple[Person, ...]
    cooperation: tuple[Cooperation, ...]
    funding: tuple[Funding, ...]
    province_contact: Liaison | None = None
    signing: Signing | None = None
    changes: tuple[Change, ...] = ()

    @property
    def slug(self) -> str:
        """The city folder's name (``cities/<slug>/taskbook.md``)."""
        return slug_of(self.path) or ""

    @property
    def total_funding(self) -> float:
        """The sum of 八、经费证明 in 万元."""
        return float(sum(item.amount for item in self.funding))

    def at(self, pointer: str) -> Any:
        """The front-matter value at a JSON pointer, or None where there is none."""
        return resolve(self.front, pointer)


def resolve(value: Any, pointer: str) -> Any:
    """Walk ``value`` along an RFC 6901 pointer; None when a step is missing."""
    if not pointer:
        return value
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, Mapping):
            value = value.get(token)
        elif isinstance(value, (list, tuple)) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return None
    return value


def from_front(path: str, front: Mapping[str, Any], body: str) -> TaskBook:
    """Build the typed book from front matter that the schema has accepted.

    Keys the dataclasses do not name (a field newer than this module) stay reachable
    through :meth:`TaskBook.at`.
    """
    return _build(TaskBook, {**front, "path": path, "body": body, "front": front})


def build(cls: type[T], data: Mapping[str, Any]) -> T:
    """Construct frozen dataclass ``cls`` from schema-valid data by its annotations.

    The same converter as the book's, for values that live beside it (the records of
    :mod:`taskbook.lifecycle`).
    """
    return _build(cls, data)


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(cls: type[T], data: Mapping[str, Any]) -> T:
    """Construct dataclass ``cls`` from ``data``, converting nested values by annotation."""
    hints = _hints(cast(Any, cls))
    values: dict[str, Any] = {}
    for item in dataclasses.fields(cls):  # type: ignore[arg-type]
        if item.name not in data:
            continue  # the dataclass default applies (absent optional or private field)
        values[item.name] = _convert(hints[item.name], data[item.name])
    return cls(**values)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_convert(item, element) for element in value)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value)  # type: ignore[arg-type]
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value
