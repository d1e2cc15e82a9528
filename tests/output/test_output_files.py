"""-o/--output FILE on every command that prints an answer, and Excel workbooks (-f xlsx): one way to write any
answer to a file, the format from -f or from the file's extension."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from ..conftest import run

# every command that prints records, with arguments that give an answer
ANSWERS = [
    ["products"],
    ["product", "ryoncil"],
    ["product", "ryoncil", "--evidence"],
    ["compare", "ryoncil", "temcell"],
    ["search", "gvhd"],
    ["trials"],
    ["links"],
    ["dose", "ryoncil", "--weight", "32"],
    ["timeline"],
    ["isct-check", "--example"],
    ["criteria"],
    ["qualify"],
    ["about"],
    ["sources"],
    ["mechanisms"],
    ["errata"],
    ["refs"],
    ["jurisdictions"],
    ["fields", "products"],
]


@pytest.mark.parametrize("args", ANSWERS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("extension", ["json", "csv", "yaml"])
def test_every_answer_goes_into_a_file_as_it_goes_to_stdout(args: list[str], extension: str, tmp_path: Path) -> None:
    target = tmp_path / f"answer.{extension}"
    written = run(*args, "-o", str(target))
    printed = run(*args, "-f", extension)
    assert (written.exit_code, written.stdout) == (printed.exit_code, "")
    assert written.stderr.endswith(f"msc: wrote {target} ({extension})\n")
    assert target.read_text(encoding="utf-8") == printed.stdout


def test_f_decides_the_format_over_the_extension_and_txt_is_the_table(tmp_path: Path) -> None:
    run("products", "-c", "KR", "-f", "csv", "-o", str(tmp_path / "kr.json"))
    assert (tmp_path / "kr.json").read_text(encoding="utf-8") == run("products", "-c", "KR", "-f", "csv").stdout
    run("products", "-c", "KR", "-o", str(tmp_path / "kr.txt"))
    assert (tmp_path / "kr.txt").read_text(encoding="utf-8") == run("products", "-c", "KR").stdout
    run("products", "-c", "KR", "-o", str(tmp_path / "kr.MD"))
    assert (tmp_path / "kr.MD").read_text(encoding="utf-8").startswith("| product | name |")


def test_a_file_name_that_names_no_format_is_refused_with_the_extensions(tmp_path: Path) -> None:
    result = run("products", "-o", str(tmp_path / "answer"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "msc: error: --output: cannot tell a format from the file name 'answer'\n"
        "msc: hint: add -f FORMAT, or end the name in .json .jsonl .csv .tsv .yaml .yml .md .xlsx .txt\n"
    )
    assert not (tmp_path / "answer").exists()
    assert run("products", "-o", str(tmp_path / "answer"), "-f", "jsonl").exit_code == 0


def test_output_never_replaces_a_file_unasked_nor_writes_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "products.json"
    target.write_text("mine", encoding="utf-8")
    refused = run("products", "-o", str(target))
    assert refused.exit_code == 2
    assert refused.stderr == f"msc: error: {target}, --output: already exists; add --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("products", "-o", str(target), "--force").exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))[0]["product"] == "hearticellgram-ami"
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "elsewhere.json")
    through = run("products", "-o", str(link), "--force")
    assert through.exit_code == 2 and "is a symbolic link; msc does not write through links" in through.stderr
    assert not (tmp_path / "elsewhere.json").exists()


def test_isct_check_refuses_an_output_before_the_work_and_beside_its_report(tmp_path: Path) -> None:
    target = tmp_path / "lots.csv"
    target.write_text("mine", encoding="utf-8")
    assert run("isct-check", "--example", "-o", str(target)).stderr.endswith("add --force to replace it\n")
    report = tmp_path / "day.html"
    same = run("isct-check", "--example", "--report", str(report), "-o", str(report))
    assert same.exit_code == 2
    assert same.stderr == "msc: error: --output: -o names the file of --report or --gating-ml: each needs its own\n"
    assert not report.exists()


def test_schema_and_the_old_spellings_write_files_too(tmp_path: Path) -> None:
    run("schema", "output/products", "-o", str(tmp_path / "p.schema.json"))
    assert json.loads((tmp_path / "p.schema.json").read_text("utf-8"))["title"] == "msc products -f json"
    assert run("timeline", "--export", str(tmp_path / "t.svg")).exit_code == 0
    assert (tmp_path / "t.svg").read_text("utf-8").startswith("<svg")
    assert run("timeline", "-o", str(tmp_path / "t.html")).stderr == f"msc: wrote 75 events to {tmp_path / 't.html'}\n"
    both = run("timeline", "-o", str(tmp_path / "a.svg"), "--export", str(tmp_path / "b.svg"))
    assert both.stderr == "msc: error: --export is the older spelling of -o: give one of them\n"
    plan = ["dose", "ryoncil", "--weight", "32", "--start", "2026-12-07"]
    assert run(*plan, "--ics", str(tmp_path / "a.ics")).stdout == ""
    assert run(*plan, "-o", str(tmp_path / "b.ics")).stdout == ""
    first, second = ((tmp_path / n).read_text("utf-8").splitlines() for n in ("a.ics", "b.ics"))
    assert [line for line in first if not line.startswith("DTSTAMP")] == [
        line for line in second if not line.startswith("DTSTAMP")
    ]


def _sheet(path: Path, title: str | None = None) -> list[tuple[object, ...]]:
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book[title] if title else book.active
    return list(sheet.iter_rows(values_only=True))


def test_a_workbook_has_the_fields_as_header_and_numbers_as_numbers(tmp_path: Path) -> None:
    target = tmp_path / "products.xlsx"
    assert run("products", "-o", str(target)).exit_code == 0
    rows = _sheet(target, "products")
    records = json.loads(run("products", "-f", "json").stdout)
    assert list(rows[0]) == list(records[0])
    assert len(rows) == len(records) + 1
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["year"] == 2011 and isinstance(first["year"], int)
    assert first["in_force"] is True and first["status_old"] is False
    assert first["refs"] == "S07; S08; Q05"  # a list, joined as in CSV
    assert first["licence"] is None
    from openpyxl import load_workbook

    widths = load_workbook(target)["products"].column_dimensions
    assert widths["A"].width == len("hearticellgram-ami") + 2  # as wide as the longest product id
    assert [dict(zip(rows[0], row, strict=True))["product"] for row in rows[1:]] == [r["product"] for r in records]


def test_text_in_a_workbook_is_never_a_formula(tmp_path: Path) -> None:
    lots = tmp_path / "lots.csv"
    lots.write_text('lot,CD73,CD90,CD105,CD45\n=1+2,98,97,96,1\n"=HYPERLINK(""http://x"")",98,97,96,1\n', "utf-8")
    target = tmp_path / "lots.xlsx"
    assert run("isct-check", str(lots), "-o", str(target)).exit_code == 1
    with zipfile.ZipFile(target) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet
    rows = _sheet(target)
    assert [row[0] for row in rows[1:]] == ["=1+2", '=HYPERLINK("http://x")']


def test_a_workbook_into_a_pipe_is_the_workbook_o_writes(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    piped = tmp_path / "piped.xlsx"
    with piped.open("wb") as out:  # `msc products -f xlsx > piped.xlsx`: stdout is a file, not a terminal
        subprocess.run(
            [sys.executable, "-m", "msccli", "products", "-c", "KR", "-f", "xlsx"],
            stdout=out,
            check=True,
            env={**os.environ, "MSC_LANG": "en"},
        )
    written = tmp_path / "written.xlsx"
    run("products", "-c", "KR", "-o", str(written))
    assert _sheet(piped) == _sheet(written)
    assert len(_sheet(written)) == 5  # the header and the four approvals in KR


def test_data_export_writes_one_sheet_per_view_as_the_sqlite_export_does(tmp_path: Path) -> None:
    book, database = tmp_path / "msc.xlsx", tmp_path / "msc.sqlite"
    assert run("data", "export", "-o", str(book)).stderr == f"msc: wrote 5 sheets to {book}\n"
    assert run("data", "export", "-o", str(database)).exit_code == 0
    from openpyxl import load_workbook

    assert load_workbook(book).sheetnames == ["products", "trials", "timeline", "errata", "refs"]
    with sqlite3.connect(database) as db:
        for view in ("products", "trials", "timeline", "errata", "refs"):
            count = db.execute(f'SELECT count(*) FROM "{view}"').fetchone()[0]
            assert len(_sheet(book, view)) == count + 1, view
        members = dict(db.execute("SELECT code, member_of FROM jurisdiction WHERE member_of IS NOT NULL"))
        assert members == {"DE": "EU", "ES": "EU"}  # as msc jurisdictions -f json has it
        assert db.execute("SELECT refs FROM jurisdiction WHERE code = 'TW'").fetchone()[0] == '["U54", "U55"]'
    products = _sheet(book, "products")
    assert products[0] == tuple(r for r in json.loads(run("products", "-f", "json").stdout)[0])
    refused = run("data", "export", "-o", str(tmp_path / "msc.csv"))
    assert refused.exit_code == 2
    assert refused.stderr.startswith(
        "msc: error: --output: the catalogue is written as a directory, FILE.sqlite or FILE.xlsx, not csv\n"
    )
    neither = run("data", "export")
    assert neither.stderr == (
        "msc: error: name a directory (TARGET) or one file (-o FILE)\nmsc: hint: e.g. msc data export -o msc.sqlite\n"
    )


def test_o_dash_is_stdout_and_scripts_and_schemas_go_into_files(tmp_path: Path) -> None:
    assert run("products", "-c", "KR", "-o", "-", "-f", "csv").stdout == run("products", "-c", "KR", "-f", "csv").stdout
    assert run("schema", "output/products", "-o", "-").stdout == run("schema", "output/products").stdout
    assert run("completion", "fish", "-o", "-").stdout == run("completion", "fish").stdout
    target = tmp_path / "msc.fish"
    written = run("completion", "fish", "-o", str(target))
    assert (written.stdout, written.stderr) == ("", f"msc: wrote {target} (fish)\n")
    assert target.read_text(encoding="utf-8") == run("completion", "fish").stdout
    assert run("completion", "fish", "-o", str(target)).exit_code == 2  # never over a file unasked
    assert not (tmp_path / "-").exists()


def test_a_byte_order_mark_is_for_csv_in_a_file_too(tmp_path: Path) -> None:
    refused = run("products", "-o", str(tmp_path / "p.xlsx"), "--bom")
    assert (refused.exit_code, refused.stderr.splitlines()[0]) == (
        2,
        "msc: error: --bom: a byte-order mark is for -f csv or tsv, not xlsx",
    )
    assert list(tmp_path.iterdir()) == []  # nothing written, nothing left behind
    assert run("products", "-o", str(tmp_path / "p.csv"), "--bom").exit_code == 0
    assert (tmp_path / "p.csv").read_bytes().startswith(b"\xef\xbb\xbfproduct,")
