"""Quick answers without starting Typer: `msc products`, `msc product` and `msc search` from the index of quick
answers (answers.py), `msc --help` from the stored help (completion_index.py). People run these in shell loops
and pipes. Data formats of products and product need neither msgspec nor the catalogue's model; a product's
table is laid out from the catalogue's cache.

`answer` reads the command line as Click would, from the parameters the app declares (completion_index.PARAMS,
generated from it). It answers only what it knows answers exactly as the full command would; anything else (YAML,
a command's --help, --verified, an error of any kind, an empty search, a catalogue over a year old, no index yet)
returns None, and the full command line runs instead, so every message and error still comes from one place.
Nothing is written before the answer is complete. Tests compare quick and full answers byte for byte over fixed
and generated command lines.

The modules an answer in JSON passes through import nothing at the top that the answer does not use: typing
(8 ms with the re, functools and collections it brings), re (5 ms), datetime (2 ms) and array each cost more
than the answer's own work. `TYPE_CHECKING = False` stands in for typing's (type checkers know the name), re and
the vocabularies are imported where they are used, and a dict stands in for functools.cache. A test
(test_packaging) keeps it so.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing's import costs a quick answer more than its work (quick.py)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from . import answers

COMMANDS = ("products", "product", "search")
FORMATS = ("table", "json", "jsonl", "csv", "tsv", "markdown")  # not YAML: PyYAML costs more than it saves
# Options whose answer the index holds; any other given (--verified, --indication, --help ...) goes the full way.
ANSWERED = {
    "": {"data_dir", "lang"},
    "products": {
        "country", "since", "until", "source", "donor", "route", "status", "pathway", "orphan", "expires_before",
        "fmt", "fields", "data_dir", "lang",
    },
    "product": {"name", "fmt", "fields", "data_dir", "lang"},
    "search": {"text", "limit", "fmt", "fields", "data_dir", "lang"},
}  # fmt: skip


class Decline(Exception):
    """Not a quick answer: the full command line runs."""


def answer(args: list[str], environ: os._Environ[str] | dict[str, str]) -> int | None:
    """The exit code after answering, or None (nothing written) when the full command line must run."""
    from .i18n import use_initial

    if args in (["--help"], ["-h"]) and _columns(environ) >= HELP_WIDE:
        from .completion_index import HELP

        return _write(lambda: sys.stdout.write(HELP))
    try:
        command, given = parse(args, environ)
        use_initial(args, environ)  # tables and their notes are in the reader's language
        view, texts, fmt, selected = _answer(command, given)
    except KeyboardInterrupt:
        return _interrupted()
    except Exception:  # Decline, or an error of any kind: the full command line runs and reports it
        return None
    from .render import emit, write_json

    def write() -> None:
        if texts is not None and fmt in ("json", "jsonl") and selected is None:  # no encoder to load
            write_json((compact if fmt == "jsonl" else pretty for compact, pretty in texts), fmt, sys.stdout)
        else:
            emit(view, fmt, selected)

    return _write(write)


HELP_WIDE = 80  # columns; from here on Click lays help out 78 wide, as the stored `msc --help` is


def _columns(environ: os._Environ[str] | dict[str, str]) -> int:
    """The terminal's width as Click measures it (shutil.get_terminal_size, without importing shutil)."""
    try:
        columns = int(environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _write(write: Callable[[], object]) -> int:
    """Write an answer as the full command line would: '?' for what stdout's encoding cannot hold, a closed pipe
    or a full disk handled at the same exit codes."""
    from .errors import EXIT_CLOSED_PIPE, EXIT_OK, ClosedPipe, OutputError
    from .streams import (
        error,
        flush_stdout,
        guard_stdout_encoding,
        internal_error,
        note_replaced_characters,
        silence_stdout,
    )

    guard_stdout_encoding()
    try:
        write()
        flush_stdout()
    except KeyboardInterrupt:
        return _interrupted()
    except (ClosedPipe, BrokenPipeError):
        silence_stdout()
        return EXIT_CLOSED_PIPE
    except OutputError as exc:
        return error(exc.text(), exc.exit_code)
    except OSError as exc:
        failed = OutputError(exc)
        return error(failed.text(), failed.exit_code)
    except Exception as exc:  # a bug met while writing (MSC_DEBUG and --debug never reach here: they decline)
        return internal_error(exc)
    finally:
        note_replaced_characters()
    return EXIT_OK


def _interrupted() -> int:
    """Ctrl-C, as Click meets it: a new line on stderr, and 130."""
    from .errors import EXIT_INTERRUPTED

    sys.stderr.write("\n")
    return EXIT_INTERRUPTED


def parse(args: list[str], environ: os._Environ[str] | dict[str, str]) -> tuple[str, dict[str, Any]]:
    """The command and its parameters' values (the group's under ":name"), or Decline."""
    from .completion_index import PARAMS

    given: dict[str, Any] = {}
    rest = _read("", args, given, stop_at_command=True)
    if not rest or rest[0] not in COMMANDS:
        raise Decline
    command = rest[0]
    arguments = _read(command, rest[1:], given, stop_at_command=False)
    names = [param[0] for param in PARAMS[command] if param[2] == "argument"]
    if len(arguments) != len(names):
        raise Decline
    given.update(zip(names, arguments, strict=True))
    for path in ("", command):
        for name, _, kind, _, envvar, _, least in PARAMS[path]:
            key = name if path == command else f":{name}"
            if key not in given and envvar and environ.get(envvar):
                given[key] = _convert(kind, environ[envvar], least)
    if any(key.lstrip(":") not in ANSWERED["" if key.startswith(":") else command] for key in given):
        raise Decline
    for name, _, _, _, _, default, _ in PARAMS[command]:
        if default is not None:
            given.setdefault(name, default)
    return command, given


def _read(path: str, args: list[str], given: dict[str, Any], stop_at_command: bool) -> list[str]:
    """Options into `given` (the group's under ":name"), as Click reads them; the positional arguments left."""
    from .completion_index import PARAMS

    options = {o: param for param in PARAMS[path] if param[2] != "argument" for o in param[1]}
    positional: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--" or (arg.startswith("-") and arg != "-" and not arg.startswith("--") and len(arg) > 2):
            if arg != "--" and arg[:2] in options and options[arg[:2]][2] != "flag":  # -cKR
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
        name, _, kind, many, _, _, least = options[arg]
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
            converted = _convert(kind, value, least)
        key = name if not stop_at_command else f":{name}"
        if many:
            given.setdefault(key, []).append(converted)
        else:
            given[key] = converted
    return positional


def _convert(kind: str, value: str, least: int | None) -> Any:
    if kind == "int":
        number = int(value)
        if least is not None and number < least:
            raise Decline  # Click's error for an IntRange
        return number
    if kind == "flag" or not value:
        raise Decline  # a flag from the environment, an empty path: Click's rules
    return value


def _answer(command: str, given: dict[str, Any]) -> tuple[Any, list[tuple[str, str]] | None, str, Any]:
    """The view to write, the records' JSON texts when the index keeps them, the format and the fields chosen."""
    from . import answers, cache
    from .freshness import staleness, this_month
    from .i18n import parse_lang
    from .render import parse_format, select_fields

    for lang in (given.get(":lang"), given.get("lang")):
        if lang is not None and parse_lang(lang) is None:
            raise Decline
    fmt = parse_format(given["fmt"])
    if fmt not in FORMATS:
        raise Decline
    data_dir = given.get("data_dir") or given.get(":data_dir")
    bundled = cache.bundled_folder()
    if bundled is None or (data_dir is not None and not os.path.isdir(data_dir)):
        raise Decline
    directories = [bundled, *([data_dir] if data_dir else [])]
    wanted = given.get("fields")
    if wanted is not None and wanted.strip().casefold() == "help":
        raise Decline
    if command == "product" and fmt == "table":  # the whole record, laid out from the catalogue's cache
        from .catalog import cached
        from .views.products import PRODUCT_FIELDS, product_view

        catalogue = cached(directories)
        if catalogue is None or staleness(catalogue.meta.as_of, this_month()):
            raise Decline  # not read yet, or a note to print: the full command line
        selected = select_fields(PRODUCT_FIELDS, wanted) if wanted is not None else None
        return product_view(catalogue, given["name"], catalogue.find(given["name"])), None, fmt, selected
    key = cache.data_key(directories)
    if key is None:
        raise Decline
    index = answers.load(cache.catalogue_file(key))
    if index is None:
        raise Decline  # no index yet: the full command line
    try:
        return _from_index(index, command, given, fmt, wanted)
    finally:
        index.close()


def _segment(index: answers.Index, name: str) -> Any:
    found = index.segment(name)
    if found is None:
        raise Decline  # not kept (a big catalogue's records), or damaged
    return found


def _from_index(
    index: answers.Index, command: str, given: dict[str, Any], fmt: str, wanted: str | None
) -> tuple[Any, list[tuple[str, str]] | None, str, Any]:
    from .freshness import staleness, this_month
    from .i18n import pick
    from .render import Field, View, select_fields

    if staleness(index["as_of"], this_month()):
        raise Decline  # a note to print: the full command line
    fields = index["fields"][command]
    selected = select_fields([Field(name, "", "") for name in fields], wanted) if wanted is not None else None
    if command == "products":
        from .views.approvals import products_view

        entries = _approvals(index, given)
        disclaimer = pick(*index["disclaimer"])
        shows_ends = given.get("expires_before") is not None
        view = products_view(index["as_of"], disclaimer, [e[1] for e in entries], False, show_ends=shows_ends)
        return view, [(e[2], e[3]) for e in entries], fmt, selected
    if command == "search":
        from .search import rank
        from .views.search import search_view

        text, limit = given["text"], given["limit"]
        if not text.strip():
            raise Decline  # the command's own error
        rows = rank(_segment(index, "documents"), text, limit)
        if not rows:
            raise Decline  # the full command line says that nothing matches
        return search_view(text, rows), None, fmt, selected
    from .match import find_named

    records = _segment(index, "records")
    found = [records[i] for i in find_named([entry[:3] for entry in records], given["name"])]
    view = View(fields=[Field(name, "", "") for name in fields], records=[e[3] for e in found])
    return view, [(e[4], e[5]) for e in found], fmt, selected


def _approvals(index: answers.Index, given: dict[str, Any]) -> list[Any]:
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
        orphan=given["orphan"],
        expires_before=filters.parse_before(before) if before is not None else None,
    )
    kept = [name.removeprefix("approvals:") for name in index["segments"] if name.startswith("approvals:")]
    codes = [code for code in kept if code in countries] if countries else kept
    entries = [entry for code in codes for entry in _segment(index, f"approvals:{code}")]
    if len(codes) > 1:
        entries.sort(key=lambda entry: entry[0])  # the order of msc products
    return [entry[1:] for entry in entries if flt.keeps(entry[1])]


if __name__ == "__main__":  # pragma: no cover - for a quick look: python -m msccli.quick products -c KR -f json
    code = answer(sys.argv[1:], os.environ)
    sys.exit(2 if code is None else code)
