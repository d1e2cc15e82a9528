"""Dose arithmetic: the labelled dose of a product for a given body weight or defect area.

Exact arithmetic throughout (Fraction); cell counts round to whole cells only at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from msccli.catalogue.model import (
    Amount,
    Band,
    Dosing,
    FixedDose,
    PerAreaDose,
    PerKgDose,
    Product,
    RangeDose,
    WeightBandDose,
)
from msccli.dose.numbers import AREA_UNITS, WEIGHT_UNITS, parse_quantity, plain, round_cells, sci
from msccli.text.errors import InputError
from msccli.text.i18n import N_

WEIGHT_RANGE = (Fraction(1), Fraction(300))
WEIGHT_WHY = N_("plausible human body weights; a value outside it is almost certainly a typo or a wrong unit")
AREA_RANGE = (Fraction(1, 100), Fraction(100))
AREA_WHY = N_("defect and fistula-tract areas in the labels are a few cm²; larger values are almost certainly a typo")


def parse_weight(text: str) -> Fraction:
    """'70', '70kg', '70 kg', '154lb' -> kilograms, exactly."""
    return parse_quantity(text, WEIGHT_UNITS, "kg", "--weight", WEIGHT_RANGE, WEIGHT_WHY, "70 or 70kg or 154lb")


def parse_area(text: str) -> Fraction:
    """'4', '4cm2', '4 cm²', '400mm2' -> square centimetres, exactly."""
    return parse_quantity(text, AREA_UNITS, "cm2", "--area", AREA_RANGE, AREA_WHY, "4 or 4cm2")


@dataclass(frozen=True)
class Span:
    """A value that may be a range: low == high for a single value."""

    low: Fraction
    high: Fraction

    @classmethod
    def of(cls, value: Fraction | int | float) -> Span:
        number = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
        return cls(number, number)

    def __mul__(self, other: Span | Fraction | int) -> Span:
        o = other if isinstance(other, Span) else Span.of(other)
        return Span(self.low * o.low, self.high * o.high)

    def __add__(self, other: Span) -> Span:
        return Span(self.low + other.low, self.high + other.high)

    def __truediv__(self, other: Fraction) -> Span:
        return Span(self.low / other, self.high / other)

    @property
    def single(self) -> bool:
        return self.low == self.high

    def cells(self) -> tuple[int, int]:
        return round_cells(self.low), round_cells(self.high)


def cells_text(span: Span) -> str:
    low, high = span.cells()
    if low == high:
        return N_("{low:,} cells ({low_sci})", low=low, low_sci=sci(low))
    return N_("{low:,}-{high:,} cells ({low_sci}-{high_sci})", low=low, high=high, low_sci=sci(low), high_sci=sci(high))


def span_text(span: Span, unit: str = "") -> str:
    suffix = f" {unit}" if unit else ""
    if span.single:
        return f"{sci(span.low)}{suffix}"
    return f"{sci(span.low)}-{sci(span.high)}{suffix}"


def ml_text(span: Span) -> str:
    if span.single:
        return f"{plain(span.low, 2)} mL"
    return f"{plain(span.low, 2)}-{plain(span.high, 2)} mL"


@dataclass
class Calculation:
    """One dosing entry of a product, worked out for the given inputs."""

    product: Product
    entry: Dosing
    index: int
    weight_kg: Fraction | None
    area_cm2: Fraction | None
    per_administration: Span | None = None
    volume_ml: Span | None = None
    administrations: Span | None = None
    course: Span | None = None
    course_volume_ml: Span | None = None
    band: Band | None = None
    formula: str = ""
    arithmetic: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    limit: str | None = None

    @property
    def amount(self) -> Amount:
        return self.entry.amount

    def per_kg(self) -> Span | None:
        """The dose per kilogram: labelled, or per administration divided by the given weight."""
        amount = self.amount
        if isinstance(amount, PerKgDose):
            low, high = amount.span()
            return Span(Fraction(low), Fraction(high))
        if self.per_administration is not None and self.weight_kg is not None:
            return self.per_administration / self.weight_kg
        return None


def choose_band(bands: list[Band], weight_kg: Fraction) -> Band:
    """The band with min_kg < weight <= max_kg; bands must cover every weight exactly once."""
    matches = [
        band
        for band in bands
        if (band.min_kg is None or weight_kg > Fraction(str(band.min_kg)))
        and (band.max_kg is None or weight_kg <= Fraction(str(band.max_kg)))
    ]
    if len(matches) != 1:  # a data error: bands overlap or leave a gap
        raise InputError(
            N_("{count} weight bands match {weight_kg} kg", count=len(matches), weight_kg=plain(weight_kg)),
            field="--weight",
        )
    return matches[0]


def calculate(
    product: Product, weight_kg: Fraction | None = None, area_cm2: Fraction | None = None
) -> list[Calculation]:
    return [_calculate(product, entry, i, weight_kg, area_cm2) for i, entry in enumerate(product.dosing)]


def _calculate(
    product: Product, entry: Dosing, index: int, weight_kg: Fraction | None, area_cm2: Fraction | None
) -> Calculation:
    calc = Calculation(product, entry, index, weight_kg, area_cm2)
    amount = entry.amount
    ceiling = isinstance(amount, RangeDose) and amount.max_cells_per_kg is not None
    uses_weight = isinstance(amount, PerKgDose | WeightBandDose) or ceiling
    uses_area = isinstance(amount, PerAreaDose)
    if weight_kg is not None and not uses_weight:
        calc.notes.append(
            N_(
                "--weight does not apply: the {name} dose is {amount}, not by body weight.",
                name=product.name,
                amount=_kind_words(amount),
            )
        )
    if area_cm2 is not None and not uses_area:
        calc.notes.append(
            N_(
                "--area does not apply: the {name} dose is {amount}, not per cm².",
                name=product.name,
                amount=_kind_words(amount),
            )
        )
    if isinstance(amount, PerKgDose):
        _per_kg(calc)
    elif isinstance(amount, WeightBandDose):
        _weight_band(calc, amount)
    elif isinstance(amount, PerAreaDose):
        _per_area(calc, amount)
    elif isinstance(amount, FixedDose):
        calc.per_administration = Span.of(amount.cells)
        calc.formula = N_("{cells} cells per administration", cells=sci(amount.cells))
    elif isinstance(amount, RangeDose):
        _range(calc, amount)
    else:
        calc.formula = N_("not stated in the sources")
        calc.notes.append(N_("No labelled dose in the sources, so nothing is calculated."))
    _volume(calc)
    _course(calc)
    return calc


def _kind_words(amount: Amount) -> str:
    return {
        "fixed": N_("a fixed number of cells"),
        "range": N_("a fixed range of cells"),
        "per-kg": N_("per kg of body weight"),
        "per-area": N_("per cm² of the treated area"),
        "weight-band": N_("set by weight band"),
        "not-stated": N_("not stated in the sources"),
    }[amount.kind]


def _per_kg(calc: Calculation) -> None:
    per_kg = calc.per_kg()
    if per_kg is None:  # pragma: no cover - a PerKgDose always has its span
        return
    calc.formula = N_("{per_kg} × body weight (kg)", per_kg=span_text(per_kg, "cells/kg"))
    if calc.weight_kg is None:
        calc.needs.append("--weight")
        return
    calc.per_administration = per_kg * calc.weight_kg
    calc.arithmetic.append(
        N_(
            "{per_kg} × {weight_kg} kg = {per_administration}",
            per_kg=span_text(per_kg, "cells/kg"),
            weight_kg=plain(calc.weight_kg, 3),
            per_administration=cells_text(calc.per_administration),
        )
    )


def _weight_band(calc: Calculation, amount: WeightBandDose) -> None:
    bands = amount.bands
    listed = "; ".join(f"{b.label}: {sci(b.cells)} cells" for b in bands)
    calc.formula = N_("by weight band: {listed}", listed=listed)
    if calc.weight_kg is None:
        calc.needs.append("--weight")
        return
    band = choose_band(bands, calc.weight_kg)
    calc.band = band
    calc.per_administration = Span.of(band.cells)
    calc.arithmetic.append(
        N_(
            "{weight_kg} kg falls in the band '{label}': {cells} cells",
            weight_kg=plain(calc.weight_kg, 3),
            label=band.label,
            cells=sci(band.cells),
        )
    )
    if band.volume_ml is not None:
        calc.volume_ml = Span.of(band.volume_ml)


def _per_area(calc: Calculation, amount: PerAreaDose) -> None:
    calc.formula = N_("{cells_per_cm2} cells/cm² × area (cm²)", cells_per_cm2=sci(amount.cells_per_cm2))
    if calc.area_cm2 is None:
        calc.needs.append("--area")
        return
    area = calc.area_cm2
    calc.per_administration = Span.of(amount.cells_per_cm2) * area
    calc.arithmetic.append(
        N_(
            "{cells_per_cm2} cells/cm² × {area} cm² = {per_administration}",
            cells_per_cm2=sci(amount.cells_per_cm2),
            area=plain(area, 3),
            per_administration=cells_text(calc.per_administration),
        )
    )
    if amount.volume_ml_per_cm2 is not None:
        calc.volume_ml = Span.of(amount.volume_ml_per_cm2) * area
        calc.arithmetic.append(
            N_(
                "volume: {volume_ml_per_cm2} mL/cm² × {area} cm² = {volume_ml}",
                volume_ml_per_cm2=plain(Fraction(str(amount.volume_ml_per_cm2)), 3),
                area=plain(area, 3),
                volume_ml=ml_text(calc.volume_ml),
            )
        )
    low, high = amount.area_min_cm2, amount.area_max_cm2
    if low is not None and high is not None and not Fraction(str(low)) <= area <= Fraction(str(high)):
        calc.notes.append(
            N_(
                "{area} cm² is outside the labelled range of {low}-{high} cm².",
                area=plain(area, 3),
                low=plain(low),
                high=plain(high),
            )
        )


def _range(calc: Calculation, amount: RangeDose) -> None:
    low, high = Fraction(amount.cells_min), Fraction(amount.cells_max)
    calc.formula = N_("{low}-{high} cells", low=sci(low), high=sci(high))
    ceiling = amount.max_cells_per_kg
    if ceiling is not None:
        calc.formula = N_(
            "{low}-{high} cells, at most {ceiling} cells/kg", low=sci(low), high=sci(high), ceiling=sci(ceiling)
        )
        if calc.weight_kg is None:
            calc.notes.append(
                N_("Give --weight to apply the label's ceiling of {ceiling} cells/kg.", ceiling=sci(ceiling))
            )
        else:
            cap = Fraction(ceiling) * calc.weight_kg
            calc.arithmetic.append(
                N_(
                    "ceiling: {ceiling} cells/kg × {weight_kg} kg = {cap:,} cells ({cap_sci})",
                    ceiling=sci(ceiling),
                    weight_kg=plain(calc.weight_kg, 3),
                    cap=round_cells(cap),
                    cap_sci=sci(round_cells(cap)),
                )
            )
            if cap < high:
                calc.limit = N_(
                    "the per-kg ceiling lowers the maximum from {high} to {cap} cells",
                    high=sci(high),
                    cap=sci(round_cells(cap)),
                )
                high = cap
            if cap < low:
                calc.limit = (
                    f"the per-kg ceiling ({sci(round_cells(cap))} cells) is below the labelled minimum of "
                    f"{sci(low)}: no dose in the labelled range is allowed at this weight"
                )
                calc.per_administration = None
                return
    calc.per_administration = Span(low, high)


def _volume(calc: Calculation) -> None:
    """Volume per administration: from the label's volume, mL/kg, the concentration, or the vial/bag content."""
    if calc.per_administration is None:
        return
    amount = calc.amount
    p = calc.entry.presentation
    cells = cells_text(calc.per_administration).split(" (")[0]
    if calc.volume_ml is not None:
        pass
    elif isinstance(amount, PerKgDose) and amount.volume_ml_per_kg is not None and calc.weight_kg is not None:
        calc.volume_ml = Span.of(amount.volume_ml_per_kg) * calc.weight_kg
        calc.arithmetic.append(
            N_(
                "volume: {volume_ml_per_kg} mL/kg × {weight_kg} kg = {volume_ml}",
                volume_ml_per_kg=plain(Fraction(str(amount.volume_ml_per_kg)), 3),
                weight_kg=plain(calc.weight_kg, 3),
                volume_ml=ml_text(calc.volume_ml),
            )
        )
    elif isinstance(amount, FixedDose) and amount.volume_ml is not None:
        calc.volume_ml = Span.of(amount.volume_ml)
    elif calc.entry.concentration is not None:
        concentration = Fraction(calc.entry.concentration.cells_per_ml)
        calc.volume_ml = calc.per_administration / concentration
        calc.arithmetic.append(
            N_(
                "volume: {cells} ÷ {concentration} cells/mL = {volume_ml}",
                cells=cells,
                concentration=sci(concentration),
                volume_ml=ml_text(calc.volume_ml),
            )
        )
    elif p is not None and p.cells and p.volume_ml:
        units = calc.per_administration / Fraction(p.cells)
        calc.volume_ml = units * Fraction(str(p.volume_ml))
        calc.arithmetic.append(
            N_(
                "volume: {cells} ÷ {cells_sci} cells per {unit} = {units} {unit}s × {volume_ml} mL = {volume}",
                cells=cells,
                cells_sci=sci(p.cells),
                unit=p.unit,
                units=_count(units),
                volume_ml=plain(Fraction(str(p.volume_ml)), 2),
                volume=ml_text(calc.volume_ml),
            )
        )
        return
    if calc.volume_ml is not None and p is not None and p.volume_ml:
        units = calc.volume_ml / Fraction(str(p.volume_ml))
        calc.arithmetic.append(
            N_(
                "= {units} {unit}s of {volume_ml} mL",
                units=_count(units),
                unit=p.unit,
                volume_ml=plain(Fraction(str(p.volume_ml)), 2),
            )
        )


