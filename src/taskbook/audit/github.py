"""The thin PyGithub adapter: read a pull request, decide, set the status, keep one comment.

Everything that decides lives in pure modules (:mod:`guards`, :mod:`kinds`,
:mod:`approval`, :mod:`diff`, :mod:`report`); this module only moves data between them and
the REST API. The parties file is read from the default branch and the base books at the
pull request's base commit, never at its head.

It fails closed: once the head commit is known, anything the audit cannot read or judge
ends as a ``failure`` status with a Chinese reason. The status is written first, and the
comment after it and independently of it, so a refused comment never leaves an old status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import requests
from github import Auth, Github, GithubException, UnknownObjectException

from taskbook import rules
from taskbook.audit import approval, diff, guards, kinds, parties, reading, report
from taskbook.changes import check_changes
from taskbook.codes import make
from taskbook.context import Context
from taskbook.diagnostics import Diagnostic
from taskbook.lifecycle.check import check_records
from taskbook.lifecycle.paths import repo_record
from taskbook.loader import Book, parse

DEFAULT_API = "https://api.github.com"
_API_ERRORS = (GithubException, requests.RequestException)


class AuditError(Exception):
    """The audit could not run or write; the message is Chinese and says what to do."""


@dataclass(frozen=True)
class AuditResult:
    """What one run found and did.

    Attributes:
        action: what happened to the comment: ``created``, ``edited``, ``unchanged``,
            ``dry-run`` or ``skipped`` (the pull request has moved on to a newer commit).
        refusals: why the audit fails whatever the approvals.
    """

    number: int
    head_sha: str
    outcome: report.Outcome | None
    classification: kinds.Classification | None = None
    verdict: approval.Verdict | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    action: str = "dry-run"
    notes: tuple[str, ...] = field(default=())
    refusals: tuple[guards.Refusal, ...] = ()


@dataclass
class _Findings:
    """What the reads and the pure checks found, before it is reported."""

    verdict: approval.Verdict = field(default_factory=lambda: approval.Verdict(()))
    classification: kinds.Classification = field(
        default_factory=lambda: kinds.Classification((), ()))
    diagnostics: list[Diagnostic] = field(default_factory=list)
    refusals: list[guards.Refusal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: list[tuple[str, list[str]]] = field(default_factory=list)
    judged: bool = False  # the files and the parties were read and checked


def connect(token: str, base_url: str = DEFAULT_API, **options: Any) -> Github:
    """Return a lazy PyGithub client (objects are fetched only when their data is read)."""
    options.setdefault("per_page", 100)
    return Github(base_url=base_url.rstrip("/"), auth=Auth.Token(token), lazy=True, **options)


def _load(raw: bytes | None, path: str, context: Context) -> tuple[Book | None, tuple[Diagnostic, ...]]:
    if raw is None:
        return None, ()
    loaded = parse(raw, path, context.schema.property_names)
    return loaded.book, loaded.diagnostics


def _read_changes(
    repo: Any, files: Sequence[kinds.ChangedFile], base_sha: str, head_sha: str,
    found: _Findings, context: Context,
) -> tuple[dict[str, Book | None], dict[str, Book | None]]:
    """Load the changed books at base and head, check the head versions into ``found``.

    Returns:
        ``(base books, head books)``; a base path is a key only when something stands
        there at the base.
    """
    base_books: dict[str, Book | None] = {}
    head_books: dict[str, Book | None] = {}
    for changed in files:
        if changed.path == parties.PARTIES_FILE and changed.status != "removed":
            fetched = reading.content(repo, changed.path, head_sha, parties.MAX_BYTES)
            found.refusals.extend([fetched.refusal] if fetched.refusal else [])
            found.diagnostics.extend(parties.parse(fetched.raw or b"", changed.path)[1])
        if kinds.book_slug(changed.path) is None and kinds.book_slug(changed.base_path) is None:
            continue
        if kinds.book_slug(changed.base_path) is not None:
            base = reading.content(repo, changed.base_path, base_sha)
            if base.exists:
                base_books[changed.base_path], _ = _load(base.raw, changed.base_path, context)
            if base.refusal is not None or (base.raw is not None
                                            and base_books[changed.base_path] is None):
                found.refusals.append(guards.base_unreadable(changed.base_path))
        if changed.status == "removed" or kinds.book_slug(changed.path) is None:
            continue
        fetched = reading.content(repo, changed.path, head_sha)
        found.refusals.extend([fetched.refusal] if fetched.refusal else [])
        head, problems = _load(fetched.raw, changed.path, context)
        head_books[changed.path] = head
        found.diagnostics.extend(problems)
        if head is not None:
            found.diagnostics.extend(rules.check_book(head, context))
            found.diagnostics.extend(
                check_changes(base_books.get(changed.base_path), head, "目标分支"))
    return base_books, head_books


def _check_records(
    repo: Any, files: Sequence[kinds.ChangedFile], head_sha: str, tree: Sequence[str],
    found: _Findings, context: Context,
) -> list[Diagnostic]:
    """Lifecycle: each city with a changed record, its book and every record at the head,
    checked as ``taskbook validate`` checks them (items, dates, funds, order)."""
    cities = sorted({record[0] for f in files if f.status != "removed"
                     and (record := repo_record(f.path)) is not None})
    diagnostics: list[Diagnostic] = []
    for slug in cities:
        book_file = f"cities/{slug}/taskbook.md"
        fetched = reading.content(repo, book_file, head_sha)
        found.refusals.extend([fetched.refusal] if fetched.refusal else [])
        book, problems = _load(fetched.raw, book_file, context)
        if book is None:
            diagnostics.extend(problems or [make("record-without-book", book_file, 1, 1, "",
                                                 f"cities/{slug}/ 中没有任务书 taskbook.md。")])
            continue
        sources = []
        for path in tree:
            if repo_record(path) is not None and path.startswith(f"cities/{slug}/"):
                content = reading.content(repo, path, head_sha)
                found.refusals.extend([content.refusal] if content.refusal else [])
                if content.raw is not None:
                    sources.append((path, content.raw))
        diagnostics.extend(check_records(book, sources, context).diagnostics)
    return diagnostics


def _city_name(book: Book) -> str | None:
    city = book.data.get("city")
    name = city.get("name") if isinstance(city, dict) else None
    return name if isinstance(name, str) else None


def _describe_changes(
    classification: kinds.Classification, files: Sequence[kinds.ChangedFile],
    base_books: dict[str, Book | None], head_books: dict[str, Book | None], context: Context,
) -> list[tuple[str, list[str]]]:
    """What changed in each book that was on the base and still is, by the form's labels."""
    form = diff.Form.from_schema(context.schema)
    described = []
    for changed, item in zip(files, classification.items, strict=True):
        base, head = base_books.get(changed.base_path), head_books.get(changed.path)
        if item.kind in (kinds.CHANGE, kinds.SIGNING, kinds.MOVE) and base and head:
            described.append((changed.path, diff.book_changes(
                base.data, head.data, base.body, head.body, form)))
    return described


