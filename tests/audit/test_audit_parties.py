"""The parties file: schema, located diagnostics, coverage of every city with a book."""

from __future__ import annotations

import json

import jsonschema
from audit_books import PARTIES

from taskbook.audit.parties import (
    CENTRE,
    OFFICE,
    City,
    check_books,
    check_parties,
    parse,
)
from taskbook.cli import main
from taskbook.schema import read_document


def diagnostics(text: str) -> list[tuple[str, int, int, str]]:
    """(code, line, column, pointer) of each problem of a parties file."""
    parties, found = parse(text.encode(), ".github/parties.yml")
    assert (parties is None) == bool(found)
    return [(d.code, d.line, d.column, d.pointer) for d in found]


def test_schema_is_valid_2020_12():
    """The parties schema itself passes the 2020-12 metaschema."""
    jsonschema.Draft202012Validator.check_schema(read_document("parties.schema.json"))


def test_bundled_parties_file_is_valid(root):
    """The repository's .github/parties.yml loads and lists the folder of every bundled book."""
    parties, found = parse((root / ".github" / "parties.yml").read_bytes())
    assert found == []
    folders = {path.parent.name for path in (root / "cities").glob("*/taskbook.md")}
    assert folders and folders <= {c.slug for c in parties.cities}
    assert parties.allow_dual_roles is False


def test_parse_builds_lower_case_members_and_cities():
    """Members are lower-cased; cities carry folder and province."""
    parties, _ = parse(PARTIES.encode())
    assert parties.get(OFFICE).members == frozenset({"office-li"})
    assert parties.get(CENTRE).name == "国家大气污染防治攻关联合中心"
    assert parties.city_for_slug("xian") == City("西安市", "xian", "陕西省")
    assert parties.city_for_slug("beijing") == City("北京市", "beijing", None)


def test_unknown_field_is_located_at_its_key():
    """A misspelt field is reported at its own line and column."""
    text = PARTIES.replace("  members: [centre-wu]", "  member: [centre-wu]")
    line = text.splitlines().index("  member: [centre-wu]") + 1
    assert diagnostics(text) == [
        ("parties-invalid", line - 2, 1, "/joint_centre"),
        ("parties-invalid", line, 3, "/joint_centre/member"),
    ]


def test_bad_login_is_refused_with_its_position():
    """A login with an @ or a space is not a GitHub login."""
    text = PARTIES.replace("members: [xian-chen]", "members: [\"@xian chen\"]")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "@xian chen" in row)
    column = text.splitlines()[line - 1].index('"@xian') + 1
    assert diagnostics(text) == [("parties-invalid", line, column, "/cities/西安市/members/0")]


def test_city_without_province_is_refused():
    """A city other than 北京/天津 must name its province."""
    text = PARTIES.replace(", province: 陕西省", "")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("  西安市"))
    assert diagnostics(text) == [("parties-invalid", line, 3, "/cities/西安市")]


def test_city_with_unlisted_province_is_refused():
    """A city's province must be listed under provinces."""
    text = PARTIES.replace("province: 山东省", "province: 河南省")
    assert [d[3] for d in diagnostics(text)] == ["/cities/济南市/province"]


def test_duplicate_slug_is_refused():
    """Two cities cannot share a folder."""
    text = PARTIES.replace("slug: jinan", "slug: xian")
    assert [d[3] for d in diagnostics(text)] == ["/cities/济南市/slug"]


def test_missing_management_office_is_refused():
    """The management office is required."""
    text = PARTIES.replace("management_office:", "office:")
    assert sorted(d[3] for d in diagnostics(text)) == ["", "/office"]


def test_yaml_problems_use_the_yaml_codes():
    """Duplicate keys and aliases in the parties file are the loader's own codes."""
    assert [d[0] for d in diagnostics(PARTIES + "joint_centre: {name: x, members: []}\n")] == [
        "yaml-duplicate-key"]
    assert [d[0] for d in diagnostics("a: &x 1\nb: *x\n")] == ["yaml-alias"]


def test_not_utf8_is_refused():
    """A parties file saved in GBK is refused with a hint to re-save it."""
    parties, found = parse("城市".encode("gbk"))
    assert parties is None
    assert [(d.code, d.message) for d in found] == [
        ("parties-invalid", "文件不是 UTF-8 编码。请将文件另存为 UTF-8 编码。")]


def test_every_city_with_a_book_needs_a_party():
    """A book in a folder the parties file does not list is reported on the book."""
    parties, _ = parse(PARTIES.encode())
    books = [("cities/xian/taskbook.md", "西安市"), ("cities/tangshan/taskbook.md", "唐山市"),
             ("cities/jinan/taskbook.md", "西安市")]
    found = list(check_books(parties, books))
    assert [(d.file, d.code) for d in found] == [
        ("cities/tangshan/taskbook.md", "parties-city-missing"),
        ("cities/jinan/taskbook.md", "parties-city-missing"),
    ]
    assert "唐山市" in found[0].message and "tangshan" in found[0].message


def test_check_parties_reports_file_problems_first(tmp_path):
    """An invalid parties file is reported, and no coverage check runs on it."""
    path = tmp_path / "parties.yml"
    path.write_text("management_office: 1\n", encoding="utf-8")
    found = check_parties(path, [("cities/xian/taskbook.md", None)])
    assert {d.code for d in found} == {"parties-invalid"}


def test_validate_checks_the_parties_file_in_the_repository(tmp_path, monkeypatch, capsys, root):
    """`taskbook validate` in a repository also checks .github/parties.yml and its coverage."""
    (tmp_path / "cities" / "tangshan").mkdir(parents=True)
    source = (root / "cities" / "shijiazhuang" / "taskbook.md").read_text(encoding="utf-8")
    (tmp_path / "cities" / "tangshan" / "taskbook.md").write_text(source, encoding="utf-8")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "parties.yml").write_text(PARTIES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert found["files"] == 2
    assert [(d["file"], d["code"]) for d in found["diagnostics"]] == [
        ("cities/tangshan/taskbook.md", "parties-city-missing")]


def test_validate_elsewhere_leaves_the_parties_file_alone(tmp_path, monkeypatch, capsys, root):
    """Books outside the repository's cities/ folder are validated without the parties check."""
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "parties.yml").write_text("not: [valid\n", encoding="utf-8")
    book = root / "cities" / "shijiazhuang" / "taskbook.md"
    monkeypatch.chdir(tmp_path)
    main(["validate", "--format", "json", str(book)])
    found = json.loads(capsys.readouterr().out)
    assert found["files"] == 1
    assert "parties-invalid" not in {d["code"] for d in found["diagnostics"]}
