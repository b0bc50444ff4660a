"""Task books typed by hand into the official Word form, built with python-docx.

:func:`build` lays a book out the way work groups filled the 2021 form in Word: the
cover's lines, 填写说明, the information table with the seed's rows (its own grid, not
the exporter's), 一 and 二 as typed paragraphs under the form's sentences, the tables of
四, 五 and 七 with the form's blank rows, the signature page, one 经费证明 page per
funder. A :class:`Variant` changes how it is typed (merged or split cells, label and
value in one cell, blank rows, spaced and full-width labels, the box mark, units after
numbers, the spelling of months), never what it says.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.enum.text import WD_BREAK

from taskbook.form import FORM
from taskbook.form.values import period

GRID = 8
"""Grid columns of the hand-typed information table."""


@dataclass(frozen=True)
class Variant:
    """How a work group typed the form."""

    merged: bool = True
    """Group labels (牵头单位信息, 工作组负责人 …) as vertically merged cells; else the label
    in the first row and empty cells below it."""
    inline: bool = False
    """The leader's name, title and unit typed as “姓名：…” in one cell."""
    split: bool = False
    """Value cells split in two, the value typed in the second."""
    blank_rows: int = 0
    """Empty rows added after each list and between the table's groups."""
    spaced: bool = False
    """Labels with stray spaces and half- or full-width punctuation (“姓  名”, “处(室)”, “电子信箱：”)."""
    box: str = "■"
    """The mark of the ticked degree."""
    units: bool = False
    """Numbers with their unit (“38 人”, “41 岁”, “24 人月”, full-width digits)."""
    months: str = "spaced"
    """How months are written: ``spaced`` (2021 年 5 月), ``tight`` (2021年05月), ``dotted`` (2021.5)."""
    struck: bool = False
    """The funding source typed as the form's “地方财政资金/企业自有资金” with the other option struck out."""
    extra: tuple[tuple[str, str], ...] = field(default=())
    """Rows added at the end of the information table: (label, value)."""


def _month(value: str, style: str) -> str:
    year, month = value.split("-")
    if style == "tight":
        return f"{year}年{month}月"
    if style == "dotted":
        return f"{year}.{int(month)}"
    return f"{year} 年 {int(month)} 月"


def _label(text: str, variant: Variant) -> str:
    if not variant.spaced:
        return text
    spaced = {"姓名": "姓  名", "单位名称": "单 位 名 称", "处（室）": "处(室)", "电子信箱": "电子信箱：",
              "联系电话": "联系电话:", "职务": "职 务", "所在单位": "所在单位 ", "学位": "学　位"}
    return spaced.get(text, text)


class _Table:
    """Rows of (text, span) cells; ``None`` text continues the cell above (a merge)."""

    def __init__(self, variant: Variant) -> None:
        self.variant = variant
        self.rows: list[list[tuple[str | None, int]]] = []

    def row(self, *cells: tuple[str | None, int]) -> None:
        assert sum(span for _, span in cells) == GRID, cells
        self.rows.append(list(cells))

    def write(self, document: Any) -> None:
        table = document.add_table(rows=len(self.rows), cols=GRID)
        table.style = "Table Grid"
        grid = [[None] * GRID for _ in self.rows]
        for r, row in enumerate(self.rows):
            col = 0
            for text, span in row:
                grid[r][col] = (text, span)
                col += span
        texts: list[tuple[int, int, str]] = []
        for r, row in enumerate(grid):
            for c, spec in enumerate(row):
                if spec is None or spec[0] is None:
                    continue
                text, span = spec
                bottom = r
                while bottom + 1 < len(grid) and grid[bottom + 1][c] is not None and grid[bottom + 1][c][0] is None:
                    bottom += 1
                if span > 1 or bottom > r:
                    _at(table, r, c).merge(_at(table, bottom, c + span - 1))
                texts.append((r, c, text))
        # table.cell() rebuilds the grid on every call: take it once, after the merges.
        cells = table._cells
        for r, c, text in texts:
            cell = cells[r * GRID + c]
            lines = text.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)


def _at(table: Any, row: int, col: int) -> Any:
    """The cell at a grid position (table.cell() rebuilds the whole grid on each call)."""
    from docx.table import _Cell

    position = 0
    for tc in table._tbl.tr_lst[row].tc_lst:
        if position == col:
            return _Cell(tc, table)
        position += tc.grid_span
    raise IndexError((row, col))


