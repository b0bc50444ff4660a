"""Shared helpers of the export tests: the fixture books and their rendered documents."""

from __future__ import annotations

import io
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn

from taskbook.book import TaskBook
from taskbook.checker import check_paths
from taskbook.context import Context
from taskbook.export.docx import render_bytes
from taskbook.export.pdf import convert

HERE = Path(__file__).parent
CITIES = HERE / "fixtures" / "cities"
GOLDEN = HERE / "golden"
UPDATE_GOLDEN = os.environ.get("TASKBOOK_UPDATE_GOLDEN") == "1"


CONTEXT = Context.load()
"""One run's context for the export tests (the schema and form only read)."""


@cache
def book(slug: str) -> TaskBook:
    """A fixture book, validated and typed."""
    report = check_paths([CITIES / slug / "taskbook.md"], context=CONTEXT, keep_books=True)
    assert report.errors == 0, report.diagnostics
    return report.books[0]


@cache
def docx_bytes(slug: str, profile: str) -> bytes:
    """The .docx of a fixture book under a profile (rendered once per test run)."""
    return render_bytes(book(slug), CONTEXT, profile)  # type: ignore[arg-type]


@cache
def pdf_bytes(slug: str, profile: str) -> bytes:
    """The PDF of a fixture book under a profile (converted once per test run)."""
    return convert(docx_bytes(slug, profile))


def document(slug: str, profile: str = "internal") -> Document:
    """The rendered .docx, opened with python-docx."""
    return docx.Document(io.BytesIO(docx_bytes(slug, profile)))


def paragraph_texts(doc: Document) -> list[str]:
    """Every paragraph's text in body order, table cells included (merged cells once)."""
    texts = []
    for paragraph in doc.element.body.iter(qn("w:p")):
        texts.append("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    return texts


def full_text(doc: Document) -> str:
    """All body text, paragraphs joined by newlines."""
    return "\n".join(paragraph_texts(doc))


def leaves(data: Any, pointer: str = "") -> list[tuple[str, Any]]:
    """Every scalar of a front matter with its JSON pointer."""
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in leaves(value, f"{pointer}/{key}")]
    if isinstance(data, list):
        return [leaf for i, value in enumerate(data) for leaf in leaves(value, f"{pointer}/{i}")]
    return [(pointer, data)]


def check_golden(name: str, value: Any) -> None:
    """Compare ``value`` with ``golden/<name>.json``; rewrite it with TASKBOOK_UPDATE_GOLDEN=1."""
    path = GOLDEN / f"{name}.json"
    text = json.dumps(value, ensure_ascii=False, indent=1) + "\n"
    if UPDATE_GOLDEN:
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"missing golden file {path}: run with TASKBOOK_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")
