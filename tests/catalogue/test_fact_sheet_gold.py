"""Gold from outside: the fact sheets' summary tables, re-read from the copies under tests/fixtures/facts, against
what msc prints. A sheet that changes a date, a term or a status makes this fail until the data follows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..conftest import json_list

FACTS = Path(__file__).resolve().parents[1] / "fixtures" / "facts"


def sheet(name: str) -> str:
    return (FACTS / name).read_text(encoding="utf-8")


def summary_row(text: str, key: str) -> str:
    """The row of a sheet's markdown summary table whose first cell is `key`."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == key:
            return line
    raise AssertionError(f"no summary row {key!r}")


def field_row(text: str, field: str) -> str:
    """The value cell of a `| field | value | mark |` table row."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] == field:
            return cells[1]
    raise AssertionError(f"no field row {field!r}")


def approval(product: str, jurisdiction: str) -> dict[str, object]:
    found = [a for a in json_list("product", product)[0]["approvals"] if a["jurisdiction"] == jurisdiction]
    assert len(found) == 1
    return found[0]


def dates(text: str) -> list[str]:
    return re.findall(r"\d{4}-\d{2}-\d{2}", text)


def test_nc1_matches_the_december_sheets_field_table() -> None:
    text = sheet("updates-2026-12.md")
    spain = approval("nc1", "ES")
    assert field_row(text, "name") == json_list("product", "nc1")[0]["name"]
    assert field_row(text, "regulator").startswith(str(spain["regulator"]))
    assert field_row(text, "date").startswith(str(spain["date"]))
    assert "intrathecal" in field_row(text, "route") and spain["pathway"] == "hospital-exemption"
    assert field_row(text, "dose").startswith("not found")
    assert json_list("product", "nc1")[0]["dosing"][0]["amount"]["kind"] == "not-stated"
    assert field_row(text, "status").startswith(str(spain["status"]))


def test_stemirac_term_matches_the_december_sheet() -> None:
    text = sheet("updates-2026-12.md")
    block = text[text.index("**Stemirac's term.**") :]
    start, end, filed = dates(block)[:3]
    stemirac = approval("stemirac", "JP")
    assert (stemirac["date"], stemirac["ends"], stemirac["term"]["pending_application"]) == (start, end, filed)


def test_ryoncil_exclusivity_end_matches_the_december_sheet() -> None:
    text = sheet("updates-2026-12.md")
    block = text[text.index("**Ryoncil orphan exclusivity.**") : text.index("**Stemirac's term.**")]
    end = re.search(r"is (\d{4}-\d{2}-\d{2}) \(derived", block)
    assert end is not None
    texts = [d["text"] for d in json_list("product", "ryoncil")[0]["designations"]]
    assert any(f"to {end.group(1)} (derived" in t for t in texts)


def test_prochymal_canada_date_matches_the_december_sheet() -> None:
    text = sheet("updates-2026-12.md")
    block = text[text.index("**Prochymal, Canada,") :]
    assert block.startswith(f"**Prochymal, Canada, {approval('prochymal', 'CA')['date']}.**")


@pytest.mark.parametrize(
    ("key", "product", "jurisdiction", "field", "pattern"),
    [
        ("4a", "alofisel", "RS", "date", r"\*\*RS, (\d{4}-\d{2}-\d{2})\*\*"),
        ("4a", "alofisel", "RS", "valid_until", r"valid to (\d{4}-\d{2}-\d{2})"),
        ("3", "obnitix", "DE", "available_from", r"available_from: (\d{4}-\d{2}-\d{2})"),
        ("9a", "cn-ummsc-pleb001", "CN", "date", r"\((\d{4}-\d{2}-\d{2})\)"),
    ],
)
def test_approval_dates_match_the_november_summary(
    key: str, product: str, jurisdiction: str, field: str, pattern: str
) -> None:
    found = re.search(pattern, summary_row(sheet("updates-2026.md"), key))
    assert found is not None
    assert approval(product, jurisdiction)[field] == found.group(1)


def test_stemirac_filing_and_akuugo_term_match_the_november_summary() -> None:
    text = sheet("updates-2026.md")
    filed = re.search(r"filed (\d{4}-\d{2}-\d{2})", summary_row(text, "5"))
    assert filed is not None
    events = json_list("product", "stemirac")[0]["events"]
    assert any(e["date"] == filed.group(1) and e["kind"] == "filing" for e in events)
    years = re.search(r"(\d+)-year conditional term", summary_row(text, "6"))
    assert years is not None
    assert approval("akuugo", "JP")["term"]["years"] == int(years.group(1))


def test_korean_relicensing_matches_the_november_summary() -> None:
    text = summary_row(sheet("updates-2026.md"), "1b")
    for product in ("hearticellgram-ami", "cartistem", "neuronata-r"):
        assert approval(product, "KR")["status"] == "active"
    assert "by 2021-08-27" in text


def test_quick_corrections_of_the_products_sheet_hold() -> None:
    text = sheet("products.md")
    quick = text[text.index("Quick corrections") : text.index("-----")]
    heavy = re.search(r"≥81 kg dose (\d)×10\^(\d)", quick)
    assert heavy is not None
    bands = json_list("product", "hearticellgram-ami")[0]["dosing"][0]["amount"]["bands"]
    assert bands[-1]["cells"] == int(heavy.group(1)) * 10 ** int(heavy.group(2))
    alofisel = re.search(r"Alofisel JP (\d{4}-\d{2}-\d{2}) and EU withdrawal (\d{4}-\d{2}-\d{2})", quick)
    assert alofisel is not None
    japan, withdrawn = alofisel.groups()
    assert approval("alofisel", "JP")["date"] == japan
    assert approval("alofisel", "EU")["status_date"] == withdrawn
    oa = re.search(r"Stempeucel OA approved (\d{4})", quick)
    assert oa is not None
    assert str(approval("stempeucel-oa", "IN")["date"]).startswith(oa.group(1))
