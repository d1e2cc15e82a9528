"""msc data validate and msc data export: a data directory of your own."""

from pathlib import Path
from typing import Annotated

import typer

from msccli.commands.common import (
    BomOpt,
    DataDirOpt,
    FieldsOpt,
    FormatOpt,
    LangOpt,
    catalogue,
    family,
    show,
)
from msccli.output.streams import say
from msccli.text.errors import EXIT_NOT_FOUND
from msccli.text.i18n import tr

cli = family(
    name="data",
    help="Check or export a data directory of your own (the layout of data/: products/*.yaml, errata.yaml, ...)."
    "\n\n\b\nExamples:\n  msc data validate ~/msc-local\n  msc data export merged/",
    no_args_is_help=True,
)


@cli.command("validate")
def data_validate(
    directory: Annotated[Path, typer.Argument(help="The data directory to check.")],
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    lang: LangOpt = None,
) -> None:
    """Every problem of a data directory, laid over the bundled data: file, line, record, field and what is wrong.

    Warnings (a quotation without its translation, a fact not looked for) do not fail the check.

    Exit codes: 0 no problems (warnings allowed); 1 problems found; 2 bad usage.

    \b
    Examples:
      msc data validate ~/msc-local
      msc data validate ~/msc-local -f json
    """
    from msccli.catalogue import catalog
    from msccli.views.data import problems_view

    found = catalog.validate(directory)
    show("data validate", problems_view(found, str(directory)), fmt, fields)
    if any(p.level == "error" for p in found):
        raise typer.Exit(EXIT_NOT_FOUND)


@cli.command("export")
def data_export(
    target: Annotated[
        Path, typer.Argument(help="A new (or empty) directory for the data files; with --sqlite, a new file.")
    ],
    sqlite: Annotated[
        bool,
        typer.Option(
            "--sqlite",
            help="Write one SQLite database instead: a table per kind of record, and a view per listing command "
            "(products, trials, timeline, errata, refs) with its fields.",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Write into a directory that has files (or over a file), replacing them.")
    ] = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Write the catalogue msc uses (bundled data with your data directory laid over it) as a data directory, or
    as a SQLite database for SQL, sqlite-utils and Datasette.

    \b
    Examples:
      msc data export merged/
      msc --data-dir ~/msc-local data export merged/
      msc data export --sqlite msc.sqlite
    """
    from msccli.catalogue import catalog
    from msccli.output.files import write_tree
    from msccli.text.match import plural

    if sqlite:
        import sqlite3
        from contextlib import closing

        from msccli.output.files import write_new
        from msccli.views.database import build

        # closed on every way out, a Ctrl-C included: no connection is left for a finaliser to close at exit,
        # where an interrupt could surface as an ignored exception's traceback instead of exit 130
        with closing(sqlite3.connect(":memory:")) as db:
            counts = build(catalogue(data_dir), db)
            data = db.serialize()
        write_new(target, data, "TARGET", force)
        say(tr("wrote {tables} to {target}", tables=plural(len(counts), "table"), target=target))
        return
    files = catalog.export(catalogue(data_dir))
    write_tree(target, {name: text.encode("utf-8") for name, text in files.items()}, force)
    say(tr("wrote {files} to {target}", files=plural(len(files), "file"), target=target))
