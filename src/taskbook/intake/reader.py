"""Read a .docx into :mod:`taskbook.intake.source` values, with the standard library only.

Only what the import needs is read: the text of paragraphs and table cells, bold and
italic, heading levels, Word's own list numbering, indents, and where table cells are
merged. Text that Word shows as deleted (tracked deletions, strikethrough, which work
groups use to cross out an option of the form such as “地方财政资金/企业自有资金”) is left
out; tracked insertions are kept.

A .docx is a zip of XML parts found through relationship parts (Open Packaging
Conventions): ``_rels/.rels`` names the main document, whose own relationships name its
styles and numbering. ``zipfile`` and ``xml.etree`` read them, so the same reader runs in
the browser's Pyodide (the 在线填写 page), where python-docx's lxml does not. Expat
refuses external entities and bounds entity expansion; each part is read up to a size cap,
so a small zip cannot unpack into gigabytes.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

from taskbook.intake.source import Block, Cell, Paragraph, Source, Span, Table

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _R = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}r"
_VAL = f"{_W}val"
_SKIPPED = frozenset({f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr", f"{_W}instrText",
                      f"{_W}delText", f"{_W}fldChar"})
"""Elements whose text is not shown (deletions) or holds no text (properties, field codes)."""
_CONTAINERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins",
                         f"{_W}moveTo", f"{_W}smartTag"})
"""Wrappers around paragraphs or tables whose content counts as if unwrapped."""


_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CORE_TYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
PART_LIMIT = 64 * 1024 * 1024
"""The most bytes one part may unpack to (a 15-page book's document.xml is about 1 MiB)."""


class UnreadableDocument(Exception):
    """The bytes are not a Word document this reader can open."""


class _Package:
    """The parts of a .docx, by name, read on demand."""

    def __init__(self, data: bytes) -> None:
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self.names = {info.filename: info for info in self.archive.infolist()}

    def xml(self, name: str) -> Any:
        """The root element of a part (None when the package has no such part)."""
        info = self.names.get(name)
        if info is None:
            return None
        if info.file_size > PART_LIMIT:
            raise UnreadableDocument(f"{name} 解压后超过 {PART_LIMIT // (1024 * 1024)} MiB")
        # zipfile unpacks no more than the declared size (a lie fails its CRC check).
        data = self.archive.read(info)
        try:
            return ElementTree.fromstring(data)
        except ElementTree.ParseError as error:
            raise UnreadableDocument(f"{name} 的内容不是完好的 XML：{error}") from None

    def related(self, source: str) -> dict[str, str]:
        """A part's relationships: type → the target part's name (internal targets only)."""
        folder, name = posixpath.split(source)
        root = self.xml(posixpath.join(folder, "_rels", f"{name}.rels"))
        found: dict[str, str] = {}
        for relation in root.iter(_RELATIONSHIPS) if root is not None else ():
            target = relation.get("Target", "")
            if relation.get("TargetMode") == "External" or not target:
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found.setdefault(relation.get("Type", ""), posixpath.normpath(path))
        return found


def _on(element: Any, tag: str) -> bool | None:
    """A toggle property (``w:b``, ``w:i``, ``w:strike``) of a property element, if set."""
    if element is None:
        return None
    found = element.find(f"{_W}{tag}")
    if found is None:
        return None
    return found.get(_VAL, "true") not in ("0", "false", "off", "none")


class _Styles:
    """What the styles say: heading levels, emphasis of character styles, list numbering."""

    def __init__(self, root: Any) -> None:
        self.heading: dict[str, int] = {}
        self.emphasis: dict[str, tuple[bool, bool, bool]] = {}
        self.numbering: dict[str, tuple[str, str]] = {}  # style id → (numId, ilvl)
        styles: dict[str, Any] = {}
        for style in root.iterfind(f"{_W}style") if root is not None else ():
            styles[style.get(f"{_W}styleId", "")] = style
        for style_id in styles:
            self.heading[style_id] = self._level(styles, style_id)
            self.emphasis[style_id] = self._emphasis(styles, style_id)
            numbering = self._numbering(styles, style_id)
            if numbering is not None:
                self.numbering[style_id] = numbering

    @staticmethod
    def _chain(styles: dict[str, Any], style_id: str) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id in styles and style_id not in seen:
            seen.add(style_id)
            style = styles[style_id]
            yield style
            based = style.find(f"{_W}basedOn")
            style_id = based.get(_VAL, "") if based is not None else ""

    def _level(self, styles: dict[str, Any], style_id: str) -> int:
        for style in self._chain(styles, style_id):
            name = style.find(f"{_W}name")
            lowered = (name.get(_VAL, "") if name is not None else "").lower()
            if lowered.startswith("heading ") and lowered[8:].isdigit():
                return int(lowered[8:])
            outline = style.find(f"{_W}pPr/{_W}outlineLvl")
            if outline is not None and outline.get(_VAL, "").isdigit() and int(outline.get(_VAL)) < 9:
                return int(outline.get(_VAL)) + 1
        return 0

    def _emphasis(self, styles: dict[str, Any], style_id: str) -> tuple[bool, bool, bool]:
        found: list[bool | None] = [None, None, None]
        for style in self._chain(styles, style_id):
            properties = style.find(f"{_W}rPr")
            for index, tag in enumerate(("b", "i", "strike")):
                if found[index] is None:
                    found[index] = _on(properties, tag)
        return (bool(found[0]), bool(found[1]), bool(found[2]))

    def _numbering(self, styles: dict[str, Any], style_id: str) -> tuple[str, str] | None:
        for style in self._chain(styles, style_id):
            number = style.find(f"{_W}pPr/{_W}numPr")
            if number is not None:
                ident = number.find(f"{_W}numId")
                level = number.find(f"{_W}ilvl")
                return (ident.get(_VAL, "0") if ident is not None else "0",
                        level.get(_VAL, "0") if level is not None else "0")
        return None


class _Numbering:
    """Word's list definitions: which lists are numbered and which are bullets."""

    def __init__(self, root: Any) -> None:
        self.formats: dict[tuple[str, str], str] = {}
        if root is None:  # a document without lists
            return
        abstract: dict[str, dict[str, str]] = {}
        for definition in root.iterfind(f"{_W}abstractNum"):
            levels = {}
            for level in definition.iterfind(f"{_W}lvl"):
                kind = level.find(f"{_W}numFmt")
                levels[level.get(f"{_W}ilvl", "0")] = kind.get(_VAL, "decimal") if kind is not None else "decimal"
            abstract[definition.get(f"{_W}abstractNumId", "")] = levels
        for instance in root.iterfind(f"{_W}num"):
            ident = instance.find(f"{_W}abstractNumId")
            levels = abstract.get(ident.get(_VAL, "") if ident is not None else "", {})
            for level, kind in levels.items():
                self.formats[(instance.get(f"{_W}numId", ""), level)] = kind

    def kind(self, ident: str, level: str) -> str:
        """``ordered``, ``bullet``, or ``""`` for no list (numId 0 switches numbering off)."""
        if ident in ("", "0"):
            return ""
        kind = self.formats.get((ident, level), "decimal")
        return "" if kind == "none" else "bullet" if kind == "bullet" else "ordered"


class _Reader:
    def __init__(self, styles: Any, numbering: Any) -> None:
        self.styles = _Styles(styles)
        self.numbering = _Numbering(numbering)
        self.paragraphs = 0
        self.tables = 0

    def spans(self, paragraph: Any) -> tuple[Span, ...]:
        """The shown text of a paragraph, run by run."""
        found: list[Span] = []
        for run in _runs(paragraph):
            properties = run.find(f"{_W}rPr")
            style = properties.find(f"{_W}rStyle") if properties is not None else None
            inherited = self.styles.emphasis.get(style.get(_VAL, "") if style is not None else "",
                                                 (False, False, False))
            bold, italic, strike = (
                direct if (direct := _on(properties, tag)) is not None else default
                for tag, default in zip(("b", "i", "strike"), inherited, strict=True))
            if strike or _on(properties, "dstrike") or _on(properties, "vanish"):
                continue
            text = _run_text(run)
            if text:
                found.append(Span(text, bool(bold), bool(italic)))
        return tuple(_merge(found))

    def paragraph(self, element: Any) -> Paragraph:
        self.paragraphs += 1
        properties = element.find(f"{_W}pPr")
        style_id = ""
        heading = indent = first_line = 0
        numbering: tuple[str, str] | None = None
        if properties is not None:
            style = properties.find(f"{_W}pStyle")
            style_id = style.get(_VAL, "") if style is not None else ""
            outline = properties.find(f"{_W}outlineLvl")
            if outline is not None and outline.get(_VAL, "").isdigit() and int(outline.get(_VAL)) < 9:
                heading = int(outline.get(_VAL)) + 1
            indents = properties.find(f"{_W}ind")
            if indents is not None:
                indent = _twips(indents.get(f"{_W}left") or indents.get(f"{_W}start"))
                first_line = _twips(indents.get(f"{_W}firstLine")) - _twips(indents.get(f"{_W}hanging"))
            number = properties.find(f"{_W}numPr")
            if number is not None:
                ident, level = number.find(f"{_W}numId"), number.find(f"{_W}ilvl")
                numbering = (ident.get(_VAL, "0") if ident is not None else "0",
                             level.get(_VAL, "0") if level is not None else "0")
        heading = heading or self.styles.heading.get(style_id, 0)
        numbering = numbering or self.styles.numbering.get(style_id)
        listed = self.numbering.kind(*numbering) if numbering else ""
        return Paragraph(self.spans(element), self.paragraphs, heading, indent, first_line, listed,
                         int(numbering[1]) if listed and numbering and numbering[1].isdigit() else 0,
                         numbering[0] if listed and numbering else "")

    def table(self, element: Any) -> Table:
        self.tables += 1
        rows: list[tuple[Cell, ...]] = []
        tops: dict[int, int] = {}  # grid column → row of the merged cell's top part
        for row_index, row in enumerate(element.iterfind(_TR)):
            properties = row.find(f"{_W}trPr")
            before = properties.find(f"{_W}gridBefore") if properties is not None else None
            col = _int(before.get(_VAL) if before is not None else None, 0)
            cells: list[Cell] = []
            for cell in _cells(row):
                cell_properties = cell.find(f"{_W}tcPr")
                span = cell_properties.find(f"{_W}gridSpan") if cell_properties is not None else None
                cols = max(1, _int(span.get(_VAL) if span is not None else None, 1))
                merge = cell_properties.find(f"{_W}vMerge") if cell_properties is not None else None
                if merge is not None and merge.get(_VAL, "continue") == "continue" and col in tops:
                    cells.append(Cell("", row_index, col, cols, tops[col]))
                else:
                    if merge is not None:
                        tops[col] = row_index
                    else:
                        tops.pop(col, None)
                    cells.append(Cell(self.cell_text(cell), row_index, col, cols, row_index))
                col += cols
            rows.append(tuple(cells))
        return Table(tuple(rows), self.tables, self.paragraphs)

    def cell_text(self, cell: Any) -> str:
        lines = ["".join(span.text for span in self.spans(paragraph))
                 for paragraph in cell.iter(_P)]
        return "\n".join(lines)

    def blocks(self, parent: Any) -> Iterator[Block]:
        for child in parent:
            if child.tag == _P:
                yield self.paragraph(child)
            elif child.tag == _TBL:
                yield self.table(child)
            elif child.tag in _CONTAINERS:
                yield from self.blocks(child)


def _runs(element: Any) -> Iterator[Any]:
    """The runs of a paragraph that Word shows (hyperlinks and insertions included)."""
    for child in element:
        if child.tag == _R:
            yield child
        elif child.tag not in _SKIPPED and child.tag != _P:
            yield from _runs(child)


def _run_text(run: Any) -> str:
    parts: list[str] = []
    for child in run:
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            if child.get(f"{_W}type", "textWrapping") == "textWrapping":
                parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _cells(row: Any) -> Iterator[Any]:
    for child in row:
        if child.tag == _TC:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _cells(child)


def _merge(spans: list[Span]) -> Iterator[Span]:
    previous: Span | None = None
    for span in spans:
        if previous is not None and (previous.bold, previous.italic) == (span.bold, span.italic):
            previous = Span(previous.text + span.text, span.bold, span.italic)
            continue
        if previous is not None:
            yield previous
        previous = span
    if previous is not None:
        yield previous


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _twips(value: str | None) -> int:
    return _int(value, 0)


def read(data: bytes) -> Source:
    """Read a .docx (its bytes) into plain values.

    Raises:
        UnreadableDocument: the bytes are not a .docx (not a zip, no main document,
            XML that does not parse, a part over :data:`PART_LIMIT`).
    """
    try:
        package = _Package(data)
        top = package.related("")
        main = top.get(f"{_TYPES}officeDocument", "word/document.xml")
        document = package.xml(main)
        if document is None:
            raise UnreadableDocument("没有 Word 正文（word/document.xml）")
        body = document.find(f"{_W}body")
        if body is None:
            raise UnreadableDocument("正文中没有 w:body")
        parts = package.related(main)
        reader = _Reader(package.xml(parts.get(f"{_TYPES}styles", "")),
                         package.xml(parts.get(f"{_TYPES}numbering", "")))
        blocks = tuple(reader.blocks(body))
        core = package.xml(top.get(_CORE_TYPE, ""))
    except UnreadableDocument:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise UnreadableDocument(f"不是完好的 zip 压缩包：{error}") from None
    except (KeyError, ValueError, OSError, NotImplementedError, RuntimeError) as error:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression.
        raise UnreadableDocument(f"无法解压：{error or type(error).__name__}") from None
    creator = core.find(_CREATOR) if core is not None else None
    return Source(blocks, (creator.text or "") if creator is not None else "")
