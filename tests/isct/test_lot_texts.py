"""A lot report's JSON made column by column (views/lot_texts.py) is the same text as encoding each record."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msccli.catalogue import catalog
from msccli.catalogue.model import Criterion, Profile
from msccli.isct import criteria as isct
from msccli.output import render
from msccli.views import lot_records, lot_texts
from msccli.views.isct import isct_view
from msccli.views.lot_records import CRITERION_RESULT_FIELDS, LOT_FIELDS

from ..conftest import run

MARKERS = ["CD73", "CD90", "CD105", "CD45", "CD34", "CD11b", "CD14", "CD19", "CD79a", "HLA-DR", "CD44", "CD29"]
FLAGS = ["@adherence", "@osteogenic", "@adipogenic", "@chondrogenic", "@stimulated"]
TRICKY = '\x00\x010 100% "quoted" \\ \u202e é'  # the skeleton's marker inside a text, a format sign, escapes
MARKER = "\x00\x011"  # a text that is the skeleton's marker: such a run is encoded record by record
TEXTS = st.sampled_from(["lab spec", TRICKY, MARKER])

percent = st.one_of(  # values that repeat within a run, so that a text made once is used again
    st.none(),
    st.sampled_from([0.0, -0.0, 2.0, 95.0]),
    st.sampled_from([94.99, 100.0, 1e-7, 5e-324]),
    st.floats(min_value=0, max_value=100),
)
flag = st.one_of(st.none(), st.booleans())


def spec(title: str) -> Profile:
    return Profile(
        id="lab%s",
        title=title,
        warning=TRICKY,
        criteria=[
            Criterion(markers=["CD73"], min=80),
            Criterion(markers=["CD45"], max=5, strict=True),
            Criterion(markers=["HLA-DR"], max=20, informative=True),
            Criterion(markers=["CD14", "CD11b"], max=2),
            Criterion(test="viability", min=70),
        ],
    )


@st.composite
def batches(draw: st.DrawFn) -> tuple[list[isct.Lot], isct.Table]:
    count = draw(st.integers(1, 12))
    table: isct.Table = {}
    for key in draw(st.lists(st.sampled_from(MARKERS), unique=True)):
        table[key] = [draw(percent) for _ in range(count)]
    for key in draw(st.lists(st.sampled_from(FLAGS), unique=True)):
        table[key] = [draw(flag) for _ in range(count)]
    if draw(st.booleans()):
        table["@viability"] = [draw(percent) for _ in range(count)]
    for members in draw(st.lists(st.sampled_from(["CD34/CD45/HLA-DR", "CD73/CD90"]), unique=True)):
        table[isct.cocktail_key(members.split("/"))] = [draw(percent) for _ in range(count)]
    for key in draw(st.lists(st.sampled_from(["CD73", "CD45", "CD11b"]), unique=True)):
        pairs = st.tuples(st.floats(0, 100), st.floats(0, 100)).map(sorted).map(tuple)
        table[isct.CI_PREFIX + key] = [draw(st.one_of(st.none(), pairs)) for _ in range(count)]
    ids = draw(st.lists(st.one_of(st.text(max_size=6), TEXTS), min_size=count, max_size=count))
    rows = draw(st.lists(st.one_of(st.none(), st.integers(1, 10**6)), min_size=count, max_size=count))
    source = draw(TEXTS)
    return [isct.Lot(i, source, r, table, n) for n, (i, r) in enumerate(zip(ids, rows, strict=True))], table


def both(view: render.View, fmt: str, keys: list[str]) -> tuple[str, str]:
    """The view's JSON or CSV made column by column, and made record by record."""
    assert view.texts is not None and view.cells is not None
    fast, slow = io.StringIO(), io.StringIO()
    if fmt == "csv":
        render.write_rows(view.cells(keys), fmt, fast)
        render.write_rows((render.cells(r, keys) for r in view.iter_records()), fmt, slow)
    else:
        render.write_json(view.texts(keys, fmt), fmt, fast, items=True)
        render.write_json(render.encoded(view.iter_records(), keys, pretty=fmt == "json"), fmt, slow)
    return fast.getvalue(), slow.getvalue()


FIELDS = {False: [f.name for f in LOT_FIELDS], True: [f.name for f in CRITERION_RESULT_FIELDS]}  # by --detail


