"""The strict YAML layer: positions, refusals, and speed against an alias bomb."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from taskbook import yamlsafe


def test_positions_of_values_and_keys():
    """Every value's and key's 0-based position is recorded under its JSON pointer."""
    data, positions, problem = yamlsafe.load("a:\n  b: [1, \"x\"]\n  c/d: ~\n")
    assert problem is None
    assert data == {"a": {"b": [1, "x"], "c/d": None}}
    assert positions["/a/b/1"].line == 1 and positions["/a/b/1"].column == 9
    assert positions["/a/c~1d"].key_line == 2 and positions["/a/c~1d"].key_column == 2
    assert positions["/a/b/0"].plain and not positions["/a/b/1"].plain


def test_retyped_plain_scalars_keep_their_text():
    """An octal-looking number and a date remember how they were written."""
    data, positions, _ = yamlsafe.load("p: 071000\nd: 2021-05-01\n")
    assert data == {"p": 29184, "d": "2021-05-01"}
    assert (positions["/p"].raw, positions["/p"].tag) == ("071000", "int")
    assert positions["/d"].tag == "timestamp"


def test_alias_bomb_is_refused_fast():
    """A billion-laughs document is refused at its first anchor, without expanding it."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    data, _, problem = yamlsafe.load("\n".join(lines) + "\n")
    assert data is None and problem == yamlsafe.YamlProblem("yaml-alias", 0, 4)


def test_infinity_is_kept_as_text():
    """JSON has no infinity: the text is kept, for the schema to refuse."""
    data, _, _ = yamlsafe.load("n: .inf\n")
    assert data == {"n": ".inf"}


def test_lean_resolver_gives_the_stock_tags():
    """Composed without Python callbacks, every node gets, through tag_of, exactly the tag
    PyYAML's safe loader gives it (explicit tags included)."""
    import yaml

    text = (
        "a: 071000\nb: 2021-05-01\nc: yes\nd: ~\ne: ''\nf: 1.5e3\ng: .nan\nh: 0x1F\ni: 1_000\n"
        "j: 1:30\nk: \"2\"\nl: [on, Off, NULL, -7, 2021-05]\nm: {n: 13800000000}\no:\np: 石家庄\n"
    )

    text += "q: !!str 12\nr: !!int '7'\ns: !!seq [1]\nt: [a, {b: c}]\n<<: {u: 1}\n"

    def tags(node, tag=lambda node: node.tag):
        if isinstance(node, yaml.ScalarNode):
            return (tag(node), node.value)
        if isinstance(node, yaml.SequenceNode):
            return (tag(node), [tags(item, tag) for item in node.value])
        return (tag(node), [(tags(k, tag), tags(v, tag)) for k, v in node.value])

    assert (tags(yaml.compose(text, Loader=yamlsafe._Loader), yamlsafe.tag_of)
            == tags(yaml.compose(text, Loader=yaml.SafeLoader)))


def test_wrapped_chinese_lines_join_without_a_space():
    """A folded or plain value that wraps next to Chinese joins without YAML's space; a break
    between Latin words stays a space; literal blocks and paragraph breaks stay as written."""
    text = ("a: >-\n  清单；\n  PM2.5 和 O3\n  VOCs and\n  NOx\n"
            "b: 研究\n  内容\n"
            "c: |\n  第一行\n  第二行\n"
            "d: >\n  第一段\n\n  第二段\n")
    document, problem = yamlsafe.compose(text)
    assert problem is None
    assert document.data == {"a": "清单；PM2.5 和 O3 VOCs and NOx", "b": "研究内容",
                             "c": "第一行\n第二行\n", "d": "第一段\n第二段\n"}


_WORDS = st.lists(st.from_regex(r"[a-z][a-z0-9.,]{0,5}", fullmatch=True), min_size=2, max_size=6)


