"""msc fields and msc schema: what each command prints, and the JSON Schemas."""

import sys
from typing import Annotated, Any

import typer

from msccli.commands.common import (
    FieldsOpt,
    FormatOpt,
    LangOpt,
    complete_commands,
    complete_schemas,
    family,
    show,
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
    fields: FieldsOpt = None,
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
    show("fields", fields_view(commands), fmt, fields)


@cli.command("schema")
def schema_command(
    name: Annotated[
        str | None,
        typer.Argument(
            help="A data file (products/*.yaml, timeline.yaml, ...) or a command's output (output/products).",
            autocompletion=complete_schemas,
        ),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """The JSON Schema of a data file or of a command's JSON output (all when omitted), for editors and tools.

    The same schemas are committed in the repository's schema/ folder.

    \b
    Examples:
      msc schema products/*.yaml > product.schema.json
      msc schema output/products
    """
    import json

    from msccli.views import schema

    known = schema.names()
    if name is None:
        document: Any = {n: schema.schema(n) for n in known}
    elif name in known:
        document = schema.schema(name)
    else:
        from msccli.text.errors import NotFound
        from msccli.text.match import close_matches

        listed = ", ".join(known)
        raise NotFound("schema", name, close_matches(name, known), N_("names: {listed}", listed=listed))
    try:  # a schema is JSON by definition
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    except BrokenPipeError:
        raise ClosedPipe() from None
