"""Flow cytometry (FCS) analysis for isct-check: for each stained tube (read by isct.fcs.files) and its isotype or FMO
control, compensate, gate, set each channel's threshold at a percentile of the control, and count positive events.
numpy is imported only when FCS input is used (the optional extra msccli[fcs])."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msccli.catalogue.profiles import marker_list
from msccli.isct.criteria import UNTRUSTED_PREFIX, cocktail_key
from msccli.isct.fcs.compensation import Choice, compensate
from msccli.isct.fcs.files import Tube, libraries, read_tube
from msccli.isct.fcs.intervals import REPLICATES, SEED, bootstrap_interval
from msccli.isct.fcs.measures import Analysis, Gate, Measure, Phenotype, Prepared
from msccli.isct.fcs.pregates import Pregates, gate
from msccli.isct.markers import pan_class_ii, stain_markers
from msccli.text.errors import InputError
from msccli.text.i18n import N_

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Array = NDArray[np.float64]

MIN_EVENTS = 10_000  # events a % positive should rest on (methods sections commonly say "at least 10,000")
NOT_MARKERS = re.compile(r"^(fsc|ssc|fs|ss|time|hdr|event|width|height|area)\b", re.IGNORECASE)


# -- analysis ----------------------------------------------------------------------------------------


def prepare(tube: Tube, pregates: Pregates, choice: Choice, keep_all: bool = False) -> Prepared:
    numpy, _ = libraries()
    done = compensate(numpy, tube, choice)
    mask, steps, cuts = gate(numpy, tube, done.data, pregates)
    kept = done.data if keep_all else None
    return Prepared(tube, done.data[mask], done.channels, done.description, steps, kept, done.matrix, mask, cuts)


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


def channel_markers(
    tube: Tube, mapping: dict[str, str], class_ii_as_dr: bool = False
) -> tuple[dict[int, list[str]], list[str]]:
    """Which channels carry which marker(s): --map CHANNEL=MARKER first, else the $PnS stain name.

    A stain name such as 'CD45-PC7' or 'CD90 FITC' is read by its marker part; a channel whose name is not a
    marker (scatter, time, an unlabelled detector) is left out and listed. A pan-class-II reagent (HLA-DR/DP/DQ)
    counts as HLA-DR only with `class_ii_as_dr`: where the profiles only cap HLA-DR, a share of all class II
    molecules under the cap keeps HLA-DR under it too; it could never show HLA-DR alone above a floor.
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
        if pns and pan_class_ii(pns) and class_ii_as_dr:
            markers = ["HLA-DR"]
        if markers:
            found[i] = markers
        else:
            unmarked.append(pnn + (f" ({pns})" if pns else ""))
    return found, unmarked


def split_control(spec: str) -> tuple[str | None, str]:
    """--control MARKER=FILE (one marker's own control) as (marker, file); a plain FILE (a name with '=' in it
    that exists is a file) as (None, file)."""
    marker, sep, path = spec.partition("=")
    if sep and marker.strip() and not Path(spec).exists():
        return marker, path.strip()
    return None, spec


def pair_controls(stained: list[str], controls: list[str]) -> tuple[list[str | None], dict[str, str]]:
    """Each stained tube's shared control, and the per-marker controls (--control CD73=fmo73.fcs, an FMO or
    isotype control for one marker) that set those markers' thresholds in every tube."""
    shared: list[str] = []
    own: dict[str, str] = {}
    for spec in controls:
        marker, path = split_control(spec)
        if marker is None:
            shared.append(spec)
            continue
        for name in marker_list(marker, field="--control"):
            if name in own and own[name] != path:
                raise InputError(
                    N_("{marker} is given two controls, {first} and {second}", marker=name, first=own[name],
                       second=path),
                    field="--control",
                    hint="give one control per marker",
                )  # fmt: skip
            own[name] = path
    if not shared and not own:
        raise InputError("FCS input needs --control: the isotype or FMO control tube each threshold comes from")
    if len(shared) <= 1:
        return [shared[0] if shared else None] * len(stained), own
    if len(shared) == len(stained):
        return list(shared), own
    raise InputError(
        N_("{count} stained tubes and {controls} controls", count=len(stained), controls=len(shared)),
        field="--control",
        hint="give one control for every tube, or one control per --fcs file in the same order",
    )


