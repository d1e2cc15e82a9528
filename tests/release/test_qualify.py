"""msc qualify: the reference cases shipped with msc pass on this installation, a case that fails fails the
qualification, the printable record is signed, and the cases' expected values are established here without msc
(FlowKit reads and compensates the files; thresholds, pre-gates and counts follow the documented rules in numpy)."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from ..conftest import run

fk = pytest.importorskip("flowkit")
CASES = Path(__file__).parents[2] / "data" / "qualification"
SHEET = CASES.parent / "examples" / "sheet"
CHANNEL = {"CD90": "FITC-A", "COCKTAIL": "PE-A", "CD105": "PerCP-Cy5-5-A", "CD73": "APC-A"}


@pytest.fixture(scope="module")
def qualified() -> dict[str, Any]:
    result = run("qualify", "-f", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    assert len(found) == 1
    return found[0]


def test_every_reference_case_passes_on_this_installation(qualified: dict[str, Any]) -> None:
    assert (qualified["verdict"], qualified["passed"], qualified["failed"]) == ("PASS", 12, 0)
    cases = yaml.safe_load((CASES / "cases.yaml").read_text(encoding="utf-8"))["cases"]
    assert [c["case"] for c in qualified["cases"]] == [c["id"] for c in cases] == [f"OQ-{n:02}" for n in range(1, 13)]
    assert all(c["passed"] and c["expected"][0] == c["actual"][0] for c in qualified["cases"])
    assert set(qualified["environment"]) == {"msc", "msc files", "msc folder", "python", "platform", "numpy", "flowio"}
    assert qualified["environment"]["msc files"].split(", SHA-256 ")[1].isalnum()
    kinds = " ".join(c["requirement"] for c in qualified["cases"])
    for kind in ("passes", "fails", "INCOMPLETE", "INDETERMINATE", "matrix file", "--gate", "--singlets",
                 "saturated", "FMO", "damaged"):  # fmt: skip
        assert kind in kinds, kind


def test_a_case_that_fails_fails_the_qualification(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from msccli.release import qualify

    folder = tmp_path / "qualification"
    shutil.copytree(CASES, folder)
    (tmp_path / "examples").symlink_to(CASES.parent / "examples")
    text = (folder / "cases.yaml").read_text(encoding="utf-8")
    (folder / "cases.yaml").write_text(text.replace("LOT-B|verdict: FAIL", "LOT-B|verdict: PASS"), encoding="utf-8")
    monkeypatch.setattr(qualify, "cases_folder", lambda: folder)
    result = run("qualify", "-f", "json")
    assert result.exit_code == 1
    done = json.loads(result.stdout)[0]
    assert (done["verdict"], done["failed"]) == ("FAIL", 1)
    failed = [c for c in done["cases"] if not c["passed"]]
    assert [c["case"] for c in failed] == ["OQ-05"]
    assert 'LOT-B|verdict = "PASS"' in failed[0]["expected"] and 'LOT-B|verdict = "FAIL"' in failed[0]["actual"]


def test_the_printable_qualification_is_signed(tmp_path: Path) -> None:
    path = tmp_path / "oq.html"
    result = run("qualify", "--report", str(path), "--lang", "zh")
    assert result.exit_code == 0 and result.stderr.endswith(f"msc: 已写入 {path}\n")
    html = path.read_text(encoding="utf-8")
    assert html.count('<tr class="">') == 12 and "OQ-12" in html and "msc 运行确认（OQ）" in html
    for role in ("执行人", "审核人", "批准人（QA）"):
        assert f"<h4>{role}</h4>" in html


def _flowkit(path: Path, matrix: Path | None = None) -> tuple[Any, Any, list[str]]:
    """A tube as FlowKit reads it, compensated by its own $SPILLOVER (or a matrix file), and as stored."""
    import flowio

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sample = fk.Sample(str(path))
        sample.apply_compensation(str(matrix) if matrix else sample.metadata["spillover"])
        stored = flowio.FlowData(str(path)).as_array(preprocess=False)
    return sample.get_events(source="comp"), stored, list(sample.pnn_labels)


def _pregated(events: Any, stored: Any, pnn: list[str], gate: bool = True, singlets: bool = True) -> list[Any]:
    """The documented pre-gates, step by step: scatter below full scale as stored ($PnR 65536), FSC-A > 10000,
    then an area-to-height ratio within 3 x 1.4826 x its median absolute deviation of its median."""
    keep = np.ones(events.shape[0], dtype=bool)
    for name in ("FSC-A", "FSC-H", "SSC-A"):
        keep &= stored[:, pnn.index(name)] < 65_535
    steps = [keep.copy()]
    if gate:
        keep &= events[:, pnn.index("FSC-A")] > 10_000
        steps.append(keep.copy())
    if singlets:
        ratio = events[:, pnn.index("FSC-A")] / events[:, pnn.index("FSC-H")]
        centre = np.median(ratio[keep])
        band = 3 * 1.4826 * np.median(np.abs(ratio[keep] - centre))
        keep &= (ratio >= centre - band) & (ratio <= centre + band)
        steps.append(keep.copy())
    return steps


def _measure(stained: Path, control: Path, marker: str, **gates: bool) -> dict[str, float]:
    s_events, s_stored, pnn = _flowkit(stained)
    c_events, c_stored, _ = _flowkit(control)
    s_keep, c_keep = _pregated(s_events, s_stored, pnn, **gates)[-1], _pregated(c_events, c_stored, pnn, **gates)[-1]
    i = pnn.index(CHANNEL[marker])
    threshold = float(np.percentile(c_events[c_keep, i], 99))
    positive = int(np.count_nonzero(s_events[s_keep, i] > threshold))
    above = int(np.count_nonzero(c_events[c_keep, i] > threshold))
    return {"percent": positive / int(s_keep.sum()) * 100, "threshold": threshold, "positive": positive,
            "control_above": above}  # fmt: skip


def _expected(case: str) -> dict[str, Any]:
    cases = yaml.safe_load((CASES / "cases.yaml").read_text(encoding="utf-8"))["cases"]
    found: dict[str, Any] = next(c for c in cases if c["id"] == case)["expect"]["values"]
    return found


def _close(expected: float, value: float) -> bool:
    return abs(expected - value) <= 0.005  # expected as shown: 2 decimals


def test_the_fcs_cases_expected_values_hold_without_msc() -> None:
    a = {m: _measure(SHEET / "lot-a-stained.fcs", SHEET / "lot-a-isotype.fcs", m) for m in ("CD105", "CD73")}
    oq4 = _expected("OQ-04")
    assert _close(oq4["LOT-A|measurements|CD105|percent"], a["CD105"]["percent"])
    assert _close(oq4["LOT-A|measurements|CD105|threshold"], a["CD105"]["threshold"])
    assert oq4["LOT-A|measurements|CD105|positive"] == a["CD105"]["positive"]
    assert _close(oq4["LOT-A|measurements|CD73|percent"], a["CD73"]["percent"])
    b = _measure(SHEET / "lot-b-stained.fcs", SHEET / "lot-b-isotype.fcs", "CD105")
    oq5 = _expected("OQ-05")
    assert _close(oq5["LOT-B|measurements|CD105|percent"], b["percent"])
    assert oq5["LOT-B|measurements|CD105|positive"] == b["positive"] and b["percent"] < 95
    for case, step in (("OQ-06", 1), ("OQ-07", 2)):
        for name in ("lot-a-stained.fcs", "lot-a-isotype.fcs"):
            events, stored, pnn = _flowkit(SHEET / name)
            kept = int(_pregated(events, stored, pnn)[step].sum())
            assert _expected(case)[f"LOT-A|audit|files|{name}|pregates|{step}|events_kept"] == kept
    fmo = _measure(SHEET / "lot-b-stained.fcs", SHEET / "lot-b-fmo-cd73.fcs", "CD73")
    oq8 = _expected("OQ-08")
    assert _close(oq8["LOT-B|measurements|CD73|threshold"], fmo["threshold"])
    assert oq8["LOT-B|measurements|CD73|control_above"] == fmo["control_above"]


def test_the_matrix_saturation_and_interval_cases_hold_without_msc() -> None:
    matrix = CASES / "matrix.csv"
    s_events, s_stored, pnn = _flowkit(SHEET / "lot-a-stained.fcs", matrix)
    c_events, c_stored, _ = _flowkit(SHEET / "lot-a-isotype.fcs", matrix)
    s_keep = _pregated(s_events, s_stored, pnn, gate=False, singlets=False)[-1]
    c_keep = _pregated(c_events, c_stored, pnn, gate=False, singlets=False)[-1]
    i = pnn.index("PE-A")
    threshold = np.percentile(c_events[c_keep, i], 99)
    cocktail = np.count_nonzero(s_events[s_keep, i] > threshold) / s_keep.sum() * 100
    assert _close(_expected("OQ-09")["sample|measurements|CD34/CD11b/CD19/CD45/HLA-DR|percent"], cocktail)
    raw = np.count_nonzero(s_stored[s_keep, i] > np.percentile(c_stored[c_keep, i], 99)) / s_keep.sum() * 100
    assert raw > 90  # uncompensated, PE spillover would make the negative cocktail look positive
    _, stored, pnn = _flowkit(CASES / "saturated-control.fcs")
    keep = _pregated(stored, stored, pnn, gate=False, singlets=False)[-1]
    saturated = int(np.count_nonzero(stored[keep, pnn.index("APC-A")] >= 65_535))
    assert _expected("OQ-10")["sample|measurements|CD73|control_saturated"] == saturated
    assert saturated >= keep.sum() - np.floor((keep.sum() - 1) * 0.99)  # the 99th percentile lies among them
    small = _measure(CASES / "small-stained.fcs", SHEET / "lot-a-isotype.fcs", "CD105", gate=False, singlets=False)
    assert _close(_expected("OQ-11")["sample|measurements|CD105|percent"], small["percent"])


def test_the_traceability_table_names_every_case_and_tests_that_exist() -> None:
    import re

    root = Path(__file__).parents[2]
    table = (root / "docs" / "qualification.md").read_text(encoding="utf-8")
    cases = yaml.safe_load((CASES / "cases.yaml").read_text(encoding="utf-8"))["cases"]
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| (.+?) \| (OQ-\d\d) \|", table, re.MULTILINE)}
    assert sorted(rows.values()) == [c["id"] for c in cases]
    for path, name in re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", table):
        assert f"def {name}(" in (root / path).read_text(encoding="utf-8"), (path, name)
