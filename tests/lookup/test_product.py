"""msc product, msc errata, msc refs through the CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from ..conftest import json_list, run


def records(name: str) -> list[dict[str, object]]:
    return json_list("product", name)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ryoncil", ["ryoncil"]),
        ("RYONCIL", ["ryoncil"]),
        ("remestemcel-L", ["prochymal", "ryoncil"]),
        ("remestemcel-L-rknd", ["ryoncil"]),
        ("艾米迈托赛", ["cn-ummsc-pleb001"]),
        ("艾米邁托賽注射液", ["cn-ummsc-pleb001"]),
        ("Aimmexitocel", ["cn-ummsc-pleb001"]),
        ("Cuepistem", ["cupistem"]),
        ("HEALSTEM", ["cupistem"]),
        ("darvadstrocel", ["alofisel"]),
        ("テムセルHS注", ["temcell-hs"]),
        ("lenzumestrocel", ["neuronata-r"]),
        ("StemOne", ["stempeucel-oa"]),
        ("Wartocell", ["vartocell"]),
    ],
)
def test_found_by_any_name(query: str, expected: list[str]) -> None:
    assert [r["product"] for r in records(query)] == expected


def test_remestemcel_answer_is_cited_and_complete() -> None:
    prochymal, ryoncil = records("remestemcel-L")
    assert prochymal["inn"] == ryoncil["inn"] == "remestemcel-L"
    assert [(a["jurisdiction"], a["date"]) for a in prochymal["approvals"]] == [("CA", "2012-05-17"), ("NZ", "2012-06")]
    assert ryoncil["approvals"][0]["date"] == "2024-12-18"
    assert ryoncil["approvals"][0]["refs"][:2] == ["S87", "S88"]
    assert {r["id"] for r in ryoncil["cited_references"]} >= {"S87", "S91", "R4"}
    assert ryoncil["approved"] is True and ryoncil["as_of"] == "2026-11"


def test_chinese_product_answer() -> None:
    (record,) = records("艾米迈托赛")
    approval = record["approvals"][0]
    assert approval["jurisdiction"] == "CN" and approval["date"] == "2025-01-02"
    assert approval["pathway"] == "conditional"
    assert "14" in approval["indication"]["en"] and "消化道" in approval["indication"]["zh"]
    assert record["dosing"][0]["amount"]["mark"] == "SEED-ONLY"
    assert "P-E25" in {e["id"] for e in record["errata"]}


def test_not_approved_product_says_so_with_evidence() -> None:
    (record,) = records("jointstem")
    assert record["approved"] is False
    assert record["verdict"] == "not-approved"
    assert "2025-08-06" in record["reason"]
    assert record["cited_references"][0]["id"] == "S107"
    table = run("product", "JointStem")
    assert table.exit_code == 0
    assert "NOT AN APPROVED MSC PRODUCT" in table.stdout
    assert "S107" in table.stdout


def test_table_view_of_a_product() -> None:
    result = run("product", "cupistem")
    assert result.exit_code == 0
    out = result.stdout
    assert "Cupistem  (cupistem)" in out
    assert "status: active" in out and "withdrawn" not in out.split("Dosing")[0].split("Approval KR")[1][:60]
    assert "Status as of 2024-07 (latest evidence)  [VERIFIED: U01, U02, U06]" in out
    assert "2021-08-27 KR re-licensed: Re-licensed as an advanced biopharmaceutical" in out
    assert "Cell source: adipose, autologous." in out
    assert "P-E3 (source review):" in out and "F-E1 (fact sheet):" in out
    assert "not clinical advice" in out


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "yaml", "markdown"])
def test_product_in_every_format(fmt: str) -> None:
    result = run("product", "alofisel", "-f", fmt)
    assert result.exit_code == 0
    out = result.stdout
    if fmt in ("csv", "tsv"):
        (parsed,) = list(csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
        assert (parsed["product"], parsed["approved"], parsed["inn"]) == ("alofisel", "true", "darvadstrocel")
        # nested records are readable text, never a Python repr
        assert parsed["approvals"].startswith("mark: VERIFIED, refs: (S55, S56, S57, S58), errata: (P-E19), jurisd")
        assert "{" not in parsed["approvals"] and "'" not in parsed["refs"]
    elif fmt == "jsonl":
        assert json.loads(out.splitlines()[0])["product"] == "alofisel"
    elif fmt == "yaml":
        assert yaml.safe_load(out)[0]["inn"] == "darvadstrocel"
    else:
        assert out.startswith("| product | name | approved | verdict | reason | inn |")
        assert "| alofisel | Alofisel | true | approved |  | darvadstrocel |" in out


def test_miss_suggests_and_exits_1() -> None:
    result = run("product", "ryoncill")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("msc: error: no product matches 'ryoncill'; did you mean 'RYONCIL'")


def test_empty_name_is_bad_input() -> None:
    result = run("product", "  ")
    assert result.exit_code == 2
    assert "the product name is empty" in result.stderr


def test_errata_lists_every_correction() -> None:
    data = json.loads(run("errata", "-f", "json").stdout)
    assert [e["id"] for e in data][:28] == [f"P-E{i}" for i in range(1, 29)]
    first = data[0]
    assert "9×10^9" in first["says"] and "9×10^7" in first["correction"]


def test_errata_for_one_product() -> None:
    data = json.loads(run("errata", "--product", "Hearticell-AMI", "-f", "json").stdout)
    assert [e["id"] for e in data] == ["P-E1", "P-E2", "P-E5", "P-E6", "P-E7", "T-E12", "T-E18"]
    table = run("errata", "-p", "cupistem").stdout
    assert "P-E3" in table and "autologous" in table.lower()


def test_refs() -> None:
    data = json.loads(run("refs", "R1", "S07", "-f", "json").stdout)
    assert [r["id"] for r in data] == ["R1", "S07"]
    assert data[0]["doi"] == "10.1038/s41392-025-02313-9"
    miss = run("refs", "S999")
    assert miss.exit_code == 1 and "no reference matches 'S999'" in miss.stderr


def test_version_and_help() -> None:
    from msccli import __version__

    assert run("--version").stdout == f"msc {__version__}\n"
    help_text = " ".join(run("-h").stdout.split())
    assert "Exit codes: 0 success (an empty result is a success) 1 not found" in help_text
    assert run("-V").stdout == f"msc {__version__}\n"
    assert "not clinical advice" in help_text
    for command in ("products", "product", "errata", "refs"):
        assert command in help_text


def test_an_unambiguous_start_of_a_name_finds_the_product() -> None:
    assert [r["product"] for r in records("hearticellgram")] == ["hearticellgram-ami"]
    assert [r["product"] for r in records("ALOFI")] == ["alofisel"]
    ambiguous = run("product", "stem")
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr == (
        "msc: error: 'stem' matches 5 records: STEMIRAC for Injection (stemirac), Stempeucel (stempeucel-cli), "
        "Stempeucel (knee osteoarthritis) (stempeucel-oa), Stemilac (stemilac), Stemchymal (stemchymal)\n"
        "msc: hint: give more of the name, or the id\n"
    )
