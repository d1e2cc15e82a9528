"""The run record of a release report: what was checked (every input named and hashed, the options), when and by
whom, what msc found (each lot's record, as `-f json` gives it), msc's version and the catalogue's date.

The report embeds it as a JSON data block; its canonical form (keys sorted, no spaces, UTF-8) is hashed into the
report id printed on every page. Files are named as a reader of the report can find them: relative to the
report's folder where they are under it, else by file name, never by a private folder (full paths stay in
`-f json`). `msc verify` reads the record back, finds the files by these names and runs the check again.
"""

from __future__ import annotations

import copy
import hashlib
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msccli.isct.fcs.analysis import split_control
from msccli.isct.fcs.files import split_dataset
from msccli.output.guard import path_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from msccli.isct.run import Checked, Request

FORMAT = "msc-release-record/1"


@dataclass(frozen=True)
class Names:
    """How the report names a file: relative to its own folder where the file is under it, else by file name."""

    folder: Path

    def __call__(self, path: str) -> str:
        if path in ("", "-"):
            return path
        base, number = split_dataset(path)  # FILE#N: a data set of a multi-data-set file
        if number is not None:
            return f"{self(base)}#{number}"
        try:
            named = Path(os.path.abspath(path)).relative_to(self.folder).as_posix()
        except ValueError:
            named = Path(path).name
        return path_text(named)  # a name's bytes that are not UTF-8 as \xff: the record is UTF-8 JSON


@dataclass(frozen=True)
class Context:
    """What the run record says of the run besides its lots."""

    msc_version: str
    catalogue_as_of: str
    argv: list[str]  # the command line as typed, after `msc`
    outputs: list[str]  # files the command writes (the report, a Gating-ML file): named like inputs
    lang: str
    references: dict[str, str]  # profile id -> its references, cited
    warnings: list[str]  # the run's, shown once; a lot's FCS warnings are its own
    data_directories: list[str]  # the user's, by name, whose criteria and references join the bundled ones


def build(
    checked: Checked, request: Request, context: Context, report: Path, lots: list[dict[str, Any]]
) -> dict[str, Any]:
    """The record of a run whose lot records (`lots`, lot_records' dicts) a report at `report` shows."""
    names = Names(Path(os.path.abspath(report)).parent)
    stamp = request.stamp
    return {
        "format": FORMAT,
        "msc_version": context.msc_version,
        "catalogue_as_of": context.catalogue_as_of,
        "run_at": stamp.at if stamp else None,
        "clock": stamp.clock if stamp else None,
        "analyst": stamp.analyst if stamp else None,
        "lang": context.lang,
        "command": command_line(context.argv, names, context.outputs),
        "options": options(request, names),
        "inputs": inputs(request, lots, names),
        "references": context.references,
        "data_directories": context.data_directories,
        "warnings": context.warnings,
        "lots": [named_lot(lot, names) for lot in lots],
    }


def canonical(record: dict[str, Any]) -> bytes:
    import json

    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def report_id(record: dict[str, Any]) -> str:
    """The SHA-256 of the record's canonical JSON: one id for one run's inputs, options, results and msc."""
    return hashlib.sha256(canonical(record)).hexdigest()


def command_line(argv: list[str], names: Names, outputs: list[str]) -> str:
    """The command as typed, each file in it named as the report names files."""
    import shlex

    written = {path: names(path) for path in outputs}

    def shown(token: str) -> str:
        if token in written:
            return written[token]
        key, sep, value = token.partition("=")
        if sep and key and _is_path(value):  # --control CD73=fmo.fcs, --report=FILE
            return f"{key}={names(value)}"
        if "," in token and all(_is_path(part) for part in token.split(",") if part):
            return ",".join(names(part) for part in token.split(","))
        return names(token) if _is_path(token) else token

    return "msc " + shlex.join(path_text(shown(token)) for token in argv)


def _is_path(token: str) -> bool:
    return bool(token) and os.path.exists(split_dataset(token)[0])


