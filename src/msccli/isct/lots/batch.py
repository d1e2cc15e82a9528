"""Read cell lots for isct-check: flags, CSV/TSV, YAML/JSON and FlowJo Table Editor exports.

Every bad cell is reported (file, row, column), not just the first; no row is dropped silently. Blank lines
and FlowJo's trailing Mean/SD summary rows are not lots and are skipped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, cast

from msccli.catalogue.collector import paused_gc
from msccli.catalogue.profiles import marker_list
from msccli.isct.criteria import LINEAGES, Lot, Table, cocktail_key
from msccli.isct.lots.formats import FORMATS, sniff, sniff_delimiter
from msccli.isct.lots.hints import lot_column_hint
from msccli.isct.markers import header_markers
from msccli.output.files import decode, read_bytes
from msccli.text.errors import InputError, InputErrors
from msccli.text.i18n import N_

STRONG_LOT_COLUMNS = {"lot", "lotid", "lotnumber", "lotno", "batch", "batchid"}
LOT_COLUMNS = STRONG_LOT_COLUMNS | {"sample", "sampleid", "id", "name"}
FIELD_ALIASES = {
    "adherent": "adherence",
    "adherence": "adherence",
    "plasticadherence": "adherence",
    "osteo": "osteogenic",
    "osteogenic": "osteogenic",
    "osteogenesis": "osteogenic",
    "adipo": "adipogenic",
    "adipogenic": "adipogenic",
    "adipogenesis": "adipogenic",
    "chondro": "chondrogenic",
    "chondrogenic": "chondrogenic",
    "chondrogenesis": "chondrogenic",
    "viability": "viability",
    "viable": "viability",
    "ifngamma": "stimulated",
    "ifnγ": "stimulated",
    "ifng": "stimulated",
    "stimulated": "stimulated",
    "primed": "stimulated",
}
TRUE = {"pass", "passed", "yes", "y", "true", "1", "+", "positive", "pos", "adherent"}
FALSE = {"fail", "failed", "no", "n", "false", "0", "-", "negative", "neg", "not adherent", "non-adherent"}
SUMMARY_ROWS = {"mean", "sd", "median", "cv", "min", "max"}


def _key(text: str) -> str:
    return re.sub(r"[\s_\-().%:]", "", text.strip().casefold())


# A plain decimal with an optional exponent and %: no digit separators, ASCII digits only (a cell in another
# script is more likely a paste error than a number), a decimal comma only with --decimal-comma.
_NUMBER = re.compile(r"^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?\s*%?\s*$")


def parse_percent(text: str, decimal_comma: bool = False) -> float:
    """'98.2', '98.2%', ' 98.2 % ' (or '98,2' with decimal_comma) -> 98.2; anything else raises ValueError."""
    if decimal_comma:
        text = text.replace(",", ".")
    if not _NUMBER.match(text):
        if "," in text and not decimal_comma:
            raise ValueError("not a number; for decimal commas (98,2) give --decimal-comma")
        if any(ch.isdigit() and not ch.isascii() for ch in text):
            raise ValueError("not a number; write digits as 0-9")
        raise ValueError("not a number; expected a percentage from 0 to 100")
    value = float(text.strip().removesuffix("%"))
    if 0 <= value <= 100:
        return value
    raise ValueError(f"{value:g} is outside 0-100, so it cannot be a percentage")


def parse_flag(text: str) -> bool:
    word = text.strip().casefold()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise ValueError("expected pass/fail, yes/no or true/false")


@dataclass
class Column:
    """What one input column holds, and how to put a cell of it into a lot."""

    header: str
    index: int
    kind: str  # lot | marker | cocktail | adherence | lineage | viability | stimulated
    markers: tuple[str, ...] = ()
    lineage: str = ""


@dataclass
class Layout:
    lot: Column
    columns: list[Column]
    ignored: list[str] = field(default_factory=list)


def classify(headers: list[str], source: str, mapping: dict[str, str], flowjo: bool) -> Layout:
    errors: list[InputError] = []
    lot: Column | None = None
    columns: list[Column] = []
    ignored: list[str] = []
    seen_markers: dict[tuple[str, ...], str] = {}
    seen_headers: dict[str, int] = {}
    for index, raw in enumerate(headers):
        header = raw.strip()
        if header and header.casefold() in seen_headers:
            first = seen_headers[header.casefold()]
            errors.append(
                InputError(
                    N_("appears twice (columns {first} and {second})", first=first + 1, second=index + 1),
                    source=source,
                    row=1,
                    field=header,
                )
            )
            continue
        seen_headers[header.casefold()] = index
        if flowjo and index == 0:
            lot = Column(header, index, "lot")
            continue
        if lot is None and (_key(header) in LOT_COLUMNS or _key(mapping.get(header, "")) in STRONG_LOT_COLUMNS):
            lot = Column(header, index, "lot")
            continue
        if lot is not None and _key(header) in STRONG_LOT_COLUMNS:
            errors.append(
                InputError(
                    N_("a second lot id column (the first is {header!r}); keep one", header=lot.header),
                    source=source,
                    row=1,
                    field=header,
                )
            )
            continue
        if not header:
            ignored.append(f"column {index + 1} (no header)")
            continue
        name = header
        if flowjo:
            if " | " not in header:
                ignored.append(header)
                continue
            path, statistic = header.rsplit(" | ", 1)
            if not statistic.strip().casefold().startswith("freq"):
                ignored.append(header)  # counts, medians, MFI: not a % of cells
                continue
            gate = path.rstrip("/").rsplit("/", 1)[-1].strip()
            name = mapping.get(path.strip()) or mapping.get(gate) or gate
            if name == gate and name.endswith("-"):
                errors.append(
                    InputError(
                        N_(
                            "gate {gate!r} counts negative cells; export the positive gate or map it with --map "
                            "'{gate}=MARKER'",
                            gate=gate,
                        ),
                        source=source,
                        row=1,
                        field=header,
                    )
                )
                continue
            name = name.rstrip("+").strip()
            name = re.sub(r"\s*(pos|positive)$", "", name, flags=re.IGNORECASE)
        else:
            name = mapping.get(header, header)
        special = FIELD_ALIASES.get(_key(name))
        if special is not None:
            kind = "lineage" if special in LINEAGES else special
            columns.append(Column(header, index, kind, lineage=special if kind == "lineage" else ""))
            continue
        if ":" in name and not flowjo:
            name = name.split(":", 1)[1]  # "PE: CD34/CD45/HLA-DR" names a channel, then its markers
        try:
            markers = tuple(marker_list(name, source=source, row=1, field=header))
        except InputError:
            read = None if flowjo else header_markers(name)  # 'CD73 (%)', '%CD90', 'CD105-PE'
            if not read:
                if flowjo:
                    errors.append(
                        InputError(
                            N_(
                                "cannot tell the marker of gate {gate!r}; name it with --map '{gate}=MARKER'",
                                gate=gate,
                            ),
                            source=source,
                            row=1,
                            field=header,
                        )
                    )
                else:
                    ignored.append(header)
                continue
            markers = tuple(read)
        if markers in seen_markers:
            errors.append(
                InputError(
                    N_("measures the same marker(s) as column {seen_markers!r}", seen_markers=seen_markers[markers]),
                    source=source,
                    row=1,
                    field=header,
                )
            )
            continue
        seen_markers[markers] = header
        columns.append(Column(header, index, "cocktail" if len(markers) > 1 else "marker", markers))
    if lot is None:
        named = [h for h in ignored if not h.startswith("column ")] if not flowjo else []
        errors.append(
            InputError(
                "no lot id column; name one 'lot' (or lot_id, batch, sample, id)",
                source=source,
                row=1,
                hint=lot_column_hint(named[0]) if named else "",
            )
        )
    if errors or lot is None:
        raise InputErrors(errors)
    return Layout(lot, columns, ignored)


def build_batch(
    rows: list[list[str]],
    numbers: list[int],
    layout: Layout,
    source: str,
    flowjo: bool,
    width: int,
    decimal_comma: bool = False,
    duplicates: bool = True,
) -> Batch:
    """Turn rows into lots, collecting every error before raising. Works column by column for speed.
    (`duplicates=False`: the caller looks for repeated lot ids itself, across chunks of a big file.)

    Every row must have as many cells as the header (`width`): a stray delimiter in a lot id would otherwise
    shift every value after it into the wrong column.
    """
    errors: list[InputError] = []
    keep_rows = [i for i, cells in enumerate(rows) if any(cells)]  # a blank line is not a lot
    if len(keep_rows) < len(rows):
        rows = [rows[i] for i in keep_rows]
        numbers = [numbers[i] for i in keep_rows]
    if rows and (min(map(len, rows)) != width or max(map(len, rows)) != width):
        raise InputErrors(width_errors(rows, numbers, width, source))
    kept = rows
    if not kept:
        raise InputError("no lots in the file (only a header)", source=source)
    columns = list(zip(*kept, strict=False))  # transposed in C: one tuple of cells per input column
    ids = [cell.strip() for cell in columns[layout.lot.index]]
    if flowjo:  # FlowJo's Mean/SD rows summarise the samples above them
        keep = len(ids) - _summary_rows(ids)
        if keep < len(ids):
            columns = [column[:keep] for column in columns]
            ids = ids[:keep]
            numbers = numbers[:keep]
        ids = [re.sub(r"\.(fcs|lmd)$", "", lot_id, flags=re.IGNORECASE) for lot_id in ids]
    if not ids:
        raise InputError("no lots in the file (only a header and summary rows)", source=source)
    first_row: dict[str, int] = {}
    for i, lot_id in enumerate(ids):
        if not lot_id:
            errors.append(InputError("empty lot id", source=source, row=numbers[i], field=layout.lot.header))
        elif not duplicates:
            continue
        elif lot_id in first_row:
            errors.append(
                InputError(
                    N_(
                        "duplicate lot id {lot_id!r} (first on row {first_row})",
                        lot_id=lot_id,
                        first_row=first_row[lot_id],
                    ),
                    source=source,
                    row=numbers[i],
                    field=layout.lot.header,
                )
            )
        else:
            first_row[lot_id] = numbers[i]
    parsed = [
        (column, _parse_column(columns[column.index], numbers, column, source, errors, decimal_comma))
        for column in layout.columns
    ]
    if errors:
        errors.sort(key=lambda e: e.row or 0)
        raise InputErrors(errors)
    table: Table = {}
    for column, values in parsed:
        if column.kind == "marker":
            table[column.markers[0]] = values
        elif column.kind == "cocktail":
            table[cocktail_key(column.markers)] = values
        else:
            table["@" + (column.lineage or column.kind)] = values
    return Batch(ids, numbers, table, source, layout.ignored, "flowjo" if flowjo else "csv")


def width_errors(rows: list[list[str]], numbers: list[int], width: int, source: str) -> list[InputError]:
    """Each row with more or fewer cells than the header."""
    return [
        InputError(
            N_(
                "has {count} cells but the header has {width} (a delimiter inside a value must be quoted)",
                count=len(cells),
                width=width,
            ),
            source=source,
            row=number,
        )
        for cells, number in zip(rows, numbers, strict=True)
        if len(cells) != width
    ]


def _summary_rows(ids: list[str]) -> int:
    """How many rows at the end are FlowJo's statistics: the trailing block that starts at a row named 'Mean' and
    holds an 'SD' row, every row of it named after a statistic (Mean, SD, Median, CV, Min, Max). A sample called
    'Max' before that block stays a lot, whatever the other samples are called."""
    folded = [lot_id.strip().casefold() for lot_id in ids]
    tail = 0
    while tail < len(folded) and folded[len(folded) - 1 - tail] in SUMMARY_ROWS:
        tail += 1
    block = folded[len(folded) - tail :]
    if "mean" not in block:
        return 0
    block = block[block.index("mean") :]
    return len(block) if "sd" in block else 0


FLAG_WORDS = {w: True for w in TRUE} | {w: False for w in FALSE}
FLAG_WORDS |= {w.upper(): v for w, v in FLAG_WORDS.items()} | {w.capitalize(): v for w, v in FLAG_WORDS.items()}


def _parse_column(
    cells: tuple[str, ...],
    numbers: list[int],
    column: Column,
    source: str,
    errors: list[InputError],
    decimal_comma: bool = False,
) -> list[Any]:
    """Parse one column: a fast pass for clean values, then cell by cell to name every bad one."""
    is_flag = column.kind in ("adherence", "lineage", "stimulated")

    def parse(cell: str) -> Any:
        return parse_flag(cell) if is_flag else parse_percent(cell, decimal_comma)

    try:
        if is_flag:
            return [FLAG_WORDS[c] if c else None for c in cells]
        joined = "".join(cells)
        if decimal_comma or not joined.isascii() or "_" in joined:
            raise ValueError  # float() would read these; the strict parser decides

        values: list[float | None]
        present: list[float]
        if "" in cells:
            values = [float(c) if c else None for c in cells]
            present = [v for v in values if v is not None]
        else:
            present = list(map(float, cells))
            values = cast("list[float | None]", present)
        # sum() is nan or inf if any value is; min/max then bound the rest
        if not present or (math.isfinite(sum(present)) and min(present) >= 0 and max(present) <= 100):
            return values
    except (KeyError, ValueError):
        pass
    out: list[Any] = []
    for row_number, cell in zip(numbers, cells, strict=True):
        if not cell or cell.isspace():
            out.append(None)
            continue
        try:
            out.append(parse(cell))
        except ValueError as exc:
            errors.append(
                InputError(
                    N_("{cell!r} is not valid: {exc}", cell=cell.strip(), exc=exc),
                    source=source,
                    row=row_number,
                    field=column.header,
                )
            )
            out.append(None)
    return out


# -- files ---------------------------------------------------------------------------------------


@dataclass
class Batch:
    """Lots read from one file: a table of columns, one row per lot; Lot objects are made when asked for."""

    ids: list[str]
    rows: list[int]
    table: Table
    source: str
    ignored: list[str] = field(default_factory=list)
    format: str = "csv"
    notes: list[str] = field(default_factory=list)  # what msc decided about the file, for a note on stderr
    _lots: list[Lot] | None = None

    @property
    def lots(self) -> list[Lot]:
        if self._lots is None:
            with paused_gc():
                self._lots = [
                    Lot(lot_id, self.source, row, self.table, i)
                    for i, (lot_id, row) in enumerate(zip(self.ids, self.rows, strict=True))
                ]
        return self._lots


def read_batch(
    path: str,
    fmt: str | None,
    mapping: dict[str, str],
    stdin: bytes | None = None,
    delimiter: str | None = None,
    decimal_comma: bool = False,
) -> Batch:
    """Read a file of lots in any supported format; bad cells raise InputErrors naming every one."""
    data, source = (stdin or b"", "<stdin>") if path == "-" else read_bytes(path)
    text = decode(data, source)
    with paused_gc():
        return _read_batch(text, source, fmt, mapping, delimiter, decimal_comma)


def _read_batch(
    text: str, source: str, fmt: str | None, mapping: dict[str, str], delimiter: str | None, decimal_comma: bool
) -> Batch:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError("the file is empty", source=source)
    fmt = fmt or sniff(text, source)
    if fmt in ("csv", "tsv", "flowjo"):
        import csv
        import io

        first = text.lstrip("\r\n").split("\n", 1)[0]
        sep = delimiter or ("\t" if fmt == "tsv" else sniff_delimiter(first))
        # strict: an unclosed quote is an error, not a cell that silently swallows the rest of the file
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
        try:
            headers = next(reader)
        except csv.Error as exc:
            raise InputError(N_("not valid {fmt} ({exc})", fmt=fmt.upper(), exc=exc), source=source, row=1) from None
        flowjo = fmt == "flowjo" or any(" | " in h for h in headers)
        layout = classify(headers, source, mapping, flowjo)
        try:
            if '"' in text:  # quoted cells may span lines: ask the reader for each row's line
                rows, numbers = [], []
                for cells in reader:
                    rows.append(cells)
                    numbers.append(reader.line_num)
            else:
                rows = list(reader)
                numbers = list(range(2, len(rows) + 2))
        except csv.Error as exc:
            raise InputError(
                N_("not valid {fmt} ({exc})", fmt=fmt.upper(), exc=exc), source=source, row=reader.line_num
            ) from None
        guessed = not decimal_comma and sep == ";" and _decimal_commas(rows)
        batch = build_batch(rows, numbers, layout, source, flowjo, len(headers), decimal_comma or guessed)
        batch.format = "flowjo" if flowjo else fmt
        if guessed:
            batch.notes.append(N_("read 98,2 as 98.2: a ';'-separated file with decimal commas"))
        return batch
    if fmt in ("yaml", "json"):
        return _read_records(text, source, fmt, mapping, decimal_comma)
    raise InputError(
        N_("unknown input format {fmt!r}; use one of: {FORMATS}", fmt=fmt, FORMATS=", ".join(FORMATS)),
        field="--input-format",
    )


_DECIMAL_COMMA = re.compile(r"^\s*[0-9]+,[0-9]+\s*%?\s*$")
_DECIMAL_POINT = re.compile(r"^\s*[0-9]+\.[0-9]+\s*%?\s*$")


def _decimal_commas(rows: list[list[str]]) -> bool:
    """A ';'-separated file whose numbers are written 98,2 (and none 98.2): the European spreadsheet export."""
    cells = [cell for row in rows[:1000] for cell in row[1:]]
    return any(_DECIMAL_COMMA.match(c) for c in cells) and not any(_DECIMAL_POINT.match(c) for c in cells)


def _read_records(text: str, source: str, fmt: str, mapping: dict[str, str], decimal_comma: bool) -> Batch:
    data = _load_json(text, source) if fmt == "json" else _load_yaml_text(text, source)
    if isinstance(data, dict) and "lots" in data:
        data = data["lots"]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise InputError("expected a list of lots (mappings), or a mapping with a 'lots' list", source=source)
    flat: list[dict[str, str]] = []
    errors: list[InputError] = []
    for number, item in enumerate(data, start=1):
        record: dict[str, str] = {}
        pairs = list(item.items())
        for key, value in list(pairs):
            if isinstance(value, dict) and _key(str(key)) in ("markers", "values", "phenotype"):
                pairs.remove((key, value))
                pairs += list(value.items())
        for key, value in pairs:
            if isinstance(value, list | dict):
                errors.append(
                    InputError(
                        "expected a single value, not a list or mapping", source=source, row=number, field=str(key)
                    )
                )
                continue
            if str(key) in record:  # at the top and again inside 'markers': neither value may win silently
                errors.append(
                    InputError(N_("the key {key!r} appears twice in one lot", key=str(key)), source=source, row=number)
                )
                continue
            record[str(key)] = _cell(value)
        flat.append(record)
    if errors:
        raise InputErrors(errors)
    headers = list(dict.fromkeys(k for record in flat for k in record))
    layout = classify(headers, source, mapping, flowjo=False)
    rows = [[record.get(h, "") for h in headers] for record in flat]
    numbers = list(range(1, len(rows) + 1))
    batch = build_batch(rows, numbers, layout, source, False, len(headers), decimal_comma)
    batch.format = fmt
    return batch


class DuplicateKey(ValueError):
    pass


def _load_json(text: str, source: str) -> Any:
    """JSON with every value as written: numbers stay text (a lot id 0123 or 1.10 is not rewritten)."""
    import json

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in items:
            if key in found:
                raise DuplicateKey(key)
            found[key] = value
        return found

    try:
        return json.loads(text, object_pairs_hook=pairs, parse_float=str, parse_int=str, parse_constant=str)
    except json.JSONDecodeError as exc:
        raise InputError(N_("not valid JSON ({msg})", msg=exc.msg), source=source, row=exc.lineno) from None
    except DuplicateKey as exc:
        raise InputError(N_("the key {key!r} appears twice in one lot", key=exc.args[0]), source=source) from None
    except RecursionError:
        raise InputError("nested too deeply to be a list of lots", source=source) from None


def _load_yaml_text(text: str, source: str) -> Any:
    """YAML with every scalar as text, as written: no YAML 1.1 typing (yes, 0123, 1:30, 1.10 stay what they are)."""
    import yaml

    from msccli.catalogue.yaml_loaders import text_loader, yaml_problem

    try:
        return yaml.load(text, Loader=text_loader())  # noqa: S506 - BaseLoader builds only strings, lists and dicts
    except yaml.YAMLError as exc:
        row, problem = yaml_problem(exc, text)
        raise InputError(N_("not valid YAML ({problem})", problem=problem), source=source, row=row) from None
    except RecursionError:
        raise InputError("nested too deeply to be a list of lots", source=source) from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- flags ---------------------------------------------------------------------------------------
