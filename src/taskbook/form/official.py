"""The official blank task book of 2021 (附件 3), written once as a :class:`Form`.

Every label, title, note and fixed sentence below is the seed's wording (the blank form
kept in ``tests/data/seed.txt``); ``tests/form/test_form_seed.py`` holds them against it.
Widths are in points on A4 with the margins of :mod:`taskbook.export.layout`: they give
the longest phone, fax, mobile, postcode and ID number the schema allows a line of their
own in 五号 type (checked on the rendered PDF by the tests).
"""

from __future__ import annotations

from taskbook.form.model import (
    Body,
    ByVariant,
    Cell,
    Certificate,
    Column,
    Cover,
    CoverLine,
    Duties,
    Duty,
    Field,
    Form,
    Group,
    Heading,
    InfoTable,
    Label,
    Note,
    Part,
    Party,
    People,
    Repeat,
    Rules,
    Section,
    Signatory,
    Signatures,
    Table,
    Template,
    Terms,
    Topic,
)

TABLE_WIDTH = 428.0
"""The text width in points (A4 less the margins and the binding gutter)."""

_G = 18.0  # a group label written one character a line (牵头单位信息)
_L = 48.0  # a label of four characters (联系电话)
_LEFT = 84.0  # the label column of rows without a group
_VALUES = TABLE_WIDTH - _LEFT  # 344


def _label(text: str, width: float, *, note: Note | None = None, rows: int = 1,
           vertical: bool = False) -> Cell:
    return Cell(Label(text, note), width, rows, vertical)


def _value(pointer: str, width: float, **options: object) -> Cell:
    return Cell(Field(pointer, **options), width)  # type: ignore[arg-type]


def _contact_rows(key: str, label: str, note: str) -> tuple[tuple[Cell, ...], ...]:
    """The two rows of a contact (生态环境厅（局）/ 城市生态环境局联系人)."""
    return (
        (_label(label, _LEFT, note=Note(note, "label"), rows=2),
         _label("姓名", _L), _value(f"/{key}/name", 120), _label("职务", _L),
         _value(f"/{key}/position", 128)),
        (_label("手机", _L), _value(f"/{key}/mobile", 120), _label("传真", _L),
         _value(f"/{key}/fax", 128)),
    )


_STAFF = Template((
    Field("/staff/total"), " 人。其中：\n",
    "高级 ", Field("/staff/by_title/senior"), " 人，中级 ", Field("/staff/by_title/intermediate"),
    " 人，初级 ", Field("/staff/by_title/junior"), " 人，其他 ", Field("/staff/by_title/other"),
    " 人；\n",
    "博士 ", Field("/staff/by_degree/doctor"), " 人，硕士 ", Field("/staff/by_degree/master"),
    " 人，学士 ", Field("/staff/by_degree/bachelor"), " 人，其他 ", Field("/staff/by_degree/other"),
    " 人。",
))

