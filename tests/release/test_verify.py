"""msc verify: a release report checked against its inputs, a new run of its check, and its own pages. One changed
byte of an input, one number edited on a page, a record edited to match, a missing file: each is named."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from ..conftest import run

pytest.importorskip("numpy")
EXAMPLE = Path(__file__).parents[2] / "data" / "examples" / "sheet"


@pytest.fixture
def day(tmp_path: Path) -> Path:
    """A day's sheet and its tubes in a folder, and the report written beside them."""
    for name in ("day.csv", "lot-a-stained.fcs", "lot-a-isotype.fcs", "lot-b-stained.fcs", "lot-b-isotype.fcs",
                 "lot-b-fmo-cd73.fcs"):  # fmt: skip
        shutil.copy(EXAMPLE / name, tmp_path / name)
    path = tmp_path / "day.html"
    result = run("isct-check", "--sheet", str(tmp_path / "day.csv"), "--gate", "FSC-A>10000", "--singlets",
                 "FSC-A/FSC-H", "--report", str(path))  # fmt: skip
    assert result.exit_code == 1, result.stderr
    return path


def report_id(path: Path) -> str:
    found = re.search(r'data-v="report id"[^>]*>([0-9a-f]{64})<', path.read_text(encoding="utf-8"))
    assert found is not None
    return found.group(1)


def test_an_untouched_report_verifies_and_prints_its_id(day: Path) -> None:
    result = run("verify", str(day))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"verified: {day}",
        report_id(day),
        "6 input files as recorded; every result and every page value as recorded (msc 0.1.0, checked with msc 0.1.0).",
    ]
    record = json.loads(run("verify", str(day), "-f", "json").stdout)
    assert record == [{"report": str(day), "report_id": report_id(day), "verified": True, "made_with": "0.1.0",
                       "checked_with": "0.1.0", "inputs": 6, "differences": []}]  # fmt: skip


def test_one_changed_byte_of_an_input_is_named(day: Path) -> None:
    tube = day.parent / "lot-b-stained.fcs"
    data = bytearray(tube.read_bytes())
    data[-7] ^= 0x40  # one event's value, in the data segment
    tube.write_bytes(bytes(data))
    result = run("verify", str(day))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"NOT VERIFIED: {day}"
    assert lines[1].startswith(f"{tube}: changed since the run (SHA-256 ")
    assert any(line.startswith("lot LOT-B: audit.files.0.sha256 is ") for line in lines)


def test_one_number_edited_on_a_page_is_named(day: Path) -> None:
    html = day.read_text(encoding="utf-8")
    edited = html.replace(
        'data-v="lot LOT-B profile CD105 value">87.97<', 'data-v="lot LOT-B profile CD105 value">97.97<'
    )
    assert edited != html
    day.write_text(edited, encoding="utf-8")
    result = run("verify", str(day))
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (1, [
        'the page shows "97.97" for lot LOT-B profile CD105 value, where its record gives "87.97": it was changed '
        "after the run"
    ])  # fmt: skip


def test_a_verdict_edited_in_the_record_too_is_found_by_the_new_run(day: Path) -> None:
    html = day.read_text(encoding="utf-8")
    edited = html.replace(">FAIL<", ">PASS<").replace('"verdict": "FAIL"', '"verdict": "PASS"')
    day.write_text(edited, encoding="utf-8")
    lines = run("verify", str(day)).stdout.splitlines()
    assert lines[1].startswith("the run record in the page is not the one its pages were made from (its id is ")
    assert 'lot LOT-B: verdict is "PASS" in the report\'s record and "FAIL" now' in lines


def test_a_word_changed_outside_the_values_is_found(day: Path) -> None:
    html = day.read_text(encoding="utf-8")
    day.write_text(html.replace("<h4>Reviewed by</h4>", "<h4>Not reviewed</h4>", 1), encoding="utf-8")
    lines = run("verify", str(day)).stdout.splitlines()
    assert len(lines) == 2 and re.fullmatch(
        r"the page differs from the one msc makes of its record, from line \d+: it was changed after the run", lines[1]
    )


