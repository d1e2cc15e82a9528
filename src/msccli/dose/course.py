"""A course on the calendar: the label's administrations as dates, honouring its counts and minimum intervals.

Weekly schedules (Ryoncil, Temcell: twice a week, at least 3 days apart, for 4 weeks) are laid out week by week
from the first administration; a skipped date moves that administration to the next allowed day and the rest
follow, and a plan that no longer fits the label's weeks is refused. A fixed interval (NeuroNata-R: two
administrations 26 days apart) cannot be stretched: a skip there is refused. Optional extensions the label
allows (Temcell's weekly month) are planned after the base course and marked optional.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from msccli.catalogue.model import Schedule
from msccli.text.errors import InputError
from msccli.text.i18n import N_
from msccli.text.match import plural

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


YEARS = (1900, 2200)  # a course is planned in this life, not at the calendar's edge


def parse_date(text: str, option: str) -> dt.date:
    """YYYY-MM-DD, as documented: not the week dates or compact forms Python's own parser also takes."""
    import re

    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
            raise ValueError(text)
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(N_("{text!r} is not a date (YYYY-MM-DD)", text=text), field=option) from None
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise InputError(
            N_("{text!r} is outside the years {years_0}-{years_1}", text=text, years_0=YEARS[0], years_1=YEARS[1]),
            field=option,
        )
    return day


@dataclass(frozen=True)
class Administration:
    number: int
    date: dt.date
    optional: bool = False
    moved_from: dt.date | None = None  # the pattern's date, when a skip moved it

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]


@dataclass
class Course:
    administrations: list[Administration] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # the label's rules the plan honours, clause by clause
    notes: list[str] = field(default_factory=list)  # why there is no plan, or what it leaves to the prescriber


@dataclass(frozen=True)
class _Rules:
    count: int
    gap: int  # days between consecutive administrations, at least
    exact: bool  # the gap is the labelled interval, not a minimum
    per_week: int | None  # at most this many in each week counted from the first administration
    window: int | None  # the base course ends within this many days of the first administration


def _rules(schedule: Schedule) -> _Rules | str:
    """The schedule's rules, or why the sources do not allow a plan."""
    count = schedule.administrations
    if count is None:
        return "The sources state no number of administrations, so no dates are planned."
    if schedule.per_week:
        gap = schedule.interval_days or 7 // schedule.per_week
        window = schedule.weeks * 7 if schedule.weeks else None
        return _Rules(count, gap, False, schedule.per_week, window)
    if schedule.interval_days:
        return _Rules(count, schedule.interval_days, True, None, None)
    if count == 1:
        return _Rules(1, 0, False, None, None)
    return f"The sources give {count} administrations but no interval, so no dates are planned."


def plan(schedule: Schedule, start: dt.date, skips: set[dt.date] | None = None) -> Course:
    """Dated administrations from `start`; `skips` are days on which none may fall."""
    skips = skips or set()
    rules = _rules(schedule)
    if isinstance(rules, str):
        return Course(notes=[rules])
    course = Course(rules=_rule_words(rules))
    first = start
    while first in skips:
        first += dt.timedelta(days=1)
    dates = _lay_out(rules, first, rules.count, skips, pattern_start=first)
    if rules.window is not None and (dates[-1] - first).days >= rules.window:
        raise InputError(
            N_(
                "cannot plan {planned} administrations within {weeks} weeks, at least {gap} days apart, without "
                "{skips}; the label allows no later ones",
                planned=rules.count,
                weeks=rules.window // 7,
                gap=rules.gap,
                skips=_dates(skips),
            ),
            field="--skip",
        )
    pattern = _lay_out(rules, first, rules.count, set(), pattern_start=first)
    course.administrations = [
        Administration(i + 1, d, moved_from=p if p != d else None)
        for i, (d, p) in enumerate(zip(dates, pattern, strict=True))
    ]
    _optional(schedule, rules, course, first, skips)
    return course


