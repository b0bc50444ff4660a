"""Fixtures of the site tests: a project made of the test books, built once per profile."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from site_helpers import BOOKS, SITE_URL, make_project

from taskbook.checker import check_paths
from taskbook.context import Context
from taskbook.site.build import build

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site project of the three test books, committed in a git repository."""
    return make_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="session")
def sites(project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test books' site, built strictly once for each profile (the public one with a
    ``site_url`` under a sub-path, the internal one without, as on an intranet)."""
    out = tmp_path_factory.mktemp("sites")
    cwd = os.getcwd()
    os.chdir(project)
    try:
        return {profile: build(project / "mkdocs.yml", profile=profile, site_dir=out / profile,
                               strict=True, site_url=SITE_URL if profile == "public" else None)
                for profile in ("public", "internal")}
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="session")
def books() -> list[Any]:
    """The test books, loaded and valid."""
    report = check_paths([BOOKS], keep_books=True, context=Context.load())
    assert report.diagnostics == []
    return report.books
