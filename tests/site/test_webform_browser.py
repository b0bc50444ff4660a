"""在线填写 end to end: the built site in Debian's chromium, Pyodide and all, on 127.0.0.1.

Each test opens the page in a fresh browser context (its own storage and service worker),
so a test sees the page as a first visit does; loading Pyodide takes some seconds each time.
"""

from __future__ import annotations

import base64
import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

import patches
from expectations import AUDIT_CODES, IMPORT_CODES
from taskbook.cli import cli
from taskbook.rules import id_check_character

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
INVALID = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"
LOAD = 120_000  # ms: Pyodide's first start on a busy two-core machine


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(sites: dict[str, Path]) -> Iterator[str]:
    """The public site over http on a free port of 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(sites["public"]))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


REPO = "https://github.com/example/taskbooks"


class Visit:
    """A browser context on the site, recording every request it makes.

    The site is built without a repository address; the context's ``form.json`` carries
    :data:`REPO`, and GitHub is a stub page here: no test reaches github.com.
    """

    def __init__(self, browser: Browser, server: str, width: int = 1366) -> None:
        self.server = server
        self.requests: list[str] = []
        self.context: BrowserContext = browser.new_context(
            viewport={"width": width, "height": 900}, locale="zh-CN", accept_downloads=True)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"])
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.route("**/fill/form.json", self._with_repository)
        self.context.route("https://github.com/**", lambda route: route.fulfill(body="GitHub"))
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.page.on("dialog", lambda dialog: dialog.accept())

    @staticmethod
    def _with_repository(route) -> None:
        answer = route.fetch()
        settings = answer.json()
        settings["site"]["repo_url"] = REPO
        route.fulfill(response=answer, json=settings)

    def github(self) -> tuple[str, str]:
        """Click 在 GitHub 上提交: the address opened and the note the page shows."""
        with self.context.expect_page() as opened:
            self.page.get_by_role("button", name="在 GitHub 上提交").click()
        url = opened.value.url
        opened.value.close()
        return url, self.page.locator(".tb-leave-note").inner_text()

    def open(self) -> Page:
        """Open 在线填写 and wait until its Python is ready."""
        self.page.goto(self.server + "fill/")
        self.page.wait_for_selector("#tb-fill[data-python=ready]", timeout=LOAD)
        return self.page

    def outside(self) -> list[str]:
        """Requests that left 127.0.0.1."""
        return [url for url in self.requests if urlsplit(url).scheme not in ("data", "blob")
                and urlsplit(url).hostname != "127.0.0.1"]


@pytest.fixture
def visit(browser: Browser, server: str) -> Iterator[Visit]:
    """A fresh browser context (first visit: no storage, no service worker)."""
    opened = Visit(browser, server)
    try:
        yield opened
    finally:
        opened.context.close()


def checked(page: Page) -> None:
    """Wait for the check that follows the latest edit."""
    page.wait_for_timeout(400)  # the page waits 350 ms after typing before it checks
    page.wait_for_selector("#tb-fill[data-state=checked]")


def put(page: Page, pointer: str, value: str) -> None:
    """Type ``value`` into the field bound to ``pointer`` (or choose it)."""
    control = page.locator(f'.tb-form [data-pointer="{pointer}"]').last
    tag = control.evaluate("node => node.getAttribute('role') || node.tagName.toLowerCase()")
    if tag == "radiogroup":
        # By keyboard: a click may land on the theme's back-to-top button floating above.
        control.locator(f'input[value="{value}"]').focus()
        page.keyboard.press("Space")
    elif tag == "select":
        control.select_option(value)
    else:
        control.fill(value)


def error_at(page: Page, pointer: str) -> str:
    """The error text shown at a field, after checking its input's ARIA wiring."""
    field = page.locator(f'.tb-form .tb-field[data-pointer="{pointer}"]')
    control = field.locator(f'[data-pointer="{pointer}"]')
    message = field.locator(":scope > .tb-error")
    if not message.is_visible():
        return ""
    assert control.get_attribute("aria-invalid") == "true"
    assert message.get_attribute("id") in (control.get_attribute("aria-describedby") or "").split()
    return message.inner_text()