def _lay_out(rules: _Rules, first: dt.date, count: int, skips: set[dt.date], pattern_start: dt.date) -> list[dt.date]:
    dates: list[dt.date] = []
    for i in range(count):
        if rules.per_week:
            week, slot = divmod(i, rules.per_week)
            wanted = pattern_start + dt.timedelta(days=7 * week + slot * rules.gap)
        else:
            wanted = first + dt.timedelta(days=i * rules.gap)
        day = wanted if not dates else max(wanted, dates[-1] + dt.timedelta(days=rules.gap))
        while day in skips or (rules.per_week and _in_week(dates, day, pattern_start) >= rules.per_week):
            if rules.exact and dates:
                raise InputError(
                    N_(
                        "administration {number} falls on {day}, which is skipped; the label sets {gap} days between "
                        "administrations, so it cannot move (choose another --start)",
                        number=i + 1,
                        day=day.isoformat(),
                        gap=rules.gap,
                    ),
                    field="--skip",
                )
            day += dt.timedelta(days=1)
        dates.append(day)
    return dates


def _in_week(dates: list[dt.date], day: dt.date, start: dt.date) -> int:
    week = (day - start).days // 7
    return sum(1 for d in dates if (d - start).days // 7 == week)


def _optional(schedule: Schedule, rules: _Rules, course: Course, first: dt.date, skips: set[dt.date]) -> None:
    """Administrations the label allows after the base course, marked optional."""
    extra, per_week = 0, None
    if schedule.extension_administrations and schedule.extension_per_week:
        extra, per_week = schedule.extension_administrations, schedule.extension_per_week
    elif schedule.administrations_max and rules.per_week and schedule.administrations_max > rules.count:
        extra, per_week = schedule.administrations_max - rules.count, rules.per_week
    if not extra or per_week is None:
        if schedule.extension:
            course.notes.append(N_("What follows the base course depends on the response; it is not planned here."))
        return
    last = course.administrations[-1].date
    begin = first + dt.timedelta(days=rules.window) if rules.window else last + dt.timedelta(days=7)
    gap = 7 // per_week
    follow = _Rules(extra, max(gap, rules.gap), False, per_week, None)
    begin = max(begin, last + dt.timedelta(days=rules.gap))
    dates = _lay_out(follow, begin, extra, skips, pattern_start=begin)
    base = len(course.administrations)
    course.administrations += [Administration(base + i + 1, d, optional=True) for i, d in enumerate(dates)]
    pace = N_("once a week") if per_week == 1 else N_("{per_week} times a week", per_week=per_week)
    course.rules.append(
        N_("then up to {extra} more, {pace}, if the prescriber continues (optional)", extra=extra, pace=pace)
    )


def _rule_words(rules: _Rules) -> list[str]:
    if rules.count == 1:
        return [N_("a single administration")]
    words = [N_("{planned} administrations", planned=rules.count)]
    if rules.per_week:
        words.append(N_("at most {per_week} in each week from the first", per_week=rules.per_week))
    words.append(
        N_("exactly {gap} days apart", gap=rules.gap) if rules.exact else N_("at least {gap} days apart", gap=rules.gap)
    )
    if rules.window:
        words.append(N_("all within {weeks} weeks", weeks=rules.window // 7))
    return words


def _dates(days: set[dt.date]) -> str:
    return ", ".join(d.isoformat() for d in sorted(days))


def check_rules(schedule: Schedule, dates: list[dt.date]) -> list[str]:
    """Every way a list of base-course dates breaks the label's rules (empty when it keeps them)."""
    rules = _rules(schedule)
    if isinstance(rules, str) or not dates:
        return []
    broken = []
    if len(dates) != rules.count:
        broken.append(N_("{count} administrations, not {planned}", count=len(dates), planned=rules.count))
    for before, after in itertools.pairwise(dates):
        days = (after - before).days
        if days < rules.gap or (rules.exact and days != rules.gap):
            broken.append(
                N_(
                    "{before} to {after} is {days}",
                    before=before.isoformat(),
                    after=after.isoformat(),
                    days=plural(days, "day"),
                )
            )
    if rules.per_week:
        for week in {(d - dates[0]).days // 7 for d in dates}:
            if sum(1 for d in dates if (d - dates[0]).days // 7 == week) > rules.per_week:
                broken.append(N_("more than {per_week} in week {week}", per_week=rules.per_week, week=week + 1))
    if rules.window is not None and (dates[-1] - dates[0]).days >= rules.window:
        broken.append(N_("longer than {weeks} weeks", weeks=rules.window // 7))
    return broken