_CONTACT = "/lead_unit/contact"
INFO_TABLE = InfoTable(
    title="跟踪研究工作信息表",
    width=TABLE_WIDTH,
    rows=(
        (_label("任务名称", _LEFT), _value("/task/name", _VALUES)),
        (_label("任务编号", _LEFT),
         _value("/task/id", _VALUES, hint=Note("DQGG2021××（××为工作组清单中的城市序号）", "instruction"))),
        (_label("牵头单位信息", _G, rows=5, vertical=True), _label("单位名称", _G + _L),
         _value("/lead_unit/name", _VALUES)),
        (_label("通讯地址", _G + _L), _value("/lead_unit/address", 256), _label("邮政编码", _L),
         _value("/lead_unit/postcode", 40)),
        (_label("联系人", _G, rows=3, vertical=True), _label("姓名", _L),
         _value(f"{_CONTACT}/name", 86), _label("处（室）", _L), _value(f"{_CONTACT}/department", 107),
         _label("职务", 27), _value(f"{_CONTACT}/position", 76)),
        (_label("联系电话", _L), _value(f"{_CONTACT}/phone", 112), _label("传真", 27),
         _value(f"{_CONTACT}/fax", 112), _label("手机", 27), _value(f"{_CONTACT}/mobile", 66)),
        (_label("电子信箱", _L), _value(f"{_CONTACT}/email", _VALUES)),
        (_label("工作起始时间", _LEFT), _value("/task/start", 72, format="month"),
         _label("工作完成时间", 72), _value("/task/end", 72, format="month"),
         _label("研究期限", _L), _value("/task", 80, format="duration")),
        Repeat(
            pointer="/participants",
            label=_label("工作组参与单位", _LEFT),
            header=(_label("序号", 40), _label("单位名称", 224), _label("负责人", 80)),
            item=(_value("", 40, format="index"), _value("name", 224), _value("leader", 80)),
        ),
        (_label("工作组负责人", _LEFT, rows=6), _label("姓名", _L), _value("/leader/name", 120),
         _label("出生年月", _L), _value("/leader/birth", 128, format="month")),
        (_label("学位", _L), _value("/leader/degree", 168, format="boxes",
                                   choices=("博士", "硕士", "学士", "其他")),
         _label("性别", _L), _value("/leader/sex", 80)),
        (_label("职称", _L), _value("/leader/title", 120), _label("专业", _L),
         _value("/leader/specialty", 128)),
        (_label("所在单位", _L), _value("/leader/unit", 296)),
        (_label("身份证号码", 60), _value("/leader/id_number", 284)),
        (_label("联系电话", _L), _value("/leader/phone", 120), _label("电子邮箱", _L),
         _value("/leader/email", 128)),
        (_label("参加人数", _LEFT), Cell(_STAFF, _VALUES)),
        *_contact_rows("province_contact", "生态环境厅（局）联系人", "（由相关处负责人担任）"),
        *_contact_rows("city_contact", "城市生态环境局联系人", "（由城市生态环境局相关负责人担任）"),
        (_label("累计工作时间", _LEFT), _value("/person_months", _VALUES, unit="人月")),
        (_label("预期成果", _LEFT), _value("/expected_results", _VALUES)),
        (_label("研究内容", _LEFT, note=Note("（300 字以内）", "label")),
         _value("/research_summary", _VALUES)),
        (_label("考核指标", _LEFT), _value("/indicators", _VALUES)),
    ),
)

NOTICE = "《关于开展细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究工作的通知》"
OFFICE = "大气重污染成因与治理攻关项目管理办公室"
JOINT_CENTRE = "国家大气污染防治攻关联合中心"

COVER = Cover(
    attachment="附件 3",
    title=("细颗粒物和臭氧污染协同防控“一市一策”", "驻点跟踪研究任务书"),
    lines=(
        CoverLine("任务名称", Field("/task/name")),
        CoverLine("任务编号", Field("/task/id"),
                  Note("DQGG2021××（××为工作组清单中的城市序号）", "instruction")),
        CoverLine("工作组牵头单位（公章）", Field("/lead_unit/name")),
        CoverLine("工作组负责人（签字）"),
        CoverLine("跟踪研究起止年月", Template((Field("/task/start", "month"), "-",
                                         Field("/task/end", "month")))),
    ),
    issuer=OFFICE,
    date="二〇二一年四月",
)

