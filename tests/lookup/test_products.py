"""msc products: filters, formats and error paths, through the CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from ..conftest import json_list, run


def rows(*args: str) -> list[dict[str, object]]:
    return json_list("products", *args)


def keys(data: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    return [(r["product"], r["jurisdiction"], r["date"]) for r in data]


def test_korea_lists_the_four_korean_approvals_in_date_order() -> None:
    assert keys(rows("--country", "KR")) == [
        ("hearticellgram-ami", "KR", "2011-07-01"),
        ("cartistem", "KR", "2012-01"),
        ("cupistem", "KR", "2012-01"),
        ("neuronata-r", "KR", "2014-07-30"),
    ]


@pytest.mark.parametrize("country", ["JP", "jp", "japan", "Japan", "日本"])
def test_country_by_code_english_or_chinese_name(country: str) -> None:
    assert keys(rows("--country", country)) == [
        ("temcell-hs", "JP", "2015-09-18"),
        ("stemirac", "JP", "2018-12-28"),
        ("alofisel", "JP", "2021-09-27"),
        ("akuugo", "JP", "2024-07-31"),
    ]


def test_eu_is_a_jurisdiction_and_the_withdrawal_is_visible() -> None:
    data = rows("--country", "EU")
    assert [(r["product"], r["status"], r["status_date"]) for r in data] == [("alofisel", "withdrawn", "2024-12-13")]


def test_since_and_donor_combine() -> None:
    data = rows("--since", "2018", "--donor", "allogeneic")
    assert keys(data) == [
        ("alofisel", "EU", "2018-03-23"),
        ("vartocell", "IR", "2020"),
        ("alofisel", "RS", "2020-06-18"),
        ("stempeucel-cli", "IN", "2020-08"),
        ("alofisel", "JP", "2021-09-27"),
        ("stempeucel-oa", "IN", "2022-09"),
        ("akuugo", "JP", "2024-07-31"),
        ("ryoncil", "US", "2024-12-18"),
        ("cn-ummsc-pleb001", "CN", "2025-01-02"),
    ]
    assert all(r["donor"] == "allogeneic" for r in data)


def test_until_and_indication_in_chinese() -> None:
    assert keys(rows("--indication", "移植物抗宿主病", "--until", "2015")) == [
        ("prochymal", "CA", "2012-05-17"),
        ("prochymal", "NZ", "2012-06"),
        ("temcell-hs", "JP", "2015-09-18"),
    ]


def test_indication_in_english_is_case_insensitive() -> None:
    assert [r["product"] for r in rows("-i", "CROHN")] == [
        "cupistem",
        "alofisel",
        "alofisel",
        "alofisel",
        "alofisel",
        "alofisel",
        "alofisel",
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("adipose", {"cupistem", "alofisel"}),
        ("fat", {"cupistem", "alofisel"}),
        ("ucb", {"cartistem"}),
        ("cord", {"cartistem", "vartocell", "cn-ummsc-pleb001"}),
        ("臍帶", {"vartocell", "cn-ummsc-pleb001"}),
    ],
)
def test_source_filter_and_aliases(source: str, expected: set[str]) -> None:
    assert {r["product"] for r in rows("--source", source)} == expected


def test_route_status_and_cupistem_no_longer_withdrawn() -> None:
    assert keys(rows("--route", "iv", "--country", "JP")) == [
        ("temcell-hs", "JP", "2015-09-18"),
        ("stemirac", "JP", "2018-12-28"),
    ]
    # Cupistem was re-licensed in 2021 (updates-2026.md): only Alofisel's EU authorisation is withdrawn.
    assert keys(rows("--status", "withdrawn")) == [("alofisel", "EU", "2018-03-23")]
    cupistem = rows("--country", "KR", "--status", "active")
    assert ("cupistem", "KR", "2012-01") in keys(cupistem)


def test_verified_drops_seed_only_approvals_and_blanks_unverified_fields() -> None:
    data = rows("--verified")
    products = {r["product"] for r in data}
    assert "mesestrocell" not in products and "vartocell" not in products
    assert "cupistem" not in products  # its approval day is disputed (CONFLICT)
    china = next(r for r in data if r["product"] == "cn-ummsc-pleb001")
    assert china["routes"] == []  # the route is only in the source review
    assert china["tissue"] == "umbilical-cord"


def test_every_approval_is_listed_once() -> None:
    assert len(rows()) == 24


def test_table_shows_withdrawal_and_disclaimer() -> None:
    result = run("products", "--country", "EU")
    assert result.exit_code == 0
    assert "withdrawn" in result.stdout and "2024-12-13" in result.stdout
    result = run("products", "--country", "KR")
    assert "withdrawn" not in result.stdout and "Cupistem" in result.stdout
    assert "4 approvals of 4 products · catalogue as of 2026-11" in result.stdout
    assert "not clinical advice" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_delimited_formats(fmt: str) -> None:
    result = run("products", "--country", "CA", "-f", fmt)
    assert result.exit_code == 0
    parsed = list(csv.DictReader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))
    assert [(r["product"], r["date"], r["year"], r["routes"]) for r in parsed] == [
        ("prochymal", "2012-05-17", "2012", "intravenous")
    ]
    assert "\r\n" not in result.stdout


def test_jsonl_yaml_markdown() -> None:
    jsonl = run("products", "--country", "US", "-f", "jsonl").stdout.splitlines()
    assert len(jsonl) == 1 and json.loads(jsonl[0])["year"] == 2024
    doc = yaml.safe_load(run("products", "--country", "US", "-f", "yaml").stdout)
    assert doc[0]["product"] == "ryoncil" and doc[0]["date"] == "2024-12-18"
    md = run("products", "--country", "US", "-f", "markdown").stdout
    assert md.splitlines()[0].startswith("| product | name | inn | jurisdiction | country | regulator | date |")
    assert "| ryoncil | RYONCIL | remestemcel-L | US | United States |" in md


def test_empty_result_is_valid_output() -> None:
    assert run("products", "--country", "KR", "--since", "2020", "-f", "json").stdout == "[]\n"
    assert run("products", "--country", "KR", "--since", "2020", "-f", "csv").stdout.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        (
            ["--country", "Japn"],
            1,
            "msc: error: no jurisdiction matches 'Japn'; did you mean 'Japan', 'JP', 'Iran'?\n"
            "msc: hint: codes: KR, JP, US, CN, IN, IR, CA, NZ, EU, GB, CH, IL, DE, RS, ES, TW (msc jurisdictions)\n",
        ),
        (
            ["--source", "bone"],
            2,
            "msc: error: --source: unknown value 'bone'; did you mean 'bone-marrow'?\n"
            "msc: hint: choose from: bone-marrow, adipose, umbilical-cord, umbilical-cord-blood\n",
        ),
        (
            ["--donor", "self"],
            2,
            "msc: error: --donor: unknown value 'self'\nmsc: hint: choose from: autologous, allogeneic\n",
        ),
        (
            ["--status", "current"],
            2,
            "msc: error: --status: unknown value 'current'\n"
            "msc: hint: choose from: active, withdrawn, superseded, unknown\n",
        ),
        (["--since", "2020", "--until", "2010"], 2, "msc: error: --since: 2020 is after --until 2010\n"),
        (
            ["--since", "2015-06"],
            2,
            "msc: error: invalid value for '--since': '2015-06' is not a year in the digits 0-9 (e.g. 2018)\n"
            "msc: hint: see: msc products --help\n",
        ),
        (
            ["-f", "xml"],
            2,
            "msc: error: --format: unknown value 'xml'; did you mean 'yaml', 'xlsx'?\n"
            "msc: hint: choose from: table, json, jsonl, csv, tsv, yaml, markdown, xlsx\n",
        ),
        (
            ["--nope"],
            2,
            "msc: error: no such option: --nope (Possible options: --force, --route, --since)\n"
            "msc: hint: see: msc products --help\n",
        ),
    ],
)
def test_bad_filters_are_one_error_line_and_a_hint(args: list[str], code: int, stderr: str) -> None:
    result = run("products", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", stderr)


def test_unknown_country_exit_code_is_not_found() -> None:
    assert run("products", "--country", "Atlantis").exit_code == 1


def test_bad_format_is_a_usage_error() -> None:
    result = run("products", "-f", "xml")
    assert result.exit_code == 2
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # Simplified query, Traditional data; the term osteoarthritis also finds Cartistem's "cartilage defects in
        # osteoarthritis patients" (退化性關節炎), through the vocabulary's synonyms
        (["--indication", "骨关节炎"], {"stempeucel-oa", "mesestrocell", "cartistem"}),
        (["--indication", "骨關節炎"], {"stempeucel-oa", "mesestrocell", "cartistem"}),
        (["--indication", "消化道受累"], {"cn-ummsc-pleb001"}),
        (["--country", "韩国"], {"hearticellgram-ami", "cartistem", "cupistem", "neuronata-r"}),
        (["--source", "脐带血"], {"cartistem"}),
    ],
)
def test_chinese_in_either_script(args: list[str], expected: set[str]) -> None:
    assert {r["product"] for r in rows(*args)} == expected


def test_any_field_of_the_row_can_be_a_filter() -> None:
    """A filter on a row's field needs no code of its own (CONTRIBUTING: adding a field that msc products can
    filter on): one value, a list field, and an unknown value."""
    from msccli.catalogue.catalog import default
    from msccli.lookup.filters import ProductFilter
    from msccli.lookup.query import approval_rows

    cat = default()
    kept = approval_rows(cat, ProductFilter(matching={"holder": {"Mesoblast, Inc.", "Nipro Corporation"}}))
    assert [r["product"] for r in kept] == ["stemirac", "ryoncil"]
    by_route = approval_rows(cat, ProductFilter(matching={"routes": {"intra-articular"}}))
    assert by_route and all("intra-articular" in r["routes"] for r in by_route)
    assert approval_rows(cat, ProductFilter(matching={"holder": {"nobody"}})) == []
