"""Quick answers: `msc products` and `msc product` in a data format, from the prebuilt index (answers.py), without
starting Typer or loading the catalogue's model. People run these in shell loops and pipes.

`answer` reads the command line as Click would, from the parameters the app declares (completion_index.PARAMS,
generated from it). It answers only what it knows answers exactly as the full command would; anything else (a
table, --help, --verified, an error of any kind, a catalogue over a year old, no index yet) returns None, and the
full command line runs instead, so every message and error still comes from one place. Nothing is written before
the answer is complete. Tests compare quick and full answers byte for byte over generated command lines.
"""

from __future__ import annotations

import os
import sys
from typing import Any

COMMANDS = ("products", "product")
FORMATS = ("json", "jsonl", "csv", "tsv", "markdown")  # a table is laid out by Rich; YAML loads PyYAML
# Options whose answer the index holds; any other given (--verified, --indication, --help ...) goes the full way.
ANSWERED = {
    "": {"data_dir", "lang"},
    "products": {
        "country", "since", "until", "source", "donor", "route", "status", "pathway", "orphan", "expires_before",
        "fmt", "fields", "data_dir", "lang",
    },
    "product": {"name", "fmt", "fields", "data_dir", "lang"},
}  # fmt: skip


class Decline(Exception):
    """Not a quick answer: the full command line runs."""


def answer(args: list[str], environ: os._Environ[str] | dict[str, str]) -> int | None:
    """The exit code after answering, or None (nothing written) when the full command line must run."""
    try:
        command, given = parse(args, environ)
        entries, fields, fmt, selected = _answer(command, given, environ)
    except Exception:
        return None
    from .errors import ClosedPipe, OutputError
    from .i18n import use_initial
    from .render import Field, View, emit, write_json
    from .streams import error, flush_stdout, guard_stdout_encoding, note_replaced_characters, silence_stdout

    use_initial(args, environ)
    guard_stdout_encoding()
    try:
        if fmt in ("json", "jsonl") and selected is None:  # the texts the index keeps: no encoder to load
            write_json((entry[-2 if fmt == "jsonl" else -1] for entry in entries), fmt, sys.stdout)
        else:
            records = [entry[-3] for entry in entries]
            emit(View(fields=[Field(name, "", "") for name in fields], records=records), fmt, selected)
        flush_stdout()
    except (ClosedPipe, BrokenPipeError):
        silence_stdout()
        return 141
    except OutputError as exc:
        return error(exc.text(), exc.exit_code)
    except OSError as exc:
        failed = OutputError(exc)
        return error(failed.text(), failed.exit_code)
    finally:
        note_replaced_characters()
    return 0


def parse(args: list[str], environ: os._Environ[str] | dict[str, str]) -> tuple[str, dict[str, Any]]:
    """The command and its parameters' values (the group's under ":name"), or Decline."""
    from .completion_index import PARAMS

    given: dict[str, Any] = {}
    rest = _read("", args, given, stop_at_command=True)
    if not rest or rest[0] not in COMMANDS:
        raise Decline
    command = rest[0]
    arguments = _read(command, rest[1:], given, stop_at_command=False)
    names = [name for name, _, kind, _, _ in PARAMS[command] if kind == "argument"]
    if len(arguments) != len(names):
        raise Decline
    given.update(zip(names, arguments, strict=True))
    for path in ("", command):
        for name, _, kind, _, envvar in PARAMS[path]:
            key = name if path == command else f":{name}"
            if key not in given and envvar and environ.get(envvar):
                given[key] = _convert(kind, environ[envvar])
    if any(key.lstrip(":") not in ANSWERED["" if key.startswith(":") else command] for key in given):
        raise Decline
    return command, given


