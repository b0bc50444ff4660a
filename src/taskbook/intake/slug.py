"""A city's folder name from its Chinese name: lower-case pinyin (西安市 → xian).

pypinyin reads the characters; its own phrase data misreads some place names (长治 as
zhangzhi, 漯河 as tahe), so CC-CEDICT's phrases (pypinyin-dict), which know them, are
loaded first, once, when a slug is first asked for. No table of names of our own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any, cast

_SUFFIX = re.compile(r"(?:市|省|自治区|特别行政区)$")
_LETTERS = re.compile(r"[^a-z0-9]+")


@cache
def _pinyin() -> Callable[..., list[str]]:
    """pypinyin's ``lazy_pinyin`` with CC-CEDICT's phrases loaded (once per process)."""
    from pypinyin import lazy_pinyin
    from pypinyin_dict.phrase_pinyin_data import cc_cedict

    cc_cedict.load()
    return cast(Callable[..., list[str]], lazy_pinyin)


def pinyin(name: str) -> str:
    """``西安市`` → ``xian``; ``陕西省`` → ``shanxi``: letters only, ü as v, no tones."""
    from pypinyin import Style

    lazy_pinyin = _pinyin()
    stem = _SUFFIX.sub("", name.strip()) or name.strip()
    syllables: list[Any] = lazy_pinyin(stem, style=Style.NORMAL, errors="ignore")
    return _LETTERS.sub("", "".join(syllables).lower())


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
