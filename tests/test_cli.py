"""Help, completion, schemas and the README: the parts of the CLI a new user meets first."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from msccli import schema

from .conftest import run

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = [
    "products",
    "product",
    "dose",
    "timeline",
    "isct-check",
    "criteria",
    "errata",
    "refs",
    "jurisdictions",
    "schema",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command: str) -> None:
    result = run(command, "-h")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert f"`msc {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def complete(words: str) -> list[str]:
    # the index of the word being completed: a new, empty one after a trailing space
    cword = len(words.split()) if words.endswith(" ") else len(words.split()) - 1
    env = {**os.environ, "_MSC_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = subprocess.run([sys.executable, "-m", "msccli"], env=env, capture_output=True, text=True, check=False)
    return result.stdout.split()


def test_completion_offers_product_ids_countries_and_categories() -> None:
    assert complete("msc product ry") == ["ryoncil"]
    assert complete("msc dose st") == ["stemirac", "stempeucel-cli", "stempeucel-oa"]
    assert complete("msc products --country J") == ["JP"]
    assert complete("msc products --country j") == ["jp"]
    assert complete("msc timeline --category regulatory") == ["regulatory-approval", "regulatory-other"]


def test_every_completed_product_id_resolves() -> None:
    for product_id in complete("msc product "):
        assert run("product", product_id, "-f", "json").exit_code == 0, product_id


@pytest.mark.parametrize("data_file", list(schema.FILES))
def test_committed_schemas_are_current(data_file: str) -> None:
    committed = json.loads((ROOT / "schema" / schema.schema_name(data_file)).read_text(encoding="utf-8"))
    assert committed == schema.schema(data_file), "regenerate with: msc schema FILE > schema/NAME.schema.json"
    assert json.loads(run("schema", data_file).stdout) == committed


def test_schema_errors_and_all() -> None:
    assert set(json.loads(run("schema").stdout)) == set(schema.FILES)
    miss = run("schema", "product.yaml")
    assert miss.exit_code == 1 and "did you mean 'products/*.yaml'" in miss.stderr


def test_readme_set_up_commands_are_the_ones_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    assert blocks[0] == "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/msc products --country KR"
    assert blocks[1] == 'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/pytest'
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert '.venv/bin/pip install -q -e ".[test]"' in ci and "\n.venv/bin/pytest\n" in ci


def test_jurisdictions() -> None:
    data = json.loads(run("jurisdictions", "-f", "json").stdout)
    by_code = {j["code"]: j for j in data}
    assert by_code["KR"]["zh"] == ["韓國", "韩国"]
    assert by_code["JP"]["approvals"] == 4
    assert sum(j["approvals"] for j in data) == 22
    assert "Use any code, name or Chinese name with --country." in run("jurisdictions").stdout
