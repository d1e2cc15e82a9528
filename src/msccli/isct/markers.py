"""Marker names as instruments and lab files write them: a stain name with its fluorochrome ('CD45-PC7', 'PE-CD73',
DiVa's 'CD19;APC-H7;780/60@640/A'), a column header with a percent sign ('CD73 (%)', '%CD90'). Only a fluorochrome
or a percent sign is read off, never an isoform: 'CD45 RA' is not CD45."""

from __future__ import annotations

import re

from msccli.catalogue.profiles import marker_list
from msccli.text.errors import InputError

# Fluorochromes and tandem dyes as stain names carry them, before or after the marker ('PE-CD73', 'CD45-PC7').
FLUOROCHROME = re.compile(
    r"(?i)^(fitc|pe|apc|percp|ecd|pb|po|pc[57](\.5)?|pe-?cy[57](\.5)?|pe-?dazzle(594)?|percp-?cy5\.5|percp-?ef710|"
    r"apc-?cy7|apc-?h7|apc-?r700|apc-?a750|apc-?alexa ?fluor ?750|af\d{3}|alexa ?fluor ?\d{3}|alexa\d{3}|bv\d{3}|"
    r"buv\d{3}|bb\d{3}|v\d{3}|krome ?orange|pacific ?(blue|orange)|ef\d{3}|dapi|7-?aad|fl\d+|"
    r"cy[357](\.5)?|h7|a750|r700|dazzle(594)?|vio(blue|green|bright)?\w*)$"
)


# A pan-class-II reagent (an antibody to HLA-DR, -DP and -DQ at once), as stain names write it.
PAN_CLASS_II = re.compile(r"(?i)^hla[-\s]?(dr[\s/,-]*dp[\s/,-]*dq|class[-\s]?ii|ii)\b")


def pan_class_ii(label: str) -> bool:
    """'HLA-DR/DP/DQ', 'HLA-DR,DP,DQ', 'HLA class II' (with or without a fluorochrome)."""
    return bool(PAN_CLASS_II.match(label.split(";")[0].strip()))


def stain_markers(label: str) -> list[str] | None:
    """'CD73' -> [CD73]; 'CD34/CD45/HLA-DR' -> a cocktail; 'CD45-PC7', 'PE-CD73', 'CD73 PE' -> [CD73]; DiVa's
    'CD19;APC-H7;780/60@640/A' -> [CD19]; 'FL1-Height' -> None. Only a fluorochrome is stripped, so 'CD45 RA'
    (an isoform) is never read as CD45."""
    candidate = label.split(";")[0].strip()
    try:
        return marker_list(candidate)
    except InputError:
        pass
    parts = [p for p in re.split(r"[\s_]+|-(?=[A-Za-z])", candidate) if p]
    while parts and FLUOROCHROME.match(parts[0]):
        parts.pop(0)
    while parts and FLUOROCHROME.match(parts[-1]):
        parts.pop()
    if not parts:
        return None
    for joiner in ("", "-", " "):  # 'HLA DR', 'HLA-DR', 'CD79 a' as the parts were split
        try:
            return marker_list(joiner.join(parts))
        except InputError:
            continue
    return None


def header_markers(header: str) -> list[str] | None:
    """A lot file's column header as markers: 'CD73 (%)', 'CD73 %', '%CD73', 'CD73-PE', 'CD73 PE', 'CD73+ %'."""
    bare = re.sub(r"\(\s*%\s*\)|%|\bpercent\b", " ", header, flags=re.IGNORECASE)
    bare = re.sub(r"(?i)(\+|\bpos(itive)?\b)\s*$", "", bare.strip()).strip()
    return stain_markers(bare) if bare else None
