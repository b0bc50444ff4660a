"""The joint audit fails closed: each way around it ends as a failure with a Chinese reason.

Every test here stands for a pull request that the audit used to pass with every approval
(or left with a stale success); each now ends as a failure, or as pending when a party that
must approve has not.
"""

from __future__ import annotations

from audit_books import book_text, with_change
from audit_pulls import EVERYONE, JINAN, REPO, XIAN, approve, audit, new_book, statuses
from fake_github import SUBMODULE

from taskbook.audit.report import COMMENT_BUDGET, length

SYMLINK = ("cities/xian/taskbook.md 是符号链接，不是普通文件，无法审核："
           "请改为普通文本文件后重新推送。")
PUBLIC_REPO = ("仓库是公开的，而 cities/xian/taskbook.md 含个人信息（「城市生态环境局联系人 › 传真」等 17 项）："
               "任务书含身份证号码和手机号码，请管理员先将仓库设为私有（公开仓库的复刻也是公开的）。")


def test_symlink_book_pointing_outside_the_repository_fails(fake, client):
    """A new book that is a symlink to a path outside the repository fails, though all approved."""
    fake.change(XIAN, "added")
    fake.link(fake.head_sha, XIAN, "../../../etc/taskbook.md")
    approve(fake, *EVERYONE)
    result = audit(fake, client)
    assert statuses(fake) == [("failure", "未通过：" + SYMLINK)]
    assert [r.file for r in result.refusals] == [XIAN]
    assert f"### 未通过的原因\n\n- {SYMLINK}\n" in fake.comments[0].body


def test_symlink_to_another_book_fails(fake, client):
    """A symlink to a file of the repository, which the contents API follows, still fails."""
    fake.change(XIAN, "added")
    fake.put(fake.head_sha, JINAN, book_text("济南市"))
    fake.link(fake.head_sha, XIAN, "../jinan/taskbook.md")
    approve(fake, *EVERYONE)
    audit(fake, client)
    assert statuses(fake) == [("failure", "未通过：" + SYMLINK)]
    assert ("GET", f"/repos/{REPO}/git/trees/{fake.head_sha}?recursive=1") in fake.requests


def test_submodule_under_cities_fails(fake, client):
    """A submodule where a book should be fails."""
    fake.change(XIAN, "added")
    fake.modes[(fake.head_sha, XIAN)] = SUBMODULE
    approve(fake, *EVERYONE)
    audit(fake, client)
    assert statuses(fake) == [("failure", "未通过：cities/xian/taskbook.md 是子模块（submodule），不是普通文件，无法审核："
                                          "请改为普通文本文件后重新推送。")]


def test_book_without_content_fails(fake, client):
    """A book GitHub sends without content (over 1 MB) fails with the size reason."""
    new_book(fake)
    fake.large.add((fake.head_sha, XIAN))
    approve(fake, *EVERYONE)
    audit(fake, client)
    assert statuses(fake) == [("failure", "未通过：cities/xian/taskbook.md 超过 1 MiB 或 GitHub 没有返回其内容，"
                                          "无法校验：请删去大段无关内容（如粘贴的图片数据）后重新推送。")]


def test_book_github_refuses_to_send_fails(fake, client):
    """A book over 100 MB, which the contents API refuses with 403, fails instead of crashing."""
    new_book(fake)
    fake.huge.add((fake.head_sha, XIAN))
    approve(fake, *EVERYONE)
    audit(fake, client)
    assert statuses(fake) == [("failure", "未通过：cities/xian/taskbook.md 超过 1 MiB 或 GitHub 没有返回其内容，"
                                          "无法校验：请删去大段无关内容（如粘贴的图片数据）后重新推送。")]


def test_approved_book_moved_into_another_city_unchanged_fails(fake, client):
    """西安市's approved book renamed into 济南市's folder fails and needs both cities' parties."""
    fake.put(fake.base_sha, XIAN, book_text("西安市"))
    fake.put(fake.head_sha, JINAN, book_text("西安市"))
    fake.change(JINAN, "renamed", XIAN)
    approve(fake, "jinan-wei", "centre-wu", "office-li")
    result = audit(fake, client)
    assert statuses(fake) == [("failure", "校验未通过：1 个错误，已批准 3/6，"
                                          "待：西安市人民政府、山东省生态环境厅、陕西省生态环境厅")]
    assert [(d.file, d.code, d.message) for d in result.diagnostics] == [
        (JINAN, "parties-city-missing",
         "任务书的城市是“西安市”，但 .github/parties.yml 中文件夹 jinan 对应的是“济南市”。"
         "请核对城市名称和文件夹名，二者须与审核各方文件一致。")]
    assert "| cities/jinan/taskbook.md | 跨城市移动任务书 | 西安市 → 济南市 |" in fake.comments[0].body


