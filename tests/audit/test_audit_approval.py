"""The approval logic on plain data: which reviews count for which party."""

from __future__ import annotations

from taskbook.audit.approval import (
    APPROVED,
    CHANGES_REQUESTED,
    FAILURE,
    PENDING,
    SUCCESS,
    WAITING,
    Review,
    decide,
    latest_decisions,
)
from taskbook.audit.parties import CENTRE, OFFICE, Parties, Party

HEAD = "a" * 40
OLD = "b" * 40
CITY = "city:西安市"
PROVINCE = "province:陕西省"
REQUIRED = (CITY, PROVINCE, CENTRE, OFFICE)


def parties(dual: bool = False, **extra: Party) -> Parties:
    """Four parties with one member each, plus any given."""
    found = {
        CITY: Party(CITY, "西安市人民政府", frozenset({"xian-chen"})),
        PROVINCE: Party(PROVINCE, "陕西省生态环境厅", frozenset({"shaanxi-qian"})),
        CENTRE: Party(CENTRE, "国家大气污染防治攻关联合中心", frozenset({"centre-wu"})),
        OFFICE: Party(OFFICE, "大气重污染成因与治理攻关项目管理办公室", frozenset({"office-li"})),
    }
    found.update(extra)
    return Parties(found, allow_dual_roles=dual)


def approvals(*logins: str, sha: str = HEAD) -> list[Review]:
    """One APPROVED review per login on ``sha``."""
    return [Review(login, "APPROVED", sha) for login in logins]


ALL = ("xian-chen", "shaanxi-qian", "centre-wu", "office-li")


def states(verdict) -> list[tuple[str, str, tuple[str, ...]]]:
    """The verdict as (key, state, by) triples."""
    return [(p.key, p.state, p.by) for p in verdict.parties]


def test_every_party_approving_on_head_succeeds():
    """Four members approving the head commit approve all four parties."""
    verdict = decide(parties(), REQUIRED, approvals(*ALL), HEAD, "author")
    assert states(verdict) == [
        (CITY, APPROVED, ("xian-chen",)),
        (PROVINCE, APPROVED, ("shaanxi-qian",)),
        (CENTRE, APPROVED, ("centre-wu",)),
        (OFFICE, APPROVED, ("office-li",)),
    ]
    assert verdict.status == SUCCESS
    assert verdict.approved == 4


def test_missing_party_is_waiting_and_pending():
    """Without the province's approval the province waits and the status is pending."""
    verdict = decide(parties(), REQUIRED, approvals("xian-chen", "centre-wu", "office-li"), HEAD, "a")
    assert [p.key for p in verdict.waiting] == [PROVINCE]
    assert verdict.status == PENDING


def test_logins_compare_case_insensitively():
    """A login written in another case still counts."""
    verdict = decide(parties(), (CITY,), approvals("Xian-CHEN"), HEAD, "a")
    assert states(verdict) == [(CITY, APPROVED, ("xian-chen",))]


def test_author_approval_never_counts():
    """The pull request's author cannot approve for a party, whatever the case of the login."""
    verdict = decide(parties(), (CITY,), approvals("xian-chen"), HEAD, "XIAN-chen")
    assert states(verdict) == [(CITY, WAITING, ())]


def test_approval_on_older_commit_does_not_count():
    """An approval given on an earlier commit is not an approval of the head."""
    verdict = decide(parties(), (CITY,), approvals("xian-chen", sha=OLD), HEAD, "a")
    assert states(verdict) == [(CITY, WAITING, ())]


def test_changes_requested_after_approval_fails():
    """A later CHANGES_REQUESTED cancels the reviewer's approval and fails the audit."""
    reviews = [*approvals("xian-chen"), Review("xian-chen", "CHANGES_REQUESTED", HEAD)]
    verdict = decide(parties(), (CITY, OFFICE), [*reviews, *approvals("office-li")], HEAD, "a")
    assert states(verdict) == [(CITY, CHANGES_REQUESTED, ("xian-chen",)),
                               (OFFICE, APPROVED, ("office-li",))]
    assert verdict.status == FAILURE


def test_changes_requested_on_older_commit_still_blocks():
    """A request for changes stands on later commits until the reviewer approves."""
    reviews = [Review("xian-chen", "CHANGES_REQUESTED", OLD)]
    assert decide(parties(), (CITY,), reviews, HEAD, "a").status == FAILURE


def test_comment_after_approval_does_not_undo_it():
    """A plain comment after an approval leaves the approval in force."""
    reviews = [*approvals("xian-chen"), Review("xian-chen", "COMMENTED", HEAD)]
    assert states(decide(parties(), (CITY,), reviews, HEAD, "a")) == [(CITY, APPROVED, ("xian-chen",))]


