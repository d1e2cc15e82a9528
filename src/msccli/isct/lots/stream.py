"""Big CSV and TSV files of lots, checked as they are read: validated whole first (every bad row reported before
any output), then reported a chunk at a time, so memory stays bounded however many lots there are."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from msccli.catalogue.collector import paused_gc
from msccli.isct.lots.batch import Batch, Layout, build_batch, classify, width_errors
from msccli.isct.lots.formats import sniff, sniff_delimiter
from msccli.output.guard import path_text
from msccli.text.errors import InputError, InputErrors
from msccli.text.i18n import N_

STREAM_ABOVE = 8 * 2**20  # bytes: a bigger CSV or TSV file is checked chunk by chunk (about 100,000 lots)
CHUNK = 20_000  # lots per chunk


@dataclass
class Stream:
    """A big CSV or TSV file of lots, checked as it is read. The whole file is validated first, so every bad
    row is reported before any output, as for a small file; then its lots come a chunk at a time, and each
    chunk's report is written before the next is read: memory stays bounded however many lots there are.

    The chunks come back from a spool (_Spool) of what the validation parsed, or, without one, from reading and
    parsing the file again."""

    source: str
    ignored: list[str]
    chunks: Callable[[], Iterator[Batch]]


def stream_batch(
    path: str, fmt: str | None, mapping: dict[str, str], delimiter: str | None, decimal_comma: bool
) -> Stream | None:
    """A Stream for a big CSV or TSV file; None for anything else (stdin, a small or oversized file, YAML, JSON,
    FlowJo, text that is not UTF-8), which read_batch reads whole and reports on."""
    import csv
    import io
    import os

    from msccli.output.files import MAX_INPUT

    try:
        if path == "-" or not STREAM_ABOVE < os.stat(path).st_size <= MAX_INPUT:
            return None
        with open(path, encoding="utf-8-sig", newline="") as handle:
            start = handle.read(65536)
    except (OSError, ValueError):  # ValueError: UnicodeDecodeError, or a NUL in the name
        return None
    fmt = fmt or sniff(start, path)
    if fmt not in ("csv", "tsv"):
        return None
    first = start.lstrip("\r\n").split("\n", 1)[0]
    sep = delimiter or ("\t" if fmt == "tsv" else sniff_delimiter(first))
    try:
        headers = next(csv.reader(io.StringIO(first), delimiter=sep, strict=True))
    except (csv.Error, StopIteration):
        return None  # read_batch says what is wrong with it
    if any(" | " in h for h in headers):
        return None  # a FlowJo export: its summary rows are found at the end of the whole file
    source = path_text(path)
    layout = classify(headers, source, mapping, flowjo=False)
    width = len(headers)

    def rows() -> Iterator[tuple[list[list[str]], list[int]]]:
        return _row_chunks(path, sep, fmt)

    spool = _Spool()
    try:
        _validate(rows, layout, source, width, decimal_comma, spool)
        spool.finish()
    except (UnicodeDecodeError, OSError):
        spool.drop()
        return None  # read_batch names the byte and the line
    except BaseException:
        spool.drop()
        raise

    def chunks() -> Iterator[Batch]:
        if spool.file is not None:
            yield from spool.batches(source, layout.ignored, fmt)
            return
        try:
            for chunk, numbers in rows():
                with paused_gc():
                    batch = build_batch(chunk, numbers, layout, source, False, width, decimal_comma, duplicates=False)
                batch.format = fmt
                yield batch
        except (OSError, UnicodeDecodeError) as exc:  # replaced or removed after it was validated
            reason = getattr(exc, "strerror", None) or exc.__class__.__name__
            raise InputError(
                N_("changed while it was being checked ({reason}); check it again", reason=reason), source=source
            ) from None

    return Stream(source, layout.ignored, chunks)


def _row_chunks(path: str, sep: str, fmt: str) -> Iterator[tuple[list[list[str]], list[int]]]:
    """The data rows (blank lines left out) in chunks of CHUNK, each row with its line number, read from the
    file a line at a time (the whole text in an io.StringIO would take four bytes a character)."""
    import csv

    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=sep, strict=True)
        rows: list[list[str]] = []
        numbers: list[int] = []
        try:
            next(reader)
            for cells in reader:
                if not any(cells):
                    continue
                rows.append(cells)
                numbers.append(reader.line_num)
                if len(rows) == CHUNK:
                    yield rows, numbers
                    rows, numbers = [], []
        except csv.Error as exc:
            raise InputError(
                N_("not valid {fmt} ({exc})", fmt=fmt.upper(), exc=exc), source=path, row=reader.line_num
            ) from None
    if rows:
        yield rows, numbers


class _Spool:
    """The chunks of a big file as its validation parsed them, kept in a temporary file (marshal) so that the
    report needs neither to read nor to parse the file again, and
    reports exactly the lots that were checked. The file is in msc's cache folder, on disk where /tmp may be
    memory, and has no name, so nothing is left behind. Without one (MSC_NO_CACHE, no folder to write to, a full
    disk) the file is read again."""

    def __init__(self) -> None:
        import os
        import tempfile

        from msccli.catalogue import cache

        self.file: Any = None
        if os.environ.get(cache.NO_CACHE_ENV):
            return
        try:
            os.makedirs(cache.folder(), mode=0o700, exist_ok=True)
            self.file = tempfile.TemporaryFile(dir=cache.folder())  # noqa: SIM115 - open for both passes
        except OSError:
            self.file = None

    def keep(self, batch: Batch) -> None:
        if self.file is None:
            return
        import marshal

        try:
            data = marshal.dumps((batch.ids, batch.rows, batch.table))
            self.file.write(len(data).to_bytes(8, "little"))
            self.file.write(data)
        except (OSError, ValueError):  # a full disk, a value marshal does not take: the file is read again
            self.drop()

    def finish(self) -> None:
        """Everything kept is on disk, or there is no spool: a full disk may only show when the buffer is written."""
        if self.file is None:
            return
        try:
            self.file.flush()
        except OSError:
            self.drop()

    def drop(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None

    def batches(self, source: str, ignored: list[str], fmt: str) -> Iterator[Batch]:
        import marshal

        try:
            self.file.seek(0)
            while head := self.file.read(8):
                data = self.file.read(int.from_bytes(head, "little"))
                with paused_gc():
                    ids, rows, table = marshal.loads(data)  # noqa: S302 - written above, by this run
                yield Batch(ids, rows, table, source, ignored, fmt)
        except (OSError, EOFError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or exc.__class__.__name__
            raise InputError(
                N_("its checked lots could not be read back ({reason}); check it again", reason=reason), source=source
            ) from None
        finally:
            self.drop()


def _validate(
    rows: Callable[[], Iterator[tuple[list[list[str]], list[int]]]],
    layout: Layout,
    source: str,
    width: int,
    decimal_comma: bool,
    spool: _Spool,
) -> None:
    """Every error of the whole file, as read_batch would report them, in bounded memory: rows of the wrong
    width alone if there are any; else every bad cell, empty lot id and repeated lot id, by row. Each sound chunk
    goes to the spool until an error is found."""
    from array import array

    wrong_width: list[InputError] = []
    errors: list[InputError] = []
    hashes = array("q")  # of every lot id: repeated ids are found from these, not from a set of the ids
    total = 0
    for chunk, numbers in rows():
        total += len(chunk)
        wrong_width += width_errors(chunk, numbers, width, source)
        if wrong_width:
            continue
        hashes.extend(hash(cells[layout.lot.index].strip()) for cells in chunk)
        try:
            with paused_gc():
                batch = build_batch(chunk, numbers, layout, source, False, width, decimal_comma, duplicates=False)
        except InputErrors as exc:
            errors += exc.errors
        except InputError as exc:
            errors.append(exc)
        else:
            spool.keep(batch)
        if errors:
            spool.drop()  # no report will be written
    if wrong_width:
        raise InputErrors(wrong_width)
    if not total:
        raise InputError("no lots in the file (only a header)", source=source)
    repeated = _repeated(rows, layout, source, hashes)
    if errors or repeated:
        ordered = [(e.row or 0, 1, e) for e in errors] + [(e.row or 0, 0, e) for e in repeated]
        ordered.sort(key=lambda item: item[:2])  # on one row the repeated id first, as for a small file
        raise InputErrors([e for _, _, e in ordered])


def _repeated(
    rows: Callable[[], Iterator[tuple[list[list[str]], list[int]]]], layout: Layout, source: str, hashes: Any
) -> list[InputError]:
    """Each row whose lot id came before, naming the first row: sought only among ids whose hash repeats."""
    from itertools import pairwise

    suspects = {h for h, following in pairwise(sorted(hashes)) if h == following}
    if not suspects:
        return []
    first_row: dict[str, int] = {}
    found = []
    for chunk, numbers in rows():
        for cells, number in zip(chunk, numbers, strict=True):
            lot_id = cells[layout.lot.index].strip()
            if not lot_id or hash(lot_id) not in suspects:
                continue
            if lot_id in first_row:
                message = f"duplicate lot id {lot_id!r} (first on row {first_row[lot_id]})"
                found.append(InputError(message, source=source, row=number, field=layout.lot.header))
            else:
                first_row[lot_id] = number
    return found
