"""The release report's page, made from the run record alone (and the pictures of the lots' tubes): a summary
page, one printed page per lot, an appendix with a matrix file's values, and the record itself as a JSON data
block. Every printed page carries its lot, the report id, the run's time and analyst and "page n of m" in its
margins. Numbers are shown as every other table shows them (views.lot_records); `data-v` names each value shown,
for `msc verify`. The template is templates/report.html.j2; text reaches it only through the output layer's
guard."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msccli.output.guard import css_string, json_in_html
from msccli.output.html_page import markup, render
from msccli.release import figures_svg
from msccli.text.i18n import N_, current, tr, tr_soft, tr_value, use
from msccli.views.lot_records import interval_text, threshold_text

if TYPE_CHECKING:
    from collections.abc import Iterator

HTML_LANG = {"en": "en", "zh": "zh-Hans", "zh-Hant": "zh-Hant"}
SIGNATURES = (  # who signs a lot's page, and what the signature attests
    (N_("Performed by"), N_("I ran this check on the inputs listed, with the options shown; the results are as "
                            "msc reported them.")),
    (N_("Reviewed by"), N_("I reviewed this lot's inputs, gates, controls and results and found them complete and "
                           "correct.")),
    (N_("Approved by (QA)"), N_("I approve this record of the lot's identity testing as part of its release "
                                "record.")),
)  # fmt: skip


@contextmanager
def language(lang: str) -> Iterator[None]:
    """The record's language while its page is made (msc verify makes it again in the same words)."""
    before = current()
    use(lang)
    try:
        yield
    finally:
        use(before)


def html(record: dict[str, Any], report_id: str, figures: list[dict[str, Any] | None]) -> str:
    import json

    with language(record["lang"]):
        lots = [_lot(i, lot, record, figures[i] if i < len(figures) else None) for i, lot in enumerate(record["lots"])]
        data = json.dumps(record, ensure_ascii=False, indent=1)  # in its order: the page is made again from it
        return render(
            "msccli.release",
            "report.html.j2",
            html_lang=HTML_LANG[record["lang"]],
            labels=_labels(),
            report_id=report_id,
            page_rules=markup(_page_rules(record, report_id, lots)),
            run=_run_rows(record, report_id),
            summary=[_summary_row(lot) for lot in record["lots"]],
            inputs=[_file(f) for f in record["inputs"]],
            command=record["command"],
            citations=[f"{profile}: {cited}" for profile, cited in record["references"].items() if cited],
            warnings=[tr(w) for w in dict.fromkeys(record["warnings"])],
            lots=lots,
            matrix=_matrix(record),
            record_json=markup(json_in_html(data)),
        )


def _labels() -> dict[str, Any]:
    return {
        "title": tr("Lot release report"),
        "disclaimer": tr(
            "msc is a reference tool: this report records how the lots compare with the criteria; the release "
            "decision and its signatures are the reviewers'."
        ),
        "lots": tr("Lots"), "lot": tr("Lot"), "verdict": tr("Verdict"), "problems": tr("Failed or missing"),
        "inputs": tr("Inputs"), "file": tr("File"), "role": tr("Role"), "size": tr("Size (bytes)"),
        "warnings": tr("Warnings"), "measured": tr("Measured from FCS"), "marker": tr("Marker"),
        "channel": tr("Channel"), "percent": tr("% positive"), "interval": tr("95% interval"),
        "threshold": tr("Threshold"), "stained_tube": tr("Stained tube"), "control": tr("Control"),
        "tube": tr("Tube"), "events": tr("Events"), "positive": tr("Positive"), "above": tr("Above"),
        "full_scale": tr("At full scale"), "note": tr("Note"), "files": tr("Files"),
        "criteria": [tr(h) for h in ("Criterion", "Value", "Needs", "Margin", "95% interval", "Result")],
        "acquisition": [tr(h) for h in ("Tube", "Instrument · serial", "Acquired · operator", "Detector voltages",
                                         "Events: read → kept by each pre-gate", "Compensation")],
        "name": tr("Printed name"), "signature": tr("Signature"), "date": tr("Date"),
        "appendix": tr("Appendix: the compensation matrix applied"),
    }  # fmt: skip


