"""What the pages are made from: one entry a book, with the profile already applied."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from taskbook.book import TaskBook, from_front
from taskbook.context import Context
from taskbook.lifecycle.progress import QuarterState
from taskbook.lifecycle.publish import public_records
from taskbook.lifecycle.records import CityRecords
from taskbook.site.history import Event, events

if TYPE_CHECKING:
    from taskbook.site.lifecycle import Lifecycle
from taskbook.site.status import Status, derive

Profile = Literal["public", "internal"]
PROFILES: tuple[Profile, ...] = ("public", "internal")


@dataclass(frozen=True)
class Download:
    """A file offered for download on a city page (the exporter's .docx or PDF).

    Attributes:
        label: the link text, e.g. ``任务书（Word）``.
        path: the file's path in the built site, e.g. ``downloads/xian.docx``.
    """

    label: str
    path: str


@dataclass(frozen=True)
class Entry:
    """One task book as the pages see it: private fields already None when public."""

    book: TaskBook
    status: Status
    approved: str = ""
    """The day the book landed on main (``YYYY-MM-DD``); empty without git."""
    downloads: tuple[Download, ...] = ()
    records: CityRecords | None = None
    """Lifecycle: the city's reports and acceptance records (same profile)."""
    quarters: tuple[QuarterState, ...] = ()
    """Lifecycle: the eight quarters' states on the build's date."""
    overdue_public: bool = False
    """Lifecycle: whether the programme shows overdue reports on the public site."""

    @property
    def slug(self) -> str:
        """The city's folder name, also its page's name."""
        return self.book.slug

    @property
    def name(self) -> str:
        """The city's name (城市)."""
        return self.book.city.name

    @property
    def province(self) -> str:
        """The province (省份)."""
        return self.book.city.province

    @property
    def seq(self) -> int:
        """The city's sequence number (城市序号)."""
        return self.book.city.seq

    @property
    def funding(self) -> float:
        """The total of 八、经费证明 in 万元."""
        return self.book.total_funding

    @cached_property
    def history(self) -> tuple[Event, ...]:
        """The book's history, oldest first (see :mod:`taskbook.site.history`)."""
        return events(self.book, self.approved)

    @property
    def updated(self) -> str:
        """The date of the book's latest event: approval, change or signing."""
        return max((event.date for event in self.history), default="")


def entries(
    books: Sequence[TaskBook],
    profile: Profile,
    context: Context,
    approved: Mapping[str, str],
    downloads: Mapping[str, Sequence[Download]],
    records: Mapping[str, CityRecords] | None = None,
) -> list[Entry]:
    """Make the entries of ``books`` under ``profile``, ordered by city sequence number."""
    made = []
    for book in books:
        shown = book if profile == "internal" else from_front(
            book.path, context.schema.public(book.front), book.body)
        own = (records or {}).get(book.slug)
        if own is not None and profile != "internal":
            own = public_records(own, context)
        made.append(Entry(shown, derive(book, own), approved.get(book.slug, ""),
                          tuple(downloads.get(book.slug, ())), own))
    return sorted(made, key=lambda entry: (entry.seq, entry.slug))


@dataclass(frozen=True)
class Site:
    """Everything a page family renders from: the entries under one profile, and more.

    Attributes:
        items: one entry a book, ordered by city sequence number.
        context: the run's schema, form and reader.
        profile: ``public`` or ``internal``.
        home: the hand-written home page, or None (then no ``index.md`` is rendered).
        lifecycle: the cities' reports and acceptance records, the programme and the
            build's date (None: no execution pages).
    """

    items: Sequence[Entry]
    context: Context
    profile: Profile
    home: str | None = None
    lifecycle: Lifecycle | None = None

    @cached_property
    def provinces(self) -> list[str]:
        """Provinces in the order of their first city's sequence number."""
        return list(dict.fromkeys(entry.province for entry in self.items))

    def in_province(self, province: str) -> list[Entry]:
        """The entries of one province."""
        return [entry for entry in self.items if entry.province == province]


Pages = dict[str, str | bytes]
Family = Callable[[Site], Pages]
"""A page family: a function from the site to its files (path → Markdown or bytes)."""


def province_file(province: str) -> str:
    """The page of a province, ``provinces/<name>.md`` (a hash for an unusual name)."""
    if re.fullmatch(r"[\w\u4e00-\u9fff]+", province):
        return f"provinces/{province}.md"
    return f"provinces/p-{hashlib.sha1(province.encode()).hexdigest()[:10]}.md"
