"""Criteria profiles as data: canonical marker names, and the checks a profile passes when it is loaded (the
bundled criteria.yaml, a data directory's, or a lab's --spec)."""

from __future__ import annotations

import re

from msccli.catalogue.model import Profile
from msccli.text.errors import DataError, InputError
from msccli.text.i18n import N_

# -- marker names --------------------------------------------------------------------------------

_CD = re.compile(r"^CD\s*-?\s*(\d+)\s*([A-Za-zα-ω]*)$", re.IGNORECASE)
_GREEK = {"α": "a", "alpha": "a", "β": "b", "beta": "b"}


def marker_name(raw: str) -> str | None:
    """Canonical marker name: 'cd73' -> 'CD73', 'CD79α'/'CD79alpha' -> 'CD79a', 'HLA DR' -> 'HLA-DR'."""
    text = raw.strip()
    compact = re.sub(r"[\s_\-]", "", text).upper()
    if compact in ("HLADR", "HLAII", "HLACLASSII"):
        return "HLA-DR"
    match = _CD.match(text)
    if not match:
        return None
    number, suffix = match.groups()
    suffix = _GREEK.get(suffix.lower(), suffix.lower())
    if len(suffix) > 1:
        return None
    return f"CD{int(number)}{suffix}"


def marker_list(raw: str, source: str = "", row: int | None = None, field: str = "") -> list[str]:
    """'CD34/CD11b/CD19' (a cocktail) or 'CD73' -> canonical names; an error names what is not a marker."""
    names = []
    for part in re.split(r"[/+,]", raw):
        if not part.strip():
            continue
        name = marker_name(part)
        if name is None:
            raise InputError(
                N_("{part!r} is not a marker name (e.g. CD73, CD79a, HLA-DR)", part=part.strip()),
                source=source,
                row=row,
                field=field or raw,
            )
        names.append(name)
    if not names:
        raise InputError("no marker named", source=source, row=row, field=field or raw)
    return names


def check_profile(profile: Profile, source: str) -> Profile:
    """Canonical marker names, and criteria that make sense: a threshold for percentages, within 0-100."""
    for i, crit in enumerate(profile.criteria):
        where = f"criteria[{i}]"
        if crit.test in ("percent", "viability", "phenotype"):
            if crit.min is None and crit.max is None:
                raise DataError("needs min or max", source=f"{source} [{profile.id}]", field=where)
            for bound in (crit.min, crit.max):
                if bound is not None and not 0 <= bound <= 100:
                    raise DataError(
                        N_("threshold {bound} is not a percentage", bound=bound),
                        source=f"{source} [{profile.id}]",
                        field=where,
                    )
        if crit.test == "percent":
            if not crit.markers:
                raise DataError("needs markers", source=f"{source} [{profile.id}]", field=where)
            try:
                crit.markers = [m for raw in crit.markers for m in marker_list(raw)]
            except InputError as exc:
                raise DataError(exc.why, source=f"{source} [{profile.id}]", field=f"{where}.markers") from None
        elif crit.markers:
            raise DataError(
                N_("a {test} criterion takes no markers", test=crit.test),
                source=f"{source} [{profile.id}]",
                field=where,
            )
    return profile
