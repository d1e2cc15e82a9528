"""A planned dose held against the label: within it, below it, or above it, and what kind of limit it passes.

Like an infusion pump's drug library, msc tells hard limits (a labelled maximum, a labelled range, a weight
band's dose) from soft ones (a single usual dose with no labelled maximum). A planned number that is a power of
ten away from the label (×10, ×100, ÷10) gets its own warning: the classic error with counts written as powers
of ten, which the source review itself makes (9×10^9 for 9×10^7).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from msccli.catalogue.model import PerKgDose, RangeDose, WeightBandDose
from msccli.dose.label import Calculation
from msccli.text.errors import InputError, NotApplicable
from msccli.text.i18n import N_

LimitKind = Literal["labelled maximum", "labelled range", "weight band", "no labelled maximum"]
Verdict = Literal["within", "below", "above"]
# A planned dose is called a power-of-ten slip when, divided by that power, it falls within the label's
# numbers give or take this factor (rounding in the order, a different weight).
SLIP_FACTOR = Fraction(5, 4)
# A planned dose within the label's numbers give or take this share is within the label: labels write doses to
# two significant figures (6.4×10⁷ stands for anything from 6.35 to 6.45×10⁷, ±0.8%), and a dose is often rounded
# to what whole units hold. --tolerance sets another; the power-of-ten check does not depend on it.
TOLERANCE = Fraction(1, 100)


@dataclass(frozen=True)
class DoseCheck:
    planned: int
    low: int  # the label's dose for this patient, per administration
    high: int
    limit: LimitKind
    verdict: Verdict
    hard: bool  # outside a hard limit (labelled maximum, range or band); a soft limit otherwise
    power_of_ten: int | None  # 2: a hundred times the label; -1: a tenth of it

    @property
    def within(self) -> bool:
        return self.verdict == "within"

    @property
    def ratio(self) -> float:
        """The planned dose over the nearest labelled bound (1 when within)."""
        if self.verdict == "above":
            return self.planned / self.high
        if self.verdict == "below":
            return self.planned / self.low
        return 1.0


def limit_kind(calc: Calculation) -> LimitKind | None:
    """What kind of limit the label sets for this calculation; None when it states no dose."""
    amount = calc.amount
    if isinstance(amount, WeightBandDose):
        return "weight band"
    if calc.limit is not None or (isinstance(amount, RangeDose) and amount.max_cells_per_kg is not None):
        return "labelled maximum"
    if isinstance(amount, RangeDose):
        return "labelled range"
    if isinstance(amount, PerKgDose):
        low, high = amount.span()
        return "labelled range" if low != high else "no labelled maximum"
    if amount.kind == "not-stated":
        return None
    return "no labelled maximum"


def check(calc: Calculation, planned: int, tolerance: Fraction = TOLERANCE) -> DoseCheck:
    """Compare a planned per-administration dose with the label's dose for this patient, give or take
    `tolerance` (a share of the label's numbers)."""
    kind = limit_kind(calc)
    if kind is None:
        raise NotApplicable(
            N_("{name}: the sources state no dose, so there is nothing to check against", name=calc.product.name)
        )
    if calc.needs:
        raise InputError(
            N_("to check a dose of {name}, give {needs}", name=calc.product.name, needs=" and ".join(calc.needs)),
            field="--check",
        )
    span = calc.per_administration
    if span is None:  # the per-kg ceiling is below the labelled minimum: no dose is allowed at this weight
        ceiling = _ceiling(calc)
        over = planned > ceiling
        slip = _slip(planned, ceiling, ceiling)
        return DoseCheck(planned, ceiling, ceiling, "labelled maximum", "above" if over else "below", over, slip)
    low, high = span.cells()
    if planned < low * (1 - tolerance):
        verdict: Verdict = "below"
    elif planned > high * (1 + tolerance):
        verdict = "above"
    else:
        verdict = "within"
    hard = verdict == "above" and kind != "no labelled maximum"
    slip = _slip(planned, low, high) if verdict != "within" else None
    return DoseCheck(planned, low, high, kind, verdict, hard, slip)


def _ceiling(calc: Calculation) -> int:
    amount = calc.amount
    if not isinstance(amount, RangeDose) or amount.max_cells_per_kg is None or calc.weight_kg is None:
        raise NotApplicable(N_("{name}: no labelled dose at this weight", name=calc.product.name))  # pragma: no cover
    return round(Fraction(amount.max_cells_per_kg) * calc.weight_kg)


def _slip(planned: int, low: int, high: int) -> int | None:
    """The power of ten k (not 0) such that planned / 10^k falls within the label's numbers, give or take."""
    middle = math.sqrt(low * high)
    k = round(math.log10(planned / middle))
    if k == 0:
        return None
    scaled = Fraction(planned) / Fraction(10) ** k
    return k if low / SLIP_FACTOR <= scaled <= high * SLIP_FACTOR else None


def describe(result: DoseCheck) -> str:
    """The verdict in words, for people."""
    from msccli.dose.numbers import sci

    label = sci(result.low) if result.low == result.high else f"{sci(result.low)}-{sci(result.high)}"
    planned = sci(result.planned)
    if result.verdict == "within":
        return N_(
            "{planned} cells is within the label: {label} cells ({limit}).",
            planned=planned,
            label=label,
            limit=result.limit,
        )
    if result.verdict == "below":
        return N_(
            "{planned} cells is below the label's {label} cells ({limit}).",
            planned=planned,
            label=label,
            limit=result.limit,
        )
    if result.hard:
        return N_(
            "{planned} cells is ABOVE the label's {label} cells: a hard limit ({limit}).",
            planned=planned,
            label=label,
            limit=result.limit,
        )
    return N_(
        "{planned} cells is above the label's usual {label} cells; the label sets no maximum (a soft limit: outside "
        "the label, to be justified).",
        planned=planned,
        label=label,
    )


def slip_warning(result: DoseCheck) -> str | None:
    """A loud line when the planned dose is the label's dose times a power of ten."""
    k = result.power_of_ten
    if k is None:
        return None
    factor = f"×{10**k:,}" if k > 0 else f"÷{10**-k:,}"
    return N_("POWER-OF-TEN ERROR? The planned dose is the labelled dose {factor}: check the exponent.", factor=factor)
