"""One run of msc isct-check: the lots (a file, flags, or the FCS tubes of one lot) checked against a criteria
profile and, optionally, a lab's own specification. What the run found, its warnings and whether every lot
passed (the exit status) are returned, never passed on through the lots' tables."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from msccli.catalogue.collector import paused_gc
from msccli.catalogue.model import Profile
from msccli.isct.criteria import INTERVAL_RULE, POINT_RULE, Check, Lot, check_lots, judged_markers
from msccli.isct.lots.batch import parse_flag, read_batch
from msccli.isct.lots.flags import lot_from_flags
from msccli.isct.lots.stream import Stream, stream_batch
from msccli.output.files import MAX_INPUT
from msccli.output.guard import path_text
from msccli.text.i18n import N_


@dataclass
class Sample:
    """What the command line says of one lot: its id, marker values, and results that are not percentages."""

    lot: str = "sample"
    markers: list[str] = field(default_factory=list)
    adherent: bool | None = None
    lineages: dict[str, str | None] = field(default_factory=dict)
    viability: str | None = None
    stimulated: bool = False


@dataclass
class LotFile:
    """A file of lots (or `-` with its text read from stdin)."""

    path: str
    input_format: str | None = None
    delimiter: str | None = None
    decimal_comma: bool = False
    stdin: bytes | None = None


@dataclass
class Tubes:
    """The FCS tubes of one lot: stained tubes, their controls, gates and the threshold's percentile."""

    stained: list[str]
    controls: list[str]  # FILE for every tube, one FILE per tube, or MARKER=FILE for one marker
    gates: list[str]
    percentile: float
    comp: str | None = None  # --comp: tube (default), none, or a matrix file
    singlets: str | None = None  # --singlets AREA/HEIGHT
    drawn: bool = False  # a release report draws the tubes: keep the binned figures


@dataclass(frozen=True)
class Stamp:
    """When a run was made and by whom, as its record and report give them."""

    at: str  # ISO 8601 with its UTC offset
    analyst: str | None  # --analyst, else the login name; None where neither is known
    clock: str = "system"  # or "MSC_NOW", when the time was set for a reproducible run


def stamp(analyst: str | None) -> Stamp:
    """Now (or MSC_NOW, a date and time with its UTC offset, for reproducible runs) and the analyst: --analyst NAME,
    else the login name."""
    import os
    from datetime import datetime

    from msccli.text.errors import InputError

    pinned = os.environ.get("MSC_NOW", "").strip()
    if pinned:
        try:
            moment = datetime.fromisoformat(pinned)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise InputError(
                N_("MSC_NOW={pinned!r} is not a date and time with its UTC offset", pinned=pinned),
                hint="e.g. MSC_NOW=2026-12-07T09:30:00+01:00, or unset it to use the clock",
            )
        return Stamp(moment.isoformat(timespec="seconds"), _analyst(analyst), "MSC_NOW")
    return Stamp(datetime.now().astimezone().isoformat(timespec="seconds"), _analyst(analyst))


def _analyst(given: str | None) -> str | None:
    if given is not None:
        from msccli.text.errors import InputError

        if not given.strip() or "\n" in given:
            raise InputError("an analyst is a name on one line", field="--analyst")
        return given.strip()
    import getpass

    try:
        return getpass.getuser() or None
    except (OSError, KeyError):  # no login name in this environment (a container, a service)
        return None


@dataclass
class Request:
    profile: Profile
    spec: Profile | None = None
    spec_path: str | None = None  # --spec FILE, as given
    mapping: dict[str, str] = field(default_factory=dict)  # --map: odd gate or column names to markers
    ci: bool = False  # a criterion whose interval straddles its threshold is INDETERMINATE
    sample: Sample = field(default_factory=Sample)
    lot_file: LotFile | None = None
    tubes: Tubes | None = None
    selected: str | None = None  # --lot with a FILE: check that lot only
    report: bool = False  # a release report is written: every lot held, not streamed
    sheet: str | None = None  # --sheet: a day's lots, each from its tubes
    jobs: int = 1  # worker processes for a sheet's lots
    stamp: Stamp | None = None  # when and by whom: in each FCS lot's audit and the report
    example: bool = False  # --example or --sheet example: the inputs are files shipped with msc

    @property
    def profiles(self) -> list[Profile]:
        return [self.profile, *([self.spec] if self.spec is not None else [])]

    @property
    def judged(self) -> set[str]:
        """The markers some criterion decides on."""
        return judged_markers(self.profiles)


