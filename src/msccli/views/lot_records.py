"""A checked lot as records: one per lot (msc isct-check) or one per lot and criterion (--detail), with the
problems that keep a lot from passing. The table, the data formats and the column-written reports share these."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from msccli.isct.criteria import Check, Lot, Results, overall, results
from msccli.output.render import Field
from msccli.text.i18n import N_

VERDICT_STYLE = {"PASS": "bold green", "FAIL": "bold red", "INCOMPLETE": "bold yellow", "INDETERMINATE": "bold yellow"}
STATUS_WORD = {"pass": N_("pass"), "fail": N_("FAIL"), "missing": N_("no data"), "indeterminate": N_("INDETERMINATE"),
               "recorded": N_("recorded")}  # fmt: skip

LOT_FIELDS = (
    Field("lot", "string", "Lot id, as written in the input."),
    Field("source", "string", "The input: a file name, - for stdin, or flags."),
    Field("row", "integer|null", "Row (line) of the lot in the input file."),
    Field(
        "verdict",
        "string",
        "Over every check: FAIL if any fails, else INDETERMINATE (--ci), else INCOMPLETE if any lacks data, else PASS.",
    ),
    Field("profile", "string", "The criteria profile checked (isct-2006 by default)."),
    Field("profile_verdict", "string", "PASS, FAIL or INCOMPLETE against the profile."),
    Field("spec", "string|null", "The lab's specification (--spec), if any."),
    Field("spec_verdict", "string|null", "PASS, FAIL or INCOMPLETE against the specification."),
    Field("stimulated", "boolean", "The lot was stimulated (IFN-gamma): HLA-DR is informative."),
    Field("problems", "array", "Each criterion that failed or had no data, for people."),
    Field("checks", "array", "Per check: profile, verdict and every criterion's value, threshold and margin."),
    Field("unjudged_markers", "object", "Markers measured but not judged by any criterion."),
    Field(
        "measurements",
        "array",
        "FCS input: per marker, the tube, channel, control, events, threshold, % positive and its 95% interval.",
    ),
    Field("phenotypes", "array", "FCS input: per multi-colour tube, the combined phenotype's % and interval."),
    Field("audit", "object|null", "FCS input: files (size, SHA-256, FCS version), events, compensation, gates, rule."),
)
CRITERION_RESULT_FIELDS = (
    Field("lot", "string", "Lot id."),
    Field("source", "string", "The input."),
    Field("row", "integer|null", "Row of the lot in the input file."),
    Field("check", "string", "profile or spec."),
    Field("profile", "string", "Profile or specification id."),
    Field("verdict", "string", "The lot's verdict for this check."),
    Field("criterion", "string", "What is tested: a marker, 'CD14 or CD11b', adherence, osteogenic, ..."),
    Field("test", "string", "percent, adherence, osteogenic, adipogenic, chondrogenic or viability."),
    Field(
        "status",
        "string",
        "pass, fail, missing, indeterminate (an interval straddles the threshold, or a measure msc cannot trust), "
        "or recorded (a result the lot has that no criterion judges; informative).",
    ),
    Field("informative", "boolean", "Reported, but does not decide the verdict."),
    Field("value", "number|boolean|null", "The measured value (% of cells) or the test's outcome."),
    Field("op", "string|null", ">=, >, <= or <."),
    Field("threshold", "number|null", "The threshold (% of cells)."),
    Field("margin", "number|null", "Percentage points inside (+) or outside (-) the threshold."),
    Field("used", "string|null", "The marker or cocktail channel that gave the value."),
    Field("interval", "array|null", "FCS input: the value's 95% Wilson interval [low, high], in %."),
    Field("note", "string|null", "Why a criterion is informative or has no data."),
)


def _problem(criterion: str, status: str, value: Any, op: str | None, threshold: float | None, interval: Any) -> str:
    """A criterion that failed or had no data, for people."""
    if status == "missing":
        return N_("{criterion}: no data", criterion=criterion)
    if status == "indeterminate" and (interval is None or not interval[0] <= (threshold or 0) <= interval[1]):
        return N_("{criterion} {value} INDETERMINATE: its measure cannot be trusted (see the measurement's note)",
                  criterion=criterion, value=value_text(value))  # fmt: skip
    if status == "indeterminate":
        low, high = interval
        return N_(
            "{criterion} {value} INDETERMINATE (95% interval {low:.2f}-{high:.2f} straddles {threshold:g})",
            criterion=criterion,
            value=value_text(value),
            low=low,
            high=high,
            threshold=threshold,
        )
    if op:
        return N_(
            "{criterion} {value} (needs {op} {threshold:g})",
            criterion=criterion,
            value=value_text(value),
            op=op,
            threshold=threshold,
        )
    return N_("{criterion}: failed", criterion=criterion)


def value_text(value: Any) -> str:
    """A lot's value for people: yes/no, or a percentage with 2 decimals, as every table and the report show it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return N_("yes") if value else N_("no")
    return f"{value:.2f}"


