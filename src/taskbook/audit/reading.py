"""Reads through PyGithub that the adapter needs (thin): files, modes, commit authors, teams.

Each function returns plain data or a :class:`~taskbook.audit.guards.Refusal`; errors of the
API other than "not found" propagate, and the adapter turns them into a failed audit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from github import Github, GithubException, UnknownObjectException

from taskbook.audit import guards
from taskbook.loader import MAX_BYTES


@dataclass(frozen=True)
class Fetched:
    """A file read at a commit.

    Attributes:
        raw: its bytes; None when it does not exist there or was refused.
        refusal: why it cannot be judged (not a regular file, too large, no content).
    """

    raw: bytes | None
    refusal: guards.Refusal | None = None

    @property
    def exists(self) -> bool:
        """Something stands at the path (a file, or something refused)."""
        return self.raw is not None or self.refusal is not None


def cause(error: Exception) -> tuple[int | None, str]:
    """GitHub's HTTP status and its own message (with the details it gave), for a report."""
    if not isinstance(error, GithubException):
        return None, f"{type(error).__name__}：{error}"[:200]
    data = error.data if isinstance(error.data, dict) else {}
    message = str(data.get("message") or error.data or "").strip()
    details = [str(e.get("message") or e.get("code")) for e in data.get("errors") or ()
               if isinstance(e, dict) and (e.get("message") or e.get("code"))]
    if details:
        message = f"{message}：{'；'.join(details)}" if message else "；".join(details)
    return error.status, message[:200] or "（GitHub 没有说明）"


def content(repo: Any, path: str, ref: str, limit: int = MAX_BYTES) -> Fetched:
    """Read ``path`` at ``ref``; anything but a regular file within ``limit`` is refused.

    The contents API follows a symlink to a file of the repository by itself; the caller
    must check file modes in the tree (:func:`modes`) to catch those.
    """
    try:
        found = repo.get_contents(path, ref=ref)
    except UnknownObjectException:
        return Fetched(None)
    except GithubException as error:
        codes = [e.get("code") for e in (error.data or {}).get("errors") or ()
                 if isinstance(e, dict)] if isinstance(error.data, dict) else []
        if error.status == 403 and "too_large" in codes:  # over 100 MB
            return Fetched(None, guards.too_large(path, limit))
        raise
    if isinstance(found, list):
        return Fetched(None, guards.not_regular(path, "dir"))
    if found.type != "file":
        return Fetched(None, guards.not_regular(path, found.type))
    if found.encoding != "base64" or (found.size or 0) > limit:
        return Fetched(None, guards.too_large(path, limit))  # GitHub omits content over 1 MB
    return Fetched(found.decoded_content)


def modes(repo: Any, sha: str) -> tuple[dict[str, str], bool]:
    """Every path of the commit's tree with its git file mode, and whether it was truncated."""
    tree = repo.get_git_tree(sha, recursive=True)
    return {entry.path: entry.mode for entry in tree.tree}, bool(tree.truncated)


def head_authors(repo: Any, sha: str) -> frozenset[str]:
    """The GitHub logins of a commit's author and committer, lower-cased.

    Either may be null (an e-mail address linked to no account) or an empty object.
    """
    data = repo.get_commit(sha).raw_data
    found = set()
    for role in ("author", "committer"):
        user = data.get(role)
        login = user.get("login") if isinstance(user, dict) else None
        if isinstance(login, str) and login:
            found.add(login.lower())
    return frozenset(found)


def team_members(
    client: Github, wanted: Iterable[str], logins: Iterable[str]
) -> tuple[dict[str, frozenset[str]], list[str]]:
    """Which of ``logins`` belong to each readable team; notes for teams that cannot be read."""
    members: dict[str, frozenset[str]] = {}
    notes = []
    for team in sorted({t.lower() for t in wanted}):
        org, slug = team.split("/", 1)
        found: set[str] = set()
        readable = True
        for login in sorted(logins):
            try:
                _, data = client.requester.requestJsonAndCheck(
                    "GET", f"/orgs/{org}/teams/{slug}/memberships/{login}")
            except GithubException as error:
                if error.status == 404:
                    continue  # not a member, or a team this token cannot see
                if error.status in (401, 403):
                    readable = False
                    break
                raise
            if isinstance(data, dict) and data.get("state") == "active":
                found.add(login)
        if readable:
            members[team] = frozenset(found)
        else:
            notes.append(f"无法读取团队 {team} 的成员（令牌无权限），该团队成员的批准未计入；"
                         "请在 .github/parties.yml 的 members 中直接列出审核人账号。")
    return members, notes
