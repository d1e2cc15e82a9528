"""The msc command line: parse options, call the library, render, map errors to exit codes."""

from __future__ import annotations

import enum
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__
from .errors import EXIT_INPUT, InputErrors, MscError

F = TypeVar("F", bound=Callable[..., Any])

HELP = f"""msc {__version__}: approved mesenchymal stem/stromal cell (MSC) products, their doses and history,
with the source of every fact.

Examples:

  msc products --country KR

  msc product ryoncil

  msc products --since 2018 --donor allogeneic -f json

  msc dose ryoncil --weight 32

  msc timeline --since 2010 --category regulatory-approval

  msc isct-check lots.csv --spec release.yaml

Exit codes: 0 success; 1 not found (or, for isct-check, a lot that fails or is incomplete);
2 bad usage or bad input; 130 interrupted.

msc is a reference tool that summarises published sources; it is not clinical advice."""

app = typer.Typer(
    help=HELP,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


class Fmt(enum.StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    yaml = "yaml"
    markdown = "markdown"


FormatOpt = Annotated[
    Fmt,
    typer.Option("--format", "-f", help="Output format: table for people; json, jsonl, csv, tsv, yaml, markdown."),
]

_state: dict[str, Path | None] = {"data_dir": None}


def fail(message: str, code: int = EXIT_INPUT) -> typer.Exit:
    sys.stderr.write(f"msc: error: {message}\n")
    return typer.Exit(code)


def handled(func: F) -> F:
    """Turn library errors into one line on stderr and the documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputErrors as exc:
            for error in exc.errors:
                sys.stderr.write(f"msc: error: {error}\n")
            raise typer.Exit(exc.exit_code) from None
        except MscError as exc:
            raise fail(str(exc), exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def catalogue() -> Any:
    from . import catalog

    data_dir = _state["data_dir"]
    return catalog.load([data_dir]) if data_dir else catalog.default()


def show(view: Any, fmt: Fmt) -> None:
    from .render import emit

    emit(view, fmt.value)


def complete_products(incomplete: str) -> list[str]:
    """Product ids for TAB completion: file names only, so completion stays instant."""
    import os

    from .catalog import DATA_DIR_ENV, bundled_data_dir

    names = {e.name.rsplit(".", 1)[0] for e in (bundled_data_dir() / "products").iterdir() if e.name.endswith(".yaml")}
    extra = os.environ.get(DATA_DIR_ENV)
    if extra and (Path(extra) / "products").is_dir():
        names |= {p.stem for p in (Path(extra) / "products").glob("*.yaml")}
    return sorted(n for n in names if n.startswith(incomplete.lower()))


def complete_countries(incomplete: str) -> list[str]:
    codes = ["KR", "JP", "US", "CN", "IN", "IR", "CA", "NZ", "EU", "GB", "CH", "IL", "DE"]
    if incomplete.islower():  # the shell matches case-sensitively; any case is accepted by --country
        codes = [c.lower() for c in codes]
    return [c for c in codes if c.startswith(incomplete)]


def complete_categories(incomplete: str) -> list[str]:
    from .timeline import CATEGORIES

    return [c for c in CATEGORIES if c.startswith(incomplete)]


def version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"msc {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            envvar="MSC_DATA_DIR",
            help="A directory of YAML files that add to or correct the bundled data (same layout as data/).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    _state["data_dir"] = data_dir


@app.command()
@handled
def products(
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            "-c",
            help="ISO code, English or Chinese name (EU is one); repeatable.",
            autocompletion=complete_countries,
        ),
    ] = None,
    since: Annotated[int | None, typer.Option(help="Approved in or after this year.")] = None,
    until: Annotated[int | None, typer.Option(help="Approved in or before this year.")] = None,
    indication: Annotated[
        str | None, typer.Option("--indication", "-i", help="Text in the indication (en/zh).")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", "-s", help="Cell source: bone-marrow, adipose, umbilical-cord, ...")
    ] = None,
    donor: Annotated[str | None, typer.Option(help="autologous or allogeneic.")] = None,
    route: Annotated[
        str | None, typer.Option(help="Route: intravenous (iv), intrathecal, intra-articular, ...")
    ] = None,
    status: Annotated[str | None, typer.Option(help="active, withdrawn, superseded or unknown.")] = None,
    verified: Annotated[
        bool, typer.Option("--verified", help="Only VERIFIED facts: drop other approvals, blank other fields.")
    ] = False,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """List approvals of MSC products, one row per approval.

    Filters combine. Example: msc products --country japan --since 2018 -f csv
    """
    from . import query, views

    cat = catalogue()
    flt = query.ProductFilter(
        countries={cat.jurisdiction(c).code for c in country or []},
        since=since,
        until=until,
        indication=indication,
        tissues=query.parse_tissues(source) if source else [],
        donor=query.parse_donor(donor) if donor else None,
        route=query.parse_route(route) if route else None,
        status=query.parse_status(status) if status else None,
        verified_only=verified,
    )
    rows = query.approval_rows(cat, flt)
    show(views.products_view(cat, rows, verified), fmt)


@app.command()
@handled
def product(
    name: Annotated[
        str, typer.Argument(help="Id, name, alias, INN or Chinese name.", autocompletion=complete_products)
    ],
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Everything about one product: names, approvals, dosing, evidence, corrections, references.

    Example: msc product remestemcel-L    (an INN can name two products; both are shown)
    """
    from . import views

    cat = catalogue()
    show(views.product_view(cat, cat.find(name)), fmt)


@app.command()
@handled
def errata(
    product_name: Annotated[
        str | None, typer.Option("--product", "-p", help="Only corrections about this product.")
    ] = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Every correction msc makes to the source review, with evidence.

    Example: msc errata --product hearticellgram-ami
    """
    from . import views

    cat = catalogue()
    product_id = None
    if product_name:
        product_id = cat.find(product_name)[0].id
    show(views.errata_view(cat, product_id), fmt)


@app.command()
@handled
def refs(
    ids: Annotated[list[str] | None, typer.Argument(help="Reference ids (e.g. S07 R1); all when omitted.")] = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """The references every record cites.

    Example: msc refs S07 R1
    """
    from . import views

    show(views.refs_view(catalogue(), ids or []), fmt)


@app.command()
@handled
def dose(
    name: Annotated[
        str | None,
        typer.Argument(help="Product (any name); all products when omitted.", autocompletion=complete_products),
    ] = None,
    weight: Annotated[
        str | None, typer.Option("--weight", "-w", help="Body weight: 70, 70kg, 154lb (kg by default).")
    ] = None,
    area: Annotated[str | None, typer.Option("--area", "-a", help="Defect or fistula area: 4, 4cm2, 400mm2.")] = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """The labelled dose, worked out for a weight or an area, per administration and for the course.

    Example: msc dose ryoncil --weight 32    (labelled doses from published sources; not a prescription)
    """
    from . import dose as dosing
    from . import views
    from .model import Product

    cat = catalogue()
    weight_kg = dosing.parse_weight(weight) if weight is not None else None
    area_cm2 = dosing.parse_area(area) if area is not None else None
    if name is None:
        products = sorted(cat.products, key=lambda p: p.name.casefold())
    else:
        found = [r for r in cat.find(name) if isinstance(r, Product)]
        if not found:
            raise fail(
                f"{name!r} is not an approved MSC product, so it has no labelled dose; see: msc product {name}", 1
            )
        products = found
    calcs = [calc for p in products for calc in dosing.calculate(p, weight_kg, area_cm2)]
    inputs = {
        "weight_kg": float(weight_kg) if weight_kg is not None else None,
        "area_cm2": float(area_cm2) if area_cm2 is not None else None,
    }
    show(views.dose_view(cat, calcs, inputs, single=name is not None), fmt)


@app.command()
@handled
def timeline(
    since: Annotated[int | None, typer.Option(help="Events in or after this year.")] = None,
    until: Annotated[int | None, typer.Option(help="Events in or before this year.")] = None,
    category: Annotated[
        list[str] | None,
        typer.Option(
            "--category",
            help="discovery, characterisation, clinical, trial-result, standard, regulatory-approval, "
            "regulatory-other, withdrawal, industry; repeatable or comma-separated.",
            autocompletion=complete_categories,
        ),
    ] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", "-c", help="Approvals in this jurisdiction.")
    ] = None,
    product_name: Annotated[str | None, typer.Option("--product", "-p", help="Events of one product.")] = None,
    search: Annotated[str | None, typer.Option("--search", help="Text in the event (en/zh) or its people.")] = None,
    verified: Annotated[bool, typer.Option("--verified", help="Only VERIFIED events.")] = False,
    export: Annotated[
        Path | None,
        typer.Option("--export", help="Write a picture of the timeline: FILE.svg or FILE.html (self-contained)."),
    ] = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """The history of MSCs, from Friedenstein (1966) to the latest approvals, grouped by decade.

    Example: msc timeline --since 2010 --category regulatory-approval
    """
    from . import timeline as history
    from . import views

    cat = catalogue()
    flt = history.EventFilter(
        since=since,
        until=until,
        categories=history.parse_categories(category or []),
        countries={cat.jurisdiction(c).code for c in country or []},
        products={r.id for r in cat.find(product_name)} if product_name else set(),
        search=search,
        verified_only=verified,
    )
    events = history.select(cat, flt)
    if export is not None:
        from . import export as exporter

        written = exporter.write(export, events, cat.meta.as_of)
        sys.stderr.write(f"msc: wrote {len(events)} events to {written}\n")
        return
    show(views.timeline_view(cat, events), fmt)


@app.command("isct-check")
@handled
def isct_check(
    file: Annotated[
        str | None, typer.Argument(help="Lots, one per row: CSV, TSV, YAML, JSON or a FlowJo export; - for stdin.")
    ] = None,
    marker: Annotated[
        list[str] | None,
        typer.Option(
            "--marker", "-m", help="One sample: MARKER=PERCENT, repeatable; CD34/CD45/HLA-DR=0.4 is a cocktail."
        ),
    ] = None,
    lot: Annotated[str, typer.Option(help="Lot id for a sample given by flags.")] = "sample",
    adherent: Annotated[
        bool | None, typer.Option("--adherent/--not-adherent", help="Plastic adherence.", show_default=False)
    ] = None,
    osteo: Annotated[str | None, typer.Option(help="Osteogenic differentiation: pass or fail.")] = None,
    adipo: Annotated[str | None, typer.Option(help="Adipogenic differentiation: pass or fail.")] = None,
    chondro: Annotated[str | None, typer.Option(help="Chondrogenic differentiation: pass or fail.")] = None,
    ifn_gamma: Annotated[
        bool, typer.Option("--ifn-gamma", help="The lot was stimulated (IFN-gamma): HLA-DR becomes informative.")
    ] = False,
    viability: Annotated[str | None, typer.Option(help="Viability, % of cells.")] = None,
    profile_id: Annotated[str, typer.Option("--profile", help="Criteria profile (msc criteria).")] = "isct-2006",
    spec: Annotated[str | None, typer.Option(help="The lab's own specification (YAML), judged separately.")] = None,
    mapping: Annotated[
        list[str] | None, typer.Option("--map", help="Name an odd gate or column: GATE=MARKER, repeatable.")
    ] = None,
    input_format: Annotated[
        str | None, typer.Option("--input-format", help="csv, tsv, yaml, json or flowjo (default: from the name).")
    ] = None,
    detail: Annotated[bool, typer.Option("--detail", help="Per-criterion values and margins for every lot.")] = False,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """Check cell lots against the ISCT minimal criteria and, with --spec, a lab's own release specification.

    Example: msc isct-check lots.csv --spec release.yaml -f json
    Example: msc isct-check --marker CD73=98 --marker CD90=99 --marker CD105=97 --marker CD45=0.5 --adherent

    Exit codes: 0 every lot passes; 1 a lot fails or is incomplete; 2 bad input.
    """
    from . import isct, lots, views

    if input_format is not None and input_format not in lots.FORMATS:
        raise fail(f"--input-format: unknown format {input_format!r}; use one of: {', '.join(lots.FORMATS)}")
    if file is not None and marker:
        raise fail("give either a FILE of lots or --marker values for one sample, not both")
    if file is None and not marker:
        raise fail("give a FILE of lots (or - for stdin), or --marker MARKER=PERCENT values for one sample")
    gate_map = lots.parse_mapping(mapping or [])
    profile = isct.profile(profile_id)
    lab_spec = isct.load_spec(spec) if spec else None
    if file is not None:
        stdin_text = sys.stdin.read() if file == "-" else None
        batch = lots.read_batch(file, input_format, gate_map, stdin_text)
        found = batch.lots
        table = batch.table
        if batch.ignored:
            sys.stderr.write(f"msc: note: ignored columns (not markers or known fields): {', '.join(batch.ignored)}\n")
    else:
        lineages = {"osteogenic": osteo, "adipogenic": adipo, "chondrogenic": chondro}
        found = [lots.lot_from_flags(lot, marker or [], adherent, lineages, viability, ifn_gamma)]
        table = found[0].table
    checks = isct.check_lots(found, profile, lab_spec, table)
    judged = isct.judged_markers([profile, *([lab_spec] if lab_spec else [])])
    for p in (profile, lab_spec):
        if p is not None and p.warning:
            sys.stderr.write(f"msc: warning: profile {p.id}: {p.warning}\n")
    show(views.isct_view(found, checks, judged, detail or file is None), fmt)
    if any(c.verdict != "PASS" for one in checks for c in one):
        raise typer.Exit(1)


@app.command()
@handled
def criteria(
    profile_id: Annotated[str | None, typer.Argument(help="One profile; all when omitted.")] = None,
    fmt: FormatOpt = Fmt.table,
) -> None:
    """The identity criteria profiles isct-check uses (ISCT 2006 and others), with references.

    Example: msc criteria isct-2006
    """
    from . import isct, views

    profiles = [isct.profile(profile_id)] if profile_id else isct.load_profiles()
    show(views.criteria_view(profiles), fmt)


@app.command()
@handled
def jurisdictions(fmt: FormatOpt = Fmt.table) -> None:
    """The jurisdictions in the catalogue: codes, names in English and Chinese, regulators.

    Example: msc jurisdictions -f csv
    """
    from . import views

    show(views.jurisdictions_view(catalogue()), fmt)


@app.command("schema")
@handled
def schema_command(
    data_file: Annotated[
        str | None, typer.Argument(help="A data file: products/*.yaml, timeline.yaml, criteria.yaml, ...")
    ] = None,
) -> None:
    """The JSON Schema of a data file (all files when omitted), for editors and other tools.

    Example: msc schema products/*.yaml > product.schema.json
    """
    from . import schema
    from .render import View

    if data_file is None:
        document = {name: schema.schema(name) for name in schema.FILES}
    elif data_file in schema.FILES:
        document = schema.schema(data_file)
    else:
        from .catalog import close_matches

        suggestions = close_matches(data_file, list(schema.FILES))
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        raise fail(f"no data file {data_file!r}{hint} Files: {', '.join(schema.FILES)}", 1)
    show(View(rows=[], columns=[], document=document), Fmt.json)  # a schema is JSON by definition
