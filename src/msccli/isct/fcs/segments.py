"""Where an FCS data set's events lie and how its integers are stored, for the files readers stumble on.

Two instrument habits are handled here, both checked against the event count the file itself states ($TOT):
- HEADER and TEXT segments that give different DATA offsets (BD Accuri C6, Beckman Coulter Cyan). The HEADER's
  offsets are used when they hold exactly $TOT events and lie after the TEXT segment inside the file, else the
  TEXT's under the same test; a file where neither fits is refused.
- Integer widths other than 8, 16 and 32 bits: 10-bit values in 16-bit words (Beckman Coulter FC500) and 24-bit
  values in three bytes (Cytek xP5). Each value is stored in whole bytes and masked to its channel's range
  ($PnR rounded up to a power of two), as the FCS standard says of unused high bits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from msccli.text.errors import InputError
from msccli.text.i18n import N_

READER_WIDTHS = {8, 16, 32, 64}  # integer widths flowio reads itself


@dataclass(frozen=True)
class Bounds:
    start: int
    stop: int  # inclusive, as FCS offsets are
    source: str  # "HEADER" or "TEXT"
    off_by_one: bool = False  # the stop offset points one byte past the data (a common instrument quirk)


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def widths(text: dict[str, str]) -> list[int]:
    """$PnB of every channel (bits per value)."""
    count = _int(text.get("par")) or 0
    found = [_int(text.get(f"p{i}b")) for i in range(1, count + 1)]
    return [w if w is not None else 0 for w in found]


def event_bytes(text: dict[str, str]) -> int | None:
    """Bytes one event takes in the data segment, or None when the layout is not one of whole bytes."""
    kind = str(text.get("datatype", "")).strip().upper()
    count = _int(text.get("par")) or 0
    if kind == "F":
        return 4 * count
    if kind == "D":
        return 8 * count
    bits = widths(text)
    if kind != "I" or not bits or min(bits) <= 0:
        return None
    return sum((w + 7) // 8 for w in bits)


def choose_bounds(header: dict[str, int], text: dict[str, str], version: str, size: int, base: int) -> Bounds:
    """The DATA segment's offsets (relative to the data set at `base`): TEXT's where HEADER and TEXT agree;
    where they disagree, whichever holds exactly $TOT events, HEADER first."""
    head = Bounds(int(header["data_start"]), int(header["data_stop"]), "HEADER")
    begin, end = text_bounds(text) or (None, None)
    events, per_event = _int(text.get("tot")), event_bytes(text)
    expected = events * per_event if events is not None and per_event is not None else None
    if version == "2.0" or begin is None or end is None or (begin, end) == (head.start, head.stop):
        return _quirk(head, expected)
    told = Bounds(begin, end, "TEXT")
    if head.start == 0 and head.stop == 0:  # a segment beyond 99,999,999 bytes: HEADER holds zeros by the standard
        return _quirk(told, expected)
    if events is None or expected is None:
        return told
    text_stop = int(header["text_stop"])
    for candidate in (head, told):
        length = candidate.stop - candidate.start + 1
        inside = text_stop < candidate.start and base + candidate.stop <= size
        if inside and length in (expected, expected + 1):
            return _quirk(candidate, expected)
    raise InputError(
        N_(
            "its HEADER and TEXT give different data offsets ({head_start}-{head_stop} and {begin}-{end}), "
            "and neither holds its {events:,} events",
            head_start=head.start,
            head_stop=head.stop,
            begin=begin,
            end=end,
            events=events,
        ),
        hint="export the file again from the acquisition software",
    )


def disagreement(header: dict[str, int], text: dict[str, str], version: str, used: Bounds) -> str | None:
    """A note when HEADER and TEXT give different data offsets: which were used, and why."""
    told = text_bounds(text)
    head = (int(header["data_start"]), int(header["data_stop"]))
    if version == "2.0" or told is None or told == head or head == (0, 0):
        return None
    return N_(
        "its HEADER and TEXT give different data offsets ({head} and {told}); the {source}'s were used, as they "
        "hold exactly its $TOT events",
        head=f"{head[0]}-{head[1]}",
        told=f"{told[0]}-{told[1]}",
        source=used.source,
    )


def text_bounds(text: dict[str, str]) -> tuple[int, int] | None:
    """$BEGINDATA and $ENDDATA, where the TEXT segment gives both as numbers."""
    begin, end = _int(text.get("begindata")), _int(text.get("enddata"))
    return (begin, end) if begin is not None and end is not None else None


def _quirk(bounds: Bounds, expected: int | None) -> Bounds:
    """The bounds, marked when their stop offset points one byte past $TOT events."""
    if expected is not None and bounds.stop - bounds.start + 1 == expected + 1:
        return Bounds(bounds.start, bounds.stop, bounds.source, off_by_one=True)
    return bounds


def decode_integers(numpy: Any, segment: bytes, text: dict[str, str]) -> Any:
    """Integer events of widths flowio does not read, as a flat float64 array (event by event, channel by
    channel): each value in ceil(bits/8) bytes of the file's byte order, masked to its channel's range."""
    bits = widths(text)
    odd = next((i for i, w in enumerate(bits, start=1) if not 1 <= w <= 64), None)
    if odd is not None or not bits:
        raise InputError(
            N_("its $P{n}B ({value!r}) is not a number of bits from 1 to 64", n=odd or 1,
               value=str(text.get(f"p{odd or 1}b", "")).strip())
        )  # fmt: skip
    sizes = [(w + 7) // 8 for w in bits]
    per_event = sum(sizes)
    order = str(text.get("byteord", "1,2,3,4")).replace(" ", "")
    if order not in ("1,2,3,4", "1,2", "4,3,2,1", "2,1"):
        raise InputError(N_("its byte order {order} is not little- or big-endian", order=order))
    events = len(segment) // per_event
    raw = numpy.frombuffer(segment[: events * per_event], dtype=numpy.uint8).reshape(events, per_event)
    out = numpy.empty((events, len(bits)), dtype=numpy.float64)
    offset = 0
    for i, width in enumerate(sizes):
        chunk = raw[:, offset : offset + width].astype(numpy.uint64)
        offset += width
        if order.startswith("4") or order == "2,1":
            chunk = chunk[:, ::-1]  # big-endian: most significant byte first
        value = numpy.zeros(events, dtype=numpy.uint64)
        for k in range(width):
            value |= chunk[:, k] << numpy.uint64(8 * k)
        value &= numpy.uint64(_mask(text.get(f"p{i + 1}r"), bits[i]))
        out[:, i] = value
    return out.ravel()


def _mask(range_text: str | None, bits: int) -> int:
    """The bits a channel's values may use: up to its $PnR rounded up to a power of two, never beyond $PnB."""
    full = (1 << bits) - 1
    top = _int(range_text)
    if top is None or top <= 0:
        return full
    return min(full, (1 << max(top - 1, 1).bit_length()) - 1)


def text_keywords(raw: bytes) -> dict[str, str]:
    """A TEXT segment's keywords and values as written (keywords upper-cased): its first byte is the delimiter, and
    a delimiter written twice stands for itself inside a keyword or value."""
    text = raw.decode("utf-8", "replace")
    if not text:
        return {}
    delimiter, fields, current, i = text[0], [], [], 1
    while i < len(text):
        if text[i] == delimiter and text[i + 1 : i + 2] == delimiter:
            current.append(delimiter)
            i += 2
            continue
        if text[i] == delimiter:
            fields.append("".join(current))
            current = []
        else:
            current.append(text[i])
        i += 1
    if current:
        fields.append("".join(current))
    return {fields[k].strip().upper(): fields[k + 1] for k in range(0, len(fields) - 1, 2)}
