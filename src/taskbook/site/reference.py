"""Pages generated from the code so that they never drift from it.

字段说明 from the schema, 错误代码 from the diagnostic registry, and the shared text of
sections 三 and 九 from the form model.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from taskbook import codes
from taskbook.context import Context
from taskbook.form import model as m
from taskbook.site.markup import md, md_code, table
from taskbook.site.model import Pages, Site

_TYPES = {
    "string": "文本",
    "integer": "整数",
    "number": "数字",
    "array": "列表",
    "object": "一组字段",
    "boolean": "是/否",
}
_SEVERITIES = {"error": "错误", "warning": "警告"}


def _duties(context: Context, duties: m.Duties, city: str) -> list[str]:
    form = context.form
    variant = form.variant(city)
    lines = [md(form.words(duties.intro, city)), ""]
    for party in duties.parties:
        own = [d for d in party.duties if variant in d.variants]
        lines += [f"**{md(form.words(party.heading, city))}**", ""]
        for duty in own:
            text = form.words(duty.text, city)
            lines.append(md(f"{duty.unit}：{text}" if duty.unit and len(own) > 1 else text) + "\n")
    return lines


def terms_page(context: Context) -> str:
    """三、各方的主要职责和承诺 (both wordings) and 九、共同条款, shared by every city page."""
    form = context.form
    duties = next(s for s in form.sections if isinstance(s.content, m.Duties))
    terms = next(s for s in form.sections if isinstance(s.content, m.Terms))
    signatures = next(s.content for s in form.sections if isinstance(s.content, m.Signatures))
    assert isinstance(duties.content, m.Duties) and isinstance(terms.content, m.Terms)
    lines = ["# 各方职责和共同条款", "",
             f"任务书第{duties.number}部分和第{terms.number}部分对各城市相同，不写在各城市的任务书文件中；"
             "导出的任务书和本网站都使用下面的文字。", "",
             f"## {md(duties.heading)} {{#tb-duties}}", "",
             "### 各城市（北京市、天津市除外） {#tb-general}", ""]
    lines += _duties(context, duties.content, "××市")
    lines += ["### 北京市、天津市 {#tb-municipality}", ""]
    if isinstance(signatures, m.Signatures) and signatures.note is not None:
        lines += [md(signatures.note.municipal), ""]
    for city in form.municipalities:
        lines += [f"#### {md(city)}", ""]
        lines += _duties(context, duties.content, city)
    lines += [f"## {md(terms.heading)} {{#tb-terms}}", ""]
    lines += [md(form.words(term, "××市")) + "\n" for term in terms.content.items]
    return "\n".join(lines)


def _kind(node: dict[str, Any]) -> str:
    if "const" in node:
        return "固定值"
    if "enum" in node:
        return "选项"
    return _TYPES.get(node.get("type", ""), "任意")


def _rule(node: dict[str, Any], required: str) -> str:
    parts = [required]
    if "const" in node:
        parts.append(f"固定为 {node['const']}")
    if "enum" in node:
        parts.append("可选：" + "、".join(str(value) for value in node["enum"]))
    if "minimum" in node:
        parts.append(f"不小于 {node['minimum']}")
    if "exclusiveMinimum" in node:
        parts.append(f"大于 {node['exclusiveMinimum']}")
    if "maximum" in node:
        parts.append(f"不大于 {node['maximum']}")
    if "minItems" in node:
        parts.append(f"至少 {node['minItems']} 项")
    if "x-hint" in node:
        parts.append(node["x-hint"])
    elif "pattern" in node:
        parts.append(f"格式 {node['pattern']}")
    if "description" in node:
        parts.append(node["description"])
    return "；".join(part.rstrip("。") for part in parts if part) + "。"


def _fields(node: dict[str, Any], key: str, labels: tuple[str, ...],
            required: str) -> Iterator[list[str]]:
    label = node.get("title", key)
    path = (*labels, label) if key else labels
    if key:
        yield [f"`{key}`", md(" › ".join(path)), _kind(node), md(_rule(node, required)),
               "是" if node.get("x-private") else "否"]
    wanted = set(node.get("required", []))
    conditional = set((node.get("else") or {}).get("required", []))
    for child, sub in node.get("properties", {}).items():
        need = "必填" if child in wanted else "条件必填" if child in conditional else "选填"
        yield from _fields(sub, f"{key}.{child}" if key else child, path, need)
    items = node.get("items")
    if isinstance(items, dict):
        yield from _fields(items, f"{key}[]", path, "每项")


def fields_page(context: Context) -> str:
    """字段说明: every front-matter field with its label, type, rule and privacy."""
    root = dict(context.schema.document)
    rows = list(_fields(root, "", (), "必填"))
    lines = ["# 字段说明", "",
             "任务书前言区（YAML）的全部字段，由数据格式（`schema/taskbook.schema.json`）自动生成。"
             "“个人信息”为“是”的字段只出现在内部版本网站，公开版本网站、数据接口和搜索索引中都没有。", "",
             table(["字段", "名称", "类型", "规则", "个人信息"], rows), "",
             "## 正文标题", "",
             "正文（前言区之后的 Markdown）须包含下列标题；"
             "“主要研究内容和任务”下须有五项必备内容，各用一个四级标题。", ""]
    for section in context.form.body_sections():
        lines.append(f"- `##` {md(section.heading)}")
        for part in section.content.written:  # type: ignore[union-attr]
            lines.append(f"    - `###` {md(part.title)}")
            for topic in part.topics:
                lines.append(f"        - `####` {md(topic.title)}")
    lines.append("")
    return "\n".join(lines)


def codes_page() -> str:
    """错误代码: every diagnostic code, grouped as in the registry."""
    groups: dict[str, list[tuple[str, codes.Code]]] = {}
    for code, entry in codes.REGISTRY.items():
        groups.setdefault(entry.group, []).append((code, entry))
    lines = ["# 错误代码", "",
             "`taskbook validate` 报告的每个问题都带有一个代码（行末方括号内）。"
             "本页由代码登记表自动生成，列出每个代码的含义和修改方法。", ""]
    for group, members in groups.items():
        lines += [f"## {md(group)}", "",
                  table(["代码", "级别", "问题", "怎样修改"],
                        [[f"`{code}`", _SEVERITIES.get(entry.severity, entry.severity),
                          md_code(entry.summary), md_code(entry.hint)] for code, entry in members]), ""]
    return "\n".join(lines)


def pages(site: Site) -> Pages:
    """The page family of the shared terms and the references."""
    from taskbook.site.city import TERMS_FILE

    return {TERMS_FILE: terms_page(site.context), "reference/fields.md": fields_page(site.context),
            "reference/codes.md": codes_page()}
