"""A day's panel from one sample sheet (isct-check --sheet day.csv): each row names a lot, a tube file and its role.

Columns: `lot`, `file` (relative to the sheet), `role`: `stained`, `control` (an isotype control shared by the
lot's markers), `unstained` (the shared control when the lot has no `control` row), or `fmo:CD73` (one marker's
own control). Optional per-lot results, in the columns lot files use: `adherent`, `osteogenic`, `adipogenic`,
`chondrogenic`, `viability`; a lot's rows may repeat them but must not disagree. Every bad row is reported at once.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from msccli.catalogue.profiles import marker_list
from msccli.isct.fcs.files import split_dataset
from msccli.isct.lots.batch import parse_flag, parse_percent
from msccli.isct.lots.formats import sniff_delimiter
from msccli.text.errors import InputError, InputErrors
from msccli.text.i18n import N_

RESULTS = ("adherent", "osteogenic", "adipogenic", "chondrogenic", "viability")
ROLES = "stained, control, unstained or fmo:MARKER"


@dataclass
class SheetLot:
    lot: str
    stained: list[str] = field(default_factory=list)
    controls: list[str] = field(default_factory=list)  # shared controls, then MARKER=FILE
    unstained: list[str] = field(default_factory=list)
    results: dict[str, str] = field(default_factory=dict)  # column -> the sheet's text
    rows: list[int] = field(default_factory=list)

    @property
    def tube_controls(self) -> list[str]:
        """The lot's --control list: its shared control (or else its unstained tube) and per-marker controls."""
        shared = [c for c in self.controls if "=" not in c] or self.unstained[:1]
        return shared + [c for c in self.controls if "=" in c]


def _columns(names: Sequence[str | None], path: str) -> dict[str, str]:
    """The sheet's columns by their folded names; a column given twice (`file` twice, `lot` and `LOT `) is refused:
    the reader would keep only the last, and a row's lot or file would be the wrong one without a word."""
    found: dict[str, str] = {}
    for name in names:
        key = (name or "").strip().casefold()
        if key in found and key:
            raise InputError(
                N_("the column {name!r} is given twice ({first!r} and {second!r})", name=key, first=found[key],
                   second=name),
                source=path,
                hint="keep one of them",
            )  # fmt: skip
        found[key] = name or ""
    return found


def _same_id(first: str, second: str) -> bool:
    return first != second and first.casefold() == second.casefold()


def read_sheet(path: str, limit: int) -> tuple[list[SheetLot], list[str]]:
    """The sheet's lots, and the columns it has that msc does not read (said, never dropped quietly)."""
    import csv

    from msccli.output.files import decode, read_bytes

    data, path = read_bytes(path, limit)
    text = decode(data, path, limit)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InputError("the sample sheet is empty", source=path, hint="columns: lot, file, role")
    reader = csv.DictReader(io.StringIO(text), delimiter=sniff_delimiter(lines[0]))
    columns = _columns(reader.fieldnames or [], path)
    missing = [c for c in ("lot", "file", "role") if c not in columns]
    if missing:
        raise InputError(
            N_("the sample sheet has no {columns} column", columns=", ".join(missing)),
            source=path,
            hint="columns: lot, file, role, and optionally adherent, osteogenic, adipogenic, chondrogenic, viability",
        )
    folder = Path(path).parent
    lots: dict[str, SheetLot] = {}
    errors: list[InputError] = []
    for number, row in enumerate(reader, start=2):
        cells = {key: (row.get(name) or "").strip() for key, name in columns.items()}

        def bad(column: str, why: str, number: int = number) -> None:
            errors.append(InputError(N_("row {row}, {column}: {why}", row=number, column=column, why=why), source=path))

        if not any(cells.values()):
            continue
        lot_id, file, role = cells["lot"], cells["file"], cells["role"].casefold()
        if not lot_id:
            bad("lot", N_("empty"))
            continue
        lot = lots.setdefault(lot_id, SheetLot(lot_id))
        lot.rows.append(number)
        twin = next((other for other in lots.values() if other is not lot and _same_id(other.lot, lot_id)), None)
        if twin is not None and lot.rows == [number]:
            why = N_(
                "{lot!r} differs from lot {other!r} (row {row}) only in case: a release record must not let "
                "one pass for the other; name them apart",
                lot=lot_id,
                other=twin.lot,
                row=twin.rows[0],
            )
            bad("lot", why)
        tube = str(folder / file) if file else ""
        if not file:
            bad("file", N_("empty"))
        elif not Path(split_dataset(tube)[0]).exists():
            bad("file", N_("no such file {file!r} (paths are relative to the sheet)", file=file))
        elif Path(split_dataset(tube)[0]).is_dir():
            bad("file", N_("{file!r} is a folder, not a file", file=file))
        if role == "stained":
            lot.stained.append(tube)
        elif role in ("control", "isotype"):
            lot.controls.append(tube)
        elif role == "unstained":
            lot.unstained.append(tube)
        elif role.startswith("fmo:"):
            try:
                names = marker_list(role[4:], field="role")
            except InputError as exc:
                bad("role", exc.why)
            else:
                key = "/".join(names)
                given = next((c for c in lot.controls if c.partition("=")[0] == key), None)
                if given is not None:
                    bad("role", N_("{marker} of lot {lot} has a control already ({file}): one control per marker",
                                   marker=key, lot=lot.lot, file=Path(given.partition("=")[2]).name))  # fmt: skip
                lot.controls.append(f"{key}={tube}")
        else:
            bad("role", N_("{role!r} is not a role: {roles}", role=cells["role"], roles=ROLES))
        for column in RESULTS:
            value = cells.get(column, "")
            if not value:
                continue
            try:
                parse_percent(value) if column == "viability" else parse_flag(value)
            except ValueError as exc:
                bad(column, N_("{value!r} is not valid: {exc}", value=value, exc=exc))
                continue
            if lot.results.setdefault(column, value) != value:
                bad(column, N_("{value!r} disagrees with {first!r} on another row of lot {lot}", value=value,
                               first=lot.results[column], lot=lot.lot))  # fmt: skip
    for lot in lots.values():
        if not lot.stained:
            errors.append(InputError(N_("lot {lot} has no stained tube", lot=lot.lot), source=path))
        elif not lot.tube_controls:
            errors.append(InputError(N_("lot {lot} has no control, unstained or fmo tube", lot=lot.lot), source=path))
    if errors:
        raise InputErrors(errors)
    if not lots:
        raise InputError("the sample sheet has no rows", source=path)
    known = {"lot", "file", "role", *RESULTS}
    return list(lots.values()), [name for key, name in columns.items() if key not in known and name]
