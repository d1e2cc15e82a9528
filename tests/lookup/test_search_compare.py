"""Indication terms with synonyms, msc search and msc compare (issue 10, first part)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msccli.catalogue import catalog
from msccli.lookup import search, terms

from ..conftest import json_list, run

DATA = Path(__file__).resolve().parents[2] / "data"
GVHD = ["prochymal", "prochymal", "temcell-hs", "obnitix", "ryoncil", "cn-ummsc-pleb001"]


@pytest.mark.parametrize(
    ("query", "products"),
    [
        ("graft versus host", GVHD),
        ("graft-versus-host disease", GVHD),
        ("GvHD", GVHD),
        ("移植物抗宿主疾病", GVHD),
        ("ALS", ["neuronata-r"]),  # not cerebral palsy, whose words hold the letters "als"
        ("肌萎缩侧索硬化", ["neuronata-r"]),
        ("Buerger's", ["stempeucel-cli", "stempeucel-cli"]),
        ("PAD", ["stempeucel-cli"]),  # only the 2020 approval adds peripheral arterial disease
        ("heart attack", ["hearticellgram-ami"]),
        ("克罗恩", ["cupistem", "alofisel", "alofisel", "alofisel", "alofisel", "alofisel", "alofisel"]),
        ("knee OA", ["cartistem", "mesestrocell", "stempeucel-oa"]),
        ("palsy", ["vartocell"]),
    ],
)
def test_indication_synonyms_and_both_scripts(query: str, products: list[str]) -> None:
    assert [r["product"] for r in json_list("products", "-i", query)] == products


def test_an_indication_that_finds_nothing_says_so_with_the_closest_terms() -> None:
    result = run("products", "-i", "grft vs hst", "-f", "csv")
    assert result.exit_code == 0 and result.stdout.startswith("product,") and len(result.stdout.splitlines()) == 1
    assert result.stderr == (
        "msc: note: no approval's indication matches 'grft vs hst'; closest terms: graft-versus-host, "
        "graft-vs-host disease, graft-versus-host disease\n"
    )
    assert run("products", "-i", "zzzz").stderr == "msc: note: no approval's indication matches 'zzzz'\n"


def test_short_forms_match_whole_words_only() -> None:
    assert terms.mentions(["Osteoarthritis of the knee"], ["OA"]) is False
    assert terms.mentions(["knee OA, grade II"], ["OA"]) is True
    assert terms.mentions(["Acute GvHD in children"], ["gvhd"]) is True


def test_vocabulary_mesh_ids_agree_with_the_products() -> None:
    cat = catalog.load()
    product_mesh = {c.code: c.label for p in cat.products for c in p.codes if c.scheme == "MeSH"}
    ref_ids = {r.id for r in cat.references}
    for concept in cat.vocabulary:
        if concept.mesh is not None:
            assert product_mesh.get(concept.mesh.code) == concept.mesh.label, concept.id
            assert concept.mesh.mark == "VERIFIED" and set(concept.mesh.refs) <= ref_ids
    gvhd = next(c for c in cat.vocabulary if c.id == "gvhd")
    assert gvhd.mesh is None  # the fact sheet could not verify the GvHD descriptor id


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("ryoncl", ("product", "RYONCIL")),
        ("cartistim", ("product", "CARTISTEM")),
        ("克罗恩", ("indication term", "Crohn's perianal fistula")),
        ("艾米邁托賽", ("product", "艾米迈托赛注射液")),
        (
            "NCT02336230",
            ("trial", "RYONCIL: MSB-GVHD001: remestemcel-L in children with steroid-refractory acute GvHD"),
        ),
        ("jointstem", ("not an approved product", "JointStem")),
        ("韓國", ("jurisdiction", "South Korea")),
        (
            "Caplan",
            (
                "history",
                "1991 Arnold Caplan's paper 'Mesenchymal stem cells' gives the cells the name the field adopts.",
            ),
        ),
    ],
)
def test_search_ranks_the_thing_meant_first(query: str, first: tuple[str, str]) -> None:
    hits = json_list("search", query)
    assert (hits[0]["kind"], hits[0]["title"]) == first
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_every_hit_names_a_command_that_works() -> None:
    commands = {
        h["command"] for q in ("ryoncl", "克罗恩", "ISCT", "Crohn", "Korea", "P-E1") for h in json_list("search", q)
    }
    assert len(commands) > 10
    for command in commands:
        args = shlex.split(command)
        assert args[0] == "msc"
        result = run(*args[1:], "-f", "json")
        assert result.exit_code == 0, (command, result.stderr)


def test_an_empty_search_is_a_usage_error() -> None:
    result = run("search", "  ")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        'msc: error: give some text to search for\nmsc: hint: e.g. msc search "graft versus host"\n'
    )


def test_search_that_finds_nothing_says_so() -> None:
    result = run("search", "qqqqqq", "-f", "csv")
    assert (result.exit_code, result.stdout) == (0, "kind,id,title,title_zh,matched,score,command\n")
    assert result.stderr == "msc: note: nothing matches 'qqqqqq'\n"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=30))
def test_search_never_fails(text: str) -> None:
    hits = search.search(catalog.default(), text, limit=5)
    assert len(hits) <= 5 and all(0 < h["score"] <= 1.05 for h in hits)


def test_compare_puts_products_side_by_side() -> None:
    records = json_list("compare", "ryoncil", "temcell")
    assert [r["product"] for r in records] == ["ryoncil", "temcell-hs"]
    ryoncil, temcell = records
    assert ryoncil["statuses"] == ["US active (as of 2026-02)"]
    prochymal_statuses = json.loads(run("compare", "prochymal", "ryoncil", "-f", "json").stdout)[0]["statuses"]
    assert prochymal_statuses[0] == "CA unknown (as of 2014-03: evidence over three years old)"
    assert temcell["pathways"] == ["JP full"]
    assert ryoncil["pivotal"][0].startswith("NCT02336230 phase 3 n=55 - Overall response 70%")
    assert ryoncil["orphan"] == ["US"] and temcell["orphan"] == []  # Temcell's JP orphan is for another use
    table = run("compare", "ryoncil", "temcell").stdout
    assert table.splitlines()[0].split() == ["RYONCIL", "TEMCELL", "HS", "Inj."]
    assert "Status (as" in table and "Pivotal" in table and "not clinical advice" in table
    narrow = run("compare", "ryoncil", "temcell", "--fields", "product,name", "-f", "csv")
    assert (narrow.exit_code, narrow.stdout) == (0, "product,name\nryoncil,RYONCIL\ntemcell-hs,TEMCELL HS Inj.\n")


def test_compare_a_brand_and_a_not_approved_product() -> None:
    records = json_list("compare", "stempeucel", "jointstem")
    assert [(r["product"], r["approved"]) for r in records] == [
        ("stempeucel-cli", True),
        ("stempeucel-oa", True),
        ("jointstem", False),
    ]


def test_compare_needs_two_products() -> None:
    result = run("compare", "ryoncil")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "msc: error: compare needs two or more products; 'ryoncil' names 1\n"
    missing = run("compare", "ryoncil", "ryoncl")
    assert missing.exit_code == 1 and "did you mean 'RYONCIL'" in missing.stderr


def test_a_users_own_product_appears_in_compare_and_search(tmp_path: Path) -> None:
    text = (DATA / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    (tmp_path / "products").mkdir()
    text = "\n".join(line for line in text.splitlines() if not line.startswith("    event:"))  # ids are unique
    (tmp_path / "products" / "mylocal.yaml").write_text(
        text.replace("id: ryoncil", "id: mylocal").replace("name: RYONCIL", "name: MyLocalCells"), encoding="utf-8"
    )
    records = json_list("--data-dir", str(tmp_path), "compare", "mylocal", "ryoncil")
    assert [r["product"] for r in records] == ["mylocal", "ryoncil"]
    assert records[0]["mark"] == "LOCAL"
    hits = json_list("--data-dir", str(tmp_path), "search", "mylocalcels")
    assert (hits[0]["id"], hits[0]["command"]) == ("mylocal", "msc product mylocal")


# -- about, sources, mechanisms ---------------------------------------------------------------------------------------


def test_about_states_what_msc_are_and_points_to_the_check() -> None:
    rows = json_list("about")
    assert [r["id"] for r in rows] == ["what", "definition", "scope"]
    definition = rows[1]
    assert definition["mark"] == "VERIFIED" and definition["refs"] == ["I1"]
    assert "at least 95% of cells carry CD105, CD73 and CD90" in definition["text"]
    assert "msc isct-check" in definition["text"] and definition["text_zh"]
    out = run("about").stdout
    assert "The ISCT definition (2006)\n" in out and "msc criteria isct-2006" in out
    assert not any("\u4e00" <= c <= "\u9fff" for c in out)  # English output is English; -f json carries both
    assert "ISCT 最低定义标准（2006）" in run("--lang", "zh", "about").stdout


@pytest.mark.parametrize("query", ["umbilical-cord", "UC", "Wharton's jelly", "臍帶", "脐带"])
def test_sources_by_any_name_list_the_products_from_the_catalogue(query: str) -> None:
    (row,) = json_list("sources", query)
    assert row["id"] == "umbilical-cord"
    cat = catalog.load()
    assert row["products"] == [p.id for p in cat.products if p.source.tissue == "umbilical-cord"]
    assert row["products"] == ["cn-ummsc-pleb001", "vartocell"]


def test_every_source_and_a_users_product_in_it(tmp_path: Path) -> None:
    rows = json_list("sources")
    assert [r["id"] for r in rows] == [
        "bone-marrow",
        "adipose",
        "umbilical-cord",
        "umbilical-cord-blood",
        "dental-pulp",
        "placenta",
    ]
    assert {r["id"]: r["products"] for r in rows}["placenta"] == []  # the Iranian placental product is a claim
    text = (DATA / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("    event:"))
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "mycord.yaml").write_text(
        text.replace("id: ryoncil", "id: mycord").replace("tissue: bone-marrow", "tissue: umbilical-cord"),
        encoding="utf-8",
    )
    (row,) = json_list("--data-dir", str(tmp_path), "sources", "umbilical-cord")
    assert "mycord" in row["products"]


def test_an_unknown_tissue_is_not_found_with_suggestions() -> None:
    result = run("sources", "placentta")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("msc: error: no tissue source matches 'placentta'; did you mean 'placenta'")


def test_mechanisms_name_their_factors() -> None:
    rows = {r["id"]: r for r in json_list("mechanisms")}
    assert list(rows) == ["paracrine", "immunomodulation", "homing", "differentiation", "regulation"]
    assert rows["paracrine"]["factors"][:2] == ["VEGF", "HGF"]
    assert rows["immunomodulation"]["factors"][:3] == ["IDO", "PGE2", "IL-10"]
    assert all(r["mark"] == "SEED-ONLY" and r["refs"] == ["SEED"] and r["text_zh"] for r in rows.values())
    hits = json_list("search", "PGE2")
    assert (hits[0]["kind"], hits[0]["command"]) == ("mechanism", "msc mechanisms")


def test_help_lists_every_command_in_its_order() -> None:
    from msccli.app import COMMANDS

    lines = run("--help").stdout.split("Commands:")[1].split("\n")
    listed = [line.split()[0] for line in lines if line[:2] == "  " and line[2:3] != " " and line.strip()]
    assert listed == list(COMMANDS)


@settings(max_examples=300, deadline=None)
@given(st.text("abcdeéx克 ", min_size=3, max_size=12), st.text("abcdeéx克 ", min_size=1, max_size=16))
def test_near_is_difflibs_ratio_behind_difflibs_bounds(query: str, candidate: str) -> None:
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, query, candidate)
    bounds = matcher.real_quick_ratio() >= search.NEAR and matcher.quick_ratio() >= search.NEAR
    assert search.near(query, candidate) == (matcher.ratio() if bounds else 0.0)
