"""The release report's pictures as inline SVG: a marker's histogram over its control's with the threshold, and a
tube's scatter or singlet density with its gates. They draw binned figures (isct.figures), never raw events, so a
report stays small; every label passes the output layer's markup guard."""

from __future__ import annotations

import math
from typing import Any

from msccli.output.guard import html_text
from msccli.text.i18n import tr

WIDTH, HEIGHT, PAD, TOP = 360, 180, 28, 34  # TOP: room for the title and the legend
STAINED, CONTROL, THRESHOLD = "#2563eb", "#9ca3af", "#dc2626"


def _axis_ticks(low: float, high: float, cofactor: float) -> list[tuple[float, str]]:
    """Ticks at 0 and at powers of ten, where they fall on the arcsinh axis."""
    ticks = [(0.0, "0")]
    for power in range(1, 8):
        for sign in (1, -1):
            at = math.asinh(sign * 10**power / cofactor)
            if low <= at <= high:
                ticks.append((at, f"{'-' if sign < 0 else ''}10{_superscript(power)}"))
    return ticks


def _superscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def histogram(figure: dict[str, Any], title: str, cofactor: float) -> str:
    h = figure["histogram"]
    edges, stained, control = h["edges"], h["stained"], h["control"]
    low, high = edges[0], edges[-1]
    top = max(max(stained), max(control), 1e-9)

    def x(value: float) -> float:
        return float(PAD + (value - low) / (high - low) * (WIDTH - 2 * PAD))

    def y(share: float) -> float:
        return float(HEIGHT - PAD - share / top * (HEIGHT - PAD - TOP))

    def outline(shares: list[float]) -> str:
        points = [f"{x(low):.1f},{y(0):.1f}"]
        for i, share in enumerate(shares):
            points += [f"{x(edges[i]):.1f},{y(share):.1f}", f"{x(edges[i + 1]):.1f},{y(share):.1f}"]
        points.append(f"{x(high):.1f},{y(0):.1f}")
        return " ".join(points)

    mark = x(h["threshold"])
    placed: list[tuple[float, str]] = []
    for at, label in sorted(_axis_ticks(low, high, cofactor)):
        if not placed or x(at) - x(placed[-1][0]) >= 22:  # labels closer than that would overlap
            placed.append((at, label))
    ticks = "".join(
        f'<line x1="{x(at):.1f}" y1="{HEIGHT - PAD}" x2="{x(at):.1f}" y2="{HEIGHT - PAD + 4}" stroke="#6b7280"/>'
        f'<text x="{x(at):.1f}" y="{HEIGHT - PAD + 15}" font-size="9" text-anchor="middle">{html_text(label)}</text>'
        for at, label in placed
    )
    return (
        f'<svg class="histogram" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{html_text(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{html_text(title)}</title>"
        f'<polygon points="{outline(control)}" fill="{CONTROL}" fill-opacity="0.45" stroke="{CONTROL}"/>'
        f'<polygon points="{outline(stained)}" fill="{STAINED}" fill-opacity="0.25" stroke="{STAINED}"/>'
        f'<line x1="{mark:.1f}" y1="{TOP}" x2="{mark:.1f}" y2="{HEIGHT - PAD}" stroke="{THRESHOLD}" '
        'stroke-width="1.5" stroke-dasharray="4 2"/>'
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#6b7280"/>{ticks}'
        f'<text x="{PAD}" y="14" font-size="10">{html_text(title)}</text>'
        f'<text x="{PAD}" y="25" font-size="9"><tspan fill="{STAINED}">■ {html_text(tr("stained"))}</tspan> '
        f'<tspan fill="{CONTROL}">■ {html_text(tr("control"))}</tspan> '
        f'<tspan fill="{THRESHOLD}">┆ {html_text(tr("threshold"))}</tspan></text>'
        "</svg>"
    )


def density(plot: dict[str, Any], title: str) -> str:
    """Events binned on linear axes (darker: more events), with the gates drawn as lines."""
    counts = plot["counts"]
    bins = len(counts)
    size = 240
    cell = (size - 2 * PAD) / bins
    peak = max((max(row) for row in counts), default=0) or 1
    cells = []
    for i, row in enumerate(counts):  # i: x bin, j: y bin
        for j, count in enumerate(row):
            if count:
                shade = 0.15 + 0.85 * math.log1p(count) / math.log1p(peak)
                cells.append(
                    f'<rect x="{PAD + i * cell:.1f}" y="{size - PAD - (j + 1) * cell:.1f}" width="{cell:.2f}" '
                    f'height="{cell:.2f}" fill="#1e3a8a" fill-opacity="{shade:.2f}"/>'
                )
    x_max, y_max = float(plot["x_max"]), float(plot["y_max"])

    def px(value: float) -> float:
        return PAD + min(max(value / x_max, 0), 1) * (size - 2 * PAD)

    def py(value: float) -> float:
        return size - PAD - min(max(value / y_max, 0), 1) * (size - 2 * PAD)

    lines = []
    if plot["kind"] == "singlets":  # height = area / ratio at each edge of the kept band
        for ratio in (plot["low"], plot["high"]):
            if ratio > 0:
                lines.append(
                    f'<line x1="{px(0):.1f}" y1="{py(0):.1f}" x2="{px(x_max):.1f}" y2="{py(x_max / ratio):.1f}" '
                    f'stroke="{THRESHOLD}" stroke-dasharray="4 2"/>'
                )
    for name, value in plot.get("lines", []):  # --gate conditions on either axis
        if name.casefold() == plot["x"].casefold():
            lines.append(f'<line x1="{px(value):.1f}" y1="{PAD}" x2="{px(value):.1f}" y2="{size - PAD}" '
                         f'stroke="{THRESHOLD}" stroke-dasharray="4 2"/>')  # fmt: skip
        else:
            lines.append(f'<line x1="{PAD}" y1="{py(value):.1f}" x2="{size - PAD}" y2="{py(value):.1f}" '
                         f'stroke="{THRESHOLD}" stroke-dasharray="4 2"/>')  # fmt: skip
    return (
        f'<svg class="density" viewBox="0 0 {size} {size}" width="{size}" height="{size}" role="img" '
        f'aria-label="{html_text(title)}" xmlns="http://www.w3.org/2000/svg"><title>{html_text(title)}</title>'
        f'<rect x="{PAD}" y="{PAD}" width="{size - 2 * PAD}" height="{size - 2 * PAD}" fill="none" stroke="#d1d5db"/>'
        + "".join(cells)
        + "".join(lines)
        + f'<text x="{size / 2:.0f}" y="{size - 6}" font-size="10" text-anchor="middle">{html_text(plot["x"])}</text>'
        f'<text x="10" y="{size / 2:.0f}" font-size="10" text-anchor="middle" '
        f'transform="rotate(-90 10 {size / 2:.0f})">{html_text(plot["y"])}</text>'
        f'<text x="{PAD}" y="14" font-size="10">{html_text(title)}</text>'
        "</svg>"
    )
