"""在线填写's Python, on CPython: the form's description, the book's text, the page's answers."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

from taskbook import rules
from taskbook.form import FORM
from taskbook.form import model as m
from taskbook.loader import parse, read
from taskbook.schema import Schema
from taskbook.webform import bundle, frontmatter, sections, site
from taskbook.webform.describe import SLUG_LABEL, describe
from taskbook.webform.page import BASE_REF, Session
from taskbook.webform.vendor import MANIFEST, VendorError, check

ROOT = Path(__file__).resolve().parents[2]
BOOKS = sorted((ROOT / "cities").glob("*/taskbook.md"))


def _fields(node):
    if node.get("kind") == "field":
        yield node
    for key in ("children", "columns", "parts"):
        for child in node.get(key) or ():
            if isinstance(child, dict):
                yield from _fields(child)


def _model_pointers(table: m.InfoTable) -> list[str]:
    found = []
    for row in table.rows:
        if isinstance(row, m.Repeat):
            found += [c.content.pointer for c in row.item
                      if isinstance(c.content, m.Field) and c.content.format != "index"]
            continue
        for cell in row:
            if isinstance(cell.content, m.Field):
                found.append(cell.content.pointer)
            elif isinstance(cell.content, m.Template):
                found += [f.pointer for f in cell.content.fields]
    return found


def test_description_follows_the_information_table(context):
    """Every value of the information table is a field of the form, in the form's order,
    labelled as the form labels it, inside the form's groups."""
    described = describe(context)
    table = described["table"]
    assert table["legend"] == FORM.table.title
    assert [f["pointer"] for f in _fields(table)] == _model_pointers(FORM.table)
    legends = [child["legend"] for child in table["children"] if child["kind"] == "fieldset"]
    assert legends == ["牵头单位信息", "工作组负责人", "生态环境厅（局）联系人（由相关处负责人担任）",
                       "城市生态环境局联系人（由城市生态环境局相关负责人担任）"]
    by_pointer = {f["pointer"]: f for f in _fields(table)}
    assert by_pointer["/leader/id_number"]["label"] == "身份证号码"
    assert by_pointer["/leader/id_number"]["private"] is True
    assert by_pointer["/research_summary"]["label"] == "研究内容（300 字以内）"
    assert by_pointer["/research_summary"]["control"] == "textarea"
    assert by_pointer["/task/id"]["hint"] == "DQGG2021××（××为工作组清单中的城市序号）"
    assert by_pointer["/task/start"] == {**by_pointer["/task/start"], "control": "fixed", "shown": "2021 年 5 月"}
    assert by_pointer["/task"]["shown"] == "2 年"
    assert by_pointer["/leader/degree"]["choices"] == ["博士", "硕士", "学士", "其他"]
    assert [f["label"] for f in _fields(described["city"])][-1] == SLUG_LABEL


def test_description_has_the_sections_in_order_with_notes_as_hints(context):
    """一 to 九 in order, headings as printed; instruction notes are hints, fixed notes text;
    the eight quarters are fixed; the growing lists name their items."""
    described = describe(context)
    assert [s["heading"] for s in described["sections"]] == [s.printed for s in FORM.sections]
    goals, results = described["sections"][0], described["sections"][1]
    assert goals["hint"] == FORM.section("一").note.text
    assert [p["title"] for p in goals["parts"]] == ["研究目标", "主要研究内容和任务", "技术路线"]
    assert goals["parts"][1]["topics"] == [t.title for t in FORM.section("一").content.written[1].topics]
    assert results["fixed"] == ["（数据、成果的数量和质量须满足攻关项目管理办公室的要求。）"]
    assert results["parts"][1]["before"].startswith("考核指标：")
    quarters = next(s for s in described["sections"] if s.get("pointer") == "/quarters")
    assert [p["value"] for p in quarters["periods"]] == list(FORM.rules.periods)
    assert quarters["periods"][0]["shown"] == "2021年5月-2021年7月"
    lists = {s["pointer"]: s["item"] for s in described["sections"] if s["kind"] == "list"}
    assert lists == {"/quarters": "季度", "/people": "研究人员", "/cooperation": "协作单位", "/funding": "经费证明"}
    cooperation = next(s for s in described["sections"] if s.get("pointer") == "/cooperation")
    assert cooperation["hints"] == ["（可自行加行）"] and cooperation["hint"] == "（可多页）"
    assert [s["kind"] for s in described["sections"]].count("shared") == 3
    assert described["private"] == ["/" + "/".join(p) for p in context.schema.private_paths]


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.parent.name)
def test_written_books_read_back_the_same(path, context):
    """A bundled book written back from its values and body blocks loads to the same values,
    the same headings and the same text, with no diagnostic."""
    book = read(path, context.schema.property_names).book
    body, _ = sections.compose(sections.split(book.body, context))
    text = frontmatter.write(book.data, context.schema, "test") + body
    again = parse(text.encode("utf-8"), book.path, context.schema.property_names)
    assert again.book is not None and again.book.data == book.data
    assert again.book.body.strip() == book.body.strip()
    assert list(rules.check_book(again.book, context)) == []


