"""Build each command's View: the rows, columns and human layout that render.emit prints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .catalog import Catalogue
from .model import NotApproved, Product
from .render import Column, View, to_builtins

if TYPE_CHECKING:
    from rich.console import Console

MARK_STYLE = {"VERIFIED": "green", "SEED-ONLY": "yellow", "CONFLICT": "red"}
TISSUE_LABEL = {
    "bone-marrow": "bone marrow",
    "adipose": "adipose",
    "umbilical-cord": "umbilical cord",
    "umbilical-cord-blood": "umbilical cord blood",
}


def mark_text(mark: str, refs: list[str]) -> str:
    return f"[{mark}: {', '.join(refs)}]" if refs else f"[{mark}]"


TISSUE_SHORT = {"bone-marrow": "BM", "adipose": "AD", "umbilical-cord": "UC", "umbilical-cord-blood": "UCB"}
DONOR_SHORT = {"autologous": "auto", "allogeneic": "allo"}


def source_short(row: dict[str, Any]) -> str:
    if row["tissue"] is None:
        return ""
    return f"{TISSUE_SHORT[row['tissue']]} {DONOR_SHORT[row['donor']]}"


def products_view(catalogue: Catalogue, rows: list[dict[str, Any]], verified_only: bool) -> View:
    columns = [
        Column("name", "Product", style="bold"),
        Column("jurisdiction", "Where"),
        Column("date", "Approved"),
        Column("pathway", "Pathway"),
        Column("status", "Status"),
        Column("indication", "Indication"),
        Column("tissue", "Source", show=lambda t: TISSUE_LABEL.get(t, t)),
        Column("donor", "Donor"),
        Column("routes", "Route", show=lambda r: ", ".join(r)),
        Column("mark", "Mark"),
    ]
    products = len({r["product"] for r in rows})
    caption = f"{len(rows)} approvals of {products} products · catalogue as of {catalogue.meta.as_of}" + (
        " · verified facts only" if verified_only else ""
    )

    def human(con: Console) -> None:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        wide = con.width >= 140
        narrow = con.width < 100
        table = Table(box=box.SIMPLE_HEAD, caption=caption, pad_edge=False)
        table.add_column("Product", style="bold", ratio=1, min_width=10, overflow="fold")
        table.add_column("In" if narrow else "Where", no_wrap=True)
        table.add_column("Approved", no_wrap=True)
        if wide:
            table.add_column("Pathway", ratio=1)
        table.add_column("Status", no_wrap=True)
        table.add_column("Source", no_wrap=True)
        if wide:
            table.add_column("Route", ratio=1)
        table.add_column("Indication", ratio=2, min_width=12)
        table.add_column("M" if narrow else "Mark", no_wrap=True)
        for row in rows:
            status = Text(row["status"])
            if row["status"] == "withdrawn":
                status = Text(f"withdrawn\n{row['status_date']}", style="bold red")
            cells: list[Any] = [row["name"], row["jurisdiction"], row["date"] or "not known"]
            if wide:
                cells.append(row["pathway"])
            cells += [status, source_short(row)]
            if wide:
                cells.append(", ".join(row["routes"]))
            cells += [
                row["indication_short"] or row["indication"],
                Text(row["mark"][0] if narrow else row["mark"], style=MARK_STYLE.get(row["mark"], "")),
            ]
            table.add_row(*cells)
        con.print(table)
        if narrow:
            con.print("M (mark): V verified, S seed-only (only the source review says it), C conflict.", style="dim")
        con.print(
            "Source: BM bone marrow, AD adipose, UC umbilical cord, UCB cord blood; auto/allo: autologous/allogeneic."
            " Details: msc product NAME.",
            style="dim",
        )
        con.print(catalogue.meta.disclaimer.en, style="dim")

    return View(rows=rows, columns=columns, caption=caption, human=human)


def product_document(catalogue: Catalogue, record: Product | NotApproved) -> dict[str, Any]:
    data: dict[str, Any] = {"approved": isinstance(record, Product), **to_builtins(record)}
    data["references"] = [to_builtins(catalogue.reference(r)) for r in sorted(record_refs(record))]
    if isinstance(record, Product):
        data["errata"] = [to_builtins(e) for e in catalogue.errata if record.id in e.subjects]
    data["as_of"] = catalogue.meta.as_of
    return data


def record_refs(record: Product | NotApproved) -> set[str]:
    if isinstance(record, NotApproved):
        return set(record.refs)
    from .catalog import cited_items

    refs = set(record.inn_refs)
    for _path, item in cited_items(record):
        refs.update(item.refs)
    return refs


def product_rows(catalogue: Catalogue, record: Product | NotApproved) -> list[dict[str, Any]]:
    """Flat rows for csv/tsv/jsonl/markdown: one per approval (or one stating it is not approved)."""
    from .query import approval_row

    if isinstance(record, NotApproved):
        return [
            {
                "product": record.id,
                "name": record.name,
                "approved": False,
                "verdict": record.verdict,
                "jurisdiction": record.jurisdiction,
                "reason": record.reason,
                "mark": record.mark,
                "refs": record.refs,
            }
        ]
    return [{**approval_row(catalogue, record, approval, False), "approved": True} for approval in record.approvals]


def product_view(catalogue: Catalogue, records: list[Product | NotApproved]) -> View:
    rows = [row for record in records for row in product_rows(catalogue, record)]
    columns = [
        Column("name", "Product"),
        Column("jurisdiction", "Where"),
        Column("date", "Approved"),
        Column("status", "Status"),
        Column("indication", "Indication"),
        Column("mark", "Mark"),
    ]

    def human(con: Console) -> None:
        for i, record in enumerate(records):
            if i:
                con.rule()
            if isinstance(record, NotApproved):
                _not_approved_human(con, catalogue, record)
            else:
                _product_human(con, catalogue, record)
        con.print(catalogue.meta.disclaimer.en, style="dim")

    return View(
        rows=rows,
        columns=columns,
        document=[product_document(catalogue, r) for r in records],
        human=human,
    )


def _marked(text: str, mark: str, refs: list[str]) -> Any:
    from rich.text import Text

    from .render import readable

    line = Text(readable(text))
    line.append("  ")
    line.append(mark_text(mark, refs), style=MARK_STYLE.get(mark, ""))
    return line


def _not_approved_human(con: Console, catalogue: Catalogue, record: NotApproved) -> None:
    from rich.text import Text

    title = Text(record.name, style="bold")
    title.append("  NOT AN APPROVED MSC PRODUCT", style="bold red")
    con.print(title)
    verdict = {
        "not-approved": "No marketing approval.",
        "not-msc": "Approved, but not a culture-expanded MSC product.",
        "no-approval-found": "Listed as approved in some reviews; no approval was found.",
    }[record.verdict]
    con.print(verdict)
    con.print(_marked(record.reason, record.mark, record.refs))
    if record.developer:
        con.print(f"Developer: {record.developer}")
    if record.note:
        con.print(f"Note: {record.note}")
    _references_human(con, catalogue, sorted(record.refs))


def _product_human(con: Console, catalogue: Catalogue, product: Product) -> None:
    from rich.text import Text

    title = Text(product.name, style="bold")
    title.append(f"  ({product.id})", style="dim")
    con.print(title)
    if product.inn:
        con.print(_marked(f"INN: {product.inn}", product.inn_mark or "", product.inn_refs))
    if product.inn_note:
        con.print(f"  {product.inn_note}", style="dim")
    for name in product.names:
        label = f"Also: {name.name} ({name.lang}, {name.kind})"
        con.print(_marked(label + (f" - {name.note}" if name.note else ""), name.mark, name.refs))
    con.print(_marked(f"Developer: {product.developer.name}", product.developer.mark, product.developer.refs))
    source = product.source
    con.print(
        _marked(
            f"Cell source: {TISSUE_LABEL[source.tissue]}, {source.donor}. {source.detail}",
            source.mark,
            source.refs,
        )
    )
    for a in product.approvals:
        status = a.status + (f" {a.status_date}" if a.status_date else "")
        when = (a.date or "date not known") + (f" ({a.precision})" if a.precision else "")
        head = Text(f"Approval {a.jurisdiction} {when} · pathway: {a.pathway} · status: ", style="bold")
        head.append(status, style="bold red" if a.status == "withdrawn" else "bold")
        head.append("  " + mark_text(a.mark, a.refs), style=MARK_STYLE.get(a.mark, ""))
        con.print(head)
        con.print(f"  Regulator: {a.regulator or 'not recorded in the sheets'}")
        con.print(f"  Indication: {a.indication.en}")
        if a.indication.zh:
            con.print(f"  適應症: {a.indication.zh}")
        for detail in (a.date_note, a.pathway_detail, a.status_note):
            if detail:
                con.print(f"  {detail}", style="dim")
    for dosing in product.dosing:
        con.print(Text("Dosing", style="bold"))
        _dose_label(con, dosing, "  ")
        sched = dosing.schedule
        con.print(_marked(f"  Schedule: {sched.text}", sched.mark, sched.refs))
        if sched.extension:
            con.print(f"    Then: {sched.extension}")
        for label, note in (("Re-administration", dosing.re_administration), ("Timing", dosing.timing)):
            if note is not None:
                con.print(_marked(f"  {label}: {note.text}", note.mark, note.refs))
        con.print(f"  Calculate a dose: msc dose {product.id}", style="dim")
    groups = (("Evidence", product.evidence), ("Notes", product.notes), ("Not approved", product.not_approved))
    for label, group in groups:
        if group:
            con.print(Text(label, style="bold"))
            for note in group:
                con.print(_marked(f"  - {note.text}", note.mark, note.refs))
    errata = [e for e in catalogue.errata if product.id in e.subjects]
    if errata:
        con.print(Text("Corrections to the source review", style="bold"))
        for erratum in errata:
            con.print(f"  {erratum.id}: {erratum.correction}")
    _references_human(con, catalogue, sorted(record_refs(product)))
    con.print(f"Catalogue as of {catalogue.meta.as_of}.", style="dim")


def _dose_label(con: Console, dosing: Any, indent: str) -> None:
    """Route and labelled dose with their marks, the note, and the source review's own wording."""
    route, amount = dosing.route, dosing.amount
    con.print(_marked(f"{indent}Route: {', '.join(route.codes)}. {route.detail}", route.mark, route.refs))
    con.print(_marked(f"{indent}Dose: {amount.source_text}", amount.mark, amount.refs))
    if amount.note:
        con.print(f"{indent}  {amount.note}", style="dim")
    if amount.seed_text:
        con.print(f"{indent}  Source review wording: {amount.seed_text}", style="dim")


