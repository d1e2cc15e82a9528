"""Nothing a user, a file or a terminal sends breaks msc, deceives its reader, or loses a lot.

Each test here is a case that once ended in a traceback, a silent change or a lost lot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ..conftest import run

ROOT = Path(__file__).resolve().parents[2]
FULL = "lot,CD73,CD90,CD105,CD45,CD34,CD14,CD19,HLA-DR,adherent,osteo,adipo,chondro\n"
GOOD = "98,99,97,0.5,0.4,0.3,0.2,0.6,yes,pass,pass,pass\n"


def check(tmp_path: Path, name: str, content: str | bytes, *args: str) -> Any:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return run("isct-check", str(path), *args)


def errors(result: Any) -> list[str]:
    assert (result.exit_code, result.stdout) == (2, ""), result.stderr
    # "msc: error: FILE, row N, field 'X': why" -> "why"
    return [line.removeprefix("msc: error: ").split(": ", 1)[1] for line in result.stderr.splitlines()]


def lots(result: Any) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(result.stdout)
    assert result.exit_code == (0 if all(d["verdict"] == "PASS" for d in data) else 1), result.stderr
    return data


def test_a_row_with_more_or_fewer_cells_than_the_header_is_an_error_naming_it(tmp_path: Path) -> None:
    # an unquoted comma in a lot id would shift every value after it
    content = FULL + "A," + GOOD + "B,2," + GOOD + "C,98\n"
    result = check(tmp_path, "lots.csv", content)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"msc: error: {tmp_path / 'lots.csv'}, row 3: has 14 cells but the header has 13 "
        "(a delimiter inside a value must be quoted)",
        f"msc: error: {tmp_path / 'lots.csv'}, row 4: has 2 cells but the header has 13 "
        "(a delimiter inside a value must be quoted)",
    ]


FLOWJO = (
    ",Cells/CD73+ | Freq. of Parent,Cells/CD90+ | Freq. of Parent\n"
    "{}.fcs,98,99\n"
    "Max.fcs,97,98\n"
    "Mean,97.5,98.5\n"
    "SD,0.7,0.7\n"
)


def test_flowjo_summary_rows_are_known_by_position_and_shape_not_by_a_samples_name(tmp_path: Path) -> None:
    data = lots(check(tmp_path, "flowjo.csv", FLOWJO.format("Mean"), "-f", "json"))
    assert [d["lot"] for d in data] == ["Mean", "Max"]  # samples named Mean and Max stay lots
    plain = lots(check(tmp_path, "plain.csv", "lot,CD73\nMax,98\nMean,97\n", "-f", "json"))
    assert [d["lot"] for d in plain] == ["Max", "Mean"]  # not a FlowJo export: every row is a lot


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("lots.json", '[{"lot": "A", "CD73": "98", "CD73": "99"}]', "the key 'CD73' appears twice in one lot"),
        ("lots.yaml", "- lot: A\n  CD73: 98\n  CD73: 99\n", "not valid YAML (the key 'CD73' appears twice)"),
    ],
)
def test_duplicate_keys_are_errors(tmp_path: Path, name: str, content: str, message: str) -> None:
    assert errors(check(tmp_path, name, content)) == [message]


def test_lot_ids_are_text_exactly_as_written(tmp_path: Path) -> None:
    content = "".join(f"- lot: {lot_id}\n  CD73: 98\n" for lot_id in ("0123", "yes", "1.10", "1:30", "0x1F"))
    data = lots(check(tmp_path, "lots.yaml", content, "-f", "json"))
    assert [d["lot"] for d in data] == ["0123", "yes", "1.10", "1:30", "0x1F"]  # a plain ~ is null: no id
    as_json = lots(check(tmp_path, "lots.json", '[{"lot": 1.10, "CD73": 98}, {"lot": 7, "CD73": 98}]', "-f", "json"))
    assert [d["lot"] for d in as_json] == ["1.10", "7"]


@pytest.mark.parametrize(
    "cell",
    ["9_9.1", "٩٨", "98,2", "0x62", "inf", "1e2.5", "٩٨%"],
)
def test_numbers_are_plain_decimals(tmp_path: Path, cell: str) -> None:
    (message,) = errors(check(tmp_path, "lots.csv", f'lot,CD73\nA,"{cell}"\n'))
    assert message.startswith(f"{cell!r} is not valid: not a number")


def test_a_decimal_comma_and_a_semicolon_delimiter_as_european_exports_write_them(tmp_path: Path) -> None:
    content = "lot;CD73;CD90\nA;98,2;99,5\n"
    guessed = check(tmp_path, "lots.csv", content, "-f", "json")  # ';' with every number as 98,2: read so, and said
    assert "msc: warning: read 98,2 as 98.2: a ';'-separated file with decimal commas" in guessed.stderr
    assert {c["criterion"]: c["value"] for c in lots(guessed)[0]["checks"][0]["criteria"]}["CD73"] == 98.2
    mixed = "lot;CD73;CD90\nA;98,2;99.5\n"  # both ways in one file: never guessed
    assert errors(check(tmp_path, "mixed.csv", mixed)) == [
        "'98,2' is not valid: not a number; for decimal commas (98,2) give --decimal-comma"
    ]
    data = lots(check(tmp_path, "lots.csv", content, "--decimal-comma", "-f", "json"))
    values = {c["criterion"]: c["value"] for c in data[0]["checks"][0]["criteria"]}
    assert (values["CD73"], values["CD90"]) == (98.2, 99.5)
    forced = lots(check(tmp_path, "piped.csv", "lot|CD73\nA|98\n", "--delimiter", "|", "-f", "json"))
    assert forced[0]["lot"] == "A"


def test_a_second_lot_column_and_a_repeated_column_are_errors(tmp_path: Path) -> None:
    assert errors(check(tmp_path, "lots.csv", "lot,CD73,batch\nA,98,B1\n")) == [
        "a second lot id column (the first is 'lot'); keep one"
    ]
    assert errors(check(tmp_path, "lots.csv", "lot,CD73,cd73\nA,98,97\n")) == ["appears twice (columns 2 and 3)"]


def test_invalid_utf8_on_stdin_is_refused_like_in_a_file() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "msccli", "isct-check", "-"],
        input=b"lot,CD73\nL\xf6t,98\n",
        capture_output=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr == b"msc: error: <stdin>, row 2: not UTF-8 text (byte 10); save it as UTF-8 CSV\n"


def test_devices_closed_stdin_deep_nesting_and_odd_names_are_one_error(tmp_path: Path) -> None:
    if Path("/dev/zero").exists():
        assert errors(run("isct-check", "/dev/zero")) == ["is a device, not a file"]
        spec = run("isct-check", "--marker", "CD73=99", "--spec", "/dev/zero")
        assert spec.stderr == "msc: error: /dev/zero: is a device, not a file\n"
    closed = subprocess.run(
        f"'{sys.executable}' -m msccli isct-check - <&-", shell=True, capture_output=True, text=True, check=False
    )
    assert (closed.returncode, closed.stderr) == (
        2,
        "msc: error: <stdin>: standard input is closed; give a file name instead of -\n",
    )
    deep = run("isct-check", "-", "--input-format", "json", input="[" * 10000 + "]" * 10000)
    assert errors(deep) == ["nested too deeply to be a list of lots"]
    assert errors(run("isct-check", "lots\x00.csv"))[0].startswith("not a usable file name")
    long_name = run("isct-check", "x" * 5000)
    assert long_name.exit_code == 2 and "characters)" in long_name.stderr and len(long_name.stderr) < 2200
    surrogate = run("product", "\udcff")
    assert surrogate.exit_code == 1 and surrogate.stderr.startswith("msc: error: no product matches")


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes are a Linux file system's")
def test_a_data_file_whose_name_is_not_utf8_is_one_error(tmp_path: Path) -> None:
    """The cache key takes the file's name as it is; the file itself is then named in the error."""
    products = tmp_path / "products"
    products.mkdir()
    ryoncil = (ROOT / "data" / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    (products / os.fsdecode(b"x\xff.yaml")).write_text(ryoncil, encoding="utf-8")
    result = run("--data-dir", str(tmp_path), "products", "-c", "KR", "-f", "json")
    assert result.exit_code == 2
    assert result.stderr == (
        f"msc: error: {products}/x\\udcff.yaml, field 'id': the file name must match the record's id 'ryoncil'\n"
    )


def test_huge_integers_in_options_and_specs_are_one_error(tmp_path: Path) -> None:
    digits = "9" * 5000
    option = run("products", "--since", digits)
    assert option.exit_code == 2 and option.stderr.startswith("msc: error: invalid value for '--since'")
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"title: t\ncriteria:\n  - {{markers: [CD73], min: {digits}}}\n", encoding="utf-8")
    result = run("isct-check", "--marker", "CD73=99", "--spec", str(spec))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"msc: error: {spec}: a value cannot be read (Exceeds the limit (4300 digits)")


