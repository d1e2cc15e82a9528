"""Files msc writes follow --lang, and the timeline picture reads right: a legend per encoding, colours that stay
apart, and every event's year on the axis."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from msccli.catalogue import catalog
from msccli.lookup import timeline
from msccli.views.timeline_picture import COLOURS

from ..conftest import run

SVG = "{http://www.w3.org/2000/svg}"
OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def picture(tmp_path: Path, *args: str) -> tuple[str, ET.Element]:
    out = tmp_path / "history.svg"
    result = run(*args, "timeline", "--export", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    return text, ET.fromstring(text)


@pytest.mark.parametrize(
    ("lang", "title", "html_lang"),
    [
        ("en", "The history of MSCs", "en"),
        ("zh", "间充质干细胞发展史", "zh-Hans"),
        ("zh-Hant", "間充質幹細胞發展史", "zh-Hant"),
    ],
)
def test_the_timeline_export_follows_lang(tmp_path: Path, lang: str, title: str, html_lang: str) -> None:
    text, root = picture(tmp_path, "--lang", lang)
    assert f">{title}</text>" in text
    first = timeline.events(catalog.load())[0]
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id") == first.id)
    words = "".join(t.text or "" for t in group.iter(f"{SVG}text"))
    assert ("Friedenstein and colleagues" in words) == (lang == "en")
    out = tmp_path / "history.html"
    assert run("--lang", lang, "timeline", "--export", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert f'<html lang="{html_lang}">' in page and f"<title>{title}</title>" in page


def test_each_encoding_has_its_legend_and_colours_stay_apart(tmp_path: Path) -> None:
    text, root = picture(tmp_path)
    assert set(COLOURS.values()) - {"#999999"} <= OKABE_ITO  # one grey besides the palette
    assert len(set(COLOURS.values())) == len(COLOURS)
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "legend-categories")
    assert {t.text for t in legend.iter(f"{SVG}text")} == set(COLOURS)
    marks = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "legend-marks")
    assert "VERIFIED: seen in the cited source" in " ".join(t.text or "" for t in marks.iter(f"{SVG}text"))
    assert "●" not in text  # a mark is a word in the heading, never a second meaning of the category colours


def test_every_events_year_is_on_the_axis_where_its_events_are(tmp_path: Path) -> None:
    _, root = picture(tmp_path)
    labels = {
        int(t.text or "0"): float(t.get("y") or 0)
        for t in root.iter(f"{SVG}text")
        if t.get("text-anchor") == "end" and re.fullmatch(r"\d{4}", t.text or "")
    }
    events = timeline.events(catalog.load())
    assert {e.year for e in events} <= set(labels)
    for group in root.iter(f"{SVG}g"):
        event = next((e for e in events if e.id == group.get("id")), None)
        if event is None:
            continue
        circle = next(group.iter(f"{SVG}circle"))
        if event.year == 1987:  # 1987-05 on its own label, not on 1985's
            assert float(circle.get("cy") or 0) - 8 + 12 == labels[1987]


def test_the_course_calendar_follows_lang(tmp_path: Path) -> None:
    out = tmp_path / "course.ics"
    args = ["--lang", "zh", "dose", "ryoncil", "--weight", "32", "--start", "2026-12-07", "--ics", str(out)]
    assert run(*args).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "SUMMARY:RYONCIL：第 1 次给药（共 8 次）" in text
    from icalendar import Calendar

    parsed = Calendar.from_ical(out.read_bytes())
    assert "每次给药：6.4×10⁷ 个细胞, 9.58 mL" in str(parsed.walk("VEVENT")[0]["description"]).splitlines()
    assert str(parsed["X-WR-CALNAME"]) == "RYONCIL：疗程计划（msc）"