def analyse(
    stained: list[str],
    controls: list[str],
    mapping: dict[str, str],
    pregates: Pregates,
    choice: Choice,
    percentile: float,
    positives: set[str],
    negatives: set[str],
    limit: int,
    drawn: bool = False,
) -> Analysis:
    """Every stained tube against its control(s): thresholds, % positive with intervals, combined phenotypes;
    with `drawn`, the binned figures a release report draws."""
    numpy, _ = libraries()
    if not 50 <= percentile < 100:
        raise InputError(
            N_("{percentile:g} is not a percentile from 50 up to (not including) 100", percentile=percentile),
            field="--percentile",
        )
    paired, own = pair_controls(stained, controls)
    cache: dict[str, Prepared] = {}

    def prepared(spec: str) -> Prepared:
        if spec not in cache:
            cache[spec] = prepare(read_tube(spec, limit), pregates, choice, keep_all=drawn and spec in stained)
            if cache[spec].values.shape[0] == 0:
                raise InputError("no events are left after the pre-gates", source=cache[spec].tube.path,
                                 hint="loosen --gate or --singlets")  # fmt: skip
        return cache[spec]

    measures: list[Measure] = []
    links: list[tuple[Prepared, Prepared, Measure]] = []  # each measure with the tubes it came from
    phenotypes: list[Phenotype] = []
    problems: list[str] = []
    values: dict[str, Any] = {}
    channels_seen: dict[str, list[dict[str, Any]]] = {}
    used_controls: dict[str, set[str]] = {}
    measured: dict[str, list[str]] = {}  # per tube, the channels it was measured or set a threshold in
    for spec, shared in zip(stained, paired, strict=True):
        tube = prepared(spec)
        class_ii = "HLA-DR" in negatives and "HLA-DR" not in positives
        markers, unmarked = channel_markers(tube.tube, mapping, class_ii)
        for i in markers:
            if tube.tube.pns[i] and pan_class_ii(tube.tube.pns[i]):
                problems.append(
                    N_("{name}: {stain} (all HLA class II) is counted as HLA-DR, which the profiles only cap",
                       name=tube.tube.name, stain=tube.tube.pns[i])
                )  # fmt: skip
        for label in unmarked:
            if pan_class_ii(label.partition(" (")[2].rstrip(")")):
                problems.append(
                    N_("{name}: {label} (all HLA class II) is not counted as HLA-DR: a profile sets a floor on it",
                       name=tube.tube.name, label=label)
                )  # fmt: skip
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
        gates: dict[int, Gate] = {}
        for i, names in markers.items():
            control_spec = next((own[n] for n in names if n in own), shared)
            if control_spec is None:
                raise InputError(
                    N_("{marker} has no control", marker="/".join(names)),
                    field="--control",
                    hint=N_("give a control for every marker, or --control {marker}=FILE", marker="/".join(names)),
                )
            control = prepared(control_spec)
            used_controls.setdefault(control_spec, set()).add("/".join(names))
            for one in (spec, control_spec):
                measured.setdefault(one, []).append(tube.tube.pnn[i])
            gates[i] = _gate(numpy, tube, control, i, percentile)
            measure = _measure(numpy, tube, control, i, names, gates[i], percentile)
            measures.append(measure)
            links.append((tube, control, measure))
            if measure.key in values:
                problems.append(
                    N_("{marker} is measured in more than one tube; the first decides", marker=measure.marker)
                )
                continue
            values[measure.key], values["@ci:" + measure.key] = measure.percent, (measure.low, measure.high)
            if measure.untrusted is not None:
                values[UNTRUSTED_PREFIX + measure.key] = measure.untrusted
                problems.append(N_("{marker} in {name}: {why}; INDETERMINATE", marker=measure.marker,
                                   name=tube.tube.name, why=measure.untrusted))  # fmt: skip
        phenotype = _phenotype(numpy, tube, markers, gates, positives, negatives, percentile)
        if phenotype is not None:
            phenotypes.append(phenotype)
        fluorescent = [i for i in markers if not NOT_MARKERS.match(tube.tube.pnn[i])]
        if len(fluorescent) > 1 and not tube.compensated and choice.kind != "none":
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
    audit = _audit(stained, used_controls, cache, channels_seen, measured, pregates, percentile)
    audit["matrix_file"] = choice.matrix_file()
    figures = None
    if drawn:
        from msccli.isct.fcs.figures import drawings

        figures = drawings(numpy, [cache[s] for s in dict.fromkeys(stained)], links, pregates)
    from msccli.isct.fcs.gatingml import plan

    gating = plan(list(cache.values()), links, pregates)
    return Analysis(values, measures, phenotypes, audit, list(dict.fromkeys(problems)), figures, gating)


MIN_CONTROL_ABOVE = 10  # a threshold resting on fewer control events above it is too uncertain to decide on


def _gate(numpy: Any, tube: Prepared, control: Prepared, i: int, percentile: float) -> Gate:
    j = control.tube.channel(tube.tube.pnn[i])
    if j is None:
        raise InputError(
            N_("has no channel {pnn!r} to set the threshold of {name}", pnn=tube.tube.pnn[i], name=tube.tube.name),
            source=control.tube.path,
            hint=N_("channels: {pnn}", pnn=", ".join(control.tube.pnn)),
        )
    return Gate(control, j, float(numpy.percentile(control.values[:, j], percentile)))


