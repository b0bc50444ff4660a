"""The pure layout model: golden files, value formatting, and the Markdown body converter."""

from __future__ import annotations

import pytest
from export_helpers import book, check_golden

from taskbook.export.blocks import Heading, PageBreak, Paragraph, Run, Table, to_json
from taskbook.export.layout import build, duration, month, period, staff
from taskbook.export.mdblocks import convert, inline, join_lines

WIDTH = 8306


@pytest.mark.parametrize(("slug", "profile"), [
    ("xian", "internal"), ("xian", "public"), ("beijing", "internal"),
])
def test_layout_matches_golden_file(slug, profile):
    """The block list of a fixture book equals its reviewed golden JSON (TASKBOOK_UPDATE_GOLDEN=1 rewrites)."""
    check_golden(f"{slug}-{profile}", to_json(build(book(slug), profile)))


def test_build_rejects_an_unknown_profile():
    """Only the internal and public profiles exist."""
    with pytest.raises(ValueError, match="unknown profile 'secret'"):
        build(book("xian"), "secret")  # type: ignore[arg-type]


def test_values_are_formatted_as_on_the_form():
    """Months, quarters, the research period and 参加人数 read as the form writes them."""
    assert month("2021-05") == "2021 年 5 月"
    assert month("1978-11", spaced=False) == "1978年11月"
    assert month("五月") == "五月"
    assert period("2021-11/2022-01") == "2021年11月-2022年1月"
    assert duration("2021-05", "2023-04") == "2 年"
    assert duration("2021-05", "2022-01") == "9 个月"
    assert duration("2023-04", "2021-05") == ""
    assert staff({"staff": {"total": 3, "by_title": {"senior": 1, "intermediate": 1, "junior": 1,
                                                     "other": 0},
                            "by_degree": {"doctor": 3, "master": 0, "bachelor": 0, "other": 0}}}) == (
        "3 人。其中：\n高级 1 人，中级 1 人，初级 1 人，其他 0 人；\n博士 3 人，硕士 0 人，学士 0 人，其他 0 人。")


def test_blank_values_leave_the_cell_empty():
    """A book without optional values lays out with blank cells instead of failing."""
    blocks = build(book("beijing"), "public")
    table = next(b for b in blocks if isinstance(b, Table))
    phone_row = next(row for row in table.rows if row[2] == "联系电话")
    assert phone_row[3] == "" and phone_row[5] == "" and phone_row[7] == ""


def test_tables_are_full_grids_within_the_text_width():
    """Every table's rows are as long as its widths, which sum to the text width."""
    tables = [b for b in build(book("xian")) if isinstance(b, Table)]
    assert len(tables) == 4
    for table in tables:
        assert sum(table.widths) == WIDTH
        assert {len(row) for row in table.rows} == {len(table.widths)}
        for merge in table.merges:
            assert merge.row + merge.rows <= len(table.rows)
            assert merge.col + merge.cols <= len(table.widths)


def test_inline_bold_italic_code_and_links():
    """Bold, italic and code become runs; a link keeps only its text; stray markers stay."""
    assert inline("甲**乙**丙*丁*") == (Run("甲"), Run("乙", bold=True), Run("丙"),
                                      Run("丁", italic=True))
    assert inline("见[说明](javascript:alert(1))与`code`") == (Run("见说明与code"),)
    assert inline("2*3 与 file_name_x") == (Run("2*3 与 file_name_x"),)
    assert inline(r"\*不是强调\*") == (Run("*不是强调*"),)
    assert inline("<b>不是 HTML</b>") == (Run("<b>不是 HTML</b>"),)


def test_lines_join_without_spaces_between_chinese():
    """Soft-wrapped Chinese lines join directly; Latin words keep one space."""
    assert join_lines(["第一行，", "第二行", "VOCs and", "NOx"]) == "第一行，第二行VOCs and NOx"


def test_convert_headings_paragraphs_lists_and_tables():
    """Headings map ## → 1, ### → 2, #### → 3; lists get markers and levels; pipe tables become tables."""
    markdown = "\n".join([
        "## 一、目标", "### 研究目标", "第一段", "接续。", "", "#### 专题",
        "1. 第一项", "2. 第二项", "   - 子项", "", "- 甲", "", "> 引用", "", "---",
        "| 列一 | 列二 |", "| --- | --- |", "| a | **b** |", "", "```", "<script>x</script>", "```",
    ])
    assert convert(markdown, table_width=100) == [
        Heading("一、目标", 1),
        Heading("研究目标", 2),
        Paragraph((Run("第一段接续。"),)),
        Heading("专题", 3),
        Paragraph((Run("1. 第一项"),), indent=False, level=1),
        Paragraph((Run("2. 第二项"),), indent=False, level=1),
        Paragraph((Run("• 子项"),), indent=False, level=2),
        Paragraph((Run("• 甲"),), indent=False, level=1),
        Paragraph((Run("引用"),)),
        Table((50, 50), (("列一", "列二"), ("a", "b")), (), 1),
        Paragraph((Run("<script>x</script>"),), "left", False),
    ]


def test_body_sections_start_new_pages():
    """一 and 二 from the body each start a new page with the form's heading text."""
    blocks = build(book("xian"))
    starts = [blocks[i + 1].text for i, b in enumerate(blocks)
              if isinstance(b, PageBreak) and isinstance(blocks[i + 1], Heading)]
    assert starts[2:4] == ["一、目标和任务", "二、预期成果及考核指标"]
