"""The official form, described once (:data:`FORM`), and how its words are compared.

:mod:`taskbook.form.model` is the vocabulary; :mod:`taskbook.form.official` is the 2021
task book in that vocabulary. The city page, the printed book, ``taskbook new``'s skeleton,
the Word import and the browser form all render or read :data:`FORM`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from taskbook.form.model import Form
from taskbook.form.official import FORM

_QUOTES = re.compile(r"[\"'“”‘’「」『』《》〈〉]")
_ENUMERATOR = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）.、．]|[①-⑩])\s*")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Fold a heading or label for comparison.

    Full and half width, spaces, quotes, subscripts (O₃, PM₂.₅), letter case, leading
    enumerators (一、 1. （二）) and a trailing colon do not matter, so that a work group may
    type them as its editor does.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _QUOTES.sub("", _SPACE.sub("", text))
    # rstrip, not a regular expression: "[:：]+$" tried at every colon is quadratic.
    return _ENUMERATOR.sub("", text, count=1).rstrip(":：")


def fingerprint(form: Form = FORM) -> str:
    """A digest of the whole form model (every label, title, note and width)."""
    import hashlib  # only the site's caches need a digest; validate never loads it

    return hashlib.sha256(repr(form).encode("utf-8")).hexdigest()


__all__ = ["FORM", "Form", "fingerprint", "fold"]
