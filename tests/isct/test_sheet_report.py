"""A day's lots from one sample sheet: every lot's verdict, and bad rows reported all at once (the release report
made of them: tests/release)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ..conftest import run

pytest.importorskip("numpy")

EXAMPLE = Path(__file__).parents[2] / "data" / "examples" / "sheet"


def records(*args: str) -> list[dict]:
    result = run("isct-check", *args, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    found: list[dict] = json.loads(result.stdout)
    return found


def test_the_example_sheet_gives_every_lot_its_verdict() -> None:
    result = run("isct-check", "--sheet", "example", "-f", "json")
    assert result.exit_code == 1  # lot B fails: the exit status covers every lot
    lots = json.loads(result.stdout)
    assert [(r["lot"], r["verdict"], r["problems"]) for r in lots] == [
        ("LOT-A", "PASS", []),
        ("LOT-B", "FAIL", [lots[1]["problems"][0]]),
    ]
    assert lots[1]["problems"][0].startswith("CD105 8") and lots[1]["problems"][0].endswith(" (needs >= 95)")
    controls = {m["marker"]: m["control"] for m in lots[1]["measurements"]}
    assert controls["CD73"] == "lot-b-fmo-cd73.fcs" and controls["CD105"] == "lot-b-isotype.fcs"
    assert lots[0]["source"].endswith("day.csv: 2, 3")


def test_columns_the_sheet_does_not_read_are_said(tmp_path: Path) -> None:
    for name in ("lot-a-stained.fcs", "lot-a-isotype.fcs"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    sheet = tmp_path / "day.csv"
    sheet.write_text("lot,file,role,viabilty,comment\nA,lot-a-stained.fcs,stained,95,\n"
                     "A,lot-a-isotype.fcs,control,,ok\n", encoding="utf-8")  # fmt: skip
    result = run("isct-check", "--sheet", str(sheet))
    assert "msc: warning: the sample sheet's columns viabilty, comment are not read" in result.stderr


def test_bad_rows_are_reported_all_at_once(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE / "lot-a-stained.fcs", tmp_path / "s.fcs")
    sheet = tmp_path / "day.csv"
    sheet.write_text(
        "lot,file,role,osteogenic\nL1,s.fcs,stained,pass\nL1,gone.fcs,control,\nL1,s.fcs,fmo:xyz,\n"
        "L1,s.fcs,isotype-ish,maybe\nL2,s.fcs,control,\nL1,.,unstained,\n",
        encoding="utf-8",
    )
    result = run("isct-check", "--sheet", str(sheet))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"msc: error: {sheet}: row 3, file: no such file 'gone.fcs' (paths are relative to the sheet)",
        f"msc: error: {sheet}: row 4, role: 'xyz' is not a marker name (e.g. CD73, CD79a, HLA-DR)",
        f"msc: error: {sheet}: row 5, role: 'isotype-ish' is not a role: stained, control, unstained or fmo:MARKER",
        f"msc: error: {sheet}: row 5, osteogenic: 'maybe' is not valid: expected pass/fail, yes/no or true/false",
        f"msc: error: {sheet}: row 7, file: '.' is a folder, not a file",
        f"msc: error: {sheet}: lot L2 has no stained tube",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sheet", "example", "--control", "x.fcs"], "give no --control with it"),
        (["--sheet", "example", "--jobs", "0"], "--jobs: --jobs is a number of processes (1 or more)"),
        (["--sheet", "example", "--fcs", "x.fcs"], "give one input"),
        (["--sheet", "example", "--report", "r.pdf"], "--report: a release report is an HTML file: name it r.html"),
        (["--example", "--gating-ml", "g.xml"], "--gating-ml writes the gates of FCS input"),
        (["--sheet", "example", "--gating-ml", "/no/such/folder/g.xml"], "--gating-ml: cannot write there"),
    ],
)
def test_sheet_and_report_usage_errors(args: list[str], message: str) -> None:
    result = run("isct-check", *args)
    assert (result.exit_code, result.stdout) == (2, "") and message in result.stderr.splitlines()[0]
