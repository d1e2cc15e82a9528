"""A picture of the timeline as self-contained SVG or HTML: no scripts, no network fonts."""

from __future__ import annotations

import textwrap
from html import escape as _html_escape
from pathlib import Path
from typing import Any

from msccli.text.errors import InputError
from msccli.text.i18n import N_

COLOURS = {
    "discovery": "#0e7490",
    "characterisation": "#1d4ed8",
    "clinical": "#a21caf",
    "trial-result": "#b45309",
    "standard": "#111827",
    "regulatory-approval": "#15803d",
    "regulatory-other": "#6b7280",
    "withdrawal": "#b91c1c",
    "industry": "#78716c",
}
MARK_COLOURS = {"VERIFIED": "#15803d", "SEED-ONLY": "#b45309", "CONFLICT": "#b91c1c", "LOCAL": "#a21caf"}

WIDTH = 1000
AXIS_X = 130
TEXT_X = 160
LINE_HEIGHT = 17
WRAP = 105
EVENT_GAP = 10
EMPTY_YEAR = 6
TOP = 120
# System fonts only (no downloads); the CJK names cover the Chinese product name where such a font is installed.
FONTS = (
    "DejaVu Sans, Arial, Helvetica, Noto Sans CJK SC, Noto Sans CJK TC, Source Han Sans SC, PingFang SC, "
    "Microsoft YaHei, sans-serif"
)


def escape(text: str) -> str:
    """Text for XML: markup characters escaped, and control characters (which XML 1.0 forbids even escaped)
    shown as '\\x1b', so text from a user's data file always makes a valid picture."""
    from msccli.output.guard import visible

    return _html_escape(visible(text))


def _lines(event: Any) -> list[str]:
    head = f"{event.date}{'~' if event.precision == 'approx' else ''} · {event.category} · {event.mark}"
    return [head, *textwrap.wrap(event.en, WRAP)]


def svg(events: list[Any], as_of: str) -> str:
    """Years run down a vertical axis; each year is as tall as its events need (years with none are thin)."""
    if not events:
        first = last = 2000
    else:
        first, last = events[0].year, events[-1].year
    parts: list[str] = []
    y = TOP
    year_top: dict[int, int] = {}
    placed: list[tuple[Any, int]] = []
    by_year: dict[int, list[Any]] = {}
    for event in events:
        by_year.setdefault(event.year, []).append(event)
    for year in range(first, last + 1):
        year_top[year] = y
        for event in by_year.get(year, []):
            placed.append((event, y))
            y += len(_lines(event)) * LINE_HEIGHT + EVENT_GAP
        y += EMPTY_YEAR
    height = y + 40
    parts.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{FONTS}" font-size="13">'
    )
    parts.append(f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>')
    parts.append('<text x="20" y="34" font-size="22" font-weight="bold" fill="#111827">The history of MSCs</text>')
    parts.append(
        f'<text x="20" y="56" fill="#4b5563">{len(events)} events, {first}-{last}. Catalogue as of {escape(as_of)}. '
        "Approvals and withdrawals come from the msc product catalogue.</text>"
    )
    for i, (category, colour) in enumerate(COLOURS.items()):
        x, row = 20 + (i % 5) * 190, 76 + (i // 5) * 18
        parts.append(f'<circle cx="{x + 5}" cy="{row}" r="5" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{row + 4}" fill="#374151" font-size="12">{category}</text>')
    # decade bands and year ticks; a tick label is skipped when it would overlap the previous one
    last_label = -100
    for year in range(first, last + 1):
        top = year_top[year]
        if year % 10 == 0 or year == first:
            band = (year // 10) % 2
            decade_end = min(last, year // 10 * 10 + 9)
            end_y = year_top.get(decade_end + 1, y)
            if band:
                parts.append(f'<rect x="0" y="{top}" width="{WIDTH}" height="{end_y - top}" fill="#f3f4f6"/>')
        if (year in by_year or year % 5 == 0) and top - last_label >= 24:
            last_label = top
            parts.append(
                f'<text x="{AXIS_X - 12}" y="{top + 12}" text-anchor="end" font-weight="bold" fill="#111827">'
                f"{year}</text>"
            )
            parts.append(f'<line x1="{AXIS_X - 6}" y1="{top}" x2="{AXIS_X}" y2="{top}" stroke="#9ca3af"/>')
    parts.append(f'<line x1="{AXIS_X}" y1="{TOP}" x2="{AXIS_X}" y2="{y}" stroke="#374151" stroke-width="2"/>')
    for event, top in placed:
        colour = COLOURS[event.category]
        lines = _lines(event)
        parts.append(f'<g id="{escape(event.id)}">')
        parts.append(f"<title>{escape(event.id)}</title>")
        parts.append(f'<circle cx="{AXIS_X}" cy="{top + 8}" r="6" fill="{colour}" stroke="#ffffff"/>')
        parts.append(f'<line x1="{AXIS_X + 6}" y1="{top + 8}" x2="{TEXT_X - 6}" y2="{top + 8}" stroke="{colour}"/>')
        mark_colour = MARK_COLOURS.get(event.mark, "#111827")
        parts.append(
            f'<text x="{TEXT_X}" y="{top + 12}" font-weight="bold" fill="{colour}">{escape(lines[0])}'
            f'<tspan fill="{mark_colour}"> ●</tspan></text>'
        )
        for i, line in enumerate(lines[1:], start=1):
            parts.append(f'<text x="{TEXT_X}" y="{top + 12 + i * LINE_HEIGHT}" fill="#111827">{escape(line)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def html(events: list[Any], as_of: str) -> str:
    items = "\n".join(
        f'<li><time datetime="{escape(e.date)}">{escape(e.date)}</time> [{escape(e.category)}, {escape(e.mark)}] '
        f"{escape(e.en)}</li>"
        for e in events
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>The history of MSCs</title>\n"
        f"<style>body{{margin:0;font-family:{FONTS};color:#111827}}"
        "main{max-width:1000px;margin:0 auto}svg{max-width:100%;height:auto}details{margin:16px 20px}"
        "li{margin:4px 0}</style>\n"
        f"</head>\n<body>\n<main>\n{svg(events, as_of)}"
        f"<details><summary>Events as text</summary><ol>\n{items}\n</ol></details>\n"
        "</main>\n</body>\n</html>\n"
    )


def write(path: Path, events: list[Any], as_of: str, force: bool = False) -> Path:
    suffix = path.suffix.lower()
    if suffix == ".svg":
        text = svg(events, as_of)
    elif suffix in (".html", ".htm"):
        text = html(events, as_of)
    else:
        raise InputError(
            N_("cannot tell the format of {path!r}: use a .svg or .html file name", path=str(path)), field="--export"
        )
    from msccli.output.files import write_new

    write_new(path, text.encode("utf-8"), "--export", force)
    return path
