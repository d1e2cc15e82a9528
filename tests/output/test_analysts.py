"""Analysts' tools: the catalogue as a SQLite database, and CSV that Excel opens as UTF-8."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from msccli.views.database import VIEW_FIELDS
from msccli.views.outputs import OUTPUTS

from ..conftest import json_list, run


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "msc.sqlite"
    with pytest.MonkeyPatch.context() as patch:  # the day term states are reckoned on, as the tests' commands use
        patch.setenv("MSC_TODAY", "2026-11-25")
        result = run("data", "export", "--sqlite", str(path))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"msc: wrote 14 tables to {path}\n"
    return path


def rows(path: Path, sql: str) -> list[dict[str, object]]:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    return [dict(r) for r in db.execute(sql)]


@pytest.mark.parametrize("view", list(VIEW_FIELDS))
def test_each_view_carries_its_commands_fields_in_order(database: Path, view: str) -> None:
    db = sqlite3.connect(database)
    columns = [d[0] for d in db.execute(f'SELECT * FROM "{view}" LIMIT 1').description]
    assert columns == [f.name for f in OUTPUTS[view]]


@pytest.mark.parametrize("view", ["products", "trials", "timeline", "errata", "refs"])
def test_each_view_says_what_the_command_says(database: Path, view: str) -> None:
    listed = json_list(view)
    stored = rows(database, f'SELECT * FROM "{view}"')
    assert len(stored) == len(listed)
    for sql_row, cli_row in zip(stored, listed, strict=True):
        for field in OUTPUTS[view]:
            value = sql_row[field.name]
            if field.type.startswith(("array", "object")):
                value = json.loads(str(value)) if value is not None else None
            elif field.type.startswith("boolean") and value is not None:
                value = bool(value)
            assert value == cli_row[field.name], (view, field.name, cli_row.get("id") or cli_row.get("product"))


def test_the_tables_are_normalised_and_keys_hold(database: Path) -> None:
    db = sqlite3.connect(database)
    db.execute("PRAGMA foreign_keys = ON")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {
        "approval",
        "document",
        "dose",
        "designation",
        "erratum",
        "erratum_subject",
        "event",
        "jurisdiction",
        "meta",
        "name",
        "product",
        "quote",
        "reference",
        "trial",
    }
    assert rows(database, "SELECT count(*) AS n FROM product")[0]["n"] == 17


def test_the_docs_queries_run(database: Path) -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "output.md").read_text(encoding="utf-8")
    queries = [" ".join(q.split()) for q in re.findall(r"`(SELECT [^`]+)`", page)]
    assert len(queries) == 2
    terms = rows(database, queries[0])
    assert [(r["name"], r["jurisdiction"], r["term_state"]) for r in terms] == [
        ("PROCHYMAL", "NZ", "ended"),
        ("STEMIRAC for Injection", "JP", "pending-renewal"),
        ("Alofisel", "RS", "ended"),
        ("AKUUGO", "JP", "running"),
    ]
    quoted = rows(database, queries[1])
    ryoncil = [(r["supports"], r["text"][:20]) for r in quoted if r["name"] == "RYONCIL"]
    assert ryoncil == [
        ('["date"]', "Dec 18 (Reuters) - T"),
        ('["status"]', "Successful U.S. comm"),
        ('["status"]', "Mesoblast (MESO, MSB"),
    ]


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "msc.sqlite"
    target.write_text("mine", encoding="utf-8")
    result = run("data", "export", "--sqlite", str(target))
    assert result.exit_code == 2 and target.read_text(encoding="utf-8") == "mine"
    assert run("data", "export", "--sqlite", "--force", str(target)).exit_code == 0
    assert target.read_bytes().startswith(b"SQLite format 3\x00")


def test_bom_starts_csv_and_tsv_with_a_byte_order_mark() -> None:
    with_bom = run("products", "-c", "KR", "-f", "csv", "--bom", "--fields", "name,indication_zh").stdout
    plain = run("products", "-c", "KR", "-f", "csv", "--fields", "name,indication_zh").stdout
    assert with_bom == "\ufeff" + plain
    assert run("timeline", "-f", "tsv", "--bom").stdout.startswith("\ufeffid\tdate\t")


def test_bom_is_refused_where_it_means_nothing() -> None:
    result = run("products", "--bom")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "msc: error: --bom: a byte-order mark is for -f csv or tsv, not table\nmsc: hint: add -f csv\n",
    )
