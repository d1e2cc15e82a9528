"""The release report's pictures as inline SVG, drawn to be read on paper: a marker's histogram over its
control's with a count axis and the threshold labelled with its value, and a tube's scatter or singlet density
with scaled, labelled axes and each gate line labelled. One SVG unit is one printed point (a figure is printed at
its own width), so no label is smaller than 7 pt. They draw binned figures (isct.fcs.figures), never raw events;
every label passes the output layer's markup guard."""

from __future__ import annotations

import math
from typing import Any

from msccli.output.guard import html_text
from msccli.text.i18n import tr

FONT = 7  # pt: the smallest print a reviewer is asked to read
HIST_W, HIST_H = 96, 76
DENS = 100
STAINED, CONTROL, GATE = "#2563eb", "#9ca3af", "#dc2626"
AXIS = "#4b5563"


def _text(x: float, y: float, label: str, anchor: str = "start", colour: str = "#111827", extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{FONT}" text-anchor="{anchor}" fill="{colour}"{extra}>'
            f"{html_text(label)}</text>")  # fmt: skip


def _svg(kind: str, width: float, height: float, title: str, body: str) -> str:
    return (
        f'<svg class="{kind}" viewBox="0 0 {width} {height}" width="{width}pt" height="{height}pt" role="img" '
        f'aria-label="{html_text(title)}" xmlns="http://www.w3.org/2000/svg"><title>{html_text(title)}</title>'
        f"{body}</svg>"
    )


def nice_ticks(top: float, most: int = 4) -> list[float]:
    """0 and round steps (1, 2 or 5 × 10^k) up to `top`, at most `most` of them."""
    if top <= 0:
        return [0.0]
    for power in range(math.floor(math.log10(top)) - 1, math.floor(math.log10(top)) + 2):
        for first in (1, 2, 5):
            step = first * 10.0**power
            if top / step < most:
                return [i * step for i in range(int(top / step) + 1)]
    return [0.0, top]


def short_number(value: float) -> str:
    """A tick label: 250000 as 250k, 1500000 as 1.5M."""
    for size, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def _superscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _arcsinh_ticks(low: float, high: float, cofactor: float) -> list[tuple[float, str]]:
    ticks = [(0.0, "0")] if low <= 0 <= high else []
    for power in range(1, 8):
        for sign in (1, -1):
            at = math.asinh(sign * 10**power / cofactor)
            if low <= at <= high:
                ticks.append((at, f"{'-' if sign < 0 else ''}10{_superscript(power)}"))
    return sorted(ticks)


TITLE_CHARACTERS = 20  # what one line of a histogram's 7 pt bold title holds


def _title_lines(label: str) -> list[str]:
    """A marker's name on one line, or a long one (a cocktail) on two, split at the '/' nearest its middle."""
    if len(label) <= TITLE_CHARACTERS or "/" not in label:
        return [label]
    cuts = [i for i, c in enumerate(label) if c == "/"]
    cut = min(cuts, key=lambda i: abs(i - len(label) / 2))
    return [label[: cut + 1], label[cut + 1 :]]


def histogram(figure: dict[str, Any], title: str, threshold_label: str, cofactor: float) -> str:
    """Events per bin of the stained tube (blue) over its control's (grey, scaled to the stained tube's events)
    on an arcsinh axis, the threshold dashed and labelled."""
    h = figure["histogram"]
    edges, events = h["edges"], figure["events"]
    stained = [share * events for share in h["stained"]]
    control = [share * events for share in h["control"]]
    title_lines = _title_lines(figure["marker"])
    left, right, top, bottom = 20, 4, 8 + 8 * len(title_lines), 14
    low, high = edges[0], edges[-1]
    ticks = nice_ticks(max(*stained, *control, 1.0), 3)
    ceiling = max(ticks[-1], max(*stained, *control, 1.0))

    def x(value: float) -> float:
        return float(left + (value - low) / (high - low) * (HIST_W - left - right))

    def y(count: float) -> float:
        return float(HIST_H - bottom - count / ceiling * (HIST_H - bottom - top))

    def outline(counts: list[float]) -> str:
        """A step outline as a path: up or down to each bin's count, across its width (H and V: one number each)."""
        steps = [f"M{x(low):.1f},{y(0):.1f}"]
        for i, count in enumerate(counts):
            steps.append(f"V{y(count):.1f}H{x(edges[i + 1]):.1f}")
        steps.append(f"V{y(0):.1f}Z")
        return "".join(steps)

    parts = [
        f'<path d="{outline(control)}" fill="{CONTROL}" fill-opacity="0.45" stroke="{CONTROL}" stroke-width="0.5"/>',
        f'<path d="{outline(stained)}" fill="{STAINED}" fill-opacity="0.25" stroke="{STAINED}" stroke-width="0.5"/>',
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{HIST_W - right}" y2="{y(0):.1f}" stroke="{AXIS}" stroke-width="0.5"/>',
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{left}" y2="{top}" stroke="{AXIS}" stroke-width="0.5"/>',
    ]
    for count in ticks:
        parts.append(_text(left - 2, y(count) + 2.4, short_number(count), "end", AXIS))
    placed: list[float] = []
    for at, label in _arcsinh_ticks(low, high, cofactor):
        if not placed or x(at) - placed[-1] >= 16:  # closer labels would overlap at 7 pt
            placed.append(x(at))
            parts.append(f'<line x1="{x(at):.1f}" y1="{y(0):.1f}" x2="{x(at):.1f}" y2="{y(0) + 2:.1f}" '
                         f'stroke="{AXIS}" stroke-width="0.5"/>')  # fmt: skip
            parts.append(_text(x(at), HIST_H - 3, label, "middle", AXIS))
    mark = x(h["threshold"])
    parts.append(f'<line x1="{mark:.1f}" y1="{top - 6}" x2="{mark:.1f}" y2="{y(0):.1f}" stroke="{GATE}" '
                 'stroke-width="0.8" stroke-dasharray="2 1"/>')  # fmt: skip
    anchor = "end" if mark > HIST_W / 2 else "start"
    parts.append(_text(mark + (-1.5 if anchor == "end" else 1.5), top - 1, threshold_label, anchor, GATE))
    for n, line in enumerate(title_lines):
        parts.append(_text(1, 7 + 8 * n, line, "start", "#111827", ' font-weight="bold"'))
    return _svg("histogram", HIST_W, HIST_H, title, "".join(parts))


