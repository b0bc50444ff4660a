"""What the site needs of the lifecycle, as one value the plugin hands to the renderer."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from taskbook import files
from taskbook.book import TaskBook
from taskbook.context import Context
from taskbook.lifecycle.programme import DEFAULT, Programme
from taskbook.lifecycle.progress import quarters
from taskbook.lifecycle.records import CityRecords
from taskbook.lifecycle.summary import Summary
from taskbook.site import reports
from taskbook.site.model import Entry, Profile


@dataclass(frozen=True)
class Lifecycle:
    """The cities' records, the office's programme, the build's date and the summaries.

    Attributes:
        records: slug → the city's records (as validated; the profile is applied later).
        programme: due dates and whether overdue reports are public.
        today: the date the quarters are judged on (None: no execution pages).
        downloads: (label, site path) of the latest summaries.
    """

    records: Mapping[str, CityRecords] = field(default_factory=dict)
    programme: Programme = DEFAULT
    today: datetime.date | None = None
    downloads: tuple[tuple[str, str], ...] = ()

    def annotate(self, items: Sequence[Entry]) -> list[Entry]:
        """The entries with their quarters' states on :attr:`today`."""
        if self.today is None:
            return list(items)
        today = self.today
        return [replace(e, quarters=tuple(quarters(e.book, e.records, today, self.programme)),
                        overdue_public=self.programme.overdue_public) for e in items]

    def pages(self, items: Sequence[Entry], context: Context, profile: Profile
              ) -> dict[str, str | bytes]:
        """The matrix, each province's view, and every report and application page."""
        if self.today is None:
            return {}
        public = self.programme.overdue_public
        pages: dict[str, str | bytes] = {reports.INDEX: reports.index_page(
            items, profile, public, self.downloads)}
        for province in dict.fromkeys(e.province for e in items):
            pages[reports.province_file(province)] = reports.province_page(
                province, items, profile, public)
        private = {kind: context.records.of(kind).is_private
                   for kind in ("report", "application")}
        pages.update(reports.record_pages(items, profile, private))
        return pages


def summary_files(lifecycle: Lifecycle, books: Sequence[TaskBook], profile: Profile,
                  cache_dir: Path | None = None) -> list[tuple[str, str, bytes]]:
    """The latest summary as the site offers it: ``(label, site path, bytes)``.

    The latest quarter that has ended by the build's date, as .xlsx and .docx. The summary
    holds no personal data; overdue reports are named as such only where the site shows
    them (the internal profile, or a programme that makes them public). Like the books'
    documents they are kept in ``cache_dir`` under a key naming everything they are made of.
    """
    from taskbook.lifecycle.summary import compile_summary, latest_quarter, to_docx, to_xlsx

    if lifecycle.today is None:
        return []
    quarter = latest_quarter(lifecycle.today)
    if quarter is None or not any(book.signing is not None for book in books):
        return []
    made = compile_summary(books, lifecycle.records, quarter, lifecycle.today, lifecycle.programme,
                           show_overdue=profile == "internal" or lifecycle.programme.overdue_public)
    name = f"downloads/summary-{quarter}"
    return [(f"第 {quarter} 季度汇总（Excel）", f"{name}.xlsx", _cached(cache_dir, made, "xlsx", to_xlsx)),
            (f"第 {quarter} 季度汇总（Word）", f"{name}.docx", _cached(cache_dir, made, "docx", to_docx))]


def _cached(cache_dir: Path | None, made: Summary, suffix: str,
            write: Callable[[Summary], bytes]) -> bytes:
    """A summary file from the cache, or written and kept there (a read-only checkout
    still builds; it just does not cache)."""
    if cache_dir is None:
        return write(made)
    from importlib.metadata import version

    from taskbook import __version__
    from taskbook.site.documents import _code_fingerprint

    summary_code = Path(__file__).resolve().parents[1] / "lifecycle" / "summary.py"
    parts = (repr(made), suffix, __version__, version("python-docx"), version("openpyxl"),
             _code_fingerprint(), hashlib.sha256(summary_code.read_bytes()).hexdigest())
    key = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    cached = cache_dir / f"summary-{key}.{suffix}"
    if cached.is_file():
        return cached.read_bytes()
    data = write(made)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        files.write_atomic(cached, data, overwrite=True)
    except OSError:
        pass
    return data
