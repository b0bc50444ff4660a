"""The book's Markdown body, read once, by the site's own Markdown.

The site renders a body with Python-Markdown and the extensions in :data:`EXTENSIONS`; the
validator and the exporter read it with the very same set-up, so a heading is a heading,
raw HTML is raw HTML and a link is a link in all three. One :class:`Reader` (one Markdown
instance) is made per run and reused for every book.

What a reading gives:

- the headings, each with its level, its text and its line in the file (for the outline
  check and for locating other problems);
- the unsafe constructs the site would pass through (raw HTML, ``javascript:``-like links,
  ``on…`` attributes), each located;
- the element tree after every tree processor, for the exporter.

Python-Markdown keeps no source positions: headings and raw HTML are found again in the
source, in document order, from a cursor that only moves forward.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import markdown
from markdown.treeprocessors import Treeprocessor
from pymdownx.slugs import slugify

EXTENSIONS: tuple[str, ...] = (
    "tables", "admonition", "attr_list", "sane_lists", "fenced_code", "toc", "taskbook.cjk",
)
"""The Markdown extensions of the site (the plugin sets them), the validator and the export."""
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    # Unicode slugs: Chinese headings keep readable anchors (the default drops them).
    "toc": {"permalink": True, "slugify": slugify(case="lower")},
}
_BAD_SCHEME = re.compile(r"(?:javascript|vbscript|data|file|livescript):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\u200b-\u200f\u2060\ufeff]+")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")
_HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}
_INLINE_MARKS = re.compile(r"[`\\\[!<&*_{]|  $")
"""What Python-Markdown's inline patterns start with (code, escape, links and images,
autolinks and HTML, entities, emphasis, attribute lists, a hard line break)."""
_SKIPPED = ("toc", "prettify")
"""Tree processors the reader leaves out: ids, permalinks and indentation change nothing it
reads (text, raw HTML, links, attributes), and the table of contents is a third of the time."""


@dataclass(frozen=True)
class Heading:
    """A heading of the body: level (1–6), text as shown, line in the file (1-based)."""

    level: int
    text: str
    line: int


@dataclass(frozen=True)
class Unsafe:
    """Something the site would pass through to readers' browsers.

    Attributes:
        code: ``unsafe-html``, ``unsafe-link`` or ``unsafe-attribute``.
        line: 1-based line in the file.
        column: 1-based column (code points).
        excerpt: what was found, shortened for a message.
    """

    code: str
    line: int
    column: int
    excerpt: str


@dataclass(frozen=True)
class Reading:
    """What the reader found in one body."""

    headings: tuple[Heading, ...]
    unsafe: tuple[Unsafe, ...]
    tree: etree.Element | None = field(default=None, compare=False, repr=False)
    """The element tree after all tree processors (only when asked for)."""
    raw: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """The HTML stash, to resolve placeholders left in the tree's text."""

    def heading_path(self, line: int) -> str:
        """The headings (level 2 and below) that contain ``line``, e.g. ``一、目标和任务 › 研究目标``."""
        path: list[Heading] = []
        for heading in self.headings:
            if heading.line > line:
                break
            path = [h for h in path if h.level < heading.level]
            if heading.level >= 2:
                path.append(heading)
        return " › ".join(h.text for h in path)


def _names(registry: Any) -> list[str]:
    """The names in a Python-Markdown registry, in the order it runs them."""
    return [item.name for item in sorted(registry._priority, key=lambda i: i.priority, reverse=True)]


