"""Where lines break: continuations keep their indent, a number keeps its unit, a Latin run in Chinese stays whole,
lists in blocks keep their separators, and an ASCII terminal's tables are measured as they are shown."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from msccli.output.wrap import flow, units

from ..conftest import run

WORDS = st.sampled_from(
    ["9.58 mL", "6.68×10⁶ cells/mL", "ICRS", "第4级", "（", "）", "急性", "ALS", "cells", "the", "[VERIFIED: S89, S91]"]
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(WORDS, min_size=1, max_size=30), indent=st.integers(0, 6), width=st.integers(24, 90))
def test_flow_keeps_units_and_fits_the_width(parts: list[str], indent: int, width: int) -> None:
    text = " " * indent + " ".join(parts)
    lines = flow(Text(text), width).plain.split("\n")
    for line in lines[1:]:
        assert line.startswith(" " * min(indent + 2, width // 2)) or not line.strip()
    whole = [text[a:b] for a, b in units(text)]
    for line in lines:
        # wider than the width only when the line holds one unit that cannot fit after its indent
        assert cell_len(line) <= width or line.strip() in whole, (line, width)
    joined = " ".join(line.strip() for line in lines)
    for unit in whole:  # no unit is cut: each is on one line
        assert any(unit in line for line in lines), unit
    assert re.sub(r"\s+", "", joined) == re.sub(r"\s+", "", text)


def terminal(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", str(width))


def test_a_dose_at_45_columns_keeps_numbers_with_units_and_indents(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal(monkeypatch, 45)
    out = re.sub(r"\x1b\[[0-9;]*m", "", run("dose", "ryoncil", "--weight", "32").stdout)
    lines = out.splitlines()
    assert any("6.68×10⁶ cells/mL = 9.58 mL" in line for line in lines)
    volume = next(i for i, line in enumerate(lines) if line.startswith("  volume:"))
    assert lines[volume + 1].startswith("    ")  # the continuation is indented under its line
    assert all(cell_len(line) <= 45 for line in lines)


def test_a_latin_run_in_a_chinese_table_stays_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = run("products", "--country", "KR", "--lang", "zh").stdout
    assert "（ICRS第4级）" in out.replace(" ", "").replace("\n", "") and "（ICRS第4级）" in out
    assert not any(line.rstrip().endswith("（") for line in out.splitlines())


def test_a_list_in_a_block_keeps_its_separators(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")  # too narrow for the table: one block per record
    out = run("products", "-c", "EU").stdout
    assert "  Status: withdrawn; 2024-12-13\n" in out  # the cell's two lines, not "withdrawn 2024-12-13"


def test_an_ascii_terminal_measures_what_it_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    terminal(monkeypatch, 70)
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="ascii", errors="strict", write_through=True)
    monkeypatch.setattr(sys, "stdout", stream)
    from msccli.app import app

    try:
        app(["products", "-c", "KR", "--lang", "zh"], standalone_mode=False)
    finally:
        stream.flush()
    text = buffer.getvalue().decode("ascii")
    assert "?" in text
    assert all(len(line) <= 70 for line in text.splitlines())
