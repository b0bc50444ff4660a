"""Mutated task books never break the checker (property-based).

Each example is the normative example book, mutated the ways hostile and clumsy input is:
values of every type at any pointer (huge and non-finite numbers, full-width digits,
control characters, line separators, tags, deep nesting), deleted, duplicated and renamed
keys, fragments put into the body, and edits of the YAML text itself (tabs, full-width and
glued colons, duplicated lines, unbalanced quotes, numbers of thousands of digits). Every
one goes through the checker as ``taskbook validate`` does, and:

- nothing fails inside taskbook (no exception, no exit status 2);
- every diagnostic is located (line and column ≥ 1, within the file), has a registered
  code and a Chinese message;
- whenever the compiled validator refuses the front matter, there is an error.

``TASKBOOK_PROPERTY_EXAMPLES`` sets the number of examples (default 2,000, about fifteen
seconds on a busy machine); ``benchmarks/run-mutations`` runs a larger number.
"""

from __future__ import annotations

import copy
import os
import re
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import patches
from taskbook.checker import check_bytes
from taskbook.codes import REGISTRY
from taskbook.context import Context
from taskbook.loader import parse

CONTEXT = Context.load()
NAME = "cities/fixture/taskbook.md"
BASE_DATA, BASE_BODY = patches.split(patches.base_text())
EXAMPLES = int(os.environ.get("TASKBOOK_PROPERTY_EXAMPLES", "2000"))
_CHINESE = re.compile("[\u4e00-\u9fff]")


def _pointers(value: Any, pointer: str = "") -> list[str]:
    found = [pointer] if pointer else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _pointers(item, f"{pointer}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _pointers(item, f"{pointer}/{index}")
    return found


POINTERS = _pointers(BASE_DATA)

ODD_TEXT = st.sampled_from([
    "", " ", "６１０１００", "130102197503071230\n", "0311-86012345\u2028", "王\u2029海\x85涛",
    "研究\x1b员", "\x00", "\x0b", "\ufffe", "<b>粗体</b>", "javascript:alert(1)", "260万元", "43岁",
    "博士 ", "DQGG2021٠١", "2021-05", "2021-13", "1e400", "x" * 5000, "：", "degree:博士",
    "\ud7ff\ue000", "𠀀𠀁", "\u200b", "&amp;", "（请填写研究目标。删去本行。）",
])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30), st.integers(-5, 120),
    st.floats(allow_nan=True, allow_infinity=True), ODD_TEXT, st.text(max_size=12),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["name", "a", "年龄", "x:1", ""]), inner, max_size=3)),
    max_leaves=6)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """libyaml's emitter (ten times PyYAML's), repeated values written out, no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _join(data: Any, body: str) -> str:
    dumped = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 20)
    return f"---\n{dumped}---\n{body}"


def _step(data: Any, tokens: list[str]) -> Any:
    for token in tokens:
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


@st.composite
def front_edits(draw: st.DrawFn) -> Any:
    """The example's front matter with a few values set, deleted, duplicated or renamed."""
    data = copy.deepcopy(BASE_DATA)
    for _ in range(draw(st.integers(0, 4))):
        pointer = draw(st.sampled_from(POINTERS))
        *parents, last = pointer.strip("/").split("/")
        try:
            parent = _step(data, parents)
            key: Any = int(last) if isinstance(parent, list) else last
            parent[key]  # the pointer may be gone after an earlier edit
        except (KeyError, IndexError, TypeError, ValueError):
            continue
        action = draw(st.sampled_from(["set", "set", "delete", "duplicate", "rename", "nest"]))
        if action == "set":
            parent[key] = draw(VALUES)
        elif action == "delete":
            del parent[key]
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif action in ("duplicate", "rename") and isinstance(parent, dict):
            value = parent[key] if action == "duplicate" else parent.pop(key)
            parent[draw(st.sampled_from([f"{key}_2", key.upper(), f"{key}:1", f"{key} ", "年龄"]))] = value
        elif action == "nest":
            value: Any = draw(SCALARS)
            for _ in range(draw(st.integers(1, 80))):
                value = [value] if draw(st.booleans()) else {"a": value}
            parent[key] = value
    return data


BODY_FRAGMENTS = st.sampled_from([
    "\n## 三、其他\n", "#### O₃ 污染成因综合分析\n", "<b>x</b>", "[坏](javascript:x)", "{: onclick=\"y\" }",
    "\x1b", "\u2028", "\x85", "（请填写。删去本行。）", "\n\n\n", "当 VOCs<NOx 时", "```\n<i>\n```",
    "[" * 50, "#" * 8 + " x", "> " * 30 + "引用", "\t- 列表", "\r\n", "\r",
])
TEXT_EDITS = st.sampled_from([
    ("  degree: 博士", "  degree:博士"), ("  degree: 博士", "\tdegree: 博士"), ("  degree: 博士", "  degree：博士"),
    ("person_months: 420", "person_months: " + "9" * 4400), ("person_months: 420", "person_months: 420\nperson_months: 1"),
    ("  sex: 男", "  sex: \"男"), ("  seq: 1", "  seq: 1.0"), ("  seq: 1", "  seq: 0x1"), ("  seq: 1", "  seq: !!int \"x\""),
    ("  code: \"130100\"", "  code: 130100"), ("  code: \"130100\"", "  code: \"１３０１００\""),
    ("schema_version: 1", "schema_version: &a 1\nx: *a"), ("schema_version: 1", "schema_version: " + "[" * 70 + "]" * 70),
    ("  name: 王海涛", "  name: 王\u2028海涛"), ("  name: 王海涛", "  name: \"王\\e海涛\""), ("\n---\n", "\n"),
    ("---\n", "---\r\n"), ("  mobile: \"13803211234\"", "  mobile: 13803211234"),
])


@st.composite
def books(draw: st.DrawFn) -> str:
    """The text of a mutated book."""
    data = draw(front_edits())
    body = BASE_BODY
    lines = body.split("\n")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(BODY_FRAGMENTS))
    body = "\n".join(lines)
    try:
        text = _join(data, body)
    except (ValueError, yaml.YAMLError):  # a value PyYAML cannot write (a huge integer)
        text = _join(BASE_DATA, body)
    for old, new in draw(st.lists(TEXT_EDITS, max_size=2)):
        text = text.replace(old, new, 1)
    return text


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(books())
def test_mutated_books_are_reported_never_crash(text: str):
    """No failure inside taskbook; every diagnostic located, registered and Chinese; an
    error whenever the compiled validator refuses the front matter."""
    raw = text.encode("utf-8", "surrogatepass")
    result = check_bytes(raw, NAME, CONTEXT)
    assert result.failure is None, result.failure
    last_line = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for diagnostic in result.diagnostics:
        assert diagnostic.file == NAME
        assert 1 <= diagnostic.line <= last_line and diagnostic.column >= 1, diagnostic
        assert diagnostic.code in REGISTRY, diagnostic
        assert _CHINESE.search(diagnostic.message), diagnostic
    loaded = parse(raw, NAME, CONTEXT.schema.property_names)
    if loaded.book is not None and not CONTEXT.schema.fast.is_valid(loaded.book.data):
        assert any(d.severity == "error" for d in result.diagnostics)
