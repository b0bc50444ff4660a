"""The .docx: page, type, page numbers, order and content, checked with python-docx."""

from __future__ import annotations

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from export_helpers import CONTEXT, book, document, full_text, leaves, paragraph_texts

from taskbook.form import FORM
from taskbook.form import model as m
from taskbook.form.values import month, period

HEADINGS = [FORM.instructions_title, FORM.table.title, *(s.printed for s in FORM.sections)]
MUNICIPALITY_NOTE = FORM.section("六").content.note.municipal  # type: ignore[union-attr]

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


def test_page_is_a4_with_a_binding_gutter():
    """Every page is A4 (11906 × 16838 twips) with a 5 mm gutter on the left for the staples."""
    sections = document("xian").sections
    assert len(sections) == 2  # the cover, then the numbered pages
    for section in sections:
        size = section._sectPr.find(qn("w:pgSz"))
        margins = section._sectPr.find(qn("w:pgMar"))
        assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")
        assert (margins.get(qn("w:left")), margins.get(qn("w:right")), margins.get(qn("w:gutter"))) == (
            "1588", "1474", "284")


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


def test_pages_are_numbered_from_one_after_the_cover():
    """The cover's section has no page number; the next section restarts at 1 in a centred
    PAGE field, so the first numbered page reads "— 1 —"."""
    cover, rest = document("xian").sections
    assert list(cover.footer._element.iter(qn("w:fldChar"))) == []
    assert [p.text for p in cover.footer.paragraphs] == [""]
    footer = rest.footer
    assert not footer.is_linked_to_previous
    [paragraph] = footer.paragraphs
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    kinds = [c.get(qn("w:fldCharType")) for c in paragraph._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert [i.text for i in paragraph._p.iter(qn("w:instrText"))] == [" PAGE "]
    assert paragraph.text == "— 1 —"
    assert rest._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert cover._sectPr.find(qn("w:pgNumType")) is None


def test_document_properties_are_the_exports():
    """The file is dated by the export, in Chinese, by taskbook: nothing of python-docx's template."""
    import datetime

    doc = document("xian")
    properties = doc.core_properties
    assert properties.created.year >= 2026 and properties.created == properties.modified
    assert (properties.language, properties.author, properties.revision) == ("zh-CN", "taskbook", 1)
    assert properties.title == "西安市细颗粒物和臭氧污染协同防控综合解决方案研究"
    created = properties.created.replace(tzinfo=datetime.UTC)
    assert created <= datetime.datetime.now(datetime.UTC)
    language = doc.settings.element.find(qn("w:themeFontLang"))
    assert language.get(qn("w:eastAsia")) == "zh-CN"


def test_cover_then_sections_in_the_forms_order():
    """The cover comes first, then every section heading in the form's order, each on a new page."""
    doc = document("xian")
    headings = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in headings] == HEADINGS
    assert headings[1].text == "跟踪研究工作信息表"
    # The first heading follows the cover's section break; every other one breaks the page.
    assert all(p.paragraph_format.page_break_before for p in headings[1:])
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
        return month(value)
    if pointer.endswith("/period"):
        return period(value)
    return str(value)


@pytest.mark.parametrize("slug", ["xian", "beijing"])
def test_internal_document_holds_every_front_matter_value(slug):
    """Every front-matter value on the form appears in the internal document."""
    text = full_text(document(slug, "internal"))
    values = [(p, v) for p, v in leaves(book(slug).front) if p not in NOT_ON_FORM]
    assert len(values) > 100
    missing = [(p, v) for p, v in values if _expected(p, v) not in text]
    assert missing == []


