"""Matching text against the form's words: labels by fold, running text by template.

Labels are compared with :func:`taskbook.form.fold` (width, spaces, quotes, enumerators
and a trailing colon do not matter). Running text with values inside it (参加人数, a
经费证明's statement, 六's “{province}生态环境厅（公章）”) is matched against the form's
template: its words must be there, in order; punctuation and spaces between them may
differ; each value is captured as typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from taskbook.form import fold

_WORD = re.compile(r"[^\W_]+")
_GAP = r"[^\w×＊*]*"
"""Punctuation and spaces between words; never the form's placeholder marks (××××), which
belong to the value they stand for."""
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Slot:
    """A value inside running text, by name (a pointer, or a placeholder's name)."""

    name: str


Piece = str | Slot


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` in NFKC, and for each folded character the index of its original one."""
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        normal = unicodedata.normalize("NFKC", char) if ord(char) > 0x7F else char
        parts.append(normal)
        origin.extend([index] * len(normal))
    origin.append(len(text))
    return "".join(parts), origin


@lru_cache(maxsize=256)
def _compile(pieces: tuple[Piece, ...]) -> re.Pattern[str]:
    pattern = [_GAP]
    for piece in pieces:
        if isinstance(piece, Slot):
            pattern.append(r"(.*?)")
            continue
        words = _WORD.findall(unicodedata.normalize("NFKC", piece))
        if words:
            pattern.append(_GAP.join(re.escape(word) for word in words) + _GAP)
    pattern.append(_GAP)  # a value never ends in the punctuation that closes the sentence
    return re.compile("".join(pattern), re.DOTALL)


def match(pieces: Sequence[Piece], text: str) -> dict[str, str] | None:
    """The values of ``text`` read against a template, or None when its words are not there.

    Args:
        pieces: fixed text and slots, in order.
        text: what was typed.

    Returns:
        Each slot's name → its text as typed (stripped; ``""`` when left blank).
    """
    folded, origin = _folded(text)
    found = _compile(tuple(pieces)).fullmatch(folded)
    if found is None:
        return None
    slots = [piece for piece in pieces if isinstance(piece, Slot)]
    values: dict[str, str] = {}
    for number, slot in enumerate(slots, start=1):
        start, end = found.span(number)
        values[slot.name] = "" if start < 0 else text[origin[start]:origin[end]].strip()
    return values


def words(text: str, **known: str) -> tuple[Piece, ...]:
    """A text of the form with ``{name}`` placeholders as pieces; placeholders given in
    ``known`` are filled in, the others become slots."""
    pieces: list[Piece] = []
    position = 0
    for found in _PLACEHOLDER.finditer(text):
        pieces.append(text[position:found.start()])
        name = found.group(1)
        pieces.append(known[name] if name in known else Slot(name))
        position = found.end()
    pieces.append(text[position:])
    return tuple(piece for piece in pieces if piece != "")


def same(text: str, *candidates: str) -> bool:
    """Whether ``text`` reads as one of ``candidates`` once folded."""
    folded = fold(text)
    return bool(folded) and any(folded == fold(candidate) for candidate in candidates)
