"""Charts drawn at build time: plain HTML with inline SVG, no script and no outside host.

Text stays HTML (labels, values, the legend), so it keeps the reader's font size on a
phone and is read out by screen readers and found by search; SVG draws only the shapes
(a bar's length, a ring's arcs), which scale with the box. Colours come from classes
(``tb-series-<n>``) styled in ``taskbook.css``, so they follow the theme and its contrast.
Every label is escaped here; the build sanitizes the result like any page.

Never a map: a published map of China needs an approved base map (审图号).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from taskbook.site.markup import h

RING = 100 / (2 * math.pi)
"""The radius of a ring whose circumference is 100, so that arcs are percentages."""


@dataclass(frozen=True)
class Bar:
    """One bar: a label (optionally a link), its value, and the value as shown."""

    label: str
    value: float
    shown: str
    href: str = ""


def _label(bar: Bar) -> str:
    return f'<a href="{h(bar.href)}">{h(bar.label)}</a>' if bar.href else h(bar.label)


def bars(title: str, items: Sequence[Bar], note: str = "") -> str:
    """A horizontal bar chart: one row a label, a bar scaled to the largest value, a value."""
    if not items:
        return ""
    top = max(item.value for item in items) or 1.0
    rows = []
    for item in items:
        length = max(item.value / top * 100, 0.5 if item.value > 0 else 0)
        rows.append(
            f'<li class="tb-bar-row"><span class="tb-bar-label">{_label(item)}</span>'
            f'<svg class="tb-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
            f'focusable="false"><rect class="tb-series-0" x="0" y="0" width="{length:.2f}" height="10">'
            f"</rect></svg>"
            f'<span class="tb-bar-value">{h(item.shown)}</span></li>')
    caption = h(title) + (f'<span class="tb-chart-note">{h(note)}</span>' if note else "")
    return (f'<figure class="tb-chart"><figcaption>{caption}</figcaption>'
            f'<ol class="tb-bars">{"".join(rows)}</ol></figure>')


def ring(title: str, items: Sequence[Bar], total_label: str) -> str:
    """A ring chart of parts of a whole (cities by status), with its legend and total."""
    total = sum(item.value for item in items)
    if total <= 0:
        return ""
    arcs = []
    start = 0.0
    for number, item in enumerate(items):
        share = item.value / total * 100
        if share > 0:
            # An arc is a dash of `share` on a ring of circumference 100, turned to start
            # where the previous one ended (12 o'clock first: the ring is rotated -90°).
            arcs.append(
                f'<circle class="tb-series-{number}" cx="21" cy="21" r="{RING:.4f}" fill="none" '
                f'stroke-width="6" stroke-dasharray="{share:.3f} {100 - share:.3f}" '
                f'stroke-dashoffset="{-start:.3f}"></circle>')
        start += share
    said = "，".join(f"{item.label} {item.shown}" for item in items)
    legend = "".join(
        f'<li><span class="tb-swatch tb-series-{number}" aria-hidden="true"></span>'
        f'<span class="tb-legend-label">{_label(item)}</span>'
        f'<span class="tb-legend-value">{h(item.shown)}</span></li>'
        for number, item in enumerate(items))
    return (f'<figure class="tb-chart tb-chart-ring"><figcaption>{h(title)}</figcaption>'
            f'<div class="tb-ring-box"><svg class="tb-ring" viewBox="0 0 42 42" role="img" '
            f'aria-label="{h(said)}"><title>{h(said)}</title>'
            f'<circle class="tb-ring-track" cx="21" cy="21" r="{RING:.4f}" fill="none" stroke-width="6">'
            f'</circle><g transform="rotate(-90 21 21)">{"".join(arcs)}</g>'
            f'<text x="21" y="21" class="tb-ring-total" text-anchor="middle" dominant-baseline="central">'
            f"{h(total_label)}</text></svg>"
            f'<ul class="tb-legend">{legend}</ul></div></figure>')


def panel(*charts: str) -> str:
    """Charts side by side on a wide screen, one under another on a phone."""
    shown = [chart for chart in charts if chart]
    return f'<div class="tb-charts">{"".join(shown)}</div>' if shown else ""
