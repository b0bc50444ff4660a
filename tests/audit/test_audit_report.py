"""The status description and the comment, from plain data."""

from __future__ import annotations

from taskbook.audit.approval import APPROVED, CHANGES_REQUESTED, WAITING, PartyState, Verdict
from taskbook.audit.guards import Refusal
from taskbook.audit.kinds import MOVE, NEW, OTHER, Classification, Item
from taskbook.audit.report import (
    COMMENT_BUDGET,
    MARKER,
    comment,
    describe,
    escape,
    fit,
    length,
    outcome,
)
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


SYMLINK = Refusal("cities/xian/taskbook.md 是符号链接，不是普通文件，无法审核：请改为普通文本文件后重新推送。",
                  "cities/xian/taskbook.md")
BRANCH = Refusal("联合审核只审核合并到 main 分支的拉取请求，本请求的目标分支是 dev：请把目标分支改为 main。")


def test_a_refusal_fails_and_leads_the_description():
    """Any refusal fails whatever the approvals; the description gives its reason and fix."""
    result = outcome(Verdict((CITY,)), ITEMS, [], SHA, refusals=[SYMLINK])
    assert (result.state, result.description) == ("failure", "未通过：" + SYMLINK.message)
    assert f"### 未通过的原因\n\n- {escape(SYMLINK.message)}\n" in result.comment


def test_several_refusals_are_counted_in_the_description():
    """With more than one refusal the description counts them and points to the comment."""
    text = describe(Verdict(()), [], [BRANCH, SYMLINK])
    assert text == ("未通过（2 项，见评论）：联合审核只审核合并到 main 分支的拉取请求，本请求的目标分支是 dev："
                    "请把目标分支改为 main。")
    assert len(text) <= 140


def test_an_unjudged_pull_request_claims_nothing_about_files_or_parties():
    """Refused before anything was read, the comment says no approvals and no files were checked."""
    text = comment(Verdict(()), Classification((), ()), [], SHA, refusals=[BRANCH], judged=False)
    assert "### 审核各方\n\n因上述原因，本次没有核对各方的批准。\n" in text
    assert "### 校验\n\n因上述原因，本次没有校验改动的文件。\n" in text
    assert "全部通过校验" not in text and "| — | 无需审核 | — |" not in text


def test_a_move_shows_both_cities():
    """A book moved across cities shows where it came from and where it went."""
    moved = Classification((Item("cities/jinan/taskbook.md", MOVE, "济南市", (), "西安市"),), ())
    assert "| cities/jinan/taskbook.md | 跨城市移动任务书 | 西安市 → 济南市 |" in comment(
        Verdict(()), moved, [], SHA)


def test_content_changes_are_listed_per_book():
    """Each changed book gets its lines under its path."""
    lines = ["- 「累计工作时间（人月）」：420 → 432"]
    text = comment(Verdict((CITY,)), ITEMS, [], SHA, changes=[("cities/xian/taskbook.md", lines)])
    assert ("### 任务书内容的改动\n\n个人信息不显示；正文按标题列出改动的部分。\n\n"
            "**cities/xian/taskbook.md**\n\n- 「累计工作时间（人月）」：420 → 432\n") in text


def test_long_lists_are_summarised():
    """Files, changed books and approvers beyond their limits are counted, not listed."""
    files = Classification(tuple(Item(f"docs/{i}.md", OTHER, None, ()) for i in range(3000)), ())
    changes = [(f"cities/c{i}/taskbook.md", ["- 「累计工作时间（人月）」：420 → 432"]) for i in range(15)]
    crowd = Verdict((PartyState("centre", "国家大气污染防治攻关联合中心", CHANGES_REQUESTED,
                                tuple(f"login-{j}" for j in range(12))),))
    text = comment(crowd, files, [], SHA, changes=changes)
    assert "……另有 2950 个文件（其中任务书 0 个）未列出，请在“Files changed”（文件改动）中查看。" in text
    assert "……另有 5 本任务书有改动，请在“Files changed”（文件改动）中查看。" in text
    assert "| 国家大气污染防治攻关联合中心 | ❌ 要求修改 | `login-0`、`login-1`、`login-2`、`login-3`、`login-4` 等 12 人 |" in text
    assert length(text) < COMMENT_BUDGET


def test_the_comment_stays_under_the_limit_whatever_the_input():
    """Huge inputs everywhere: the parties come first and the tail is cut within the budget."""
    files = Classification(tuple(Item(f"docs/{'长' * 200}{i}.md", OTHER, None, ()) for i in range(3000)), ())
    errors = [make("changes-missing", f"cities/c{i}/taskbook.md", 1, 1, "", "缺" * 500) for i in range(500)]
    many = Verdict(tuple(PartyState(f"city:{i}", "单位" * 100, CHANGES_REQUESTED,
                                    tuple(f"login-{j}" for j in range(300))) for i in range(400)))
    changes = [(f"cities/c{i}/taskbook.md", ["- 「x」：" + "改" * 1000] * 41) for i in range(50)]
    refusals = [SYMLINK] * 100
    text = comment(many, files, errors, SHA, ["注" * 5000] * 50, refusals=refusals, changes=changes)
    assert length(text) <= COMMENT_BUDGET < 65_536
    assert "- ……另有 80 项。" in text
    assert "……另有 340 方未列出。" in text
    assert "- ……另有 470 条，请在本地运行 `taskbook validate --base origin/main` 查看。" in text
    assert text.endswith("……评论过长，以下从略。请在本地运行 `taskbook validate --base origin/main` 查看全部问题。\n")


def test_fit_cuts_at_a_line_and_says_so():
    """Text over the budget is cut at a line boundary and ends with a notice."""
    text = fit("\n".join(["行" * 10] * 100), budget=120)
    assert length(text) <= 120
    assert text.endswith("\n\n……评论过长，以下从略。请在本地运行 `taskbook validate --base origin/main` 查看全部问题。\n")
    assert fit("短", budget=120) == "短"


def test_length_counts_utf16_units():
    """Characters outside the basic plane count twice, so the budget holds however GitHub counts."""
    assert (length("中文"), length("😀")) == (2, 2)
