"""The site built from the test books: pages, profiles, privacy and the closed network."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import pytest
from site_helpers import SITE_URL, built_text, private_values, read

from taskbook.form.values import month
from taskbook.site.render import INTERNAL_BANNER

INDEX_HEADERS = ["序号", "城市", "省份", "任务编号", "牵头单位", "负责人", "状态", "经费（万元）", "更新日期"]


def text_of(html: str) -> str:
    """The visible text of an HTML fragment, tags removed and entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def squash(text: str) -> str:
    """Text without any white space, to compare across table cells and line breaks."""
    return re.sub(r"\s+", "", text)


def article(site: Path, page: str) -> str:
    """The main content of a built page."""
    html = read(site / page)
    return html[html.index("<article"):html.index("</article>")]


def test_every_page_is_built(sites):
    """Both profiles have the home, indexes, city, province, status, reference and API files."""
    expected = [
        "index.html", "cities/index.html", "cities/shijiazhuang/index.html",
        "cities/beijing/index.html", "cities/xian/index.html", "provinces/index.html",
        "provinces/河北省/index.html", "provinces/北京市/index.html", "provinces/陕西省/index.html",
        "status/index.html", "status/approved/index.html", "status/signed/index.html",
        "terms/index.html", "reference/fields/index.html", "reference/codes/index.html",
        "guide/submit/index.html", "guide/review/index.html", "api/cities.json",
        "assets/taskbook/sortable.js", "assets/taskbook/taskbook.css", "search/search_index.json",
    ]
    for site in sites.values():
        assert [page for page in expected if not (site / page).is_file()] == []


