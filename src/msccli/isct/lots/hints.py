"""The --map spellings msc suggests for a lot file's columns it could not read: a lot id under another name
(Charge), a marker column it ignored (CD34- (%))."""

from __future__ import annotations

import re

from msccli.text.i18n import N_


def map_hint(column: str, name: str, when: str) -> str:
    """The --map spelling that reads `column` as `name`, in single quotes for a shell."""
    quoted = "'" + f"{column}={name}".replace("'", "'\"'\"'") + "'"
    return N_("{when}: --map {mapping}", when=when, mapping=quoted)


def ignored_hints(ignored: list[str]) -> list[str]:
    """For an ignored column whose header names a marker msc did not read ('CD34- (%)'), the --map that reads it
    as the % of cells positive for that marker."""
    from msccli.isct.markers import header_markers

    hints = []
    for header in ignored:
        bare = re.sub(r"(?i)(-|\bneg(ative)?\b)\s*(\(\s*%\s*\)|%)?\s*$", "", header.strip()).strip()
        read = header_markers(bare) if bare and bare != header.strip() else None
        if read and len(read) == 1:
            when = N_(
                "msc reads a marker column as the % of cells positive for it; if {column!r} is that % for {marker}",
                column=header,
                marker=read[0],
            )
            hints.append(map_hint(header, read[0], when))
    return hints


def lot_column_hint(column: str) -> str:
    return map_hint(column, "lot", N_("if {column!r} holds the lot ids", column=column))