def _judge(client: Github, repo: Any, pull: Any, head_sha: str, context: Context) -> _Findings:
    """Read everything the audit needs and run the pure checks (reads may raise)."""
    found = _Findings()
    default = repo.default_branch
    found.refusals += guards.check_base_branch(pull.base.ref, default)
    if found.refusals:
        return found  # another branch's parties file is not authoritative: read nothing more
    files = [kinds.ChangedFile(f.filename, f.status, f.previous_filename)
             for f in pull.get_files()]
    found.refusals += guards.check_file_count(len(files), pull.changed_files)

    raw_parties = reading.content(repo, parties.PARTIES_FILE, default, parties.MAX_BYTES)
    if raw_parties.raw is None:
        found.refusals.append(raw_parties.refusal or guards.parties_missing(
            default, parties.PARTIES_FILE))
        return found
    base_parties, problems = parties.parse(raw_parties.raw, parties.PARTIES_FILE)
    if base_parties is None:
        found.refusals.append(guards.parties_invalid(
            parties.PARTIES_FILE, problems[0].line, problems[0].message))
        return found

    present = [f.path for f in files if f.status != "removed"]
    tree_paths: list[str] = []
    if any(guards.under_cities(path) for path in present):
        tree, truncated = reading.modes(repo, head_sha)
        tree_paths = sorted(tree)
        found.refusals += [guards.tree_truncated()] if truncated else guards.check_modes(
            present, tree)
    base_books, head_books = _read_changes(repo, files, pull.base.sha, head_sha, found, context)
    found.diagnostics.extend(_check_records(repo, files, head_sha, tree_paths, found, context))
    classification = kinds.classify(files, base_parties, base_books, head_books)
    found.classification = classification
    found.refusals += [guards.city_unknown(item.path) for item in classification.items
                       if item.is_book and item.city is None]
    loaded = {path: book for path, book in head_books.items() if book is not None}
    found.diagnostics.extend(parties.check_books(
        base_parties, [(path, _city_name(book)) for path, book in loaded.items()]))
    found.refusals += guards.check_public_repository(
        repo.private, {path: book.data for path, book in loaded.items()},
        context.schema.private_paths, context.schema.label_path)

    reviews = [approval.Review(r.user.login if r.user is not None else None, r.state, r.commit_id)
               for r in pull.get_reviews()]
    authors = reading.head_authors(repo, head_sha)
    found.refusals += guards.check_head_authors(head_sha, authors)
    teams = [t for key in (*classification.required, *classification.informed)
             if (party := base_parties.get(key)) for t in party.teams]
    team_members, found.notes = reading.team_members(
        client, teams, approval.latest_decisions(reviews)) if teams else ({}, [])
    author = pull.user.login if pull.user is not None else None
    # Lifecycle: an acceptance result's author must act for the office; one city's
    # application a pull request, since that city must approve first.
    found.refusals += guards.check_authors(author, [
        (party.name, approval.members_of(party, team_members))
        for key in classification.authors if (party := base_parties.get(key))])
    found.refusals += guards.check_one_application(
        {item.city or item.path for item in classification.items if item.first is not None})
    found.verdict = approval.decide(base_parties, classification.required, reviews, head_sha,
                                    author, team_members, head_authors=authors,
                                    first=classification.first, informed=classification.informed)
    found.changes = _describe_changes(classification, files, base_books, head_books, context)
    found.diagnostics.sort(key=lambda d: (d.file, d.line, d.column, d.code))
    found.judged = True
    return found


