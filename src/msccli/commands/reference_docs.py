"""msc fields and msc schema: what each command prints, and the JSON Schemas."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from msccli.commands.common import (
    BomOpt,
    FieldsOpt,
    ForceOpt,
    FormatOpt,
    LangOpt,
    OutputOpt,
    complete_commands,
    complete_schemas,
    family,
    one_file_option,
    show,
    write_answer,
)
from msccli.text.errors import ClosedPipe
from msccli.text.i18n import N_

cli = family()


@cli.command("fields")
def fields_command(
    command: Annotated[
        str | None,
        typer.Argument(
            help="A command (products, dose, ...); every command when omitted.", autocompletion=complete_commands
        ),
    ] = None,
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """The fields a command prints, with their types and meaning: what --fields takes, in every format.

    \b
    Examples:
      msc fields products
      msc fields isct-check -f markdown
    """
    from msccli.views.outputs import OUTPUTS, fields_view

    if command is None:
        commands = list(OUTPUTS)
    else:
        commands = [c for c in OUTPUTS if c == command or c.startswith(command + " ")]
        if not commands:
            from msccli.text.errors import NotFound
            from msccli.text.match import close_matches

            raise NotFound("command", command, close_matches(command, list(OUTPUTS)), "see: msc --help")
    show("fields", fields_view(commands), fmt, fields, output, force)


@cli.command("schema")
def schema_command(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="NAME...",
            help="A data file ('products/*.yaml', timeline.yaml, or the path of one) or a command's output "
            "(output/products).",
            autocompletion=complete_schemas,
        ),
    ] = None,
    output: Annotated[Path | None, one_file_option("Write the schema into FILE, not to stdout")] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """The JSON Schema of a data file or of a command's JSON output (all when omitted), for editors and tools.

    The same schemas are committed in the repository's schema/ folder. A data file's path names its schema, so
    the shell's expansion of products/*.yaml works too.

    \b
    Examples:
      msc schema 'products/*.yaml' -o product.schema.json
      msc schema ~/msc-local/products/mine.yaml
      msc schema output/products
    """
    import json

    from msccli.views import schema

    known = schema.names()
    wanted = list(dict.fromkeys(_schema_name(name, known) for name in names or []))
    if not wanted:
        document: Any = {n: schema.schema(n) for n in known}
    elif len(wanted) == 1:
        document = schema.schema(wanted[0])
    else:
        document = {n: schema.schema(n) for n in wanted}
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if write_answer(output, text, "json", force):  # a schema is JSON by definition, whatever the file's name
        return
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        raise ClosedPipe() from None


def _schema_name(name: str, known: list[str]) -> str:
    """A schema's name, from its name or from the path of a data file (products/mine.yaml: products/*.yaml)."""
    if name in known:
        return name
    parts = Path(name).parts
    for candidate in (f"{parts[-2]}/*.yaml" if len(parts) > 1 else "", parts[-1] if parts else ""):
        if candidate in known and (candidate != parts[-1] or name.endswith(".yaml")):
            return candidate
    from msccli.text.errors import NotFound
    from msccli.text.match import close_matches

    listed = ", ".join(known)
    raise NotFound("schema", name, close_matches(name, known), N_("names: {listed}", listed=listed))
