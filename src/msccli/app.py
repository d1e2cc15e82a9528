"""The msc command line: one Typer app whose commands live in the modules of msccli.commands, each imported when
its command runs, and the one error boundary every run passes through."""

import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from msccli import __version__
from msccli.commands.common import CONTEXT, DataDirOpt, LangOpt, state
from msccli.output.streams import error, internal_error
from msccli.text.errors import (
    EXIT_CLOSED_PIPE,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
    OUTPUT_ERRNOS,
    ClosedPipe,
    InputErrors,
    MscError,
    OutputError,
)
from msccli.text.i18n import tr

HELP = f"""msc {__version__}: approved mesenchymal stem/stromal cell (MSC) products, their doses and history,
with the source of every fact.

\b
Examples:
  msc products --country KR
  msc product ryoncil
  msc products --since 2018 --donor allogeneic -f json
  msc dose ryoncil --weight 32
  msc timeline --since 2010 --category regulatory-approval
  msc isct-check lots.csv --spec release.yaml
  msc verify day.html
  msc fields products

\b
Exit codes:
  0    success (an empty result is a success)
  1    not found, or a name that fits several records; isct-check: a lot fails or is incomplete;
       verify: a report differs from its inputs or its record; qualify: a reference case fails
  2    bad usage or bad input
  70   an internal error (a bug; --debug shows the traceback)
  74   the output could not be written (a full disk)
  130  interrupted (Ctrl-C)
  141  the reader closed the pipe (msc ... | head)

msc is a reference tool that summarises published sources; it is not clinical advice."""


# The order of `msc --help`: the catalogue first, then doses and history, the lab's check, background, the rest.
# Each command, in the order of `msc --help` (the catalogue first, then doses and history, the lab's check,
# background, the rest), and the module of msccli.commands that declares it.
COMMANDS = {
    "products": "products",
    "product": "products",
    "compare": "search",
    "search": "search",
    "trials": "regulatory",
    "links": "regulatory",
    "dose": "dose",
    "timeline": "timeline",
    "isct-check": "isct",
    "criteria": "isct",
    "verify": "release",
    "qualify": "release",
    "about": "knowledge",
    "sources": "knowledge",
    "mechanisms": "knowledge",
    "errata": "references",
    "refs": "references",
    "jurisdictions": "references",
    "fields": "reference_docs",
    "schema": "reference_docs",
    "data": "data",
    "completion": "completion",
}


def _build(name: str, module_name: str) -> Any:
    """The Click command `name` from the Typer app (`cli`) of its module; a module whose app is a group of its
    own (msc data) is that group."""
    from importlib import import_module

    from typer.main import get_command_from_info, get_command_name, get_group

    from msccli.help_layout import name_metavars

    family: typer.Typer = import_module(f"msccli.commands.{module_name}").cli
    if family.info.name == name:
        group = get_group(family)
        name_metavars(group)
        return group
    for info in family.registered_commands:
        if (info.name or get_command_name(info.callback.__name__)) == name:  # type: ignore[union-attr]
            command = get_command_from_info(info, pretty_exceptions_short=False, rich_markup_mode=None)
            name_metavars(command)
            return command
    raise LookupError(f"msccli.commands.{module_name} declares no command {name!r}")


