"""Export then import gives the book back: every bundled book, front matter and body.

Allowed differences (README, “taskbook import”): YAML formatting and comments; the body's
Markdown spacing (a paragraph on one line, one blank line between blocks), compared here
as the site's own reader reads it; and the fields the printed book does not carry
(``city.code``, ``signing``, ``changes``), which an import over the old book keeps.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from documents import CONTEXT, ROOT, exported, front, printed

from taskbook.cli import cli
from taskbook.export import mdblocks
from taskbook.intake.parse import parse
from taskbook.intake.reader import read
from taskbook.intake.yamlout import dump

BOOKS = sorted(p.parent.name for p in (ROOT / "cities").glob("*/taskbook.md"))


def blocks(body: str) -> list[object]:
    """The body as the site's reader and the exporter see it."""
    reading = CONTEXT.reader.read(body, tree=True)
    return mdblocks.convert(reading.tree, reading.raw, table_width=9000)


@pytest.mark.parametrize("slug", BOOKS)
def test_export_then_import_gives_the_book_back(slug):
    """The imported front matter is the book's (less code, signing, changes), the body reads the same, no diagnostic."""
    text = (ROOT / "cities" / slug / "taskbook.md").read_text(encoding="utf-8")
    imported = parse(read(exported(f"cities/{slug}/taskbook.md")), CONTEXT.form,
                     CONTEXT.schema.document, file=f"{slug}.docx")
    assert imported.diagnostics == ()
    assert front(dump(imported.front) + "\n") == printed(front(text))
    assert blocks(imported.body) == blocks(text.split("\n---\n", 1)[1])


def test_the_body_comes_back_under_the_books_headings():
    """xian's body is written back heading by heading, a paragraph a line, lists as lists."""
    imported = parse(read(exported("cities/xian/taskbook.md")), CONTEXT.form, CONTEXT.schema.document)
    lines = imported.body.split("\n")
    assert [line for line in lines if line.startswith("#")] == [
        "## 一、目标和任务", "### 研究目标", "### 主要研究内容和任务", "#### O3 污染成因综合分析",
        "#### O3 主要前体物来源与管控对策", "#### O3 防控“一市一策”解决方案",
        "#### 秋冬季 PM2.5 深度治理与重污染天气应对", "#### PM2.5 和 O3 污染协同防控综合解决方案",
        "### 技术路线", "## 二、预期成果及考核指标", "### 预期成果", "### 约束性指标", "### 可预期指标"]
    assert lines[-4:] == ["1. 每季度向西安市人民政府和西安市生态环境局报送专报不少于 1 期。",
                          "2. 重污染天气期间参与会商，24 小时内提交会商意见。",
                          "3. 向陕西省生态环境厅报送关中地区区域传输分析成果。", ""]


@pytest.mark.parametrize("slug", ["beijing", "jinan"])
def test_import_over_the_book_with_force_gives_it_back_whole(slug, tmp_path, monkeypatch):
    """Re-importing a book's export over it keeps code, signing and changes: the front matter is unchanged."""
    shutil.copytree(ROOT / "cities" / slug, tmp_path / "cities" / slug)
    (tmp_path / "book.docx").write_bytes(exported(f"cities/{slug}/taskbook.md"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["import", "book.docx", "--slug", slug, "--force"])
    assert result.exit_code == 0, result.output
    written = Path("cities", slug, "taskbook.md").read_text(encoding="utf-8")
    original = (ROOT / "cities" / slug / "taskbook.md").read_text(encoding="utf-8")
    assert front(written) == front(original)
    assert blocks(written.split("\n---\n", 1)[1]) == blocks(original.split("\n---\n", 1)[1])
