from __future__ import annotations

import json
import signal
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from msccli.app import app
from msccli.catalogue import catalog

# A test's msc runs as from a shell, where Ctrl-C interrupts: pytest-xdist's workers ignore SIGINT, and a child
# process would inherit that (Python installs its own handler only where SIGINT is not ignored).
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

LOCALE = ("MSC_LANG", "LC_ALL", "LC_MESSAGES", "LANG")  # English unless a test asks for another language


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Fixed width, no colour variables, no user data directory, a private cache: the same output everywhere."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM", "MSC_DATA_DIR", "CLICOLOR_FORCE", "MSC_NO_CACHE", *LOCALE):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("MSC_TODAY", "2026-11-25")  # the catalogue's month: no "facts may have changed" note
    monkeypatch.setenv("MSC_NOW", "2026-11-25T09:30:00+01:00")  # a release report's run time, the same every run
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):  # the analyst a report names by default
        monkeypatch.setenv(name, "qc-analyst")
    monkeypatch.setenv("MSC_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "msc-cache"))
    catalog.default.cache_clear()
    yield
    catalog.default.cache_clear()


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr


def json_list(*args: str, code: int = 0) -> list[dict[str, Any]]:
    """Run msc with -f json and return the list it prints, checking the exit code."""
    result = run(*args, "-f", "json")
    assert result.exit_code == code, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def run(*args: str, input: str | None = None) -> Result:
    from unittest import mock

    with mock.patch.object(sys, "argv", ["msc", *args]):  # as the entry point sees a command line
        result = CliRunner().invoke(app, list(args), input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)
