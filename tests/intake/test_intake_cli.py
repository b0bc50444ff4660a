"""taskbook import on the command line: where it writes, what it refuses, what it prints."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from documents import ROOT, example, exported, front, printed
from handtyped import Variant, build

import patches
from taskbook.cli import cli
from taskbook.export import pdf
from taskbook.intake import slug

SJZ = "cities/shijiazhuang/taskbook.md"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """An empty repository of task books with the example typed into Word beside it."""
    (tmp_path / "cities").mkdir()
    (tmp_path / "任务书.docx").write_bytes(build(example(), Variant()))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, ["import", *args])


def test_import_writes_the_book_under_the_citys_pinyin(repo):
    """Without --slug the book goes to cities/shijiazhuang/, is valid, and exit is 0."""
    result = run("任务书.docx")
    assert result.exit_code == 0, result.output
    assert result.output == f"已将 任务书.docx 导入为 {SJZ}。\n共检查 1 个文件，全部通过。\n"
    assert front(Path(SJZ).read_text(encoding="utf-8")) == printed(example())


def test_existing_book_is_not_overwritten_without_force(repo):
    """A second import refuses (exit 1) and leaves the file as it was."""
    assert run("任务书.docx").exit_code == 0
    Path(SJZ).write_text("改过的内容\n", encoding="utf-8")
    result = run("任务书.docx")
    assert result.exit_code == 1
    assert f"导入失败：{SJZ} 已存在，未覆盖：如确要用 Word 文件的内容替换它，请加 --force" in result.output
    assert Path(SJZ).read_text(encoding="utf-8") == "改过的内容\n"


def test_force_keeps_what_the_word_file_does_not_say(repo):
    """--force replaces the book but keeps its code, signing and changes."""
    target = Path(SJZ)
    target.parent.mkdir()
    changes = [{"date": "2022-03-18", "summary": "调整第 5 季度计划", "reason": "观测设备延期到货"}]
    target.write_bytes(patches.build({"set": {"/changes": changes}}, patches.base_text()))
    result = run("任务书.docx", "--force")
    assert result.exit_code == 0, result.output
    written = front(target.read_text(encoding="utf-8"))
    assert written == {**example(), "changes": changes}
    assert "沿用了原任务书中 Word 文件没有的内容：/city/code、/changes。" in result.output


def test_book_with_errors_is_written_and_exits_one(repo):
    """A blank staff total is written as empty; validate's error is shown and exit is 1."""
    staff = example()["staff"]
    data = build({**example(), "staff": {**staff, "total": ""}}, Variant())
    Path("空白.docx").write_bytes(data)
    result = run("空白.docx", "--slug", "shijiazhuang")
    assert result.exit_code == 1
    assert Path(SJZ).is_file()
    assert "[field-empty]" in result.output
    assert f"请按上面的提示修改 {SJZ}" in result.output


def test_unreadable_file_writes_nothing_and_exits_two(repo):
    """A file that is no Word document: its diagnostic, exit 2, nothing written."""
    Path("说明.docx").write_text("不是 Word 文件", encoding="utf-8")
    result = run("说明.docx")
    assert result.exit_code == 2
    assert "[import-unreadable]" in result.output
    assert "未能从 说明.docx 读出任务书，没有写入任何文件。" in result.output
    assert list(Path("cities").iterdir()) == []


def test_bad_slug_is_refused(repo):
    """--slug must be lower-case pinyin: exit 2, nothing written."""
    result = run("任务书.docx", "--slug", "石家庄")
    assert result.exit_code == 2
    assert "--slug “石家庄”不符合要求" in result.output
    assert list(Path("cities").iterdir()) == []


def test_folder_of_another_city_is_never_taken(repo):
    """When cities/shijiazhuang holds another city's book, the province's pinyin is added."""
    taken = Path(SJZ)
    taken.parent.mkdir()
    shutil.copy(ROOT / "cities" / "xian" / "taskbook.md", taken)
    result = run("任务书.docx")
    assert "导入为 cities/shijiazhuang-hebei/taskbook.md。" in result.output
    assert taken.read_text(encoding="utf-8") == (ROOT / "cities/xian/taskbook.md").read_text(encoding="utf-8")


def test_parties_file_names_the_folder(repo):
    """A city listed in .github/parties.yml goes to the folder listed there."""
    shutil.copytree(ROOT / ".github", Path(".github"))
    text = Path(".github/parties.yml").read_text(encoding="utf-8").replace("slug: shijiazhuang", "slug: sjz")
    Path(".github/parties.yml").write_text(text, encoding="utf-8")
    result = run("任务书.docx")
    assert "导入为 cities/sjz/taskbook.md。" in result.output


def test_output_option_and_json_format(repo):
    """-o writes there; --format json prints validate's JSON alone on stdout."""
    result = CliRunner().invoke(cli, ["import", "任务书.docx", "-o", "草稿.md", "-f", "json"])
    report = json.loads(result.stdout)
    assert (report["files"], report["errors"]) == (1, 0)
    assert [d["code"] for d in report["diagnostics"]] == ["file-outside-cities"]
    assert Path("草稿.md").is_file()


def test_slugs_are_pinyin_from_the_library():
    """西安市 → xian, 石家庄市 → shijiazhuang, 长治市 → changzhi (a first character of several
    readings: the phrase decides); collisions add the province."""
    assert [slug.pinyin(n) for n in ("西安市", "石家庄市", "长治市", "漯河市", "吕梁市", "六安市", "蚌埠市",
                                     "亳州市", "新疆维吾尔自治区")] == [
        "xian", "shijiazhuang", "changzhi", "luohe", "lvliang", "luan", "bengbu", "bozhou",
        "xinjiangweiwuer"]
    assert slug.candidates("泰州市", "江苏省") == ["taizhou", "taizhou-jiangsu"]


def test_doc_file_is_converted_by_libreoffice(repo):
    """A .doc saved by LibreOffice from the hand-typed .docx imports to the same front matter."""
    if pdf.find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    doc = pdf.run_soffice(Path("任务书.docx").read_bytes(), "任务书.docx", "doc")
    assert doc.startswith(b"\xd0\xcf\x11\xe0")
    Path("任务书.doc").write_bytes(doc)
    result = run("任务书.doc")
    assert result.exit_code == 0, result.output
    assert front(Path(SJZ).read_text(encoding="utf-8")) == printed(example())


def test_export_of_a_bundled_book_imports_from_the_command_line(repo):
    """taskbook export's own .docx imports cleanly into a fresh repository."""
    Path("xian.docx").write_bytes(exported("cities/xian/taskbook.md"))
    result = run("xian.docx")
    assert result.exit_code == 0, result.output
    assert Path("cities/xian/taskbook.md").is_file()