def density(plot: dict[str, Any], title: str, heading: str) -> str:
    """Events binned on linear axes (darker: more events) with scaled, labelled axes, and the gates as labelled
    dashed lines, each clipped where it leaves the plot."""
    counts = plot["counts"]
    bins = len(counts)
    left, right, top, bottom = 26, 4, 12, 22
    inner_w, inner_h = DENS - left - right, DENS - top - bottom
    x_max, y_max = float(plot["x_max"]), float(plot["y_max"])
    peak = max((max(row) for row in counts), default=0) or 1
    cw, ch = inner_w / bins, inner_h / bins
    parts = [f'<rect x="{left}" y="{top}" width="{inner_w}" height="{inner_h}" fill="none" stroke="#d1d5db" '
             'stroke-width="0.5"/>']  # fmt: skip
    distinct = {count for row in counts for count in row}
    shades = {count: f"{0.15 + 0.85 * math.log1p(count) / math.log1p(peak):.2f}" for count in distinct}
    size = f'width="{cw + 0.1:.2f}" height="{ch + 0.1:.2f}" fill="#1e3a8a"'  # a hair over: no seams between cells
    parts += [
        f'<rect x="{left + i * cw:.1f}" y="{DENS - bottom - (j + 1) * ch:.1f}" {size} fill-opacity="{shades[count]}"/>'
        for i, row in enumerate(counts)  # i: x bin, j: y bin
        for j, count in enumerate(row)
        if count
    ]

    def px(value: float) -> float:
        return left + value / x_max * inner_w

    def py(value: float) -> float:
        return DENS - bottom - value / y_max * inner_h

    for value in nice_ticks(x_max, 3):
        parts.append(_text(px(value), DENS - bottom + 8, short_number(value), "middle", AXIS))
    for value in nice_ticks(y_max, 3):
        parts.append(_text(left - 2, py(value) + 2.4, short_number(value), "end", AXIS))
    parts.append(_text(left + inner_w / 2, DENS - 3, plot["x"], "middle", "#111827"))
    middle = top + inner_h / 2
    parts.append(_text(7, middle, plot["y"], "middle", "#111827", f' transform="rotate(-90 7 {middle:.1f})"'))
    parts.append(_text(1, 8, heading, "start", "#111827", ' font-weight="bold"'))
    for n, ((x1, y1, x2, y2), label) in enumerate(_gate_lines(plot, x_max, y_max)):
        parts.append(f'<line x1="{px(x1):.1f}" y1="{py(y1):.1f}" x2="{px(x2):.1f}" y2="{py(y2):.1f}" '
                     f'stroke="{GATE}" stroke-width="0.8" stroke-dasharray="2 1"/>')  # fmt: skip
        end_x, end_y = px(x2), py(y2)
        if plot["kind"] == "singlets":  # two edges ending close together: one label before its end, one after
            anchor = "end" if n == 0 else "start"
        else:
            anchor = "end" if end_x > left + inner_w * 0.6 else "start"
        parts.append(_text(end_x + (-1.5 if anchor == "end" else 1.5), max(end_y + 7, top + 7), label, anchor, GATE))
    return _svg("density", DENS, DENS, title, "".join(parts))


Segment = tuple[float, float, float, float]


def _gate_lines(plot: dict[str, Any], x_max: float, y_max: float) -> list[tuple[Segment, str]]:
    """Each gate as a segment in data units within the plot box, with its label: a --gate condition as a vertical
    or horizontal line, a singlet band's edges as lines height = area / ratio, clipped at the box."""
    lines: list[tuple[Segment, str]] = []
    if plot["kind"] == "singlets":
        for ratio in (plot["low"], plot["high"]):
            if ratio > 0:
                end_x = min(x_max, y_max * ratio)  # where the line leaves the box: its right or its top side
                lines.append(((0.0, 0.0, end_x, end_x / ratio), f"{ratio:.2f}"))
        return lines
    for name, value in plot.get("lines", []):
        on_x = name.casefold() == plot["x"].casefold()
        limit = x_max if on_x else y_max
        if 0 <= value <= limit:
            segment = (value, 0.0, value, y_max) if on_x else (0.0, value, x_max, value)
            lines.append((segment, f"{value:g}"))
    return lines


def caption(cofactor: float) -> str:
    return tr(
        "Histograms: events per bin of the stained tube (blue) and of its control (grey, scaled to the stained "
        "tube's events) on the axis asinh(x / {cofactor:g}); dashed red: the threshold, in channel units. "
        "Densities: events before the pre-gates; dashed red: the gates, with their values (singlets: the band's "
        "area-to-height ratios).",
        cofactor=cofactor,
    )
