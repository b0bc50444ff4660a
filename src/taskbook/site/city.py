"""One city's page, laid out like the form: information table, sections 一 to 九, history.

The information table is HTML (it needs the form's merged cells); everything else is
Markdown. Every value is escaped (:mod:`taskbook.site.markup`); only the book's body is
passed on as Markdown, and the build sanitizes its HTML afterwards.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from taskbook import schema, texts
from taskbook.rules import get
from taskbook.site.markup import HIDDEN, MISSING, amount, h, h_lines, md, month, period, table
from taskbook.site.model import Entry, Profile, province_file

TERMS_FILE = "terms.md"
_COLUMNS = 7  # group label, then three label/value pairs


def clear_caches() -> None:
    """Forget what was read from the schema (``mkdocs serve`` rebuilds after a schema edit)."""
    _private.cache_clear()


def terms_anchor(city: str) -> str:
    """The anchor of the wording of 三 that applies to ``city`` on the shared page."""
    return "tb-municipality" if texts.is_municipality(city) else "tb-general"


@cache
def _private(pointer: str) -> bool:
    """Whether the schema marks the field at ``pointer`` private (asked per cell, so cached)."""
    return bool((schema.subschema(pointer) or {}).get("x-private"))


def _value(entry: Entry, profile: Profile, *keys: str | int, kind: Any = object) -> str:
    """One escaped value for the information table, or 不公开 / — when absent."""
    found = get(entry.data, *keys, kind=kind)
    if found is not None and found != "":
        return h_lines(found)
    if profile == "public" and _private("/" + "/".join(str(key) for key in keys)):
        return f'<span class="tb-hidden">{HIDDEN}</span>'
    return MISSING


def _row(pairs: list[tuple[str, str]], grouped: bool = False, group: str = "", span: int = 1) -> str:
    """One row of label/value pairs; the last value stretches to the table's right edge.

    A grouped row sits right of a group label (written on the group's first row only, with
    ``rowspan``); an ungrouped row's first label covers the group column too.
    """
    cells = [f'<th rowspan="{span}" class="tb-group">{group}</th>'] if group else []
    used = 1 if grouped else 0
    for index, (label, value) in enumerate(pairs):
        label_span = 2 if not grouped and index == 0 else 1
        used += label_span
        value_span = _COLUMNS - used - 2 * (len(pairs) - index - 1) if index == len(pairs) - 1 else 1
        used += value_span
        cells.append(f'<th colspan="{label_span}">{label}</th>' if label_span > 1 else f"<th>{label}</th>")
        cells.append(f'<td colspan="{value_span}">{value}</td>' if value_span > 1 else f"<td>{value}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


def _group(label: str, rows: list[list[tuple[str, str]]]) -> list[str]:
    out = [_row(rows[0], True, label, len(rows))]
    out += [_row(pairs, True) for pairs in rows[1:]]
    return out


def information_table(entry: Entry, profile: Profile) -> str:
    """The form's 跟踪研究工作信息表 as one HTML table."""

    def v(*keys: str | int, kind: Any = object) -> str:
        return _value(entry, profile, *keys, kind=kind)

    rows = [
        _row([("任务名称", v("task", "name"))]),
        _row([("任务编号", v("task", "id"))]),
    ]
    rows += _group("牵头单位信息", [
        [("单位名称", v("lead_unit", "name"))],
        [("通讯地址", v("lead_unit", "address")), ("邮政编码", v("lead_unit", "postcode"))],
        [("联系人", v("lead_unit", "contact", "name")), ("处（室）", v("lead_unit", "contact", "department")),
         ("职务", v("lead_unit", "contact", "position"))],
        [("联系电话", v("lead_unit", "contact", "phone")), ("传真", v("lead_unit", "contact", "fax")),
         ("手机", v("lead_unit", "contact", "mobile"))],
        [("电子信箱", v("lead_unit", "contact", "email"))],
    ])
    rows.append(_row([("工作起始时间", h(month(get(entry.data, "task", "start")))),
                      ("工作完成时间", h(month(get(entry.data, "task", "end")))),
                      ("研究期限", "2 年")]))
    participants = get(entry.data, "participants", kind=list) or []
    rows += _group("工作组参与单位", [
        [("序号", str(index)), ("单位名称", h(get(item, "name"))), ("负责人", h(get(item, "leader")))]
        for index, item in enumerate(participants, 1)
    ] or [[("单位名称", MISSING)]])
    rows += _group("工作组负责人", [
        [("姓名", v("leader", "name")), ("出生年月", v("leader", "birth"))],
        [("学位", v("leader", "degree")), ("性别", v("leader", "sex"))],
        [("职称", v("leader", "title")), ("专业", v("leader", "specialty"))],
        [("所在单位", v("leader", "unit"))],
        [("身份证号码", v("leader", "id_number"))],
        [("联系电话", v("leader", "phone")), ("电子邮箱", v("leader", "email"))],
    ])
    rows.append(_row([("参加人数", _staff(entry))]))
    if isinstance(entry.data.get("province_contact"), dict):
        rows += _group("生态环境厅（局）联系人", [
            [("姓名", v("province_contact", "name")), ("职务", v("province_contact", "position"))],
            [("手机", v("province_contact", "mobile")), ("传真", v("province_contact", "fax"))],
        ])
    rows += _group("城市生态环境局联系人", [
        [("姓名", v("city_contact", "name")), ("职务", v("city_contact", "position"))],
        [("手机", v("city_contact", "mobile")), ("传真", v("city_contact", "fax"))],
    ])
    rows.append(_row([("累计工作时间", f"{v('person_months')} 人月")]))
    rows.append(_row([("预期成果", v("expected_results"))]))
    rows.append(_row([("研究内容（300 字以内）", v("research_summary"))]))
    rows.append(_row([("考核指标", v("indicators"))]))
    return '<table class="tb-form">\n' + "\n".join(rows) + "\n</table>"