def _references_human(con: Console, catalogue: Catalogue, ref_ids: list[str]) -> None:
    from rich.text import Text

    con.print(Text("References", style="bold"))
    for ref_id in ref_ids:
        ref = catalogue.reference(ref_id)
        where = f"doi:{ref.doi}" if ref.doi else (ref.urls[0] if ref.urls else "")
        con.print(f"  {ref.id}  {ref.title}" + (f"  {where}" if where else ""))


def errata_view(catalogue: Catalogue, product: str | None) -> View:
    errata = [e for e in catalogue.errata if product is None or product in e.subjects]
    rows = [
        {
            "id": e.id,
            "kind": e.kind,
            "subjects": e.subjects,
            "seed_says": e.seed_says,
            "correction": e.correction,
            "refs": e.refs,
        }
        for e in errata
    ]
    columns = [
        Column("id", "Id", heading=True),
        Column("kind", "Kind", heading=True),
        Column("subjects", "About", show=lambda s: ", ".join(s)),
        Column("seed_says", "Review says"),
        Column("correction", "Correction"),
        Column("refs", "Evidence", show=lambda r: ", ".join(r)),
    ]
    caption = f"{len(rows)} corrections to the source review · evidence: msc refs ID"
    return View(rows=rows, columns=columns, caption=caption, blocks=True)