@dataclass
class Checked:
    """Every lot of a run with its checks (the profile's, then the spec's), the columns a file had that msc did
    not read, and the warnings of the run."""

    lots: list[Lot]
    checks: list[list[Check]]
    ignored: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(c.verdict == "PASS" for one in self.checks for c in one)


class Streamed:
    """A big CSV or TSV file checked a chunk at a time as its report is written; `passed` is known once every
    chunk has been taken."""

    def __init__(self, stream: Stream, request: Request) -> None:
        self.stream = stream
        self.request = request
        self.ignored = stream.ignored
        self.passed = True

    def chunks(self) -> Iterator[tuple[list[Lot], list[list[Check]]]]:
        defaults = sample_defaults(self.request.sample)
        for batch in self.stream.chunks():
            fill_defaults(batch.table, len(batch.lots), defaults)
            with paused_gc():
                checks = check_lots(
                    batch.lots, self.request.profile, self.request.spec, batch.table, ci=self.request.ci
                )
            if self.passed and any(c.verdict != "PASS" for one in checks for c in one):
                self.passed = False
            yield batch.lots, checks


def stream(request: Request) -> Streamed | None:
    """A run over a big CSV or TSV file, checked as it is read; None for any other input (or one lot asked for)."""
    source = request.lot_file
    if source is None or source.stdin is not None or request.selected is not None or request.report:
        return None
    found = stream_batch(source.path, source.input_format, request.mapping, source.delimiter, source.decimal_comma)
    return Streamed(found, request) if found is not None else None


def run(request: Request) -> Checked:
    """Read the lots and check them."""
    warnings: list[str] = []
    ignored: list[str] = []
    sample = request.sample
    table: dict[str, list[Any]] | None
    if request.sheet is not None and request.tubes is not None:
        lots, table = _sheet_lots(request, request.sheet, request.tubes, warnings), None
    elif request.tubes is not None:
        lots = [_fcs_lot(request, request.tubes, sample, fcs_analysis(request, request.tubes), warnings)]
        table = lots[0].table
    elif request.lot_file is not None:
        source = request.lot_file
        batch = read_batch(
            source.path, source.input_format, request.mapping, source.stdin, source.delimiter, source.decimal_comma
        )
        filled = fill_defaults(batch.table, len(batch.ids), sample_defaults(sample))
        if filled:
            warnings.append(
                N_(
                    "from the command line, for lots of the file that do not carry them: {filled}",
                    filled=", ".join(f"{key.lstrip('@')} ({count})" for key, count in filled.items()),
                )
            )
        warnings.extend(batch.notes)
        lots, table, ignored = batch.lots, batch.table, batch.ignored
        if request.selected is not None:
            lots, table = [_selected(lots, request.selected, source.path)], None
    else:
        lots = [_flags_lot(sample, sample.markers)]
        table = lots[0].table
    checks = check_lots(lots, request.profile, request.spec, table, ci=request.ci)
    return Checked(lots, checks, ignored, warnings)


def sample_defaults(sample: Sample) -> dict[str, Any]:
    """What the flags say of a lot besides its markers (--adherent, --osteo ..., --viability, --ifn-gamma): the
    values a lot file's lots take where they carry none. Per-lot values in the file win."""
    flags = lot_from_flags(sample.lot, [], sample.adherent, sample.lineages, sample.viability, sample.stimulated)
    given = {key: column[0] for key, column in flags.table.items() if column[0] is not None}
    if not given.get("@stimulated"):
        given.pop("@stimulated", None)
    return given


def fill_defaults(table: dict[str, list[Any]], count: int, defaults: dict[str, Any]) -> dict[str, int]:
    """Fill each lot's missing results from the flags; how many lots took each one."""
    filled: dict[str, int] = {}
    for key, value in defaults.items():
        column = table.setdefault(key, [None] * count)
        empty = [i for i, cell in enumerate(column) if cell is None]
        for i in empty:
            column[i] = value
        if empty:
            filled[key] = len(empty)
    return filled