def options(request: Request, names: Names) -> dict[str, Any]:
    """The options the check ran with, files named as the report names them: what `msc verify` runs again."""
    lot_file = request.lot_file
    tubes = request.tubes
    return {
        "profile": request.profile.id,
        "example": request.example,
        "spec": names(request.spec_path) if request.spec_path else None,
        "mapping": dict(request.mapping),
        "ci": request.ci,
        "sample": asdict(request.sample),
        "lot_file": None
        if lot_file is None
        else {
            "path": names(lot_file.path),
            "input_format": lot_file.input_format,
            "delimiter": lot_file.delimiter,
            "decimal_comma": lot_file.decimal_comma,
        },
        "selected": request.selected,
        "sheet": names(request.sheet) if request.sheet else None,
        "tubes": None
        if tubes is None
        else {
            "stained": [names(s) for s in tubes.stained],
            "controls": [_named_control(c, names) for c in tubes.controls],
            "gates": list(tubes.gates),
            "percentile": tubes.percentile,
            "comp": tubes.comp if tubes.comp in (None, "tube", "none") else names(tubes.comp),
            "singlets": tubes.singlets,
        },
    }


def _named_control(spec: str, names: Names) -> str:
    marker, path = split_control(spec)
    return names(path) if marker is None else f"{marker}={names(path)}"


def inputs(request: Request, lots: list[dict[str, Any]], names: Names) -> list[dict[str, Any]]:
    """Every file the run read, once: name, role, size and SHA-256 (FCS files as their audit gives them)."""
    found: dict[str, dict[str, Any]] = {}

    def add(path: str, role: str, size: int | None = None, sha256: str | None = None) -> None:
        if path in found:
            if role not in found[path]["roles"]:
                found[path]["roles"].append(role)
            return
        if sha256 is None:
            size, sha256 = identify(path, request)
        found[path] = {"name": names(path), "roles": [role], "size": size, "sha256": sha256}

    if request.sheet:
        add(request.sheet, "sheet")
    if request.lot_file is not None:
        add(request.lot_file.path, "lots")
    if request.spec_path:
        add(request.spec_path, "spec")
    for lot in lots:
        audit = lot.get("audit") or {}
        for f in audit.get("files", []):
            for role in f["roles"]:
                add(f["file"], role, f["size"], f["sha256"])
        matrix = audit.get("matrix_file")
        if matrix:
            add(matrix["file"], "matrix", None, None)
    return list(found.values())


def identify(path: str, request: Request) -> tuple[int, str]:
    """A file's size and SHA-256 (the lots read from standard input: the bytes read)."""
    from msccli.output.files import MAX_INPUT, read_bytes

    lot_file = request.lot_file
    if path == "-" and lot_file is not None and lot_file.stdin is not None:
        data = lot_file.stdin
    else:
        data, _ = read_bytes(path, MAX_INPUT)
    return len(data), hashlib.sha256(data).hexdigest()


def named_lot(lot: dict[str, Any], names: Callable[[str], str]) -> dict[str, Any]:
    """A lot's record with its files named as the report names them, in its audit's words too (a compensation
    applied from a matrix file, a note that names a file)."""
    lot = copy.deepcopy(lot)
    audit = lot.get("audit")
    if audit:
        renamed = {f["file"]: names(f["file"]) for f in audit["files"]}
        matrix = audit.get("matrix_file")
        if matrix:
            renamed[matrix["file"]] = matrix["file"] = names(matrix["file"])
        for f in audit["files"]:
            f["file"] = renamed[f["file"]]
            f["compensation"] = _renamed(f["compensation"], renamed)
            f["notes"] = [_renamed(note, renamed) for note in f["notes"]]
        audit["warnings"] = [_renamed(warning, renamed) for warning in audit["warnings"]]
        lot["source"] = _renamed(lot["source"], renamed)
    head, sep, rows = lot["source"].partition(": ")  # a sheet's lot: "day.csv: 2, 3"; a lot file: its path
    if _is_path(head):
        lot["source"] = names(head) + sep + rows
    return lot


def _renamed(text: str, renamed: dict[str, str]) -> str:
    for full in sorted(renamed, key=len, reverse=True):  # a longer path first: one may end another
        text = text.replace(full, renamed[full])
    return text
