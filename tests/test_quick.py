"""Quick answers (quick.py): the same bytes as the full command line, or no answer at all."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msccli import answers, cache, catalog, quick

from .conftest import run

ROOT = Path(__file__).resolve().parents[1]


def quick_answer(args: list[str]) -> tuple[int | None, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = quick.answer(args, dict(os.environ))
    return code, out.getvalue(), err.getvalue()


def same_as_full(args: list[str]) -> bool:
    """Whether quick.py answered; when it did, its answer is the full command line's, byte for byte."""
    code, out, err = quick_answer(args)
    if code is None:
        assert (out, err) == ("", "")  # a declined answer writes nothing
        return False
    if args in (["--help"], ["-h"]):  # CliRunner lays help out 80 wide, a terminal 78
        assert (code, out, err) == (0, full_output(args, os.environ["COLUMNS"]), ""), args
        return True
    full = run(*args)
    assert (code, out, err) == (full.exit_code, full.stdout, full.stderr), args
    return True


@pytest.fixture(autouse=True)
def warm() -> None:
    run("products", "-c", "KR", "-f", "json")  # the first run writes the catalogue's cache and the index


ANSWERED = [
    ["products", "-c", "KR"],  # a table
    ["products", "--expires-before", "2032"],  # a table with the Ends column
    ["products", "-c", "JP", "--lang", "zh"],
    ["--lang", "zh-Hant", "products", "--source", "uc"],
    ["products", "--since", "2099"],  # an empty table
    ["product", "ryoncil"],  # the whole record, from the catalogue's cache
    ["product", "remestemcel-L", "--lang", "zh"],
    ["product", "stempeucel", "--fields", "id,name"],
    ["search", "ryoncl"],
    ["search", "ryoncl", "-f", "json"],
    ["search", "graft versus host", "-n", "3", "-f", "csv"],
    ["search", "克罗恩", "--lang", "zh"],
    ["search", "--limit=2", "temcell", "--fields", "id,score", "-f", "jsonl"],
    ["products", "-f", "json"],
    ["products", "-c", "KR", "-f", "json"],
    ["products", "--country=kr,jp", "-fjsonl"],
    ["products", "-c", "韩国", "-c", "EU", "--format", "CSV"],
    ["products", "--since", "2012", "--until", "2020", "-f", "tsv"],
    ["products", "--source", "bm,fat", "--donor", "allo", "--route", "iv", "-f", "markdown"],
    ["products", "--status", "withdrawn", "--fields", "name,jurisdiction,status_date", "-f", "json"],
    ["products", "--pathway", "conditional", "--expires-before", "2032", "-f", "jsonl"],
    ["products", "--orphan", "--fields", "name,holder", "-f", "csv"],
    ["products", "--since", "2099", "-f", "json"],  # no approval: an empty list
    ["--lang", "zh", "products", "-c", "JP", "-f", "json"],
    ["products", "-c", "JP", "-f", "json", "--lang", "zh-Hant"],
    ["product", "ryoncil", "-f", "json"],
    ["product", "remestemcel-L", "-f", "jsonl"],  # an INN of two products
    ["product", "艾米迈托赛", "-f", "csv"],
    ["product", "-f", "json", "stempeucel"],  # a brand and its other records
    ["product", "temcel", "-f", "markdown", "--fields", "id,name,verdict"],  # an unambiguous start
]


@pytest.mark.parametrize("args", ANSWERED, ids=" ".join)
def test_quick_answers_are_the_full_answers(args: list[str]) -> None:
    assert same_as_full(args)


DECLINED = [
    ["products", "-c", "KR", "-f", "yaml"],
    ["products", "-c", "Narnia", "-f", "json"],  # an error: the full command line says it
    ["products", "--since", "2020", "--until", "2010", "-f", "json"],
    ["products", "--since", "soon", "-f", "json"],
    ["products", "--verified", "-f", "json"],
    ["products", "-i", "crohn", "-f", "json"],
    ["products", "--fields", "help", "-f", "json"],
    ["products", "--fields", "nmae", "-f", "json"],
    ["products", "-f", "json", "--help"],
    ["products", "-f", "json", "--", "extra"],
    ["products", "-f", "json", "extra"],
    ["products", "-f"],
    ["products", "--orphan=yes", "-f", "json"],
    ["--version"],
    ["--debug", "products", "-f", "json"],
    ["products", "-f", "json", "--lang", "klingon"],
    ["product", "-f", "json"],
    ["product", "ryoncil", "prochymal", "-f", "json"],
    ["product", "nothing-like-it", "-f", "json"],
    ["product", "s", "-f", "json"],  # ambiguous
    ["dose", "ryoncil", "--weight", "32", "-f", "json"],
    ["search", "qqqqqq"],  # nothing matches: the full command says so
    ["search", " "],
    ["search", "ryoncl", "-n", "0"],
    ["search", "ryoncl", "-n", "x"],
    [],
]


@pytest.mark.parametrize("args", DECLINED, ids=" ".join)
def test_what_quick_does_not_answer_goes_to_the_full_command_line(args: list[str]) -> None:
    assert quick_answer(args) == (None, "", "")


