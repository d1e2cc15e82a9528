"""Compensation for isct-check (--comp): the tube's own matrix, none, or one matrix file applied to every tube.

A matrix file is a spillover matrix as FlowJo and FlowKit export it: a header line of channel names ($PnN, or
parameter numbers), optionally after '#', then one line of numbers per channel; cells separated by commas or tabs;
a first column of row names is allowed. It is checked before use: square, finite, its channels in the tube,
invertible and not ill-conditioned.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from msccli.isct.fcs.files import Spill, Tube
from msccli.text.errors import InputError
from msccli.text.i18n import N_

MAX_CONDITION = 1e8  # a spillover matrix this ill-conditioned amplifies noise into nonsense: refused
CHOICES = ("tube", "none")


@dataclass(frozen=True)
class Choice:
    """--comp: 'tube' (each tube's own matrix), 'none', or a matrix read from a file."""

    kind: str
    matrix: Spill | None = None

    def matrix_file(self) -> dict[str, Any] | None:
        """The matrix file applied to every tube, as the audit records it: its name, SHA-256 and values."""
        if self.matrix is None:
            return None
        m = self.matrix
        return {"file": m.keyword, "sha256": m.sha256, "channels": list(m.channels), "values": m.matrix}


def parse_choice(value: str | None) -> Choice:
    if value is None or value.strip().casefold() == "tube":
        return Choice("tube")
    if value.strip().casefold() == "none":
        return Choice("none")
    return Choice("file", read_matrix(value))


def read_matrix(path: str) -> Spill:
    from msccli.output.files import MAX_INPUT, decode, read_bytes

    data, path = read_bytes(path, MAX_INPUT)
    text = decode(data, path, MAX_INPUT)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError("the matrix file is empty", source=path)
    header = [c.strip().strip('"') for c in re.split(r"[\t,]", re.sub(r"^#\s*", "", lines[0]))]
    rows = [[c.strip().strip('"') for c in re.split(r"[\t,]", line)] for line in lines[1:]]
    named_rows = bool(rows) and not _is_number(rows[0][0])  # a first column of row names
    if named_rows and header and header[0] == "":
        header = header[1:]  # the corner cell above the row names
    n = len(header)
    values: list[list[float]] = []
    for number, row in enumerate(rows, start=2):
        cells = row[1:] if named_rows else row
        try:
            numbers = [float(c) for c in cells]
        except ValueError:
            raise InputError(
                N_("line {number} holds a cell that is not a number", number=number),
                source=path,
                hint="a matrix file is a header of channel names, then one line of numbers per channel",
            ) from None
        if len(numbers) != n:
            raise InputError(
                N_("line {number} has {count} numbers for {n} channels", number=number, count=len(numbers), n=n),
                source=path,
            )
        if not all(math.isfinite(v) for v in numbers):
            raise InputError(N_("line {number} holds a value that is not a finite number", number=number), source=path)
        values.append(numbers)
    if len(values) != n or len(set(h.casefold() for h in header)) != n:
        raise InputError(
            N_("it is not a square matrix of {n} distinct channels ({rows} rows)", n=n, rows=len(values)),
            source=path,
            hint="a matrix file is a header of channel names, then one line of numbers per channel",
        )
    import hashlib

    return Spill(path, header, values, hashlib.sha256(data).hexdigest())


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def spill_channel(tube: Tube, name: str) -> int | None:
    """A matrix's channel: by $PnN or $PnS, or by its parameter number (some cytometers write 1, 2, ...)."""
    found = tube.channel(name)
    if found is None and name.strip().isdigit() and 1 <= int(name) <= len(tube.pnn):
        return int(name) - 1
    return found


@dataclass(frozen=True)
class Compensated:
    """A tube's values compensated as chosen: the channels compensated, what was done (for the audit), and the
    matrix applied to those channels (rows and columns in their order; None when nothing was applied)."""

    data: Any
    channels: list[str]
    description: str
    matrix: list[list[float]] | None = None


def compensate(numpy: Any, tube: Tube, choice: Choice) -> Compensated:
    """The tube's values compensated as chosen."""
    if choice.kind == "none":
        return Compensated(tube.data, [], N_("none: --comp none"))
    if choice.kind == "file":
        assert choice.matrix is not None
        if tube.precompensated:
            raise InputError(
                "its values are compensated already (Comp- channels, as FlowJo exports them)",
                source=tube.path,
                hint="use --comp none for such files, or export them uncompensated",
            )
        missing = [name for name in choice.matrix.channels if spill_channel(tube, name) is None]
        if missing:
            raise InputError(
                N_("has no channel {channel!r} of the --comp matrix", channel=missing[0]),
                source=tube.path,
                hint=N_("channels: {pnn}", pnn=", ".join(tube.pnn)),
            )
        return _apply(numpy, tube, choice.matrix)
    if tube.spill is None:
        return Compensated(tube.data, [], N_("none: the file has no compensation matrix"))
    if tube.precompensated:
        found = [spill_channel(tube, name) for name in tube.spill.channels]
        done = [tube.pnn[i] for i in found if i is not None]
        return Compensated(
            tube.data, done, N_("none: its values are compensated already (Comp- channels, as FlowJo exports them)")
        )
    return _apply(numpy, tube, tube.spill)


def _apply(numpy: Any, tube: Tube, spill: Spill) -> Compensated:
    index = [spill_channel(tube, name) for name in spill.channels]
    seen: dict[int, str] = {}
    for name, i in zip(spill.channels, index, strict=True):
        if i is not None and i in seen:  # the channel would be scaled twice over, not compensated
            raise InputError(
                N_("its {keyword} matrix names channel {channel} twice, as {first!r} and {second!r}",
                   keyword=spill.keyword, channel=tube.pnn[i], first=seen[i], second=name),
                source=tube.path if spill.keyword.startswith("$") else spill.keyword,
                hint="name each channel once, by its $PnN",
            )  # fmt: skip
        if i is not None:
            seen[i] = name
    present = [(k, i) for k, i in enumerate(index) if i is not None]
    if not present:
        return Compensated(tube.data, [], N_("none: no channel of its {keyword} matrix is in the file",
                                              keyword=spill.keyword))  # fmt: skip
    rows = [k for k, _ in present]
    matrix = numpy.asarray(spill.matrix, dtype=numpy.float64)[numpy.ix_(rows, rows)]
    try:
        inverse = numpy.linalg.inv(matrix)
    except numpy.linalg.LinAlgError:
        inverse = None
    if inverse is None or numpy.linalg.cond(matrix) > MAX_CONDITION:
        raise InputError(
            N_("its {keyword} matrix cannot be inverted reliably", keyword=spill.keyword),
            source=tube.path if spill.keyword.startswith("$") else spill.keyword,
            hint="check the matrix in the acquisition or analysis software",
        )
    columns = [i for _, i in present]
    data = tube.data.copy()
    data[:, columns] = data[:, columns] @ inverse
    what = N_("applied from {source} ({count} channels)", source=spill.keyword, count=len(columns))
    return Compensated(data, [tube.pnn[i] for i in columns], what, matrix.tolist())