def _id_number(birth: str, sex: str) -> str:
    first = f"610402{birth.replace('-', '')}1512{'3' if sex == '男' else '4'}"
    return first + id_check_character(first)


LEADER_ID = _id_number("1978-06", "女")
NEW_BOOK = {
    "/lead_unit/name": "咸阳市环境科学研究所（示例）",
    "/lead_unit/address": "陕西省咸阳市秦都区示例路 1 号",
    "/lead_unit/postcode": "712000",
    "/lead_unit/contact/name": "韩立新",
    "/lead_unit/contact/department": "大气环境研究室",
    "/lead_unit/contact/position": "主任",
    "/lead_unit/contact/phone": "029-33210001",
    "/lead_unit/contact/fax": "029-33210002",
    "/lead_unit/contact/mobile": "13991000001",
    "/lead_unit/contact/email": "hanlx@example.org.cn",
    "/participants/0/name": "咸阳师范学院（示例）",
    "/participants/0/leader": "马春燕",
    "/leader/name": "周雅琴",
    "/leader/birth": "1978-06",
    "/leader/degree": "博士",
    "/leader/sex": "女",
    "/leader/title": "研究员",
    "/leader/specialty": "环境科学",
    "/leader/unit": "咸阳市环境科学研究所（示例）",
    "/leader/phone": "029-33210010",
    "/leader/email": "zhouyq@example.org.cn",
    "/staff/total": "12",
    "/staff/by_title/senior": "4", "/staff/by_title/intermediate": "5",
    "/staff/by_title/junior": "2", "/staff/by_title/other": "1",
    "/staff/by_degree/doctor": "5", "/staff/by_degree/master": "4",
    "/staff/by_degree/bachelor": "2", "/staff/by_degree/other": "1",
    "/province_contact/name": "武建国", "/province_contact/position": "处长",
    "/province_contact/mobile": "13772000001", "/province_contact/fax": "029-86280001",
    "/city_contact/name": "杨秀芳", "/city_contact/position": "副局长",
    "/city_contact/mobile": "18691000001", "/city_contact/fax": "029-33200001",
    "/person_months": "144",
    "/expected_results": "排放清单、问题清单、案例库、减排方案和综合解决方案。",
    "/indicators": "按期提交各项成果，按季度报送进展。",
    "/people/0/name": "周雅琴", "/people/0/sex": "女", "/people/0/age": "43",
    "/people/0/unit": "咸阳市环境科学研究所（示例）", "/people/0/title": "研究员",
    "/people/0/specialty": "环境科学", "/people/0/duty": "统筹协调", "/people/0/person_months": "24",
    "/cooperation/0/unit": "咸阳市环境科学研究所（示例）", "/cooperation/0/duty": "牵头，总体协调",
    "/funding/0/funder": "咸阳市人民政府", "/funding/0/amount": "150", "/funding/0/source": "地方财政资金",
    **{f"/quarters/{n}/{key}": f"第 {n + 1} 季度的{text}。" for n in range(8)
       for key, text in (("plan", "工作计划"), ("indicators", "考核指标"))},
}


def start_blank(page: Page) -> None:
    """A new city's book from the blank skeleton, as ``taskbook new`` writes it."""
    for name, value in (("name", "咸阳市"), ("province", "陕西省"), ("seq", "34"), ("slug", "xianyang")):
        page.fill(f"#tb-start-{name}", value)
    page.get_by_role("button", name="生成空白任务书").click()
    page.wait_for_selector("#tb-fill[data-state=checked]")


