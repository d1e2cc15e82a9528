"""msc search and msc compare."""

from typing import Annotated, Any

import typer

from msccli.commands.common import (
    BomOpt,
    DataDirOpt,
    FieldsOpt,
    ForceOpt,
    FormatOpt,
    LangOpt,
    OutputOpt,
    catalogue,
    complete_products,
    family,
    show,
)
from msccli.output.streams import say
from msccli.text.errors import InputError
from msccli.text.i18n import N_, tr

cli = family()


@cli.command()
def search(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Words, a name, an id or a Chinese term.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many hits.")] = 20,
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Search products, trials, history, criteria, errata, indication terms and jurisdictions; typos forgiven.

    \b
    Examples:
      msc search ryoncl
      msc search 克罗恩
      msc search "graft versus host" -f json
    """
    from msccli.lookup.search import search as find_hits
    from msccli.views.search import search_view

    if not text.strip():
        raise InputError("give some text to search for", hint='e.g. msc search "graft versus host"')
    cat = catalogue(data_dir)
    rows = find_hits(cat, text, limit)
    if not rows:
        say(tr("note: nothing matches {text!r}", text=text))
    show("search", search_view(text, rows), fmt, fields, output, force)


@cli.command()
def compare(
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME...", help="Two or more products (id, name, alias, INN).", autocompletion=complete_products
        ),
    ],
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Products side by side: approvals, pathway, status, source, donor, route, dose, schedule, pivotal evidence.

    \b
    Examples:
      msc compare ryoncil temcell
      msc compare prochymal ryoncil temcell -f json
    """
    from msccli.lookup.compare import record
    from msccli.views.compare import compare_view

    cat = catalogue(data_dir)
    found: list[Any] = []
    for name in names:
        found.extend(r for r in cat.find(name) if all(r.id != seen.id for seen in found))
    if len(found) < 2:
        raise InputError(
            N_("compare needs two or more products; {names!r} names {count}", names=" ".join(names), count=len(found))
        )
    show("compare", compare_view(cat, [record(cat, r) for r in found]), fmt, fields, output, force)
