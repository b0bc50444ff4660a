"""The strict YAML layer: positions, refusals, and speed against an alias bomb."""

from __future__ import annotations

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
    """The faster resolver tags every scalar exactly as PyYAML's safe loader does."""
    import yaml

    text = (
        "a: 071000\nb: 2021-05-01\nc: yes\nd: ~\ne: ''\nf: 1.5e3\ng: .nan\nh: 0x1F\ni: 1_000\n"
        "j: 1:30\nk: \"2\"\nl: [on, Off, NULL, -7, 2021-05]\nm: {n: 13800000000}\no:\np: 石家庄\n"
    )

    def tags(node):
        if isinstance(node, yaml.ScalarNode):
            return (node.tag, node.value)
        if isinstance(node, yaml.SequenceNode):
            return (node.tag, [tags(item) for item in node.value])
        return (node.tag, [(tags(k), tags(v)) for k, v in node.value])

    assert tags(yaml.compose(text, Loader=yamlsafe._Loader)) == tags(yaml.compose(text, Loader=yaml.SafeLoader))


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
