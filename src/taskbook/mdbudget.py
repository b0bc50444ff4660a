"""A deterministic bound on the work Python-Markdown does for one body.

Python-Markdown, the site's renderer, takes time that grows faster than the text on some
shapes of input: a paragraph of thousands of heading lines (each is split off and the rest
of the paragraph parsed again), a line of unmatched ``[`` (each is scanned to the end of
its text), thousands of inline tags in one paragraph (the text is rebuilt after each),
hundreds of thousands of blank-line separated blocks (each is popped from the front of a
list), ``>`` nested hundreds deep. A body of that shape would hang the validator, and then
the site. The meter counts the work of those loops in units of about a character handled,
and stops the reading when a body has spent :data:`BUDGET` units: the body is then too
complex (``body-too-complex``), located where the budget ran out. Work, not time, is
counted, so every machine gives the same answer; a real task book spends a few per cent.

The meter only observes: it wraps a few methods of the reader's own Markdown instance
(never the classes, never the site's instance), and the rendering is unchanged.
"""

from __future__ import annotations

import re
from typing import Any

import markdown
from markdown.inlinepatterns import InlineProcessor, LinkInlineProcessor

BUDGET = 1 << 27
"""Units one body may spend. A unit is about a nanosecond or two of Python-Markdown's time
here, so a body stops within about half a second; a 1 MiB book of ordinary text spends
about a fifth of the budget."""
_CHAR = 32
"""Units a character of a block costs in one turn of the block loop (a dozen processors
test the block, several by searching all of it; the table processor splits and strips
every line)."""
_SCAN = 128
"""Units for each character the link patterns scanned in Python, one by one."""
_POP = 8
"""Pointers moved per unit when a block is taken from the front of the list of blocks."""
_MARKUP = 1024
"""Units a ``<`` or ``&`` costs the raw-HTML preprocessor (the standard library's
HTMLParser handles each one in Python)."""
_TAG = re.compile(r"<[A-Za-z!?/]")
"""What the raw-HTML preprocessor may take for a tag: each one copies the rest of the text."""
_FENCES = ("```", "~~~")


class TooComplex(Exception):
    """The body spent its budget; ``near`` is the text being read, ``blocks`` how many
    blocks were waiting when the budget ran out in the block loop (0 elsewhere)."""

    def __init__(self, near: str, blocks: int = 0) -> None:
        super().__init__("body too complex")
        self.near = near
        self.blocks = blocks


class Meter:
    """Counts the work of one Markdown instance; :meth:`start` before each body."""

    def __init__(self, md: markdown.Markdown) -> None:
        self.left = BUDGET
        self._install(md)

    def start(self, source: str) -> None:
        """Give the next body the whole budget, less what its preprocessors will cost.

        Two preprocessors do their work in one call each, out of the meter's reach: the
        raw-HTML one (a few microseconds a ``<``; each tag copies the rest of the text) and
        the fenced-code one (each fence copies the whole text). Their cost is told from the
        text before they run.
        """
        self.left = BUDGET
        marks = source.count("<") + source.count("&")
        if marks:
            tags = len(_TAG.findall(source)) if "<" in source else 0
            first = min(at for at in (source.find("<"), source.find("&")) if at >= 0)
            self.spend(marks * _MARKUP + tags * len(source) // 4, source[first:first + 200])
        fences = sum(source.count(fence) for fence in _FENCES)
        if fences > 1:
            self.spend(fences * len(source) // 2, source[source.find(_FENCES[0]):][:200])

    def spend(self, units: int, near: str, blocks: int = 0) -> None:
        """Count ``units``; raise :class:`TooComplex` when the budget is spent."""
        self.left -= units
        if self.left < 0:
            raise TooComplex(near, blocks)

    def _install(self, md: markdown.Markdown) -> None:
        parser = md.parser
        # A registry iterates in the order the processors run: the first is tested first.
        _wrap_test(self, next(iter(parser.blockprocessors)))
        _wrap_blocks(self, parser)
        for pattern in md.inlinePatterns:
            if isinstance(pattern, InlineProcessor):
                _wrap_match(self, pattern)
            if isinstance(pattern, LinkInlineProcessor):
                _wrap_scans(self, pattern)


def _wrap_test(meter: Meter, processor: Any) -> None:
    # The first block processor is tested once in every turn of the block loop, on the
    # block at the front: its length stands for that turn's work (the other processors'
    # tests, the split of the block, the rest put back).
    test = processor.test

    def counted(parent: Any, block: str) -> bool:
        meter.left -= _CHAR * len(block) + _CHAR  # spend(), inlined: this runs for every block
        if meter.left < 0:
            raise TooComplex(block)
        return bool(test(parent, block))

    processor.test = counted


def _wrap_blocks(meter: Meter, parser: Any) -> None:
    # Each turn pops the front of the list of blocks: a list of n blocks costs n²/2 moves.
    parse = parser.parseBlocks

    def counted(parent: Any, blocks: list[str]) -> None:
        meter.spend(len(blocks) * len(blocks) // _POP, blocks[0] if blocks else "", len(blocks))
        parse(parent, blocks)

    parser.parseBlocks = counted


def _wrap_match(meter: Meter, pattern: Any) -> None:
    # A match rebuilds the text around it: the text's length.
    handle = pattern.handleMatch

    def counted(match: Any, data: str) -> Any:
        meter.spend(len(data), data[match.start():match.start() + 200])
        return handle(match, data)

    pattern.handleMatch = counted


def _wrap_scans(meter: Meter, pattern: Any) -> None:
    # Links scan for their closing bracket and parenthesis character by character.
    get_text, get_link = pattern.getText, pattern.getLink

    # Counted after the scan, for what it scanned: one scan is at most the text (a tenth of
    # a second for a megabyte); the next one stops when the budget is spent.
    def text(data: str, index: int) -> Any:
        found = get_text(data, index)
        meter.spend(_SCAN * (found[1] - index), data[max(0, index - 1):index + 200])
        return found

    def link(data: str, index: int) -> Any:
        found = get_link(data, index)
        meter.spend(_SCAN * max(0, found[2] - index), data[index:index + 200])
        return found

    pattern.getText = text
    pattern.getLink = link


__all__ = ["BUDGET", "Meter", "TooComplex"]
