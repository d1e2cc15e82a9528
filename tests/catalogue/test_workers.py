"""A big data directory is parsed by worker processes (workers.py) and says exactly what one process says."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from msccli.catalogue import workers

from ..conftest import run

ROOT = Path(__file__).resolve().parents[2]
PARALLEL = sys.platform not in ("win32", "darwin") and len(os.sched_getaffinity(0)) > 1
needs_workers = pytest.mark.skipif(not PARALLEL, reason="worker processes need fork and two CPUs")


def _products(folder: Path, count: int) -> None:
    lines = (ROOT / "data" / "products" / "ryoncil.yaml").read_text(encoding="utf-8").splitlines()
    source = "\n".join(line for line in lines if not line.lstrip().startswith(("event:", "withdrawal_event:")))
    (folder / "products").mkdir(parents=True)
    for i in range(count):
        text = source.replace("id: ryoncil", f"id: local{i:04d}").replace("name: RYONCIL", f"name: Local {i}")
        (folder / "products" / f"local{i:04d}.yaml").write_text(text, encoding="utf-8")


def _both(args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """The same command by one process and by workers (2 files a task), each with an empty cache."""
    used: list[bool] = []
    made = workers._pool

    def pool(files: int) -> Any:
        found = made(files)
        used.append(found is not None)
        return found

    outcomes = []
    for start, cache in ((10**9, "one"), (1, "workers")):
        monkeypatch.setattr(workers, "PARALLEL_FROM", start)
        monkeypatch.setattr(workers, "TASK", 2)
        monkeypatch.setattr(workers, "_pool", pool)
        monkeypatch.setenv("MSC_CACHE_DIR", str(Path(os.environ["MSC_CACHE_DIR"]) / cache))
        result = run(*args)
        outcomes.append((result.exit_code, result.stdout, result.stderr))
    assert used[0] is False and used[-1] is True  # the second run did use workers
    return outcomes[0], outcomes[1]


@needs_workers
def test_a_directory_parsed_by_workers_is_the_same_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _products(tmp_path / "mine", 9)
    mine = str(tmp_path / "mine")
    for args, shows in (
        (["products", "-f", "json"], '"product": "local0008"'),
        (["product", "local0007", "-f", "yaml"], "name: Local 7"),
        (["refs", "-f", "csv"], "local:products/local0008.yaml"),
    ):
        one, many = _both(["--data-dir", mine, *args], monkeypatch)
        assert many == one
        assert one[0] == 0 and shows in one[1]


@needs_workers
def test_bad_files_are_reported_as_one_process_reports_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine"
    _products(mine, 7)
    products = mine / "products"
    (products / "local0001.yaml").write_text("id: local0001\nname: [unclosed\n", encoding="utf-8")
    (products / "local0003.yaml").write_text("", encoding="utf-8")
    (products / "local0004.yaml").unlink()
    (products / "local0004.yaml").symlink_to(products / "local0005.yaml")
    text = (products / "local0006.yaml").read_text(encoding="utf-8")
    (products / "local0006.yaml").write_text(text.replace("id: local0006", "id: elsewhere"), encoding="utf-8")
    for args in (["data", "validate", str(mine), "-f", "json"], ["--data-dir", str(mine), "products"]):
        one, many = _both(args, monkeypatch)
        assert many == one
        assert one[0] != 0 and "local0001.yaml" in one[1] + one[2]


def _dies(folder: str, name: str) -> Any:
    os._exit(3)  # a worker killed (out of memory, say) while it parses


def _says(folder: str, name: str) -> Any:
    if name == "b":
        raise ValueError(name)
    return f"{folder}/{name}"


def _dated(folder: str, name: str) -> Any:
    import datetime

    return {"name": name, "date": datetime.date(2024, 1, int(name))}  # not a value marshal takes


@needs_workers
def test_what_workers_could_not_parse_is_handed_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(workers, "TASK", 2)
    names = ["a", "b", "c", "d", "e"]
    assert list(workers.parsed(_says, "f", names)) == [
        (True, "f/a"), (False, None), (True, "f/c"), (True, "f/d"), (True, "f/e")
    ]  # fmt: skip
    assert list(workers.parsed(_dies, "f", names)) == [(False, None)] * 5
    assert list(workers.parsed(_dated, "f", ["1", "2", "3"])) == [(True, _dated("f", n)) for n in "123"]
    monkeypatch.setattr(workers, "PARALLEL_FROM", 6)
    assert list(workers.parsed(_says, "f", names)) == [(False, None)] * 5  # too few to start workers for


@needs_workers
def test_ctrl_c_while_workers_parse_exits_130_and_leaves_no_process(tmp_path: Path) -> None:
    _products(tmp_path / "mine", 4000)
    env = {**os.environ, "MSC_CACHE_DIR": str(tmp_path / "cache"), "MSC_DATA_DIR": str(tmp_path / "mine")}
    process = subprocess.Popen(
        [sys.executable, "-m", "msccli", "products", "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # its own process group: the workers are found by it afterwards
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a test runner may ignore SIGINT
    )
    time.sleep(1.5)  # msc and its workers start, and parse
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C reaches every process of the group
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert (out, b"Traceback" in err) == (b"", False)
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no worker is left behind
