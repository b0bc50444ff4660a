"""Task books are ordinary front-matter documents that other tools read the same way."""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
import pytest

from taskbook.loader import read

ROOT = Path(__file__).resolve().parents[2]
BOOKS = sorted((ROOT / "cities").glob("*/taskbook.md")) + sorted(
    (ROOT / "tests" / "fixtures" / "valid" / "cities").glob("*/taskbook.md"))


def _folded(value):
    """A value with the spaces YAML puts at a wrapped line next to Chinese taken out: the one
    place where taskbook reads a book differently (it joins such lines as Chinese is written)."""
    if isinstance(value, str):
        return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) | (?=[\u3000-\u9fff\uff00-\uffef])", "", value)
    if isinstance(value, dict):
        return {key: _folded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_folded(item) for item in value]
    return value


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.parent.name)
def test_python_frontmatter_reads_the_same_values_and_body(path: Path):
    """python-frontmatter gives the same front matter and body as taskbook's own loader, but
    for the space YAML puts where a Chinese line wraps."""
    ours = read(path).book
    theirs = frontmatter.loads(path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n"))
    assert ours is not None
    assert _folded(theirs.metadata) == _folded(ours.data)
    assert theirs.content.strip() == ours.body.strip()


def test_the_skeleton_is_a_front_matter_document(tmp_path: Path):
    """A fresh skeleton from taskbook new reads as front matter with every top-level key."""
    from taskbook import skeleton
    from taskbook.context import Context

    context = Context.load()
    target = skeleton.write(tmp_path, "xian", skeleton.City(name="西安市", province="陕西省", seq=31), context)
    post = frontmatter.load(target)
    assert set(context.schema.document["required"]) <= set(post.metadata)
    assert post.metadata["task"]["id"] == "DQGG202131"
    assert post.content.startswith("## 一、目标和任务")
