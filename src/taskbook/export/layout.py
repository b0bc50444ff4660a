"""The printed task book as a pure layout model: a book and a profile → a list of blocks.

The order and wording follow the official blank form (附件 3) section by section. Shared
wording (填写说明, 三, 六's note, 七's note, 八's note, 九) comes from :mod:`taskbook.texts`;
everything else comes from the book. The ``public`` profile drops every private field
first (:func:`taskbook.schema.public`), so no personal value can reach the blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from taskbook import schema, texts
from taskbook.body import fold
from taskbook.export import mdblocks
from taskbook.export.blocks import (
    Block,
    Cover,
    Heading,
    Merge,
    PageBreak,
    Paragraph,
    Run,
    SignatureBlock,
    Table,
)
from taskbook.loader import Book
from taskbook.rules import get

Profile = Literal["public", "internal"]
PROFILES: tuple[str, ...] = ("internal", "public")


@dataclass(frozen=True)
class PageFormat:
    """Page geometry and type from 填写说明 4(2); lengths in twips, sizes in half-points."""

    width: int = 11906  # A4
    height: int = 16838
    top: int = 1440  # 2.54 cm, Word's default for Chinese documents
    bottom: int = 1440
    left: int = 1800  # 3.17 cm
    right: int = 1800
    line: int = 500  # exact 25 pt (twentieths of a point)
    body_size: int = 24  # 小四, 12 pt
    heading_size: int = 24  # 小四
    table_size: int = 21  # 五号, 10.5 pt
    cover_title_size: int = 36  # 小二, 18 pt: the cover is not governed by 4(2)
    cover_size: int = 28  # 四号, 14 pt
    song: str = "宋体"
    hei: str = "黑体"
    latin: str = "Times New Roman"

    @property
    def text_width(self) -> int:
        """Width between the margins."""
        return self.width - self.left - self.right


FORMAT = PageFormat()
SECTIONS: tuple[str, ...] = (
    "填写说明",
    "跟踪研究工作信息表",
    "一、目标和任务",
    "二、预期成果及考核指标",
    "三、各方的主要职责和承诺",
    "四、季度计划及季度目标",
    "五、主要研究人员",
    "六、任务书签订各方签章",
    "七、工作组负责单位与协作单位合作协议",
    "八、经费证明",
    "九、共同条款",
)
DATE_BLANK = "年　　月　　日"
BLANK = Paragraph((), "left", False)
"""An empty line, where the form leaves room (the certificate)."""
DEGREES = ("博士", "硕士", "学士", "其他")
TITLE_LEVELS = (("senior", "高级"), ("intermediate", "中级"), ("junior", "初级"), ("other", "其他"))
DEGREE_LEVELS = (("doctor", "博士"), ("master", "硕士"), ("bachelor", "学士"), ("other", "其他"))


def text(value: Any) -> str:
    """Show a front-matter value as the form prints it (absent values are blank)."""
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def month(value: Any, *, spaced: bool = True) -> str:
    """``"2021-05"`` → ``2021 年 5 月`` (or ``2021年5月``); other values as written."""
    raw = text(value)
    year, _, number = raw.partition("-")
    if not (year.isdigit() and number.isdigit()):
        return raw
    return f"{year} 年 {int(number)} 月" if spaced else f"{year}年{int(number)}月"


def period(value: Any) -> str:
    """``"2021-05/2021-07"`` → ``2021年5月-2021年7月``."""
    first, _, last = text(value).partition("/")
    return f"{month(first, spaced=False)}-{month(last, spaced=False)}" if last else text(value)


def duration(start: Any, end: Any) -> str:
    """The research period between two ``YYYY-MM`` months, both included: ``2 年``."""
    try:
        y1, m1 = (int(part) for part in text(start).split("-"))
        y2, m2 = (int(part) for part in text(end).split("-"))
    except ValueError:
        return ""
    months = (y2 - y1) * 12 + (m2 - m1) + 1
    if months <= 0:
        return ""
    return f"{months // 12} 年" if months % 12 == 0 else f"{months} 个月"


class Grid:
    """A table under construction: place texts on a grid, record merged rectangles."""

    def __init__(self, widths: tuple[int, ...]) -> None:
        self.widths = widths
        self.rows: list[list[str]] = []
        self.merges: list[Merge] = []

    def row(self, *cells: tuple[int, int, str] | tuple[int, int, str, int]) -> None:
        """Add a row of ``(first column, last column, text[, rows spanned])`` cells."""
        index = len(self.rows)
        self.rows.append([""] * len(self.widths))
        for cell in cells:
            first, last, value, *span = cell
            self.put(index, first, value, rows=span[0] if span else 1, cols=last - first + 1)

    def put(self, row: int, col: int, value: str, *, rows: int = 1, cols: int = 1) -> None:
        """Write ``value`` at (row, col), merging ``rows`` × ``cols`` cells when larger."""
        self.rows[row][col] = value
        if rows > 1 or cols > 1:
            self.merges.append(Merge(row, col, rows, cols))

    def table(self, header_rows: int = 0) -> Table:
        """Freeze the grid (rows a merge spans beyond the last row are added blank)."""
        height = max((m.row + m.rows for m in self.merges), default=0)
        while len(self.rows) < height:
            self.rows.append([""] * len(self.widths))
        return Table(self.widths, tuple(tuple(row) for row in self.rows),
                     tuple(self.merges), header_rows)


def _para(value: str, *, align: str = "justify", indent: bool = True, bold: bool = False) -> Paragraph:
    return Paragraph((Run(value, bold=bold),), align, indent)  # type: ignore[arg-type]


def cover(data: dict[str, Any]) -> Cover:
    """The cover page."""
    task = get(data, "task", kind=dict) or {}
    start, end = task.get("start"), task.get("end")
    span = f"{month(start)}-{month(end)}" if start and end else ""
    return Cover(
        attachment=texts.ATTACHMENT,
        title=("细颗粒物和臭氧污染协同防控“一市一策”", "驻点跟踪研究任务书"),
        fields=(
            ("任务名称", text(task.get("name"))),
            ("任务编号", text(task.get("id"))),
            ("工作组牵头单位（公章）", text(get(data, "lead_unit", "name"))),
            # A signature line: the leader signs by hand over the blank.
            ("工作组负责人（签字）", ""),
            ("跟踪研究起止年月", span),
        ),
        issuer=texts.OFFICE,
        date=texts.ISSUER_DATE,
    )


def information_table(data: dict[str, Any], width: int = FORMAT.text_width) -> Table:
    """跟踪研究工作信息表: every row of the form's table, filled from the front matter."""
    widths = [350, 1030, 1170, 1480, 960, 1480, 560]
    grid = Grid((*widths, width - sum(widths)))
    g = lambda *keys: text(get(data, *keys))  # noqa: E731 - a local shorthand reads better here
    grid.row((0, 1, "任务名称"), (2, 7, g("task", "name")))
    grid.row((0, 1, "任务编号"), (2, 7, g("task", "id")))
    grid.row((0, 0, "牵头单位信息", 5), (1, 1, "单位名称"), (2, 7, g("lead_unit", "name")))
    grid.row((1, 1, "通讯地址"), (2, 3, g("lead_unit", "address")), (4, 4, "邮政编码"),
             (5, 7, g("lead_unit", "postcode")))
    contact = ("lead_unit", "contact")
    grid.row((1, 1, "联系人", 3), (2, 2, "姓名"), (3, 3, g(*contact, "name")),
             (4, 4, "处（室）"), (5, 5, g(*contact, "department")),
             (6, 6, "职务"), (7, 7, g(*contact, "position")))
    grid.row((2, 2, "联系电话"), (3, 3, g(*contact, "phone")), (4, 4, "传真"),
             (5, 5, g(*contact, "fax")), (6, 6, "手机"), (7, 7, g(*contact, "mobile")))
    grid.row((2, 2, "电子信箱"), (3, 7, g(*contact, "email")))
    start, end = get(data, "task", "start"), get(data, "task", "end")
    grid.row((0, 1, "工作起始时间"), (2, 3, month(start)), (4, 4, "工作完成时间"),
             (5, 5, month(end)), (6, 6, "研究期限"), (7, 7, duration(start, end)))

    participants = get(data, "participants", kind=list) or []
    grid.row((0, 1, "工作组参与单位", 1 + max(1, len(participants))),
             (2, 2, "序号"), (3, 5, "单位名称"), (6, 7, "负责人"))
    for number, unit in enumerate(participants or [{}], start=1):
        grid.row((2, 2, str(number) if participants else ""),
                 (3, 5, text(get(unit, "name"))), (6, 7, text(get(unit, "leader"))))

    degree = g("leader", "degree")
    boxes = " ".join(("■" if d == degree else "□") + d for d in DEGREES)
    grid.row((0, 1, "工作组负责人", 6), (2, 2, "姓名"), (3, 3, g("leader", "name")),
             (4, 4, "出生年月"), (5, 7, month(get(data, "leader", "birth"), spaced=False)))
    grid.row((2, 2, "学位"), (3, 5, boxes), (6, 6, "性别"), (7, 7, g("leader", "sex")))
    grid.row((2, 2, "职称"), (3, 3, g("leader", "title")), (4, 4, "专业"),
             (5, 7, g("leader", "specialty")))
    grid.row((2, 2, "所在单位"), (3, 7, g("leader", "unit")))
    grid.row((2, 2, "身份证号码"), (3, 7, g("leader", "id_number")))
    grid.row((2, 2, "联系电话"), (3, 3, g("leader", "phone")), (4, 4, "电子邮箱"),
             (5, 7, g("leader", "email")))
    grid.row((0, 1, "参加人数"), (2, 7, staff(data)))

    city = g("city", "name")
    if get(data, "province_contact", kind=dict) is not None or not texts.is_municipality(city):
        _contact_rows(grid, data, "province_contact", "生态环境厅（局）联系人\n（由相关处负责人担任）")
    _contact_rows(grid, data, "city_contact", "城市生态环境局联系人\n（由城市生态环境局相关负责人担任）")
    months = g("person_months")
    grid.row((0, 1, "累计工作时间"), (2, 7, f"{months} 人月" if months else "人月"))
    grid.row((0, 1, "预期成果"), (2, 7, g("expected_results")))
    grid.row((0, 1, "研究内容\n（300 字以内）"), (2, 7, g("research_summary")))
    grid.row((0, 1, "考核指标"), (2, 7, g("indicators")))
    return grid.table()


