"""msc isct-check and msc criteria: cell lots against identity criteria, and the criteria themselves."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from msccli.catalogue.collector import paused_gc
from msccli.catalogue.model import Profile
from msccli.isct.criteria import Check, Lot, criterion_label, criterion_op, overall
from msccli.output.render import Column, Field, View
from msccli.text.i18n import pick, tr, tr_soft, tr_value
from msccli.text.match import plural
from msccli.views.common import styled
from msccli.views.lot_records import (
    CRITERION_RESULT_FIELDS,
    LOT_FIELDS,
    STATUS_WORD,
    VERDICT_STYLE,
    criterion_records,
    interval_text,
    lot_records,
    lots_problems,
    margin_text,
    runs,
    threshold_text,
    value_text,
)
from msccli.views.lot_texts import detail_cells, detail_texts, lot_cells, lot_texts

if TYPE_CHECKING:
    from rich.console import Console

    from msccli.isct.run import Streamed


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
                con.print(
                    tr("WARNING ({id}): {warning}", id=profile.id, warning=pick(profile.warning, None)),
                    style="bold red",
                )
        if show_detail:
            for lot, one in zip(lots, checks, strict=True):
                _lot_detail(con, lot, one)
            return
        if len(lots) > PLAIN_SUMMARY_ABOVE:
            _plain_summary(con, lots, checks, profiles)
        else:
            from msccli.output.render import grid

            grid(con, columns, list(lot_records(lots, checks, judged)))
        for lot in lots:
            if lot.fcs:
                _fcs_summary(con, lot.fcs)
        verdicts = [overall([c.verdict for c in one]) for one in checks]
        counts = {v: verdicts.count(v) for v in ("PASS", "FAIL", "INCOMPLETE", "INDETERMINATE")}
        undecided = (
            ", " + tr("{INDETERMINATE} indeterminate", INDETERMINATE=counts["INDETERMINATE"])
            if counts["INDETERMINATE"]
            else ""
        )
        passed, failed, incomplete = counts["PASS"], counts["FAIL"], counts["INCOMPLETE"]
        tally = tr(
            "{lots}: {passed} pass, {failed} fail, {incomplete} incomplete",
            lots=plural(len(lots), "lot"),
            passed=passed,
            failed=failed,
            incomplete=incomplete,
        )
        con.print(tally + undecided + ". " + tr("Per-criterion values and margins: --detail or -f json."), style="dim")

    def texts(keys: list[str], fmt: str) -> Iterator[str]:

        with paused_gc():
            yield from detail_texts(lots, checks, keys, fmt) if detail else lot_texts(lots, checks, judged, keys, fmt)

    def cells(keys: list[str]) -> Iterator[Sequence[str]]:

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


def isct_stream_view(streamed: Streamed, judged: set[str], detail: bool) -> View:
    """A big file's report, for data formats: each chunk of lots is checked and written before the next is read."""
    checked = streamed.chunks

    def records() -> Iterator[dict[str, Any]]:
        for chunk, checks in checked():
            with paused_gc():
                yield from criterion_records(chunk, checks) if detail else lot_records(chunk, checks, judged)

    def texts(keys: list[str], fmt: str) -> Iterator[str]:

        for chunk, checks in checked():
            with paused_gc():
                if detail:
                    yield from detail_texts(chunk, checks, keys, fmt)
                else:
                    yield from lot_texts(chunk, checks, judged, keys, fmt)

    def cells(keys: list[str]) -> Iterator[Sequence[str]]:

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
    Column("threshold", "Threshold", show=lambda r: threshold_text(r["threshold"])),
    Column("percent", "% positive", show=lambda r: f"{r['percent']:.2f}", identity=True),
    Column("interval", "95% interval", show=lambda r: interval_text(r["interval"])),
    Column("control", "Control", min_terminal=120),
    Column("control_above", "Control above", show=lambda r: f"{r['control_above']:,}", min_terminal=130),
]


