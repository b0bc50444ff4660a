"""Every renderer shows the form model's words: the city page in both profiles and the .docx,
for every bundled book and for a 天津 book (the municipal variant)."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import docx
import markdown
import pytest
from docx.oxml.ns import qn

from taskbook.bodytext import EXTENSION_CONFIGS, EXTENSIONS
from taskbook.checker import check_paths
from taskbook.context import Context
from taskbook.export.docx import render_bytes
from taskbook.form import FORM
from taskbook.form import model as m
from taskbook.site.render import render

ROOT = Path(__file__).resolve().parents[2]
BOOKS = [*sorted(ROOT.glob("cities/*/taskbook.md")),
         ROOT / "tests" / "fixtures" / "valid" / "cities" / "tianjin" / "taskbook.md"]
CONTEXT = Context.load()


def _book(path: Path):
    report = check_paths([path], context=CONTEXT, keep_books=True)
    assert report.errors == 0, report.diagnostics
    return report.books[0]


def table_labels() -> list[str]:
    """The printed labels of the information table."""
    labels = []
    for row in FORM.table.rows:
        cells = (row.label, *row.header) if isinstance(row, m.Repeat) else row
        labels += [cell.content.printed for cell in cells if isinstance(cell.content, m.Label)]
    return list(dict.fromkeys(labels))


def column_labels() -> list[str]:
    """The column and group labels of 四, 五 and 七."""
    labels = []
    for section in FORM.sections:
        if isinstance(section.content, m.Table | m.People):
            labels += [column.label.printed for column in section.content.columns]
        if isinstance(section.content, m.People):
            labels += [group.label.printed for group in section.content.groups]
    return list(dict.fromkeys(labels))


def page_text(book, profile: str) -> str:
    """The city page's visible text, rendered by the site's Markdown."""
    page = render([book], CONTEXT, profile)[f"cities/{book.slug}.md"]
    html = markdown.markdown(page, extensions=list(EXTENSIONS), extension_configs=EXTENSION_CONFIGS)
    return unescape(re.sub(r"<[^>]+>", "\n", html))


def docx_text(book) -> list[str]:
    """Every paragraph of the internal .docx, table cells included."""
    document = docx.Document(io.BytesIO(render_bytes(book, CONTEXT, "internal")))
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in document.element.body.iter(qn("w:p"))]


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.parent.name)
@pytest.mark.parametrize("profile", ["public", "internal"])
def test_city_page_shows_every_label_and_title(path, profile):
    """Each label, column, section title and cover label of the model is a line of the page."""
    lines = {line.strip() for line in page_text(_book(path), profile).split("\n")}
    wanted = [FORM.table.title, *table_labels(), *(s.heading for s in FORM.sections),
              *(line.label for line in FORM.cover.lines if line.value is not None)]
    wanted += [label for label in column_labels()
               if profile == "internal" or label != "年龄"]  # age is private
    assert [text for text in wanted if text not in lines] == []


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.parent.name)
def test_docx_prints_every_label_and_title(path):
    """Each label, column, printed section title and cover label of the model is a paragraph
    of the .docx (a cover label with its value after the colon)."""
    paragraphs = docx_text(_book(path))
    wanted = [FORM.instructions_title, FORM.table.title, *table_labels(), *column_labels(),
              *(s.printed for s in FORM.sections)]
    assert [text for text in wanted if text not in paragraphs] == []
    for line in FORM.cover.lines:
        assert any(p.startswith(line.label + "：") for p in paragraphs), line.label


def test_the_municipal_book_is_among_them():
    """The books checked include both variants."""
    variants = {FORM.variant(_book(path).city.name) for path in BOOKS}
    assert variants == {"general", "municipal"}