def _contact_rows(grid: Grid, data: dict[str, Any], key: str, label: str) -> None:
    g = lambda field: text(get(data, key, field))  # noqa: E731
    grid.row((0, 1, label, 2), (2, 2, "姓名"), (3, 3, g("name")), (4, 4, "职务"),
             (5, 7, g("position")))
    grid.row((2, 2, "手机"), (3, 3, g("mobile")), (4, 4, "传真"), (5, 7, g("fax")))


def staff(data: dict[str, Any]) -> str:
    """参加人数 with both breakdowns, worded as the form's cell."""
    def count(*keys: str) -> str:
        return text(get(data, "staff", *keys))

    by_title = "，".join(f"{label} {count('by_title', key)} 人" for key, label in TITLE_LEVELS)
    by_degree = "，".join(f"{label} {count('by_degree', key)} 人" for key, label in DEGREE_LEVELS)
    return f"{count('total')} 人。其中：\n{by_title}；\n{by_degree}。"


def body_sections(book_body: str, width: int = FORMAT.text_width) -> list[Block]:
    """一 and 二 from the Markdown body; each section heading starts a new page."""
    official = {fold(name): name for name in SECTIONS}
    blocks: list[Block] = []
    for block in mdblocks.convert(book_body, table_width=width):
        if isinstance(block, Heading) and block.level == 1:
            # Print the form's own wording when the book's heading only differs in width,
            # spaces or quotes.
            blocks += [PageBreak(), Heading(official.get(fold(block.text), block.text), 1)]
        else:
            blocks.append(block)
    return blocks


