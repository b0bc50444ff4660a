"""The patch applier that turns the invalid fixtures' specs into books (tests/patches.py)."""

from __future__ import annotations

import pytest

from patches import PatchError, base_text, build, load
from taskbook.loader import parse
from taskbook.rules import check_book

SMALL = "---\n# a comment\ncode: '050000'\ncity: {name: 石家庄市, seq: 1}\nlist: [x, y]\n---\n\nBody: name.\n"


def test_front_matter_operations_reserialise_the_front_matter():
    """set, remove and append edit the data by pointer and rewrite the front matter; the body stays."""
    patch = {"set": {"/city/name": "保定市", "/new/deep": "2021-06", "/list/0": 7},
             "remove": ["/code", "/city/seq"], "append": {"/list": {"a": 1}}}
    assert build(patch, SMALL) == (
        "---\ncity:\n  name: 保定市\nlist:\n- 7\n- y\n- a: 1\nnew:\n  deep: 2021-06\n---\n\nBody: name.\n"
    ).encode()


def test_the_empty_pointer_sets_the_whole_front_matter():
    """``set: {"": …}`` replaces the front matter, even by a value that is not a mapping."""
    assert build({"set": {"": ["石家庄市", 1]}}, SMALL) == "---\n- 石家庄市\n- 1\n---\n\nBody: name.\n".encode()


def test_text_patches_keep_the_base_as_written():
    """Without front-matter operations the base's text is kept; ``body`` replaces in the body only."""
    patch = {"body": [["name", "名称"]], "text": [["seq: 1", "seq: 01"]]}
    assert build(patch, SMALL) == SMALL.replace("seq: 1", "seq: 01").replace("Body: name", "Body: 名称").encode()


def test_raw_repeat_encoding_and_directory():
    """``raw`` replaces the base, ``repeat`` appends, ``encoding`` writes the bytes; a directory has none."""
    assert build({"raw": "石", "repeat": {"text": "家", "times": 2}, "encoding": "gbk"}, SMALL) == "石家家".encode("gbk")
    assert build({"directory": True}, SMALL) is None


@pytest.mark.parametrize(("patch", "error"), [
    ({"text": [["Body", "x"], ["absent", "x"]]}, "text: 'absent' occurs 0 times, not once"),
    ({"text": [["name", "x"]]}, "text: 'name' occurs 2 times, not once"),
    ({"body": [["code", "x"]]}, "body: 'code' occurs 0 times, not once"),
    ({"remove": ["/city/code"]}, "/city/code: no 'code'"),
    ({"set": {"/list/2": "z"}}, "/list/2: no item 2 in a list of 2"),
    ({"append": {"/city": "z"}}, "append: /city is not a list"),
    ({"sets": {"/code": "x"}}, "unknown keys ['sets']"),
])
def test_a_patch_that_does_not_apply_fails_loudly(patch, error):
    """A replacement that does not match exactly once, a missing pointer or an unknown key is an error."""
    with pytest.raises(PatchError) as raised:
        build(patch, SMALL)
    assert str(raised.value) == error


def test_a_spec_with_an_unknown_key_is_refused(tmp_path):
    """A misspelt key in a spec file is an error, not a patch that changes nothing."""
    spec = tmp_path / "case.yaml"
    spec.write_text("# A case.\nbooks: {}\nset: {/a: 1}\n", encoding="utf-8")
    with pytest.raises(PatchError) as raised:
        load(spec)
    assert str(raised.value) == f"{spec}: unknown keys ['set']"


def test_the_base_book_means_the_same_when_reserialised(context):
    """The normative example, re-serialised by an empty ``set``, has the same data and no diagnostic."""
    keys = context.schema.property_names
    raw = build({"set": {}}, base_text())
    assert raw != base_text().encode()
    loaded = parse(raw, "cities/fixture/taskbook.md", keys)
    assert loaded.diagnostics == ()
    assert loaded.book.data == parse(base_text().encode(), "base", keys).book.data
    assert list(check_book(loaded.book, context)) == []
