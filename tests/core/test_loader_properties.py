"""The loader never raises, whatever bytes or YAML it is given (property-based)."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taskbook.context import Context
from taskbook.loader import parse
from taskbook.rules import check_book

CONTEXT = Context.load()

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                     st.floats(allow_nan=True, allow_infinity=True))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=20)


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(raw: bytes):
    """Any bytes give a book or diagnostics, and the rules run on any book."""
    loaded = parse(raw, "cities/x/taskbook.md")
    assert (loaded.book is None) == bool(loaded.diagnostics)
    if loaded.book is not None:
        list(check_book(loaded.book, CONTEXT))


@SETTINGS
@given(st.text(max_size=600))
def test_arbitrary_text_in_front_matter_never_raises(text: str):
    """Any text between the delimiters is loaded or reported, never raised."""
    loaded = parse(f"---\n{text}\n---\n正文\n".encode("utf-8", "surrogatepass"), "cities/x/taskbook.md")
    if loaded.book is not None:
        list(check_book(loaded.book, CONTEXT))


@SETTINGS
@given(_values)
def test_arbitrary_yaml_never_raises(value):
    """Any YAML document PyYAML can emit loads or is reported; the rules survive any shape."""
    text = yaml.safe_dump(value, allow_unicode=True)
    loaded = parse(f"---\n{text}---\n".encode("utf-8", "surrogatepass"), "cities/x/taskbook.md")
    if loaded.book is not None:
        list(check_book(loaded.book, CONTEXT))