class MscGroup(TyperGroup):
    """The one error boundary: every failure becomes `msc: error: …` (and a hint) on stderr and an exit code."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        """Help laid out for the terminal (help_layout), with metavars that say what to type."""
        from msccli.help_layout import MscContext, name_metavars

        name_metavars(self)
        self.context_class = MscContext
        return super().make_context(info_name, args, parent, **extra)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """A command is built from its module when it is first asked for: a run imports only the one it runs."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = _build(cmd_name, COMMANDS[cmd_name])
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: Any) -> Any:
        """Group options and no command (`msc --lang zh`) answer as bare `msc` does: the short usage, exit 0."""
        if not ctx._protected_args and not ctx.args:
            sys.stdout.write(_usage())
            return EXIT_OK
        return super().invoke(ctx)

    def all_commands(self, ctx: Any) -> dict[str, Any]:
        """Every command, built (help pages, the generated reference, tests)."""
        return {name: self.get_command(ctx, name) for name in self.list_commands(ctx)}

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As Click's, with 'did you mean' drawn from every command, built or not."""
        from difflib import get_close_matches

        from typer._click.exceptions import UsageError

        try:
            return super().resolve_command(ctx, args)
        except UsageError as exc:
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {', '.join(repr(m) for m in matches)}?"
            raise

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from msccli.output.streams import guard_stdout_encoding, note_replaced_characters, utf8_argv

        if args is None:
            args = utf8_argv()
        guard_stdout_encoding()
        from msccli.text.i18n import use_initial

        use_initial(list(args), os.environ)
        try:
            code = self._run(list(args), "msc", complete_var, extra)  # the name users type, in every hint
        finally:
            note_replaced_characters()
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(self, args: list[str], prog_name: str, complete_var: str | None, extra: dict[str, Any]) -> int:
        from typer._click import exceptions as click_errors

        from msccli.output.streams import flush_stdout, silence_stdout

        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            flush_stdout()
        except click_errors.NoArgsIsHelpError as exc:
            if exc.ctx is not None and exc.ctx.parent is None:  # bare `msc`: a short answer, not an error
                sys.stdout.write(_usage())
                return EXIT_OK
            exc.show()
            return EXIT_INPUT
        except click_errors.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx is not None else "msc"
            if command == "msc":  # an error while the group parsed a command's options: name the command
                named = [a for a in args if a in COMMANDS]
                command = f"msc {named[0]}" if named else command
            return error(
                tr(_lower_first(exc.format_message())), EXIT_INPUT, tr("see: {command} --help", command=command)
            )
        except click_errors.ClickException as exc:
            return error(tr(exc.format_message()), exc.exit_code)
        except typer.Abort:
            return EXIT_INTERRUPTED
        except ClosedPipe:
            silence_stdout()
            return EXIT_CLOSED_PIPE
        except InputErrors as exc:
            for one in exc.errors:
                error(one.text(), exc.exit_code, tr(one.hint))
            return exc.exit_code
        except MscError as exc:
            if isinstance(exc, OutputError):
                silence_stdout()  # what is left in stdout's buffer must not fail again at exit
            return error(exc.text(), exc.exit_code, tr(exc.hint))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BrokenPipeError:
            silence_stdout()
            return EXIT_CLOSED_PIPE
        except OSError as exc:
            if exc.errno not in OUTPUT_ERRNOS:
                return _bug(exc, args)
            silence_stdout()  # help, --version and schemas are written straight to stdout
            return error(OutputError(exc).text(), EXIT_OUTPUT)
        except RecursionError:
            return error(tr("the input is nested too deeply to read"), EXIT_INPUT)
        except MemoryError:
            return error(tr("the input is too large to read into memory"), EXIT_INPUT)
        except Exception as exc:
            return _bug(exc, args)
        return result if isinstance(result, int) else EXIT_OK


def _usage() -> str:
    """What bare `msc` prints: how to call it, its commands, where the rest is."""
    import textwrap

    def wrapped(text: str, indent: str) -> str:
        return textwrap.fill(text, width=78, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)

    commands = wrapped(", ".join(COMMANDS), "  ")
    first, second = (
        tr("Try: msc products --country KR"),
        tr("Every option: msc --help; a command's: msc COMMAND --help"),
    )
    return f"Usage: msc [OPTIONS] COMMAND [ARGS]...\n\n{tr('Commands:')}\n{commands}\n\n{first}\n{second}\n"


def _bug(exc: Exception, args: list[str]) -> int:
    """A bug: one line, and the traceback on request."""
    if state["debug"] or os.environ.get("MSC_DEBUG") or "--debug" in args:
        raise exc
    return internal_error(exc)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


app = typer.Typer(
    cls=MscGroup,
    help=HELP,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings=CONTEXT,
    pretty_exceptions_enable=False,
)


def version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"msc {__version__}\n")
        raise typer.Exit()


@app.callback()
def group_options(
    data_dir: DataDirOpt = None,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=version_callback, is_eager=True, help="Show the version and exit."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", envvar="MSC_DEBUG", help="Show the traceback of an internal error.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    state.update(data_dir=data_dir, debug=debug, age_said=False)


def main() -> None:
    """The `msc` command."""
    app(prog_name="msc")
