"""Help that fits the terminal at any width from 40 columns, and metavars that say what to type.

Click lays help out at least 50 columns wide and leaves the `\\b` blocks (examples, exit codes) as written, so a
narrow terminal breaks them mid-word. This formatter uses the terminal's width, wraps a long example at a space
with a shell continuation (` \\`) so it can still be pasted, and wraps a long exit-code line under its text."""

from __future__ import annotations

import os
import re
import shutil
from typing import Any

from typer._click._compat import term_len
from typer._click.core import Context
from typer._click.formatting import HelpFormatter, iter_rows, measure_table, wrap_text

NARROWEST = 40  # the narrowest terminal help is laid out for
WIDEST = 80  # help text reads best no wider than this, as in Click

# What to type, where an option's own name does not say it (others show their name: --country COUNTRY).
METAVARS = {
    "since": "YEAR",
    "until": "YEAR",
    "indication": "TEXT",
    "fmt": "FORMAT",
    "data_dir": "DIR",
    "weight": "KG",
    "area": "CM2",
    "check_dose": "CELLS",
    "start": "DATE",
    "skip": "DATE",
    "ics": "FILE",
    "export": "FILE",
    "spec": "FILE",
    "limit": "N",
    "product_name": "PRODUCT",
    "corrects": "WHAT",
    "marker": "MARKER=PERCENT",
    "mapping": "NAME=MARKER",
}


def terminal_width() -> int:
    """The help's width: the terminal's (COLUMNS first, as Click reads it), at most WIDEST, at least NARROWEST."""
    columns = os.environ.get("COLUMNS", "")
    found = int(columns) if columns.isdigit() else shutil.get_terminal_size().columns
    return max(min(found, WIDEST), NARROWEST) - 2


class MscHelpFormatter(HelpFormatter):
    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        super().__init__(indent_increment, width=terminal_width(), max_width=max_width)  # the terminal's, not >= 50

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """`msc compare [OPTIONS] NAME...`: a required argument as plain as the man-page convention writes it (Typer
        would write {NAME...}); an optional one stays in brackets."""
        super().write_usage(prog, re.sub(r"\{([^{}]+)\}", r"\1", args), prefix)

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        wrapped = wrap_text(text, self.width, initial_indent=indent, subsequent_indent=indent, preserve_paragraphs=True)
        self.write("\n".join(fit_line(line, self.width) for line in wrapped.split("\n")))
        self.write("\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        """As Click's, with the first column no wider than a third of the width, so the text keeps room."""
        rows = list(rows)
        widths = measure_table(rows)
        first_col = min(widths[0], col_max, max(self.width // 3, 12)) + col_spacing
        for first, second in iter_rows(rows, len(widths)):
            self.buffer.append(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.buffer.append("\n")
                continue
            if term_len(first) <= first_col - col_spacing:
                self.buffer.append(" " * (first_col - term_len(first)))
            else:
                self.buffer.append("\n" + " " * (first_col + self.current_indent))
            text_width = max(self.width - first_col - self.current_indent, 10)
            lines = wrap_text(second, text_width, preserve_paragraphs=True).splitlines() or [""]
            self.buffer.append(f"{lines[0]}\n")
            for line in lines[1:]:
                self.buffer.append(f"{'':>{first_col + self.current_indent}}{line}\n")


_EXIT_CODE = re.compile(r"^(\s+\d+\s+)(\S.*)$")
_COMMAND = re.compile(r"^(\s+)(msc\b.*)$")


def fit_line(line: str, limit: int) -> str:
    """A line of a `\\b` block that is too long for the width: an example command wraps at a space with ` \\`,
    an exit code's text wraps under itself, anything else under its own indent."""
    if term_len(line) <= limit:
        return line
    import textwrap  # only for help, and only for a line that is too long

    command = _COMMAND.match(line)
    if command:
        indent = command.group(1)
        parts = textwrap.wrap(
            command.group(2),
            limit - 2,  # room for the continuation
            initial_indent=indent,
            subsequent_indent=indent + "    ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        return " \\\n".join(parts)
    code = _EXIT_CODE.match(line)
    head = code.group(1) if code else re.match(r"^\s*", line).group(0)  # type: ignore[union-attr]
    body = code.group(2) if code else line[len(head) :]
    return textwrap.fill(
        body,
        limit,
        initial_indent=head,
        subsequent_indent=" " * len(head),
        break_long_words=False,
        break_on_hyphens=False,
    )


class MscContext(Context):
    formatter_class = MscHelpFormatter


def name_metavars(command: Any) -> None:
    """Give every option that takes a value a metavar saying what to type, unless it declares its own."""
    for param in getattr(command, "params", []):
        kind = getattr(param, "param_type_name", "")
        if param.metavar is not None or not param.name or getattr(param, "is_flag", False):
            continue
        if kind == "argument":
            param.metavar = param.name.upper().replace("_", "-")  # TEXT, not Typer's {TEXT}
        elif kind == "option":
            param.metavar = METAVARS.get(param.name, param.name.upper().replace("_", "-"))
    if getattr(command, "help", None) and not getattr(command, "short_help", None):
        from typer._click.utils import make_default_short_help

        # a group's list of commands shows each one's first sentence whole, wrapped by write_dl, never cut with '...'
        command.short_help = make_default_short_help(command.help, max_length=10_000)
    command.context_class = MscContext
    for sub in getattr(command, "commands", {}).values():
        name_metavars(sub)
