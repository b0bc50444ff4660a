"""The MkDocs plugin and the build/serve commands: configuration, errors, strictness."""

from __future__ import annotations

import logging
import shutil

import pytest
from click.testing import CliRunner
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, get_files
from site_helpers import BOOKS, ROOT, make_project

from taskbook.cli import cli, main
from taskbook.site.build import SiteError, build, default_site_dir
from taskbook.site.plugin import TaskbookPlugin


def test_repository_config_loads_without_warnings(caplog):
    """mkdocs.yml of the repository loads cleanly and enables search and taskbook."""
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert list(config.plugins) == ["material/search", "taskbook"]
    assert config.theme["language"] == "zh" and config.theme["font"] is False
    assert config.plugins["taskbook"].config.profile == "public"


def test_bundled_books_build_strictly(tmp_path, monkeypatch):
    """`mkdocs build --strict` passes on the repository's own books, docs and nav."""
    monkeypatch.chdir(ROOT)
    site = build(ROOT / "mkdocs.yml", site_dir=tmp_path / "site", strict=True)
    assert (site / "cities" / "index.html").is_file()
    assert (site / "reference" / "codes" / "index.html").is_file()


def test_invalid_book_stops_the_build_with_located_diagnostics(tmp_path, monkeypatch):
    """A book with an error stops the build; the error names the file, line and code."""
    books = tmp_path / "books"
    shutil.copytree(BOOKS, books)
    path = books / "xian" / "taskbook.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('postcode: "610000"', "postcode: 610000"), encoding="utf-8")
    line = text[:text.index('postcode: "610000"')].count("\n") + 1
    project = make_project(tmp_path / "project", books, git=False)
    monkeypatch.chdir(project)
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["taskbook"]
    with pytest.raises(PluginError) as caught:
        plugin.on_files(Files([]), config=config)
    message = str(caught.value)
    assert message.startswith("任务书有 1 个错误，网站未生成。")
    assert f"cities/xian/taskbook.md:{line}:13: error: 「牵头单位信息 › 邮政编码」的值 610000 没有加引号" in message
    assert message.rstrip().endswith("[value-needs-quotes]\n共检查 3 个文件：1 个错误，0 个警告。".rstrip())
    assert not (tmp_path / "site").exists()


