"""Fixtures of the lifecycle tests: the bundled books with their records, and their site."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from lifecycle_dates import ROOT, TODAY

from taskbook.checker import Report, check_paths
from taskbook.context import Context

sys.path.insert(0, str(ROOT / "tests" / "site"))  # the site tests' project helper


@pytest.fixture(scope="session")
def bundled() -> Report:
    """The bundled books and their records, validated on :data:`TODAY`, kept."""
    report = check_paths([ROOT / "cities"], context=Context.load(today=TODAY), keep_books=True)
    assert report.diagnostics == []
    return report


@pytest.fixture(scope="session")
def lifecycle_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled cities' site on :data:`TODAY`, built strictly for each profile."""
    from site_helpers import make_project

    from taskbook.site.build import build

    project = make_project(tmp_path_factory.mktemp("lifecycle-project"), ROOT / "cities")
    shutil.copytree(ROOT / ".github", project / ".github")
    out = tmp_path_factory.mktemp("lifecycle-sites")
    cwd, before = os.getcwd(), os.environ.get("TASKBOOK_TODAY")
    os.chdir(project)
    os.environ["TASKBOOK_TODAY"] = TODAY.isoformat()
    try:
        return {profile: build(project / "mkdocs.yml", profile=profile, site_dir=out / profile,
                               strict=True) for profile in ("public", "internal")}
    finally:
        os.chdir(cwd)
        if before is None:
            del os.environ["TASKBOOK_TODAY"]
        else:
            os.environ["TASKBOOK_TODAY"] = before
