"""Confidence intervals of a proportion of events: what --ci decides with."""

import math

Z95 = 1.959963984540054  # the normal quantile of a two-sided 95% interval


def wilson(positive: int, total: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion, in percent: well behaved at 0 %, 100 % and small counts."""
    if total <= 0:
        raise ValueError("an interval needs at least one event")
    if not 0 <= positive <= total:
        raise ValueError("positive events must be between 0 and the total")
    p = positive / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    low = 0.0 if positive == 0 else max(0.0, (centre - half) * 100)
    high = 100.0 if positive == total else min(100.0, (centre + half) * 100)
    return low, high
