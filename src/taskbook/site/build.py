"""``taskbook build`` and ``taskbook serve``: MkDocs with the taskbook plugin, from Python.

These wrap MkDocs' own build and serve so that the profile and the output folder can be
chosen on the command line; everything else comes from ``mkdocs.yml``.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from taskbook.site.model import PROFILES, Profile

_LEVELS = {"ERROR": "错误", "WARNING": "警告", "INFO": "信息", "DEBUG": "调试", "CRITICAL": "错误"}


class SiteError(Exception):
    """The site could not be built or served; the message (Chinese) says why and what to do."""


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{_LEVELS.get(record.levelname, record.levelname)}：{record.getMessage()}"


class _Handler(logging.StreamHandler):  # type: ignore[type-arg]
    """Our handler on the ``mkdocs`` logger (found again, not added twice)."""


def configure_logging(verbose: bool = False) -> None:
    """Show MkDocs' warnings and errors (and with ``verbose`` its progress) on stderr."""
    logger = logging.getLogger("mkdocs")
    handler = next((h for h in logger.handlers if isinstance(h, _Handler)), None)
    if handler is None:
        handler = _Handler()
        handler.setFormatter(_Formatter())
        logger.addHandler(handler)
    # The current stderr, which tests and pipes may have replaced; setStream() would flush
    # the old one, which may be closed by now.
    handler.stream = sys.stderr
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
    # jieba announces loading its dictionary on stderr at import; quiet unless asked.
    import jieba

    jieba.setLogLevel(logging.INFO if verbose else logging.WARNING)


def _config_path(config_file: Path | str) -> Path:
    path = Path(config_file)
    if not path.is_file():
        raise SiteError(f"找不到网站配置文件 {path}：请在任务书仓库的根目录运行，或用 --config-file 指定 mkdocs.yml。")
    return path


def default_site_dir(configured: str, profile: str) -> str:
    """The output folder when none is given: the internal site never goes where the
    public one is deployed from (``site`` → ``site-internal``)."""
    if profile != "internal":
        return configured
    path = Path(configured)
    return str(path.with_name(path.name + "-internal"))


def build(
    config_file: Path | str = "mkdocs.yml",
    *,
    profile: Profile | None = None,
    site_dir: Path | str | None = None,
    strict: bool = False,
    site_url: str | None = None,
) -> Path:
    """Build the site; return the folder it was written to.

    Args:
        config_file: the ``mkdocs.yml`` to use.
        profile: ``public`` or ``internal``; None keeps what ``mkdocs.yml`` says.
        site_dir: where to write the site (default: ``site_dir`` of ``mkdocs.yml``, with
            ``-internal`` appended for the internal profile, e.g. ``site-internal``).
        strict: stop on any MkDocs warning (broken links and the like).
        site_url: the address the site is published at (``https://host/repo/``); None
            keeps ``site_url`` of ``mkdocs.yml`` (``TASKBOOK_SITE_URL``). The sitemap and
            the 404 page under a sub-path need it.

    Raises:
        SiteError: the configuration is unusable, or the build stopped (the reason has
            been logged, e.g. the task books' diagnostics).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    path = _config_path(config_file)
    if profile is not None and profile not in PROFILES:
        raise SiteError(f"未知的网站版本 {profile}：应为 public（公开）或 internal（内部）。")
    try:
        overrides = {"site_url": site_url} if site_url else {}
        config = load_config(config_file=str(path), site_dir=str(site_dir) if site_dir else None,
                             strict=strict, **overrides)
    except ConfigurationError as error:
        raise SiteError(f"网站配置文件 {path} 有误：{error}") from error
    plugin = config.plugins.get("taskbook")
    if plugin is None:
        raise SiteError(f"{path} 没有启用 taskbook 插件：请在 plugins 中加上 - taskbook。")
    if profile is not None:
        plugin.config.profile = profile
    if site_dir is None:
        config.site_dir = default_site_dir(config.site_dir, plugin.config.profile)
    try:
        mkdocs_build(config)
    except Abort as error:
        raise SiteError("网站未生成。请按上面的提示修改后重试。") from error
    return Path(config.site_dir)


def serve(
    config_file: Path | str = "mkdocs.yml",
    *,
    profile: Profile = "public",
    dev_addr: str = "127.0.0.1:8000",
) -> None:
    """Serve the site locally, rebuilding when a task book, the schema or ``docs/`` changes.

    The profile reaches the plugin through ``TASKBOOK_PROFILE`` (``mkdocs.yml`` reads it
    with ``!ENV``), because MkDocs reloads the configuration on every rebuild.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort, ConfigurationError

    path = _config_path(config_file)
    os.environ["TASKBOOK_PROFILE"] = profile
    try:
        mkdocs_serve(config_file=str(path), dev_addr=dev_addr, livereload=True)
    except (Abort, ConfigurationError) as error:
        raise SiteError(f"预览服务未能启动（{error}）。请按上面的提示修改后重试。") from error
