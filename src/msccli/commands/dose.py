"""msc dose: the labelled dose worked out, held against a plan, laid out on the calendar."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from msccli.commands.common import (
    BomOpt,
    DataDirOpt,
    FieldsOpt,
    ForceOpt,
    FormatOpt,
    LangOpt,
    catalogue,
    complete_countries,
    complete_donors,
    complete_products,
    complete_routes,
    complete_sources,
    family,
    one_output,
    output_option,
    product_filter,
    show,
    split,
    typed_format,
)
from msccli.output.streams import say
from msccli.text.errors import EXIT_NOT_FOUND, InputError, NotApplicable
from msccli.text.i18n import N_, tr

if TYPE_CHECKING:
    from fractions import Fraction

    from msccli.catalogue.records import Catalogue
    from msccli.dose.plan import DosePlan

cli = family()


@cli.command()
def dose(
    name: Annotated[
        str | None,
        typer.Argument(help="Product (any name); all products when omitted.", autocompletion=complete_products),
    ] = None,
    weight: Annotated[
        str | None, typer.Option("--weight", "-w", help="Body weight: 70, 70kg, 154lb (kg by default).")
    ] = None,
    area: Annotated[str | None, typer.Option("--area", "-a", help="Defect or fistula area: 4, 4cm2, 400mm2.")] = None,
    check_dose: Annotated[
        str | None,
        typer.Option(
            "--check",
            help="A planned dose per administration to hold against the label: 1.4e8, 140M, 1.4×10^8, 14000万.",
        ),
    ] = None,
    tolerance: Annotated[
        str | None,
        typer.Option(
            "--tolerance",
            metavar="PERCENT",
            help="With --check: how far from the label's numbers a planned dose may be and still be within the "
            "label (default 1, for doses written to two significant figures).",
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="Plan the course on the calendar from this date (YYYY-MM-DD).")
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option("--skip", help="A day no administration may fall on (re-plans the rest); repeatable or commas."),
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option("--ics", metavar="FILE", help="The former spelling of -o FILE.ics, kept as an alias."),
    ] = None,
    force: ForceOpt = False,
    label: Annotated[
        str | None,
        typer.Option(
            "--label",
            metavar="TEXT",
            help="Name the patient or course in the calendar's name and each event's summary (with -o FILE.ics).",
        ),
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country", "-c", help="Without NAME: products approved here.", autocompletion=complete_countries
        ),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="Without NAME: cell source.", autocompletion=complete_sources),
    ] = None,
    donor: Annotated[
        list[str] | None, typer.Option(help="Without NAME: autologous or allogeneic.", autocompletion=complete_donors)
    ] = None,
    route: Annotated[
        list[str] | None, typer.Option(help="Without NAME: route of administration.", autocompletion=complete_routes)
    ] = None,
    indication: Annotated[
        str | None, typer.Option("--indication", "-i", help="Without NAME: text in the indication.")
    ] = None,
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: Annotated[
        Path | None, output_option("the planned course as an iCalendar file for .ics (with --start), ")
    ] = None,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """The labelled dose, worked out for a weight or an area, per administration and for the course.

    With a product: --check holds a planned dose against the label (exit 1 when outside it), --start lays the
    course out on the calendar (--skip moves a day, -o FILE.ics exports it), and the units to thaw are shown. Labelled
    doses from published sources; not a prescription.

    \b
    Examples:
      msc dose ryoncil --weight 32
      msc dose ryoncil --weight 32 --start 2026-12-04 -o ryoncil.ics
      msc dose hearticellgram-ami --weight 90 --check 9e7
      msc dose cartistem --area 4cm2
      msc dose --country JP --weight 40
    """
    from msccli.catalogue.model import Product
    from msccli.dose import label as dosing
    from msccli.dose import plan as planning
    from msccli.dose.course import parse_date
    from msccli.dose.numbers import parse_cells
    from msccli.lookup.query import facets
    from msccli.views.dose import dose_view

    cat = catalogue(data_dir)
    weight_kg = dosing.parse_weight(weight) if weight is not None else None
    area_cm2 = dosing.parse_area(area) if area is not None else None
    planned = parse_cells(check_dose, "--check") if check_dose is not None else None
    start_date = parse_date(start, "--start") if start is not None else None
    skips = {parse_date(day, "--skip") for day in split(skip)}
    target = one_output(output, ics, "--ics")
    kind = None
    if target is not None:
        from msccli.output.render import file_format

        kind = "ics" if ics is not None else file_format(str(target), typed_format(fmt), {".ics": "ics"})
    if label is not None and kind != "ics":
        raise InputError("--label names a calendar and its events: give -o FILE.ics too", field="--label")
    if (skips or kind == "ics") and start_date is None:
        raise InputError("--skip and a calendar work on a planned course: give --start DATE too", field="--start")
    filters = any((country, source, donor, route, indication))
    if name is None:
        if planned is not None or start_date is not None:
            raise InputError(
                "--check and --start work on one product's dose: give its name",
                hint="e.g. msc dose ryoncil --weight 32 --start 2026-12-04",
            )
        flt = product_filter(cat, country, source, donor, route, indication)
        kept = [p for p in cat.products if any(flt.keeps(facets(cat, p, a)) for a in p.approvals)]
        chosen = sorted(kept, key=lambda p: p.name.casefold())
    else:
        if filters:
            raise InputError(
                "--country, --source, --donor, --route and --indication choose products for the table "
                "of all products; leave them out with a product name"
            )
        chosen = [r for r in cat.find(name) if isinstance(r, Product)]
        if not chosen:
            raise NotApplicable(
                N_("{name!r} is not an approved MSC product, so it has no labelled dose", name=name),
                N_("see: msc product {name}", name=name),
            )
    calcs = [calc for p in chosen for calc in dosing.calculate(p, weight_kg, area_cm2)]
    margin = _tolerance(tolerance, planned is not None)
    plans = [planning.build(calc, start_date, skips, planned, margin) for calc in calcs]
    if target is not None and kind == "ics":
        _write_ics(cat, target, plans, force, label)
    else:
        show("dose", dose_view(cat, plans, single=name is not None), fmt, fields, target, force)
    if any(p.check is not None and not p.check.within for p in plans):
        raise typer.Exit(EXIT_NOT_FOUND)


def _tolerance(text: str | None, checking: bool) -> "Fraction":
    """--tolerance PERCENT as a share (0 to 50 per cent); the documented default without it."""
    from fractions import Fraction

    from msccli.dose.check import TOLERANCE

    if text is None:
        return TOLERANCE
    if not checking:
        raise InputError("--tolerance works with --check: give the planned dose too", field="--tolerance")
    try:
        percent = Fraction(text.strip().removesuffix("%").strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        raise InputError(N_("{text!r} is not a percentage", text=text), field="--tolerance") from None
    if not 0 <= percent <= 50:
        raise InputError(N_("{text!r} is outside 0-50 per cent", text=text), field="--tolerance")
    return percent / 100


def _write_ics(cat: "Catalogue", path: Path, plans: list["DosePlan"], force: bool, label: str | None) -> None:
    from msccli.dose.ical import course_calendar
    from msccli.output.files import write_new
    from msccli.text.match import plural
    from msccli.views.dose import calendar_notes

    planned = [(p, p.course.administrations) for p in plans if p.course is not None and p.course.administrations]
    if not planned:
        raise InputError("the sources give no schedule to plan, so there is no calendar to write", field="--output")
    plan, administrations = planned[0]
    write_new(path, course_calendar(plan, calendar_notes(cat, plan), label), "--output", force)
    say(
        tr(
            "wrote {administrations} to {path}",
            administrations=plural(len(administrations), "administration"),
            path=path,
        )
    )
