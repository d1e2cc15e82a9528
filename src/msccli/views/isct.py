"""msc isct-check and msc criteria: cell lots against identity criteria, and the criteria themselves."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ..bulk import paused_gc
from ..i18n import N_, pick, tr, tr_soft, tr_value
from ..isct import Check, Lot, Results, criterion_label, criterion_op, overall, results
from ..match import plural
from ..model import Profile
from ..render import Column, Field, View
from .common import styled

if TYPE_CHECKING:
    from rich.console import Console

    from ..lots import Stream

VERDICT_STYLE = {"PASS": "bold green", "FAIL": "bold red", "INCOMPLETE": "bold yellow", "INDETERMINATE": "bold yellow"}
STATUS_WORD = {"pass": N_("pass"), "fail": N_("FAIL"), "missing": N_("no data"), "indeterminate": N_("undecided")}

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
    Field("status", "string", "pass, fail, missing, or indeterminate (--ci: the interval straddles the threshold)."),
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
        return N_(f"{criterion}: no data")
    if status == "indeterminate":
        low, high = interval
        return N_(
            f"{criterion} {_value_text(value)} undecided (95% interval {low:.2f}-{high:.2f} straddles {threshold:g})"
        )
    if op:
        return N_(f"{criterion} {_value_text(value)} (needs {op} {threshold:g})")
    return N_(f"{criterion}: failed")


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return N_("yes") if value else N_("no")
    return f"{value:g}"


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
    fcs: dict[str, Any] | None = lot.get("@fcs")
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


def _verdict_cell(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda record: styled(tr_value(record[key]), VERDICT_STYLE[record[key]])


PLAIN_SUMMARY_ABOVE = 500  # lots; Rich lays out big tables slowly, so long summaries are plain aligned text


def isct_view(lots: list[Lot], checks: list[list[Check]], judged: set[str], detail: bool, show_detail: bool) -> View:
    """`detail`: one record per lot and criterion (in every format); `show_detail`: per-lot tables for people."""

    def records() -> Iterator[dict[str, Any]]:
        """One lot (or lot × criterion) at a time, so a big report is written as it is made."""
        with paused_gc():  # millions of small dicts for a big batch; nothing here makes cycles
            yield from criterion_records(lots, checks) if detail else lot_records(lots, checks, judged)

    profiles = [c.profile for c in checks[0]] if checks else []
    columns = [Column("lot", "Lot", style="bold", identity=True)]
    for profile, key in zip(profiles, ("profile_verdict", "spec_verdict"), strict=False):
        columns.append(Column(key, profile.id, show=_verdict_cell(key), data_header=True))
    columns.append(Column("problems", "Failed or missing", show=lambda r: "; ".join(tr(p) for p in r["problems"])))

    def human(con: Console) -> None:
        for profile in profiles:
            if profile.warning:
                con.print(tr(f"WARNING ({profile.id}): {pick(profile.warning, None)}"), style="bold red")
        if show_detail:
            for lot, one in zip(lots, checks, strict=True):
                _lot_detail(con, lot, one)
            return
        if len(lots) > PLAIN_SUMMARY_ABOVE:
            _plain_summary(con, lots, checks, profiles)
        else:
            from ..render import grid

            grid(con, columns, list(lot_records(lots, checks, judged)))
        for lot in lots:
            fcs = lot.get("@fcs")
            if fcs:
                _fcs_summary(con, fcs)
        verdicts = [overall([c.verdict for c in one]) for one in checks]
        counts = {v: verdicts.count(v) for v in ("PASS", "FAIL", "INCOMPLETE", "INDETERMINATE")}
        undecided = ", " + tr(f"{counts['INDETERMINATE']} indeterminate") if counts["INDETERMINATE"] else ""
        passed, failed, incomplete = counts["PASS"], counts["FAIL"], counts["INCOMPLETE"]
        tally = tr(f"{plural(len(lots), 'lot')}: {passed} pass, {failed} fail, {incomplete} incomplete")
        con.print(tally + undecided + ". " + tr("Per-criterion values and margins: --detail or -f json."), style="dim")

    def texts(keys: list[str], fmt: str) -> Iterator[str]:
        from .lot_texts import detail_texts, lot_texts

        with paused_gc():
            yield from detail_texts(lots, checks, keys, fmt) if detail else lot_texts(lots, checks, judged, keys, fmt)

    def cells(keys: list[str]) -> Iterator[Sequence[str]]:
        from .lot_texts import detail_cells, lot_cells

        with paused_gc():
            yield from detail_cells(lots, checks, keys) if detail else lot_cells(lots, checks, judged, keys)

    return View(
        fields=CRITERION_RESULT_FIELDS if detail else LOT_FIELDS,
        records=records,
        columns=columns if not detail else [],
        human=human,
        texts=texts,
        cells=cells,
    )


def isct_stream_view(
    stream: Stream, profile: Profile, spec: Profile | None, judged: set[str], detail: bool, ci: bool, failed: list[bool]
) -> View:
    """A big file's report, for data formats: each chunk of lots is checked and written before the next is read.
    `failed` gets True when a lot does not pass (for the exit code, known once the report is written)."""
    from ..isct import check_lots

    def checked() -> Iterator[tuple[list[Lot], list[list[Check]]]]:
        for batch in stream.chunks():
            with paused_gc():
                chunk = batch.lots
                checks = check_lots(chunk, profile, spec, batch.table, ci=ci)
            if not failed and any(c.verdict != "PASS" for one in checks for c in one):
                failed.append(True)
            yield chunk, checks

    def records() -> Iterator[dict[str, Any]]:
        for chunk, checks in checked():
            with paused_gc():
                yield from criterion_records(chunk, checks) if detail else lot_records(chunk, checks, judged)

    def texts(keys: list[str], fmt: str) -> Iterator[str]:
        from .lot_texts import detail_texts, lot_texts

        for chunk, checks in checked():
            with paused_gc():
                if detail:
                    yield from detail_texts(chunk, checks, keys, fmt)
                else:
                    yield from lot_texts(chunk, checks, judged, keys, fmt)

    def cells(keys: list[str]) -> Iterator[Sequence[str]]:
        from .lot_texts import detail_cells, lot_cells

        for chunk, checks in checked():
            with paused_gc():
                yield from detail_cells(chunk, checks, keys) if detail else lot_cells(chunk, checks, judged, keys)

    return View(
        fields=CRITERION_RESULT_FIELDS if detail else LOT_FIELDS,
        records=records,
        texts=texts,
        cells=cells,
    )


FCS_COLUMNS = [
    Column("marker", "Marker", identity=True),
    Column("file", "Tube"),
    Column("channel", "Channel", min_terminal=110),
    Column("events", "Events", show=lambda r: f"{r['events']:,}", min_terminal=100),
    Column("threshold", "Threshold", show=lambda r: f"{r['threshold']:.4g}"),
    Column("percent", "% positive", show=lambda r: f"{r['percent']:.2f}", identity=True),
    Column("interval", "95% interval", show=lambda r: f"{r['interval'][0]:.2f}-{r['interval'][1]:.2f}"),
]


def _fcs_summary(con: Console, fcs: dict[str, Any]) -> None:
    """What FCS input measured and how: per marker, each combined phenotype, then the audit in short."""
    from ..render import grid

    audit = fcs["audit"]
    con.print(styled(tr("Measured from FCS"), "bold"))
    grid(con, FCS_COLUMNS, fcs["measurements"])
    for p in fcs["phenotypes"]:
        wanted = [f"{m}+" for m in p["positive_markers"]] + [f"{m}-" for m in p["negative_markers"]]
        low, high = p["interval"]
        con.print(
            tr(
                f"Combined phenotype in {p['file']} ({' '.join(wanted)}): {p['percent']:.2f}% of {p['events']:,} "
                f"events (95% interval {low:.2f}-{high:.2f})"
            )
        )
    for f in audit["files"]:
        con.print(
            tr(
                f"{f['role']}: {f['file']} · FCS {f['fcs_version']} · {f['events_used']:,} of {f['events_read']:,} "
                f"events used · compensation {f['compensation']} · SHA-256 {f['sha256'][:16]}…"
            ),
            style="dim",
        )
    listed = ", ".join(audit["gates"])
    gates = tr(audit["gates"]) if isinstance(audit["gates"], str) else tr(f"gates {listed}")
    threshold, rule = tr(audit["threshold"]), tr(audit["decision_rule"])
    con.print(
        tr(f"Threshold: {threshold}; {gates}; decided by the {rule}; msc {audit['msc_version']}."),
        style="dim",
    )


def _plain_summary(con: Console, lots: list[Lot], checks: list[list[Check]], profiles: list[Profile]) -> None:
    from ..render import visible

    width = max(len(lot.lot) for lot in lots)
    out = con.file
    out.write(
        f"{tr('Lot'):<{width}}  " + "  ".join(f"{p.id:<11}" for p in profiles) + "  " + tr("Failed or missing") + "\n"
    )
    for start, stop, per_check in runs(lots, checks):
        problems = lots_problems(per_check, stop - start)
        for lot, one, found_here in zip(lots[start:stop], checks[start:stop], problems, strict=True):
            verdicts = "  ".join(f"{tr_value(c.verdict):<{max(11, len(c.profile.id))}}" for c in one)
            found = "; ".join(tr(p) for p in found_here)
            out.write(visible(f"{lot.lot:<{width}}  {verdicts}  {found}").rstrip() + "\n")


DETAIL_COLUMNS = [
    Column("criterion", "Criterion", identity=True),
    Column("value", "Value"),
    Column("needs", "Needs"),
    Column("margin", "Margin"),
    Column("result", "Result", show=lambda r: styled(r["result"], "bold red" if r["failed"] else "")),
]


def _detail_row(r: dict[str, Any]) -> dict[str, Any]:
    label = tr_value(r["criterion"])
    if r["used"] and (" or " in label or "cocktail" in r["used"]):
        label += f" [{r['used']}]"
    return {
        "criterion": label,
        "value": tr_value(_value_text(r["value"])),
        "needs": f"{r['op']} {r['threshold']:g}" if r["op"] else (tr("yes") if r["test"] != "percent" else ""),
        "margin": "" if r["margin"] is None else f"{r['margin']:+g}",
        "result": tr(STATUS_WORD[r["status"]]) + (" " + tr("(informative)") if r["informative"] else ""),
        "failed": r["status"] == "fail" and not r["informative"],
    }


def _lot_detail(con: Console, lot: Lot, checks: list[Check]) -> None:
    from ..render import grid

    head = styled(tr(f"Lot {lot.lot}"), "bold")
    if lot.row is not None:
        head.append("  " + tr(f"({lot.source}, row {lot.row})"), style="dim")
    con.print(head)
    for check in checks:
        results = check.result_dicts()
        con.print(styled(f"{check.profile.id}: {tr_value(check.verdict)}", VERDICT_STYLE[check.verdict]))
        grid(con, DETAIL_COLUMNS, [_detail_row(r) for r in results])
        for r in results:
            if r["note"]:
                con.print(f"  {r['criterion']}: {tr_soft(r['note'])}", style="dim")
        con.print()


# -- msc criteria --------------------------------------------------------------------------------

CRITERION_FIELDS = (
    Field("profile", "string", "Profile id (isct-check --profile ID)."),
    Field("title", "string", "The profile's title."),
    Field("verified", "boolean", "false when the fact sheet could not verify the profile's thresholds."),
    Field("criterion", "string", "What is tested: a marker, 'CD14 or CD11b', adherence, osteogenic, ..."),
    Field("test", "string", "percent, adherence, osteogenic, adipogenic, chondrogenic or viability."),
    Field("op", "string|null", ">=, >, <= or <."),
    Field("threshold", "number|null", "The threshold, % of cells."),
    Field("informative", "boolean", "Reported, but does not decide the verdict."),
    Field("stimulated_informative", "boolean", "Informative when the lot was stimulated (IFN-gamma)."),
    Field("note", "string|null", "What the criterion asks, in words."),
    Field("warning", "string|null", "A warning that comes with the profile."),
    Field("refs", "array", "Reference ids of the profile."),
)


def criteria_view(profiles: list[Profile]) -> View:
    rows = [
        {
            "profile": p.id,
            "title": p.title,
            "verified": p.verified,
            "criterion": criterion_label(c),
            "test": c.test,
            "op": criterion_op(c),
            "threshold": c.min if c.min is not None else c.max,
            "informative": c.informative,
            "stimulated_informative": c.stimulated_informative,
            "note": c.note,
            "warning": p.warning,
            "refs": list(p.refs),
        }
        for p in profiles
        for c in p.criteria
    ]
    columns = [
        Column("profile", "Profile", identity=True),
        Column("criterion", "Criterion", identity=True),
        Column("op", "Op"),
        Column("threshold", "Threshold"),
        Column("note", "Note"),
    ]

    def human(con: Console) -> None:
        from rich import box
        from rich.table import Table

        for p in profiles:
            con.print(styled(f"{p.id}: {p.title}", "bold"))
            if p.warning:
                con.print(tr(f"WARNING: {pick(p.warning, None)}"), style="bold red")
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
            table.add_column(tr("Criterion"), no_wrap=True)
            table.add_column(tr("Requirement"), overflow="fold")
            for c in p.criteria:
                op = criterion_op(c)
                if op is not None:
                    need = tr(f"{op} {c.min if c.min is not None else c.max:g} % of cells")
                else:
                    need = pick(c.note, None) if c.note else tr("required")
                if c.stimulated_informative:
                    need += " " + tr("(informative if stimulated, e.g. IFN-gamma)")
                table.add_row(tr_value(criterion_label(c)), need)
            con.print(table)
            if p.note:
                con.print(pick(p.note, None), style="dim")
            con.print(tr(f"References: {', '.join(p.refs)} (msc refs {' '.join(p.refs)})"), style="dim")
            con.print()

    return View(fields=CRITERION_FIELDS, records=rows, columns=columns, human=human)