def _fcs_summary(con: Console, fcs: dict[str, Any]) -> None:
    """What FCS input measured and how: per marker, each combined phenotype, then the audit in short."""
    from msccli.output.render import grid

    audit = fcs["audit"]
    con.print(styled(tr("Measured from FCS"), "bold"))
    grid(con, FCS_COLUMNS, fcs["measurements"])
    for p in fcs["phenotypes"]:
        wanted = [f"{m}+" for m in p["positive_markers"]] + [f"{m}-" for m in p["negative_markers"]]
        low, high = p["interval"]
        con.print(
            tr(
                "Combined phenotype in {file} ({wanted}): {percent:.2f}% of {events:,} events (95% interval "
                "{low:.2f}-{high:.2f})",
                file=p["file"],
                wanted=" ".join(wanted),
                percent=p["percent"],
                events=p["events"],
                low=low,
                high=high,
            )
        )
    for f in audit["files"]:
        con.print(
            tr(
                "{role}: {file} · FCS {fcs_version} · {events_used:,} of {events_read:,} events used · compensation "
                "{compensation} · SHA-256 {sha256}…",
                role=" + ".join(tr_value(r) for r in f["roles"]),
                file=f["file"],
                fcs_version=f["fcs_version"],
                events_used=f["events_used"],
                events_read=f["events_read"],
                compensation=f["compensation"],
                sha256=f["sha256"][:16],
            ),
            style="dim",
        )
    gates = tr("gates {listed}", listed=", ".join(tr(g) for g in audit["gates"]))
    threshold, rule = tr(audit["threshold"]), tr(audit["decision_rule"])
    con.print(
        tr(
            "Threshold: {threshold}; {gates}; decided by the {rule}; msc {msc_version}.",
            threshold=threshold,
            gates=gates,
            rule=rule,
            msc_version=audit["msc_version"],
        ),
        style="dim",
    )


def _plain_summary(con: Console, lots: list[Lot], checks: list[list[Check]], profiles: list[Profile]) -> None:
    from msccli.output.guard import visible

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


NO_NEED = ("percent", "viability")  # tests whose row has no "yes" requirement: a value, judged or recorded


def criterion_row(r: dict[str, Any]) -> dict[str, Any]:
    """One criterion's result as people read it, in the table and in the release report."""
    label = tr_value(r["criterion"])
    if " or " in label:  # an or-pair: CD14 or CD11b
        first, second = label.split(" or ", 1)
        label = tr("{first} or {second}", first=first, second=second)
    used = r["used"]
    if used and (" or " in r["criterion"] or "cocktail" in used):
        if used.endswith(" cocktail"):
            used = tr("{markers} cocktail", markers=used.removesuffix(" cocktail"))
        label += f" [{used}]"
    return {
        "criterion": label,
        "value": tr_value(value_text(r["value"])),
        "needs": f"{r['op']} {r['threshold']:g}" if r["op"] else (tr("yes") if r["test"] not in NO_NEED else ""),
        "margin": margin_text(r["margin"]),
        "result": tr(STATUS_WORD[r["status"]]) + (" " + tr("(informative)") if r["informative"] else ""),
        "failed": r["status"] == "fail" and not r["informative"],
    }


def _lot_detail(con: Console, lot: Lot, checks: list[Check]) -> None:
    from msccli.output.render import grid

    head = styled(tr("Lot {lot}", lot=lot.lot), "bold")
    if lot.row is not None:
        head.append("  " + tr("({source}, row {line_number})", source=lot.source, line_number=lot.row), style="dim")
    con.print(head)
    for check in checks:
        results = check.result_dicts()
        con.print(styled(f"{check.profile.id}: {tr_value(check.verdict)}", VERDICT_STYLE[check.verdict]))
        grid(con, DETAIL_COLUMNS, [criterion_row(r) for r in results])
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
                con.print(tr("WARNING: {warning}", warning=pick(p.warning, None)), style="bold red")
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
            table.add_column(tr("Criterion"), no_wrap=True)
            table.add_column(tr("Requirement"), overflow="fold")
            for c in p.criteria:
                op = criterion_op(c)
                if op is not None:
                    need = tr("{op} {min:g} % of cells", op=op, min=c.min if c.min is not None else c.max)
                else:
                    need = pick(c.note, None) if c.note else tr("required")
                if c.stimulated_informative:
                    need += " " + tr("(informative if stimulated, e.g. IFN-gamma)")
                table.add_row(tr_value(criterion_label(c)), need)
            con.print(table)
            if p.note:
                con.print(pick(p.note, None), style="dim")
            con.print(
                tr("References: {refs} (msc refs {refs_join})", refs=", ".join(p.refs), refs_join=" ".join(p.refs)),
                style="dim",
            )
            con.print()

    return View(fields=CRITERION_FIELDS, records=rows, columns=columns, human=human)
