"""Options and data under hostile input, round three: dates and years in other digits, cells a spreadsheet would
run as formulas, MSC_BOM set for every command, --include-ended alone, and product ids that are not slugs."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from ..conftest import run

DATA = Path(__file__).parents[2] / "data"


@pytest.mark.parametrize(
    "args",
    [["products", "--expires-before", "٢٠٢٦"], ["products", "--expires-before", "２０２６-０１"],
     ["products", "--since", "٢٠١٨"], ["products", "--until", "２０２０"], ["timeline", "--since", "٢٠١٠"],
     ["products", "--active-on", "٢٠٢٦-٠١-٠١"],
     ["dose", "ryoncil", "--weight", "32", "--start", "٢٠٢٦-١٢-٠٧"]],
)  # fmt: skip
def test_dates_and_years_take_ascii_digits_only(args: list[str]) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert len([line for line in result.stderr.splitlines() if line.startswith("msc: error: ")]) == 1


def test_years_in_ascii_digits_still_work() -> None:
    result = run("products", "--since", "2024", "-f", "csv", "--fields", "product")
    assert result.exit_code == 0 and result.stdout.splitlines()[0] == "product" and len(result.stdout.splitlines()) > 1


def _lots(tmp_path: Path) -> Path:
    path = tmp_path / "lots.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(
            [["lot", "CD73"], ["=HYPERLINK(\"http://x\")", "98"], ["+cmd", "98"], ["@SUM(A1)", "98"],
             ["-2+3", "98"], ["-7", "98"], ["L1", "98"]]
        )  # fmt: skip
    return path


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_cells_meant_for_a_spreadsheet_are_text_and_plain_ones_exact(tmp_path: Path, fmt: str) -> None:
    path = _lots(tmp_path)
    meant = run("isct-check", str(path), "-f", fmt, "--bom", "--fields", "lot,problems")
    delimiter = "," if fmt == "csv" else "\t"
    rows = list(csv.reader(io.StringIO(meant.stdout.removeprefix("\ufeff")), delimiter=delimiter))
    assert [row[0] for row in rows] == ["lot", '\'=HYPERLINK("http://x")', "'+cmd", "'@SUM(A1)", "'-2+3", "-7", "L1"]
    assert all(row[1].startswith("adherence: no data") for row in rows[1:])
    plain = run("isct-check", str(path), "-f", fmt, "--fields", "lot")
    assert [row[0] for row in csv.reader(io.StringIO(plain.stdout), delimiter=delimiter)][1:] == [
        '=HYPERLINK("http://x")', "+cmd", "@SUM(A1)", "-2+3", "-7", "L1",
    ]  # fmt: skip


def test_msc_bom_in_the_environment_applies_where_a_bom_applies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSC_BOM", "1")
    table = run("products", "--country", "KR")
    assert table.exit_code == 0 and table.stdout.startswith("Product")
    assert run("products", "--country", "KR", "-f", "json").stdout.startswith("[")
    assert run("products", "--country", "KR", "-f", "csv").stdout.startswith("\ufeffproduct,")
    monkeypatch.delenv("MSC_BOM")
    typed = run("products", "--bom")
    assert (typed.exit_code, typed.stderr.splitlines()[0]) == (
        2, "msc: error: --bom: a byte-order mark is for -f csv or tsv, not table",
    )  # fmt: skip


def test_include_ended_without_expires_before_says_it_does_nothing() -> None:
    result = run("products", "--include-ended")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "msc: error: --include-ended: it works with --expires-before, adding the ends already reached",
        "msc: hint: e.g. msc products --expires-before 2030 --include-ended",
    ]


@pytest.mark.parametrize("product_id", ["semi;touch X", "*", "Ryoncil", "a b", "$(x)", "two--hyphens"])
def test_a_product_id_that_is_not_a_slug_is_refused(tmp_path: Path, product_id: str) -> None:
    (tmp_path / "products").mkdir()
    text = (DATA / "products" / "akuugo.yaml").read_text(encoding="utf-8")
    (tmp_path / "products" / "x.yaml").write_text(text.replace("id: akuugo", f"id: {product_id!r}", 1), "utf-8")
    validate = run("data", "validate", str(tmp_path))
    assert validate.exit_code == 1  # problems found
    assert f"{product_id!r} is not a slug: lower-case letters and digits, words joined by single hyphens" in (
        validate.stdout + validate.stderr
    )
    used = run("--data-dir", str(tmp_path), "products")
    assert used.exit_code == 2 and "is not a slug" in used.stderr
    shutil.rmtree(tmp_path / "products")
