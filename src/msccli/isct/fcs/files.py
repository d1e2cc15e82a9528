"""Reading FCS files (2.0, 3.0, 3.1) for isct-check: every data set, checked against its own TEXT segment, with
the spillover matrix the file carries. numpy and flowio are imported only here and only when FCS input is used
(the optional extra msccli[fcs]); every problem is one InputError naming the file."""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msccli.text.errors import InputError
from msccli.text.i18n import N_

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Array = NDArray[np.float64]

SUPPORTED_VERSIONS = ("2.0", "3.0", "3.1", "3.2")
MAX_DATASETS = 64  # a file's chain of data sets, followed no further (a crafted file could loop)
SPILL_KEYWORDS = ("spillover", "spill", "comp")  # FCS 3.1 $SPILLOVER, FACSDiva $SPILL / SPILL (read lower-cased)


def extra_hint() -> str:
    """How to add the FCS extra to the Python that runs msc, from any folder: its packages by name (the
    requirements msc was installed with), with that interpreter's pip, or with pipx for a pipx install."""
    import re
    import shlex
    import sys

    packages = fcs_requirements()
    command = " ".join([shlex.quote(sys.executable), "-m", "pip", "install", *map(shlex.quote, packages)])
    names = " ".join(re.match(r"[A-Za-z0-9._-]*", p).group() for p in packages)  # type: ignore[union-attr]
    return N_(
        "add the FCS extra to the Python that runs msc: {command} (installed with pipx: pipx inject msccli {names})",
        command=command,
        names=names,
    )


def fcs_requirements() -> list[str]:
    """The FCS extra's requirements, as the installed msccli declares them."""
    from importlib import metadata

    try:
        declared = metadata.requires("msccli") or []
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        declared = []
    found = [r.split(";")[0].strip() for r in declared if "extra" in r and '"fcs"' in r.replace("'", '"')]
    return found or ["flowio>=1.4,<1.5", "numpy>=1.24"]


def libraries() -> tuple[Any, Any]:
    """numpy and flowio, or an error that says how to install them."""
    import os

    # One BLAS thread: compensation multiplies small matrices, where threads cost more than they give
    # (docs/isct-check.md, "Sheet speed"); --sheet runs lots in processes instead.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    try:
        import flowio
        import numpy
    except ImportError as exc:
        raise InputError(N_("reading FCS files needs {name}", name=exc.name), hint=extra_hint()) from None
    return numpy, flowio


@dataclass
class Spill:
    keyword: str  # where it comes from: $SPILLOVER, $SPILL, SPILL, or a matrix file's path
    channels: list[str]
    matrix: list[list[float]]
    sha256: str | None = None  # a matrix file's, so a report shows which matrix was applied if the file changes


@dataclass
class Tube:
    """One data set of an FCS file, as read: events × channels, linear values (log amplification undone)."""

    path: str
    size: int
    sha256: str
    version: str
    dataset: int
    datasets: int
    pnn: list[str]
    pns: list[str]
    data: Any  # numpy array (events, channels), float64
    spill: Spill | None
    notes: list[str] = field(default_factory=list)
    ranges: list[float | None] = field(default_factory=list)  # $PnR, where the file says
    full_scale: list[float | None] = field(default_factory=list)  # at or above it, a value is at full scale
    precompensated: bool = False  # FlowJo's Comp- channels: the values were compensated before export
    keywords: dict[str, str] = field(default_factory=dict)  # the instrument and acquisition keywords it carries

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def events(self) -> int:
        return int(self.data.shape[0])

    def channel(self, name: str) -> int | None:
        """A channel's column by $PnN (or else $PnS), case-insensitively."""
        for labels in (self.pnn, self.pns):
            for i, label in enumerate(labels):
                if label and label.strip().casefold() == name.strip().casefold():
                    return i
        return None


def split_dataset(spec: str) -> tuple[str, int | None]:
    """'tube.fcs#2' -> ('tube.fcs', 2): a data set of a multi-data-set file; a path that exists wins."""
    path, sep, number = spec.rpartition("#")
    if sep and number.isascii() and number.isdigit() and not Path(spec).exists():  # '#²' or '#٣' is no data set
        return path, int(number)
    return spec, None


