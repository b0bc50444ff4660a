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
source, in document order, from a cursor that only moves forward; headings through an index
of the lines that can be headings, everything else by ``str.find`` on the whole text, with
a bounded number of searches that find nothing, so that locating stays linear in the body
whatever it holds. Python-Markdown's own work is bounded by :mod:`taskbook.mdbudget`.
"""

from __future__ import annotations

import bisect
import html
import importlib
import itertools
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import markdown
from markdown.treeprocessors import Treeprocessor
from pymdownx.slugs import slugify

from taskbook.mdbudget import Meter, TooComplex

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
_HEADING_LINE = re.compile(r"[ \t>]*(?:(?:[-*+]|[0-9]{1,9}[.)])[ \t]+)*(#+)")
"""An ATX heading's marks at a line's start (in a quote or a list item too)."""
_MISSES = 64
"""Searches for a needle that is not in the source, per body: more would make locating
quadratic on hostile input; after them, a thing is located at the cursor."""


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
class TooComplexAt:
    """Where Python-Markdown's work ran over its budget (see :mod:`taskbook.mdbudget`).

    Attributes:
        line: 1-based line in the file.
        column: 1-based column.
        blocks: blank-line separated blocks waiting when it ran out in the block loop, or 0.
    """

    line: int
    column: int
    blocks: int = 0
    blank_lines: int = 0
    """The longest run of blank lines, when it ran out in the block loop."""


@dataclass(frozen=True)
class Reading:
    """What the reader found in one body."""

    titles: tuple[tuple[int, str], ...]
    """The headings' levels and texts, in order (what the outline check needs)."""
    unsafe: tuple[Unsafe, ...]
    tree: etree.Element | None = field(default=None, compare=False, repr=False)
    """The element tree after all tree processors (only when asked for)."""
    raw: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """The HTML stash, to resolve placeholders left in the tree's text."""
    too_complex: TooComplexAt | None = None
    """Set when the body was too complex to read: nothing else was read then."""
    lines: Callable[[], tuple[int, ...]] = field(default=tuple, compare=False, repr=False)
    """Finds the headings' lines in the source (only a book with problems needs them)."""

    @cached_property
    def headings(self) -> tuple[Heading, ...]:
        """The headings, each with its level, text and line in the file."""
        return tuple(Heading(level, text, line) for (level, text), line in zip(self.titles, self.lines(), strict=True))

    @cached_property
    def _paths(self) -> tuple[list[int], list[str]]:
        lines: list[int] = []
        paths: list[str] = []
        path: list[Heading] = []
        for heading in self.headings:
            path = [h for h in path if h.level < heading.level]
            if heading.level >= 2:
                path.append(heading)
            lines.append(heading.line)
            paths.append(" › ".join(h.text for h in path))
        return lines, paths

    def heading_path(self, line: int) -> str:
        """The headings (level 2 and below) that contain ``line``, e.g. ``一、目标和任务 › 研究目标``."""
        lines, paths = self._paths
        index = bisect.bisect_right(lines, line)
        return paths[index - 1] if index else ""


def _names(registry: Any) -> list[str]:
    """The names in a Python-Markdown registry, in the order it runs them."""
    return [item.name for item in sorted(registry._priority, key=lambda i: i.priority, reverse=True)]


def _extensions() -> list[markdown.Extension]:
    """The extensions of :data:`EXTENSIONS`, made as Python-Markdown makes them from their
    names (a built-in's short name is its module in ``markdown.extensions``), but without
    its search of every installed package's entry points (a fiftieth of a second a run)."""
    made = []
    for name in EXTENSIONS:
        module = importlib.import_module(name if "." in name else f"markdown.extensions.{name}")
        made.append(module.makeExtension(**EXTENSION_CONFIGS.get(name, {})))
    return made


class _Settled(markdown.util.Registry[Any]):
    """A registry iterated in a kept order: Python-Markdown's own sorts and copies itself
    on every iteration, that is on every turn of the block loop. Same processors, same
    order: only the copying is saved (it is a tenth of reading a book's body)."""

    _order: list[Any] | None = None

    def __iter__(self) -> Iterator[Any]:
        if self._order is None:
            self._order = list(super().__iter__())
        return iter(self._order)

    def register(self, item: Any, name: str, priority: float) -> None:
        self._order = None
        super().register(item, name, priority)

    def deregister(self, name: str, strict: bool = True) -> None:
        self._order = None
        super().deregister(name, strict)


