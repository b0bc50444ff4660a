"""Where things live in a task-book repository: the one place that knows the layout.

A city's task book is ``cities/<slug>/taskbook.md``; its slug is the folder's name, lower
case pinyin (``xian``, ``shijiazhuang``). Everything that needs a slug from a path, or a
path from a slug, asks here.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

CITIES = "cities"
"""The folder of the books, at the top of the repository."""
BOOK_NAME = "taskbook.md"
"""The file name of a city's task book."""
PARTIES_FILE = ".github/parties.yml"
"""The parties of the joint audit, at the top of the repository."""
SLUG = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
"""A city folder's name: lower-case pinyin letters, digits and inner hyphens."""
_BOOK_PATH = re.compile(rf"(?:.*/)?{CITIES}/([^/]+)/{re.escape(BOOK_NAME)}")


def slug_of(path: str | PurePosixPath) -> str | None:
    """Return ``<slug>`` when ``path`` ends in ``cities/<slug>/taskbook.md``, else None.

    The slug is returned whatever its spelling (a misspelt folder is still the folder of
    that book); :func:`is_valid_slug` says whether the spelling is allowed.
    """
    text = path if isinstance(path, str) and "//" not in path and "/." not in path else None
    match = _BOOK_PATH.fullmatch(text if text is not None else PurePosixPath(path).as_posix())
    return match.group(1) if match else None


def repo_slug(path: str) -> str | None:
    """Like :func:`slug_of`, for a path relative to the repository's top (``cities/…``)."""
    parts = PurePosixPath(path).parts
    if len(parts) == 3 and parts[0] == CITIES and parts[2] == BOOK_NAME:
        return parts[1]
    return None


def is_valid_slug(slug: str) -> bool:
    """Whether ``slug`` is spelt as a city folder must be."""
    return SLUG.fullmatch(slug) is not None


def book_path(slug: str) -> str:
    """The path of a city's task book relative to the repository's top."""
    return f"{CITIES}/{slug}/{BOOK_NAME}"


def folder_name(path: str | PurePosixPath) -> str:
    """The name of the folder holding ``path`` (a draft's slug-to-be, for messages)."""
    return PurePosixPath(path).parent.name
