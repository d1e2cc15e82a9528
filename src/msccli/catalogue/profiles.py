"""Criteria profiles as data: canonical marker names, and the checks a profile passes when it is loaded (the
bundled criteria.yaml, a data directory's, or a lab's --spec)."""

from __future__ import annotations

import re

from msccli.catalogue.model import Criterion, Profile
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
    if len(suffix) > 1 or (number.startswith("0") and number != "0"):  # CD015 is no name; CD15 is
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
            near = marker_name(re.sub(r"(?i)^(CD\s*-?\s*)0+(?=\d)", r"\1", part.strip()))  # CD015: CD15?
            raise InputError(
                N_("{part!r} is not a marker name (e.g. CD73, CD79a, HLA-DR)", part=part.strip()),
                source=source,
                row=row,
                field=field or raw,
                suggestions=[near] if near else [],
            )
        names.append(name)
    if not names:
        raise InputError("no marker named", source=source, row=row, field=field or raw)
    return names


def check_profile(profile: Profile, source: str) -> Profile:
    """Canonical marker names, and criteria that make sense: a threshold for percentages, within 0-100. The first
    problem is raised (profile_problems gives every one)."""
    problems = profile_problems(profile, source)
    if problems:
        raise problems[0]
    return profile


def profile_problems(profile: Profile, source: str) -> list[DataError]:
    """Every problem of a profile's criteria; its marker names made canonical where they are sound."""
    return [
        problem
        for i, crit in enumerate(profile.criteria)
        for problem in criterion_problems(crit, f"criteria[{i}]", f"{source} [{profile.id}]")
    ]


def criterion_problems(crit: Criterion, where: str, source: str) -> list[DataError]:
    """A criterion's problems (`where` names its place); its marker names made canonical where they are sound."""
    found: list[DataError] = []
    if crit.test in ("percent", "viability", "phenotype"):
        if crit.min is None and crit.max is None:
            found.append(DataError("needs min or max", source=source, field=where))
        for bound in (crit.min, crit.max):
            if bound is not None and not 0 <= bound <= 100:
                found.append(
                    DataError(N_("threshold {bound} is not a percentage", bound=bound), source=source, field=where)
                )
    if crit.test == "percent":
        if not crit.markers:
            found.append(DataError("needs markers", source=source, field=where))
        try:
            crit.markers = [m for raw in crit.markers for m in marker_list(raw)]
        except InputError as exc:
            problem = DataError(exc.why, source=source, field=f"{where}.markers")
            problem.suggestions = exc.suggestions
            found.append(problem)
    elif crit.markers:
        found.append(DataError(N_("a {test} criterion takes no markers", test=crit.test), source=source, field=where))
    return found