def _measure(
    numpy: Any, tube: Prepared, control: Prepared, i: int, names: list[str], gate: Gate, percentile: float
) -> Measure:
    events = int(tube.values.shape[0])
    column = tube.values[:, i]
    positive = int(numpy.count_nonzero(column > gate.threshold))
    low, high = bootstrap_interval(numpy, tube.values[:, [i]], [control.values[:, gate.column]], percentile, [True])
    control_column = control.values[:, gate.column]
    saturated, control_saturated = tube.at_full_scale(numpy, i), control.at_full_scale(numpy, gate.column)
    above = int(numpy.count_nonzero(control_column > gate.threshold))
    return Measure(
        cocktail_key(names) if len(names) > 1 else names[0], "/".join(names), tube.tube.name, tube.tube.pnn[i],
        control.tube.name, events, int(control_column.shape[0]), gate.threshold, positive, positive / events * 100,
        low, high, above, control_saturated, saturated,
        _untrusted(tube, control, i, gate, percentile, control_saturated, above),
    )  # fmt: skip


def _untrusted(
    tube: Prepared, control: Prepared, i: int, gate: Gate, percentile: float, saturated: int, above: int
) -> str | None:
    """Why a threshold cannot decide: the percentile falls among control events at full scale (whose true values
    are unknown: beyond the top of the range), it rests on too few control events above it, or it is set on a
    control compensated otherwise than its tube."""
    events = int(control.values.shape[0])
    if saturated and saturated >= events - math.floor((events - 1) * percentile / 100):
        share = saturated / max(events, 1) * 100
        return N_(
            "the control's {percentile:g}th percentile is at the channel's full scale ({share:.1f} % of control "
            "events saturated): no event could count as positive",
            percentile=percentile,
            share=share,
        )
    if above < MIN_CONTROL_ABOVE:
        return N_(
            "only {above} control events lie above the threshold (fewer than {least}): the control is too small "
            "to set it",
            above=above,
            least=MIN_CONTROL_ABOVE,
        )
    channel = tube.tube.pnn[i]
    if (channel in tube.compensated) != (control.tube.pnn[gate.column] in control.compensated):
        return N_(
            "the tube and its control are not compensated alike ({channel}): the threshold is not on the tube's scale",
            channel=channel,
        )
    return None


def _phenotype(
    numpy: Any,
    tube: Prepared,
    markers: dict[int, list[str]],
    gates: dict[int, Gate],
    positives: set[str],
    negatives: set[str],
    percentile: float,
) -> Phenotype | None:
    """Positive channels: every marker a criterion wants high; negative: every marker (or cocktail) wanted low."""
    up = [i for i, names in markers.items() if all(n in positives for n in names)]
    down = [i for i, names in markers.items() if all(n in negatives for n in names) and i not in up]
    if len(up) + len(down) < 2:
        return None
    mask = numpy.ones(tube.values.shape[0], dtype=bool)
    for i in up:
        mask &= tube.values[:, i] > gates[i].threshold
    for i in down:
        mask &= tube.values[:, i] <= gates[i].threshold
    events = int(tube.values.shape[0])
    positive = int(numpy.count_nonzero(mask))
    channels = up + down
    low, high = bootstrap_interval(
        numpy,
        tube.values[:, channels],
        [gates[i].control.values[:, gates[i].column] for i in channels],
        percentile,
        [i in up for i in channels],
    )
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
    controls: dict[str, set[str]],
    cache: dict[str, Prepared],
    channels: dict[str, list[dict[str, Any]]],
    measured: dict[str, list[str]],
    pregates: Pregates,
    percentile: float,
) -> dict[str, Any]:
    from msccli import __version__

    files = []
    for spec in dict.fromkeys([*stained, *controls]):
        prepared = cache[spec]
        tube = prepared.tube
        files.append(
            {
                "roles": [role for role, used in (("stained", spec in stained), ("control", spec in controls)) if used],
                "file": tube.path,
                "size": tube.size,
                "sha256": tube.sha256,
                "fcs_version": tube.version,
                "data_set": tube.dataset,
                "data_sets": tube.datasets,
                "events_read": tube.events,
                "events_used": int(prepared.values.shape[0]),
                "compensation": prepared.compensation,
                "pregates": prepared.steps,
                "channels": channels.get(spec, []),
                "markers_set": sorted(controls.get(spec, set())),
                "keywords": tube.keywords,
                "voltages": _voltages(tube, measured.get(spec, [])),
                "notes": tube.notes,
            }
        )
    return {
        "msc_version": __version__,
        "files": files,
        "gates": pregates.describe(),
        "threshold": N_("{percentile:g}th percentile of the control tube, per channel", percentile=percentile),
        "positive": "events above the threshold",
        "interval": N_(
            "95% percentile bootstrap over the stained and control events ({replicates} replicates, seed {seed})",
            replicates=REPLICATES,
            seed=SEED,
        ),
    }


def _voltages(tube: Tube, names: list[str]) -> dict[str, str]:
    """The detector voltage ($PnV) of each channel measured, by channel name, where the file gives one."""
    found = {}
    for name in names:
        i = tube.channel(name)
        voltage = tube.keywords.get(f"$P{i + 1}V") if i is not None else None
        if voltage:
            found[name] = voltage
    return found


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
