"""The 2026 catalogue round: corrected statuses, status evidence dates, trials, designations, documents, codes,
families, conditional terms, and the catalogue's age."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msccli.catalogue import catalog, checks, freshness
from msccli.catalogue.records import Catalogue
from msccli.catalogue.trial_registries import REGISTRIES, registry_of, registry_url
from msccli.lookup.filters import parse_before
from msccli.lookup.query import add_years, approval_end

from ..conftest import json_list, run

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return catalog.load()


# -- what the issue asks, as a user would try it ------------------------------------------------------------------


def test_cupistem_is_relicensed_not_withdrawn() -> None:
    record = json_list("product", "cupistem")[0]
    korea = record["approvals"][0]
    assert (korea["status"], korea["status_as_of"], korea["status_refs"]) == (
        "active",
        "2024-07",
        ["U01", "U02", "U06"],
    )
    assert korea.get("status_date") is None
    assert [e["kind"] for e in record["events"]] == ["re-licensed", "licence-change"]
    assert {e["id"] for e in record["errata"]} >= {"P-E4", "F-E1"}
    assert "cupistem" not in {r["product"] for r in json_list("products", "--status", "withdrawn")}


def test_serbia_lists_alofisel_with_its_validity() -> None:
    result = run("products", "--country", "RS")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2] == (
        "Alofisel  RS  2020-06-18  unknown     2024-08  AD allo  Crohn's perianal fistulas  VERIFIED"
    )
    assert result.stdout.splitlines()[3].split() == ["term", "ended"]  # its stated validity has passed
    row = json_list("products", "-c", "serbia")[0]
    assert (row["ends"], row["ends_basis"], row["licence"], row["refs"]) == (
        "2025-06-18",
        "stated",
        "515-01-03446-19-001",
        ["U22"],
    )
    assert (row["term_state"], row["in_force"]) == ("ended", False)


def test_obnitix_shows_authorisation_and_availability_with_their_meaning() -> None:
    out = run("product", "obnitix").stdout
    assert "Approval DE 2016-08-24 (day) · pathway: hospital-exemption · status: active" in out
    assert "Available from 2019-09-15: Market availability (launch), not the authorisation." in out
    row = json_list("products", "-c", "DE")[0]
    assert (row["date"], row["available_from"]) == ("2016-08-24", "2019-09-15")


def test_conditional_approvals_ending_before_2032() -> None:
    rows = json_list("products", "--pathway", "conditional", "--expires-before", "2032", "--include-ended")
    assert [(r["product"], r["ends"], r["ends_basis"], r["term_years"]) for r in rows] == [
        ("stemirac", "2025-12-28", "derived", 7),
        ("akuugo", "2031-07-31", "derived", 7),
    ]
    running = json_list("products", "--pathway", "conditional", "--expires-before", "2032")
    assert [r["product"] for r in running] == ["akuugo"]  # Stemirac's original term ended on 2025-12-28
    table = run("products", "--pathway", "conditional", "--expires-before", "2032").stdout
    assert "2031-07-31" in table and "(derived)" in table and "Ends: a registration's stated validity" in table
    # any pathway: Prochymal's NZ provisional consent (2 years from 2014-06-14) and Alofisel in Serbia end too
    ended = json_list("products", "--expires-before", "2026-01-01", "--include-ended")
    assert [(r["product"], r["jurisdiction"]) for r in ended] == [
        ("prochymal", "NZ"),
        ("stemirac", "JP"),
        ("alofisel", "RS"),
    ]
    assert json_list("products", "--expires-before", "2016-06-14") == []


def test_orphan_filter_keeps_designations_for_an_approved_indication() -> None:
    rows = json_list("products", "--orphan")
    assert [(r["product"], r["jurisdiction"]) for r in rows] == [
        ("neuronata-r", "KR"),
        ("alofisel", "EU"),
        ("alofisel", "JP"),
        ("ryoncil", "US"),
    ]
    # Temcell's Japanese orphan designation is for epidermolysis bullosa, an indication it does not have
    assert all(r["product"] != "temcell-hs" for r in rows)


def test_trials_csv_lists_every_trial_with_its_registry_id_link_and_reference(cat: Catalogue) -> None:
    result = run("trials", "-f", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == sum(len(p.trials) for p in cat.products) == 26
    for row in rows:
        ids = [i for i in row["registry"].split("; ") if i]
        links = [u for u in row["links"].split("; ") if u]
        assert len(ids) == len(links)
        for trial_id, link in zip(ids, links, strict=True):
            assert registry_of(trial_id) is not None and trial_id in link
        assert row["refs"] and row["mark"] == "VERIFIED" and row["as_of"] == "2026-11"
    pivotal = {(r["product"], r["registry"]) for r in rows if r["role"] == "pivotal"}
    assert ("ryoncil", "NCT02336230") in pivotal and ("alofisel", "NCT01541579; 2011-006064-43") in pivotal
    assert ("temcell-hs", "") in pivotal  # no registry id was found, and msc does not make one up


def test_trials_filters() -> None:
    japan = json_list("trials", "--country", "JP", "--role", "pivotal")
    assert [(r["product"], r["registry"]) for r in japan] == [
        ("akuugo", ["NCT02416492"]),
        ("alofisel", ["NCT03706456"]),
        ("stemirac", []),
        ("temcell-hs", []),
    ]
    assert [r["trial"] for r in json_list("trials", "ryoncil")] == [
        "MSB-GVHD001: remestemcel-L in children with steroid-refractory acute GvHD"
    ]
    assert json_list("trials", "jointstem") == []  # not approved: no trials in the catalogue


def test_links_are_addresses_with_their_kind() -> None:
    rows = json_list("links", "alofisel")
    kinds = [r["kind"] for r in rows]
    assert kinds[:5] == ["epar", "smpc", "label", "product-page", "review"]
    assert kinds.count("registry") == 5
    assert all(re.match(r"https?://", r["url"]) for r in rows)
    assert rows[0]["url"] == "https://www.ema.europa.eu/en/medicines/human/EPAR/alofisel"
    lines = run("links", "ryoncil", "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line)["kind"] for line in lines] == ["label", "release", "registry"]


def test_product_view_shows_family_trials_designations_documents_codes_and_events() -> None:
    out = run("product", "ryoncil").stdout
    assert "Family: remestemcel-L (Osiris hMSC), same active substance; same as PROCHYMAL (prochymal)" in out
    assert "Status as of 2026-02 (latest evidence)  [VERIFIED: S94, S96b, H08, Q26]" in out
    assert "Holder: Mesoblast, Inc.  [VERIFIED: G133]" in out
    assert "  - MSB-GVHD001: remestemcel-L in children with steroid-refractory acute GvHD [pivotal; NCT02336230]" in out
    assert "      https://clinicaltrials.gov/study/NCT02336230" in out
    assert "  - exclusivity (US): 12-year biologic exclusivity, to December 2036.  [VERIFIED: S94]" in out
    assert "  - 2020-10 US review-step: Complete response letter" in out
    stemirac = run("product", "stemirac").stdout
    assert "Term: 7 years, ending 2025-12-28 (derived: approval date + 7 years)" in stemirac
    assert "  - 2025-11-14 JP filing: Application for full approval" in stemirac


def test_not_approved_records_of_2026() -> None:
    gmsc = json_list("product", "gmsc1")[0]
    assert (gmsc["approved"], gmsc["verdict"], gmsc["jurisdiction"]) == (False, "not-approved", "JP")
    assert "TWOCELLS" in gmsc["developer"]["name"]
    claim = run("product", "whartocell")
    assert claim.exit_code == 0 and "WhartoCell  REPORTED APPROVAL, NOT CONFIRMED" in claim.stdout
    assert json_list("product", "whartocell")[0]["verdict"] == "unverified-claim"
    assert "whartocell" not in {r["product"] for r in json_list("products")}


def test_fact_sheet_errata_are_listed_apart() -> None:
    rows = json_list("errata", "--corrects", "fact-sheet")
    assert [r["id"] for r in rows] == ["F-E1", "F-E2", "F-E3", "F-E4", "F-E5", "F-E6", "F-E7"]
    assert all(r["corrects"] == "fact-sheet" for r in rows)
    seed = json_list("errata", "--corrects", "SOURCE-REVIEW")
    assert seed and all(r["id"][0] in "PT" for r in seed)


def test_timeline_tells_the_relicensing_and_later_events() -> None:
    korea = json_list("timeline", "--country", "KR", "--since", "2021", "--category", "regulatory-other")
    assert [(e["date"], e["products"]) for e in korea][:2] == [
        ("2021-04-13", ["hearticellgram-ami"]),
        ("2021-08-27", ["cartistem"]),
    ]
    assert all(e["category"] == "regulatory-other" and e["citations"] for e in korea)


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["products", "--pathway", "fast"],
            "msc: error: --pathway: unknown value 'fast'\nmsc: hint: choose from: full, standard, conditional, "
            "conditional-time-limited, limited, provisional, hospital-exemption, unknown\n",
        ),
        (
            ["products", "--expires-before", "2031-02-30"],
            "msc: error: --expires-before: '2031-02-30' is not a real date (day is out of range for month)\n",
        ),
        (
            ["products", "--expires-before", "soon"],
            "msc: error: --expires-before: 'soon' is not a year or a date\nmsc: hint: give a year: 2032\n",
        ),
        (
            ["trials", "--role", "main"],
            "msc: error: --role: unknown value 'main'\nmsc: hint: choose from: pivotal, supporting, confirmatory, "
            "follow-up, post-marketing, development\n",
        ),
        (
            ["errata", "--corrects", "sheet"],
            "msc: error: --corrects: unknown value 'sheet'; did you mean 'fact-sheet'?\n"
            "msc: hint: choose from: source-review, fact-sheet\n",
        ),
    ],
)
def test_bad_values_are_one_error_line_and_a_hint(args: list[str], stderr: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr)


def test_unknown_product_in_trials_is_not_found() -> None:
    result = run("links", "ryoncl")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("msc: error: no product matches 'ryoncl'; did you mean 'RYONCIL'")


# -- the catalogue's age ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "said"), [("2026-11-25", False), ("2027-11-30", False), ("2027-12-01", True), ("2031-01-01", True)]
)
def test_an_old_catalogue_says_so_once(monkeypatch: pytest.MonkeyPatch, today: str, said: bool) -> None:
    monkeypatch.setenv("MSC_TODAY", today)
    result = run("products", "--country", "KR", "-f", "csv")
    assert result.exit_code == 0 and result.stdout.startswith("product,")
    note = freshness.staleness("2026-11", (int(today[:4]), int(today[5:7])))
    assert (note is not None) == said
    assert result.stderr == (f"msc: {note}\n" if note else "")
    if said:
        assert "approvals and statuses may have changed" in result.stderr and result.stderr.count("\n") == 1


def test_a_bad_msc_today_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSC_TODAY", "tomorrow")
    result = run("products")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("msc: error: MSC_TODAY='tomorrow' is not a date")


# -- the data ---------------------------------------------------------------------------------------------------------


def test_every_fact_has_a_mark_and_references_that_resolve(cat: Catalogue) -> None:
    assert list(checks.problems(cat)) == []
    ref_ids = {r.id for r in cat.references}
    for product in cat.products:
        for path, item in checks.cited_items(product):
            assert item.mark in {"VERIFIED", "SEED-ONLY", "CONFLICT"}, (product.id, path)
            assert item.refs and set(item.refs) <= ref_ids, (product.id, path)
    for family in cat.families:
        assert family.refs and set(family.refs) <= ref_ids


def test_no_unverified_fact_is_shipped() -> None:
    for path in DATA.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"mark: *\"?UNVERIFIED|\[UNVERIFIED|INFERENCE\]", text), path


def test_every_status_has_an_as_of_date_within_the_catalogue(cat: Catalogue) -> None:
    for product in cat.products:
        for approval in product.approvals:
            assert re.fullmatch(r"\d{4}(-\d{2}){0,2}", approval.status_as_of), product.id
            assert approval.status_as_of[:7] <= cat.meta.as_of, product.id
            if approval.date is not None:
                assert approval.status_as_of >= approval.date[: len(approval.status_as_of)], product.id
            assert approval.status_refs, (product.id, approval.jurisdiction)


def test_every_registry_id_matches_its_registry(cat: Catalogue) -> None:
    ids = [i for p in cat.products for t in p.trials for i in t.registry]
    assert all(registry_of(i) is not None for i in ids)
    used = {registry.name for i in ids for registry in [registry_of(i)] if registry}
    assert used == {r.name for r in REGISTRIES} - {"jRCT (Japan)"}  # Stemirac's jRCT record is not tied to it
    for product in cat.products:
        for trial in product.trials:
            assert len(set(trial.registry)) == len(trial.registry)


def test_a_user_trial_with_a_bad_registry_id_is_named(tmp_path: Path) -> None:
    text = (DATA / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "ryoncil.yaml").write_text(text.replace("[NCT02336230]", "[NCT0233623]"), "utf-8")
    result = run("data", "validate", str(tmp_path))
    assert result.exit_code == 1
    assert "'NCT0233623' is not an id of a known trial registry" in result.stdout + result.stderr
    assert "trials[0].registry" in result.stdout + result.stderr


def test_a_user_family_naming_an_unknown_product_is_named(tmp_path: Path) -> None:
    (tmp_path / "families.yaml").write_text(
        "- {id: mine, name: Mine, relation: same, members: [nope], lineage: a, mark: VERIFIED, refs: [S04]}\n",
        encoding="utf-8",
    )
    result = run("data", "validate", str(tmp_path))
    assert result.exit_code == 1 and "unknown product 'nope'" in result.stdout + result.stderr


def test_local_regulatory_facts_are_marked_local(tmp_path: Path) -> None:
    text = (DATA / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "ryoncil.yaml").write_text(text, encoding="utf-8")
    record = json_list("--data-dir", str(tmp_path), "product", "ryoncil")[0]
    local = "local:products/ryoncil.yaml"
    for group in ("trials", "designations", "documents", "events"):
        assert all(item["mark"] == "LOCAL" and item["refs"] == [local] for item in record[group]), group
    assert record["approvals"][0]["holder_refs"] == [local]
    assert json_list("--data-dir", str(tmp_path), "trials", "ryoncil", "--verified") == []


# -- the arithmetic and the patterns ---------------------------------------------------------------------------------


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2150, 12, 31)), st.integers(min_value=0, max_value=40))
def test_add_years_moves_only_the_year(start: date, years: int) -> None:
    end = date.fromisoformat(add_years(start.isoformat(), years))
    assert end.year == start.year + years and end.month == start.month
    assert end.day == start.day or (start.month, start.day, end.day) == (2, 29, 28)


@given(st.integers(min_value=1000, max_value=9999))
def test_a_year_excludes_from_its_first_day(year: int) -> None:
    assert parse_before(str(year)) == f"{year}-01-01"


def test_term_end_is_derived_and_validity_is_stated(cat: Catalogue) -> None:
    ends = {(p.id, a.jurisdiction): approval_end(a) for p in cat.products for a in p.approvals}
    assert ends[("akuugo", "JP")] == ("2031-07-31", "derived")
    assert ends[("prochymal", "NZ")] == ("2016-06-14", "derived")
    assert ends[("alofisel", "RS")] == ("2025-06-18", "stated")
    assert ends[("ryoncil", "US")] == (None, None)


@given(st.from_regex(r"NCT\d{8}", fullmatch=True))
def test_clinicaltrials_ids_link_to_their_record(trial_id: str) -> None:
    assert registry_url(trial_id) == f"https://clinicaltrials.gov/study/{trial_id}"


@pytest.mark.parametrize(
    ("trial_id", "registry"),
    [
        ("2011-006064-43", "EU Clinical Trials Register (EudraCT)"),
        ("jRCT2091220154", "jRCT (Japan)"),
        ("ChiCTR2000035740", "ChiCTR (China)"),
        ("CTRI/2018/09/015785", "CTRI (India)"),
        ("NCT1234567", None),
        ("nct01234567", None),
        ("ChiCTR-2000035740", None),
        ("NCT01234567 ", None),
    ],
)
def test_registry_patterns(trial_id: str, registry: str | None) -> None:
    found = registry_of(trial_id)
    assert (found.name if found else None) == registry


def test_product_events_are_in_date_order(cat: Catalogue) -> None:
    for product in cat.products:
        dates = [e.date for e in product.events]
        for earlier, later in pairwise(dates):
            shared = min(len(earlier), len(later))  # a year-only date sits anywhere in its year
            assert earlier[:shared] <= later[:shared], (product.id, earlier, later)


def test_a_source_cited_by_two_sheets_says_so(cat: Catalogue) -> None:
    seen: dict[str, str] = {}
    for reference in cat.references:
        for url in reference.urls:
            key = url.rstrip("/").replace("http://", "https://").replace("www.", "")
            if key in seen:
                assert reference.note and f"The same source as {seen[key]}" in reference.note, reference.id
            seen.setdefault(key, reference.id)


def test_a_not_approved_record_may_not_take_a_products_id(tmp_path: Path) -> None:
    (tmp_path / "not-approved.yaml").write_text(
        "- {id: ryoncil, name: X, verdict: not-approved, reason: r, mark: VERIFIED, refs: [S04]}\n", encoding="utf-8"
    )
    result = run("data", "validate", str(tmp_path))
    assert result.exit_code == 1
    assert "not-approved.yaml · ryoncil\n  Field: id\n  Level: error\n  Problem: also a product's id" in result.stdout