def _cell(text: Any, key: str, num: bool = False, name: bool = False, whole: bool = False) -> dict[str, Any]:
    """A value shown on the page: its text, its name for msc verify, and how it sits (a number, a file name that may
    break anywhere, a range kept on one line)."""
    return {"text": "" if text is None else str(text), "key": key, "num": num, "name": name, "whole": whole}


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def _roles(roles: list[str]) -> str:
    return " + ".join(tr_value(r) for r in roles)


def _run_rows(record: dict[str, Any], report_id: str) -> list[dict[str, Any]]:
    clock = record["run_at"] or ""
    if record["clock"] == "MSC_NOW":
        clock += " " + tr("(set by MSC_NOW, not read from the clock)")
    profile = record["options"]["profile"] + (f" + {record['options']['spec']}" if record["options"]["spec"] else "")
    audits = [lot["audit"] for lot in record["lots"] if lot.get("audit")]
    method = list(dict.fromkeys(
        " · ".join(tr(a[k]) for k in ("threshold", "interval", "decision_rule") if a.get(k)) for a in audits
    ))  # fmt: skip
    gates = list(dict.fromkeys("; ".join(tr_soft(g) for g in a["gates"]) for a in audits))  # conditions: as typed
    rows = [
        (N_("Report id"), report_id, "report id", True),
        (N_("Run at"), clock, "run at", False),
        (N_("Analyst"), record["analyst"] or tr("not known"), "analyst", False),
        (N_("Criteria"), profile, "criteria", False),
        (N_("msc"), tr("msc {version}; catalogue as of {as_of}", version=record["msc_version"],
                       as_of=record["catalogue_as_of"]), "msc", False),
        *((N_("Data directory"), tr("{name}: its criteria and references are the lab's own, not msc's", name=name),
           "data directory", False) for name in record.get("data_directories", [])),
        *((N_("FCS analysis"), text, "method", False) for text in method),
        *((N_("Pre-gates"), text, "pre-gates", False) for text in gates),
    ]  # fmt: skip
    return [{"label": tr(label), "text": text, "key": key, "mono": mono} for label, text, key, mono in rows]


def _summary_row(lot: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": f"lot {lot['lot']}",
        "lot": lot["lot"],
        "verdict": lot["verdict"],
        "word": tr_value(lot["verdict"]),
        "problems": "; ".join(tr(p) for p in lot["problems"]),
    }


def _file(f: dict[str, Any], key: str = "") -> dict[str, Any]:
    return {"key": key, "name": f["name"] if "name" in f else f["file"], "roles": _roles(f["roles"]),
            "size": _count(f["size"]), "sha256": f["sha256"] or ""}  # fmt: skip


MARGIN_TEXT = "font-size:7pt;color:#374151;font-family:'DejaVu Sans',Arial,sans-serif"  # a printed page's margins


def _page_of_pages() -> str:
    """ "page n of m" in the reader's language, as CSS content: the page counters stand where the numbers go (only
    a printed page's margin can show them)."""
    text = css_string(tr("page {page} of {pages}", page="QQPAGEQQ", pages="QQPAGESQQ"))
    return text.replace("QQPAGEQQ", '" counter(page) "').replace("QQPAGESQQ", '" counter(pages) "')


