"""msc dose: labelled doses worked out per administration and for the course, with the arithmetic."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msccli.catalogue.model import RangeDose
from msccli.catalogue.records import Catalogue
from msccli.dose.label import Span
from msccli.dose.plan import DosePlan
from msccli.output.render import Column, Field, View
from msccli.text.i18n import N_, tr, tr_value
from msccli.views.common import english_notice, mark_cell, marked, styled
from msccli.views.products import disclaimer as product_disclaimer
from msccli.views.products import dose_label

if TYPE_CHECKING:
    from rich.console import Console

DOSE_FIELDS = (
    Field("product", "string", "Product id."),
    Field("name", "string", "Brand name."),
    Field("entry", "integer", "Which dosing entry of the product (1, 2, ...)."),
    Field("routes", "array", "Routes of administration."),
    Field("route_mark", "string", "Verification mark of the route."),
    Field("kind", "string", "How the label doses: fixed, range, per-kg, per-area, weight-band, not-stated."),
    Field("label", "string", "The labelled dose as the source states it."),
    Field("source_review_wording", "string|null", "The source review's own wording, where it differs."),
    Field("mark", "string", "Verification mark of the labelled dose."),
    Field("refs", "array", "References for the labelled dose."),
    Field("weight_kg", "number|null", "The body weight given (kg)."),
    Field("area_cm2", "number|null", "The area given (cm²)."),
    Field("band", "string|null", "The weight band chosen."),
    Field("formula", "string", "How the dose is worked out."),
    Field("cells_per_kg_min", "number|null", "Cells per kg of body weight: labelled, or derived from the weight."),
    Field("cells_per_kg_max", "number|null", "Upper end of a per-kg range."),
    Field("per_administration_cells_min", "integer|null", "Cells per administration (lower end of a range)."),
    Field("per_administration_cells_max", "integer|null", "Cells per administration (upper end of a range)."),
    Field("per_administration_volume_ml_min", "number|null", "Volume per administration, mL."),
    Field("per_administration_volume_ml_max", "number|null", "Volume per administration, mL (upper end)."),
    Field("administrations_min", "integer|null", "Administrations in the base course."),
    Field("administrations_max", "integer|null", "Administrations in the base course (upper end)."),
    Field("course_cells_min", "integer|null", "Cells in the base course."),
    Field("course_cells_max", "integer|null", "Cells in the base course (upper end)."),
    Field("course_volume_ml_min", "number|null", "Volume of the base course, mL."),
    Field("course_volume_ml_max", "number|null", "Volume of the base course, mL (upper end)."),
    Field("schedule", "string", "The labelled schedule."),
    Field("schedule_mark", "string", "Verification mark of the schedule."),
    Field("extension", "string|null", "What may follow the base course."),
    Field("limit", "string|null", "A label limit that changed the result."),
    Field("needs", "array", "Options still needed to calculate (--weight, --area)."),
    Field("arithmetic", "array", "Each step of the calculation."),
    Field("notes", "array", "Warnings: options that do not apply, values outside the labelled range."),
    Field("max_cells_per_kg", "integer|null", "The label's ceiling in cells per kg."),
    Field("interval_days_min", "integer|null", "Minimum days between administrations."),
    Field("concentration_cells_per_ml", "integer|null", "Cells per mL of the product."),
    Field(
        "limit_kind",
        "string|null",
        "The label's limit: labelled maximum, labelled range, weight band, or no "
        "labelled maximum (a single usual dose); null when the sources state no dose.",
    ),
    Field("check_cells", "integer|null", "The planned dose given with --check, cells per administration."),
    Field("check_verdict", "string|null", "The planned dose against the label: within, below or above."),
    Field("check_hard", "boolean|null", "true when the planned dose is above a hard limit (maximum, range, band)."),
    Field("check_power_of_ten", "integer|null", "2 when the planned dose is about 100 times the label, -1 a tenth."),
    Field("plan", "array", "With --start: the administrations as dates (number, date, weekday, optional, moved_from)."),
    Field("unit", "string|null", "What the product comes in: vial, bag, syringe."),
    Field("storage", "string|null", "cryopreserved (thawed units cannot go back) or fresh; null when not known."),
    Field("cells_per_unit", "array", "Cells in one unit (several sizes for some products)."),
    Field("units_per_administration_min", "integer|null", "Whole units to thaw (or order) for one administration."),
    Field("units_per_administration_max", "integer|null", "The same for the highest dose of a range."),
    Field("cells_left_per_administration_min", "integer|null", "Cells thawed but not given, per administration."),
    Field("cells_left_per_administration_max", "integer|null", "The same for the highest dose of a range."),
    Field("course_units_min", "integer|null", "Units for the base course (each administration thaws its own)."),
    Field("course_units_max", "integer|null", "The same for the highest dose and count."),
    Field("as_of", "string", "The catalogue's date."),
    Field("disclaimer", "string", "msc is a reference tool, not clinical advice."),
)


def _ends(span: Span | None, digits: int | None = None) -> tuple[Any, Any]:
    if span is None:
        return None, None
    if digits is None:
        return span.cells()
    return round(float(span.low), digits), round(float(span.high), digits)


def dose_record(result: DosePlan, as_of: str, disclaimer: str) -> dict[str, Any]:
    """One dosing entry: numbers with their units in the field names."""
    calc = result.calc
    amount = calc.amount
    schedule = calc.entry.schedule
    per_kg = calc.per_kg()
    per_admin = _ends(calc.per_administration)
    volume = _ends(calc.volume_ml, 3)
    count = _ends(calc.administrations, 0)
    course = _ends(calc.course)
    course_volume = _ends(calc.course_volume_ml, 3)
    return {
        "product": calc.product.id,
        "name": calc.product.name,
        "entry": calc.index + 1,
        "routes": list(calc.entry.route.codes),
        "route_mark": calc.entry.route.mark,
        "kind": amount.kind,
        "label": amount.source_text,
        "source_review_wording": amount.seed_text,
        "mark": amount.mark,
        "refs": list(amount.refs),
        "weight_kg": float(calc.weight_kg) if calc.weight_kg is not None else None,
        "area_cm2": float(calc.area_cm2) if calc.area_cm2 is not None else None,
        "band": calc.band.label if calc.band else None,
        "formula": calc.formula,
        "cells_per_kg_min": float(per_kg.low) if per_kg else None,
        "cells_per_kg_max": float(per_kg.high) if per_kg else None,
        "per_administration_cells_min": per_admin[0],
        "per_administration_cells_max": per_admin[1],
        "per_administration_volume_ml_min": volume[0],
        "per_administration_volume_ml_max": volume[1],
        "administrations_min": None if count[0] is None else int(count[0]),
        "administrations_max": None if count[1] is None else int(count[1]),
        "course_cells_min": course[0],
        "course_cells_max": course[1],
        "course_volume_ml_min": course_volume[0],
        "course_volume_ml_max": course_volume[1],
        "schedule": schedule.text,
        "schedule_mark": schedule.mark,
        "extension": schedule.extension,
        "limit": calc.limit,
        "needs": list(calc.needs),
        "arithmetic": list(calc.arithmetic),
        "notes": list(calc.notes),
        "max_cells_per_kg": amount.max_cells_per_kg if isinstance(amount, RangeDose) else None,
        "interval_days_min": schedule.interval_days,
        "concentration_cells_per_ml": (
            calc.entry.concentration.cells_per_ml if calc.entry.concentration is not None else None
        ),
        "limit_kind": result.limit,
        **_check_fields(result),
        "plan": [
            {
                "number": a.number,
                "date": a.date.isoformat(),
                "weekday": a.weekday,
                "optional": a.optional,
                "moved_from": a.moved_from.isoformat() if a.moved_from else None,
            }
            for a in (result.course.administrations if result.course else [])
        ],
        **_unit_fields(result),
        "as_of": as_of,
        "disclaimer": disclaimer,
    }


def _check_fields(result: DosePlan) -> dict[str, Any]:
    c = result.check
    return {
        "check_cells": c.planned if c else None,
        "check_verdict": c.verdict if c else None,
        "check_hard": c.hard if c else None,
        "check_power_of_ten": c.power_of_ten if c else None,
    }


def _unit_fields(result: DosePlan) -> dict[str, Any]:
    f, units, count = result.form, result.units, result.base_administrations
    return {
        "unit": f.unit if f else None,
        "storage": f.storage if f else None,
        "cells_per_unit": list(f.sizes) if f else [],
        "units_per_administration_min": units[0].count if units else None,
        "units_per_administration_max": units[1].count if units else None,
        "cells_left_per_administration_min": units[0].left if units else None,
        "cells_left_per_administration_max": units[1].left if units else None,
        "course_units_min": units[0].count * count[0] if units and count else None,
        "course_units_max": units[1].count * count[1] if units and count else None,
    }


def _range_text(record: dict[str, Any], prefix: str) -> str:
    from msccli.dose.numbers import sci

    low, high = record[f"{prefix}_min"], record[f"{prefix}_max"]
    if low is None:
        return ""
    return sci(low) if low == high else f"{sci(low)} – {sci(high)}"  # spaced, so a narrow column can wrap it


def _per_kg(record: dict[str, Any]) -> str:
    from msccli.dose.numbers import approx

    low, high = record["cells_per_kg_min"], record["cells_per_kg_max"]
    if low is None:
        return ""
    return approx(low) if low == high else f"{approx(low)} – {approx(high).lstrip('≈')}"


def _per_admin(record: dict[str, Any]) -> str:
    text = _range_text(record, "per_administration_cells")
    if text:
        return text
    if record["needs"]:
        needs = ", ".join(record["needs"])
        return tr("needs {needs}", needs=needs)
    return tr("not stated") if record["kind"] == "not-stated" else ""


def _count(record: dict[str, Any]) -> str:
    low, high = record["administrations_min"], record["administrations_max"]
    if low is None:
        return ""
    return str(low) if low == high else f"{low}–{high}"


DOSE_COLUMNS = [
    Column("name", "Product", style="bold", identity=True),
    Column("routes", "Route", show=lambda r: ", ".join(r["routes"]), min_terminal=100),
    Column("cells_per_kg_min", "Per kg", show=_per_kg),
    Column("per_administration_cells_min", "Per admin.", show=_per_admin),
    Column("administrations_max", "Times", show=_count, no_wrap=True),
    Column("course_cells_min", "Course", show=lambda r: _range_text(r, "course_cells")),
    Column("limit_kind", "Limit", show=lambda r: tr_value(r["limit_kind"] or ""), min_terminal=130),
    Column("mark", "Mark", show=mark_cell, identity=True, no_wrap=True),
]


def dose_view(catalogue: Catalogue, plans: list[DosePlan], single: bool) -> View:
    disclaimer = catalogue.meta.disclaimer.en
    shown_disclaimer = tr("Labelled doses from published sources.") + " " + product_disclaimer(catalogue)
    disclaimer = "Labelled doses from published sources. " + disclaimer
    records = [dose_record(p, catalogue.meta.as_of, disclaimer) for p in plans]
    calcs = [p.calc for p in plans]

    def human(con: Console) -> None:
        if single:
            for result, record in zip(plans, records, strict=True):
                _dose_human(con, result, record)
            english_notice(con)
            con.print(shown_disclaimer, style="dim")
            return
        from msccli.output.render import grid

        title = tr("Labelled doses")
        if calcs and calcs[0].weight_kg is not None:
            title += " " + tr("at {weight_kg:g} kg", weight_kg=float(calcs[0].weight_kg))
        if calcs and calcs[0].area_cm2 is not None:
            title += " " + tr("for {area_cm2:g} cm²", area_cm2=float(calcs[0].area_cm2))
        con.print(styled(title, "bold"))
        grid(con, DOSE_COLUMNS, records)
        con.print(
            tr(
                "Per kg: labelled (per-kg doses) or derived from --weight. Mark: of the labelled dose. "
                "Details and arithmetic: msc dose NAME."
            ),
            style="dim",
        )
        con.print(shown_disclaimer, style="dim")

    return View(fields=DOSE_FIELDS, records=records, columns=DOSE_COLUMNS, human=human)


def _inputs(record: dict[str, Any]) -> str:
    inputs = []
    if record["weight_kg"] is not None:
        inputs.append(tr("weight {weight_kg:g} kg", weight_kg=record["weight_kg"]))
    if record["area_cm2"] is not None:
        inputs.append(tr("area {area_cm2:g} cm²", area_cm2=record["area_cm2"]))
    return ", ".join(inputs)


def _per_administration(record: dict[str, Any]) -> str:
    per_admin = _range_text(record, "per_administration_cells")
    if not per_admin:
        return ""
    volume = ""
    low, high = record["per_administration_volume_ml_min"], record["per_administration_volume_ml_max"]
    if low is not None:
        volume = f", {low:.2f} mL" if low == high else f", {low:.2f}-{high:.2f} mL"
    return tr("Per administration: {per_admin} cells{volume}", per_admin=per_admin, volume=volume)


def _dose_human(con: Console, result: DosePlan, record: dict[str, Any]) -> None:
    calc = result.calc
    product = calc.product
    head = styled(product.name, "bold")
    head.append(f"  ({product.id})", style="dim")
    if len(product.dosing) > 1:
        head.append(tr("  dosing {entry} of {count}", entry=record["entry"], count=len(product.dosing)))
    con.print(head)
    dose_label(con, calc.entry, "")
    formula = tr(calc.formula)
    con.print(tr("Formula: {formula}", formula=formula))
    inputs = _inputs(record)
    if inputs:
        con.print(tr("Inputs: {listed}", listed=inputs))
    for line in calc.arithmetic:
        con.print(f"  {tr(line)}")
    if calc.limit:
        limit = tr(calc.limit)
        con.print(tr("Limit applied: {limit}", limit=limit), style="bold")
    per_admin = _per_administration(record)
    if per_admin:
        con.print(styled(per_admin, "bold"))
    if result.limit:
        words = tr(LIMIT_WORDS[result.limit])
        con.print(tr("Limit: {words}", words=words))
    for need in calc.needs:
        option = {"--weight": "--weight KG", "--area": "--area CM2"}[need]
        con.print(
            tr("Give {option} to calculate: msc dose {id} {option}", option=option, id=product.id), style="yellow"
        )
    _check_human(con, result)
    _units_human(con, result, record)
    schedule = calc.entry.schedule
    con.print(marked(tr("Schedule: {text}", text=schedule.text), schedule.mark, schedule.refs))
    if schedule.extension:
        con.print(tr("  Then: {extension}", extension=schedule.extension))
    course = _range_text(record, "course_cells")
    if course:
        con.print(styled(tr("Course (base schedule): {course} cells", course=course), "bold"))
    for label, note in ((N_("Re-administration"), calc.entry.re_administration), (N_("Timing"), calc.entry.timing)):
        if note is not None:
            con.print(marked(f"{tr(label)}: {note.text}", note.mark, note.refs))
    for warning in calc.notes:
        con.print(f"{tr('Note')}: {tr(warning)}", style="yellow")
    _course_human(con, result)
    con.print()


LIMIT_WORDS = {
    "labelled maximum": N_("labelled maximum (a hard limit)"),
    "labelled range": N_("labelled range (a hard limit above it)"),
    "weight band": N_("weight band (the band sets the dose)"),
    "no labelled maximum": N_("no labelled maximum (a single usual dose; above it is a soft limit)"),
}


def _check_human(con: Console, result: DosePlan) -> None:
    from msccli.dose.check import describe, slip_warning

    if result.check is None:
        return
    style = "bold green" if result.check.within else ("bold red" if result.check.hard else "bold yellow")
    described = tr(describe(result.check))
    con.print(styled(tr("Check: {described}", described=described), style))
    warning = slip_warning(result.check)
    if warning:
        con.print(styled(tr(warning), "bold red reverse"))


UNIT_VERB = {"cryopreserved": N_("Thaw"), "fresh": N_("Order (made fresh)")}


def _units_human(con: Console, result: DosePlan, record: dict[str, Any]) -> None:
    lines = units_lines(result, record)
    if result.form is None and lines:
        con.print(lines[0], style="dim")
        return
    for i, line in enumerate(lines):
        con.print(styled(line, "bold") if i == 0 else line)


def units_lines(result: DosePlan, record: dict[str, Any]) -> list[str]:
    """The units to thaw (or order) per administration, what is given and left over, and the base course's units."""
    from msccli.dose.numbers import plain, sci

    f, units = result.form, result.units
    if f is None:
        if result.calc.per_administration is not None:
            return [tr("Units: the sources give no cells per vial or bag for this product.")]
        return []
    if units is None:
        return []
    low, high = units
    sizes = tr(" or ").join(sci(size) for size in f.sizes)
    each = tr("{sizes} cells each", sizes=sizes)
    if f.derived and f.unit_volume_ml and f.cells_per_ml:
        each += ", " + tr(
            "worked out as {unit_volume_ml} mL × {cells_per_ml} cells/mL",
            unit_volume_ml=plain(f.unit_volume_ml),
            cells_per_ml=sci(f.cells_per_ml),
        )
    if len(f.sizes) > 1:
        taken = " + ".join(sci(c) for c in high.chosen)
        each += "; " + tr("taken: {taken}", taken=taken)
    verb = tr(UNIT_VERB.get(f.storage or "", N_("Units")))
    count = _between(low.count, high.count)
    unit = f.unit + ("s" if high.count != 1 else "")
    lines = [tr("{verb}: {count} {unit} per administration ({each})", verb=verb, count=count, unit=unit, each=each)]
    if low.cells == high.cells:
        given = tr("{cells} cells", cells=sci(low.cells)) + (
            f" ({float(low.volume_ml):.2f} mL)" if low.volume_ml else ""
        )
        left = tr("{left} cells", left=sci(low.left)) + (
            f" ({float(low.left_volume_ml):.2f} mL)" if low.left_volume_ml else ""
        )
        waste = N_(", which cannot be stored again") if f.storage == "cryopreserved" else ""
        lines.append(tr("  give {given}; {left} left over{waste}", given=given, left=left, waste=waste))
    if record["course_units_min"] is not None:
        total = _between(record["course_units_min"], record["course_units_max"])
        times = result.base_administrations
        waste = (
            N_("; {left} cells left over in all", left=sci(low.left * times[0]))
            if times and low.left == high.left
            else ""
        )
        lines.append(
            tr(
                "  base course: {total} {unit}s (each administration takes its own){waste}",
                total=total,
                unit=f.unit,
                waste=waste,
            )
        )
    return lines


