"""Hostile input to a lab's day, round three: data set numbers that are not ASCII digits, channel names XML cannot
hold or that carry '$', file names Gating-ML ids would merge, a matrix naming a channel twice, sample sheets with a
column twice, lot ids equal but for case or a marker with two controls, file names that are not UTF-8, and files
still written when the reader closes the pipe. Each is one line and exit 2, or read right: never silently wrong."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ..conftest import run
from .test_fcs import panel, write_tube

np = pytest.importorskip("numpy")
flowio = pytest.importorskip("flowio")
EXAMPLE = Path(__file__).parents[2] / "data" / "examples" / "sheet"
GATING = "{http://www.isac-net.org/std/Gating-ML/v2.0/gating}"
DATATYPES = "{http://www.isac-net.org/std/Gating-ML/v2.0/datatypes}"


def _tube(path: Path, scatter: str = "SSC-A", marker_channel: str = "APC-A", bright: float = 0.95) -> Path:
    rng = np.random.default_rng(len(path.name))
    n = 4_000
    marker = np.where(rng.random(n) < bright, rng.normal(1e4, 1e3, n), rng.normal(200, 80, n))
    data = np.column_stack([rng.normal(5e4, 8e3, n), rng.normal(3e4, 5e3, n), rng.normal(4e4, 6e3, n), marker])
    with path.open("wb") as handle:
        flowio.create_fcs(handle, data.astype(np.float32).flatten(), ["FSC-A", "FSC-H", scatter, marker_channel],
                          opt_channel_names=["", "", "", "CD73"])  # fmt: skip
    return path


@pytest.mark.parametrize("suffix", ["#²", "#٣", "#１"])
def test_a_data_set_number_is_ascii_digits_only(tmp_path: Path, suffix: str) -> None:
    tube = _tube(tmp_path / "s.fcs")
    result = run("isct-check", "--fcs", f"{tube}{suffix}", "--control", str(tube))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"msc: error: {tube}{suffix}: cannot read the file (No such file or directory)"
    ]
    sheet = tmp_path / "day.csv"
    sheet.write_text(f"lot,file,role\nL,s.fcs{suffix},stained\nL,s.fcs,control\n", encoding="utf-8")
    again = run("isct-check", "--sheet", str(sheet))
    assert again.exit_code == 2
    assert again.stderr.splitlines()[0] == (
        f"msc: error: {sheet}: row 2, file: no such file 's.fcs{suffix}' (paths are relative to the sheet)"
    )


@pytest.mark.parametrize("name", ["a\x01b", "esc\x1b", "v\x0bt", "end\ufffe", "max\uffff"])
def test_a_channel_xml_cannot_hold_is_refused_before_anything_is_written(tmp_path: Path, name: str) -> None:
    stained = _tube(tmp_path / "s.fcs", marker_channel=name)  # the marker's channel: its gate names it
    control = _tube(tmp_path / "c.fcs", marker_channel=name, bright=0)
    xml, report = tmp_path / "g.xml", tmp_path / "r.html"
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--gating-ml", str(xml),
                 "--report", str(report))  # fmt: skip
    assert (result.exit_code, result.stdout) == (2, "")
    shown = repr(name.replace("\x01", "\\x01").replace("\x1b", "\\x1b").replace("\x0b", "\\x0b"))
    assert result.stderr.splitlines()[0] == (
        f"msc: error: {stained}, --gating-ml: its channel {shown} holds a character XML cannot hold, so Gating-ML "
        "cannot name it"
    )
    assert not xml.exists() and not report.exists()


def _ids(xml: Path) -> list[str]:
    root = ET.parse(xml).getroot()
    return [e.get(f"{GATING}id") or "" for e in root.iter() if e.get(f"{GATING}id")]


@pytest.mark.parametrize(("first", "second"), [("批次甲.fcs", "批次乙.fcs"), ("a b.fcs", "a_b.fcs")])
def test_gate_ids_are_unique_for_any_two_file_names(tmp_path: Path, first: str, second: str) -> None:
    stained, control = _tube(tmp_path / first), _tube(tmp_path / second, bright=0)
    xml = tmp_path / "g.xml"
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--gating-ml", str(xml))
    assert result.exit_code in (0, 1), result.stderr
    ids = _ids(xml)
    assert len(ids) == len(set(ids)) == 4  # each tube: its scatter gate and its CD73 gate
    assert f"msc: note: the gates of {control} are named {second}_2.*" in result.stderr


def test_gating_ml_names_the_files_own_channels(tmp_path: Path) -> None:
    stained, control = _tube(tmp_path / "s.fcs", scatter="SSC$A"), _tube(tmp_path / "c.fcs", "SSC$A", bright=0)
    xml = tmp_path / "g.xml"
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--gate", "fsc-a>1000,cd73<1e9",
                 "--singlets", "fsc-a/fsc-h", "--gating-ml", str(xml), "-f", "json")  # fmt: skip
    assert result.exit_code in (0, 1), result.stderr
    root = ET.parse(xml).getroot()
    names = {e.get(f"{DATATYPES}name") for e in root.iter() if e.get(f"{DATATYPES}name")}
    assert names == {"FSC-A", "FSC-H", "SSC$A", "APC-A"}  # as $PnN writes them: not fsc-a, CD73 or SSCA
    record = json.loads(result.stdout)[0]
    assert "SSC$A" in {c["channel"] for c in record["audit"]["files"][0]["channels"]}


@pytest.mark.parametrize(("header", "spelled"), [("APC-A,CD73", ("APC-A", "CD73")), ("APC-A,4", ("APC-A", "4"))])
def test_a_matrix_naming_one_channel_twice_is_refused(tmp_path: Path, header: str, spelled: tuple[str, str]) -> None:
    tube = _tube(tmp_path / "s.fcs")
    matrix = tmp_path / "m.csv"
    matrix.write_text(f"{header}\n1,0.1\n0.1,1\n", encoding="utf-8")
    result = run("isct-check", "--fcs", str(tube), "--control", str(tube), "--comp", str(matrix))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"msc: error: {matrix}: its {matrix} matrix names channel APC-A twice, as {spelled[0]!r} and {spelled[1]!r}",
        "msc: hint: name each channel once, by its $PnN",
    ]


def _sheet_folder(tmp_path: Path) -> Path:
    for name in ("lot-a-stained.fcs", "lot-a-isotype.fcs", "lot-b-fmo-cd73.fcs"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize(
    ("header", "message"),
    [("lot,file,role,file", "the column 'file' is given twice ('file' and 'file')"),
     ("lot,file,role,LOT ", "the column 'lot' is given twice ('lot' and 'LOT ')")],
)  # fmt: skip
def test_a_sheet_column_given_twice_is_refused(tmp_path: Path, header: str, message: str) -> None:
    folder = _sheet_folder(tmp_path)
    sheet = folder / "day.csv"
    sheet.write_text(f"{header}\nA,lot-a-stained.fcs,stained,x\nA,lot-a-isotype.fcs,control,y\n", encoding="utf-8")
    result = run("isct-check", "--sheet", str(sheet))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [f"msc: error: {sheet}: {message}", "msc: hint: keep one of them"]


@pytest.mark.parametrize(("first", "second"), [("MSC-1", "msc-1"), ("Straße", "STRASSE")])
def test_lot_ids_equal_but_for_case_are_refused(tmp_path: Path, first: str, second: str) -> None:
    folder = _sheet_folder(tmp_path)
    sheet = folder / "day.csv"
    rows = [f"{lot},lot-a-{tube}.fcs,{role}" for lot in (first, second) for tube, role in
            (("stained", "stained"), ("isotype", "control"))]  # fmt: skip
    sheet.write_text("lot,file,role\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = run("isct-check", "--sheet", str(sheet))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"msc: error: {sheet}: row 4, lot: {second!r} differs from lot {first!r} (row 2) only in case: a release "
        "record must not let one pass for the other; name them apart"
    ]


def test_a_marker_given_two_controls_is_refused(tmp_path: Path) -> None:
    folder = _sheet_folder(tmp_path)
    stained, iso, fmo = (str(folder / n) for n in ("lot-a-stained.fcs", "lot-a-isotype.fcs", "lot-b-fmo-cd73.fcs"))
    result = run("isct-check", "--fcs", stained, "--control", iso, "--control", f"CD73={iso}", "--control",
                 f"CD73={fmo}")  # fmt: skip
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"msc: error: --control: CD73 is given two controls, {iso} and {fmo}",
        "msc: hint: give one control per marker",
    ]
    sheet = folder / "day.csv"
    sheet.write_text("lot,file,role\nA,lot-a-stained.fcs,stained\nA,lot-a-isotype.fcs,control\n"
                     "A,lot-a-isotype.fcs,fmo:CD73\nA,lot-b-fmo-cd73.fcs,fmo:cd73\n", encoding="utf-8")  # fmt: skip
    again = run("isct-check", "--sheet", str(sheet))
    assert again.exit_code == 2
    assert again.stderr.splitlines() == [
        f"msc: error: {sheet}: row 5, role: CD73 of lot A has a control already (lot-a-isotype.fcs): one control "
        "per marker"
    ]


def test_a_file_name_that_is_not_utf8_is_shown_as_its_bytes(tmp_path: Path) -> None:
    name = os.fsdecode(b"s\xff.fcs")
    shutil.copy(EXAMPLE / "lot-a-stained.fcs", tmp_path / name)
    control = EXAMPLE / "lot-a-isotype.fcs"
    report = tmp_path / "r.html"
    result = run("isct-check", "--fcs", str(tmp_path / name), "--control", str(control), "-f", "json",
                 "--report", str(report))  # fmt: skip
    assert result.exit_code == 1, result.stderr  # no adherence or differentiation given: INCOMPLETE
    record = json.loads(result.stdout)[0]
    assert record["source"] == "s\\xff.fcs" and record["measurements"][0]["file"] == "s\\xff.fcs"
    assert "s\\xff.fcs" in report.read_text(encoding="utf-8")
    assert run("verify", str(report), "--files", str(EXAMPLE)).exit_code == 0


def test_one_file_for_report_and_gating_ml_is_refused_before_anything(tmp_path: Path) -> None:
    same = tmp_path / "out.html"
    result = run("isct-check", "--sheet", "example", "--report", str(same), "--gating-ml", str(same))
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr.splitlines()[0] == "msc: error: --gating-ml: --report and --gating-ml name one file: each "
        "needs its own"
    )
    assert not same.exists()


def test_files_asked_for_are_written_when_the_reader_closes_the_pipe(tmp_path: Path) -> None:
    report, xml = tmp_path / "r.html", tmp_path / "g.xml"
    program = (f"'{sys.executable}' -m msccli isct-check --sheet example --report '{report}' --gating-ml '{xml}' "
               "-f json --detail | head -c 1")  # fmt: skip
    done = subprocess.run(program, shell=True, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.stdout == "["
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and xml.read_bytes().startswith(b"<?xml")


def test_shared_controls_still_pair_with_their_tubes_in_order(tmp_path: Path) -> None:
    # two shared controls for two tubes are not two controls of one marker: each sets its own tube's thresholds
    s1, s2 = write_tube(tmp_path / "s1.fcs", panel([0.99])), write_tube(tmp_path / "s2.fcs", panel([0.99]), seed=3)
    c1, c2 = (write_tube(tmp_path / f"c{k}.fcs", panel([0.0], 0.0), seed=k) for k in (4, 5))
    result = run("isct-check", "--fcs", f"{s1},{s2}", "--control", f"{c1},{c2}", "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    pairs = {(m["file"], m["control"]) for m in json.loads(result.stdout)[0]["measurements"]}
    assert pairs == {("s1.fcs", "c4.fcs"), ("s2.fcs", "c5.fcs")}
