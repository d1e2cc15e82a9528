"""Excel workbooks (-f xlsx): a sheet per view, a row per record, the view's fields as the header row.

Numbers are numbers and true/false are Excel's booleans; every other value is text, written as a string cell even
where it starts with "=" (openpyxl would make it a formula), so no name, lot id or note can run in Excel. Lists and
objects are the text CSV gives them. openpyxl is imported only when a workbook is written."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from msccli.output.cells import cell_text
from msccli.output.guard import visible
from msccli.text.errors import InputError
from msccli.text.i18n import N_

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import BinaryIO

    Sheet = tuple[str, list[str], Iterable[dict[str, Any]]]  # title, header (field names), records

MAX_CELL = 32_767  # characters: Excel's limit for one cell's text
MAX_ROWS = 1_048_576  # Excel's limit for a sheet, the header row included
CHUNK = 1 << 16  # bytes a write: a reader that leaves mid-way is seen at once


def write_workbook(sheets: Iterable[Sheet], out: BinaryIO) -> None:
    """Every row is made (and its cells checked) before the workbook is: a cell that cannot be written stops the
    answer before any of it is, and a broken pipe or a full disk meets only finished bytes."""
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    made = []
    for title, keys, records in sheets:
        sheet = book.create_sheet(title=_title(title))  # its writer starts at the first row appended, below
        rows = [[_text(sheet, key, key) for key in keys]]
        for record in records:
            rows.append([_cell(sheet, record.get(key), key) for key in keys])
            if len(rows) > MAX_ROWS:
                raise InputError(
                    N_("more than {rows:,} rows, more than an Excel sheet holds", rows=MAX_ROWS - 1),
                    field="--format",
                    hint="write it with -f csv or -f jsonl",
                )
        made.append((sheet, rows))
    from openpyxl.utils import get_column_letter

    for sheet, rows in made:
        sheet.freeze_panes = "A2"  # the header row stays in view
        for index, width in enumerate(_widths(rows), start=1):  # set before the first row, as write-only asks
            sheet.column_dimensions[get_column_letter(index)].width = width
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getbuffer()
    for start in range(0, len(data), CHUNK):
        out.write(data[start : start + CHUNK])


def _widths(rows: list[list[Any]]) -> list[int]:
    """Each column as wide as its longest value (a Chinese character two), within 8-60 characters: wider text
    wraps in the cell as Excel shows it."""
    from rich.cells import cell_len

    widths = [0] * len(rows[0])
    for row in rows:
        for i, cell in enumerate(row):
            value = getattr(cell, "value", cell)
            if value is not None:
                widths[i] = max(widths[i], cell_len(str(value)))
    return [min(max(w + 2, 8), 60) for w in widths]


def _cell(sheet: Any, value: Any, field: str) -> Any:
    kind = type(value)
    if value is None:
        return None
    if kind is bool:
        return value
    if (kind is int and abs(value) < 2**53) or (kind is float and math.isfinite(value)):
        return value
    return _text(sheet, cell_text(value), field)


def _text(sheet: Any, text: str, field: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    shown = visible(text)  # control characters, which a workbook cannot hold, are shown as \x1b
    if len(shown) > MAX_CELL:
        raise InputError(
            N_("{field} holds {size:,} characters, more than an Excel cell holds", field=field, size=len(shown)),
            field="--format",
            hint="write it with -f csv or -f json",
        )
    cell = WriteOnlyCell(sheet, value=shown)
    cell.data_type = "s"  # text, even where it starts with '=': never a formula
    return cell


def _title(name: str) -> str:
    """A sheet's title as Excel allows it: at most 31 characters, none of []:*?/\\."""
    return "".join("_" if c in "[]:*?/\\" else c for c in name)[:31] or "sheet"
