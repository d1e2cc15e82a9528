"""How old the catalogue is: runs over a year after its "as of" month say so, once."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from msccli.text.errors import InputError
from msccli.text.i18n import N_

if TYPE_CHECKING:
    from datetime import date

STALE_AFTER_MONTHS = 12


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
