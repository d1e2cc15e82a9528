"""stdin, stdout and argv as a process meets them: any locale, closed pipes, full disks.

Kept apart from rendering so the CLI's error boundary can use it before anything is printed.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from typing import TYPE_CHECKING

from msccli.text.i18n import N_

if TYPE_CHECKING:
    from typing import IO, Any, TextIO

_replaced: dict[str, str] = {}  # the encoding whose missing characters were replaced, once any was
UTF = ("utf-8", "utf-16", "utf-32", "gb18030", "utf-8-sig")


def utf8_argv() -> list[str]:
    """Arguments as the user typed them. In a C locale without UTF-8 mode Python decodes argv as ASCII with
    surrogate escapes; the bytes are UTF-8 almost everywhere, so 韓國 is read back as 韓國."""
    args = sys.argv[1:]
    if sys.getfilesystemencoding().lower().replace("_", "-") in UTF:
        return args
    fixed = []
    for arg in args:
        try:
            fixed.append(os.fsencode(arg).decode("utf-8"))
        except UnicodeDecodeError:
            fixed.append(arg)
    return fixed


# ASCII spellings of the characters msc's own text uses, for an output that cannot hold them: 6.4×10⁷ is
# written 6.4x10^7, the notation --check reads
_ASCII = {
    "×": "x", "÷": "/", "≈": "~", "–": "-", "—": "-", "·": ".", "…": "...", "²": "2", "≥": ">=", "≤": "<=", "µ": "u",
}  # fmt: skip
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"  # 10⁻³ and 10⁷ for people; 10^-3 and 10^7 in data formats
SUPERSCRIPT = str.maketrans("0123456789-", SUPERSCRIPT_DIGITS)
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789-")


def _replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    if text and all(c in SUPERSCRIPT_DIGITS for c in text):
        return "^" + text.translate(FROM_SUPERSCRIPT), error.end
    spelled = [_ASCII.get(c) for c in text]
    if all(spelled):
        return "".join(s for s in spelled if s), error.end
    _replaced["encoding"] = error.encoding
    return "".join(s or "?" for s in spelled), error.end


def holds_unicode(out: TextIO | IO[str]) -> bool:
    """Whether a text stream can hold every character (a UTF encoding, or a string buffer)."""
    encoding = getattr(out, "encoding", None)
    return encoding is None or codecs.lookup(encoding).name in UTF


class AsciiJson:
    """A text stream for JSON on an output that cannot hold every character: each one outside ASCII is written
    as its JSON escape (\\u00d7), which any JSON reader reads back as the character."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(text if text.isascii() else "".join(_json_escape(c) for c in text))

    def __getattr__(self, name: str) -> object:
        return getattr(self.out, name)


def _json_escape(char: str) -> str:
    if char.isascii():
        return char
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def guard_stdout_encoding() -> None:
    """On a stdout that cannot hold every character (PYTHONIOENCODING=ascii, a latin-1 terminal), write '?' for
    what it cannot hold instead of failing; note_replaced_characters says so once."""
    stdout = sys.stdout
    encoding = getattr(stdout, "encoding", None)
    if not isinstance(stdout, io.TextIOWrapper) or encoding is None:
        return
    if codecs.lookup(encoding).name in UTF:
        return
    codecs.register_error("msc-replace", _replace)
    stdout.reconfigure(errors="msc-replace")


def spelled(text: str, out: Any) -> str:
    """Text as an output that cannot hold every character will show it (ASCII spellings, '?'), so that a table is
    laid out with the widths the reader will see: a Chinese character written as '?' is one column, not two."""
    if holds_unicode(out) or text.isascii():
        return text
    encoding = getattr(out, "encoding", None) or "ascii"
    codecs.register_error("msc-replace", _replace)
    return text.encode(encoding, errors="msc-replace").decode(encoding)


def note_replaced_characters() -> None:
    if "encoding" in _replaced:
        sys.stderr.write(
            f"msc: note: some characters cannot be written in this output's encoding ({_replaced['encoding']}) "
            "and were shown as '?'; for full output set PYTHONIOENCODING=utf-8\n"
        )
        _replaced.clear()


def flush_stdout() -> None:
    """Flush inside the error boundary, so a closed pipe or a full disk is handled there, not at exit."""
    from msccli.text.errors import ClosedPipe, OutputError

    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise ClosedPipe() from None
    except OSError as exc:
        raise OutputError(exc) from None


def silence_stdout() -> None:
    """After a closed pipe: point stdout at /dev/null so the interpreter's last flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


CHUNK = 1 << 16


def write(out: TextIO, text: str) -> None:
    """Write in pieces: CPython's buffered writer can lose the EPIPE of a reader that left in the middle of one
    very large write (`msc … -f json | head -1` then ended as if all was written)."""
    for start in range(0, len(text), CHUNK):
        out.write(text[start : start + CHUNK])


def read_stdin(limit: int) -> bytes:
    """Standard input as bytes, at most `limit` + 1 of them (the reader decides what too many means)."""
    from msccli.text.errors import InputError

    stream = sys.stdin
    if stream is None or stream.closed:
        raise InputError("standard input is closed; give a file name instead of -", source="<stdin>")
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            data: bytes = buffer.read(limit + 1)
            return data
        return stream.read(limit + 1).encode("utf-8", "surrogateescape")
    except (OSError, ValueError) as exc:
        raise InputError(N_("cannot read standard input ({exc})", exc=exc), source="<stdin>") from None


def say(message: str) -> None:
    """One line for people on stderr ('error: …', 'note: …', 'wrote …'); text from arguments, files and data is
    shown literally, and a value of thousands of characters by its ends."""
    from msccli.output.guard import one_line

    if len(message) > 2000:
        message = f"{message[:1000]}…({len(message) - 2000} characters)…{message[-1000:]}"
    sys.stderr.write(f"msc: {one_line(message)}\n")


def error(message: str, code: int, hint: str = "") -> int:
    """One error line on stderr (and a hint line), both already in the reader's language; returns the exit code."""
    from msccli.text.i18n import tr

    say(f"{tr('error')}: {message}")
    if hint:
        say(f"{tr('hint')}: {hint}")
    return code


def internal_error(exc: Exception) -> int:
    """A bug in msc: one error line and a hint (--debug or MSC_DEBUG shows the traceback); returns the exit code."""
    from msccli.text.errors import EXIT_BUG
    from msccli.text.i18n import tr

    return error(
        tr("internal error ({name__}: {exc})", name__=type(exc).__name__, exc=exc),
        EXIT_BUG,
        tr("run again with --debug (or MSC_DEBUG=1) for the traceback, and report it"),
    )