INSTRUCTIONS = (
    "1．本任务书甲方为大气重污染成因与治理攻关项目管理办公室（以下简称攻关项目管理办公室）"
    "和省级生态环境部门，乙方为国家大气污染防治攻关联合中心（以下简称攻关联合中心），"
    "丙方为城市驻点跟踪研究工作组牵头单位，丁方为城市人民政府（北京、天津为市生态环境局）；"
    "丙方与所在工作组其他参与单位签订补充协议。",
    "2．驻点跟踪研究工作经费主要来源为中央预算资金、地方政府配套资金以及其他资金。",
    "3．任务书签订流程：",
    "（1）各城市驻点跟踪研究工作组按照要求编制任务书；",
    "（2）各城市人民政府组织对任务书进行确认；",
    "（3）攻关项目管理办公室组织攻关联合中心会同各相关省级生态环境部门对任务书电子版进行审核；",
    "（4）审核通过后的任务书印制纸质版并签字加盖公章。",
    "4．其他说明：",
    "（1）任务书各项填报内容页面不够可另附页；",
    "（2）本任务书用 A4 幅面纸，正文用小四号宋体字打印，标题用小四号黑体字打印，"
    "表格用五号宋体字打印，行距 25 磅，页码居中，封面不显示页码，侧钉装订，不要使用塑料夹等；",
    "（3）本任务书一式多份，具体份数根据研究工作相关方和参与单位确定。其中，"
    "攻关项目管理办公室 2 份、省级生态环境部门 1 份、地方人民政府 2 份、攻关联合中心 1 份、"
    "任务承担单位和参与单位各 1 份。",
)

_TOPICS = (
    "O3污染成因综合分析",
    "O3主要前体物来源与管控对策",
    "O3防控“一市一策”解决方案",
    "秋冬季PM2.5深度治理与重污染天气应对",
    "PM2.5和O3污染协同防控综合解决方案",
)

GOALS = Section(
    "一", "目标和任务",
    Body((
        Part("研究目标"),
        Part("主要研究内容和任务", notes=(Note(
            "（具体研究内容和任务须与工作方案保持一致，包括 O3污染成因综合分析、O3主要前体物来源与管控对策、"
            "O3防控“一市一策”解决方案、秋冬季 PM2.5深度治理与重污染天气应对、"
            "PM2.5和 O3污染协同防控综合解决方案等内容；其他研究内容和任务根据地方实际需求自行确定。）",
            "instruction"),), topics=tuple(Topic(t) for t in _TOPICS)),
        Part("技术路线"),
    )),
    note=Note("（①研究目标；②主要研究内容和任务；③技术路线等。）", "instruction"),
)

RESULTS = Section(
    "二", "预期成果及考核指标",
    Body((
        Part("预期成果", notes=(Note("预期成果包括但不限于以下：", "instruction"),), defaults=(
            "提交{city}大气污染物排放清单、VOCs 和 NOx 重点行业治理问题清单、利用中央和地方大气污染防治专项资金项目清单。",
            "建立{city} PM2.5 重污染和 O3 污染过程案例库，编写污染成因来源分析与效果评估简报。",
            "编制{city} NOx 和 VOCs 减排综合技术方案、PM2.5 和 O3 污染协同防控综合解决方案。",
            "总结形成{city} PM2.5 和 O3 污染协同防控“一市一策”驻点跟踪研究报告。",
        )),
        Heading("考核指标：", Note(
            "（研究任务完成和目标完成指标，数据、研究成果共享及专报简报报送指标，对地方政府环境管理支撑情况等）",
            "label")),
        Part("约束性指标", notes=(Note("约束性指标包括但不限于以下：", "instruction"),), defaults=(
            "2020 年、2021 年{city}大气污染物排放清单，其中包含分物种的 VOCs（人为源、天然源）排放清单；"
            "{city} VOCs 和 NOx 重点行业治理问题清单；{city}利用中央和地方大气污染防治专项资金项目清单。",
            "{city} 2021 年、2022 年 PM2.5 重污染和 O3 污染过程案例库，其中包括污染成因和来源分析简报。",
            "{city} NOx 和 VOCs 减排综合技术方案；{city} PM2.5 和 O3 污染协同防控综合解决方案。",
            "{city} PM2.5 和 O3 污染协同防控“一市一策”驻点跟踪研究报告。",
        )),
        Part("可预期指标", notes=(Note("（根据地方实际需求确认）", "instruction"),)),
    )),
    note=Note("（包括主要技术指标、主要经济或应用指标、人才队伍建设、数据共享及其他应考核的指标。"
              "各项考核指标应尽可能量化。）", "label"),
    notes=(Note("（数据、成果的数量和质量须满足攻关项目管理办公室的要求。）", "fixed"),),
)

