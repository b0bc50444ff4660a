"""The parties file ``.github/parties.yml``: who reviews for whom.

It names the management office, the joint centre, each province's department and each
city's government (or bureau), with the GitHub logins (and optionally teams) acting for
each. It is parsed with the same strict YAML loader as the task books and validated
against ``schema/parties.schema.json``; every problem is a located diagnostic.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskbook import yamlsafe
from taskbook.codes import make
from taskbook.diagnostics import Diagnostic
from taskbook.form import FORM
from taskbook.paths import PARTIES_FILE as PARTIES_FILE  # re-exported: the audit reads it here
from taskbook.paths import folder_name, slug_of
from taskbook.schema import Schema, split

SCHEMA_FILE = "parties.schema.json"
MAX_BYTES = 256 * 1024

OFFICE = "office"
CENTRE = "centre"


def province_key(province: str) -> str:
    """Key of a province's party, e.g. ``province:陕西省``."""
    return f"province:{province}"


def city_key(city: str) -> str:
    """Key of a city's party, e.g. ``city:西安市``."""
    return f"city:{city}"


@dataclass(frozen=True)
class Party:
    """One reviewing party.

    Attributes:
        key: ``office``, ``centre``, ``province:<省>`` or ``city:<市>``.
        name: the unit's Chinese name, shown in statuses and comments.
        members: GitHub logins acting for the party, lower-cased (logins are case-insensitive).
        teams: ``org/slug`` teams whose members act for the party, when readable.
    """

    key: str
    name: str
    members: frozenset[str] = frozenset()
    teams: tuple[str, ...] = ()


@dataclass(frozen=True)
class City:
    """What the parties file says about a city besides its party."""

    name: str
    slug: str
    province: str | None


@dataclass(frozen=True)
class Parties:
    """The whole parties file."""

    parties: Mapping[str, Party]
    cities: tuple[City, ...] = ()
    allow_dual_roles: bool = False
    by_slug: Mapping[str, City] = field(default_factory=dict, repr=False)

    def get(self, key: str) -> Party | None:
        """Return the party with ``key``, or None when the file does not list it."""
        return self.parties.get(key)

    def city_for_slug(self, slug: str) -> City | None:
        """Return the city whose book lives in ``cities/<slug>/``."""
        return self.by_slug.get(slug)


def _party(key: str, entry: Mapping[str, Any]) -> Party:
    return Party(
        key,
        entry["name"],
        frozenset(login.lower() for login in entry.get("members", ())),
        tuple(entry.get("teams", ())),
    )


def from_data(data: Mapping[str, Any]) -> Parties:
    """Build :class:`Parties` from front-matter-like data already valid against the schema."""
    parties = {
        OFFICE: _party(OFFICE, data["management_office"]),
        CENTRE: _party(CENTRE, data["joint_centre"]),
    }
    for province, entry in data.get("provinces", {}).items():
        parties[province_key(province)] = _party(province_key(province), entry)
    cities = []
    for city, entry in data.get("cities", {}).items():
        parties[city_key(city)] = _party(city_key(city), entry)
        cities.append(City(city, entry["slug"], entry.get("province")))
    return Parties(
        parties,
        tuple(cities),
        bool(data.get("allow_dual_roles", False)),
        {c.slug: c for c in cities},
    )




def parse(raw: bytes, name: str = PARTIES_FILE) -> tuple[Parties | None, list[Diagnostic]]:
    """Load a parties file from its bytes.

    Returns:
        ``(parties, diagnostics)``; ``parties`` is None when there is any error.
    """

    def fail(message: str, hint: str | None = None) -> tuple[None, list[Diagnostic]]:
        return None, [make("parties-invalid", name, 1, 1, "", message, hint)]

    if len(raw) > MAX_BYTES:
        return fail(f"文件超过 {MAX_BYTES // 1024} KiB。")
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return fail("文件不是 UTF-8 编码。", hint="请将文件另存为 UTF-8 编码。")
    data, positions, problem = yamlsafe.load(text)
    if problem is not None:
        detail = problem.detail.split("\n")[0] if problem.kind == "yaml-duplicate-key" else ""
        message = f"字段 {detail} 重复出现。" if detail else f"第 {problem.line + 1} 行无法读取。"
        return None, [make(problem.kind, name, problem.line + 1, problem.column + 1, "", message)]
    if not isinstance(data, dict):
        return fail("文件应为“字段: 值”的形式。")
    # Read once per run (the parties file is read once), so no cache is kept.
    contract = Schema.load(SCHEMA_FILE)
    found = [] if contract.fast.is_valid(data) else [
        _translate(error, positions, name) for error in contract.detailed.iter_errors(data)]
    found.extend(_check_cities(data, positions, name) if not found else ())
    if found:
        return None, sorted(found)
    return from_data(data), []


def _locate(positions: Mapping[str, yamlsafe.Pos], pointer: str, key: bool = False) -> tuple[int, int]:
    probe = pointer
    while probe not in positions and probe:
        probe = probe.rsplit("/", 1)[0]
        key = True
    pos = positions.get(probe)
    if pos is None:
        return 1, 1
    if key and probe:
        return pos.key_line + 1, pos.key_column + 1
    return pos.line + 1, pos.column + 1


def _pointer(path: Iterable[Any]) -> str:
    return "".join(f"/{yamlsafe.escape(str(token))}" for token in path)


