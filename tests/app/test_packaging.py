"""The installed tool as a new user gets it: the wheel ships the data, msc runs from anywhere."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("msccli-*.whl")
    return built


def test_wheel_lists_every_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    data_files = sorted(p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*") if p.is_file())
    assert data_files
    missing = [f for f in data_files if f"msccli/data/{f}" not in names]
    assert missing == []


def test_wheel_carries_the_licence_and_third_party_notices(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    licences = sorted(n.split("/licenses/", 1)[1] for n in names if "/licenses/" in n)
    assert licences == ["LICENSE", "LICENSES/Apache-2.0.txt", "THIRD_PARTY_NOTICES.md"]
    assert wheel.name.startswith("msccli-")  # "msc" on the package index is another project


def test_wheel_in_a_fresh_venv_runs_from_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    install = subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True
    )
    if install.returncode != 0:
        pytest.skip(f"could not install dependencies from the package index: {install.stderr[-300:]}")
    result = subprocess.run(
        [str(bindir / "msc"), "products", "--country", "KR", "-f", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert [r["product"] for r in json.loads(result.stdout)] == [
        "hearticellgram-ami",
        "cartistem",
        "cupistem",
        "neuronata-r",
    ]
    example = subprocess.run(
        [str(bindir / "msc"), "isct-check", "--example", "-f", "csv", "--fields", "lot,verdict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (example.returncode, example.stdout) == (
        1,
        "lot,verdict\nMSC-001,PASS\nMSC-002,FAIL\nMSC-003,FAIL\nMSC-004,INCOMPLETE\n",
    )


def test_python_dash_m_and_editable_install_find_the_data(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "msccli", "product", "ryoncil", "-f", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout)[0]["approvals"][0]["date"] == "2024-12-18"


@pytest.mark.parametrize("fmt", ["csv", "table", "json"])
def test_output_into_a_closed_pipe_is_quiet_and_exits_141(tmp_path: Path, fmt: str) -> None:
    lots = tmp_path / "lots.csv"
    lots.write_text("lot,CD73,CD90\n" + "".join(f"L{i},99,99\n" for i in range(3000)), encoding="utf-8")
    # each format writes far more than a pipe buffer; the reader takes one line and goes away
    process = subprocess.Popen(
        [sys.executable, "-m", "msccli", "isct-check", str(lots), "-f", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=60) == 141
    assert err == b""  # no traceback, no "Exception ignored"


def test_start_up_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; import msccli.app; "
        "heavy = [m for m in ('rich', 'yaml', 'msgspec', 'csv', 'json') if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


NEVER = (
    "numpy",
    "flowio",
    "opencc",
    "opencc_purepy",
    "openpyxl",
    "msccli.output.workbook",
    "msccli.text.messages_zh",
    "msccli.text.messages_zh_hant",
)


@pytest.mark.parametrize(
    ("args", "heavy"),
    [
        (["--help"], ("rich", "yaml", "msgspec", "msccli.catalogue.catalog", *NEVER)),
        (["products", "-c", "KR", "-f", "json"], ("rich", "yaml", "csv", *NEVER)),
        (["product", "ryoncil", "-f", "json"], ("rich", "yaml", "csv", *NEVER)),
        (["products", "-c", "KR", "-f", "csv"], ("rich", "yaml", *NEVER)),
        (["products", "-c", "KR"], ("yaml", "csv", *NEVER)),
        (["product", "ryoncil"], ("yaml", "csv", *NEVER)),
        (["dose", "ryoncil", "--weight", "32"], ("yaml", "csv", "icalendar", *NEVER)),
    ],
    ids=" ".join,
)
def test_a_run_imports_only_what_it_uses(args: list[str], heavy: tuple[str, ...], tmp_path: Path) -> None:
    """With the catalogue cached (the second run), help and JSON output load no table machinery, no YAML
    parser, no FCS reader and no translation catalogue; a run builds only the command it runs."""
    code = (
        "import sys\nfrom msccli.app import main\n"
        f"sys.argv = ['msc', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)\n"
        "print(sorted(m for m in sys.modules if m.startswith('msccli.commands.')), file=sys.stderr)\n"
    )
    env = {**os.environ, "MSC_CACHE_DIR": str(tmp_path), "MSC_TODAY": "2026-11-25", "MSC_LANG": "en"}
    for _ in range(2):  # the first run fills the cache
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() and "msc: error" not in done.stderr  # the run did its work
    assert done.stderr.splitlines()[-2] == "[]"
    if args != ["--help"]:  # only the module of the command that ran, and what every command shares
        from msccli.app import COMMANDS

        expected = sorted({"msccli.commands.common", f"msccli.commands.{COMMANDS[args[0]]}"})
        assert done.stderr.splitlines()[-1] == repr(expected)


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    import signal
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "msccli", "isct-check", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a test runner may ignore SIGINT
    )
    time.sleep(2)  # waiting for lots on stdin
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert b"Traceback" not in err


def _on_a_terminal(extra_env: dict[str, str]) -> bytes:
    import pty

    master, worker = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update({"COLUMNS": "100", "TERM": "xterm-256color", **extra_env})
    process = subprocess.Popen([sys.executable, "-m", "msccli", "products", "-c", "EU"], stdout=worker, env=env)
    os.close(worker)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        out += chunk
    process.wait(timeout=30)
    os.close(master)
    return out


COLOUR = re.compile(rb"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7])[;m]")


def test_colour_on_a_terminal_and_none_with_no_color() -> None:
    assert COLOUR.search(_on_a_terminal({}))  # the withdrawal is shown in red
    assert not COLOUR.search(_on_a_terminal({"NO_COLOR": "1"}))


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_a_full_disk_is_one_error_line_and_exit_74(fmt: str) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "msccli", "products", "-f", fmt], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert (result.returncode, result.stderr) == (74, "msc: error: cannot write the output (No space left on device)\n")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_ctrl_c_during_a_big_check_ends_promptly_with_130(tmp_path: Path, fmt: str) -> None:
    import signal
    import time

    lots = tmp_path / "lots.csv"
    row = "98,99,97,0.5,0.4,0.3,0.2,0.6,yes,pass,pass,pass\n"
    header = "lot,CD73,CD90,CD105,CD45,CD34,CD14,CD19,HLA-DR,adherent,osteo,adipo,chondro\n"
    lots.write_text(header + "".join(f"L{i},{row}" for i in range(500_000)), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "msccli", "isct-check", str(lots), "-f", fmt],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a test runner may ignore SIGINT
    )
    time.sleep(2.5)  # reading and checking, or writing the report
    assert process.poll() is None, "finished before the interrupt; make the batch bigger"
    process.send_signal(signal.SIGINT)
    sent = time.perf_counter()
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (130, b"")
    assert time.perf_counter() - sent < 5


def test_in_a_pipe_without_columns_a_tables_record_is_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    done = subprocess.run(
        [sys.executable, "-m", "msccli", "products"], capture_output=True, text=True, env=env, check=True
    )
    crohn = [line for line in done.stdout.splitlines() if "crohn" in line.casefold()]
    assert crohn and all(line.startswith(("Cupistem", "Alofisel")) for line in crohn)
    assert all("Crohn" in line and line.rstrip().endswith(("VERIFIED", "CONFLICT", "SEED-ONLY")) for line in crohn)
    narrow = subprocess.run(
        [sys.executable, "-m", "msccli", "products"], capture_output=True, text=True, env={**env, "COLUMNS": "60"}
    )
    assert "PROCHYMAL · CA · VERIFIED" in narrow.stdout  # a width asked for is kept: records become blocks
