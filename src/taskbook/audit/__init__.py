"""The joint audit of pull requests: parties, kinds, approvals, report, GitHub adapter.

:func:`repository_checks` is what ``taskbook validate`` adds when it runs inside the
repository: the change-record rule against a base revision and the parties file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from taskbook.diagnostics import Diagnostic

if TYPE_CHECKING:
    from taskbook.context import Context


def repository_checks(
    files: Sequence[str], context: Context, base: str | None = None, root: Path | str = ".",
    cities: Mapping[str, str] | None = None,
) -> tuple[int, list[Diagnostic]]:
    """Checks beyond single books, run from the repository's top folder.

    Args:
        files: the task books being validated (as given, relative to ``root``).
        context: the run's schema (to read the base versions).
        base: a git revision; each book that exists there is checked against it.
        root: the repository's top folder.
        cities: path → the city its book names, so that the parties check can say which
            city is missing and compare the names.

    Returns:
        ``(extra files checked, diagnostics)``.

    Raises:
        taskbook.changes.BaseError: ``base`` cannot be read.
    """
    from taskbook.paths import PARTIES_FILE, repo_slug

    found: list[Diagnostic] = []
    extra = 0
    if base is not None:
        from taskbook.changes import check_against_base

        found.extend(check_against_base(files, base, root, context.schema.property_names))
    # The parties file is checked with the repository's own books (cities/<slug>/taskbook.md
    # under root), not when validate is pointed at books elsewhere.
    top = Path(root).resolve()

    def own(name: str) -> bool:
        try:
            return repo_slug(Path(name).resolve().relative_to(top).as_posix()) is not None
        except ValueError:  # outside the repository
            return False

    parties_path = Path(root) / PARTIES_FILE
    from taskbook.lifecycle.programme import PROGRAMME_FILE

    programme_path = Path(root) / PROGRAMME_FILE
    has_parties = parties_path.is_file()
    has_programme = programme_path.is_file()
    if not (has_parties or has_programme):
        return extra, found
    # Resolving every path costs a few system calls each: only when there is a file to check.
    books = [(name, (cities or {}).get(name)) for name in files if own(name)]
    if not books:
        return extra, found
    if has_parties:
        from taskbook.audit.parties import check_parties

        extra += 1
        found.extend(check_parties(parties_path, books))
    if has_programme:
        # Lifecycle: the office's programme file (due dates of the quarterly reports).
        from taskbook.lifecycle.programme import read as read_programme

        extra += 1
        found.extend(read_programme(programme_path, context.records.programme)[1])
    return extra, found
    # Resolving every path costs a few system calls each: only when there is a file to check.
    from taskbook.audit.parties import check_parties

    books = [(name, (cities or {}).get(name)) for name in files if own(name)]
    if books:
        extra = 1
        found.extend(check_parties(parties_path, books))
    # Lifecycle: the office's programme file (due dates of the quarterly reports).
    from taskbook.lifecycle.programme import PROGRAMME_FILE
    from taskbook.lifecycle.programme import read as read_programme

    programme_path = Path(root) / PROGRAMME_FILE
    if books and programme_path.is_file():
        extra += 1
        found.extend(read_programme(programme_path, context.records.programme)[1])
    return extra, found
