"""What a pull request is, and which parties must approve it (pure).

Per changed file: a new task book needs its city, its province (none for 北京/天津), the
joint centre and the management office; a change to (or removal of) a book on the base
branch needs the joint centre, its city and the management office, and must append a
``changes`` entry; a book whose only change is a new ``signing`` record needs the
management office; a book renamed into another city's folder needs both cities, both
provinces, the joint centre and the office; anything outside ``cities/<slug>/taskbook.md``
needs the management office. A pull request needs the union.

After signing (issue 12), a city's records are kinds of their own: a quarterly report
(``cities/<slug>/reports/<n>.md``) needs the province and the joint centre, which compiles
them (共同条款 2), and asks the city for review without waiting for it (丁方 receives the
reports, 共同条款 4); an acceptance application needs the city first (its consent,
共同条款 5), then the province, the joint centre and the office; an acceptance result
needs the office and the province and counts only when a member of the office wrote the
pull request. For 北京 and 天津, which have no province party, the office stands in for
the province, as for their books. Removing a record also needs the office.

A book is "on the base" only when a book stood at its base path: a file renamed into
``cities/<slug>/taskbook.md`` from anywhere else, or copied there, is a new book.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from taskbook.audit.parties import CENTRE, OFFICE, Parties, city_key, province_key
from taskbook.changes import compare
from taskbook.form import FORM
from taskbook.lifecycle.paths import repo_record
from taskbook.loader import Book
from taskbook.paths import repo_slug

NEW = "new"
CHANGE = "change"
REMOVAL = "removal"
SIGNING = "signing"
MOVE = "move"
OTHER = "other"
REPORT = "report"
APPLICATION = "application"
RESULT = "result"

KIND_LABELS = {
    REPORT: "季度执行情况报告",
    APPLICATION: "验收申请",
    RESULT: "验收结论",
    NEW: "新增任务书",
    CHANGE: "调整任务书",
    REMOVAL: "删除任务书",
    SIGNING: "补录签章",
    MOVE: "跨城市移动任务书",
    OTHER: "其他文件",
}

book_slug = repo_slug
"""``<slug>`` when a repository path is ``cities/<slug>/taskbook.md``, else None."""


@dataclass(frozen=True)
class ChangedFile:
    """One file of a pull request, as the files endpoint lists it.

    Attributes:
        path: the file's path at the head.
        status: ``added``, ``modified``, ``removed``, ``renamed``, ``copied`` or ``changed``.
        previous: the path at the base for a renamed file (the source of a copied one).
    """

    path: str
    status: str = "modified"
    previous: str | None = None

    @property
    def base_path(self) -> str:
        """Where the file stood on the base branch: a renamed file's previous path.

        A copied file's source stays where it was, so the copy itself is new.
        """
        return self.previous if self.status == "renamed" and self.previous else self.path


@dataclass(frozen=True)
class Item:
    """The kind of one changed file and the parties it needs.

    Attributes:
        city: the city whose folder the file is in (for a removal, was in).
        previous_city: for a book moved across cities, the city it came from.
    """

    path: str
    kind: str
    city: str | None
    parties: tuple[str, ...]
    previous_city: str | None = None
    informed: tuple[str, ...] = ()
    """Parties asked to review who need not approve (a report's city)."""
    first: str | None = None
    """The party whose approval must come before the others' (an application's city)."""
    author: str | None = None
    """The party one of whose members must have opened the pull request (a result's office)."""

    @property
    def is_book(self) -> bool:
        """True for a task book or a city's record (anything but another file)."""
        return self.kind != OTHER


@dataclass(frozen=True)
class Classification:
    """Every changed file's kind and the union of the parties they need."""

    items: tuple[Item, ...]
    required: tuple[str, ...]
    informed: tuple[str, ...] = ()
    first: str | None = None
    authors: tuple[str, ...] = ()
    """Parties each of which must count the pull request's author among its members."""


def _rank(key: str) -> tuple[int, str]:
    order = {"city": 0, "province": 1, CENTRE: 2, OFFICE: 3}
    return order.get(key.split(":", 1)[0], 4), key


def _city_of(slug: str, parties: Parties, books: Sequence[Book | None]) -> tuple[str | None, str | None]:
    """Return (city, province), trusting the base parties file over the book's own words."""
    entry = parties.city_for_slug(slug)
    if entry is not None:
        return entry.name, entry.province
    for book in books:
        if book is not None:
            found = book.data.get("city")
            city: dict[str, object] = found if isinstance(found, dict) else {}
            name, province = city.get("name"), city.get("province")
            return (name if isinstance(name, str) else None,
                    province if isinstance(province, str) else None)
    return None, None


def _city_parties(city: str | None, province: str | None, with_province: bool) -> tuple[str, ...]:
    """The city's party and, when asked and it has one (not 北京/天津), its province's."""
    keys: tuple[str, ...] = (city_key(city),) if city else ()
    if with_province and province and not (city and FORM.variant(city) == "municipal"):
        keys += (province_key(province),)
    return keys


def classify_file(
    changed: ChangedFile,
    parties: Parties,
    base: Book | None,
    head: Book | None,
    on_base: bool | None = None,
) -> Item:
    """Classify one changed file.

    Args:
        base: the book at the base commit (at ``changed.base_path``), None if absent there.
        head: the book at the head commit, None if removed or unreadable.
        on_base: whether a book stands at ``changed.base_path`` on the base (default:
            ``base is not None``); a book that exists there but does not load is still a
            change, never a new book.
    """
    on_base = base is not None if on_base is None else on_base
    record = repo_record(changed.path) or repo_record(changed.base_path)
    if record is not None and record[1].kind:
        return classify_record(changed, record[0], record[1].kind, parties)
    slug = book_slug(changed.path)
    base_slug = book_slug(changed.base_path)
    on_base = on_base and base_slug is not None  # a non-book file was never approved as a book
    if slug is None and base_slug is None:
        return Item(changed.path, OTHER, None, (OFFICE,))
    if slug is None or changed.status == "removed":
        # Removed, or moved out of cities/: the approved book is gone from its city.
        city, province = _city_of(base_slug or slug or "", parties, (base,))
        return Item(changed.path, REMOVAL, city, (*_city_parties(city, province, False), CENTRE, OFFICE))
    city, province = _city_of(slug, parties, (head, base) if base_slug != slug else (base, head))
    if on_base and base_slug is not None and base_slug != slug:
        old_city, old_province = _city_of(base_slug, parties, (base,))
        if old_city != city or old_city is None:
            keys = (*_city_parties(old_city, old_province, True),
                    *_city_parties(city, province, True), CENTRE, OFFICE)
            return Item(changed.path, MOVE, city, tuple(dict.fromkeys(keys)), old_city)
    if not on_base:
        kind = NEW
    elif base is not None and head is not None and compare(base, head).signing_only:
        kind = SIGNING
    else:
        kind = CHANGE
    if kind == NEW:
        keys = (*_city_parties(city, province, True), CENTRE, OFFICE)
    elif kind == SIGNING:
        keys = (OFFICE,)
    else:
        keys = (*_city_parties(city, province, False), CENTRE, OFFICE)
    return Item(changed.path, kind, city, keys)


def classify_record(changed: ChangedFile, slug: str, kind: str, parties: Parties) -> Item:
    """A report or an acceptance record of the city whose folder it is in."""
    city, province = _city_of(slug, parties, ())
    # 北京 and 天津 have no province party: the office stands in for it.
    above = _city_parties(None, province, True) or (OFFICE,)
    city_keys = _city_parties(city, None, False)
    first = author = None
    informed: tuple[str, ...] = ()
    if kind == REPORT:
        keys = (*above, CENTRE)
        informed = city_keys
    elif kind == APPLICATION:
        keys = (*city_keys, *above, CENTRE, OFFICE)
        first = city_keys[0] if city_keys else None
    else:
        keys = (*above, OFFICE)
        author = OFFICE
    if changed.status == "removed" or repo_record(changed.path) is None:
        keys += (OFFICE,)
    return Item(changed.path, kind, city, tuple(dict.fromkeys(keys)), informed=informed,
                first=first, author=author)


def classify(
    files: Sequence[ChangedFile],
    parties: Parties,
    base_books: Mapping[str, Book | None],
    head_books: Mapping[str, Book | None],
) -> Classification:
    """Classify every changed file and collect the parties the pull request needs.

    Args:
        files: the pull request's files.
        parties: the parties file read from the base commit.
        base_books: base path → book at the base commit; a path missing from the mapping
            is not on the base; None means present but not loadable.
        head_books: head path → book at the head commit.
    """
    items = tuple(
        classify_file(f, parties, base_books.get(f.base_path), head_books.get(f.path),
                      f.base_path in base_books)
        for f in files
    )
    required = sorted({key for item in items for key in item.parties}, key=_rank)
    informed = sorted({key for item in items for key in item.informed} - set(required), key=_rank)
    firsts = {item.first for item in items if item.first is not None}
    authors = sorted({item.author for item in items if item.author is not None}, key=_rank)
    # Two applications of two cities in one pull request cannot both come first.
    first = firsts.pop() if len(firsts) == 1 else None
    return Classification(items, tuple(required), tuple(informed), first, tuple(authors))
