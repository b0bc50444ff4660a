"""Task books are ordinary front-matter documents that other tools read the same way."""

from __future__ import annotations

from pathlib import Path

import frontmatter
import pytest

from taskbook.loader import read

ROOT = Path(__file__).resolve().parents[2]
BOOKS = sorted((ROOT / "cities").glob("*/taskbook.md")) + sorted(
    (ROOT / "tests" / "fixtures" / "valid" / "cities").glob("*/taskbook.md"))


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.parent.name)
def test_python_frontmatter_reads_the_same_values_and_body(path: Path):
    """python-frontmatter gives the same front matter and body as taskbook's own loader."""
    ours = read(path).book
    theirs = frontmatter.loads(path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n"))
    assert ours is not None
    assert theirs.metadata == ours.data
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