def test_cli_build_reports_errors_and_exits_1(tmp_path, monkeypatch, capsys):
    """`taskbook build` prints the diagnostics and exits 1 when a book has errors."""
    books = tmp_path / "books"
    shutil.copytree(BOOKS, books)
    path = books / "beijing" / "taskbook.md"
    path.write_text(path.read_text(encoding="utf-8").replace("seq: 2\n", "seq: 1\n"), encoding="utf-8")
    project = make_project(tmp_path / "project", books, git=False)
    monkeypatch.chdir(project)
    assert main(["build", "--site-dir", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "错误：任务书有" in err and "cities/beijing/taskbook.md:" in err and "[task-id-seq]" in err
    assert err.rstrip().endswith("网站未生成。请按上面的提示修改后重试。")


def test_cli_build_without_config_file_says_where_to_run(tmp_path, monkeypatch, capsys):
    """Outside the repository, `taskbook build` explains what is missing and exits 1."""
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 1
    assert "找不到网站配置文件 mkdocs.yml：请在任务书仓库的根目录运行" in capsys.readouterr().err


def test_site_error_for_config_without_plugin(tmp_path):
    """A mkdocs.yml without the taskbook plugin is refused with a hint."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    with pytest.raises(SiteError, match="没有启用 taskbook 插件"):
        build(tmp_path / "mkdocs.yml")


@pytest.mark.parametrize("command", ["build", "serve"])
def test_commands_have_chinese_help(command):
    """`taskbook build --help` and `serve --help` describe every option in Chinese."""
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "--profile" in result.output and "内部" in result.output


def test_page_content_is_sanitized():
    """The plugin removes scripts, event handlers and outside images from page HTML."""
    html = ('<p onclick="x()">正文<script>alert(1)</script></p>'
            '<img src="https://example.com/a.png"><img src="a.png" alt="图">'
            '<a href="javascript:alert(1)">链接</a><iframe src="x"></iframe>')
    cleaned = TaskbookPlugin().on_page_content(html, page=None, config=None, files=None)
    assert cleaned == ('<p>正文</p><img><img src="a.png" alt="图">'
                       '<a rel="noopener noreferrer">链接</a>')


def test_outside_images_are_dropped_however_the_tag_is_spelled():
    """<IMG> and <image> (which HTML reads as <img>) lose an outside source too; a page
    without images keeps every attribute the allow-list names."""
    from taskbook.site.sanitize import sanitize

    assert sanitize('<p><image src="http://x.example/a.png"><IMG SRC="//x.example/b.png">'
                    '<Img src="c.png"></p>') == '<p><img><img><img src="c.png"></p>'
    assert sanitize('<table><tr><td colspan="2" style="width: 3em">甲</td></tr></table>') == (
        '<table><tbody><tr><td colspan="2" style="width:3em">甲</td></tr></tbody></table>')


def test_banner_only_for_internal():
    """The banner goes right after <body> in the internal profile only."""
    plugin = TaskbookPlugin()
    plugin.load_config({"profile": "internal"})
    page = '<html><body class="x"><p>页</p></body></html>'
    assert plugin.on_post_page(page, page=None, config=None) == (
        '<html><body class="x"><div class="tb-internal-banner" role="note">'
        "内部版本，含个人信息，请勿外传</div><p>页</p></body></html>")
    plugin.load_config({"profile": "public"})
    assert plugin.on_post_page(page, page=None, config=None) == page


def test_profile_comes_from_the_environment_in_mkdocs_yml(monkeypatch):
    """mkdocs.yml reads TASKBOOK_PROFILE, which `taskbook serve` sets."""
    monkeypatch.setenv("TASKBOOK_PROFILE", "internal")
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    assert config.plugins["taskbook"].config.profile == "internal"


def test_internal_site_goes_to_its_own_folder():
    """Without --site-dir the internal build goes to site-internal, never to site."""
    assert default_site_dir("/repo/site", "internal") == "/repo/site-internal"
    assert default_site_dir("/repo/site", "public") == "/repo/site"


def test_hand_written_page_may_not_shadow_a_generated_one(tmp_path, monkeypatch):
    """A docs/ file with the path of a generated page stops the build, naming the file."""
    project = make_project(tmp_path / "project", git=False)
    (project / "docs" / "terms.md").write_text("# 自己写的\n", encoding="utf-8")
    monkeypatch.chdir(project)
    config = load_config(config_file=str(project / "mkdocs.yml"))
    with pytest.raises(PluginError) as caught:
        config.plugins.on_files(get_files(config), config=config)
    assert str(caught.value) == "docs/terms.md 与自动生成的页面同名：请改名或删除 docs/terms.md。"


def test_site_url_comes_from_the_environment_in_mkdocs_yml(monkeypatch):
    """mkdocs.yml reads site_url from TASKBOOK_SITE_URL; unset, there is none."""
    monkeypatch.delenv("TASKBOOK_SITE_URL", raising=False)
    assert load_config(config_file=str(ROOT / "mkdocs.yml")).site_url is None
    monkeypatch.setenv("TASKBOOK_SITE_URL", "https://example.github.io/taskbook/")
    assert load_config(config_file=str(ROOT / "mkdocs.yml")).site_url == "https://example.github.io/taskbook/"


def test_pages_workflow_builds_with_site_url_libreoffice_and_fonts():
    """The Pages workflow installs LibreOffice and the fonts (PDFs), and gives the build the
    published address (sitemap, 404 under /<repo>/)."""
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    install = next(step["run"] for step in steps if "apt-get install" in step.get("run", ""))
    for package in ("libreoffice-writer", "fonts-noto-cjk", "fonts-liberation2"):
        assert package in install
    build = next(step for step in steps if "taskbook build" in step.get("run", ""))
    assert "github.io" in build["env"]["TASKBOOK_SITE_URL"]
    assert "vars.SITE_URL" in build["env"]["TASKBOOK_SITE_URL"]


def _broken_project(tmp_path):
    """A project whose xian book has a postcode without quotes; its line."""
    books = tmp_path / "books"
    shutil.copytree(BOOKS, books)
    path = books / "xian" / "taskbook.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('postcode: "610000"', "postcode: 610000"), encoding="utf-8")
    return make_project(tmp_path / "project", books, git=False), text[:text.index('postcode: "610000"')].count("\n") + 1


def test_serving_a_broken_book_publishes_its_diagnostics(tmp_path, monkeypatch):
    """While serving, a book's errors replace the site by a page listing them (at home and
    at the book's own page) instead of stopping the build."""
    project, line = _broken_project(tmp_path)
    monkeypatch.chdir(project)
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    home = files.get_file_from_path("index.md")
    assert home is not None and home.generated_by == "taskbook"
    content = home.content_string
    assert content.startswith("# 任务书有错误，网站预览暂停\n")
    assert (f"- **cities/xian/taskbook.md:{line}:13**（错误，第 {line} 行第 13 列）："
            "「牵头单位信息 › 邮政编码」的值 610000 没有加引号") in content
    assert files.get_file_from_path("cities/xian.md").content_string == content
    assert files.get_file_from_path("cities/beijing.md") is None


def test_serve_shows_errors_then_the_site_once_fixed(tmp_path):
    """`taskbook serve` with a broken book answers at once with the diagnostics (MkDocs
    alone would hold every request), and rebuilds into the site when the book is fixed."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    project, line = _broken_project(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "taskbook", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def page_until(path, condition, what):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + path, timeout=10) as answer:
                    page = answer.read().decode("utf-8")
                if condition(page):
                    return page
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"the server never showed {what}")

    try:
        for path in ("", "cities/xian/"):
            page = page_until(path, lambda page: "任务书有错误" in page, f"the diagnostics at /{path}")
            assert f"cities/xian/taskbook.md:{line}:13" in page and "没有加引号" in page
        book = project / "cities" / "xian" / "taskbook.md"
        book.write_text(book.read_text(encoding="utf-8").replace("postcode: 610000", 'postcode: "610000"'),
                        encoding="utf-8")
        page = page_until("cities/xian/", lambda page: "任务书有错误" not in page, "the city page")
        assert "西安市" in page and "610000" in page
    finally:
        server.terminate()
        server.wait(timeout=30)
