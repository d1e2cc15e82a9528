"""The events a tube's percentages rest on: pre-gates applied alike to stained and control tubes, in order.

1. Scatter saturation: an event at full scale (its stored value $PnR - 1, isct.fcs.files) in a forward or side
   scatter channel is dropped (a clump or an off-scale event, whose size is unknown). Fluorescence saturation
   drops nothing: a stained event at full scale is beyond any threshold and counts as positive; a control at
   full scale is checked where its threshold is set.
2. --gate conditions, in the channel's own units as the file stores them (e.g. FSC-A>20000 against debris).
3. --singlets AREA/HEIGHT (e.g. FSC-A/FSC-H), or --singlets WIDTH (e.g. FSC-W): an event whose area-to-height
   ratio, or pulse width, lies more than three robust standard deviations (1.4826 x the median absolute
   deviation) from the tube's median is a doublet or an aggregate, and dropped.
Each step's events in and kept are reported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from msccli.isct.fcs.files import Tube
from msccli.isct.fcs.gates import Condition
from msccli.text.errors import InputError
from msccli.text.i18n import N_

ROBUST_SDS = 3.0
MAD_TO_SD = 1.4826  # the median absolute deviation of a normal distribution, in standard deviations


@dataclass(frozen=True)
class Pregates:
    conditions: tuple[Condition, ...] = ()
    singlets: tuple[str, ...] | None = None  # (area channel, height channel), or (width channel,)

    def describe(self) -> list[str]:
        steps = [N_("drop events at full scale in a scatter channel")]
        steps += [str(c) for c in self.conditions]
        if self.singlets is not None:
            steps.append(
                N_("singlets: {measure} within {sds:g} robust SD of the median", measure="/".join(self.singlets),
                   sds=ROBUST_SDS)
            )  # fmt: skip
        return steps


def parse_singlets(value: str | None) -> tuple[str, ...] | None:
    """AREA/HEIGHT (two channels) or WIDTH (one)."""
    if value is None:
        return None
    channels = tuple(part.strip() for part in value.split("/"))
    if len(channels) > 2 or not all(channels):
        raise InputError(
            N_("{value!r} is not AREA/HEIGHT or one WIDTH channel", value=value),
            field="--singlets",
            hint="e.g. --singlets FSC-A/FSC-H, or --singlets FSC-W",
        )
    return channels


def is_scatter(name: str) -> bool:
    label = name.strip().casefold()
    return label.startswith(("fsc", "ssc")) or label.split(" ")[0] in ("fs", "ss")


Cut = tuple[float | None, float | None]  # a replay's minimum (inclusive) and maximum (exclusive) on one dimension


def gate(numpy: Any, tube: Tube, values: Any, pregates: Pregates) -> tuple[Any, list[dict[str, Any]], list[Cut]]:
    """The mask of events kept, each step with its events in and kept, and where a replay should cut each step's
    dimension to keep the same events (`separating`; the scatter step compares stored values, which a replay reads
    exactly as msc does)."""
    mask = numpy.ones(values.shape[0], dtype=bool)
    steps: list[dict[str, Any]] = []
    cuts: list[Cut] = []

    def step(name: str, keep: Any, cut: tuple[Any, float | None, float | None] | None = None, **bounds: Any) -> None:
        before = int(mask.sum())
        if cut is not None:
            column, low, high = cut
            cuts.append(separating(numpy, column[mask], keep[mask], low, high))
        else:
            cuts.append((None, None))
        mask[:] &= keep
        steps.append({"gate": name, "events_in": before, "events_kept": int(mask.sum()), **bounds})

    scatter = [i for i, name in enumerate(tube.pnn) if is_scatter(name) and tube.ranges[i] is not None]
    keep = numpy.ones(values.shape[0], dtype=bool)
    for i in scatter:
        keep &= tube.data[:, i] < float(tube.full_scale[i] or numpy.inf)  # the stored value, before compensation
    step(N_("scatter below full scale ({channels})", channels=", ".join(tube.pnn[i] for i in scatter) or "-"), keep)
    for condition in pregates.conditions:
        column = values[:, _channel(tube, condition.channel, "--gate")]
        value = condition.value
        ops = {">": column > value, ">=": column >= value, "<": column < value}
        low = {">": math.nextafter(value, math.inf), ">=": value}.get(condition.op)
        high = {"<": value, "<=": math.nextafter(value, math.inf)}.get(condition.op)
        step(str(condition), ops.get(condition.op, column <= value), (column, low, high))
    if pregates.singlets is not None:
        measure = _singlet_measure(numpy, tube, values, pregates.singlets)
        kept = measure[mask & numpy.isfinite(measure)]
        if kept.size == 0:
            raise InputError("no event has a positive height for --singlets", source=tube.path)
        centre = float(numpy.median(kept))
        band = ROBUST_SDS * MAD_TO_SD * float(numpy.median(numpy.abs(kept - centre)))
        low, high = centre - band, centre + band
        inside = numpy.nan_to_num(measure, nan=numpy.inf)
        step(
            N_("singlets {measure} in {low:.3g}-{high:.3g}", measure="/".join(pregates.singlets), low=low, high=high),
            (inside >= low) & (inside <= high), (measure, low, math.nextafter(high, math.inf)),
            channels=list(pregates.singlets), low=low, high=high,
        )  # fmt: skip
    return mask, steps, cuts


def separating(numpy: Any, column: Any, passing: Any, low: float | None, high: float | None) -> Cut:
    """Where a replay should cut `column` to keep exactly its `passing` events: a minimum halfway between the
    highest value left out below and the lowest kept, a maximum halfway between the highest kept and the lowest
    left out above. A replay compensates with its own rounding, so an event on msc's own bound (a threshold that
    is a control event, say) could land on either side of it; no rounding moves it across half a gap. `low` and
    `high` (msc's bounds, or None for an open side) stand where no event lies on the other side."""
    kept = column[passing]
    if kept.size == 0:
        return low, high
    lowest, highest = float(kept.min()), float(kept.max())
    if low is not None:
        below = column[~passing & (column < lowest)]
        low = _halfway(float(below.max()), lowest, lowest) if below.size else low
    if high is not None:
        above = column[~passing & (column > highest)]
        high = _halfway(highest, float(above.min()), float(above.min())) if above.size else high
    return low, high


def _halfway(below: float, above: float, fallback: float) -> float:
    middle = below + (above - below) / 2
    return middle if below < middle < above else fallback


def _singlet_measure(numpy: Any, tube: Tube, values: Any, channels: tuple[str, ...]) -> Any:
    """Each event's area-to-height ratio (NaN where the height is not positive), or its pulse width."""
    first = values[:, _channel(tube, channels[0], "--singlets")]
    if len(channels) == 1:
        return first
    height = values[:, _channel(tube, channels[1], "--singlets")]
    valid = height > 0
    return numpy.where(valid, first / numpy.where(valid, height, 1), numpy.nan)


def _channel(tube: Tube, name: str, option: str) -> int:
    i = tube.channel(name)
    if i is None:
        raise InputError(
            N_("has no channel {channel!r} for {option}", channel=name, option=option),
            source=tube.path,
            hint=N_("channels: {pnn}", pnn=", ".join(tube.pnn)),
        )
    return i
