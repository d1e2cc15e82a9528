"""msc timeline: history file + catalogue-derived approvals, filters, formats, the picture export."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from msccli.catalogue import catalog
from msccli.lookup import timeline

from ..conftest import json_list, run

FACTS = Path(__file__).resolve().parents[1] / "fixtures" / "facts" / "timeline.md"  # a copy of the fact sheet


def events(*args: str) -> list[dict[str, Any]]:
    return json_list("timeline", *args)


def test_approvals_since_2010_in_date_order() -> None:
    data = events("--since", "2010", "--category", "regulatory-approval")
    dated = [(e["date"], e["products"]) for e in data if e["origin"] == "catalogue"]
    assert dated[:4] == [
        ("2011-07-01", ["hearticellgram-ami"]),
        ("2012-01", ["cartistem"]),
        ("2012-01", ["cupistem"]),
        ("2012-05-17", ["prochymal"]),
    ]
    assert [e["date"] for e in data] == sorted(e["date"] for e in data)
    assert ("2021-09-27", ["alofisel"]) in dated
    assert all(e["category"] == "regulatory-approval" for e in data)


def test_alofisel_withdrawal_is_a_withdrawal_and_japan_is_2021_09() -> None:
    data = events("--product", "alofisel")
    assert [(e["date"], e["category"], e["jurisdictions"]) for e in data] == [
        ("2018-03-23", "regulatory-approval", ["EU"]),
        ("2019-01-09", "regulatory-other", ["GB"]),
        ("2019-07-08", "regulatory-other", ["GB"]),
        ("2020-06-18", "regulatory-approval", ["RS"]),
        ("2021-09-27", "regulatory-approval", ["JP"]),
        ("2021-11-25", "regulatory-other", ["JP"]),
        ("2024-12-13", "withdrawal", ["EU"]),
    ]


def test_every_dated_approval_and_withdrawal_is_on_the_timeline() -> None:
    cat = catalog.load()
    on_timeline = {
        (p, j, e["date"], e["category"]) for e in events() for p in e["products"] for j in e["jurisdictions"]
    }
    for product in cat.products:
        for approval in product.approvals:
            if approval.date:
                assert (product.id, approval.jurisdiction, approval.date, "regulatory-approval") in on_timeline
            if approval.status == "withdrawn":
                assert (product.id, approval.jurisdiction, approval.status_date, "withdrawal") in on_timeline


def test_every_sheet_event_is_present_with_its_date_and_mark() -> None:
    text = FACTS.read_text(encoding="utf-8")
    block = text[text.index("```yaml") + 7 : text.index("```", text.index("```yaml") + 7)]
    sheet = yaml.safe_load(block)
    ours = {e["id"]: e for e in events()}
    assert len(sheet) == 47
    for event in sheet:
        mine = ours[event["id"]]  # KeyError names a missing event
        # same date, or the same date given more precisely by the products sheet (2011-07 -> 2011-07-01)
        assert mine["date"].startswith(event["date"]), event["id"]
        if mine["origin"] == "history":
            assert mine["mark"] == event["status"], event["id"]
            assert len(mine["citations"]) == len(event["references"]), event["id"]


def test_filters_combine() -> None:
    assert [e["id"] for e in events("--search", "Caplan", "--until", "1995")] == [
        "1991-caplan-names-msc",
        "1992-osiris-founded",
        "1995-lazarus-first-human-infusion",
    ]
    korea = events("--country", "韓國")
    assert {e["jurisdictions"][0] for e in korea} == {"KR"}
    # four approvals, then re-licensing (2021), enforcement and NeuroNata-R's licence-change review: no withdrawal
    assert [e["category"] for e in korea].count("regulatory-approval") == 4
    assert "withdrawal" not in {e["category"] for e in korea}
    assert [e["date"] for e in korea if "Re-licensed" in e["text"]] == ["2021-08-27"] * 4
    both = events("--category", "regulatory")
    assert {e["category"] for e in both} == {"regulatory-approval", "regulatory-other"}
    assert {e["category"] for e in events("--category", "withdrawal,industry")} == {"withdrawal", "industry"}
    assert all(e["mark"] == "VERIFIED" for e in events("--verified"))


def test_search_in_chinese() -> None:
    assert [e["id"] for e in events("--search", "沃頓膠")] == ["1991-whartons-jelly-cells"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--category", "approvals"], "--category: unknown value 'approvals'; did you mean 'regulatory-approval'?"),
        (["--since", "2020", "--until", "1990"], "--since: 2020 is after --until 1990"),
        (["--country", "Narnia"], "no jurisdiction matches 'Narnia'"),
        (["--product", "nonexistent"], "no product matches 'nonexistent'"),
        (["--export", "out.pdf"], "--output: cannot tell a format from the file name 'out.pdf'"),
    ],
)
def test_bad_input(args: list[str], message: str) -> None:
    result = run("timeline", *args)
    assert result.exit_code == (1 if message.startswith("no ") else 2)  # not found, or bad input
    assert result.stdout == ""
    assert message in result.stderr


def test_terminal_view_at_60_columns_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # a terminal: text is wrapped to its width
    raw = run("timeline", "--until", "1974").stdout
    assert not re.search("\x1b\\[[0-9;]*3[0-9]", raw)  # bold and underline, but no colour
    out = re.sub("\x1b\\[[0-9;]*m", "", raw)
    lines = out.splitlines()
    assert lines[0] == "1960s"
    assert lines[1].startswith("1966        ◆  Friedenstein and colleagues")
    assert "1970s" in lines
    assert max(len(line) for line in lines) <= 60
    assert "◆ discovery" in out


def test_other_formats() -> None:
    csv_lines = run("timeline", "--until", "1970", "-f", "csv").stdout.splitlines()
    assert csv_lines[0].startswith("id,date,date_end,precision,year,category,text,text_zh")
    assert len(csv_lines) == 3
    assert yaml.safe_load(run("timeline", "--until", "1966", "-f", "yaml").stdout)[0]["year"] == 1966
    assert len(run("timeline", "--until", "1970", "-f", "jsonl").stdout.splitlines()) == 2
    assert "| 1966 | discovery |" in run("timeline", "--until", "1966", "-f", "markdown").stdout


def test_svg_export_is_well_formed_and_has_every_event(tmp_path: Path) -> None:
    out = tmp_path / "history.svg"
    result = run("timeline", "--export", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert f"wrote {len(timeline.events(catalog.load()))} events" in result.stderr
    root = ET.parse(out).getroot()
    ids = {g.get("id") for g in root.iter("{http://www.w3.org/2000/svg}g")}
    assert ids == {e.id for e in timeline.events(catalog.load())} | {"legend-categories", "legend-marks"}
    text = out.read_text(encoding="utf-8")
    assert "<script" not in text and "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "@import" not in text and "url(" not in text


def test_html_export_is_self_contained(tmp_path: Path) -> None:
    out = tmp_path / "history.html"
    args = ("--since", "2024", "--category", "regulatory-approval,withdrawal")
    assert run("timeline", *args, "--export", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text and "<link" not in text
    assert len(re.findall(r"<li><time", text)) == 4  # Akuugo, the Alofisel withdrawal, Ryoncil, China


def test_export_into_a_missing_directory_is_an_input_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir.svg"
    result = run("timeline", "--export", str(target))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"msc: error: {target}, --output: cannot write there (No such file or directory)\n"


def test_export_never_replaces_a_file_unasked_nor_writes_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "history.svg"
    target.write_text("mine", encoding="utf-8")
    refused = run("timeline", "--export", str(target))
    assert refused.stderr == f"msc: error: {target}, --output: already exists; add --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("timeline", "--export", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<svg")
    link = tmp_path / "link.svg"
    link.symlink_to(tmp_path / "elsewhere.svg")
    through = run("timeline", "--export", str(link), "--force")
    assert through.exit_code == 2 and "is a symbolic link" in through.stderr
    assert not (tmp_path / "elsewhere.svg").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.svg", "link.svg"]  # no temporary file left


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_export_renders_in_a_browser(tmp_path: Path) -> None:
    page = tmp_path / "history.html"
    shot = tmp_path / "shot.png"
    assert run("timeline", "--export", str(page)).exit_code == 0
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1000,1200",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 1200)
    assert len(data) > 20_000  # a blank page compresses to a few kB; the timeline does not
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-logging=stderr",
         "--v=0", f"--user-data-dir={tmp_path / 'profile2'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert dom.stdout.count("<svg") == 1 and dom.stdout.count("<li>") == len(events())
    assert [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line] == []


def test_search_in_simplified_finds_traditional_text() -> None:
    assert [e["id"] for e in events("--search", "沃顿胶")] == ["1991-whartons-jelly-cells"]