DUTIES = Section(
    "三", "各方的主要职责和承诺",
    Duties(
        intro="根据{notice}要求，各方主要职责如下：",
        parties=(
            Party(ByVariant("甲方（攻关项目管理办公室、省级生态环境部门）", "甲方（攻关项目管理办公室）"), (
                Duty("攻关项目管理办公室", "负责统筹、协调、组织驻点跟踪研究工作，监督考核研究进展和研究产出，"
                     "提供部分跟踪研究经费。"),
                Duty("省级生态环境部门", "受攻关项目管理办公室委托对行政区域内各城市驻点跟踪研究工作组进行日常调度管理、"
                     "成果集成和监督考核，协助攻关项目管理办公室协调相关资源支持跟踪研究工作。", ("general",)),
            )),
            Party("乙方（国家大气污染防治攻关联合中心）", (
                Duty("", "驻点跟踪研究工作的技术抓总单位，负责提供技术方法和工具，组织专家开展技术指导等。"
                     "严把驻点跟踪研究成果质量，保证驻点跟踪研究成效。"),
            )),
            Party("丙方（{city}驻点跟踪研究工作组）", (
                Duty("", "驻点跟踪研究工作的责任主体，具体执行驻点跟踪研究的各项任务，"
                     "支撑服务好 PM2.5 和 O3 污染协同防控工作。"),
            )),
            Party("丁方（{government}）", (
                Duty("", "驻点跟踪研究工作成果的用户，主要负责协助开展驻点跟踪研究工作、应用驻点跟踪研究成果、"
                     "提供必要条件保障等。"),
            )),
        ),
    ),
)

QUARTERS = Section(
    "四", "季度计划及季度目标",
    Table("/quarters", (
        Column(Label("季度"), Field("period", "period"), 135),
        Column(Label("工作组季度计划及季度目标"), Field("plan"), 146),
        Column(Label("季度考核指标", Note("（明确可共享的数据、平台、成果等）", "label")),
               Field("indicators"), 147),
    )),
)

PEOPLE = Section(
    "五", "主要研究人员",
    People(
        pointer="/people",
        role="role",
        columns=(
            Column(Label("序号"), Field("", "index"), 24),
            Column(Label("姓名"), Field("name"), 42),
            Column(Label("性别"), Field("sex"), 24),
            Column(Label("年龄"), Field("age"), 24),
            Column(Label("所在单位"), Field("unit"), 66),
            Column(Label("职称"), Field("title"), 46),
            Column(Label("业务专业"), Field("specialty"), 46),
            Column(Label("在工作组中任务分工"), Field("duty"), 76),
            Column(Label("A/B 角"), Field("role"), 32),
            Column(Label("累计工作时间（人月）"), Field("person_months"), 48),
        ),
        groups=(
            Group(Label("负责人", Note("（A/B 角，其中 A 是工作组负责人，B 是 A 授权的工作负责人）", "label")),
                  ("A", "B")),
            Group(Label("主要研究人员"), (None,)),
        ),
    ),
)

SIGNATURES = Section(
    "六", "任务书签订各方签章",
    Signatures(
        signatories=(
            Signatory("甲方", "大气重污染成因与治理攻关项目管理办公室（生态环境部科技与财务司代章）",
                      ("负责人（签章）：",)),
            Signatory("", "{province}生态环境厅（公章）", ("负责人（签章）：",), ("general",)),
            Signatory("乙方", "国家大气污染防治攻关联合中心（公章）", ("单位负责人（签章）：",)),
            Signatory("丙方（工作组牵头单位）", Template((Field("/lead_unit/name"), "（公章）")),
                      ("单位负责人（签章）：", "工作组负责人（签章）：")),
            Signatory("丁方（{government}）", "（公章）", ("单位负责人（签章）：",)),
        ),
        date="年　　月　　日",
        note=ByVariant("", "（注：北京市、天津市任务书甲方为大气重污染成因与治理攻关项目管理办公室，丁方为市生态环境局）"),
    ),
)

