"""The thin PyGithub adapter: read a pull request, decide, set the status, keep one comment.

Everything that decides lives in pure modules (:mod:`kinds`, :mod:`approval`,
:mod:`report`); this module only moves data between them and the REST API. The parties
file and the base books are read at the pull request's base commit, never at its head.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import requests
from github import Auth, Github, GithubException, UnknownObjectException

from taskbook import rules
from taskbook.audit import approval, kinds, parties, report
from taskbook.changes import check_changes
from taskbook.context import Context
from taskbook.diagnostics import Diagnostic
from taskbook.loader import MAX_BYTES, Book, parse

DEFAULT_API = "https://api.github.com"


class AuditError(Exception):
    """The audit could not run; the message is Chinese and says what to do."""


@dataclass(frozen=True)
class AuditResult:
    """What one run found and did.

    Attributes:
        action: what happened to the comment: ``created``, ``edited``, ``unchanged``,
            ``dry-run`` or ``skipped`` (the pull request has moved on to a newer commit).
    """

    number: int
    head_sha: str
    outcome: report.Outcome | None
    classification: kinds.Classification | None = None
    verdict: approval.Verdict | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    action: str = "dry-run"
    notes: tuple[str, ...] = field(default=())


def connect(token: str, base_url: str = DEFAULT_API, **options: Any) -> Github:
    """Return a lazy PyGithub client (objects are fetched only when their data is read)."""
    options.setdefault("per_page", 100)
    return Github(base_url=base_url.rstrip("/"), auth=Auth.Token(token), lazy=True, **options)


def _content(repo: Any, path: str, ref: str) -> bytes | None:
    """The bytes of ``path`` at ``ref``, or None when it does not exist there."""
    try:
        found = repo.get_contents(path, ref=ref)
    except UnknownObjectException:
        return None
    if isinstance(found, list) or found.type != "file":
        return None
    if found.encoding != "base64":
        # GitHub sends files over 1 MB without content; the loader refuses them by size.
        return b"\x00" * (MAX_BYTES + 1)
    return found.decoded_content


def _load(raw: bytes | None, path: str, context: Context) -> tuple[Book | None, tuple[Diagnostic, ...]]:
    if raw is None:
        return None, ()
    loaded = parse(raw, path, context.schema.property_names)
    return loaded.book, loaded.diagnostics


def _team_members(
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


def _read_changes(
    repo: Any, files: list[kinds.ChangedFile], base_sha: str, head_sha: str, context: Context
) -> tuple[dict[str, Book | None], dict[str, Book | None], list[Diagnostic]]:
    """Load the changed books at base and head and check the head versions.

    Returns:
        ``(base books, head books, diagnostics)``; a base path is a key only when the file
        exists at the base.
    """
    base_books: dict[str, Book | None] = {}
    head_books: dict[str, Book | None] = {}
    diagnostics: list[Diagnostic] = []
    for changed in files:
        if changed.path == parties.PARTIES_FILE and changed.status != "removed":
            _, found = parties.parse(_content(repo, changed.path, head_sha) or b"", changed.path)
            diagnostics.extend(found)
        if kinds.book_slug(changed.path) is None and not (
                changed.previous and kinds.book_slug(changed.previous)):
            continue
        base_raw = _content(repo, changed.base_path, base_sha)
        if base_raw is not None:
            base_books[changed.base_path], _ = _load(base_raw, changed.base_path, context)
        if changed.status == "removed":
            continue
        head, found = _load(_content(repo, changed.path, head_sha), changed.path, context)
        head_books[changed.path] = head
        diagnostics.extend(found)
        if head is not None:
            diagnostics.extend(rules.check_book(head, context))
            diagnostics.extend(check_changes(base_books.get(changed.base_path), head, "目标分支"))
    return base_books, head_books, diagnostics


def _find_comment(pull: Any) -> Any | None:
    """The audit's own comment: it starts with the marker and was written by a bot."""
    for item in pull.get_issue_comments():
        user = item.user
        if (item.body or "").startswith(report.MARKER) and user is not None and user.type == "Bot":
            return item
    return None


