"""The 95% interval of a % positive measured against a control: what --ci decides with.

A % positive has two sources of chance: which cells the stained tube sampled, and which cells the control
sampled, since the threshold is a percentile of the control. The interval is a percentile bootstrap over both
tubes' events with a fixed seed, so a run gives the same interval every time:

- each replicate resamples the control's events (with replacement) and takes the same percentile of the
  resample as the threshold; it is drawn exactly but cheaply, from the control's top tail only, since the
  percentile of a resample can lie nowhere else (a replicate where it would is drawn from a full resample);
- given that threshold, the count of positive events in a resample of the stained tube is binomial, with the
  share of the tube's own events beyond the threshold;
- a combined phenotype draws each channel's threshold the same way (the channels of one control are resampled
  independently of each other).

The 2.5th and 97.5th percentiles of the replicates' % positive are the interval.
"""

from __future__ import annotations

import math
from typing import Any

REPLICATES = 1000
SEED = 2006  # fixed: the same tubes give the same interval on every run and machine
TAIL_MARGIN = 8  # the tail holds this many standard deviations of the order statistic's rank, and then some


def threshold_draws(numpy: Any, rng: Any, control: Any, percentile: float, replicates: int) -> Any:
    """`replicates` bootstrap draws of numpy.percentile(control, percentile) (linear interpolation)."""
    n = int(control.shape[0])
    position = (n - 1) * percentile / 100
    lower = math.floor(position)
    fraction = position - lower
    rank = n - 1 - lower  # the lower neighbour's rank from the top (0: the largest)
    tail = min(n, rank + 1 + math.ceil(TAIL_MARGIN * math.sqrt(rank + 1)) + 50)
    ordered = numpy.sort(numpy.partition(control, n - tail)[n - tail :])[::-1]  # the top `tail`, largest first
    counts = rng.binomial(n, tail / n, size=replicates)  # resampled events that land in the top `tail`
    width = max(int(counts.max()), rank + 1)
    picks = rng.integers(0, tail, size=(replicates, width))
    picks[numpy.arange(width)[None, :] >= counts[:, None]] = tail  # unused slots sort last
    picks.sort(axis=1)
    inside = counts > rank
    low_index = numpy.minimum(picks[:, rank], tail - 1)
    high_index = numpy.minimum(picks[:, max(rank - 1, 0)], tail - 1)
    draws = ordered[low_index] + fraction * (ordered[high_index] - ordered[low_index])
    for i in numpy.flatnonzero(~inside):  # vanishingly rare: the percentile fell below the tail
        draws[i] = numpy.percentile(rng.choice(control, size=n, replace=True), percentile)
    return draws


def bootstrap_interval(
    numpy: Any,
    stained: Any,
    controls: list[Any],
    percentile: float,
    above: list[bool],
    replicates: int = REPLICATES,
    seed: int = SEED,
) -> tuple[float, float]:
    """The 95% interval, in percent, of the share of `stained` events (events × channels) beyond each channel's
    threshold: above it where `above` says so, at or below it elsewhere."""
    rng = numpy.random.default_rng(seed)
    draws = numpy.stack([threshold_draws(numpy, rng, c, percentile, replicates) for c in controls], axis=1)
    events = int(stained.shape[0])
    up = numpy.asarray(above, dtype=bool)
    over_all, under_all = stained > draws.max(axis=0), stained <= draws.min(axis=0)
    # events on the same side of every channel's threshold in every replicate count the same in all of them
    always = numpy.where(up, over_all, under_all).all(axis=1)
    never = numpy.where(up, under_all, over_all).any(axis=1)
    unsure = stained[~(always | never)]
    members = numpy.full(replicates, int(always.sum()), dtype=numpy.int64)
    for start in range(0, replicates, 100):
        block = draws[start : start + 100]
        beyond = unsure[None, :, :] > block[:, None, :]
        members[start : start + 100] += (beyond == up).all(axis=2).sum(axis=1)
    positives = rng.binomial(events, members / events)
    percents = positives / events * 100
    low, high = numpy.percentile(percents, [2.5, 97.5])
    return float(low), float(high)