def test_fill_a_new_book_from_blank_and_download_it_valid(visit: Visit, tmp_path: Path, monkeypatch):
    """From blank: a bad ID check digit and an over-long 研究内容 are told at their fields in
    Chinese; once fixed, the download passes ``taskbook validate``; a reload finds the draft,
    and 清除草稿 removes it. Nothing is requested from outside 127.0.0.1."""
    page = visit.open()
    start_blank(page)
    assert page.locator(".tb-form textarea[data-block='s0p0']").input_value() == ""  # no prompt as content
    for pointer, value in NEW_BOOK.items():
        put(page, pointer, value)
    put(page, "/leader/id_number", LEADER_ID[:-1] + ("0" if LEADER_ID[-1] != "0" else "1"))
    put(page, "/research_summary", "研究" * 151)
    checked(page)
    assert "身份证号码」校验位不对" in error_at(page, "/leader/id_number")
    assert "「研究内容」有 302 字（不计空白），超过 300 字" in error_at(page, "/research_summary")

    put(page, "/leader/id_number", LEADER_ID)
    put(page, "/research_summary", "围绕咸阳市 O3 和 PM2.5 协同控制开展跟踪研究。")
    checked(page)
    assert error_at(page, "/leader/id_number") == ""
    assert error_at(page, "/research_summary") == ""
    page.get_by_role("button", name="检查全部").click()
    assert page.locator(".tb-summary").inner_text() == "全部通过：可以下载并提交。", page.evaluate(
        "taskbookFill.state().result.diagnostics.map(d => `${d.code} ${d.pointer} ${d.message}`)")

    with page.expect_download() as downloaded:
        page.get_by_role("button", name="下载 taskbook.md").click()
    book = tmp_path / "cities" / "xianyang" / "taskbook.md"
    book.parent.mkdir(parents=True)
    downloaded.value.save_as(book)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--format", "json", "cities/xianyang/taskbook.md"])
    report = json.loads(result.output)
    assert (result.exit_code, report["errors"], report["warnings"]) == (0, 0, 0), report
    assert f'id_number: "{LEADER_ID}"' in book.read_text(encoding="utf-8")

    # A whole book is too long for an address: copied, then GitHub's new-file page opens.
    url, note = visit.github()
    assert url == f"{REPO}/new/main?filename=cities%2Fxianyang%2Ftaskbook.md"
    assert note.startswith("全文已复制。在打开的 GitHub 新建文件页面的编辑框中粘贴")
    assert page.evaluate("navigator.clipboard.readText()") == book.read_text(encoding="utf-8")
    outside = [url for url in visit.outside() if not url.startswith(REPO + "/")]
    assert outside == []

    page.reload()
    page.wait_for_selector("#tb-fill[data-python=ready]", timeout=LOAD)
    assert page.locator('.tb-form input[data-pointer="/leader/id_number"]').input_value() == LEADER_ID
    assert "已恢复" in page.locator(".tb-saved").inner_text()
    page.get_by_role("button", name="清除草稿").click()
    assert page.evaluate("localStorage.getItem('taskbook-fill-draft')") is None
    assert page.locator(".tb-start").is_visible() and page.locator(".tb-form").is_hidden()


def test_changing_a_published_book_asks_for_a_change_record(visit: Visit):
    """A published city's book opens without personal values (marked to fill in); changing
    one quarter's plan asks for a 任务调整记录, and appending one answers it."""
    page = visit.open()
    page.focus("#tb-open-city")
    page.select_option("#tb-open-city", "xian")
    page.get_by_role("button", name="打开", exact=True).click()
    page.wait_for_selector("#tb-fill[data-state=checked]")
    assert page.locator('.tb-form input[data-pointer="/leader/name"]').input_value() == "张振华"
    assert page.locator('.tb-field[data-pointer="/leader/id_number"] .tb-gap').is_visible()
    assert page.locator(".tb-changes .tb-approved").is_visible()

    put(page, "/quarters/4/plan", "开展 2022 年夏季 O3 污染过程跟踪，增加走航观测。")
    checked(page)
    asked = page.locator(".tb-changes > .tb-group-errors")
    assert "没有在「任务调整记录」末尾追加一项" in asked.inner_text()

    page.get_by_role("button", name="追加一项调整记录").click()
    count = page.locator(".tb-changes .tb-item").count()
    put(page, f"/changes/{count - 1}/summary", "第 5 季度计划增加走航观测")
    put(page, f"/changes/{count - 1}/reason", "夏季 O3 污染过程需要立体观测")
    checked(page)
    assert not page.locator("[data-code=changes-missing]").count()
    url, note = visit.github()
    assert url == f"{REPO}/edit/main/cities/xian/taskbook.md"
    assert "全选原有内容（Ctrl+A），粘贴替换（Ctrl+V）" in note