def _page_rules(record: dict[str, Any], report_id: str, lots: list[dict[str, Any]]) -> str:
    """The printed pages' margins: what page it is (the summary, a lot, the appendix), the report id, the run's
    time and analyst, and "page n of m" (counters only a page's margin can show)."""
    pages = _page_of_pages()
    run = _run_by(record)
    box = MARGIN_TEXT
    rules = [
        f"@page{{@top-left{{content:{css_string(tr('Lot release report') + ' · ' + tr('summary'))};{box}}}"
        f"@top-right{{content:{css_string(tr('report id') + ' ' + report_id)};{box};font-family:monospace}}"
        f"@bottom-left{{content:{css_string(run)};{box}}}"
        f"@bottom-right{{content:{pages};{box}}}}}",
        f"@page appendix{{@top-left{{content:{css_string(tr('Lot release report') + ' · ' + tr('appendix'))};{box}}}}}",
    ]
    for lot in lots:
        rules.append(f"@page {lot['page']}{{@top-left{{content:{css_string(lot['heading'])};{box};font-weight:bold}}}}")
    return "\n".join(rules)


def _run_by(record: dict[str, Any]) -> str:
    return tr("run {at} · analyst {analyst}", at=record["run_at"] or "", analyst=record["analyst"] or tr("not known"))


def _lot(i: int, lot: dict[str, Any], record: dict[str, Any], figures: dict[str, Any] | None) -> dict[str, Any]:
    key = f"lot {lot['lot']}"
    audit = lot.get("audit") or {}
    tubes = _tube_labels(audit.get("files", []))
    files = audit.get("files") or [f for f in record["inputs"] if {"lots", "sheet"} & set(f["roles"])]
    return {
        "page": f"lot-{i + 1}",
        "key": key,
        "heading": tr("Lot {lot}", lot=lot["lot"]),
        "verdict": lot["verdict"],
        "word": tr_value(lot["verdict"]),
        "stamp": _run_by(record),
        "checks": [_check(key, c) for c in lot["checks"]],
        "unjudged": _unjudged(lot),
        "measurements": [
            _measure(f"{key} {m['marker']} in {m['file']}", m, tubes) for m in lot.get("measurements", [])
        ],
        "phenotypes": [_phenotype(f"{key} phenotype {p['file']}", p) for p in lot.get("phenotypes", [])],
        "figures": _figures(figures) if figures else [],
        "caption": figures_svg.caption(figures["cofactor"]) if figures else "",
        "files": [
            {**_file(f, f"{key} file {n}"), "label": f"T{n}" if tubes else "", "short": Path(_file(f)["name"]).name}
            for n, f in enumerate(files, 1)
        ],
        "acquisition": [
            _acquisition(f"{key} file {n}", {**f, "matrix": (audit.get("matrix_file") or {}).get("file")}, f"T{n}")
            for n, f in enumerate(audit.get("files", []), 1)
        ],
        "warnings": [tr(w) for w in dict.fromkeys(audit.get("warnings", []))],
        "signatures": _signatures(SIGNATURES, record["analyst"]),
    }


def _signatures(roles: tuple[tuple[str, str], ...], performer: str | None) -> list[dict[str, str]]:
    """Who signs, what each signature attests, and the performer's name filled in."""
    return [
        {"role": tr(role), "attests": tr(attests), "name": (performer or "") if n == 0 else ""}
        for n, (role, attests) in enumerate(roles)
    ]


def _check(key: str, check: dict[str, Any]) -> dict[str, Any]:
    from msccli.views.isct import criterion_row

    key = f"{key} {check['kind']}"
    rows = []
    for c in check["criteria"]:
        row = criterion_row(c)
        ck = f"{key} {c['criterion']}"
        note = " · " + tr(c["note"]) if c["note"] else ""
        decides = not c["informative"]
        mark = {"fail": "failed", "indeterminate": "undecided", "missing": "missing"}.get(c["status"], "")
        rows.append({
            "mark": mark if decides else "",
            "cells": [_cell(row["criterion"], f"{ck} criterion"), _cell(row["value"], f"{ck} value", num=True),
                      _cell(row["needs"], f"{ck} needs"), _cell(row["margin"], f"{ck} margin", num=True),
                      _cell(interval_text(c["interval"]), f"{ck} interval", whole=True),
                      _cell(("✗ " if mark == "failed" and decides else "? " if mark == "undecided" and decides else "")
                            + row["result"] + note, f"{ck} result")],
        })  # fmt: skip
    return {
        "key": key,
        "title": check["title"],
        "verdict": check["verdict"],
        "word": tr_value(check["verdict"]),
        "rows": rows,
    }


