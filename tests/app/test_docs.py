"""The README and docs/ as a new user reads them: the set-up works as written, every example that shows its output
prints exactly that, every command they name runs, and the README stays a front page."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from ..conftest import run

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
WRITTEN = [
    p for p in PAGES if p.name != "cli.md"
]  # docs/cli.md is generated from the app (tests/output/test_golden.py)


def test_readme_set_up_commands_are_the_ones_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    assert blocks[0] == "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/msc products --country KR"
    assert blocks[1] == 'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/pytest'
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert '.venv/bin/pip install -q -e ".[test]"' in ci and "\n.venv/bin/pytest\n" in ci


def test_the_readme_is_a_front_page_that_links_every_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    linked = set(re.findall(r"\]\(((?:docs/)?[\w.-]+\.md)\)", readme))
    pages = {f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md")} | {
        "CONTRIBUTING.md",
        "CHANGELOG.md",
        "THIRD_PARTY_NOTICES.md",
    }
    assert linked == pages
    assert all((ROOT / name).is_file() for name in linked)


def test_install_hints_name_our_distribution() -> None:
    """'msc' on the package index is someone else's: no page or message may tell people to install it."""
    texts = [p.read_text(encoding="utf-8") for p in PAGES]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "src" / "msccli").rglob("*.py")]
    assert not [m for t in texts for m in re.findall(r"install[^\n`]*\bmsc\[", t)]


def _console_examples() -> list[tuple[str, int, str, list[str]]]:
    """Examples that show their output: (page, columns, command, expected lines); piped commands are skipped."""
    examples = []
    for page in WRITTEN:
        for block in re.findall(r"```console\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.S):
            command, output = None, []
            for line in [*block.splitlines(), "$ end"]:
                if line.startswith("$ "):
                    if command is not None and output and "|" not in command:
                        found = re.match(r"(?:COLUMNS=(\d+) )?msc (.*)", command)
                        assert found, command
                        examples.append((page.name, int(found.group(1) or 80), found.group(2), output))
                    command, output = line[2:].split("  #")[0].strip(), []
                else:
                    output.append(line)
    return examples


@pytest.mark.parametrize(("page", "columns", "command", "expected"), _console_examples())
def test_examples_print_what_the_page_shows(
    page: str, columns: int, command: str, expected: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    printed = run(*shlex.split(command)).stdout.splitlines()
    while expected and not expected[-1]:
        expected = expected[:-1]
    for want, got in zip(expected, printed, strict=False):
        if want.endswith("..."):  # the page shortens a long line
            assert got.startswith(want[:-3].rstrip()), command
        else:
            assert got == want, command
    if expected[-1] != "...":
        assert len(printed) == len(expected), command


def _questions() -> list[str]:
    """The commands of the README's 'What can I ask?' table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## What can I ask?", 1)[1].split("\n## ", 1)[0]
    rows = [row for row in table.splitlines() if row.startswith("| ")][1:]
    return [c for row in rows for c in re.findall(r"`(msc [^`]*)`", row)]


def test_the_readme_answers_each_question_with_a_command() -> None:
    assert len(_questions()) >= 15


@pytest.mark.parametrize("command", _questions())
def test_every_question_of_the_readme_is_answered(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run as written, from a folder with the files the commands name (the shipped examples as lots.csv and
    release.yaml); an FCS example without FCS files must say which file it could not read."""
    examples = ROOT / "data" / "examples"
    shutil.copy(examples / "lots.csv", tmp_path / "lots.csv")
    shutil.copy(examples / "release-spec.yaml", tmp_path / "release.yaml")
    for tube in (examples / "sheet").iterdir():  # the example sample sheet as day.csv, with its tubes
        shutil.copy(tube, tmp_path / tube.name)
    monkeypatch.chdir(tmp_path)
    if command.startswith("msc verify"):  # a report of the day's sheet to verify, written as the README says
        assert run("isct-check", "--sheet", "day.csv", "--report", "day.html").exit_code == 1
    result = run(*shlex.split(command)[1:])
    if "--fcs" in command:
        assert (result.exit_code, result.stderr.splitlines()[0]) == (
            2,
            "msc: error: stained.fcs: cannot read the file (No such file or directory)",
        )
    else:
        assert result.exit_code in (0, 1) and "msc: error" not in result.stderr, command
        words = shlex.split(command)
        if "-o" in words:  # the answer is in the file, and stdout is empty
            assert (tmp_path / words[words.index("-o") + 1]).stat().st_size > 0
            assert result.stdout == ""
        else:
            assert result.stdout
    if "--report" in command:
        written = shlex.split(command)[shlex.split(command).index("--report") + 1]
        assert (tmp_path / written).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
