"""The 95% interval of a % positive measured against a control: what --ci decides with.

A % positive has two sources of chance: which cells the stained tube sampled, and which cells the control
sampled, since the threshold is a percentile of the control. The interval is a percentile bootstrap over both
tubes' events with a fixed seed, so a run gives the same interval every time:

- each replicate resamples the control's events (with replacement) and takes the same percentile of the
  resample as the threshold; the two events the percentile interpolates between are drawn exactly, from the
  order statistics of uniform draws, without building the resample;
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


def threshold_draws(numpy: Any, rng: Any, control: Any, percentile: float, replicates: int) -> Any:
    """`replicates` bootstrap draws of numpy.percentile(control, percentile) (linear interpolation).

    A resample of n events is n uniform draws V mapped to the sorted events by floor(n V), a monotone map, so the
    resample's k-th smallest event is the event at floor(n V_(k)), where the k-th smallest of n uniforms,
    V_(k), is Beta(k, n - k + 1); given it, the next one is V_(k) + (1 - V_(k)) Beta(1, n - k). Two beta draws per
    replicate stand for a whole resample."""
    n = int(control.shape[0])
    position = (n - 1) * percentile / 100
    lower = math.floor(position)
    fraction = position - lower
    k = lower + 1  # the lower neighbour is the k-th smallest
    first = rng.beta(k, n - k + 1, size=replicates)
    second = first + (1 - first) * rng.beta(1, max(n - k, 1), size=replicates) if k < n else first
    low_index = numpy.minimum((first * n).astype(numpy.int64), n - 1)
    high_index = numpy.minimum((second * n).astype(numpy.int64), n - 1)
    start = int(min(low_index.min(), high_index.min()))
    # only the events from `start` up are needed in order: partition there, sort the rest
    ordered = numpy.sort(numpy.partition(control, start)[start:]) if start > 0 else numpy.sort(control)
    low, high = ordered[low_index - start], ordered[high_index - start]
    return low + fraction * (high - low)


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