def _unjudged(lot: dict[str, Any]) -> str:
    markers = lot.get("unjudged_markers") or {}
    if not markers:
        return ""
    listed = ", ".join(f"{m} {v:.2f}" for m, v in markers.items())
    return tr("Measured, judged by no criterion: {markers}", markers=listed)


def _tube_labels(files: list[dict[str, Any]]) -> dict[str, str]:
    """Each FCS file of a lot by a short label (T1, T2 ...), as its Files table lists them: a measurement names its
    tubes by label, so long file names do not fill the page. Measurements name tubes by file name alone: where two
    files of a lot share a name, the name is shown instead."""
    names = [Path(f["file"]).name for f in files]
    return {name: f"T{n}" for n, name in enumerate(names, start=1) if names.count(name) == 1}


def _measure(key: str, m: dict[str, Any], tubes: dict[str, str]) -> dict[str, Any]:
    return {
        "mark": "undecided" if m["untrusted"] else "",
        "cells": [
            _cell(m["marker"], f"{key} marker"), _cell(m["channel"], f"{key} channel"),
            _cell(f"{m['percent']:.2f}", f"{key} percent", num=True),
            _cell(interval_text(m["interval"]), f"{key} interval", whole=True),
            _cell(threshold_text(m["threshold"]), f"{key} threshold", num=True),
            _cell(tubes.get(m["file"], m["file"]), f"{key} tube", name=True),
            _cell(_count(m["events"]), f"{key} events", num=True),
            _cell(_count(m["positive"]), f"{key} positive", num=True),
            _cell(_count(m["saturated"]), f"{key} saturated", num=True),
            _cell(tubes.get(m["control"], m["control"]), f"{key} control", name=True),
            _cell(_count(m["control_events"]), f"{key} control events", num=True),
            _cell(_count(m["control_above"]), f"{key} control above", num=True),
            _cell(_count(m["control_saturated"]), f"{key} control saturated", num=True),
            _cell(tr(m["untrusted"]) if m["untrusted"] else "", f"{key} note"),
        ],
    }  # fmt: skip


def _phenotype(key: str, p: dict[str, Any]) -> dict[str, Any]:
    wanted = " ".join([*(f"{m}+" for m in p["positive_markers"]), *(f"{m}-" for m in p["negative_markers"])])
    text = tr(
        "Combined phenotype in {file} ({wanted}): {percent:.2f}% of {events:,} events (95% interval {interval})",
        file=p["file"], wanted=wanted, percent=p["percent"], events=p["events"], interval=interval_text(p["interval"]),
    )  # fmt: skip
    return {"key": key, "text": text}


def _figures(figures: dict[str, Any]) -> list[Any]:
    several = len({m["file"] for m in figures["markers"]}) > 1
    drawn = []
    for f in figures["markers"]:
        title = f"{f['marker']} · {f['channel']} · {f['file']} / {f['control']}"
        label = f["marker"] + (f" · {f['file']}" if several else "")
        drawn.append(figures_svg.histogram({**f, "marker": label}, title, threshold_text(f["threshold"]),
                                           figures["cofactor"]))  # fmt: skip
    for tube in figures["tubes"]:
        for plot in tube["plots"]:
            heading = tr("scatter gate") if plot["kind"] == "scatter" else tr("singlet gate")
            drawn.append(figures_svg.density(plot, f"{tube['file']} · {heading}", heading))
    return [markup(svg) for svg in drawn]


