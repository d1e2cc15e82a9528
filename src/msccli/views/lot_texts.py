"""A lot report's JSON text and CSV cells made a column at a time, for big batches (a QC lab's 100,000 lots).

The output is the same, byte for byte, as writing each lot's record (render.encoded and write_json; cells.cells):
- One lot's record, with a numbered marker where it varies from lot to lot, is written by the same code as any
  record, so every constant part (keys, titles, thresholds, the layout) is that code's own.
- The varying parts are written a column at a time (one msgspec call for a column of numbers) and put in place
  with one string formatting per lot. A part with the same text for every lot of the run becomes constant, and
  a criterion's outcome, which repeats from lot to lot, is written once.
A run of lots this cannot write (FCS input, lots of several tables, a data text that holds a marker) is written
record by record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from msccli.isct.criteria import Check, Lot, Results, overall
from msccli.views.lot_records import criterion_records, lot_record, lot_records, lots_problems, runs

if TYPE_CHECKING:
    import msgspec

MARK = "\x00\x01"  # a varying leaf's marker in the skeleton record, before its number
_MARKED = re.compile(r'"\\u0000\\u0001(\d+)"')  # the marker as msgspec writes it
_RAW_MARK = re.compile(MARK + r"(\d+)")  # the marker in a cell's text
SCALARS = frozenset((float, int, bool, type(None)))  # their JSON never holds a comma
T = TypeVar("T")


Run = tuple[list[Lot], list[list[Check]], list[list[Results]]]  # lots, their checks, the checks' results


def lot_texts(lots: list[Lot], checks: list[list[Check]], judged: set[str], keys: list[str], fmt: str) -> Iterator[str]:
    """Each lot's record as render.write_json(items=True) takes it: an indented list item (json), a line (jsonl)."""

    encoder, pretty = _encoder(), fmt == "json"
    return _by_runs(
        lots,
        checks,
        lambda run: _run(*run, judged, keys, pretty, encoder),
        lambda some, checked: _encoded(lot_records(some, checked, judged), keys, pretty),
    )


def lot_cells(lots: list[Lot], checks: list[list[Check]], judged: set[str], keys: list[str]) -> Iterator[Sequence[str]]:
    """Each lot's CSV or TSV cells, as output.cells makes them from its record."""
    from msccli.output.cells import cells

    return _by_runs(
        lots,
        checks,
        lambda run: _cell_run(*run, judged, keys),
        lambda some, checked: [cells(record, keys) for record in lot_records(some, checked, judged)],
    )


def detail_texts(lots: list[Lot], checks: list[list[Check]], keys: list[str], fmt: str) -> Iterator[str]:
    """--detail: each lot's records, one per check and criterion, as lot_texts writes a lot's."""

    encoder, pretty = _encoder(), fmt == "json"
    return _by_runs(
        lots,
        checks,
        lambda run: _detail_run(*run, keys, pretty, encoder),
        lambda some, checked: _encoded(criterion_records(some, checked), keys, pretty),
    )


def detail_cells(lots: list[Lot], checks: list[list[Check]], keys: list[str]) -> Iterator[Sequence[str]]:
    """--detail: the CSV or TSV cells of each lot's records, one per check and criterion."""
    from msccli.output.cells import cells

    return _by_runs(
        lots,
        checks,
        lambda run: _detail_cell_run(*run, keys),
        lambda some, checked: [cells(record, keys) for record in criterion_records(some, checked)],
    )


def _by_runs(
    lots: list[Lot],
    checks: list[list[Check]],
    fast: Callable[[Run], Sequence[T] | None],
    records: Callable[[list[Lot], list[list[Check]]], Sequence[T]],
) -> Iterator[T]:
    """Run by run, what `fast` makes from the columns, or (when it cannot: None) what `records` makes."""
    for start, stop, per_check in runs(lots, checks):
        some, checked = lots[start:stop], checks[start:stop]
        made = fast((some, checked, per_check))
        yield from made if made is not None else records(some, checked)


def _encoder() -> msgspec.json.Encoder:
    import msgspec

    return msgspec.json.Encoder()


def _encoded(records: Iterable[dict[str, Any]], keys: list[str], pretty: bool) -> list[str]:
    """Records' texts as write_json(items=True) takes them."""
    from msccli.output.render import encoded, list_item

    return [list_item(text) if pretty else text for text in encoded(records, keys, pretty)]


def _outcome_fields(r: Results, verdicts: list[str]) -> dict[str, list[Any]]:
    """A criterion's fields that vary from lot to lot in its --detail records."""
    return {
        "verdict": verdicts,
        "status": r.status,
        "informative": r.informative,
        "value": r.value,
        "margin": r.margins,
        "used": r.used,
        "interval": r.interval,
        "note": r.note,
    }


