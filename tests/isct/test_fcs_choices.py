"""What a cytometrist chooses for FCS input: per-marker controls, --comp tube|none|FILE, pre-gates against debris,
scatter saturation and doublets, and a control too small to set a threshold."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import run
from .test_fcs import criteria, panel, report, write_tube
from .test_fcs_safety import FULL, LAB

np = pytest.importorskip("numpy")


@pytest.fixture
def control(tmp_path: Path) -> Path:
    return write_tube(tmp_path / "isotype.fcs", panel([0.0, 0.0, 0.0], 0.0), seed=2)


def test_a_marker_takes_its_own_control_and_the_record_says_which(tmp_path: Path, control: Path) -> None:
    stained = write_tube(tmp_path / "s.fcs", panel([0.99, 0.99, 0.99]))
    fmo = write_tube(tmp_path / "fmo73.fcs", panel([0.0, 0.0, 0.0], 0.0), seed=4)
    record = report("--fcs", str(stained), "--control", str(control), "--control", f"CD73={fmo}")
    controls = {m["marker"]: m["control"] for m in record["measurements"]}
    assert controls["CD73"] == "fmo73.fcs" and controls["CD90"] == controls["CD105"] == "isotype.fcs"
    sets = {f["file"]: f["markers_set"] for f in record["audit"]["files"] if "control" in f["roles"]}
    assert sets == {str(fmo): ["CD73"], str(control): ["CD105", "CD34/CD11b/CD19/CD45/HLA-DR", "CD90"]}


def test_the_audit_names_every_control_a_stained_tube_included(tmp_path: Path, control: Path) -> None:
    stained = write_tube(tmp_path / "s.fcs", panel([0.99, 0.99, 0.99]))
    other = write_tube(tmp_path / "t.fcs", panel([0.99, 0.99, 0.99]), seed=3)
    record = report("--fcs", str(stained), "--control", str(control), "--control", f"CD90={other}")
    files = {f["file"]: (f["roles"], f["markers_set"]) for f in record["audit"]["files"]}
    assert files[str(stained)] == (["stained"], [])
    assert files[str(other)] == (["control"], ["CD90"])
    both = report("--fcs", str(stained), "--control", str(control), "--control", f"CD90={stained}")
    files = {f["file"]: (f["roles"], f["markers_set"]) for f in both["audit"]["files"]}
    assert files[str(stained)] == (["stained", "control"], ["CD90"])  # one file, both tubes: said, not hidden
    assert files[str(control)] == (["control"], ["CD105", "CD34/CD11b/CD19/CD45/HLA-DR", "CD73"])


def test_a_marker_without_any_control_is_an_error(tmp_path: Path) -> None:
    stained = write_tube(tmp_path / "s.fcs", panel([0.99, 0.99]))
    fmo = write_tube(tmp_path / "fmo73.fcs", panel([0.0, 0.0], 0.0), seed=4)
    result = run("isct-check", "--fcs", str(stained), "--control", f"CD73={fmo}")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "msc: error: --control: CD90 has no control",
        "msc: hint: give a control for every marker, or --control CD90=FILE",
    ]


SPILL = {"SPILLOVER": "2,APC-A,FITC-A,1,0.2,0,1"}


def test_comp_none_and_a_matrix_file_for_both_tubes(tmp_path: Path, control: Path) -> None:
    stained = write_tube(tmp_path / "s.fcs", panel([0.99, 0.99]), metadata=SPILL)
    tube = report("--fcs", str(stained), "--control", str(control))
    assert tube["audit"]["files"][0]["compensation"] == "applied from $SPILLOVER (2 channels)"
    assert tube["audit"]["files"][1]["compensation"] == "none: the file has no compensation matrix"
    assert criteria(tube)["CD73"]["status"] == "indeterminate"  # compensated otherwise than its control
    none = report("--fcs", str(stained), "--control", str(control), "--comp", "none")
    assert {f["compensation"] for f in none["audit"]["files"]} == {"none: --comp none"}
    matrix = tmp_path / "matrix.csv"
    matrix.write_text("# APC-A,FITC-A\n1,0.2\n0,1\n", encoding="utf-8")
    both = report("--fcs", str(stained), "--control", str(control), "--comp", str(matrix))
    assert {f["compensation"] for f in both["audit"]["files"]} == {f"applied from {matrix} (2 channels)"}
    assert all(m["untrusted"] is None for m in both["measurements"])
    # the same matrix from the file as from the tube's keyword: the same compensated values
    tsv = tmp_path / "matrix.tsv"
    tsv.write_text("\tAPC-A\tFITC-A\nAPC-A\t1\t0.2\nFITC-A\t0\t1\n", encoding="utf-8")
    rows = report("--fcs", str(stained), "--control", str(control), "--comp", str(tsv))
    assert [m["threshold"] for m in rows["measurements"]] == [m["threshold"] for m in both["measurements"]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("APC-A,FITC-A\n1,0.2\n", "it is not a square matrix of 2 distinct channels (1 rows)"),
        ("APC-A,FITC-A\n1,nan\n0,1\n", "line 2 holds a value that is not a finite number"),
        ("APC-A,FITC-A\n1,x\n0,1\n", "line 2 holds a cell that is not a number"),
        ("APC-A,FITC-A\n1,0.2,3\n0,1\n", "line 2 has 3 numbers for 2 channels"),
        ("", "the matrix file is empty"),
    ],
)
def test_a_bad_matrix_file_is_one_line(tmp_path: Path, control: Path, text: str, message: str) -> None:
    stained = write_tube(tmp_path / "s.fcs", panel([0.99, 0.99]))
    matrix = tmp_path / "m.csv"
    matrix.write_text(text, encoding="utf-8")
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--comp", str(matrix))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == f"msc: error: {matrix}: {message}"


def test_a_matrix_file_must_fit_the_tubes_and_be_invertible(tmp_path: Path, control: Path) -> None:
    stained = write_tube(tmp_path / "s.fcs", panel([0.99, 0.99]))
    other = tmp_path / "other.csv"
    other.write_text("APC-A,PE-Cy7-A\n1,0\n0,1\n", encoding="utf-8")
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--comp", str(other))
    assert result.stderr.splitlines()[0] == f"msc: error: {stained}: has no channel 'PE-Cy7-A' of the --comp matrix"
    singular = tmp_path / "singular.csv"
    singular.write_text("APC-A,FITC-A\n1,1\n1,1\n", encoding="utf-8")
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--comp", str(singular))
    assert result.exit_code == 2 and "matrix cannot be inverted reliably" in result.stderr.splitlines()[0]


def test_comp_file_on_already_compensated_exports_is_refused(tmp_path: Path, control: Path) -> None:
    columns = {"Comp-APC-A": ("CD73", 0.99), "Comp-FITC-A": ("CD90", 0.99)}
    stained = write_tube(tmp_path / "s.fcs", columns, metadata={"SPILL": "2,APC-A,FITC-A,1,0.1,0,1"})
    matrix = tmp_path / "m.csv"
    matrix.write_text("Comp-APC-A,Comp-FITC-A\n1,0.1\n0,1\n", encoding="utf-8")
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--comp", str(matrix))
    assert result.stderr.splitlines()[0] == (
        f"msc: error: {stained}: its values are compensated already (Comp- channels, as FlowJo exports them)"
    )


def _scatter_tube(path: Path, doublets: float, saturated: float, seed: int, bright: float) -> Path:
    rng = np.random.default_rng(seed)
    events = 20_000
    height = rng.normal(40_000, 6_000, events)
    area = height * rng.normal(1.2, 0.02, events)
    double = rng.random(events) < doublets
    area[double] *= 2  # two cells under one pulse: twice the area at about the same height
    top = rng.random(events) < saturated
    area[top] = FULL
    marker = np.where(rng.random(events) < bright, rng.normal(10_000, 1_500, events), rng.normal(200, 100, events))
    side = rng.normal(30_000, 8_000, events)
    return write_tube(path, {"FSC-H": ("", height), "APC-A": ("CD73", marker)}, seed=seed, scatter=(area, side))


def test_singlets_and_scatter_saturation_are_gated_alike_and_reported(tmp_path: Path) -> None:
    stained = _scatter_tube(tmp_path / "s.fcs", doublets=0.10, saturated=0.01, seed=1, bright=0.97)
    ctrl = _scatter_tube(tmp_path / "c.fcs", doublets=0.10, saturated=0.01, seed=2, bright=0.0)
    record = report("--fcs", str(stained), "--control", str(ctrl), "--singlets", "FSC-A/FSC-H")
    for f in record["audit"]["files"]:
        scatter, singlets = f["pregates"]
        assert scatter["gate"] == "scatter below full scale (FSC-A, SSC-A, FSC-H)"
        assert scatter["events_in"] == 20_000 and 19_700 < scatter["events_kept"] < 19_900  # about 1 % dropped
        assert singlets["gate"].startswith("singlets FSC-A/FSC-H in ")
        assert 0.88 < singlets["events_kept"] / singlets["events_in"] < 0.91  # the 10 % doublets, and no more
        assert singlets["events_kept"] == f["events_used"]
    assert record["audit"]["gates"][-1] == "singlets: FSC-A/FSC-H within 3 robust SD of the median"


def test_singlets_by_pulse_width(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    width = np.where(rng.random(20_000) < 0.08, rng.normal(160, 8, 20_000), rng.normal(80, 4, 20_000))  # 8 % doublets
    columns = {"FSC-W": ("", width), "APC-A": ("CD73", 0.97)}
    stained = write_tube(tmp_path / "s.fcs", columns)
    ctrl = write_tube(tmp_path / "c.fcs", {"FSC-W": ("", width), "APC-A": ("CD73", 0.0)}, seed=2)
    record = report("--fcs", str(stained), "--control", str(ctrl), "--singlets", "FSC-W")
    singlets = record["audit"]["files"][0]["pregates"][-1]
    assert singlets["gate"].startswith("singlets FSC-W in ")
    assert 0.915 < singlets["events_kept"] / singlets["events_in"] < 0.93


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("FSC-A/FSC-H/SSC-A", "msc: error: --singlets: 'FSC-A/FSC-H/SSC-A' is not AREA/HEIGHT or one WIDTH channel"),
        ("FSC-A/", "msc: error: --singlets: 'FSC-A/' is not AREA/HEIGHT or one WIDTH channel"),
        ("FSC-A/FSC-Q", "has no channel 'FSC-Q' for --singlets"),
    ],
)
def test_bad_singlets_are_one_line(tmp_path: Path, control: Path, value: str, message: str) -> None:
    stained = write_tube(tmp_path / "s.fcs", panel([0.99]))
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--singlets", value)
    assert (result.exit_code, result.stdout) == (2, "")
    assert message in result.stderr.splitlines()[0]


def test_a_control_too_small_to_set_a_threshold_is_indeterminate(tmp_path: Path) -> None:
    stained = write_tube(tmp_path / "s.fcs", panel([0.99, 0.99, 0.99], 0.0))
    small = write_tube(tmp_path / "c.fcs", panel([0.0, 0.0, 0.0], 0.0), events=500, seed=3)
    record = report("--fcs", str(stained), "--control", str(small), *LAB)
    cd73 = next(m for m in record["measurements"] if m["marker"] == "CD73")
    assert cd73["control_events"] == 500 and cd73["control_above"] == 5
    assert cd73["untrusted"] == (
        "only 5 control events lie above the threshold (fewer than 10): the control is too small to set it"
    )
    assert criteria(record)["CD73"]["status"] == "indeterminate"