def test_a_stale_catalogue_is_answered_in_full_with_its_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSC_TODAY", "2028-06-01")
    assert quick_answer(["products", "-c", "KR", "-f", "json"]) == (None, "", "")
    assert "the catalogue is as of 2026-11" in run("products", "-c", "KR", "-f", "json").stderr


def test_without_a_cache_there_is_no_index(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSC_NO_CACHE", "1")
    assert quick_answer(["products", "-f", "json"]) == (None, "", "")


def test_a_data_directory_has_its_own_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine"
    (mine / "products").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "products" / "ryoncil.yaml", mine / "products")
    args = ["products", "-c", "US", "-f", "json", "--data-dir", str(mine)]
    assert quick_answer(args) == (None, "", "")  # not read yet
    assert "local" in run(*args).stdout  # the full run reads it (LOCAL facts) and writes its index
    assert same_as_full(args)
    assert same_as_full(["--data-dir", f"{mine}/./", "product", "ryoncil", "-f", "jsonl"])
    monkeypatch.setenv("MSC_DATA_DIR", str(mine))
    assert same_as_full(["product", "ryoncil", "-f", "json"])
    # an edit changes the key: no index until the full command line has read the change
    text = (mine / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    (mine / "products" / "ryoncil.yaml").write_text(text.replace("name: RYONCIL", "name: RYONCIL-X", 1))
    assert quick_answer(["product", "ryoncil", "-f", "json"]) == (None, "", "")
    assert '"RYONCIL-X"' in run("product", "ryoncil", "-f", "json").stdout
    assert same_as_full(["product", "ryoncil", "-f", "json"])


def test_a_big_catalogues_index_keeps_its_approvals_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine"
    (mine / "products").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "products" / "ryoncil.yaml", mine / "products")
    monkeypatch.setattr(answers, "MAX_RECORDS", 10)
    args = ["--data-dir", str(mine)]
    assert run("products", "-f", "json", *args).exit_code == 0
    assert same_as_full(["products", "-c", "US,KR", "-f", "json", *args])
    assert same_as_full(["products", "-c", "KR", "-f", "csv", *args])
    assert same_as_full(["products", "-c", "IN", "--since", "2020", *args])  # a table
    assert quick_answer(["product", "ryoncil", "-f", "json", *args]) == (None, "", "")
    assert quick_answer(["search", "ryoncl", *args]) == (None, "", "")
    assert same_as_full(["product", "ryoncil", *args])  # a table, from the catalogue's cache


