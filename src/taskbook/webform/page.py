"""What the 在线填写 page asks of Python: JSON in, JSON out.

The page's worker loads this package under Pyodide and sends each request to
:func:`handle`; the tests call the same functions on CPython. Every answer comes from the
project's own code: the blank book is ``taskbook new``'s skeleton, an opened file is read by
the loader, and every check is the validator's (:func:`taskbook.rules.check_book`, and
:func:`taskbook.changes.check_changes` for a book that is already approved), run on the very
text that the page offers to download.

Requests (``op``):

``blank``     ``{city: {name, province, seq, code}, slug}`` → a new city's book;
``open``      ``{name, base64}`` → a file's values, and its diagnostics as it stands (a
              .docx is read by ``taskbook import``'s code; what it could not place is
              listed as ``imported``);
``published`` ``{data, body, slug}`` → a published (public) book's values;
``check``     ``{data, body, slug, base}`` → the text of ``taskbook.md`` and its diagnostics,
              each with the ``target`` on the page it belongs to;
``validate``  ``{path, base64}`` → the diagnostics of a file, exactly as ``taskbook validate``.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable, Mapping
from typing import Any

from taskbook import paths, rules
from taskbook.changes import check_changes, compare
from taskbook.codes import REGISTRY
from taskbook.context import Context
from taskbook.diagnostics import Diagnostic
from taskbook.loader import Book, parse
from taskbook.skeleton import City, SkeletonError, check_request, render
from taskbook.webform import frontmatter, sections

ORIGIN = "由“在线填写”生成"
"""The comment on the first line of a book the page writes."""
BASE_REF = "主分支（本网站公布的版本）"
"""How messages name the approved version a changed book is compared with."""
NO_SLUG = "未填写"
_LOCATION = ("file-location", "file-outside-cities")
_WORD = (".docx", ".doc", ".wps", ".rtf")


class Session:
    """One page's Python: the context is built once, on the first request."""

    def __init__(self, context: Context | None = None) -> None:
        self._context = context

    @property
    def context(self) -> Context:
        """The run's schema, form and Markdown reader (made on first use)."""
        if self._context is None:
            self._context = Context.load()
        return self._context

    def handle(self, request: str) -> str:
        """Answer one JSON request with a JSON answer (never raises for bad input)."""
        asked = json.loads(request)
        operation: Callable[[Mapping[str, Any]], dict[str, Any]] = {
            "blank": self.blank, "open": self.open, "published": self.published,
            "check": self.check, "validate": self.validate,
        }[asked["op"]]
        return json.dumps(operation(asked), ensure_ascii=False)

    # --- opening a book -------------------------------------------------------------
    def blank(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """The skeleton ``taskbook new`` writes for a city, opened as the form's values."""
        city = request.get("city") or {}
        slug = str(request.get("slug") or "").strip()
        try:
            seq = int(str(city.get("seq") or "").strip())
        except ValueError:
            node = self.context.schema.subschema("/city/seq") or {}
            return {"error": f"城市序号“{city.get('seq') or ''}”不符合要求：应为 {node.get('minimum')} 到 "
                             f"{node.get('maximum')} 的整数。"}
        chosen = City(str(city.get("name") or "").strip(), str(city.get("province") or "").strip(),
                      seq, str(city.get("code") or "").strip() or None)
        try:
            check_request(slug, chosen, self.context)
        except SkeletonError as error:
            return {"error": str(error)}
        text = render(chosen, self.context)
        return {**self._opened(text.encode("utf-8"), paths.book_path(slug)), "slug": slug}

    def open(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """A file the user chose: its values for the form, and what validate says of it."""
        name = str(request.get("name") or paths.BOOK_NAME)
        raw = base64.b64decode(str(request.get("base64") or ""))
        if name.lower().endswith(_WORD):
            return self.open_word(name, raw)
        return self._opened(raw, name)

    def published(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """A book of the site's ``api/cities.json`` (public: no personal field), opened as
        the form's values; the personal fields are empty, to be filled in."""
        slug = str(request.get("slug") or "")
        body = sections.split(str(request.get("body") or ""), self.context)
        text, _, _ = self.compose(request.get("data") or {}, body)
        return {**self._opened(text.encode("utf-8"), paths.book_path(slug)), "slug": slug}

    def open_word(self, name: str, raw: bytes) -> dict[str, Any]:
        """A Word file, read by ``taskbook import``'s own code (:mod:`taskbook.intake`):
        the book it gives is opened like any other, with what the import could not place
        (``imported``: table, row, cell and the text found) beside validate's diagnostics.
        A .doc, .wps or .rtf needs LibreOffice, which the browser does not have."""
        from taskbook.intake.document import book_text, kind, read_docx

        found = kind(raw)
        if found in ("doc", "rtf", "odt"):
            return {"error": f"网页只能读取 .docx 格式的 Word 文件，{name} 是 {found} 格式。请在 Word 或 WPS 中"
                             "打开它，“另存为”Word 文档（.docx）后再在这里打开；或用命令 taskbook import "
                             "导入（需安装 LibreOffice）。"}
        imported = read_docx(raw, name, self.context)
        if not imported.readable:
            return {"error": "Word 文件未能读取，请按下列提示处理，或从空白任务书开始填写。",
                    "diagnostics": [d.as_dict() for d in imported.diagnostics]}
        text = book_text(imported.front, imported.body, name, self.context)
        opened = self._opened(text.encode("utf-8"), paths.BOOK_NAME)
        # Without the command line's advice (--force, --province): the page says what to do.
        opened["imported"] = [{**d.as_dict(), "message": d.message.removesuffix(REGISTRY[d.code].hint)}
                              for d in imported.diagnostics]
        return opened

    def _opened(self, raw: bytes, name: str) -> dict[str, Any]:
        loaded = parse(raw, name, self.context.schema.property_names)
        if loaded.book is None:
            return {"error": "文件无法作为任务书读取，请按下列提示在文本编辑器中修改后再打开，或从空白任务书开始填写。",
                    "diagnostics": [d.as_dict() for d in loaded.diagnostics]}
        book = loaded.book
        found = sorted(rules.check_book(book, self.context))
        return {"data": book.data, "body": sections.split(book.body, self.context),
                "slug": paths.slug_of(name), "diagnostics": [d.as_dict() for d in found]}

    # --- checking as the user types -------------------------------------------------
    def compose(self, data: Mapping[str, Any], body: Mapping[str, Any]) -> tuple[str, list[sections.Block], int]:
        """The text of ``taskbook.md`` from the form's values: (text, body blocks, first
        line of the body in the file)."""
        values = frontmatter.coerce(dict(data), self.context.schema)
        city = (values.get("city") or {}).get("name") if isinstance(values.get("city"), dict) else None
        comment = f"{city or ''}{self.context.form.title}（{ORIGIN}）"
        front = frontmatter.write(values, self.context.schema, comment)
        text, blocks = sections.compose(dict(body))
        return front + text, blocks, front.count("\n") + 1

    def check(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """Write the book from the form's values and validate that text."""
        slug = str(request.get("slug") or "").strip() or NO_SLUG
        path = paths.book_path(slug)
        text, blocks, body_line = self.compose(request.get("data") or {}, request.get("body") or {})
        loaded = parse(text.encode("utf-8"), path, self.context.schema.property_names)
        found: list[Diagnostic] = list(loaded.diagnostics)
        changed = None
        if loaded.book is not None:
            found += rules.check_book(loaded.book, self.context)
            base = request.get("base")
            if isinstance(base, Mapping):
                approved = self._base(base, path)
                if approved is not None:
                    public = dataclasses.replace(
                        loaded.book, data=self.context.schema.public(loaded.book.data))
                    changed = not compare(approved, public).unchanged
                    found += check_changes(approved, public, BASE_REF)
        found.sort(key=lambda d: (d.line, d.column, d.code))
        return {
            "text": text,
            "path": path,
            "changed": changed,
            "errors": sum(d.severity == "error" for d in found),
            "warnings": sum(d.severity == "warning" for d in found),
            "diagnostics": [{**d.as_dict(), "target": _target(d, blocks, body_line)} for d in found],
        }

    def _base(self, base: Mapping[str, Any], path: str) -> Book | None:
        """The approved (published) book, written as the page writes books, so that only
        what the user changed differs; like the book it is compared with, without personal
        fields (the published copy has none)."""
        body = sections.split(str(base.get("body") or ""), self.context)
        text, _, _ = self.compose(base.get("data") or {}, body)
        book = parse(text.encode("utf-8"), path, self.context.schema.property_names).book
        return None if book is None else dataclasses.replace(
            book, data=self.context.schema.public(book.data))

    def validate(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """A file's diagnostics, as ``taskbook validate`` gives them for one book."""
        path = str(request.get("path") or paths.book_path(NO_SLUG))
        raw = base64.b64decode(str(request.get("base64") or ""))
        loaded = parse(raw, path, self.context.schema.property_names)
        found = list(loaded.diagnostics)
        if loaded.book is not None:
            found += rules.check_book(loaded.book, self.context)
        found.sort(key=lambda d: (d.line, d.column, d.code))
        return {"diagnostics": [d.as_dict() for d in found]}


def _target(diagnostic: Diagnostic, blocks: list[sections.Block], body_line: int) -> str:
    """Where on the page a diagnostic belongs: a front-matter pointer, ``#slug``, a body
    block (``#body:s0p1``), or ``""`` for the book as a whole."""
    if diagnostic.code in _LOCATION:
        return "#slug"
    if diagnostic.pointer.startswith("/"):
        return diagnostic.pointer
    line = diagnostic.line - body_line + 1
    if line >= 1:
        for block in reversed(blocks):
            if block.first <= line:
                return f"#body:{block.id}"
    return ""


_SESSION = Session()


def handle(request: str) -> str:
    """The worker's entry point: one JSON request, one JSON answer."""
    return _SESSION.handle(request)
