"""The joint-audit decision: a pure function of parties, reviews, head commit and author.

An approval counts only when it is the reviewer's latest deciding review (APPROVED or
CHANGES_REQUESTED; a comment does not undo it, a dismissal does), it was given on the pull
request's current head commit, the reviewer acts for the party, and the reviewer is neither
the pull request's author nor an author of its head commit (as GitHub's "the most recent
push needs someone else's approval": whoever wrote the last commit cannot approve it). Unless the parties file allows dual roles, one reviewer's approval
counts for one party only; the reviewers are then matched to parties so that as many
parties as possible are approved.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from taskbook.audit.parties import Parties, Party

APPROVED = "approved"
WAITING = "waiting"
CHANGES_REQUESTED = "changes_requested"

SUCCESS = "success"
PENDING = "pending"
FAILURE = "failure"


@dataclass(frozen=True)
class Review:
    """A submitted pull-request review, in the order GitHub lists them (oldest first).

    Attributes:
        login: the reviewer's login, or None for a deleted account.
        state: ``APPROVED``, ``CHANGES_REQUESTED``, ``COMMENTED``, ``DISMISSED`` or ``PENDING``.
        commit_id: the commit the review was given on.
    """

    login: str | None
    state: str
    commit_id: str | None = None


@dataclass(frozen=True)
class PartyState:
    """One required party's state.

    Attributes:
        key: the party's key (``office``, ``city:西安市`` …).
        name: the unit's name, or the key when the parties file does not list it.
        state: ``approved``, ``waiting`` or ``changes_requested``.
        by: the logins behind the state (the approver counted, or who requested changes).
        listed: False when the parties file has no such party (it can never approve).
    """

    key: str
    name: str
    state: str
    by: tuple[str, ...] = ()
    listed: bool = True
    early: bool = False
    """An approval was given before the party that must approve first (an acceptance
    application's city) approved, so it does not count: the party must approve again."""


@dataclass(frozen=True)
class Verdict:
    """Every required party's state and the overall commit status."""

    parties: tuple[PartyState, ...]
    informed: tuple[PartyState, ...] = ()
    """Parties asked to review who need not approve (a report's city): never blocking."""

    @property
    def approved(self) -> int:
        """How many required parties approved."""
        return sum(p.state == APPROVED for p in self.parties)

    @property
    def waiting(self) -> tuple[PartyState, ...]:
        """The parties that have not approved yet."""
        return tuple(p for p in self.parties if p.state == WAITING)

    @property
    def blocking(self) -> tuple[PartyState, ...]:
        """The parties that requested changes."""
        return tuple(p for p in self.parties if p.state == CHANGES_REQUESTED)

    @property
    def status(self) -> str:
        """``failure`` if any party requested changes, ``success`` if all approved, else ``pending``."""
        if self.blocking:
            return FAILURE
        return SUCCESS if self.approved == len(self.parties) else PENDING


def latest_decisions(reviews: Sequence[Review]) -> dict[str, Review]:
    """Each reviewer's (lower-cased login) latest deciding review.

    APPROVED and CHANGES_REQUESTED decide; DISMISSED withdraws the reviewer's decision;
    COMMENTED and PENDING change nothing. Reviews of deleted accounts are ignored.
    """
    latest: dict[str, Review] = {}
    for review in reviews:
        if review.login is None:
            continue
        login = review.login.lower()
        if review.state in ("APPROVED", "CHANGES_REQUESTED"):
            latest[login] = review
        elif review.state == "DISMISSED":
            latest.pop(login, None)
    return latest


def _members(party: Party, team_members: Mapping[str, frozenset[str]]) -> frozenset[str]:
    found = set(party.members)
    for team in party.teams:
        found.update(login.lower() for login in team_members.get(team.lower(), ()))
    return frozenset(found)


def members_of(party: Party, team_members: Mapping[str, frozenset[str]] | None = None
               ) -> frozenset[str]:
    """Who acts for a party: its listed logins and the members of its readable teams."""
    return _members(party, team_members or {})


def _match(candidates: dict[str, list[str]]) -> dict[str, str]:
    """Match parties to distinct approvers, as many as possible (augmenting paths)."""
    owner: dict[str, str] = {}  # login -> party key

    def assign(key: str, seen: set[str]) -> bool:
        for login in candidates[key]:
            if login in seen:
                continue
            seen.add(login)
            if login not in owner or assign(owner[login], seen):
                owner[login] = key
                return True
        return False

    for key in candidates:
        assign(key, set())
    return {key: login for login, key in owner.items()}


def decide(
    parties: Parties,
    required: Sequence[str],
    reviews: Sequence[Review],
    head_sha: str,
    author: str | None,
    team_members: Mapping[str, frozenset[str]] | None = None,
    *,
    head_authors: Collection[str] = (),
    first: str | None = None,
    informed: Sequence[str] = (),
) -> Verdict:
    """Decide each required party's state.

    Args:
        parties: read from the base commit, never from the pull request.
        required: the keys of the parties that must approve, in display order.
        reviews: every submitted review, oldest first.
        head_sha: the pull request's current head commit.
        author: the pull request author's login.
        team_members: ``org/slug`` (lower-case) → logins, for the teams whose membership
            could be read; teams missing here count no one.
        head_authors: the logins of the head commit's author and committer; their
            approvals do not count (their requests for changes do).
        first: a party whose approval must come before every other party's (the city's
            consent to an acceptance application, 共同条款 5): an approval given earlier
            than its first counting approval does not count.
        informed: parties asked to review who need not approve; their states are
            reported and never decide the status.

    Returns:
        A :class:`Verdict` with one :class:`PartyState` per required party.
    """
    author_login = (author or "").lower()
    cannot_approve = {author_login, *(login.lower() for login in head_authors)}
    teams = team_members or {}
    decisions = latest_decisions(reviews)
    valid = sorted(
        login for login, review in decisions.items()
        if review.state == "APPROVED" and review.commit_id == head_sha
        and login not in cannot_approve
    )
    requested = sorted(
        login for login, review in decisions.items()
        if review.state == "CHANGES_REQUESTED" and login != author_login
    )
    members = {key: _members(party, teams) for key in (*required, *informed)
               if (party := parties.get(key))}
    candidates = {key: [login for login in valid if login in members[key]]
                  for key in members if key in required}
    early: set[str] = set()
    if first is not None and first in candidates:
        # Reviews are listed oldest first: a decision's place in the list is its time.
        when = {review.login.lower(): index for index, review in enumerate(reviews)
                if review.login is not None and decisions.get(review.login.lower()) is review}
        times = [when[login] for login in candidates[first]]
        start = min(times) if times else None
        for key, logins in candidates.items():
            if key == first:
                continue
            kept = [login for login in logins if start is not None and when[login] > start]
            if logins and not kept:
                early.add(key)
            candidates[key] = kept
    if parties.allow_dual_roles:
        chosen = {key: logins[0] for key, logins in candidates.items() if logins}
    else:
        chosen = _match(candidates)
    states = []
    for key in required:
        party = parties.get(key)
        if party is None:
            states.append(PartyState(key, key.split(":", 1)[-1], WAITING, (), listed=False))
            continue
        blockers = tuple(login for login in requested if login in members[key])
        if blockers:
            states.append(PartyState(key, party.name, CHANGES_REQUESTED, blockers))
        elif key in chosen:
            states.append(PartyState(key, party.name, APPROVED, (chosen[key],)))
        else:
            states.append(PartyState(key, party.name, WAITING, early=key in early))
    asked = []
    for key in informed:
        party = parties.get(key)
        if party is None:
            continue
        blockers = tuple(login for login in requested if login in members[key])
        approvers = tuple(login for login in valid if login in members[key])
        state = CHANGES_REQUESTED if blockers else APPROVED if approvers else WAITING
        asked.append(PartyState(key, party.name, state, blockers or approvers))
    return Verdict(tuple(states), tuple(asked))
