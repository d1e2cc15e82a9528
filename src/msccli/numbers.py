"""Readable cell counts (6.4×10⁷) and parsing of quantities with units (70kg, 154 lb, 4 cm2)."""

from __future__ import annotations

import re
from fractions import Fraction

from .errors import InputError

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def sci(value: int | float | Fraction) -> str:
    """5×10⁷ for 50,000,000; the mantissa keeps every significant digit, so nothing is rounded away."""
    number = Fraction(value)
    if number == 0:
        return "0"
    if abs(number) < 10_000:
        return plain(number)
    exponent = len(str(int(abs(number)))) - 1
    mantissa = number / 10**exponent
    text = plain(mantissa, max_digits=6)
    return f"{text}×10{str(exponent).translate(_SUPERSCRIPT)}"


_POWER = re.compile(r"10\^(-?\d+)")


def superscript_powers(text: str) -> str:
    """'5×10^7 cells' -> '5×10⁷ cells'."""
    return _POWER.sub(lambda m: "10" + m.group(1).translate(_SUPERSCRIPT), text)


def approx(value: int | float | Fraction, digits: int = 3) -> str:
    """Three significant figures, marked with ≈ when that rounds: for derived values such as cells/kg."""
    number = Fraction(value)
    if number == 0:
        return "0"
    exponent = len(str(int(abs(number)))) - 1 if abs(number) >= 1 else 0
    rounded = Fraction(round(number / Fraction(10) ** (exponent - digits + 1))) * Fraction(10) ** (
        exponent - digits + 1
    )
    return sci(rounded) if rounded == number else "≈" + sci(rounded)


def plain(value: int | float | Fraction, max_digits: int = 3) -> str:
    """A decimal without trailing zeros: 2.5, 64, 0.1."""
    number = Fraction(value)
    if number.denominator == 1:
        return str(number.numerator)
    text = f"{float(number):.{max_digits}f}".rstrip("0").rstrip(".")
    return text


def round_cells(value: Fraction) -> int:
    """Cells are whole; halves round to even so repeated arithmetic does not drift."""
    return round(value)


# Conversions to the base unit; exact fractions so conversions round-trip.
WEIGHT_UNITS: dict[str, Fraction] = {
    "kg": Fraction(1),
    "kgs": Fraction(1),
    "g": Fraction(1, 1000),
    "lb": Fraction(45359237, 100000000),
    "lbs": Fraction(45359237, 100000000),
}
AREA_UNITS: dict[str, Fraction] = {
    "cm2": Fraction(1),
    "cm²": Fraction(1),
    "mm2": Fraction(1, 100),
    "mm²": Fraction(1, 100),
}

_QUANTITY = re.compile(r"^\s*([-+]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+))\s*([^\W\d_][\w²]*)?\s*$")


def parse_quantity(
    text: str,
    units: dict[str, Fraction],
    default_unit: str,
    option: str,
    accepted: tuple[Fraction, Fraction],
    why: str,
    example: str,
) -> Fraction:
    """Parse '70', '70kg', '154 lb' into the base unit, rejecting what cannot be a real value."""
    match = _QUANTITY.match(text.replace(",", "."))
    if not match:
        raise InputError(f"{text!r} is not a number with an optional unit (e.g. {example})", field=option)
    number, unit = match.groups()
    unit = (unit or default_unit).lower()
    if unit not in units:
        raise InputError(
            f"unknown unit {unit!r} in {text!r}; use one of: {', '.join(sorted(set(units)))}",
            field=option,
        )
    value = Fraction(number) * units[unit]
    low, high = accepted
    if value <= 0:
        raise InputError(f"{text!r} must be greater than zero", field=option)
    if not low <= value <= high:
        raise InputError(
            f"{text!r} is outside the accepted range {plain(low)}-{plain(high)} {default_unit} ({why})",
            field=option,
        )
    return value
