"""Help, completion, schemas and the README: the parts of the CLI a new user meets first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from msccli.app import app
from msccli.views import schema

from ..conftest import run

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = sorted(typer.main.get_command(app).list_commands(None))  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command: str) -> None:
    result = run(command, "-h")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"## msc {command}\n" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


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


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("msc products --donor a", ["autologous", "allogeneic"]),
        ("msc products --status w", ["withdrawn"]),
        ("msc products --source umbilical-cord", ["umbilical-cord", "umbilical-cord-blood"]),
        ("msc products --route intrat", ["intrathecal"]),
        ("msc products -f j", ["json", "jsonl"]),
        ("msc isct-check --profile i", ["isct-2006", "ifats-isct-2013-asc"]),
        ("msc isct-check --input-format f", ["flowjo"]),
        ("msc isct-check --osteo p", ["pass"]),
        ("msc isct-check --delimiter t", ["tab"]),
        ("msc criteria i", ["isct-2006", "ifats-isct-2013-asc"]),
        ("msc refs S0", ["S01", "S02", "S04", "S05", "S06", "S07", "S08", "S09"]),
        ("msc fields pro", ["products", "product"]),
        ("msc schema output/p", ["output/products", "output/product", "output/product-evidence"]),
        ("msc timeline --country j", ["jp"]),
        ("msc timeline --product ry", ["ryoncil"]),
        ("msc errata --product ry", ["ryoncil"]),
    ],
)
def test_completion_for_every_option_with_fixed_values(words: str, offered: list[str]) -> None:
    assert complete(words) == offered


def test_every_completed_product_id_resolves() -> None:
    for product_id in complete("msc product "):
        assert run("product", product_id, "-f", "json").exit_code == 0, product_id


@pytest.mark.parametrize("name", schema.names())
def test_committed_schemas_are_current(name: str) -> None:
    committed = json.loads((ROOT / "schema" / schema.schema_path(name)).read_text(encoding="utf-8"))
    assert committed == schema.schema(name), "regenerate with: python scripts/refresh.py"
    assert json.loads(run("schema", name).stdout) == committed


def test_schema_errors_and_all() -> None:
    assert list(json.loads(run("schema").stdout)) == schema.names()
    miss = run("schema", "product.yaml")
    assert miss.exit_code == 1
    assert miss.stderr.startswith("msc: error: no schema matches 'product.yaml'; did you mean 'products/*.yaml'")


def test_jurisdictions() -> None:
    data = json.loads(run("jurisdictions", "-f", "json").stdout)
    by_code = {j["code"]: j for j in data}
    assert by_code["KR"]["country_zh"] == ["韓國", "韩国"]
    assert by_code["JP"]["approvals"] == 4
    assert sum(j["approvals"] for j in data) == 24
    assert "Use any code, name or Chinese name with --country." in run("jurisdictions").stdout


def test_bare_msc_is_a_short_usage_on_stdout_and_exit_0() -> None:
    result = run()
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:3] == ["Usage: msc [OPTIONS] COMMAND [ARGS]...", "", "Commands:"]
    assert "  products, product, compare, search, trials, links, dose, timeline," in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert run("data").exit_code == 2  # a group without its command is still a usage error


def test_fields_take_any_case_as_every_other_choice() -> None:
    assert run("products", "-c", "KR", "-f", "csv", "--fields", "PRODUCT,Jurisdiction").stdout.splitlines()[:2] == [
        "product,jurisdiction",
        "hearticellgram-ami,KR",
    ]


def test_schema_takes_the_path_of_a_data_file_and_the_shells_expansion() -> None:
    products = sorted((ROOT / "data" / "products").glob("*.yaml"))
    assert json.loads(run("schema", *map(str, products)).stdout) == schema.schema("products/*.yaml")
    both = json.loads(run("schema", str(products[0]), str(ROOT / "data" / "timeline.yaml")).stdout)
    assert list(both) == ["products/*.yaml", "timeline.yaml"]
