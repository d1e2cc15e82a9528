"""isct-check's FCS numbers against a peer: FlowKit reads the same real files, compensates them, and the test
sets each threshold and counts positive events by the documented rule. Every threshold and count must agree
(percentages to 0.01 points). FlowKit is a test dependency only."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ..conftest import run

fk = pytest.importorskip("flowkit")

FIXTURES = Path(__file__).parent.parent / "fixtures" / "fcs"
pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason="the real instrument files are not in this copy")
COMP = FIXTURES / "flowkit" / "comp_complete_example.csv"

CASES = [
    # file, percentile, HEADER offsets (where HEADER and TEXT disagree), --comp
    ("cytoflow/accuri-c6.fcs", 99.0, True, None),
    ("cytoflow/beckman-cyan.fcs", 95.0, True, None),
    ("cytoflow/beckman-gallios.lmd", 99.0, False, None),
    ("cytoflow/partec-pas.fcs", 98.0, False, None),
    ("cytoflow/stratedigm-s1400.fcs", 99.0, False, None),
    ("fcsparser/bd-facscalibur-hts.fcs", 99.0, False, None),
    ("fcsparser/bd-facsdiva.fcs", 99.5, False, None),
    ("fcsparser/bd-fortessa.fcs", 99.0, False, None),
    ("fcsparser/bd-lsr-ii-hts.fcs", 97.5, False, None),
    ("fcsparser/miltenyi-macsquant-3.1.fcs", 99.0, False, None),
    ("flowkit/test_comp_example.fcs", 99.0, False, str(COMP)),
]
MARKERS = ["CD73", "CD90", "CD105", "CD44"]


def _sample(path: Path, header_offsets: bool) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if path.suffix.lower() == ".lmd":  # the first of its data sets, as msc reads by default
            import flowio

            return fk.Sample(flowio.FlowData(path, ignore_offset_error=True, nextdata_offset=0))
        return fk.Sample(path, ignore_offset_error=True, use_header_offsets=header_offsets)


def _stored(path: Path, header_offsets: bool) -> Any:
    """The values as the file stores them, before any scaling (flowio without its preprocessing): full scale is
    $PnR - 1 in this unit, whatever the channel's log amplification or gain."""
    import flowio

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        flow = flowio.FlowData(path, ignore_offset_error=True, use_header_offsets=header_offsets, nextdata_offset=0)
    return flow.as_array(preprocess=False)


def _top(sample: Any, channel: str) -> float:
    return float(sample.channels.loc[list(sample.pnn_labels).index(channel), "pnr"]) - 1


def _scatter(label: str) -> bool:
    name = label.strip().casefold()
    return name.startswith(("fsc", "ssc")) or name.split(" ")[0] in ("fs", "ss")


def _fluorescence(labels: list[str]) -> list[str]:
    return [p for p in labels if not _scatter(p) and p.casefold() not in ("time", "width", "event", "hdr-t")]


