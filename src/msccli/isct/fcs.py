"""Flow cytometry (FCS) analysis for isct-check: for each stained tube (read by fcs_files) and its isotype or FMO
control, compensate, gate, set each channel's threshold at a percentile of the control, and count positive events.
numpy is imported only when FCS input is used (the optional extra msccli[fcs])."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from msccli.catalogue.profiles import marker_list
from msccli.isct.criteria import UNTRUSTED_PREFIX, cocktail_key
from msccli.isct.fcs_files import Tube, libraries, read_tube
from msccli.isct.gates import Condition
from msccli.isct.intervals import wilson
from msccli.isct.markers import stain_markers
from msccli.text.errors import InputError
from msccli.text.i18n import N_

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Array = NDArray[np.float64]

MIN_EVENTS = 10_000  # events a % positive should rest on (methods sections commonly say "at least 10,000")
NOT_MARKERS = re.compile(r"^(fsc|ssc|fs|ss|time|hdr|event|width|height|area)\b", re.IGNORECASE)


# -- analysis ----------------------------------------------------------------------------------------


@dataclass
class Prepared:
    """A tube after compensation and gating: the events that count."""

    tube: Tube
    values: Any  # array (events used, channels)
    compensated: list[str]  # channels compensated, empty when none
    compensation: str  # what was done, for the audit


def prepare(tube: Tube, gates: list[Condition]) -> Prepared:
    numpy, _ = libraries()
    data = tube.data
    compensated: list[str] = []
    if tube.spill is not None and tube.precompensated:
        found = [_spill_channel(tube, name) for name in tube.spill.channels]
        compensated = [tube.pnn[i] for i in found if i is not None]
    elif tube.spill is not None:
        index = [_spill_channel(tube, name) for name in tube.spill.channels]
        present = [(k, i) for k, i in enumerate(index) if i is not None]
        if present:
            rows = [k for k, _ in present]
            matrix = numpy.asarray(tube.spill.matrix, dtype=numpy.float64)[numpy.ix_(rows, rows)]
            try:
                inverse = numpy.linalg.inv(matrix)
            except numpy.linalg.LinAlgError:
                inverse = None
            if inverse is None or numpy.linalg.cond(matrix) > MAX_CONDITION:
                raise InputError(
                    N_("its {keyword} matrix cannot be inverted reliably", keyword=tube.spill.keyword),
                    source=tube.path,
                    hint="check the matrix in the acquisition or analysis software",
                )
            columns = [i for _, i in present]
            data = data.copy()
            data[:, columns] = data[:, columns] @ inverse
            compensated = [tube.pnn[i] for i in columns]
    if tube.spill is not None and tube.precompensated:
        compensation = "none: its values are compensated already (Comp- channels, as FlowJo exports them)"
    elif tube.spill is None:
        compensation = "none: the file has no compensation matrix"
    elif compensated:
        compensation = f"applied from {tube.spill.keyword} ({len(compensated)} channels)"
    else:
        compensation = f"none: no channel of its {tube.spill.keyword} matrix is in the file"
    mask = numpy.ones(data.shape[0], dtype=bool)
    for condition in gates:
        i = tube.channel(condition.channel)
        if i is None:
            raise InputError(
                N_("has no channel {channel!r} for --gate", channel=condition.channel),
                source=tube.path,
                hint=N_("channels: {pnn}", pnn=", ".join(tube.pnn)),
            )
        column = data[:, i]
        mask &= {">": column > condition.value, ">=": column >= condition.value, "<": column < condition.value}.get(
            condition.op, column <= condition.value
        )
    return Prepared(tube, data[mask], compensated, compensation)


def _check_mapping(mapping: dict[str, str], tubes: list[Tube]) -> None:
    """--map names channels: one that no stained tube has is a typo, never silently ignored."""
    known = {label.strip().casefold() for tube in tubes for label in [*tube.pnn, *tube.pns] if label}
    for key in mapping:
        if key.strip().casefold() not in known:
            raise InputError(
                N_("no stained tube has a channel {channel!r}", channel=key),
                field="--map",
                hint=N_("channels: {pnn}", pnn=", ".join(dict.fromkeys(p for t in tubes for p in t.pnn))),
            )


MAX_CONDITION = 1e8  # a spillover matrix this ill-conditioned amplifies noise into nonsense: refused


def _spill_channel(tube: Tube, name: str) -> int | None:
    """A spillover matrix's channel: by $PnN or $PnS, or by its parameter number (some cytometers write 1, 2, ...)."""
    found = tube.channel(name)
    if found is None and name.strip().isdigit() and 1 <= int(name) <= len(tube.pnn):
        return int(name) - 1
    return found


