"""The second round of ways msc once ended in an internal error, a wrong exit status or a silently changed answer.
Each test fails on the code before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import run

ROOT = Path(__file__).resolve().parents[2]
RYONCIL = (ROOT / "data" / "products" / "ryoncil.yaml").read_text(encoding="utf-8")


def _msc(
    *args: str, env: dict[str, str] | None = None, stdout: object = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "MSC_TODAY": "2026-11-25", "MSC_LANG": "en", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "msccli", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
        check=False,
    )


# -- 1. a value given twice in one lot --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("lots.json", '[{"lot": "J1", "CD73": 10, "markers": {"CD73": 99}}]'),
        ("lots.yaml", "- lot: J1\n  CD73: 10\n  markers:\n    CD73: 99\n"),
    ],
)
def test_a_marker_given_at_the_top_and_in_markers_is_an_error_not_a_pass(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("isct-check", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"msc: error: {path}, row 1: the key 'CD73' appears twice in one lot\n"


# -- 3. the catalogue's month ---------------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", ["2026", "2026-13", "2026-1"])
def test_meta_as_of_must_be_a_year_and_month(tmp_path: Path, as_of: str) -> None:
    (tmp_path / "meta.yaml").write_text(
        f'as_of: "{as_of}"\ntitle: t\ndisclaimer:\n  en: x\nsources_note: s\n', encoding="utf-8"
    )
    used = run("--data-dir", str(tmp_path), "products", "-c", "KR")
    assert used.exit_code == 2
    assert used.stderr.startswith(f"msc: error: {tmp_path / 'meta.yaml'}, field 'as_of': ")
    checked = run("data", "validate", str(tmp_path), "-f", "csv")
    assert checked.exit_code == 1 and "as_of" in checked.stdout


# -- 5. a full disk -------------------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", [["--version"], ["--help"], ["products", "--help"], ["schema"], ["about"]])
def test_output_to_a_full_disk_is_exit_74_and_one_line(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = _msc(*args, stdout=full)
    assert (done.returncode, done.stderr) == (74, "msc: error: cannot write the output (No space left on device)\n")


# -- 9. an invalid file among many parsed by workers -------------------------------------------------------------


def test_a_bad_file_among_hundreds_is_one_error_without_a_traceback(tmp_path: Path) -> None:
    products = tmp_path / "products"
    products.mkdir()
    record = "\n".join(line for line in RYONCIL.splitlines() if not line.lstrip().startswith("event:"))
    for i in range(420):
        (products / f"local{i:04d}.yaml").write_text(record.replace("id: ryoncil", f"id: local{i:04d}"), "utf-8")
    (products / "local0007.yaml").write_text("id: [broken\n", encoding="utf-8")
    done = _msc("--data-dir", str(tmp_path), "products", "-c", "KR", env={"MSC_NO_CACHE": "1"})
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"msc: error: {products / 'local0007.yaml'}: line 2: not valid YAML (did not find expected ',' or ']')\n"
    )


# -- 10. a YAML error is one line with a line number ------------------------------------------------------------


def test_a_control_character_in_yaml_is_one_line_naming_its_line(tmp_path: Path) -> None:
    lots = tmp_path / "lots.yaml"
    lots.write_text("- lot: A\n  CD73: 9\n- lot: B\x01\n", encoding="utf-8")
    result = run("isct-check", str(lots))
    assert result.stderr == (
        f"msc: error: {lots}, row 3: not valid YAML (character #x0001: control characters are not allowed)\n"
    )
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "x.yaml").write_text("id: x\x01\n", encoding="utf-8")
    data = run("--data-dir", str(tmp_path), "products")
    assert data.stderr == (
        f"msc: error: {tmp_path / 'products' / 'x.yaml'}: line 1: not valid YAML "
        "(character #x0001: control characters are not allowed)\n"
    )


# -- 11. a line feed cannot forge a line ------------------------------------------------------------------------


def test_a_line_feed_in_a_path_or_a_lot_id_is_shown_not_obeyed(tmp_path: Path) -> None:
    missing = run("isct-check", str(tmp_path / "a\nmsc: error: forged.csv"))
    assert missing.stderr.count("\n") == 1 and "\\x0amsc: error: forged.csv" in missing.stderr
    lots = tmp_path / "lots.csv"
    lots.write_text('lot,CD73\n"L1\nmsc: error: forged",99\n', encoding="utf-8")
    table = run("isct-check", str(lots))
    assert table.stdout.splitlines()[2].startswith("L1\\x0amsc:")
    assert not any(line.startswith("msc: error") for line in table.stdout.splitlines())


# -- 12. Ctrl-C while msc starts ---------------------------------------------------------------------------------


def test_ctrl_c_while_msc_imports_is_130_without_a_traceback() -> None:
    code = (
        "import builtins, sys\n"
        "real = builtins.__import__\n"
        "def interrupted(name, *args, **kwargs):\n"
        "    if name == 'typer':\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = interrupted\n"
        "from msccli.entry import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "\n")


# -- 15. --start takes the documented format only ---------------------------------------------------------------


@pytest.mark.parametrize("day", ["2026-W49", "20261204", "2026-12-4"])
def test_start_is_yyyy_mm_dd_only(day: str) -> None:
    result = run("dose", "ryoncil", "--weight", "32", "--start", day)
    assert (result.exit_code, result.stderr) == (2, f"msc: error: --start: {day!r} is not a date (YYYY-MM-DD)\n")


# -- 16. a YAML null lot id -----------------------------------------------------------------------------------


def test_a_yaml_null_lot_id_is_empty_as_a_json_null_is(tmp_path: Path) -> None:
    yaml_lots = tmp_path / "lots.yaml"
    yaml_lots.write_text("- lot: null\n  CD73: 99\n- lot: ~\n  CD73: 98\n", encoding="utf-8")
    json_lots = tmp_path / "lots.json"
    json_lots.write_text('[{"lot": null, "CD73": 99}]', encoding="utf-8")
    assert run("isct-check", str(yaml_lots)).stderr.splitlines()[0] == (
        f"msc: error: {yaml_lots}, row 1, field 'lot': empty lot id"
    )
    assert run("isct-check", str(json_lots)).stderr == f"msc: error: {json_lots}, row 1, field 'lot': empty lot id\n"
    quoted = tmp_path / "quoted.yaml"
    quoted.write_text('- lot: "null"\n  CD73: 99\n', encoding="utf-8")
    assert run("isct-check", str(quoted), "-f", "csv", "--fields", "lot").stdout == "lot\nnull\n"