def test_inputs_elsewhere_are_found_with_files(day: Path, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    moved = archive / "day.html"
    shutil.move(day, moved)
    lost = run("verify", str(moved))
    assert (lost.exit_code, lost.stdout) == (2, "")
    assert lost.stderr.splitlines() == [
        "msc: error: cannot find day.csv, lot-a-stained.fcs, lot-a-isotype.fcs, lot-b-stained.fcs, "
        "lot-b-isotype.fcs, lot-b-fmo-cd73.fcs",
        "msc: hint: give the folder that holds them: msc verify REPORT.html --files DIR",
    ]
    assert run("verify", str(moved), "--files", str(tmp_path)).exit_code == 0


def test_what_is_not_an_msc_report_cannot_be_checked(tmp_path: Path) -> None:
    page = tmp_path / "other.html"
    page.write_text("<html><body>hello</body></html>", encoding="utf-8")
    result = run("verify", str(page))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == f"msc: error: {page}: not an msc release report: it holds no run record"
    missing = run("verify", str(tmp_path / "none.html"))
    assert missing.exit_code == 2 and "cannot read the file" in missing.stderr


def test_a_report_of_lots_from_a_file_and_of_the_example_sheet_verify(tmp_path: Path) -> None:
    lots = tmp_path / "lots.html"
    run("isct-check", "--example", "--report", str(lots))
    assert run("verify", str(lots)).exit_code == 0  # the example's files: found where msc ships them
    sheet = tmp_path / "sheet.html"
    run("isct-check", "--sheet", "example", "--lang", "zh", "--report", str(sheet))
    result = run("verify", str(sheet))
    assert result.exit_code == 0, result.stdout  # made again in the report's own language


def test_a_report_of_another_msc_version_is_checked_value_by_value(day: Path) -> None:
    html = day.read_text(encoding="utf-8")
    older = html.replace(
        '"msc_version": "0.1.0",\n "catalogue_as_of"', '"msc_version": "0.0.9",\n "catalogue_as_of"', 1
    )
    older = older.replace(">msc 0.1.0; catalogue as of", ">msc 0.0.9; catalogue as of", 1)  # as msc 0.0.9 wrote it
    assert older.count("0.0.9") == 2
    day.write_text(older, encoding="utf-8")
    lines = run("verify", str(day)).stdout.splitlines()
    assert lines[1].startswith("the run record in the page is not the one its pages were made from")
    assert len(lines) == 2  # the same values from another msc: no line claims an edit of the page
    day.write_text(older.replace(">87.97<", ">97.97<", 1), encoding="utf-8")
    lines = run("verify", str(day)).stdout.splitlines()
    assert lines[2].startswith('the page shows "97.97" for lot LOT-B profile CD105 value; msc 0.1.0 shows "87.97" from')
    assert lines[2].endswith("(the report was made with msc 0.0.9)")


def test_a_report_made_with_a_lab_data_directory_says_so_and_verifies_with_it(tmp_path: Path) -> None:
    data = tmp_path / "our-lab-data"
    data.mkdir()
    profiles = (Path(__file__).parents[2] / "data" / "criteria.yaml").read_text(encoding="utf-8")
    (data / "criteria.yaml").write_text(profiles.replace("id: isct-2006", "id: our-2026", 1), encoding="utf-8")
    path = tmp_path / "lots.html"
    made = run("--data-dir", str(data), "isct-check", "--example", "--profile", "our-2026", "--report", str(path))
    assert made.exit_code == 1, made.stderr
    html = path.read_text(encoding="utf-8")
    assert "our-lab-data: its criteria and references are the lab&#x27;s own, not msc&#x27;s" in html
    assert str(tmp_path) not in html
    alone = run("verify", str(path))
    assert (alone.exit_code, alone.stdout) == (2, "")
    assert alone.stderr.splitlines() == [
        f"msc: error: {path}: its run read the data directory our-lab-data too",
        "msc: hint: give it: msc verify REPORT.html --data-dir DIR",
    ]
    assert run("verify", str(path), "--data-dir", str(data)).exit_code == 0


@pytest.mark.parametrize(
    ("old", "new"),
    [('"inputs": [', '"inputs": 7, "x": ['), ('"checks": [', '"checks": 3, "y": ['), ('"lang": "en"', '"lang": "xx"'),
     ('"sample": {', '"sample": {"colour": 1, ')],
)  # fmt: skip
def test_a_record_edited_out_of_shape_is_one_line_not_a_crash(day: Path, old: str, new: str) -> None:
    html = day.read_text(encoding="utf-8")
    assert old in html
    day.write_text(html.replace(old, new, 1), encoding="utf-8")
    result = run("verify", str(day))
    assert (result.exit_code, result.stdout) == (2, "")
    line = result.stderr.splitlines()[0]
    assert line.startswith(f"msc: error: {day}: its run record does not hold what msc writes (")
    assert line.endswith("): it was edited or damaged")