def test_approval_after_changes_requested_counts():
    """Approving after requesting changes resolves the request."""
    reviews = [Review("xian-chen", "CHANGES_REQUESTED", OLD), *approvals("xian-chen")]
    assert decide(parties(), (CITY,), reviews, HEAD, "a").status == SUCCESS


def test_dismissed_review_withdraws_the_decision():
    """A dismissed review leaves no decision, and an earlier approval does not come back."""
    reviews = [*approvals("xian-chen"), Review("xian-chen", "DISMISSED", HEAD)]
    assert latest_decisions(reviews) == {}
    assert states(decide(parties(), (CITY,), reviews, HEAD, "a")) == [(CITY, WAITING, ())]


def test_deleted_accounts_and_pending_reviews_are_ignored():
    """Reviews without a user, and pending drafts, decide nothing."""
    reviews = [Review(None, "APPROVED", HEAD), Review("xian-chen", "PENDING", HEAD)]
    assert latest_decisions(reviews) == {}


def test_non_member_approval_does_not_count():
    """An approval by someone outside the party counts for nobody."""
    verdict = decide(parties(), REQUIRED, approvals("mallory"), HEAD, "a")
    assert verdict.approved == 0


def test_one_reviewer_counts_for_one_party_without_dual_roles():
    """A reviewer listed for two parties approves only one unless dual roles are allowed."""
    both = frozenset({"xian-chen"})
    extra = {CENTRE: Party(CENTRE, "联合中心", both)}
    verdict = decide(parties(**extra), (CITY, CENTRE), approvals("xian-chen"), HEAD, "a")
    assert states(verdict) == [(CITY, APPROVED, ("xian-chen",)), (CENTRE, WAITING, ())]


def test_dual_roles_allowed_count_for_both():
    """With allow_dual_roles one approval counts for every party the reviewer acts for."""
    extra = {CENTRE: Party(CENTRE, "联合中心", frozenset({"xian-chen"}))}
    verdict = decide(parties(dual=True, **extra), (CITY, CENTRE), approvals("xian-chen"), HEAD, "a")
    assert verdict.status == SUCCESS


def test_matching_gives_each_party_a_distinct_reviewer():
    """Two reviewers, one in both parties, approve both parties when matched well."""
    extra = {
        CITY: Party(CITY, "西安市人民政府", frozenset({"both", "city-only"})),
        CENTRE: Party(CENTRE, "联合中心", frozenset({"both"})),
    }
    verdict = decide(parties(**extra), (CITY, CENTRE), approvals("both", "city-only"), HEAD, "a")
    assert states(verdict) == [(CITY, APPROVED, ("city-only",)), (CENTRE, APPROVED, ("both",))]


def test_team_members_count_when_readable():
    """A member of a party's team approves for it when the team's membership was read."""
    extra = {OFFICE: Party(OFFICE, "办公室", frozenset(), ("Example-Org/Office",))}
    reviews = approvals("team-member")
    readable = decide(parties(**extra), (OFFICE,), reviews, HEAD, "a",
                      {"example-org/office": frozenset({"team-member"})})
    unreadable = decide(parties(**extra), (OFFICE,), reviews, HEAD, "a", {})
    assert (readable.status, unreadable.status) == (SUCCESS, PENDING)


def test_unlisted_party_waits_forever():
    """A required party missing from the parties file is waiting and marked unlisted."""
    verdict = decide(parties(), ("city:天津市",), approvals(*ALL), HEAD, "a")
    assert [(p.name, p.state, p.listed) for p in verdict.parties] == [("天津市", WAITING, False)]


def test_no_required_party_succeeds():
    """A pull request that needs nobody's approval passes."""
    assert decide(parties(), (), [], HEAD, "a").status == SUCCESS


def test_head_commit_author_cannot_approve():
    """Whoever wrote the head commit cannot approve it, though a party member and not the PR author."""
    verdict = decide(parties(), REQUIRED, approvals(*ALL), HEAD, "author", head_authors={"Centre-Wu"})
    assert states(verdict)[2] == (CENTRE, WAITING, ())
    assert verdict.status == PENDING


def test_head_commit_author_can_still_request_changes():
    """The head commit's author asking for changes still blocks their party."""
    reviews = [Review("centre-wu", "CHANGES_REQUESTED", HEAD)]
    verdict = decide(parties(), (CENTRE,), reviews, HEAD, "author", head_authors={"centre-wu"})
    assert states(verdict) == [(CENTRE, CHANGES_REQUESTED, ("centre-wu",))]
