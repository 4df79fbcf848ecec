"""Server-side SVG pictures: the sanctions graph (authority -> target) and the post timeline.

Plain SVG text, no JavaScript and no external resource; entity names link to their pages.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

WIDTH = 960


def _link(key: str, inner: str) -> str:
    return f'<a href="/entity/{escape(key)}">{inner}</a>' if key else inner


def sanctions_svg(edges: list[dict[str, str]]) -> str:
    """Authorities on the left, targets on the right, one arrow per sanction."""
    authorities = sorted({(e["authority"] or "(authority not named)", e["authority_key"]) for e in edges})
    targets = sorted({(e["target"], e["target_key"]) for e in edges})
    row = 28
    height = max(len(authorities), len(targets), 1) * row + 70
    left_x, right_x = 250, WIDTH - 250

    def y_of(items: list[tuple[str, str]], name: str) -> float:
        names = [n for n, _ in items]
        offset = (height - 60 - len(items) * row) / 2
        return 50 + offset + names.index(name) * row + row / 2

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
             'role="img" aria-label="Sanctions: authority to target" font-family="sans-serif" font-size="13">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#b03030"/></marker></defs>',
             '<rect width="100%" height="100%" fill="white"/>',
             f'<text x="{left_x}" y="24" text-anchor="end" font-weight="bold">Authority</text>',
             f'<text x="{right_x}" y="24" font-weight="bold">Target</text>']
    for edge in edges:
        a = edge["authority"] or "(authority not named)"
        y1, y2 = y_of(authorities, a), y_of(targets, edge["target"])
        title = escape(f"{a} → {edge['target']}" + (f" ({edge['date']})" if edge["date"] else "")
                       + (f", {edge['program']}" if edge["program"] else ""))
        parts.append(f'<path d="M {left_x + 8} {y1:.1f} C {WIDTH / 2} {y1:.1f}, {WIDTH / 2} {y2:.1f}, {right_x - 10} {y2:.1f}" '
                     f'fill="none" stroke="#b03030" stroke-opacity="0.6" stroke-width="1.5" marker-end="url(#arrow)">'
                     f'<title>{title}</title></path>')
    for name, key in authorities:
        y = y_of(authorities, name)
        parts.append(_link(key, f'<text x="{left_x}" y="{y + 4:.1f}" text-anchor="end" fill="#1a4d8f">{escape(name)}</text>'))
        parts.append(f'<circle cx="{left_x + 6}" cy="{y:.1f}" r="3" fill="#1a4d8f"/>')
    for name, key in targets:
        y = y_of(targets, name)
        parts.append(_link(key, f'<text x="{right_x}" y="{y + 4:.1f}" fill="#1a4d8f">{escape(name)}</text>'))
    if not edges:
        parts.append(f'<text x="{WIDTH / 2}" y="50" text-anchor="middle">No sanctions in the graph.</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _year(value: str) -> float | None:
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value or "")
    if not match:
        return None
    year = int(match.group(1))
    month = int(match.group(2) or 1)
    day = int(match.group(3) or 1)
    return year + (month - 1) / 12 + (day - 1) / 365


def timeline_svg(posts: list[dict[str, Any]]) -> str:
    """One row per tenure, grouped by post, as bars along a time axis (open ends fade out)."""
    years = [y for p in posts for t in p["tenures"] for y in (_year(t["start"]), _year(t["end"])) if y is not None]
    if not years:
        return ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40">'
                '<text x="10" y="25">No dated tenures.</text></svg>')
    first, last = int(min(years)), int(max(years)) + 2
    label_w, row = 330, 22
    rows = sum(len(p["tenures"]) + 1 for p in posts)
    height = rows * row + 50
    scale = (WIDTH - label_w - 20) / max(1, last - first)

    def x(year: float) -> float:
        return label_w + (year - first) * scale

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
             'role="img" aria-label="Who held each post" font-family="sans-serif" font-size="12">',
             '<defs><linearGradient id="open" x1="0" x2="1"><stop offset="0" stop-color="#3a7bd5"/>'
             '<stop offset="1" stop-color="#3a7bd5" stop-opacity="0"/></linearGradient></defs>',
             '<rect width="100%" height="100%" fill="white"/>']
    for year in range(first, last + 1):
        parts.append(f'<line x1="{x(year):.1f}" y1="20" x2="{x(year):.1f}" y2="{height - 10}" stroke="#ddd"/>')
        parts.append(f'<text x="{x(year):.1f}" y="14" text-anchor="middle" fill="#555">{year}</text>')
    y = 30
    for post in posts:
        parts.append(_link(post["key"], f'<text x="6" y="{y + 14}" font-weight="bold">{escape(post["post"])}</text>'))
        y += row
        for tenure in post["tenures"]:
            start, end = _year(tenure["start"]), _year(tenure["end"])
            label = tenure["person"] + (" (acting)" if tenure["acting"] else "")
            parts.append(_link(tenure["person_key"], f'<text x="20" y="{y + 14}" fill="#1a4d8f">{escape(label)}</text>'))
            when = f'{tenure["start"] or "?"} – {tenure["end"] or "?"}'
            if start is None and end is None:
                parts.append(f'<text x="{label_w}" y="{y + 14}" fill="#888">dates unknown</text>')
            else:
                x0 = x(start) if start is not None else x(end or 0.0) - 1.0 * scale  # end is known here
                x1 = x(end) if end is not None else x0 + 1.0 * scale
                fill = "#3a7bd5" if start is not None and end is not None else "url(#open)"
                parts.append(f'<rect x="{x0:.1f}" y="{y + 3}" width="{max(3.0, x1 - x0):.1f}" height="14" rx="3" fill="{fill}">'
                             f'<title>{escape(label)}: {escape(when)}</title></rect>')
                parts.append(f'<text x="{max(x0, x1) + 4:.1f}" y="{y + 14}" fill="#555">{escape(when)}</text>')
            y += row
    parts.append("</svg>")
    return "\n".join(parts)