@pytest.mark.parametrize("value", [
    "050000", "13800000000", "2021-05", "0311-86012345", "是", "yes", "null", "a: b", "# 不是注释",
    "VOCs <NOx", "多行\n文字\n\n第三段", "plan：这一行像字段", "\t缩进", " 前后空格 ", "- 列表", "'引号'",
    "含“中文引号”和: 冒号", "~", "1e3", "0x1F", "@", "%", "第一行\n  缩进的第二行",
])
def test_text_values_read_back_exactly(value, context):
    """Whatever a work group types, the front matter gives it back as the same text."""
    data = {"schema_version": 1, "expected_results": value}
    text = frontmatter.write(data, context.schema) + "\n"
    loaded = parse(text.encode("utf-8"), "cities/x/taskbook.md", context.schema.property_names)
    assert loaded.diagnostics == () and loaded.book.data["expected_results"] == value
    assert not [d for d in rules.check_book(loaded.book, context) if d.code in ("value-needs-quotes", "yaml-syntax")]


def test_values_are_coerced_as_a_form_sends_them(context):
    """Numbers typed as text (full-width too) become numbers where the schema wants them;
    empty text is no value; anything else stays as typed for the validator to judge."""
    coerced = frontmatter.coerce({"staff": {"total": "３２"}, "person_months": "12.5",
                                  "people": [{"age": "四十", "name": "  王  "}], "indicators": "  "},
                                 context.schema)
    assert coerced == {"staff": {"total": 32}, "person_months": 12.5,
                       "people": [{"age": "四十", "name": "王"}], "indicators": None}


def test_body_blocks_keep_unknown_headings_and_own_topics(context):
    """A heading the form does not know stays in its block's text; a #### under 主要研究内容和任务
    that is no mandatory topic is one of the city's own; skeleton prompts are dropped."""
    body = "\n".join([
        "# 前言", "", "## 一、目标和任务", "", "（请按以下各项填写，删去本行。）", "", "### 研究目标", "", "目标。",
        "", "#### 细化目标", "", "细化。", "", "### 主要研究内容和任务", "", "#### O3 污染成因综合分析", "",
        "成因。", "", "#### 本市特色：扬尘", "", "扬尘。", "", "### 技术路线", "", "路线。", ""])
    model = sections.split(body, context)
    goals = model["sections"][0]
    assert model["lead"] == "# 前言"
    assert goals["text"] == "" and goals["parts"][0]["text"] == "目标。\n\n#### 细化目标\n\n细化。"
    topics = goals["parts"][1]["topics"]
    assert [(t["key"], t["heading"], t["text"]) for t in topics[:2]] == [
        ("O3污染成因综合分析", "O3 污染成因综合分析", "成因。"), (None, "本市特色：扬尘", "扬尘。")]
    assert [t["key"] for t in topics[2:]] == [t.title for t in FORM.section("一").content.written[1].topics[1:]]
    assert model["sections"][1]["heading"] == "二、预期成果及考核指标"  # missing: the form's own
    text, blocks = sections.compose(model)
    assert "#### 细化目标" in text and "删去本行" not in text
    assert [b.id for b in blocks][:5] == ["lead", "s0", "s0p0", "s0p1", "s0p1t0"]
    assert text.startswith("\n# 前言\n\n## 一、目标和任务\n")


@pytest.fixture(scope="module")
def session() -> Session:
    """One page's Python."""
    return Session()


def _ask(session: Session, **request):
    return json.loads(session.handle(json.dumps(request, ensure_ascii=False)))


def test_blank_book_is_the_skeleton_without_its_prompts(session):
    """A blank book is ``taskbook new``'s: known values filled in, every other one 待填写,
    and no prompt left in the body."""
    opened = _ask(session, op="blank", city={"name": "西安市", "province": "陕西省", "seq": "31"}, slug="xian")
    assert opened["data"]["task"]["id"] == "DQGG202131" and opened["slug"] == "xian"
    checked = _ask(session, op="check", data=opened["data"], body=opened["body"], slug="xian")
    assert {d["code"] for d in checked["diagnostics"]} == {"field-empty"}
    assert "删去本行" not in checked["text"]
    refused = _ask(session, op="blank", city={"name": "西安", "province": "陕西省", "seq": "31"}, slug="xian")
    assert refused["error"].startswith("城市“西安”不符合要求")
    assert _ask(session, op="blank", city={"seq": "三十一"}, slug="xian")["error"] == \
        "城市序号“三十一”不符合要求：应为 1 到 99 的整数。"


