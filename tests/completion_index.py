"""Generate src/msccli/completion_index.py: msc's commands, options and fixed values, for TAB completion and quick
answers without Typer.

A TAB press runs msc once; starting Typer and building every command costs more than the answer. The index holds
what Typer would consult, taken from the app itself: each command's subcommands (with their short help), options
(names, whether they take a value, can repeat, their help as Typer shows it) and arguments, and each fixed list
of values. Lists that depend on the catalogue (countries, references, criteria profiles) hold the bundled values;
msc asks Typer instead when a data directory of the user's may add to them. tests/test_completion.py checks the
committed index against this generator and every answer against Typer's; `python tests/refresh.py` rewrites it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

INDEX = Path(__file__).resolve().parents[1] / "src" / "msccli" / "completion_index.py"
CATALOGUE_LISTS = {"complete_countries": "countries", "complete_refs": "refs", "complete_profiles": "profiles"}


def _completer(param: Any) -> tuple[str, tuple[str, ...]]:
    """How a parameter's values are completed: its kind, and the values when they are fixed."""
    custom = param._custom_shell_complete
    if custom is None:
        kind = "path" if type(param.type).__name__ == "TyperPath" else "none"
        return kind, ()
    original = next(cell.cell_contents for cell in custom.__closure__ if callable(cell.cell_contents))
    name = getattr(original, "__name__", "")
    if name == "complete_products":
        return "products", ()
    values = tuple(v if isinstance(v, str) else v[0] for v in original(None, [], ""))
    return CATALOGUE_LISTS.get(name, "starting"), values


def _help(text: str | None) -> str:
    """Help text on one line, shown beside a completion in zsh and fish. (Typer lays it out with Rich at the
    terminal's width, which can break a fish line in two; msc keeps it on one.)"""
    return " ".join((text or "").split())


def commands() -> dict[str, dict[str, Any]]:
    import typer

    from msccli.cli import app

    group = typer.main.get_command(app)
    found: dict[str, dict[str, Any]] = {}

    def visit(command: Any, path: str, ctx: Any) -> None:
        params = command.get_params(ctx)
        options, arguments = [], []
        for param in params:
            kind, values = _completer(param)
            if type(param).__name__ == "TyperArgument":
                arguments.append((param.name, param.nargs, kind, values))
            else:
                takes_value = not (param.is_flag or param.count)
                help_text = _help(param.help)
                names = tuple(param.opts)
                if set(names) == {"-h", "--help"}:  # Click builds this pair from a set: its order varies by run
                    names = ("-h", "--help")
                secondary = tuple(param.secondary_opts)
                options.append((names, secondary, takes_value, param.multiple, param.hidden, help_text, kind, values))
        entry: dict[str, Any] = {"options": options, "arguments": arguments, "subcommands": []}
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is None or sub.hidden:
                    continue
                entry["subcommands"].append((name, _help(sub.get_short_help_str())))
                with sub.make_context(name, [], parent=ctx, resilient_parsing=True) as sub_ctx:
                    visit(sub, f"{path} {name}".strip(), sub_ctx)
        found[path] = entry

    saved = {k: os.environ.pop(k) for k in ("MSC_DATA_DIR", "COLUMNS", "MSC_LANG") if k in os.environ}
    try:
        with group.make_context("msc", [], resilient_parsing=True) as ctx:
            visit(group, "", ctx)
    finally:
        os.environ.update(saved)
    return dict(sorted(found.items()))


def _kind(param: Any) -> str:
    """How the quick answers (quick.py) read a parameter: an argument, a flag, or an option's value type."""
    if type(param).__name__ == "TyperArgument":
        return "argument"
    if param.is_flag or param.count:
        return "flag"
    kinds = {"IntParamType": "int", "IntRange": "int", "TyperPath": "path", "StringParamType": "text"}
    return kinds[type(param.type).__name__]


