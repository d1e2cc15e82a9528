"""What a release report draws, binned so a report stays small whatever the event count: per marker, the stained
tube's histogram over its control's with the threshold, and per stained tube its pre-gates as scatter densities.

Fluorescence is drawn on an arcsinh axis, asinh(x / 150): linear near zero (where compensated values spread
around it, negatives included) and logarithmic for bright events; 150 is the cofactor commonly used for
conventional fluorescence cytometry. Scatter is drawn linear, as the file stores it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from msccli.isct.fcs.measures import Measure, Prepared
    from msccli.isct.fcs.pregates import Pregates

COFACTOR = 150.0
HISTOGRAM_BINS = 128
DENSITY_BINS = 64
SPAN_SAMPLE = 20_000  # events a picture's axis range is taken from: every k-th, the same every run


def _every(numpy: Any, values: Any) -> Any:
    """At most SPAN_SAMPLE of the values, evenly strided: an axis's range needs no more, and sorting all of a
    million-event tube's values for it would cost more than the picture."""
    step = max(1, values.shape[0] // SPAN_SAMPLE)
    return values[::step]


def marker_histogram(numpy: Any, stained: Any, control: Any, threshold: float) -> dict[str, Any]:
    """Both tubes binned on one arcsinh axis; counts as shares of each tube's events (they differ in size)."""
    stained, control = numpy.arcsinh(stained / COFACTOR), numpy.arcsinh(control / COFACTOR)
    both = numpy.concatenate([_every(numpy, stained), _every(numpy, control)])
    low, high = (float(v) for v in numpy.percentile(both, [0.05, 99.95]))
    mark = float(numpy.arcsinh(threshold / COFACTOR))
    low, high = min(low, mark), max(high, mark)
    if high <= low:
        high = low + 1.0
    edges = numpy.linspace(low, high, HISTOGRAM_BINS + 1)

    def share(values: Any) -> list[float]:
        counts = numpy.bincount(_bins(numpy, values, low, high, HISTOGRAM_BINS), minlength=HISTOGRAM_BINS)
        return [round(c / max(values.shape[0], 1), 6) for c in counts.tolist()]

    return {"edges": [round(float(e), 5) for e in edges], "stained": share(stained), "control": share(control),
            "threshold": mark}  # fmt: skip


def density(numpy: Any, x: Any, y: Any) -> dict[str, Any]:
    """Events binned on two linear axes, from 0 to the 99.9th percentile of each."""
    x_high = max(float(numpy.percentile(_every(numpy, x), 99.9)), 1.0)
    y_high = max(float(numpy.percentile(_every(numpy, y), 99.9)), 1.0)
    cells = _bins(numpy, x, 0.0, x_high, DENSITY_BINS) * DENSITY_BINS + _bins(numpy, y, 0.0, y_high, DENSITY_BINS)
    counts = numpy.bincount(cells, minlength=DENSITY_BINS * DENSITY_BINS).reshape(DENSITY_BINS, DENSITY_BINS)
    return {"x_max": x_high, "y_max": y_high, "counts": counts.tolist()}


def _bins(numpy: Any, values: Any, low: float, high: float, bins: int) -> Any:
    """Each value's bin of `bins` equal ones from low to high, values beyond either end in the end bins: equal bins
    need no search, so a histogram is numpy.bincount of these (docs/isct-check.md, "Sheet speed")."""
    scaled = (values - low) * (bins / (high - low))
    return numpy.clip(scaled, 0, bins - 1).astype(numpy.intp)


def first_scatter(pnn: list[str], kind: str) -> int | None:
    """The first forward ('f') or side ('s') scatter channel, area channels (-A) first: FSC-A before FSC-H."""
    from msccli.isct.fcs.pregates import is_scatter

    named = [i for i, p in enumerate(pnn) if is_scatter(p) and p.strip().casefold().startswith(kind)]
    areas = [i for i in named if pnn[i].strip().casefold().endswith("-a")]
    found = areas or named
    return found[0] if found else None


def drawings(
    numpy: Any, tubes: list[Prepared], links: list[tuple[Prepared, Prepared, Measure]], pregates: Pregates
) -> dict[str, Any]:
    """Per marker its histogram over its control's; per stained tube its scatter and singlet densities."""
    markers = []
    for tube, control, m in links:
        i, j = tube.tube.channel(m.channel), control.tube.channel(m.channel)
        assert i is not None and j is not None
        histogram = marker_histogram(numpy, tube.values[:, i], control.values[:, j], m.threshold)
        markers.append({"marker": m.marker, "file": m.file, "channel": m.channel, "control": m.control,
                        "events": m.events, "threshold": m.threshold, "histogram": histogram})  # fmt: skip
    drawn = []
    for p in tubes:
        pnn, everything = p.tube.pnn, p.unmasked
        plots = []
        fsc, ssc = first_scatter(pnn, "f"), first_scatter(pnn, "s")
        if fsc is not None and ssc is not None:
            plot = density(numpy, everything[:, fsc], everything[:, ssc])
            lines = [(c.channel, c.value) for c in pregates.conditions if c.channel.casefold() in
                     (pnn[fsc].casefold(), pnn[ssc].casefold())]  # fmt: skip
            plots.append({"kind": "scatter", "x": pnn[fsc], "y": pnn[ssc], **plot, "lines": lines})
        singlets = next((s for s in p.steps if "channels" in s), None)
        if singlets is not None and len(singlets["channels"]) == 2:
            x, y = (p.tube.channel(c) for c in singlets["channels"])
            assert x is not None and y is not None
            plot = density(numpy, everything[:, x], everything[:, y])
            plots.append({"kind": "singlets", "x": pnn[x], "y": pnn[y], **plot, "low": singlets["low"],
                          "high": singlets["high"]})  # fmt: skip
        drawn.append({"file": p.tube.name, "plots": plots})
    return {"markers": markers, "tubes": drawn, "cofactor": COFACTOR}
