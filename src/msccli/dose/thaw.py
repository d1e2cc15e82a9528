"""Units to thaw (or to order, for fresh products): whole vials or bags per administration and for the course.

A thawed unit cannot go back to storage, so every administration takes whole units of its own; what is left of
them is waste. Where a product comes in several sizes (Obnitix: bags of 30, 60 or 90 million cells), the choice
wastes the fewest cells, then uses the fewest units.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

from msccli.catalogue.model import Dosing


@dataclass(frozen=True)
class Units:
    """The units for one administration of `cells` cells."""

    cells: int  # the dose drawn
    chosen: tuple[int, ...]  # cells in each unit taken
    volume_ml: Fraction | None  # volume drawn, when the concentration is known
    left_volume_ml: Fraction | None

    @property
    def count(self) -> int:
        return len(self.chosen)

    @property
    def left(self) -> int:
        return sum(self.chosen) - self.cells


@dataclass(frozen=True)
class Form:
    unit: str  # vial, bag, syringe
    sizes: tuple[int, ...]  # cells per unit
    storage: str | None
    cells_per_ml: Fraction | None
    unit_volume_ml: Fraction | None
    derived: bool = False  # cells per unit worked out from the unit's volume and the concentration

    def units(self, cells: int) -> Units:
        chosen = _choose(self.sizes, cells)
        volume = left = None
        if self.cells_per_ml:
            volume = cells / self.cells_per_ml
            left = sum(chosen) / self.cells_per_ml - volume
        return Units(cells, chosen, volume, left)


def form(entry: Dosing) -> Form | None:
    """The product form from the catalogue, or None when the sources do not give cells per unit."""
    p = entry.presentation
    if p is None:
        return None
    concentration = Fraction(entry.concentration.cells_per_ml) if entry.concentration else None
    volume = Fraction(str(p.volume_ml)) if p.volume_ml else None
    if concentration is None and p.cells and volume:
        concentration = p.cells / volume
    sizes = tuple(sorted(p.sizes)) or ((p.cells,) if p.cells else ())
    if not sizes and concentration and volume:  # a vial given by volume and concentration (Ryoncil)
        return Form(p.unit, (math.floor(concentration * volume),), p.storage, concentration, volume, derived=True)
    if not sizes:
        return None
    return Form(p.unit, sizes, p.storage, concentration, volume)


def _choose(sizes: tuple[int, ...], cells: int) -> tuple[int, ...]:
    """Units covering `cells`: least waste first, then fewest units."""
    if len(sizes) == 1:
        return (sizes[0],) * math.ceil(cells / sizes[0])
    most = math.ceil(cells / min(sizes))
    best: tuple[int, int, tuple[int, ...]] | None = None
    for count in range(1, most + 1):
        for combo in itertools.combinations_with_replacement(sizes, count):
            total = sum(combo)
            if total >= cells and (best is None or (total - cells, count) < best[:2]):
                best = (total - cells, count, tuple(sorted(combo, reverse=True)))
    return best[2] if best is not None else (min(sizes),) * most
