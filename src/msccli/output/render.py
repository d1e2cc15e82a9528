"""The one place that knows output formats. A command builds a View; `emit` writes it to stdout.

A View declares its fields once (name, type, description). Every machine format is built from that declaration:
the same keys in JSON, JSON Lines and YAML as columns in CSV, TSV and Markdown, on an empty result as on a full
one. The table format is for people: a grid that falls back to one block per record when the terminal is too
narrow for it, so no record loses its identity (product, where, mark) at any width.

CSV/TSV rows end in "\\n" (not "\\r\\n"), so they paste cleanly into shells and diff tools. In CSV, TSV and
Markdown a list is joined with "; " and an object is written as "key: value, key: value".
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, cast

from msccli.output.cells import cell_text, cells
from msccli.output.guard import one_line, visible
from msccli.output.streams import SUPERSCRIPT, AsciiJson, holds_unicode, spelled, write
from msccli.text.errors import InputError, unknown_choice
from msccli.text.i18n import N_, current, script

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from typing import Any, BinaryIO, TextIO

    from rich.console import Console

    Records = list[dict[str, Any]]

FORMATS = ("table", "json", "jsonl", "csv", "tsv", "yaml", "markdown", "xlsx")
FORMAT_HELP = (
    "Output format: table (for people), "
    + ", ".join(FORMATS[1:])
    + " (a workbook: with -o FILE, or into a pipe); default: from -o's extension, else table."
)
# -o FILE's format when -f is not given: from the name's extension (.txt: the table, as in a pipe)
EXTENSIONS = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".md": "markdown",
    ".xlsx": "xlsx",
    ".txt": "table",
}


STREAMED = ("json", "jsonl", "csv", "tsv", "markdown")  # emit writes these record by record, as they are made


def streams(fmt: str) -> bool:
    """Whether a format is written as its records come (YAML is written whole; a table lays out every record)."""
    return parse_format(fmt) in STREAMED


def parse_format(text: str, more: Sequence[str] = ()) -> str:
    """'-f JSON' is json; anything else is an error that lists the formats (`more`: a command's own, -f ics)."""
    folded = text.strip().casefold()
    if folded in FORMATS or folded in more:
        return folded
    raise unknown_choice(text, [*FORMATS, *more], "--format")


def file_format(path: str, typed: str | None, more: dict[str, str] | None = None) -> str:
    """The format of -o FILE: -f's where it was typed, else the one its extension names (`more`: a command's own
    extensions, .ics for a course). A name that says none is an error that lists them."""
    import os

    known = {**EXTENSIONS, **(more or {})}
    if typed is not None:
        return parse_format(typed, list(dict.fromkeys(v for v in known.values() if v not in FORMATS)))
    extension = os.path.splitext(path)[1].casefold()
    if extension in known:
        return known[extension]
    raise InputError(
        N_("cannot tell a format from the file name {name!r}", name=os.path.basename(path)),
        field="--output",
        hint=N_("add -f FORMAT, or end the name in {extensions}", extensions=" ".join(known)),
    )


class Field:
    """One field of a command's records: its name, JSON type ("string", "integer|null", ...) and meaning."""

    __slots__ = ("description", "name", "type")

    def __init__(self, name: str, type: str, description: str) -> None:
        self.name, self.type, self.description = name, type, description

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.type!r}, {self.description!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Field) and (self.name, self.type, self.description) == (
            other.name,
            other.type,
            other.description,
        )

    def __hash__(self) -> int:
        return hash((self.name, self.type, self.description))

    def json_schema(self) -> dict[str, Any]:
        types = self.type.split("|")
        return {"type": types[0] if len(types) == 1 else types, "description": self.description}


class Column:
    """How a field is shown in the table format."""

    def __init__(
        self,
        field: str,
        header: str,
        show: Callable[[dict[str, Any]], Any] | None = None,  # record -> str or a Rich Text
        style: str | None = None,
        no_wrap: bool = False,  # never wrapped: its width is its longest value
        min_width: int | None = None,
        identity: bool = False,  # who and what: never dropped, and the heading of a record's block
        min_terminal: int = 0,  # extra detail, shown as a column only on terminals at least this wide
        legend: str | None = None,  # a line under the table explaining the column's abbreviations
        data_header: bool = False,  # the header is data (a product's name), shown as it is in every language
    ) -> None:
        self.field, self.header, self.show, self.style, self.no_wrap = field, header, show, style, no_wrap
        self.min_width, self.identity, self.min_terminal = min_width, identity, min_terminal
        self.legend, self.data_header = legend, data_header


