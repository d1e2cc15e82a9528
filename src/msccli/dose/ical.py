"""A planned course as an iCalendar file (RFC 5545), named for the product (and the label): one all-day event per
administration, with the dose, the weight it was worked out for and the units to thaw in its description. Written
with the icalendar library, imported only here. Text from the data passes the output guard: iCalendar text holds no
control characters, and a terminal that shows the file must not obey any."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from msccli.dose.course import Administration
from msccli.dose.plan import DosePlan
from msccli.output.guard import visible
from msccli.text.i18n import tr


def course_calendar(result: DosePlan, notes: Sequence[str], label: str | None = None) -> bytes:
    """The planned course of one dosing entry; `notes` (the dose, the weight it was worked out for, the units to
    thaw) are every event's description. `label` (a patient or a course, as the user names it) heads the
    calendar's name and every event's summary."""
    calc = result.calc
    administrations = result.course.administrations if result.course else []
    name = visible(calc.product.name)
    title = name if label is None else f"{visible(label)}: {name}"
    calendar_name = tr("{title}: course plan (msc)", title=title)
    return calendar(visible(calc.product.id), title, administrations, [visible(n) for n in notes], calendar_name)


def calendar(
    product_id: str, product_name: str, plan: Sequence[Administration], details: Sequence[str], name: str
) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//msc//MSC course plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", name)  # RFC 7986
    cal.add("x-wr-calname", name)  # the name most calendar programs show
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    base = sum(1 for a in plan if not a.optional)
    first = plan[0].date.isoformat() if plan else ""
    course = _course_key(product_name, plan, details)
    for a in plan:
        event = Event()
        # RFC 5545: one UID is one event; two courses (two patients, two doses) must never share one, while the
        # same course written again updates its events instead of doubling them
        event.add("uid", f"{product_id}-{first}-{a.number}-{course}@msc")
        event.add("dtstamp", stamp)
        event.add("dtstart", a.date)
        event.add("dtend", a.date + dt.timedelta(days=1))
        if a.optional:
            summary = tr(
                "{name}: optional administration {number} after the course", name=product_name, number=a.number - base
            )
        else:
            summary = tr("{name}: administration {number} of {total}", name=product_name, number=a.number, total=base)
        event.add("summary", summary)
        event.add("description", "\n".join(details))
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def _course_key(title: str, plan: Sequence[Administration], details: Sequence[str]) -> str:
    """A digest of everything the course's events say: its title (with the label), days and doses."""
    import hashlib

    text = "\n".join([title, *(f"{a.number} {a.date.isoformat()} {a.optional}" for a in plan), *details])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
