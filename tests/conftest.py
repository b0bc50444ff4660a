"""Shared fixtures: paths of the repository, the bundled books, and the run's context."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskbook.context import Context

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository's top folder."""
    return ROOT


@pytest.fixture(scope="session")
def cities() -> Path:
    """The bundled task books."""
    return ROOT / "cities"


@pytest.fixture(scope="session")
def context() -> Context:
    """One run's schema, form and Markdown reader, shared by the tests that only read it."""
    return Context.load()