COOPERATION = Section(
    "七", "工作组负责单位与协作单位合作协议",
    Table("/cooperation", (
        Column(Label("序号"), Field("", "index"), 40),
        Column(Label("单位"), Field("unit"), 150),
        Column(Label("任务分工"), Field("duty"), 238),
    )),
    note=Note("（可多页）", "instruction"),
    notes=(Note("（可自行加行）", "instruction"),
           Note("具体协议与经费由工作组牵头单位与各参与单位另行协商签订。", "fixed")),
)

FUNDING = Section(
    "八", "经费证明",
    Certificate(
        pointer="/funding",
        title="证明",
        statement=Template((
            Field("funder", hint=Note("（单位全称）", "instruction")),
            "为细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究提供 ",
            Field("amount", "amount"), " 万元资金，资金来源为",
            Field("source", hint=Note("地方财政资金/企业自有资金", "instruction")), "。",
        )),
        closing="特此证明！",
        seal="出资单位（公章）：",
        date="年　　月　　日",
    ),
    notes=(Note("注：出资单位为地方人民政府或生态环境局，如有多个出资方，可以多页。", "instruction"),),
)

TERMS = Section(
    "九", "共同条款",
    Terms((
        "1．驻点跟踪研究工作各方应共同遵守{notice}等有关规定。本任务书未规定事宜，按有关办法相关条款处理。",
        "2．丙方须按甲方要求编报工作计划实施情况和有关统计报表，由乙方汇总后及时报甲方。",
        "3．驻点跟踪研究工作过程中，丙方如需调整任务，应提出包含调整内容和理由说明的申请报告，"
        "征求乙方意见并经丁方同意，报甲方审核批准后方可施行。未经正式批准前，丙方须按原任务书执行。",
        "4．丙方应严格按本任务书要求，履行相关职责。根据甲方和丁方要求，定期报送执行情况报告和工作计划。",
        "5．丙方应与丁方保持密切联系，支撑服务丁方工作需求。丙方向甲方申请验收前，应征得丁方的同意。",
        "6．驻点跟踪研究工作结束后，丙方应根据甲方要求，向甲方提交验收申请，由甲方按有关要求，"
        "依据任务书的内容对任务进行验收。",
        "7．丙方接受所属省级生态环境部门的日常调度和监督管理，支持省级生态环境部门 PM2.5 和 O3 "
        "污染协同防控相关工作。",
    )),
)

FORM = Form(
    title="细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究任务书",
    cover=COVER,
    instructions_title="填写说明",
    instructions=INSTRUCTIONS,
    table=INFO_TABLE,
    sections=(GOALS, RESULTS, DUTIES, QUARTERS, PEOPLE, SIGNATURES, COOPERATION, FUNDING, TERMS),
    municipalities=("北京市", "天津市"),
    rules=Rules(
        task_name="{city}细颗粒物和臭氧污染协同防控综合解决方案研究",
        task_id="DQGG2021",
        periods=(
            "2021-05/2021-07", "2021-08/2021-10", "2021-11/2022-01", "2022-02/2022-04",
            "2022-05/2022-07", "2022-08/2022-10", "2022-11/2023-01", "2023-02/2023-04",
        ),
        summary_limit=300,
        funders=("人民政府", "生态环境局"),
    ),
    names=(("notice", NOTICE), ("office", OFFICE), ("centre", JOINT_CENTRE)),
)
"""The task book form of 2021 (附件 3)."""
