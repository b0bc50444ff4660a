"""Shared fixtures: paths of the repository, the bundled books and the test books."""

from __future__ import annotations

from pathlib import Path

import pytest

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