def test_check_places_each_diagnostic_on_the_page(session):
    """Front-matter problems name their field, body problems their text block, a bad path
    the folder-name field."""
    raw = (ROOT / "cities" / "shijiazhuang" / "taskbook.md").read_bytes()
    opened = _ask(session, op="open", name="taskbook.md", base64=__import__("base64").b64encode(raw).decode())
    assert [d["code"] for d in opened["diagnostics"]] == ["file-outside-cities"]
    data, body = opened["data"], opened["body"]
    data["leader"]["id_number"] = "130102197503071231"
    body["sections"][0]["parts"][0]["text"] += "\n\n<b>加粗</b>"
    checked = _ask(session, op="check", data=data, body=body, slug="石家庄")
    assert [(d["code"], d["target"]) for d in checked["diagnostics"]] == [
        ("file-location", "#slug"), ("id-number-checksum", "/leader/id_number"),
        ("unsafe-html", "#body:s0p0"), ("unsafe-html", "#body:s0p0")]
    assert checked["path"] == "cities/石家庄/taskbook.md"


def test_a_changed_approved_book_needs_a_change_record(session, context):
    """Against the published (public) book: no change, no record needed; a changed quarter
    needs one; an appended record answers it. Personal values, absent there, do not count."""
    book = read(ROOT / "cities" / "xian" / "taskbook.md", context.schema.property_names).book
    base = {"data": context.schema.public(book.data), "body": book.body}
    body = sections.split(book.body, context)
    data = json.loads(json.dumps(book.data))
    same = _ask(session, op="check", data=data, body=body, slug="xian", base=base)
    assert (same["changed"], same["errors"]) == (False, 0)
    data["quarters"][4]["plan"] += "增加走航观测。"
    changed = _ask(session, op="check", data=data, body=body, slug="xian", base=base)
    [missing] = changed["diagnostics"]
    assert (missing["code"], missing["target"]) == ("changes-missing", "/changes")
    assert BASE_REF in missing["message"]
    data["changes"] = [{"date": "2022-03-01", "summary": "增加走航观测", "reason": "需要立体观测"}]
    assert _ask(session, op="check", data=data, body=body, slug="xian", base=base)["errors"] == 0


def _word(book: Path, context) -> bytes:
    """The internal .docx ``taskbook export`` writes of a bundled book."""
    from taskbook.checker import check_paths
    from taskbook.export.docx import render_bytes

    report = check_paths([book], context=context, keep_books=True, jobs=1)
    return render_bytes(report.books[0], context, "internal")


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


@pytest.mark.parametrize("book", BOOKS, ids=[b.parent.name for b in BOOKS])
def test_a_word_file_opens_through_the_import(session, context, book):
    """A .docx is read by ``taskbook import``'s code: the printed values come back as the
    form's values, the body as its sections, nothing is left unplaced, and the diagnostics
    are validate's of the book that import would write."""
    from taskbook.intake.document import book_text, read_docx

    data = _word(book, context)
    opened = _ask(session, op="open", name="任务书.docx", base64=_b64(data))
    original = read(book).book
    printed = {key: value for key, value in original.data.items() if key not in ("signing", "changes")}
    printed["city"] = {key: value for key, value in printed["city"].items() if key != "code"}
    assert opened["data"] == printed
    assert opened["imported"] == []
    assert opened["slug"] is None
    imported = read_docx(data, "任务书.docx", context)
    text = book_text(imported.front, imported.body, "任务书.docx", context)
    assert text.splitlines()[1] == (f"# {original.data['city']['name']}{context.form.title}（由 taskbook import "
                                    "从 任务书.docx 导入：")
    expected = sorted(rules.check_book(parse(text.encode("utf-8"), "taskbook.md").book, context))
    assert opened["diagnostics"] == [d.as_dict() for d in expected]


def test_what_a_word_file_holds_beyond_the_form_is_listed(session, context):
    """Text the import cannot place is listed with its table, row and cell, without the
    command line's advice (the page says what to do)."""
    from docx import Document

    document = Document(io.BytesIO(_word(ROOT / "cities" / "xian" / "taskbook.md", context)))
    row = document.tables[0].add_row()
    row.cells[0].text = "备注"
    buffer = io.BytesIO()
    document.save(buffer)
    opened = _ask(session, op="open", name="西安市任务书.docx", base64=_b64(buffer.getvalue()))
    assert opened["data"]["city"]["name"] == "西安市"
    assert [(d["code"], d["file"], d["message"]) for d in opened["imported"]] == [
        ("import-unmapped", "西安市任务书.docx",
         f"第 1 个表格第 {len(document.tables[0].rows)} 行第 1 格“备注”：对应不到信息表的任何栏目，未导入。")]


