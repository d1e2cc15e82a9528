"""msc trials and msc links: the trials behind approvals, and the official documents."""

from typing import TYPE_CHECKING, Annotated

import typer

from msccli.commands.common import (
    BomOpt,
    CountryOpt,
    DataDirOpt,
    FieldsOpt,
    ForceOpt,
    FormatOpt,
    LangOpt,
    OutputOpt,
    ProductsArg,
    VerifiedOpt,
    WithLocalOpt,
    catalogue,
    complete_roles,
    family,
    show,
    split,
)

if TYPE_CHECKING:
    from msccli.catalogue.records import Catalogue
    from msccli.lookup.regulatory import Selection

cli = family()


def _selection(
    cat: "Catalogue", names: list[str] | None, country: list[str] | None, verified: bool, local: bool
) -> "Selection":
    from msccli.lookup.regulatory import Selection

    return Selection(
        products={r.id for name in (names or []) for r in cat.find(name)},
        countries={cat.jurisdiction(c).code for c in split(country)},
        verified_only=verified,
        with_local=local,
    )


@cli.command()
def trials(
    names: ProductsArg = None,
    country: CountryOpt = None,
    role: Annotated[
        list[str] | None,
        typer.Option(
            help="pivotal, supporting, confirmatory, follow-up, post-marketing, development; repeatable or "
            "comma-separated.",
            autocompletion=complete_roles,
        ),
    ] = None,
    verified: VerifiedOpt = False,
    with_local: WithLocalOpt = False,
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """The trials behind approvals: registry id and link, phase, participants, endpoint, result.

    \b
    Examples:
      msc trials
      msc trials ryoncil alofisel
      msc trials --country JP --role pivotal -f csv
    """
    from msccli.lookup.regulatory import parse_roles, trial_rows
    from msccli.views.regulatory import trials_view

    cat = catalogue(data_dir)
    rows = trial_rows(cat, _selection(cat, names, country, verified, with_local), parse_roles(split(role)))
    show("trials", trials_view(cat, rows), fmt, fields, output, force)


@cli.command()
def links(
    names: ProductsArg = None,
    country: CountryOpt = None,
    verified: VerifiedOpt = False,
    with_local: WithLocalOpt = False,
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Official documents to open: labels, SmPC, EPAR, reviews, regulator records, trial registry records.

    \b
    Examples:
      msc links alofisel
      msc links --country JP
      msc links ryoncil -f jsonl | jq -r .url
    """
    from msccli.lookup.regulatory import link_rows
    from msccli.views.regulatory import links_view

    cat = catalogue(data_dir)
    rows = link_rows(cat, _selection(cat, names, country, verified, with_local))
    show("links", links_view(cat, rows), fmt, fields, output, force)