def channel_markers(tube: Tube, mapping: dict[str, str]) -> tuple[dict[int, list[str]], list[str]]:
    """Which channels carry which marker(s): --map CHANNEL=MARKER first, else the $PnS stain name.

    A stain name such as 'CD45-PC7' or 'CD90 FITC' is read by its marker part; a channel whose name is not a
    marker (scatter, time, an unlabelled detector) is left out and listed.
    """
    found: dict[int, list[str]] = {}
    unmarked: list[str] = []
    lowered = {key.strip().casefold(): value for key, value in mapping.items()}

    for i, (pnn, pns) in enumerate(zip(tube.pnn, tube.pns, strict=True)):
        label = lowered.get(pnn.casefold()) or (lowered.get(pns.casefold()) if pns else None)
        if label is not None:
            found[i] = marker_list(label, field="--map")
            continue
        markers = stain_markers(pns) if pns and not NOT_MARKERS.match(pnn) else None
        if markers:
            found[i] = markers
        else:
            unmarked.append(pnn + (f" ({pns})" if pns else ""))
    return found, unmarked


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
    control_saturated: int = 0  # control events at the channel's full scale ($PnR)
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


def pair_controls(stained: list[str], controls: list[str]) -> list[str]:
    if not controls:
        raise InputError("FCS input needs --control: the isotype or FMO control tube each threshold comes from")
    if len(controls) == 1:
        return controls * len(stained)
    if len(controls) == len(stained):
        return controls
    raise InputError(
        N_("{count} stained tubes and {controls} controls", count=len(stained), controls=len(controls)),
        field="--control",
        hint="give one control for every tube, or one control per --fcs file in the same order",
    )


