"""Server-side SVG pictures: the sanctions (authority -> target) and the post timeline.

Plain SVG text, no JavaScript and no external resource; entity names link to their pages.

* Sanctions (``sanctions_svg``, from ``pages.group_sanctions``): two columns.  On the right,
  each authority's targets form a block of rows of their own, sorted by name; the blocks follow
  the authorities' order and each authority stands on the left at the middle of its block.  An
  edge of an earlier authority therefore ends above every edge of a later one and starts above
  it too, so no two edges cross, however many targets there are; a target sanctioned by several
  authorities has a row in each of their blocks (with the others named beside it), and a pair
  stated by several facts is one edge.
* Timeline (``timeline_svg``, from ``pages.timeline``): one row per tenure along a time axis.
  A bound known to the day is a sharp end of the bar; a bound known only to the month or the
  year (``2021-03``, ``2021``) is a hatched span covering that month or year, since the tenure
  starts or ends somewhere in it; an unknown bound is an open end that fades out.  Tenures with
  neither date are left to the page's table.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from html import escape
from typing import Any

from dateutil.relativedelta import relativedelta

WIDTH = 960
BLUE, RED, GREY = "#1a4d8f", "#b03030", "#666"


def _link(key: str, inner: str) -> str:
    return f'<a href="/entity/{escape(key)}">{inner}</a>' if key else inner


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg_open(width: int, height: int, label: str, font_size: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{escape(label)}" font-family="sans-serif" font-size="{font_size}">')


# ── sanctions ───────────────────────────────────────────────────────────────

SANCTIONS_WIDTH = 640
ROW, GROUP_GAP, TOP = 22, 10, 40
LEFT_X, RIGHT_X = 200, 330


def sanctions_layout(groups: list[dict[str, Any]]) -> dict[str, Any]:
    """Where everything of the sanctions picture goes: each authority's (label, key, y, top,
    bottom) and each target row's (label, key, y, authority index); edges join them."""
    authorities, rows = [], []
    y = TOP
    for index, group in enumerate(groups):
        top = y
        for target in group["targets"]:
            rows.append({**target, "y": y + ROW / 2, "group": index})
            y += ROW
        authorities.append({"authority": group["authority"], "authority_key": group["authority_key"],
                            "y": (top + y) / 2, "top": top, "bottom": y})
        y += GROUP_GAP
    return {"authorities": authorities, "rows": rows, "height": int(y + 10)}


def _edge_title(authority: str, row: dict[str, Any]) -> str:
    facts = len(row["facts"])
    parts = [f"{authority} → {row['target']}"]
    if facts > 1:
        parts.append(f"{facts} facts")
    if row["dates"]:
        parts.append("dates " + ", ".join(row["dates"]))
    if row["programs"]:
        parts.append("; ".join(row["programs"]))
    return ": ".join(parts[:1]) + (" (" + "; ".join(parts[1:]) + ")" if parts[1:] else "")


def sanctions_svg(groups: list[dict[str, Any]]) -> str:
    """The sanctions as a crossing-free two-column drawing (see the module docstring)."""
    layout = sanctions_layout(groups)
    height = max(layout["height"], 80)
    parts = [_svg_open(SANCTIONS_WIDTH, height, "Sanctions: authority to target", 13),
             '<rect width="100%" height="100%" fill="white"/>',
             f'<text x="{LEFT_X}" y="22" text-anchor="end" font-weight="bold">Authority</text>',
             f'<text x="{RIGHT_X + 8}" y="22" font-weight="bold">Target</text>']
    for index, authority in enumerate(layout["authorities"]):
        if index % 2 == 0:  # a light band behind every other block, so each group reads as one
            parts.append(f'<rect class="band" x="0" y="{authority["top"] - GROUP_GAP / 2:.1f}" width="{SANCTIONS_WIDTH}" '
                         f'height="{authority["bottom"] - authority["top"] + GROUP_GAP:.1f}" fill="#f3f6fa"/>')
    for row in layout["rows"]:
        authority = layout["authorities"][row["group"]]
        width = 1.5 + min(len(row["facts"]) - 1, 3)
        ends = (f'data-authority="{escape(authority["authority_key"] or authority["authority"])}" '
                f'data-target="{escape(row["target_key"] or row["target"])}"')
        parts.append(f'<line class="edge" {ends} x1="{LEFT_X + 6}" y1="{authority["y"]:.1f}" x2="{RIGHT_X}" y2="{row["y"]:.1f}" '
                     f'stroke="{RED}" stroke-opacity="0.7" stroke-width="{width:.1f}">'
                     f'<title>{escape(_edge_title(authority["authority"], row))}</title></line>')
    for authority in layout["authorities"]:
        y = authority["y"]
        label = escape(_cut(authority["authority"], 28))
        parts.append(_link(authority["authority_key"],
                           f'<text class="authority" x="{LEFT_X}" y="{y + 4:.1f}" text-anchor="end" fill="{BLUE}">'
                           f'<title>{escape(authority["authority"])}</title>{label}</text>'))
        parts.append(f'<circle cx="{LEFT_X + 6}" cy="{y:.1f}" r="3.5" fill="{BLUE}"/>')
    for row in layout["rows"]:
        y = row["y"]
        parts.append(f'<circle cx="{RIGHT_X}" cy="{y:.1f}" r="3" fill="{RED}"/>')
        label = escape(_cut(row["target"], 24 if row["also"] else 32))
        title = row["target"]
        also = ""
        if row["also"]:  # listed under the other authorities too: say how many, name them on hover
            title += "; also sanctioned by " + ", ".join(row["also"])
            also = f'<tspan fill="{GREY}" font-size="11" dx="6">· {len(row["also"]) + 1} authorities</tspan>'
        parts.append(_link(row["target_key"], f'<text class="target" x="{RIGHT_X + 8}" y="{y + 4:.1f}" fill="{BLUE}">'
                                              f'<title>{escape(title)}</title>{label}{also}</text>'))
    if not groups:
        parts.append(f'<text x="{SANCTIONS_WIDTH / 2}" y="60" text-anchor="middle">No sanctions in the graph.</text>')
    parts.append("</svg>")
    return "\n".join(parts)


