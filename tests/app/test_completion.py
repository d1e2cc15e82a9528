"""TAB completion is Typer's own, from the app's declarations and the catalogue's names: exact answers in bash."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from msccli.app import app

from ..conftest import run


def _bash(line: str, **env: str) -> list[str]:
    words = line.split()
    index = len(words) if line.endswith(" ") else len(words) - 1
    environ = {"_MSC_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(index), **env}
    result = CliRunner().invoke(app, [], env=environ, prog_name="msc")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("msc pro", ["products", "product"]),
        ("msc products --country k", ["kr"]),
        ("msc products -c J", ["JP"]),
        ("msc products --source u", ["umbilical-cord", "umbilical-cord-blood"]),
        ("msc products --pathway cond", ["conditional", "conditional-time-limited"]),
        ("msc products -f j", ["json", "jsonl"]),
        ("msc product ry", ["ryoncil"]),
        ("msc compare ryoncil te", ["temcell-hs"]),
        ("msc --lang z", ["zh", "zh-Hant"]),
        ("msc timeline --category regulatory-", ["regulatory-approval", "regulatory-other"]),
        ("msc isct-check --profile isct-2", ["isct-2006"]),
        ("msc refs S0", ["S01", "S02", "S04", "S05", "S06", "S07", "S08", "S09"]),
        ("msc data v", ["validate"]),
    ],
)
def test_completion_answers_exactly(line: str, expected: list[str]) -> None:
    assert _bash(line) == expected


def test_a_users_data_directory_adds_its_products(tmp_path: Path) -> None:
    (tmp_path / "products").mkdir()
    record = (Path(__file__).parents[2] / "data" / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    mine = record.replace("id: ryoncil", "id: ryomine").replace("event: 2024-ryoncil-fda", "event: 2024-ryomine")
    (tmp_path / "products" / "ryomine.yaml").write_text(mine, encoding="utf-8")
    assert _bash("msc product ryo", MSC_DATA_DIR=str(tmp_path)) == ["ryomine", "ryoncil"]
    assert _bash(f"msc --data-dir {tmp_path} product ryo") == ["ryomine", "ryoncil"]


def test_the_installed_command_answers_a_tab_press() -> None:
    environ = {**os.environ, "_MSC_COMPLETE": "complete_bash", "COMP_WORDS": "msc product ry", "COMP_CWORD": "2"}
    done = subprocess.run([sys.executable, "-m", "msccli"], env=environ, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "ryoncil\n", "")


# -- the script msc completion writes: the same answers, without starting Python ---------------------------------

LINES = [
    "msc ",
    "msc pro",
    "msc -",
    "msc --l",
    "msc --lang ",
    "msc --lang z",
    "msc --lang zh products --status w",
    "msc products -",
    "msc products --co",
    "msc products --country ",
    "msc products --country k",
    "msc products -c J",
    "msc products --country KR -",
    "msc products --since 2010 --si",
    "msc products --verified --ve",
    "msc products --source u",
    "msc products --donor ",
    "msc products --route intra",
    "msc products --pathway cond",
    "msc products --format ",
    "msc products -f j",
    "msc product ",
    "msc product ry",
    "msc product RY",
    "msc product ryoncil -",
    "msc compare ryoncil te",
    "msc trials --role p",
    "msc trials ryoncil al",
    "msc links ",
    "msc dose ryoncil --weight ",
    "msc dose ",
    "msc dose --",
    "msc timeline --category reg",
    "msc isct-check --profile ",
    "msc isct-check --osteo ",
    "msc isct-check --input-format y",
    "msc isct-check --adherent --not",
    "msc criteria ",
    "msc refs S0",
    "msc refs S07 R",
    "msc errata --corrects ",
    "msc errata --product te",
    "msc fields ",
    "msc schema output/p",
    "msc data ",
    "msc data v",
    "msc data validate -",
    "msc completion ",
    "msc search ryoncil -",
    "msc isct-check --sheet ex",
]


def _script(tmp_path: Path) -> Path:
    assert run("products", "-c", "KR").exit_code == 0  # the catalogue's names are written beside its cache
    result = run("completion", "bash")
    assert result.exit_code == 0
    script = tmp_path / "msc.bash"
    script.write_text(result.stdout, encoding="utf-8")
    return script


def _from_script(script: Path, line: str, env: dict[str, str] | None = None) -> list[str]:
    words = line.split() + ([""] if line.endswith(" ") else [])
    program = (
        f"source {script}\nCOMP_WORDS=({' '.join(repr(w) for w in words)})\nCOMP_CWORD={len(words) - 1}\n"
        "_msc_completion\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    environ = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/"), **_cache(), **(env or {})}
    done = subprocess.run(["bash", "--norc", "-c", program], capture_output=True, text=True, env=environ, check=True)
    return [w for w in done.stdout.splitlines() if w]


def _cache() -> dict[str, str]:
    """Where the test's msc keeps its cache (conftest): the script finds the names there when it runs."""
    return {"MSC_CACHE_DIR": os.environ["MSC_CACHE_DIR"]}


