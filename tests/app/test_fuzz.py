"""A bounded run of the fuzz campaign (tests/fuzz.py) on every test run; the long run is on demand."""

from __future__ import annotations

import pytest

from ..fuzz import campaign


@pytest.mark.parametrize("seed", [11, 12])
def test_random_command_lines_and_mutated_files_end_cleanly(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSC_NO_CACHE", "1")
    outcome = campaign(commands=250, files=60, seed=seed)
    assert outcome.failures == []
    assert set(outcome.by_code) <= {0, 1, 2, 74, 130}
    assert outcome.lots_in == outcome.lots_reported
