"""msc about, msc sources and msc mechanisms: what MSCs are, where they come from, how they act."""

from typing import Annotated

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
    family,
    show,
)
from msccli.text.i18n import N_

cli = family()


@cli.command()
def about(
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """What MSCs are, the ISCT definition in brief, and how to check cell lots against it.

    \b
    Examples:
      msc about
      msc about -f json
    """
    from msccli.lookup.knowledge import passage_row
    from msccli.views.knowledge import PASSAGE_FIELDS, passages_view

    cat = catalogue(data_dir)
    rows = [passage_row(p) for p in cat.about]
    hint = N_("More: msc sources (tissues), msc mechanisms, msc criteria isct-2006, msc isct-check --example.")
    show("about", passages_view(cat, rows, PASSAGE_FIELDS, hint), fmt, fields, output, force)


@cli.command()
def sources(
    tissue: Annotated[
        str | None,
        typer.Argument(
            metavar="TISSUE",
            help="bone-marrow, adipose, umbilical-cord, umbilical-cord-blood, "
            "dental-pulp, placenta; aliases (bm, fat, uc, 臍帶) too.",
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
    """The tissues MSCs come from, what distinguishes each, and the approved products that use it.

    \b
    Examples:
      msc sources
      msc sources umbilical-cord
      msc sources 脂肪 -f json
    """
    from msccli.lookup.knowledge import source_rows
    from msccli.lookup.knowledge import tissue as find_tissue
    from msccli.views.knowledge import SOURCE_FIELDS, passages_view

    cat = catalogue(data_dir)
    chosen = [find_tissue(cat, tissue)] if tissue else cat.tissue_sources
    hint = N_("Products in full: msc product NAME. By tissue as a filter: msc products --source TISSUE.")
    show("sources", passages_view(cat, source_rows(cat, chosen), SOURCE_FIELDS, hint), fmt, fields, output, force)


@cli.command()
def mechanisms(
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """How MSCs act: paracrine factors and vesicles, immunomodulation, homing, differentiation.

    \b
    Examples:
      msc mechanisms
      msc mechanisms -f json
    """
    from msccli.lookup.knowledge import passage_row
    from msccli.views.knowledge import MECHANISM_FIELDS, passages_view

    cat = catalogue(data_dir)
    rows = [passage_row(m, factors=list(m.factors)) for m in cat.mechanisms]
    show(
        "mechanisms",
        passages_view(cat, rows, MECHANISM_FIELDS, N_("The history of these ideas: msc timeline.")),
        fmt,
        fields,
        output,
        force,
    )
