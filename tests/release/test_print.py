"""The release report in a real browser (headless Chromium, installed by .ci/run): it renders without a console
error, every picture is in the page, the screenshot is not blank, and printed it takes one page per lot."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import run

pytest.importorskip("numpy")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0",
         f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "day.html"
    result = run("isct-check", "--sheet", "example", "--gate", "FSC-A>10000", "--singlets", "FSC-A/FSC-H",
                 "--report", str(path))  # fmt: skip
    assert result.exit_code == 1, result.stderr
    return path


def test_it_renders_every_picture_without_a_console_error(report: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path / "p", "--dump-dom", report.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert len(re.findall(r"<svg\b", dom.stdout)) == 12 and dom.stdout.count('<section class="lot">') == 2
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []


def test_the_screenshot_is_not_blank(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    chromium(tmp_path / "p", "--window-size=1000,1400", f"--screenshot={shot}", report.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1000, 1400)
    assert len(data) > 60_000  # a blank page compresses to a few kB; tables and histograms do not


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_printed_it_takes_one_page_per_lot_after_the_summary(report: Path, tmp_path: Path, paper: str) -> None:
    page = report
    if paper == "A4":  # headless Chromium prints on Letter; a reader's print dialog may choose A4
        page = tmp_path / "a4.html"
        page.write_text(report.read_text(encoding="utf-8").replace("@page{", "@page{size:A4;", 1), encoding="utf-8")
    pdf = tmp_path / "day.pdf"
    chromium(tmp_path / "p", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    width = {"Letter": b"612", "A4": b"594.9"}[paper]
    assert re.search(rb"/MediaBox\s*\[0 0 " + width, data)
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 1 + 2