def params() -> dict[str, list[tuple[Any, ...]]]:
    """For the group and each command quick.py answers: every parameter's name, option names, kind, whether it
    repeats, and its environment variable."""
    import typer

    from msccli.cli import app
    from msccli.quick import COMMANDS

    group = typer.main.get_command(app)
    found: dict[str, list[tuple[Any, ...]]] = {}
    with group.make_context("msc", [], resilient_parsing=True) as ctx:
        for path in ("", *COMMANDS):
            command = group.get_command(ctx, path) if path else group
            entries = []
            for param in command.get_params(ctx):
                assert not param.secondary_opts, f"{path} {param.name}: quick.py reads no --x/--no-x pair"
                names = ("-h", "--help") if set(param.opts) == {"-h", "--help"} else tuple(param.opts)
                envvar = param.envvar if isinstance(param.envvar, str) else None
                minimum = getattr(param.type, "min", None)
                default = None if param.multiple or callable(param.default) else param.default
                entries.append((param.name, names, _kind(param), bool(param.multiple), envvar, default, minimum))
            found[path] = entries
    return found


FULL_COMMAND_LINE = "from msccli.cli import app; app(prog_name='msc')"  # msc without its quick answers


def group_help() -> str:
    """`msc --help` as msc writes it on a terminal of 80 columns or more: Click lays help out 78 wide from there
    on. (Not through CliRunner, which lays it out 80 wide.)"""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("MSC_")}
    done = subprocess.run(
        [sys.executable, "-c", FULL_COMMAND_LINE, "--help"],
        env={**env, "COLUMNS": "80"},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _shared(groups: list[list[tuple[Any, ...]]], base: Callable[[tuple[Any, ...]], str]) -> dict[tuple[Any, ...], str]:
    """Each tuple that two or more commands declare alike, and the constant it is written as (named by `base`)."""
    counts: dict[tuple[Any, ...], int] = {}
    for items in groups:
        for item in items:
            counts[item] = counts.get(item, 0) + 1
    names: dict[tuple[Any, ...], str] = {}
    for item, count in counts.items():
        if count > 1:
            name, n = base(item), 2
            while name in names.values():  # the same option with another help text elsewhere
                name, n = f"{base(item)}_{n}", n + 1
            names[item] = name
    return names


def _option_name(option: tuple[Any, ...]) -> str:
    return "_" + max(option[0], key=len).lstrip("-").replace("-", "_").upper()


def _param_name(param: tuple[Any, ...]) -> str:
    return "_PARAM_" + str(param[0]).upper()


def source() -> str:
    lines = [
        '"""msc\'s commands, options and fixed values for TAB completion and quick answers without Typer',
        "(completion.py, quick.py).",
        "",
        'Generated from the app by tests/completion_index.py (python tests/refresh.py); do not edit by hand."""',
        "",
        "from __future__ import annotations",
        "",
        "TYPE_CHECKING = False  # typing costs more to import than a completion",
        "if TYPE_CHECKING:",
        "    from typing import Any",
        "",
    ]
    found = commands()
    shared = _shared([entry["options"] for entry in found.values()], _option_name)
    found_params = params()
    shared_params = _shared(list(found_params.values()), _param_name)
    lines.append("# options and parameters several commands share, written once")
    lines.extend(f"{name} = {item!r}" for item, name in (shared | shared_params).items())
    lines.append("")
    lines.append("COMMANDS: dict[str, dict[str, Any]] = {")
    for path, entry in found.items():
        lines.append(f"    {path!r}: {{")
        for key in ("subcommands", "arguments", "options"):
            lines.append(f"        {key!r}: [")
            lines.extend(f"            {shared.get(item) or repr(item)}," for item in entry[key])
            lines.append("        ],")
        lines.append("    },")
    lines.append("}")
    lines.append("")
    lines.append(
        "# name, option names, kind (argument, flag, int, path, text), repeats, environment variable, default, least"
    )
    lines.append("PARAMS: dict[str, list[tuple[str, tuple[str, ...], str, bool, str | None, Any, int | None]]] = {")
    for path, entries in found_params.items():
        lines.append(f"    {path!r}: [")
        lines.extend(f"        {shared_params.get(entry) or repr(entry)}," for entry in entries)
        lines.append("    ],")
    lines.append("}")
    lines.append("")
    lines.append("# `msc --help` on a terminal of 80 columns or more (quick.py)")
    lines.append(f"HELP = {group_help()!r}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    INDEX.write_text(source(), encoding="utf-8")
