"""A Word file's bytes → a task book's text, with nothing but Python: what the command
line and the browser form (在线填写, under Pyodide) share.

The command line converts other formats with LibreOffice first
(:mod:`taskbook.intake.service`); the browser cannot, and says so.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from typing import Any

from taskbook.context import Context
from taskbook.intake import reader
from taskbook.intake.parse import Imported, parse
from taskbook.intake.problems import Problems
from taskbook.intake.yamlout import dump

_FOREIGN = {b"\xd0\xcf\x11\xe0": "doc", b"{\\rtf": "rtf"}
"""Leading bytes of the formats LibreOffice converts first (Word 97–2003 and WPS files are
OLE compound files; RTF)."""


def kind(data: bytes) -> str:
    """``docx``, or the format to convert from (``doc``, ``rtf``, ``odt``), or ``""`` when
    the bytes are none of these."""
    found = next((given for head, given in _FOREIGN.items() if data.startswith(head)), None)
    if found is not None:
        return found
    if not data.startswith(b"PK"):
        return ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return ""
    if "word/document.xml" in names:
        return "docx"
    return "odt" if "content.xml" in names else ""


def read_docx(data: bytes, display: str, context: Context, province: str | None = None) -> Imported:
    """Read and parse a .docx's bytes; a file that cannot be read is a located diagnostic."""
    try:
        source = reader.read(data)
    except reader.UnreadableDocument as error:
        problems = Problems(display)
        problems.document("import-unreadable", f"{display} 已损坏或不是 Word 文档（{error}）。")
        return Imported({}, "", tuple(problems.found), readable=False)
    return parse(source, context.form, context.schema.document, file=display, province=province)


def book_text(front: Mapping[str, Any], body: str, source: str, context: Context) -> str:
    """The task book's text: front matter (with a comment naming the Word file) and body."""
    city = ((front.get("city") or {}) if isinstance(front.get("city"), Mapping) else {}).get("name") or ""
    comment = (f"{city}{context.form.title}（由 taskbook import 从 {source} 导入：",
               "请对照 Word 文件核对各项，再运行 taskbook validate 检查）")
    return dump(front, comment) + ("\n" + body if body else "")