def calendar_notes(catalogue: Catalogue, result: DosePlan) -> list[str]:
    """What each event of a planned course's calendar says: the labelled dose, the weight or area it was worked
    out for, the cells and volume per administration, the units to thaw; powers of ten as the table writes them."""
    from msccli.output.render import readable

    record = dose_record(result, catalogue.meta.as_of, "")
    calc = result.calc
    notes = [f"{calc.product.name}: {readable(calc.amount.source_text)}"]
    inputs = _inputs(record)
    if inputs:
        notes.append(tr("Worked out for: {listed}", listed=inputs))
    per_admin = _per_administration(record)
    if per_admin:
        notes.append(per_admin)
    notes += [line.strip()[:1].upper() + line.strip()[1:] for line in units_lines(result, record)]
    notes.append(tr("Labelled dose from published sources (msc); a reference, not clinical advice."))
    return notes


def _between(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def _course_human(con: Console, result: DosePlan) -> None:
    course = result.course
    if course is None:
        return
    con.print(styled(tr("Plan"), "bold"))
    if course.rules:
        rules = ", ".join(tr(rule) for rule in course.rules)
        con.print(tr("  Rules: {rules}", rules=rules))
    for a in course.administrations:
        extra = " " + tr("(optional)") if a.optional else ""
        if a.moved_from:
            extra += " " + tr("(moved from {moved_from})", moved_from=a.moved_from.isoformat())
        con.print(f"  {a.number:>2}  {tr_value(a.weekday)} {a.date.isoformat()}{extra}")
    for note in course.notes:
        con.print(f"  {tr(note)}", style="dim")