def _acquisition(key: str, f: dict[str, Any], label: str) -> dict[str, Any]:
    """A tube's instrument and acquisition, then what the analysis did with it: its events read and kept by each
    pre-gate in turn (the singlet band, set on the tube's own median, with its bounds), and its compensation."""
    words = f["keywords"]
    acquired = " ".join(v for v in (words.get("$DATE"), words.get("$BTIM")) if v)
    voltages = ", ".join(f"{channel} {volts}" for channel, volts in f.get("voltages", {}).items())
    kept = " → ".join(f"{n:,}" for n in [f["events_read"], *(s["events_kept"] for s in f["pregates"])])
    band = next((s for s in f["pregates"] if "channels" in s), None)
    if band is not None:
        kept += " " + tr("(singlets {low:.2f}-{high:.2f})", low=band["low"], high=band["high"])
    compensation = tr(f["compensation"])
    matrix = f.get("matrix")
    if matrix:  # the matrix file by its own name: the summary and the appendix give where it is
        compensation = compensation.replace(matrix, Path(matrix).name)
    instrument = " · ".join(v for v in (words.get("$CYT"), words.get("$CYTSN")) if v)
    operator = words.get("$OP")
    return {
        "cells": [
            _cell(label, f"{key} label"), _cell(instrument, f"{key} instrument"),
            _cell(acquired + (" · " + operator if operator else ""), f"{key} acquired"),
            _cell(voltages, f"{key} voltages"), _cell(kept, f"{key} events"),
            _cell(compensation, f"{key} compensation"),
        ]
    }  # fmt: skip


def _matrix(record: dict[str, Any]) -> dict[str, Any] | None:
    """A matrix file applied to every tube (--comp FILE): its values as they were read, so the report shows the
    matrix applied even if the file changes later."""
    for lot in record["lots"]:
        matrix = (lot.get("audit") or {}).get("matrix_file")
        if matrix:
            channels = matrix["channels"]
            return {
                "source": tr("{file}, SHA-256 {sha256}: spillover of each row's fluorochrome into each column's "
                             "detector, applied to every tube", file=matrix["file"], sha256=matrix["sha256"]),
                "channels": channels,
                "rows": [{"channel": channel, "cells": [_cell(f"{v:.4f}", f"matrix {channel} {other}", num=True)
                                                         for other, v in zip(channels, row, strict=True)]}
                         for channel, row in zip(channels, matrix["values"], strict=True)],
            }  # fmt: skip
    return None


QUALIFIERS = (
    (N_("Performed by"), N_("I ran msc qualify on the installation described here; the results are as it printed "
                            "them.")),
    (N_("Reviewed by"), N_("I reviewed every case and its result.")),
    (N_("Approved by (QA)"), N_("I approve this operational qualification of this installation of msc.")),
)  # fmt: skip


def qualification_html(done: dict[str, Any], analyst: str | None) -> str:
    """msc qualify --report: the cases, the environment, the verdict and a signature block, on printable pages."""
    environment = [
        {"label": tr("Run at"), "text": done["run_at"], "mono": False},
        *({"label": key, "text": value, "mono": key == "msc files"} for key, value in done["environment"].items()),
    ]
    pages = _page_of_pages()
    box = MARGIN_TEXT
    title = tr("msc operational qualification")
    rules = (f"@page{{@top-left{{content:{css_string(title + ' · ' + done['run_at'])};{box}}}"
             f"@bottom-right{{content:{pages};{box}}}}}")  # fmt: skip
    return render(
        "msccli.release",
        "qualification.html.j2",
        html_lang=HTML_LANG[current()],
        labels={
            "title": title,
            "purpose": tr(
                "Each reference case runs this installation of msc and compares each expected value with "
                "what it gives (docs/qualification.md traces each case to its requirement and its test)."
            ),
            "cases": tr("Reference cases"),
            "head": [tr(h) for h in ("Case", "Requirement and command", "Expected", "Actual", "Result")],
            "name": tr("Printed name"),
            "signature": tr("Signature"),
            "date": tr("Date"),
        },
        page_rules=markup(rules),
        verdict=done["verdict"],
        verdict_word=tr_value(done["verdict"]),
        environment=environment,
        cases=[
            {**c, "mark": "" if c["passed"] else "failed", "result": tr("pass") if c["passed"] else tr("FAIL")}
            for c in done["cases"]
        ],
        signatures=_signatures(QUALIFIERS, analyst),
    )
