"""What the pages are made from: one entry a book, with the profile already applied."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from taskbook.book import TaskBook, from_front
from taskbook.context import Context
from taskbook.lifecycle.progress import QuarterState
from taskbook.lifecycle.publish import public_records
from taskbook.lifecycle.records import CityRecords
from taskbook.site.history import Commit
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
    commits: tuple[Commit, ...] = ()
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

    @property
    def updated(self) -> str:
        """The latest date known for the book: commit, change record or signing."""
        dates = [commit.date for commit in self.commits]
        dates += [change.date for change in self.book.changes]
        dates.append(self.book.signing.date if self.book.signing else "")
        return max(dates)


def entries(
    books: Sequence[TaskBook],
    profile: Profile,
    context: Context,
    history: Mapping[str, Sequence[Commit]],
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
        made.append(Entry(shown, derive(book, own), tuple(history.get(book.slug, ())),
                          tuple(downloads.get(book.slug, ())), own))
    return sorted(made, key=lambda entry: (entry.seq, entry.slug))


def province_file(province: str) -> str:
    """The page of a province, ``provinces/<name>.md`` (a hash for an unusual name)."""
    if re.fullmatch(r"[\w\u4e00-\u9fff]+", province):
        return f"provinces/{province}.md"
    return f"provinces/p-{hashlib.sha1(province.encode()).hexdigest()[:10]}.md"