def _value(text: str, span: int, variant: Variant) -> list[tuple[str | None, int]]:
    """A value cell, or two when the variant splits value cells (the value in the second)."""
    if variant.split and span > 1:
        return [("", 1), (text, span - 1)]
    return [(text, span)]


def _group(label: str, rows: int, variant: Variant, index: int) -> tuple[str | None, int]:
    if index == 0:
        return (label, 1)
    return (None, 1) if variant.merged else ("", 1)


def info_table(book: dict[str, Any], variant: Variant) -> _Table:
    v = variant
    t = _Table(v)
    lu, ct, ld, st = book["lead_unit"], book["lead_unit"]["contact"], book["leader"], book["staff"]
    L = lambda text: _label(text, v)  # noqa: E731
    t.row(("任务名称", 2), *_value(book["task"]["name"], 6, v))
    t.row(("任务编号", 2), *_value(book["task"]["id"], 6, v))
    t.row(_group("牵\n头\n单\n位\n信\n息", 5, v, 0), (L("单位名称"), 1), *_value(lu["name"], 6, v))
    t.row(_group("", 5, v, 1), (L("通讯地址"), 1), *_value(lu["address"], 3, v), ("邮政编码", 1), (lu["postcode"], 2))
    t.row(_group("", 5, v, 2), ("联系人", 1), (L("姓名"), 1), (ct["name"], 1), (L("处（室）"), 1),
          (ct["department"], 1), (L("职务"), 1), (ct["position"], 1))
    t.row(_group("", 5, v, 3), (None, 1) if v.merged else ("", 1), (L("联系电话"), 1), (ct["phone"], 1),
          ("传真", 1), (ct["fax"], 1), ("手机", 1), (ct["mobile"], 1))
    t.row(_group("", 5, v, 4), (None, 1) if v.merged else ("", 1), (L("电子信箱"), 1), (ct["email"], 5))
    for _ in range(v.blank_rows):
        t.row(("", 2), ("", 6))
    t.row(("工作起始时间", 2), (_month(book["task"]["start"], v.months), 1), ("工作完成时间", 1),
          (_month(book["task"]["end"], v.months), 2), ("研究期限", 1), ("2 年", 1))
    participants = book["participants"]
    t.row(("工作组参与单位", 2), ("序号", 1), (L("单位名称"), 4), ("负责人", 1))
    for number in range(max(8, len(participants))):
        item = participants[number] if number < len(participants) else {"name": "", "leader": ""}
        t.row((None, 2) if v.merged else ("", 2), (str(number + 1), 1), (item["name"], 4), (item["leader"], 1))
    name = f"{L('姓名')}：{ld['name']}" if v.inline else None
    degree = "  ".join(("☐" if v.box == "☑" else "□") + c if c != ld["degree"] else v.box + c
                       for c in ("博士", "硕士", "学士", "其他"))
    if v.box == "√":
        degree = "  ".join("□" + c + ("√" if c == ld["degree"] else "") for c in ("博士", "硕士", "学士", "其他"))
    birth = _month(ld["birth"], v.months)
    rows = [
        [(name, 3), ("出生\n年月", 1), (birth, 2)] if name else
        [(L("姓名"), 1), *_value(ld["name"], 2, v), ("出生\n年月", 1), (birth, 2)],
        [(L("学位"), 1), (degree, 3), ("性别", 1), (ld["sex"], 1)],
        [(f"职称：{ld['title']}", 3), ("专业", 1), (ld["specialty"], 2)] if v.inline else
        [("职称", 1), (ld["title"], 2), ("专业", 1), (ld["specialty"], 2)],
        [(L("所在单位"), 1), (ld["unit"], 5)],
        [("身份证号码", 2), (ld["id_number"], 4)],
        [(L("联系电话"), 1), (ld["phone"], 2), ("电子邮箱", 1), (ld["email"], 2)],
    ]
    for index, cells in enumerate(rows):
        first = ("工作组负责人", 2) if index == 0 else ((None, 2) if v.merged else ("", 2))
        t.row(first, *cells)
    bt, bd = st["by_title"], st["by_degree"]
    staff = (f"{st['total']} 人。其中：\n高级 {bt['senior']} 人，中级 {bt['intermediate']} 人，"
             f"初级 {bt['junior']} 人，其他 {bt['other']} 人；\n博士 {bd['doctor']} 人，硕士 {bd['master']} 人，"
             f"学士 {bd['bachelor']} 人，其他 {bd['other']} 人。")
    t.row(("参加人数", 2), (staff, 6))
    for key, label, note in (("province_contact", "生态环境厅（局）\n联系人", "（由相关处负责人担任）"),
                             ("city_contact", "城市生态环境局\n联系人", "（由城市生态环境局相关负责人担任）")):
        contact = book.get(key) or {"name": "", "position": "", "mobile": "", "fax": ""}
        t.row((f"{label}\n{note}", 2), (L("姓名"), 1), (contact["name"], 2), (L("职务"), 1), (contact["position"], 2))
        t.row((None, 2) if v.merged else ("", 2), ("手机", 1), (contact["mobile"], 2), ("传真", 1), (contact["fax"], 2))
    months = f"{book['person_months']}{' 人月' if v.units else ''}"
    t.row(("累计工作时间", 2), (months if v.units else f"{months} 人月", 6))
    t.row(("预期成果", 2), (book["expected_results"], 6))
    t.row(("研究内容\n（300 字以内）", 2), (book["research_summary"], 6))
    t.row(("考核指标", 2), (book["indicators"], 6))
    for label, value in v.extra:
        t.row((label, 2), (value, 6))
    return t


