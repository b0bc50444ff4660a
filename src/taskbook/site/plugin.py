"""The MkDocs plugin ``taskbook``: a thin adapter from MkDocs events to the page renderer.

- ``on_config``: make a fresh context (schema, form, reader) for this build; set the
  Markdown extensions the validator reads bodies with; serve our stylesheet and scripts;
  put our templates (the Chinese 404 page) before the theme's.
- ``on_files``: validate the books (errors stop the build with the same diagnostics as
  ``taskbook validate``; while serving, they replace the site by a page listing them),
  build each city's printable documents (.docx, and PDF where LibreOffice is installed),
  render every page, and add them with ``File.generated``.
- ``on_page_content``: sanitize the HTML of every page before the search index sees it.
- ``on_post_page`` / ``on_post_template``: in the internal profile, on every page: the
  banner, ``noindex`` and a 内部 prefix on the title.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from taskbook.bodytext import EXTENSION_CONFIGS, EXTENSIONS
from taskbook.book import TaskBook
from taskbook.checker import Report, validate
from taskbook.context import Context
from taskbook.lifecycle.dates import ENVIRONMENT, check_date
from taskbook.lifecycle.programme import PROGRAMME_FILE
from taskbook.lifecycle.programme import read as read_programme
from taskbook.lifecycle.records import CityRecords
from taskbook.paths import slug_of
from taskbook.reporters import text as text_report
from taskbook.site import broken, documents, history
from taskbook.site.config import TaskbookConfig
from taskbook.site.lifecycle import Lifecycle, summary_files
from taskbook.site.model import Download
from taskbook.site.render import (
    ASSET_DIR,
    ASSETS,
    INTERNAL_ASSETS,
    INTERNAL_BANNER,
    NOT_IN_NAV,
    render,
)
from taskbook.site.sanitize import sanitize
from taskbook.webform import site as fill

log = logging.getLogger("mkdocs.plugins.taskbook")
_BODY = re.compile(r"<body\b[^>]*>")
_HEAD = re.compile(r"<head\b[^>]*>")
_TITLE = re.compile(r"<title>")
_BANNER = f'<div class="tb-internal-banner" role="note">{INTERNAL_BANNER}</div>'
_NOINDEX = '<meta name="robots" content="noindex, nofollow">'
INTERNAL_TITLE = "内部｜"
"""What the title of every internal page starts with (tabs, bookmarks, history)."""


class TaskbookPlugin(BasePlugin[TaskbookConfig]):  # type: ignore[no-untyped-call]  # as above
    """Publish the task books of ``cities/`` as pages of the MkDocs site."""

    context: Context | None = None
    serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether MkDocs serves: a broken book then shows its diagnostics."""
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """A fresh context; the body's Markdown set-up; our stylesheet and script."""
        # mkdocs serve re-runs the build in the same process: read the schema afresh.
        # Lifecycle: TASKBOOK_TODAY fixes the date reports are checked and shown by.
        try:
            today = check_date(os.environ.get(ENVIRONMENT)) if os.environ.get(ENVIRONMENT) else None
        except ValueError as error:
            raise PluginError(str(error)) from None
        self.context = Context.load(today=today)
        # The pages render book bodies with the very Markdown the validator reads them
        # with (taskbook.bodytext), so both agree on headings, raw HTML and links.
        extra = [str(name) for name in config.markdown_extensions if name not in EXTENSIONS]
        if extra:
            log.warning(f"mkdocs.yml 的 markdown_extensions 含有 {'、'.join(extra)}：任务书正文按 "
                        "taskbook 校验时的设置显示，请删去这些扩展。")
        config.markdown_extensions[:] = list(EXTENSIONS)
        for name, options in EXTENSION_CONFIGS.items():
            config.mdx_configs.setdefault(name, {}).update(options)
        internal = INTERNAL_ASSETS if self.config.profile == "internal" else ()
        for name in ASSETS + internal:
            path = f"{ASSET_DIR}/{name}"
            if name.endswith(".css") and path not in config.extra_css:
                config.extra_css.append(path)
            if name.endswith(".js") and all(str(item) != path for item in config.extra_javascript):
                config.extra_javascript.append(path)
        theme = str(resources.files("taskbook.site").joinpath("theme"))
        if theme not in config.theme.dirs:
            config.theme.dirs.insert(0, theme)
        return config

    def cities_dir(self, config: MkDocsConfig) -> Path:
        """The folder of task books, relative to ``mkdocs.yml`` (and to the working folder
        when inside it, so that diagnostics name files as ``taskbook validate`` does)."""
        folder = (Path(config.config_file_path or ".").parent / self.config.cities).resolve()
        try:
            return folder.relative_to(Path.cwd().resolve())
        except ValueError:
            return folder

    def build_documents(self, sources: Sequence[TaskBook], context: Context,
                  repository: Path) -> list[documents.Built]:
        """Each city's printable task book: .docx, and PDF where LibreOffice is installed."""
        if not self.config.downloads:
            return []
        from taskbook.export.pdf import find_soffice

        soffice = find_soffice() if self.config.pdf else None
        if self.config.pdf and soffice is None:
            log.info("taskbook：未找到 LibreOffice，城市页面只提供 Word 文件（安装 libreoffice-writer 后可同时提供 PDF）。")
        made = documents.Documents(context, repository / self.config.cache_dir / "documents",
                                   soffice=soffice)
        return made.build(sources, self.config.profile)

    def downloads(self, built: Sequence[documents.Built]) -> Mapping[str, Sequence[Download]]:
        """Files offered on each city page (slug → downloads), in the site's profile."""
        return {item.slug: [documents.download(item.slug, self.config.profile, kind)
                            for kind in documents.KINDS if kind in item.documents]
                for item in built}

    def lifecycle(self, records: Mapping[str, CityRecords], books: Sequence[TaskBook],
                  context: Context, repository: Path) -> tuple[Lifecycle, dict[str, bytes]]:
        """Lifecycle: the records, the programme, the build's date and the latest summaries.

        The date is today, or ``TASKBOOK_TODAY`` (``YYYY-MM-DD``), so that a rebuild every
        day turns reports overdue without a push, and tests see a fixed day.
        """
        programme, problems = read_programme(repository / PROGRAMME_FILE, context.records.programme)
        if problems:
            raise PluginError(f"{PROGRAMME_FILE} 有误，网站未生成：{problems[0].message}")
        made = Lifecycle(records, programme, context.date)
        cache = repository / self.config.cache_dir / "documents"
        summaries = (summary_files(made, books, self.config.profile, cache)
                     if self.config.downloads else [])
        return replace(made, downloads=tuple((label, path) for label, path, _ in summaries)), {
            path: data for _, path, data in summaries}

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Validate the books, render the pages and add them to the build."""
        cities = self.cities_dir(config)
        if not cities.is_dir():
            raise PluginError(f"找不到任务书文件夹 {cities}：请在 mkdocs.yml 的 taskbook 插件中设置 cities。")
        context = self.context or Context.load()
        repository = Path(config.config_file_path or ".").parent
        report = validate([cities], context=context, keep_books=True, repository=repository)
        sources = report.books
        if (report.errors or report.failures) and self.serving:
            return self._broken(files, config, report)
        if report.failures:
            raise PluginError("\n".join(report.failures))
        if report.errors:
            raise PluginError(f"任务书有 {report.errors} 个错误，网站未生成。请先改正（可运行 taskbook validate 复查）：\n"
                              + text_report(report).rstrip("\n"))
        for diagnostic in report.diagnostics:
            log.info(f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}: {diagnostic.message}")
        approved = history.read(cities) if self.config.git_history else {}
        built = self.build_documents(sources, context, repository)
        home = files.get_file_from_path("index.md")
        lifecycle, summaries = self.lifecycle(report.records, sources, context, repository)
        pages = render(
            sources,
            context,
            self.config.profile,
            home=home.content_string if home is not None else None,
            approved=approved,
            downloads=self.downloads(built),
            lifecycle=lifecycle,
        )
        pages.update(summaries)
        if home is not None:
            files.remove(home)
        for uri, content in pages.items():
            if files.get_file_from_path(uri) is not None:
                where = f"{Path(config.docs_dir).name}/{uri}"
                raise PluginError(f"{where} 与自动生成的页面同名：请改名或删除 {where}。")
            inclusion = (InclusionLevel.NOT_IN_NAV if uri.startswith(NOT_IN_NAV)
                         else InclusionLevel.UNDEFINED)
            files.append(File.generated(config, uri, content=content, inclusion=inclusion))
        for item in built:
            for kind, content in item.documents.items():
                files.append(File.generated(config, documents.site_path(item.slug, kind),
                                            content=content))
        if self.config.fill:
            self.add_fill(files, config, context, repository)
        log.info(f"taskbook：{len(sources)} 份任务书，{self.config.profile} 版本。")
        return files

    def add_fill(self, files: Files, config: MkDocsConfig, context: Context, repository: Path) -> None:
        """在线填写: its page, its files and the vendored Pyodide (see taskbook.webform)."""
        from taskbook.webform.vendor import VendorError, check

        vendor, unavailable = None, None
        try:
            vendor = check(repository / self.config.vendor)
        except VendorError as error:
            unavailable = str(error)
            log.warning(unavailable)
        options = fill.Options(self.config.repo_url, self.config.repo_branch)
        cache = repository / self.config.cache_dir / "webform"
        for uri, content in fill.render(context, vendor, options, unavailable, cache).items():
            files.append(File.generated(config, uri, content=content))
        for uri, path in fill.copies(vendor).items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))

    def _broken(self, files: Files, config: MkDocsConfig, report: Report) -> Files:
        """While serving: the diagnostics page at home and at each broken book's page."""
        log.info(f"任务书有 {report.errors} 个错误，预览只显示错误列表：\n" + text_report(report).rstrip("\n"))
        content = broken.page(report)
        home = files.get_file_from_path("index.md")
        if home is not None:
            files.remove(home)
        files.append(File.generated(config, "index.md", content=content))
        for slug in sorted({slug for d in report.diagnostics if (slug := slug_of(d.file)) is not None}):
            uri = f"cities/{slug}.md"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=content,
                                            inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Sanitize every page's HTML (before the search plugin indexes it)."""
        return sanitize(html)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Mark every internal page (banner, noindex, 内部 in the title); 在线填写's script."""
        if self.config.fill and page is not None and page.file.src_uri == fill.PAGE:
            output = fill.inject(output, page.url)
        return self._internal(output)

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        """The same on theme pages (404.html)."""
        return self._internal(output_content) if template_name.endswith(".html") else output_content

    def _internal(self, output: str) -> str:
        if self.config.profile != "internal":
            return output
        output = _HEAD.sub(lambda match: match.group(0) + _NOINDEX, output, count=1)
        output = _TITLE.sub("<title>" + INTERNAL_TITLE, output, count=1)
        return _BODY.sub(lambda match: match.group(0) + _BANNER, output, count=1)

