"""msc dose: the course on the calendar, a planned dose checked against the label, and the units to thaw.

Every expected date and number here was worked out by hand from the label's rules in the catalogue."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msccli.catalogue import catalog
from msccli.dose import check, course
from msccli.dose import label as dose
from msccli.dose.numbers import parse_cells
from msccli.text.errors import InputError, NotApplicable

from ..conftest import run

FRIDAY = "2026-12-04"  # a Friday


def record(*args: str, code: int = 0) -> dict[str, Any]:
    result = run("dose", *args, "-f", "json")
    assert result.exit_code == code, result.stderr
    (entry,) = json.loads(result.stdout)
    return dict(entry)


def dates(entry: dict[str, Any], optional: bool = False) -> list[str]:
    return [a["date"] for a in entry["plan"] if a["optional"] == optional]


def test_ryoncil_eight_infusions_from_a_friday_never_closer_than_3_days() -> None:
    entry = record("ryoncil", "--weight", "32", "--start", FRIDAY)
    planned = dates(entry)
    assert planned == [
        "2026-12-04",  # Fri
        "2026-12-07",  # Mon
        "2026-12-11",
        "2026-12-14",
        "2026-12-18",
        "2026-12-21",
        "2026-12-25",
        "2026-12-28",
    ]
    days = [dt.date.fromisoformat(d) for d in planned]
    assert min((b - a).days for a, b in itertools.pairwise(days)) == 3
    assert (days[-1] - days[0]).days < 28  # twice a week for 4 weeks
    assert [a["weekday"] for a in entry["plan"][:2]] == ["Fri", "Mon"]
    assert dates(entry, optional=True) == []  # Ryoncil's continuation depends on the day-28 response


def test_neuronata_r_two_doses_26_days_apart() -> None:
    assert dates(record("neuronata-r", "--weight", "70", "--start", FRIDAY)) == ["2026-12-04", "2026-12-30"]


def test_temcell_with_its_optional_extension_marked_as_such() -> None:
    entry = record("temcell", "--weight", "60", "--start", FRIDAY)
    assert len(dates(entry)) == 8
    # once a week for a further 4 weeks, from the fifth week on
    assert dates(entry, optional=True) == ["2027-01-01", "2027-01-08", "2027-01-15", "2027-01-22"]
    table = run("dose", "temcell", "--weight", "60", "--start", FRIDAY).stdout
    assert "   9  Fri 2027-01-01 (optional)" in table.splitlines()
    assert "   8  Mon 2026-12-28" in table.splitlines()


def test_temcell_without_a_start_has_no_plan_and_its_extension_is_a_note() -> None:
    entry = record("temcell", "--weight", "60")
    assert entry["plan"] == []
    assert (entry["administrations_min"], entry["administrations_max"]) == (8, 8)
    assert any("4 more administrations" in note for note in entry["notes"])


def test_a_skipped_date_moves_that_administration_and_the_rest_follow() -> None:
    entry = record("ryoncil", "--weight", "32", "--start", FRIDAY, "--skip", "2026-12-11")
    moved = [(a["date"], a["moved_from"]) for a in entry["plan"] if a["moved_from"]]
    # Fri 11 is skipped: Sat 12 (5 days after Mon 7); then Tue 15, at least 3 days later; the rest as planned
    assert moved == [("2026-12-12", "2026-12-11"), ("2026-12-15", "2026-12-14")]
    assert dates(entry)[4:] == ["2026-12-18", "2026-12-21", "2026-12-25", "2026-12-28"]
    schedule = catalog.default().product("ryoncil").dosing[0].schedule
    assert course.check_rules(schedule, [dt.date.fromisoformat(d) for d in dates(entry)]) == []


def test_a_plan_that_cannot_fit_the_label_is_refused() -> None:
    skips = ",".join(f"2026-12-{day}" for day in range(24, 31))
    result = run("dose", "ryoncil", "--weight", "32", "--start", FRIDAY, "--skip", skips)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("msc: error: --skip: cannot plan 8 administrations within 4 weeks, at least 3 days")
    fixed = run("dose", "neuronata-r", "--weight", "70", "--start", FRIDAY, "--skip", "2026-12-30")
    assert fixed.exit_code == 2
    assert "the label sets 26 days between administrations, so it cannot move" in fixed.stderr


def test_the_rules_checker_sees_every_broken_rule() -> None:
    schedule = catalog.default().product("ryoncil").dosing[0].schedule
    days = [dt.date(2026, 12, d) for d in (1, 2, 4, 5, 8, 9, 29, 30)]
    assert course.check_rules(schedule, days) == [
        "2026-12-01 to 2026-12-02 is 1 day",
        "2026-12-02 to 2026-12-04 is 2 days",
        "2026-12-04 to 2026-12-05 is 1 day",
        "2026-12-08 to 2026-12-09 is 1 day",
        "2026-12-29 to 2026-12-30 is 1 day",
        "more than 2 in week 1",
        "longer than 4 weeks",
    ]


def test_the_calendar_file_parses_back_with_one_event_per_administration(tmp_path: Path) -> None:
    from icalendar import Calendar

    target = tmp_path / "temcell.ics"
    result = run("dose", "temcell", "--weight", "60", "--start", FRIDAY, "--ics", str(target))
    assert result.exit_code == 0
    assert result.stderr == f"msc: wrote 12 administrations to {target}\n"
    parsed = Calendar.from_ical(target.read_bytes())
    events = parsed.walk("VEVENT")
    assert [e.decoded("dtstart").isoformat() for e in events][:3] == ["2026-12-04", "2026-12-07", "2026-12-11"]
    assert str(events[0]["summary"]) == "TEMCELL HS Inj.: administration 1 of 8"
    assert str(events[8]["summary"]) == "TEMCELL HS Inj.: optional administration 1 after the course"
    assert str(events[0]["description"]).splitlines()[:4] == [
        "TEMCELL HS Inj.: 2×10⁶ cells/kg per infusion.",
        "Worked out for: weight 60 kg",
        "Per administration: 1.2×10⁸ cells, 18.00 mL",
        "Thaw: 2 bags per administration (7.2×10⁷ cells each)",
    ]
    assert str(parsed["X-WR-CALNAME"]) == str(parsed["NAME"]) == "TEMCELL HS Inj.: course plan (msc)"
    assert len({str(e["uid"]) for e in events}) == 12
    again = run("dose", "temcell", "--weight", "60", "--start", FRIDAY, "--ics", str(target))
    assert again.exit_code == 2 and again.stderr.endswith("already exists; add --force to replace it\n")
    assert run("dose", "temcell", "--weight", "60", "--start", FRIDAY, "--ics", str(target), "--force").exit_code == 0


def test_check_flags_the_source_reviews_power_of_ten_error() -> None:
    # Hearticellgram-AMI at 90 kg: the band dose is 9×10^7; the source review's 9×10^9 is a hundred times that.
    entry = record("hearticellgram-ami", "--weight", "90", "--check", "9×10^9", code=1)
    assert (entry["check_verdict"], entry["check_hard"], entry["check_power_of_ten"]) == ("above", True, 2)
    assert entry["limit_kind"] == "weight band"
    table = run("dose", "hearticellgram-ami", "--weight", "90", "--check", "9×10^9").stdout
    assert "POWER-OF-TEN ERROR? The planned dose is the labelled dose ×100: check the exponent." in table


def test_check_flags_a_dose_above_stemiracs_labelled_maximum() -> None:
    # 3.34×10^6 cells/kg × 40 kg = 1.336×10^8, below the range's 2×10^8: 1.5×10^8 is above the labelled maximum.
    entry = record("stemirac", "--weight", "40", "--check", "1.5e8", code=1)
    assert (entry["check_verdict"], entry["check_hard"], entry["limit_kind"]) == ("above", True, "labelled maximum")
    assert entry["check_power_of_ten"] is None


@pytest.mark.parametrize(
    ("args", "verdict", "hard", "code"),
    [
        (["ryoncil", "--weight", "32", "--check", "64M"], "within", False, 0),
        (["ryoncil", "--weight", "32", "--check", "6500万"], "above", False, 1),  # no labelled maximum: soft
        (["ryoncil", "--weight", "32", "--check", "6.4×10^6"], "below", False, 1),
        (["obnitix", "--weight", "70", "--check", "140,000,000"], "within", False, 0),
        (["obnitix", "--weight", "70", "--check", "1.42e8"], "above", True, 1),  # above the range, +1.4%
    ],
)
def test_check_verdicts_and_exit_codes(args: list[str], verdict: str, hard: bool, code: int) -> None:
    entry = record(*args, code=code)
    assert (entry["check_verdict"], entry["check_hard"]) == (verdict, hard)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ryoncil", "--check", "6.4e7"], 2, "msc: error: --check: to check a dose of RYONCIL, give --weight\n"),
        (["ryoncil", "--weight", "32", "--check", "lots"], 2, "msc: error: --check: 'lots' is not a number of cells"),
        (["prochymal", "--check", "1e8"], 1, "msc: error: PROCHYMAL: the sources state no dose"),
        (["--start", FRIDAY], 2, "msc: error: --check and --start work on one product's dose: give its name\n"),
        (["ryoncil", "--skip", FRIDAY], 2, "msc: error: --start: --skip and a calendar work on a planned course"),
        (["ryoncil", "--start", "2026-13-01"], 2, "msc: error: --start: '2026-13-01' is not a date (YYYY-MM-DD)\n"),
        (["temcell", "--start", "9999-12-25"], 2, "msc: error: --start: '9999-12-25' is outside the years 1900-2200\n"),
        (["ryoncil", "--country", "JP"], 2, "msc: error: --country, --source, --donor, --route and --indication"),
    ],
)
def test_bad_dose_plans_are_one_clear_error(args: list[str], code: int, message: str) -> None:
    result = run("dose", *args)
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.startswith(message)


def test_units_to_thaw_per_administration_and_for_the_course() -> None:
    temcell = record("temcell", "--weight", "60")  # 1.2×10^8 cells from bags of 7.2×10^7: 2 bags, 2.4×10^7 left
    assert (temcell["unit"], temcell["storage"], temcell["cells_per_unit"]) == ("bag", "cryopreserved", [72000000])
    assert (temcell["units_per_administration_min"], temcell["cells_left_per_administration_min"]) == (2, 24000000)
    assert temcell["course_units_min"] == 16
    alofisel = record("alofisel")  # 4 vials of 3×10^7 = 1.2×10^8 exactly, made fresh
    assert (alofisel["units_per_administration_min"], alofisel["cells_left_per_administration_min"]) == (4, 0)
    assert alofisel["storage"] == "fresh"
    obnitix = record("obnitix", "--weight", "70", "--check", "1.4e8")  # bags of 30, 60, 90 million: 90 + 60
    assert (obnitix["units_per_administration_min"], obnitix["cells_left_per_administration_min"]) == (2, 10000000)
    unknown = record("stemirac", "--weight", "60")
    assert (unknown["unit"], unknown["units_per_administration_min"]) == (None, None)
    assert (
        "Units: the sources give no cells per vial or bag for this product."
        in run("dose", "stemirac", "--weight", "60").stdout.splitlines()
    )


def test_the_table_of_every_dose_takes_the_products_filters() -> None:
    result = run("dose", "--country", "JP", "--weight", "40", "-f", "json")
    assert [r["product"] for r in json.loads(result.stdout)] == ["akuugo", "alofisel", "stemirac", "temcell-hs"]
    allogeneic_iv = json.loads(run("dose", "--donor", "allo", "--route", "iv", "-f", "json").stdout)
    assert {r["product"] for r in allogeneic_iv} == {
        "obnitix",
        "prochymal",
        "ryoncil",
        "temcell-hs",
        "cn-ummsc-pleb001",
    }


# -- properties ------------------------------------------------------------------------------------

CATALOGUE = catalog.load([])
CHECKABLE = [
    (p, i)
    for p in CATALOGUE.products
    for i, d in enumerate(p.dosing)
    if d.amount.kind in ("per-kg", "weight-band", "range", "fixed")
]


@settings(max_examples=300, deadline=None)
@given(
    which=st.sampled_from(CHECKABLE),
    weight=st.integers(min_value=1, max_value=300),
    planned=st.integers(min_value=1, max_value=10**12),
    percent=st.integers(min_value=0, max_value=50),
)
def test_the_verdict_never_contradicts_the_labels_numbers(which: Any, weight: int, planned: int, percent: int) -> None:
    product, index = which
    calc = dose.calculate(product, Fraction(weight))[index]
    tolerance = Fraction(percent, 100)
    result = check.check(calc, planned, tolerance)
    assert result.low <= result.high
    if calc.per_administration is None:  # the per-kg ceiling is below the labelled minimum: no dose conforms
        assert result.limit == "labelled maximum" and result.low == result.high
        assert result.verdict == ("above" if planned > result.high else "below")  # a hard maximum: no tolerance
        assert result.hard == (result.verdict == "above")
        return
    if result.verdict == "within":
        assert result.low * (1 - tolerance) <= planned <= result.high * (1 + tolerance)
        assert result.power_of_ten is None
    elif result.verdict == "above":
        assert planned > result.high * (1 + tolerance)
    else:
        assert planned < result.low * (1 - tolerance)
    if result.hard:
        assert result.verdict == "above" and result.limit != "no labelled maximum"
    if result.power_of_ten is not None:
        scaled = (
            Fraction(planned, 10**result.power_of_ten)
            if result.power_of_ten > 0
            else planned * Fraction(10**-result.power_of_ten)
        )
        assert result.low / check.SLIP_FACTOR <= scaled <= result.high * check.SLIP_FACTOR


@given(mantissa=st.integers(min_value=1, max_value=999), exponent=st.integers(min_value=0, max_value=10))
def test_cell_counts_read_the_same_in_every_spelling(mantissa: int, exponent: int) -> None:
    value = mantissa * 10**exponent
    spellings = [f"{mantissa}e{exponent}", f"{mantissa}×10^{exponent}", f"{mantissa}x10^{exponent}", f"{value:,}"]
    spellings.append(str(value))
    if value % 10**4 == 0:
        spellings.append(f"{value // 10**4}万")
    if value % 10**6 == 0:
        spellings.append(f"{value // 10**6}M")
    assert {parse_cells(text, "--check") for text in spellings} == {value}


@given(text=st.text(max_size=20))
def test_any_text_is_a_count_or_a_clear_error(text: str) -> None:
    try:
        assert parse_cells(text, "--check") > 0
    except InputError as error:
        assert str(error).startswith("--check: ")


def test_no_dose_stated_is_not_applicable() -> None:
    prochymal = CATALOGUE.product("prochymal")
    with pytest.raises(NotApplicable):
        check.check(dose.calculate(prochymal)[0], 10**8)


def test_two_courses_never_share_an_event_uid_and_a_label_names_the_patient(tmp_path: Path) -> None:
    """RFC 5545: one UID is one event. Two patients' courses imported into one calendar must not replace each
    other's events; the same course written again keeps its UIDs (a re-import updates it)."""
    from icalendar import Calendar

    def uids(name: str, *args: str) -> list[str]:
        target = tmp_path / name
        assert run("dose", "ryoncil", "--start", "2026-12-07", "--ics", str(target), *args).exit_code == 0
        return [str(e["uid"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]

    light, heavy = uids("a.ics", "--weight", "20"), uids("b.ics", "--weight", "32")
    assert len(light) == len(heavy) == 8 and not set(light) & set(heavy)
    assert uids("c.ics", "--weight", "20") == light
    labelled = uids("d.ics", "--weight", "20", "--label", "Patient 7")
    assert not set(labelled) & set(light)
    events = Calendar.from_ical((tmp_path / "d.ics").read_bytes()).walk("VEVENT")
    assert str(events[0]["summary"]) == "Patient 7: RYONCIL: administration 1 of 8"
    alone = run("dose", "ryoncil", "--weight", "20", "--label", "Patient 7")
    assert (alone.exit_code, alone.stderr) == (
        2,
        "msc: error: --label: --label names a calendar and its events: give -o FILE.ics too\n",
    )


@pytest.mark.parametrize(
    ("planned", "extra", "verdict", "code"),
    [
        ("6.41e7", [], "within", 0),  # +0.16%: a label's two significant figures do not say more
        ("6.35e7", [], "within", 0),
        ("6.5e7", [], "above", 1),  # +1.6%
        ("6.41e7", ["--tolerance", "0"], "above", 1),
        ("6.5e7", ["--tolerance", "2%"], "within", 0),
    ],
)
def test_check_is_within_the_label_give_or_take_a_stated_tolerance(
    planned: str, extra: list[str], verdict: str, code: int
) -> None:
    result = run(
        "dose", "ryoncil", "--weight", "32", "--check", planned, *extra, "-f", "csv", "--fields", "check_verdict"
    )
    assert (result.exit_code, result.stdout.splitlines()[1]) == (code, verdict)


def test_the_power_of_ten_guard_does_not_depend_on_the_tolerance() -> None:
    entry = record("hearticellgram-ami", "--weight", "90", "--check", "9×10^9", "--tolerance", "50", code=1)
    assert (entry["check_verdict"], entry["check_power_of_ten"]) == ("above", 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tolerance", "5"], "--tolerance: --tolerance works with --check: give the planned dose too"),
        (["--check", "6.4e7", "--tolerance", "60"], "--tolerance: '60' is outside 0-50 per cent"),
        (["--check", "6.4e7", "--tolerance", "x"], "--tolerance: 'x' is not a percentage"),
    ],
)
def test_tolerance_errors(args: list[str], message: str) -> None:
    result = run("dose", "ryoncil", "--weight", "32", *args)
    assert (result.exit_code, result.stderr) == (2, f"msc: error: {message}\n")
