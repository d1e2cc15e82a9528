"""Readable cell counts (6.4×10⁷) and parsing of quantities with units (70kg, 154 lb, 4 cm2)."""

from __future__ import annotations

import re
from fractions import Fraction

from msccli.output.streams import FROM_SUPERSCRIPT, SUPERSCRIPT
from msccli.text.errors import InputError
from msccli.text.i18n import N_


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
    return f"{text}×10{str(exponent).translate(SUPERSCRIPT)}"


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
    "公斤": Fraction(1),
    "千克": Fraction(1),
    "g": Fraction(1, 1000),
    "克": Fraction(1, 1000),
    "lb": Fraction(45359237, 100000000),
    "lbs": Fraction(45359237, 100000000),
    "磅": Fraction(45359237, 100000000),
}
AREA_UNITS: dict[str, Fraction] = {
    "cm2": Fraction(1),
    "cm²": Fraction(1),
    "平方厘米": Fraction(1),
    "平方釐米": Fraction(1),
    "平方公分": Fraction(1),
    "mm2": Fraction(1, 100),
    "mm²": Fraction(1, 100),
    "平方毫米": Fraction(1, 100),
    "平方公釐": Fraction(1, 100),
}
# a comma before exactly three digits: a thousands separator (1,500) or a decimal comma (1,5 written 1,500)?
_AMBIGUOUS_COMMA = re.compile(r"^\s*[0-9]{1,3},[0-9]{3}(?![0-9,])")

# ASCII digits of a sane length: a value of thousands of digits is a paste error, not a weight
_QUANTITY = re.compile(r"^\s*([-+]?(?:[0-9]{1,20}(?:\.[0-9]{1,20})?|\.[0-9]{1,20}))\s*([^\W\d_][\w²]*)?\s*$")


def parse_quantity(
    text: str,
    units: dict[str, Fraction],
    default_unit: str,
    option: str,
    accepted: tuple[Fraction, Fraction],
    why: str,
    example: str,
) -> Fraction:
    """Parse '70', '70kg', '154 lb', '32公斤' into the base unit, rejecting what cannot be a real value. A decimal
    comma is read ('70,5'); a comma that could be either ('1,500': 1.5 or 1500) is refused, never guessed."""
    if _AMBIGUOUS_COMMA.match(text):
        whole, _, rest = text.strip().partition(",")
        digits = rest[:3]
        raise InputError(
            N_(
                "{text!r} could be {decimal} or {thousands}; write the number without a comma",
                text=text,
                decimal=plain(Fraction(f"{whole}.{digits}")),
                thousands=f"{whole}{digits}",
            ),
            field=option,
        )
    match = _QUANTITY.match(text.replace(",", "."))
    if not match:
        raise InputError(
            N_("{text!r} is not a number with an optional unit (e.g. {example})", text=text, example=example),
            field=option,
        )
    number, unit = match.groups()
    unit = (unit or default_unit).lower()
    if unit not in units:
        raise InputError(
            N_(
                "unknown unit {unit!r} in {text!r}; use one of: {units}",
                unit=unit,
                text=text,
                units=", ".join(sorted(set(units))),
            ),
            field=option,
        )
    value = Fraction(number) * units[unit]
    low, high = accepted
    if value <= 0:
        raise InputError(N_("{text!r} must be greater than zero", text=text), field=option)
    if not low <= value <= high:
        raise InputError(
            N_(
                "{text!r} is outside the accepted range {low}-{high} {default_unit} ({why})",
                text=text,
                low=plain(low),
                high=plain(high),
                default_unit=default_unit,
                why=why,
            ),
            field=option,
        )
    return value


_DECIMAL = r"([0-9]{1,20}(?:\.[0-9]{1,20})?|\.[0-9]{1,20})"  # ASCII digits only, of a sane length
_CELLS = [
    (re.compile(rf"^{_DECIMAL}\s*[x×*]\s*10\s*\^?\s*(-?[0-9]{{1,3}})$"), None),  # 1.4×10^8, 1.4x10^8, 1.4*10^8, 1.4×10⁸
    (re.compile(rf"^{_DECIMAL}\s*e\s*\+?([0-9]{{1,3}})$"), None),  # 1.4e8
    (re.compile(rf"^{_DECIMAL}\s*(k|thousand)$"), 10**3),
    (re.compile(rf"^{_DECIMAL}\s*(m|mio|million|millions)$"), 10**6),
    (re.compile(rf"^{_DECIMAL}\s*(b|bn|billion|billions)$"), 10**9),
    (re.compile(rf"^{_DECIMAL}\s*(万)$"), 10**4),
    (re.compile(rf"^{_DECIMAL}\s*(亿|億)$"), 10**8),
    (re.compile(r"^([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,20})$"), 1),  # 140,000,000 or 140000000
]
CELLS_EXAMPLE = "1.4e8, 140M, 1.4×10^8, 14000万 or 140,000,000"


def parse_cells(text: str, option: str) -> int:
    """A number of cells as people write it: '1.4e8', '140M', '1.4×10^8', '14000万', '140,000,000'."""
    cleaned = text.strip().casefold().translate(FROM_SUPERSCRIPT)
    cleaned = re.sub(r"\s*(cells?|個細胞|个细胞|细胞|細胞)$", "", cleaned)
    for pattern, scale in _CELLS:
        match = pattern.match(cleaned)
        if not match:
            continue
        number = Fraction(match.group(1).replace(",", ""))
        exponent = int(match.group(2)) if scale is None else 0
        if exponent > 13:
            raise InputError(
                N_("{text!r} is more cells than any labelled dose could be (over 10^13)", text=text), field=option
            )
        value = number * (scale if scale is not None else Fraction(10) ** exponent)
        if value.denominator != 1 or value <= 0:
            raise InputError(N_("{text!r} is not a whole, positive number of cells", text=text), field=option)
        if value > 10**13:
            raise InputError(
                N_("{text!r} is more cells than any labelled dose could be (over 10^13)", text=text), field=option
            )
        return int(value)
    raise InputError(
        N_("{text!r} is not a number of cells (e.g. {CELLS_EXAMPLE})", text=text, CELLS_EXAMPLE=CELLS_EXAMPLE),
        field=option,
    )
