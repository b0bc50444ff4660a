"""Whether a pull request can be judged at all (pure).

The approval logic answers "who approved what"; these checks answer "is there anything the
audit cannot read or must not judge". Each returns :class:`Refusal` values, and any refusal
fails the joint audit whatever the approvals: the audit fails closed. A refusal's message is
Chinese, says what is wrong and what to do, and is short enough to lead the commit status
description (140 characters).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

CITIES = "cities"
REGULAR_MODES = frozenset({"100644", "100755"})
LISTED_FILES_MAX = 3000  # the pull request files endpoint lists at most this many
_KINDS = {"120000": "符号链接", "160000": "子模块（submodule）", "040000": "文件夹",
          "symlink": "符号链接", "submodule": "子模块（submodule）", "dir": "文件夹"}
_PATH_CHARS = 48


@dataclass(frozen=True)
class Refusal:
    """One reason the audit refuses to pass a pull request.

    Attributes:
        message: Chinese: what is wrong and what to do.
        file: the file concerned, if any.
    """

    message: str
    file: str | None = None


def short(path: str, limit: int = _PATH_CHARS) -> str:
    """A path cut to its last ``limit`` characters, so a message stays readable."""
    return path if len(path) <= limit else "…" + path[-(limit - 1):]


def under_cities(path: str) -> bool:
    """True for ``cities`` itself and anything below it."""
    return path == CITIES or path.startswith(CITIES + "/")


def check_base_branch(base_ref: str, default_branch: str) -> list[Refusal]:
    """Only pull requests into the default branch are judged.

    The status is set on the head commit, which a pull request into the default branch with
    the same head would share; the parties file of any other branch is not authoritative.
    """
    if base_ref == default_branch:
        return []
    return [Refusal(f"联合审核只审核合并到 {short(default_branch, 30)} 分支的拉取请求，本请求的目标分支是 "
                    f"{short(base_ref, 30)}：请把目标分支改为 {short(default_branch, 30)}。")]


def check_file_count(listed: int, changed: int) -> list[Refusal]:
    """Every changed file must have been listed (GitHub lists at most 3,000)."""
    if listed == changed:
        return []
    return [Refusal(f"拉取请求改动了 {changed} 个文件，GitHub 只列出了 {listed} 个，无法逐一审核："
                    f"请拆分成较小的拉取请求（每个不超过 {LISTED_FILES_MAX} 个文件）。")]


def not_regular(path: str, kind: str) -> Refusal:
    """``path`` is a symlink, submodule or folder where a regular file is due."""
    name = _KINDS.get(kind, f"特殊文件（{kind}）")
    return Refusal(f"{short(path)} 是{name}，不是普通文件，无法审核：请改为普通文本文件后重新推送。", path)


def check_modes(paths: Iterable[str], modes: Mapping[str, str]) -> list[Refusal]:
    """Every changed path under ``cities/`` is a regular file at the head commit.

    Args:
        paths: the head paths of the changed files that still exist at the head.
        modes: path → git file mode at the head commit (``100644``, ``120000`` …).
    """
    found = []
    for path in paths:
        if not under_cities(path):
            continue
        mode = modes.get(path)
        if mode is None:
            found.append(Refusal(f"在最新提交的文件列表中找不到 {short(path)}，无法确认它是普通文件："
                                 "请重新推送后再审核。", path))
        elif mode not in REGULAR_MODES:
            found.append(not_regular(path, mode))
    return found


def tree_truncated() -> Refusal:
    """GitHub returned only part of the head commit's file list."""
    return Refusal("最新提交的文件列表过长，GitHub 只返回了一部分，无法确认改动的文件都是普通文件："
                   "请联系攻关项目管理办公室。")


def _size(limit: int) -> str:
    return f"{limit // 2**20} MiB" if limit % 2**20 == 0 else f"{limit // 1024} KiB"


def too_large(path: str, limit: int) -> Refusal:
    """A changed book (or the parties file) that came without content or over the size cap."""
    return Refusal(f"{short(path)} 超过 {_size(limit)} 或 GitHub 没有返回其内容，无法校验："
                   "请删去大段无关内容（如粘贴的图片数据）后重新推送。", path)


def base_unreadable(path: str) -> Refusal:
    """An approved book on the base branch that cannot be read to compare with."""
    return Refusal(f"目标分支上的 {short(path)} 无法读取，无法与已审核的版本比较："
                   "请联系攻关项目管理办公室。", path)


def city_unknown(path: str) -> Refusal:
    """A book whose city neither the parties file nor the book itself names."""
    return Refusal(f"无法确定 {short(path)} 属于哪个城市：请先在 .github/parties.yml 中登记该文件夹，"
                   "并在任务书中填写城市名称。", path)


