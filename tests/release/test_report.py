"""The release report a QA unit signs, read as HTML: a summary page and a page per lot, each lot's page naming what a
signer needs (run time, analyst, report id, instrument, both tubes' counts, signatures with their meaning), every
value shown as the tables show it, nothing private, text never markup, and its run record embedded."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from msccli.release.record import canonical
from msccli.release.verify import page_values

from ..conftest import run
from ..isct.test_fcs import panel, write_tube
from .tubes import matrix_file, panel_tube

pytest.importorskip("numpy")

EXAMPLE = Path(__file__).parents[2] / "data" / "examples" / "sheet"
SHEET = ["isct-check", "--sheet", "example", "--gate", "FSC-A>10000", "--singlets", "FSC-A/FSC-H"]
RECORD = re.compile(r'<script type="application/json" id="msc-run-record">(.*?)</script>', re.DOTALL)


class Tags(HTMLParser):
    """Every element opened and closed, in order, its attributes, and the text: a report that is not well formed
    fails."""

    VOID = frozenset({"meta", "br", "line", "rect", "polygon", "path", "circle"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.counts: dict[str, int] = {}
        self.attrs: list[tuple[str, dict[str, Any]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
        self.attrs.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (self.open[-5:], tag)
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(path: Path) -> Tags:
    tags = Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    assert tags.open == []
    return tags


def record_of(path: Path) -> dict[str, Any]:
    match = RECORD.search(path.read_text(encoding="utf-8"))
    assert match is not None
    found: dict[str, Any] = json.loads(match.group(1))
    return found


@pytest.fixture
def day(tmp_path: Path) -> Path:
    path = tmp_path / "day.html"
    result = run(*SHEET, "--analyst", "Dr. Q. Control", "--report", str(path))
    assert result.exit_code == 1, result.stderr
    return path


def test_a_summary_page_then_a_page_per_lot_with_every_picture(day: Path) -> None:
    tags = parsed(day)
    html = day.read_text(encoding="utf-8")
    assert tags.counts["section"] == 3  # the summary, then one per lot
    assert tags.counts["svg"] == 2 * (4 + 2)  # per lot: 4 marker histograms, the scatter and singlet gates
    scripts = [attrs for tag, attrs in tags.attrs if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "msc-run-record"}]  # a data block no browser runs
    assert "http" not in html.replace("http://www.w3.org/2000/svg", "")  # self-contained: nothing fetched
    assert day.stat().st_size < 400 * 1024 * 2  # at most 400 KB a lot


def test_the_report_id_is_the_hash_of_the_embedded_run_record(day: Path) -> None:
    record = record_of(day)
    report_id = hashlib.sha256(canonical(record)).hexdigest()
    values = page_values(day.read_text(encoding="utf-8"))
    assert values["report id"] == report_id
    assert record["format"] == "msc-release-record/1" and record["analyst"] == "Dr. Q. Control"
    assert record["run_at"] == "2026-11-25T09:30:00+01:00" and record["clock"] == "MSC_NOW"
    assert [(i["name"], i["roles"]) for i in record["inputs"]] == [
        ("day.csv", ["sheet"]), ("lot-a-stained.fcs", ["stained"]), ("lot-a-isotype.fcs", ["control"]),
        ("lot-b-stained.fcs", ["stained"]), ("lot-b-isotype.fcs", ["control"]), ("lot-b-fmo-cd73.fcs", ["control"]),
    ]  # fmt: skip
    for item in record["inputs"]:
        assert item["sha256"] == hashlib.sha256((EXAMPLE / item["name"]).read_bytes()).hexdigest()
    assert record["command"] == "msc " + " ".join(SHEET[:4]) + " 'FSC-A>10000' " + " ".join(SHEET[5:]) + (
        " --analyst 'Dr. Q. Control' --report day.html"
    )


def test_every_lot_page_says_when_by_whom_which_report_and_what_signing_means(day: Path) -> None:
    html = day.read_text(encoding="utf-8")
    values = page_values(html)
    report_id = values["report id"]
    assert values["run at"] == "2026-11-25T09:30:00+01:00 (set by MSC_NOW, not read from the clock)"
    assert values["analyst"] == "Dr. Q. Control"
    style = html.split("<style>")[1].split("</style>")[0]
    for n, lot in ((1, "LOT-A"), (2, "LOT-B")):  # each lot's printed page: its lot in the running header
        header = re.search(rf"@page lot-{n}{{@top-left{{content:\"([^\"]*)\"", style)
        assert header is not None and _css_text(header.group(1)) == f"Lot {lot}"
    assert re.search(r'@top-right\{content:"([^"]*)"', style) is not None
    assert _css_text(re.search(r'@top-right\{content:"([^"]*)"', style).group(1)) == f"report id {report_id}"  # type: ignore[union-attr]
    assert 'counter(page) "' in style and "counter(pages)" in style  # page n of m
    lot_b = html.split('<section class="lot"')[2]
    for role, meaning in (("Performed by", "I ran this check on the inputs listed"),
                          ("Reviewed by", "I reviewed this lot's inputs, gates, controls and results"),
                          ("Approved by (QA)", "I approve this record of the lot's identity testing")):  # fmt: skip
        assert f"<h4>{role}</h4>" in lot_b.replace("&#x27;", "'") and meaning in lot_b.replace("&#x27;", "'")
    assert '<span class="filled">Dr. Q. Control</span>' in lot_b  # performed by: the analyst, prefilled


def _css_text(escaped: str) -> str:
    return re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), escaped)


def test_the_instrument_both_tubes_and_failures_are_on_the_page(day: Path) -> None:
    values = page_values(day.read_text(encoding="utf-8"))
    assert values["lot LOT-B file 1 instrument"] == "msc example (simulated data)"
    assert values["lot LOT-B file 1 acquired"] == "07-DEC-2026 09:30:00"
    assert values["lot LOT-B file 1 voltages"] == "FITC-A 500, PE-A 500, PerCP-Cy5-5-A 500, APC-A 500"
    assert values["lot LOT-B file 1 events"] == "12,000 → 11,891 → 11,274 → 10,754 (singlets 1.17-1.33)"
    key = "lot LOT-B CD105 in lot-b-stained.fcs"
    shown = [values[f"{key} {k}"] for k in ("percent", "interval", "threshold", "tube", "events", "positive",
                                            "saturated", "control", "control events", "control above")]  # fmt: skip
    assert shown == ["87.97", "87.33-88.55", "409.12", "T1", "10,754", "9,460", "0", "T2", "10,828", "109"]
    assert values["lot LOT-B profile CD105 value"] == "87.97" and values["lot LOT-B profile CD105 margin"] == "-7.03"
    assert values["lot LOT-B profile CD105 result"] == "✗ FAIL"
    html = day.read_text(encoding="utf-8")
    assert html.count('<tr class="failed">') == 1  # the failed criterion's row, marked, not only the badge
    assert values["lot LOT-B verdict"] == "FAIL" and values["lot LOT-A verdict"] == "PASS"


def test_no_private_folder_reaches_the_page(tmp_path: Path) -> None:
    runs = tmp_path / "private-home" / "runs"
    runs.mkdir(parents=True)
    for name in ("lot-a-stained.fcs", "lot-a-isotype.fcs"):
        shutil.copy(EXAMPLE / name, runs / name)
    out = tmp_path / "reports"
    out.mkdir()
    path = out / "r.html"
    result = run("isct-check", "--fcs", str(runs / "lot-a-stained.fcs"), "--control", str(runs / "lot-a-isotype.fcs"),
                 "--report", str(path), "-f", "json")  # fmt: skip
    assert str(tmp_path) in result.stdout  # the JSON audit keeps full paths
    html = path.read_text(encoding="utf-8")
    assert str(tmp_path) not in html and "private-home" not in html
    record = record_of(path)
    assert [i["name"] for i in record["inputs"]] == ["lot-a-stained.fcs", "lot-a-isotype.fcs"]
    assert (
        record["command"]
        == "msc isct-check --fcs lot-a-stained.fcs --control lot-a-isotype.fcs --report r.html -f json"
    )
    nested = tmp_path / "reports" / "day"  # under the report's folder: named relative to it
    nested.mkdir()
    shutil.copy(EXAMPLE / "lot-a-stained.fcs", nested / "s.fcs")
    again = tmp_path / "reports" / "again.html"
    run(
        "isct-check",
        "--fcs",
        str(nested / "s.fcs"),
        "--control",
        str(runs / "lot-a-isotype.fcs"),
        "--report",
        str(again),
    )
    assert [i["name"] for i in record_of(again)["inputs"]] == ["day/s.fcs", "lot-a-isotype.fcs"]


def test_a_matrix_file_is_shown_with_its_hash_and_values_and_the_audit_says_who_and_when(tmp_path: Path) -> None:
    stained, control = panel_tube(tmp_path / "s.fcs", True, 1), panel_tube(tmp_path / "c.fcs", False, 2)
    matrix = matrix_file(tmp_path / "comp.csv")
    path = tmp_path / "r.html"
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--comp", str(matrix),
                 "--report", str(path), "--analyst", "J. Roe", "-f", "json")  # fmt: skip
    audit = json.loads(result.stdout)[0]["audit"]
    assert (audit["run_at"], audit["analyst"]) == ("2026-11-25T09:30:00+01:00", "J. Roe")
    digest = hashlib.sha256(matrix.read_bytes()).hexdigest()
    assert audit["matrix_file"] == {"file": str(matrix), "sha256": digest, "channels": audit["matrix_file"]["channels"],
                                    "values": audit["matrix_file"]["values"]}  # fmt: skip
    assert len(audit["matrix_file"]["values"]) == 8 and audit["matrix_file"]["values"][0][1] == 0.06
    values = page_values(path.read_text(encoding="utf-8"))
    assert values["matrix FITC-A PE-A"] == "0.0600" and values["matrix PE-A FITC-A"] == "0.0200"
    assert f"comp.csv, SHA-256 {digest}" in path.read_text(encoding="utf-8")
    assert values["lot sample file 1 compensation"] == "applied from comp.csv (8 channels)"
    assert values["lot sample file 1 instrument"] == "Test Cytometer 8 · SN-0042"
    assert values["lot sample file 1 acquired"] == "01-DEC-2026 10:15:00 · J. Doe"
    assert values["lot sample file 1 voltages"].startswith("FITC-A 404, PE-A 405, PerCP-A 406")


def test_everything_recorded_about_a_lot_is_shown(tmp_path: Path) -> None:
    path = tmp_path / "lots.html"
    result = run("isct-check", "--example", "--report", str(path))
    lots = json.loads(run("isct-check", "--example", "-f", "json").stdout)
    assert result.exit_code == 1 and len(lots) == 4
    tags = parsed(path)
    assert tags.counts["section"] == 1 + len(lots) and "svg" not in tags.counts  # no FCS: no pictures
    values = page_values(path.read_text(encoding="utf-8"))
    assert values["lot MSC-001 file 1 name"] == "lots.csv"  # the lot file, identified like an FCS file
    assert values["lot MSC-001 file 1 sha256"] == hashlib.sha256((EXAMPLE.parent / "lots.csv").read_bytes()).hexdigest()
    alone = tmp_path / "alone.html"  # without the spec, viability is judged by no criterion: recorded
    run("isct-check", str(EXAMPLE.parent / "lots.csv"), "--lot", "MSC-003", "--report", str(alone))
    shown = page_values(alone.read_text(encoding="utf-8"))
    assert shown["lot MSC-003 unjudged"] == "Measured, judged by no criterion: CD31 0.40"
    assert (shown["lot MSC-003 profile viability value"], shown["lot MSC-003 profile viability result"]) == (
        "88.00", "recorded (informative)",
    )  # fmt: skip


def test_text_from_files_is_never_markup(tmp_path: Path) -> None:
    control = write_tube(tmp_path / "isotype.fcs", panel([0.0, 0.0, 0.0], 0.0), seed=2)
    columns = panel([0.99, 0.99])
    columns["APC-A"] = ("CD73 <b>&'\"", 0.99)  # a stain name with markup characters
    stained = write_tube(tmp_path / "<img src=x>.fcs", columns)
    path = tmp_path / "r.html"
    lot = 'L</style><script>alert(1)</script>"}\x1b'  # in the page, and in a CSS string of the page's margins
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--lot", lot, "--report", str(path))
    assert result.exit_code == 1, result.stderr
    html = path.read_text(encoding="utf-8")
    assert "<script>" not in html and "<img src=x>" not in html and "<b>" not in html and "\x1b" not in html
    assert html.count("</style>") == 1 and html.count("</script>") == 1
    tags = parsed(path)
    text = " ".join(tags.text)
    assert 'Lot L</style><script>alert(1)</script>"}\\x1b' in text and "<img src=x>.fcs" in text
    assert record_of(path)["lots"][0]["lot"] == lot  # the record keeps the text as it is


def test_the_report_speaks_chinese_and_will_not_overwrite(tmp_path: Path) -> None:
    from msccli.text import i18n

    path = tmp_path / "day.html"
    i18n.MISSING.clear()
    matrix = EXAMPLE.parents[1] / "qualification" / "matrix.csv"
    assert run(*SHEET, "--comp", str(matrix), "--report", str(path), "--lang", "zh").exit_code == 1
    assert not i18n.MISSING  # every label, criterion wording and provenance phrase asked for in Chinese
    html = path.read_text(encoding="utf-8")
    values = page_values(html)
    assert '<html lang="zh-Hans">' in html and "批次放行报告" in html
    for label in ("执行人", "审核人", "批准人（QA）", "染色管", "满量程", "报告编号", "运行时间", "分析人员"):
        assert label in html, label
    assert values["lot LOT-B profile CD14 or CD11b criterion"] == (
        "CD14 或 CD11b [CD34/CD11b/CD19/CD45/HLA-DR 混合抗体通道]"
    )
    for english in ("Stained tube", "At full scale", "Performed by", "Printed name", "Events: read"):
        assert english not in html, english
    again = run("isct-check", "--sheet", "example", "--report", str(path))
    assert (again.exit_code, again.stdout) == (2, "")  # refused before the lots are checked
    assert again.stderr.splitlines()[0] == f"msc: error: {path}, --report: already exists; add --force to replace it"
    assert run("isct-check", "--sheet", "example", "--report", str(path), "--force").exit_code == 1


def test_each_lot_shows_its_own_warnings(tmp_path: Path) -> None:
    write_tube(tmp_path / "small.fcs", panel([0.99, 0.99, 0.99], 0.0), events=5_000)
    write_tube(tmp_path / "iso.fcs", panel([0.0, 0.0, 0.0], 0.0), seed=2)
    shutil.copy(EXAMPLE / "lot-a-stained.fcs", tmp_path / "big.fcs")
    shutil.copy(EXAMPLE / "lot-a-isotype.fcs", tmp_path / "big-iso.fcs")
    sheet = tmp_path / "day.csv"
    sheet.write_text("lot,file,role\nS,small.fcs,stained\nS,iso.fcs,control\nB,big.fcs,stained\n"
                     "B,big-iso.fcs,control\n", encoding="utf-8")  # fmt: skip
    path = tmp_path / "day.html"
    result = run("isct-check", "--sheet", str(sheet), "--report", str(path))
    assert "msc: warning: lot S: small.fcs: 5,000 events used, fewer than 10,000" in result.stderr
    sections = path.read_text(encoding="utf-8").split("<script")[0].split('<section class="lot"')
    assert len(sections) == 3
    assert "small.fcs: 5,000 events used, fewer than 10,000" in sections[1]
    assert "fewer than 10,000" not in sections[0] + sections[2]  # not before the lots, not in lot B


def test_one_core_or_two_give_the_same_json_and_report(tmp_path: Path) -> None:
    pages, outputs = [], []
    for jobs in ("1", "2"):
        path = tmp_path / f"r{jobs}.html"
        result = run("isct-check", "--sheet", "example", "--jobs", jobs, "--singlets", "FSC-A/FSC-H",
                     "--report", str(path), "-f", "json")  # fmt: skip
        outputs.append(result.stdout)
        html = path.read_text(encoding="utf-8")  # the lots' pages: the command line names --jobs itself
        pages.append(html[html.index('<section class="lot"') : html.index("</main>")])
    assert outputs[0] == outputs[1] and pages[0] == pages[1]


def test_a_report_needs_an_analyst(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    def nobody() -> str:
        raise OSError("no login name")

    monkeypatch.setattr(getpass, "getuser", nobody)
    result = run("isct-check", "--example", "--report", str(tmp_path / "r.html"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "msc: error: --analyst: msc cannot tell who runs it: a release report names its analyst",
        "msc: hint: give --analyst NAME",
    ]
    assert not (tmp_path / "r.html").exists()
    bad = run("isct-check", "--example", "--analyst", "a\nb", "--report", str(tmp_path / "r.html"))
    assert bad.stderr.splitlines()[0] == "msc: error: --analyst: an analyst is a name on one line"
    monkeypatch.setenv("MSC_NOW", "yesterday")
    late = run("isct-check", "--example", "--analyst", "A", "--report", str(tmp_path / "r.html"))
    assert late.stderr.splitlines()[0] == "msc: error: MSC_NOW='yesterday' is not a date and time with its UTC offset"


@pytest.mark.parametrize(("x_max", "y_max"), [(100_000.0, 60_000.0), (100_000.0, 95_000.0), (50_000.0, 20_000.0)])
def test_the_singlet_picture_draws_each_edge_of_the_band_msc_applied(x_max: float, y_max: float) -> None:
    from msccli.release import figures_svg

    plot = {"kind": "singlets", "x": "FSC-A", "y": "FSC-H", "x_max": x_max, "y_max": y_max, "low": 1.1,
            "high": 1.4, "counts": [[0] * 64 for _ in range(64)]}  # fmt: skip
    svg = figures_svg.density(plot, "singlets", "singlet gate")
    lines = re.findall(r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)" stroke="#dc2626"', svg)
    assert len(lines) == 2
    left, bottom, size = 26, figures_svg.DENS - 22, figures_svg.DENS - 26 - 4  # the plot box (inner width)
    height = figures_svg.DENS - 12 - 22
    for (x1, y1, x2, y2), ratio in zip(lines, (1.1, 1.4), strict=True):
        assert (float(x1), float(y1)) == (left, bottom)  # from the origin
        area = (float(x2) - left) / size * x_max
        tall = (bottom - float(y2)) / height * y_max
        assert tall == pytest.approx(area / ratio, rel=0.01)  # on the line height = area / ratio
        on_top, on_right = tall == pytest.approx(y_max, rel=0.01), area == pytest.approx(x_max, rel=0.01)
        assert on_top or on_right  # and it ends where it leaves the box, never past it


def test_a_note_naming_a_file_names_it_as_the_report_does(tmp_path: Path) -> None:
    lmd = Path(__file__).parents[1] / "fixtures" / "fcs" / "cytoflow" / "beckman-fc500.lmd"
    if not lmd.exists():
        pytest.skip("the real instrument files are not in this copy")
    runs = tmp_path / "private" / "runs"
    runs.mkdir(parents=True)
    shutil.copy(lmd, runs / "tube.lmd")
    path = tmp_path / "out" / "r.html"
    path.parent.mkdir()
    result = run("isct-check", "--fcs", str(runs / "tube.lmd"), "--control", str(runs / "tube.lmd"), "--map",
                 "FL1 Log=CD73", "--report", str(path), "-f", "json")  # fmt: skip
    assert "pick another with " + str(runs / "tube.lmd") + "#N" in result.stdout  # the JSON keeps the full path
    html = path.read_text(encoding="utf-8")
    assert "pick another with tube.lmd#N" in html and "private" not in html
