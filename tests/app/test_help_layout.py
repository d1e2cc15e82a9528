"""Help fits the terminal at every width from 40 columns, and says what to type."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from msccli.app import COMMANDS

from ..conftest import run

HELPS = [[], *([name] for name in COMMANDS if name != "data"), ["data", "validate"], ["data", "export"]]


@pytest.mark.parametrize("args", HELPS, ids=lambda a: " ".join(a) or "msc")
def test_help_fits_every_width_from_40(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for width in (40, 43, 50, 61, 72, 80):
        monkeypatch.setenv("COLUMNS", str(width))
        result = run(*args, "--help")
        assert result.exit_code == 0
        too_wide = [line for line in result.stdout.splitlines() if cell_len(line) > width]
        assert too_wide == [], (args, width)


@pytest.mark.parametrize("args", HELPS, ids=lambda a: " ".join(a) or "msc")
def test_metavars_say_what_to_type_in_one_style(args: list[str]) -> None:
    text = run(*args, "--help").stdout
    assert re.findall(r"<\w+>", text) == []  # no <str>, <int>, <path>
    for line in text.splitlines():
        option = re.match(r"^  (?:-\w, )?(--[\w-]+) ([^\s]+)", line)  # an option's own line, not its text
        if option and option.group(2) != "/":  # --adherent / --not-adherent is a pair of flags
            assert re.fullmatch(r"[A-Z][A-Z0-9=_-]*", option.group(2)), line


def test_named_metavars() -> None:
    text = run("dose", "--help").stdout
    for expected in ("--weight KG", "--area CM2", "--check CELLS", "--start DATE", "--ics FILE", "--format FORMAT"):
        assert expected in text


def test_a_long_example_wraps_as_a_shell_continuation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    text = run("--help").stdout
    assert "    msc timeline --since 2010 \\\n        --category \\\n        regulatory-approval\n" in text
    assert "    1    not found, or a name that\n         fits several records;" in text
