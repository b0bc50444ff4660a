"""The joint audit of pull requests: parties, kinds, approvals, report, GitHub adapter.

:func:`repository_checks` is what ``taskbook validate`` adds when it runs inside the
repository: the change-record rule against a base revision and the parties file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from taskbook.diagnostics import Diagnostic


def repository_checks(
    files: Sequence[str], base: str | None = None, root: Path | str = "."
) -> tuple[int, list[Diagnostic]]:
    """Checks beyond single books, run from the repository's top folder.

    Args:
        files: the task books being validated (as given, relative to ``root``).
        base: a git revision; each book that exists there is checked against it.
        root: the repository's top folder.

    Returns:
        ``(extra files checked, diagnostics)``.

    Raises:
        taskbook.changes.BaseError: ``base`` cannot be read.
    """
    from taskbook.audit.kinds import book_slug
    from taskbook.audit.parties import PARTIES_FILE, check_parties
    from taskbook.changes import check_against_base

    found: list[Diagnostic] = []
    extra = 0
    if base is not None:
        found.extend(check_against_base(files, base, root))
    # The parties file is checked with the repository's own books (cities/<slug>/taskbook.md
    # under root), not when validate is pointed at books elsewhere.
    books = [(name, None) for name in files if book_slug(Path(name).as_posix()) is not None]
    parties_path = Path(root) / PARTIES_FILE
    if books and parties_path.is_file():
        extra = 1
        found.extend(check_parties(parties_path, books))
    return extra, found
