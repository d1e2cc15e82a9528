"""What a newcomer tripped on in the third round (a green first test run, Chinese data in the script asked for, the
approvals an answer hides, hints that show the way). Each test fails on the code before its change."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from ..conftest import json_list, run

ROOT = Path(__file__).resolve().parents[2]


def test_the_suite_runs_on_every_core_from_the_test_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(r.startswith("pytest-xdist") for r in project["project"]["optional-dependencies"]["test"])
    assert "-n auto" in project["tool"]["pytest"]["ini_options"]["addopts"]


def test_compare_answers_approved_for_what() -> None:
    result = run("compare", "ryoncil", "temcell")
    assert result.exit_code == 0, result.stderr
    rows = {line.split("  ")[0]: line for line in result.stdout.splitlines()}
    assert "US: Steroid-refractory acute" in rows["Indication"]
    assert "JP: Acute GvHD after haematopoietic" in rows["Indication"]
    records = json_list("compare", "ryoncil", "alofisel", "--fields", "product,indication")
    assert records[0] == {
        "product": "ryoncil",
        "indication": [
            "US: Steroid-refractory acute GvHD in paediatric patients 2 months of age and older, including adolescents."
        ],
    }
    assert [i.split(":")[0] for i in records[1]["indication"]] == ["EU", "JP", "IL", "CH", "GB", "RS"]


def test_product_help_says_the_json_is_a_list() -> None:
    text = run("product", "--help").stdout
    assert "jq '.[0].approvals'" in text
    assert "a list of records" in text
    assert "msc product ryoncil -f json | jq '.[0].approvals'" in (ROOT / "docs" / "output.md").read_text("utf-8")
    assert [r["product"] for r in json_list("product", "stempeucel")] == ["stempeucel-cli", "stempeucel-oa"]


@pytest.mark.parametrize("fmt", ["csv", "json", "yaml", "tsv", "markdown", "jsonl"])
def test_chinese_data_follows_the_script_of_lang(fmt: str) -> None:
    simplified = run("--lang", "zh", "products", "-c", "KR", "--fields", "product,indication_zh", "-f", fmt).stdout
    traditional = run("--lang", "zh-Hant", "products", "-c", "KR", "--fields", "product,indication_zh", "-f", fmt)
    assert "急性心肌梗死（经冠状动脉介入再灌注者），改善左心室射血分数" in simplified
    assert "經冠狀動脈" not in simplified
    assert "急性心肌梗死（經冠狀動脈介入再灌注者），改善左心室射血分數" in traditional.stdout
    english = run("products", "-c", "KR", "--fields", "product,indication_zh", "-f", fmt).stdout
    assert "經冠狀動脈" in english  # the data as the source review writes it


def test_chinese_data_in_nested_records_follows_the_script() -> None:
    result = run("--lang", "zh", "product", "ryoncil", "-f", "json")
    approvals = json.loads(result.stdout)[0]["approvals"]
    assert approvals[0]["indication"]["zh"] == "2个月及以上儿童（含青少年）类固醇难治性急性移植物抗宿主病"
    names = {r["code"]: r["country_zh"] for r in json_list("--lang", "zh", "jurisdictions")}
    assert names["EU"] == ["欧盟", "欧洲联盟"]  # 歐盟 and 欧盟 are one name in Simplified


def test_the_footer_counts_the_ended_approvals_it_leaves_out() -> None:
    result = run("products", "--expires-before", "2030")
    assert result.exit_code == 0
    footer = result.stdout.splitlines()
    assert "3 approvals whose end was reached by 2026-11-25 left out; --include-ended adds them" in footer
    assert result.stderr == ""  # said once, in the table
    data = run("products", "--expires-before", "2030", "-f", "json")
    assert data.stdout == "[]\n"
    assert "note: 3 approvals whose end was reached by 2026-11-25 left out" in data.stderr


def test_the_eu_answer_names_its_member_states_national_authorisations() -> None:
    result = run("products", "--country", "EU")
    note = (
        "EU approvals are centralised ones; national authorisations in its member states: NC1 (ES), Obnitix (DE) "
        "(msc products --country DE,ES)"
    )
    assert note in result.stdout.splitlines()
    assert note in run("products", "--country", "EU", "-f", "csv").stderr
    both = run("products", "--country", "EU,DE", "-f", "csv")
    assert "NC1 (ES) (msc products --country ES)" in both.stderr  # Obnitix is in the answer already
    members = {r["code"]: r["member_of"] for r in json_list("jurisdictions")}
    assert members["DE"] == members["ES"] == "EU" and members["KR"] is None


def test_a_member_state_of_an_unknown_union_is_a_data_error(tmp_path: Path) -> None:
    (tmp_path / "jurisdictions.yaml").write_text("- code: XX\n  en: Nowhere\n  member_of: ZZ\n", encoding="utf-8")
    result = run("data", "validate", str(tmp_path))
    assert result.exit_code == 1
    assert "member_of 'ZZ' is not a jurisdiction of the catalogue" in result.stdout


def test_the_fcs_hint_names_the_interpreter_that_runs_msc() -> None:
    code = (
        "import sys; sys.modules['flowio'] = None\n"
        "from msccli.isct.fcs.files import libraries\n"
        "try:\n    libraries()\nexcept Exception as exc:\n    print(exc.hint)\n"
    )
    hint = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert hint.startswith(f"add the FCS extra to the Python that runs msc: {sys.executable} -m pip install ")
    assert "'flowio<1.5,>=1.4'" in hint and "'numpy>=1.24'" in hint
    assert "pipx inject msccli flowio numpy" in hint
    assert "/path/to/python -m pip install 'flowio>=1.4,<1.5' 'numpy>=1.24'" in (ROOT / "README.md").read_text("utf-8")


def test_a_lot_file_without_a_lot_column_gets_the_map_that_names_it(tmp_path: Path) -> None:
    lots = tmp_path / "lots.csv"
    lots.write_text("Charge,CD73,CD90,CD105,CD45\nL1,98,97,96,1\n", encoding="utf-8")
    result = run("isct-check", str(lots))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1] == "msc: hint: if 'Charge' holds the lot ids: --map 'Charge=lot'"
    assert run("isct-check", str(lots), "--map", "Charge=lot", "-f", "csv", "--fields", "lot").stdout == "lot\nL1\n"


def test_an_ignored_negative_marker_column_gets_the_map_that_reads_it(tmp_path: Path) -> None:
    lots = tmp_path / "lots.csv"
    lots.write_text("lot,CD73,CD90,CD105,CD45,CD34- (%)\nL1,98,97,96,1,0.5\n", encoding="utf-8")
    result = run("isct-check", str(lots))
    assert result.stderr.splitlines()[-1] == (
        "msc: hint: msc reads a marker column as the % of cells positive for it; if 'CD34- (%)' is that % for "
        "CD34: --map 'CD34- (%)=CD34'"
    )
    mapped = json_list("isct-check", str(lots), "--map", "CD34- (%)=CD34", code=1)
    assert "CD34: no data" not in mapped[0]["problems"]


def test_group_options_without_a_command_print_the_usage() -> None:
    bare = run()
    for args in (["--lang", "zh"], ["--debug"], ["--lang", "en"]):
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("Usage: msc [OPTIONS] COMMAND [ARGS]...\n")
        assert result.stderr == ""
    assert run("--lang", "en").stdout == bare.stdout
    assert "试试：msc products --country KR" in run("--lang", "zh").stdout


def test_the_cache_prunes_files_of_kinds_msc_no_longer_writes(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    old = [cache / "answers-0123abcd-4567.bin", cache / "answers-x.bin"]
    for path in old:
        path.write_bytes(b"old")
    kept = cache / "notes.bin"
    kept.write_bytes(b"not msc's")
    env = {**os.environ, "MSC_CACHE_DIR": str(cache), "MSC_LANG": "en"}
    env.pop("MSC_NO_CACHE", None)
    subprocess.run([sys.executable, "-m", "msccli", "products"], env=env, capture_output=True, check=True)
    assert [p.exists() for p in old] == [False, False]
    assert kept.exists()
    assert any(p.name.startswith("catalogue-") for p in cache.iterdir())


def test_the_course_calendar_is_named_and_each_event_says_what_to_give(tmp_path: Path) -> None:
    from icalendar import Calendar

    target = tmp_path / "course.ics"
    args = ["dose", "ryoncil", "--weight", "32", "--start", "2026-12-07", "--label", "Patient 7", "-o", str(target)]
    assert run(*args).exit_code == 0
    calendar = Calendar.from_ical(target.read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Patient 7: RYONCIL: course plan (msc)"
    description = str(calendar.walk("VEVENT")[0]["description"])
    assert description.splitlines() == [
        "RYONCIL: 2×10⁶ MSC/kg per infusion.",
        "Worked out for: weight 32 kg",
        "Per administration: 6.4×10⁷ cells, 9.58 mL",
        "Thaw: 3 vials per administration (2.5384×10⁷ cells each, worked out as 3.8 mL × 6.68×10⁶ cells/mL)",
        "Give 6.4×10⁷ cells (9.58 mL); 1.2152×10⁷ cells (1.82 mL) left over, which cannot be stored again",
        "Base course: 24 vials (each administration takes its own); 9.7216×10⁷ cells left over in all",
        "Labelled dose from published sources (msc); a reference, not clinical advice.",
    ]
    assert "^" not in description  # one notation for powers of ten


def test_help_at_80_columns_wraps_every_command_description(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    text = run("--help").stdout
    commands = text[text.index("Commands:") :]
    assert commands.count("...") == 1 and "errata.yaml, ...)." in commands  # the one is data's own text
    assert "  product        Everything about one product: names, approvals, dosing,\n" in commands
    assert "                 evidence, corrections, references.\n" in commands
    assert all(len(line) <= 78 for line in text.splitlines())
    assert "..." not in run("data", "--help").stdout.split("Commands:")[1]


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (["compare"], "Usage: msc compare [OPTIONS] NAME..."),
        (["refs"], "Usage: msc refs [OPTIONS] [IDS]"),
        (["product"], "Usage: msc product [OPTIONS] NAME"),
        (["verify"], "Usage: msc verify [OPTIONS] REPORT.html"),
    ],
)
def test_usage_lines_write_a_required_argument_plainly(args: list[str], usage: str) -> None:
    assert run(*args, "--help").stdout.splitlines()[0] == usage


def _svg_texts(page: str) -> list[str]:
    import html
    import re

    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", page)]


def test_the_chinese_timeline_never_breaks_a_latin_word(tmp_path: Path) -> None:
    target = tmp_path / "history.html"
    assert run("--lang", "zh", "timeline", "-o", str(target)).exit_code == 0
    import re

    page = target.read_text(encoding="utf-8")
    text = "\n".join(_svg_texts(page))
    for word in ("remestemcel-L", "CD45", "HLA-DR", "ADMIRE-CD", "Cx601"):
        assert word in text, word
    events = re.findall(r'<g id="(?!legend-)[^"]*">.*?</g>', page, flags=re.S)
    assert len(events) == 75
    for event in events:  # within an event's text, a line never ends inside a word the next line goes on with
        lines = _svg_texts(event)[1:]
        for before, after in itertools.pairwise(lines):
            assert not (before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and after[0].isalnum())


def test_the_timeline_labels_only_years_with_events(tmp_path: Path) -> None:
    import re

    target = tmp_path / "history.svg"
    assert run("timeline", "-o", str(target)).exit_code == 0
    page = target.read_text(encoding="utf-8")
    labels = {int(y) for y in re.findall(r'text-anchor="end" font-weight="bold" fill="#111827">(\d{4})<', page)}
    years = {int(e["year"]) for e in json_list("timeline")}
    assert labels == years


def test_jurisdictions_never_split_a_chinese_name_nor_start_a_line_with_a_comma(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = [name for r in json_list("jurisdictions") for name in r["country_zh"]]
    assert "新西蘭" in names and "歐洲聯盟" in names
    for width in ("62", "70", "80", "100"):
        monkeypatch.setenv("COLUMNS", width)
        text = run("--lang", "zh-Hant", "jurisdictions").stdout
        assert [name for name in names if name not in text] == [], width  # each whole, on one line
        assert not any(line.strip().startswith((",", "，", "、")) for line in text.splitlines())
    simplified = run("--lang", "zh", "jurisdictions").stdout
    assert "韓國" not in simplified and "韩国" in simplified


def test_search_names_its_hits_in_chinese_where_the_catalogue_has_the_name() -> None:
    result = run("--lang", "zh", "search", "克罗恩")
    hits = [line.split("  ")[0] for line in result.stdout.splitlines()[2:7]]
    assert hits[0] == "克罗恩病"
    assert "Alofisel" in hits  # a brand stays as it is
    assert any(h.startswith("2016-07 《柳叶刀》") for h in hits)
    records = json_list("--lang", "zh", "search", "睿")
    assert (records[0]["kind"], records[0]["title_zh"]) == ("product", "睿铂生")
    assert json_list("search", "crohn")[0]["title_zh"] == "克羅恩病"


def test_what_an_answer_leaves_out_is_in_the_footer_or_on_stderr_never_lost(tmp_path: Path) -> None:
    table = run("products", "--country", "TW")
    assert table.stderr == ""
    assert [line for line in table.stdout.splitlines() if line.startswith("No approval in Taiwan")] == [
        "No approval in Taiwan in the catalogue: No MSC product approval was found up to 2026-11. Taiwan's "
        "Regenerative Medicine Act and Regenerative Medicinal Products Act (promulgated 2024-06-19) took effect on "
        "2026-01-01 and allow approval with conditions; no product approved under them was reported."
    ]
    data = run("products", "--country", "TW", "-f", "json")
    assert (data.stdout, data.stderr.startswith("msc: note: No approval in Taiwan in the catalogue: ")) == (
        "[]\n",
        True,
    )
    written = run("products", "--expires-before", "2030", "-o", str(tmp_path / "ending.csv"))
    assert written.stderr.splitlines() == [
        "msc: note: 3 approvals whose end was reached by 2026-11-25 left out; --include-ended adds them",
        f"msc: wrote {tmp_path / 'ending.csv'} (csv)",
    ]


def test_chinese_in_the_readers_script_keeps_every_item_of_a_list() -> None:
    """Two approvals' Chinese may read the same, or the same once folded: both stay, parallel to the English."""
    from msccli.output.render import in_script
    from msccli.text.i18n import use

    record = {
        "indication": ["IN: a", "IN: b", "IN: c"],
        "indication_zh": ["IN: 克羅恩病", "IN: 克羅恩病", "IN: 克罗恩病"],
        "approvals": [{"indication": {"en": "x", "zh": "歐盟"}}, {"indication": {"en": "y", "zh": "欧盟"}}],
    }
    use("zh")
    try:
        folded = in_script(record)
    finally:
        use("en")
    assert folded["indication_zh"] == ["IN: 克罗恩病"] * 3
    assert [a["indication"]["zh"] for a in folded["approvals"]] == ["欧盟", "欧盟"]
    assert folded["indication"] == record["indication"]