def test_book_moved_and_rewritten_for_another_city_waits_for_both_cities(fake, client):
    """A consistent cross-city move passes only once both cities and both provinces approved."""
    fake.put(fake.base_sha, XIAN, book_text("西安市"))
    fake.put(fake.head_sha, JINAN, with_change(book_text("济南市")))
    fake.change(JINAN, "renamed", XIAN)
    approve(fake, "jinan-wei", "centre-wu", "office-li")
    audit(fake, client)
    approve(fake, "xian-chen", "shaanxi-qian", "shandong-sun")
    audit(fake, client)
    assert statuses(fake) == [
        ("pending", "已批准 3/6，待：西安市人民政府、山东省生态环境厅、陕西省生态环境厅"),
        ("success", "已批准 6/6")]


def test_more_files_than_listed_fails(fake, client):
    """A pull request changing more files than GitHub lists (3,000 at most) fails."""
    new_book(fake)
    fake.changed_files = 3001
    approve(fake, *EVERYONE)
    audit(fake, client)
    assert statuses(fake) == [("failure", "未通过：拉取请求改动了 3001 个文件，GitHub 只列出了 1 个，无法逐一审核："
                                          "请拆分成较小的拉取请求（每个不超过 3000 个文件）。")]


def test_pull_request_into_another_branch_fails_and_reads_no_parties(fake, client):
    """Only pull requests into the default branch are judged; others fail without reading parties."""
    new_book(fake)
    fake.base_ref = "release"
    approve(fake, *EVERYONE)
    audit(fake, client)
    assert statuses(fake) == [("failure", "未通过：联合审核只审核合并到 main 分支的拉取请求，本请求的目标分支是 "
                                          "release：请把目标分支改为 main。")]
    assert [t for _, t in fake.requests if "/contents/" in t] == []
    assert "因上述原因，本次没有校验改动的文件。" in fake.comments[0].body


def test_parties_are_read_from_the_default_branch(fake, client):
    """The parties file is read at the default branch, not at the pull request's base commit."""
    new_book(fake)
    approve(fake, *EVERYONE)
    audit(fake, client)
    assert [t for _, t in fake.requests if "parties.yml" in t] == [
        f"/repos/{REPO}/contents/.github/parties.yml?ref=main"]


def test_oversized_comment_never_leaves_a_stale_success(fake, client):
    """A later request for changes fails the status although the old comment would exceed 65,536 characters."""
    new_book(fake)
    for index in range(1000):  # the old comment listed every file: 65,526 characters here
        fake.change(f"docs/notes/{'n' * 31}{index:04d}.md", "added")
    approve(fake, *EVERYONE)
    audit(fake, client)
    fake.review("centre-wu", "CHANGES_REQUESTED")
    result = audit(fake, client)
    assert statuses(fake) == [("success", "已批准 4/4"),
                              ("failure", "已批准 3/4，要求修改：国家大气污染防治攻关联合中心")]
    body = fake.comments[0].body
    assert result.action == "edited" and length(body) <= COMMENT_BUDGET
    assert "……另有 951 个文件（其中任务书 0 个）未列出，请在“Files changed”（文件改动）中查看。" in body


def test_book_naming_another_city_than_its_folder_fails(fake, client):
    """A valid 济南市 book in 西安市's folder fails: its city must match the parties file."""
    fake.change(XIAN, "added")
    fake.put(fake.head_sha, XIAN, book_text("济南市"))
    approve(fake, *EVERYONE)
    result = audit(fake, client)
    assert statuses(fake) == [("failure", "校验未通过：1 个错误，已批准 4/4")]
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("parties-city-missing",
         "任务书的城市是“济南市”，但 .github/parties.yml 中文件夹 xian 对应的是“西安市”。"
         "请核对城市名称和文件夹名，二者须与审核各方文件一致。")]


def test_approval_by_the_head_commits_author_does_not_count(fake, client):
    """A party member who pushed the head commit cannot approve it."""
    new_book(fake)
    fake.head_author = "Centre-Wu"
    approve(fake, *EVERYONE)
    audit(fake, client)
    assert statuses(fake) == [("pending", "已批准 3/4，待：国家大气污染防治攻关联合中心")]


def test_committer_counts_when_the_author_is_unknown(fake, client):
    """With no account linked to the author, the head commit's committer cannot approve it."""
    new_book(fake)
    fake.head_author, fake.head_committer = None, "office-li"
    approve(fake, *EVERYONE)
    audit(fake, client)
    assert statuses(fake) == [("pending", "已批准 3/4，待：大气重污染成因与治理攻关项目管理办公室")]


