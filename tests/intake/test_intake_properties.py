"""Property: any book exported (internal profile) imports back to the same book.

Books are generated from the normative example with every printed value drawn anew: text
fields (several lines too), the lists' lengths, people in any order, numbers with
decimals, 北京/天津 or a provincial city, and a body of paragraphs with bold and italic,
nested lists, tables and the city's own topics. The allowed differences are those the
README lists: people come back in the printed order (A, B, the others), amounts to four
decimals, the body as the site's reader reads it.
"""

from __future__ import annotations

import copy
import string

from documents import CONTEXT, example, printed
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from test_intake_roundtrip import blocks

from taskbook.book import from_front
from taskbook.export.docx import render_bytes
from taskbook.form import FORM, fold
from taskbook.form import model as m
from taskbook.intake.markdown import inline, table
from taskbook.intake.parse import parse
from taskbook.intake.reader import read
from taskbook.intake.source import Span

_CJK = "测试研究污染成因来源管控对策方案大气臭氧颗粒物监测清单数据共享单位中心"
_ALPHABET = _CJK + string.ascii_letters + string.digits + "，。；、“”（）-.% "
_FORM_WORDS = {fold(text) for text in (
    *(cell.content.text for row in FORM.table.rows if not isinstance(row, m.Repeat) for cell in row
      if isinstance(cell.content, m.Label)), "序号", "单位名称", "负责人", "工作组参与单位")}


def _ok(text: str) -> bool:
    line_ok = all(line == line.strip() and line for line in text.split("\n"))
    return line_ok and fold(text) not in _FORM_WORDS and not set(text) <= set("-.% ")


_LINE = st.text(st.sampled_from(_ALPHABET), min_size=1, max_size=24).map(str.strip).filter(bool)
TEXT = _LINE.filter(_ok)
LINES = st.lists(_LINE, min_size=1, max_size=3).map("\n".join).filter(_ok)
_BODY_ALPHABET = _CJK + string.ascii_letters + string.digits + "，。；*_[]{}#>-+.!|`\\()“” "
_BODY = st.text(st.sampled_from(_BODY_ALPHABET), min_size=1, max_size=30).map(str.strip).filter(bool)
_HEADINGS = {fold(t) for s in FORM.body_sections() for p in s.content.written  # type: ignore[union-attr]
             for t in (p.title, *(n.text for n in p.notes), *(x.title for x in p.topics))}
_HEADINGS |= {fold(n.text) for s in FORM.body_sections() for n in (s.note, *s.notes) if n}
_HEADINGS |= {fold(s.heading) for s in FORM.sections} | {fold("考核指标")}


def _plain(text: str) -> bool:
    return fold(text) not in _HEADINGS and bool(fold(text))


@st.composite
def paragraph(draw) -> str:
    """A paragraph with bold and italic stretches (written as a work group's editor would)."""
    spans = draw(st.lists(st.tuples(_BODY, st.booleans(), st.booleans()), min_size=1, max_size=3))
    return inline([Span(text, bold, italic) for text, bold, italic in spans])


@st.composite
def block(draw, depth: int = 0) -> list[str]:
    kind = draw(st.sampled_from(["p", "p", "ol", "ul", "table"] if depth == 0 else ["p"]))
    if kind == "p":
        text = draw(paragraph())
        if not _plain(text):
            text = "段落" + text
        return [text, ""]
    if kind == "table":
        width = draw(st.integers(2, 3))
        rows = draw(st.lists(st.lists(TEXT, min_size=width, max_size=width), min_size=2, max_size=3))
        return [*table(rows), ""]
    lines = ["列表之前的段落。", ""]  # two lists in a row would read as one
    for number in range(1, draw(st.integers(1, 3)) + 1):
        marker = f"{number}." if kind == "ol" else "-"
        lines.append(f"{marker} {draw(paragraph())}")
        if draw(st.booleans()):
            lines.append(f"    - {draw(paragraph())}")
    return [*lines, ""]