def _heading(document: Any, text: str) -> None:
    document.add_paragraph().add_run(text).bold = True


def _list_table(document: Any, header: list[str], rows: list[list[str]], blank: int) -> None:
    table = document.add_table(rows=1 + len(rows) + blank, cols=len(header))
    table.style = "Table Grid"
    for c, text in enumerate(header):
        table.cell(0, c).text = text
    for r, row in enumerate(rows, 1):
        for c, text in enumerate(row):
            lines = text.split("\n")
            cell = table.cell(r, c)
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)


def _number(value: Any, variant: Variant, unit: str) -> str:
    text = str(value)
    if variant.units:
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９")) + f" {unit}"
    return text


def build(book: dict[str, Any], variant: Variant = Variant()) -> bytes:
    """The .docx of ``book`` (a front matter) typed into the 2021 form as ``variant`` says.

    The body is the form's: 一 with “（一）研究目标”-style bold headings and the five topics,
    二 under the form's own sentences (“预期成果包括但不限于以下：” …).
    """
    v = variant
    document = docx.Document()
    city = book["city"]["name"]
    for text in ("附件 3", "", *FORM.cover.title, ""):
        document.add_paragraph(text)
    document.add_paragraph(f"任务名称：{book['task']['name']}")
    document.add_paragraph(f"任务编号：{book['task']['id']}")
    document.add_paragraph("工作组牵头单位（公章）：")
    document.add_paragraph("工作组负责人（签字）：")
    document.add_paragraph(f"跟踪研究起止年月：  {_month(book['task']['start'], 'spaced')}-"
                           f"{_month(book['task']['end'], 'spaced')}")
    document.add_paragraph("大气重污染成因与治理攻关项目管理办公室")
    document.add_paragraph("二〇二一年四月")
    _heading(document, " 填写说明")
    for text in FORM.instructions[:3]:
        document.add_paragraph(text)
    _heading(document, "跟踪研究工作信息表")
    info_table(book, v).write(document)

    _heading(document, "一、目标和任务")
    document.add_paragraph("（①研究目标；②主要研究内容和任务；③技术路线等。）")
    _heading(document, "（一）研究目标")
    document.add_paragraph(f"以{city} PM2.5 和 O3 协同改善为目标，形成“一市一策”综合解决方案。")
    _heading(document, "（二）主要研究内容和任务")
    document.add_paragraph(FORM.section("一").content.parts[1].notes[0].text)  # type: ignore[union-attr]
    topics = ("O3污染成因综合分析", "O3主要前体物来源与管控对策", "O3防控“一市一策”解决方案",
              "秋冬季PM2.5深度治理与重污染天气应对", "PM2.5和O3污染协同防控综合解决方案")
    for number, topic in enumerate(topics, 1):
        _heading(document, f"{number}. {topic}")
        paragraph = document.add_paragraph("开展")
        paragraph.add_run("观测与模拟").bold = True
        paragraph.add_run("，提出对策。")
    _heading(document, "（三）技术路线")
    document.add_paragraph("“边研究、边产出、边应用、边反馈、边完善”。")

    _heading(document, "二、预期成果及考核指标（包括主要技术指标、主要经济或应用指标、人才队伍建设、"
                       "数据共享及其他应考核的指标。各项考核指标应尽可能量化。）")
    document.add_paragraph("预期成果包括但不限于以下：")
    document.add_paragraph(f"1.提交{city}大气污染物排放清单。")
    document.add_paragraph(f"2.编制{city} NOx 和 VOCs 减排综合技术方案。")
    document.add_paragraph("考核指标：（研究任务完成和目标完成指标，数据、研究成果共享及专报简报报送指标，"
                           "对地方政府环境管理支撑情况等）")
    document.add_paragraph("约束性指标包括但不限于以下：")
    document.add_paragraph(f"1.{city}大气污染物排放清单。")
    document.add_paragraph("可预期指标：（根据地方实际需求确认）")
    document.add_paragraph("每季度报送专报不少于 1 期。")
    document.add_paragraph("（数据、成果的数量和质量须满足攻关项目管理办公室的要求。）")

    _heading(document, "三、各方的主要职责和承诺")
    document.add_paragraph(f"丙方（{city}驻点跟踪研究工作组）：驻点跟踪研究工作的责任主体。")

    _heading(document, "四、季度计划及季度目标")
    rows = []
    for quarter in book["quarters"]:
        shown = re.sub(r"年(\d+)月$", r"年\n\1 月", period(quarter["period"]))
        rows.append([shown, quarter["plan"], quarter["indicators"]])
    _list_table(document, ["季 度", "工作组季度计划及季\n度目标", "季度考核指标（明确可共享的数据、平\n台、成果等）"],
                rows, v.blank_rows)

    _heading(document, "五、主要研究人员")
    document.add_paragraph("负责人（A/B 角，其中 A是工作组负责人，B是 A 授权的工作负责人）")
    people = book["people"]
    leads = [p for p in people if p.get("role") in ("A", "B")]
    others = [p for p in people if p.get("role") not in ("A", "B")]
    header = ["序号", "姓  名", "性别", "年龄", "所在单位", "职  称", "业务专业", "在工作组中任务分工", "A/B 角",
              "累计工作时间（人月）"]
    table = document.add_table(rows=len(people) + 2 + v.blank_rows, cols=len(header))
    table.style = "Table Grid"
    for c, text in enumerate(header):
        table.cell(0, c).text = text
    r = 1
    for group, members in (("", leads), ("主要研究人员", others)):
        if group:
            merged = table.cell(r, 0).merge(table.cell(r, len(header) - 1))
            merged.text = group
            r += 1
        for number, person in enumerate(members, 1):
            values = [str(number), person["name"], person["sex"], _number(person["age"], v, "岁"),
                      person["unit"], person["title"], person["specialty"], person["duty"],
                      person.get("role") or "", _number(person["person_months"], v, "人月")]
            for c, text in enumerate(values):
                table.cell(r, c).text = text
            r += 1

    _heading(document, "六、任务书签订各方签章")
    for text in ("甲方：", "大气重污染成因与治理攻关", "项目管理办公室（生态环境部科技与财务司代章）",
                 f"{book['city']['province']}生态环境厅", "（公章）", "负责人（签章）：", "年  月  日",
                 "乙方：国家大气污染防治攻关联合中心（公章）", "丙方（工作组牵头单位）：",
                 f"丁方（{city}人民政府）：", "（公章）", "单位负责人（签章）：年  月  日"):
        document.add_paragraph(text)

    document.add_paragraph().add_run("七、工作组负责单位与协作单位合作协议（可多页）").bold = True
    _list_table(document, ["序号", "单  位", "任 务 分 工"],
                [[str(n), item["unit"], item["duty"]] for n, item in enumerate(book["cooperation"], 1)],
                max(v.blank_rows, 2))
    document.add_paragraph("（可自行加行）")
    document.add_paragraph("具体协议与经费由工作组牵头单位与各参与单位另行协商签订。")

    _heading(document, "八、经费证明")
    for number, funding in enumerate(book["funding"]):
        if number:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_paragraph("证明")
        amount = _number(funding["amount"], v, "").strip()
        statement = document.add_paragraph(f"{funding['funder']}（单位全称）为细颗粒物和臭氧污染协同防控"
                                           f"“一市一策”驻点跟踪研究提供 {amount} 万元资金，资金来源为")
        if v.struck:
            statement.add_run("地方财政资金")
            statement.add_run("/企业自有资金").font.strike = True
        else:
            statement.add_run(funding["source"])
        statement.add_run("。")
        document.add_paragraph("特此证明！")
        document.add_paragraph(f"出资单位（公章）：{funding['funder']}")
        document.add_paragraph("2021 年 5 月 18 日")
    document.add_paragraph("注：出资单位为地方人民政府或生态环境局，如有多个出资方，可以多页。")
    _heading(document, "九、共同条款")
    document.add_paragraph("1.驻点跟踪研究工作各方应共同遵守有关规定。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