@pytest.mark.parametrize(("name", "data", "answer"), [
    ("西安市任务书.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
     {"error": "网页只能读取 .docx 格式的 Word 文件，西安市任务书.doc 是 doc 格式。请在 Word 或 WPS 中打开它，"
               "“另存为”Word 文档（.docx）后再在这里打开；或用命令 taskbook import 导入（需安装 LibreOffice）。"}),
    ("西安市任务书.docx", b"PK\x03\x04",
     {"error": "Word 文件未能读取，请按下列提示处理，或从空白任务书开始填写。",
      "diagnostics": [{"file": "西安市任务书.docx", "line": 1, "column": 1, "severity": "error",
                       "code": "import-unreadable", "pointer": "",
                       "message": "西安市任务书.docx 已损坏或不是 Word 文档（不是完好的 zip 压缩包：File is not a zip file）。"
                                  "请确认文件是能在 Word 或 WPS 中正常打开的 Word 文档（.docx 或 .doc）；其他格式请先在 "
                                  "Word 中“另存为”.docx 再导入。"}]}),
])
def test_a_word_file_the_page_cannot_read(session, name, data, answer):
    """A .doc needs LibreOffice (not in a browser); a damaged file says why."""
    assert _ask(session, op="open", name=name, base64=_b64(data)) == answer


def test_schema_fast_falls_back_without_jsonschema_rs(monkeypatch):
    """Without jsonschema-rs the fast validator is the reference one, with its answers."""
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)
    schema = Schema.load()
    assert schema.fast is schema.detailed
    assert schema.fast.is_valid({"schema_version": 1}) is False


@pytest.fixture(scope="module")
def vendor():
    """The repository's vendored files, checked."""
    return check(ROOT / "vendor")


def test_archive_holds_the_validator_and_its_pure_python_packages(vendor):
    """The page's Python: taskbook without its server parts, the schema, PyYAML's Python
    modules, jsonschema with the pure rpds, Markdown; the same bytes every time."""
    archive = bundle.archive(vendor)
    assert archive == bundle.archive(vendor)
    names = set(zipfile.ZipFile(io.BytesIO(archive)).namelist())
    for name in ("taskbook/rules.py", "taskbook/webform/page.py", "taskbook/schema/taskbook.schema.json",
                 "yaml/__init__.py", "rpds/__init__.py", "jsonschema/validators.py",
                 "referencing/__init__.py", "pyrsistent_as_rpds/pure.py", "markdown/core.py",
                 "pymdownx/slugs.py"):
        assert name in names
    assert not [n for n in names if n.startswith(("taskbook/site/", "taskbook/export/", "taskbook/audit/"))]
    assert not [n for n in names if n.endswith((".so", ".pyd"))]


def test_vendor_problems_are_told_in_chinese(tmp_path, vendor):
    """A missing manifest or an altered file stops with a Chinese sentence saying what to do."""
    with pytest.raises(VendorError, match=r"缺少 .*MANIFEST\.json"):
        check(tmp_path)
    (tmp_path / MANIFEST).write_text(json.dumps(vendor.manifest), encoding="utf-8")
    (tmp_path / "pyodide").mkdir()
    (tmp_path / "pyodide" / "pyodide.mjs").write_text("version https://git-lfs.github.com/spec/v1\n")
    with pytest.raises(VendorError, match="Git LFS") as raised:
        check(tmp_path)
    assert "scripts/update-vendor" in str(raised.value)


def test_site_files_without_vendor_say_why(context):
    """Without the vendored files the page still builds and says what is missing."""
    files = site.render(context, None, site.Options(), unavailable="缺少 vendor/MANIFEST.json。")
    assert "在线填写暂不可用" in str(files[site.PAGE])
    settings = json.loads(files["fill/form.json"])["site"]
    assert settings["unavailable"] == "缺少 vendor/MANIFEST.json。" and settings["python"] == ""
    assert site.copies(None) == {}


def test_site_files_with_vendor(context, vendor):
    """The page's files live under fill/; the settings name the archive and what to keep offline."""
    files = site.render(context, vendor, site.Options("https://github.com/example/books/", "main"))
    settings = json.loads(files["fill/form.json"])["site"]
    assert settings["repo_url"] == "https://github.com/example/books"
    assert f"fill/{settings['python']}" in files
    assert settings["precache"] == ["fill.js", "form.js", "worker.js", "fill.css"]
    assert settings["runtime"][0] == settings["python"] and "pyodide/pyodide.asm.wasm" in settings["runtime"]
    assert set(site.copies(vendor)) == {f"fill/pyodide/{n}" for n in
                                        ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm",
                                         "python_stdlib.zip", "pyodide-lock.json")}
    assert site.inject("<head></head><body></body>", "fill/").count('="fill.') == 2
    assert site.inject("<head></head><body></body>", "fill.html").count('="fill/fill.') == 2