def test_head_commit_without_any_account_fails(fake, client):
    """When neither author nor committer of the head commit is known, the audit fails."""
    new_book(fake)
    fake.head_author = fake.head_committer = None
    approve(fake, *EVERYONE)
    audit(fake, client)
    assert statuses(fake) == [("failure", f"未通过：无法确定最新提交 {fake.head_sha[:12]} 的 GitHub 作者"
                                          "（提交邮箱没有关联 GitHub 账号），无法排除作者本人的批准："
                                          "请用已关联账号的邮箱重新提交并推送。")]


def test_personal_data_in_a_public_repository_fails(fake, client):
    """A book with ID and mobile numbers in a public repository fails, whatever the approvals."""
    new_book(fake)
    fake.private = False
    approve(fake, *EVERYONE)
    audit(fake, client)
    assert statuses(fake) == [("failure", "未通过：" + PUBLIC_REPO)]


def test_a_failed_read_fails_the_status(fake, client, monkeypatch):
    """When GitHub refuses a read midway, the status becomes failure with GitHub's answer."""
    fake.change(XIAN)
    fake.put(fake.base_sha, XIAN, book_text("西安市"))
    fake.put(fake.head_sha, XIAN, with_change(book_text("西安市")))
    approve(fake, *EVERYONE)
    audit(fake, client)

    def forbidden(op, query, body, path):
        return 403, {}, {"message": "Repository access blocked",
                         "documentation_url": "https://docs.github.com/rest"}, True

    monkeypatch.setattr(fake, "_get_repos_owner_repo_contents_path", forbidden)
    audit(fake, client)
    assert statuses(fake) == [
        ("success", "已批准 3/3"),
        ("failure", "未通过：无法从 GitHub 读取拉取请求的数据（HTTP 403：Repository access blocked）："
                    "请稍后重新运行联合审核；多次失败请联系攻关项目管理办公室。")]


def test_comment_lists_changed_fields_by_label_and_masks_private_values(fake, client):
    """Reviewers see each changed field by the form's labels; a changed mobile number is not shown."""
    fake.change(XIAN)
    fake.put(fake.base_sha, XIAN, book_text("西安市"))
    head = with_change(book_text("西安市")).replace('mobile: "13803211234"', 'mobile: "13912345678"')
    fake.put(fake.head_sha, XIAN, head.replace("组建工作组并进驻", "组建工作组并进驻现场"))
    approve(fake, "xian-chen", "centre-wu", "office-li")
    audit(fake, client)
    body = fake.comments[0].body
    assert ("**cities/xian/taskbook.md**\n\n"
            "- 「牵头单位信息 › 联系人 › 手机」：已修改（个人信息不显示）\n"
            "- 「四、季度计划及季度目标 › 第 1 项 › 工作组季度计划及季度目标」："
            "组建工作组并进驻；收集基础资料；开展夏季 O3 污染特征分析。 → "
            "组建工作组并进驻现场；收集基础资料；开展夏季 O3 污染特征分析。\n"
            "- 「任务调整记录 › 第 1 项 › 日期」：（无） → 2022-03-01\n") in body
    assert "13912345678" not in body and "13803211234" not in body


def test_truncated_tree_fails(fake, client):
    """When GitHub truncates the head commit's tree, file modes cannot be confirmed: failure."""
    new_book(fake)
    fake.tree_truncated = True
    approve(fake, *EVERYONE)
    audit(fake, client)
    assert statuses(fake) == [("failure", "未通过：最新提交的文件列表过长，GitHub 只返回了一部分，"
                                          "无法确认改动的文件都是普通文件：请联系攻关项目管理办公室。")]


def test_book_renamed_from_a_draft_needs_its_province(fake, client):
    """A draft merged elsewhere, then renamed into cities/, is a new book: the province must approve."""
    fake.put(fake.base_sha, "drafts/xian.md", book_text("西安市"))
    fake.put(fake.head_sha, XIAN, book_text("西安市"))
    fake.change(XIAN, "renamed", "drafts/xian.md")
    approve(fake, "xian-chen", "centre-wu", "office-li")
    result = audit(fake, client)
    assert [(i.kind, i.path) for i in result.classification.items] == [("new", XIAN)]
    assert statuses(fake) == [("pending", "已批准 3/4，待：陕西省生态环境厅")]


def test_copied_book_needs_its_province(fake, client):
    """A book copied from another city's folder is new for its city: its province must approve."""
    fake.put(fake.base_sha, XIAN, book_text("西安市"))
    fake.put(fake.head_sha, JINAN, with_change(book_text("济南市")))  # reads as a recorded change
    fake.change(JINAN, "copied", XIAN)
    approve(fake, "jinan-wei", "centre-wu", "office-li")
    audit(fake, client)
    assert statuses(fake) == [("pending", "已批准 3/4，待：山东省生态环境厅")]
