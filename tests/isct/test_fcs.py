"""isct-check from FCS files: synthetic tubes with known truth, real instrument files, the audit trail, errors."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msccli.isct.fcs import files as fcs_files
from msccli.isct.fcs import gates, intervals
from msccli.isct.markers import stain_markers

from ..conftest import run

np = pytest.importorskip("numpy")
flowio = pytest.importorskip("flowio")

SCATTER = ["FSC-A", "SSC-A"]
COCKTAIL = "CD34/CD11b/CD19/CD45/HLA-DR"


def write_tube(
    path: Path,
    columns: dict[str, tuple[str, Any]],
    metadata: dict[str, str] | None = None,
    events: int = 20_000,
    seed: int = 1,
    scatter: tuple[Any, Any] | None = None,
) -> Path:
    """A tube of `events`: FSC-A/SSC-A scatter, then channel -> (stain, values or a fraction of bright events)."""
    rng = np.random.default_rng(seed)
    data = [rng.normal(50_000, 10_000, events), rng.normal(30_000, 8_000, events)]
    if scatter is not None:  # FSC-A and SSC-A as given
        data = [np.asarray(v, dtype=float) for v in scatter]
    for _channel, (_stain, values) in columns.items():
        if isinstance(values, float):  # the share of bright events; the rest are dim like a control
            bright = rng.random(events) < values
            values = np.where(bright, rng.normal(10_000, 1_500, events), rng.normal(200, 100, events))
        data.append(np.asarray(values, dtype=float))
    array = np.column_stack(data).astype(np.float32)
    with path.open("wb") as handle:
        flowio.create_fcs(
            handle,
            array.flatten(),
            SCATTER + list(columns),
            opt_channel_names=["", ""] + [stain for stain, _ in columns.values()],
            metadata_dict=metadata or {},
        )
    return path


def panel(fractions: list[float], negative: float = 0.005) -> dict[str, tuple[str, Any]]:
    names = ["CD73", "CD90", "CD105", "CD44"][: len(fractions)]
    channels = ["APC-A", "FITC-A", "PerCP-Cy5-5-A", "BV421-A"]
    tube = {channel: (name, fraction) for channel, name, fraction in zip(channels, names, fractions, strict=False)}
    tube["PE-A"] = (COCKTAIL, negative)
    return tube


@pytest.fixture
def control(tmp_path: Path) -> Path:
    return write_tube(tmp_path / "isotype.fcs", panel([0.0, 0.0, 0.0], 0.0), seed=2)


def report(*args: str, code: int | None = None) -> dict[str, Any]:
    result = run("isct-check", *args, "-f", "json")
    if code is not None:
        assert result.exit_code == code, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 1
    record: dict[str, Any] = records[0]
    return record


def criteria(record: dict[str, Any], kind: str = "profile") -> dict[str, dict[str, Any]]:
    check = next(c for c in record["checks"] if c["kind"] == kind)
    return {c["criterion"]: c for c in check["criteria"]}


# -- known truth -------------------------------------------------------------------------------------------------


def test_percentages_fall_in_their_intervals_and_thresholds_are_the_controls_percentile(
    tmp_path: Path, control: Path
) -> None:
    truth = {"CD73": 0.985, "CD90": 0.97, "CD105": 0.99}
    stained = write_tube(tmp_path / "stained.fcs", panel(list(truth.values()), 0.01))
    record = report("--fcs", str(stained), "--control", str(control), "--adherent", code=1)
    measures = {m["marker"]: m for m in record["measurements"]}
    control_data = flowio.FlowData(str(control)).as_array(preprocess=True)
    stained_data = flowio.FlowData(str(stained)).as_array(preprocess=True)
    for column, (marker, share) in enumerate([*truth.items(), (COCKTAIL, 0.01)], start=2):
        m = measures[marker]
        assert m["threshold"] == pytest.approx(np.percentile(control_data[:, column], 99), rel=1e-9)
        positive = int((stained_data[:, column] > np.percentile(control_data[:, column], 99)).sum())
        assert (m["positive"], m["events"]) == (positive, 20_000)
        low, high = m["interval"]
        assert low <= m["percent"] <= high
        # the dim population spills 1% over the control's 99th percentile, so the truth is share + 1% of the rest
        expected = 100 * (share + (1 - share) * 0.01)
        assert low - 0.6 <= expected <= high + 0.6, (marker, expected, low, high)
    verdicts = criteria(record)
    assert verdicts["CD73"]["status"] == verdicts["CD90"]["status"] == "pass"
    assert verdicts["HLA-DR"]["used"] == f"{COCKTAIL} cocktail"
    assert record["problems"] == ["osteogenic: no data", "adipogenic: no data", "chondrogenic: no data"]


def test_every_single_marker_passes_while_the_combined_phenotype_fails(tmp_path: Path, control: Path) -> None:
    # Four positives at 96% each, bright independently: each passes >= 95%, but only ~85% carry all four.
    stained = write_tube(tmp_path / "stained.fcs", panel([0.965, 0.965, 0.965, 0.965], 0.004))
    control4 = write_tube(tmp_path / "iso4.fcs", panel([0.0, 0.0, 0.0, 0.0], 0.0), seed=2)
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "name: phenotype spec\ncriteria:\n  - {marker: CD73, min: 95}\n  - {marker: CD90, min: 95}\n"
        "  - {marker: CD105, min: 95}\n  - {marker: CD44, min: 95}\n  - {marker: CD45, max: 2}\n"
        "  - {phenotype: combined, min: 90}\n",
        encoding="utf-8",
    )
    record = report("--fcs", str(stained), "--control", str(control4), "--spec", str(spec), code=1)
    spec_results = criteria(record, "spec")
    for marker in ("CD73", "CD90", "CD105", "CD44", "CD45"):
        assert spec_results[marker]["status"] == "pass", marker
    combined = spec_results["combined phenotype"]
    assert combined["status"] == "fail" and combined["value"] < 90
    assert record["spec_verdict"] == "FAIL"
    (phenotype,) = record["phenotypes"]
    assert phenotype["positive_markers"] == ["CD73", "CD90", "CD105", "CD44"]
    assert phenotype["negative_markers"] == [COCKTAIL]
    low, high = phenotype["interval"]
    assert low <= phenotype["percent"] <= high and high < 90
    assert combined["interval"] == [round(low, 6), round(high, 6)]
    # the combined share is the product of the single shares (independent markers), within sampling error
    singles = [m["percent"] / 100 for m in record["measurements"] if m["marker"] != COCKTAIL]
    negative = next(m["percent"] for m in record["measurements"] if m["marker"] == COCKTAIL) / 100
    assert phenotype["percent"] == pytest.approx(100 * math.prod(singles) * (1 - negative), abs=1.0)


def test_spillover_is_compensated(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    events = 20_000
    cd73 = np.where(rng.random(events) < 0.98, rng.normal(20_000, 2_000, events), rng.normal(200, 100, events))
    cocktail = rng.normal(200, 100, events)  # truly negative
    spill = "2,APC-A,PE-A,1,0.15,0,1"  # 15% of APC spills into PE
    meta = {"$SPILLOVER": spill}
    stained = write_tube(
        tmp_path / "s.fcs", {"APC-A": ("CD73", cd73), "PE-A": (COCKTAIL, cocktail + 0.15 * cd73)}, meta
    )
    iso_apc, iso_pe = rng.normal(200, 100, events), rng.normal(200, 100, events)
    control = write_tube(
        tmp_path / "c.fcs", {"APC-A": ("CD73", iso_apc), "PE-A": (COCKTAIL, iso_pe + 0.15 * iso_apc)}, meta
    )
    record = report("--fcs", str(stained), "--control", str(control), "--adherent")
    measures = {m["marker"]: m for m in record["measurements"]}
    assert measures[COCKTAIL]["percent"] < 2  # without compensation ~98% of events would look CD45+
    assert {f["compensation"] for f in record["audit"]["files"]} == {"applied from $SPILLOVER (2 channels)"}
    raw = flowio.FlowData(str(stained)).as_array(preprocess=True)
    corrected = raw[:, 2:4] @ np.linalg.inv(np.array([[1, 0.15], [0, 1]]))
    assert np.allclose(corrected[:, 1], cocktail, atol=0.05)


def test_ci_mode_makes_a_straddling_criterion_indeterminate(tmp_path: Path, control: Path) -> None:
    # CD73 near the 95% threshold on 400 events: its interval (about +-2 points) holds the threshold
    stained = write_tube(tmp_path / "s.fcs", panel([0.955, 0.99, 0.99], 0.0), events=400, seed=3)
    point = report("--fcs", str(stained), "--control", str(control), "--adherent", "--osteo", "pass", "--adipo",
                   "pass", "--chondro", "pass")  # fmt: skip
    assert point["verdict"] in ("PASS", "FAIL")
    assert point["audit"]["decision_rule"] == "point estimate (the published rule)"
    ci = report("--fcs", str(stained), "--control", str(control), "--adherent", "--osteo", "pass", "--adipo",
                "pass", "--chondro", "pass", "--ci", code=1)  # fmt: skip
    straddling = [c for c in criteria(ci).values() if c["status"] == "indeterminate"]
    assert straddling and ci["verdict"] == "INDETERMINATE"
    for c in straddling:
        low, high = c["interval"]
        assert low <= c["threshold"] <= high
    assert ci["audit"]["decision_rule"].startswith("95% interval (--ci)")
    table = run("isct-check", "--fcs", str(stained), "--control", str(control), "--ci", "--detail").stdout
    assert "INDETERMINATE" in table and "undecided" not in table  # one word for one status, as JSON says it


def test_few_events_warn_and_the_audit_records_what_was_done(tmp_path: Path, control: Path) -> None:
    stained = write_tube(tmp_path / "s.fcs", panel([0.99, 0.99, 0.99], 0.0), events=5_000)
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--gate", "FSC-A>20000", "-f", "json")
    assert "msc: warning: s.fcs: " in result.stderr and "fewer than 10,000" in result.stderr
    audit = json.loads(result.stdout)[0]["audit"]
    stained_file = audit["files"][0]
    assert stained_file["roles"] == ["stained"] and stained_file["file"] == str(stained)
    assert stained_file["sha256"] == __import__("hashlib").sha256(stained.read_bytes()).hexdigest()
    assert stained_file["size"] == stained.stat().st_size and stained_file["fcs_version"] == "3.1"
    assert stained_file["events_read"] == 5_000 and 4_000 < stained_file["events_used"] < 5_000
    assert audit["gates"] == ["drop events at full scale in a scatter channel", "FSC-A>20000"]
    assert audit["threshold"].startswith("99th percentile")
    scatter, fsc = stained_file["pregates"]
    assert scatter == {"gate": "scatter below full scale (FSC-A, SSC-A)", "events_in": 5_000, "events_kept": 5_000}
    assert fsc["gate"] == "FSC-A>20000" and fsc["events_in"] == 5_000
    assert fsc["events_kept"] == stained_file["events_used"]
    assert {c["marker"] for c in stained_file["channels"]} == {"CD73", "CD90", "CD105", COCKTAIL, None}
    assert audit["msc_version"]
    no_gate = report("--fcs", str(stained), "--control", str(control))
    assert no_gate["audit"]["gates"] == ["drop events at full scale in a scatter channel"]


def test_the_table_shows_measures_phenotype_and_audit(tmp_path: Path, control: Path) -> None:
    stained = write_tube(tmp_path / "s.fcs", panel([0.99, 0.99, 0.99], 0.0))
    out = run("isct-check", "--fcs", str(stained), "--control", str(control), "--percentile", "98").stdout
    assert "Measured from FCS" in out and "Marker" in out and "95% interval" in out
    assert "Combined phenotype in s.fcs (CD73+ CD90+ CD105+ CD34/CD11b/CD19/CD45/HLA-DR-)" in out
    assert (
        "Threshold: 98th percentile of the control tube, per channel; gates drop events at full scale in a scatter "
        "channel; decided by the" in " ".join(out.split())
    )


def test_map_names_unlabelled_channels_and_one_control_per_tube(tmp_path: Path) -> None:
    rng = np.random.default_rng(9)
    bright = np.where(rng.random(20_000) < 0.97, rng.normal(9_000, 900, 20_000), rng.normal(150, 60, 20_000))
    dim = rng.normal(150, 60, 20_000)
    a = write_tube(tmp_path / "a.fcs", {"FL1-A": ("", bright)})
    b = write_tube(tmp_path / "b.fcs", {"FL2-A": ("", bright)})
    ca = write_tube(tmp_path / "ca.fcs", {"FL1-A": ("", dim)})
    cb = write_tube(tmp_path / "cb.fcs", {"FL2-A": ("", dim)})
    record = report("--fcs", f"{a},{b}", "--control", str(ca), "--control", str(cb), "--map", "FL1-A=CD90,FL2-A=CD105")
    assert [(m["marker"], m["file"], m["control"]) for m in record["measurements"]] == [
        ("CD90", "a.fcs", "ca.fcs"),
        ("CD105", "b.fcs", "cb.fcs"),
    ]
    assert record["phenotypes"] == []  # one marker per tube: nothing to combine


# -- errors -------------------------------------------------------------------------------------------------------


def test_fcs_3_2_is_read_like_3_1(tmp_path: Path, control: Path) -> None:
    written = write_tube(tmp_path / "s.fcs", panel([0.99], 0.0))
    newer = tmp_path / "newer.fcs"
    newer.write_bytes(b"FCS3.2" + written.read_bytes()[6:])
    assert report("--fcs", str(newer), "--control", str(control))["measurements"] == [
        {**m, "file": "newer.fcs"} for m in report("--fcs", str(written), "--control", str(control))["measurements"]
    ]
    assert fcs_files.read_tube(str(newer), 2**20).version == "3.2"


def test_fcs_3_2_channels_of_mixed_data_types_are_refused(tmp_path: Path, control: Path) -> None:
    mixed = write_tube(tmp_path / "mixed.fcs", panel([0.99], 0.0), metadata={"P3DATATYPE": "I"})
    mixed.write_bytes(b"FCS3.2" + mixed.read_bytes()[6:])
    result = run("isct-check", "--fcs", str(mixed), "--control", str(control))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == (
        f"msc: error: {mixed}: its channels are stored in more than one data type ($PnDATATYPE I with $DATATYPE F)"
    )


def test_damaged_files_are_one_line_errors(tmp_path: Path, control: Path) -> None:
    good = write_tube(tmp_path / "s.fcs", panel([0.99], 0.0)).read_bytes()
    truncated = tmp_path / "cut.fcs"
    truncated.write_bytes(good[: len(good) // 2])
    junk = tmp_path / "junk.fcs"
    junk.write_bytes(b"not an fcs file at all")
    for path, message in (
        (truncated, ""),
        (junk, "not an FCS file (it does not start with 'FCS')"),
    ):
        result = run("isct-check", "--fcs", str(path), "--control", str(control))
        assert (result.exit_code, result.stdout) == (2, ""), path
        first = result.stderr.splitlines()[0]
        assert first.startswith(f"msc: error: {path}: ") and message in first, first
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fcs", "S"], "msc: error: FCS input needs --control"),
        (["--fcs", "S", "--control", "C,C"], "msc: error: --control: 1 stained tubes and 2 controls"),
        (["--fcs", "S", "--control", "C", "--gate", "FSC-A=3"], "msc: error: --gate: 'FSC-A=3' is not a gate"),
        (["--fcs", "S", "--control", "C", "--gate", "Nope>1"], "has no channel 'Nope' for --gate"),
        (["--fcs", "S", "--control", "C", "--percentile", "100"], "msc: error: --percentile: 100 is not a percentile"),
        (["--marker", "CD73=99", "--ci"], "msc: error: --control, --gate, --singlets, --comp and --ci work on FCS"),
        (["--marker", "CD73=99", "--fcs", "S"], "msc: error: give one input"),
        (["--fcs", "S#3", "--control", "C"], "has 1 data set(s), not 3"),
        (["--fcs", "S#0", "--control", "C"], "has 1 data set(s), not 0"),
    ],
)
def test_bad_fcs_options(tmp_path: Path, control: Path, args: list[str], message: str) -> None:
    stained = write_tube(tmp_path / "s.fcs", panel([0.99], 0.0))
    args = [a.replace("S", str(stained)) if a.startswith("S") else a.replace("C", str(control)) if a[0] == "C" else a
            for a in args]  # fmt: skip
    result = run("isct-check", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr.splitlines()[0], result.stderr


def test_a_control_without_the_channel_is_named(tmp_path: Path) -> None:
    stained = write_tube(tmp_path / "s.fcs", {"APC-A": ("CD73", 0.99)})
    other = write_tube(tmp_path / "o.fcs", {"FITC-A": ("CD90", 0.0)})
    result = run("isct-check", "--fcs", str(stained), "--control", str(other))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"msc: error: {other}: has no channel 'APC-A' to set the threshold of s.fcs")


def test_without_the_extra_msc_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "flowio", None)  # import flowio now raises ImportError
    result = run("isct-check", "--fcs", str(tmp_path / "x.fcs"), "--control", str(tmp_path / "y.fcs"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "msc: error: reading FCS files needs flowio\nmsc: hint: add the FCS extra to the Python that runs msc: "
        f"{sys.executable} -m pip install 'flowio<1.5,>=1.4' 'numpy>=1.24' (installed with pipx: pipx inject msccli "
        "flowio numpy)\n"
    )


def test_the_core_cli_never_imports_numpy() -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom msccli.app import app\n"
        "for args in (['products'], ['isct-check', '--example'], ['product', 'ryoncil'], ['dose', 'ryoncil', "
        "'--weight', '30']):\n    CliRunner().invoke(app, args)\n"
        "print(sorted(m for m in ('numpy', 'flowio') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- statistics ---------------------------------------------------------------------------------------------------


@given(st.integers(min_value=20, max_value=3_000), st.floats(min_value=0.0, max_value=1.0), st.integers(0, 2**32))
def test_the_bootstrap_interval_stays_in_range(events: int, bright: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    control = rng.normal(200, 100, events)
    stained = np.where(rng.random(events) < bright, rng.normal(5_000, 500, events), rng.normal(200, 100, events))
    low, high = intervals.bootstrap_interval(np, stained[:, None], [control], 99.0, [True], replicates=200)
    assert 0 <= low <= high <= 100
    again = intervals.bootstrap_interval(np, stained[:, None], [control], 99.0, [True], replicates=200)
    assert again == (low, high)  # a fixed seed: the same tubes give the same interval


def test_threshold_draws_match_resampling_the_control() -> None:
    # the oracle: numpy.percentile of whole resamples of the control, the definition the tail draws shortcut
    rng = np.random.default_rng(3)
    control = rng.lognormal(5, 1, 4_000)
    fast = intervals.threshold_draws(np, np.random.default_rng(1), control, 99.0, 20_000)
    slow = [np.percentile(rng.choice(control, control.size), 99.0) for _ in range(4_000)]
    for q in (5, 25, 50, 75, 95):
        assert np.percentile(fast, q) == pytest.approx(np.percentile(slow, q), rel=0.02)


def test_the_interval_matches_a_full_bootstrap_and_is_wider_than_sampling_alone() -> None:
    rng = np.random.default_rng(5)
    control = rng.normal(200, 100, 3_000)
    stained = np.where(rng.random(3_000) < 0.05, rng.normal(10_000, 1_500, 3_000), rng.normal(200, 100, 3_000))
    low, high = intervals.bootstrap_interval(np, stained[:, None], [control], 99.0, [True])
    full = []
    for _ in range(3_000):  # resample both tubes, set the threshold, count: the method by its definition
        threshold = np.percentile(rng.choice(control, control.size), 99.0)
        full.append((rng.choice(stained, stained.size) > threshold).mean() * 100)
    assert (low, high) == (pytest.approx(np.percentile(full, 2.5), abs=0.15),
                           pytest.approx(np.percentile(full, 97.5), abs=0.15))  # fmt: skip
    share = (stained > np.percentile(control, 99.0)).mean()
    sampling_only = 2 * 1.96 * math.sqrt(share * (1 - share) / stained.size) * 100  # the stained tube's alone
    assert high - low > 1.2 * sampling_only


@given(st.sampled_from(["FSC-A", "SSC-H", "PE-Cy7-A", "Time"]), st.sampled_from([">", ">=", "<", "<="]),
       st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))  # fmt: skip
def test_gate_conditions_parse_back(channel: str, op: str, value: float) -> None:
    (condition,) = gates.parse_gates([f"{channel}{op}{value!r}"])
    assert (condition.channel, condition.op, condition.value) == (channel, op, value)


@pytest.mark.parametrize(
    ("stain", "markers"),
    [
        ("CD73", ["CD73"]),
        ("CD45-PC7", ["CD45"]),
        ("CD90 FITC", ["CD90"]),
        ("HLA-DR", ["HLA-DR"]),
        ("HLA-DR-APC", ["HLA-DR"]),
        (COCKTAIL, ["CD34", "CD11b", "CD19", "CD45", "HLA-DR"]),
        ("FL1-Height", None),
        ("Syto 41", None),
    ],
)
def test_stain_names_give_markers(stain: str, markers: list[str] | None) -> None:
    assert stain_markers(stain) == markers


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (b"/$TOT/20000/", b"/$TOT/90000/", "its $TOT says 90,000 events but its data segment holds 20,000"),
        (b"/$MODE/L/", b"/$MODE/C/", "its $MODE is C, not L: msc reads list-mode data"),
        (b"FCS3.1", b"XXX3.1", "not an FCS file (it does not start with 'FCS')"),
    ],
    ids=["tot", "mode", "magic"],
)
def test_a_file_whose_header_lies_is_refused_not_read_as_complete(
    tmp_path: Path, control: Path, old: bytes, new: bytes, message: str
) -> None:
    good = write_tube(tmp_path / "s.fcs", panel([0.99], 0.0)).read_bytes()
    assert good.count(old) == 1
    lying = tmp_path / "lying.fcs"
    lying.write_bytes(good.replace(old, new))
    result = run("isct-check", "--fcs", str(lying), "--control", str(control))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"msc: error: {lying}: {message}"), result.stderr
