"""Each task book's history as readers are told it: in Chinese, from the records.

Three kinds of event, never a commit subject:

- 审核通过: the day the book first appears on main's first-parent history. A pull request
  lands as a merge commit or a squashed one; either way that commit is on the first-parent
  line, its committer date is the day it landed (a squash keeps the author's earlier date
  as author date), and diffed against its first parent it adds the book.
- 调整: each entry of the book's ``changes`` (共同条款 3), its date and summary.
- 签章: the date of the ``signing`` record (六).

Git runs once for the whole ``cities/`` folder (not once a file), which keeps a large
build fast. Without git, or outside a repository, no book has an approval date.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from taskbook import paths
from taskbook.book import TaskBook

_MARK = "\x1e"

APPROVED = "审核通过"
CHANGED = "调整"
SIGNED = "签章"


@dataclass(frozen=True)
class Event:
    """One event of a book's history, as shown on its page and on the home page."""

    date: str
    """``YYYY-MM-DD``."""
    kind: str
    """审核通过, 调整 or 签章."""
    summary: str
    """What happened, in the book's own words where it has them."""
    detail: str = ""
    """A change's reason."""


def parse_log(output: str, root: str) -> dict[str, str]:
    """Parse the log of :func:`read` into slug → the date the book was first added.

    Args:
        output: ``git log --first-parent --diff-filter=A --name-only``, newest first,
            each commit opened by ``\\x1e`` and its committer date (``%cs``).
        root: the books' folder relative to the repository's top (``cities``).
    """
    root = root.strip("/")
    prefix = "" if root in ("", ".") else root + "/"
    found: dict[str, str] = {}
    for record in output.split(_MARK):
        date, _, names = record.partition("\n")
        date = date.strip()
        if not date:
            continue
        for name in names.split("\n"):
            name = name.strip()
            if not name.startswith(prefix):
                continue
            slug = paths.repo_slug(f"{paths.CITIES}/{name[len(prefix):]}")
            if slug is not None:
                found[slug] = date  # oldest last: the first appearance wins
    return found


def read(cities: Path) -> Mapping[str, str]:
    """Return slug → approval date (``YYYY-MM-DD``) of every book under ``cities`` on the
    current branch's first-parent history; empty without git or a repository."""
    cities = cities.resolve()
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=cities, capture_output=True,
            text=True, check=True, timeout=30,
        ).stdout.strip()
        relative = cities.relative_to(Path(top).resolve()).as_posix()
        log = subprocess.run(
            ["git", "log", "--first-parent", "--diff-merges=first-parent", "--diff-filter=A",
             f"--format={_MARK}%cs", "--name-only", "--no-renames", "HEAD", "--", "."],
            cwd=cities, capture_output=True, text=True, encoding="utf-8", errors="replace",
            check=True, timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError, ValueError):
        return {}
    # --name-only prints paths relative to the top, whatever the working folder.
    return parse_log(log, relative)


def events(book: TaskBook, approved: str | None) -> tuple[Event, ...]:
    """The book's history, oldest first: approval, each change, the signing."""
    found: list[Event] = []
    if approved:
        found.append(Event(approved, APPROVED, "任务书通过联合审核，合入主分支并发布"))
    for change in book.changes:
        found.append(Event(change.date, CHANGED, change.summary, change.reason))
    if book.signing is not None:
        found.append(Event(book.signing.date, SIGNED, "纸质任务书签字盖章，补录签章记录"))
    order = {APPROVED: 0, CHANGED: 1, SIGNED: 1}
    return tuple(sorted(found, key=lambda event: (event.date, order[event.kind])))
