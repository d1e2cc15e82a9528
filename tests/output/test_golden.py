"""What msc prints is a contract: each case's output, at three widths and in the machine formats, is compared with
its golden file. After an intended change: python scripts/refresh.py, then read the diff."""

from __future__ import annotations

import pytest

from ..golden import CASES, CLI_REFERENCE, GOLDEN, cli_reference, fixed_environment, golden_text


@pytest.mark.parametrize("name", list(CASES))
def test_output_matches_its_golden_file(name: str) -> None:
    with fixed_environment():
        printed = golden_text(name)
    assert printed == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8"), "refresh: python scripts/refresh.py"


def test_no_stale_golden_files() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(CASES)


def test_cli_reference_is_generated_from_the_app() -> None:
    with fixed_environment():
        assert cli_reference() == CLI_REFERENCE.read_text(encoding="utf-8"), "refresh: python scripts/refresh.py"
