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
    assert used.stderr.startswith(f"msc: error: {tmp_path / 'meta.yaml'}, line 1, field 'as_of': ")
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


# -- 13. FlowJo's statistics rows ------------------------------------------------------------------------------


def test_flowjo_mean_and_sd_rows_are_never_lots_whatever_the_samples_are_called(tmp_path: Path) -> None:
    export = tmp_path / "flowjo.csv"
    export.write_text(
        ",Cells/CD73+ | Freq. of Parent,Cells/CD90+ | Freq. of Parent\n"
        "A.fcs,98,99\nMax,97,98\nMean,97.5,98.5\nSD,0.7,0.7\n",
        encoding="utf-8",
    )
    result = run("isct-check", str(export), "-f", "csv", "--fields", "lot")
    assert result.stdout == "lot\nA\nMax\n"  # the file suffix is dropped from a sample's name


# -- 2. names that are not UTF-8 ---------------------------------------------------------------------------------


def test_names_that_are_not_utf8_are_shown_as_their_bytes_in_every_format(tmp_path: Path) -> None:
    folder = os.fsdecode(bytes(tmp_path) + b"/dd\xff")
    os.makedirs(os.path.join(folder, "products"))
    listed = run("--data-dir", folder, "products", "-c", "KR", "-f", "csv", "--fields", "product")
    assert (listed.exit_code, listed.stdout.splitlines()[1]) == (0, "hearticellgram-ami")
    lots = os.path.join(folder, "lots.csv")
    Path(lots).write_text("lot,CD73\nA,99\n", encoding="utf-8")
    shown = f"{tmp_path}/dd\\xff/lots.csv"
    for fmt, expected in (("json", f'"source": "{shown}"'.replace("\\", "\\\\")), ("csv", f"A,{shown}")):
        result = run("isct-check", lots, "-f", fmt, "--fields", "lot,source")
        assert result.exit_code == 1 and expected in result.stdout, result.stdout
    Path(folder, "products", "x.yaml").write_text("id: [x\n", encoding="utf-8")
    checked = run("data", "validate", folder, "-f", "json")
    assert checked.exit_code == 1 and f'"file": "{tmp_path}/dd\\\\xff/products/x.yaml"' in checked.stdout


# -- 4 and 8. data export: never through a link, whole or not at all -----------------------------------------------


def test_data_export_never_writes_through_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    result = run("data", "export", str(tmp_path / "link"))
    assert (result.exit_code, result.stderr) == (
        2,
        f"msc: error: {tmp_path / 'link'}: is a symbolic link; msc does not write through links\n",
    )
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "meta.yaml").write_text("", encoding="utf-8")
    (inside / "products").symlink_to(real)
    forced = run("data", "export", str(inside), "--force")
    assert forced.exit_code == 2 and "products: is a symbolic link" in forced.stderr
    assert list(real.iterdir()) == []


def test_data_export_on_a_full_disk_leaves_nothing_and_exits_74(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from msccli.output import files

    opened: list[object] = []

    def full_after_two(path: object, mode: str) -> object:  # two files written, then the disk is full
        if len(opened) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        opened.append(path)
        return open(path, mode)  # type: ignore[call-overload]

    monkeypatch.setattr(files, "open", full_after_two, raising=False)
    result = run("data", "export", str(tmp_path / "merged"))
    assert (result.exit_code, result.stderr) == (
        74,
        f"msc: error: {tmp_path / 'merged'}: cannot write the folder (No space left on device)\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no partial directory, no temporary one


# -- 7. no-clobber is exclusive ------------------------------------------------------------------------------------


def test_of_simultaneous_writers_of_one_new_file_exactly_one_wins(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    args = ["dose", "ryoncil", "--weight", "32", "--start", "2026-12-07", "--ics", str(target)]
    env = {**os.environ, "MSC_TODAY": "2026-11-25", "MSC_LANG": "en"}
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "msccli", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
        )
        for _ in range(8)
    ]
    codes = sorted(w.wait(timeout=120) for w in writers)
    assert codes == [0] + [2] * 7
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]


def test_files_msc_writes_follow_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    old = os.umask(0o022)
    try:
        assert run("dose", "ryoncil", "--weight", "32", "--start", "2026-12-07", "--ics", str(target)).exit_code == 0
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


# -- 14. control characters from the data never reach a calendar file ---------------------------------------------


def test_a_calendar_holds_no_control_character_from_the_data(tmp_path: Path) -> None:
    (tmp_path / "products").mkdir()
    record = RYONCIL.replace("name: RYONCIL", 'name: "RYON\\e[2JCIL"')
    assert record != RYONCIL
    (tmp_path / "products" / "ryoncil.yaml").write_text(record, encoding="utf-8")
    target = tmp_path / "plan.ics"
    args = ["dose", "ryoncil", "--weight", "32", "--start", "2026-12-07", "--ics", str(target)]
    assert run("--data-dir", str(tmp_path), *args).exit_code == 0
    text = target.read_bytes()
    assert b"\x1b" not in text and b"RYON\\\\x1b[2JCIL" in text


# -- #26: powers of ten on an output that cannot hold them -------------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_output_without_unicode_gets_ascii_powers_of_ten_and_json_loses_nothing(encoding: str) -> None:
    import json

    def dose(*args: str, environ: dict[str, str]) -> str:
        env = {**os.environ, "MSC_TODAY": "2026-11-25", "MSC_LANG": "en", **environ}
        command = [sys.executable, "-m", "msccli", "dose", "ryoncil", "--weight", "32", *args]
        done = subprocess.run(command, capture_output=True, env=env, check=True)
        return done.stdout.decode(environ.get("PYTHONIOENCODING", "utf-8"))

    table = dose(environ={"PYTHONIOENCODING": encoding})
    assert "2x10^6 cells/kg x 32 kg = 64,000,000 cells (6.4x10^7)" in table.replace("×", "x")
    assert "?" not in table.split("Source review wording")[0]
    as_json = dose("-f", "json", environ={"PYTHONIOENCODING": encoding})
    assert as_json.isascii()
    assert json.loads(as_json) == json.loads(dose("-f", "json", environ={}))


def test_an_interrupt_that_surfaces_as_another_error_while_msc_imports_is_still_130() -> None:
    """Ctrl-C inside an import can leave a module half made, and the import fails with another exception: that is
    still the user's interrupt, not a bug (the long fuzz run met a TypeError so)."""
    code = (
        "import builtins, os, signal\n"
        "real = builtins.__import__\n"
        "def interrupted(name, *args, **kwargs):\n"
        "    if name == 'typer':\n"
        "        try:\n"
        "            os.kill(os.getpid(), signal.SIGINT)\n"
        "            signal.pause() if hasattr(signal, 'pause') else None\n"
        "        except KeyboardInterrupt:\n"
        "            raise TypeError('expected a message argument') from None\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = interrupted\n"
        "from msccli.entry import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "\n")
