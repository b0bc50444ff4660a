"""The printable task book offered on each city page: a .docx, and a PDF beside it.

Building a .docx takes a fifth of a second and a PDF a little less (LibreOffice), far
more than a page, so documents are kept in a content-addressed cache: the key names
everything that changes the output (the book, the profile, the schema and form model,
taskbook's version and the code that lays the document out, python-docx's version, and
for the PDF LibreOffice's version and the fonts it may use), so an edit to any of them
builds afresh and nothing else does.

What is missing is built in parallel: the .docx files in worker processes (one a core),
then the PDFs by LibreOffice in batches, one LibreOffice process a core converting many
files each (starting LibreOffice costs more than converting a book).
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from taskbook import __version__, files
from taskbook.book import TaskBook
from taskbook.context import Context
from taskbook.forking import can_fork, cores
from taskbook.site.model import Download, Profile

log = logging.getLogger("mkdocs.plugins.taskbook")

KINDS = ("docx", "pdf")
LABELS = {
    ("docx", "public"): "任务书 Word 文件（公开版，不含个人信息）",
    ("docx", "internal"): "任务书 Word 文件（内部版，含个人信息，可打印签章）",
    ("pdf", "public"): "任务书 PDF 文件（公开版，手机可直接打开）",
    ("pdf", "internal"): "任务书 PDF 文件（内部版，含个人信息）",
}
_CODE = ("export", "form")
"""Folders of the package whose code shapes the document."""


def site_path(slug: str, kind: str = "docx") -> str:
    """Where a city's document lies in the built site."""
    return f"downloads/{slug}-taskbook.{kind}"


def download(slug: str, profile: Profile, kind: str = "docx") -> Download:
    """The link a city page shows for one of its documents."""
    return Download(LABELS[kind, profile], site_path(slug, kind))


def _code_fingerprint() -> str:
    """A digest of the code that lays the document out (the package version alone does not
    change between development builds)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for folder in _CODE:
        for path in sorted((package / folder).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in ("bodytext.py", "cjk.py"):
        digest.update(name.encode() + b"\0" + (package / name).read_bytes())
    return digest.hexdigest()


def _fonts_fingerprint() -> str:
    """The font files fontconfig offers (a new or removed font can change a PDF)."""
    try:
        listing = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True,
                                 text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    return hashlib.sha256("\n".join(sorted(listing.splitlines())).encode()).hexdigest()


def cache_key(book: TaskBook, context: Context, profile: Profile, code: str) -> str:
    """The cache key of one book's .docx under one profile.

    It names everything that changes the document: the book, the profile, the schema
    (privacy marks and labels), the form model, taskbook's version and layout code, and
    python-docx's version.
    """
    content = json.dumps([book.front, book.body, profile], ensure_ascii=False, sort_keys=True,
                         default=str)
    parts = (content, context.fingerprint, __version__, version("python-docx"), code)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def pdf_key(docx_key: str, converter: str) -> str:
    """The cache key of the PDF made from a .docx by a converter (LibreOffice's version,
    our font aliases and the installed fonts)."""
    return hashlib.sha256(f"{docx_key}\x1fpdf\x1f{converter}".encode()).hexdigest()


# --- parallel .docx ---------------------------------------------------------------
_worker: tuple[Context, Profile] | None = None


def _start_worker(context: Context, profile: Profile) -> None:
    global _worker
    _worker = (context, profile)


def _docx_in_worker(book: TaskBook) -> bytes:
    from taskbook.export.docx import render_bytes

    assert _worker is not None, "the pool initializer sets the context"
    return render_bytes(book, *_worker)


@dataclass
class Built:
    """A city's documents of one build: kind (``docx``, ``pdf``) → bytes."""

    slug: str
    documents: dict[str, bytes] = field(default_factory=dict)


