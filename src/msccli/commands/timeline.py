"""msc timeline: the history of MSCs."""

from pathlib import Path
from typing import Annotated

import typer

from msccli.commands.common import (
    BomOpt,
    DataDirOpt,
    FieldsOpt,
    ForceOpt,
    FormatOpt,
    LangOpt,
    catalogue,
    complete_categories,
    complete_countries,
    complete_products,
    family,
    one_output,
    output_option,
    show,
    split,
    typed_format,
    year_option,
)
from msccli.output.streams import say
from msccli.text.i18n import tr

cli = family()


@cli.command()
def timeline(
    since: Annotated[int | None, year_option("Events in or after this year.")] = None,
    until: Annotated[int | None, year_option("Events in or before this year.")] = None,
    category: Annotated[
        list[str] | None,
        typer.Option(
            "--category",
            help="discovery, characterisation, clinical, trial-result, standard, regulatory-approval, "
            "regulatory-other, withdrawal, industry; a prefix takes all it starts; repeatable or comma-separated.",
            autocompletion=complete_categories,
        ),
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            "-c",
            help="Approvals in this jurisdiction; repeatable or comma-separated.",
            autocompletion=complete_countries,
        ),
    ] = None,
    product_name: Annotated[
        str | None,
        typer.Option("--product", "-p", help="Events of one product.", autocompletion=complete_products),
    ] = None,
    search: Annotated[str | None, typer.Option("--search", help="Text in the event (en/zh) or its people.")] = None,
    verified: Annotated[bool, typer.Option("--verified", help="Only VERIFIED events.")] = False,
    with_local: Annotated[
        bool, typer.Option("--with-local", help="With --verified: keep the events of your own data directory too.")
    ] = False,
    export: Annotated[
        Path | None,
        typer.Option("--export", metavar="FILE", help="The former spelling of -o FILE, kept as an alias."),
    ] = None,
    force: ForceOpt = False,
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: Annotated[
        Path | None, output_option("a picture of the timeline for .svg or .html (a self-contained page), ")
    ] = None,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """The history of MSCs, from Friedenstein (1966) to the latest approvals, grouped by decade.

    \b
    Examples:
      msc timeline --since 2010 --category regulatory-approval
      msc timeline --country KR,JP -f csv
      msc timeline --export history.html
    """
    from msccli.lookup import timeline as history
    from msccli.views.timeline import timeline_view

    cat = catalogue(data_dir)
    flt = history.EventFilter(
        since=since,
        until=until,
        categories=history.parse_categories(split(category)),
        countries={cat.jurisdiction(c).code for c in split(country)},
        products={r.id for r in cat.find(product_name)} if product_name else set(),
        search=search,
        verified_only=verified,
        with_local=with_local,
    )
    events = history.select(cat, flt)
    target = one_output(output, export, "--export")
    if target is not None:
        from msccli.output.render import file_format
        from msccli.views import timeline_picture as pictures

        kind = file_format(str(target), typed_format(fmt), pictures.PICTURES)
        if kind in ("svg", "html"):
            from msccli.text.match import plural

            written = pictures.write(target, events, cat.meta.as_of, kind, force)
            say(tr("wrote {events} to {written}", events=plural(len(events), "event"), written=written))
            return
    show("timeline", timeline_view(cat, events), fmt, fields, target, force)