def test_city_index_table_has_the_columns_in_order(sites):
    """城市一览 is one table with the nine columns, a row a city in sequence order."""
    html = article(sites["public"], "cities/index.html")
    headers = [text_of(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", html)]
    assert headers == INDEX_HEADERS
    rows = re.findall(r"<tr><td[^>]*>(\d+)</td><td[^>]*><a href=\"([^\"]+)\"", html)
    assert rows == [("1", "shijiazhuang/"), ("2", "beijing/"), ("31", "xian/")]
    # No class on the table: the theme styles only table:not([class]).
    assert re.findall(r"<table[^>]*>", html) == ["<table>"]


def test_city_index_row_values(sites):
    """A row shows the city's task id, lead unit, leader, status, funding and update date."""
    html = article(sites["public"], "cities/index.html")
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", html, re.S) if "xian/" in r)
    cells = [text_of(cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells == ["31", "西安市", "陕西省", "DQGG202131", "陕西省环境科学研究院（示例）", "张振华",
                     "已审核（待签章）", "280.5", "2021-06-01"]


def test_status_is_derived_from_the_signing_record(sites):
    """北京市 has a signing record and is 已签章; the others are 已审核（待签章）."""
    signed = article(sites["public"], "status/signed/index.html")
    approved = article(sites["public"], "status/approved/index.html")
    assert "beijing/" in signed and "xian/" not in signed
    assert "xian/" in approved and "shijiazhuang/" in approved and "beijing/" not in approved


def test_home_page_has_counts_funding_and_latest_changes(sites):
    """The home page keeps its hand-written text and adds the generated overview."""
    html = squash(text_of(article(sites["public"], "index.html")))
    assert "“一市一策”驻点跟踪研究" in html
    assert squash("已收录 3 个城市的任务书，分布在 3 个省（直辖市），经费合计 1,030.5 万元。") in html
    assert "2022-03-15石家庄市调整调整第四季度考核指标" in html
    assert "2021-07-01北京市签章纸质任务书签字盖章，补录签章记录" in html
    assert "2021-06-01西安市审核通过任务书通过联合审核，合入主分支并发布" in html
    assert "新增三个城市的任务书" not in html  # a git subject is never shown


def test_city_page_follows_the_form(sites):
    """A city page has the information table and sections 一 to 九 in the form's order."""
    html = text_of(article(sites["public"], "cities/shijiazhuang/index.html"))
    order = ["跟踪研究工作信息表", "牵头单位信息", "工作组负责人", "参加人数", "生态环境厅（局）联系人",
             "一、目标和任务", "二、预期成果及考核指标", "三、各方的主要职责和承诺",
             "四、季度计划及季度目标", "时间线", "五、主要研究人员", "六、任务书签订各方签章",
             "七、工作组负责单位与协作单位合作协议", "八、经费证明", "九、共同条款", "历史记录"]
    positions = [html.find(title) for title in order]
    assert -1 not in positions and positions == sorted(positions)
    # An unsigned book shows 六 all the same, marked as not yet signed.
    assert "尚未签章。" in html


def test_city_page_timeline_has_eight_quarters(sites):
    """四 is also drawn as a timeline of the eight quarters."""
    html = article(sites["public"], "cities/xian/index.html")
    timeline = html[html.index('<ol class="tb-timeline">'):]
    timeline = timeline[:timeline.index("</ol>")]
    assert re.findall(r"第 (\d) 季度", timeline) == [str(n) for n in range(1, 9)]
    assert "2023年2月-2023年4月" in timeline


def test_signed_city_shows_signing_and_municipal_wording(sites):
    """北京市 shows 六 with its signers and links the municipal wording of 三."""
    html = article(sites["public"], "cities/beijing/index.html")
    assert "六、任务书签订各方签章" in html
    assert "签订日期：2021-07-01" in text_of(html)
    assert "甲方（攻关项目管理办公室）大气重污染成因与治理攻关项目管理办公室赵国强" in squash(text_of(html))
    assert 'href="../../terms/#tb-municipality"' in html
    # The form's provincial contact rows stay, blank: 北京 has no provincial department.
    assert "生态环境厅（局）联系人（由相关处负责人担任）</th>" in html
    assert "尚未签章" not in html
    assert 'href="../../terms/#tb-general"' in article(sites["public"], "cities/xian/index.html")


def test_history_in_chinese_and_no_commit_subjects(sites):
    """The city page tells its history (approval, change, signing) in Chinese; git commit
    subjects never reach readers."""
    html = article(sites["public"], "cities/shijiazhuang/index.html")
    history = html[html.index('<h2 id="历史记录"'):]
    history = squash(text_of(history[:history.index("<h2", 1)] if "<h2" in history[1:] else history))
    assert history == squash("历史记录¶ 日期 事项 内容 说明 "
                             "2021-06-01 审核通过 任务书通过联合审核，合入主分支并发布 — "
                             "2022-03-15 调整 调整第四季度考核指标 根据秋冬季实际污染过程调整简报数量")
    beijing = squash(text_of(article(sites["public"], "cities/beijing/index.html")))
    assert "2021-07-01签章纸质任务书签字盖章，补录签章记录" in beijing
    for site in sites.values():
        for page in site.rglob("*.html"):
            assert "新增三个城市的任务书" not in read(page), page


def test_shared_terms_page_has_both_wordings(sites):
    """三 (general and 北京/天津 wording) and 九 are on one shared page."""
    html = article(sites["public"], "terms/index.html")
    for anchor in ("tb-general", "tb-municipality", "tb-terms"):
        assert f'id="{anchor}"' in html
    text = text_of(html)
    assert "甲方（攻关项目管理办公室、省级生态环境部门）" in text
    assert "丁方（北京市生态环境局）" in text and "丁方（××市人民政府）" in text


def test_values_render_literally(sites):
    """Markdown and HTML characters in a value show as typed, not as markup."""
    html = article(sites["public"], "cities/shijiazhuang/index.html")
    assert ("<td>监测数据共享 | 现场保障 *重点* `代码` [链接](x) _下划线_ \\\\ 反斜杠</td>" in html)


def test_public_profile_has_no_private_value_anywhere(sites, books):
    """No private value in any file of the public build: pages, search, JSON, sitemap, documents."""
    values = [(p, str(v)) for p, v in private_values(books) if isinstance(v, str)]
    assert len(values) >= 30
    leaked = []
    scanned = 0
    assert list(sites["public"].rglob("*.pdf"))  # PDFs are scanned too, as text
    for path in sites["public"].rglob("*"):
        if path.is_file() and path.suffix != ".png":  # the theme's favicon is the only image
            content = built_text(path)
            scanned += 1
            leaked += [(path.name, p) for p, v in values if v in content]
    assert leaked == []
    assert scanned == len([p for p in sites["public"].rglob("*") if p.is_file()]) - 1


def test_city_pages_offer_the_document_in_the_site_profile(sites, books):
    """Each city page links its .docx; the public one has no private value, the internal all."""
    for profile, label in (("public", "公开版，不含个人信息"), ("internal", "内部版，含个人信息")):
        html = read(sites[profile] / "cities" / "xian" / "index.html")
        assert f'href="../../downloads/xian-taskbook.docx" rel="noopener noreferrer">任务书 Word 文件（{label}' in html
    for book in books:
        public = built_text(sites["public"] / "downloads" / f"{book.slug}-taskbook.docx")
        internal = built_text(sites["internal"] / "downloads" / f"{book.slug}-taskbook.docx")
        assert book.task.name in public and book.task.name in internal
        # The document prints a birth month "1982-04" as 1982 年 4 月: look for both forms.
        mine = [(v, month(v) if re.fullmatch(r"\d{4}-\d{2}", v) else v)
                for p, v in private_values(books) if p.startswith(f"{book.slug}/") and isinstance(v, str)]
        assert mine and [v for v in mine if v[0] in public or v[1] in public] == []
        assert [v for v in mine if v[1] not in internal] == []


def test_internal_profile_has_every_private_value(sites, books):
    """Every private value of the test books is on its city page of the internal build."""
    missing = []
    for pointer, value in private_values(books):
        if isinstance(value, str):
            slug = pointer.split("/")[0]
            shown = month(value) if pointer.endswith("/birth") else value
            if shown not in read(sites["internal"] / "cities" / slug / "index.html"):
                missing.append(pointer)
    assert missing == []


def test_ages_only_in_internal(sites):
    """The people table has an age column in the internal build only."""
    public = article(sites["public"], "cities/shijiazhuang/index.html")
    internal = article(sites["internal"], "cities/shijiazhuang/index.html")
    assert "<th>年龄</th>" not in public
    assert "<th>年龄</th>" in internal and "<td>46</td>" in internal


def test_api_json_follows_the_profile(sites):
    """api/cities.json holds every book; private keys only in the internal build."""
    public = json.loads(read(sites["public"] / "api" / "cities.json"))
    internal = json.loads(read(sites["internal"] / "api" / "cities.json"))
    assert [c["slug"] for c in public["cities"]] == ["shijiazhuang", "beijing", "xian"]
    assert public["profile"] == "public" and internal["profile"] == "internal"
    assert "id_number" not in public["cities"][0]["data"]["leader"]
    assert "age" not in public["cities"][0]["data"]["people"][0]
    assert internal["cities"][0]["data"]["leader"]["id_number"] == "130102197608121230"
    assert public["cities"][1]["status"] == "signed"


def test_internal_banner_noindex_and_title_on_every_page(sites):
    """Every HTML file of the internal build (404 included) carries the banner, asks search
    engines not to index it and has a title that starts with 内部; no public one does."""
    internal = list(sites["internal"].rglob("*.html"))
    assert len(internal) >= 17
    noindex = '<meta name="robots" content="noindex, nofollow">'
    assert [p for p in internal if INTERNAL_BANNER not in read(p)] == []
    assert [p for p in internal if noindex not in read(p)] == []
    assert [p for p in internal if "<title>内部｜" not in read(p)] == []
    assert "<title>内部｜页面不存在" in read(sites["internal"] / "404.html")
    public = list(sites["public"].rglob("*.html"))
    assert [p for p in public if INTERNAL_BANNER in read(p) or "noindex" in read(p)] == []


def test_city_pages_offer_a_pdf_with_the_sites_profile(sites, books):
    """Beside the .docx each city page offers a PDF (LibreOffice is installed here): the
    public one holds no private value, the internal one the leader's ID number."""
    for book in books:
        public = built_text(sites["public"] / "downloads" / f"{book.slug}-taskbook.pdf")
        internal = built_text(sites["internal"] / "downloads" / f"{book.slug}-taskbook.pdf")
        assert squash(book.task.name) in squash(public) and squash(book.task.name) in squash(internal)
        assert book.leader.id_number not in public and book.leader.id_number in squash(internal)
        html = read(sites["public"] / "cities" / book.slug / "index.html")
        assert f'href="../../downloads/{book.slug}-taskbook.pdf"' in html


def test_code_blocks_of_the_guide_keep_their_lines(sites):
    """The submission guide's commands inside list items stay code blocks, a line a command."""
    html = article(sites["public"], "guide/submit/index.html")
    blocks = [text_of(block) for block in re.findall(r"<pre[^>]*>(.*?)</pre>", html, re.S)]
    assert "git clone &lt;你的复刻地址&gt; taskbook\ncd taskbook\n".replace("&lt;", "<").replace("&gt;", ">") in blocks
    assert "scripts/bootstrap\n" in blocks


_URL_ATTRIBUTE = re.compile(r"""\b(?:src|href|action|poster|data)\s*=\s*["']?\s*((?:[a-z][a-z0-9+.-]*:)?//[^"'\s>]*)""", re.I)
_CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])\s*((?:https?:)?//[^"')\s]+)""", re.I)


@pytest.mark.parametrize("profile", ["public", "internal"])
def test_nothing_refers_to_an_outside_host(sites, profile):
    """No page, stylesheet or script of ours names another host in a URL it would load or
    link (the site's own address, its ``site_url``, is not another host)."""
    site = sites[profile]
    found = []
    for path in site.rglob("*.html"):
        found += [(path.name, url) for url in _URL_ATTRIBUTE.findall(read(path))
                  if not url.startswith(SITE_URL)]
    for path in site.rglob("*.css"):
        found += [(path.name, url) for url in _CSS_URL.findall(read(path))]
    for path in (site / "assets" / "taskbook").iterdir():
        found += [(path.name, url) for url in re.findall(r"https?://[^\s\"')]+", read(path))]
    assert found == []


def test_search_index_is_segmented_and_public(sites):
    """The search index holds the city pages' text in Chinese and no private value."""
    index = json.loads(read(sites["public"] / "search" / "search_index.json"))
    # Material segments Chinese with jieba and joins the words with zero-width spaces.
    assert "\\u200b" in index["config"]["separator"]
    locations = {doc["location"] for doc in index["docs"]}
    assert "cities/xian/" in locations
    text = "".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("cities/xian/"))
    assert "\u200b秦岭\u200b" in text
    assert "15829000001" not in json.dumps(index, ensure_ascii=False)


def test_sitemap_lists_every_page_and_no_private_data(sites):
    """With ``site_url`` set, the sitemap lists the full address of every page (and only
    page addresses)."""
    sitemap = read(sites["public"] / "sitemap.xml")
    assert "@example" not in sitemap and "1300" not in sitemap
    listed = sorted(unquote(loc) for loc in re.findall(r"<loc>(.*?)</loc>", sitemap))
    folders = (page.parent.relative_to(sites["public"]).as_posix()
               for page in sites["public"].rglob("index.html"))
    assert listed == sorted(SITE_URL + ("" if f == "." else f + "/") for f in folders)
    assert len(listed) >= 17


def test_city_pages_stay_out_of_the_navigation(sites):
    """City pages are linked from the indexes, not listed in the navigation tree."""
    links = re.findall(r'<a href="([^"]+)" class="md-nav__link', read(sites["public"] / "index.html"))
    assert "cities/" in links and "provinces/" in links
    assert [link for link in links if link.startswith("cities/") and link != "cities/"] == []