def _index_values(catalogue_file: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """An index's head and segments as values: marshal may write the same values as other bytes (it marks
    objects that are shared, which depends on what else holds them)."""
    index = answers.load(catalogue_file)
    assert index is not None
    try:
        head = {k: v for k, v in index.head.items() if k != "segments"}
        return head, {name: index.segment(name) for name in index.head["segments"]}
    finally:
        index.close()


def test_a_damaged_index_is_ignored_and_written_again() -> None:
    key = cache.data_key([str(ROOT / "data")])
    assert key is not None
    path = Path(answers.index_file(cache.catalogue_file(key)))
    written = _index_values(cache.catalogue_file(key))
    data = path.read_bytes()
    path.write_bytes(data[:-10] + b"0123456789")  # the last segment: search's documents
    assert same_as_full(["products", "-f", "json"])  # the rest is sound
    assert quick_answer(["search", "ryoncl"]) == (None, "", "")
    assert not path.exists()  # removed by the answer that met the damage
    assert run("products", "-f", "json").exit_code == 0  # the full command line writes it again
    assert _index_values(cache.catalogue_file(key)) == written
    start = cache.header_length("answers") + answers.PREFIX
    path.write_bytes(data[:start] + b"X" + data[start + 1 :])  # the head
    assert quick_answer(["products", "-f", "json"]) == (None, "", "")
    assert run("products", "-f", "json").exit_code == 0
    assert _index_values(cache.catalogue_file(key)) == written
    assert same_as_full(["search", "ryoncl"])


def test_the_data_files_are_the_registrys() -> None:
    from msccli.registry import FILES

    assert tuple(f.name for f in FILES) == cache.DATA_FILES


WORDS = st.sampled_from(
    [
        "products", "product", "-c", "--country", "--country=KR", "-cJP", "KR", "us,jp", "韓國", "EU", "Narnia",
        "--since", "--until", "2012", "2020", "1_999", " 2015", "x", "--source", "-s", "bm", "fat,uc", "--donor",
        "allo", "--route", "iv", "--status", "active", "withdrawn", "--pathway", "conditional", "he", "--orphan",
        "--expires-before", "2032", "2032-13", "-f", "--format", "json", "jsonl", "csv", "tsv", "markdown",
        "JSON", "table", "yaml", "--fields", "name,jurisdiction", "help", "--lang", "zh", "zh-Hant", "--verified",
        "-i", "--", "-", "ryoncil", "remestemcel-L", "temcell", "s", "--help", "-h", "--debug", "--data-dir",
        "-fjson", "--format=csv", "-V", "",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, max_size=9))
def test_any_command_line_is_answered_exactly_or_not_at_all(args: list[str]) -> None:
    same_as_full(args)


def _option(names: list[str], values: list[str]) -> st.SearchStrategy[list[str]]:
    """An option as people write it: --name VALUE, --name=VALUE, or -xVALUE for a short name."""
    name, value = st.sampled_from(names), st.sampled_from(values)
    joined = st.builds(lambda n, v: [f"{n}={v}" if n.startswith("--") else f"{n}{v}"], name, value)
    return st.builds(lambda n, v: [n, v], name, value) | joined


PRODUCTS_OPTIONS = st.one_of(
    _option(["-c", "--country"], ["KR", "jp,us", "韓國", "EU", "in", "Narnia"]),
    _option(["--since", "--until"], ["2010", "2015", "2020", "+2018", "1_999", "20x"]),
    _option(["-s", "--source"], ["bm", "fat,uc", "umbilical-cord", "cord", "skin"]),
    _option(["--donor"], ["allo", "autologous"]),
    _option(["--route"], ["iv", "it,ia", "local"]),
    _option(["--status"], ["active", "withdrawn", "expired"]),
    _option(["--pathway"], ["conditional", "he", "standard"]),
    _option(["--expires-before"], ["2032", "2030-06", "2032-13"]),
    _option(["--fields"], ["name,jurisdiction", "product,date,mark", "nmae"]),
    _option(["--lang"], ["zh", "en", "zh-Hant"]),
    st.just(["--orphan"]),
)
PRODUCT_OPTIONS = st.one_of(
    _option(["--fields"], ["id,name", "verdict,approvals,mark", "nmae"]), _option(["--lang"], ["zh", "en"])
)
FORMAT = _option(["-f", "--format"], ["json", "jsonl", "csv", "tsv", "markdown", "JSON", "table"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.tuples(st.just(["products"]), st.lists(PRODUCTS_OPTIONS, max_size=4)),
        st.tuples(
            st.sampled_from([["product", "ryoncil"], ["product", "Temcell"], ["product", "艾米迈托赛"]]),
            st.lists(PRODUCT_OPTIONS, max_size=2),
        ),
        st.tuples(
            st.sampled_from([["search", "ryoncl"], ["search", "GvHD"], ["search", "骨髓"], ["search", "zzqx"]]),
            st.lists(PRODUCT_OPTIONS | _option(["-n", "--limit"], ["1", "5", "0"]), max_size=2),
        ),
    ),
    FORMAT,
    st.integers(min_value=0, max_value=4),
)
def test_data_format_lookups_are_answered_exactly(
    command: tuple[list[str], list[list[str]]], fmt: list[str], where: int
) -> None:
    words, options = command
    options.insert(min(where, len(options)), fmt)
    same_as_full([*words, *(word for option in options for word in option)])


def full_output(args: list[str], columns: str) -> str:
    """What msc prints without its quick answers, run as a program (CliRunner lays help out 80 wide)."""
    import subprocess
    import sys

    from .completion_index import FULL_COMMAND_LINE

    env = {**os.environ, "COLUMNS": columns}
    done = subprocess.run([sys.executable, "-c", FULL_COMMAND_LINE, *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("columns", ["80", "100", "250"])
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_on_a_wide_terminal_is_answered_as_click_writes_it(
    flag: str, columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert quick_answer([flag]) == (0, full_output([flag], columns), "")


@pytest.mark.parametrize("columns", ["79", "60", "0", "wide"])
def test_help_on_a_narrow_terminal_goes_to_click(columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.setenv("COLUMNS", columns)
    wide = shutil.get_terminal_size().columns >= 80  # what Click measures; "0" and "wide" ask the terminal
    expected = (0, full_output(["--help"], columns), "") if wide else (None, "", "")
    assert quick_answer(["--help"]) == expected


def test_ctrl_c_in_a_quick_answer_exits_130_as_click_does(monkeypatch: pytest.MonkeyPatch) -> None:
    from msccli import render

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(render, "emit", interrupted)
    assert quick_answer(["products", "-c", "KR"]) == (130, "", "\n")
    monkeypatch.setattr(quick, "_answer", interrupted)
    assert quick_answer(["products", "-c", "KR"]) == (130, "", "\n")


def test_no_index_is_built_where_the_cache_cannot_be_written(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)  # others may write into it: msc keeps no cache there
    monkeypatch.setenv("MSC_CACHE_DIR", str(folder))
    catalog.default.cache_clear()  # read again, with this cache folder
    built: list[object] = []
    monkeypatch.setattr(answers, "build", lambda catalogue: built.append(catalogue))
    assert run("products", "-f", "json").exit_code == 0
    assert (built, list(folder.iterdir())) == ([], [])


def test_a_bug_met_while_writing_a_quick_answer_is_one_error_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from msccli import render

    def broken(*_: object, **__: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(render, "emit", broken)
    full = run("products", "-c", "KR")
    assert full.exit_code == 70 and "internal error (ValueError: boom)" in full.stderr
    assert quick_answer(["products", "-c", "KR"]) == (70, "", full.stderr)
