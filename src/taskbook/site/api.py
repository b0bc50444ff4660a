"""``api/cities.json``: every book's front matter and body, under the site's profile."""

from __future__ import annotations

import json

from taskbook.site.model import Pages, Site

PATH = "api/cities.json"


def cities_json(site: Site) -> bytes:
    """The books as one JSON document (private fields left out in the public profile)."""
    document = {
        "profile": site.profile,
        "count": len(site.items),
        "cities": [
            {
                "slug": e.slug,
                "page": f"cities/{e.slug}/",
                "status": e.status.key,
                "status_label": e.status.label,
                "updated": e.updated or None,
                "data": e.book.front,
                "body": e.book.body,
            }
            for e in site.items
        ],
    }
    # Compact, so that the C encoder does the work (an indented dump is pure Python).
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def pages(site: Site) -> Pages:
    """The page family of the data interface."""
    return {PATH: cities_json(site)}
