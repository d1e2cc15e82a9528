"""Identity criteria (ISCT 2006 and others) and a lab's own specification, evaluated per cell lot.

A lot's verdict for a profile is FAIL if any deciding criterion fails, else INCOMPLETE if any has no data
(never a silent pass), else PASS. Informative criteria are reported but do not decide.
When both markers of an or-pair (CD14/CD11b) are measured, both must meet the threshold: a high value in
either shows contaminating cells. A cocktail channel (one value for several negatives) covers exactly its members.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from msccli.catalogue.collector import paused_gc
from msccli.catalogue.model import Criterion, Profile
from msccli.catalogue.vocab import Test
from msccli.text.i18n import N_

if TYPE_CHECKING:
    from collections.abc import Iterator

T = TypeVar("T")
LINEAGES: tuple[str, ...] = ("osteogenic", "adipogenic", "chondrogenic")


# -- profiles ------------------------------------------------------------------------------------


def profile(profiles: list[Profile], profile_id: str) -> Profile:
    """A profile by id, case-insensitively; the error suggests the nearest ids."""
    from msccli.text.errors import NotFound
    from msccli.text.match import close_matches

    for p in profiles:
        if p.id.casefold() == profile_id.casefold():
            return p
    raise NotFound(
        "criteria profile",
        profile_id,
        close_matches(profile_id, [p.id for p in profiles]),
        "list them with: msc criteria",
    )


def criterion_op(crit: Criterion) -> str | None:
    """The comparison a criterion makes: >=, >, <=, < (None for a pass/fail test)."""
    if crit.min is not None:
        return ">" if crit.strict else ">="
    if crit.max is not None:
        return "<" if crit.strict else "<="
    return None


def criterion_label(crit: Criterion) -> str:
    """What a criterion tests, for people: 'CD14 or CD11b', 'adherence'."""
    if crit.test == "percent":
        return " or ".join(crit.markers)
    if crit.test == "phenotype":
        return "combined phenotype"
    return crit.test


def overall(verdicts: list[str]) -> str:
    """A lot's verdict over several checks: any FAIL, else any INDETERMINATE, else any INCOMPLETE, else PASS."""
    for verdict in ("FAIL", "INDETERMINATE", "INCOMPLETE"):
        if verdict in verdicts:
            return verdict
    return "PASS"


# -- lots ------------------------------------------------------------------------------------------


Table = dict[str, list[Any]]
COCKTAIL = "@cocktail:"  # table key prefix of a cocktail channel; the members follow, joined by "/"


class Lot:
    """One cell lot: row `index` of a table of columns (marker names, cocktail channels and @fields).

    Lots read from one file share that file's table, so checking 100,000 lots works on whole columns;
    None in a column means not measured.
    """

    __slots__ = ("fcs", "figures", "gating", "index", "lot", "row", "source", "table")

    def __init__(self, lot: str, source: str = "", row: int | None = None, table: Table | None = None, index: int = 0):
        self.lot = lot
        self.source = source
        self.row = row
        self.table: Table = {} if table is None else table
        self.index = index
        self.fcs: dict[str, Any] | None = None  # the FCS report of the tubes this lot's values come from
        self.figures: dict[str, Any] | None = None  # what a release report draws of those tubes (--report)
        self.gating: list[dict[str, Any]] | None = None  # those tubes' gates, for --gating-ml

    def get(self, key: str) -> Any:
        column = self.table.get(key)
        return None if column is None else column[self.index]

    @property
    def markers(self) -> dict[str, float | None]:
        i = self.index
        return {key: column[i] for key, column in self.table.items() if not key.startswith("@")}

    @property
    def cocktails(self) -> list[tuple[tuple[str, ...], float]]:
        i = self.index
        return [
            (tuple(key.removeprefix(COCKTAIL).split("/")), column[i])
            for key, column in self.table.items()
            if key.startswith(COCKTAIL) and column[i] is not None
        ]

    @property
    def adherent(self) -> bool | None:
        value: bool | None = self.get("@adherence")
        return value

    @property
    def viability(self) -> float | None:
        value: float | None = self.get("@viability")
        return value

    @property
    def stimulated(self) -> bool:
        return bool(self.get("@stimulated"))