def refs_view(catalogue: Catalogue, ids: list[str]) -> View:
    refs = [catalogue.reference(i) for i in ids] if ids else catalogue.references
    rows = [{"id": r.id, "kind": r.kind, "title": r.title, "doi": r.doi, "urls": r.urls, "note": r.note} for r in refs]
    columns = [
        Column("id", "Id", heading=True),
        Column("kind", "Kind", heading=True),
        Column("title", "Reference"),
        Column("doi", "DOI"),
        Column("urls", "URL", show=lambda u: " ".join(u)),
        Column("note", "Note"),
    ]
    return View(rows=rows, columns=columns, caption=f"{len(rows)} references", blocks=True)


# -- dose ----------------------------------------------------------------------------------------


def _amount_json(span: Any, per: str, volume: Any = None, administrations: Any = None) -> dict[str, Any] | None:
    if span is None:
        return None
    from .numbers import sci

    low, high = span.cells()
    data: dict[str, Any] = {
        "per": per,
        "cells": low if low == high else None,
        "cells_min": low,
        "cells_max": high,
        "readable": sci(low) if low == high else f"{sci(low)}-{sci(high)}",
    }
    if volume is not None:
        data["volume_ml"] = round(float(volume.low), 3) if volume.single else None
        data["volume_ml_min"] = round(float(volume.low), 3)
        data["volume_ml_max"] = round(float(volume.high), 3)
    if administrations is not None:
        data["administrations_min"] = int(administrations.low)
        data["administrations_max"] = int(administrations.high)
    return data


