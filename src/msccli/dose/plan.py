"""Everything `msc dose` says about one dosing entry: the calculation, the kind of limit, a planned dose checked
against the label, the course on the calendar, and the units to thaw."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from msccli.dose.check import TOLERANCE, DoseCheck, LimitKind, check, limit_kind
from msccli.dose.course import Course, plan
from msccli.dose.label import Calculation
from msccli.dose.thaw import Form, Units, form


@dataclass
class DosePlan:
    calc: Calculation
    limit: LimitKind | None
    check: DoseCheck | None = None
    course: Course | None = None
    form: Form | None = None
    units: tuple[Units, Units] | None = None  # per administration: for the lowest and the highest dose

    @property
    def base_administrations(self) -> tuple[int, int] | None:
        count = self.calc.administrations
        return None if count is None else (int(count.low), int(count.high))


def build(
    calc: Calculation,
    start: dt.date | None,
    skips: set[dt.date],
    planned: int | None,
    tolerance: Fraction = TOLERANCE,
) -> DosePlan:
    result = DosePlan(calc, limit_kind(calc), form=form(calc.entry))
    if planned is not None:
        result.check = check(calc, planned, tolerance)
    if start is not None:
        result.course = plan(calc.entry.schedule, start, skips)
    doses = _doses(result, planned)
    if result.form is not None and doses is not None:
        result.units = (result.form.units(doses[0]), result.form.units(doses[1]))
    return result


def _doses(result: DosePlan, planned: int | None) -> tuple[int, int] | None:
    """The cells one administration needs: the planned dose when one is checked, else the label's."""
    if planned is not None:
        return planned, planned
    span = result.calc.per_administration
    return None if span is None else span.cells()