@settings(max_examples=200, deadline=None)
@given(_WORDS, st.sampled_from([">", ">-", ">+", ""]), st.booleans())
def test_refolding_without_chinese_is_yamls_own_folding(words, style, blank):
    """Without a wide character anywhere, the refolded value is exactly what YAML gives."""
    lines = list(words)
    if blank:
        lines.insert(1, "")
    if style:
        text = "k: " + style + "\n" + "".join(f"  {line}\n" if line else "\n" for line in lines)
    else:
        text = "k: " + "\n  ".join(line or "" for line in lines) + "\n"
    expected = yaml.safe_load(text)
    document, problem = yamlsafe.compose(text)
    assert problem is None
    assert document.data == expected


def test_numbers_too_long_to_build_stay_text():
    """A 5,000-digit integer (Python refuses to convert it), a long hexadecimal and a long
    sexagesimal are not built: their text is kept and recorded as retyped."""
    text = f"a: {'9' * 5000}\nb: 0x{'f' * 5000}\nc: 1{':00' * 400}\nd: 12\n"
    document, problem = yamlsafe.compose(text)
    assert problem is None
    assert document.data == {"a": "9" * 5000, "b": "0x" + "f" * 5000, "c": "1" + ":00" * 400, "d": 12}
    assert [(pointer, pos.tag) for pointer, pos in document.retyped] == [
        ("/a", "int"), ("/b", "int"), ("/c", "int"), ("/d", "int")]


@pytest.mark.parametrize("text", ['a: !!bool "x"\n', 'a: !!int "x"\n', 'a: !!float ""\n',
                                  'a: !!int 0x1F\n', "a: !!timestamp x\n"])
def test_explicit_tags_never_raise(text):
    """An explicit standard tag on text that does not fit it keeps the text (no exception)."""
    document, problem = yamlsafe.compose(text)
    assert problem is None
    assert document.data["a"] in ("x", "", 31)


def test_nesting_deeper_than_the_limit_is_refused_where_it_starts():
    """Lists nested deeper than MAX_DEPTH are a located syntax problem, so no later walk
    (copies, schema, rules) can run out of stack."""
    text = "a:\n" + "".join("  " * depth + "- \n" for depth in range(1, 3)) + "b: " + "[" * 100 + "]" * 100 + "\n"
    _, problem = yamlsafe.compose(text)
    assert problem is not None
    assert (problem.kind, problem.line, problem.detail) == ("yaml-syntax", 3, "nesting too deep")
    assert problem.pointer == "/b" + "/0" * (yamlsafe.MAX_DEPTH - 1)


def test_duplicate_key_problem_names_the_key():
    """The pointer of a duplicate key is the key's own, inside its mapping."""
    _, problem = yamlsafe.compose("leader:\n  name: 甲\n  name: 乙\n")
    assert problem == yamlsafe.YamlProblem("yaml-duplicate-key", 2, 2, "name\n1", "/leader/name")


def test_escaped_control_characters_are_recorded_with_their_pointer():
    """Escapes in double quotes that write a control character are recorded, keys too."""
    document, problem = yamlsafe.compose('a: "x\\ey"\n"k\\vk": 1\nc: plain\\e\n')
    assert problem is None
    assert document.controls == (("/a", "\x1b", False), ("/k\x0bk", "\x0b", True))


def test_line_separators_neither_fold_nor_shift_lines():
    """U+2028, U+2029 and NEL inside values stay in them, and later positions stay true."""
    document, problem = yamlsafe.compose("a: x\u2028y\u2029z\x85\nb: \"p\u2028q\"\nc: 1\n")
    assert problem is None
    assert document.data == {"a": "x\u2028y\u2029z\x85", "b": "p\u2028q", "c": 1}
    assert document.find("/c").line == 2


def test_finding_a_key_among_thousands_is_not_a_scan():
    """Locating every key of a mapping of 20,000 keys takes well under a second."""
    import time

    text = "".join(f"k{i}: {i}\n" for i in range(20000))
    document, _ = yamlsafe.compose(text)
    start = time.perf_counter()
    assert [document.find(f"/k{i}").line for i in range(20000)] == list(range(20000))
    assert time.perf_counter() - start < 1.0
