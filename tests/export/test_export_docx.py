"""The .docx: page, type, page numbers, order and content, checked with python-docx."""

from __future__ import annotations

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from export_helpers import book, document, full_text, leaves, paragraph_texts

from taskbook import schema, texts
from taskbook.export.layout import SECTIONS, month, period
from taskbook.rules import get

EXPECTED_SIZES = {
    "Normal": 12, "Heading 1": 12, "Heading 2": 12, "Heading 3": 12,
    "TB Table": 10.5, "TB Cover": 14, "TB Cover Title": 18,
}
HEI = {"Heading 1", "Heading 2", "Heading 3", "Title", "TB Cover Title"}
THEME = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
NOT_ON_FORM = {"/schema_version", "/city/code", "/city/seq"}  # the form has no field for them


def used_styles(doc) -> set[str]:
    return {p.style.name for p in _all_paragraphs(doc)}


def _all_paragraphs(doc):
    from docx.text.paragraph import Paragraph

    return [Paragraph(p, doc._body) for p in doc.element.body.iter(qn("w:p"))]


def test_page_is_a4():
    """The page is A4: w:pgSz 11906 × 16838 twips."""
    size = document("xian").sections[0]._sectPr.find(qn("w:pgSz"))
    assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")
    assert len(document("xian").sections) == 1


def test_every_style_names_east_asian_and_latin_fonts():
    """Every style (and the defaults) sets w:eastAsia 宋体 or 黑体, Times New Roman for Latin, no theme font."""
    doc = document("xian")
    checked = 0
    for style in doc.styles:
        fonts = style.element.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        if style.type == 4:  # numbering styles carry no run properties
            continue
        assert fonts is not None, style.name
        expected = "黑体" if style.name in HEI else "宋体"
        assert fonts.get(qn("w:eastAsia")) == expected, style.name
        assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:cs")} == {"Times New Roman"}
        assert not [a for a in THEME if fonts.get(qn(a))], style.name
        checked += 1
    assert checked > 20
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert fonts.get(qn("w:ascii")) == "Times New Roman"


def test_used_styles_have_the_forms_sizes_and_exact_spacing():
    """Body 小四 12 pt, headings 小四 黑体, tables 五号 10.5 pt; every used style exactly 25 pt."""
    doc = document("xian")
    assert used_styles(doc) == set(EXPECTED_SIZES)
    for name, size in EXPECTED_SIZES.items():
        style = doc.styles[name]
        assert style.font.size == Pt(size), name
        assert style.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY, name
        assert style.paragraph_format.line_spacing == Pt(25), name
        spacing = style.element.find(qn("w:pPr") + "/" + qn("w:spacing"))
        assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("500", "exact")
    for level in (1, 2, 3):
        assert doc.styles[f"Heading {level}"].font.bold is False


def test_no_paragraph_or_run_overrides_the_styles():
    """Fonts, sizes and spacing come only from the styles: no direct rFonts, sz or spacing."""
    body = document("xian").element.body
    assert body.findall(".//" + qn("w:rFonts")) == []
    assert body.findall(".//" + qn("w:sz")) == []
    assert body.findall(".//" + qn("w:spacing")) == []


def test_table_cells_use_the_table_style():
    """Every paragraph inside a table is set in the 五号 table style."""
    doc = document("xian")
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                assert {p.style.name for p in cell.paragraphs} == {"TB Table"}
    assert len(doc.tables) == 4  # 信息表, 四, 五, 七


