"""Pull requests on the fake GitHub: the helpers the adapter's tests share."""

from __future__ import annotations

from typing import Any

from audit_books import book_path, book_text

from taskbook.audit.github import AuditResult, audit_pull_request

REPO = "example-org/taskbook"
XIAN = book_path("西安市")
JINAN = book_path("济南市")
EVERYONE = ("xian-chen", "shaanxi-qian", "centre-wu", "office-li")


def new_book(fake: Any) -> None:
    """The pull request adds the 西安市 task book."""
    fake.change(XIAN, "added")
    fake.put(fake.head_sha, XIAN, book_text("西安市"))


def approve(fake: Any, *logins: str, sha: str | None = None) -> None:
    """Each login approves (the head commit unless told otherwise)."""
    for login in logins:
        fake.review(login, "APPROVED", sha)


def audit(fake: Any, client: Any, **options: Any) -> AuditResult:
    """Run the audit of the fake's pull request."""
    return audit_pull_request(client, REPO, fake.number, **options)


def statuses(fake: Any) -> list[tuple[str, str]]:
    """(state, description) of every status set, oldest first."""
    return [(s["state"], s["description"]) for s in fake.statuses]