def _open(client: Github, repo_name: str, number: int) -> tuple[Any, Any]:
    """The repository and the pull request, or an :class:`AuditError` saying why not."""
    try:
        repo = client.get_repo(repo_name)
        pull = repo.get_pull(number)
        pull.head.sha  # noqa: B018 - read now, so that a failure is reported here
    except UnknownObjectException as error:
        raise AuditError(f"找不到仓库 {repo_name} 的拉取请求 #{number}，或令牌无权读取。"
                         "请核对 --repo、--pr 和 GITHUB_TOKEN。") from error
    except GithubException as error:
        status, message = reading.cause(error)
        raise AuditError(f"读取拉取请求 #{number} 失败（HTTP {status}：{message}）。"
                         "请检查 GITHUB_TOKEN 的权限和 GITHUB_API_URL。") from error
    except requests.RequestException as error:
        raise AuditError(f"无法连接 GitHub API（{type(error).__name__}）。"
                         "请检查网络和 GITHUB_API_URL（GitHub Enterprise Server 形如 "
                         "https://github.example.org/api/v3）。") from error
    return repo, pull


def _failed_write(what: str, error: Exception) -> str:
    """Why a write failed, in GitHub's words, with the one hint its answer supports."""
    status, message = reading.cause(error)
    text = f"{what}失败（HTTP {status}：{message}）。" if status else f"{what}失败（{message}）。"
    if status in (401, 403):
        text += ("GitHub 拒绝了该令牌的写入：令牌须有 statuses: write 和 pull-requests: write 权限；"
                 "来自复刻仓库的事件只有只读令牌，请由 audit 工作流的 workflow_run 触发。")
    return text


def _find_comment(pull: Any) -> Any | None:
    """The audit's own comment: it starts with the marker and was written by a bot."""
    for item in pull.get_issue_comments():
        user = item.user
        if (item.body or "").startswith(report.MARKER) and user is not None and user.type == "Bot":
            return item
    return None


def _write(repo: Any, pull: Any, head_sha: str, outcome: report.Outcome) -> tuple[str, list[str]]:
    """Set the status, then keep the comment; each is tried whatever became of the other.

    Returns:
        ``(what happened to the comment, Chinese reports of the writes that failed)``.
    """
    problems = []
    try:
        repo.get_commit(head_sha).create_status(
            state=outcome.state, target_url=pull.html_url, description=outcome.description,
            context=report.CONTEXT)
    except _API_ERRORS as error:
        problems.append(_failed_write(f"设置提交状态（{report.CONTEXT}）", error))
    action = "failed"
    try:
        existing = _find_comment(pull)
        if existing is None:
            pull.create_issue_comment(outcome.comment)
            action = "created"
        elif existing.body != outcome.comment:
            existing.edit(outcome.comment)
            action = "edited"
        else:
            action = "unchanged"
    except _API_ERRORS as error:
        problems.append(_failed_write("写入审核评论", error))
    return action, problems


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
        AuditError: the pull request cannot be read, or writing the status or the comment
            failed (the other write was still attempted).
    """
    repo, pull = _open(client, repo_name, number)
    head_sha = pull.head.sha
    if expected_head is not None and expected_head != head_sha:
        return AuditResult(number, head_sha, None, action="skipped")
    try:
        found = _judge(client, repo, pull, head_sha, Context.load())
    except _API_ERRORS as error:
        found = _Findings(refusals=[guards.unreadable("拉取请求的数据", *reading.cause(error))])
    # One file can be refused twice (its mode in the tree, then its contents): say it once.
    found.refusals = list(dict.fromkeys(found.refusals))
    outcome = report.outcome(found.verdict, found.classification, found.diagnostics, head_sha,
                             found.notes, refusals=found.refusals, changes=found.changes,
                             judged=found.judged)
    result = AuditResult(number, head_sha, outcome, found.classification, found.verdict,
                         tuple(found.diagnostics), "dry-run", tuple(found.notes),
                         tuple(found.refusals))
    if dry_run:
        return result
    action, problems = _write(repo, pull, head_sha, outcome)
    if problems:
        raise AuditError(" ".join(problems) + f" 本次审核结果：{outcome.state}（{outcome.description}）。")
    return AuditResult(number, head_sha, outcome, found.classification, found.verdict,
                       tuple(found.diagnostics), action, tuple(found.notes), tuple(found.refusals))
