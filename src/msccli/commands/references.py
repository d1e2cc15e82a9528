"""msc errata, msc refs and msc jurisdictions: corrections, references and the regulators."""

from typing import Annotated, get_args

import typer

from msccli.catalogue.vocab import Corrects
from msccli.commands.common import (
    BomOpt,
    DataDirOpt,
    FieldsOpt,
    ForceOpt,
    FormatOpt,
    LangOpt,
    OutputOpt,
    catalogue,
    complete_corrects,
    complete_products,
    complete_refs,
    family,
    show,
    split,
)
from msccli.text.errors import unknown_choice

cli = family()


@cli.command()
def errata(
    product_name: Annotated[
        str | None,
        typer.Option("--product", "-p", help="Only corrections about this product.", autocompletion=complete_products),
    ] = None,
    corrects: Annotated[
        str | None,
        typer.Option(
            "--corrects",
            help="source-review (the Chinese review), or fact-sheet (a later fact sheet overriding an earlier one).",
            autocompletion=complete_corrects,
        ),
    ] = None,
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Every correction msc makes to the source review and to its own earlier fact sheets, with evidence.

    \b
    Examples:
      msc errata
      msc errata --product hearticellgram-ami
      msc errata --corrects fact-sheet
    """
    from msccli.views.references import errata_view

    cat = catalogue(data_dir)
    product_id = None
    if product_name:
        found = cat.find(product_name)
        found = [r for r in found if r.id == product_name.strip().casefold()] or found  # an id names one record
        if len(found) > 1:
            from msccli.text.errors import Ambiguous

            raise Ambiguous("record", product_name, [f"{r.name} ({r.id})" for r in found], "give the product id")
        product_id = found[0].id
    target = None
    if corrects is not None:
        from msccli.text.match import choose

        target = choose(corrects, get_args(Corrects))
        if target is None:
            raise unknown_choice(corrects, list(get_args(Corrects)), "--corrects")
    show("errata", errata_view(cat, product_id, target), fmt, fields, output, force)


@cli.command()
def refs(
    ids: Annotated[
        list[str] | None,
        typer.Argument(help="Reference ids (S07 R1, or S07,R1); all when omitted.", autocompletion=complete_refs),
    ] = None,
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """The references every record cites.

    \b
    Examples:
      msc refs S07 R1
      msc refs -f csv
    """
    from msccli.views.references import refs_view

    show("refs", refs_view(catalogue(data_dir), split(ids)), fmt, fields, output, force)


@cli.command()
def jurisdictions(
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """The jurisdictions in the catalogue: codes, names in English and Chinese, regulators.

    \b
    Examples:
      msc jurisdictions
      msc jurisdictions -f csv
    """
    from msccli.views.products import jurisdictions_view

    show("jurisdictions", jurisdictions_view(catalogue(data_dir)), fmt, fields, output, force)
