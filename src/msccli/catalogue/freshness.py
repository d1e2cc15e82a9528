"""How old the catalogue is: runs over a year after its "as of" month say so, once."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from msccli.text.errors import InputError
from msccli.text.i18n import N_

if TYPE_CHECKING:
    from datetime import date

STALE_AFTER_MONTHS = 12
# A status whose latest evidence is older than this is shown as old wherever the status is shown.
STATUS_EVIDENCE_YEARS = 3


def months_old(as_of: str, now: tuple[int, int]) -> int:
    """Whole months from the catalogue's "as of" month (YYYY-MM or a full date) to this month (year, month)."""
    year, month = (int(p) for p in as_of.split("-")[:2])
    return (now[0] - year) * 12 + now[1] - month


def staleness(as_of: str, now: tuple[int, int]) -> str | None:
    """What to tell people when the catalogue is more than a year older than this month (year, month), else
    None."""
    age = months_old(as_of, now)
    if age <= STALE_AFTER_MONTHS:
        return None
    return N_(
        "note: the catalogue is as of {as_of}, {age} months ago; approvals and statuses may have changed since. Check "
        "the regulators' own lists (FDA, EMA, PMDA, MFDS, NMPA, CDSCO) or a newer msc.",
        as_of=as_of,
        age=age,
    )


def status_evidence_old(status: str, evidence: str, on: str) -> bool:
    """An active or unknown status whose latest evidence (a date at its precision: the end of that year, month
    or day) is more than STATUS_EVIDENCE_YEARS before the day `on` (ISO). A withdrawal is final: never old."""
    if status in ("withdrawn", "superseded"):
        return False
    year, rest = int(evidence[:4]), evidence[4:]
    month = int(rest[1:3]) if rest else 12
    day = int(rest[4:6]) if len(rest) > 3 else 31
    last = (year, month, day)  # day 31 of a short month still sorts as that month's end
    on_year, on_month, on_day = (int(p) for p in on.split("-"))
    return last < (on_year - STATUS_EVIDENCE_YEARS, on_month, on_day)


def today() -> date:
    """Today's date, or MSC_TODAY (YYYY-MM-DD) for reproducible runs: tests, golden files, a rerun of an old report."""
    import datetime

    pinned = os.environ.get("MSC_TODAY")
    if pinned:
        try:
            return datetime.date.fromisoformat(pinned)
        except ValueError:
            raise InputError(
                N_("MSC_TODAY={pinned!r} is not a date", pinned=pinned), hint="use YYYY-MM-DD, or unset it"
            ) from None
    return datetime.date.today()


def this_month() -> tuple[int, int]:
    """Today's year and month, as today() has them (MSC_TODAY, else the local clock)."""
    if os.environ.get("MSC_TODAY"):
        pinned = today()
        return pinned.year, pinned.month
    import time

    now = time.localtime()  # as date.today()
    return now.tm_year, now.tm_mon
