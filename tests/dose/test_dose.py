"""msc dose: each labelled dose checked against arithmetic done by hand from the fact sheets."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msccli.catalogue import catalog
from msccli.dose import label as dose
from msccli.text.errors import InputError

from ..conftest import run


def entries(*args: str) -> list[dict[str, Any]]:
    result = run("dose", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert all("not a prescription" in r["disclaimer"] for r in records)
    return list(records)


def per_admin(entry: dict[str, Any]) -> tuple[int, int]:
    return entry["per_administration_cells_min"], entry["per_administration_cells_max"]


def course(entry: dict[str, Any]) -> tuple[int, int]:
    return entry["course_cells_min"], entry["course_cells_max"]


def volume_of(entry: dict[str, Any]) -> float:
    assert entry["per_administration_volume_ml_min"] == entry["per_administration_volume_ml_max"]
    return float(entry["per_administration_volume_ml_min"])


def test_ryoncil_at_32_kg() -> None:
    # 2×10^6 cells/kg × 32 kg = 64×10^6 per infusion; 8 infusions (twice weekly × 4 weeks) = 512×10^6.
    (e,) = entries("ryoncil", "--weight", "32")
    assert per_admin(e) == (64_000_000, 64_000_000)
    assert course(e) == (512_000_000, 512_000_000)
    assert (e["course_volume_ml_min"], e["course_volume_ml_max"]) == (76.647, 76.647)
    assert (e["administrations_min"], e["administrations_max"]) == (8, 8)
    # volume at 6.68×10^6 cells/mL: 64/6.68 = 9.5808 mL
    assert volume_of(e) == 9.581
    assert e["extension"].startswith("Response is assessed at day 28")


def test_temcell_at_60_kg_with_its_optional_extension() -> None:
    # 2×10^6 × 60 = 120×10^6 per infusion = 1.667 bags of 72×10^6 cells in 10.8 mL = 18 mL; 8 infusions = 960×10^6.
    (e,) = entries("temcell hs", "-w", "60kg")
    assert per_admin(e) == (120_000_000, 120_000_000)
    assert volume_of(e) == 18.0
    assert course(e) == (960_000_000, 960_000_000)
    assert any("4 more administrations = 480,000,000 cells" in n and "1,440,000,000" in n for n in e["notes"])


def test_neuronata_r_at_70_kg() -> None:
    # 1×10^6 cells/kg and 0.1 mL/kg: 70×10^6 cells in 7 mL; two doses 26 days apart = 140×10^6.
    (e,) = entries("neuronata-r", "--weight", "70")
    assert per_admin(e) == (70_000_000, 70_000_000)
    assert volume_of(e) == 7.0
    assert course(e) == (140_000_000, 140_000_000)
    assert e["interval_days_min"] == 26


@pytest.mark.parametrize(
    ("weight", "band", "cells", "volume"),
    [
        ("60", "60 kg or less", 50_000_000, 10.0),
        ("61", "61-80 kg", 70_000_000, 14.0),
        ("80", "61-80 kg", 70_000_000, 14.0),
        ("81", "81 kg or more", 90_000_000, 18.0),
    ],
)
def test_hearticellgram_band_edges(weight: str, band: str, cells: int, volume: float) -> None:
    (e,) = entries("hearticellgram-ami", "--weight", weight)
    assert e["band"] == band
    assert e["per_administration_cells_min"] == cells
    assert volume_of(e) == volume


def test_cartistem_for_a_4_cm2_defect() -> None:
    # 2.5×10^6 cells and 500 µL per cm²: 10×10^6 cells in 2 mL (1.33 vials of 1.5 mL).
    (e,) = entries("cartistem", "--area", "4")
    assert per_admin(e) == (10_000_000, 10_000_000)
    assert volume_of(e) == 2.0
    assert "= 1.33 vials of 1.5 mL" in e["arithmetic"]


def test_cartistem_outside_the_labelled_area_is_flagged() -> None:
    (e,) = entries("cartistem", "--area", "12cm2")
    assert per_admin(e) == (30_000_000, 30_000_000)
    assert "12 cm² is outside the labelled range of 2-9 cm²." in e["notes"]


@pytest.mark.parametrize(
    ("weight", "expected", "limit"),
    [
        ("40", (50_000_000, 133_600_000), "the per-kg ceiling lowers the maximum from 2×10⁸ to 1.336×10⁸ cells"),
        ("80", (50_000_000, 200_000_000), None),
    ],
)
def test_stemirac_range_with_its_per_kg_ceiling(weight: str, expected: tuple[int, int], limit: str | None) -> None:
    # 0.5-2.0×10^8 cells, at most 3.34×10^6 cells/kg: 40 kg → ceiling 133.6×10^6; 80 kg → 267.2×10^6 (not binding).
    (e,) = entries("stemirac", "--weight", weight)
    assert per_admin(e) == expected
    assert e["limit"] == limit


def test_stemirac_without_weight_shows_the_range_and_asks_for_weight() -> None:
    (e,) = entries("stemirac")
    assert per_admin(e) == (50_000_000, 200_000_000)
    assert "Give --weight to apply the label's ceiling of 3.34×10⁶ cells/kg." in e["notes"]


def test_stemirac_ceiling_below_the_minimum_gives_no_dose() -> None:
    (e,) = entries("stemirac", "--weight", "10")
    assert e["per_administration_cells_min"] is None
    assert "below the labelled minimum" in e["limit"]


def test_alofisel_fixed_dose_and_options_that_do_not_apply() -> None:
    # 4 vials × 30×10^6 cells in 6 mL = 120×10^6 cells in 24 mL, once.
    (e,) = entries("alofisel", "--weight", "70", "--area", "3")
    assert per_admin(e) == (120_000_000, 120_000_000)
    assert volume_of(e) == 24.0
    assert course(e) == (120_000_000, 120_000_000)
    assert e["notes"][:2] == [
        "--weight does not apply: the Alofisel dose is a fixed number of cells, not by body weight.",
        "--area does not apply: the Alofisel dose is a fixed number of cells, not per cm².",
    ]
    # per kg normalised from the given weight: 120×10^6 / 70
    assert e["cells_per_kg_min"] == pytest.approx(120_000_000 / 70)


def test_chinese_product_at_50_kg() -> None:
    # 1×10^6 cells/kg (source review only) × 50 kg = 50×10^6; twice weekly for 4 or 8 weeks = 8-16 doses.
    (e,) = entries("艾米迈托赛", "--weight", "50")
    assert per_admin(e) == (50_000_000, 50_000_000)
    assert course(e) == (400_000_000, 800_000_000)
    assert e["mark"] == "SEED-ONLY"


def test_missing_weight_shows_the_formula_and_the_option() -> None:
    result = run("dose", "ryoncil")
    assert result.exit_code == 0
    assert "Formula: 2×10⁶ cells/kg × body weight (kg)" in result.stdout
    assert "Give --weight KG to calculate: msc dose ryoncil --weight KG" in result.stdout
    (e,) = entries("ryoncil")
    assert e["needs"] == ["--weight"] and e["per_administration_cells_min"] is None


def test_prochymal_has_no_labelled_dose() -> None:
    (e,) = entries("prochymal", "--weight", "20")
    assert e["kind"] == "not-stated" and e["per_administration_cells_min"] is None
    assert e["mark"] == "CONFLICT"


def test_table_shows_the_arithmetic_and_disclaimer() -> None:
    out = run("dose", "ryoncil", "--weight", "32").stdout
    assert "2×10⁶ cells/kg × 32 kg = 64,000,000 cells (6.4×10⁷)" in out
    assert "course: 8 administrations × 6.4×10⁷ = 512,000,000 cells (5.12×10⁸)" in out
    assert "Per administration: 6.4×10⁷ cells, 9.58 mL" in out
    assert "not a prescription" in out


def test_all_products_table_and_formats() -> None:
    data = entries("--weight", "70")
    assert len(data) == 17
    by_id = {e["product"]: e for e in data}
    assert by_id["ryoncil"]["per_administration_cells_min"] == 140_000_000
    assert by_id["cartistem"]["needs"] == ["--area"]
    table = run("dose", "--weight", "70").stdout
    assert "Labelled doses at 70 kg" in table
    csv_out = run("dose", "-f", "csv").stdout.splitlines()
    assert csv_out[0].startswith("product,name,entry,routes,")
    assert len(csv_out) == 18
    for fmt in ("tsv", "jsonl", "yaml", "markdown"):
        assert run("dose", "alofisel", "-f", fmt).exit_code == 0


def test_weight_units() -> None:
    (e,) = entries("ryoncil", "--weight", "154lb")
    # 154 lb = 69.85322498 kg; × 2×10^6 = 139,706,449.96 → 139,706,450 cells
    assert e["per_administration_cells_min"] == 139_706_450


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weight", "0"], "--weight: '0' must be greater than zero"),
        (["--weight", "-5"], "--weight: '-5' must be greater than zero"),
        (["--weight", "heavy"], "--weight: 'heavy' is not a number with an optional unit (e.g. 70 or 70kg or 154lb)"),
        (["--weight", "70 stone"], "--weight: unknown unit 'stone' in '70 stone'"),
        (["--weight", "700"], "--weight: '700' is outside the accepted range 1-300 kg"),
        (["--area", "0.001"], "--area: '0.001' is outside the accepted range 0.01-100 cm2"),
        (["--area", "5 m2"], "--area: unknown unit 'm2'"),
    ],
)
def test_nonsense_is_rejected(args: list[str], message: str) -> None:
    result = run("dose", "ryoncil", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("msc: error: " + message)


def test_not_approved_product_has_no_dose() -> None:
    result = run("dose", "jointstem")
    assert result.exit_code == 1
    assert "'jointstem' is not an approved MSC product" in result.stderr


# -- properties ------------------------------------------------------------------------------------

CAT = catalog.load()
PER_KG = [p for p in CAT.products if p.dosing and p.dosing[0].amount.kind == "per-kg"]
weights = st.fractions(min_value=1, max_value=150, max_denominator=1000)


@settings(max_examples=200, deadline=None)
@given(product=st.sampled_from(PER_KG), w1=weights, w2=weights)
def test_per_kg_doses_scale_linearly(product: Any, w1: Fraction, w2: Fraction) -> None:
    (a,) = dose.calculate(product, w1)
    (b,) = dose.calculate(product, w2)
    (both,) = dose.calculate(product, w1 + w2)
    assert a.per_administration is not None and b.per_administration is not None
    assert both.per_administration == a.per_administration + b.per_administration
    assert both.course == a.course + b.course  # type: ignore[operator]


@settings(max_examples=300, deadline=None)
@given(weight=st.fractions(min_value=1, max_value=300, max_denominator=10_000))
def test_band_selection_is_total_unambiguous_and_monotone(weight: Fraction) -> None:
    bands = CAT.product("hearticellgram-ami").dosing[0].amount.bands
    band = dose.choose_band(bands, weight)  # raises unless exactly one band matches
    heavier = dose.choose_band(bands, min(weight + 1, Fraction(300)))
    assert heavier.cells >= band.cells


@given(value=st.decimals(min_value="0.01", max_value="600", places=2))
def test_pound_conversion_round_trips(value: Any) -> None:
    kilograms = Fraction(str(value)) * Fraction(45359237, 100000000)
    if not 1 <= kilograms <= 300:
        with pytest.raises(InputError):
            dose.parse_weight(f"{value}lb")
        return
    parsed = dose.parse_weight(f"{value} lb")
    assert parsed / Fraction(45359237, 100000000) == Fraction(str(value))
    assert dose.parse_weight(f"{value}LBS") == parsed


@given(value=st.decimals(min_value="0.01", max_value="100", places=2))
def test_area_units_round_trip(value: Any) -> None:
    assert dose.parse_area(f"{value}cm2") * 100 == dose.parse_area(f"{Fraction(str(value)) * 100}mm2") * 100


@settings(max_examples=150, deadline=None)
@given(weight=st.text(max_size=12), area=st.text(max_size=12))
def test_no_input_crashes_the_command(weight: str, area: str) -> None:
    result = run("dose", "cartistem", "--weight", weight, "--area", area, "-f", "json")
    valid = True
    for parse, text in ((dose.parse_weight, weight), (dose.parse_area, area)):
        try:
            parse(text)
        except InputError:
            valid = False
    assert result.exit_code == (0 if valid else 2)
    if result.exit_code == 2:
        assert result.stdout == "" and result.stderr.startswith("msc: error: ")


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("1,500", "'1,500' could be 1.5 or 1500; write the number without a comma"),
        ("12,000kg", "'12,000kg' could be 12 or 12000; write the number without a comma"),
    ],
)
def test_a_comma_that_reads_two_ways_is_refused_with_both_readings(weight: str, message: str) -> None:
    result = run("dose", "ryoncil", "--weight", weight)
    assert (result.exit_code, result.stderr) == (2, f"msc: error: --weight: {message}\n")


@pytest.mark.parametrize(
    ("option", "value", "field", "expected"),
    [
        ("--weight", "70,5", "weight_kg", "70.5"),
        ("--weight", "32公斤", "weight_kg", "32"),
        ("--weight", "32 千克", "weight_kg", "32"),
        ("--weight", "70,5公斤", "weight_kg", "70.5"),
    ],
)
def test_decimal_commas_and_chinese_units_are_read(option: str, value: str, field: str, expected: str) -> None:
    result = run("dose", "ryoncil", option, value, "-f", "csv", "--fields", field)
    assert (result.exit_code, result.stdout.splitlines()[1]) == (0, expected)


def test_an_area_in_chinese_units() -> None:
    result = run("dose", "cartistem", "--area", "400平方毫米", "-f", "csv", "--fields", "area_cm2")
    assert result.stdout.splitlines()[1] == "4"
