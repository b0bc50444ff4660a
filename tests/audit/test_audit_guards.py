"""Why the audit refuses to judge, on plain data: branch, file count, modes, authors, privacy."""

from __future__ import annotations

from audit_books import book_text

from taskbook.audit import guards
from taskbook.audit.guards import Refusal
from taskbook.context import Context
from taskbook.loader import parse

CONTEXT = Context.load()
PRIVATE = CONTEXT.schema.private_paths


def data(text: str) -> dict:
    """The front matter of a book given as text."""
    return parse(text.encode(), "cities/xian/taskbook.md").book.data


def test_only_the_default_branch_is_judged():
    """A pull request into another branch is refused, naming both branches."""
    assert guards.check_base_branch("main", "main") == []
    assert guards.check_base_branch("release", "main") == [Refusal(
        "联合审核只审核合并到 main 分支的拉取请求，本请求的目标分支是 release：请把目标分支改为 main。")]


def test_a_file_list_shorter_than_changed_files_is_refused():
    """Fewer listed files than the pull request changed means some were never judged."""
    assert guards.check_file_count(3000, 3000) == []
    assert guards.check_file_count(3000, 3001) == [Refusal(
        "拉取请求改动了 3001 个文件，GitHub 只列出了 3000 个，无法逐一审核："
        "请拆分成较小的拉取请求（每个不超过 3000 个文件）。")]


def test_only_regular_files_pass_under_cities():
    """Symlinks, submodules and paths missing from the tree are refused under cities/ only."""
    modes = {"cities/a/taskbook.md": "100644", "cities/b/run.sh": "100755",
             "cities/c/taskbook.md": "120000", "cities/d": "160000", "docs/link.md": "120000"}
    found = guards.check_modes([*modes, "cities/e/taskbook.md"], modes)
    assert [(r.file, r.message) for r in found] == [
        ("cities/c/taskbook.md", "cities/c/taskbook.md 是符号链接，不是普通文件，无法审核："
                                 "请改为普通文本文件后重新推送。"),
        ("cities/d", "cities/d 是子模块（submodule），不是普通文件，无法审核："
                     "请改为普通文本文件后重新推送。"),
        ("cities/e/taskbook.md", "在最新提交的文件列表中找不到 cities/e/taskbook.md，无法确认它是普通文件："
                                 "请重新推送后再审核。"),
    ]


def test_long_paths_are_shortened_from_the_left():
    """A long path keeps its tail, so the message still fits a status description."""
    path = "cities/" + "x" * 80 + "/taskbook.md"
    assert guards.not_regular(path, "120000").message.startswith("…" + "x" * 35 + "/taskbook.md 是符号链接")


def test_unknown_head_author_is_refused():
    """When GitHub links the head commit to no account, the audit cannot exclude its author."""
    assert guards.check_head_authors("a" * 40, {"xian-chen"}) == []
    assert guards.check_head_authors("a" * 40, set()) == [Refusal(
        "无法确定最新提交 aaaaaaaaaaaa 的 GitHub 作者（提交邮箱没有关联 GitHub 账号），"
        "无法排除作者本人的批准：请用已关联账号的邮箱重新提交并推送。")]


def test_private_values_are_found_by_the_schema_marks():
    """Every filled x-private field of a book is found, array items included."""
    found = guards.private_values(data(book_text("西安市")), PRIVATE)
    assert ("leader", "id_number") in found and ("people", "0", "age") in found
    assert all(guards.is_private(path, PRIVATE) for path in found)
    assert ("leader", "name") not in found


def test_empty_private_fields_hold_no_value():
    """Empty or absent private fields are not personal data."""
    book = {"leader": {"id_number": "", "phone": None}, "people": [{"name": "甲"}]}
    assert guards.private_values(book, PRIVATE) == []


def test_public_repository_with_personal_data_is_refused():
    """A public repository may not hold a book with personal data; a private one may."""
    books = {"cities/xian/taskbook.md": data(book_text("西安市"))}
    count = len(guards.private_values(books["cities/xian/taskbook.md"], PRIVATE))
    assert list(guards.check_public_repository(True, books, PRIVATE, CONTEXT.schema.label_path)) == []
    assert list(guards.check_public_repository(False, books, PRIVATE, CONTEXT.schema.label_path)) == [Refusal(
        f"仓库是公开的，而 cities/xian/taskbook.md 含个人信息（「城市生态环境局联系人 › 传真」等 {count} 项）："
        "任务书含身份证号码和手机号码，请管理员先将仓库设为私有（公开仓库的复刻也是公开的）。",
        "cities/xian/taskbook.md")]


def test_unknown_visibility_counts_as_public():
    """When the repository's private flag cannot be read, personal data is refused."""
    books = {"cities/xian/taskbook.md": {"leader": {"id_number": "610102197503071236"}}}
    assert [r.file for r in guards.check_public_repository(None, books, PRIVATE)] == [
        "cities/xian/taskbook.md"]
