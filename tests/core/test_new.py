"""taskbook new: the skeleton's text, what validate says of it, and what it refuses."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from taskbook import skeleton
from taskbook.checker import check_paths
from taskbook.cli import cli
from taskbook.context import Context
from taskbook.form import FORM

QUARTERS = FORM.rules.periods
GOLDEN = Path(__file__).resolve().parent / "fixtures" / "new"
UPDATE = os.environ.get("TASKBOOK_UPDATE_GOLDEN") == "1"
XIAN = skeleton.City("西安市", "陕西省", 31, "610100")
BEIJING = skeleton.City("北京市", "北京市", 17)
ARGS = ["new", "xian", "--city", "西安市", "--province", "陕西省", "--seq", "31", "--code", "610100"]


def _golden(name: str, text: str) -> str:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return path.read_text(encoding="utf-8")


def _front_matter(text: str) -> str:
    return text.split("\n---\n", 1)[0].removeprefix("---\n")


def _uncommented(text: str) -> str:
    """The front matter with its commented-out keys (optional sections) switched on."""
    key = re.compile(r"^(\s*)# (\s*(?:- )?[a-z_]+:.*)$")
    return "\n".join(key.sub(r"\1\2", line) for line in _front_matter(text).split("\n"))


def _leaves(node: dict, pointer: str = "", items: dict | None = None, required: bool = False):
    """Pointers of every scalar in the schema, lists expanded to the skeleton's rows (with
    ``required``, only those a book must fill in below its top level)."""
    for name, child in node.get("properties", {}).items():
        if required and pointer and name not in node.get("required", ()):
            continue
        here = f"{pointer}/{name}"
        if child.get("type") == "object":
            yield from _leaves(child, here, items, required)
        elif child.get("type") == "array":
            for index in range((items or {}).get(here, 1)):
                yield from _leaves(child["items"], f"{here}/{index}", items, required)
        else:
            yield here


def _pointers(value, pointer: str = ""):
    """Pointers of every scalar in a loaded document."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _pointers(child, f"{pointer}/{key}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _pointers(child, f"{pointer}/{index}")
    else:
        yield pointer


@pytest.mark.parametrize(("city", "name"), [(XIAN, "xian.md"), (BEIJING, "beijing.md")])
def test_skeleton_text_matches_golden_file(city, name, context):
    """The generated file is exactly the reviewed golden file (TASKBOOK_UPDATE_GOLDEN=1 rewrites it)."""
    assert skeleton.render(city, context) == _golden(name, skeleton.render(city, context))


def test_skeleton_has_every_schema_key_once_uncommented(context):
    """Switching on the commented examples gives a document with every key of the schema."""
    data = yaml.safe_load(_uncommented(skeleton.render(XIAN, context)))
    expected = set(_leaves(context.schema.document, items={"/quarters": len(QUARTERS)}))
    assert set(_pointers(data)) == expected
    assert {"/signing/signers/0/party", "/changes/0/reason", "/province_contact/fax"} <= expected


def test_skeleton_prefills_what_is_known(context):
    """Task id and name, dates, city, the eight quarters and row A are filled in; the rest is empty."""
    data = yaml.safe_load(_front_matter(skeleton.render(XIAN, context)))
    assert data["schema_version"] == 1
    assert data["task"] == {"id": "DQGG202131", "name": "西安市细颗粒物和臭氧污染协同防控综合解决方案研究",
                            "start": "2021-05", "end": "2023-04"}
    assert data["city"] == {"name": "西安市", "province": "陕西省", "seq": 31, "code": "610100"}
    assert [q["period"] for q in data["quarters"]] == list(QUARTERS)
    assert data["people"][0]["role"] == "A"
    assert "signing" not in data and "changes" not in data
    assert data["lead_unit"]["contact"]["mobile"] is None


def test_skeleton_comments_give_the_form_wording(context):
    """Each key is preceded by a comment with the form's label and, where given, its rule."""
    lines = skeleton.render(XIAN, context).split("\n")
    assert lines[lines.index("research_summary:") - 1] == "# 研究内容：300 字以内，空白不计。"
    assert lines[lines.index("  degree:") - 1] == "  # 学位：可选：博士、硕士、学士、其他。"
    assert lines[lines.index("    mobile:") - 1] == '    # 手机：应为 11 位手机号码，如 "13800000000"（请加英文引号）。'
    assert lines[lines.index("# signing:") - 1] == "# 六、任务书签订各方签章：纸质任务书签字盖章后补录；有此记录即为“已签章”；选填。"