def _staff(entry: Entry) -> str:
    def n(*keys: str) -> str:
        return h(get(entry.data, "staff", *keys, kind=int))

    return (f"{n('total')} 人。其中：高级 {n('by_title', 'senior')} 人，中级 {n('by_title', 'intermediate')} 人，"
            f"初级 {n('by_title', 'junior')} 人，其他 {n('by_title', 'other')} 人；"
            f"博士 {n('by_degree', 'doctor')} 人，硕士 {n('by_degree', 'master')} 人，"
            f"学士 {n('by_degree', 'bachelor')} 人，其他 {n('by_degree', 'other')} 人。")


def quarters(entry: Entry) -> list[str]:
    """四、季度计划及季度目标: a table, then the same eight quarters as a timeline."""
    items = get(entry.data, "quarters", kind=list) or []
    out = ["## 四、季度计划及季度目标", "",
           table(["季度", "工作组季度计划及季度目标", "季度考核指标（明确可共享的数据、平台、成果等）"],
                 [[md(period(get(q, "period"))), md(get(q, "plan")), md(get(q, "indicators"))]
                  for q in items]),
           "", "### 时间线", "", '<ol class="tb-timeline">']
    for number, item in enumerate(items, 1):
        out.append(
            f'<li><span class="tb-timeline-step">第 {number} 季度</span>'
            f'<span class="tb-timeline-period">{h(period(get(item, "period")))}</span>'
            f'<span class="tb-timeline-plan">{h(get(item, "plan"))}</span>'
            f'<span class="tb-timeline-indicators">考核：{h(get(item, "indicators"))}</span></li>')
    out += ["</ol>", ""]
    return out


def people(entry: Entry, profile: Profile) -> list[str]:
    """五、主要研究人员: the A/B leaders, then the other researchers."""
    items = get(entry.data, "people", kind=list) or []
    headers = ["序号", "姓名", "性别"] + (["年龄"] if profile == "internal" else []) + [
        "所在单位", "职称", "业务专业", "在工作组中任务分工", "A/B 角", "累计工作时间（人月）"]

    def row(index: int, person: dict[str, Any]) -> list[str]:
        cells = [str(index), md(get(person, "name")), md(get(person, "sex"))]
        if profile == "internal":
            cells.append(md(get(person, "age")))
        return cells + [md(get(person, key)) for key in
                        ("unit", "title", "specialty", "duty", "role", "person_months")]

    leads = sorted((p for p in items if get(p, "role") in ("A", "B")), key=lambda p: p["role"])
    others = [p for p in items if get(p, "role") not in ("A", "B")]
    out = ["## 五、主要研究人员", "", "### 负责人", "",
           "A 角是工作组负责人，B 角是 A 角授权的工作负责人。", "",
           table(headers, [row(i, p) for i, p in enumerate(leads, 1)]), ""]
    if others:
        out += ["### 主要研究人员", "", table(headers, [row(i, p) for i, p in enumerate(others, 1)]), ""]
    if profile == "public":
        out += ["年龄等个人信息不在公开网站显示。", ""]
    return out


