"""The plugin's options in ``mkdocs.yml`` (``plugins: - taskbook: {...}``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from taskbook.site.model import PROFILES


class TaskbookConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs leaves __init_subclass__ unannotated
    """Typed options of :class:`taskbook.site.plugin.TaskbookPlugin`."""

    cities = c.Type(str, default="cities")
    """The folder of task books, relative to ``mkdocs.yml``."""
    profile = c.Choice(PROFILES, default="public")
    """``public`` (no private field anywhere) or ``internal`` (everything, with a banner)."""
    git_history = c.Type(bool, default=True)
    """Show each book's commits; turned off, or without git, there is no history."""
    downloads = c.Type(bool, default=True)
    """Offer each city's printable task book (.docx, in the site's profile) on its page."""
    pdf = c.Type(bool, default=True)
    """Offer a PDF beside the .docx when LibreOffice is installed where the site is built."""
    cache_dir = c.Type(str, default=".cache/taskbook")
    """Where built documents are kept between builds, relative to ``mkdocs.yml``."""
    fill = c.Type(bool, default=True)
    """Publish 在线填写 (``fill/``): the form that checks a book in the browser."""
    repo_url = c.Type(str, default="")
    """The task-book repository on GitHub, where 在线填写 sends a book (``""``: download only)."""
    repo_branch = c.Type(str, default="main")
    """The repository's default branch, which pull requests go to."""
    vendor = c.Type(str, default="vendor")
    """The folder of Pyodide and the Python packages 在线填写 loads, relative to ``mkdocs.yml``."""