@st.composite
def body(draw) -> str:
    lines: list[str] = []
    for section in FORM.body_sections():
        assert isinstance(section.content, m.Body)
        lines += [f"## {section.heading}", ""]
        for part in section.content.written:
            lines += [f"### {part.title}", ""]
            for topic in part.topics:
                lines += [f"#### {topic.title}", ""]
                for chunk in draw(st.lists(block(), min_size=1, max_size=2)):
                    lines += chunk
            if part.topics and draw(st.booleans()):
                own = draw(TEXT.filter(_plain))
                lines += [f"#### {own}", "", "本市自选研究内容。", ""]
            if not part.topics:
                for chunk in draw(st.lists(block(), min_size=1, max_size=3)):
                    lines += chunk
    return "\n".join(lines)


@st.composite
def books(draw) -> dict:
    book = copy.deepcopy(example())
    municipal = draw(st.booleans())
    city = "天津市" if municipal else "石家庄市"
    book["city"] = {"name": city, "province": "天津市" if municipal else "河北省", "seq": draw(st.integers(1, 99))}
    book["task"]["id"] = f"DQGG2021{book['city']['seq']:02d}"
    book["task"]["name"] = FORM.rules.task_name.format(city=city)
    if municipal:
        book.pop("province_contact")
    for key in ("name", "address"):
        book["lead_unit"][key] = draw(TEXT)
    for key in ("name", "department", "position"):
        book["lead_unit"]["contact"][key] = draw(TEXT)
    book["participants"] = draw(st.lists(st.fixed_dictionaries({"name": TEXT, "leader": TEXT}), max_size=9))
    book["leader"].update(name=draw(TEXT), title=draw(TEXT), specialty=draw(TEXT), unit=draw(TEXT),
                          degree=draw(st.sampled_from(["博士", "硕士", "学士", "其他"])),
                          birth=f"{draw(st.integers(1950, 1995))}-{draw(st.integers(1, 12)):02d}")
    book["staff"]["total"] = draw(st.integers(1, 500))
    book["person_months"] = draw(st.integers(1, 2000) | st.integers(1, 4000).map(lambda n: n / 2))
    for key in ("expected_results", "research_summary", "indicators"):
        book[key] = draw(LINES)
    for quarter in book["quarters"]:
        quarter["plan"], quarter["indicators"] = draw(LINES), draw(LINES)
    person = st.fixed_dictionaries({
        "name": TEXT, "sex": st.sampled_from(["男", "女"]), "age": st.integers(18, 100), "unit": TEXT,
        "title": TEXT, "specialty": TEXT, "duty": LINES,
        "person_months": st.integers(1, 48) | st.integers(1, 96).map(lambda n: n / 2)})
    people = draw(st.lists(person, min_size=1, max_size=8))
    people[0]["role"] = "A"
    if len(people) > 1 and draw(st.booleans()):
        people[1]["role"] = "B"
    book["people"] = draw(st.permutations(people))
    book["cooperation"] = draw(st.lists(st.fixed_dictionaries({"unit": TEXT, "duty": LINES}), min_size=1, max_size=6))
    funders = st.sampled_from([f"{city}人民政府", f"{city}生态环境局"])
    amounts = st.integers(1, 10000) | st.integers(1, 1000000).map(lambda n: n / 100)
    book["funding"] = draw(st.lists(st.fixed_dictionaries({
        "funder": funders, "amount": amounts, "source": st.sampled_from(["地方财政资金", "企业自有资金"])}),
        min_size=1, max_size=3))
    return book


def in_printed_order(book: dict) -> dict:
    """The book with its people as 五 prints them: A, B, then the others in their order."""
    people = book["people"]
    ordered = ([p for p in people if p.get("role") == "A"] + [p for p in people if p.get("role") == "B"]
               + [p for p in people if p.get("role") not in ("A", "B")])
    return {**book, "people": ordered}


@settings(max_examples=20, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(books(), body())
def test_generated_books_come_back_from_their_export(book, text):
    """Export then import: the same front matter (people in printed order) and a body read the same."""
    typed = from_front("cities/generated/taskbook.md", book, text)
    imported = parse(read(render_bytes(typed, CONTEXT, "internal")), CONTEXT.form, CONTEXT.schema.document)
    assert imported.diagnostics == ()
    assert imported.front == printed(in_printed_order(book))
    assert blocks(imported.body) == blocks(text)
