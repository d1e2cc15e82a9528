"""msc data validate and msc data export: a data directory of your own."""

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
    OutputOpt,
    catalogue,
    family,
    one_file_option,
    show,
)
from msccli.output.streams import say
from msccli.text.errors import EXIT_NOT_FOUND, InputError
from msccli.text.i18n import N_, tr

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
    output: OutputOpt = None,
    force: ForceOpt = False,
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
    show("data validate", problems_view(found, str(directory)), fmt, fields, output, force)
    if any(p.level == "error" for p in found):
        raise typer.Exit(EXIT_NOT_FOUND)


@cli.command("export")
def data_export(
    target: Annotated[
        Path | None,
        typer.Argument(
            help="A new (or empty) directory for the data files; with --sqlite, a new file.", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path | None,
        one_file_option(
            "Write the catalogue as one file, not a directory: FILE.sqlite (or .db) a SQLite database, FILE.xlsx a "
            "workbook with a sheet per listing"
        ),
    ] = None,
    sqlite: Annotated[
        bool,
        typer.Option(
            "--sqlite",
            help="Write TARGET as one SQLite database (as -o FILE.sqlite): a table per kind of record, and a view "
            "per listing command (products, trials, timeline, errata, refs) with its fields.",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Write into a directory that has files (or over a file), replacing them.")
    ] = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Write the catalogue msc uses (bundled data with your data directory laid over it) as a data directory, a
    SQLite database for SQL, sqlite-utils and Datasette, or an Excel workbook.

    \b
    Examples:
      msc data export merged/
      msc --data-dir ~/msc-local data export merged/
      msc data export -o msc.sqlite
      msc data export -o msc.xlsx
    """
    from msccli.catalogue import catalog
    from msccli.output.files import write_tree
    from msccli.output.render import file_format
    from msccli.text.match import plural

    if target is not None and output is not None:
        raise InputError("name a directory (TARGET) or one file (-o FILE), not both")
    if target is None and output is None:
        raise InputError("name a directory (TARGET) or one file (-o FILE)", hint="e.g. msc data export -o msc.sqlite")
    if output is not None:
        kind = file_format(str(output), None, {".sqlite": "sqlite", ".db": "sqlite"})
        if sqlite and kind != "sqlite":
            raise InputError("--sqlite writes a SQLite file: name it FILE.sqlite", field="--output")
        if kind not in ("sqlite", "xlsx"):
            raise InputError(
                N_("the catalogue is written as a directory, FILE.sqlite or FILE.xlsx, not {kind}", kind=kind),
                field="--output",
                hint="the listings in that format: msc products, trials, timeline, errata or refs -o FILE",
            )
    else:
        kind = "sqlite" if sqlite else "directory"
    path = output or target
    assert path is not None
    if kind == "directory":
        files = catalog.export(catalogue(data_dir))
        write_tree(path, {name: text.encode("utf-8") for name, text in files.items()}, force)
        say(tr("wrote {files} to {target}", files=plural(len(files), "file"), target=path))
        return
    import sqlite3
    from contextlib import closing

    from msccli.output.files import write_new
    from msccli.views.database import build, view_records

    # closed on every way out, a Ctrl-C included: no connection is left for a finaliser to close at exit,
    # where an interrupt could surface as an ignored exception's traceback instead of exit 130
    with closing(sqlite3.connect(":memory:")) as db:
        counts = build(catalogue(data_dir), db)
        if kind == "sqlite":
            write_new(path, db.serialize(), "--output" if output else "TARGET", force)
            say(tr("wrote {tables} to {target}", tables=plural(len(counts), "table"), target=path))
            return
        sheets = view_records(db)
    from msccli.output.workbook import write_workbook

    write_new(path, lambda out: write_workbook(sheets, out), "--output", force)
    say(tr("wrote {sheets} to {target}", sheets=plural(len(sheets), "sheet"), target=path))
