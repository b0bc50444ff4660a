"""The PyGithub adapter against a local fake GitHub checked against the OpenAPI description."""

from __future__ import annotations

import functools

import pytest
from audit_books import PARTIES, book_text, with_change
from audit_pulls import EVERYONE, REPO, XIAN, approve, audit, new_book
from fake_github import Comment, sha_of

from taskbook.audit import github as adapter
from taskbook.audit.github import AuditError, audit_pull_request
from taskbook.audit.report import MARKER
from taskbook.cli import main


def test_all_parties_approve_succeeds(fake, client):
    """Every required party approving the head sets success and posts one comment."""
    new_book(fake)
    approve(fake, *EVERYONE)
    result = audit(fake, client)
    assert fake.statuses == [{
        "sha": fake.head_sha, "state": "success", "description": "已批准 4/4",
        "context": "joint-audit", "target_url": f"{fake.base_url}/example-org/taskbook/pull/7",
    }]
    assert len(fake.comments) == 1
    assert fake.comments[0].body.startswith(MARKER)
    assert f"审核的提交：`{fake.head_sha}`" in fake.comments[0].body
    assert result.action == "created"


def test_one_party_missing_is_pending_and_named(fake, client):
    """Without the province's approval the status is pending and names 陕西省生态环境厅."""
    new_book(fake)
    approve(fake, "xian-chen", "centre-wu", "office-li")
    audit(fake, client)
    assert [(s["state"], s["description"]) for s in fake.statuses] == [
        ("pending", "已批准 3/4，待：陕西省生态环境厅")]
    assert "| 陕西省生态环境厅 | ⏳ 待审核 | — |" in fake.comments[0].body


def test_author_approving_own_pull_request_is_not_counted(fake, client):
    """The author's own approval does not count, even when the author is a party member."""
    fake.author = "Xian-Chen"
    new_book(fake)
    approve(fake, *EVERYONE)
    audit(fake, client)
    assert fake.statuses[-1]["description"] == "已批准 3/4，待：西安市人民政府"


def test_approval_on_older_commit_is_not_counted(fake, client):
    """An approval of an earlier commit does not approve the head."""
    new_book(fake)
    approve(fake, "xian-chen", "shaanxi-qian", "centre-wu")
    approve(fake, "office-li", sha=sha_of("an older commit"))
    audit(fake, client)
    assert fake.statuses[-1]["state"] == "pending"
    assert fake.statuses[-1]["description"].endswith("待：大气重污染成因与治理攻关项目管理办公室")


def test_approve_then_request_changes_fails(fake, client):
    """A later request for changes cancels the approval and fails the audit."""
    new_book(fake)
    approve(fake, *EVERYONE)
    fake.review("centre-wu", "CHANGES_REQUESTED")
    fake.review("centre-wu", "COMMENTED")
    audit(fake, client)
    assert [(s["state"], s["description"]) for s in fake.statuses] == [
        ("failure", "已批准 3/4，要求修改：国家大气污染防治攻关联合中心")]


def test_pull_request_adding_its_author_to_parties_is_not_counted(fake, client):
    """Parties come from the base: adding the author or a friend in the pull request changes nothing."""
    fake.author = "mallory"
    new_book(fake)
    fake.change(".github/parties.yml")
    fake.put(fake.head_sha, ".github/parties.yml",
             PARTIES.replace("members: [Office-Li]", "members: [Office-Li, mallory, mallory-friend]")
             .replace("members: [shaanxi-qian]", "members: [shaanxi-qian, mallory-friend]"))
    approve(fake, "xian-chen", "centre-wu", "mallory", "mallory-friend")
    result = audit(fake, client)
    assert fake.statuses[-1]["description"] == (
        "已批准 2/4，待：陕西省生态环境厅、大气重污染成因与治理攻关项目管理办公室")
    assert [(p.name, p.state) for p in result.verdict.parties if p.state != "approved"] == [
        ("陕西省生态环境厅", "waiting"), ("大气重污染成因与治理攻关项目管理办公室", "waiting")]


def test_more_than_a_hundred_reviews_are_all_read(fake, client):
    """Reviews are paginated; approvals after the first 100 still count."""
    new_book(fake)
    for index in range(140):
        fake.review(f"visitor-{index}", "COMMENTED")
    approve(fake, *EVERYONE)
    audit(fake, client)
    pages = [target for method, target in fake.requests if "/reviews" in target]
    assert pages == [f"/repos/{REPO}/pulls/7/reviews?per_page=100",
                     f"/repos/{REPO}/pulls/7/reviews?page=2&per_page=100"]
    assert fake.statuses[-1]["state"] == "success"