def single_lot(lot_id: str, values: dict[str, Any], source: str = "flags") -> Lot:
    """A lot of its own (from flags): keys as in a table, values not lists."""
    return Lot(lot_id, source, None, {key: [value] for key, value in values.items()}, 0)


def cocktail_key(members: tuple[str, ...] | list[str]) -> str:
    return COCKTAIL + "/".join(members)


# Outcomes are kept column by column (one list per criterion) while checking, because 100,000 lots must take
# well under a second; per-lot dicts are built only when a report asks for them.
PASS, MISSING, INDETERMINATE, FAIL = 0, 1, 2, 3  # ordered so that max() of a lot's statuses is its verdict
RECORDED = 4  # a result no criterion judges, shown as recorded: only ever informative, so it never decides
STATUS = ("pass", "missing", "indeterminate", "fail", "recorded")
VERDICT = ("PASS", "INCOMPLETE", "INDETERMINATE", "FAIL")
CI_PREFIX = "@ci:"  # table key of a value's 95% interval (low, high), from FCS input
UNTRUSTED_PREFIX = "@untrusted:"  # table key of why a measured value cannot be trusted (FCS input): INDETERMINATE
POINT_RULE = N_("point estimate (the published rule)")
INTERVAL_RULE = N_("95% interval (--ci): a criterion whose interval straddles its threshold is INDETERMINATE")
Outcome = tuple[int, float | bool | None, str | None]  # status, value, marker or cocktail used
STIMULATED_NOTE = N_("informative only: the lot was stimulated (IFN-gamma), which can induce HLA-DR")
COCKTAIL_POSITIVE_NOTE = N_("a cocktail channel cannot show a positive marker")
RECORDED_NOTE = N_("recorded for the lot; no criterion judges it")
# What a lot file, the flags or a sample sheet can record besides markers: shown even where no criterion judges it.
RECORDED_TESTS: tuple[Test, ...] = ("adherence", "osteogenic", "adipogenic", "chondrogenic", "viability")


@dataclass
class Rule:
    """A criterion prepared for fast checking."""

    criterion: Criterion
    label: str
    test: str
    markers: tuple[str, ...]
    op: str | None
    threshold: float
    lower: bool  # True for min (value must be high), False for max
    strict: bool
    recorded: bool = False  # a result shown because the lot has it, though no criterion judges it


def _rule(crit: Criterion) -> Rule:
    op = criterion_op(crit)
    lower = crit.min is not None
    threshold = crit.min if crit.min is not None else (crit.max if crit.max is not None else 0.0)
    recorded = crit.note == RECORDED_NOTE and crit.informative and op is None
    return Rule(crit, criterion_label(crit), crit.test, tuple(crit.markers), op, threshold, lower, crit.strict,
                recorded)  # fmt: skip


def _ok(rule: Rule, value: float) -> bool:
    if rule.lower:
        return value > rule.threshold if rule.strict else value >= rule.threshold
    return value < rule.threshold if rule.strict else value <= rule.threshold


def _margin(rule: Rule, value: float) -> float:
    """How far inside the threshold (positive) or outside it (negative), in percentage points."""
    return round(value - rule.threshold if rule.lower else rule.threshold - value, 6)


