"""What changed in a book, by the form's labels, on plain data."""

from __future__ import annotations

from taskbook.audit.diff import MASKED, UNKNOWN, Form, body_lines, book_changes, sections
from taskbook.context import Context

FORM = Form.from_schema(Context.load().schema)
BASE = {
    "task": {"name": "西安市细颗粒物和臭氧污染协同防控综合解决方案研究"},
    "lead_unit": {"contact": {"name": "刘建华", "mobile": "13803211234"}},
    "people": [{"name": "甲", "age": 48}, {"name": "乙", "age": 39}],
    "person_months": 420,
}
BODY = "## 一、目标和任务\n\n### 研究目标\n\n查明成因。\n\n### 技术路线\n\n观测。\n"


def changed(base: dict, head: dict, base_body: str = BODY, head_body: str = BODY) -> list[str]:
    """The change lines of two versions of a book."""
    return book_changes(base, head, base_body, head_body, FORM)


def test_a_changed_value_shows_old_and_new_by_its_labels():
    """A changed field reads 「label › path」：old → new."""
    head = {**BASE, "person_months": 432}
    assert changed(BASE, head) == ["- 「累计工作时间」：420 → 432"]


def test_private_values_are_masked():
    """A changed mobile number or age is named but never shown."""
    head = {**BASE, "lead_unit": {"contact": {"name": "刘建华", "mobile": "13903112345"}},
            "people": [{"name": "甲", "age": 49}, {"name": "乙", "age": 39}]}
    assert changed(BASE, head) == [
        f"- 「牵头单位信息 › 联系人 › 手机」：{MASKED}",
        f"- 「五、主要研究人员 › 第 1 项 › 年龄」：{MASKED}",
    ]
    assert "13903112345" not in "".join(changed(BASE, head))


def test_added_and_removed_items_read_as_nothing_to_something():
    """An appended list item shows （无） before; a removed one （无） after; private parts masked."""
    head = {**BASE, "people": [{"name": "甲", "age": 48}]}
    assert changed(BASE, head) == [
        "- 「五、主要研究人员 › 第 2 项 › 姓名」：乙 → （无）",
        f"- 「五、主要研究人员 › 第 2 项 › 年龄」：{MASKED}",
    ]
    grown = {**BASE, "changes": [{"date": "2022-03-01", "summary": "调整计划", "reason": "设备延期"}]}
    assert changed(BASE, grown) == [
        "- 「任务调整记录 › 第 1 项 › 日期」：（无） → 2022-03-01",
        "- 「任务调整记录 › 第 1 项 › 调整内容」：（无） → 调整计划",
        "- 「任务调整记录 › 第 1 项 › 理由说明」：（无） → 设备延期",
    ]


def test_fields_the_schema_does_not_know_are_not_shown():
    """A misspelt key may hold personal data: it is named, its value is not shown."""
    head = {**BASE, "lead_unit": {"contact": {"name": "刘建华", "mobile": "13803211234",
                                              "idcard": "610102197503071236"}}}
    assert changed(BASE, head) == [f"- 「牵头单位信息 › 联系人 › idcard」：{UNKNOWN}"]


def test_contributed_text_is_made_inert_and_clipped():
    """Markup and mentions in values are escaped; a long value is cut to 60 characters."""
    head = {**BASE, "task": {"name": "@everyone **看这里** | <b>" + "长" * 100}}
    line = changed(BASE, head)[0]
    assert line.startswith("- 「任务 › 任务名称」：西安市细颗粒物和臭氧污染协同防控综合解决方案研究 → "
                           "\\@everyone \\*\\*看这里\\*\\* \\| \\<b\\>长")
    assert line.endswith("长…")


def test_body_changes_are_named_by_heading_path():
    """Edited, added and removed body sections are listed by their heading path."""
    head = BODY.replace("查明成因。", "查明成因和来源。").replace("### 技术路线\n\n观测。\n", "") + "\n### 附录\n\n表。\n"
    assert body_lines(BODY, head) == [
        "- 正文「一、目标和任务 › 研究目标」：已修改",
        "- 正文「一、目标和任务 › 附录」：新增",
        "- 正文「一、目标和任务 › 技术路线」：删除",
    ]


def test_headings_inside_fenced_code_are_text():
    """A # line inside a code fence is content of its section, not a heading."""
    body = "## 一\n\n```\n## 不是标题\n```\n"
    assert list(sections(body)) == ["一"]


def test_trailing_white_space_is_no_change():
    """Only white space differs: the book reads as unchanged."""
    assert changed(BASE, BASE, BODY, BODY.replace("查明成因。", "查明成因。   ")) == [
        "- 内容没有改动（只改了空白或格式）。"]


def test_many_changes_are_summarised():
    """Beyond the limit the lines end with one line counting the rest."""
    base = {"quarters": [{"plan": f"计划 {i}"} for i in range(8)]} | {"people": []}
    head = {"quarters": [{"plan": f"新计划 {i}"} for i in range(8)]}
    lines = book_changes(base, head, "", "", FORM, limit=5)
    assert lines[:2] == ["- 「四、季度计划及季度目标 › 第 1 项 › 工作组季度计划及季度目标」：计划 0 → 新计划 0",
                         "- 「四、季度计划及季度目标 › 第 2 项 › 工作组季度计划及季度目标」：计划 1 → 新计划 1"]
    assert lines[5:] == ["- ……另有 4 处改动，请在“Files changed”（文件改动）中查看。"]
    assert len(lines) == 6