def _single_book_cases() -> list[Path]:
    cases = []
    for case in sorted(INVALID.glob("*/*.yaml")):
        # The audit's and the Word import's cases are not books a page can open.
        if case.parent.name in (*AUDIT_CODES, *IMPORT_CODES):
            continue
        spec = patches.load(case)
        if "books" in spec or spec.get("directory"):
            continue
        cases.append(case)
    return cases


def test_the_page_and_the_command_line_give_the_same_diagnostics(visit: Visit, tmp_path, monkeypatch):
    """Every single-book invalid fixture gives, in the browser's Python, exactly the
    diagnostics of ``taskbook validate --format json`` (code, line, column, pointer, message)."""
    page = visit.open()
    monkeypatch.chdir(tmp_path)
    compared = 0
    for case in _single_book_cases():
        [(path, raw)] = patches.book_files(patches.load(case)).items()
        assert raw is not None
        target = tmp_path / case.parent.name / case.stem
        patches.write(target, {path: raw})
        monkeypatch.chdir(target)
        result = CliRunner().invoke(cli, ["validate", "--format", "json", path])
        expected = sorted((d["code"], d["line"], d["column"], d["pointer"], d["message"])
                          for d in json.loads(result.output)["diagnostics"])
        answer = page.evaluate("([data, path]) => taskbookFill.validate(data, path)",
                               [base64.b64encode(raw).decode("ascii"), path])
        found = sorted((d["code"], d["line"], d["column"], d["pointer"], d["message"])
                       for d in answer["diagnostics"])
        assert found == expected, case
        compared += 1
    assert compared >= 40


def _word(slug: str) -> tuple[bytes, int]:
    """The internal .docx ``taskbook export`` writes of a test city's book, with a row
    “备注” added to the information table; and that row's number."""
    import io

    import docx

    from taskbook.checker import check_paths
    from taskbook.context import Context
    from taskbook.export.docx import render_bytes

    context = Context.load()
    book = Path(__file__).resolve().parent / "fixtures" / "cities" / slug / "taskbook.md"
    report = check_paths([book], context=context, keep_books=True, jobs=1)
    document = docx.Document(io.BytesIO(render_bytes(report.books[0], context, "internal")))
    document.tables[0].add_row().cells[0].text = "备注"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), len(document.tables[0].rows)


