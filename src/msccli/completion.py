"""TAB completion without starting Typer: the shell's request answered from the prebuilt index.

The shell scripts Typer installs (`msc --install-completion`) run msc with _MSC_COMPLETE=complete_bash (or _zsh,
_fish) and the words typed so far. Answering that through Typer means importing it and building every command
first; here the same answer comes from completion_index.py, generated from the app, in Click's order: an
option's value after an option that takes one, option names after a '-', the next argument's values, else the
subcommands. A test compares every answer with Typer's. Where only the full CLI knows the answer (a data
directory of the user's may add countries, references or criteria profiles; a word msc does not know), this
returns None and the CLI answers.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing costs more to import than the whole answer
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

SHELLS = ("complete_bash", "complete_zsh", "complete_fish")


def answer(shell: str, environ: Mapping[str, str]) -> tuple[str, int] | None:
    """What to print and the exit code, or None to let the full CLI answer."""
    args, incomplete = _words(shell, environ)
    items = complete(args, incomplete, environ)
    if items is None:
        return None
    if shell == "complete_bash":
        return "\n".join(value for value, _ in items), 0
    if shell == "complete_zsh":
        if not items:
            return "_files", 0
        shown = "\n".join(f'"{_zsh(v)}":"{_zsh(h)}"' if h else f'"{_zsh(v)}"' for v, h in items)
        return f"_arguments '*: :(({shown}))'", 0
    if environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
        return "", 0 if items else 1
    return "\n".join(f"{v}\t{h}" if h else v for v, h in items), 0


def _zsh(text: str) -> str:
    return text.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`").replace(":", r"\\:")


def _split(text: str) -> list[str]:
    """The words of a command line as a POSIX shell reads them (as shlex does, which costs its import of re):
    quotes and backslashes kept out of the words, an unfinished quote keeping its partial word."""
    words: list[str] = []
    word: list[str] | None = None  # None between words; [] is an empty word ('' or "")
    quote = ""
    chars = iter(text)
    for char in chars:
        if quote and char == quote:
            quote = ""
            continue
        if not quote and char in " \t\n":
            if word is not None:
                words.append("".join(word))
                word = None
            continue
        if word is None:
            word = []
        if quote == "'":
            word.append(char)
        elif char == "\\" and quote == '"':
            following = next(chars, "")
            word.extend([following] if following in '"\\' else [char, following])
        elif char == "\\":
            word.append(next(chars, ""))
        elif not quote and char in "'\"":
            quote = char
        else:
            word.append(char)
    if word is not None:
        words.append("".join(word))
    return words


def _words(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str]:
    if shell == "complete_bash":
        words = _split(environ.get("COMP_WORDS", ""))
        index = int(environ.get("COMP_CWORD", "0") or 0)
        return words[1:index], words[index] if index < len(words) else ""
    typed = environ.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(typed)[1:]
    if words and not typed.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def complete(args: list[str], incomplete: str, environ: Mapping[str, str]) -> list[tuple[str, str]] | None:
    """(value, help) pairs for the word being typed, as Typer would give them; None when only it can tell."""
    from .completion_index import COMMANDS

    path, used, filled, pending = "", set(), 0, None
    entry = COMMANDS[path]
    args = list(args)
    if incomplete == "=":
        incomplete = ""
    elif "=" in incomplete and incomplete.startswith("-"):
        name, _, incomplete = incomplete.partition("=")
        args.append(name)
    rest = False  # after '--' every word is an argument
    for word in args:
        if pending is not None:
            pending = None
            continue
        if word == "--":
            rest = True
            continue
        if word.startswith("-") and len(word) > 1 and not rest:
            option = _option(entry, word.partition("=")[0])
            if option is None:
                return None
            used.add(option[0])
            if option[2] and "=" not in word:
                pending = option
            continue
        if entry["subcommands"] and not rest:
            if word not in (name for name, _ in entry["subcommands"]):
                return None
            path = f"{path} {word}".strip()
            entry, used, filled = COMMANDS[path], set(), 0
            continue
        filled += 1
    if not rest and incomplete.startswith("-"):
        return _options(entry, used, incomplete)
    if pending is not None:
        return _values(pending[6], pending[7], incomplete, environ)
    argument = _open_argument(entry["arguments"], filled)
    if argument is not None:
        return _values(argument[2], argument[3], incomplete, environ)
    found = [(name, short) for name, short in entry["subcommands"] if name.startswith(incomplete)]
    if incomplete and not incomplete[0].isalnum():  # Click offers option names for any such start
        found += _options(entry, used, incomplete)
    return found


def _options(entry: dict[str, Any], used: set[Any], incomplete: str) -> list[tuple[str, str]]:
    """Option names starting with what was typed; one already given is left out unless it can repeat."""
    return [
        (name, option[5])
        for option in entry["options"]
        if not option[4] and (option[3] or option[0] not in used)
        for name in (*option[0], *option[1])
        if name.startswith(incomplete)
    ]


def _option(entry: dict[str, Any], name: str) -> tuple[Any, ...] | None:
    for option in entry["options"]:
        if name in option[0] or name in option[1]:
            return tuple(option)
    return None


def _open_argument(arguments: list[tuple[Any, ...]], filled: int) -> tuple[Any, ...] | None:
    """The first argument still taking values after `filled` words (nargs -1 takes all the rest)."""
    for argument in arguments:
        nargs = argument[1]
        if nargs == -1:
            return argument
        if filled < nargs:
            return argument
        filled -= nargs
    return None


def _values(
    kind: str, values: tuple[str, ...], incomplete: str, environ: Mapping[str, str]
) -> list[tuple[str, str]] | None:
    if kind in ("none", "path"):  # no values; for a path the shell lists files itself
        return []
    if kind == "products":
        values = tuple(product_ids(incomplete, environ))
    elif kind in ("countries", "refs", "profiles") and environ.get("MSC_DATA_DIR"):
        return None  # a data directory may add to these: the catalogue knows
    elif kind == "countries" and incomplete.islower():
        values = tuple(v.lower() for v in values)
    folded = incomplete.casefold()
    # the completers match any case; Typer then keeps the values that start with exactly what was typed
    return [(v, "") for v in values if v.casefold().startswith(folded) and v.startswith(incomplete)]


def product_ids(incomplete: str, environ: Mapping[str, str]) -> list[str]:
    """Product ids from file names, as the CLI's completer lists them: the bundled ones and a data directory's.
    A file name with a control character (an escape sequence, a bidirectional override) is never offered: it
    would reach the terminal through the shell's completion list."""
    from .cache import bundled_folder

    bundled = bundled_folder()
    folders = [os.path.join(bundled, "products")] if bundled else []
    extra = environ.get("MSC_DATA_DIR")
    if extra and os.path.isdir(os.path.join(extra, "products")):
        folders.append(os.path.join(extra, "products"))
    names = {
        e.name[:-5]
        for folder in folders
        for e in os.scandir(folder)
        if e.name.endswith(".yaml") and e.name.isprintable()
    }
    return sorted(n for n in names if n.startswith(incomplete.lower()))
