"""No silent PASS from FCS input: a broken matrix, a saturated control, a control compensated otherwise than its
tube, a matrix that names channels by number, already-compensated exports, stain names, --map typos."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from msccli.isct.markers import stain_markers

from ..conftest import run
from .test_fcs import criteria, panel, report, write_tube

np = pytest.importorskip("numpy")


@pytest.fixture
def control(tmp_path: Path) -> Path:
    return write_tube(tmp_path / "isotype.fcs", panel([0.0, 0.0, 0.0], 0.0), seed=2)


LAB = ("--adherent", "--osteo", "pass", "--adipo", "pass", "--chondro", "pass")  # the lot's other criteria met
FULL = 262_143.0  # flowio writes $PnR 262144: a value at 262143 is at full scale


def saturated(fraction: float, events: int = 20_000, seed: int = 5) -> Any:
    rng = np.random.default_rng(seed)
    return np.where(rng.random(events) < fraction, FULL, rng.normal(200, 100, events))


def test_a_non_finite_matrix_is_refused(tmp_path: Path, control: Path) -> None:
    spill = {"SPILLOVER": "2,APC-A,FITC-A,1,nan,0,1"}
    stained = write_tube(tmp_path / "s.fcs", panel([0.99, 0.99]), metadata=spill)
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "-f", "json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "its $SPILLOVER matrix holds a value that is not a finite number" in result.stderr
    assert result.stderr.count("\n") == 2  # the error and its hint


def test_an_ill_conditioned_matrix_is_refused(tmp_path: Path, control: Path) -> None:
    spill = {"SPILLOVER": "2,APC-A,FITC-A,1,1,1,1.0000000001"}
    stained = write_tube(tmp_path / "s.fcs", panel([0.99, 0.99]), metadata=spill)
    result = run("isct-check", "--fcs", str(stained), "--control", str(control))
    assert result.exit_code == 2 and "matrix cannot be inverted reliably" in result.stderr


def test_a_saturated_control_makes_the_marker_indeterminate(tmp_path: Path) -> None:
    tube = panel([0.99, 0.99, 0.99])
    tube["PE-A"] = ("CD45", saturated(0.30, seed=7))  # 30 % of the stained tube is saturated-bright CD45
    stained = write_tube(tmp_path / "s.fcs", tube)
    quiet = panel([0.0, 0.0, 0.0], 0.0)
    quiet["PE-A"] = ("CD45", saturated(0.02, seed=8))  # 2 % of the control at full scale: the 99th percentile too
    ctrl = write_tube(tmp_path / "c.fcs", quiet, seed=3)
    record = report("--fcs", str(stained), "--control", str(ctrl), *LAB)
    cd45 = next(m for m in record["measurements"] if m["marker"] == "CD45")
    assert cd45["percent"] == 0.0 and cd45["control_saturated"] >= 300
    assert cd45["untrusted"].startswith("the control's 99th percentile is at the channel's full scale")
    assert criteria(record)["CD45"]["status"] == "indeterminate"
    assert record["verdict"] == "INDETERMINATE"  # not PASS on a CD45 that reads 0 %
    assert any("CD45 in s.fcs" in w for w in record["audit"]["warnings"])


def test_a_matrix_naming_channels_by_number_is_applied(tmp_path: Path, control: Path) -> None:
    spill = {"SPILLOVER": "2,3,4,1,0.05,0,1"}  # parameters 3 and 4: APC-A and FITC-A
    stained = write_tube(tmp_path / "s.fcs", panel([0.99, 0.99]), metadata=spill)
    ctrl = write_tube(tmp_path / "c.fcs", panel([0.0, 0.0], 0.0), metadata=spill, seed=2)
    record = report("--fcs", str(stained), "--control", str(ctrl))
    assert record["audit"]["files"][0]["compensation"] == "applied from $SPILLOVER (2 channels)"


def test_a_control_compensated_otherwise_than_its_tube_is_indeterminate(tmp_path: Path, control: Path) -> None:
    spill = {"SPILLOVER": "2,APC-A,FITC-A,1,0.05,0,1"}
    stained = write_tube(tmp_path / "s.fcs", panel([0.99, 0.99, 0.99]), metadata=spill)
    record = report("--fcs", str(stained), "--control", str(control), *LAB)
    cd73 = next(m for m in record["measurements"] if m["marker"] == "CD73")
    assert cd73["untrusted"].startswith("the tube and its control are not compensated alike (APC-A)")
    assert criteria(record)["CD73"]["status"] == "indeterminate"
    cd105 = next(m for m in record["measurements"] if m["marker"] == "CD105")
    assert cd105["untrusted"] is None  # PerCP is in neither tube's matrix


def test_flowjo_compensated_channels_are_not_compensated_again(tmp_path: Path) -> None:
    spill = {"SPILLOVER": "1,APC-A,1", "APPLY COMPENSATION": "TRUE"}
    columns = {"Comp-APC-A": ("CD73", 0.99)}
    stained = write_tube(tmp_path / "s.fcs", columns, metadata=spill)
    ctrl = write_tube(tmp_path / "c.fcs", {"Comp-APC-A": ("CD73", 0.0)}, metadata=spill, seed=2)
    record = report("--fcs", str(stained), "--control", str(ctrl))
    assert record["audit"]["files"][0]["compensation"].startswith("none: its values are compensated already")


def test_apply_compensation_alone_is_noted(tmp_path: Path, control: Path) -> None:
    spill = {"SPILLOVER": "1,APC-A,1", "APPLY COMPENSATION": "TRUE"}
    stained = write_tube(tmp_path / "s.fcs", panel([0.99]), metadata=spill)
    record = report("--fcs", str(stained), "--control", str(control))
    assert any("APPLY COMPENSATION = TRUE" in w for w in record["audit"]["warnings"])


@pytest.mark.parametrize(
    ("label", "markers"),
    [
        ("CD45 RA", None),
        ("CD45RO", None),
        ("CD45 RO", None),
        ("PE-CD73", ["CD73"]),
        ("CD73 PE", ["CD73"]),
        ("CD105-PerCP-Cy5.5", ["CD105"]),
        ("CD11b-PE-Cy7", ["CD11b"]),
        ("CD19;APC-H7;780/60@640/A", ["CD19"]),
        ("HLA-DR/DP/DQ", None),
        ("CD45-PC7", ["CD45"]),
    ],
)
def test_stain_names(label: str, markers: list[str] | None) -> None:
    assert stain_markers(label) == markers


def test_a_pan_class_ii_reagent_counts_as_hla_dr_only_under_a_cap(tmp_path: Path) -> None:
    columns = panel([0.99, 0.99, 0.99, 0.01])
    columns["BV421-A"] = ("HLA-DR/DP/DQ BV421", 0.01)
    stained = write_tube(tmp_path / "s.fcs", columns)
    control = write_tube(tmp_path / "c.fcs", panel([0.0, 0.0, 0.0, 0.0], 0.0), seed=2)
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "-f", "json")
    record = __import__("json").loads(result.stdout)[0]
    assert "HLA-DR" in {m["marker"] for m in record["measurements"]}
    assert "s.fcs: HLA-DR/DP/DQ BV421 (all HLA class II) is counted as HLA-DR, which the profiles only cap" in (
        result.stderr
    )
    floor = tmp_path / "floor.yaml"  # a lab spec that wants HLA-DR expressed (after IFN-gamma, say)
    floor.write_text('name: "floor"\ncriteria:\n  - {marker: HLA-DR, min: 20}\n', encoding="utf-8")
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--spec", str(floor), "-f", "json")
    record = __import__("json").loads(result.stdout)[0]
    assert "HLA-DR" not in {m["marker"] for m in record["measurements"]}
    assert "is not counted as HLA-DR: a profile sets a floor on it" in result.stderr


def test_a_map_naming_no_channel_is_an_error(tmp_path: Path, control: Path) -> None:
    stained = write_tube(tmp_path / "s.fcs", panel([0.99]))
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--map", "FL9-A=CD90")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("msc: error: --map: no stained tube has a channel 'FL9-A'")


@pytest.mark.parametrize(
    ("width", "every", "message"),
    [
        (b"00", False, "its $P2B ('00') is not a number of bits from 1 to 64"),
        (b"99", False, "its $P2B ('99') is not a number of bits from 1 to 64"),
        (b"xx", False, "its $P2B ('xx') is not a number of bits from 1 to 64"),
        (b"00", True, "its $P1B ('00') is not a number of bits from 1 to 64"),  # once a division by zero
    ],
)
def test_an_integer_width_msc_cannot_use_is_one_line(tmp_path: Path, width: bytes, every: bool, message: str) -> None:
    import re

    example = Path(__file__).parents[2] / "data" / "examples" / "sheet" / "lot-a-stained.fcs"
    data = example.read_bytes()
    pattern = rb"\$P(\d)B\|16\|" if every else rb"\$P(2)B\|16\|"
    path = tmp_path / "odd.fcs"
    path.write_bytes(
        re.sub(pattern, lambda m: b"$P" + m.group(1) + b"B|" + width + b"|", data, count=0 if every else 1)
    )
    result = run("isct-check", "--fcs", str(path), "--control", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == f"msc: error: {path}: {message}"
