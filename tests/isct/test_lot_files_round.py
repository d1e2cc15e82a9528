"""Lot files as labs write them: marker headers with percent signs and fluorochromes, a lot column under any name,
the lot's other results from the command line, one lot picked out of a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from msccli.isct.lots import stream as lot_stream

from ..conftest import run

HEADER = "Charge,CD73 (%),CD90 %,%CD105,CD45-PE,CD34 PE,CD14,CD19,HLA-DR,CD45 RA,adherent\n"
ROWS = "L1,98,99,97,0.5,0.3,0.2,0.1,0.4,33,no\nL2,98,99,97,0.5,0.3,0.2,0.1,0.4,35,\n"
LAB = ("--adherent", "--osteo", "pass", "--adipo", "pass", "--chondro", "pass")


@pytest.fixture
def lots(tmp_path: Path) -> Path:
    path = tmp_path / "lots.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    return path


def records(*args: str) -> tuple[list[dict[str, object]], str, int]:
    result = run("isct-check", *args, "-f", "json")
    return json.loads(result.stdout or "[]"), result.stderr, result.exit_code


def test_marker_headers_as_labs_write_them(lots: Path) -> None:
    found, stderr, _ = records(str(lots), "--map", "Charge=lot", *LAB)
    assert [r["lot"] for r in found] == ["L1", "L2"]
    values = {c["criterion"]: c["value"] for c in found[1]["checks"][0]["criteria"]}
    assert (values["CD73"], values["CD90"], values["CD105"], values["CD45"], values["CD34"]) == (98, 99, 97, 0.5, 0.3)
    assert "note: ignored columns (not markers or known fields): CD45 RA" in stderr  # an isoform, never CD45


def test_the_command_line_fills_what_the_file_lacks_and_the_file_wins(lots: Path) -> None:
    found, stderr, code = records(str(lots), "--map", "Charge=lot", *LAB)
    assert [(r["lot"], r["verdict"]) for r in found] == [("L1", "FAIL"), ("L2", "PASS")]  # L1's file says no
    assert code == 1
    assert (
        "msc: warning: from the command line, for lots of the file that do not carry them: osteogenic (2), "
        "adipogenic (2), chondrogenic (2), adherence (1)\n"
    ) in stderr


def test_lot_picks_one_lot_of_a_file(lots: Path) -> None:
    found, _, code = records(str(lots), "--map", "Charge=lot", "--lot", "l2", *LAB)
    assert ([r["lot"] for r in found], code) == (["L2"], 0)
    missing = run("isct-check", str(lots), "--map", "Charge=lot", "--lot", "L3")
    assert (missing.exit_code, missing.stdout) == (1, "")
    assert missing.stderr.startswith("msc: error: no lot matches 'L3'; did you mean 'L2', 'L1'?")


def test_a_big_file_checked_as_read_takes_the_command_lines_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lot_stream, "STREAM_ABOVE", 10)  # stream even this small file
    path = tmp_path / "big.csv"
    path.write_text("lot,CD73,CD90,CD105,CD45,CD34,CD14,CD19,HLA-DR\n" + "L1,98,99,97,0.5,0.3,0.2,0.1,0.4\n", "utf-8")
    result = run("isct-check", str(path), *LAB, "-f", "csv", "--fields", "lot,verdict")
    assert (result.exit_code, result.stdout) == (0, "lot,verdict\nL1,PASS\n")
    assert "apply to the lots of the file that do not carry them" in result.stderr


def test_a_semicolon_file_with_decimal_commas_is_read_as_written(tmp_path: Path) -> None:
    path = tmp_path / "eu.csv"
    path.write_text("lot;CD73;CD90;CD105;CD45;CD34;CD14;CD19;HLA-DR\nL1;98,2;99,1;97,5;0,5;0,3;0,2;0,1;0,4\n", "utf-8")
    found, stderr, code = records(str(path), *LAB)
    assert (found[0]["verdict"], code) == ("PASS", 0)
    values = {c["criterion"]: c["value"] for c in found[0]["checks"][0]["criteria"]}
    assert values["CD73"] == 98.2 and values["HLA-DR"] == 0.4
    assert "msc: warning: read 98,2 as 98.2: a ';'-separated file with decimal commas\n" in stderr