def margin_text(margin: float | None) -> str:
    """Percentage points inside (+) or outside (-) a threshold, with 2 decimals."""
    return "" if margin is None else f"{margin:+.2f}"


def threshold_text(threshold: float) -> str:
    """An FCS threshold in the channel's units: 2 decimals, never e-notation (1e+04 reads as a typo on paper)."""
    return f"{threshold:.2f}"


def interval_text(interval: list[float] | None) -> str:
    return f"{interval[0]:.2f}-{interval[1]:.2f}" if interval else ""


def problem_texts(results: Results) -> list[str | None]:
    """Per lot, the criterion's problem (None when it passed or does not decide). Values repeat (percentages to
    a decimal place), so each text is made once."""
    rule = results.rule
    label, op, threshold = rule.label, rule.op, results.threshold
    known: dict[tuple[Any, ...], str] = {}

    def text(status: str, value: Any, interval: list[float] | None) -> str:
        if interval is not None or value == 0:  # -0.0 equals 0.0 but reads "-0"
            return _problem(label, status, value, op, threshold, interval)
        key = (status, value.__class__, value)
        found = known.get(key)
        if found is None:
            found = known[key] = _problem(label, status, value, op, threshold, interval)
        return found

    return [
        None if status == "pass" or informative else text(status, value, interval)
        for status, informative, value, interval in zip(
            results.status, results.informative, results.value, results.interval, strict=True
        )
    ]


def lots_problems(per_check: list[list[Results]], count: int) -> list[list[str]]:
    """Per lot, each deciding criterion that failed or had no data, once, in the order of the checks."""
    columns = [problem_texts(r) for one in per_check for r in one]
    return [list(dict.fromkeys(filter(None, found))) for found in zip(*columns, strict=True)] or [
        [] for _ in range(count)
    ]


RUN = 5_000  # lots reported together: their criteria's results are worked out column by column


def runs(lots: list[Lot], checks: list[list[Check]]) -> Iterator[tuple[int, int, list[list[Results]]]]:
    """Runs of lots (start, stop) with each check's results for them, column by column."""
    for start in range(0, len(lots), RUN):
        some = checks[start : start + RUN]
        kinds = len(some[0]) if some else 0
        yield start, start + len(some), [results([one[k] for one in some]) for k in range(kinds)]


def lot_records(lots: list[Lot], checks: list[list[Check]], judged: set[str]) -> Iterator[dict[str, Any]]:
    for start, stop, per_check in runs(lots, checks):
        problems = lots_problems(per_check, stop - start)
        for i in range(stop - start):
            lot, one = lots[start + i], checks[start + i]
            yield lot_record(lot, one, judged, [[r.record(i) for r in part] for part in per_check], problems[i])


def lot_record(
    lot: Lot, checks: list[Check], judged: set[str], details: list[list[dict[str, Any]]], problems: list[str]
) -> dict[str, Any]:
    """A lot's report; `details`: each check's criteria (isct.Results.record), `problems`: from lots_problems."""
    spec = checks[1] if len(checks) > 1 else None
    fcs = lot.fcs
    return {
        "lot": lot.lot,
        "source": lot.source,
        "row": lot.row,
        "verdict": overall([c.verdict for c in checks]),
        "profile": checks[0].profile.id,
        "profile_verdict": checks[0].verdict,
        "spec": spec.profile.id if spec else None,
        "spec_verdict": spec.verdict if spec else None,
        "stimulated": lot.stimulated,
        "problems": problems,
        "checks": [
            {
                "kind": c.kind,
                "profile": c.profile.id,
                "title": c.profile.title,
                "verified": c.profile.verified,
                "warning": c.profile.warning,
                "verdict": c.verdict,
                "criteria": criteria,
            }
            for c, criteria in zip(checks, details, strict=True)
        ],
        "unjudged_markers": {m: v for m, v in lot.markers.items() if m not in judged and v is not None},
        "measurements": fcs["measurements"] if fcs else [],
        "phenotypes": fcs["phenotypes"] if fcs else [],
        "audit": fcs["audit"] if fcs else None,
    }


def criterion_records(lots: list[Lot], checks: list[list[Check]]) -> Iterator[dict[str, Any]]:
    """One record per lot and criterion (--detail)."""
    for start, stop, per_check in runs(lots, checks):
        for i in range(stop - start):
            lot = lots[start + i]
            for check, part in zip(checks[start + i], per_check, strict=True):
                for r in part:
                    yield {
                        "lot": lot.lot,
                        "source": lot.source,
                        "row": lot.row,
                        "check": check.kind,
                        "profile": check.profile.id,
                        "verdict": check.verdict,
                        **r.record(i),
                    }
