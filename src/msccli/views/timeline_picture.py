"""A picture of the timeline as self-contained SVG or HTML: no scripts, no network fonts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from msccli.output.guard import html_text
from msccli.output.wrap import wrap_lines
from msccli.text.i18n import N_, current, pick, tr, tr_value

# One colour per category, from the Okabe-Ito palette (distinct under the common colour-vision deficiencies), plus
# one grey. Colour marks the dot only; text stays dark, so the lightest colours still read.
COLOURS = {
    "discovery": "#56B4E9",
    "characterisation": "#0072B2",
    "clinical": "#CC79A7",
    "trial-result": "#E69F00",
    "standard": "#000000",
    "regulatory-approval": "#009E73",
    "regulatory-other": "#F0E442",
    "withdrawal": "#D55E00",
    "industry": "#999999",
}
# Marks are written as words in each event's heading, never as a colour: the legend says what each means.
MARK_MEANING = {
    "VERIFIED": N_("seen in the cited source"),
    "SEED-ONLY": N_("only the source review says it"),
    "CONFLICT": N_("sources disagree; msc shows the best-supported value"),
    "LOCAL": N_("from your own data directory"),
}

WIDTH = 1000
AXIS_X = 130
TEXT_X = 160
LINE_HEIGHT = 17
WRAP = 105
EVENT_GAP = 10
EMPTY_YEAR = 6
TOP = 160  # below the title, the category legend and two lines of the marks legend
LEGEND_WRAP = 150
# System fonts only (no downloads); the CJK names cover the Chinese product name where such a font is installed.
FONTS = (
    "DejaVu Sans, Arial, Helvetica, Noto Sans CJK SC, Noto Sans CJK TC, Source Han Sans SC, PingFang SC, "
    "Microsoft YaHei, sans-serif"
)


escape = html_text  # the output layer's markup guard


def _lines(event: Any) -> list[str]:
    """An event's heading (date, category, mark) and its text, wrapped by display width (a CJK character is two),
    never inside a Latin word in Chinese text (remestemcel-L, HLA-DR)."""
    approx = "~" if event.precision == "approx" else ""
    head = f"{event.date}{approx} · {tr_value(event.category)} · {tr_value(event.mark)}"
    return [head, *wrap_lines(pick(event.en, event.zh), WRAP)]


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
    parts.append(f'<text x="20" y="34" font-size="22" font-weight="bold" fill="#111827">{escape(tr(TITLE))}</text>')
    subtitle = tr(
        "{count} events, {first}-{last}. Catalogue as of {as_of}. Approvals and withdrawals come from the msc "
        "product catalogue.",
        count=len(events),
        first=first,
        last=last,
        as_of=as_of,
    )
    parts.append(f'<text x="20" y="56" fill="#4b5563">{escape(subtitle)}</text>')
    parts.append(f'<g id="legend-categories"><title>{escape(tr("Category (the dot)"))}</title>')
    for i, (category, colour) in enumerate(COLOURS.items()):
        x, row = 20 + (i % 5) * 190, 76 + (i // 5) * 18
        parts.append(f'<circle cx="{x + 5}" cy="{row}" r="5" fill="{colour}" stroke="#374151" stroke-width="0.5"/>')
        label = escape(tr_value(category))
        parts.append(f'<text x="{x + 14}" y="{row + 4}" fill="#374151" font-size="12">{label}</text>')
    parts.append("</g>")
    marks = "; ".join(f"{tr_value(mark)}: {tr(meaning)}" for mark, meaning in MARK_MEANING.items() if mark != "LOCAL")
    legend = tr("Marks (in each heading): {marks}", marks=marks)
    rows = wrap_lines(legend, LEGEND_WRAP)
    parts.append('<g id="legend-marks" fill="#374151" font-size="12">')
    parts += [f'<text x="20" y="{118 + i * 15}">{escape(row)}</text>' for i, row in enumerate(rows[:2])]
    parts.append("</g>")
    # decade bands, then a tick and label for every year with events: a labelled year without one would read as
    # a year something happened in
    for year in range(first, last + 1):
        top = year_top[year]
        if (year % 10 == 0 or year == first) and (year // 10) % 2:
            decade_end = min(last, year // 10 * 10 + 9)
            end_y = year_top.get(decade_end + 1, y)
            parts.append(f'<rect x="0" y="{top}" width="{WIDTH}" height="{end_y - top}" fill="#f3f4f6"/>')
    for year in sorted(by_year):
        top = year_top[year]
        parts.append(
            f'<text x="{AXIS_X - 12}" y="{top + 12}" text-anchor="end" font-weight="bold" fill="#111827">{year}</text>'
        )
        parts.append(f'<line x1="{AXIS_X - 6}" y1="{top}" x2="{AXIS_X}" y2="{top}" stroke="#9ca3af"/>')
    parts.append(f'<line x1="{AXIS_X}" y1="{TOP}" x2="{AXIS_X}" y2="{y}" stroke="#374151" stroke-width="2"/>')
    for event, top in placed:
        colour = COLOURS[event.category]
        lines = _lines(event)
        parts.append(f'<g id="{escape(event.id)}">')
        parts.append(f"<title>{escape(event.id)}</title>")
        parts.append(f'<circle cx="{AXIS_X}" cy="{top + 8}" r="6" fill="{colour}" stroke="#374151" stroke-width="1"/>')
        parts.append(f'<line x1="{AXIS_X + 6}" y1="{top + 8}" x2="{TEXT_X - 6}" y2="{top + 8}" stroke="#9ca3af"/>')
        parts.append(f'<text x="{TEXT_X}" y="{top + 12}" font-weight="bold" fill="#111827">{escape(lines[0])}</text>')
        for i, line in enumerate(lines[1:], start=1):
            parts.append(f'<text x="{TEXT_X}" y="{top + 12 + i * LINE_HEIGHT}" fill="#111827">{escape(line)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


TITLE = N_("The history of MSCs")
HTML_LANG = {"en": "en", "zh": "zh-Hans", "zh-Hant": "zh-Hant"}


def html(events: list[Any], as_of: str) -> str:
    items = "\n".join(
        f'<li><time datetime="{escape(e.date)}">{escape(e.date)}</time> '
        f"[{escape(tr_value(e.category))}, {escape(tr_value(e.mark))}] {escape(pick(e.en, e.zh))}</li>"
        for e in events
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{HTML_LANG[current()]}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(tr(TITLE))}</title>\n"
        f"<style>body{{margin:0;font-family:{FONTS};color:#111827}}"
        "main{max-width:1000px;margin:0 auto}svg{max-width:100%;height:auto}details{margin:16px 20px}"
        "li{margin:4px 0}</style>\n"
        f"</head>\n<body>\n<main>\n{svg(events, as_of)}"
        f"<details><summary>{escape(tr('Events as text'))}</summary><ol>\n{items}\n</ol></details>\n"
        "</main>\n</body>\n</html>\n"
    )


PICTURES = {".svg": "svg", ".html": "html", ".htm": "html"}  # -o FILE's extensions that name a picture


def write(path: Path, events: list[Any], as_of: str, kind: str, force: bool = False) -> Path:
    """The timeline as a picture: `kind` svg, or html (a self-contained page)."""
    from msccli.output.files import write_new

    text = svg(events, as_of) if kind == "svg" else html(events, as_of)
    write_new(path, text.encode("utf-8"), "--output", force)
    return path
