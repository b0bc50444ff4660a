"""Fixtures of the audit tests: task books, parties, GitHub's OpenAPI description, a fake GitHub."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the helper modules beside the tests

from fake_github import FakeGitHub  # noqa: E402
from openapi_spec import Spec, fetch  # noqa: E402

ROOT = HERE.parents[1]
PARTIES = (HERE / "fixtures" / "parties.yml").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def openapi() -> Spec:
    """GitHub's OpenAPI description (pinned npm package, cached in .cache/, parsed once)."""
    return Spec.load(fetch(ROOT / ".cache"))


@pytest.fixture
def fake(openapi: Spec) -> Iterator[FakeGitHub]:
    """A running fake GitHub; the test fails if any request or response strays from the spec."""
    server = FakeGitHub(openapi)
    server.start()
    server.put(server.base_sha, ".github/parties.yml", PARTIES)
    yield server
    server.stop()
    assert server.problems == []


@pytest.fixture
def client(fake: FakeGitHub):
    """A PyGithub client talking to the fake."""
    from taskbook.audit.github import connect

    return connect("test-token", fake.base_url, seconds_between_requests=0,
                   seconds_between_writes=0, retry=0)
