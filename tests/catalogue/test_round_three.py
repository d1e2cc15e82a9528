"""The catalogue, round three: NC1 and Spain's hospital-use authorisation, terms read on any date, and the sentence
behind each approval's date and status and each labelled dose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from ..conftest import json_list, run

DATA = Path(__file__).resolve().parents[2] / "data"


# -- NC1 and Spain -------------------------------------------------------------------------------------------------


def test_nc1_is_spains_hospital_exemption_product() -> None:
    record = json_list("product", "nc1")[0]
    spain = record["approvals"][0]
    where = (spain["jurisdiction"], spain["regulator"], spain["date"], spain["precision"])
    assert where == ("ES", "AEMPS", "2019-03", "month")
    assert (spain["pathway"], spain["status"], spain["status_as_of"]) == ("hospital-exemption", "active", "2022-03")
    assert "valid for the named hospital only" in spain["pathway_detail"]
    assert spain["indication"]["zh"] == "慢性、臨床不完全之外傷性脊髓損傷（胸段或腰段）"
    assert (record["cell_source"]["tissue"], record["cell_source"]["donor"]) == ("bone-marrow", "autologous")
    assert record["dosing"][0]["route"]["codes"] == ["intrathecal"]
    assert record["dosing"][0]["amount"]["kind"] == "not-stated"
    assert {r["id"] for r in record["cited_references"]} >= {"H01", "H02", "H03", "H04", "H05", "H06"}


@pytest.mark.parametrize("country", ["ES", "Spain", "España", "西班牙"])
def test_spain_is_a_jurisdiction_by_every_name(country: str) -> None:
    assert [(r["product"], r["jurisdiction"]) for r in json_list("products", "--country", country)] == [("nc1", "ES")]


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_spinal_cord_search_finds_nc1_in_every_language(lang: str) -> None:
    result = run("search", "脊髓", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    assert "NC1" in result.stdout
    table = run("product", "nc1", "--lang", lang).stdout
    assert "H02" in table and "ES" in table


def test_obnitix_says_its_authorisation_is_for_named_hospitals() -> None:
    germany = json_list("product", "obnitix")[0]["approvals"][0]
    assert "valid for the named hospitals only" in germany["pathway_detail"]


def test_about_states_the_scope_of_hospital_authorisations() -> None:
    scope = next(p for p in json_list("about") if p["id"] == "scope")
    assert "Hospital-exemption treatment programmes without a named product" in scope["text"]
    assert "NC1 in Spain" in scope["text"]


# -- terms on any date ---------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def on_the_issue_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSC_TODAY", "2026-12-06")


def _rows(*args: str) -> tuple[list[dict[str, object]], str]:
    result = run("products", *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_expires_before_leaves_out_ended_terms_and_says_so() -> None:
    rows, note = _rows("--expires-before", "2032")
    assert [(r["product"], r["ends"], r["term_state"]) for r in rows] == [("akuugo", "2031-07-31", "running")]
    assert note == "msc: note: 3 approvals whose end was reached by 2026-12-06 left out; --include-ended adds them\n"


def test_include_ended_shows_them_marked() -> None:
    rows, note = _rows("--expires-before", "2032", "--include-ended")
    assert [(r["product"], r["jurisdiction"], r["term_state"]) for r in rows] == [
        ("prochymal", "NZ", "ended"),
        ("stemirac", "JP", "pending-renewal"),
        ("alofisel", "RS", "ended"),
        ("akuugo", "JP", "running"),
    ]
    assert note == ""
    stemirac = rows[1]
    assert stemirac["ends_note"] == (
        "original term end; continues while the full-approval application of 2025-11-14 is pending"
    )
    assert (stemirac["in_force"], stemirac["in_force_on"]) == (True, "2026-12-06")


def test_the_table_marks_ended_and_pending_terms() -> None:
    table = run("products", "--country", "JP,NZ").stdout
    words = table.split()
    assert "pending" in words and "renewal" in words and "ended" in words and "2016-06-14" in words


def test_active_on_lists_what_is_in_force_that_day() -> None:
    rows, note = _rows("--active-on", "2026-12-06")
    kept = {(r["product"], r["jurisdiction"]) for r in rows}
    assert ("stemirac", "JP") in kept and ("nc1", "ES") in kept and ("ryoncil", "US") in kept
    assert ("alofisel", "EU") not in kept  # withdrawn 2024-12-13
    assert all(r["in_force"] is True and r["in_force_on"] == "2026-12-06" for r in rows)
    assert note.startswith("msc: note: ") and "approvals whose standing on 2026-12-06 msc cannot tell" in note


def test_active_on_a_past_day_reckons_terms_on_it() -> None:
    rows, _ = _rows("--active-on", "2015-01-01")
    kept = {(r["product"], r["jurisdiction"]) for r in rows}
    assert ("alofisel", "EU") not in kept and ("ryoncil", "US") not in kept  # not yet approved
    assert ("hearticellgram-ami", "KR") in kept
    rows, _ = _rows("--active-on", "2020-01-01", "--country", "EU")
    assert [(r["product"], r["in_force"]) for r in rows] == [("alofisel", True)]  # before its withdrawal


def test_active_on_today_honours_msc_today() -> None:
    rows, _ = _rows("--active-on", "today")
    assert {r["in_force_on"] for r in rows} == {"2026-12-06"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("soon", "msc: error: --active-on: 'soon' is not a day\nmsc: hint: give a date as YYYY-MM-DD, or today\n"),
        ("2026-02-30", "msc: error: --active-on: '2026-02-30' is not a real date (day is out of range for month)\n"),
    ],
)
def test_a_bad_active_on_is_one_error_line(value: str, message: str) -> None:
    result = run("products", "--active-on", value)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_ryoncil_exclusivity_is_the_companys_seven_years() -> None:
    designations = json_list("product", "ryoncil")[0]["designations"]
    orphan = next(d for d in designations if "orphan-drug exclusivity" in d["text"])
    assert "to 2031-12-18 (derived: 2024-12-18 plus 7 years)" in orphan["text"]
    assert "'Until 2032' is trade-press wording" in orphan["text"]
    assert "H08" in orphan["refs"]


def test_prochymal_canada_says_its_date_is_the_qualifying_notice() -> None:
    canada = json_list("product", "prochymal")[0]["approvals"][0]
    assert canada["date"] == "2012-05-17"
    assert canada["date_note"].startswith("Health Canada's document of this date is the NOC/c Qualifying Notice")


def test_the_advisory_vote_is_shown_as_a_conflict() -> None:
    events = json_list("product", "ryoncil")[0]["events"]
    vote = next(e for e in events if "voted 9-1" in e["text"])
    assert vote["mark"] == "CONFLICT" and "8-2" in vote["text"]


# -- evidence ------------------------------------------------------------------------------------------------------


def test_ryoncil_evidence_quotes_its_date_status_and_dose() -> None:
    facts = json_list("product", "ryoncil", "--evidence")
    assert [(f["fact"], f["quotation"]) for f in facts] == [
        ("date", "quoted"),
        ("status", "quoted"),
        ("dose", "quoted"),
    ]
    for fact in facts:
        for quote in fact["quotes"]:
            assert quote["url"].startswith("https://") and quote["read"] == "2026-12-07"
            assert quote["ref"] in fact["refs"]
    assert facts[0]["quotes"][0]["text"].startswith("Dec 18 (Reuters) - The U.S. Food and Drug Administration on Wed")
    assert [q["ref"] for q in facts[1]["quotes"]] == ["Q26", "H08"]  # the holder's own release first


def test_evidence_table_is_one_block_per_fact() -> None:
    table = run("product", "nc1", "--evidence").stdout
    assert table.count("NC1 ES · approval date: 2019-03") == 1
    assert "no quotation found" in table  # the dose: none in the sources
    assert "—" in table and "read 2026-12-07" in table


def test_every_format_says_the_same_evidence() -> None:
    facts = json_list("product", "stemirac", "--evidence")
    csv_text = run("product", "stemirac", "--evidence", "-f", "csv").stdout
    assert csv_text.splitlines()[0] == "product,name,jurisdiction,fact,value,mark,refs,quotation,quotation_note,quotes"
    assert len(csv_text.splitlines()) == len(facts) + 1
    empty = run("product", "jointstem", "--evidence", "-f", "json")
    assert (empty.exit_code, json.loads(empty.stdout)) == (0, [])


def test_refs_lists_the_quotations_taken_from_a_source() -> None:
    ref = json_list("refs", "U02")[0]
    assert sorted(q["product"] for q in ref["quotes"]) == ["cartistem", "cupistem", "hearticellgram-ami", "neuronata-r"]
    assert all(q["supports"] == ["status"] for q in ref["quotes"])
    table = run("refs", "U02").stdout
    assert table.count("그 결과 2021년 8월 27일까지") == 1  # one sentence, listed once with every record it supports


def _verified_facts() -> list[dict[str, object]]:
    facts = []
    for path in sorted((DATA / "products").glob("*.yaml")):
        facts += json_list("product", path.stem, "--evidence")
    return [f for f in facts if f["mark"] == "VERIFIED" and f["value"]]


def test_every_verified_date_status_and_dose_has_a_quotation_or_says_none_was_found() -> None:
    facts = _verified_facts()
    sought = [(f["product"], f["jurisdiction"], f["fact"]) for f in facts if f["quotation"] == "not-sought"]
    assert sought == []
    quoted = sum(1 for f in facts if f["quotation"] in ("quoted", "partly-quoted"))
    assert quoted >= len(facts) // 2  # the closing note gives the counts


def test_a_quotation_must_cite_a_known_source_and_not_also_be_unfound(tmp_path: Path) -> None:
    import msgspec

    from msccli.catalogue import catalog, checks

    cat = catalog.load()
    ryoncil = cat.product("ryoncil")
    approval = ryoncil.approvals[0]
    quote = msgspec.structs.replace(approval.quotes[0], ref="NOPE")
    approval = msgspec.structs.replace(approval, quotes=[quote, *approval.quotes[1:]], unquoted=["date"])
    cat.products[cat.products.index(ryoncil)] = msgspec.structs.replace(ryoncil, approvals=[approval])
    found = [str(p) for p in checks.problems(cat)]
    assert any("approvals[0].quotes[0].ref" in p and "unknown reference 'NOPE'" in p for p in found), found
    assert any("'date' is both quoted and marked as not found" in p for p in found), found
    # in a user's data directory the copy's quotations cite the user's file, so no bundled id is needed there
    record = yaml.safe_load((DATA / "products" / "ryoncil.yaml").read_text(encoding="utf-8"))
    record["id"] = "ryoncil-copy"
    record["approvals"][0]["unquoted"] = ["date"]
    record["approvals"][0]["unquoted_note"] = "searched the FDA's pages"
    del record["approvals"][0]["event"]  # the bundled record's timeline id belongs to the bundled record
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "ryoncil-copy.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), "utf-8")
    problems = [p["problem"] for p in json.loads(run("data", "validate", str(tmp_path), "-f", "json").stdout)]
    assert problems == ["'date' is both quoted and marked as not found"]


def test_an_id_names_one_record_and_a_brand_its_family() -> None:
    assert [r["product"] for r in json_list("product", "stempeucel-cli")] == ["stempeucel-cli"]
    assert [r["product"] for r in json_list("product", "stempeucel")] == ["stempeucel-cli", "stempeucel-oa"]


def test_the_adipose_profile_takes_the_reviews_marker_directions() -> None:
    rows = json_list("criteria", "ifats-isct-2013-asc")
    bounds = {r["criterion"]: (r["op"], r["threshold"]) for r in rows}
    assert (bounds["CD13"], bounds["CD29"], bounds["CD235a"]) == ((">", 80.0), (">", 80.0), ("<", 2.0))
    assert all(r["verified"] is False and r["warning"].startswith("UNVERIFIED THRESHOLDS") for r in rows)
    assert rows[0]["refs"] == ["I2", "H14", "H15"]


def test_every_bundled_quotation_meets_the_rules_a_user_is_warned_of() -> None:
    """A translation for each non-English quote, read only with an address, no forum or copying site, an ellipsis
    where a sentence is cut, every quotable fact sought: the same rules msc data validate warns of."""
    from msccli.catalogue import catalog
    from msccli.catalogue.quote_rules import product_warnings

    cat = catalog.load()
    assert [(p.id, w.field, w.why) for p in cat.products for w in product_warnings(p, p.id)] == []
