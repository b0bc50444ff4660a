"""Generate many valid, varied task books (about 5 KB each) for the benchmarks.

The data is fictional: invented people, example.org.cn e-mails, checksum-valid ID
numbers. City names are synthetic (a real stem plus a district-like suffix) so that
every book of a run has its own city name and folder name.

A city's sequence number is at most 99 (it is the last two digits of DQGG2021xx), so a
valid repository holds at most 99 books. The books are therefore written into several
``root-<k>/cities`` trees of at most :data:`PER_ROOT` books: each tree on its own is a
valid repository; checked together, the trees share sequence numbers and task ids.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from taskbook.form import FORM
from taskbook.rules import id_check_character

QUARTERS = FORM.rules.periods

PER_ROOT = 91

# (stem, pinyin, province, area code for phones, postcode prefix, ID area code)
_CITIES = (
    ("石家庄", "shijiazhuang", "河北省", "0311", "050", "130102"),
    ("唐山", "tangshan", "河北省", "0315", "063", "130202"),
    ("保定", "baoding", "河北省", "0312", "071", "130602"),
    ("邯郸", "handan", "河北省", "0310", "056", "130402"),
    ("太原", "taiyuan", "山西省", "0351", "030", "140105"),
    ("晋城", "jincheng", "山西省", "0356", "048", "140502"),
    ("济南", "jinan", "山东省", "0531", "250", "370102"),
    ("淄博", "zibo", "山东省", "0533", "255", "370302"),
    ("郑州", "zhengzhou", "河南省", "0371", "450", "410102"),
    ("洛阳", "luoyang", "河南省", "0379", "471", "410302"),
    ("西安", "xian", "陕西省", "029", "710", "610113"),
    ("咸阳", "xianyang", "陕西省", "029", "712", "610402"),
    ("武汉", "wuhan", "湖北省", "027", "430", "420102"),
    ("成都", "chengdu", "四川省", "028", "610", "510104"),
    ("长沙", "changsha", "湖南省", "0731", "410", "430102"),
    ("合肥", "hefei", "安徽省", "0551", "230", "340102"),
    ("南京", "nanjing", "江苏省", "025", "210", "320102"),
    ("乌鲁木齐", "wulumuqi", "新疆维吾尔自治区", "0991", "830", "650102"),
)
_SUFFIXES = "东西南北中新上下前后左右甲乙丙丁戊己庚辛壬癸金木水火土山河湖海林泉石云星月日光明华"
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
_GIVEN = "建国华明丽娟海涛志强晓燕文博春生秀芳立新伟东振宇雅琴永康慧敏若冰宏伟思源俊峰"
_UNITS = ("生态环境科学研究院", "环境科学研究院", "大学", "生态环境监测中心", "环境监测站",
          "理工大学", "师范大学", "生态环境规划研究院")
_TITLES = ("研究员", "教授", "正高级工程师", "高级工程师", "副研究员", "副教授", "工程师")
_SPECIALTIES = ("环境科学", "大气化学", "大气环境", "环境监测", "环境工程", "大气物理", "环境规划")
_PLANS = (
    "组建工作组并进驻；收集基础资料；开展 O3 污染特征分析。",
    "开展 VOCs 组分观测与来源解析；编制重点行业治理问题清单。",
    "开展秋冬季 PM2.5 重污染过程跟踪与应急减排效果评估。",
    "更新排放清单（含分物种 VOCs 清单）；总结秋冬季治理成效。",
    "开展夏季 O3 污染过程跟踪，评估管控措施效果。",
    "开展减排情景模拟，编制 NOx 和 VOCs 减排综合技术方案。",
    "开展秋冬季重污染天气应对跟踪研究，完善应急减排清单。",
    "形成协同防控综合解决方案；总结编写驻点跟踪研究报告。",
)
_INDICATORS = (
    "提交工作方案；完成排放清单初版。", "提交污染过程分析简报；提交问题清单。",
    "提交重污染过程成因来源分析简报。", "提交排放清单；提交专项资金项目清单。",
    "提交 O3 污染过程案例库；共享组分观测数据。", "提交减排综合技术方案。",
    "提交秋冬季重污染过程简报。", "提交综合解决方案和驻点跟踪研究报告。",
)
_TOPICS = (
    ("O3 污染成因综合分析", "综合利用常规监测、VOCs 组分观测和数值模拟，分析 O3 污染时空特征和区域传输贡献。"),
    ("O3 主要前体物来源与管控对策", "编制分物种 VOCs 排放清单，识别关键活性物种和重点行业，提出管控对策。"),
    ("O3 防控“一市一策”解决方案", "结合本地产业结构，评估减排情景，提出 O3 防控的阶段目标与重点措施。"),
    ("秋冬季 PM2.5 深度治理与重污染天气应对", "跟踪秋冬季重污染过程，评估应急减排效果，优化应急减排清单。"),
    ("PM2.5 和 O3 污染协同防控综合解决方案", "统筹 PM2.5 与 O3 协同控制，形成综合解决方案并跟踪评估实施效果。"),
)


@dataclass(frozen=True)
class Generated:
    """Where the generated books are."""

    roots: list[Path]
    """The ``root-<k>/cities`` folders, each a valid repository on its own."""
    files: list[Path]
    front_matters: list[Path]
    """Each book's front matter as a ``.yaml`` file (for check-jsonschema)."""


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def book(index: int, seq: int, rng: random.Random) -> tuple[str, str]:
    """Return (slug, text) of the ``index``-th book, with city sequence number ``seq``."""
    stem, pinyin, province, area, post, id_area = _CITIES[index % len(_CITIES)]
    variant = index // len(_CITIES)
    city = stem + _SUFFIXES[variant % len(_SUFFIXES)] * (1 + variant // len(_SUFFIXES)) + "市"
    slug = f"{pinyin}{index}"
    lead = f"{stem}{rng.choice(_UNITS)}"
    participants = [f"{stem}{unit}{k}" for k, unit in enumerate(rng.sample(_UNITS, rng.randint(2, 4)))]
    leaders = [_name(rng) for _ in participants]
    leader, sex = _name(rng), rng.choice(("男", "女"))
    year, month, day = rng.randint(1962, 1988), rng.randint(1, 12), rng.randint(1, 28)
    first17 = f"{id_area}{year}{month:02d}{day:02d}{rng.randint(10, 99)}{rng.choice('13579' if sex == '男' else '02468')}"
    total = rng.randint(15, 60)
    by_title, by_degree = _split(total, 4, rng), _split(total, 4, rng)
    digits = 8 if len(area) == 3 else 7  # 3-digit area codes have 8-digit numbers

    def phone() -> str:
        return f"{area}-{rng.randint(6 * 10 ** (digits - 1), 9 * 10 ** (digits - 1) - 1)}"

    def mobile() -> str:
        return f"1{rng.choice('3456789')}{rng.randint(0, 999999999):09d}"

    people = [(leader, sex, 2021 - year, lead, "A")] + [
        (name, rng.choice(("男", "女")), rng.randint(28, 60), unit, "B" if k == 0 else None)
        for k, (name, unit) in enumerate(zip(leaders, participants, strict=True))
    ]
    lines = [
        "---",
        f"# {city} 驻点跟踪研究任务书（基准测试数据，人名与号码均为虚构）",
        "schema_version: 1",
        "task:",
        f"  id: DQGG2021{seq:02d}",
        f"  name: {FORM.rules.task_name.format(city=city)}",
        '  start: "2021-05"',
        '  end: "2023-04"',
        "city:",
        f"  name: {city}",
        f"  province: {province}",
        f"  seq: {seq}",
        "lead_unit:",
        f"  name: {lead}",
        f"  address: {province}{city}示例路 {rng.randint(1, 300)} 号",
        f'  postcode: "{post}{rng.randint(0, 999):03d}"',
        "  contact:",
        f"    name: {_name(rng)}",
        "    department: 大气环境研究所",
        "    position: 所长",
        f"    phone: {phone()}",
        f"    fax: {phone()}",
        f'    mobile: "{mobile()}"',
        f"    email: contact{index}@example.org.cn",
        "participants:",
        *[f"  - name: {unit}\n    leader: {name}" for unit, name in zip(participants, leaders, strict=True)],
        "leader:",
        f"  name: {leader}",
        f'  birth: "{year}-{month:02d}"',
        f"  degree: {rng.choice(('博士', '硕士'))}",
        f"  sex: {sex}",
        f"  title: {rng.choice(_TITLES)}",
        f"  specialty: {rng.choice(_SPECIALTIES)}",
        f"  unit: {lead}",
        f'  id_number: "{first17}{id_check_character(first17)}"',
        f"  phone: {phone()}",
        f"  email: leader{index}@example.org.cn",
        "staff:",
        f"  total: {total}",
        "  by_title: {{senior: {}, intermediate: {}, junior: {}, other: {}}}".format(*by_title),
        "  by_degree: {{doctor: {}, master: {}, bachelor: {}, other: {}}}".format(*by_degree),
        "province_contact:", f"  name: {_name(rng)}", "  position: 大气环境处处长",
        f'  mobile: "{mobile()}"', f"  fax: {phone()}",
        "city_contact:", f"  name: {_name(rng)}", "  position: 副局长",
        f'  mobile: "{mobile()}"', f"  fax: {phone()}",
        f"person_months: {rng.randint(200, 600)}",
        "expected_results: >-",
        f"  {city}大气污染物排放清单；VOCs 和 NOx 重点行业治理问题清单；PM2.5 重污染和 O3 污染过程案例库；",
        "  NOx 和 VOCs 减排综合技术方案；PM2.5 和 O3 污染协同防控综合解决方案及驻点跟踪研究报告。",
        "research_summary: >-",
        f"  以{city} PM2.5 和 O3 协同改善为目标，开展 O3 污染成因综合分析，识别 O3 主要前体物来源，",
        "  提出 VOCs 和 NOx 协同减排对策；深化秋冬季 PM2.5 治理与重污染天气应对，形成综合解决方案。",
        "indicators: >-",
        "  按期提交排放清单、问题清单、案例库及简报、减排技术方案、综合解决方案和跟踪研究报告。",
        "quarters:",
    ]
    for period, plan, indicator in zip(QUARTERS, _PLANS, _INDICATORS, strict=True):
        lines += [f"  - period: {period}", f"    plan: {plan}", f"    indicators: {indicator}"]
    lines.append("people:")
    for name, person_sex, age, unit, role in people:
        lines += [f"  - name: {name}", f"    sex: {person_sex}", f"    age: {age}", f"    unit: {unit}",
                  f"    title: {rng.choice(_TITLES)}", f"    specialty: {rng.choice(_SPECIALTIES)}",
                  "    duty: 污染成因分析与减排对策研究"]
        if role:
            lines.append(f"    role: {role}")
        lines.append(f"    person_months: {rng.randint(6, 24)}")
    lines.append("cooperation:")
    for unit in (lead, *participants):
        lines += [f"  - unit: {unit}", "    duty: 排放清单、来源解析与综合解决方案研究"]
    lines += ["funding:", f"  - funder: {city}人民政府", f"    amount: {rng.randint(50, 500)}",
              "    source: 地方财政资金", "---", "", "## 一、目标和任务", "", "### 研究目标", "",
              f"以{city} PM2.5 和 O3 协同改善为目标，形成可落地的“一市一策”协同防控综合解决方案。",
              "", "### 主要研究内容和任务"]
    for heading, text in _TOPICS:
        lines += ["", f"#### {heading}", "", text]
    lines += ["", "### 技术路线", "", "“边研究、边产出、边应用、边反馈、边完善”。", "",
              "## 二、预期成果及考核指标", "", "### 预期成果", "", f"1. {city}大气污染物排放清单。",
              "", "### 约束性指标", "", "1. 排放清单、案例库、技术方案和研究报告。", "",
              "### 可预期指标", "", "每季度报送专报不少于 1 期。", ""]
    return slug, "\n".join(lines)


def generate(folder: Path, count: int, seed: int = 2021) -> Generated:
    """Write ``count`` books under ``folder`` and their front matters as YAML files."""
    rng = random.Random(seed)
    roots: list[Path] = []
    files: list[Path] = []
    front_matters: list[Path] = []
    yaml_folder = folder / "front-matter"
    yaml_folder.mkdir(parents=True)
    for index in range(count):
        root_number, seq = divmod(index, PER_ROOT)
        root = folder / f"root-{root_number}" / "cities"
        if seq == 0:
            roots.append(root)
        slug, text = book(index, seq + 1, rng)
        path = root / slug / "taskbook.md"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        files.append(path)
        front = yaml_folder / f"{slug}.yaml"
        front.write_text(text.split("\n---\n", 1)[0].removeprefix("---\n") + "\n", encoding="utf-8")
        front_matters.append(front)
    return Generated(roots, files, front_matters)