def _selected(lots: list[Lot], wanted: str, path: str) -> Lot:
    """--lot with a FILE: that lot, by its id in any case; a miss names the nearest ids."""
    for lot in lots:
        if lot.lot.casefold() == wanted.strip().casefold():
            return lot
    from msccli.text.errors import NotFound
    from msccli.text.match import close_matches

    raise NotFound(
        "lot",
        wanted,
        close_matches(wanted, [lot.lot for lot in lots]),
        N_("list the lot ids: msc isct-check {path} -f csv --fields lot", path=path),
    )


def _flags_lot(sample: Sample, markers: list[str]) -> Lot:
    return lot_from_flags(sample.lot, markers, sample.adherent, sample.lineages, sample.viability, sample.stimulated)


def fcs_analysis(request: Request, tubes: Tubes) -> Any:
    """The FCS analysis of one lot's tubes (isct.fcs.analysis.analyse with the run's choices)."""
    from msccli.isct.fcs import analysis as fcs
    from msccli.isct.fcs import compensation
    from msccli.isct.fcs.gates import parse_gates
    from msccli.isct.fcs.pregates import Pregates, parse_singlets

    criteria = [c for p in request.profiles for c in p.criteria if c.test == "percent"]
    return fcs.analyse(
        tubes.stained,
        tubes.controls,
        request.mapping,
        Pregates(tuple(parse_gates(tubes.gates)), parse_singlets(tubes.singlets)),
        compensation.parse_choice(tubes.comp),
        tubes.percentile,
        positives={m for c in criteria if c.min is not None for m in c.markers},
        negatives={m for c in criteria if c.max is not None for m in c.markers},
        limit=MAX_INPUT,
        drawn=tubes.drawn,
    )


def _fcs_lot(request: Request, tubes: Tubes, sample: Sample, analysis: Any, warnings: list[str]) -> Lot:
    """The lot the tubes measure: each marker's % positive from the FCS analysis, the rest from the flags."""
    from msccli.isct.fcs import analysis as fcs

    lot = _flags_lot(sample, [])
    lot.source = ", ".join(path_text(Path(s).name) for s in tubes.stained)  # a name's bytes as \xff, not lost
    lot.table.update({key: [value] for key, value in analysis.values.items()})
    lot.fcs = fcs.report(analysis, INTERVAL_RULE if request.ci else POINT_RULE)
    if request.stamp is not None:
        when = {"run_at": request.stamp.at, "analyst": request.stamp.analyst}
        lot.fcs["audit"] = {**when, **lot.fcs["audit"]}
    lot.figures = analysis.figures
    lot.gating = analysis.gating
    warnings.extend(analysis.warnings)
    return lot


def _sheet_lots(request: Request, path: str, options: Tubes, warnings: list[str]) -> list[Lot]:
    """Every lot of a sample sheet from its tubes, analysed in worker processes; the lots keep the sheet's order
    and each analysis depends on its own tubes only, so the result is the same whatever the number of workers."""
    from dataclasses import replace

    from msccli.isct.sheet import read_sheet

    lots, ignored = read_sheet(path, MAX_INPUT)
    if ignored:
        warnings.append(N_("the sample sheet's columns {columns} are not read", columns=", ".join(ignored)))
    per_lot = [replace(options, stained=lot.stained, controls=lot.tube_controls) for lot in lots]
    workers = max(1, min(request.jobs, len(lots)))
    if workers == 1:
        analyses = [fcs_analysis(request, tubes) for tubes in per_lot]
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            analyses = list(pool.map(fcs_analysis, [request] * len(lots), per_lot))
    found = []
    for lot, tubes, analysis in zip(lots, per_lot, analyses, strict=True):
        given = request.sample
        sample = Sample(
            lot.lot,
            [],
            parse_flag(lot.results["adherent"]) if "adherent" in lot.results else given.adherent,
            {k: lot.results.get(k, given.lineages.get(k)) for k in ("osteogenic", "adipogenic", "chondrogenic")},
            lot.results.get("viability", given.viability),
            given.stimulated,
        )
        lot_warnings: list[str] = []
        made = _fcs_lot(request, tubes, sample, analysis, lot_warnings)
        made.source = f"{path_text(path)}: " + ", ".join(str(r) for r in lot.rows)
        warnings.extend(N_("lot {lot}: {warning}", lot=lot.lot, warning=w) for w in lot_warnings)
        found.append(made)
    return found