def _from_typer(line: str) -> list[str]:
    words = line.split()
    index = len(words) if line.endswith(" ") else len(words) - 1
    environ = {"_MSC_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(index)}
    return [w for w in CliRunner().invoke(app, [], env=environ, prog_name="msc").stdout.splitlines() if w]


def test_the_script_answers_every_line_as_msc_itself_does(tmp_path: Path) -> None:
    script = _script(tmp_path)
    differ = {line: (_from_script(script, line), _from_typer(line)) for line in LINES}
    assert {line: pair for line, pair in differ.items() if sorted(pair[0]) != sorted(pair[1])} == {}
    assert differ["msc products -c J"][0] == ["JP"]  # the test compares something


def test_the_script_asks_msc_where_a_data_directory_may_add_names(tmp_path: Path) -> None:
    script = _script(tmp_path)
    stand_in = tmp_path / "bin" / "msc"  # msc itself, as the script finds it on PATH
    stand_in.parent.mkdir()
    stand_in.write_text("#!/bin/sh\necho asked\n", encoding="utf-8")
    stand_in.chmod(0o755)
    path = f"{stand_in.parent}:{os.environ['PATH']}"
    assert _from_script(script, f"msc --data-dir {tmp_path} product ry", {"PATH": path}) == ["asked"]
    assert _from_script(script, "msc product ry", {"PATH": path, "MSC_DATA_DIR": str(tmp_path)}) == ["asked"]
    assert _from_script(script, "msc product ry", {"PATH": path}) == ["ryoncil"]


def test_zsh_gets_the_same_script_behind_bashcompinit() -> None:
    from msccli.commands.completion import ZSH_PREAMBLE

    bash, zsh = run("completion", "bash").stdout, run("completion", "zsh").stdout
    assert zsh == ZSH_PREAMBLE + bash
    assert run("completion", "tcsh").exit_code == 2


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed (.ci/run installs it)")
def test_zsh_answers_as_bash_does(tmp_path: Path) -> None:
    """zsh runs the script's function through bashcompinit, in sh emulation (arrays from 0)."""
    script = _script(tmp_path)
    for line in ("msc products --country ", "msc products --country k", "msc pro", "msc isct-check --adherent --not"):
        words = line.split() + ([""] if line.endswith(" ") else [])
        program = (
            "autoload -U +X compinit && compinit -u\nautoload -U +X bashcompinit && bashcompinit\n"
            f"source {script}\nemulate -L sh; setopt kshglob noshglob braceexpand\n"
            f"COMP_WORDS=({' '.join(repr(w) for w in words)})\nCOMP_CWORD={len(words) - 1}\n"
            "_msc_completion\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
        )
        done = subprocess.run(["zsh", "-f", "-c", program], capture_output=True, text=True, check=True)
        assert sorted(w for w in done.stdout.splitlines() if w) == sorted(_from_typer(line)), line


def test_names_go_onto_the_line_quoted_never_globbed_or_run(tmp_path: Path) -> None:
    script = _script(tmp_path)
    cache = tmp_path / "cache"  # a names file whose reference ids came from a hostile data directory
    cache.mkdir()
    names = cache / "completion-names.tsv"
    names.write_text("checksum\nref\t*\nref\tsemi;touch X\nref\t$(touch Y)\nref\tS01\n", encoding="utf-8")
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    offered = _from_script(script, "msc refs ", {"MSC_CACHE_DIR": str(cache)})
    assert offered == ["\\*", "semi\\;touch\\ X", "\\$\\(touch\\ Y\\)", "S01"]
    stand_in = tmp_path / "bin" / "msc"  # msc's own answer for a data directory: the same quoting
    stand_in.parent.mkdir()
    stand_in.write_text("#!/bin/sh\nprintf '%s\\n' '*' 'a b'\n", encoding="utf-8")
    stand_in.chmod(0o755)
    path = f"{stand_in.parent}:{os.environ['PATH']}"
    assert _from_script(script, f"msc --data-dir {tmp_path} refs ", {"PATH": path}) == ["\\*", "a\\ b"]
    assert not (tmp_path / "X").exists() and not (tmp_path / "Y").exists()


def test_the_script_holds_no_users_folder_and_finds_the_names_where_it_runs(tmp_path: Path) -> None:
    script = _script(tmp_path)
    text = script.read_text(encoding="utf-8")
    assert os.environ["MSC_CACHE_DIR"] not in text and str(Path.home()) not in text
    assert "completion-names.tsv" in text
    elsewhere = tmp_path / "other-cache"  # another user's cache, without msc's names yet: msc is asked
    stand_in = tmp_path / "bin" / "msc"
    stand_in.parent.mkdir()
    stand_in.write_text("#!/bin/sh\necho asked\n", encoding="utf-8")
    stand_in.chmod(0o755)
    path = f"{stand_in.parent}:{os.environ['PATH']}"
    assert _from_script(script, "msc product ry", {"PATH": path, "MSC_CACHE_DIR": str(elsewhere)}) == ["asked"]
    assert _from_script(script, "msc product ry", {"PATH": path}) == ["ryoncil"]


def test_sheet_offers_the_example_beside_file_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = _script(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "day.csv").write_text("lot\n", encoding="utf-8")
    assert _from_script(script, "msc isct-check --sheet ex") == ["example"]
    assert sorted(_from_script(script, "msc isct-check --sheet ")) == ["day.csv", "example", "msc.bash"]


# -- fish: the same tables as fish's own `complete` declarations -------------------------------------------------


def _from_fish(script: Path, line: str, env: dict[str, str] | None = None) -> list[str]:
    environ = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/"), **_cache(), **(env or {})}
    program = f"source {script}; complete -C {shlex.quote(line)}"
    done = subprocess.run(["fish", "--no-config", "-c", program], capture_output=True, text=True, env=environ)
    return [w.split("\t")[0] for w in done.stdout.splitlines() if w]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed (.ci/run installs it)")
def test_fish_answers_names_and_choices_as_msc_itself_does(tmp_path: Path) -> None:
    assert run("products", "-c", "KR").exit_code == 0
    script = tmp_path / "msc.fish"
    script.write_text(run("completion", "fish").stdout, encoding="utf-8")
    # fish lists every option again (bash leaves out those given), so compare the lines that complete a value,
    # an argument or a command
    lines = [line for line in LINES if not line.split()[-1].startswith("-") or line.endswith(" ")]
    lines = [line for line in lines if not (line.endswith(" ") and line.split()[-1] in ("-", "--"))]
    differ = {line: (_from_fish(script, line), _from_typer(line)) for line in lines}
    same = {line: pair for line, pair in differ.items() if sorted(pair[0]) != sorted(pair[1]) and pair[1]}
    assert same == {}
    assert differ["msc products -c J"][0] == ["JP"]
    assert differ["msc products --country k"][0] == ["kr"]
    assert _from_fish(script, "msc isct-check --sheet ex") == ["example"]
    assert _from_fish(script, "msc isct-check --delimiter ") == [",", ";", "tab", "|"]
    assert str(Path.home()) not in script.read_text(encoding="utf-8")
    stand_in = tmp_path / "bin" / "msc"  # msc itself, asked where a data directory may add names
    stand_in.parent.mkdir()
    stand_in.write_text('#!/bin/sh\necho "$_MSC_COMPLETE $_TYPER_COMPLETE_ARGS"\n', encoding="utf-8")
    stand_in.chmod(0o755)
    path = {"PATH": f"{stand_in.parent}:{os.environ['PATH']}"}
    assert _from_fish(script, f"msc --data-dir {tmp_path} product ry", path) == [
        f"complete_fish msc --data-dir {tmp_path} product ry"
    ]
    assert _from_fish(script, "msc product ry", path) == ["ryoncil"]