def _percent(rule: Rule, lot: Lot) -> Outcome:
    """The general case: alternatives (CD14 or CD11b) and cocktail channels."""
    markers = lot.markers
    measured = [(m, v) for m in rule.markers if (v := markers.get(m)) is not None]
    if not rule.lower and len(measured) < len(rule.markers):
        # A cocktail reads one value for all its members and covers exactly those members.
        for members, value in lot.cocktails:
            if any(m in members and markers.get(m) is None for m in rule.markers):
                measured.append((f"{'/'.join(members)} cocktail", value))
                break
    if not measured:
        return (MISSING, None, None)
    # All measured alternatives must meet the threshold; report the one nearest to failing.
    name, value = min(measured, key=lambda item: _margin(rule, item[1]))
    ok = all(_ok(rule, v) for _, v in measured)
    return (PASS if ok else FAIL, value, name)


def _outcome(rule: Rule, lot: Lot) -> Outcome:
    test = rule.test
    if test == "percent":
        return _percent(rule, lot)
    if test in ("viability", "phenotype"):
        value = lot.get("@" + test)
        if value is None:
            return (MISSING, None, None)
        return (PASS if _ok(rule, value) else FAIL, value, None)
    flag = lot.get("@" + test)
    if flag is None:
        return (MISSING, None, None)
    return (PASS if flag else FAIL, flag, None)


def _statuses(rule: Rule, values: list[Any]) -> list[int]:
    """Status of every lot for a simple threshold, in one pass."""
    t = rule.threshold
    if rule.lower and not rule.strict:
        return [MISSING if v is None else (PASS if v >= t else FAIL) for v in values]
    if rule.lower:
        return [MISSING if v is None else (PASS if v > t else FAIL) for v in values]
    if not rule.strict:
        return [MISSING if v is None else (PASS if v <= t else FAIL) for v in values]
    return [MISSING if v is None else (PASS if v < t else FAIL) for v in values]


@dataclass
class Column:
    """One criterion's outcome for every lot of a batch."""

    rule: Rule
    statuses: list[int]
    values: list[Any]
    used: list[str | None] | str | None  # one name for all lots, or one per lot


def _values(key: str, table: Table, count: int) -> list[Any]:
    column = table.get(key)
    return list(column) if column is not None else [None] * count


def _column(rule: Rule, table: Table, count: int, with_cocktails: list[int]) -> Column:
    if rule.recorded:
        values = _values("@" + rule.test, table, count)
        return Column(rule, [MISSING if v is None else RECORDED for v in values], values, None)
    if rule.test == "percent" and len(rule.markers) == 1:
        name = rule.markers[0]
        values = _values(name, table, count)
        column = Column(rule, _statuses(rule, values), values, name)
        if not rule.lower:  # a cocktail can stand in for a missing negative marker
            for i in with_cocktails:
                if values[i] is None:
                    _patch(column, i, _percent(rule, Lot("", table=table, index=i)))
        return column
    if rule.test in ("viability", "phenotype"):
        values = _values("@" + rule.test, table, count)
        return Column(rule, _statuses(rule, values), values, "@phenotype" if rule.test == "phenotype" else None)
    if rule.test != "percent":
        flags = _values("@" + rule.test, table, count)
        return Column(rule, [MISSING if f is None else (PASS if f else FAIL) for f in flags], flags, None)
    if len(rule.markers) == 2:
        return _pair(rule, table, count, with_cocktails)
    outcomes = [_outcome(rule, Lot("", table=table, index=i)) for i in range(count)]
    return Column(rule, [o[0] for o in outcomes], [o[1] for o in outcomes], [o[2] for o in outcomes])


def _pair(rule: Rule, table: Table, count: int, with_cocktails: list[int]) -> Column:
    """Two alternative markers (CD14 or CD11b): every measured one must meet the threshold."""
    first, second = rule.markers
    a_values = _values(first, table, count)
    b_values = _values(second, table, count)
    a_status = _statuses(rule, a_values)
    b_status = _statuses(rule, b_values)
    # MISSING (1) only when both are missing; otherwise the worse of the measured ones.
    statuses = [
        b if a == MISSING else (a if b == MISSING else max(a, b)) for a, b in zip(a_status, b_status, strict=True)
    ]
    values: list[Any] = []
    used: list[str | None] = []
    for a, b in zip(a_values, b_values, strict=True):
        if a is None or (b is not None and _margin(rule, b) < _margin(rule, a)):
            values.append(b)
            used.append(None if b is None else second)
        else:
            values.append(a)
            used.append(first)
    column = Column(rule, statuses, values, used)
    for i in with_cocktails:
        if a_values[i] is None or b_values[i] is None:
            _patch(column, i, _percent(rule, Lot("", table=table, index=i)))
    return column


