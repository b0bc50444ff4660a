"""Task books typed by hand into the Word form: each way of typing gives the exact book."""

from __future__ import annotations

import pytest
from documents import CONTEXT, ROOT, example, front, printed
from handtyped import Variant, build

from taskbook.checker import check_paths
from taskbook.intake.document import book_text
from taskbook.intake.parse import parse
from taskbook.intake.reader import read

VARIANTS = {
    "merged-cells": Variant(),
    "split-cells": Variant(merged=False, split=True),
    "label-and-value-in-one-cell": Variant(inline=True),
    "blank-rows": Variant(blank_rows=3),
    "spaced-and-full-width-labels": Variant(spaced=True),
    "ticked-box": Variant(box="☑"),
    "check-mark": Variant(box="√"),
    "numbers-with-units": Variant(units=True),
    "months-without-spaces": Variant(months="tight"),
    "months-with-dots": Variant(months="dotted"),
    "struck-out-option": Variant(struck=True),
    "all-at-once": Variant(merged=False, inline=True, split=True, blank_rows=2, spaced=True,
                           box="√", units=True, months="tight", struck=True),
}


def imported(book: dict, variant: Variant):
    return parse(read(build(book, variant)), CONTEXT.form, CONTEXT.schema.document, file="任务书.docx")


@pytest.mark.parametrize("name", VARIANTS)
def test_hand_typed_variant_gives_the_exact_front_matter(name):
    """However the form was typed, the front matter is the example's (less city.code), with no diagnostic."""
    result = imported(example(), VARIANTS[name])
    assert result.diagnostics == ()
    assert result.front == printed(example())


def test_several_funding_certificates_give_one_item_each():
    """xian's two 经费证明 pages (one per funder, typed with units) give its two funding items."""
    xian = front((ROOT / "cities" / "xian" / "taskbook.md").read_text(encoding="utf-8"))
    result = imported(xian, Variant(units=True))
    assert result.diagnostics == ()
    assert result.front["funding"] == [
        {"funder": "西安市人民政府", "amount": 260, "source": "地方财政资金"},
        {"funder": "西安市生态环境局", "amount": 80, "source": "地方财政资金"},
    ]
    assert result.front == printed(xian)


def test_hand_typed_body_is_markdown_under_the_forms_headings():
    """The form's sentences become the parts' headings or go; typed headings and bold stay."""
    body = imported(example(), Variant()).body
    topics = ["O3污染成因综合分析", "O3主要前体物来源与管控对策", "O3防控“一市一策”解决方案",
              "秋冬季PM2.5深度治理与重污染天气应对", "PM2.5和O3污染协同防控综合解决方案"]
    expected = ["## 一、目标和任务", "", "### （一）研究目标", "",
                "以石家庄市 PM2.5 和 O3 协同改善为目标，形成“一市一策”综合解决方案。", "",
                "### （二）主要研究内容和任务", ""]
    for number, topic in enumerate(topics, 1):
        expected += [f"#### {number}. {topic}", "", "开展**观测与模拟**，提出对策。", ""]
    expected += ["### （三）技术路线", "", "“边研究、边产出、边应用、边反馈、边完善”。", "",
                 "## 二、预期成果及考核指标", "", "### 预期成果", "", "1.提交石家庄市大气污染物排放清单。", "",
                 "2.编制石家庄市 NOx 和 VOCs 减排综合技术方案。", "", "### 约束性指标", "",
                 "1.石家庄市大气污染物排放清单。", "", "### 可预期指标", "", "每季度报送专报不少于 1 期。", ""]
    assert body == "\n".join(expected)


def test_hand_typed_import_validates(tmp_path):
    """The book written from the hand-typed form passes validate."""
    result = imported(example(), VARIANTS["all-at-once"])
    path = tmp_path / "cities" / "shijiazhuang" / "taskbook.md"
    path.parent.mkdir(parents=True)
    path.write_text(book_text(result.front, result.body, "任务书.docx", CONTEXT), encoding="utf-8")
    report = check_paths([path], context=CONTEXT, jobs=1)
    assert report.diagnostics == []
