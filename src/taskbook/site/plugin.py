"""The MkDocs plugin ``taskbook``: a thin adapter from MkDocs events to the page renderer.

- ``on_config``: make a fresh context (schema, form, reader) for this build; set the
  Markdown extensions the validator reads bodies with; serve our stylesheet and script.
- ``on_files``: validate the books (errors stop the build with the same diagnostics as
  ``taskbook validate``; while serving, they replace the site by a page listing them),
  render every page and each city's printable document, and add them with
  ``File.generated``.
- ``on_page_content``: sanitize the HTML of every page before the search index sees it.
- ``on_post_page`` / ``on_post_template``: the internal profile's banner on every page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
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
from taskbook.paths import slug_of
from taskbook.reporters import text as text_report
from taskbook.site import broken, documents, history
from taskbook.site.config import TaskbookConfig
from taskbook.site.model import Download
from taskbook.site.render import ASSET_DIR, INTERNAL_BANNER, render
from taskbook.site.sanitize import sanitize

log = logging.getLogger("mkdocs.plugins.taskbook")
_BODY = re.compile(r"<body\b[^>]*>")
_BANNER = f'<div class="tb-internal-banner" role="note">{INTERNAL_BANNER}</div>'
_NOT_IN_NAV = ("cities/", "provinces/", "status/")


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
        self.context = Context.load()
        # The pages render book bodies with the very Markdown the validator reads them
        # with (taskbook.bodytext), so both agree on headings, raw HTML and links.
        extra = [str(name) for name in config.markdown_extensions if name not in EXTENSIONS]
        if extra:
            log.warning(f"mkdocs.yml 的 markdown_extensions 含有 {'、'.join(extra)}：任务书正文按 "
                        "taskbook 校验时的设置显示，请删去这些扩展。")
        config.markdown_extensions[:] = list(EXTENSIONS)
        for name, options in EXTENSION_CONFIGS.items():
            config.mdx_configs.setdefault(name, {}).update(options)
        css, script = f"{ASSET_DIR}/taskbook.css", f"{ASSET_DIR}/sortable.js"
        if css not in config.extra_css:
            config.extra_css.append(css)
        if all(str(item) != script for item in config.extra_javascript):
            config.extra_javascript.append(script)
        return config

    def cities_dir(self, config: MkDocsConfig) -> Path:
        """The folder of task books, relative to ``mkdocs.yml`` (and to the working folder
        when inside it, so that diagnostics name files as ``taskbook validate`` does)."""
        folder = (Path(config.config_file_path or ".").parent / self.config.cities).resolve()
        try:
            return folder.relative_to(Path.cwd().resolve())
        except ValueError:
            return folder

    def downloads(self, sources: Sequence[TaskBook]) -> Mapping[str, Sequence[Download]]:
        """Files offered on each city page (slug → downloads): its printable task book."""
        if not self.config.downloads:
            return {}
        return {book.slug: [documents.download(book.slug, self.config.profile)] for book in sources}

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
        commits = history.read(cities) if self.config.git_history else {}
        home = files.get_file_from_path("index.md")
        pages = render(
            sources,
            context,
            self.config.profile,
            home=home.content_string if home is not None else None,
            history=commits,
            downloads=self.downloads(sources),
        )
        if home is not None:
            files.remove(home)
        for uri, content in pages.items():
            if files.get_file_from_path(uri) is not None:
                where = f"{Path(config.docs_dir).name}/{uri}"
                raise PluginError(f"{where} 与自动生成的页面同名：请改名或删除 {where}。")
            inclusion = (InclusionLevel.NOT_IN_NAV if uri.startswith(_NOT_IN_NAV)
                         else InclusionLevel.UNDEFINED)
            files.append(File.generated(config, uri, content=content, inclusion=inclusion))
        if self.config.downloads:
            cache_dir = repository / self.config.cache_dir / "documents"
            made = documents.Documents(context, cache_dir)
            for book in sources:
                content = made.docx(book, self.config.profile)
                files.append(File.generated(config, documents.site_path(book.slug), content=content))
        log.info(f"taskbook：{len(sources)} 份任务书，{self.config.profile} 版本。")
        return files

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
        """Put the internal profile's banner at the top of every page."""
        return self._banner(output)

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        """The banner on theme pages too (404.html)."""
        return self._banner(output_content) if template_name.endswith(".html") else output_content

    def _banner(self, output: str) -> str:
        if self.config.profile != "internal":
            return output
        return _BODY.sub(lambda match: match.group(0) + _BANNER, output, count=1)

