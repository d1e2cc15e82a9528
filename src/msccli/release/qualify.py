"""msc qualify: an operational qualification of the installed msc, the evidence a lab's computer-system
validation files (GAMP 5). Each reference case shipped in data/qualification/cases.yaml runs the installed msc as a
user does (`python -m msccli isct-check ...`, from the qualification folder, with bundled data only) and compares
each expected value (a verdict, a percentage, an event count, an error) with what msc gives. docs/qualification.md
traces each case to its requirement and to the test that established its expected values independently."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from msccli.text.errors import InputError
from msccli.text.i18n import N_

TOLERANCE = 0.005  # percentages and thresholds are expected as shown: two decimals
CASE_SECONDS = 600  # a case's run, far above the seconds each takes


def qualify(folder: Path, package: Path, run_at: str) -> dict[str, Any]:
    """Every case of `folder`'s cases.yaml, run and compared; the environment; the verdict."""
    import yaml

    cases = yaml.safe_load((folder / "cases.yaml").read_text(encoding="utf-8"))["cases"]
    outputs: dict[tuple[str, ...], tuple[int, str, str]] = {}  # a command run once, however many cases read it
    done = []
    for case in cases:
        command = tuple(case["command"])
        if command not in outputs:
            outputs[command] = _run(folder, command)
        done.append(_compared(case, *outputs[command]))
    failed = sum(not c["passed"] for c in done)
    return {
        "verdict": "FAIL" if failed else "PASS",
        "passed": len(done) - failed,
        "failed": failed,
        "run_at": run_at,
        "environment": environment(package, folder.parent),
        "cases": done,
    }


def _run(folder: Path, command: tuple[str, ...]) -> tuple[int, str, str]:
    import subprocess

    keep = ("PATH", "HOME", "SYSTEMROOT", "TMPDIR", "TEMP", "TMP", "MSC_CACHE_DIR", "MSC_NO_CACHE")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env |= {"MSC_LANG": "en", "COLUMNS": "100", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    try:
        done = subprocess.run(  # noqa: S603 - this Python and msc's own module, with arguments from msc's cases
            [sys.executable, "-m", "msccli", *command], cwd=folder, env=env, capture_output=True, text=True,
            errors="replace", timeout=CASE_SECONDS, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:  # a case that hangs fails, saying so; the others still run
        return -1, "", f"msc: timed out after {CASE_SECONDS} s"
    return done.returncode, done.stdout, done.stderr


def _compared(case: dict[str, Any], code: int, stdout: str, stderr: str) -> dict[str, Any]:
    expect = case["expect"]
    expected = [f"exit {expect['exit']}"]
    actual = [f"exit {code}"]
    passed = code == expect["exit"]
    if "error" in expect:
        line = stderr.splitlines()[0] if stderr else ""
        expected.append(expect["error"])
        actual.append(line)
        passed = passed and line == expect["error"]
    lots = _lots(stdout) if "values" in expect else []
    for path, wanted in expect.get("values", {}).items():
        got = _value(lots, path)
        expected.append(f"{path} = {_text(wanted)}")
        actual.append(f"{path} = {_text(round(got, 2) if isinstance(wanted, float) and _number(got) else got)}")
        passed = passed and _same(wanted, got)
    return {
        "case": case["id"],
        "requirement": case["requirement"],
        "command": "msc " + " ".join(case["command"]),
        "expected": expected,
        "actual": actual,
        "passed": passed,
    }


def _lots(stdout: str) -> list[dict[str, Any]]:
    import json

    try:
        found = json.loads(stdout)
    except ValueError:
        return []
    return found if isinstance(found, list) else []


def _value(lots: list[dict[str, Any]], path: str) -> Any:
    """A value of the lots' records by a path of steps joined by '|': a lot id first, then keys; in a list, the item
    whose lot, marker, criterion or file (by its name) is the step, or the item at that index."""
    here: Any = lots
    for step in path.split("|"):
        if isinstance(here, list):
            here = next((item for item in here if isinstance(item, dict) and _names(item, step)), None) if not (
                step.isdigit() and int(step) < len(here)) else here[int(step)]  # fmt: skip
        elif isinstance(here, dict):
            here = here.get(step)
        else:
            return None
    return here


def _names(item: dict[str, Any], step: str) -> bool:
    for key in ("lot", "marker", "criterion"):
        if item.get(key) == step:
            return True
    return isinstance(item.get("file"), str) and Path(item["file"]).name == step


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same(wanted: Any, got: Any) -> bool:
    if isinstance(wanted, float) and _number(got):
        return bool(abs(wanted - got) <= TOLERANCE)
    return bool(wanted == got and type(wanted) is type(got))


def _text(value: Any) -> str:
    import json

    return "none" if value is None else json.dumps(value, ensure_ascii=False)


def environment(package: Path, data: Path) -> dict[str, str]:
    """What ran the cases: msc and its files' SHA-256 (one digest of each file's path and digest, in order: its
    code and its bundled data), Python, the platform, numpy and flowio."""
    import platform
    from importlib import metadata

    from msccli import __version__

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return N_("not installed")

    roots = [package] if data.is_relative_to(package) else [package, data]  # an editable install keeps data apart
    files = [
        (root, p) for root in roots for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts
    ]
    digest = hashlib.sha256()
    for root, path in files:
        name = f"{root.name}/{path.relative_to(root).as_posix()}"
        digest.update(f"{name} {hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return {
        "msc": __version__,
        "msc files": f"{len(files)} files, SHA-256 {digest.hexdigest()}",
        "msc folder": str(package),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "numpy": version("numpy"),
        "flowio": version("flowio"),
    }


def cases_folder() -> Path:
    """The reference cases shipped with msc."""
    from msccli.catalogue.catalog import bundled_data_dir

    folder = Path(str(bundled_data_dir() / "qualification"))
    if not (folder / "cases.yaml").is_file():
        raise InputError(N_("msc's reference cases are not in this installation ({folder})", folder=folder),
                         hint="reinstall msc")  # fmt: skip
    return folder