def test_comment_is_edited_never_duplicated(fake, client):
    """Later runs edit the one audit comment, and skip the edit when nothing changed."""
    new_book(fake)
    fake.comments.append(Comment(1, f"{MARKER}\n我也来一条", "mallory", "User"))
    first = audit(fake, client)
    approve(fake, *EVERYONE)
    second = audit(fake, client)
    third = audit(fake, client)
    ours = [c for c in fake.comments if c.type == "Bot"]
    assert (first.action, second.action, third.action) == ("created", "edited", "unchanged")
    assert len(ours) == 1 and len(fake.comments) == 2
    assert fake.comments[0].body == f"{MARKER}\n我也来一条"
    assert "✅ 联合审核通过" in ours[0].body
    methods = [method for method, target in fake.requests if "/comments" in target and method != "GET"]
    assert methods == ["POST", "PATCH"]
    assert [s["state"] for s in fake.statuses] == ["pending", "success", "success"]


def test_change_without_changes_entry_is_refused(fake, client):
    """Editing an approved book without a change record fails even with every approval."""
    fake.change(XIAN)
    fake.put(fake.base_sha, XIAN, book_text("西安市"))
    fake.put(fake.head_sha, XIAN, book_text("西安市").replace("组建工作组并进驻", "组建工作组"))
    approve(fake, "xian-chen", "centre-wu", "office-li")
    result = audit(fake, client)
    assert [(s["state"], s["description"]) for s in fake.statuses] == [
        ("failure", "校验未通过：1 个错误，已批准 3/3")]
    assert [d.code for d in result.diagnostics] == ["changes-missing"]
    assert "\\[changes-missing\\]" in fake.comments[0].body


def test_recorded_change_needs_city_centre_office(fake, client):
    """A recorded change to an approved book passes with the city, centre and office."""
    fake.change(XIAN)
    fake.put(fake.base_sha, XIAN, book_text("西安市"))
    fake.put(fake.head_sha, XIAN, with_change(book_text("西安市")))
    approve(fake, "xian-chen", "centre-wu", "office-li")
    audit(fake, client)
    assert fake.statuses[-1]["state"] == "success"


def test_dry_run_writes_nothing(fake, client):
    """--dry-run computes the outcome but sets no status and posts no comment."""
    new_book(fake)
    result = audit(fake, client, dry_run=True)
    assert (result.action, result.outcome.state) == ("dry-run", "pending")
    assert (fake.statuses, fake.comments) == ([], [])


def test_stale_head_is_skipped(fake, client):
    """When the pull request has moved to another commit, the run writes nothing."""
    new_book(fake)
    result = audit(fake, client, expected_head=sha_of("an older commit"))
    assert (result.action, result.outcome) == ("skipped", None)
    assert (fake.statuses, fake.comments) == ([], [])


def test_team_members_count_when_membership_is_readable(fake, client):
    """A member of a party's team approves for it when the token can read the team."""
    fake.put(fake.base_sha, ".github/parties.yml",
             PARTIES.replace("members: [Office-Li]", "members: []\n  teams: [example-org/office]"))
    fake.teams["example-org/office"] = {"office-member"}
    new_book(fake)
    approve(fake, "xian-chen", "shaanxi-qian", "centre-wu", "office-member")
    result = audit(fake, client)
    assert fake.statuses[-1]["state"] == "success"
    assert result.notes == ()


def test_unreadable_team_is_ignored_with_a_note(fake, client):
    """A team the token cannot read (403) counts no one, and the comment says so."""
    fake.put(fake.base_sha, ".github/parties.yml",
             PARTIES.replace("members: [Office-Li]", "members: []\n  teams: [example-org/office]"))
    fake.forbidden_teams.add("example-org/office")
    new_book(fake)
    approve(fake, "xian-chen", "shaanxi-qian", "centre-wu", "office-member")
    result = audit(fake, client)
    assert fake.statuses[-1]["state"] == "pending"
    assert len(result.notes) == 1 and "example-org/office" in fake.comments[0].body


def test_missing_parties_file_on_base_is_a_failure(fake, client):
    """Without a parties file on the default branch the audit fails and says who must add it."""
    del fake.contents[(fake.base_sha, ".github/parties.yml")]
    new_book(fake)
    approve(fake, *EVERYONE)
    audit(fake, client)
    assert [(s["state"], s["description"]) for s in fake.statuses] == [
        ("failure", "未通过：main 分支上没有 .github/parties.yml，无法确定审核各方："
                    "请攻关项目管理办公室先合并审核各方文件。")]
    assert "因上述原因，本次没有核对各方的批准。" in fake.comments[0].body