def signing(entry: Entry) -> list[str]:
    """六、任务书签订各方签章, when the signing record exists."""
    record = get(entry.data, "signing", kind=dict)
    if record is None:
        return []
    return ["## 六、任务书签订各方签章", "", f"签订日期：{md(get(record, 'date'))}", "",
            table(["签章方", "单位", "负责人"],
                  [[md(get(s, "party")), md(get(s, "unit")), md(get(s, "signer"))]
                   for s in get(record, "signers", kind=list) or []]), ""]


def cooperation(entry: Entry) -> list[str]:
    """七、合作协议."""
    items = get(entry.data, "cooperation", kind=list) or []
    return ["## 七、合作协议", "", "工作组负责单位与协作单位任务分工如下。" + md(texts.COOPERATION_NOTE), "",
            table(["序号", "单位", "任务分工"],
                  [[str(i), md(get(c, "unit")), md(get(c, "duty"))] for i, c in enumerate(items, 1)]),
            ""]


def funding(entry: Entry) -> list[str]:
    """八、经费证明, with the total."""
    items = get(entry.data, "funding", kind=list) or []
    rows = [[str(i), md(get(f, "funder")), md(amount(get(f, "amount", kind=(int, float)) or 0)),
             md(get(f, "source"))] for i, f in enumerate(items, 1)]
    return ["## 八、经费证明", "", table(["序号", "出资单位", "金额（万元）", "资金来源"], rows), "",
            f"经费合计 **{md(amount(entry.funding))}** 万元。", ""]


def changes(entry: Entry) -> list[str]:
    """任务调整记录 (from ``changes``) and 修订历史 (from git)."""
    out = ["## 调整记录", ""]
    records = get(entry.data, "changes", kind=list) or []
    if records:
        out += [table(["日期", "调整内容", "理由说明"],
                      [[md(get(c, "date")), md(get(c, "summary")), md(get(c, "reason"))]
                       for c in records]), ""]
    else:
        out += ["任务书审核通过后尚无调整。", ""]
    out += ["### 修订历史", ""]
    if entry.commits:
        out += ["任务书文件在版本库中的每次提交（最新在前）。", "",
                table(["日期", "提交", "说明"],
                      [[md(c.date), f"`{c.short}`", md(c.summary)] for c in entry.commits]), ""]
    else:
        out += ["没有可用的版本库记录。", ""]
    return out


def city_page(entry: Entry, profile: Profile) -> str:
    """Return the Markdown of one city's page (``cities/<slug>.md``)."""
    name = entry.name
    terms = f"../{TERMS_FILE}#{terms_anchor(name)}"
    lines = [
        f"# {md(name)}", "",
        f"{md(get(entry.data, 'task', 'name'))}（任务编号 {md(get(entry.data, 'task', 'id'))}）", "",
        f"- 省份：[{md(entry.province)}](../{province_file(entry.province)})",
        f"- 状态：[{md(entry.status.label)}](../status/{entry.status.key}.md)",
        f"- 更新日期：{md(entry.updated or MISSING)}",
    ]
    if entry.downloads:
        links = "，".join(f"[{md(d.label)}](../{d.path})" for d in entry.downloads)
        lines.append(f"- 下载：{links}")
    lines += ["", "## 跟踪研究工作信息表", "", information_table(entry, profile), ""]
    lines += [entry.body.strip("\n"), ""]
    lines += ["## 三、各方的主要职责和承诺", "",
              f"各城市相同（北京市、天津市的甲方和丁方另有表述），见[各方职责和共同条款]({terms})。", ""]
    lines += quarters(entry)
    lines += people(entry, profile)
    lines += signing(entry)
    lines += cooperation(entry)
    lines += funding(entry)
    lines += ["## 九、共同条款", "", f"各城市相同，见[各方职责和共同条款](../{TERMS_FILE}#tb-terms)。", ""]
    lines += changes(entry)
    return "\n".join(lines)