# ── timeline ────────────────────────────────────────────────────────────────

_DATE = re.compile(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _fraction(day: date) -> float:
    """The day as a year with a fraction: 2021-07-02 -> 2021.5."""
    start = date(day.year, 1, 1).toordinal()
    length = date(day.year + 1, 1, 1).toordinal() - start
    return day.year + (day.toordinal() - start) / length


def date_span(value: str) -> tuple[float, float, str] | None:
    """The stretch of time a date at the text's precision covers, in fractional years, and the
    precision: '2021' -> (2021.0, 2022.0, 'year'), '2021-03' -> March 2021 ('month'),
    '2021-03-04' -> that day ('day'); None for no date or one that is not a date."""
    match = _DATE.match(value or "")
    if not match:
        return None
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    try:
        if month is None:
            return float(year), float(year + 1), "year"
        if day is None:
            first = date(year, int(month), 1)
            return _fraction(first), _fraction(first + relativedelta(months=1)), "month"
        exact = date(year, int(month), int(day))
        return _fraction(exact), _fraction(exact + timedelta(days=1)), "day"
    except ValueError:
        return None


def human_date(value: str) -> str:
    """'2021-03-04' -> '4 Mar 2021', '2021-03' -> 'Mar 2021', '2021' -> '2021', '' -> '?'."""
    match = _DATE.fullmatch(value or "")
    if not match or date_span(value) is None:
        return value or "?"
    year, month, day = match.groups()
    if month is None:
        return year
    name = MONTHS[int(month) - 1]
    return f"{name} {year}" if day is None else f"{int(day)} {name} {year}"


TIME_LABEL_W, TIME_ROW, OPEN = 360, 22, 56.0


def timeline_axis(posts: list[dict[str, Any]]) -> tuple[int, int] | None:
    """The first and the last year of the axis: every known bound lies in [first, last]."""
    spans = [s for p in posts for t in p["tenures"] for s in (date_span(t["start"]), date_span(t["end"])) if s]
    if not spans:
        return None
    first = math.floor(min(s[0] for s in spans))
    return first, max(math.ceil(max(s[1] for s in spans)), first + 1)


def _bar(tenure: dict[str, Any], x: Any, y: float) -> list[str]:
    """The shapes of one tenure: the held stretch, hatched bounds, open ends."""
    start, end = date_span(tenure["start"]), date_span(tenure["end"])
    top, high = y + 4, 14
    when = f'{human_date(tenure["start"])} – {human_date(tenure["end"])}'
    title = f'<title>{escape(tenure["person"])}: {escape(when)}</title>'
    shapes = []

    def rect(cls: str, x0: float, x1: float, fill: str) -> None:
        shapes.append(f'<rect class="{cls}" x="{x0:.2f}" y="{top}" width="{max(1.5, x1 - x0):.2f}" height="{high}" '
                      f'fill="{fill}" data-from="{x0:.2f}" data-to="{x1:.2f}">{title}</rect>')

    if start and end and start[1] > end[0]:  # both bounds in one month or year: one hatched span
        rect(f"bound {start[2]}", x(start[0]), x(max(start[1], end[1])), "url(#hatch)")
        return shapes
    held_from = None if start is None else x(start[0] if start[2] == "day" else start[1])
    held_to = None if end is None else x(end[1] if end[2] == "day" else end[0])
    if held_from is None and held_to is not None:
        rect("open start", held_to - OPEN, held_to, "url(#fade-in)")
    elif held_to is None and held_from is not None:
        rect("open end", held_from, held_from + OPEN, "url(#fade-out)")
    else:
        rect("held", held_from, held_to, "#3a7bd5")  # type: ignore[arg-type]
    for bound in (start, end):
        if bound is not None and bound[2] != "day":
            rect(f"bound {bound[2]}", x(bound[0]), x(bound[1]), "url(#hatch)")
    return shapes


def timeline_svg(posts: list[dict[str, Any]]) -> str:
    """One row per dated tenure, grouped by post, along a time axis (see the module docstring)."""
    axis = timeline_axis(posts)
    dated = [{**p, "tenures": [t for t in p["tenures"] if t["start"] or t["end"]]} for p in posts]
    dated = [p for p in dated if p["tenures"]]
    if axis is None:
        return ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40">'
                '<text x="10" y="25">No dated tenures.</text></svg>')
    first, last = axis
    plot_left, plot_right = TIME_LABEL_W + OPEN + 10, WIDTH - OPEN - 10
    scale = (plot_right - plot_left) / (last - first)

    def x(year: float) -> float:
        return plot_left + (year - first) * scale

    rows = sum(len(p["tenures"]) + 1 for p in dated)
    height = rows * TIME_ROW + 70
    parts = [_svg_open(WIDTH, height, "Who held each post", 12),
             '<defs><linearGradient id="fade-out" x1="0" x2="1"><stop offset="0" stop-color="#3a7bd5"/>'
             '<stop offset="1" stop-color="#3a7bd5" stop-opacity="0"/></linearGradient>'
             '<linearGradient id="fade-in" x1="0" x2="1"><stop offset="0" stop-color="#3a7bd5" stop-opacity="0"/>'
             '<stop offset="1" stop-color="#3a7bd5"/></linearGradient>'
             '<pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
             '<rect width="5" height="5" fill="#d6e2f5"/><rect width="2" height="5" fill="#3a7bd5"/></pattern></defs>',
             '<rect width="100%" height="100%" fill="white"/>']
    legend = [("#3a7bd5", "held (from/until a known day)"), ("url(#hatch)", "starts/ends in this month or year"),
              ("url(#fade-out)", "bound not given")]
    lx = 10
    for fill, text in legend:
        parts.append(f'<rect x="{lx}" y="8" width="24" height="11" fill="{fill}"/>'
                     f'<text x="{lx + 30}" y="18" fill="{GREY}">{escape(text)}</text>')
        lx += 40 + 7 * len(text)
    axis_top = 46
    for year in range(first, last + 1):
        parts.append(f'<line class="year" data-year="{year}" x1="{x(year):.2f}" y1="{axis_top - 6}" x2="{x(year):.2f}" '
                     f'y2="{height - 8}" stroke="#ccc"/>')
        parts.append(f'<text x="{x(year):.2f}" y="{axis_top - 10}" text-anchor="middle" fill="#444">{year}</text>')
        if last - first <= 4 and year < last:
            for month in range(1, 12):
                mx = x(year + month / 12)
                parts.append(f'<line class="month" x1="{mx:.2f}" y1="{axis_top - 3}" x2="{mx:.2f}" y2="{axis_top + 1}" '
                             f'stroke="#bbb"/>')
            if last - first <= 2:  # room for the months' initials between the ticks
                for month in range(12):
                    mx = x(year + (month + 0.5) / 12)
                    parts.append(f'<text x="{mx:.2f}" y="{axis_top + 2}" text-anchor="middle" fill="#999" '
                                 f'font-size="9">{MONTHS[month][0]}</text>')
    y = axis_top + 4
    for post in dated:
        parts.append(_link(post["key"], f'<text x="6" y="{y + 15}" font-weight="bold">'
                                        f'<title>{escape(post["post"])}</title>{escape(_cut(post["post"], 52))}</text>'))
        y += TIME_ROW
        for tenure in post["tenures"]:
            label = tenure["person"] + (" (acting)" if tenure["acting"] else "")
            when = f'{human_date(tenure["start"])} – {human_date(tenure["end"])}'
            parts.append(f'<g class="tenure" data-fact="{escape(tenure["fact"])}">')
            parts.append(_link(tenure["person_key"], f'<text x="20" y="{y + 15}" fill="{BLUE}">{escape(_cut(label, 26))}</text>'))
            parts.append(f'<text x="{TIME_LABEL_W - 6}" y="{y + 15}" text-anchor="end" fill="{GREY}">{escape(when)}</text>')
            parts += _bar(tenure, x, y)
            parts.append("</g>")
            y += TIME_ROW
    parts.append("</svg>")
    return "\n".join(parts)
