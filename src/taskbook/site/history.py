"""The git history of each task book: one ``git log`` for all of them.

Running git once for the whole ``cities/`` folder (rather than once a file) keeps a
400-city build fast. Without git, or outside a repository, there is simply no history.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

_SEPARATOR = "\x1f"
_MARK = "\x1e"


@dataclass(frozen=True)
class Commit:
    """One commit that touched a task book."""

    sha: str
    date: str
    """Author date, ``YYYY-MM-DD``."""
    summary: str
    """The commit message's first line."""

    @property
    def short(self) -> str:
        """The abbreviated commit id shown on pages."""
        return self.sha[:8]


def parse_log(output: str, root: str) -> dict[str, list[Commit]]:
    """Parse ``git log --name-only`` output (see :func:`read`) into slug → commits, newest first.

    Args:
        output: the log, each commit opened by ``\\x1e`` and its fields split by ``\\x1f``.
        root: the books' folder relative to the repository's top (``cities``).
    """
    root = root.strip("/")
    prefix = "" if root in ("", ".") else root + "/"
    found: dict[str, list[Commit]] = {}
    for record in output.split(_MARK):
        header, _, names = record.partition("\n")
        fields = header.split(_SEPARATOR)
        if len(fields) != 3:
            continue
        commit = Commit(*fields)
        for name in names.split("\n"):
            name = name.strip()
            if name.startswith(prefix) and name.endswith("/taskbook.md"):
                slug = name[len(prefix):-len("/taskbook.md")]
                if "/" not in slug:
                    found.setdefault(slug, []).append(commit)
    return found


def read(cities: Path) -> Mapping[str, list[Commit]]:
    """Return the history of every book under ``cities``; empty without git or a repository."""
    cities = cities.resolve()
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=cities, capture_output=True,
            text=True, check=True, timeout=30,
        ).stdout.strip()
        relative = cities.relative_to(Path(top).resolve()).as_posix()
        log = subprocess.run(
            ["git", "log", f"--format={_MARK}%H{_SEPARATOR}%as{_SEPARATOR}%s", "--name-only",
             "--no-renames", "--", "."],
            cwd=cities, capture_output=True, text=True, encoding="utf-8", errors="replace",
            check=True, timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError, ValueError):
        return {}
    # --name-only prints paths relative to the top, whatever the working folder.
    return parse_log(log, relative)
