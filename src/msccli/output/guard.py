"""The one guard: text from data, files and arguments is shown literally. Every writer of text for people (tables,
Markdown, messages, SVG and HTML files) passes it through `visible`."""

from __future__ import annotations

import re

_compiled: list[re.Pattern[str]] = []


def _control() -> re.Pattern[str]:
    """Compiled when first needed: JSON output never needs it."""
    if not _compiled:
        _compiled.append(re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"))
    return _compiled[0]


def visible(text: str) -> str:
    """Control characters, bidirectional overrides and lone surrogates made visible ('\\x1b', '\\ud800'), so no
    text can drive a terminal, break a file's encoding or make XML invalid."""
    if not _control().search(text):
        return text
    return _control().sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )


def html_text(text: str) -> str:
    """Text for HTML, SVG and XML: markup characters escaped (quotes too, for attributes), and control characters,
    which XML 1.0 forbids even escaped, made visible, so text from a user's file always makes a valid document."""
    from html import escape

    return escape(visible(text))


def one_line(text: str) -> str:
    """`visible`, with line feeds shown as '\\x0a' too: for a message line and for what identifies a record (a
    path, a lot id), where a line break could pass for a line of its own ('msc: error: ...')."""
    return visible(text).replace("\n", "\\x0a")


def path_text(path: str) -> str:
    """A file name as text that every format can hold: bytes that are not UTF-8 (Python carries them as lone
    surrogates) are shown as the bytes they are, '\\xff'."""
    if not any("\udc80" <= c <= "\udcff" for c in path):
        return path
    import os

    return os.fsencode(path).decode("utf-8", "backslashreplace")


def css_string(text: str) -> str:
    """Text as a CSS string (a printed page's running header): every character but ASCII letters and digits
    written as a six-digit escape, so no text can end the string, the rule or the style element (a space too: CSS
    takes a space after an escape as the escape's end)."""
    escaped = (c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in visible(text))
    return '"' + "".join(escaped) + '"'


def json_in_html(text: str) -> str:
    """JSON text for an HTML data block (<script type="application/json">): '<', '>' and '&' written as JSON's
    \\u escapes, which mean the same to a JSON reader, so no text can close the element or open a comment."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
