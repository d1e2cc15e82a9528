"""The release report in a real browser (headless Chromium, which .ci/run installs; skipped with its reason where
it is absent): it renders without a console error with every picture, and printed on Letter and on A4 each lot
takes one page whose margins name the lot, the report id and "page n of m", with no text under 7 pt."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from msccli.release.verify import page_values

from ..conftest import run
from .tubes import matrix_file, panel_tube

pytest.importorskip("numpy")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
needs_poppler = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext is not installed (poppler-utils)")
LONG = "a-very-long-folder-name-for-the-runs-of-the-quality-control-laboratory/2026-12-07-cell-lot-release-panel"


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0",
         f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


def printed(report: Path, tmp_path: Path, paper: str) -> Path:
    """The report printed to PDF on `paper`, as a reader's print dialog sets it (headless Chromium prints Letter)."""
    page = tmp_path / f"{paper}.html"
    page.write_text(report.read_text(encoding="utf-8").replace("@page{margin", f"@page{{size:{paper};margin", 1),
                    encoding="utf-8")  # fmt: skip
    pdf = tmp_path / f"{paper}.pdf"
    chromium(tmp_path / "p", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    width = {"Letter": b"612", "A4": b"594.9"}[paper]
    assert re.search(rb"/MediaBox\s*\[0 0 " + width, data)
    return pdf


def pages(pdf: Path) -> list[str]:
    assert PDFTOTEXT is not None
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "day.html"
    result = run("isct-check", "--sheet", "example", "--gate", "FSC-A>10000", "--singlets", "FSC-A/FSC-H",
                 "--analyst", "QC", "--report", str(path))  # fmt: skip
    assert result.exit_code == 1, result.stderr
    return path


@pytest.fixture(scope="module")
def eight(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One lot of eight markers with a gate, singlets, a matrix file and long folder and file names."""
    base = tmp_path_factory.mktemp("eight")
    folder = base / LONG
    folder.mkdir(parents=True)
    stained = panel_tube(folder / "lot-L8-stained-tube-with-a-long-name-from-the-cytometer.fcs", True, 1)
    control = panel_tube(folder / "lot-L8-isotype-control-tube-with-a-long-name-from-the-cytometer.fcs", False, 2)
    matrix = matrix_file(folder / "compensation-matrix-of-the-day-as-flowjo-exports-it.csv")
    path = base / "release.html"
    result = run("isct-check", "--fcs", str(stained), "--control", str(control), "--comp", str(matrix),
                 "--gate", "FSC-A>20000", "--singlets", "FSC-A/FSC-H", "--lot", "L-8", "--adherent", "--osteo", "pass",
                 "--adipo", "pass", "--chondro", "pass", "--viability", "93.5", "--report", str(path))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return path


def test_it_renders_every_picture_without_a_console_error(example: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path / "p", "--dump-dom", example.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert len(re.findall(r"<svg\b", dom.stdout)) == 12 and dom.stdout.count('<section class="lot"') == 2
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []


def test_the_screenshot_is_not_blank(example: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    chromium(tmp_path / "p", "--window-size=1000,1400", f"--screenshot={shot}", example.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1000, 1400)
    assert len(data) > 60_000  # a blank page compresses to a few kB; tables and histograms do not


@needs_poppler
@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_each_lot_prints_on_one_page_that_names_it(example: Path, tmp_path: Path, paper: str) -> None:
    report_id = page_values(example.read_text(encoding="utf-8"))["report id"]
    text = pages(printed(example, tmp_path, paper))
    assert len(text) == 1 + 2  # the summary, then one page per lot
    for n, (page, what) in enumerate(zip(text, ["summary", "Lot LOT-A", "Lot LOT-B"], strict=True), start=1):
        assert what in page.splitlines()[0] and f"report id {report_id}" in page.splitlines()[0]
        assert f"page {n} of 3" in page and re.search(r"run 20\d\d-\d\d-\d\dT[\d:]+[+-]\d\d:\d\d · analyst QC", page)
    assert "Approved by (QA)" in text[1] and "Approved by (QA)" in text[2]


@needs_poppler
@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_eight_markers_gates_singlets_a_matrix_and_long_names_fit_one_page(
    eight: Path, tmp_path: Path, paper: str
) -> None:
    text = pages(printed(eight, tmp_path, paper))
    assert len(text) == 3  # the summary, the lot, the matrix's appendix
    lot = text[1]
    assert lot.splitlines()[0].split()[:2] == ["Lot", "L-8"] and "page 2 of 3" in lot
    for needle in ("HLA-DR", "CD105", "scatter gate", "singlet gate", "Performed by", "Reviewed by",
                   "Approved by (QA)", "Printed name"):  # fmt: skip
        assert needle in lot, needle
    assert "Appendix: the compensation matrix applied" in text[2] and "page 3 of 3" in text[2]


@needs_poppler
def test_no_printed_text_is_smaller_than_7_pt(eight: Path, tmp_path: Path) -> None:
    pdf = printed(eight, tmp_path, "A4")
    assert PDFTOTEXT is not None
    boxes = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', boxes)
    heights = [float(b) - float(a) for a, b, _ in words]
    seven = [float(b) - float(a) for a, b, word in words if word == "of"]  # "page n of m", set in 7 pt
    assert len(heights) > 500 and seven
    assert min(heights) >= min(seven) - 0.01  # a word's box is its font's height: none smaller than 7 pt
