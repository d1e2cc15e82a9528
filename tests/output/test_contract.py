"""The output contract: every width, every format, every locale; names and options that forgive."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from msccli.text import i18n
from msccli.views.outputs import OUTPUTS

from ..conftest import run
from ..golden import CASES, ROOT

SGR = re.compile("\x1b\\[[0-9;]*m")


def identities(name: str, records: list[dict[str, Any]]) -> list[str]:
    """What must be readable for each record of a case at any width: who or what it is, and its mark (in Chinese
    for the Chinese cases: 'products-zh' is 'products' read in Simplified)."""
    base, _, lang = name.partition("-zh")
    if lang or name.endswith("-zh"):
        i18n.use("zh" + ("-Hant" if lang == "-hant" else ""))
        try:
            return [i18n.tr_value(value) for value in identities(base, records)]
        finally:
            i18n.use("en")
    keys = {
        "products": ("name", "jurisdiction", "mark"),
        "product": ("name", "mark"),
        "product-brand": ("name", "mark"),
        "product-not-approved": ("name",),
        "product-relicensed": ("name", "mark"),
        "products-expiring": ("name", "jurisdiction", "mark"),
        "products-expiring-ended": ("name", "jurisdiction", "mark"),
        "products-active-on": ("name", "jurisdiction", "mark"),
        "product-evidence": ("name", "jurisdiction", "mark"),
        "product-nc1": ("name", "mark"),
        "trials": ("name", "mark"),
        "links": ("name", "kind"),
        "errata-fact-sheets": ("id",),
        "compare": ("name",),
        "search": ("title", "kind"),
        "sources": ("title",),
        "mechanisms": ("title",),
        "dose": ("name", "mark"),
        "dose-all": ("name", "mark"),
        "dose-plan": ("name", "mark"),
        "dose-check": ("name", "mark"),
        "timeline": ("date", "mark"),
        "isct-check": ("lot", "profile_verdict", "spec_verdict"),
        "isct-check-detail": ("lot", "criterion"),
        "criteria": ("criterion",),
        "errata": ("id",),
        "refs": ("id",),
        "jurisdictions": ("code", "country"),
        "fields": ("name",),
    }.get(name, ())
    return [str(r[k]) for r in records for k in keys if r.get(k) is not None]


def _flat(text: str) -> str:
    return " ".join(SGR.sub("", text).split())


SAMPLED = sorted({*range(30, 201, 17), 39, 40, 41, 59, 60, 61, 79, 80, 81, 99, 100, 101, 139, 140, 141, 200})


@pytest.mark.parametrize("name", list(CASES))
def test_every_record_keeps_its_identity_at_every_width(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal every width from 30 to 200; in a pipe (the same layouts, no colour) a sample of widths."""
    monkeypatch.chdir(ROOT)
    args = CASES[name]
    records = json.loads(run(*args, "-f", "json").stdout)
    wanted = identities(name, records)
    assert wanted or not records, name
    for terminal in (False, True):
        if terminal:  # a terminal without colour: text is wrapped to the width
            monkeypatch.setenv("TTY_COMPATIBLE", "1")
            monkeypatch.setenv("NO_COLOR", "1")
        for width in range(30, 201) if terminal else SAMPLED:
            monkeypatch.setenv("COLUMNS", str(width))
            out = run(*args).stdout
            flat = _flat(out)  # a table may wrap a name at its spaces, never inside a word
            missing = [w for w in wanted if not all(word in flat for word in w.split())]
            assert not missing, (name, width, terminal, missing)
            assert "…" not in out, (name, width)
            if terminal:
                assert max(cell_len(SGR.sub("", line)) for line in out.splitlines()) <= width, (name, width)
            else:  # a pipe or a file: no padding at line ends, no blank first line
                assert all(line == line.rstrip() for line in out.splitlines()), (name, width)
                assert not out.startswith("\n"), (name, width)