def _interval_key(rule: Rule, used: str | None) -> str | None:
    """The table key whose interval belongs to a criterion's value: a marker, a cocktail, or the phenotype."""
    if used is None:
        return None
    if used.endswith(" cocktail"):
        return cocktail_key(used.removesuffix(" cocktail").split("/"))
    return used


def _decided(column: Column, table: Table, prefix: str) -> Iterator[tuple[int, Any]]:
    """Each decided (PASS or FAIL) measured criterion of a column with the table's entry under `prefix` for the
    value it used (an interval, or why the value cannot be trusted)."""
    rule = column.rule
    if rule.test not in ("percent", "phenotype"):
        return
    used = column.used if isinstance(column.used, list) else [column.used] * len(column.values)
    for i, status in enumerate(column.statuses):
        key = _interval_key(rule, used[i]) if status in (PASS, FAIL) else None
        found = table.get(prefix + key, [None] * (i + 1))[i] if key else None
        if found is not None:
            yield i, found


def _interval_statuses(column: Column, table: Table) -> None:
    """--ci: a decided criterion whose 95% interval straddles its threshold becomes INDETERMINATE."""
    if column.rule.op is None:
        return
    for i, (low, high) in _decided(column, table, CI_PREFIX):
        if _ok(column.rule, low) != _ok(column.rule, high):
            column.statuses[i] = INDETERMINATE


def _untrusted_statuses(column: Column, table: Table) -> None:
    """A criterion decided on a measure that cannot be trusted (a saturated control, a control compensated
    differently from its tube) is INDETERMINATE, whatever its value: never a silent PASS."""
    for i, reason in _decided(column, table, UNTRUSTED_PREFIX):
        if reason:
            column.statuses[i] = INDETERMINATE


def _patch(column: Column, i: int, outcome: Outcome) -> None:
    if not isinstance(column.used, list):
        column.used = [column.used] * len(column.values)
    column.statuses[i], column.values[i], column.used[i] = outcome


@dataclass(slots=True)
class Check:
    profile: Profile
    kind: str  # "profile" or "spec"
    verdict: str
    columns: list[Column]
    index: int
    lot: Lot

    def result_dicts(self) -> list[dict[str, Any]]:
        """The per-criterion report of this lot."""
        return [r.record(0) for r in results([self])]


@dataclass(slots=True)
class Results:
    """One criterion's report over a run of lots, a list per field that varies from lot to lot (the margin follows
    from the value). A big report is made from these lists (records, or texts straight from them)."""

    rule: Rule
    status: list[str]
    informative: list[bool]
    value: list[Any]
    used: list[str | None]
    interval: list[list[float] | None]
    note: list[str | None]

    @property
    def threshold(self) -> float | None:
        return self.rule.threshold if self.rule.op else None

    def record(self, i: int) -> dict[str, Any]:
        rule, value = self.rule, self.value[i]
        return {
            "criterion": rule.label,
            "test": rule.test,
            "status": self.status[i],
            "informative": self.informative[i],
            "value": value,
            "op": rule.op,
            "threshold": self.threshold,
            "margin": _margin_of(rule, value),
            "used": self.used[i],
            "interval": self.interval[i],
            "note": self.note[i],
        }

    @property
    def margins(self) -> list[float | None]:
        rule = self.rule
        return [_margin_of(rule, value) for value in self.value]


