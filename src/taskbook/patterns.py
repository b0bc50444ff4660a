"""JSON Schema's ``pattern`` with ECMA-262 meaning, for the reference validator.

JSON Schema says patterns are ECMA-262 regular expressions; the compiled validator follows
that, but Python's ``re`` gives ``\\d`` every Unicode digit (``６１０１００`` would pass) and
lets ``$`` match before a final newline (``"…1230\\n"`` would pass). Both validators must
agree, or a book the fast path refuses would get no diagnostic: the reference validator
here translates each pattern to the Python expression with the ECMA meaning.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

_SPACE = "\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_LINE_END = "\n\r\u2028\u2029"
_CLASSES = {
    "d": "0-9", "w": "A-Za-z0-9_", "s": _SPACE,
}


@lru_cache(maxsize=256)
def translate(pattern: str) -> str:
    """Return a Python regular expression with the ECMA-262 meaning of ``pattern``.

    Handles what differs for the patterns a schema uses: ``\\d \\D \\w \\W \\s \\S`` (inside
    and outside classes), ``.`` (no line terminator) and ``$`` (the very end).
    """
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            index += 2
            lower = escaped.lower()
            if lower in _CLASSES:
                members = _CLASSES[lower]
                if in_class:
                    # A negated shorthand inside a class has no simple translation; these
                    # schemas never use one, so keep Python's meaning for it.
                    out.append(members if escaped.islower() else "\\" + escaped)
                else:
                    out.append(f"[{members}]" if escaped.islower() else f"[^{members}]")
            else:
                out.append("\\" + escaped)
            continue
        if in_class:
            if char == "]":
                in_class = False
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
            if pattern[index + 1:index + 2] == "^":
                out.append("^")
                index += 1
            if pattern[index + 1:index + 2] == "]":  # a literal ] first in a class
                out.append("\\]")
                index += 1
        elif char == "$":
            out.append(r"\Z")
        elif char == ".":
            out.append(f"[^{_LINE_END}]")
        else:
            out.append(char)
        index += 1
    return "".join(out)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]) -> Iterator[Any]:
    import re

    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and re.search(translate(pattern), instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def ecma_validator(document: Mapping[str, Any]) -> Any:
    """A Draft 2020-12 validator for ``document`` with ECMA-262 patterns.

    The document is checked against the metaschema first: a broken schema fails here,
    once, rather than as odd errors on every book.
    """
    import jsonschema
    from jsonschema import validators

    jsonschema.Draft202012Validator.check_schema(document)
    cls = validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator, {"pattern": _pattern})
    return cls(document)
