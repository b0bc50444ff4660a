"""The page renderer on plain data: paths, escaping, profiles, status, history, golden pages."""

from __future__ import annotations

import os
import re
import subprocess
from html import unescape
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from taskbook import codes
from taskbook.bodytext import EXTENSION_CONFIGS, EXTENSIONS
from taskbook.book import from_front
from taskbook.context import Context
from taskbook.site import history
from taskbook.site.history import Event
from taskbook.site.markup import amount, md, md_code, period, table
from taskbook.site.model import Download
from taskbook.site.render import OVERVIEW_MARKER
from taskbook.site.sanitize import sanitize
from taskbook.site.status import APPROVED, SIGNED, derive

GOLDEN = Path(__file__).resolve().parent / "golden"
CONTEXT = Context.load()
APPROVED_ON = "2021-06-01"


def by_slug(books, slug):
    """The test book of one city."""
    return next(book for book in books if book.slug == slug)


def to_html(page: str) -> str:
    """Render generated Markdown as the site does (front matter off, same extensions), then
    sanitize it."""
    from mkdocs.utils.meta import get_data

    body, _ = get_data(page)
    return sanitize(markdown.markdown(body, extensions=list(EXTENSIONS), extension_configs=EXTENSION_CONFIGS))


def render(books, profile="public", **options):
    """The renderer with the tests' context."""
    from taskbook.site.render import render as real

    return real(books, CONTEXT, profile, **options)


def test_render_produces_every_path(books):
    """One page a city, province and status, the indexes, references, JSON and assets."""
    pages = render(books, "public", home="# 首页\n\n" + OVERVIEW_MARKER + "\n")
    assert sorted(pages) == sorted([
        "index.md", "cities/index.md", "cities/shijiazhuang.md", "cities/beijing.md",
        "cities/xian.md", "provinces/index.md", "provinces/河北省.md", "provinces/北京市.md",
        "provinces/陕西省.md", "status/index.md", "status/approved.md", "status/signed.md",
        # The statuses after signing, derived from reports and acceptance records.
        "status/executing.md", "status/applied.md", "status/accepted.md", "status/rejected.md",
        "status/review.md",
        "terms.md", "reference/fields.md", "reference/codes.md", "reference/records.md",
        "api/cities.json",
        "assets/taskbook/sortable.js", "assets/taskbook/taskbook.css", "assets/taskbook/filter.js",
    ])
    assert isinstance(pages["api/cities.json"], bytes)
    assert "assets/taskbook/internal.css" in render(books, "internal")


def test_a_page_family_is_one_function(books):
    """A new family of pages is a function of the site; two families may not share a path."""
    from taskbook.site.render import FAMILIES

    def extra(site):
        return {"quarters/index.md": f"# 季度\n\n{len(site.items)} 个城市\n"}

    pages = render(books, families=(*FAMILIES, extra))
    assert pages["quarters/index.md"] == "# 季度\n\n3 个城市\n"
    with pytest.raises(ValueError, match=r"pages rendered twice: cities/index\.md"):
        render(books, families=(*FAMILIES, lambda site: {"cities/index.md": ""}))


def test_home_marker_is_replaced_or_overview_appended(books):
    """The overview replaces the marker of the home page, or follows its text."""
    marked = render(books, home="# 首页\n\n" + OVERVIEW_MARKER + "\n\n尾注\n")["index.md"]
    assert OVERVIEW_MARKER not in marked
    assert marked.index("## 概况") < marked.index("尾注")
    plain = render(books, home="# 首页\n")["index.md"]
    assert plain.startswith("# 首页\n\n## 概况\n")
    assert "index.md" not in render(books)


@pytest.mark.parametrize("value", ["<b>粗体</b>", "*斜体*", "甲 | 乙", "[链接](javascript:alert(1))",
                                   "`代码`", "&amp;", "{: onclick=\"x\" }", "<script>alert(1)</script>"])