def _read(path: str, args: list[str], given: dict[str, Any], stop_at_command: bool) -> list[str]:
    """Options into `given` (the group's under ":name"), as Click reads them; the positional arguments left."""
    from .completion_index import PARAMS

    options = {o: (name, kind, many) for name, opts, kind, many, _ in PARAMS[path] if kind != "argument" for o in opts}
    positional: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--" or (arg.startswith("-") and arg != "-" and not arg.startswith("--") and len(arg) > 2):
            if arg != "--" and arg[:2] in options and options[arg[:2]][1] != "flag":  # -cKR
                arg, value = arg[:2], arg[2:]
            else:
                raise Decline  # "--", bundled short flags: left to Click
        elif arg.startswith("--") and "=" in arg:
            arg, value = arg.split("=", 1)
        elif arg.startswith("-") and arg != "-":
            value = None
        else:
            positional.append(arg)
            if stop_at_command:
                return positional + args[i:]
            continue
        if arg not in options:
            raise Decline
        name, kind, many = options[arg]
        if kind == "flag":
            if value is not None:
                raise Decline
            converted: Any = True
        else:
            if value is None:
                if i >= len(args) or args[i].startswith("-"):
                    raise Decline
                value = args[i]
                i += 1
            converted = _convert(kind, value)
        key = name if not stop_at_command else f":{name}"
        if many:
            given.setdefault(key, []).append(converted)
        else:
            given[key] = converted
    return positional


def _convert(kind: str, value: str) -> Any:
    if kind == "int":
        return int(value)
    if kind == "flag" or not value:
        raise Decline  # a flag from the environment, an empty path: Click's rules
    return value


def _answer(command: str, given: dict[str, Any], environ: Any) -> tuple[list[Any], list[str], str, Any]:
    """The index entries to write (each ends in its record, compact and pretty JSON texts), the command's
    fields, the format and the fields chosen."""
    from . import answers, cache
    from .freshness import staleness, today
    from .i18n import parse_lang
    from .render import Field, parse_format, select_fields

    for lang in (given.get(":lang"), given.get("lang")):
        if lang is not None and parse_lang(lang) is None:
            raise Decline
    fmt = parse_format(given.get("fmt", "table"))
    if fmt not in FORMATS:
        raise Decline
    data_dir = given.get("data_dir") or given.get(":data_dir")
    bundled = cache.bundled_folder()
    if bundled is None or (data_dir is not None and not os.path.isdir(data_dir)):
        raise Decline
    key = cache.data_key([bundled, *([data_dir] if data_dir else [])])
    if key is None:
        raise Decline
    index = answers.load(cache.catalogue_file(key))
    if index is None or staleness(index["as_of"], today()):
        raise Decline  # no index yet, or a note to print: the full command line
    fields = index["fields"][command]
    wanted = given.get("fields")
    if wanted is not None and wanted.strip().casefold() == "help":
        raise Decline
    selected = select_fields([Field(name, "", "") for name in fields], wanted) if wanted is not None else None
    if command == "product":
        from .match import find_named

        found = find_named([entry[:3] for entry in index["records"]], given["name"])
        return [index["records"][i] for i in found], fields, fmt, selected
    return _approvals(index, given), fields, fmt, selected


def _approvals(index: dict[str, Any], given: dict[str, Any]) -> list[Any]:
    """msc products' approvals, filtered as the full command filters them (filters.ProductFilter)."""
    from . import filters
    from .match import normalise

    def split(name: str) -> list[str]:
        return [part.strip() for value in given.get(name, []) for part in value.split(",") if part.strip()]

    countries = set()
    for country in split("country"):
        code = index["countries"].get(normalise(country))
        if code is None:
            raise Decline
        countries.add(code)
    before = given.get("expires_before")
    flt = filters.ProductFilter(
        countries=countries,
        since=given.get("since"),
        until=given.get("until"),
        tissues=filters.parse_tissues(split("source")),
        donors=filters.parse_donors(split("donor")),
        routes=filters.parse_routes(split("route")),
        statuses=filters.parse_statuses(split("status")),
        pathways=filters.parse_pathways(split("pathway")),
        orphan=given.get("orphan", False),
        expires_before=filters.parse_before(before) if before is not None else None,
    )
    return [entry for entry in index["approvals"] if flt.keeps(entry[0])]


if __name__ == "__main__":  # pragma: no cover - for a quick look: python -m msccli.quick products -c KR -f json
    code = answer(sys.argv[1:], os.environ)
    sys.exit(2 if code is None else code)
