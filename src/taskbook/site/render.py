"""The page renderer: books and a profile in, ``{path: Markdown or bytes}`` out.

A pure function of its arguments (the git history and the downloads are passed in), so
the same pages can be checked in tests, timed in the benchmark, or written to a folder for
another engine that reads ``mkdocs.yml``.

Pages come in families, each a module with a ``pages(site) -> {path: content}`` function
(see :data:`taskbook.site.model.Family`). A new family (the online form, quarterly
reports, ...) is a module of its own and one line in :data:`FAMILIES`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources

from taskbook.book import TaskBook
from taskbook.context import Context
from taskbook.site import api, city, home, indexes, reference, reports
from taskbook.site.home import OVERVIEW_MARKER
from taskbook.site.lifecycle import Lifecycle
from taskbook.site.model import PROFILES, Download, Family, Pages, Profile, Site, entries

ASSETS = ("taskbook.css", "sortable.js", "filter.js")
"""Our stylesheet and scripts, served by the site itself (never from an outside host)."""
INTERNAL_ASSETS = ("internal.css",)
"""Served and linked by the internal profile only (its banner, on screen and on paper)."""
ASSET_DIR = "assets/taskbook"
INTERNAL_BANNER = "内部版本，含个人信息，请勿外传"
NOT_IN_NAV = ("cities/", "provinces/", "status/", "reports/")
"""Folders of generated pages that the indexes link and the navigation leaves out."""

__all__ = ["ASSETS", "ASSET_DIR", "FAMILIES", "INTERNAL_ASSETS", "INTERNAL_BANNER", "NOT_IN_NAV",
           "OVERVIEW_MARKER", "render"]


def assets(site: Site) -> Pages:
    """The page family of our stylesheet and scripts."""
    folder = resources.files("taskbook.site").joinpath("assets")
    names = ASSETS + (INTERNAL_ASSETS if site.profile == "internal" else ())
    return {f"{ASSET_DIR}/{name}": folder.joinpath(name).read_bytes() for name in names}


FAMILIES: tuple[Family, ...] = (
    home.pages,
    indexes.pages,
    city.pages,
    reports.pages,
    reference.pages,
    api.pages,
    assets,
)
"""Every page family of the site, in the order their pages are added."""


def render(
    books: Sequence[TaskBook],
    context: Context,
    profile: Profile = "public",
    *,
    home: str | None = None,
    approved: Mapping[str, str] | None = None,
    downloads: Mapping[str, Sequence[Download]] | None = None,
    lifecycle: Lifecycle | None = None,
    families: Sequence[Family] = FAMILIES,
) -> dict[str, str | bytes]:
    """Render every generated file of the site.

    Args:
        books: validated books (``validate(..., keep_books=True).books``).
        context: the run's schema, form and reader.
        profile: ``public`` leaves out every field the schema marks private; ``internal``
            keeps them.
        home: the hand-written home page; the overview replaces its ``OVERVIEW_MARKER`` line
            (or is appended). Without it no ``index.md`` is rendered.
        approved: slug → the day the book landed on main (see :mod:`history`).
        downloads: slug → files offered on the city page (the exporter fills this in).
        lifecycle: the cities' reports and acceptance records, the programme and the date
            (the execution pages; without it, none).
        families: the page families to render (all of them by default).

    Returns:
        Site path (``cities/xian.md``, ``api/cities.json``, ...) → Markdown text or bytes.

    Raises:
        ValueError: an unknown profile, or two families claiming the same path.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    lifecycle = lifecycle or Lifecycle()
    items = entries(books, profile, context, approved or {}, downloads or {}, lifecycle.records)
    site = Site(lifecycle.annotate(items), context, profile, home, lifecycle)
    pages: dict[str, str | bytes] = {}
    for family in families:
        made = family(site)
        clash = pages.keys() & made.keys()
        if clash:
            raise ValueError(f"pages rendered twice: {', '.join(sorted(clash))}")
        pages.update(made)
    return pages