def _settled(registry: markdown.util.Registry[Any]) -> _Settled:
    settled = _Settled()
    settled.__dict__.update(registry.__dict__)
    return settled


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
        self._build()

    def _build(self) -> None:
        self.md = markdown.Markdown(extensions=_extensions())
        self.capture = _Capture(self.md)
        self.md.treeprocessors.register(self.capture, "taskbook_capture", 100)
        self.processors: list[Treeprocessor] = [
            self.md.treeprocessors[name] for name in _names(self.md.treeprocessors)
            if name not in _SKIPPED]
        self.meter = Meter(self.md)
        self.md.parser.blockprocessors = _settled(self.md.parser.blockprocessors)
        self.preprocessors = [(name, self.md.preprocessors[name]) for name in _names(self.md.preprocessors)]

    def read(self, body: str, first_line: int = 1, *, tree: bool = False) -> Reading:
        """Read one body.

        Args:
            body: the Markdown after the front matter.
            first_line: the body's first line in the file.
            tree: also return the element tree (the exporter needs it).

        Returns:
            The reading; when the body is too complex for Python-Markdown's budget, a
            reading with :attr:`Reading.too_complex` set and nothing else.
        """
        source = body.replace("\r\n", "\n").replace("\r", "\n")
        try:
            self.meter.start(source)
            return self._read(source, first_line, tree)
        except TooComplex as stopped:
            # The instance stopped half-way (its parser's state may be left set): a fresh
            # one reads the next body. This happens only for hostile or broken bodies.
            self._build()
            return Reading((), (), too_complex=_too_complex_at(source, first_line, stopped))

    def _read(self, source: str, first_line: int, tree: bool) -> Reading:
        md = self.md
        md.reset()
        lines = source.split("\n")
        # The stash collects what preprocessors and inline patterns set aside. Only the
        # HTML block preprocessor and the inline pass stash the writer's raw HTML; the
        # fenced-code preprocessor stashes HTML of its own making.
        work = lines
        raw_from: list[int] = []
        for name, preprocessor in self.preprocessors:
            before = len(md.htmlStash.rawHtmlBlocks)
            work = preprocessor.run(work)
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
        found = _Source(lines, first_line, source)
        captured = [(_HEADING_TAGS[element.tag], _heading_text(element, stash), raw.strip())
                    for element, raw in self.capture.found]
        unsafe: list[Unsafe] = []
        if full:
            unsafe += _raw_html(found, [stash[i] for i in raw_from])
            unsafe += _raw_html(found, [stash[i] for i in inline_raw])
            unsafe += _attributes(root, found, stash)
        unsafe.sort(key=lambda item: (item.line, item.column, item.code))
        return Reading(tuple((level, text) for level, text, _ in captured), tuple(unsafe),
                       root if tree else None, stash, lines=lambda: _heading_lines(found, captured))


def _heading_text(element: etree.Element, stash: tuple[str, ...]) -> str:
    if len(element) or "\x02" in (element.text or ""):
        return plain_text(element, stash).strip()
    return (element.text or "").strip()  # no inline markup: the text as it stands


def _heading_lines(found: _Source, captured: list[tuple[int, str, str]]) -> tuple[int, ...]:
    """Each heading's line in the file, found in document order from a forward cursor."""
    lines = []
    cursor = row = 0  # the offset after the last heading found, and the line after it
    for level, _, raw in captured:
        hit = found.heading(cursor, level, raw)
        if hit is not None:
            row, cursor = hit[0] + 1, hit[1]
        lines.append(found.first_line + (hit[0] if hit is not None else row))
    return tuple(lines)


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


