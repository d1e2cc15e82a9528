"""Which records a product name refers to: an id, an exact name and its brand, or an unambiguous start."""

from __future__ import annotations

from collections.abc import Sequence

from msccli.text.errors import Ambiguous, InputError, NotFound
from msccli.text.match import close_matches, normalise


def find_named(entries: Sequence[tuple[str, str, Sequence[str]]], query: str) -> list[int]:
    """Which records (id, name, every name) a name refers to, as their positions.

    First an id (that record alone), or else exact names, with the brand's other records ('Stempeucel' is also
    'Stempeucel (knee osteoarthritis)'); then a start of a name that fits one record only. A start that fits
    several is ambiguous (exit 1, listing them); a miss suggests the nearest names."""
    wanted = normalise(query)
    if not wanted:
        raise InputError("the product name is empty", field="NAME")
    by_id = [i for i, (ident, _, _) in enumerate(entries) if normalise(ident) == wanted]
    if by_id:  # an id names one record: 'stempeucel-cli' is not the brand
        return by_id
    exact = [i for i, (_, _, names) in enumerate(entries) if wanted in {normalise(n) for n in names}]
    if exact:
        brands = {entries[i][1].casefold() for i in exact}
        family = [i for i, (_, name, _) in enumerate(entries) if i not in exact and _in_brand(name, brands)]
        return exact + family
    starts = [i for i, (_, _, names) in enumerate(entries) if any(normalise(n).startswith(wanted) for n in names)]
    if len(starts) == 1:
        return starts
    if starts:
        raise Ambiguous("record", query, [f"{entries[i][1]} ({entries[i][0]})" for i in starts])
    by_key = {normalise(name): name for _, _, names in entries for name in names}
    close = close_matches(query, list(by_key.values()), cutoff=0.6)
    partial = [name for key, name in by_key.items() if wanted in key and name not in close]
    raise NotFound("product", query, list(dict.fromkeys([*close, *partial[:3]])), "list them with: msc products")


def _in_brand(name: str, brands: set[str]) -> bool:
    """'Stempeucel (knee osteoarthritis)' belongs to the brand 'Stempeucel': the name, then a space or bracket."""
    folded = name.casefold()
    return any(folded.startswith(brand) and folded[len(brand) : len(brand) + 1] in (" ", "(") for brand in brands)