def audit_pull_request(
    client: Github,
    repo_name: str,
    number: int,
    *,
    dry_run: bool = False,
    expected_head: str | None = None,
) -> AuditResult:
    """Audit one pull request and (unless ``dry_run``) write the status and the comment.

    Args:
        client: a PyGithub client (see :func:`connect`).
        repo_name: ``OWNER/NAME``.
        number: the pull request's number.
        dry_run: compute everything, write nothing.
        expected_head: when given and the pull request's head is another commit, do
            nothing (a newer run will judge the newer commit).

    Raises:
        AuditError: the pull request or the parties file cannot be read.
    """
    try:
        repo = client.get_repo(repo_name)
        pull = repo.get_pull(number)
        head_sha, base_sha = pull.head.sha, pull.base.sha
    except UnknownObjectException as error:
        raise AuditError(f"找不到仓库 {repo_name} 的拉取请求 #{number}，或令牌无权读取。"
                         "请核对 --repo、--pr 和 GITHUB_TOKEN。") from error
    except GithubException as error:
        raise AuditError(f"读取拉取请求 #{number} 失败（HTTP {error.status}）。"
                         "请检查 GITHUB_TOKEN 的权限和 GITHUB_API_URL。") from error
    except requests.RequestException as error:
        raise AuditError(f"无法连接 GitHub API（{type(error).__name__}）。"
                         "请检查网络和 GITHUB_API_URL（GitHub Enterprise Server 形如 "
                         "https://github.example.org/api/v3）。") from error
    if expected_head is not None and expected_head != head_sha:
        return AuditResult(number, head_sha, None, action="skipped")
    author = pull.user.login if pull.user is not None else None

    raw_parties = _content(repo, parties.PARTIES_FILE, base_sha)
    if raw_parties is None:
        raise AuditError(f"目标分支的提交 {base_sha[:12]} 上没有 {parties.PARTIES_FILE}。"
                         "请先由攻关项目管理办公室合并审核各方文件。")
    base_parties, problems = parties.parse(raw_parties, parties.PARTIES_FILE)
    if base_parties is None:
        first = problems[0]
        raise AuditError(f"目标分支上的 {parties.PARTIES_FILE} 无效：第 {first.line} 行，"
                         f"{first.message}")

    files = [kinds.ChangedFile(f.filename, f.status, f.previous_filename)
             for f in pull.get_files()]
    base_books, head_books, diagnostics = _read_changes(repo, files, base_sha, head_sha,
                                                        Context.load())
    classification = kinds.classify(files, base_parties, base_books, head_books)

    reviews = [approval.Review(r.user.login if r.user is not None else None, r.state, r.commit_id)
               for r in pull.get_reviews()]
    teams = [t for key in classification.required
             if (party := base_parties.get(key)) for t in party.teams]
    team_members, notes = _team_members(
        client, teams, approval.latest_decisions(reviews)) if teams else ({}, [])
    verdict = approval.decide(base_parties, classification.required, reviews, head_sha, author,
                              team_members)
    diagnostics.sort(key=lambda d: (d.file, d.line, d.column, d.code))
    outcome = report.outcome(verdict, classification, diagnostics, head_sha, notes)
    result = AuditResult(number, head_sha, outcome, classification, verdict,
                         tuple(diagnostics), "dry-run", tuple(notes))
    if dry_run:
        return result

    try:
        existing = _find_comment(pull)
        if existing is None:
            posted = pull.create_issue_comment(outcome.comment)
            action = "created"
        elif existing.body != outcome.comment:
            existing.edit(outcome.comment)
            posted, action = existing, "edited"
        else:
            posted, action = existing, "unchanged"
        repo.get_commit(head_sha).create_status(
            state=outcome.state,
            target_url=posted.html_url,
            description=outcome.description,
            context=report.CONTEXT,
        )
    except GithubException as error:
        raise AuditError(f"写入审核评论或提交状态失败（HTTP {error.status}）。令牌须有 "
                         "pull-requests: write 和 statuses: write 权限；来自复刻仓库的事件只有只读令牌，"
                         "请由 audit 工作流的 workflow_run 触发。") from error
    return AuditResult(number, head_sha, outcome, classification, verdict,
                       tuple(diagnostics), action, tuple(notes))