def read_tube(spec: str, limit: int) -> Tube:
    """Read one FCS data set; every problem is an InputError naming the file."""
    from msccli.output.files import read_bytes

    numpy, flowio = libraries()
    path, wanted = split_dataset(spec)
    data, path = read_bytes(path, limit)  # from here on, the name as text
    if len(data) > limit:
        raise InputError(N_("larger than {mebibytes} MiB", mebibytes=limit // 2**20), source=path)
    notes: list[str] = []
    sets = _datasets(flowio, data, path, notes)
    index = 1 if wanted is None else wanted
    if not 1 <= index <= len(sets):
        raise InputError(
            N_("has {count} data set(s), not {index}", count=len(sets), index=index),
            source=path,
            hint=N_("use {path}#1 to #{count}", path=path, count=len(sets)),
        )
    if len(sets) > 1:
        notes.append(
            N_(
                "{count} data sets in the file; data set {index} used (pick another with {path}#N)",
                count=len(sets),
                index=index,
                path=path,
            )
        )
    offset, flow = sets[index - 1]
    version = str(flow.version).strip()
    if version not in SUPPORTED_VERSIONS:
        raise InputError(
            N_("FCS {version} is not supported", version=version),
            source=path,
            hint="msc reads FCS 2.0, 3.0, 3.1 and 3.2 files",
        )
    _check_widths(flow, path)
    try:
        array = _events(numpy, flow, notes)
    except Exception as exc:  # flowio raises ValueError, KeyError, ... on damaged or unusual data segments
        raise InputError(N_("the event data cannot be read ({exc})", exc=_reason(exc)), source=path) from None
    if array.ndim != 2 or array.shape[1] != len(flow.pnn_labels):
        raise InputError("the event data do not match the channel list", source=path)
    if not numpy.isfinite(array).all():
        raise InputError("the event data hold values that are not numbers (NaN or infinite)", source=path)
    text = {str(k).lower().lstrip("$"): str(v) for k, v in flow.text.items()}
    _check_consistent(text, array.shape[0], path)
    ranges = [_number(text.get(f"p{i}r")) for i in range(1, len(flow.pnn_labels) + 1)]
    return Tube(
        path=path,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        version=version,
        dataset=index,
        datasets=len(sets),
        pnn=_dollar_names(data, offset, flow.header, [str(label).strip() for label in flow.pnn_labels]),
        pns=[str(label or "").strip() for label in flow.pns_labels],
        data=array,
        spill=_spill(text, notes, path),
        notes=notes,
        ranges=ranges,
        full_scale=_piled_up(numpy, array, _full_scales(numpy, flow, ranges)),
        precompensated=_precompensated([str(label) for label in flow.pnn_labels], text, notes),
        keywords=_acquisition(text, len(flow.pnn_labels)),
    )


# The MIFlowCyt items an FCS TEXT segment can carry: instrument, acquisition date and times, source, operator.
ACQUISITION = ("cyt", "cytsn", "date", "btim", "etim", "src", "op", "inst", "sys", "fil", "cells", "proj", "smno")


def _acquisition(text: dict[str, str], channels: int) -> dict[str, str]:
    """Instrument and acquisition keywords as the file gives them ($CYT, $DATE, ...; $PnV, each detector's voltage)."""
    found = {f"${key.upper()}": text[key].strip() for key in ACQUISITION if text.get(key, "").strip()}
    for i in range(1, channels + 1):
        voltage = text.get(f"p{i}v", "").strip()
        if voltage:
            found[f"$P{i}V"] = voltage
    return found


def _precompensated(pnn: list[str], text: dict[str, str], notes: list[str]) -> bool:
    """Whether the values were compensated before export: FlowJo names compensated channels Comp-… (or FJComp-…).
    APPLY COMPENSATION = TRUE alone does not say so: BD FACSDiva writes it over uncompensated values."""
    if any(label.strip().casefold().startswith(("comp-", "fjcomp-")) for label in pnn):
        return True
    creator = text.get("creator", "")
    if text.get("apply compensation", "").strip().casefold() == "true" and "diva" not in creator.casefold():
        notes.append(
            N_(
                "it says APPLY COMPENSATION = TRUE; msc compensates its values with its matrix, as for BD FACSDiva "
                "files; if they were compensated before export, the result is compensated twice"
            )
        )
    return False


def _check_widths(flow: Any, path: str) -> None:
    """FCS 3.2 lets each channel have its own data type ($PnDATATYPE); msc reads one type for all channels."""
    text = {str(k).lower().lstrip("$"): str(v).strip().upper() for k, v in flow.text.items()}
    kind = text.get("datatype", "")
    mixed = sorted({text[f"p{i}datatype"] for i in range(1, len(flow.pnn_labels) + 1) if f"p{i}datatype" in text})
    if any(other != kind for other in mixed):
        raise InputError(
            N_("its channels are stored in more than one data type ($PnDATATYPE {kinds} with $DATATYPE {kind})",
               kinds="/".join(mixed), kind=kind),
            source=path,
            hint="msc reads files whose channels share one data type; export the file as FCS 3.1",
        )  # fmt: skip


def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) and number > 0 else None


def _check_consistent(text: dict[str, str], events: int, path: str) -> None:
    """A file whose TEXT segment disagrees with its data is refused, never read as complete: list mode only, and
    as many events in the data segment as $TOT says."""
    mode = text.get("mode", "L").strip().upper()
    if mode != "L":
        raise InputError(
            N_("its $MODE is {mode}, not L: msc reads list-mode data (one row per event)", mode=mode), source=path
        )
    total = text.get("tot", "").strip()
    if not total.isdigit():
        raise InputError("its $TOT keyword (the number of events) is missing or not a number", source=path)
    if int(total) != events:
        raise InputError(
            N_(
                "its $TOT says {total} events but its data segment holds {events:,}: the file is incomplete or damaged",
                total=f"{int(total):,}",
                events=events,
            ),
            source=path,
        )


OFFSET_NOTE = N_("its data offset is off by one byte (a known instrument quirk); read with it corrected")


def _events(numpy: Any, flow: Any, notes: list[str]) -> Any:
    step = str(flow.text.get("timestep", "")).strip()
    if step and _number(step) is None:  # only the time channel's unit, which no criterion uses
        flow.text.pop("timestep")
        notes.append(N_("its $TIMESTEP is not a number ({step!r}); the time channel is left unscaled", step=step))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return numpy.asarray(flow.as_array(preprocess=True), dtype=numpy.float64)


def _full_scales(numpy: Any, flow: Any, ranges: list[float | None]) -> list[float | None]:
    """Each channel's full scale in the unit of its values: the largest value it can store ($PnR - 1) put through
    the reader's own scaling (log amplification undone, gain, time step), so that stored and scaled values are never
    compared. Integer data are cut half a step below it, between the two largest values the channel can store,
    where no rounding of the scaling can move an event across."""
    half = 0.5 if str(flow.data_type).strip().upper() == "I" else 0.0
    stored = [r - 1 - half if r is not None else 0.0 for r in ranges]
    events = flow.events
    try:
        flow.events = numpy.asarray(stored, dtype=numpy.float64)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            scaled = numpy.asarray(flow.as_array(preprocess=True), dtype=numpy.float64)[0]
    finally:
        flow.events = events
    return [float(v) if r is not None else None for v, r in zip(scaled, ranges, strict=True)]


def _dollar_names(data: bytes, offset: int, header: dict[str, int], pnn: list[str]) -> list[str]:
    """$PnN as the TEXT segment spells them: flowio removes every '$' from TEXT, so SSC$A would be read as SSCA,
    and gates written for other readers would name no channel. A name the segment spells with '$' is restored."""
    from msccli.isct.fcs.segments import text_keywords

    raw = data[offset + header.get("text_start", 0) : offset + header.get("text_stop", -1) + 1]
    if b"$" not in raw.replace(b"$P", b"").replace(b"$p", b""):  # the keywords' own '$' aside: nothing to restore
        return pnn
    spelled = text_keywords(raw)
    found = list(pnn)
    for i, name in enumerate(pnn):
        own = spelled.get(f"$P{i + 1}N", "").strip()
        if "$" in own and own.replace("$", "") == name:
            found[i] = own
    return found


def _piled_up(numpy: Any, data: Any, full_scale: list[float | None]) -> list[float | None]:
    """Where a file gives no $PnR, a channel's maximum counts as its full scale when 1 % or more of the events
    pile up there (values clipped at the top of the range)."""
    found = list(full_scale)
    for j, stated in enumerate(full_scale):
        if stated is None and data.shape[0]:
            top = float(data[:, j].max())
            found[j] = top if numpy.count_nonzero(data[:, j] >= top) >= 0.01 * data.shape[0] else None
    return found


# What a reader's error means, in msc's words (the reader's own text stays for anything else).
REASONS = (
    ("invalid literal for int()", N_("its HEADER holds a segment offset that is not a number")),
    ("cannot reshape array", N_("the data segment does not divide into events of its channels' widths")),
    ("'datatype'", N_("it does not say how its data are stored ($DATATYPE is missing)")),
    ("data section greater than file size", N_("its data segment would end past the end of the file")),
)


def _reason(exc: Exception) -> str:
    text = str(exc).replace("InMemoryFile", "the file").strip() or type(exc).__name__
    for fragment, meaning in REASONS:
        if fragment in text:
            return meaning
    return text.splitlines()[0][:200]


def _datasets(flowio: Any, data: bytes, path: str, notes: list[str]) -> list[tuple[int, Any]]:
    """Every data set in the file (most files hold one) with its offset, following $NEXTDATA without loops."""
    sets: list[tuple[int, Any]] = []
    offset, seen = 0, set()
    while True:
        flow = _one_dataset(flowio, data, offset, path, notes)
        sets.append((offset, flow))
        try:
            step = int(str(flow.text.get("nextdata", "0")).strip() or "0")
        except ValueError:
            raise InputError("its $NEXTDATA keyword is not a number", source=path) from None
        if step == 0:
            return sets
        offset += step
        if step < 0 or offset in seen or offset >= len(data) or len(sets) >= MAX_DATASETS:
            raise InputError("its chain of data sets ($NEXTDATA) is broken", source=path)
        seen.add(offset)


def _one_dataset(flowio: Any, data: bytes, offset: int, path: str, notes: list[str]) -> Any:
    if data[offset : offset + 3] != b"FCS":
        raise InputError("not an FCS file (it does not start with 'FCS')", source=path)
    from msccli.isct.fcs import segments as fcs_segments

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        head = _text_only(flowio, data, offset, path)
        text = {str(k).lower().lstrip("$"): str(v) for k, v in head.text.items()}
        try:
            bounds = fcs_segments.choose_bounds(head.header, text, str(head.version).strip(), len(data), offset)
        except InputError as exc:
            raise InputError(exc.why, source=path, hint=exc.hint) from None
        note = fcs_segments.disagreement(head.header, text, str(head.version).strip(), bounds)
        if note is not None:
            notes.append(note)
        if bounds.off_by_one:
            notes.append(OFFSET_NOTE)
        kind = text.get("datatype", "").strip().upper()
        if kind == "I" and not set(fcs_segments.widths(text)) <= fcs_segments.READER_WIDTHS:
            numpy, _ = libraries()
            stop = bounds.stop - bounds.off_by_one
            try:
                head.events = fcs_segments.decode_integers(numpy, data[offset + bounds.start : offset + stop + 1], text)
            except InputError as exc:
                raise InputError(exc.why, source=path) from None
            return head
        try:
            return _flowdata(flowio, data, offset, bounds)
        except Exception as first:
            raise InputError(N_("not a readable FCS file ({first})", first=_reason(first)), source=path) from None


def _text_only(flowio: Any, data: bytes, offset: int, path: str) -> Any:
    """The data set's HEADER and TEXT, read before its events: by its TEXT's data offsets, else its HEADER's."""
    failure: Exception | None = None
    for use_header in (False, True):
        try:
            return flowio.FlowData(
                io.BytesIO(data),
                only_text=True,
                ignore_offset_discrepancy=True,
                use_header_offsets=use_header,
                nextdata_offset=offset,
            )
        except Exception as exc:  # flowio raises ValueError, KeyError, ... on damaged segments
            failure = failure or exc
    raise InputError(N_("not a readable FCS file ({first})", first=_reason(failure or ValueError())), source=path)


def _flowdata(flowio: Any, data: bytes, offset: int, bounds: Any) -> Any:
    return flowio.FlowData(
        io.BytesIO(data),
        ignore_offset_error=bounds.off_by_one,
        ignore_offset_discrepancy=True,
        use_header_offsets=bounds.source == "HEADER",
        nextdata_offset=offset,
    )


def _spill(text: dict[str, str], notes: list[str], path: str) -> Spill | None:
    """The compensation matrix from $SPILLOVER, $SPILL or SPILL: 'n,ch1..chn,v11..vnn' (rows: fluorochromes).

    A matrix that cannot be read is not used, and the notes say so: the values are then uncompensated.
    """
    for keyword in SPILL_KEYWORDS:
        raw = text.get(keyword, "").strip()
        if not raw:
            continue
        name = f"${keyword.upper()}"
        parts = [p.strip() for p in raw.split(",")]
        try:
            n = int(parts[0])
            channels = parts[1 : 1 + n]
            values = [float(v) for v in parts[1 + n : 1 + n + n * n]]
        except (ValueError, IndexError):
            notes.append(N_("its {name} matrix cannot be read, so it is not used", name=name))
            return None
        if n < 1 or len(channels) != n or len(values) != n * n or len(parts) != 1 + n + n * n:
            notes.append(N_("its {name} matrix is not {n} channels by {n}, so it is not used", name=name, n=n))
            return None
        if not all(math.isfinite(v) for v in values):  # NaN would make every compensated value NaN: 0 % positive
            raise InputError(
                N_("its {name} matrix holds a value that is not a finite number", name=name),
                source=path,
                hint="fix the matrix in the acquisition software and export again",
            )
        return Spill(name, channels, [values[i * n : (i + 1) * n] for i in range(n)])
    return None