def test_footer_has_a_centred_page_field_and_the_cover_none():
    """The footer centres a PAGE field; the first page (cover) has an empty footer of its own."""
    section = document("xian").sections[0]
    assert section.different_first_page_header_footer is True
    assert section._sectPr.find(qn("w:titlePg")) is not None
    footer = section.footer
    assert not footer.is_linked_to_previous
    [paragraph] = footer.paragraphs
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    kinds = [c.get(qn("w:fldCharType")) for c in paragraph._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert [i.text for i in paragraph._p.iter(qn("w:instrText"))] == [" PAGE "]
    first = section.first_page_footer
    assert not first.is_linked_to_previous
    assert [p.text for p in first.paragraphs] == [""]
    assert list(first._element.iter(qn("w:fldChar"))) == []


def test_cover_then_sections_in_the_forms_order():
    """The cover comes first, then every section heading in the form's order, each on a new page."""
    doc = document("xian")
    headings = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in headings] == list(SECTIONS)
    assert all(p.paragraph_format.page_break_before for p in headings)
    first = next(i for i, p in enumerate(doc.paragraphs) if p.style.name == "Heading 1")
    cover = [p.text for p in doc.paragraphs[:first] if p.text]
    assert cover == [
        "附件 3",
        "细颗粒物和臭氧污染协同防控“一市一策”",
        "驻点跟踪研究任务书",
        "任务名称：西安市细颗粒物和臭氧污染协同防控综合解决方案研究",
        "任务编号：DQGG202107",
        "工作组牵头单位（公章）：陕西省环境科学研究院测试所",
        "工作组负责人（签字）：\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000",
        "跟踪研究起止年月：2021 年 5 月-2023 年 4 月",
        "大气重污染成因与治理攻关项目管理办公室",
        "二〇二一年四月",
    ]


def _expected(pointer: str, value: object) -> str:
    if pointer in ("/task/start", "/task/end"):
        return month(value)
    if pointer == "/leader/birth":
        return month(value, spaced=False)
    if pointer.endswith("/period"):
        return period(value)
    return str(value)


@pytest.mark.parametrize("slug", ["xian", "beijing"])
def test_internal_document_holds_every_front_matter_value(slug):
    """Every front-matter value on the form appears in the internal document."""
    text = full_text(document(slug, "internal"))
    values = [(p, v) for p, v in leaves(book(slug).data) if p not in NOT_ON_FORM]
    assert len(values) > 100
    missing = [(p, v) for p, v in values if _expected(p, v) not in text]
    assert missing == []


@pytest.mark.parametrize("slug", ["xian", "beijing"])
def test_public_document_leaves_out_every_private_value(slug):
    """No private value (phones, e-mails, ID number, birth month, ages) is in the public document."""
    data = book(slug).data
    public_text = full_text(document(slug, "public"))
    private = [
        (pointer, value) for pointer, value in leaves(data)
        if any(_matches(pointer, path) for path in schema.private_paths())
    ]
    assert len(private) >= 10
    strings = [_expected(p, v) for p, v in private if not p.endswith("/age")]
    assert [s for s in strings if s in public_text] == []
    assert _age_column(document(slug, "public")) == [""] * len(data["people"])
    assert _age_column(document(slug, "internal")) == [str(p["age"]) for p in _ordered(data)]
    # Everything else is still there.
    assert data["leader"]["name"] in public_text
    assert data["city_contact"]["name"] in public_text


def _matches(pointer: str, path: tuple[str, ...]) -> bool:
    tokens = pointer.split("/")[1:]
    return len(tokens) == len(path) and all(p in ("*", t) for p, t in zip(path, tokens, strict=True))


def _ordered(data):
    people = data["people"]
    return sorted([p for p in people if p.get("role")], key=lambda p: p["role"]) + [
        p for p in people if not p.get("role")]


def _age_column(doc) -> list[str]:
    table = doc.tables[2]
    return [row.cells[3].text for row in table.rows[2:] if row.cells[0].text.isdigit()]


def test_information_table_rows():
    """The information table fills 参加人数 with both breakdowns, the degree box and the research period."""
    table = document("xian").tables[0]
    cells = {}
    for row in table.rows:
        label = row.cells[0].text
        cells.setdefault(label, [c.text for c in row.cells])
    assert cells["参加人数"][2] == ("30 人。其中：\n高级 10 人，中级 11 人，初级 7 人，其他 2 人；\n"
                                "博士 12 人，硕士 11 人，学士 6 人，其他 1 人。")
    assert cells["工作起始时间"][2:] == ["2021 年 5 月", "2021 年 5 月", "工作完成时间", "2023 年 4 月",
                                   "研究期限", "2 年"]
    assert cells["累计工作时间"][2] == "396 人月"
    text = full_text(document("xian"))
    assert "■博士 □硕士 □学士 □其他" in text
    assert "生态环境厅（局）联系人\n（由相关处负责人担任）" in text