class _Capture(Treeprocessor):
    """Record the headings before inline processing, while their text is the source's."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[tuple[etree.Element, str]] = []

    def run(self, root: etree.Element) -> None:
        self.found = [(element, element.text or "") for element in root.iter()
                      if element.tag in _HEADING_TAGS]


class Reader:
    """Reads bodies with one Markdown instance (made once per run, reused for every book)."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=list(EXTENSIONS), extension_configs=EXTENSION_CONFIGS)
        self.capture = _Capture(self.md)
        self.md.treeprocessors.register(self.capture, "taskbook_capture", 100)
        self.processors: list[Treeprocessor] = [
            self.md.treeprocessors[name] for name in _names(self.md.treeprocessors)
            if name not in _SKIPPED]

    def read(self, body: str, first_line: int = 1, *, tree: bool = False) -> Reading:
        """Read one body.

        Args:
            body: the Markdown after the front matter.
            first_line: the body's first line in the file.
            tree: also return the element tree (the exporter needs it).
        """
        md = self.md
        md.reset()
        source = body.replace("\r\n", "\n").replace("\r", "\n")
        lines = source.split("\n")
        # The stash collects what preprocessors and inline patterns set aside. Only the
        # HTML block preprocessor and the inline pass stash the writer's raw HTML; the
        # fenced-code preprocessor stashes HTML of its own making.
        work = lines
        raw_from: list[int] = []
        for name in _names(md.preprocessors):
            before = len(md.htmlStash.rawHtmlBlocks)
            work = md.preprocessors[name].run(work)
            if name == "html_block":
                raw_from += range(before, len(md.htmlStash.rawHtmlBlocks))
        document = md.parser.parseDocument(work).getroot()
        assert document is not None  # Python-Markdown always gives a root element
        root: etree.Element = document
        full = tree or any(mark in source for mark in "<[{")
        if full:
            before_inline = len(md.htmlStash.rawHtmlBlocks)
            for processor in self.processors:
                replaced = processor.run(root)
                if replaced is not None:
                    root = replaced
            inline_raw = range(before_inline, len(md.htmlStash.rawHtmlBlocks))
        else:
            # Nothing inline can be unsafe without <, [ or {: only the headings' own text
            # needs the inline pass, which is run on them alone, and only on those that hold
            # a character an inline pattern starts with (the others read as written).
            self.capture.run(root)
            inline_raw = range(0)
            mini: etree.Element = etree.Element("div")
            mini.extend(element for element, raw in self.capture.found if _INLINE_MARKS.search(raw))
            for processor in self.processors:
                if processor is not self.capture:
                    replaced = processor.run(mini)
                    if replaced is not None:
                        mini = replaced
        stash = tuple(str(item) for item in md.htmlStash.rawHtmlBlocks)
        headings = tuple(self._headings(lines, first_line, stash))
        unsafe: list[Unsafe] = []
        if full:
            unsafe += _raw_html(lines, first_line, [stash[i] for i in raw_from], block=True)
            unsafe += _raw_html(lines, first_line, [stash[i] for i in inline_raw], block=False)
            unsafe += _attributes(root, lines, first_line, stash)
        unsafe.sort(key=lambda item: (item.line, item.column, item.code))
        return Reading(headings, tuple(unsafe), root if tree else None, stash)

    def _headings(self, lines: list[str], first_line: int, stash: tuple[str, ...]) -> Iterator[Heading]:
        cursor = 0
        for element, raw in self.capture.found:
            level = _HEADING_TAGS[element.tag]
            index = _find_heading(lines, cursor, level, raw.strip())
            if index is not None:
                cursor = index + 1
            text = plain_text(element, stash).strip()
            yield Heading(level, text, first_line + (index if index is not None else cursor))


def plain_text(element: etree.Element, stash: tuple[str, ...] = ()) -> str:
    """The text of an element as a reader sees it (raw HTML shown literally; the table of
    contents' permalinks left out)."""
    parts: list[str] = []

    def walk(node: etree.Element) -> None:
        if node.get("class") == "headerlink":
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(element)
    return _PLACEHOLDER.sub(lambda m: stashed(stash, int(m.group(1))), "".join(parts))


def stashed(stash: tuple[str, ...], index: int) -> str:
    """What a placeholder of the Markdown's stash stands for: an entity decoded, raw HTML as
    written (shown literally, never interpreted)."""
    if index >= len(stash):
        return ""
    value = stash[index]
    return html.unescape(value) if _ENTITY.fullmatch(value) else value


def _find_heading(lines: list[str], start: int, level: int, raw: str) -> int | None:
    """The index of the source line of a heading, searching forward from ``start``."""
    marker = "#" * level
    for index in range(start, len(lines)):
        line = lines[index].lstrip(" \t>")
        if line.startswith(marker) and line[level:level + 1] in (" ", "\t", "") and raw in line:
            return index
        underline = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if (raw and line.strip() == raw and underline
                and set(underline) == {"=" if level == 1 else "-"}):
            return index
    return None


def _locate(lines: list[str], needle: str, start: tuple[int, int]) -> tuple[int, int] | None:
    """(row, column) of the first occurrence of ``needle`` at or after ``start``."""
    row, column = start
    for index in range(row, len(lines)):
        found = lines[index].find(needle, column if index == row else 0)
        if found >= 0:
            return index, found
    return None


def _excerpt(text: str, limit: int = 40) -> str:
    first = text.strip().split("\n")[0]
    return first if len(first) <= limit else first[:limit] + "…"


def _raw_html(lines: list[str], first_line: int, found: list[str], *, block: bool) -> Iterator[Unsafe]:
    cursor = (0, 0)
    for raw in found:
        if _ENTITY.fullmatch(raw.strip()):
            continue  # an entity such as &amp; is stashed too, but it is text
        needle = raw.strip().split("\n")[0]
        where = _locate(lines, needle, cursor) or _locate(lines, needle[:2], cursor) or cursor
        cursor = (where[0], where[1] + 1)
        yield Unsafe("unsafe-html", first_line + where[0], where[1] + 1, _excerpt(raw))


def _attributes(root: etree.Element, lines: list[str], first_line: int,
                stash: tuple[str, ...]) -> Iterator[Unsafe]:
    cursor = (0, 0)
    for element in root.iter():
        for name, value in element.attrib.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                needle = f"{name}="
                where = _locate(lines, needle, cursor) or cursor
                cursor = (where[0], where[1] + 1)
                yield Unsafe("unsafe-attribute", first_line + where[0], where[1] + 1,
                             _excerpt(f"{name}={value}"))
            elif lowered in _URL_ATTRIBUTES:
                target = _INVISIBLE.sub("", html.unescape(_PLACEHOLDER.sub(
                    lambda m: stashed(stash, int(m.group(1))), value)))
                if _BAD_SCHEME.match(target):
                    where = _locate(lines, value.strip()[:20], (0, 0)) or _locate(
                        lines, value.strip()[:6], (0, 0)) or (0, 0)
                    yield Unsafe("unsafe-link", first_line + where[0], where[1] + 1, _excerpt(value))