@pytest.mark.parametrize(("name", "percentile", "header_offsets", "comp"), CASES, ids=[c[0] for c in CASES])
def test_msc_agrees_with_flowkit(name: str, percentile: float, header_offsets: bool, comp: str | None) -> None:
    path = FIXTURES / name
    sample = _sample(path, header_offsets)
    channels = _fluorescence(list(sample.pnn_labels))[:4]
    mapping = ",".join(f"{c}={m}" for c, m in zip(channels, MARKERS, strict=False))
    args = ["--fcs", str(path), "--control", str(path), "--percentile", f"{percentile:g}", "--map", mapping]
    result = run("isct-check", *args, *(["--comp", comp] if comp else []), "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    measured = {m["channel"]: m for m in json.loads(result.stdout)[0]["measurements"]}

    # the peer's events: raw (gain and log amplification undone), compensated by the file's matrix or --comp
    spill = comp or sample.metadata.get("spillover") or sample.metadata.get("spill")
    events = sample.get_events(source="raw")
    if spill and _usable(sample, spill):
        sample.apply_compensation(spill)
        events = sample.get_events(source="comp")
    stored = _stored(path, header_offsets)
    keep = np.ones(stored.shape[0], dtype=bool)  # the documented rule: scatter at full scale is dropped
    for i, label in enumerate(sample.pnn_labels):
        if _scatter(label):
            keep &= stored[:, i] < float(sample.channels.loc[i, "pnr"]) - 1
    events = events[keep]
    assert set(measured) >= set(channels)
    for channel in channels:
        column = events[:, list(sample.pnn_labels).index(channel)]
        threshold = float(np.percentile(column, percentile))
        positive = int(np.count_nonzero(column > threshold))
        m = measured[channel]
        assert m["events"] == events.shape[0]
        assert m["threshold"] == pytest.approx(threshold, rel=1e-6, abs=1e-6)
        assert m["positive"] == positive
        assert abs(m["percent"] - positive / events.shape[0] * 100) < 0.01
        at_top = int(np.count_nonzero(stored[keep, list(sample.pnn_labels).index(channel)] >= _top(sample, channel)))
        assert m["saturated"] == m["control_saturated"] == at_top  # the tube is its own control here


def _usable(sample: Any, spill: str) -> bool:
    """FlowKit compensates only where the matrix holds values for channels the file has (msc notes the rest)."""
    try:
        fk.Matrix(spill, sample.pnn_labels)
    except Exception:
        return False
    return True


# -- Gating-ML written by msc, replayed by FlowKit -----------------------------------------------------------------


def _replay(xml: Path, record: dict[str, Any], names: dict[str, str] | None = None) -> None:
    """Every tube's chain of gates, applied by FlowKit to that tube, counts what msc counted. `names`: the chain
    of a file, where it is not the file's name."""
    strategy = fk.parse_gating_xml(str(xml))  # FlowKit validates the document against the Gating-ML 2.0 schema
    ids = strategy.get_gate_ids()
    for f in record["audit"]["files"]:
        name = (names or {}).get(f["file"], Path(f["file"]).name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sample = fk.Sample(f["file"], ignore_offset_error=True)
        results = strategy.gate_sample(sample)
        counts = {gid[len(name) + 1 :]: int(results.get_gate_count(gid, path)) for gid, path in ids
                  if gid.startswith(name + ".")}  # fmt: skip
        pregates = [counts[step] for step in ("scatter", *(f"gate{k}" for k in range(1, 9)), "singlets")
                    if step in counts]  # fmt: skip
        assert pregates == [s["events_kept"] for s in f["pregates"]], name
        for m in record["measurements"]:
            step = m["marker"].replace("/", "_") + ".positive"
            if "stained" in f["roles"] and m["file"] == Path(f["file"]).name:
                assert counts[step] == m["positive"], (name, step)
            elif "control" in f["roles"] and m["control"] == Path(f["file"]).name:
                assert counts[step] == m["control_above"], (name, step)


def test_gating_ml_of_the_example_sheet_replays_in_flowkit(tmp_path: Path) -> None:
    xml = tmp_path / "day.xml"
    result = run("isct-check", "--sheet", "example", "--gate", "FSC-A>10000", "--singlets", "FSC-A/FSC-H",
                 "--gating-ml", str(xml), "-f", "json")  # fmt: skip
    assert result.exit_code == 1, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 2
    for record in records:
        _replay(xml, record)


def test_gating_ml_with_a_matrix_file_and_width_singlets_replays_in_flowkit(tmp_path: Path) -> None:
    path = str(FIXTURES / "flowkit" / "test_comp_example.fcs")
    xml = tmp_path / "gates.xml"
    result = run("isct-check", "--fcs", path, "--control", path, "--comp", str(COMP), "--singlets", "FSC-W",
                 "--gate", "SSC-A<=150000,FSC-A>=20000", "--gating-ml", str(xml), "-f", "json")  # fmt: skip
    assert result.exit_code == 1, result.stderr
    record = json.loads(result.stdout)[0]
    assert len(record["measurements"]) == 4 and len(record["audit"]["files"][0]["pregates"]) == 4
    _replay(xml, record)


def test_two_tubes_of_one_file_name_get_chains_of_their_own(tmp_path: Path) -> None:
    example = Path(__file__).parents[2] / "data" / "examples" / "sheet"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    stained, control = tmp_path / "a" / "tube.fcs", tmp_path / "b" / "tube.fcs"
    stained.write_bytes((example / "lot-a-stained.fcs").read_bytes())
    control.write_bytes((example / "lot-a-isotype.fcs").read_bytes())
    xml = tmp_path / "gates.xml"
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--gating-ml", str(xml), "-f", "json")
    assert f"msc: note: the gates of {control} are named tube.fcs_2.*" in result.stderr
    record = json.loads(result.stdout)[0]
    assert {m["positive"] for m in record["measurements"]} != {m["control_above"] for m in record["measurements"]}
    _replay(xml, record, {str(control): "tube.fcs_2"})


@pytest.mark.parametrize("percentile", [99.0, 50.0])
def test_a_threshold_that_is_a_control_event_replays_exactly(tmp_path: Path, percentile: float) -> None:
    # 10,001 control events: (n - 1) x percentile / 100 is whole at the 99th and the 50th, so each threshold is a
    # control event, which msc does not count as above it. Compensated by a replay with its own rounding, that
    # event must still fall below the bound the Gating-ML writes.
    from .test_fcs import write_tube

    rng = np.random.default_rng(2)  # ties a bound at the threshold's next float miscounts at both percentiles
    spill = {"$SPILLOVER": "3,APC-A,PE-A,FITC-A,1,0.137,0.021,0.043,1,0.117,0.009,0.071,1"}

    def tube(name: str, events: int, bright: float) -> Path:
        true = np.where(rng.random((events, 3)) < bright, rng.lognormal(9, 0.4, (events, 3)),
                        rng.normal(300, 120, (events, 3)))  # fmt: skip
        seen = true @ np.array([[1, 0.137, 0.021], [0.043, 1, 0.117], [0.009, 0.071, 1]])
        stains = (("CD73", seen[:, 0]), ("CD90", seen[:, 1]), ("CD105", seen[:, 2]))
        return write_tube(tmp_path / name, dict(zip(["APC-A", "PE-A", "FITC-A"], stains, strict=True)), spill,
                          events=events, seed=events)  # fmt: skip

    stained, control = tube("stained.fcs", 20_000, 0.97), tube("control.fcs", 10_001, 0.0)
    xml = tmp_path / "gates.xml"
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--percentile", f"{percentile:g}",
                 "--gating-ml", str(xml), "-f", "json")  # fmt: skip
    record = json.loads(result.stdout)[0]
    assert {m["control_events"] for m in record["measurements"]} == {10_001}
    assert {m["control_above"] for m in record["measurements"]} == {round(10_000 * (100 - percentile) / 100)}
    _replay(xml, record)