def _detail_parts(
    lots: list[Lot], checks: list[list[Check]], per_check: list[list[Results]]
) -> list[tuple[dict[str, Any], dict[str, list[Any]]]] | None:
    """Each check's and criterion's first record, with its varying fields' per-lot values, in report order."""

    if any(lot.table is not lots[0].table for lot in lots):
        return None
    firsts = iter(criterion_records(lots[:1], checks[:1]))
    parts = []
    for k, part in enumerate(per_check):
        verdicts = [one[k].verdict for one in checks]
        parts += [(next(firsts), _outcome_fields(r, verdicts)) for r in part]
    return parts


def _interleaved(per_record: list[list[Any]]) -> list[Any]:
    """Lot by lot: the first lot's records in order, then the second's, ..."""
    return [item for items in zip(*per_record, strict=True) for item in items]


def _detail_run(
    lots: list[Lot],
    checks: list[list[Check]],
    per_check: list[list[Results]],
    keys: list[str],
    pretty: bool,
    encoder: msgspec.json.Encoder,
) -> list[str] | None:
    parts = _detail_parts(lots, checks, per_check)
    if parts is None:
        return None
    count = len(lots)
    leaves = _leaf_values(lots, checks)
    shared: dict[str, list[str]] = {
        key: _leaves(leaves[key](), encoder) for key in ("lot", "source", "row") if key in keys
    }
    per_record = []
    for record, fields in parts:
        skeleton = _Skeleton()
        for name, written in shared.items():
            record[name] = skeleton.written(written)
        for name, values in fields.items():
            if name == "interval" and name in keys:
                any_interval = values.count(None) != count
                record[name] = skeleton.each([None if any_interval else 0] * count, values.__getitem__)
            elif name in keys:
                record[name] = skeleton.column(values)
        texts = skeleton.texts({key: record[key] for key in keys}, pretty, encoder, count)
        if texts is None:
            return None  # a text of the data holds the marker
        per_record.append(texts)
    return _interleaved(per_record)


def _detail_cell_run(
    lots: list[Lot], checks: list[list[Check]], per_check: list[list[Results]], keys: list[str]
) -> list[tuple[str, ...]] | None:
    from msccli.output.cells import cell_text
    from msccli.output.guard import visible

    parts = _detail_parts(lots, checks, per_check)
    if parts is None:
        return None
    count = len(lots)
    leaves = _leaf_values(lots, checks)
    shared = {key: _cells_of(leaves[key]()) for key in ("lot", "source", "row") if key in keys}
    per_record = []
    for record, fields in parts:
        columns = []
        for key in keys:
            if key in shared:
                columns.append(shared[key])
            elif key in fields:
                columns.append(_cells_of(fields[key]))
            else:
                columns.append([visible(cell_text(record[key]))] * count)
        per_record.append(list(zip(*columns, strict=True)))
    return _interleaved(per_record)


def _cells_of(values: list[Any]) -> list[str]:
    """Each value's cell: texts as they are when none holds a control character, whole numbers written, any
    other value's cell made once for each distinct value."""
    from msccli.output.cells import cell_text
    from msccli.output.guard import visible

    kinds = set(map(type, values))
    if kinds == {str}:
        joined = "\n".join(values)  # a new line is not a control character to `visible`
        return values if visible(joined) == joined else [visible(v) for v in values]
    if kinds <= {int, type(None)}:
        return [cell_text(v) for v in values]  # digits (or nothing): no control character to make visible
    keys = [None if isinstance(v, list | dict) else (v.__class__, v) for v in values]
    return _keyed(keys, _cell_of(values.__getitem__))


class _Skeleton:
    """One lot's record with markers where it varies from lot to lot, and how each marker's per-lot text is made:
    a column of scalars (one msgspec call), or a value per lot, written as msgspec writes it in place. Values
    that repeat (a criterion's outcome, the same problems) have a key, and each key's text is made once."""

    def __init__(self) -> None:
        self.slots: list[tuple[str, list[Any], Callable[[int], Any] | None]] = []

    def column(self, values: list[Any]) -> str:
        """A leaf: `values` are the lots' scalars or strings."""
        return self._marker("leaf", values, None)

    def each(self, keys: list[Any], make: Callable[[int], Any]) -> str:
        """Any value: lot i's is make(i), the same for every lot with the same key (None: no key)."""
        return self._marker("each", keys, make)

    def written(self, texts: list[str]) -> str:
        """A leaf whose texts are made already (a column several records share)."""
        return self._marker("written", texts, None)

    def _marker(self, kind: str, values: list[Any], make: Callable[[int], Any] | None) -> str:
        self.slots.append((kind, values, make))
        return f"{MARK}{len(self.slots) - 1}"

    def texts(
        self, record: dict[str, Any], pretty: bool, encoder: msgspec.json.Encoder, count: int
    ) -> list[str] | None:
        """Each lot's text of the record (as write_json(items=True) takes it), or None if a text of the data holds
        a marker."""
        text = encoder.encode(record)
        from msccli.output.render import list_item

        parts = _MARKED.split(list_item(_formatted(text)) if pretty else text.decode())
        numbers = [int(n) for n in parts[1::2]]
        if sorted(numbers) != list(range(len(self.slots))):
            return None
        slots = []
        for m, number in enumerate(numbers):
            kind, values, make = self.slots[number]
            if kind == "written":
                slots.append(values)
            elif kind == "leaf":
                slots.append(_leaves(values, encoder))
            else:
                assert make is not None
                indent = "\n" + " " * _indent(parts[2 * m]) if pretty else None
                slots.append(_keyed(values, _json_of(make, indent, encoder)))
        return _filled(parts[0::2], slots, count)


