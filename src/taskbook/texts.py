"""The form's fixed wording, written once: 填写说明, 三 (duties) and 九 (common terms).

Sections 三 and 九 are the same for every city and are not in the city's file; the site
and the exporter both take them from here. 北京市 and 天津市 have their own wording of
甲方 (the management office alone) and 丁方 (the municipal environment bureau).
"""

from __future__ import annotations

from dataclasses import dataclass

MUNICIPALITIES = ("北京市", "天津市")
OFFICE = "大气重污染成因与治理攻关项目管理办公室"
OFFICE_SEAL = "大气重污染成因与治理攻关项目管理办公室（生态环境部科技与财务司代章）"
JOINT_CENTRE = "国家大气污染防治攻关联合中心"
ISSUER_DATE = "二〇二一年四月"
TITLE = "细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究任务书"
ATTACHMENT = "附件 3"
NOTICE = "《关于开展细颗粒物和臭氧污染协同防控“一市一策”驻点跟踪研究工作的通知》"

INSTRUCTIONS: tuple[str, ...] = (
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


@dataclass(frozen=True)
class Duty:
    """One party's paragraph in 三、各方的主要职责和承诺."""

    party: str
    """The heading, e.g. ``乙方（国家大气污染防治攻关联合中心）``."""
    paragraphs: tuple[str, ...]


def is_municipality(city: str) -> bool:
    """北京市 and 天津市 sign without a provincial department, with the city bureau as 丁方."""
    return city in MUNICIPALITIES


def city_government(city: str) -> str:
    """The 丁方 of a city: its people's government, or for 北京/天津 its environment bureau."""
    return f"{city}生态环境局" if is_municipality(city) else f"{city}人民政府"


def duties_intro() -> str:
    """The sentence that opens section 三."""
    return f"根据{NOTICE}要求，各方主要职责如下："


def duties(city: str) -> tuple[Duty, ...]:
    """Section 三 for ``city`` (e.g. ``西安市``), in the form's order 甲乙丙丁."""
    office = ("攻关项目管理办公室：负责统筹、协调、组织驻点跟踪研究工作，监督考核研究进展和研究产出，"
              "提供部分跟踪研究经费。")
    province = ("省级生态环境部门：受攻关项目管理办公室委托对行政区域内各城市驻点跟踪研究工作组进行日常调度管理、"
                "成果集成和监督考核，协助攻关项目管理办公室协调相关资源支持跟踪研究工作。")
    if is_municipality(city):
        party_a = Duty("甲方（攻关项目管理办公室）", (office,))
    else:
        party_a = Duty("甲方（攻关项目管理办公室、省级生态环境部门）", (office, province))
    return (
        party_a,
        Duty(f"乙方（{JOINT_CENTRE}）", (
            "驻点跟踪研究工作的技术抓总单位，负责提供技术方法和工具，组织专家开展技术指导等。"
            "严把驻点跟踪研究成果质量，保证驻点跟踪研究成效。",
        )),
        Duty(f"丙方（{city}驻点跟踪研究工作组）", (
            "驻点跟踪研究工作的责任主体，具体执行驻点跟踪研究的各项任务，"
            "支撑服务好 PM2.5 和 O3 污染协同防控工作。",
        )),
        Duty(f"丁方（{city_government(city)}）", (
            "驻点跟踪研究工作成果的用户，主要负责协助开展驻点跟踪研究工作、应用驻点跟踪研究成果、"
            "提供必要条件保障等。",
        )),
    )


COMMON_TERMS: tuple[str, ...] = (
    f"1．驻点跟踪研究工作各方应共同遵守{NOTICE}等有关规定。本任务书未规定事宜，按有关办法相关条款处理。",
    "2．丙方须按甲方要求编报工作计划实施情况和有关统计报表，由乙方汇总后及时报甲方。",
    "3．驻点跟踪研究工作过程中，丙方如需调整任务，应提出包含调整内容和理由说明的申请报告，"
    "征求乙方意见并经丁方同意，报甲方审核批准后方可施行。未经正式批准前，丙方须按原任务书执行。",
    "4．丙方应严格按本任务书要求，履行相关职责。根据甲方和丁方要求，定期报送执行情况报告和工作计划。",
    "5．丙方应与丁方保持密切联系，支撑服务丁方工作需求。丙方向甲方申请验收前，应征得丁方的同意。",
    "6．驻点跟踪研究工作结束后，丙方应根据甲方要求，向甲方提交验收申请，由甲方按有关要求，"
    "依据任务书的内容对任务进行验收。",
    "7．丙方接受所属省级生态环境部门的日常调度和监督管理，支持省级生态环境部门 PM2.5 和 O3 "
    "污染协同防控相关工作。",
)

MUNICIPALITY_NOTE = "（注：北京市、天津市任务书甲方为大气重污染成因与治理攻关项目管理办公室，丁方为市生态环境局）"
FUNDING_NOTE = "注：出资单位为地方人民政府或生态环境局，如有多个出资方，可以多页。"
COOPERATION_NOTE = "具体协议与经费由工作组牵头单位与各参与单位另行协商签订。"