def analyse(
    stained: list[str],
    controls: list[str],
    mapping: dict[str, str],
    gates: list[Condition],
    percentile: float,
    positives: set[str],
    negatives: set[str],
    limit: int,
) -> Analysis:
    """Every stained tube against its control: thresholds, % positive with intervals, combined phenotypes."""
    numpy, _ = libraries()
    if not 50 <= percentile < 100:
        raise InputError(
            N_("{percentile:g} is not a percentile from 50 up to (not including) 100", percentile=percentile),
            field="--percentile",
        )
    paired = pair_controls(stained, controls)
    cache: dict[str, Prepared] = {}

    def prepared(spec: str) -> Prepared:
        if spec not in cache:
            cache[spec] = prepare(read_tube(spec, limit), gates)
        return cache[spec]

    measures: list[Measure] = []
    phenotypes: list[Phenotype] = []
    problems: list[str] = []
    values: dict[str, Any] = {}
    channels_seen: dict[str, list[dict[str, Any]]] = {}
    for spec, control_spec in zip(stained, paired, strict=True):
        tube, control = prepared(spec), prepared(control_spec)
        markers, unmarked = channel_markers(tube.tube, mapping)
        channels_seen[spec] = [
            {"channel": tube.tube.pnn[i], "stain": tube.tube.pns[i] or None, "marker": "/".join(m)}
            for i, m in markers.items()
        ] + [{"channel": c, "stain": None, "marker": None} for c in unmarked]
        if not markers:
            raise InputError(
                "no channel names a marker ($PnS is empty or not a marker name)",
                source=tube.tube.path,
                hint="name them with --map CHANNEL=MARKER, e.g. --map FITC-A=CD90",
            )
        if tube.values.shape[0] == 0 or control.values.shape[0] == 0:
            empty = tube if tube.values.shape[0] == 0 else control
            raise InputError("no events are left after gating", source=empty.tube.path, hint="loosen --gate")
        thresholds: dict[int, float] = {}
        for i, names in markers.items():
            j = control.tube.channel(tube.tube.pnn[i])
            if j is None:
                raise InputError(
                    N_(
                        "has no channel {pnn!r} to set the threshold of {name}",
                        pnn=tube.tube.pnn[i],
                        name=tube.tube.name,
                    ),
                    source=control.tube.path,
                    hint=N_("channels: {pnn}", pnn=", ".join(control.tube.pnn)),
                )
            threshold = float(numpy.percentile(control.values[:, j], percentile))
            thresholds[i] = threshold
            events = int(tube.values.shape[0])
            positive = int(numpy.count_nonzero(tube.values[:, i] > threshold))
            key = cocktail_key(names) if len(names) > 1 else names[0]
            low, high = wilson(positive, events)
            saturated, why = _control_checks(numpy, tube, control, i, j, threshold, percentile)
            measure = Measure(
                key, "/".join(names), tube.tube.name, tube.tube.pnn[i], control.tube.name, events,
                int(control.values.shape[0]), threshold, positive, positive / events * 100, low, high, saturated, why,
            )  # fmt: skip
            measures.append(measure)
            if key in values:
                problems.append(
                    N_("{marker} is measured in more than one tube; the first decides", marker=measure.marker)
                )
                continue
            values[key], values["@ci:" + key] = measure.percent, (low, high)
            if why is not None:
                values[UNTRUSTED_PREFIX + key] = why
                problems.append(N_("{marker} in {name}: {why}; INDETERMINATE", marker=measure.marker,
                                   name=tube.tube.name, why=why))  # fmt: skip
        phenotype = _phenotype(numpy, tube, markers, thresholds, positives, negatives)
        if phenotype is not None:
            phenotypes.append(phenotype)
        fluorescent = [i for i in markers if not NOT_MARKERS.match(tube.tube.pnn[i])]
        if len(fluorescent) > 1 and not tube.compensated:
            problems.append(
                N_(
                    "{name}: {count} fluorescence channels and no compensation matrix; values are uncompensated",
                    name=tube.tube.name,
                    count=len(fluorescent),
                )
            )
    _check_mapping(mapping, [cache[spec].tube for spec in stained])
    if phenotypes:
        worst = min(phenotypes, key=lambda p: p.percent)
        values["@phenotype"], values["@ci:@phenotype"] = worst.percent, (worst.low, worst.high)
    for prepared_tube in cache.values():
        if prepared_tube.values.shape[0] < MIN_EVENTS:
            problems.append(
                N_(
                    "{name}: {shape_0:,} events used, fewer than {MIN_EVENTS:,}; percentages rest on few cells",
                    name=prepared_tube.tube.name,
                    shape_0=prepared_tube.values.shape[0],
                    MIN_EVENTS=MIN_EVENTS,
                )
            )
        problems.extend(
            N_("in {name}: {note}", name=prepared_tube.tube.name, note=note) for note in prepared_tube.tube.notes
        )
    audit = _audit(stained, paired, cache, channels_seen, gates, percentile)
    return Analysis(values, measures, phenotypes, audit, list(dict.fromkeys(problems)))


