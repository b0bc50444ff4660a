"""The status description and the comment, from plain data."""

from __future__ import annotations

from taskbook.audit.approval import APPROVED, CHANGES_REQUESTED, WAITING, PartyState, Verdict
from taskbook.audit.kinds import NEW, Classification, Item
from taskbook.audit.report import MARKER, comment, describe, escape, outcome
from taskbook.codes import make

CITY = PartyState("city:西安市", "西安市人民政府", APPROVED, ("xian-chen",))
PROVINCE = PartyState("province:陕西省", "陕西省生态环境厅", WAITING)
CENTRE = PartyState("centre", "国家大气污染防治攻关联合中心", CHANGES_REQUESTED, ("centre-wu",))
ITEMS = Classification((Item("cities/xian/taskbook.md", NEW, "西安市", ()),), ())
SHA = "c" * 40


def test_description_counts_and_names_the_waiting():
    """Pending reads 已批准 n/m，待：<names>."""
    assert describe(Verdict((CITY, PROVINCE))) == "已批准 1/2，待：陕西省生态环境厅"


def test_description_names_who_requested_changes_first():
    """Failure names the parties that asked for changes, then those waiting."""
    assert describe(Verdict((CITY, PROVINCE, CENTRE))) == (
        "已批准 1/3，要求修改：国家大气污染防治攻关联合中心，待：陕西省生态环境厅")


def test_description_is_clipped_to_github_limit():
    """A description never exceeds the 140 characters GitHub accepts."""
    many = tuple(PartyState(f"city:{i}", "很长的单位名称" * 3, WAITING) for i in range(10))
    text = describe(Verdict(many))
    assert len(text) == 140 and text.endswith("…")


def test_validation_errors_fail_whatever_the_approvals():
    """Any validation error makes the status a failure and is counted first."""
    error = make("changes-missing", "cities/xian/taskbook.md", 151, 1, "/changes", "缺少。")
    result = outcome(Verdict((CITY,)), ITEMS, [error], SHA)
    assert (result.state, result.description) == ("failure", "校验未通过：1 个错误，已批准 1/1")


def test_escape_makes_contributed_text_inert():
    """Markup, table pipes, HTML and mentions in contributed text are escaped."""
    assert escape("a|b <img src=x> @team **x**\n[l](javascript:1)") == (
        "a\\|b \\<img src=x\\> \\@team \\*\\*x\\*\\* \\[l\\](javascript:1)")


def test_comment_starts_with_marker_and_names_the_commit():
    """The comment carries the hidden marker, the judged commit and the parties table."""
    text = comment(Verdict((CITY, PROVINCE, CENTRE)), ITEMS, [], SHA)
    assert text.startswith(MARKER + "\n## ❌ 联合审核未通过\n")
    assert f"审核的提交：`{SHA}`" in text
    assert "| cities/xian/taskbook.md | 新增任务书 | 西安市 |" in text
    assert "| 西安市人民政府 | ✅ 已批准 | `xian-chen` |" in text
    assert "| 陕西省生态环境厅 | ⏳ 待审核 | — |" in text
    assert "| 国家大气污染防治攻关联合中心 | ❌ 要求修改 | `centre-wu` |" in text
    assert "改动的任务书全部通过校验。" in text


def test_comment_marks_parties_missing_from_the_file():
    """A required party the parties file lacks is flagged with what to do."""
    unlisted = PartyState("city:天津市", "天津市", WAITING, listed=False)
    text = comment(Verdict((unlisted,)), ITEMS, [], SHA)
    assert "| 天津市 | ⏳ 待审核（.github/parties.yml 中没有该方，请先由攻关项目管理办公室添加） | — |" in text
