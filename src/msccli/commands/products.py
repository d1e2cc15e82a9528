"""msc products and msc product: the approvals, and everything about one product."""

from typing import Annotated, get_args

import typer

from msccli.catalogue.vocab import Donor, Pathway, Route, Status, Tissue
from msccli.commands.common import (
    BomOpt,
    CountryOpt,
    DataDirOpt,
    FieldsOpt,
    ForceOpt,
    FormatOpt,
    LangOpt,
    OutputOpt,
    catalogue,
    choices,
    complete_donors,
    complete_pathways,
    complete_products,
    complete_routes,
    complete_sources,
    complete_statuses,
    family,
    product_filter,
    show,
    split,
    year_option,
)
from msccli.output.streams import say
from msccli.text.errors import InputError
from msccli.text.i18n import tr

cli = family()


@cli.command()
def products(
    country: CountryOpt = None,
    since: Annotated[int | None, year_option("Approved in or after this year.")] = None,
    until: Annotated[int | None, year_option("Approved in or before this year.")] = None,
    indication: Annotated[
        str | None, typer.Option("--indication", "-i", help="Text in the indication (English or Chinese).")
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            "-s",
            help="Cell source: " + choices(get_args(Tissue), "bm, fat, uc, cord, 骨髓 ..."),
            autocompletion=complete_sources,
        ),
    ] = None,
    donor: Annotated[
        list[str] | None,
        typer.Option(help="Donor: " + choices(get_args(Donor), "auto, allo"), autocompletion=complete_donors),
    ] = None,
    route: Annotated[
        list[str] | None,
        typer.Option(help="Route: " + choices(get_args(Route), "iv, it, ia, im"), autocompletion=complete_routes),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(help="Status: " + choices(get_args(Status)), autocompletion=complete_statuses),
    ] = None,
    pathway: Annotated[
        list[str] | None,
        typer.Option(
            help="Pathway: " + choices(get_args(Pathway)) + "; conditional also takes conditional-time-limited.",
            autocompletion=complete_pathways,
        ),
    ] = None,
    orphan: Annotated[
        bool, typer.Option("--orphan", help="Only approvals where the product holds an orphan designation.")
    ] = False,
    expires_before: Annotated[
        str | None,
        typer.Option(
            "--expires-before",
            metavar="YEAR",
            help="Approvals that end before this year (or date): a stated validity, or a conditional term's "
            "derived end.",
        ),
    ] = None,
    include_ended: Annotated[
        bool,
        typer.Option(
            "--include-ended", help="With --expires-before: also ends already reached (on --active-on, else today)."
        ),
    ] = False,
    active_on: Annotated[
        str | None,
        typer.Option(
            "--active-on",
            metavar="DATE",
            help="Only approvals in force on this day (YYYY-MM-DD or today): approved by then, not withdrawn, "
            "term not ended. Term states are reckoned on it (default today; MSC_TODAY is honoured).",
        ),
    ] = None,
    verified: Annotated[
        bool, typer.Option("--verified", help="Only VERIFIED facts: drop other approvals, blank other fields.")
    ] = False,
    with_local: Annotated[
        bool, typer.Option("--with-local", help="With --verified: keep the facts of your own data directory too.")
    ] = False,
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """List approvals of MSC products, one row per approval.

    Filters combine; options that can repeat also take comma lists.

    \b
    Examples:
      msc products --country KR,JP
      msc products --since 2018 --donor allogeneic -f csv
      msc products --status withdrawn --fields name,jurisdiction,status_date
      msc products --pathway conditional --expires-before 2032
      msc products --active-on 2020-01-01 --country JP
      msc products --orphan --fields name,jurisdiction,holder,licence
    """
    from msccli.lookup import filters, query
    from msccli.views.approvals import left_out_notes, member_state_notes, products_view
    from msccli.views.products import disclaimer

    cat = catalogue(data_dir)
    if include_ended and expires_before is None:  # it would change nothing: say so, not pass quietly
        raise InputError(
            "it works with --expires-before, adding the ends already reached",
            field="--include-ended",
            hint="e.g. msc products --expires-before 2030 --include-ended",
        )
    flt = product_filter(
        cat,
        country,
        source,
        donor,
        route,
        indication,
        status,
        since=since,
        until=until,
        pathways=filters.parse_pathways(split(pathway)),
        orphan=orphan,
        expires_before=filters.parse_before(expires_before) if expires_before is not None else None,
        include_ended=include_ended,
        active_on=filters.parse_day(active_on, "--active-on") if active_on is not None else None,
        verified_only=verified,
        with_local=with_local,
    )
    rows = query.approval_rows(cat, flt)
    approved_in = {a.jurisdiction for p in cat.products for a in p.approvals}
    notes = []
    for code in sorted(flt.countries - approved_in):  # a country msc knows, with no approval: say what is known
        jur = cat.jurisdiction(code)
        known = f": {jur.note}" if jur.note else ""
        notes.append(tr("No approval in {country} in the catalogue", country=jur.en) + known)
    if not rows and indication:
        from msccli.lookup.terms import suggestions

        near = suggestions(cat.vocabulary, indication)
        closest = ", ".join(near)
        say(
            tr("note: no approval's indication matches {indication!r}", indication=indication)
            + ("; " + tr("closest terms: {closest}", closest=closest) if near else "")
        )
    notes += left_out_notes(flt.left_out, flt.on or query.today_iso()) + member_state_notes(cat, flt.countries)
    view = products_view(
        cat.meta.as_of,
        disclaimer(cat),
        rows,
        verified,
        show_ends=expires_before is not None or active_on is not None,
        notes=notes,
    )
    show("products", view, fmt, fields, output, force)


@cli.command()
def product(
    name: Annotated[
        str,
        typer.Argument(
            help="Id, name, alias, INN or Chinese name; an unambiguous start is enough.",
            autocompletion=complete_products,
        ),
    ],
    evidence: Annotated[
        bool,
        typer.Option(
            "--evidence",
            help="The sentence(s) behind each approval's date and status and each labelled dose: the source's own "
            "words, its address and when it was read.",
        ),
    ] = False,
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Everything about one product: names, approvals, dosing, evidence, corrections, references.

    A name that fits several records (an INN of two products, a brand with two approvals) shows them all. So with
    -f json the answer is a list of records, one per product the name fits (stempeucel names two), whatever the
    name: a script reads the first with .[0].

    \b
    Examples:
      msc product ryoncil
      msc product remestemcel-L
      msc product 艾米迈托赛
      msc product ryoncil --evidence
      msc product ryoncil -f json | jq '.[0].approvals'
    """
    cat = catalogue(data_dir)
    found = cat.find(name)
    if evidence:
        from msccli.views.evidence import evidence_view

        show("product --evidence", evidence_view(found), fmt, fields, output, force)
        return
    from msccli.views.products import product_view

    show("product", product_view(cat, name, found), fmt, fields, output, force)