def _control_checks(
    numpy: Any, tube: Prepared, control: Prepared, i: int, j: int, threshold: float, percentile: float
) -> tuple[int, str | None]:
    """The control's own checks for one channel: events at full scale, and whether its threshold can be trusted.
    A threshold at full scale counts nothing as positive (a saturated control); a control compensated otherwise
    than its tube sets a threshold on other numbers than the tube's values."""
    full = control.tube.ranges[j] if j < len(control.tube.ranges) else None
    column = control.values[:, j]
    saturated = int(numpy.count_nonzero(column >= full - 1)) if full is not None else 0
    if full is not None and threshold >= full - 1:
        share = saturated / max(column.shape[0], 1) * 100
        return saturated, N_(
            "the control's {percentile:g}th percentile is at the channel's full scale ({share:.1f} % of control "
            "events saturated): no event could count as positive",
            percentile=percentile,
            share=share,
        )
    channel = tube.tube.pnn[i]
    if (channel in tube.compensated) != (control.tube.pnn[j] in control.compensated):
        return saturated, N_(
            "the tube and its control are not compensated alike ({channel}): the threshold is not on the tube's scale",
            channel=channel,
        )
    return saturated, None


def _phenotype(
    numpy: Any,
    tube: Prepared,
    markers: dict[int, list[str]],
    thresholds: dict[int, float],
    positives: set[str],
    negatives: set[str],
) -> Phenotype | None:
    """Positive channels: every marker a criterion wants high; negative: every marker (or cocktail) wanted low."""
    up = [i for i, names in markers.items() if all(n in positives for n in names)]
    down = [i for i, names in markers.items() if all(n in negatives for n in names) and i not in up]
    if len(up) + len(down) < 2:
        return None
    mask = numpy.ones(tube.values.shape[0], dtype=bool)
    for i in up:
        mask &= tube.values[:, i] > thresholds[i]
    for i in down:
        mask &= tube.values[:, i] <= thresholds[i]
    events = int(tube.values.shape[0])
    positive = int(numpy.count_nonzero(mask))
    low, high = wilson(positive, events)
    return Phenotype(
        tube.tube.name,
        ["/".join(markers[i]) for i in up],
        ["/".join(markers[i]) for i in down],
        events,
        positive,
        positive / events * 100,
        low,
        high,
    )


def _audit(
    stained: list[str],
    controls: list[str],
    cache: dict[str, Prepared],
    channels: dict[str, list[dict[str, Any]]],
    gates: list[Condition],
    percentile: float,
) -> dict[str, Any]:
    from msccli import __version__

    files = []
    for spec in dict.fromkeys([*stained, *controls]):
        prepared = cache[spec]
        tube = prepared.tube
        files.append(
            {
                "role": "stained" if spec in stained else "control",
                "file": tube.path,
                "size": tube.size,
                "sha256": tube.sha256,
                "fcs_version": tube.version,
                "data_set": tube.dataset,
                "data_sets": tube.datasets,
                "events_read": tube.events,
                "events_used": int(prepared.values.shape[0]),
                "compensation": prepared.compensation,
                "channels": channels.get(spec, []),
                "notes": tube.notes,
            }
        )
    return {
        "msc_version": __version__,
        "files": files,
        "pairs": [{"stained": s, "control": c} for s, c in zip(stained, controls, strict=True)],
        "gates": [str(g) for g in gates] or N_("none: all events used"),
        "threshold": N_("{percentile:g}th percentile of the control tube, per channel", percentile=percentile),
        "positive": "events above the threshold",
    }


def report(analysis: Analysis, decision_rule: str) -> dict[str, Any]:
    """What the lot record carries: each marker's measure, each tube's combined phenotype, and the audit trail."""
    from dataclasses import asdict

    def rounded(record: dict[str, Any]) -> dict[str, Any]:
        return {k: round(v, 6) if isinstance(v, float) else v for k, v in record.items()}

    measurements = []
    for m in analysis.measures:
        record = rounded(asdict(m))
        record["interval"] = [record.pop("low"), record.pop("high")]
        record.pop("key")
        measurements.append(record)
    phenotypes = []
    for p in analysis.phenotypes:
        record = rounded(asdict(p))
        record["interval"] = [record.pop("low"), record.pop("high")]
        phenotypes.append(record)
    return {
        "measurements": measurements,
        "phenotypes": phenotypes,
        "audit": {**analysis.audit, "decision_rule": decision_rule, "warnings": analysis.warnings},
    }
