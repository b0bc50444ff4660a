"""Compare a task book with its version on the base branch (共同条款 3: the change record).

A book on the base branch is approved. A pull request that changes its content must append
an entry to ``changes`` (date, summary, reason); entries already there are never edited or
removed; a ``signing`` record, once there, is never removed. Adding only a ``signing``
record is its own kind of pull request and needs no change entry.

:func:`compare` and :func:`check_changes` are pure; :func:`check_against_base` reads the
base version with ``git show REF:path``.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from taskbook.codes import make
from taskbook.diagnostics import Diagnostic
from taskbook.loader import Book, parse

_RECORDS = ("changes", "signing")


@dataclass(frozen=True)
class Delta:
    """How a book differs from its base version.

    Attributes:
        content_changed: anything besides ``changes`` and ``signing`` differs.
        signing_added: the base had no ``signing`` and the book has one.
        signing_removed: the base had ``signing`` and the book has none.
        signing_changed: both have ``signing`` and it differs.
        appended: number of ``changes`` entries added at the end.
        rewritten: index of the first base ``changes`` entry edited or removed, or None.
    """

    content_changed: bool
    signing_added: bool = False
    signing_removed: bool = False
    signing_changed: bool = False
    appended: int = 0
    rewritten: int | None = None

    @property
    def unchanged(self) -> bool:
        """Nothing that matters differs (white space or formatting at most)."""
        return not (self.content_changed or self.signing_added or self.signing_removed
                    or self.signing_changed or self.appended or self.rewritten is not None)

    @property
    def signing_only(self) -> bool:
        """The only difference is a newly added ``signing`` record."""
        return self.signing_added and not (self.content_changed or self.appended
                                           or self.rewritten is not None)


def _content(data: dict[str, Any], body: str) -> tuple[dict[str, Any], str]:
    rest = {key: value for key, value in data.items() if key not in _RECORDS}
    return rest, "\n".join(line.rstrip() for line in body.strip().splitlines())


def compare(base: Book, head: Book) -> Delta:
    """Return how ``head`` differs from ``base`` (pure)."""
    base_changes = base.data.get("changes")
    head_changes = head.data.get("changes")
    base_list = base_changes if isinstance(base_changes, list) else []
    head_list = head_changes if isinstance(head_changes, list) else []
    rewritten = next(
        (i for i, entry in enumerate(base_list) if i >= len(head_list) or head_list[i] != entry),
        None,
    )
    base_signing, head_signing = base.data.get("signing"), head.data.get("signing")
    return Delta(
        content_changed=_content(base.data, base.body) != _content(head.data, head.body),
        signing_added=base_signing is None and head_signing is not None,
        signing_removed=base_signing is not None and head_signing is None,
        signing_changed=None not in (base_signing, head_signing) and base_signing != head_signing,
        appended=max(0, len(head_list) - len(base_list)) if rewritten is None else 0,
        rewritten=rewritten,
    )


def check_changes(base: Book | None, head: Book, ref: str = "基准分支") -> Iterator[Diagnostic]:
    """Yield the change-record problems of ``head`` against its approved ``base`` (pure).

    Args:
        base: the book on the base branch, or None for a new book (nothing to check).
        head: the book as changed.
        ref: how to name the base in messages (a branch or commit).
    """
    if base is None:
        return
    delta = compare(base, head)

    def at(code: str, pointer: str, message: str) -> Diagnostic:
        if head.document.find(pointer) is not None:
            line, column = head.locate(pointer, key=pointer.count("/") == 1)
        else:  # absent: point at the closing ``---``, where a new field goes
            line, column = head.body_line - 1, 1
        return make(code, head.path, line, column, pointer, message)

    if delta.rewritten is not None:
        index = delta.rewritten
        yield at("changes-rewritten", f"/changes/{index}" if index < len(head.data.get("changes") or [])
                 else "/changes",
                 f"「任务调整记录」第 {index + 1} 项与{ref}上的不一致（被修改或删除）。")
    if delta.signing_removed:
        yield at("signing-removed", "/signing", f"{ref}上的「六、签章」记录被删除了。")
    if (delta.content_changed or delta.signing_changed) and not delta.appended \
            and delta.rewritten is None:
        yield at("changes-missing", "/changes",
                 f"任务书已在{ref}上审核通过，本次修改了内容，但没有在「任务调整记录」末尾追加一项。")


class BaseError(Exception):
    """The base revision cannot be read (not a git repository, unknown revision)."""


def _git(args: list[str], cwd: Path | str | None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def read_base(ref: str, path: str, cwd: Path | str | None = None) -> bytes | None:
    """Return the bytes of ``path`` (relative to the repository's top) at ``ref``, or None."""
    done = _git(["show", f"{ref}:{path}"], cwd)
    return done.stdout if done.returncode == 0 else None


def check_against_base(
    files: Iterable[str], ref: str, cwd: Path | str | None = None,
    keys: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """Check every book in ``files`` against its version at git revision ``ref``.

    ``keys`` are the schema's property names (for reading the books).

    Raises:
        BaseError: when ``ref`` is not a commit of the repository around ``cwd``.
    """
    try:
        verified = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
        top = _git(["rev-parse", "--show-toplevel"], cwd)
    except OSError as error:
        raise BaseError(f"无法运行 git（{error}）。请安装 git 后重试。") from error
    if top.returncode != 0:
        raise BaseError("当前目录不在 git 仓库中，无法与基准版本比较。请在任务书仓库中运行，或去掉 --base。")
    if verified.returncode != 0:
        raise BaseError(f"找不到基准版本 {ref}。请先 git fetch 该分支，或写成 origin/main 这样的形式。")
    root = Path(top.stdout.decode().strip())
    here = Path(cwd or ".").resolve()
    # One diff against the working tree names the books that differ from the base, so a
    # run over hundreds of unchanged books costs one git call, not one per book.
    diff = _git(["diff", "--name-only", "--no-renames", "-z", ref, "--"], root)
    changed = set(diff.stdout.decode("utf-8", "replace").split("\0")) if diff.returncode == 0 else None
    found: list[Diagnostic] = []
    for name in files:
        path = (here / name).resolve()
        try:
            relative = path.relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
        if changed is not None and relative not in changed:
            continue
        raw = read_base(ref, relative, root)
        if raw is None:
            continue
        base = parse(raw, name, keys).book
        head = parse(path.read_bytes(), name, keys).book if path.is_file() else None
        if base is None or head is None:
            continue
        found.extend(check_changes(base, head, f"基准版本 {ref} "))
    return found