@settings(max_examples=300, deadline=None)
@given(
    batch=batches(),
    with_spec=st.booleans(),
    title=TEXTS,
    ci=st.booleans(),
    fmt=st.sampled_from(["json", "jsonl", "csv"]),
    detail=st.booleans(),
    data=st.data(),
    run_of=st.sampled_from([2, 5_000]),
)
def test_column_texts_are_the_records_texts(
    batch: tuple[list[isct.Lot], isct.Table],
    with_spec: bool,
    title: str,
    ci: bool,
    fmt: str,
    detail: bool,
    data: st.DataObject,
    run_of: int,
) -> None:
    names = FIELDS[detail]
    keys = data.draw(st.one_of(st.just(names), st.lists(st.sampled_from(names), min_size=1, unique=True)))
    lots, table = batch
    profile = isct.profile(catalog.default().profiles, "isct-2006")
    lab = spec(title) if with_spec else None
    checks = isct.check_lots(lots, profile, lab, table, ci=ci)
    judged = isct.judged_markers([profile, *([lab] if lab else [])])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lot_records, "RUN", run_of)  # runs of two lots: a text per run, joined
        fast, slow = both(isct_view(lots, checks, judged, detail=detail, show_detail=False), fmt, keys)
    assert fast == slow


def test_a_big_file_is_written_column_by_column_as_its_records_read(tmp_path: Path, monkeypatch: Any) -> None:
    """Through the command line: two runs of lots (RUN 3), every field, json, jsonl and csv, with and without
    --detail."""
    monkeypatch.setattr(lot_records, "RUN", 3)
    path = tmp_path / "lots.csv"
    path.write_text(
        "lot,CD73,CD90,CD105,CD45,CD34,CD11b,CD19,HLA-DR,CD44,adherent,viability\n"
        "A,99,99,99,0.5,0.5,0.5,0.5,0.5,,yes,90\n"
        "B%s,94,99,99,-0,0,,,,50,no,\n"
        "C,99,,99,3,0.5,0.5,0.5,25,12.5,yes,95\n"
        "D,,,,,,,,,,,\n"
        "E,99,99,99,0.5,0.5,0.5,0.5,0.5,7,yes,69\n",
        encoding="utf-8",
    )
    formats = [["-f", fmt, *detail] for fmt in ("json", "jsonl", "csv") for detail in ([], ["--detail"])]
    columns = {tuple(args): run("isct-check", str(path), *args) for args in formats}
    for name in ("_run", "_cell_run", "_detail_run", "_detail_cell_run"):  # every run written record by record
        monkeypatch.setattr(lot_texts, name, lambda *args: None)
    for args, result in columns.items():
        fmt, records = args[1], run("isct-check", str(path), *args)
        assert (result.exit_code, result.stdout, result.stderr) == (records.exit_code, records.stdout, records.stderr)
        per_lot = 13 if "--detail" in args else 1  # the ISCT profile's criteria, and the viability recorded
        assert result.exit_code == 1
        assert result.stdout.count("B%s") == per_lot
        if fmt == "json":
            lots = [lot["lot"] for lot in json.loads(result.stdout)]
            assert lots == [lot for lot in ["A", "B%s", "C", "D", "E"] for _ in range(per_lot)]
        else:
            assert len(result.stdout.splitlines()) == 5 * per_lot + (fmt == "csv")


@pytest.mark.parametrize("detail", [False, True])
@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_fcs_lots_are_written_as_their_records(fmt: str, detail: bool) -> None:
    """A lot with FCS measurements has a record of its own shape (encoded as a record); its --detail records do not
    (written from the columns)."""
    table: isct.Table = {"CD73": [99.0], isct.CI_PREFIX + "CD73": [(98.5, 99.4)]}
    lots = [isct.Lot("L1", "tube.fcs", None, table, 0)]
    lots[0].fcs = {"measurements": [{"m": 1}], "phenotypes": [], "audit": {"a": 1}}
    profile = isct.profile(catalog.default().profiles, "isct-2006")
    checks = isct.check_lots(lots, profile, None, table, ci=True)
    view = isct_view(lots, checks, {"CD73"}, detail=detail, show_detail=False)
    fast, slow = both(view, fmt, FIELDS[detail])
    assert fast == slow
    assert any(m in fast for m in ('"m": 1', '"m":1', "m: 1")) != detail
    assert "98.5" in fast


@given(rows=st.lists(st.lists(st.text().map(render.visible), min_size=1, max_size=4), max_size=4))
def test_rows_are_written_as_the_csv_module_writes_them(rows: list[list[str]]) -> None:
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        ours, theirs = io.StringIO(), io.StringIO()
        render.write_rows(rows, fmt, ours)
        csv.writer(theirs, delimiter=delimiter, lineterminator="\n").writerows(rows)
        assert ours.getvalue() == theirs.getvalue()
