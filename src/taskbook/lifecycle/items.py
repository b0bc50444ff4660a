"""What a record must list, item by item, as its task book lists it.

A quarter's plan and 考核指标 (四) are split at line breaks and “；” (the way the books
write several items in one cell); the expected results and 考核指标 of 二 are the items
of the lists (or the paragraphs) under 预期成果, 约束性指标 and 可预期指标 of the body,
read by the site's own Markdown.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable

from taskbook.bodytext import Reader, plain_text
from taskbook.form import fold
from taskbook.form.model import Form

_SEPARATORS = re.compile(r"\s*(?:\n|；)\s*")
_SPACE = re.compile(r"\s+")


def split(text: str) -> list[str]:
    """A cell's items: split at line breaks and “；”, white space trimmed, empties dropped."""
    return [part for part in (_SPACE.sub(" ", piece).strip() for piece in _SEPARATORS.split(text))
            if part]


def squash(text: str) -> str:
    """Runs of white space as one space, ends trimmed (lines of YAML text joined)."""
    return _SPACE.sub(" ", text).strip()


def joined(items: Iterable[str]) -> list[str]:
    """The items of a record, joined and split again the same way (an item that holds a
    “；” counts as two, as it would in the book)."""
    return split("；".join(items))


RESULTS = "预期成果"
"""The part of 二 whose items an application lists as ``results``."""
INDICATORS = ("约束性指标", "可预期指标")
"""The parts of 二 whose items an application lists as ``indicators``."""


def outcomes(body: str, reader: Reader, form: Form) -> dict[str, list[str]]:
    """The items of each written part of 二 (预期成果, 约束性指标, 可预期指标).

    Each list item (or, where a part has no list, each paragraph) under the part's ``###``
    heading is one item, as a reader sees it (markup removed, lines joined).
    """
    section = form.section("二")
    titles = {fold(part.title): part.title for part in section.content.written}  # type: ignore[union-attr]
    reading = reader.read(body, tree=True)
    found: dict[str, list[str]] = {title: [] for title in titles.values()}
    inside = False
    current: str | None = None
    for element in reading.tree if reading.tree is not None else ():
        text = plain_text(element, reading.raw).strip()
        if element.tag == "h2":
            inside = fold(section.heading) in fold(text)
            current = None
        elif element.tag == "h3" and inside:
            current = next((title for key, title in titles.items() if key in fold(text)), None)
        elif current is not None and element.tag in ("ol", "ul"):
            found[current] += [_item(li, reading.raw) for li in element if li.tag == "li"]
        elif current is not None and element.tag == "p" and text:
            found[current].append(_SPACE.sub(" ", text))
    return found


def _item(element: etree.Element, stash: tuple[str, ...]) -> str:
    return _SPACE.sub(" ", plain_text(element, stash)).strip()