def test_opening_files(visit: Visit):
    """An uploaded taskbook.md of a published city opens as an approved book; a Word file is
    read by the import's code and says what it could not place; a file that cannot be read
    says why, line by line (or, for Word, by its own words)."""
    page = visit.open()
    source = Path(__file__).resolve().parent / "fixtures" / "cities" / "shijiazhuang" / "taskbook.md"
    page.set_input_files("#tb-open-file", files=[{"name": "taskbook.md", "mimeType": "text/markdown",
                                                  "buffer": source.read_bytes()}])
    page.wait_for_selector("#tb-fill[data-state=checked]")
    assert page.locator('.tb-form input[data-pointer="/city/name"]').input_value() == "石家庄市"
    assert page.locator('.tb-form input[data-pointer="#slug"]').input_value() == "shijiazhuang"
    assert page.locator(".tb-changes .tb-approved").is_visible()
    assert page.locator(".tb-summary").inner_text() == "全部通过：可以下载并提交。"

    page.get_by_role("button", name="换一份任务书（新建、打开文件或修改已公布的任务书）").click()
    word, row = _word("xian")
    page.set_input_files("#tb-open-file", files=[{"name": "西安市任务书.docx", "mimeType": "application/octet-stream",
                                                  "buffer": word}])
    page.wait_for_selector(".tb-imported:not([hidden])")
    page.wait_for_selector("#tb-fill[data-state=checked]")
    assert page.locator('.tb-form input[data-pointer="/city/name"]').input_value() == "西安市"
    assert page.locator('.tb-form input[data-pointer="/leader/name"]').input_value() != ""
    assert page.locator(".tb-origin").inner_text() == "正在填写：从 Word 文件 西安市任务书.docx 读入的任务书。"
    assert page.locator(".tb-imported h2").inner_text() == "从 Word 读入"
    assert page.locator(".tb-imported p").inner_text() == (
        "已按任务书的栏目读入 Word 文件。以下 1 处文字对应不到任何栏目，没有读入：请对照 Word 文件核对，"
        "需要的内容请补填到相应栏目。")
    [unplaced] = page.locator(".tb-imported li").all_inner_texts()
    assert unplaced == f"第 1 个表格第 {row} 行第 1 格“备注”：对应不到信息表的任何栏目，未导入。"
    # The published city of that name: the folder is known, and a change needs a record.
    assert page.locator('.tb-form input[data-pointer="#slug"]').input_value() == "xian"

    page.get_by_role("button", name="换一份任务书（新建、打开文件或修改已公布的任务书）").click()
    page.set_input_files("#tb-open-file", files=[{"name": "任务书.docx", "mimeType": "application/octet-stream",
                                                  "buffer": b"PK\x03\x04"}])
    page.wait_for_selector(".tb-open-error:not([hidden])")
    assert page.locator(".tb-open-error p").inner_text() == "Word 文件未能读取，请按下列提示处理，或从空白任务书开始填写。"
    assert page.locator(".tb-open-error li").all_inner_texts() == [
        "任务书.docx 已损坏或不是 Word 文档（不是完好的 zip 压缩包：File is not a zip file）。请确认文件是能在 Word 或 "
        "WPS 中正常打开的 Word 文档（.docx 或 .doc）；其他格式请先在 Word 中“另存为”.docx 再导入。"]
    page.set_input_files("#tb-open-file", files=[{"name": "taskbook.md", "mimeType": "text/markdown",
                                                  "buffer": b"---\nname: [\n---\n"}])
    page.wait_for_function("document.querySelector('.tb-open-error').innerText.includes('YAML 语法错误')")
    assert page.locator(".tb-open-error").inner_text().startswith("文件无法作为任务书读取")


def test_after_one_visit_the_page_works_offline(visit: Visit):
    """The service worker keeps the page, the theme, Pyodide and the Python: with the
    network cut, a reload loads the form and checks a blank book."""
    page = visit.open()
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=LOAD)
    page.wait_for_function(
        """async () => {
             const names = await caches.keys();
             for (const name of names) {
               const cache = await caches.open(name);
               if (await cache.match('pyodide/pyodide.asm.wasm') && await cache.match('./')) return true;
             }
             return false;
           }""", timeout=LOAD, polling=500)
    page.wait_for_timeout(1000)  # the theme's files, handed to the worker after it started
    visit.context.set_offline(True)
    page.reload()
    page.wait_for_selector("#tb-fill[data-python=ready]", timeout=LOAD)
    start_blank(page)
    assert "待填写" in page.locator(".tb-summary").inner_text()
    assert page.locator("link[rel=stylesheet]").count() >= 2


def test_narrow_screen_and_labels(browser: Browser, server: str):
    """At 390 px the page does not scroll sideways, and every control has a label."""
    visit = Visit(browser, server, width=390)
    try:
        page = visit.open()
        start_blank(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        unlabelled = page.evaluate("""() => [...document.querySelectorAll(
              '#tb-fill input, #tb-fill select, #tb-fill textarea, #tb-fill [role=radiogroup]')]
            .filter(n => n.type !== 'radio' && n.type !== 'file' ? !(n.labels?.length
              || n.getAttribute('aria-label') || n.getAttribute('aria-labelledby')) : false)
            .map(n => n.outerHTML.slice(0, 80))""")
        assert unlabelled == []
        assert page.locator(".tb-live[aria-live=polite]").count() == 1
    finally:
        visit.context.close()