def dose_entry(calc: Any) -> dict[str, Any]:
    """One dosing entry as JSON: numbers and units explicit."""
    amount = calc.amount
    schedule = calc.entry.schedule
    per_kg = calc.per_kg()
    return {
        "product": calc.product.id,
        "name": calc.product.name,
        "entry": calc.index + 1,
        "routes": calc.entry.route.codes,
        "route_mark": calc.entry.route.mark,
        "kind": amount.kind,
        "label": amount.source_text,
        "source_review_wording": amount.seed_text,
        "mark": amount.mark,
        "refs": amount.refs,
        "weight_kg": float(calc.weight_kg) if calc.weight_kg is not None else None,
        "area_cm2": float(calc.area_cm2) if calc.area_cm2 is not None else None,
        "band": calc.band.label if calc.band else None,
        "formula": calc.formula,
        "cells_per_kg_min": float(per_kg.low) if per_kg else None,
        "cells_per_kg_max": float(per_kg.high) if per_kg else None,
        "per_administration": _amount_json(calc.per_administration, "administration", calc.volume_ml),
        "course": _amount_json(calc.course, "course", calc.course_volume_ml, calc.administrations),
        "schedule": schedule.text,
        "schedule_mark": schedule.mark,
        "extension": schedule.extension,
        "limit": calc.limit,
        "needs": calc.needs,
        "arithmetic": calc.arithmetic,
        "notes": calc.notes,
        "max_cells_per_kg": amount.max_cells_per_kg,
        "interval_days_min": schedule.interval_days,
        "concentration_cells_per_ml": (
            calc.entry.concentration.cells_per_ml if calc.entry.concentration is not None else None
        ),
    }


def _flat(entry: dict[str, Any]) -> dict[str, Any]:
    """A dose entry flattened for csv/tsv/markdown rows."""
    row = {k: v for k, v in entry.items() if k not in ("per_administration", "course")}
    for key in ("per_administration", "course"):
        part = entry[key] or {}
        row[f"{key}_cells_min"] = part.get("cells_min")
        row[f"{key}_cells_max"] = part.get("cells_max")
        row[f"{key}_volume_ml_min"] = part.get("volume_ml_min")
        row[f"{key}_volume_ml_max"] = part.get("volume_ml_max")
    row["administrations_min"] = (entry["course"] or {}).get("administrations_min")
    row["administrations_max"] = (entry["course"] or {}).get("administrations_max")
    return row


