"""A day's lots from one sample sheet, and the release report a reviewer signs: every lot's verdict, bad rows all
at once, the same answer on one core or two, an HTML file that holds whatever text the files carry literally."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ..conftest import run
from .test_fcs import panel, write_tube

pytest.importorskip("numpy")

EXAMPLE = Path(__file__).parents[2] / "data" / "examples" / "sheet"


def records(*args: str) -> list[dict]:
    result = run("isct-check", *args, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    found: list[dict] = json.loads(result.stdout)
    return found


def test_the_example_sheet_gives_every_lot_its_verdict() -> None:
    result = run("isct-check", "--sheet", "example", "-f", "json")
    assert result.exit_code == 1  # lot B fails: the exit status covers every lot
    lots = json.loads(result.stdout)
    assert [(r["lot"], r["verdict"], r["problems"]) for r in lots] == [
        ("LOT-A", "PASS", []),
        ("LOT-B", "FAIL", [lots[1]["problems"][0]]),
    ]
    assert lots[1]["problems"][0].startswith("CD105 8") and lots[1]["problems"][0].endswith(" (needs >= 95)")
    controls = {m["marker"]: m["control"] for m in lots[1]["measurements"]}
    assert controls["CD73"] == "lot-b-fmo-cd73.fcs" and controls["CD105"] == "lot-b-isotype.fcs"
    assert lots[0]["source"].endswith("day.csv: 2, 3")


def test_one_core_or_two_give_the_same_json_and_report(tmp_path: Path) -> None:
    reports = []
    outputs = []
    for jobs in ("1", "2"):
        path = tmp_path / f"r{jobs}.html"
        result = run("isct-check", "--sheet", "example", "--jobs", jobs, "--singlets", "FSC-A/FSC-H",
                     "--report", str(path), "-f", "json")  # fmt: skip
        outputs.append(result.stdout)
        command = re.compile(r'<p class="mono">msc isct-check .*?</p>')  # the command line names --jobs itself
        reports.append(command.sub("", path.read_text(encoding="utf-8")))
    assert outputs[0] == outputs[1] and reports[0] == reports[1]


def test_columns_the_sheet_does_not_read_are_said(tmp_path: Path) -> None:
    for name in ("lot-a-stained.fcs", "lot-a-isotype.fcs"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    sheet = tmp_path / "day.csv"
    sheet.write_text("lot,file,role,viabilty,comment\nA,lot-a-stained.fcs,stained,95,\n"
                     "A,lot-a-isotype.fcs,control,,ok\n", encoding="utf-8")  # fmt: skip
    result = run("isct-check", "--sheet", str(sheet))
    assert "msc: warning: the sample sheet's columns viabilty, comment are not read" in result.stderr


def test_bad_rows_are_reported_all_at_once(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE / "lot-a-stained.fcs", tmp_path / "s.fcs")
    sheet = tmp_path / "day.csv"
    sheet.write_text(
        "lot,file,role,osteogenic\nL1,s.fcs,stained,pass\nL1,gone.fcs,control,\nL1,s.fcs,fmo:xyz,\n"
        "L1,s.fcs,isotype-ish,maybe\nL2,s.fcs,control,\nL1,.,unstained,\n",
        encoding="utf-8",
    )
    result = run("isct-check", "--sheet", str(sheet))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"msc: error: {sheet}: row 3, file: no such file 'gone.fcs' (paths are relative to the sheet)",
        f"msc: error: {sheet}: row 4, role: 'xyz' is not a marker name (e.g. CD73, CD79a, HLA-DR)",
        f"msc: error: {sheet}: row 5, role: 'isotype-ish' is not a role: stained, control, unstained or fmo:MARKER",
        f"msc: error: {sheet}: row 5, osteogenic: 'maybe' is not valid: expected pass/fail, yes/no or true/false",
        f"msc: error: {sheet}: row 7, file: '.' is a folder, not a file",
        f"msc: error: {sheet}: lot L2 has no stained tube",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sheet", "example", "--control", "x.fcs"], "give no --control with it"),
        (["--sheet", "example", "--jobs", "0"], "--jobs: --jobs is a number of processes (1 or more)"),
        (["--sheet", "example", "--fcs", "x.fcs"], "give one input"),
        (["--sheet", "example", "--report", "r.pdf"], "--report: a release report is an HTML file: name it r.html"),
        (["--example", "--gating-ml", "g.xml"], "--gating-ml writes the gates of FCS input"),
        (["--sheet", "example", "--gating-ml", "/no/such/folder/g.xml"], "--gating-ml: cannot write there"),
    ],
)
def test_sheet_and_report_usage_errors(args: list[str], message: str) -> None:
    result = run("isct-check", *args)
    assert (result.exit_code, result.stdout) == (2, "") and message in result.stderr.splitlines()[0]


class Tags(HTMLParser):
    """Every element opened and closed, in order, and the text: a report that is not well formed fails."""

    VOID = frozenset({"meta", "br", "line", "rect", "polygon", "path", "circle"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.counts: dict[str, int] = {}
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
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


def test_the_report_has_a_section_per_lot_with_every_picture(tmp_path: Path) -> None:
    path = tmp_path / "day.html"
    result = run("isct-check", "--sheet", "example", "--gate", "FSC-A>10000", "--singlets", "FSC-A/FSC-H",
                 "--report", str(path))  # fmt: skip
    assert result.exit_code == 1 and f"msc: wrote {path}" in result.stderr
    tags = parsed(path)
    text = " ".join(tags.text)
    assert tags.counts["section"] == 3  # the summary, then one per lot
    assert tags.counts["svg"] == 2 * (4 + 2)  # per lot: 4 marker histograms, the scatter and singlet gates
    assert "script" not in tags.counts and "http" not in path.read_text(encoding="utf-8").replace(
        "http://www.w3.org/2000/svg", ""
    )  # self-contained: nothing fetched
    for needle in ("Lot release report", "Lot LOT-B", "CD105 8", "lot-b-fmo-cd73.fcs", "Reviewed by",
                   "95% percentile bootstrap", "SHA-256", "$CYT=msc example (simulated data)",
                   "FSC-A>10000: 11,279 / 11,889", "msc isct-check --sheet example"):  # fmt: skip
        assert needle in text, needle
    assert path.stat().st_size < 2 * 2**20 * 2  # binned pictures: under 2 MB a lot


def test_text_from_files_is_never_markup(tmp_path: Path, control: Path) -> None:
    columns = panel([0.99, 0.99])
    columns["APC-A"] = ("CD73 <b>&'\"", 0.99)  # a stain name with markup characters
    stained = write_tube(tmp_path / "<img src=x>.fcs", columns)
    path = tmp_path / "r.html"
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--lot", "L<script>1",
                 "--report", str(path))  # fmt: skip
    assert result.exit_code == 1, result.stderr
    html = path.read_text(encoding="utf-8")
    assert "<script>" not in html and "<img src=x>" not in html and "<b>" not in html
    tags = parsed(path)
    text = " ".join(tags.text)
    assert "Lot L<script>1" in text and "<img src=x>.fcs" in text


def test_the_report_speaks_chinese_and_will_not_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "day.html"
    assert run("isct-check", "--sheet", "example", "--report", str(path), "--lang", "zh").exit_code == 1
    html = path.read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in html and "批次放行报告" in html and "审核人" in html
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
    sections = path.read_text(encoding="utf-8").split('<section class="lot">')
    assert len(sections) == 3
    assert "small.fcs: 5,000 events used, fewer than 10,000" in sections[1]
    assert "fewer than 10,000" not in sections[0] + sections[2]  # not before the lots, not in lot B


def test_a_lot_file_gets_a_report_too(tmp_path: Path) -> None:
    path = tmp_path / "lots.html"
    result = run("isct-check", "--example", "--report", str(path))
    lots = json.loads(run("isct-check", "--example", "-f", "json").stdout)
    assert result.exit_code == 1 and len(lots) > 1
    tags = parsed(path)
    text = " ".join(tags.text)
    assert tags.counts["section"] == 1 + len(lots) and "svg" not in tags.counts  # no FCS: no pictures
    assert all(f"Lot {lot['lot']}" in text for lot in lots) and "lots.csv" in text


@pytest.fixture
def control(tmp_path: Path) -> Path:
    return write_tube(tmp_path / "isotype.fcs", panel([0.0, 0.0, 0.0], 0.0), seed=2)