def _count(span: Span) -> str:
    return plain(span.low, 2) if span.single else f"{plain(span.low, 2)}-{plain(span.high, 2)}"


def _course(calc: Calculation) -> None:
    schedule = calc.entry.schedule
    if schedule.administrations is None:
        if calc.per_administration is not None:
            calc.notes.append(N_("The number of administrations is not stated, so no course total is given."))
        return
    count = Span(Fraction(schedule.administrations), Fraction(schedule.administrations_max or schedule.administrations))
    calc.administrations = count
    if calc.per_administration is None:
        return
    calc.course = calc.per_administration * count
    counts = plain(count.low) if count.single else f"{plain(count.low)}-{plain(count.high)}"
    calc.arithmetic.append(
        N_(
            "course: {counts} administration{suffix} × {per_administration} = {course}",
            counts=counts,
            suffix="s" if count.high != 1 else "",
            per_administration=span_text(calc.per_administration),
            course=cells_text(calc.course),
        )
    )
    if calc.volume_ml is not None:
        calc.course_volume_ml = calc.volume_ml * count
    if schedule.extension_administrations:
        extra = calc.per_administration * schedule.extension_administrations
        calc.notes.append(
            N_(
                "Optional extension: {extension_administrations} more administrations = {extra}; with it the course "
                "is {course}.",
                extension_administrations=schedule.extension_administrations,
                extra=cells_text(extra),
                course=cells_text(calc.course + extra),
            )
        )