def _margin_of(rule: Rule, value: Any) -> float | None:
    """A value's margin in a report: none for a flag, a missing value or a criterion without a threshold."""
    return _margin(rule, value) if value.__class__ is float and rule.op else None


def results(checks: list[Check]) -> list[Results]:
    """Each criterion's report for these checks of one profile, in order: the lots' rows of their columns."""
    if not checks:
        return []
    columns = checks[0].columns
    if any(c.columns is not columns for c in checks):  # not one batch's checks: each on its own, then joined
        parts = [results([c]) for c in checks]
        return [_joined([part[j] for part in parts]) for j in range(len(columns))]
    listed = [c.index for c in checks]
    first = listed[0]
    run = listed == list(range(first, first + len(listed)))
    indexes = slice(first, first + len(listed)) if run else listed  # a run of a batch: its columns sliced
    lots = [c.lot for c in checks]
    table = lots[0].table if all(lot.table is lots[0].table for lot in lots) else None
    stimulated = [lot.stimulated for lot in lots]
    intervals = table is None or any(key.startswith(CI_PREFIX) for key in table)
    cocktails = table is None or any(key.startswith(COCKTAIL) for key in table)
    return [_results(column, indexes, lots, stimulated, intervals, cocktails) for column in columns]


def _results(
    column: Column,
    indexes: list[int] | slice,
    lots: list[Lot],
    stimulated: list[bool],
    intervals: bool,
    cocktails: bool,
) -> Results:
    rule, criterion = column.rule, column.rule.criterion
    count = len(lots)
    statuses = _rows(column.statuses, indexes)
    values = _rows(column.values, indexes)
    if isinstance(column.used, list):
        named = _rows(column.used, indexes)
        used = [None if s == MISSING else u for s, u in zip(statuses, named, strict=True)]
    else:
        name = column.used
        used = [None if s == MISSING else name for s in statuses]
    interval: list[list[float] | None] = [None] * count
    if intervals and rule.test in ("percent", "phenotype"):
        for i, (lot, name) in enumerate(zip(lots, used, strict=True)):
            key = _interval_key(rule, name)
            found = lot.get(CI_PREFIX + key) if key else None
            interval[i] = [round(found[0], 6), round(found[1], 6)] if found else None
    informative = [criterion.informative] * count
    note: list[str | None] = [None] * count
    if criterion.stimulated_informative and any(stimulated):
        for i, yes in enumerate(stimulated):
            if yes:
                informative[i], note[i] = True, STIMULATED_NOTE
    if cocktails and rule.lower and rule.test == "percent":
        wanted = set(rule.markers)
        for i, (lot, status) in enumerate(zip(lots, statuses, strict=True)):
            if status == MISSING and note[i] is None and any(wanted & set(m) for m, _ in lot.cocktails):
                note[i] = COCKTAIL_POSITIVE_NOTE
    return Results(
        rule,
        [STATUS[s] for s in statuses],
        informative,
        values,
        [None if rule.test == "phenotype" else u for u in used],
        interval,
        note,
    )


def _rows(column: list[T], indexes: list[int] | slice) -> list[T]:
    return column[indexes] if isinstance(indexes, slice) else [column[i] for i in indexes]


def _joined(parts: list[Results]) -> Results:
    fields = ("status", "informative", "value", "used", "interval", "note")
    lists = {name: [x for part in parts for x in getattr(part, name)] for name in fields}
    return Results(parts[0].rule, **lists)


def shared_table(lots: list[Lot]) -> Table:
    """The lots' common table, rows in lot order: the file's own table, or one built for lots from anywhere."""
    if lots:
        first = lots[0].table
        size = len(next(iter(first.values()), [])) if first else 0
        if size == len(lots) and all(lot.table is first and lot.index == i for i, lot in enumerate(lots)):
            return first
    keys = list(dict.fromkeys(key for lot in lots for key in lot.table))
    return {key: [lot.get(key) for lot in lots] for key in keys}