def check_head_authors(head_sha: str, logins: Collection[str]) -> list[Refusal]:
    """The head commit's author must be known, or their own approval could count."""
    if logins:
        return []
    return [Refusal(f"无法确定最新提交 {head_sha[:12]} 的 GitHub 作者（提交邮箱没有关联 GitHub 账号），"
                    "无法排除作者本人的批准：请用已关联账号的邮箱重新提交并推送。")]


def parties_missing(branch: str, path: str) -> Refusal:
    """No parties file on the default branch."""
    return Refusal(f"{short(branch, 30)} 分支上没有 {path}，无法确定审核各方："
                   "请攻关项目管理办公室先合并审核各方文件。", path)


def parties_invalid(path: str, line: int, message: str) -> Refusal:
    """The default branch's parties file does not validate."""
    return Refusal(f"目标分支上的 {path} 第 {line} 行有误（{message}）：请攻关项目管理办公室改正。", path)


def unreadable(what: str, status: int | None, message: str) -> Refusal:
    """A read from the API failed: say which, with GitHub's own status and message."""
    cause = f"HTTP {status}：{message}" if status is not None else message
    return Refusal(f"无法从 GitHub 读取{what}（{cause[:60]}）：请稍后重新运行联合审核；"
                   "多次失败请联系攻关项目管理办公室。")


def _matches(pattern: Sequence[str], tokens: Sequence[str]) -> bool:
    """``pattern`` (``*`` for any array index) is a prefix of ``tokens``."""
    return len(pattern) <= len(tokens) and all(
        want == got or (want == "*" and got.isdigit()) for want, got in zip(pattern, tokens, strict=False))


def is_private(tokens: Sequence[str], private: Iterable[Sequence[str]]) -> bool:
    """True when the field at ``tokens`` is, or lies inside, a field marked ``x-private``."""
    return any(_matches(pattern, tokens) for pattern in private)


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {})


def private_values(data: Any, private: Iterable[Sequence[str]]) -> list[tuple[str, ...]]:
    """The paths of every filled value of ``data`` at a field marked private.

    Args:
        data: a book's front matter as plain data.
        private: paths of the private fields, ``*`` standing for any array index.
    """
    found: list[tuple[str, ...]] = []

    def walk(node: Any, pattern: tuple[str, ...], at: tuple[str, ...]) -> None:
        if not pattern:
            if _filled(node):
                found.append(at)
            return
        head, rest = pattern[0], pattern[1:]
        if head == "*" and isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, rest, (*at, str(index)))
        elif isinstance(node, dict) and head in node:
            walk(node[head], rest, (*at, head))

    for pattern in private:
        walk(data, tuple(pattern), ())
    return sorted(found)


def check_public_repository(
    repo_private: bool | None,
    books: Mapping[str, Any],
    private: Iterable[Sequence[str]],
    label: Callable[[str], str] | None = None,
) -> Iterator[Refusal]:
    """A public repository (or one whose visibility is unknown) must hold no personal data.

    Args:
        repo_private: the repository's ``private`` flag; None when it could not be read.
        books: head path → front matter of each task book in the pull request.
        private: paths of the fields marked ``x-private``.
        label: pointer → the form's label path, to name the first private field found.
    """
    if repo_private:
        return
    patterns = [tuple(p) for p in private]
    for path, data in sorted(books.items()):
        found = private_values(data, patterns)
        if not found:
            continue
        first = "/" + "/".join(found[0])
        named = f"「{label(first)}」等 " if label is not None else ""
        yield Refusal(f"仓库是公开的，而 {short(path)} 含个人信息（{named}{len(found)} 项）："
                      "任务书含身份证号码和手机号码，请管理员先将仓库设为私有（公开仓库的复刻也是公开的）。",
                      path)


# --- Lifecycle (issue 12): who may open an acceptance result's pull request ---------------
def check_authors(author: str | None, required: Iterable[tuple[str, frozenset[str]]]
                  ) -> list[Refusal]:
    """The pull request's author must act for each party that must write it.

    Args:
        author: the pull request author's login.
        required: ``(party name, its members' logins, lower-cased)`` for each such party
            (the office, for an acceptance result).
    """
    login = (author or "").lower()
    return [Refusal(f"验收结论只能由{name}的成员提交，本拉取请求的作者 {short(author or '（未知）', 30)} "
                    f"不是：请由{name}的审核人提交验收结论。")
            for name, members in required if login not in members]


def check_one_application(cities: Collection[str]) -> list[Refusal]:
    """One pull request holds the acceptance application of one city at most (the city's
    consent must come first, and only one city can)."""
    if len(cities) <= 1:
        return []
    return [Refusal("一个拉取请求中有多个城市的验收申请：各城市须先同意本市的申请，"
                    "请把每个城市的验收申请分开提交。")]