def _parsed(fmt: str, out: str) -> list[str]:
    """The field names a format carries."""
    if fmt == "json":
        data = json.loads(out)
        return list(data[0]) if data else []
    if fmt == "jsonl":
        return list(json.loads(out.splitlines()[0])) if out else []
    if fmt == "yaml":
        data = yaml.safe_load(out)
        return list(data[0]) if data else []
    if fmt in ("csv", "tsv"):
        return next(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
    header = out.splitlines()[0]
    return [cell.strip() for cell in header.strip("|").split("|")]


def _command(args: list[str]) -> str:
    if "--evidence" in args:
        return "product --evidence"
    return "isct-check --detail" if "--detail" in args else args[0]


@pytest.mark.parametrize("name", list(CASES))
def test_every_format_carries_the_declared_fields_empty_or_not(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = CASES[name]
    declared = [f.name for f in OUTPUTS[_command(args)]]
    for fmt in ("json", "jsonl", "yaml", "csv", "tsv", "markdown"):
        out = run(*args, "-f", fmt).stdout
        carried = _parsed(fmt, out)
        if fmt in ("csv", "tsv", "markdown") or carried:  # an empty JSON list has no keys to compare
            assert carried == declared, (name, fmt)
    assert "{'" not in run(*args, "-f", "csv").stdout  # nested values are text, never a Python repr


def test_jsonl_is_one_record_per_line() -> None:
    lines = run("dose", "--weight", "70", "-f", "jsonl").stdout.splitlines()
    assert len(lines) == len(json.loads(run("dose", "--weight", "70", "-f", "json").stdout)) == 17
    assert {json.loads(line)["product"] for line in lines} >= {"ryoncil", "temcell-hs"}


def test_fields_select_and_order_columns_in_every_format() -> None:
    assert run("products", "-c", "US", "-f", "csv", "--fields", "mark,name").stdout == "mark,name\nVERIFIED,RYONCIL\n"
    assert json.loads(run("products", "-c", "US", "-f", "json", "--fields", "date").stdout) == [{"date": "2024-12-18"}]
    table = run("products", "-c", "US", "--fields", "name,date").stdout
    assert table.splitlines()[:3] == ["name     date", "───────────────────", "RYONCIL  2024-12-18"]
    bad = run("products", "--fields", "name,nme")
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr.startswith("msc: error: --fields: unknown field 'nme'; did you mean 'name'?\nmsc: hint: fields: ")


def test_fields_help_and_the_fields_command_list_the_same() -> None:
    by_help = run("jurisdictions", "--fields", "help", "-f", "csv").stdout
    by_command = run("fields", "jurisdictions", "-f", "csv").stdout
    assert by_help == by_command
    assert by_command.splitlines()[:2] == [
        "command,name,type,description",
        'jurisdictions,code,string,"What --country takes: ISO 3166 code, or EU."',
    ]
    assert run("fields", "isct-check", "-f", "json").stdout.count('"command": "isct-check --detail"') == 17
    miss = run("fields", "prodcts")
    assert miss.exit_code == 1 and miss.stderr.startswith("msc: error: no command matches 'prodcts'; did you mean")


ENCODINGS = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "c-locale": {"PYTHONUTF8": "0", "LC_ALL": "C", "LANG": "C"},
}


def _msc(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LANG", "PYTHONIOENCODING", "PYTHONUTF8")}
    return subprocess.run(
        [sys.executable, "-m", "msccli", *args],
        env={**base, "COLUMNS": "80", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )


@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize("name", list(CASES))
def test_any_output_encoding_ends_without_a_traceback(name: str, encoding: str) -> None:
    result = _msc(CASES[name], ENCODINGS[encoding])
    assert result.returncode == (1 if name.startswith("isct-check") or name == "dose-check" else 0), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout or name.endswith("-empty")


def test_characters_an_encoding_cannot_hold_are_replaced_and_said_once() -> None:
    result = _msc(["jurisdictions"], ENCODINGS["ascii"])
    assert "South Korea" in result.stdout and "??" in result.stdout
    assert result.stderr == (
        "msc: note: some characters cannot be written in this output's encoding (ascii) and were shown as '?'; "
        "for full output set PYTHONIOENCODING=utf-8\n"
    )


def test_chinese_arguments_decode_in_a_c_locale() -> None:
    result = _msc(["products", "-c", "韓國", "-f", "csv", "--fields", "product"], ENCODINGS["c-locale"])
    assert (result.returncode, result.stdout) == (0, "product\nhearticellgram-ami\ncartistem\ncupistem\nneuronata-r\n")


def test_lookups_forgive_case_prefixes_and_comma_lists() -> None:
    assert [r["id"] for r in json.loads(run("refs", "s07,r1", "-f", "json").stdout)] == ["S07", "R1"]
    assert [r["product"] for r in json.loads(run("product", "ak", "-f", "json").stdout)] == ["akuugo"]
    assert [r["product"] for r in json.loads(run("product", "艾米", "-f", "json").stdout)] == ["cn-ummsc-pleb001"]
    brand = [r["product"] for r in json.loads(run("product", "stempeucel", "-f", "json").stdout)]
    assert brand == ["stempeucel-cli", "stempeucel-oa"]
    both = json.loads(run("products", "-c", "KR,jp", "--status", "Withdrawn,ACTIVE", "-f", "json").stdout)
    assert {r["jurisdiction"] for r in both} == {"KR", "JP"}
    assert run("products", "-c", "US", "-f", "JSON").exit_code == 0
    ambiguous = run("product", "ryon")
    assert (ambiguous.exit_code, ambiguous.stdout) == (1, "")
    assert ambiguous.stderr.startswith("msc: error: 'ryon' matches 2 records: PROCHYMAL (prochymal), RYONCIL (ryoncil)")


def test_data_dir_after_the_subcommand_and_criteria_from_it(tmp_path: Path) -> None:
    (tmp_path / "criteria.yaml").write_text(
        "- id: mine\n  title: My release profile\n  refs: [I1]\n  criteria:\n    - {markers: [CD105], min: 90}\n",
        encoding="utf-8",
    )
    shown = json.loads(run("criteria", "mine", "--data-dir", str(tmp_path), "-f", "json").stdout)
    assert [(c["profile"], c["criterion"], c["threshold"]) for c in shown] == [("mine", "CD105", 90)]
    checked = run("isct-check", "--marker", "CD105=91", "--profile", "mine", "--data-dir", str(tmp_path), "-f", "json")
    assert (checked.exit_code, json.loads(checked.stdout)[0]["verdict"]) == (0, "PASS")
    before = run("--data-dir", str(tmp_path), "criteria", "-f", "csv", "--fields", "profile").stdout
    assert before.splitlines() == ["profile", *["isct-2006"] * 12, *["ifats-isct-2013-asc"] * 13, "mine"]


def test_text_from_data_is_shown_literally(tmp_path: Path) -> None:
    source = (ROOT / "data" / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    (tmp_path / "products").mkdir()
    hostile = "[reverse]RYONCIL[/reverse] :warning: \x1b[31mred"
    (tmp_path / "products" / "ryoncil.yaml").write_text(
        source.replace("name: RYONCIL", f"name: {json.dumps(hostile)}", 1), encoding="utf-8"
    )
    out = run("products", "-c", "US", "--data-dir", str(tmp_path), "--fields", "name").stdout
    assert out.splitlines()[2] == "[reverse]RYONCIL[/reverse] :warning: \\x1b[31mred"
    for fmt in ("csv", "tsv", "markdown"):  # formats of plain text are guarded too; JSON and YAML escape it
        shown = run("products", "-c", "US", "--data-dir", str(tmp_path), "--fields", "name", "-f", fmt).stdout
        assert "\x1b" not in shown and "\\x1b[31mred" in shown, fmt
    assert "\\u001b[31mred" in run("products", "-c", "US", "--data-dir", str(tmp_path), "-f", "json").stdout
    assert "\x1b" not in out and "⚠" not in out


def test_an_internal_error_is_one_line_and_exit_70_unless_debugging(monkeypatch: pytest.MonkeyPatch) -> None:
    from msccli.lookup import query

    def broken(*_args: Any) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(query, "approval_rows", broken)
    result = run("products")
    assert (result.exit_code, result.stdout) == (70, "")
    assert result.stderr == (
        "msc: error: internal error (ZeroDivisionError: a bug)\n"
        "msc: hint: run again with --debug (or MSC_DEBUG=1) for the traceback, and report it\n"
    )
    with pytest.raises(ZeroDivisionError):
        run("--debug", "products")
    monkeypatch.setenv("MSC_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        run("products")


def test_a_usage_error_points_to_the_help_of_its_command() -> None:
    result = run("dose", "ryoncil", "--weight")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "msc: error: option '--weight' requires an argument.\nmsc: hint: see: msc dose --help\n"
    missing = run("product")
    assert missing.stderr == "msc: error: missing argument 'NAME'.\nmsc: hint: see: msc product --help\n"


def test_no_field_of_the_data_is_left_out_of_the_records() -> None:
    import msgspec

    from msccli.catalogue.model import HistoryEvent, NotApproved, Product

    names = {command: {f.name for f in fields} for command, fields in OUTPUTS.items()}
    # the records name a few fields as every command does (CHANGELOG.md lists the renames)
    product = {"id": "product", "source": "cell_source"}
    event = {"en": "text", "zh": "text_zh", "references": "citations"}
    assert {product.get(f.name, f.name) for f in msgspec.structs.fields(Product)} <= names["product"]
    not_approved = {product.get(f.name, f.name) for f in msgspec.structs.fields(NotApproved)}
    assert not_approved - names["product"] == {"note"}  # shown in notes
    assert {event.get(f.name, f.name) for f in msgspec.structs.fields(HistoryEvent)} <= names["timeline"]
    elixcyte = json.loads(run("product", "elixcyte", "-f", "json").stdout)[0]
    assert (elixcyte["jurisdiction_note"], elixcyte["notes"]) == ("Taiwan", [])


def _cell_text_as_written(value: Any) -> str:
    """How a cell reads, as the contract states it (README, render.py): a list joined with '; ', an object as
    'key: value, ...' leaving out None, [] and {}, with lists and objects inside it in parentheses; true/false;
    a whole float as an integer."""

    def inner(item: Any) -> str:
        if isinstance(item, list | tuple):
            return "(" + ", ".join(inner(v) for v in item) + ")"
        if isinstance(item, dict):
            return "(" + _cell_text_as_written(item) + ")"
        return _cell_text_as_written(item)

    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "; ".join(_cell_text_as_written(v) for v in value)
    if isinstance(value, dict):
        shown = [(k, v) for k, v in value.items() if v is not None and not (type(v) in (list, dict) and not v)]
        return ", ".join(f"{k}: {inner(v)}" for k, v in shown)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


CELL_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner)
        | st.dictionaries(st.sampled_from(["a", "b", "status"]), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(CELL_VALUES)
def test_a_cell_reads_as_the_contract_says(value: Any) -> None:
    from msccli.output.render import cell_text

    assert cell_text(value) == _cell_text_as_written(value)


def test_one_name_for_one_thing_across_commands() -> None:
    """The product id is `product` wherever a record is about one product; no field is named in a way another
    command uses for something else (CHANGELOG.md lists the renames)."""
    names = {command: {f.name for f in fields} for command, fields in OUTPUTS.items()}
    for command in ("products", "product", "product --evidence", "trials", "links", "dose", "compare"):
        assert "product" in names[command], command
        assert "id" not in names[command], command
    everywhere = set().union(*names.values())
    assert not {"references", "en", "zh"} & everywhere
    assert [c for c, fields in names.items() if "source" in fields] == ["isct-check", "isct-check --detail"]