@pytest.mark.parametrize("slug", ["xian", "beijing"])
def test_public_document_leaves_out_every_private_value(slug):
    """No private value (phones, e-mails, ID number, birth month, ages) is in the public document."""
    data = book(slug).front
    public_text = full_text(document(slug, "public"))
    private = [
        (pointer, value) for pointer, value in leaves(data)
        if any(_matches(pointer, path) for path in CONTEXT.schema.private_paths)
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
    return [row.cells[3].text for row in table.rows[1:] if row.cells[0].text.isdigit()]


def _cells(doc) -> list[list[str]]:
    """The information table as rows of distinct cell texts (merged cells once)."""
    rows = []
    for row in doc.tables[0].rows:
        texts, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                texts.append(cell.text)
        rows.append(texts)
    return rows


def _row(doc, label: str) -> list[str]:
    return next(row for row in _cells(doc) if label in row)


def test_information_table_rows():
    """The information table fills 参加人数 with both breakdowns, the degree box and the research period."""
    doc = document("xian")
    assert _row(doc, "参加人数")[-1] == ("30 人。其中：\n高级 10 人，中级 11 人，初级 7 人，其他 2 人；\n"
                                     "博士 12 人，硕士 11 人，学士 6 人，其他 1 人。")
    assert _row(doc, "工作起始时间") == ["工作起始时间", "2021 年 5 月", "工作完成时间", "2023 年 4 月",
                                    "研究期限", "2 年"]
    assert _row(doc, "累计工作时间") == ["累计工作时间", "396 人月"]
    assert _row(doc, "学位")[-3:] == ["■博士 □硕士 □学士 □其他", "性别", "女"]
    labels = [text for row in _cells(doc) for text in row]
    assert "生态环境厅（局）联系人（由相关处负责人担任）" in labels
    assert "城市生态环境局联系人（由城市生态环境局相关负责人担任）" in labels
    assert "研究内容（300 字以内）" in labels


def test_information_table_labels_come_from_the_form_model():
    """Every label of the model's information table is a cell of the printed table."""
    labels = {text for row in _cells(document("xian")) for text in row}
    wanted = {cell.content.printed for row in FORM.table.rows
              for cell in ((row.label, *row.header) if isinstance(row, m.Repeat) else row)
              if isinstance(cell.content, m.Label)}
    assert wanted and wanted - labels == set()


def test_folded_values_read_as_written_chinese():
    """A folded YAML value wraps Chinese lines without a stray space or a paragraph break."""
    text = _row(document("xian"), "预期成果")[-1]
    assert text == ("西安市 2020、2021 年大气污染物排放清单；VOCs 和 NOx 重点行业治理问题清单；"
                    "PM2.5 重污染和 O3 污染过程案例库；NOx 和 VOCs 减排综合技术方案；"
                    "PM2.5 和 O3 污染协同防控综合解决方案及驻点跟踪研究报告。")
    assert "； " not in full_text(document("xian"))


def test_one_funding_certificate_per_funder_each_on_its_own_page():
    """Two funders give two 经费证明, the second on a new page, with amount in 万元 and source."""
    doc = document("xian")
    texts_ = paragraph_texts(doc)
    assert texts_.count("特此证明！") == 2
    assert texts_.count(
        "西安市人民政府为细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究提供 260 万元资金，"
        "资金来源为地方财政资金。") == 1
    assert texts_.count(
        "西安市生态环境局为细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究提供 42.5 万元资金，"
        "资金来源为企业自有资金。") == 1
    # The form's instructions to the writer never print.
    text = full_text(doc)
    for hint in ("（单位全称）", "（可多页）", "（可自行加行）", "注：出资单位为地方人民政府或生态环境局"):
        assert hint not in text
    paragraphs = doc.paragraphs
    titles = [i for i, p in enumerate(paragraphs) if p.text == "证明"]
    section = next(i for i, p in enumerate(paragraphs) if p.text == "八、经费证明")
    breaks = [i for i, p in enumerate(paragraphs) if p.paragraph_format.page_break_before]
    assert len(titles) == 2
    # One page break inside 八, and it falls between the two certificates.
    [between] = [i for i in breaks if section < i <= titles[1]]
    assert titles[0] < between


def test_province_city_signs_with_its_provincial_department():
    """A province's city: 甲方 includes the provincial department in 三 and 六; no municipality note."""
    text = full_text(document("xian"))
    assert "甲方（攻关项目管理办公室、省级生态环境部门）：" in text
    assert "陕西省生态环境厅（公章）" in text
    assert "丁方（西安市人民政府）：" in text
    assert MUNICIPALITY_NOTE not in text


def test_beijing_variant():
    """北京市: 甲方 is the office alone in 三 and 六, the bureau is 丁方, the note prints, and the
    生态环境厅（局）联系人 rows stay in the table (blank: 北京 has no provincial contact)."""
    doc = document("beijing")
    text = full_text(doc)
    assert "甲方（攻关项目管理办公室）：负责统筹、协调、组织驻点跟踪研究工作，监督考核研究进展和研究产出，" \
           "提供部分跟踪研究经费。" in paragraph_texts(doc)
    assert "攻关项目管理办公室：攻关项目管理办公室" not in text.replace("\n", "")
    assert "省级生态环境部门：" not in text
    assert "生态环境厅（公章）" not in text
    assert "丁方（北京市生态环境局）：" in text
    assert "北京市生态环境局（公章）" not in text  # 丁方 seals under its own heading
    assert text.count(MUNICIPALITY_NOTE) == 1
    assert _row(doc, "生态环境厅（局）联系人（由相关处负责人担任）") == [
        "生态环境厅（局）联系人（由相关处负责人担任）", "姓名", "", "职务", ""]
    assert _row(doc, "城市生态环境局联系人（由城市生态环境局相关负责人担任）")[1:3] == ["姓名", "何雪梅"]


def test_results_section_prints_the_forms_headings_and_sentence():
    """二 prints its title note, the form's 考核指标： heading before 约束性指标, and its fixed sentence last."""
    texts_ = paragraph_texts(document("xian"))
    start = texts_.index(FORM.section("二").printed)
    end = texts_.index(FORM.section("三").printed)
    section = [t for t in texts_[start:end] if t]
    assert section[0] == ("二、预期成果及考核指标（包括主要技术指标、主要经济或应用指标、人才队伍建设、"
                          "数据共享及其他应考核的指标。各项考核指标应尽可能量化。）")
    headings = [t for t in section if t in ("预期成果", "约束性指标", "可预期指标") or t.startswith("考核指标：")]
    assert headings == ["预期成果", "考核指标：（研究任务完成和目标完成指标，数据、研究成果共享及专报简报报送指标，"
                        "对地方政府环境管理支撑情况等）", "约束性指标", "可预期指标"]
    assert section[-1] == "（数据、成果的数量和质量须满足攻关项目管理办公室的要求。）"


def test_people_table_repeats_its_column_header_not_a_group():
    """五's only repeated row is the column header; 负责人（A/B…） and 主要研究人员 are rows below it."""
    table = document("xian").tables[2]
    headers = [row for row in table.rows if row._tr.trPr is not None
               and row._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert [[c.text for c in row.cells] for row in headers] == [[c.label.printed for c in FORM.section(
        "五").content.columns]]  # type: ignore[union-attr]
    firsts = [row.cells[0].text for row in table.rows]
    assert firsts[1] == "负责人（A/B 角，其中 A 是工作组负责人，B 是 A 授权的工作负责人）"
    assert "主要研究人员" in firsts[3:]


def test_body_markdown_keeps_emphasis_and_lists():
    """Bold and italic runs and nested list items of the body reach the document."""
    doc = document("xian")
    runs = [r for p in doc.paragraphs for r in p.runs]
    assert [r.text for r in runs if r.bold and "边研究" in r.text] == ["“边研究、边产出、边应用、边反馈、边完善”"]
    assert [r.text for r in runs if r.italic] == ["观测—清单—模拟—评估"]
    items = {p.text: p.paragraph_format.left_indent for p in doc.paragraphs if p.text.startswith("•")}
    assert items == {"• 观测：加密 VOCs 组分观测；": Pt(24), "• 夏季每日 8 个时段采样；": Pt(48),
                     "• 模拟：本地化空气质量模型。": Pt(24)}


def test_duties_and_common_terms_come_from_the_form_model():
    """三, 七's sentence, 九 and 填写说明 print the form model's words."""
    text = paragraph_texts(document("xian"))
    terms = FORM.section("九").content
    assert isinstance(terms, m.Terms)
    for term in terms.items:
        assert FORM.words(term, "西安市") in text
    for line in FORM.instructions:
        assert line in text
    assert "具体协议与经费由工作组牵头单位与各参与单位另行协商签订。" in text
    assert "丙方（西安市驻点跟踪研究工作组）：驻点跟踪研究工作的责任主体，具体执行驻点跟踪研究的各项任务，" \
           "支撑服务好 PM2.5 和 O3 污染协同防控工作。" in text
