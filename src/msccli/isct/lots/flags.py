"""One sample given on the command line (--marker CD73=98 --adherent ...), and --map's names for odd gates and
columns."""

from __future__ import annotations

from typing import Any

from msccli.catalogue.profiles import marker_list
from msccli.isct.criteria import Lot, cocktail_key, single_lot
from msccli.isct.lots.batch import parse_flag, parse_percent
from msccli.text.errors import InputError, InputErrors
from msccli.text.i18n import N_


def lot_from_flags(
    lot_id: str,
    markers: list[str],
    adherent: bool | None,
    lineages: dict[str, str | None],
    viability: str | None,
    stimulated: bool,
) -> Lot:
    errors: list[InputError] = []
    values: dict[str, Any] = {}
    for item in markers:
        name, sep, value = item.partition("=")
        if not sep:
            errors.append(
                InputError(N_("{item!r} needs the form MARKER=PERCENT (e.g. CD73=98.2)", item=item), field="--marker")
            )
            continue
        try:
            names = marker_list(name, field="--marker")
        except InputError as exc:
            errors.append(exc)
            continue
        try:
            percent = parse_percent(value)
        except ValueError as exc:
            errors.append(
                InputError(
                    N_("{value!r} in {item!r} is not valid: {exc}", value=value.strip(), item=item, exc=exc),
                    field="--marker",
                )
            )
            continue
        key = cocktail_key(names) if len(names) > 1 else names[0]
        if key in values:
            errors.append(InputError(N_("{names} is given twice", names="/".join(names)), field="--marker"))
        values[key] = percent
    for lineage, text in lineages.items():
        if text is None:
            continue
        try:
            values["@" + lineage] = parse_flag(text)
        except ValueError as exc:
            errors.append(InputError(N_("{text!r} is not valid: {exc}", text=text, exc=exc), field=f"--{lineage[:-5]}"))
    if viability is not None:
        try:
            values["@viability"] = parse_percent(viability)
        except ValueError as exc:
            errors.append(
                InputError(N_("{viability!r} is not valid: {exc}", viability=viability, exc=exc), field="--viability")
            )
    values["@adherence"] = adherent
    values["@stimulated"] = stimulated
    if errors:
        raise InputErrors(errors)
    return single_lot(lot_id, values)


def parse_mapping(items: list[str]) -> dict[str, str]:
    mapping = {}
    for item in items:
        gate, sep, marker = item.rpartition("=")
        if not sep or not gate.strip() or not marker.strip():
            raise InputError(
                N_("{item!r} needs the form GATE=MARKER (e.g. 'Q2: FITC+=CD90')", item=item), field="--map"
            )
        if marker.strip().casefold() != "lot":  # COLUMN=lot names a lot file's lot id column (Charge, Batch no.)
            marker_list(marker, field="--map")
        mapping[gate.strip()] = marker.strip()
    return mapping