def dose_view(catalogue: Catalogue, calcs: list[Any], inputs: dict[str, Any], single: bool) -> View:
    entries = [dose_entry(calc) for calc in calcs]
    disclaimer = "Labelled doses from published sources. " + catalogue.meta.disclaimer.en
    document = {"disclaimer": disclaimer, "as_of": catalogue.meta.as_of, "inputs": inputs, "entries": entries}
    rows = [_flat(e) for e in entries]
    columns = [
        Column("name", "Product"),
        Column("routes", "Route", show=lambda r: ", ".join(r)),
        Column("label", "Label dose"),
        Column("per_administration_cells_min", "Cells/administration"),
        Column("administrations_max", "Administrations"),
        Column("course_cells_max", "Course cells"),
        Column("mark", "Mark"),
    ]

    def human(con: Console) -> None:
        if single:
            for calc, entry in zip(calcs, entries, strict=True):
                _dose_human(con, calc, entry)
        else:
            _dose_table(con, entries, inputs)
        con.print(disclaimer, style="dim")

    return View(rows=rows, columns=columns, document=document, human=human)


def _range_text(part: dict[str, Any] | None, key: str = "cells") -> str:
    from .numbers import sci

    if not part:
        return ""
    low, high = part[f"{key}_min"], part[f"{key}_max"]
    return sci(low) if low == high else f"{sci(low)}-{sci(high)}"


