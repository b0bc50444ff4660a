"""Sanitize the HTML rendered from Markdown before it reaches a page or the search index.

``validate`` already rejects raw HTML, script links and event attributes; this is the
second line. The allow-list keeps what Python-Markdown and mkdocs-material produce for
Markdown (headings with ids, tables, lists, code, admonitions, links) and the few
elements our own pages use; anything else is dropped. Images and links may not point at
another host by themselves: images must be relative (nothing is loaded from outside).
"""

from __future__ import annotations

import re
from functools import cache

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
    # Charts drawn at build time (the overview's, and the quarters reported): shapes only,
    # no script, no link.
    "svg", "g", "rect", "circle", "line", "text", "title",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden",
          "aria-live"},
    "svg": {"viewBox", "preserveAspectRatio", "focusable", "width", "height"},
    "g": {"transform"},
    "rect": {"x", "y", "width", "height"},
    "circle": {"cx", "cy", "r", "fill", "stroke-width", "stroke-dasharray", "stroke-dashoffset"},
    "line": {"x1", "y1", "x2", "y2"},
    "text": {"x", "y", "text-anchor", "dominant-baseline"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "col": {"span", "style"},
    "details": {"open"},
}


def _filter(element: str, attribute: str, value: str) -> str | None:
    # An image that names a scheme or a host would make the page load it from elsewhere.
    if element == "img" and attribute == "src":
        lowered = value.strip().lower()
        if lowered.startswith("//") or ":" in lowered.split("/", 1)[0]:
            return None
    return value


@cache
def _cleaner(images: bool) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        # A Python call for every attribute costs a sixth of the time: only where the
        # filter has something to look at.
        attribute_filter=_filter if images else None,
        url_schemes={"http", "https", "mailto"},
        # text-align from Markdown tables, width from the information table's columns.
        filter_style_properties={"text-align", "width"},
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


# Where an <img> could come from: the tag itself, or <image>, which HTML parsers read as
# <img>. Without either, the attribute filter would change nothing.
_IMAGE = re.compile(r"<im", re.IGNORECASE)


def sanitize(html: str) -> str:
    """Return ``html`` with everything outside the allow-list removed."""
    return _cleaner(_IMAGE.search(html) is not None).clean(html)