def test_unknown_pull_request_is_an_error(fake, client):
    """A pull request that does not exist gives a Chinese error, not a traceback."""
    with pytest.raises(AuditError, match="找不到仓库 example-org/taskbook 的拉取请求 #99"):
        audit_pull_request(client, REPO, 99)


def test_cli_audit_uses_token_and_api_url(fake, monkeypatch, capsys):
    """`taskbook audit` reads GITHUB_TOKEN and GITHUB_API_URL and reports the status."""
    new_book(fake)
    approve(fake, *EVERYONE)
    monkeypatch.setenv("GITHUB_TOKEN", "test-token")
    monkeypatch.setenv("GITHUB_API_URL", fake.base_url)
    # The command's own client waits between requests, as GitHub asks; tests need not.
    monkeypatch.setattr(adapter, "connect", functools.partial(
        adapter.connect, seconds_between_requests=0, seconds_between_writes=0, retry=0))
    assert main(["audit", "--repo", REPO, "--pr", "7"]) == 0
    assert capsys.readouterr().out == "joint-audit: success（已批准 4/4）；已发表审核评论。\n"
    assert fake.statuses[-1]["state"] == "success"


def test_cli_audit_without_token_is_a_usage_error(monkeypatch, capsys):
    """Without GITHUB_TOKEN the command exits 2 and says what to set."""
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    assert main(["audit", "--repo", REPO, "--pr", "7"]) == 2
    assert "GITHUB_TOKEN" in capsys.readouterr().err


def test_refused_comment_is_reported_in_githubs_words_after_the_status(fake, client, monkeypatch):
    """A comment GitHub refuses (403) is reported with its status and message; the status is set anyway."""
    new_book(fake)

    def refuse(op, query, body, path):
        return 403, {}, {"message": "Resource not accessible by integration",
                         "documentation_url": "https://docs.github.com/rest", "status": "403"}, True

    monkeypatch.setattr(fake, "_post_repos_owner_repo_issues_issue_number_comments", refuse)
    with pytest.raises(AuditError) as raised:
        audit(fake, client)
    assert str(raised.value) == (
        "写入审核评论失败（HTTP 403：Resource not accessible by integration）。"
        "GitHub 拒绝了该令牌的写入：令牌须有 statuses: write 和 pull-requests: write 权限；"
        "来自复刻仓库的事件只有只读令牌，请由 audit 工作流的 workflow_run 触发。"
        " 本次审核结果：pending（已批准 0/4，待：西安市人民政府、陕西省生态环境厅、"
        "国家大气污染防治攻关联合中心、大气重污染成因与治理攻关项目管理办公室）。")
    assert [s["state"] for s in fake.statuses] == ["pending"]


def test_refused_status_still_keeps_the_comment(fake, client, monkeypatch):
    """When GitHub refuses the status, the comment is still written and the error quotes GitHub."""
    new_book(fake)

    def refuse(op, query, body, path):
        # Not in GitHub's description for this operation, but what GitHub answers.
        return 422, {}, {"message": "Validation Failed", "documentation_url": "https://docs.github.com/rest",
                         "errors": [{"resource": "Status", "code": "custom",
                                     "message": "This SHA and context has reached the maximum number of statuses."}]}, False

    monkeypatch.setattr(fake, "_post_repos_owner_repo_statuses_sha", refuse)
    with pytest.raises(AuditError, match=r"^设置提交状态（joint-audit）失败（HTTP 422：Validation Failed："
                                         r"This SHA and context has reached the maximum number of statuses\.）。 "):
        audit(fake, client)
    assert len(fake.comments) == 1 and fake.comments[0].body.startswith(MARKER)


def test_signing_record_needs_only_the_office(fake, client):
    """A pull request that only adds a signing record waits for the management office alone."""
    from audit_books import with_signing

    fake.change(XIAN)
    fake.put(fake.base_sha, XIAN, book_text("西安市"))
    fake.put(fake.head_sha, XIAN, with_signing(book_text("西安市")))
    fake.review(None, "APPROVED")  # a deleted account: GitHub sends "user": null
    audit(fake, client)
    assert fake.statuses[-1]["description"] == (
        "已批准 0/1，待：大气重污染成因与治理攻关项目管理办公室")
    approve(fake, "office-li")
    audit(fake, client)
    assert fake.statuses[-1]["state"] == "success"



def test_unreachable_api_is_an_error_not_a_traceback():
    """A wrong GITHUB_API_URL gives a Chinese error naming the variable."""
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = adapter.connect("t", f"http://127.0.0.1:{port}", retry=0,
                             seconds_between_requests=0, seconds_between_writes=0)
    with pytest.raises(AuditError, match="GITHUB_API_URL"):
        audit_pull_request(client, REPO, 7)
