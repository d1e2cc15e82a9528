"""What the FCS analysis of a lot's tubes yields: each tube as prepared, each marker's measure and threshold, each
combined phenotype, and the whole analysis (isct.fcs.analysis makes them; the report's figures read them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from msccli.isct.fcs.files import Tube


@dataclass
class Prepared:
    """A tube after compensation and pre-gates: the events that count."""

    tube: Tube
    values: Any  # array (events used, channels)
    compensated: list[str]  # channels compensated, empty when none
    compensation: str  # what was done, for the audit
    steps: list[dict[str, Any]]  # each pre-gate: events in, events kept
    unmasked: Any = None  # every event, compensated, kept only when a report draws the pre-gates
    matrix: list[list[float]] | None = None  # the spillover matrix applied to `compensated`, in their order
    kept: Any = None  # the pre-gates' mask over the tube's events: which rows `values` are
    cuts: list[tuple[float | None, float | None]] | None = None  # per step, where a replay cuts (pregates.gate)

    def at_full_scale(self, numpy: Any, column: int) -> int:
        """Events used that are at the channel's full scale, as stored: a detector clips before compensation."""
        top = self.tube.full_scale[column] if column < len(self.tube.full_scale) else None
        if top is None:
            return 0
        stored = self.tube.data[:, column] if self.kept is None else self.tube.data[self.kept, column]
        return int(numpy.count_nonzero(stored >= top))


@dataclass
class Measure:
    """One marker (or cocktail channel) of one stained tube against its control."""

    key: str  # the lot table's key: a marker name, or a cocktail key
    marker: str  # for people: CD73, or CD34/CD45/HLA-DR
    file: str
    channel: str
    control: str
    events: int
    control_events: int
    threshold: float
    positive: int
    percent: float
    low: float
    high: float
    control_above: int = 0  # control events above the threshold
    control_saturated: int = 0  # control events at the channel's full scale ($PnR)
    saturated: int = 0  # stained events at full scale: counted as positive, being beyond any threshold
    untrusted: str | None = None  # why the value cannot decide a criterion (the lot is then INDETERMINATE)


@dataclass
class Phenotype:
    """The share of a tube's events positive for every positive marker and negative for every negative one."""

    file: str
    positive_markers: list[str]
    negative_markers: list[str]
    events: int
    positive: int
    percent: float
    low: float
    high: float


@dataclass
class Analysis:
    values: dict[str, Any]  # the lot's table entries: marker -> %, "@phenotype", "@ci:KEY" -> (low, high)
    measures: list[Measure]
    phenotypes: list[Phenotype]
    audit: dict[str, Any]
    warnings: list[str]
    figures: dict[str, Any] | None = None  # what a release report draws (--report), binned
    gating: list[dict[str, Any]] | None = None  # each tube's gates, as --gating-ml writes them (isct.gatingml)


@dataclass
class Gate:
    """One channel's threshold, set by its control."""

    control: Prepared
    column: int  # the channel's column in the control
    threshold: float
