"""The printable task book offered on each city page, built by the exporter.

Building a .docx takes a fifth of a second, far more than a page, so documents are kept
in a content-addressed cache: the key covers the book's data and body, the profile and
the exporter's own code, so an edit to any of them builds afresh and nothing else does.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from taskbook import files
from taskbook.site.model import BookLike, Download, Profile

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


@cache
def _code_fingerprint() -> str:
    """A digest of the exporter's source and the shared texts it prints."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in [*sorted((package / "export").glob("*.py")), package / "texts.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(book: BookLike, profile: Profile) -> str:
    """The cache key of one book's document under one profile."""
    content = json.dumps([book.data, book.body, profile], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256((content + _code_fingerprint()).encode("utf-8")).hexdigest()


def document(book: BookLike, profile: Profile, cache_dir: Path | None) -> bytes:
    """Return the book's .docx under ``profile``, from the cache when it is there."""
    from taskbook.export.docx import render_bytes  # python-docx: imported when first needed

    cached = cache_dir / f"{cache_key(book, profile)}.docx" if cache_dir else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    data = render_bytes(book, profile)  # type: ignore[arg-type]  # reads only data and body
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            files.write_atomic(cached, data, overwrite=True)
        except OSError:
            pass  # a read-only checkout still builds; it just does not cache
    return data