def test_one_funding_certificate_per_funder_each_on_its_own_page():
    """Two funders give two 经费证明, the second on a new page, with amount in 万元 and source."""
    doc = document("xian")
    texts_ = paragraph_texts(doc)
    assert texts_.count("特此证明！") == 2
    assert texts_.count(
        "西安市人民政府（单位全称）为细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究提供 260 万元资金，"
        "资金来源为地方财政资金。") == 1
    assert texts_.count(
        "西安市生态环境局（单位全称）为细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究提供 42.5 万元资金，"
        "资金来源为企业自有资金。") == 1
    paragraphs = doc.paragraphs
    titles = [i for i, p in enumerate(paragraphs) if p.text == "证明"]
    section = next(i for i, p in enumerate(paragraphs) if p.text == "八、经费证明")
    breaks = [i for i, p in enumerate(paragraphs) if p.paragraph_format.page_break_before]
    assert len(titles) == 2
    # One page break inside 八, and it falls between the two certificates.
    [between] = [i for i in breaks if section < i <= titles[1]]
    assert titles[0] < between
    assert texts_.count(texts.FUNDING_NOTE) == 2


def test_province_city_signs_with_its_provincial_department():
    """A province's city: 甲方 includes the provincial department in 三 and 六; no municipality note."""
    text = full_text(document("xian"))
    assert "甲方（攻关项目管理办公室、省级生态环境部门）：" in text
    assert "陕西省生态环境厅（公章）" in text
    assert "丁方（西安市人民政府）：" in text
    assert "西安市人民政府（公章）" in text
    assert texts.MUNICIPALITY_NOTE not in text


def test_beijing_variant():
    """北京市: no provincial department in 三 or 六, no provincial contact rows, the bureau as 丁方, the note."""
    text = full_text(document("beijing"))
    assert "甲方（攻关项目管理办公室）：" in text
    assert "省级生态环境部门：" not in text
    assert "生态环境厅" not in text
    assert "丁方（北京市生态环境局）：" in text
    assert "北京市生态环境局（公章）" in text
    assert text.count(texts.MUNICIPALITY_NOTE) == 1
    labels = [row.cells[0].text for row in document("beijing").tables[0].rows]
    assert "城市生态环境局联系人\n（由城市生态环境局相关负责人担任）" in labels
    assert not [label for label in labels if "生态环境厅" in label]


def test_body_markdown_keeps_emphasis_and_lists():
    """Bold and italic runs and nested list items of the body reach the document."""
    doc = document("xian")
    runs = [r for p in doc.paragraphs for r in p.runs]
    assert [r.text for r in runs if r.bold and "边研究" in r.text] == ["“边研究、边产出、边应用、边反馈、边完善”"]
    assert [r.text for r in runs if r.italic] == ["观测—清单—模拟—评估"]
    items = {p.text: p.paragraph_format.left_indent for p in doc.paragraphs if p.text.startswith("•")}
    assert items == {"• 观测：加密 VOCs 组分观测；": Pt(24), "• 夏季每日 8 个时段采样；": Pt(48),
                     "• 模拟：本地化空气质量模型。": Pt(24)}


def test_duties_and_common_terms_come_from_the_shared_texts():
    """三 and 九 print taskbook.texts word for word."""
    text = paragraph_texts(document("xian"))
    for term in texts.COMMON_TERMS:
        assert term in text
    for line in texts.INSTRUCTIONS:
        assert line in text
    assert texts.COOPERATION_NOTE in text
    assert get(book("xian").data, "city", "name") == "西安市"
