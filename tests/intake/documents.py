"""Word documents for the import tests: the example book exported or typed by hand,
patched by literal replacements; and the import fixtures' specs.

An import fixture is ``tests/fixtures/invalid/<import-code>/<case>.yaml`` (a comment
first) holding a ``word`` spec, and optionally ``options`` (``province``) and
``soffice: false`` (LibreOffice not on PATH). ``word`` holds one of:

``handtyped``
    ``{variant: {...}}``: the normative example (``cities/shijiazhuang``) typed into the
    2021 form by :func:`handtyped.build`, with :class:`handtyped.Variant`'s fields.
``export``
    ``{}``: the normative example as ``taskbook export`` writes it (internal profile).
``paragraphs``
    a document of these paragraphs only.
``bytes``
    the file's bytes, as text (YAML escapes give any byte).

and ``replace: [[old, new], ...]``: literal replacements, each ``old`` found in exactly
one paragraph or table cell paragraph; and ``name``: the file's name (default
``taskbook.docx``). ``<case>.expect`` lists the import's diagnostics exactly.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from handtyped import Variant, build

import patches
from taskbook.checker import check_paths
from taskbook.context import Context
from taskbook.export.docx import render_bytes
from taskbook.loader import parse as load

ROOT = Path(__file__).resolve().parents[2]
CONTEXT = Context.load()


def front(text: str) -> dict[str, Any]:
    """The front matter of a book's text, as taskbook's loader reads it (wrapped Chinese
    lines joined without a space)."""
    loaded = load(text.encode("utf-8"), "cities/book/taskbook.md")
    assert loaded.book is not None, loaded.diagnostics
    return dict(loaded.book.data)


NOT_PRINTED = ("signing", "changes")
"""Keys of the front matter the printed book does not carry (nor ``city.code``)."""


def printed(book: dict[str, Any]) -> dict[str, Any]:
    """A front matter less what the printed book does not carry."""
    kept = {key: value for key, value in book.items() if key not in NOT_PRINTED}
    kept["city"] = {key: value for key, value in book["city"].items() if key != "code"}
    return kept


@cache
def example() -> dict[str, Any]:
    """The normative example's front matter (``cities/shijiazhuang``)."""
    return front(patches.base_text())


@cache
def exported(path: str) -> bytes:
    """The internal .docx of a book of the repository."""
    report = check_paths([ROOT / path], context=CONTEXT, keep_books=True, jobs=1)
    assert report.errors == 0, report.diagnostics
    return render_bytes(report.books[0], CONTEXT, "internal")


def replace(data: bytes, replacements: list[list[str]]) -> bytes:
    """Replace literal text in paragraphs (table cells included); each ``old`` once."""
    if not replacements:
        return data
    document = docx.Document(io.BytesIO(data))
    for old, new in replacements:
        found = [p for p in document.element.body.iter(qn("w:p"))
                 if old in "".join(t.text or "" for t in p.iter(qn("w:t")))]
        assert len(found) == 1, (old, len(found))
        texts = list(found[0].iter(qn("w:t")))
        whole = "".join(t.text or "" for t in texts).replace(old, new)
        texts[0].text = whole
        texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        for text in texts[1:]:
            text.text = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def paragraphs(texts: list[str]) -> bytes:
    """A .docx of these paragraphs."""
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make(word: dict[str, Any]) -> bytes:
    """The bytes of a fixture's Word file."""
    if "bytes" in word:
        text = str(word["bytes"])
        return text.encode("latin-1") if all(ord(c) < 256 for c in text) else text.encode("utf-8")
    if "paragraphs" in word:
        data = paragraphs(list(word["paragraphs"]))
    elif "export" in word:
        data = exported("cities/shijiazhuang/taskbook.md")
    else:
        variant = Variant(**((word.get("handtyped") or {}).get("variant") or {}))
        data = build(example(), variant)
    return replace(data, word.get("replace") or [])
