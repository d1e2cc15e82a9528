"""The one place that knows output formats. Commands build a View; `emit` writes it to stdout.

Formats: table (Rich, for people), json, jsonl, csv, tsv, yaml, markdown (for scripts and documents).
CSV/TSV rows end in "\\n" (not "\\r\\n"), so they paste cleanly into shells and diff tools.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TextIO

if TYPE_CHECKING:
    from rich.console import Console

Format = Literal["table", "json", "jsonl", "csv", "tsv", "yaml", "markdown"]
FORMATS: tuple[Format, ...] = ("table", "json", "jsonl", "csv", "tsv", "yaml", "markdown")


@dataclass
class Column:
    key: str
    header: str
    show: Callable[[Any], str] | None = None
    style: str | None = None
    no_wrap: bool = False
    max_width: int | None = None
    heading: bool = False  # in block layout, part of each record's heading line


@dataclass
class View:
    """What a command has to say: flat rows for tabular formats, an optional nested document for JSON/YAML."""

    rows: list[dict[str, Any]] | Callable[[], list[dict[str, Any]]]  # a callable is built only when needed
    columns: list[Column]
    title: str | None = None
    caption: str | None = None
    document: Any = None  # or a callable, built only for json/jsonl/yaml
    # A custom layout for the table format (a product's full record, a dose calculation).
    human: Callable[[Console], None] | None = None
    notes: list[str] = field(default_factory=list)
    blocks: bool = False  # table format: one block per record (for long text) instead of a grid


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_builtins(value: Any) -> Any:
    import msgspec

    return msgspec.to_builtins(value)


def emit(view: View, fmt: Format, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    if fmt == "table":
        _table(view, out)
    elif fmt == "json":
        import msgspec

        out.write(msgspec.json.format(msgspec.json.encode(_document(view)), indent=2).decode() + "\n")
    elif fmt == "jsonl":
        import msgspec

        document = _document(view)
        encoder = msgspec.json.Encoder()
        for item in document if isinstance(document, list) else [document]:
            out.write(encoder.encode(item).decode() + "\n")
    elif fmt in ("csv", "tsv"):
        _delimited(view, out, "," if fmt == "csv" else "\t")
    elif fmt == "yaml":
        import yaml

        out.write(yaml.safe_dump(to_builtins(_document(view)), allow_unicode=True, sort_keys=False, width=100))
    elif fmt == "markdown":
        _markdown(view, out)
    else:  # pragma: no cover - the CLI validates the format first
        raise ValueError(fmt)


def _rows(view: View) -> list[dict[str, Any]]:
    return view.rows() if callable(view.rows) else view.rows


def _document(view: View) -> Any:
    if view.document is None:
        return _rows(view)
    return view.document() if callable(view.document) else view.document


def _all_keys(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> list[str]:
    """Every field, in the rows' own order; the header alone when there are no rows."""
    keys: list[str] = []
    for row in rows:
        keys.extend(k for k in row if k not in keys)
    return keys or [c.key for c in columns]


def _delimited(view: View, out: TextIO, delimiter: str) -> None:
    import csv

    rows = _rows(view)
    keys = _all_keys(rows, view.columns)
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([cell_text(row.get(k)) for k in keys])


def _markdown(view: View, out: TextIO) -> None:
    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    if view.title:
        out.write(f"## {esc(view.title)}\n\n")
    out.write("| " + " | ".join(esc(c.header) for c in view.columns) + " |\n")
    out.write("|" + "|".join("---" for _ in view.columns) + "|\n")
    for row in _rows(view):
        out.write("| " + " | ".join(esc(_shown(c, row.get(c.key))) for c in view.columns) + " |\n")
    for note in ([view.caption] if view.caption else []) + view.notes:
        out.write(f"\n{esc(note)}\n")


def _shown(column: Column, value: Any) -> str:
    if column.show is not None and value is not None:
        return column.show(value)
    return cell_text(value)


def console(out: TextIO) -> Console:
    from rich.console import Console

    return Console(file=out, highlight=False, soft_wrap=False)


def _table(view: View, out: TextIO) -> None:
    con = console(out)
    if view.human is not None:
        view.human(con)
        return
    if view.blocks:
        _blocks(view, con)
        return
    con.print(rich_table(view))
    for note in view.notes:
        con.print(note, style="dim")


def _blocks(view: View, con: Console) -> None:
    """Records with long text: a bold heading line, then labelled fields with a hanging indent."""
    from rich.table import Table
    from rich.text import Text

    for row in _rows(view):
        heading = " · ".join(_shown(c, row.get(c.key)) for c in view.columns if c.heading and row.get(c.key))
        con.print(Text(readable(heading), style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(overflow="fold")
        for column in view.columns:
            value = row.get(column.key)
            if not column.heading and value not in (None, "", []):
                grid.add_row(f"  {column.header}", Text(readable(_shown(column, value))))
        con.print(grid)
    if view.caption:
        con.print(view.caption, style="dim")


def readable(text: str) -> str:
    """For people: '9×10^7' becomes '9×10⁷' (data formats keep the plain text)."""
    from .numbers import superscript_powers

    return superscript_powers(text)


def rich_table(view: View) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(title=view.title, caption=view.caption, box=box.SIMPLE_HEAD, title_justify="left")
    for column in view.columns:
        table.add_column(
            column.header,
            style=column.style,
            no_wrap=column.no_wrap,
            max_width=column.max_width,
            overflow="fold",
        )
    for row in _rows(view):
        table.add_row(*(_escape(readable(_shown(c, row.get(c.key)))) for c in view.columns))
    return table


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
