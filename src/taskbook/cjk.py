"""Joining wrapped lines of Chinese text, and a Python-Markdown extension that does it.

A line break inside a paragraph (Markdown) or a folded value (YAML) is a soft wrap: the
writer's editor broke the line, the text goes on. Browsers and YAML turn it into a space,
which Chinese does not use: "清单；\\nPM2.5" must read "清单；PM2.5", not "清单； PM2.5".
The rule is CSS Text's segment-break transformation: a break next to a wide (East Asian)
character disappears; any other break is one space.

``taskbook.cjk`` is also a Markdown extension (the site and the body reader both load it),
so the site, the printed book and the search index read the same text.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_CODE = frozenset({"pre", "code", "script", "style"})


def is_wide(char: str) -> bool:
    """Whether ``char`` is a wide (full-width East Asian) character."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _join(match: re.Match[str]) -> str:
    text = match.string
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    # At the edge of a text node the other side is markup (a bold run, a link): judge by
    # the side that is known.
    return "" if (before and is_wide(before)) or (after and is_wide(after)) else " "


def join_breaks(text: str) -> str:
    """Replace every soft line break in ``text`` as Chinese typesetting does (white space
    alone, such as the line ends between elements, is left as it is)."""
    return _BREAK.sub(_join, text) if "\n" in text and text.strip() else text


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines (each stripped) into one line of text."""
    return join_breaks("\n".join(line.strip() for line in lines if line.strip()))


class _JoinBreaks(Treeprocessor):
    """Join soft breaks in every text node outside code."""

    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        if element.tag in _CODE:
            return
        if element.text:
            element.text = join_breaks(element.text)
        for child in element:
            self._walk(child)
            if child.tail:
                child.tail = join_breaks(child.tail)


class CjkExtension(Extension):
    """Python-Markdown extension: join soft line breaks the Chinese way."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the treeprocessor after inline processing (priority 20)."""
        md.treeprocessors.register(_JoinBreaks(md), "taskbook_cjk", 6)


def makeExtension(**kwargs: Any) -> CjkExtension:
    """Entry point for ``markdown_extensions: [taskbook.cjk]``."""
    return CjkExtension(**kwargs)
