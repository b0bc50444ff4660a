"""``.github/CODEOWNERS`` generated from the parties file.

CODEOWNERS only routes review requests and protects the project's own files; the joint
audit (a required status) is what enforces that every party approved. Each city folder is
owned by its city's and its province's reviewers; ``schema/``, ``.github/`` and ``src/``
by the management office. A city's reports also go to the joint centre, which compiles
them, and its acceptance records to the joint centre and the office.
"""

from __future__ import annotations

from pathlib import Path

from taskbook import files
from taskbook.audit.parties import CENTRE, OFFICE, Parties, Party, city_key, province_key

CODEOWNERS_FILE = ".github/CODEOWNERS"
HEADER = "# 由 `taskbook codeowners` 根据 .github/parties.yml 生成，请勿手工修改。"
OFFICE_PATHS = ("/schema/", "/.github/", "/src/")


def _owners(*found: Party | None) -> list[str]:
    owners: list[str] = []
    for party in found:
        if party is None:
            continue
        for owner in [*sorted(party.members), *sorted(t.lower() for t in party.teams)]:
            if f"@{owner}" not in owners:
                owners.append(f"@{owner}")
    return owners


def render(parties: Parties) -> str:
    """Return the CODEOWNERS text for ``parties`` (pure, deterministic)."""
    lines = [HEADER, "# 城市文件夹：所在城市和省级生态环境部门的审核人；季度执行情况报告另加攻关联合中心，"
             "验收申请和结论再加攻关项目管理办公室。"]
    for city in sorted(parties.cities, key=lambda c: c.slug):
        province = parties.get(province_key(city.province)) if city.province else None
        owners = _owners(parties.get(city_key(city.name)), province)
        lines.append(" ".join([f"/cities/{city.slug}/", *owners]))
        own = parties.get(city_key(city.name))
        # 北京 and 天津 have no province party: the office reviews their reports in its place.
        lines.append(" ".join([f"/cities/{city.slug}/reports/",
                               *_owners(own, province or parties.get(OFFICE), parties.get(CENTRE))]))
        lines.append(" ".join([f"/cities/{city.slug}/acceptance/",
                               *_owners(own, province, parties.get(CENTRE), parties.get(OFFICE))]))
    lines.append("# 规范、工作流、审核各方文件和工具：攻关项目管理办公室。")
    office = _owners(parties.get(OFFICE))
    lines.extend(" ".join([path, *office]) for path in OFFICE_PATHS)
    return "\n".join(lines) + "\n"


def is_generated(path: Path) -> bool:
    """True when ``path`` is absent or was written by this command."""
    try:
        return path.read_text(encoding="utf-8-sig").startswith(HEADER)
    except FileNotFoundError:
        return True
    except (OSError, UnicodeDecodeError):
        return False


def is_current(parties: Parties, path: Path) -> bool:
    """True when ``path`` holds exactly what :func:`render` produces."""
    try:
        return path.read_text(encoding="utf-8") == render(parties)
    except (OSError, UnicodeDecodeError):
        return False


def write(parties: Parties, path: Path) -> None:
    """Write the generated file atomically, replacing the previous one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    files.write_atomic(path, render(parties).encode("utf-8"), overwrite=True)
