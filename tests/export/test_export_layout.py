"""The pure layout model: golden files, value formatting, and the body's blocks."""

from __future__ import annotations

import pytest
from export_helpers import CONTEXT, book, check_golden

from taskbook.cjk import join_lines
from taskbook.export.blocks import Heading, PageBreak, Paragraph, Run, Table, to_json
from taskbook.export.layout import FORMAT, build
from taskbook.export.mdblocks import convert
from taskbook.form import FORM
from taskbook.form.model import Field
from taskbook.form.values import amount, boxes, duration, fill, month, parse_month, period


@pytest.mark.parametrize(("slug", "profile"), [
    ("xian", "internal"), ("xian", "public"), ("beijing", "internal"),
])
def test_layout_matches_golden_file(slug, profile):
    """The block list of a fixture book equals its reviewed golden JSON (TASKBOOK_UPDATE_GOLDEN=1 rewrites)."""
    check_golden(f"{slug}-{profile}", to_json(build(book(slug), CONTEXT, profile)))


def test_build_rejects_an_unknown_profile():
    """Only the internal and public profiles exist."""
    with pytest.raises(ValueError, match="unknown profile 'secret'"):
        build(book("xian"), CONTEXT, "secret")  # type: ignore[arg-type]


def test_values_are_formatted_as_on_the_form():
    """Months, quarters, the research period, boxes, amounts and 参加人数 read as the form writes them."""
    assert month("2021-05") == "2021 年 5 月"
    assert month("五月") == "五月"
    assert period("2021-11/2022-01") == "2021年11月-2022年1月"
    assert duration({"start": "2021-05", "end": "2023-04"}) == "2 年"
    assert duration({"start": "2021-05", "end": "2022-01"}) == "9 个月"
    assert duration({"start": "2023-04", "end": "2021-05"}) == ""
    assert boxes("硕士", ("博士", "硕士", "学士", "其他")) == "□博士 ■硕士 □学士 □其他"
    assert (amount(300), amount(12.5), amount(0.125)) == ("300", "12.5", "0.125")
    staff = next(cell.content for row in FORM.table.rows if isinstance(row, tuple)
                 for cell in row if not isinstance(cell.content, str)
                 and getattr(cell.content, "parts", None))
    front = {"staff": {"total": 3, "by_title": {"senior": 1, "intermediate": 1, "junior": 1, "other": 0},
                       "by_degree": {"doctor": 3, "master": 0, "bachelor": 0, "other": 0}}}
    assert fill(staff, front) == (
        "3 人。其中：\n高级 1 人，中级 1 人，初级 1 人，其他 0 人；\n博士 3 人，硕士 0 人，学士 0 人，其他 0 人。")
    assert fill(staff, {}, missing=lambda field, pointer: "＿") == (
        "＿ 人。其中：\n高级 ＿ 人，中级 ＿ 人，初级 ＿ 人，其他 ＿ 人；\n博士 ＿ 人，硕士 ＿ 人，学士 ＿ 人，其他 ＿ 人。")
    assert Field("/person_months", unit="人月") == Field("/person_months", "text", "人月")


def test_months_written_by_hand_are_read_back():
    """The Word import reads the months people type, and only real months."""
    assert [parse_month(t) for t in ("2021 年 5 月", "2021年05月", "２０２１年５月", "2021.5", "2021-05")] == [
        "2021-05"] * 5
    assert [parse_month(t) for t in ("2021 年 13 月", "五月", "")] == [None, None, None]


def test_blank_values_leave_the_cell_empty():
    """A book without optional values lays out with blank cells instead of failing."""
    blocks = build(book("beijing"), CONTEXT, "public")
    table = next(b for b in blocks if isinstance(b, Table))
    phone_row = next(row for row in table.rows if "联系电话" in row and "传真" in row)
    assert [cell for cell in phone_row if cell] == ["联系电话", "传真", "手机"]


def test_tables_are_full_grids_within_the_text_width():
    """Every table's rows are as long as its widths, which sum to the text width (gutter taken off)."""
    assert FORMAT.text_width == 8560 == round(FORM.table.width * 20)
    tables = [b for b in build(book("xian"), CONTEXT) if isinstance(b, Table)]
    assert len(tables) == 4
    for table in tables:
        assert sum(table.widths) == FORMAT.text_width
        assert {len(row) for row in table.rows} == {len(table.widths)}
        for merge in table.merges:
            assert merge.row + merge.rows <= len(table.rows)
            assert merge.col + merge.cols <= len(table.widths)


def _blocks(markdown: str) -> list:
    reading = CONTEXT.reader.read(markdown, tree=True)
    return convert(reading.tree, reading.raw, table_width=100)


def test_inline_bold_italic_code_and_links():
    """Bold, italic and code become runs; a link keeps only its text; raw HTML stays literal."""
    assert _blocks("甲**乙**丙*丁*") == [Paragraph((Run("甲"), Run("乙", bold=True), Run("丙"),
                                                  Run("丁", italic=True)))]
    assert _blocks("见[说明](javascript:alert(1))与`code`") == [Paragraph((Run("见说明与code"),))]
    assert _blocks("2*3 与 file_name_x") == [Paragraph((Run("2*3 与 file_name_x"),))]
    assert _blocks(r"\*不是强调\*") == [Paragraph((Run("*不是强调*"),))]
    assert _blocks("<b>不是</b> HTML") == [Paragraph((Run("<b>不是</b> HTML"),))]
    assert _blocks("A &amp; B &lt; C &#25991;") == [Paragraph((Run("A & B < C 文"),))]


def test_lines_join_without_spaces_between_chinese():
    """Soft-wrapped Chinese lines join directly; Latin words keep one space."""
    assert join_lines(["第一行，", "第二行", "VOCs and", "NOx"]) == "第一行，第二行VOCs and NOx"
    assert _blocks("清单；\nPM2.5 和\nO3 污染，\nVOCs and\nNOx") == [
        Paragraph((Run("清单；PM2.5 和O3 污染，VOCs and NOx"),))]


def test_convert_headings_paragraphs_lists_and_tables():
    """Headings map ## → 1, ### → 2, #### → 3; lists get markers and levels; tables and code stay."""
    markdown = "\n".join([
        "## 一、目标", "### 研究目标", "第一段", "接续。", "", "#### 专题", "",
        "1. 第一项", "2. 第二项", "    - 子项", "", "- 甲", "", "> 引用", "", "---", "",
        "| 列一 | 列二 |", "| --- | --- |", "| a | **b** |", "", "```", "<script>x</script>", "```",
    ])
    assert _blocks(markdown) == [
        Heading("一、目标", 1),
        Heading("研究目标", 2),
        Paragraph((Run("第一段接续。"),)),
        Heading("专题", 3),
        Paragraph((Run("1. 第一项"),), indent=False, level=1),
        Paragraph((Run("2. 第二项"),), indent=False, level=1),
        Paragraph((Run("• 子项"),), indent=False, level=2),
        Paragraph((Run("• 甲"),), indent=False, level=1),
        Paragraph((Run("引用"),), indent=False, level=1),
        Table((50, 50), (("列一", "列二"), ("a", "b")), (), 1),
        Paragraph((Run("<script>x</script>"),), "left", False),
    ]


def test_body_sections_start_new_pages():
    """一 and 二 from the body each start a new page with the form's heading text."""
    blocks = build(book("xian"), CONTEXT)
    starts = [blocks[i + 1].text for i, b in enumerate(blocks)
              if isinstance(b, PageBreak) and isinstance(blocks[i + 1], Heading)]
    assert starts[2:4] == ["一、目标和任务", FORM.section("二").printed]