class _Source:
    """The body as one text, for locating what the reader found by ``str.find`` from a
    cursor (C speed). Offsets become lines by counting line ends from the last offset
    asked for (linear when, as mostly, offsets grow), else by bisection over the lines'
    starts (made on first need).

    A search that finds nothing costs the rest of the text: after :data:`_MISSES` of them
    nothing more is searched, and a thing is located at the cursor, so that locating stays
    linear in the body whatever it holds.
    """

    def __init__(self, lines: list[str], first_line: int, text: str | None = None) -> None:
        self.lines = lines
        self.text = "\n".join(lines) if text is None else text
        self.first_line = first_line
        self.misses = 0
        self.missing: dict[str, int] = {}
        self._offset = self._row = 0
        self._next: dict[str, int] = {}
        self._wraps = 0

    @cached_property
    def starts(self) -> list[int]:
        return [0, *itertools.accumulate(len(line) + 1 for line in self.lines[:-1])]

    def find(self, needle: str, start: int) -> int | None:
        """The offset of ``needle`` at or after ``start``, or None."""
        if not needle or self.missing.get(needle, len(self.text) + 1) <= start:
            return None
        if self.misses >= _MISSES:
            return None
        found = self.text.find(needle, start)
        if found < 0:
            self.misses += 1
            self.missing[needle] = min(start, self.missing.get(needle, start))
            return None
        return found

    def next(self, *needles: str) -> int:
        """The offset of the next occurrence of the first of ``needles`` found, each needle
        from just after where it was last found: Python-Markdown stashes raw HTML and walks
        its tree in an order that is not always the source's, but the same text recurs in
        order. A needle not found onwards is looked for from the start (at most
        :data:`_MISSES` times a body: each costs the text up to it); nothing found at all
        gives the body's start."""
        for needle in needles:
            start = self._next.get(needle, 0)
            at = self.find(needle, start)
            if at is None and start and self._wraps < _MISSES:
                self._wraps += 1
                at = self.find(needle, 0)
            if at is not None:
                self._next[needle] = at + 1
                return at
        return 0

    def row(self, offset: int) -> int:
        """The 0-based line of an offset."""
        if offset >= self._offset:
            self._row += self.text.count("\n", self._offset, offset)
        else:
            self._row = bisect.bisect_right(self.starts, offset) - 1
        self._offset = offset
        return self._row

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of an offset in the file."""
        row = self.row(offset)
        return self.first_line + row, offset - (self.text.rfind("\n", 0, offset) + 1) + 1

    def heading(self, start: int, level: int, raw: str) -> tuple[int, int] | None:
        """The first line at or after offset ``start`` that is the heading (``raw``: its
        text before inline processing): an ATX line of ``level`` (``## 标题``, in a quote or
        a list item too) holding the text, or the text over a setext underline. Returns
        the line (0-based) and the offset of the line after it, or None."""
        text, lines = self.text, self.lines
        offset = start
        needle = raw or "#"
        while True:
            at = self.find(needle, offset)
            if at is None:
                return None
            row = self.row(at)
            line = lines[row]
            line_start = text.rfind("\n", 0, at) + 1
            after = line_start + len(line) + 1
            match = _HEADING_LINE.match(line)
            if match is not None and min(len(match.group(1)), 6) == level and raw in line:
                return row, after
            below = lines[row + 1].strip() if row + 1 < len(lines) else ""
            if (raw and level <= 2 and line.strip().lstrip("> \t") == raw and below
                    and set(below) == {"=" if level == 1 else "-"}):
                return row, after
            offset = after


def _excerpt(text: str, limit: int = 40) -> str:
    first = text.strip().split("\n", 1)[0] if "\n" in text[:limit * 4] else text.strip()[:limit * 4]
    return first if len(first) <= limit else first[:limit] + "…"


def _raw_html(found: _Source, stashed: list[str]) -> Iterator[Unsafe]:
    for raw in stashed:
        if _ENTITY.fullmatch(raw.strip()):
            continue  # an entity such as &amp; is stashed too, but it is text
        needle = raw.strip().split("\n", 1)[0][:200]
        line, column = found.position(found.next(needle, needle[:2]))
        yield Unsafe("unsafe-html", line, column, _excerpt(raw))


def _attributes(root: etree.Element, found: _Source, stash: tuple[str, ...]) -> Iterator[Unsafe]:
    for element in root.iter():
        for name, value in element.attrib.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                line, column = found.position(found.next(f"{name}="))
                yield Unsafe("unsafe-attribute", line, column, _excerpt(f"{name}={value}"))
            elif lowered in _URL_ATTRIBUTES:
                target = _INVISIBLE.sub("", html.unescape(_PLACEHOLDER.sub(
                    lambda m: stashed(stash, int(m.group(1))), value)))
                if _BAD_SCHEME.match(target):
                    # A reference's target may stand before its use: next() wraps round.
                    line, column = found.position(found.next(value.strip()[:20], value.strip()[:6]))
                    yield Unsafe("unsafe-link", line, column, _excerpt(value))


def _too_complex_at(source: str, first_line: int, stopped: TooComplex) -> TooComplexAt:
    """Where to point the writer: the text being read when the budget ran out, or, in the
    block loop, the longest run of blank lines."""
    found = _Source(source.split("\n"), first_line)
    at, blank = None, 0
    if stopped.blocks:
        runs = [(match.end() - match.start(), match.start()) for match in re.finditer("\n\n\n+", source)]
        if runs:
            longest, start = max(runs)
            at, blank = start + 1, longest - 1
    if at is None:
        near = _PLACEHOLDER.sub("", stopped.near).strip().split("\n", 1)[0][:40]
        at = found.find(near, 0) if near else None
    line, column = found.position(at or 0)
    return TooComplexAt(line, column, stopped.blocks, blank)
