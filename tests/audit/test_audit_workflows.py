"""The workflows keep their security properties (the offline linters run in scripts/test)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"
NAMES = ("validate.yml", "review.yml", "audit.yml", "pages.yml", "test.yml")
USES = re.compile(r"^\s*(?:- )?uses: (.*)$", re.MULTILINE)
PINNED = re.compile(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*")


def load(name: str) -> dict:
    """Parse a workflow; PyYAML reads the key ``on`` as True, so put it back."""
    document = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    document["on"] = document.pop(True)
    return document


def steps(document: dict):
    """Every step of every job."""
    for job in document["jobs"].values():
        yield from job.get("steps", [])


def test_the_workflows_exist():
    """Exactly the five workflows are present."""
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_action_is_pinned_by_commit(name):
    """Each `uses:` names a full commit sha followed by the version it stands for."""
    lines = [match.group(1) for match in USES.finditer((WORKFLOWS / name).read_text(encoding="utf-8"))]
    assert lines and all(PINNED.fullmatch(line) for line in lines), lines


@pytest.mark.parametrize("name", NAMES)
def test_no_expression_inside_run(name):
    """No `${{ }}` is expanded into a shell script; values come through `env:`."""
    assert [s["run"] for s in steps(load(name)) if "${{" in s.get("run", "")] == []


@pytest.mark.parametrize("name", NAMES)
def test_permissions_are_empty_by_default_and_set_per_job(name):
    """The workflow grants nothing; each job asks for what it needs."""
    document = load(name)
    assert document["permissions"] == {}
    assert all("permissions" in job for job in document["jobs"].values())


@pytest.mark.parametrize("name", NAMES)
def test_no_pull_request_target(name):
    """No workflow runs with pull_request_target."""
    assert "pull_request_target" not in load(name)["on"]


def test_validate_is_read_only():
    """Validation of pull-request code runs with a read-only token."""
    document = load("validate.yml")
    assert list(document["on"]) == ["pull_request"]
    assert document["jobs"]["validate"]["permissions"] == {"contents": "read"}
    runs = " ".join(s.get("run", "") for s in steps(document))
    assert 'taskbook validate --base "$BASE_SHA" --format github' in runs
    assert "GITHUB_STEP_SUMMARY" in runs


def test_audit_checks_out_only_the_default_branch():
    """Every checkout in the audit names the default branch, never the pull request."""
    document = load("audit.yml")
    checkouts = [s for s in steps(document) if s.get("uses", "").startswith("actions/checkout@")]
    assert len(checkouts) == 2
    assert all(s["with"] == {"ref": "${{ github.event.repository.default_branch }}",
                             "persist-credentials": False} for s in checkouts)
    assert set(document["on"]) == {"workflow_run", "pull_request_review"}
    assert document["on"]["workflow_run"]["workflows"] == ["validate", "review"]


def test_audit_reads_the_artifact_as_untrusted():
    """The artifact's size is capped before download and its sha must match the run's head."""
    text = (WORKFLOWS / "audit.yml").read_text(encoding="utf-8")
    assert '"$size" -gt 65536' in text
    assert 'sha != os.environ["RUN_HEAD_SHA"]' in text
    assert 'taskbook audit --repo "$REPOSITORY" --pr "$PR_NUMBER" --head-sha "$HEAD_SHA"' in text


def test_pages_deploys_with_the_official_actions():
    """The site is built on push to main and deployed by upload-pages-artifact and deploy-pages."""
    document = load("pages.yml")
    assert document["on"]["push"] == {"branches": ["main"]}
    used = [s.get("uses", "").split("@")[0] for s in steps(document)]
    assert "actions/upload-pages-artifact" in used and "actions/deploy-pages" in used
    assert document["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_tooling_pull_requests_run_the_tests_read_only_in_debian():
    """A pull request changing the tooling runs .ci/run with a read-only token in a Debian container."""
    document = load("test.yml")
    assert document["on"] == {"pull_request": {"paths": [
        "src/**", "schema/**", "tests/**", "scripts/**", ".ci/**", "pyproject.toml", "mkdocs.yml"]}}
    job = document["jobs"]["test"]
    assert job["permissions"] == {"contents": "read"}
    assert job["container"]["image"] == "python:3.11-bookworm"
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["persist-credentials"] is False
    assert job["steps"][-1]["run"] == ".ci/run"


def test_ci_run_installs_what_the_tests_need_as_root_or_with_sudo():
    """.ci/run installs the Debian packages and the commands the tests call, as root or via sudo."""
    text = (WORKFLOWS.parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "packages=(chromium fonts-noto-cjk fonts-liberation2 libreoffice-writer poppler-utils ca-certificates)" in text
    assert "command -v git >/dev/null 2>&1 || missing+=(git)" in text
    assert "command -v npm >/dev/null 2>&1 || missing+=(npm)" in text
    assert "missing+=(python3 python3-venv)" in text
    assert '[ "$(id -u)" -eq 0 ] || as_root=(sudo)' in text
    assert text.rstrip().endswith("exec scripts/test")
