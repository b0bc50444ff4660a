"""The printable task book offered on each city page, built by the exporter.

Building a .docx takes a fifth of a second, far more than a page, so documents are kept
in a content-addressed cache: the key covers the book's data and body, the profile and
the exporter's own code, so an edit to any of them builds afresh and nothing else does.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from taskbook import __version__, files
from taskbook.book import TaskBook
from taskbook.context import Context
from taskbook.site.model import Download, Profile

LABELS = {
    "public": "任务书 Word 文件（公开版，不含个人信息）",
    "internal": "任务书 Word 文件（内部版，含个人信息，可打印签章）",
}


def site_path(slug: str) -> str:
    """Where a city's document lies in the built site."""
    return f"downloads/{slug}-taskbook.docx"


def download(slug: str, profile: Profile) -> Download:
    """The link a city page shows for its document."""
    return Download(LABELS[profile], site_path(slug))


def _code_fingerprint() -> str:
    """A digest of the exporter's source (the package version alone does not change
    between development builds)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted((package / "export").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(book: TaskBook, context: Context, profile: Profile, code: str) -> str:
    """The cache key of one book's document under one profile.

    It names everything that changes the document: the book, the profile, the schema
    (privacy marks and labels), the form model, taskbook's version and exporter code, and
    python-docx's version.
    """
    from importlib.metadata import version

    content = json.dumps([book.front, book.body, profile], ensure_ascii=False, sort_keys=True,
                         default=str)
    parts = (content, context.fingerprint, __version__, version("python-docx"), code)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class Documents:
    """The site's documents for one build: the cache folder and what keys depend on."""

    def __init__(self, context: Context, cache_dir: Path | None) -> None:
        self.context = context
        self.cache_dir = cache_dir
        self.code = _code_fingerprint()  # read once per build

    def docx(self, book: TaskBook, profile: Profile) -> bytes:
        """The book's .docx under ``profile``, from the cache when it is there."""
        from taskbook.export.docx import render_bytes  # python-docx: imported when first needed

        key = cache_key(book, self.context, profile, self.code)
        cached = self.cache_dir / f"{key}.docx" if self.cache_dir else None
        if cached is not None and cached.is_file():
            return cached.read_bytes()
        data = render_bytes(book, self.context, profile)
        if cached is not None:
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                files.write_atomic(cached, data, overwrite=True)
            except OSError:
                pass  # a read-only checkout still builds; it just does not cache
        return data