def _dose_table(con: Console, entries: list[dict[str, Any]], inputs: dict[str, Any]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from .numbers import approx

    title = "Labelled doses"
    if inputs.get("weight_kg"):
        title += f" at {inputs['weight_kg']:g} kg"
    if inputs.get("area_cm2"):
        title += f" for {inputs['area_cm2']:g} cm²"
    narrow = con.width < 100
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    table.add_column("Product", style="bold", ratio=2, min_width=12, overflow="fold")
    if not narrow:
        table.add_column("Route", ratio=1, min_width=8, overflow="fold")
    table.add_column("Per kg", no_wrap=True)
    table.add_column("Per admin.", no_wrap=True)
    table.add_column("×", no_wrap=True)
    table.add_column("Course", no_wrap=True)
    table.add_column("M", no_wrap=True)
    for e in entries:
        per_kg = ""
        if e["cells_per_kg_min"] is not None:
            low, high = e["cells_per_kg_min"], e["cells_per_kg_max"]
            per_kg = approx(low) if low == high else f"{approx(low)}-{approx(high).lstrip('≈')}"
        per_admin = _range_text(e["per_administration"]) or (
            "needs " + ", ".join(e["needs"]) if e["needs"] else ("not stated" if e["kind"] == "not-stated" else "")
        )
        course = e["course"] or {}
        count = ""
        if course:
            low, high = course["administrations_min"], course["administrations_max"]
            count = str(low) if low == high else f"{low}-{high}"
        table.add_row(
            e["name"],
            *([] if narrow else [", ".join(e["routes"])]),
            per_kg,
            per_admin,
            count,
            _range_text(course),
            Text(e["mark"][0], style=MARK_STYLE.get(e["mark"], "")),
        )
    con.print(table)
    con.print(
        "Cells per kg are labelled (per-kg doses) or derived from --weight. M (mark of the dose): "
        "V verified, S seed-only, C conflict. Details and arithmetic: msc dose NAME.",
        style="dim",
    )


def _dose_human(con: Console, calc: Any, entry: dict[str, Any]) -> None:
    from rich.text import Text

    product = calc.product
    head = Text(f"{product.name}", style="bold")
    head.append(f"  ({product.id})", style="dim")
    if len(product.dosing) > 1:
        head.append(f"  dosing {entry['entry']} of {len(product.dosing)}")
    con.print(head)
    _dose_label(con, calc.entry, "")
    con.print(f"Formula: {calc.formula}")
    inputs = []
    if calc.weight_kg is not None:
        inputs.append(f"weight {entry['weight_kg']:g} kg")
    if calc.area_cm2 is not None:
        inputs.append(f"area {entry['area_cm2']:g} cm²")
    if inputs:
        con.print("Inputs: " + ", ".join(inputs))
    for line in calc.arithmetic:
        con.print(f"  {line}")
    if calc.limit:
        con.print(f"Limit applied: {calc.limit}", style="bold")
    per_admin = entry["per_administration"]
    if per_admin:
        volume = ""
        if per_admin.get("volume_ml_min") is not None:
            low, high = per_admin["volume_ml_min"], per_admin["volume_ml_max"]
            volume = f", {low:.2f} mL" if low == high else f", {low:.2f}-{high:.2f} mL"
        con.print(Text(f"Per administration: {_range_text(per_admin)} cells{volume}", style="bold"))
    for need in calc.needs:
        option = {"--weight": "--weight KG", "--area": "--area CM2"}[need]
        con.print(f"Give {option} to calculate: msc dose {product.id} {option}", style="yellow")
    schedule = calc.entry.schedule
    con.print(_marked(f"Schedule: {schedule.text}", schedule.mark, schedule.refs))
    if schedule.extension:
        con.print(f"  Then: {schedule.extension}")
    course = entry["course"]
    if course:
        con.print(Text(f"Course (base schedule): {_range_text(course)} cells", style="bold"))
    for label, note in (("Re-administration", calc.entry.re_administration), ("Timing", calc.entry.timing)):
        if note is not None:
            con.print(_marked(f"{label}: {note.text}", note.mark, note.refs))
    for note in calc.notes:
        con.print(f"Note: {note}", style="yellow")
    con.print()


# -- timeline ------------------------------------------------------------------------------------

CATEGORY_MARKER = {
    "discovery": ("◆", "cyan"),
    "characterisation": ("●", "blue"),
    "clinical": ("✚", "magenta"),
    "trial-result": ("▲", "yellow"),
    "standard": ("■", "bold"),
    "regulatory-approval": ("✔", "green"),
    "regulatory-other": ("◇", ""),
    "withdrawal": ("✖", "bold red"),
    "industry": ("○", ""),
}


def event_row(event: Any) -> dict[str, Any]:
    return {
        "id": event.id,
        "date": event.date,
        "date_end": event.date_end,
        "precision": event.precision,
        "year": event.year,
        "category": event.category,
        "en": event.en,
        "zh": event.zh,
        "note": event.note,
        "mark": event.mark,
        "origin": event.origin,
        "people": event.people,
        "references": [to_builtins(c) for c in event.references],
        "errata": event.errata,
        "products": event.products,
        "jurisdictions": event.jurisdictions,
    }


def timeline_view(catalogue: Catalogue, events: list[Any]) -> View:
    rows = [event_row(e) for e in events]
    columns = [
        Column("date", "Date"),
        Column("category", "Category"),
        Column("en", "Event"),
        Column("mark", "Mark"),
        Column("errata", "Errata", show=lambda e: ", ".join(e)),
    ]

    def human(con: Console) -> None:
        from rich.table import Table
        from rich.text import Text

        decade = None
        table = None
        for event in events:
            if event.decade != decade:
                if table is not None:
                    con.print(table)
                decade = event.decade
                con.print(Text(f"{decade}s", style="bold underline"))
                table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
                table.add_column("date", no_wrap=True, width=10)
                table.add_column("marker", no_wrap=True, width=1)
                table.add_column("event", ratio=1, overflow="fold")
            assert table is not None
            marker, style = CATEGORY_MARKER[event.category]
            date = event.date + ("~" if event.precision == "approx" else "")
            text = Text(event.en)
            text.append(f" [{event.mark}]", style=MARK_STYLE.get(event.mark, ""))
            if event.errata:
                text.append(f" errata {', '.join(event.errata)}", style="dim")
            table.add_row(date, Text(marker, style=style), text)
        if table is not None:
            con.print(table)
        legend = Text("Markers: ")
        for category, (marker, style) in CATEGORY_MARKER.items():
            legend.append(marker, style=style)
            legend.append(f" {category}  ")
        con.print(legend, style="dim")
        con.print(
            f"{len(events)} events · ~ approximate date · approvals and withdrawals come from the catalogue "
            f"(as of {catalogue.meta.as_of}) · details: -f json",
            style="dim",
        )

    return View(rows=rows, columns=columns, human=human)


# -- isct-check ----------------------------------------------------------------------------------

VERDICT_STYLE = {"PASS": "bold green", "FAIL": "bold red", "INCOMPLETE": "bold yellow"}
STATUS_WORD = {"pass": "pass", "fail": "FAIL", "missing": "no data"}


def overall(checks: list[Any]) -> str:
    verdicts = {c.verdict for c in checks}
    for verdict in ("FAIL", "INCOMPLETE"):
        if verdict in verdicts:
            return verdict
    return "PASS"


def lot_document(lot: Any, checks: list[Any], judged: set[str]) -> dict[str, Any]:
    return {
        "lot": lot.lot,
        "source": lot.source,
        "row": lot.row,
        "verdict": overall(checks),
        "stimulated": lot.stimulated,
        "checks": [
            {
                "kind": c.kind,
                "profile": c.profile.id,
                "title": c.profile.title,
                "verified": c.profile.verified,
                "warning": c.profile.warning,
                "verdict": c.verdict,
                "criteria": c.result_dicts(),
            }
            for c in checks
        ],
        "unjudged_markers": {m: v for m, v in lot.markers.items() if m not in judged and v is not None},
    }


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:g}"