def _leaf_values(lots: list[Lot], checks: list[list[Check]]) -> dict[str, Callable[[], list[Any]]]:
    """The record's fields that vary from lot to lot as plain values, each made when asked for."""
    return {
        "lot": lambda: [lot.lot for lot in lots],
        "source": lambda: [lot.source for lot in lots],
        "row": lambda: [lot.row for lot in lots],
        "verdict": lambda: [overall([c.verdict for c in one]) for one in checks],
        "profile_verdict": lambda: [one[0].verdict for one in checks],
        "spec_verdict": lambda: [one[1].verdict if len(one) > 1 else None for one in checks],
        "stimulated": lambda: [lot.stimulated for lot in lots],
    }


def _first_record(
    lots: list[Lot], checks: list[list[Check]], judged: set[str], per_check: list[list[Results]]
) -> tuple[dict[str, Any], list[list[str]]] | None:
    """The run's first record, to be the skeleton, and every lot's problems; None for a run of other shapes."""
    table = lots[0].table
    if any(lot.fcs is not None or lot.table is not table for lot in lots):
        return None
    problems = lots_problems(per_check, len(lots))
    details = [[r.record(0) for r in part] for part in per_check]
    return lot_record(lots[0], checks[0], judged, details, problems[0]), problems


def _unjudged(lots: list[Lot], judged: set[str]) -> list[dict[str, Any]] | None:
    """Each lot's markers that no criterion judges (None when the table has none)."""
    table = lots[0].table
    columns = [(key, table[key]) for key in table if not key.startswith("@") and key not in judged]
    if not columns:
        return None
    return [{key: v for key, column in columns if (v := column[lot.index]) is not None} for lot in lots]


def _run(
    lots: list[Lot],
    checks: list[list[Check]],
    per_check: list[list[Results]],
    judged: set[str],
    keys: list[str],
    pretty: bool,
    encoder: msgspec.json.Encoder,
) -> list[str] | None:
    first = _first_record(lots, checks, judged, per_check)
    if first is None:
        return None
    record, problems = first
    count = len(lots)
    skeleton = _Skeleton()
    for key, made in _leaf_values(lots, checks).items():
        if key in keys:
            record[key] = skeleton.column(made())
    if "problems" in keys:
        record["problems"] = skeleton.each([tuple(p) for p in problems], problems.__getitem__)
    if "checks" in keys:
        for k, (check, part) in enumerate(zip(record["checks"], per_check, strict=True)):
            check["verdict"] = skeleton.column([one[k].verdict for one in checks])
            criteria = check["criteria"]
            for j, r in enumerate(part):
                criteria[j] = skeleton.each(_outcome_keys(r), r.record)
    unjudged = _unjudged(lots, judged) if "unjudged_markers" in keys else None
    if unjudged is not None:
        record["unjudged_markers"] = skeleton.each([None] * count, unjudged.__getitem__)
    return skeleton.texts({key: record[key] for key in keys}, pretty, encoder, count)


def _cell_run(
    lots: list[Lot], checks: list[list[Check]], per_check: list[list[Results]], judged: set[str], keys: list[str]
) -> list[tuple[str, ...]] | None:
    from msccli.output.cells import cell_text
    from msccli.output.guard import visible

    first = _first_record(lots, checks, judged, per_check)
    if first is None:
        return None
    record, problems = first
    count = len(lots)
    leaves = _leaf_values(lots, checks)
    columns: list[list[str]] = []
    for key in keys:
        if key in leaves:
            values = leaves[key]()
            columns.append(_cells_of(values))
        elif key == "problems":
            columns.append(_keyed([tuple(p) for p in problems], _cell_of(problems.__getitem__)))
        elif key == "checks":
            cells = _checks_cells(record["checks"], checks, per_check)
            if cells is None:
                return None  # a text of the data holds the marker
            columns.append(cells)
        elif key == "unjudged_markers" and (unjudged := _unjudged(lots, judged)) is not None:
            columns.append([visible(cell_text(markers)) for markers in unjudged])
        else:
            columns.append([visible(cell_text(record[key]))] * count)
    return list(zip(*columns, strict=True))


