"""Reading values as work groups type them, and parsing without python-docx."""

from __future__ import annotations

import pytest
from documents import CONTEXT
from hypothesis import given, settings
from hypothesis import strategies as st

from taskbook.export import mdblocks
from taskbook.intake import markdown, values
from taskbook.intake.parse import parse
from taskbook.intake.source import Cell, Paragraph, Source, Span, Table


@pytest.mark.parametrize(("typed", "read"), [
    ("38 人", 38), ("38人", 38), ("３８ 人", 38), ("200 万元", 200), ("12.5 万元", 12.5),
    ("486 人月", 486), ("41 岁", 41), ("1,200", 1200), ("约 30", "约 30"), ("", ""),
])
def test_numbers_with_units(typed, read):
    """A number keeps its value whatever unit or width it is typed with; other text stays text."""
    assert values.number(typed) == read


@pytest.mark.parametrize(("typed", "read"), [
    ("2021 年 5 月", "2021-05"), ("2021年05月", "2021-05"), ("2021.5", "2021-05"),
    ("２０２１年５月", "2021-05"), ("2021 年 13 月", "2021 年 13 月"),
])
def test_months(typed, read):
    """Months in any spelling read as YYYY-MM; an impossible one stays as typed."""
    assert values.month(typed) == read


@pytest.mark.parametrize(("typed", "read"), [
    ("2021年5月-2021年\n7 月", "2021-05/2021-07"), ("2021 年 11 月—2022 年 1 月", "2021-11/2022-01"),
    ("2022年2月至2022年4月", "2022-02/2022-04"),
])
def test_periods(typed, read):
    """A quarter's period, broken over lines or with another dash, reads as YYYY-MM/YYYY-MM."""
    assert values.period(typed) == read


CHOICES = ("博士", "硕士", "学士", "其他")


@pytest.mark.parametrize(("typed", "read"), [
    ("■博士 □硕士 □学士 □其他", ("博士", ["博士"])),
    ("☐博士 ☑硕士 ☐学士 ☐其他", ("硕士", ["硕士"])),
    ("□博士 □硕士√ □学士 □其他", ("硕士", ["硕士"])),
    ("□博士 □硕士 □学士 √其他", ("其他", ["其他"])),
    ("学士", ("学士", ["学士"])),
    ("■博士 ■硕士 □学士 □其他", (None, ["博士", "硕士"])),
    ("□博士 □硕士 □学士 □其他", (None, [])),
])
def test_boxes(typed, read):
    """The ticked box (■, ☑, √ before or after) is the choice; two ticks or none choose nothing."""
    assert values.boxes(typed, CHOICES) == read


def test_parse_reads_plain_values_without_a_word_file():
    """The parser runs on hand-made Source values: a two-row table and a heading are enough."""
    table = Table(((Cell("任务名称", 0, 0), Cell("西安市细颗粒物和臭氧污染协同防控综合解决方案研究", 0, 1)),
                   (Cell("任务编号", 1, 0), Cell("DQGG202131", 1, 1))), 1)
    source = Source((table, Paragraph((Span("一、目标和任务"),), 1),
                     Paragraph((Span("研究目标"),), 2, heading=2),
                     Paragraph((Span("查明成因。"),), 3)))
    result = parse(source, CONTEXT.form, CONTEXT.schema.document, province="陕西省")
    assert result.front["task"] == {"id": "DQGG202131", "name": "西安市细颗粒物和臭氧污染协同防控综合解决方案研究",
                                    "start": None, "end": None}
    assert result.front["city"] == {"name": "西安市", "province": "陕西省", "seq": 31}
    assert result.body == "## 一、目标和任务\n\n### 研究目标\n\n查明成因。\n"


_TEXT = st.text(st.sampled_from("测试污染成因VOCsPM2.5O3 *_[]{}#>-+.!|`\\()1234、，。“”：:"), min_size=1, max_size=30)
_SPANS = st.lists(st.tuples(_TEXT, st.booleans(), st.booleans()), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(_SPANS)
def test_markdown_reads_back_as_the_text_written(spans):
    """Any text with bold and italic, written as Markdown, reads back (site's reader) as that text."""
    given_spans = [Span(text, bold, italic) for text, bold, italic in spans]
    written = markdown.inline(given_spans)
    reading = CONTEXT.reader.read(written, tree=True)
    blocks = mdblocks.convert(reading.tree, reading.raw, table_width=9000)
    expected = "".join(span.text for span in given_spans).strip()
    assert "".join(run.text for block in blocks for run in block.runs) == " ".join(expected.split("\n"))  # type: ignore[union-attr]