def _problem(result: dict[str, Any]) -> str:
    if result["status"] == "missing":
        return f"{result['criterion']}: no data"
    if result["op"]:
        return f"{result['criterion']} {_value_text(result['value'])} (needs {result['op']} {result['threshold']:g})"
    return f"{result['criterion']}: failed"


PLAIN_SUMMARY_ABOVE = 500  # lots; Rich lays out big tables slowly, so long summaries are plain aligned text


def isct_view(lots: list[Any], checks: list[list[Any]], judged: set[str], detail: bool) -> View:
    from .isct import paused_gc

    def documents() -> list[dict[str, Any]]:
        with paused_gc():  # millions of small dicts for a big batch; nothing here makes cycles
            return [lot_document(lot, one, judged) for lot, one in zip(lots, checks, strict=True)]

    def rows() -> list[dict[str, Any]]:
        with paused_gc():
            return _flat_rows()

    def _flat_rows() -> list[dict[str, Any]]:
        return [
            {
                "lot": lot.lot,
                "row": lot.row,
                "check": check.kind,
                "profile": check.profile.id,
                "verdict": check.verdict,
                **{k: v for k, v in criterion.items() if k != "test"},
            }
            for lot, one in zip(lots, checks, strict=True)
            for check in one
            for criterion in check.result_dicts()
        ]

    columns = [
        Column("lot", "Lot"),
        Column("profile", "Check"),
        Column("criterion", "Criterion"),
        Column("value", "Value"),
        Column("op", "Op"),
        Column("threshold", "Threshold"),
        Column("margin", "Margin"),
        Column("status", "Status"),
        Column("verdict", "Verdict"),
    ]
    profiles = [c.profile for c in checks[0]] if checks else []

    def problems(one: list[Any]) -> str:
        found = [
            _problem(r) for check in one for r in check.result_dicts() if r["status"] != "pass" and not r["informative"]
        ]
        return "; ".join(dict.fromkeys(found))

    def human(con: Console) -> None:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        for profile in profiles:
            if profile.warning:
                con.print(f"WARNING ({profile.id}): {profile.warning}", style="bold red")
        if detail:
            for lot, one in zip(lots, checks, strict=True):
                _lot_detail(con, lot, one)
            return
        if len(lots) > PLAIN_SUMMARY_ABOVE:
            width = max(len(lot.lot) for lot in lots)
            out = con.file
            out.write(f"{'Lot':<{width}}  " + "  ".join(f"{p.id:<11}" for p in profiles) + "  Failed or missing\n")
            for lot, one in zip(lots, checks, strict=True):
                verdicts = "  ".join(f"{c.verdict:<{max(11, len(c.profile.id))}}" for c in one)
                out.write(f"{lot.lot:<{width}}  {verdicts}  {problems(one)}\n")
        else:
            table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
            table.add_column("Lot", style="bold", overflow="fold")
            for profile in profiles:
                table.add_column(profile.id, no_wrap=True)
            table.add_column("Failed or missing", overflow="fold", ratio=1)
            for lot, one in zip(lots, checks, strict=True):
                table.add_row(lot.lot, *(Text(c.verdict, style=VERDICT_STYLE[c.verdict]) for c in one), problems(one))
            con.print(table)
        counts = {v: sum(1 for one in checks if overall(one) == v) for v in ("PASS", "FAIL", "INCOMPLETE")}
        con.print(
            f"{len(lots)} lots: {counts['PASS']} pass, {counts['FAIL']} fail, {counts['INCOMPLETE']} incomplete. "
            "Per-criterion values and margins: --detail or -f json.",
            style="dim",
        )

    return View(rows=rows, columns=columns, document=documents, human=human)


