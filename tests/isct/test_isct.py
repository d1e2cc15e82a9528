"""msc isct-check and msc criteria: published boundaries, inputs, errors, formats, properties."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from msccli.catalogue import catalog, profiles
from msccli.isct import criteria as isct
from msccli.isct.lots import batch as lots

from ..conftest import run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
FULL = [
    "--marker", "CD73=98", "--marker", "CD90=99", "--marker", "CD105=97", "--marker", "CD45=0.5",
    "--marker", "CD34=0.8", "--marker", "CD14=0.4", "--marker", "CD19=0.3", "--marker", "HLA-DR=0.6",
    "--adherent", "--osteo", "pass", "--adipo", "pass", "--chondro", "pass",
]  # fmt: skip


def one(*args: str) -> tuple[int, dict[str, Any]]:
    result = run("isct-check", *args, "-f", "json")
    (lot,) = json.loads(result.stdout)
    assert result.exit_code == (0 if lot["verdict"] == "PASS" else 1), result.stderr
    return result.exit_code, lot


def criterion(lot: dict[str, Any], name: str, check: int = 0) -> dict[str, Any]:
    return next(c for c in lot["checks"][check]["criteria"] if c["criterion"] == name)


def without(marker: str) -> list[str]:
    args = list(FULL)
    i = next(i for i in range(1, len(args), 2) if args[i - 1] == "--marker" and args[i].split("=")[0] == marker)
    del args[i - 1 : i + 1]
    return args


def with_marker(marker: str, value: str) -> list[str]:
    args = list(FULL)
    for i in range(1, len(args), 2):
        if args[i - 1] == "--marker" and args[i].split("=")[0] == marker:
            args[i] = f"{marker}={value}"
            return args
    return [*args, "--marker", f"{marker}={value}"]


def test_a_complete_good_lot_passes() -> None:
    code, lot = one(*FULL)
    assert code == 0
    assert lot["verdict"] == "PASS"
    assert [c["status"] for c in lot["checks"][0]["criteria"]] == ["pass"] * 12


@pytest.mark.parametrize(
    ("marker", "value", "verdict", "margin"),
    [
        ("CD105", "95.0", "PASS", 0.0),
        ("CD105", "94.9", "FAIL", -0.1),
        ("CD34", "2.0", "PASS", 0.0),
        ("CD34", "2.1", "FAIL", -0.1),
    ],
)
def test_published_boundaries_hold_exactly(marker: str, value: str, verdict: str, margin: float) -> None:
    code, lot = one(*with_marker(marker, value))
    assert lot["verdict"] == verdict
    assert code == (0 if verdict == "PASS" else 1)
    found = criterion(lot, marker)
    assert found["value"] == float(value)
    assert found["threshold"] == (95 if marker == "CD105" else 2)
    assert found["margin"] == margin


def test_cd11b_alone_satisfies_the_cd14_cd11b_pair() -> None:
    code, lot = one(*without("CD14"), "--marker", "CD11b=1.1")
    assert code == 0
    pair = criterion(lot, "CD14 or CD11b")
    assert (pair["status"], pair["used"], pair["value"]) == ("pass", "CD11b", 1.1)


def test_when_both_markers_of_a_pair_are_measured_both_must_pass() -> None:
    _, lot = one(*FULL, "--marker", "CD11b=3.5")
    pair = criterion(lot, "CD14 or CD11b")
    assert (pair["status"], pair["used"], pair["value"]) == ("fail", "CD11b", 3.5)
    assert lot["verdict"] == "FAIL"


def test_missing_hla_dr_is_incomplete_not_pass() -> None:
    code, lot = one(*without("HLA-DR"))
    assert code == 1
    assert lot["verdict"] == "INCOMPLETE"
    assert criterion(lot, "HLA-DR")["status"] == "missing"


def test_ifn_gamma_makes_hla_dr_informative() -> None:
    code, lot = one(*with_marker("HLA-DR", "35"), "--ifn-gamma")
    assert code == 0 and lot["verdict"] == "PASS"
    hla = criterion(lot, "HLA-DR")
    assert hla["status"] == "fail" and hla["informative"] is True
    assert "IFN-gamma" in hla["note"]


def test_a_cocktail_covers_exactly_its_members() -> None:
    # Miltenyi-style PerCP channel: CD14/CD20/CD34/CD45; no HLA-DR, no CD79a/CD19 in it.
    args = ["--marker", "CD73=98", "--marker", "CD90=99", "--marker", "CD105=97", "--marker", "CD14/CD20/CD34/CD45=0.9"]
    args += ["--adherent", "--osteo", "pass", "--adipo", "pass", "--chondro", "pass"]
    _, lot = one(*args)
    assert criterion(lot, "CD45")["used"] == "CD14/CD20/CD34/CD45 cocktail"
    assert criterion(lot, "CD34")["status"] == "pass"
    assert criterion(lot, "CD14 or CD11b")["status"] == "pass"
    assert criterion(lot, "CD79a or CD19")["status"] == "missing"
    assert criterion(lot, "HLA-DR")["status"] == "missing"
    assert lot["verdict"] == "INCOMPLETE"


def test_a_high_cocktail_fails_every_member() -> None:
    args = [*FULL[:6], "--marker", "CD34/CD11b/CD19/CD45/HLA-DR=2.4", *FULL[-7:]]
    _, lot = one(*args)
    failed = sorted(c["criterion"] for c in lot["checks"][0]["criteria"] if c["status"] == "fail")
    assert failed == ["CD14 or CD11b", "CD34", "CD45", "CD79a or CD19", "HLA-DR"]


def test_single_lot_table_shows_every_criterion() -> None:
    result = run("isct-check", *with_marker("CD105", "94.9"))
    assert result.exit_code == 1
    assert "isct-2006: FAIL" in result.stdout
    assert "CD105" in result.stdout and "94.9" in result.stdout and "-0.1" in result.stdout


# -- batch files -----------------------------------------------------------------------------------


def lots_of(*args: str) -> list[dict[str, Any]]:
    result = run("isct-check", *args, "-f", "json")
    data: list[dict[str, Any]] = json.loads(result.stdout)
    assert result.exit_code == (0 if all(d["verdict"] == "PASS" for d in data) else 1), result.stderr
    return data


def test_csv_fixture_with_a_lab_spec() -> None:
    data = lots_of(str(EXAMPLES / "lots.csv"), "--spec", str(EXAMPLES / "release-spec.yaml"))
    assert [(d["lot"], d["row"], d["checks"][0]["verdict"], d["checks"][1]["verdict"]) for d in data] == [
        ("MSC-001", 2, "PASS", "PASS"),
        ("MSC-002", 3, "FAIL", "FAIL"),
        ("MSC-003", 4, "FAIL", "PASS"),
        ("MSC-004", 5, "INCOMPLETE", "PASS"),
    ]
    msc3 = data[2]
    assert criterion(msc3, "HLA-DR", 1)["informative"] is True  # the spec's HLA-DR <= 20 is informative
    assert criterion(msc3, "CD73")["value"] == 97.5  # "97.5 %" accepted
    assert data[0]["unjudged_markers"] == {}
    assert data[0]["checks"][1]["profile"] == "release-spec"


def test_csv_fixture_table_and_exit_code() -> None:
    result = run("isct-check", str(EXAMPLES / "lots.csv"))
    assert result.exit_code == 1
    assert "MSC-002  FAIL        CD105 94.90 (needs >= 95)" in result.stdout.splitlines()
    assert "4 lots: 1 pass, 2 fail, 1 incomplete." in result.stdout
    assert "ignored columns (not markers or known fields): operator" in result.stderr


def test_flowjo_export_with_a_cocktail_map() -> None:
    data = lots_of(str(FIXTURES / "flowjo_export.csv"), "--map", "Lin PE+=CD34/CD11b/CD19/CD45/HLA-DR")
    assert [(d["lot"], d["row"], d["verdict"]) for d in data] == [
        ("P3_lot-A", 2, "INCOMPLETE"),  # no adherence or differentiation data in a flow export
        ("P3_lot-B", 3, "FAIL"),  # cocktail 2.4 > 2
        ("P4_lot-C", 4, "FAIL"),  # CD105 93.8
    ]
    assert criterion(data[1], "CD105")["value"] == 95.0


def test_flowjo_gate_that_is_not_a_marker_needs_a_map() -> None:
    result = run("isct-check", str(FIXTURES / "flowjo_export.csv"))
    assert result.exit_code == 2
    assert "cannot tell the marker of gate 'Lin PE+'; name it with --map 'Lin PE+=MARKER'" in result.stderr


def test_yaml_json_tsv_and_stdin_inputs(tmp_path: Path) -> None:
    records = [{"lot": "Y1", "markers": {"CD73": 99, "CD90": "98 %", "CD105": 97}, "adherent": True}]
    (tmp_path / "lots.yaml").write_text(yaml.safe_dump(records), encoding="utf-8")
    (tmp_path / "lots.json").write_text(json.dumps({"lots": records}), encoding="utf-8")
    (tmp_path / "lots.tsv").write_text("lot\tCD73\tCD90\tCD105\tadherent\nY1\t99\t98 %\t97\tyes\n", encoding="utf-8")
    for name in ("lots.yaml", "lots.json", "lots.tsv"):
        (lot,) = lots_of(str(tmp_path / name))
        assert lot["lot"] == "Y1", name
        assert criterion(lot, "CD90")["value"] == 98.0
        assert criterion(lot, "adherence")["status"] == "pass"
    result = run("isct-check", "-", "-f", "json", input="lot,CD73\nS1,99\n")
    assert json.loads(result.stdout)[0]["lot"] == "S1"


def write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


POSITIVE = ("CD73", "CD90", "CD105")
NEGATIVE = ("CD45", "CD34", "CD14", "CD19", "HLA-DR")


def expected_verdict(row: dict[str, Any]) -> str:
    """An independent reading of ISCT 2006 for rows with every field present or blank."""
    statuses = []
    for m in POSITIVE:
        statuses.append("missing" if row[m] == "" else ("pass" if float(row[m]) >= 95 else "fail"))
    for m in NEGATIVE:
        statuses.append("missing" if row[m] == "" else ("pass" if float(row[m]) <= 2 else "fail"))
    for field in ("adherent", "osteogenic", "adipogenic", "chondrogenic"):
        statuses.append("missing" if row[field] == "" else ("pass" if row[field] == "yes" else "fail"))
    if "fail" in statuses:
        return "FAIL"
    return "INCOMPLETE" if "missing" in statuses else "PASS"


def thousand_lots() -> list[dict[str, Any]]:
    rng = random.Random(2006)
    rows = []
    for i in range(1000):
        row: dict[str, Any] = {"lot": f"L{i:04d}"}
        for m in POSITIVE:
            row[m] = rng.choices(["", f"{rng.uniform(94, 100):.1f}", "95.0", "94.9"], [1, 40, 3, 1])[0]
        for m in NEGATIVE:
            row[m] = rng.choices(["", f"{rng.uniform(0, 2.2):.1f}", "2.0", "2.1"], [1, 40, 3, 1])[0]
        for field in ("adherent", "osteogenic", "adipogenic", "chondrogenic"):
            row[field] = rng.choices(["yes", "no", ""], [60, 1, 1])[0]
        rows.append(row)
    return rows


def test_a_thousand_lot_csv_checks_correctly(tmp_path: Path) -> None:
    rows = thousand_lots()
    write_csv(tmp_path / "lots.csv", rows)
    data = lots_of(str(tmp_path / "lots.csv"))
    assert len(data) == 1000
    assert [d["lot"] for d in data] == [r["lot"] for r in rows]
    assert [d["row"] for d in data] == list(range(2, 1002))
    assert [d["verdict"] for d in data] == [expected_verdict(r) for r in rows]
    assert {d["verdict"] for d in data} == {"PASS", "FAIL", "INCOMPLETE"}


def test_a_blank_line_is_skipped_and_crlf_and_bom_are_read(tmp_path: Path) -> None:
    path = tmp_path / "lots.csv"
    path.write_bytes("\ufefflot,CD73\r\nA,99\r\n\r\nB,98\r\n".encode())
    data = lots_of(str(path))
    assert [(d["lot"], d["row"]) for d in data] == [("A", 2), ("B", 4)]


@pytest.mark.parametrize(
    ("content", "messages"),
    [
        (
            "lot,CD73,CD90\nA,98,abc\nB,101,99\nA,97,-1\n,95,95\n",
            [
                "row 2, field 'CD90': 'abc' is not valid: not a number; expected a percentage from 0 to 100",
                "row 3, field 'CD73': '101' is not valid: 101 is outside 0-100, so it cannot be a percentage",
                "row 4, field 'lot': duplicate lot id 'A' (first on row 2)",
                "row 4, field 'CD90': '-1' is not valid: -1 is outside 0-100, so it cannot be a percentage",
                "row 5, field 'lot': empty lot id",
            ],
        ),
        ("", ["the file is empty"]),
        ("CD73,CD90\n98,99\n", ["row 1: no lot id column; name one 'lot' (or lot_id, batch, sample, id)"]),
        ("lot,CD73\n", ["no lots in the file (only a header)"]),
        ("lot,CD73,adherent\nA,98,maybe\n", ["row 2, field 'adherent': 'maybe' is not valid: expected pass/fail"]),
        ("lot,CD73,CD73\nA,98,97\n", ["field 'CD73': appears twice (columns 2 and 3)"]),
        ("lot,CD73\nA,nan\n", ["'nan' is not valid: not a number; expected a percentage from 0 to 100"]),
    ],
)
def test_malformed_files_report_every_error(tmp_path: Path, content: str, messages: list[str]) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    result = run("isct-check", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(messages)
    for line, message in zip(lines, messages, strict=True):
        assert line.startswith(f"msc: error: {path}")
        assert message in line


def test_not_utf8_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("lot,CD73\nLöt,98\n".encode("latin-1"))
    assert "not UTF-8 text" in run("isct-check", str(path)).stderr
    missing = run("isct-check", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and "cannot read the file (No such file or directory)" in missing.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give a FILE of lots (or - for stdin), --marker MARKER=PERCENT values, or --fcs tubes for one sample"),
        (
            ["x.csv", "--marker", "CD73=9"],
            "give one input: a FILE of lots, --marker values, --fcs tubes of one lot, or a --sheet",
        ),
        (["--marker", "CD73"], "--marker: 'CD73' needs the form MARKER=PERCENT"),
        (["--marker", "FITC=5"], "'FITC' is not a marker name"),
        (["--marker", "CD73=120"], "'120' in 'CD73=120' is not valid: 120 is outside 0-100"),
        (["--marker", "CD73=98", "--osteo", "maybe"], "--osteo: 'maybe' is not valid"),
        (["--marker", "CD73=98", "--profile", "isct-2007"], "no criteria profile matches 'isct-2007'"),
        (["--marker", "CD73=98", "--input-format", "xls"], "--input-format: unknown value 'xls'"),
        (["--marker", "CD73=98", "--map", "nogate"], "--map: 'nogate' needs the form GATE=MARKER"),
    ],
)
def test_bad_flags(args: list[str], message: str) -> None:
    result = run("isct-check", *args)
    assert result.exit_code == (1 if "no criteria profile" in message else 2)  # not found, or bad input
    assert result.stdout == ""
    assert message in result.stderr


def test_bad_spec_file(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: x\ncriteria:\n  - {marker: CD73, min: 180}\n", encoding="utf-8")
    result = run("isct-check", "--marker", "CD73=98", "--spec", str(spec))
    assert result.exit_code == 2
    assert "threshold 180.0 is not a percentage" in result.stderr
    spec.write_text("name: x\ncriteria:\n  - {marker: CD73, minimum: 80}\n", encoding="utf-8")
    result = run("isct-check", "--marker", "CD73=98", "--spec", str(spec))
    assert result.exit_code == 2 and "Object contains unknown field `minimum`" in result.stderr


def test_unverified_profile_is_flagged_in_every_report() -> None:
    result = run("isct-check", "--marker", "CD73=85", "--profile", "ifats-isct-2013-asc", "-f", "json")
    assert "warning: profile ifats-isct-2013-asc: UNVERIFIED THRESHOLDS" in result.stderr
    (lot,) = json.loads(result.stdout)
    assert lot["checks"][0]["verified"] is False
    assert lot["checks"][0]["warning"].startswith("UNVERIFIED THRESHOLDS")
    table = run("isct-check", "--marker", "CD73=85", "--profile", "ifats-isct-2013-asc").stdout
    assert "WARNING (ifats-isct-2013-asc): UNVERIFIED THRESHOLDS" in table


DETAIL_FIELDS = ("lot", "profile", "verdict", "criterion", "test", "status", "informative", "value", "op", "threshold")
DETAIL_FIELDS += ("margin", "used", "note")


def test_report_formats() -> None:
    path = str(EXAMPLES / "lots.csv")
    per_lot = list(csv.DictReader(io.StringIO(run("isct-check", path, "-f", "csv").stdout)))
    assert [(r["lot"], r["verdict"], r["problems"]) for r in per_lot] == [
        ("MSC-001", "PASS", ""),
        ("MSC-002", "FAIL", "CD105 94.90 (needs >= 95)"),
        ("MSC-003", "FAIL", "CD34 2.10 (needs <= 2); HLA-DR 15.50 (needs <= 2)"),
        ("MSC-004", "INCOMPLETE", "CD14 or CD11b: no data; HLA-DR: no data"),
    ]
    rows = list(csv.DictReader(io.StringIO(run("isct-check", path, "--detail", "-f", "csv").stdout)))
    assert len(rows) == 4 * 13  # 12 criteria, and viability, which no criterion judges, recorded
    assert [(r["criterion"], r["status"], r["informative"], r["value"]) for r in rows if r["lot"] == "MSC-003"][-1] == (
        "viability", "recorded", "true", "88",
    )  # fmt: skip
    first = rows[0]
    assert (first["lot"], first["criterion"], first["status"], first["verdict"]) == (
        "MSC-001",
        "adherence",
        "pass",
        "PASS",
    )
    assert len(run("isct-check", path, "-f", "jsonl").stdout.splitlines()) == 4
    assert yaml.safe_load(run("isct-check", path, "-f", "yaml").stdout)[1]["verdict"] == "FAIL"
    assert (
        "| MSC-002 | isct-2006 | FAIL | CD105 | percent | fail | false | 94.9 | >= | 95 | -0.1 | CD105 |  |"
        in run("isct-check", path, "--detail", "-f", "markdown", "--fields", ",".join(DETAIL_FIELDS)).stdout
    )
    assert run("isct-check", path, "--detail", "-f", "tsv").stdout.startswith("lot\tsource\trow\tcheck\tprofile\t")


def test_criteria_command() -> None:
    out = run("criteria", "isct-2006").stdout
    assert "isct-2006: ISCT minimal criteria for human MSCs (Dominici et al. 2006)" in out
    assert "CD14 or CD11b" in out and "<= 2 % of cells" in out
    data = json.loads(run("criteria", "-f", "json").stdout)
    assert list(dict.fromkeys(c["profile"] for c in data)) == ["isct-2006", "ifats-isct-2013-asc"]
    assert data[0]["refs"] == ["I1"]
    assert [(c["criterion"], c["op"], c["threshold"]) for c in data if c["profile"] == "isct-2006"][1:3] == [
        ("CD105", ">=", 95),
        ("CD73", ">=", 95),
    ]
    miss = run("criteria", "isct")
    assert miss.exit_code == 1 and "did you mean 'isct-2006'" in miss.stderr


def test_marker_names_are_canonical() -> None:
    assert profiles.marker_name("cd79α") == "CD79a"
    assert profiles.marker_name("CD79alpha") == "CD79a"
    assert profiles.marker_name("HLA DR") == "HLA-DR"
    assert profiles.marker_name("cd11B") == "CD11b"
    assert profiles.marker_name("FSC-A") is None


# -- properties ------------------------------------------------------------------------------------

PROFILE = isct.profile(catalog.default().profiles, "isct-2006")
ORDER = {"PASS": 0, "INCOMPLETE": 1, "FAIL": 2}
percent = st.floats(min_value=0, max_value=100, allow_nan=False)


def verdict_of(values: dict[str, float | None]) -> str:
    lot = isct.single_lot("x", {**values, "@adherence": True, "@osteogenic": True, "@adipogenic": True,
                                "@chondrogenic": True})  # fmt: skip
    return isct.evaluate(PROFILE, lot).verdict


@settings(max_examples=300, deadline=None)
@given(
    values=st.fixed_dictionaries({m: st.one_of(st.none(), percent) for m in (*POSITIVE, *NEGATIVE)}),
    marker=st.sampled_from([*POSITIVE, *NEGATIVE]),
    delta=st.floats(min_value=0, max_value=100, allow_nan=False),
)
def test_verdicts_are_monotone_in_each_marker(values: dict[str, float | None], marker: str, delta: float) -> None:
    """Raising a positive marker (or lowering a negative one) never makes a verdict worse."""
    if values[marker] is None:
        return
    better = dict(values)
    current = values[marker]
    assert current is not None
    better[marker] = min(100.0, current + delta) if marker in POSITIVE else max(0.0, current - delta)
    assert ORDER[verdict_of(better)] <= ORDER[verdict_of(values)]


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_row_order_never_changes_a_verdict(seed: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    rows = thousand_lots()[:60]
    shuffled = list(rows)
    random.Random(seed).shuffle(shuffled)
    directory = tmp_path_factory.mktemp("order")
    write_csv(directory / "a.csv", rows)
    write_csv(directory / "b.csv", shuffled)
    by_lot = {}
    for name in ("a.csv", "b.csv"):
        batch = lots.read_batch(str(directory / name), None, {})
        checks = isct.check_lots(batch.lots, PROFILE, None, batch.table)
        by_lot[name] = {lot.lot: one[0].verdict for lot, one in zip(batch.lots, checks, strict=True)}
    assert by_lot["a.csv"] == by_lot["b.csv"]


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=8))
def test_percent_parser_accepts_only_percentages(text: str) -> None:
    try:
        value = lots.parse_percent(text)
    except ValueError:
        return
    assert 0 <= value <= 100


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("lots.yaml", "- lot: [x]\n  CD73: 99\n", "row 1, field 'lot': expected a single value, not a list or mapping"),
        ("lots.json", '[{"lot": "A", "CD73": {"v": 1}}]', "row 1, field 'CD73': expected a single value"),
        ("lots.csv", 'lot,CD73\n"A,99\n', "row 2: not valid CSV (unexpected end of data)"),
    ],
)
def test_nested_values_and_unclosed_quotes_are_errors(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("isct-check", str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr


def test_spec_with_criteria_that_are_not_a_list(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: x\ncriteria: 5\n", encoding="utf-8")
    result = run("isct-check", "--marker", "CD73=98", "--spec", str(spec))
    assert result.exit_code == 2
    assert "field 'criteria': Expected `array`, got `int`" in result.stderr


def test_a_spec_reports_every_problem_at_once_with_did_you_mean(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "id: lab\ntitle: t\ncriteria:\n"
        "  - {test: percent, markers: [CD015], min: 95}\n"
        "  - {test: percnt, markers: [CD73], min: 95}\n"
        "  - {test: percent, markers: [CD90], min: 950}\n",
        encoding="utf-8",
    )
    result = run("isct-check", "--example", "--spec", str(spec))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"msc: error: {spec}, field 'criteria[0].markers': 'CD015' is not a marker name (e.g. CD73, CD79a, HLA-DR);"
        " did you mean 'CD15'?",
        f"msc: error: {spec}, field 'criteria[1].test': unknown test 'percnt'; tests: percent, adherence, "
        "osteogenic, adipogenic, chondrogenic, viability, phenotype; did you mean 'percent'?",
        f"msc: error: {spec}, field 'criteria[2]': threshold 950.0 is not a percentage",
    ]


def test_a_marker_number_with_a_leading_zero_is_no_marker_name() -> None:
    assert profiles.marker_name("CD015") is None
    assert profiles.marker_name("CD15") == "CD15"