def test_values_are_escaped_everywhere(books, value):
    """A value with markup renders as the same literal text in tables, lists and the info table."""
    book = by_slug(books, "xian")
    data = {**book.front,
            "lead_unit": {**book.front["lead_unit"], "name": value},
            "cooperation": [{"unit": value, "duty": value}]}
    pages = render([from_front(book.path, data, book.body)], "public")
    from mkdocs.utils.meta import get_data

    _, meta = get_data(pages["cities/xian.md"])  # as MkDocs reads the front matter
    assert meta["tags"][1] == _escaped_attribute(value) and meta["search"] == {"boost": 4}
    for page in ("cities/xian.md", "cities/index.md"):
        html = to_html(pages[page])
        assert html.count(_escaped(value)) >= 1, page
        assert "<b>" not in html and "<script" not in html
        assert re.search(r"<[^>]*\son[a-z]+=", html) is None
        assert 'href="javascript' not in html


def _escaped_attribute(value: str) -> str:
    import html

    return html.escape(value, quote=True)


def _escaped(value: str) -> str:
    import html

    return html.escape(value, quote=False)


def test_markdown_escape_is_exact():
    """md() escapes the characters Markdown and HTML give meaning to, and flattens lines."""
    assert md("a*b_c`d[e]f|g<h>&i\\j\nk") == "a\\*b\\_c\\`d\\[e\\]f\\|g&lt;h&gt;&amp;i\\\\j k"
    assert md_code("用 `taskbook new` 生成") == "用 `taskbook new` 生成"
    assert md_code("单个`反引号") == "单个\\`反引号"


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"),
                                      blacklist_characters="\u2028\u2029\x85"),
                min_size=1, max_size=30).filter(str.strip)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_any_value_renders_as_typed_in_a_table_cell(value):
    """Whatever a value holds, its table cell shows exactly that text (white space folded)."""
    converter = markdown.Markdown(extensions=["tables", "attr_list", "admonition", "sane_lists"])
    cell = re.search(r"<td>(.*?)</td>", sanitize(converter.convert(table(["h"], [[md(value)]]))), re.S)
    assert " ".join(unescape(cell.group(1)).split()) == " ".join(value.split())


def test_formatting_helpers():
    """Quarters and amounts read the way the form writes them."""
    assert period("2021-11/2022-01") == "2021 年 11 月—2022 年 1 月"
    assert amount(1030.5) == "1,030.5" and amount(300.0) == "300"


def test_public_city_page_has_no_private_value(books):
    """The public city page shows 不公开 in place of private values and no age column."""
    book = by_slug(books, "xian")
    page = render([book], "public")["cities/xian.md"]
    assert "15829000001" not in page and book.leader.id_number not in page
    assert "不公开" in page and "| 年龄 |" not in page
    internal = render([book], "internal")["cities/xian.md"]
    assert "15829000001" in internal and "| 年龄 |" in internal


def test_status_is_derived(books):
    """No signing record: 已审核（待签章）; with one: 已签章."""
    book = by_slug(books, "xian")
    assert derive(book) is APPROVED
    signed = from_front(book.path, {**book.front, "signing": {"date": "2021-07-01", "signers": []}},
                        book.body)
    assert derive(signed) is SIGNED


def test_downloads_hook_links_the_files(books):
    """Downloads passed to the renderer are linked from the city page."""
    book = by_slug(books, "xian")
    page = render([book], downloads={"xian": [Download("任务书（Word）", "downloads/xian.docx")]})[
        "cities/xian.md"]
    assert "- 下载：[任务书（Word）](../downloads/xian.docx)" in page


def test_fields_page_covers_the_schema():
    """字段说明 lists every private field as private, and names fields by their labels."""
    page = render([])["reference/fields.md"]
    for path in CONTEXT.schema.private_paths:
        key = ".".join(path).replace(".*", "[]")
        row = next(line for line in page.splitlines() if line.startswith(f"| `{key}` |"))
        assert row.endswith("| 是 |")
    assert "| `lead_unit.contact.mobile` | 牵头单位信息 › 联系人 › 手机 | 文本 |" in page
    assert "| `province_contact` | 生态环境厅（局）联系人 | 一组字段 | 条件必填；" in page