def test_skeleton_body_follows_the_form_model(context):
    """The body has 一 and 二 with their parts and topics in order, each with one prompt to
    replace, and the form's suggested items with the city's name in place of XX."""
    body = skeleton.render(XIAN, context).split("\n---\n", 1)[1]
    headings = [line for line in body.split("\n") if line.startswith("#")]
    assert headings == [
        "## 一、目标和任务", "### 研究目标", "### 主要研究内容和任务",
        "#### O3 污染成因综合分析", "#### O3 主要前体物来源与管控对策", "#### O3 防控“一市一策”解决方案",
        "#### 秋冬季 PM2.5 深度治理与重污染天气应对", "#### PM2.5 和 O3 污染协同防控综合解决方案",
        "### 技术路线", "## 二、预期成果及考核指标", "### 预期成果", "### 约束性指标", "### 可预期指标"]
    prompts = [line for line in body.split("\n") if line.endswith("删去本行。）")]
    assert len(prompts) == len(headings)
    assert "（①研究目标；②主要研究内容和任务；③技术路线等。删去本行。）" in prompts
    assert "（根据地方实际需求确认。删去本行。）" in prompts
    assert "1. 提交西安市大气污染物排放清单、VOCs 和 NOx 重点行业治理问题清单、利用中央和地方大气污染防治专项资金项目清单。" in body


def _fresh(tmp_path: Path, slug: str, city: skeleton.City) -> list[tuple[str, str]]:
    skeleton.write(tmp_path / "cities", slug, city)
    return [(d.code, d.pointer) for d in check_paths([tmp_path / "cities"]).diagnostics]


def test_validate_reports_each_unfilled_field_and_prompt(tmp_path, monkeypatch, context):
    """A fresh skeleton gives one field-empty per empty value, one body-placeholder per prompt
    left in the body, and nothing else (no YAML error)."""
    monkeypatch.chdir(tmp_path)
    found = _fresh(tmp_path, "xian", XIAN)
    prefilled = {"/schema_version", "/task/id", "/task/name", "/task/start", "/task/end",
                 "/city/name", "/city/province", "/city/seq", "/city/code", "/people/0/role",
                 *(f"/quarters/{i}/period" for i in range(len(QUARTERS)))}
    items = {"/quarters": len(QUARTERS)}
    top = {k: v for k, v in context.schema.document["properties"].items() if k not in ("signing", "changes")}
    expected = [p for p in _leaves({"properties": top}, items=items, required=True)
                if p not in prefilled]
    assert [f for f in found if f[0] == "field-empty"] == [("field-empty", p) for p in expected]
    assert {code for code, _ in found} == {"field-empty", "body-placeholder"}
    prompts = skeleton.render(XIAN, context).count("删去本行")
    assert sum(code == "body-placeholder" for code, _ in found) == prompts == 13


def test_validate_on_a_fresh_skeleton_golden(tmp_path, monkeypatch):
    """Lines, columns and messages of validate on a fresh skeleton match the golden list."""
    monkeypatch.chdir(tmp_path)
    skeleton.write(tmp_path / "cities", "xian", XIAN)
    report = check_paths(["cities"])
    text = "".join(f"{d.line}:{d.column} {d.code} {d.pointer} {d.message}\n" for d in report.diagnostics)
    assert text == _golden("xian.expect", text)


def test_municipality_skeleton_leaves_out_province_contact(tmp_path, monkeypatch):
    """北京市's skeleton comments out 生态环境厅（局）联系人 and validate does not ask for it."""
    monkeypatch.chdir(tmp_path)
    found = _fresh(tmp_path, "beijing", BEIJING)
    assert {code for code, _ in found} == {"field-empty", "body-placeholder"}
    assert not any(p.startswith(("/province_contact", "/city/code")) for _, p in found)
    xian = _fresh(tmp_path / "other", "xian", XIAN)
    # The same fields as a province's city, less the provincial contact's.
    assert [p for code, p in found if code == "field-empty"] == [
        p for code, p in xian if code == "field-empty" and not p.startswith("/province_contact")]
    assert "# province_contact:" in skeleton.render(BEIJING, Context.load()).split("\n")


