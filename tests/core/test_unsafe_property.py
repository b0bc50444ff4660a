"""The unsafe-markup check agrees with what the site's Markdown renders (property-based).

Bodies are generated from fragments a work group might write, and some it should not:
text with "<" that is no tag, raw tags, comments, event attributes in attribute lists,
links with every kind of scheme, code that shows tags as text. Each body is rendered by
the site's own set-up (Python-Markdown with ``EXTENSIONS`` and ``EXTENSION_CONFIGS``,
before nh3), and the rendered HTML is the judge: it holds a raw-HTML element (a tag
Markdown never makes, with whatever attributes it has, or a comment), an ``on…`` attribute
or a ``javascript:``-like link on an element Markdown made, exactly when the reader reports
``unsafe-html``, ``unsafe-attribute`` or ``unsafe-link``; so a body gets an unsafe-*
diagnostic exactly when its rendering holds something unsafe.
"""

from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser

import markdown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from taskbook.bodytext import EXTENSION_CONFIGS, EXTENSIONS, Reader

MARKDOWN_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "em", "strong", "code",
                 "pre", "blockquote", "ul", "ol", "li", "hr", "br", "table", "thead", "tbody",
                 "tr", "th", "td", "div"}
"""What Python-Markdown with the site's extensions makes itself; the raw tags generated
below are all outside this set, so any other tag in the output is the writer's."""
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:", "livescript:")
_IGNORED = re.compile(r"[\x00-\x20\x7f\u200b-\u200f\u2060\ufeff]")

INLINE = [
    "研究", "VOCs", "O3 污染", "当 VOCs<NOx 时", "a < b", "x<3", "1 << 2", "&lt;b&gt;", "&amp;",
    "<b>粗体</b>", "<span>", "</span>", "<i onclick=\"x()\">", "<u>", "<script>alert(1)</script>",
    "<!-- 注释 -->", "<font color=red>", "`<b>`", "``<i>``", "\\<b>", "**粗体**", "*斜体*",
    "[链接](http://example.org)", "[站内](../guide/submit.md)", "[坏](javascript:alert(1))",
    "[坏2](JaVaScRiPt:x)", "[坏3](java&#x09;script:x)", "[数据](data:text/html,x)",
    "![图](data:image/png;base64,AAAA)", "![图](img.png)", "<http://example.org>",
    "<liu@example.org>", "[引用][r]", "[坏引用][j]", "{: #id }", "[a]{: onclick=\"y\" }",
    "[b](http://example.org){: href=\"javascript:z\" }", "<mark>", "<kbd>", "<details>",
]
BLOCKS = [
    "## 标题", "### 研究目标", "#### O3 污染成因", "- 第一项", "1. 第一项", "> 引用", "---",
    "```\n<b>代码中的标签</b>\n```", "    <i>缩进代码</i>", "| 列 | 列 |\n|---|---|\n| <b>格</b> | x |",
    "!!! note \"说明\"\n    <span>提示</span>", "<section>\n块\n</section>", "<center>居中</center>",
    "[r]: http://example.org", "[j]: javascript:alert(2)", "段落\n{: onclick=\"p()\" }",
    "## 标题 {: onmouseover=\"h()\" }", "<!--\n多行注释\n-->",
]


@st.composite
def bodies(draw: st.DrawFn) -> str:
    """A body of a few blocks, each a block fragment or a line of inline fragments."""
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(BLOCKS)))
        else:
            parts.append(" ".join(draw(st.lists(st.sampled_from(INLINE), min_size=1, max_size=5))))
    separators = draw(st.lists(st.sampled_from(["\n\n", "\n"]), min_size=len(parts), max_size=len(parts)))
    return "".join(part + separator for part, separator in zip(parts, separators, strict=True))


class _Judge(HTMLParser):
    """Reads rendered HTML: raw elements, event attributes, unsafe link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in MARKDOWN_TAGS:
            self.found.add("unsafe-html")  # the writer's element, attributes and all
            return
        for name, value in attrs:
            if name.startswith("on"):
                self.found.add("unsafe-attribute")
            elif name in URL_ATTRIBUTES and value is not None:
                target = _IGNORED.sub("", html.unescape(value)).lower()
                if target.startswith(BAD_SCHEMES):
                    self.found.add("unsafe-link")

    def handle_endtag(self, tag: str) -> None:
        if tag not in MARKDOWN_TAGS:
            self.found.add("unsafe-html")

    def handle_comment(self, data: str) -> None:
        self.found.add("unsafe-html")


SITE = markdown.Markdown(extensions=list(EXTENSIONS), extension_configs=EXTENSION_CONFIGS)
READER = Reader()
EXAMPLES = int(os.environ.get("TASKBOOK_PROPERTY_EXAMPLES", "400"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
@example("当 VOCs<NOx 时，a < b。\n")
@example("[坏引用][j]\n\n[j]: javascript:alert(2)\n")
@example("<liu@example.org> `<b>` &lt;b&gt;\n")
def test_unsafe_diagnostics_match_the_rendered_html(body: str):
    """The reader reports a kind of unsafe markup exactly when the site's rendering holds it."""
    SITE.reset()
    judge = _Judge()
    judge.feed(SITE.convert(body))
    judge.close()
    reading = READER.read(body)
    assert reading.too_complex is None
    assert {item.code for item in reading.unsafe} == judge.found, SITE.convert(body)
    lines = body.split("\n")
    for item in reading.unsafe:
        assert 1 <= item.line <= len(lines) and 1 <= item.column <= len(lines[item.line - 1]) + 1
