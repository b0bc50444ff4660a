"""A city's folder name from its Chinese name: lower-case pinyin (西安市 → xian).

No table of names of our own: the name's reading is looked up in CC-CEDICT's phrases
(pypinyin-dict), which know place names whose first character has two readings (长治
chángzhì, 漯河 luòhé, where pypinyin's own phrases say zhǎngzhì and tàhé); a name
CC-CEDICT does not have is read character by character by pypinyin.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_SUFFIX = re.compile(r"(?:市|省|自治区|特别行政区)$")
_LETTERS = re.compile(r"[^a-z0-9]+")


def _plain(syllable: str) -> str:
    """``cháng`` → ``chang``, ``lǚ`` → ``lv``: no tone marks, ü as v."""
    decomposed = unicodedata.normalize("NFD", syllable.lower()).replace("u\u0308", "v")
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def pinyin(name: str) -> str:
    """``西安市`` → ``xian``; ``陕西省`` → ``shanxi``: letters only, ü as v, no tones."""
    stem = _SUFFIX.sub("", name.strip()) or name.strip()
    from pypinyin import Style, lazy_pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    # CC-CEDICT's phrases take a third of a second to load: only for a name with a character
    # of several readings (长 zhǎng/cháng), where the phrase decides.
    if any("," in pinyin_dict.get(ord(char), "") for char in stem):
        from pypinyin_dict.phrase_pinyin_data import cc_cedict

        phrases: dict[str, list[list[str]]] = cc_cedict.phrases_dict
        readings = phrases.get(stem)
        if readings:
            return _LETTERS.sub("", "".join(_plain(options[0]) for options in readings).lower())
    found: list[Any] = lazy_pinyin(stem, style=Style.NORMAL, errors="ignore")
    return _LETTERS.sub("", "".join(str(syllable) for syllable in found).lower())


def candidates(city: str, province: str | None) -> list[str]:
    """Folder names to try in order: the city's pinyin, then with its province's
    (泰州市 of 江苏省 → taizhou, taizhou-jiangsu) for a name another city already uses."""
    base = pinyin(city)
    if not base:
        return []
    found = [base]
    if province:
        region = pinyin(province)
        if region and region != base:
            found.append(f"{base}-{region}")
    return found
