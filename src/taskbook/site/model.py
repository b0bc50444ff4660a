"""What the pages are made from: one entry a book, with the profile already applied."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from taskbook import schema
from taskbook.rules import get
from taskbook.site.history import Commit
from taskbook.site.status import Status, derive

Profile = Literal["public", "internal"]
PROFILES: tuple[Profile, ...] = ("public", "internal")


class BookLike(Protocol):
    """What the renderer reads of a book (a :class:`taskbook.loader.Book` will do)."""

    @property
    def slug(self) -> str: ...

    @property
    def data(self) -> dict[str, Any]: ...

    @property
    def body(self) -> str: ...


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
    """One task book as the pages see it: private fields already removed when public."""

    slug: str
    data: dict[str, Any]
    body: str
    status: Status
    commits: tuple[Commit, ...] = ()
    downloads: tuple[Download, ...] = ()

    @property
    def name(self) -> str:
        """The city's name (城市)."""
        return get(self.data, "city", "name", kind=str) or self.slug

    @property
    def province(self) -> str:
        """The province (省份)."""
        return get(self.data, "city", "province", kind=str) or ""

    @property
    def seq(self) -> int:
        """The city's sequence number (城市序号), 0 when absent."""
        return get(self.data, "city", "seq", kind=int) or 0

    @property
    def funding(self) -> float:
        """The total of 八、经费证明 in 万元."""
        return float(sum(get(item, "amount", kind=(int, float)) or 0
                         for item in get(self.data, "funding", kind=list) or []))

    @property
    def updated(self) -> str:
        """The latest date known for the book: commit, change record or signing."""
        dates = [commit.date for commit in self.commits]
        dates += [get(change, "date", kind=str) or "" for change in
                  get(self.data, "changes", kind=list) or []]
        dates.append(get(self.data, "signing", "date", kind=str) or "")
        return max(dates)


def entries(
    books: Sequence[BookLike],
    profile: Profile,
    history: Mapping[str, Sequence[Commit]],
    downloads: Mapping[str, Sequence[Download]],
) -> list[Entry]:
    """Make the entries of ``books`` under ``profile``, ordered by city sequence number."""
    made = []
    for book in books:
        data = book.data if profile == "internal" else schema.public(book.data)
        made.append(Entry(book.slug, data, book.body, derive(book.data),
                          tuple(history.get(book.slug, ())), tuple(downloads.get(book.slug, ()))))
    return sorted(made, key=lambda entry: (entry.seq, entry.slug))


def province_file(province: str) -> str:
    """The page of a province, ``provinces/<name>.md`` (a hash for an unusual name)."""
    import hashlib
    import re

    if re.fullmatch(r"[\w\u4e00-\u9fff]+", province):
        return f"provinces/{province}.md"
    return f"provinces/p-{hashlib.sha1(province.encode()).hexdigest()[:10]}.md"