class Checker:
    """A profile prepared once, then applied to a whole batch, criterion by criterion."""

    def __init__(self, profile: Profile, kind: str = "profile", ci: bool = False) -> None:
        self.profile = profile
        self.kind = kind
        self.ci = ci
        self.rules = [_rule(c) for c in profile.criteria]

    def check(self, lots: list[Lot], table: Table | None = None) -> list[Check]:
        """Check lots; pass `table` when the lots are the rows of that table, in order (a file's batch)."""
        verdicts = self.verdicts(shared_table(lots) if table is None else table, len(lots))
        return [verdicts.check(i, lot) for i, lot in enumerate(lots)]

    def verdicts(self, table: Table, count: int) -> Verdicts:
        cocktail_columns = [column for key, column in table.items() if key.startswith(COCKTAIL)]
        with_cocktails = (
            [i for i in range(count) if any(c[i] is not None for c in cocktail_columns)] if cocktail_columns else []
        )
        with paused_gc():
            columns = [_column(rule, table, count, with_cocktails) for rule in self.rules]
        if self.ci and any(key.startswith(CI_PREFIX) for key in table):
            for column in columns:
                _interval_statuses(column, table)
        if any(key.startswith(UNTRUSTED_PREFIX) for key in table):
            for column in columns:
                _untrusted_statuses(column, table)
        deciding = [c for c in columns if not c.rule.criterion.informative]
        always = [c.statuses for c in deciding if not c.rule.criterion.stimulated_informative]
        unless_stimulated = [c.statuses for c in deciding if c.rule.criterion.stimulated_informative]
        worst = list(map(max, zip(*always, strict=True))) if always else [PASS] * count
        if unless_stimulated:
            other = list(map(max, zip(*unless_stimulated, strict=True)))
            stimulated = _values("@stimulated", table, count)
            worst = [w if s else max(w, o) for w, o, s in zip(worst, other, stimulated, strict=True)]
        return Verdicts(self.profile, self.kind, columns, worst)


@dataclass
class Verdicts:
    """A profile's outcome for a whole batch: per-criterion columns and each lot's verdict code."""

    profile: Profile
    kind: str
    columns: list[Column]
    codes: list[int]

    def check(self, i: int, lot: Lot) -> Check:
        return Check(self.profile, self.kind, VERDICT[self.codes[i]], self.columns, i, lot)


def evaluate(profile: Profile, lot: Lot, kind: str = "profile") -> Check:
    return Checker(profile, kind).check([lot])[0]


def check_lots(
    lots: list[Lot], profile: Profile, spec: Profile | None, table: Table | None = None, ci: bool = False
) -> list[list[Check]]:
    table = shared_table(lots) if table is None else table
    unjudged = _unjudged([profile, *([spec] if spec else [])], table)
    if unjudged:
        from msgspec.structs import replace

        profile = replace(profile, criteria=[*profile.criteria, *unjudged])
    checkers = [Checker(profile, ci=ci)]
    if spec is not None:
        checkers.append(Checker(spec, "spec", ci))
    per_checker = [checker.check(lots, table) for checker in checkers]
    return [list(one) for one in zip(*per_checker, strict=True)]


def _unjudged(profiles: list[Profile], table: Table) -> list[Criterion]:
    """A result some lot records (viability, say) that no criterion of the profile or spec judges: an informative
    row of the profile's check, so it is shown, never dropped."""
    judged = {c.test for p in profiles for c in p.criteria}
    return [
        Criterion(test=test, informative=True, note=RECORDED_NOTE)
        for test in RECORDED_TESTS
        if test not in judged and any(v is not None for v in table.get("@" + test, ()))
    ]


def judged_markers(profiles: list[Profile]) -> set[str]:
    return {m for p in profiles for c in p.criteria for m in c.markers}