class Documents:
    """The site's documents for one build: the cache folder and what keys depend on.

    Args:
        context: the run's schema, form and reader.
        cache_dir: where documents are kept between builds (None: no cache).
        soffice: LibreOffice's program, or None for no PDF.
        jobs: at most this many processes at once (default: the cores).
    """

    def __init__(self, context: Context, cache_dir: Path | None, *, soffice: str | None = None,
                 jobs: int | None = None) -> None:
        self.context = context
        self.cache_dir = cache_dir
        self.soffice = soffice
        self.jobs = max(1, jobs or cores())
        self.code = _code_fingerprint()  # read once per build
        self._converter: str | None = None

    @property
    def converter(self) -> str:
        """What the PDF depends on besides the .docx (computed once, when first needed)."""
        if self._converter is None:
            from taskbook.export import pdf

            assert self.soffice is not None
            self._converter = "\x1f".join((pdf.version(self.soffice), pdf.fontconfig(),
                                           _fonts_fingerprint()))
        return self._converter

    def kinds(self) -> tuple[str, ...]:
        """The kinds of document this build makes."""
        return KINDS if self.soffice else ("docx",)

    def _cached(self, key: str, kind: str) -> bytes | None:
        path = self.cache_dir / f"{key}.{kind}" if self.cache_dir else None
        return path.read_bytes() if path is not None and path.is_file() else None

    def _keep(self, key: str, kind: str, data: bytes) -> None:
        if self.cache_dir is None:
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            files.write_atomic(self.cache_dir / f"{key}.{kind}", data, overwrite=True)
        except OSError:
            pass  # a read-only checkout still builds; it just does not cache

    def docx(self, book: TaskBook, profile: Profile) -> bytes:
        """One book's .docx under ``profile``, from the cache when it is there."""
        return self.build([book], profile)[0].documents["docx"]

    def build(self, books: Sequence[TaskBook], profile: Profile) -> list[Built]:
        """Every book's documents under ``profile``: cached ones read, the rest made.

        A PDF that LibreOffice fails to make is left out with a warning (the page then
        offers the .docx alone); the build goes on.
        """
        keys = [cache_key(book, self.context, profile, self.code) for book in books]
        built = [Built(book.slug) for book in books]
        missing: list[int] = []
        for number, key in enumerate(keys):
            data = self._cached(key, "docx")
            if data is None:
                missing.append(number)
            else:
                built[number].documents["docx"] = data
        for number, data in zip(missing, self._make_docx([books[n] for n in missing], profile),
                                strict=True):
            built[number].documents["docx"] = data
            self._keep(keys[number], "docx", data)
        if self.soffice:
            self._add_pdfs(built, keys)
        return built

    def _make_docx(self, books: Sequence[TaskBook], profile: Profile) -> list[bytes]:
        processes = min(self.jobs, len(books) // 4)
        if processes < 2 or not can_fork():
            from taskbook.export.docx import render_bytes

            return [render_bytes(book, self.context, profile) for book in books]
        _ = self.context.reader  # made once, before the fork
        with ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_start_worker, initargs=(self.context, profile)) as pool:
            return list(pool.map(_docx_in_worker, books, chunksize=max(1, len(books) // (processes * 4))))

    def _add_pdfs(self, built: list[Built], keys: list[str]) -> None:
        from taskbook.export import pdf

        wanted: list[tuple[Built, str]] = []
        for item, key in zip(built, keys, strict=True):
            key = pdf_key(key, self.converter)
            data = self._cached(key, "pdf")
            if data is None:
                wanted.append((item, key))
            else:
                item.documents["pdf"] = data
        if not wanted:
            return
        with tempfile.TemporaryDirectory(prefix="taskbook-documents-") as folder:
            work = Path(folder)
            sources = []
            for item, key in wanted:
                source = work / f"{key}.docx"
                source.write_bytes(item.documents["docx"])
                sources.append(source)
            batches = [sources[n::self.jobs] for n in range(min(self.jobs, len(sources)))]
            soffice = self.soffice

            def run(batch: list[Path]) -> None:
                pdf.convert_many(batch, work / "out", soffice=soffice)

            failures = _each(run, batches)
            for error in failures:
                log.warning(f"PDF 未能全部生成：{error}")
            for item, key in wanted:
                result = work / "out" / f"{key}.pdf"
                if result.is_file():
                    data = result.read_bytes()
                    item.documents["pdf"] = data
                    self._keep(key, "pdf", data)
                else:
                    log.warning(f"{item.slug} 的任务书 PDF 未能生成，页面只提供 Word 文件。")


def _each(run: Callable[[list[Path]], None], batches: list[list[Path]]) -> list[Exception]:
    """Run ``run`` on each batch side by side; return the errors."""
    from taskbook.export import ExportError

    errors: list[Exception] = []
    with ThreadPoolExecutor(max_workers=max(1, len(batches))) as pool:
        for future in [pool.submit(run, batch) for batch in batches]:
            try:
                future.result()
            except ExportError as error:
                errors.append(error)
    return errors
