"""Small server-side SVG charts: no chart library, no script, readable without colour."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

_ROW = 26
_HALF = 150
# Room for topic names: about 8 units per character at the chart's font size, so long German
# names ("Engagement & Gesellschaft") are not cut at the left edge.
_CHAR = 8
_MIN_LABEL = 120


def affinity_bars(rows: Sequence[tuple[str, float]]) -> Markup:
    """Horizontal bars around a zero line: interest to the right, disinterest to the left."""
    if not rows:
        return Markup("")
    label_width = max(_MIN_LABEL, _CHAR * max(len(label) for label, _ in rows) + 16)
    height = _ROW * len(rows) + 10
    width = label_width + 2 * _HALF + 20
    zero = label_width + _HALF
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{zero}" y1="0" x2="{zero}" y2="{height}" stroke="#9aa5b1" />',
    ]
    for i, (label, value) in enumerate(rows):
        y = 5 + i * _ROW
        length = round(min(abs(value), 1.0) * _HALF, 1)
        x = zero if value >= 0 else zero - length
        cls = "pos" if value >= 0 else "neg"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="{cls}" x="{x}" y="{y + 3}" width="{max(length, 1)}" '
            'height="16" rx="3" />'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
