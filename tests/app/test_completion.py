"""TAB completion is Typer's own, from the app's declarations and the catalogue's names: exact answers in bash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from msccli.app import app


def _bash(line: str, **env: str) -> list[str]:
    words = line.split()
    index = len(words) if line.endswith(" ") else len(words) - 1
    environ = {"_MSC_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(index), **env}
    result = CliRunner().invoke(app, [], env=environ, prog_name="msc")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("msc pro", ["products", "product"]),
        ("msc products --country k", ["kr"]),
        ("msc products -c J", ["JP"]),
        ("msc products --source u", ["umbilical-cord", "umbilical-cord-blood"]),
        ("msc products --pathway cond", ["conditional", "conditional-time-limited"]),
        ("msc products -f j", ["json", "jsonl"]),
        ("msc product ry", ["ryoncil"]),
        ("msc compare ryoncil te", ["temcell-hs"]),
        ("msc --lang z", ["zh", "zh-Hant"]),
        ("msc timeline --category regulatory-", ["regulatory-approval", "regulatory-other"]),
        ("msc isct-check --profile isct-2", ["isct-2006"]),
        ("msc refs S0", ["S01", "S02", "S04", "S05", "S06", "S07", "S08", "S09"]),
        ("msc data v", ["validate"]),
    ],
)
def test_completion_answers_exactly(line: str, expected: list[str]) -> None:
    assert _bash(line) == expected


def test_a_users_data_directory_adds_its_products(tmp_path: Path) -> None:
    (tmp_path / "products").mkdir()
    record = (Path(__file__).parents[2] / "data" / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    mine = record.replace("id: ryoncil", "id: ryomine").replace("event: 2024-ryoncil-fda", "event: 2024-ryomine")
    (tmp_path / "products" / "ryomine.yaml").write_text(mine, encoding="utf-8")
    assert _bash("msc product ryo", MSC_DATA_DIR=str(tmp_path)) == ["ryomine", "ryoncil"]
    assert _bash(f"msc --data-dir {tmp_path} product ryo") == ["ryomine", "ryoncil"]


def test_the_installed_command_answers_a_tab_press() -> None:
    environ = {**os.environ, "_MSC_COMPLETE": "complete_bash", "COMP_WORDS": "msc product ry", "COMP_CWORD": "2"}
    done = subprocess.run([sys.executable, "-m", "msccli"], env=environ, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "ryoncil\n", "")