def duties(city: str) -> list[Block]:
    """三、各方的主要职责和承诺 from the shared text."""
    blocks: list[Block] = [_para(texts.duties_intro())]
    for duty in texts.duties(city):
        if len(duty.paragraphs) == 1:
            blocks.append(Paragraph((Run(f"{duty.party}：", bold=True), Run(duty.paragraphs[0]))))
        else:
            blocks.append(_para(f"{duty.party}：", bold=True))
            blocks += [_para(paragraph) for paragraph in duty.paragraphs]
    return blocks


def quarters_table(data: dict[str, Any], width: int = FORMAT.text_width) -> Table:
    """四、季度计划及季度目标."""
    first = 2700  # 2021年11月-2022年1月 on one line
    grid = Grid((first, (width - first) // 2, width - first - (width - first) // 2))
    grid.row((0, 0, "季度"), (1, 1, "工作组季度计划及季度目标"),
             (2, 2, "季度考核指标（明确可共享的数据、平台、成果等）"))
    for quarter in get(data, "quarters", kind=list) or []:
        grid.row((0, 0, period(get(quarter, "period"))), (1, 1, text(get(quarter, "plan"))),
                 (2, 2, text(get(quarter, "indicators"))))
    return grid.table(header_rows=1)


PEOPLE_COLUMNS = ("序号", "姓名", "性别", "年龄", "所在单位", "职称", "业务专业",
                  "在工作组中任务分工", "A/B 角", "累计工作时间（人月）")


def people_table(data: dict[str, Any], width: int = FORMAT.text_width) -> Table:
    """五、主要研究人员: 负责人 (A, then B) first, then the other researchers."""
    widths = [450, 820, 450, 450, 1300, 900, 900, 0, 500, 900]
    widths[7] = width - sum(widths)
    grid = Grid(tuple(widths))
    last = len(widths) - 1
    people = [p for p in get(data, "people", kind=list) or [] if isinstance(p, dict)]
    leaders = sorted((p for p in people if p.get("role") in ("A", "B")), key=lambda p: p["role"])
    others = [p for p in people if p.get("role") not in ("A", "B")]
    grid.row((0, last, "负责人（A/B 角，其中 A 是工作组负责人，B 是 A 授权的工作负责人）"))
    grid.row(*((i, i, name) for i, name in enumerate(PEOPLE_COLUMNS)))
    for group, rows in ((None, leaders), ("主要研究人员", others)):
        if group:
            grid.row((0, last, group))
        for number, person in enumerate(rows, start=1):
            values = (str(number), *(text(person.get(key)) for key in (
                "name", "sex", "age", "unit", "title", "specialty", "duty", "role",
                "person_months")))
            grid.row(*((i, i, value) for i, value in enumerate(values)))
    return grid.table(header_rows=2)


def signatures(data: dict[str, Any]) -> list[Block]:
    """六、任务书签订各方签章: one block per sealing unit."""
    city = text(get(data, "city", "name"))
    province = text(get(data, "city", "province"))
    blocks: list[Block] = [SignatureBlock("甲方", texts.OFFICE_SEAL, ("负责人（签章）：",), DATE_BLANK)]
    if not texts.is_municipality(city):
        blocks.append(SignatureBlock("", f"{province}生态环境厅（公章）", ("负责人（签章）：",),
                                     DATE_BLANK))
    blocks += [
        SignatureBlock("乙方", f"{texts.JOINT_CENTRE}（公章）", ("单位负责人（签章）：",), DATE_BLANK),
        SignatureBlock("丙方（工作组牵头单位）", f"{text(get(data, 'lead_unit', 'name'))}（公章）",
                       ("单位负责人（签章）：", "工作组负责人（签章）："), DATE_BLANK),
        SignatureBlock("丁方", f"{texts.city_government(city)}（公章）", ("单位负责人（签章）：",),
                       DATE_BLANK),
    ]
    if texts.is_municipality(city):
        blocks.append(_para(texts.MUNICIPALITY_NOTE, indent=False))
    return blocks


def cooperation_table(data: dict[str, Any], width: int = FORMAT.text_width) -> Table:
    """七、合作协议."""
    grid = Grid((800, 3000, width - 3800))
    grid.row((0, 0, "序号"), (1, 1, "单位"), (2, 2, "任务分工"))
    for number, entry in enumerate(get(data, "cooperation", kind=list) or [], start=1):
        grid.row((0, 0, str(number)), (1, 1, text(get(entry, "unit"))),
                 (2, 2, text(get(entry, "duty"))))
    return grid.table(header_rows=1)


def funding_statement(funder: str, amount: str, source: str) -> str:
    """The sentence of one 经费证明."""
    return (f"{funder}（单位全称）为细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究提供 "
            f"{amount} 万元资金，资金来源为{source}。")


def certificates(data: dict[str, Any]) -> list[Block]:
    """八、经费证明: one page per funder."""
    blocks: list[Block] = []
    for number, entry in enumerate(get(data, "funding", kind=list) or []):
        if number:
            blocks.append(PageBreak())
        blocks += [
            BLANK,
            _para("证明", align="center", indent=False, bold=True),
            BLANK,
            _para(funding_statement(text(get(entry, "funder")), text(get(entry, "amount")),
                                    text(get(entry, "source")))),
            _para("特此证明！"),
            BLANK,
            BLANK,
            _para("出资单位（公章）：", align="right", indent=False),
            _para(DATE_BLANK, align="right", indent=False),
            BLANK,
            BLANK,
            _para(texts.FUNDING_NOTE, indent=False),
        ]
    if not blocks:
        blocks.append(_para(texts.FUNDING_NOTE, indent=False))
    return blocks


def _section(name: str, *content: Block, align: str = "left") -> list[Block]:
    return [PageBreak(), Heading(name, 1, align), *content]  # type: ignore[arg-type]


def build(book: Book, profile: Profile = "internal") -> list[Block]:
    """Lay out a whole task book.

    Args:
        book: a loaded book (validate it first: missing values print as blanks).
        profile: ``internal`` prints every field; ``public`` leaves out the private ones.

    Returns:
        The document's blocks, in the form's order.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    data = book.data if profile == "internal" else schema.public(book.data)
    city = text(get(data, "city", "name"))
    blocks: list[Block] = [cover(data)]
    blocks += _section("填写说明", *(_para(line) for line in texts.INSTRUCTIONS), align="center")
    blocks += _section("跟踪研究工作信息表", information_table(data), align="center")
    blocks += body_sections(book.body)
    blocks += _section("三、各方的主要职责和承诺", *duties(city))
    blocks += _section("四、季度计划及季度目标", quarters_table(data))
    blocks += _section("五、主要研究人员", people_table(data))
    blocks += _section("六、任务书签订各方签章", *signatures(data))
    blocks += _section("七、工作组负责单位与协作单位合作协议", cooperation_table(data),
                       _para(texts.COOPERATION_NOTE))
    blocks += _section("八、经费证明", *certificates(data))
    blocks += _section("九、共同条款", *(_para(term) for term in texts.COMMON_TERMS))
    return blocks
