"""The lot release report (isct-check --report FILE.html): one self-contained HTML file a QC reviewer signs.

A summary table of every lot first when there are several, then a section per lot, printed one lot per page:
the verdict and every reason, each marker's measure with its control's checks and histogram, the pre-gates
drawn, every warning, and the provenance (input files with size and SHA-256, the instrument keywords the files
carry, the criteria profile and its references, msc's version, the catalogue's date and the command line). It is
built from the same lot records every other format shows; text reaches it only through the markup guard."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msccli.output.guard import html_text
from msccli.text.i18n import N_, current, tr, tr_value
from msccli.views.report_svg import density, histogram

if TYPE_CHECKING:
    from msccli.catalogue.model import Profile, Reference
    from msccli.isct.run import Checked

HTML_LANG = {"en": "en", "zh": "zh-Hans", "zh-Hant": "zh-Hant"}
FONTS = (
    "DejaVu Sans, Arial, Helvetica, Noto Sans CJK SC, Noto Sans CJK TC, Source Han Sans SC, PingFang SC, "
    "Microsoft YaHei, sans-serif"
)
STYLE = f"""
body{{font-family:{FONTS};color:#111827;margin:0;font-size:13px}}
main{{max-width:900px;margin:0 auto;padding:16px}}
h1{{font-size:20px;margin:0 0 4px}} h2{{font-size:17px;margin:18px 0 6px}} h3{{font-size:14px;margin:14px 0 4px}}
table{{border-collapse:collapse;margin:6px 0;width:100%}}
th,td{{border:1px solid #d1d5db;padding:3px 6px;text-align:left;vertical-align:top}}
th{{background:#f3f4f6}} td.num{{text-align:right;font-variant-numeric:tabular-nums}}
.verdict{{font-size:18px;font-weight:bold;padding:4px 10px;display:inline-block;border-radius:4px}}
.PASS{{background:#dcfce7;color:#166534}} .FAIL{{background:#fee2e2;color:#991b1b}}
.INCOMPLETE,.INDETERMINATE{{background:#fef3c7;color:#92400e}}
.figures{{display:flex;flex-wrap:wrap;gap:8px}} .muted{{color:#6b7280}} .mono{{font-family:monospace;font-size:11px}}
.review{{border:1px solid #111827;padding:10px;margin-top:16px;display:grid;grid-template-columns:1fr 1fr;gap:18px}}
.review div{{border-bottom:1px solid #6b7280;padding-top:22px}}
section.lot{{break-before:page}} section.lot:first-of-type{{break-before:auto}}
@page{{margin:14mm 12mm 16mm;@bottom-right{{content:counter(page) " / " counter(pages);font-size:9px}}}}
@media print{{
 main{{max-width:none;padding:0}} h1{{font-size:14px}} h2{{font-size:12px;margin:0 0 3px}}
 h3{{font-size:9.5px;margin:6px 0 2px}} th,td{{padding:1px 3px}} table{{margin:2px 0}} .muted{{font-size:7.5px}}
 .verdict{{font-size:11px;padding:1px 6px}} .mono{{font-size:6.5px}} p{{margin:2px 0}} ul{{margin:2px 0}}
 body{{font-size:7.5px}} .figures{{gap:1px}} .figures svg.histogram{{width:24.5%;height:auto}}
 .figures svg.density{{width:15%;height:auto}}
 .review{{margin-top:6px;padding:6px}} .review div{{padding-top:14px}}
}}
"""
TITLE = N_("Lot release report")
DISCLAIMER = N_(
    "msc is a reference tool: this report records how the lots compare with the criteria; the release decision and "
    "its signature are the reviewer's."
)


@dataclass
class Context:
    """What the report says of the run as a whole."""

    msc_version: str
    catalogue_as_of: str
    command: str
    references: dict[str, str] = field(default_factory=dict)  # profile id -> its references, cited
    warnings: list[str] = field(default_factory=list)  # the run's, shown once; a lot's FCS warnings are its own


def html(records: list[dict[str, Any]], figures: list[dict[str, Any] | None], context: Context) -> str:
    lots = "\n".join(_lot(r, f, context) for r, f in zip(records, figures, strict=True))
    summary = _summary(records) if len(records) > 1 else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{HTML_LANG[current()]}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_t(tr(TITLE))}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        f'<h1>{_t(tr(TITLE))}</h1>\n<p class="muted">{_t(tr(DISCLAIMER))}</p>\n{_warnings(context.warnings)}'
        f"{summary}{lots}\n"
        "</main>\n</body>\n</html>\n"
    )


def _t(text: Any) -> str:
    return html_text("" if text is None else str(text))


def _summary(records: list[dict[str, Any]]) -> str:
    rows = "".join(
        f'<tr><td>{_t(r["lot"])}</td><td><span class="verdict {_t(r["verdict"])}">{_t(tr_value(r["verdict"]))}'
        f"</span></td><td>{_t('; '.join(tr(p) for p in r['problems']))}</td></tr>"
        for r in records
    )
    return (
        f'<section class="summary"><h2>{_t(tr("Summary"))}</h2><table><tr><th>{_t(tr("Lot"))}</th>'
        f"<th>{_t(tr('Verdict'))}</th><th>{_t(tr('Failed or missing'))}</th></tr>{rows}</table></section>\n"
    )


def _lot(record: dict[str, Any], figures: dict[str, Any] | None, context: Context) -> str:
    parts = [
        f'<section class="lot"><h2>{_t(tr("Lot {lot}", lot=record["lot"]))}</h2>',
        f'<p><span class="verdict {_t(record["verdict"])}">{_t(tr_value(record["verdict"]))}</span></p>',
    ]
    for check in record["checks"]:
        parts.append(_check(check, context))
    if record.get("measurements"):
        parts.append(_measurements(record))
    if figures is not None:
        parts.append(_figures(figures))
    parts.append(_warnings((record.get("audit") or {}).get("warnings", [])))
    parts.append(_provenance(record, context))
    parts.append(f'<div class="review"><div>{_t(tr("Reviewed by"))}</div><div>{_t(tr("Date"))}</div></div></section>')
    return "\n".join(parts)


def _warnings(warnings: list[str]) -> str:
    if not warnings:
        return ""
    items = "".join(f"<li>{_t(tr(w))}</li>" for w in dict.fromkeys(warnings))
    return f"<h3>{_t(tr('Warnings'))}</h3><ul>{items}</ul>"


def _check(check: dict[str, Any], context: Context) -> str:
    from msccli.views.isct import criterion_row

    rows = []
    for c in check["criteria"]:
        row = criterion_row(c)
        note = " · " + tr(c["note"]) if c["note"] else ""
        cells = [row["criterion"], row["value"], row["needs"], row["margin"], _interval(c["interval"])]
        rows.append(
            "<tr>" + "".join(f"<td>{_t(cell)}</td>" for cell in cells) + f"<td>{_t(row['result'] + note)}</td></tr>"
        )
    cited = context.references.get(check["profile"], "")
    citation = '<p class="muted">' + _t(cited) + "</p>" if cited else ""
    head = (N_("Criterion"), N_("Value"), N_("Needs"), N_("Margin"), N_("95% interval"), N_("Result"))
    return (
        f'<h3>{_t(check["title"])} <span class="verdict {_t(check["verdict"])}">{_t(tr_value(check["verdict"]))}'
        f"</span></h3>{citation}<table><tr>{''.join(f'<th>{_t(tr(h))}</th>' for h in head)}</tr>{''.join(rows)}"
        "</table>"
    )


def _interval(interval: list[float] | None) -> str:
    return f"{interval[0]:.2f}-{interval[1]:.2f}" if interval else ""


def _measurements(record: dict[str, Any]) -> str:
    head = (
        N_("Marker"), N_("Tube"), N_("Channel"), N_("% positive"), N_("95% interval"), N_("Threshold"), N_("Control"),
        N_("Control events"), N_("Control above"), N_("Control at full scale"), N_("Note"),
    )  # fmt: skip
    rows = "".join(
        f"<tr><td>{_t(m['marker'])}</td><td>{_t(m['file'])}</td><td>{_t(m['channel'])}</td>"
        f'<td class="num">{m["percent"]:.2f}</td><td>{_t(_interval(m["interval"]))}</td>'
        f'<td class="num">{m["threshold"]:.4g}</td><td>{_t(m["control"])}</td>'
        f'<td class="num">{m["control_events"]:,}</td><td class="num">{m["control_above"]:,}</td>'
        f'<td class="num">{m["control_saturated"]:,}</td><td>{_t(tr(m["untrusted"]) if m["untrusted"] else "")}'
        "</td></tr>"
        for m in record["measurements"]
    )
    phenotypes = "".join(
        f"<li>{_t(p['file'])}: {_t(_wanted(p))} {p['percent']:.2f}% ({_t(_interval(p['interval']))})</li>"
        for p in record.get("phenotypes", [])
    )
    return (
        f"<h3>{_t(tr('Measured from FCS'))}</h3><table><tr>{''.join(f'<th>{_t(tr(h))}</th>' for h in head)}</tr>"
        f"{rows}</table>" + (f"<p>{_t(tr('Combined phenotype'))}</p><ul>{phenotypes}</ul>" if phenotypes else "")
    )


def _wanted(phenotype: dict[str, Any]) -> str:
    return " ".join(
        [*(f"{m}+" for m in phenotype["positive_markers"]), *(f"{m}-" for m in phenotype["negative_markers"])]
    )


def _figures(figures: dict[str, Any]) -> str:
    cofactor = figures["cofactor"]
    marks = "".join(histogram(f, f"{f['marker']} · {f['channel']} · {f['file']}", cofactor) for f in figures["markers"])
    gates = "".join(
        density(plot, f"{tube['file']} · {tr('scatter gate') if plot['kind'] == 'scatter' else tr('singlet gate')}")
        for tube in figures["tubes"]
        for plot in tube["plots"]
    )
    axis = tr("stained over control on an arcsinh axis, asinh(x / {cofactor:g}); the dashed line is the threshold",
              cofactor=cofactor)  # fmt: skip
    heading = tr("Histograms") + (" · " + tr("Pre-gates") if gates else "")
    return f'<h3>{_t(heading)}</h3><p class="muted">{_t(axis)}</p><div class="figures">{marks}{gates}</div>'


def _provenance(record: dict[str, Any], context: Context) -> str:
    audit = record.get("audit") or {}
    rows = []
    for f in audit.get("files", []):
        steps = "; ".join(f"{tr(s['gate'])}: {s['events_kept']:,} / {s['events_in']:,}" for s in f["pregates"])
        keywords = ", ".join(f"{k}={v}" for k, v in f["keywords"].items())
        rows.append(
            f'<tr><td>{_t(" + ".join(tr_value(r) for r in f["roles"]))}</td><td class="mono">{_t(f["file"])}<br>{f["size"]:,} B · SHA-256 '
            f"{_t(f['sha256'])}</td><td>FCS {_t(f['fcs_version'])} · {_t(tr(f['compensation']))}<br>{_t(steps)}"
            f'<br><span class="mono">{_t(keywords)}</span></td></tr>'
        )
    files = (
        f"<table><tr><th>{_t(tr('Role'))}</th><th>{_t(tr('File'))}</th><th>{_t(tr('Acquisition and analysis'))}"
        f"</th></tr>{''.join(rows)}</table>"
        if rows
        else f'<p class="mono">{_t(record.get("source", ""))}</p>'
    )
    rules = [audit[k] for k in ("threshold", "interval", "decision_rule") if audit.get(k)]
    lines = [
        *(tr(r) for r in rules),
        tr("msc {version}; catalogue as of {as_of}", version=context.msc_version, as_of=context.catalogue_as_of),
    ]
    return (
        f"<h3>{_t(tr('Provenance'))}</h3>{files}<ul>{''.join(f'<li>{_t(x)}</li>' for x in lines)}</ul>"
        f'<p class="mono">{_t(context.command)}</p>'
    )


def cited(profiles: list[Profile], references: list[Reference]) -> dict[str, str]:
    """Each profile's references, as the report cites them: title and DOI."""
    by_id = {r.id: r for r in references}
    return {
        p.id: "; ".join(
            by_id[ref].title + (f" (doi:{by_id[ref].doi})" if by_id[ref].doi else "") for ref in p.refs if ref in by_id
        )
        for p in profiles
    }


def check_name(path: Path) -> None:
    """Before any work: a report is an HTML file."""
    from msccli.text.errors import InputError

    if path.suffix.lower() not in (".html", ".htm"):
        raise InputError(N_("a release report is an HTML file: name it {name}.html", name=path.stem), field="--report")


def write(path: Path, checked: Checked, judged: set[str], context: Context, force: bool) -> None:
    from msccli.output.files import write_new
    from msccli.views.lot_records import lot_records

    check_name(path)
    records = list(lot_records(checked.lots, checked.checks, judged))
    text = html(records, [lot.figures for lot in checked.lots], context)
    write_new(path, text.encode("utf-8"), "--report", force)