def test_markup_in_a_lot_id_or_spec_name_is_printed_literally(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text('name: "[bold]Spec[/x] :warning:"\ncriteria:\n  - {marker: CD73, min: 90}\n', encoding="utf-8")
    result = check(tmp_path, "lots.csv", "lot,CD73\n[/x]lot\x1b[31m,98\n", "--spec", str(spec), "--detail")
    assert result.exit_code == 1
    assert "Lot [/x]lot\\x1b[31m" in result.stdout and "\x1b" not in result.stdout
    assert "⚠" not in result.stdout


def test_a_data_directory_is_validated_whole_and_reports_every_problem(tmp_path: Path) -> None:
    (tmp_path / "products").mkdir()
    (tmp_path / "errata.yaml").write_text(
        "- {id: X1, kind: error, subjects: [nope], says: a, correction: b, refs: [S9999]}\n"
        "- {id: X1, kind: error, subjects: [obnitix], says: a, correction: b, refs: [S04]}\n"
        "- {id: X2, kind: bogus, subjects: [], says: a, correction: b, refs: []}\n",
        encoding="utf-8",
    )
    (tmp_path / "timeline.yaml").symlink_to("/dev/zero")
    (tmp_path / "products" / "bar.yaml").write_text("id: foo\n", encoding="utf-8")
    result = run("data", "validate", str(tmp_path), "-f", "csv")
    assert result.exit_code == 1
    errata = str(tmp_path / "errata.yaml")
    assert result.stdout.splitlines() == [
        "file,line,record,field,level,problem",
        f"{errata},3,X2,kind,error,Invalid enum value 'bogus'",
        f"{errata},2,X1,id,error,a second record with id 'X1' (the first is record 1)",
        f"{tmp_path / 'products' / 'bar.yaml'},,foo,,error,Object missing required field `mark`",
        f"{tmp_path / 'timeline.yaml'},,,,error,is a symbolic link; a data directory holds regular files only",
        "errata.yaml,,X1,subjects,error,unknown subject 'nope'",
    ]
    # the same directory given to any command is one clear error, never a hang on /dev/zero
    used = run("--data-dir", str(tmp_path), "products")
    assert (used.exit_code, used.stdout) == (2, "")


def test_the_merged_catalogue_exports_as_a_valid_data_directory(tmp_path: Path) -> None:
    target = tmp_path / "merged"
    result = run("data", "export", str(target))
    assert result.exit_code == 0 and result.stderr == f"msc: wrote 29 files to {target}\n"
    assert run("data", "validate", str(target), "-f", "json").stdout == "[]\n"
    again = run("data", "export", str(target))
    assert again.exit_code == 2 and "exists and is not an empty directory; add --force" in again.stderr


def test_a_local_override_is_marked_local_everywhere_and_said_once(tmp_path: Path) -> None:
    source = (ROOT / "data" / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    (tmp_path / "products").mkdir()
    (tmp_path / "products" / "ryoncil.yaml").write_text(
        source.replace("cells_per_kg: 2000000", "cells_per_kg: 20000000"), encoding="utf-8"
    )
    first = run("dose", "ryoncil", "--weight", "32", "--data-dir", str(tmp_path))
    assert first.stderr == f"msc: note: {tmp_path} replaces bundled products records: ryoncil\n"
    assert "Dose: 2×10⁶ MSC/kg per infusion.  [LOCAL: local:products/ryoncil.yaml]" in first.stdout
    assert "VERIFIED" not in first.stdout
    second = run("dose", "ryoncil", "--weight", "32", "--data-dir", str(tmp_path))
    assert second.stderr == ""  # said the first time only, until the directory changes
    rows = json.loads(run("products", "-c", "US", "--data-dir", str(tmp_path), "-f", "json").stdout)
    assert [(r["mark"], r["refs"]) for r in rows] == [("LOCAL", ["local:products/ryoncil.yaml"])]
    verified = run("products", "-c", "US", "--verified", "--data-dir", str(tmp_path), "-f", "json").stdout
    assert verified == "[]\n"
    with_local = run("products", "-c", "US", "--verified", "--with-local", "--data-dir", str(tmp_path), "-f", "json")
    assert [r["mark"] for r in json.loads(with_local.stdout)] == ["LOCAL"]


def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from msccli.catalogue import catalog

    folder = tmp_path / "cache"
    monkeypatch.setenv("MSC_CACHE_DIR", str(folder))
    catalog.default.cache_clear()
    return folder


def test_the_cache_is_private_and_checked_on_every_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from msccli.catalogue import catalog

    folder = _cache(tmp_path, monkeypatch)
    assert catalog.load([]).from_cache is False
    (cached,) = folder.glob("catalogue-*.json")
    assert (folder.stat().st_mode & 0o777, cached.stat().st_mode & 0o777) == (0o700, 0o600)
    assert catalog.load([]).from_cache is True
    # well-formed but altered after msc wrote it: read again from the data, never served
    cached.write_bytes(cached.read_bytes().replace(b'"RYONCIL"', b'"RYONCIL (tampered)"'))
    fresh = catalog.load([])
    assert (fresh.from_cache, fresh.product("ryoncil").name) == (False, "RYONCIL")
    # a link in its place (to a device that never ends) is not followed
    for old in folder.glob("catalogue-*.json"):
        old.unlink()
        old.symlink_to("/dev/zero")
    assert catalog.load([]).from_cache is False


def test_a_same_size_edit_with_the_old_modification_time_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from msccli.catalogue import catalog

    _cache(tmp_path, monkeypatch)
    data = tmp_path / "data"
    (data / "products").mkdir(parents=True)
    product = data / "products" / "obnitix.yaml"
    text = (ROOT / "data" / "products" / "obnitix.yaml").read_text(encoding="utf-8")
    product.write_text(text.replace("name: Obnitix", "name: ObnitiA"), encoding="utf-8")
    assert catalog.load([data]).product("obnitix").name == "ObnitiA"
    before = product.stat()
    product.write_text(text.replace("name: Obnitix", "name: ObnitiB"), encoding="utf-8")  # same size
    os.utime(product, ns=(before.st_atime_ns, before.st_mtime_ns))  # as cp -p or rsync -t leave it
    assert catalog.load([data]).product("obnitix").name == "ObnitiB"


def test_the_data_key_follows_the_product_files_however_the_folder_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from msccli.catalogue import cache

    products = tmp_path / "data" / "products"
    products.mkdir(parents=True)
    for name in ("a.yaml", "b.yml", "notes.txt"):
        (products / name).write_text("x", encoding="utf-8")
    data = [str(tmp_path / "data")]
    key = cache.data_key(data)
    listed = os.listdir

    def with_a_file_gone(folder: Any) -> list[str]:  # removed between listing the folder and looking at it
        return [*listed(folder), "gone.yaml"]

    monkeypatch.setattr(os, "listdir", with_a_file_gone)
    monkeypatch.setattr(os, "supports_fd", {*os.supports_fd, with_a_file_gone})
    assert cache.data_key(data) == key  # looked up relative to the open folder: as if it was never there
    monkeypatch.setattr(os, "supports_fd", set())
    assert cache.data_key(data) == key  # where a system cannot, by path: the same key
    monkeypatch.undo()
    (products / "notes.txt").write_text("not data", encoding="utf-8")
    assert cache.data_key(data) == key
    (products / "b.yml").write_text("y", encoding="utf-8")
    changed = cache.data_key(data)
    assert changed not in (key, None)
    (products / "a.yaml").unlink()
    assert cache.data_key(data) not in (key, changed, None)


def test_a_cache_folder_that_cannot_be_used_is_not_fatal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("MSC_CACHE_DIR", str(blocked))
    assert run("products", "-c", "KR", "-f", "csv", "--fields", "product").stdout.count("\n") == 5
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)  # others could swap files in: msc does not write its cache there
    monkeypatch.setenv("MSC_CACHE_DIR", str(shared))
    assert run("products", "-c", "KR").exit_code == 0
    assert list(shared.iterdir()) == []


def test_control_characters_in_data_never_make_the_picture_invalid(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    (tmp_path / "timeline.yaml").write_text(
        '- {id: x1, date: "1999", precision: year, category: discovery, in_seed: false, mark: VERIFIED,\n'
        '   en: "a \\x1b[31m <b>bold</b> & \\x07 event", zh: "事件"}\n',
        encoding="utf-8",
    )
    target = tmp_path / "history.svg"
    result = run("--data-dir", str(tmp_path), "timeline", "--export", str(target))
    assert result.exit_code == 0, result.stderr
    root = ET.fromstring(target.read_text(encoding="utf-8"))
    texts = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "a \\x1b[31m <b>bold</b> & \\x07 event" in texts
    table = run("--data-dir", str(tmp_path), "timeline", "--until", "1999").stdout
    assert "a \\x1b[31m <b>bold</b> & \\x07 event" in " ".join(table.split())


@pytest.mark.parametrize("option", ["--weight", "--area"])
def test_a_quantity_of_thousands_of_digits_is_one_error(option: str) -> None:
    result = run("dose", "ryoncil", option, "9" * 5000)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"msc: error: {option}: '9999")
    assert "is not a number with an optional unit" in result.stderr


def test_hostile_entries_in_a_data_directory_are_one_error_each(tmp_path: Path) -> None:
    import os

    cases = {
        "loop": lambda p: p.symlink_to(p),
        "dangling": lambda p: p.symlink_to(tmp_path / "nowhere.yaml"),
        "fifo": lambda p: os.mkfifo(p),
        "folder": lambda p: p.mkdir(),
    }
    for name, make in cases.items():
        directory = tmp_path / name
        (directory / "products").mkdir(parents=True)
        make(directory / "products" / "obnitix.yaml")
        result = run("--data-dir", str(directory), "products")
        assert (result.exit_code, result.stdout) == (2, ""), name
        assert result.stderr.startswith(f"msc: error: {directory / 'products' / 'obnitix.yaml'}: "), name
        assert len(result.stderr.splitlines()) == 1, name


def test_a_data_directory_is_never_scanned_whole() -> None:
    # only the documented files are looked at: the root of the file system is an empty data directory
    result = run("--data-dir", "/", "products", "-c", "KR", "-f", "csv", "--fields", "product")
    assert (result.exit_code, result.stdout.count("\n")) == (0, 5)


def test_escape_sequences_in_arguments_are_shown_literally_in_errors() -> None:
    result = run("product", "\x1b]52;c;aGVsbG8=\x07\x1b[2J")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert result.stderr.startswith("msc: error: no product matches '\\x1b]52;c;aGVsbG8=\\x07\\x1b[2J'")


def test_an_input_over_the_size_bound_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from msccli.output import files

    monkeypatch.setattr(files, "MAX_INPUT", 1024)
    assert errors(check(tmp_path, "big.csv", "lot,CD73\n" + "A,98\n" * 400)) == [
        "larger than 1,024 bytes; split it into smaller files"
    ]


def test_delimiter_and_input_format_choices(tmp_path: Path) -> None:
    tabbed = lots(check(tmp_path, "lots.txt", "lot\tCD73\nA\t98\n", "--delimiter", "TAB", "-f", "json"))
    assert [d["lot"] for d in tabbed] == ["A"]
    literal_tab = lots(check(tmp_path, "lots.txt", "lot\tCD73\nA\t98\n", "--delimiter", "\t", "-f", "json"))
    assert [d["lot"] for d in literal_tab] == ["A"]
    bad = run("isct-check", "--example", "--delimiter", "x")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "msc: error: --delimiter: unknown value 'x'\nmsc: hint: choose from: ',', ';', tab, '|'\n",
    )
    as_csv = lots(check(tmp_path, "lots.txt", "lot,CD73\nA,98\n", "--input-format", "CSV", "-f", "json"))
    assert [d["lot"] for d in as_csv] == ["A"]