def _checks_cells(
    skeleton: list[dict[str, Any]], checks: list[list[Check]], per_check: list[list[Results]]
) -> list[str] | None:
    """The checks' cell of each lot: the skeleton's cell text, its markers filled in."""
    from msccli.output.cells import cell_text, nested_text
    from msccli.output.guard import visible

    slots: list[list[str]] = []
    for k, (check, part) in enumerate(zip(skeleton, per_check, strict=True)):
        check["verdict"] = f"{MARK}{len(slots)}"
        slots.append([visible(one[k].verdict) for one in checks])
        criteria = check["criteria"]
        for j, r in enumerate(part):
            criteria[j] = f"{MARK}{len(slots)}"
            slots.append(_keyed(_outcome_keys(r), _cell_of(r.record, nested_text)))
    parts = _RAW_MARK.split(cell_text(skeleton))
    if [int(n) for n in parts[1::2]] != list(range(len(slots))):
        return None
    return _filled([visible(p) for p in parts[0::2]], slots, len(checks))


def _filled(constants: list[str], slots: list[list[str]], count: int) -> list[str]:
    """For each lot: constants[0], its text of slots[0], constants[1], ... A slot with one text for every lot is
    made constant; the rest are filled in with one string formatting per lot."""
    template = [constants[0].replace("%", "%%")]
    varying = []
    for texts, after in zip(slots, constants[1:], strict=True):
        if texts.count(texts[0]) == count:
            template.append(texts[0].replace("%", "%%"))
        else:
            template.append("%s")
            varying.append(texts)
        template.append(after.replace("%", "%%"))
    form = "".join(template)
    if not varying:
        return [form % ()] * count
    return [form % values for values in zip(*varying, strict=True)]


def _outcome_keys(r: Results) -> list[Any]:
    """What decides a criterion's text for each lot (None: no key, the text is made for that lot).
    -0.0 equals 0.0 but is written "-0.0", and True equals 1.0: those values are keyed by their text."""
    if r.interval.count(None) != len(r.interval):
        return [None] * len(r.value)
    kinds = set(map(type, r.value))
    if not (kinds <= {float, type(None)} or kinds <= {bool, type(None)}):
        return [None] * len(r.value)
    values = [v if v or v is None or v is False else repr(v) for v in r.value]
    return list(zip(r.status, r.informative, values, r.used, r.note, strict=True))


def _formatted(text: bytes) -> str:
    import msgspec

    return msgspec.json.format(text, indent=2).decode()


def _json(value: Any, indent: str | None, encoder: msgspec.json.Encoder) -> str:
    """A value as msgspec.json.format writes it on a line that starts with `indent` (None: compact)."""
    written = encoder.encode(value)
    return _formatted(written).replace("\n", indent) if indent is not None else written.decode()


def _indent(before: str) -> int:
    """The indentation of the line a value starts on (after a key and its colon, or alone as a list's item)."""
    line = before[before.rfind("\n") + 1 :]
    return len(line) - len(line.lstrip(" "))


def _leaves(values: list[Any], encoder: msgspec.json.Encoder) -> list[str]:
    """Each value's JSON text, as msgspec writes it in a record."""
    kinds = set(map(type, values))
    if kinds <= SCALARS:  # one call for the column, split at its commas
        return encoder.encode(values).decode()[1:-1].split(",")
    if kinds <= {str, type(None)}:
        known = {value: encoder.encode(value).decode() for value in set(values)}
        return [known[value] for value in values]
    return [encoder.encode(value).decode() for value in values]


def _keyed(keys: list[Any], text: Callable[[int], str]) -> list[str]:
    """Each lot's text(i), made once for each key (a key of None: made for that lot)."""
    known: dict[Any, str] = {}
    get = known.get

    def made(i: int, key: Any) -> str:
        found = text(i)
        if key is not None:
            known[key] = found
        return found

    return [
        found if key is not None and (found := get(key)) is not None else made(i, key) for i, key in enumerate(keys)
    ]


def _json_of(make: Callable[[int], Any], indent: str | None, encoder: msgspec.json.Encoder) -> Callable[[int], str]:
    return lambda i: _json(make(i), indent, encoder)


def _cell_of(make: Callable[[int], Any], text: Callable[[Any], str] | None = None) -> Callable[[int], str]:
    """Lot i's cell: make(i) as render.cells writes it (`text`: a value inside an object's cell)."""
    from msccli.output.cells import cell_text
    from msccli.output.guard import visible

    written = text or cell_text
    return lambda i: visible(written(make(i)))
