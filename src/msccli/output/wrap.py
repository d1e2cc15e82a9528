"""Where a line of text may break, for tables and record layouts: at a space, or between two Chinese (Japanese,
Korean) characters, as they are written; never inside a Latin word or number that sits in Chinese text ("RS第4级"
keeps "RS" whole), and never between a number and its unit ("9.58 mL"). A continuation keeps the line's indent."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

WIDE = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"  # Chinese, Japanese, Korean
UNITS = r"(?:mL|ml|L|µL|uL|kg|g|mg|cm²|cm2|mm²|mm2|cells?|vials?|bags?|syringes?|%|days?|weeks?|MSC)"
# A unit: a number with its unit ("9.58 mL", "6.68×10⁶ cells/mL"), a mark with its references ("[VERIFIED: S89,
# S91]"), a wide character alone, or a run of non-space narrow characters.
_UNIT = re.compile(
    rf"\d[\d.,×^⁰-⁹]*\s{UNITS}(?![A-Za-z])[^\s{WIDE}]*|\[[A-Z-]+: [^\]\n]{{1,40}}\]|[{WIDE}]|[^\s{WIDE}]+"
)


OPENING = "（「『《〈【〔(["  # never at a line's end: kept with what follows
CLOSING = "），。、；：！？」』》〉】〕)]"  # never at a line's start: kept with what precedes


def units(text: str) -> list[tuple[int, int]]:
    """The spans that must not be broken, in order (with Chinese punctuation kept where Chinese typesetting keeps
    it: an opening bracket with what follows, a closing one or a comma with what precedes)."""
    spans: list[tuple[int, int]] = []
    carry: int | None = None  # the start of an opening bracket waiting for what follows it
    for match in _UNIT.finditer(text):
        start, end = match.span()
        piece = text[start:end]
        if carry is not None:
            start, carry = carry, None
        if piece in OPENING and end < len(text) and not text[end].isspace():
            carry = start
            continue
        if piece in CLOSING and spans and spans[-1][1] == start:
            spans[-1] = (spans[-1][0], end)
            continue
        spans.append((start, end))
    if carry is not None:
        spans.append((carry, len(text)))
    return spans


def longest_unit(text: str) -> int:
    """The narrowest a column can be without breaking a unit."""
    from rich.cells import cell_len

    return max((cell_len(text[a:b]) for a, b in units(text)), default=0)


def breaks(text: str, width: int) -> list[int]:
    """Offsets to break one line of text at so that each piece fits `width` cells (a unit wider than the width is
    cut, as a last resort). The space at a break is dropped by the caller."""
    from rich.cells import cell_len

    found: list[int] = []
    line_start = 0
    for start, end in units(text):
        if cell_len(text[line_start:end].rstrip()) <= width or start == line_start:
            continue
        found.append(start)
        line_start = start
    return found


def wrap_lines(text: str, width: int) -> list[str]:
    """Plain text as lines of at most `width` cells (a Chinese character is two), broken only where a line may
    break: for pictures, where no terminal wraps."""
    found = []
    for line in text.split("\n"):
        cuts = [0, *breaks(line, width), len(line)]
        found += [line[a:b].strip() for a, b in itertools.pairwise(cuts) if line[a:b].strip()]
    return found


def flow(text: Text, width: int, indent: int | None = None) -> Text:
    """A Text wrapped to `width` cells; continuation lines start at `indent` (default: the line's own indent plus
    two), so a continuation never reads as a heading."""
    from rich.text import Text as RichText

    out = RichText(style=text.style, justify=text.justify, no_wrap=True, end=text.end)
    for i, line in enumerate(text.split("\n", allow_blank=True)):
        if i:
            out.append("\n")
        plain = line.plain
        own = len(plain) - len(plain.lstrip(" "))
        hang = own + 2 if indent is None else indent
        if hang >= width // 2:
            hang = min(own, width // 2)
        pieces = _pieces(line, width, hang)
        for j, piece in enumerate(pieces):
            if j:
                out.append("\n" + " " * hang)
            out.append_text(piece)
    return out


def _pieces(line: Text, width: int, hang: int) -> list[Text]:
    """The line cut at its breaks: the first piece `width` wide, the others `width - hang`."""
    from rich.cells import cell_len

    plain = line.plain
    if cell_len(plain) <= width:
        return [line]
    cut_at = breaks(plain, width)
    if not cut_at:
        return [line]
    first, rest = cut_at[0], plain[cut_at[0] :]
    head = line[:first]
    head.rstrip()
    tail_offsets = [first + b for b in breaks(rest, width - hang)]
    tail = [line[a:b] for a, b in zip([first, *tail_offsets], [*tail_offsets, len(plain)], strict=True)]
    for piece in tail:
        piece.rstrip()
    return [head, *tail]