def _lot_detail(con: Console, lot: Any, checks: list[Any]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    head = Text(f"Lot {lot.lot}", style="bold")
    if lot.row is not None:
        head.append(f"  ({lot.source}, row {lot.row})", style="dim")
    con.print(head)
    for check in checks:
        results = check.result_dicts()
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
        table.title = f"{check.profile.id}: {check.verdict}"
        for header in ("Criterion", "Value", "Needs", "Margin", "Result"):
            table.add_column(header, overflow="fold")
        for r in results:
            needs = f"{r['op']} {r['threshold']:g}" if r["op"] else ("yes" if r["test"] != "percent" else "")
            result = Text(STATUS_WORD[r["status"]] + (" (informative)" if r["informative"] else ""))
            if r["status"] == "fail" and not r["informative"]:
                result.stylize("bold red")
            label = r["criterion"]
            if r["used"] and (" or " in label or "cocktail" in r["used"]):
                label += f" [{r['used']}]"
            margin = "" if r["margin"] is None else f"{r['margin']:+g}"
            table.add_row(label, _value_text(r["value"]), needs, margin, result)
        con.print(table)
        for r in results:
            if r["note"]:
                con.print(f"  {r['criterion']}: {r['note']}", style="dim")


def criteria_view(profiles: list[Any]) -> View:
    rows = [
        {
            "profile": p.id,
            "title": p.title,
            "verified": p.verified,
            "criterion": " or ".join(c.markers) if c.markers else c.test,
            "test": c.test,
            "op": (">" if c.strict else ">=")
            if c.min is not None
            else (("<" if c.strict else "<=") if c.max else None),
            "threshold": c.min if c.min is not None else c.max,
            "informative": c.informative,
            "note": c.note,
            "refs": p.refs,
        }
        for p in profiles
        for c in p.criteria
    ]
    columns = [
        Column("profile", "Profile"),
        Column("criterion", "Criterion"),
        Column("op", "Op"),
        Column("threshold", "Threshold"),
        Column("note", "Note"),
    ]

    def human(con: Console) -> None:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        for p in profiles:
            title = Text(f"{p.id}: {p.title}", style="bold")
            con.print(title)
            if p.warning:
                con.print(f"WARNING: {p.warning}", style="bold red")
            table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
            table.add_column("Criterion", overflow="fold")
            table.add_column("Requirement", overflow="fold")
            for c in p.criteria:
                if c.test in ("percent", "viability"):
                    op = (">" if c.strict else ">=") if c.min is not None else ("<" if c.strict else "<=")
                    bound = c.min if c.min is not None else c.max
                    need = f"{op} {bound:g} % of cells"
                else:
                    need = c.note or "required"
                if c.stimulated_informative:
                    need += " (informative if stimulated, e.g. IFN-gamma)"
                table.add_row(" or ".join(c.markers) if c.markers else c.test, need)
            con.print(table)
            if p.note:
                con.print(p.note, style="dim")
            con.print(f"References: {', '.join(p.refs)} (msc refs {' '.join(p.refs)})", style="dim")
            con.print()

    return View(rows=rows, columns=columns, document=[to_builtins(p) for p in profiles], human=human)


def jurisdictions_view(catalogue: Catalogue) -> View:
    rows = [
        {
            "code": j.code,
            "en": j.en,
            "zh": j.zh,
            "aliases": j.aliases,
            "regulator": j.regulator,
            "approvals": sum(1 for p in catalogue.products for a in p.approvals if a.jurisdiction == j.code),
        }
        for j in catalogue.jurisdictions
    ]
    columns = [
        Column("code", "Code"),
        Column("en", "Name"),
        Column("zh", "中文", show=lambda z: ", ".join(z)),
        Column("regulator", "Regulator (as the sheets name it)"),
        Column("approvals", "Approvals"),
    ]
    return View(rows=rows, columns=columns, caption="Use any code, name or Chinese name with --country.")