def test_codes_page_covers_the_registry():
    """错误代码 has one row for every registered code."""
    page = render([])["reference/codes.md"]
    assert [code for code in codes.REGISTRY if f"| `{code}` |" not in page] == []


def test_git_log_gives_each_book_its_first_day_on_main():
    """The oldest commit of the first-parent log that adds a book dates its approval."""
    log = ("\x1e2021-07-01\n\ncities/xian/taskbook.md\nREADME.md\n"
           "\x1e2021-06-01\n\ncities/xian/taskbook.md\n"
           "cities/beijing/taskbook.md\ncities/beijing/notes.md\n")
    assert history.parse_log(log, "cities") == {"xian": "2021-06-01", "beijing": "2021-06-01"}


def _git(folder, *args, date="2021-06-01T10:00:00+08:00", committed=None):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": committed or date,
           "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def _book(folder, slug):
    path = folder / "cities" / slug / "taskbook.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# {slug}\n", encoding="utf-8")


def test_approval_is_the_day_a_book_lands_on_main_merged_or_squashed(tmp_path):
    """Merged or squashed, the approval is the day the commit reached main, not the
    author's day; a later edit on main does not move it."""
    _git(tmp_path, "init", "-q", "-b", "main")
    _book(tmp_path, "seed")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "开始")
    # A pull request merged with a merge commit, written in June, merged in August.
    _git(tmp_path, "checkout", "-q", "-b", "pr-xian")
    _book(tmp_path, "xian")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "新增西安市", date="2021-06-05T10:00:00+08:00")
    _git(tmp_path, "checkout", "-q", "main")
    _git(tmp_path, "merge", "-q", "--no-ff", "-m", "合并", "pr-xian",
         date="2021-08-02T10:00:00+08:00")
    # A pull request squashed: the author's date is kept, the committer's is the day it landed.
    _book(tmp_path, "jinan")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "新增济南市", date="2021-06-10T10:00:00+08:00",
         committed="2021-09-03T10:00:00+08:00")
    (tmp_path / "cities" / "xian" / "taskbook.md").write_text("# 改\n", encoding="utf-8")
    _git(tmp_path, "commit", "-q", "-am", "修改", date="2022-01-01T10:00:00+08:00")
    assert history.read(tmp_path / "cities") == {
        "seed": "2021-06-01", "xian": "2021-08-02", "jinan": "2021-09-03"}


def test_history_tells_approval_changes_and_signing_in_order(books):
    """A book's history: 审核通过, each 调整 with its summary and reason, then 签章."""
    book = by_slug(books, "shijiazhuang")
    change = book.changes[0]
    signed = from_front(book.path, {**book.front, "signing": {"date": "2022-05-01", "signers": []}},
                        book.body)
    assert history.events(signed, "2021-06-01") == (
        Event("2021-06-01", "审核通过", "任务书通过联合审核，合入主分支并发布"),
        Event(change.date, "调整", change.summary, change.reason),
        Event("2022-05-01", "签章", "纸质任务书签字盖章，补录签章记录"),
    )
    assert history.events(book, None)[0].kind == "调整"


def test_no_git_means_no_history(tmp_path):
    """Outside a repository the history is empty, not an error."""
    (tmp_path / "cities").mkdir()
    assert history.read(tmp_path / "cities") == {}


@pytest.mark.parametrize("profile", ["public", "internal"])
def test_city_page_matches_golden(books, profile):
    """The rendered Markdown of 石家庄市 equals the reviewed golden file."""
    book = by_slug(books, "shijiazhuang")
    page = render([book], profile, approved={"shijiazhuang": APPROVED_ON},
                  downloads={"shijiazhuang": [Download("任务书（Word）", "downloads/shijiazhuang.docx")]})[
        "cities/shijiazhuang.md"]
    golden = GOLDEN / f"shijiazhuang.{profile}.md"
    if os.environ.get("TASKBOOK_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(page, encoding="utf-8")
    assert page == golden.read_text(encoding="utf-8")