def _label(pointer: str) -> str:
    labels = {
        "management_office": "攻关项目管理办公室", "joint_centre": "攻关联合中心",
        "provinces": "省级生态环境部门", "cities": "城市", "name": "单位名称",
        "members": "审核人账号", "teams": "审核团队", "slug": "城市文件夹名",
        "province": "所属省份", "allow_dual_roles": "允许一人代表多方",
    }
    parts = []
    for token in split(pointer):
        parts.append(f"第 {int(token) + 1} 项" if token.isdigit() else labels.get(token, token))
    return " › ".join(parts) or "文件"


def _translate(error: Any, positions: Mapping[str, yamlsafe.Pos], name: str) -> Diagnostic:
    pointer = _pointer(error.absolute_path)
    where = f"「{_label(pointer)}」"
    kind = error.validator
    key = False
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        message = f"{where}缺少字段 {missing}。"
        hint = "请补上该字段；格式见审核指南。"
        key = True
    elif kind in ("additionalProperties", "unevaluatedProperties"):
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        pointer = f"{pointer}/{yamlsafe.escape(extra[0])}" if extra else pointer
        message = f"{where}中有未知字段 {', '.join(extra)}。"
        hint = "请检查拼写，可用字段见审核指南。"
        key = True
    elif kind == "propertyNames":
        message = f"{where}中的名称“{error.instance}”不对。"
        hint = "省份写全称（如“陕西省”），城市写全称（如“西安市”）。"
        pointer = f"{pointer}/{yamlsafe.escape(str(error.instance))}"
        key = True
    elif kind == "pattern":
        message = f"{where}的值“{error.instance}”格式不对。"
        hint = error.schema.get("x-hint", "请按审核指南填写。") + "。"
    elif kind == "type":
        expected = {"object": "一组字段", "array": "列表", "string": "文本", "boolean": "true 或 false"}
        wanted = error.validator_value if isinstance(error.validator_value, str) else "object"
        message = f"{where}应为{expected.get(wanted, wanted)}。"
        hint = "请按审核指南中的格式填写。"
    elif kind == "uniqueItems":
        message = f"{where}中有重复项。"
        hint = "请删去重复的账号或团队。"
    else:
        message = f"{where}不符合要求（{kind}）。"
        hint = "请按审核指南中的格式填写。"
    line, column = _locate(positions, pointer, key)
    return make("parties-invalid", name, line, column, pointer, message, hint)


def _check_cities(
    data: Mapping[str, Any], positions: Mapping[str, yamlsafe.Pos], name: str
) -> Iterator[Diagnostic]:
    """Each city names a listed province (none for 北京/天津) and slugs are unique."""
    provinces = data.get("provinces", {})
    slugs: dict[str, str] = {}
    for city, entry in data.get("cities", {}).items():
        pointer = f"/cities/{yamlsafe.escape(city)}"
        province = entry.get("province")
        if province is None and FORM.variant(city) == "general":
            line, column = _locate(positions, pointer, True)
            yield make("parties-invalid", name, line, column, pointer,
                       f"城市“{city}”没有填写所属省份（province）。",
                       "北京市、天津市以外的城市须填写所属省份，如 province: 陕西省。")
        elif province is not None and province not in provinces:
            line, column = _locate(positions, pointer + "/province")
            yield make("parties-invalid", name, line, column, pointer + "/province",
                       f"城市“{city}”的所属省份“{province}”不在 provinces 中。",
                       f"请在 provinces 下添加“{province}”及其审核人账号，或改正省份名称。")
        slug = entry.get("slug")
        if slug in slugs:
            line, column = _locate(positions, pointer + "/slug")
            yield make("parties-invalid", name, line, column, pointer + "/slug",
                       f"城市文件夹名 {slug} 已用于“{slugs[slug]}”。", "每个城市的文件夹名须唯一。")
        else:
            slugs[slug] = city


def read(path: Path | str) -> tuple[Parties | None, list[Diagnostic]]:
    """Read and parse a parties file from disk."""
    name = Path(path).as_posix()
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        return None, [make("file-unreadable", name, 1, 1, "", f"无法读取文件（{error.strerror or error}）。")]
    return parse(raw, name)


def check_books(
    parties: Parties, books: Iterable[tuple[str, str | None]], name: str = PARTIES_FILE
) -> Iterator[Diagnostic]:
    """Every city with a book has a party whose folder and name match the book.

    Args:
        books: ``(path, city name)`` of each book, path ``cities/<slug>/taskbook.md``.
    """
    for path, city in books:
        slug = slug_of(path) or folder_name(path)
        entry = parties.city_for_slug(slug)
        if entry is None:
            shown = f"“{city}”" if city else slug
            yield make("parties-city-missing", path, 1, 1, "",
                       f"城市{shown}有任务书，但 {name} 中没有文件夹名为 {slug} 的城市。",
                       f"请在 {name} 的 cities 下添加该城市（name、slug: {slug}、province、members），"
                       "并经攻关项目管理办公室批准合并。")
        elif city and entry.name != city:
            yield make("parties-city-missing", path, 1, 1, "",
                       f"任务书的城市是“{city}”，但 {name} 中文件夹 {slug} 对应的是“{entry.name}”。",
                       "请核对城市名称和文件夹名，二者须与审核各方文件一致。")


def check_parties(
    path: Path | str, books: Iterable[tuple[str, str | None]] = ()
) -> list[Diagnostic]:
    """Validate a parties file and, when it is valid, that it covers every book's city.

    This is what ``taskbook validate`` calls when the repository has a parties file.
    """
    parties, found = read(path)
    if parties is not None:
        found.extend(check_books(parties, books, Path(path).as_posix()))
    return found