class View:
    """What a command has to say: records of declared fields, and how people see them."""

    def __init__(
        self,
        fields: Sequence[Field],
        records: Records | Callable[[], Iterable[dict[str, Any]]],  # a callable is built only when needed, and
        # may yield its records one by one, so a big report is written as it is made
        columns: list[Column] | None = None,  # the table layout; all fields when empty
        human: Callable[[Console], None] | None = None,  # a layout of its own (a product's full record)
        footer: list[str] | None = None,  # lines under the table, for people only
        notes: list[str] | None = None,  # what the answer leaves out and why: in the table's footer (the view puts
        # them there), and said on stderr with every other format
        blocks: bool = False,  # records with long text: one block per record at any width
        # (keys, json or jsonl) -> the texts write_json(items=True) takes, written a column at a time; the same
        # bytes as the records give. A view with these holds no Chinese data (a lot's checks): its records are
        # never put in the reader's script
        texts: Callable[[list[str], str], Iterable[str]] | None = None,
        # keys -> the CSV or TSV rows, as `cells` makes them from the records, written a column at a time
        cells: Callable[[list[str]], Iterable[Sequence[str]]] | None = None,
    ) -> None:
        self.fields, self.records, self.human, self.blocks = fields, records, human, blocks
        self.texts, self.cells = texts, cells
        self.columns: list[Column] = columns if columns is not None else []
        self.footer: list[str] = footer if footer is not None else []
        self.notes: list[str] = notes if notes is not None else []

    def all_records(self) -> Records:
        return list(self.iter_records())

    def iter_records(self) -> Iterable[dict[str, Any]]:
        return self.records() if callable(self.records) else self.records


def select_fields(fields: Sequence[Field], text: str) -> list[str]:
    """`--fields a,b`: names in the order given; an unknown name is an error that lists the valid ones."""
    names = [f.name for f in fields]
    by_folded = {name.casefold(): name for name in names}  # any case, as every other choice
    given = [part.strip() for part in text.split(",") if part.strip()]
    if not given:
        raise InputError("no field named", field="--fields", hint=N_("fields: {names}", names=", ".join(names)))
    chosen = [by_folded.get(name.casefold(), name) for name in given]
    for name in chosen:
        if name not in names:
            from msccli.text.match import close_matches

            raise InputError(
                N_("unknown field {name!r}", name=name),
                field="--fields",
                suggestions=close_matches(name, names),
                hint=N_("fields: {names}", names=", ".join(names)),
            )
    return list(dict.fromkeys(chosen))


BOM = [False, False]  # --bom: CSV and TSV start with a byte-order mark, so Excel reads them as UTF-8; typed?


def use_bom(value: bool, typed: bool = True) -> bool:
    """--bom (typed) or MSC_BOM (not), set once for the run (commands.common.BomOpt)."""
    BOM[0], BOM[1] = bool(value), bool(value) and typed
    return value


