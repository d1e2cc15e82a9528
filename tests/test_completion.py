"""TAB completion answered without Typer gives exactly Typer's answers, from an index that matches the app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from msccli import completion
from msccli.cli import app

from .completion_index import INDEX, source

LINES = [
    "msc ",
    "msc pro",
    "msc -",
    "msc --",
    "msc --l",
    "msc --lang ",
    "msc --lang z",
    "msc --lang zh products --status w",
    "msc --data-dir some/where products -",
    "msc --data-dir some/wh",
    "msc products -",
    "msc products --",
    "msc products --co",
    "msc products --country ",
    "msc products --country k",
    "msc products -c J",
    "msc products --country=",
    "msc products --country=j",
    "msc products --country KR -",
    "msc products --since 2010 --si",
    "msc products --verified --ve",
    "msc products --since ",
    "msc products --source u",
    "msc products --donor ",
    "msc products --route intra",
    "msc products --pathway cond",
    "msc products --format ",
    "msc products -f j",
    "msc products --fields ",
    "msc product ",
    "msc product ry",
    "msc product RY",
    "msc product ryoncil ",
    "msc compare ryoncil te",
    "msc trials --role p",
    "msc links ",
    "msc dose ryoncil --weight ",
    "msc dose ",
    "msc dose --",
    "msc timeline --category reg",
    "msc isct-check ",
    "msc isct-check lots.csv --profile ",
    "msc isct-check --input-format ",
    "msc isct-check --delimiter ",
    "msc criteria ",
    "msc refs S0",
    "msc refs s1",
    "msc errata --corrects ",
    "msc errata --product ",
    "msc sources ",
    "msc fields ",
    "msc fields is",
    "msc schema out",
    "msc data ",
    "msc data v",
    "msc data validate ",
    "msc data validate -",
    "msc search 'graft ver",
    "msc products -- -",
]


def _environ(shell: str, line: str) -> dict[str, str]:
    if shell == "complete_bash":
        words = completion._split(line)
        index = len(words) if line.endswith(" ") else len(words) - 1
        return {"_MSC_COMPLETE": shell, "COMP_WORDS": line, "COMP_CWORD": str(index)}
    extra = {"_TYPER_COMPLETE_FISH_ACTION": "get-args"} if shell == "complete_fish" else {}
    return {"_MSC_COMPLETE": shell, "_TYPER_COMPLETE_ARGS": line, **extra}


def _typer(environ: dict[str, str]) -> tuple[str, int]:
    result = CliRunner().invoke(app, [], env=environ)
    return result.stdout, result.exit_code


@pytest.mark.parametrize("shell", completion.SHELLS)
@pytest.mark.parametrize("line", LINES)
def test_every_answer_is_typers(shell: str, line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    environ = _environ(shell, line)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    found = completion.answer(shell, environ)
    expected = _typer(environ)
    assert found is not None, line
    text, code = found
    assert code == expected[1]
    assert _items(shell, text + "\n") == _items(shell, expected[0])


def _items(shell: str, text: str) -> list[tuple[str, str]]:
    """The (value, help) pairs of a shell's answer, help on one line; -h and --help sorted (Click builds that pair
    from a set, so its order changes from run to run)."""
    import re

    if shell == "complete_bash":
        found = [(line, "") for line in text.splitlines() if line]
    elif shell == "complete_zsh":
        found = re.findall(
            r'^"((?:[^"]|"")*)"(?::"((?:[^"]|"")*)")?$', text.split("((", 1)[-1].rsplit("))", 1)[0], re.M | re.S
        )
        if not found:
            assert text == "_files\n"
    else:  # fish: 'value\thelp', though Typer may break a long help over lines
        found = re.findall(r"^(\S+)\t(.*?)(?=\n\S+\t|\n?\Z)", text, re.M | re.S) or [(v, "") for v in text.split()]
    pairs = [(value, " ".join(help_text.split())) for value, help_text in found]
    helps = sorted(p for p in pairs if p[0] in ("-h", "--help"))
    return [p for p in pairs if p[0] not in ("-h", "--help")] + helps


@pytest.mark.parametrize("line", ["msc products --country ", "msc pro", "msc product z"])
def test_fish_asks_whether_there_are_values(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    environ = {**_environ("complete_fish", line), "_TYPER_COMPLETE_FISH_ACTION": "is-args"}
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    found = completion.answer("complete_fish", environ)
    assert found is not None
    assert found[1] == _typer(environ)[1]


def test_a_users_data_directory_adds_products_and_leaves_countries_to_the_catalogue(tmp_path: Path) -> None:
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "ryomine.yaml").write_text("", encoding="utf-8")
    (tmp_path / "products" / "ryo\x1b[2Jcleared.yaml").write_text("", encoding="utf-8")  # never offered
    (tmp_path / "products" / "ryo\u202eevil.yaml").write_text("", encoding="utf-8")
    environ = {**_environ("complete_bash", "msc product ryo"), "MSC_DATA_DIR": str(tmp_path)}
    assert completion.answer("complete_bash", environ) == ("ryomine\nryoncil", 0)
    environ = {**_environ("complete_bash", "msc products -c "), "MSC_DATA_DIR": str(tmp_path)}
    assert completion.answer("complete_bash", environ) is None


def test_the_committed_index_is_the_apps() -> None:
    assert INDEX.read_text(encoding="utf-8") == source(), "regenerate it: python tests/refresh.py"


def test_a_tab_press_starts_neither_typer_nor_the_catalogue() -> None:
    code = (
        "import sys\nfrom msccli.launch import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('typer', 'click', 'rich', 'msgspec', 'yaml', 'msccli.cli', 'msccli.catalog')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    environ = {**os.environ, **_environ("complete_bash", "msc product ry")}
    done = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True)
    assert (done.stdout, done.stderr) == ("ryoncil\n", "[]\n")


def _shlex(text: str) -> list[str]:
    """Click's reading of a command line: shlex, keeping an unfinished word."""
    import shlex

    lex = shlex.shlex(text, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    words: list[str] = []
    try:
        words.extend(lex)
    except ValueError:
        words.append(lex.token or "")
    return words


@given(st.text(alphabet="ab -='\"\\\t$`", max_size=16))
def test_command_lines_split_as_shlex_splits_them(line: str) -> None:
    assert completion._split(line) == _shlex(line)