def test_cli_writes_the_skeleton(tmp_path, monkeypatch):
    """taskbook new writes cities/<slug>/taskbook.md with the rendered text and exits 0."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ARGS)
    assert result.exit_code == 0
    assert result.output == ("已生成 cities/xian/taskbook.md。请逐项填写空着的字段，"
                             "然后运行 taskbook validate cities/xian/taskbook.md 检查。\n")
    assert (tmp_path / "cities/xian/taskbook.md").read_text(encoding="utf-8") == skeleton.render(
        XIAN, Context.load())
    assert os.listdir(tmp_path / "cities/xian") == ["taskbook.md"]


def test_cli_refuses_to_overwrite(tmp_path, monkeypatch):
    """An existing book is left byte for byte as it was; exit 1 with a Chinese reason."""
    monkeypatch.chdir(tmp_path)
    book = tmp_path / "cities/xian/taskbook.md"
    book.parent.mkdir(parents=True)
    book.write_bytes(b"---\nmine\n")
    result = CliRunner().invoke(cli, ARGS)
    assert result.exit_code == 1
    assert result.output == ("Error: cities/xian/taskbook.md 已存在，未作改动。"
                             "若要重新生成，请先删除或改名该文件。\n")
    assert book.read_bytes() == b"---\nmine\n"
    assert os.listdir(book.parent) == ["taskbook.md"]


def test_write_does_not_clobber_a_file_that_appears_meanwhile(tmp_path, monkeypatch):
    """If the book appears between the check and the write, it is kept and BookExists is raised."""
    target = tmp_path / "cities/xian/taskbook.md"
    real = skeleton.render

    def render_then_race(city, context):
        target.write_text("someone else's", encoding="utf-8")
        return real(city, context)

    monkeypatch.setattr(skeleton, "render", render_then_race)
    with pytest.raises(skeleton.BookExists):
        skeleton.write(tmp_path / "cities", "xian", XIAN)
    assert target.read_text(encoding="utf-8") == "someone else's"
    assert os.listdir(target.parent) == ["taskbook.md"]


@pytest.mark.parametrize(("book", "args", "message"), [
    ("xian", ["new", "xian", "--city", "咸阳市", "--province", "陕西省", "--seq", "32"],
     "Error: cities/xian/taskbook.md 已存在，未作改动。若要重新生成，请先删除或改名该文件。"),
    ("xa", ARGS, "Error: cities/xa/taskbook.md 已是西安市的任务书：每个城市只能有一份任务书，未生成新文件。"
     "请直接编辑该文件；若文件夹名不对，请用 git mv 把 xa 改名为 xian。"),
    ("xianyang", ["new", "xian", "--city", "西安市", "--province", "陕西省", "--seq", "32"],
     "Error: 城市序号 32 已由 cities/xianyang/taskbook.md（咸阳市）使用，未生成新文件。"
     "请核对工作组清单中西安市的序号；若是那份任务书的序号填错了，请先改正它，再生成本市的模板。"),
])
def test_cli_refuses_a_slug_city_or_number_already_taken(tmp_path, monkeypatch, book, args, message):
    """Another book with the folder, the city or the sequence number: exit 1, nothing written."""
    monkeypatch.chdir(tmp_path)
    existing = XIAN if book != "xianyang" else skeleton.City("咸阳市", "陕西省", 32)
    skeleton.write(tmp_path / "cities", book, existing)
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    result = CliRunner().invoke(cli, args)
    assert (result.exit_code, result.output) == (1, message + "\n")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize(("slug", "option", "message"), [
    ("Xian", [], "Error: 城市文件夹名“Xian”不符合要求：请用城市名的小写拼音字母（可含数字和连字符），如 xian、shijiazhuang。"),
    ("西安", [], "Error: 城市文件夹名“西安”不符合要求：请用城市名的小写拼音字母（可含数字和连字符），如 xian、shijiazhuang。"),
    ("xian", ["--seq", "100"], "Error: 城市序号“100”不符合要求：应为 1 到 99 的整数。"),
    ("xian", ["--code", "6101"], "Error: 行政区划代码“6101”不符合要求：应为 6 位数字，如 \"610100\"。"),
    ("xian", ["--city", "西安"], "Error: 城市“西安”不符合要求：应为城市全称，以“市”结尾，如“西安市”。"),
])
def test_cli_rejects_bad_input_with_usage_error(tmp_path, monkeypatch, slug, option, message):
    """A bad slug or city value exits 2 with a Chinese message and writes nothing."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["new", slug, *ARGS[2:], *option])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == message
    assert not (tmp_path / "cities").exists()


def test_pre_commit_hook_runs_validate_on_task_books(root):
    """.pre-commit-hooks.yaml declares taskbook-validate over cities/*/taskbook.md."""
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["taskbook-validate"]
    hook = hooks[0]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == ("taskbook validate", "python", True)
    pattern = re.compile(hook["files"])
    assert pattern.search("cities/xian/taskbook.md")
    assert not pattern.search("docs/taskbook.md")
    assert not pattern.search("cities/xian/notes.md")