def emit(view: View, fmt: str, selected: list[str] | None = None, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    _check_bom(fmt)
    if fmt == "table":
        _table(view, selected, out)
        return
    keys = selected or [f.name for f in view.fields]
    if fmt == "xlsx":
        if out.isatty():
            raise InputError("a workbook is a file, not text for a terminal", field="--format", hint="add -o FILE.xlsx")
        out.flush()
        emit_file(view, fmt, selected, out.buffer)
        return
    if fmt in ("json", "jsonl") and not holds_unicode(out):
        out = cast("TextIO", AsciiJson(out))  # JSON never loses a character: what the output cannot hold is escaped
    if fmt in ("json", "jsonl") and view.texts is not None:
        write_json(view.texts(keys, fmt), fmt, out, items=True)
        return
    records = _records_in_reader_script(view)
    if fmt in ("json", "jsonl"):
        write_json(encoded(records, keys, pretty=fmt == "json"), fmt, out)
    elif fmt in ("csv", "tsv"):
        rows = view.cells(keys) if view.cells is not None else (cells(r, keys) for r in records)
        if BOM[0]:
            if not holds_unicode(out):
                raise InputError(
                    N_("a byte-order mark needs UTF-8 output, not {encoding}", encoding=out.encoding),
                    field="--bom",
                    hint="set PYTHONIOENCODING=utf-8",
                )
            out.write("\ufeff")
            rows = (spreadsheet_row(row) for row in rows)  # meant for Excel: no cell starts a formula
        write_rows([keys], fmt, out)
        write_rows(rows, fmt, out)
    elif fmt == "yaml":
        import yaml

        projected = [{k: r.get(k) for k in keys} for r in records]  # YAML is written whole
        write(out, yaml.safe_dump(projected, allow_unicode=True, sort_keys=False, width=100))
    elif fmt == "markdown":
        out.write("| " + " | ".join(keys) + " |\n")
        out.write("|" + "|".join("---" for _ in keys) + "|\n")
        for r in records:
            out.write("| " + " | ".join(_markdown_cell(cell_text(r.get(k))) for k in keys) + " |\n")
    else:  # pragma: no cover - parse_format admits only FORMATS
        raise ValueError(fmt)


def emit_file(view: View, fmt: str, selected: list[str] | None, out: BinaryIO, title: str = "msc") -> None:
    """A view written into a file (-o FILE) in any format: a workbook's sheet is named `title`; text is UTF-8."""
    _check_bom(fmt)
    if fmt == "xlsx":
        from msccli.output.workbook import write_workbook

        keys = selected or [f.name for f in view.fields]
        write_workbook([(title, keys, _records_in_reader_script(view))], out)
        return
    import io

    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    emit(view, fmt, selected, text)
    text.flush()
    text.detach()


def _check_bom(fmt: str) -> None:
    if BOM[1] and fmt not in ("csv", "tsv"):
        raise InputError(
            N_("a byte-order mark is for -f csv or tsv, not {fmt}", fmt=fmt), field="--bom", hint="add -f csv"
        )


def _records_in_reader_script(view: View) -> Iterable[dict[str, Any]]:
    """The view's records, their Chinese in Simplified for zh (the data's is Traditional, as the source review's)."""
    records = view.iter_records()
    return (in_script(r) for r in records) if current() == "zh" and view.texts is None else records


def in_script(value: Any, zh: bool = False) -> Any:
    """A record with the text of its Chinese fields (`*_zh`, and `zh` in a nested text), at any depth, in the
    reader's script (text.i18n.script). A list keeps every item, so it stays parallel to its English twin."""
    kind = type(value)
    if kind is dict:
        return {k: in_script(v, zh or k == "zh" or k.endswith("_zh")) for k, v in value.items()}
    if kind is list:
        return [in_script(v, zh) for v in value]
    if zh and kind is str:
        return script(value)
    return value


def encoded(records: Iterable[dict[str, Any]], keys: list[str], pretty: bool) -> Iterator[str]:
    """Each record as JSON text: compact (one line), or pretty (indented by 2)."""
    import msgspec

    encoder = msgspec.json.Encoder()
    for r in records:
        text = encoder.encode({k: r.get(k) for k in keys})
        yield (msgspec.json.format(text, indent=2) if pretty else text).decode()


def write_json(texts: Iterable[str], fmt: str, out: TextIO, items: bool = False) -> None:
    """JSON Lines: a compact record a line. JSON: a list written record by record from pretty texts (the same text
    as formatting the whole list at once); `items`: the texts are already indented as the list's items."""
    if fmt == "jsonl":
        for text in texts:
            out.write(text + "\n")
        return
    opening = "["
    for text in texts:
        write(out, opening + "\n" + (text if items else list_item(text)))
        opening = ","
    write(out, "[]\n" if opening == "[" else "\n]\n")


def write_rows(rows: Iterable[Sequence[str]], fmt: str, out: TextIO) -> None:
    """CSV or TSV rows as the csv module writes them (minimal quoting, a quote doubled, rows ending in "\n"), for
    cells that `visible` has made (no carriage return). Faster than csv.writer on a lot's long cell of checks."""
    separator = "," if fmt == "csv" else "\t"
    for row in rows:
        line = separator.join(
            [f'"{c.replace(chr(34), chr(34) * 2)}"' if separator in c or '"' in c or "\n" in c else c for c in row]
        )
        out.write(line + "\n" if line or len(row) != 1 else '""\n')  # a row of one empty cell is quoted


_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet takes as the start of a formula (OWASP CSV injection)


def spreadsheet_row(row: Sequence[str]) -> list[str]:
    """A CSV or TSV row meant for a spreadsheet (--bom): a cell a spreadsheet would run as a formula (=, +, -, @, or a
    tab or carriage return before one) is written as text, with a leading apostrophe; a number (-7.03) is left a
    number. Plain CSV and TSV stay byte for byte what the data says."""
    return [f"'{cell}" if cell.startswith(_FORMULA) and not _is_number(cell) else cell for cell in row]


def _is_number(cell: str) -> bool:
    import re

    return re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", cell) is not None


def list_item(text: str) -> str:
    """A pretty record's text as an item of the pretty JSON list: indented by two more spaces."""
    return "  " + text.replace("\n", "\n  ")


def _markdown_cell(text: str) -> str:
    return visible(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def console(out: TextIO) -> Console:
    """A Console that never reads markup or emoji codes and shows control characters literally."""
    from rich.console import Console
    from rich.segment import Segment
    from rich.text import Text

    class LiteralConsole(Console):
        def print(self, *objects: Any, **kwargs: Any) -> None:
            """A line of text on a terminal (or at a COLUMNS width) is wrapped by output.wrap: its continuations
            keep its indent, and a number and its unit stay together."""
            if len(objects) == 1 and isinstance(objects[0], str | Text):
                text = objects[0] if isinstance(objects[0], Text) else self.render_str(objects[0])
                if not holds_unicode(self.file):  # laid out as it will be shown: '?' is one column
                    text = Text(spelled(text.plain, self.file), style=text.style)
                if not self.soft_wrap:
                    from msccli.output.wrap import flow

                    text = flow(text, self.width)
                objects = (text,)
            super().print(*objects, **kwargs)

        def render_str(self, text: str, **kwargs: Any) -> Text:
            kwargs["markup"] = False
            kwargs["emoji"] = False
            return super().render_str(visible(text), **kwargs)

        def _render_buffer(self, buffer: Any) -> str:
            # a catch-all for Text built in views: segments of text (not Rich's own control codes) made visible
            return super()._render_buffer(
                seg if seg.control else Segment(visible(seg.text), seg.style, seg.control) for seg in buffer
            )

    con = LiteralConsole(file=out, highlight=False, markup=False, emoji=False)
    con.soft_wrap = not con.is_terminal  # in a pipe or a file, lines are never hard-wrapped
    if not con.is_terminal and not os.environ.get("COLUMNS"):
        # a pipe or a file with no width asked for: a table's record is one line, whole, so grep finds it
        con.width = PIPE_WIDTH
    return con


PIPE_WIDTH = 10_000  # columns: wider than any record


def _table(view: View, selected: list[str] | None, out: TextIO) -> None:
    con = console(out)
    if con.is_terminal:
        _people(view, selected, con)
        return
    # a pipe or a file: no padding at line ends, no blank first line
    with con.capture() as captured:
        _people(view, selected, con)
    lines = [line.rstrip() for line in captured.get().split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    text = "\n".join(lines)
    write(out, text if text.endswith("\n") or not text else text + "\n")


def _label(column: Column) -> str:
    """A column's header in the reader's language."""
    from msccli.text.i18n import tr

    return column.header if column.data_header else tr(column.header)


def _people(view: View, selected: list[str] | None, con: Console) -> None:
    if selected:
        identity = {c.field for c in view.columns if c.identity}
        columns = [Column(name, name, identity=name in identity) for name in selected]
        grid(con, columns, view.all_records())
        return
    if view.human is not None:  # a layout of its own builds what it shows (a big batch: not every record)
        view.human(con)
        return
    records = view.all_records()
    columns = view.columns or [Column(f.name, f.name) for f in view.fields]
    if view.blocks:
        stacked(con, columns, records)
    else:
        grid(con, columns, records)
    for line in view.footer:
        con.print(line, style="dim")


def grid(con: Console, columns: list[Column], records: Records) -> None:
    """A table, or one block per record when the terminal is too narrow for the table's shortest layout."""
    from rich import box
    from rich.cells import cell_len
    from rich.measure import Measurement
    from rich.table import Table

    from msccli.text.i18n import tr

    shown = [c for c in columns if con.width >= c.min_terminal]
    cells = [[_cell(c, record) for c in shown] for record in records]
    if not holds_unicode(con.file):  # measured as they will be shown: a '?' for a Chinese character is one column
        cells = [[_spelled_cell(cell, con.file) for cell in row] for row in cells]
    unlimited = con.options.update_width(1_000_000)
    measured = [[Measurement.get(con, unlimited, row[i]) for row in cells] for i in range(len(shown))]
    # a column is never narrower than its longest word (or header), so no word is cut; Chinese breaks anywhere
    headers = [_label(c) for c in shown]
    header_widths = [cell_len(h) for h in headers]
    maximums = [max([header_widths[i], *(m.maximum for m in measured[i])]) for i in range(len(shown))]
    words = [
        [_longest_word(row[i], m.minimum) for row, m in zip(cells, measured[i], strict=True)] for i in range(len(shown))
    ]
    minimums = [
        maximums[i] if c.no_wrap else max([header_widths[i], c.min_width or 0, *words[i]]) for i, c in enumerate(shown)
    ]
    available = con.width - 2 * (len(shown) - 1)  # columns are two spaces apart
    if records and sum(minimums) > available:
        stacked(con, columns, records)
        con.print(
            tr("(one block per record: the terminal is too narrow for a table; no field is left out)"), style="dim"
        )
        shown = columns
    else:
        from msccli.output.wrap import flow

        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
        widths = fit_widths(minimums, maximums, available)
        for column, header, width in zip(shown, headers, widths, strict=True):
            table.add_column(header, style=column.style, no_wrap=column.no_wrap, width=width, overflow="fold")
        for row in cells:  # wrapped here, where a break may fall (output.wrap), not where Rich would fold
            table.add_row(
                *(_wrapped(cell, width, c.no_wrap, flow) for cell, width, c in zip(row, widths, shown, strict=True))
            )
        con.print(table)
    for column in shown:
        if column.legend:
            con.print(tr(column.legend), style="dim")


def _spelled_cell(cell: Any, out: Any) -> Any:
    from rich.text import Text

    if isinstance(cell, Text):
        return Text(spelled(cell.plain, out), style=cell.style)
    return spelled(str(cell), out)


def _wrapped(cell: Any, width: int, no_wrap: bool, flow: Any) -> Any:
    from rich.text import Text

    if no_wrap:
        return cell
    return flow(cell if isinstance(cell, Text) else Text(visible(str(cell))), width, indent=0)


def _longest_word(cell: Any, minimum: int) -> int:
    """The narrowest a cell can be without cutting a unit (output.wrap): a word, a number with its unit, a Latin
    run in Chinese text; Chinese itself may break between any two characters, as it is written."""
    from msccli.output.wrap import longest_unit

    text = cell.plain if hasattr(cell, "plain") else str(cell)
    return max(longest_unit(line) for line in text.split("\n")) if text else minimum


def fit_widths(minimums: list[int], maximums: list[int], available: int) -> list[int]:
    """Column widths within `available`: each column's natural width, less a share of the excess in proportion
    to how much it can give (its width above its minimum). Never below a minimum."""
    widths = list(maximums)
    excess = sum(widths) - available
    if excess <= 0:
        return widths
    slack = [w - m for w, m in zip(widths, minimums, strict=True)]
    total = sum(slack)
    cuts = [excess * s // total for s in slack] if total else [0] * len(widths)
    left = excess - sum(cuts)
    for i in sorted(range(len(widths)), key=lambda i: slack[i] - cuts[i], reverse=True):
        if left <= 0:
            break
        if slack[i] - cuts[i] > 0:
            cuts[i] += 1
            left -= 1
    return [w - c for w, c in zip(widths, cuts, strict=True)]


def stacked(con: Console, columns: list[Column], records: Records) -> None:
    """Each record as a heading (its identity fields) and one 'Header: value' line per other field."""
    from rich.text import Text

    for record in records:
        heading = Text(visible(" · ".join(_plain(c, record) for c in columns if c.identity and _plain(c, record))))
        con.print(heading, style="bold")
        for column in columns:
            if not column.identity and _plain(column, record):
                con.print(Text(f"  {_label(column)}: ").append_text(_one_line(_cell(column, record))))


def _one_line(value: Any) -> Any:
    """A cell laid out on several lines in a table is one line in a block."""
    from rich.text import Text

    text = value if isinstance(value, Text) else Text(visible(value))
    return Text("; ").join(text.split("\n")) if "\n" in text.plain else text  # a list keeps its separators


def _cell(column: Column, record: dict[str, Any]) -> Any:
    if column.show is not None:
        return column.show(record)
    text = readable(cell_text(record.get(column.field)))
    return one_line(text) if column.identity else visible(text)


def _plain(column: Column, record: dict[str, Any]) -> str:
    value = _cell(column, record)
    return value.plain if hasattr(value, "plain") else str(value)


def readable(text: str) -> str:
    """For people: '9×10^7' becomes '9×10⁷' (data formats keep the plain text)."""
    if "10^" not in text:
        return text
    import re

    return re.sub(r"10\^(-?\d+)", lambda m: "10" + m.group(1).translate(SUPERSCRIPT), text)
