"""Real files from many cytometers (tests/fixtures/fcs, sources in SOURCES.md): each is read, with the quirks it
has noted, or refused in one line of msc's words."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from msccli.isct.fcs import files as fcs_files
from msccli.text.errors import InputError

from ..conftest import run
from .test_fcs import report

FIXTURES = Path(__file__).parent.parent / "fixtures" / "fcs"
pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason="the real instrument files are not in this copy")

HEADER_USED = (
    "its HEADER and TEXT give different data offsets ({}); the HEADER's were used, as they hold exactly its $TOT events"
)
OFF_BY_ONE = "its data offset is off by one byte (a known instrument quirk); read with it corrected"

READ = {
    # file: (FCS version, events, channels, notes)
    "cytoflow/accuri-c6.fcs": ("3.0", 60_661, 14, [HEADER_USED.format("2960-3399976 and 2526-3399542"), OFF_BY_ONE]),
    "cytoflow/beckman-cyan.fcs": ("3.0", 5_789, 12, [HEADER_USED.format("2284-141219 and 2330-141265")]),
    "cytoflow/beckman-fc500.lmd": ("2.0", 27_072, 4, [OFF_BY_ONE]),
    "cytoflow/beckman-gallios.lmd": ("2.0", 26_383, 6, []),
    "cytoflow/partec-pas.fcs": ("2.0", 33_649, 8, [OFF_BY_ONE]),
    "cytoflow/stratedigm-s1400.fcs": ("3.0", 10_000, 38, []),
    "fcsparser/bd-facscalibur-hts.fcs": ("2.0", 37_395, 8, []),
    "fcsparser/bd-facsdiva.fcs": ("3.0", 83_411, 12, []),
    "fcsparser/bd-fortessa.fcs": ("3.0", 11_585, 11, []),
    "fcsparser/bd-lsr-ii-hts.fcs": ("3.0", 14_945, 11, []),
    "fcsparser/cytek-xp5.fcs": ("3.0", 23_126, 8, []),
    "fcsparser/miltenyi-macsquant-3.1.fcs": (
        "3.1", 10_000, 19, [OFF_BY_ONE, "its $SPILLOVER matrix is not 6 channels by 6, so it is not used"],
    ),
    "flowio/data_start_offset_discrepancy_example.fcs": (
        "3.0", 2, 26,
        ["its HEADER and TEXT give different data offsets (5555-6188 and 6081-6188); the TEXT's were used, as they "
         "hold exactly its $TOT events",
         "its $TIMESTEP is not a number ('xxxxxxxxx'); the time channel is left unscaled"],
    ),
    "flowkit/test_comp_example.fcs": ("3.0", 10_703, 18, [OFF_BY_ONE]),
}  # fmt: skip

REFUSED = {
    "cytoflow/partec-cyflow-v2.9.fcs": "not a readable FCS file (it does not say how its data are stored ($DATATYPE "
    "is missing))",
    "fcsparser/corrupted.fcs": "not an FCS file (it does not start with 'FCS')",
    "fcsparser/cytek-nl-2000-header-only.fcs": "not a readable FCS file (its data segment would end past the end of "
    "the file)",
    "fcsparser/fake-large.fcs": "not a readable FCS file (its HEADER holds a segment offset that is not a number)",
}


def test_every_fixture_is_listed() -> None:
    files = {str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*") if p.suffix.lower() in (".fcs", ".lmd")}
    assert files == set(READ) | set(REFUSED) | {"flowio/data_stop_offset_discrepancy_example.fcs"}


@pytest.mark.parametrize("name", sorted(READ))
def test_real_files_are_read_with_their_quirks_noted(name: str) -> None:
    version, events, channels, notes = READ[name]
    tube = fcs_files.read_tube(str(FIXTURES / name), 2**28)
    assert (tube.version, tube.events, len(tube.pnn)) == (version, events, channels)
    assert tube.data.shape == (events, channels) and np.isfinite(tube.data).all()
    assert [n for n in tube.notes if "data sets in the file" not in n] == notes


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_unreadable_files_are_refused_in_one_line(name: str) -> None:
    path = FIXTURES / name
    with pytest.raises(InputError) as caught:
        fcs_files.read_tube(str(path), 2**28)
    assert (caught.value.source, caught.value.why) == (str(path), REFUSED[name])
    result = run("isct-check", "--fcs", str(path), "--control", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == f"msc: error: {path}: {REFUSED[name]}"


def test_a_data_stop_offset_past_the_file_falls_back_to_the_text_offsets() -> None:
    tube = fcs_files.read_tube(str(FIXTURES / "flowio" / "data_stop_offset_discrepancy_example.fcs"), 2**28)
    start = fcs_files.read_tube(str(FIXTURES / "flowio" / "data_start_offset_discrepancy_example.fcs"), 2**28)
    assert "(6081-6944 and 6081-6188); the TEXT's were used" in tube.notes[0]
    assert np.array_equal(tube.data, start.data)


def test_ten_bit_fc500_values_agree_with_the_files_own_float_data_set() -> None:
    # An FC500 LMD file holds the same events twice: 10-bit integers (data set 1) and floats with 1024 times the
    # resolution (data set 2). Linear scatter channels must agree to within one 10-bit step.
    path = FIXTURES / "cytoflow" / "beckman-fc500.lmd"
    ints = fcs_files.read_tube(str(path), 2**28)
    floats = fcs_files.read_tube(f"{path}#2", 2**28)
    assert ints.pnn[:2] == ["FS Lin", "SS Lin"] and floats.pnn[:2] == ["FS", "SS"]
    assert ints.data[:, :2].max() <= 1023
    assert np.abs(floats.data[:, :2] / 1024 - ints.data[:, :2]).max() < 1


def test_twenty_four_bit_xp5_values_are_whole_three_byte_integers() -> None:
    tube = fcs_files.read_tube(str(FIXTURES / "fcsparser" / "cytek-xp5.fcs"), 2**28)
    raw = tube.data[:, 1]  # FSC: linear ($P2E 0,0), so the stored integers themselves
    assert raw.tolist()[:2] == [286.0, 171.0] and (raw == np.round(raw)).all()
    assert raw.min() >= 0 and raw.max() < 1024


def test_a_multi_data_set_file_reads_the_chosen_data_set() -> None:
    path = FIXTURES / "cytoflow" / "beckman-fc500.lmd"
    first = fcs_files.read_tube(str(path), 2**28)
    second = fcs_files.read_tube(f"{path}#2", 2**28)
    assert (first.datasets, first.dataset, first.version) == (2, 1, "2.0")
    assert (second.dataset, second.version, second.events) == (2, "3.0", 27_072)
    assert f"2 data sets in the file; data set 1 used (pick another with {path}#N)" in first.notes


def test_a_facsdiva_file_with_markers_and_spill_is_checked() -> None:
    diva = str(FIXTURES / "fcsparser" / "bd-facsdiva.fcs")
    record = report("--fcs", diva, "--control", diva)
    assert {m["marker"] for m in record["measurements"]} >= {"CD10", "CD20", "CD34", "CD45", "CD19", "CD38"}
    assert all(0.5 < m["percent"] < 1.5 for m in record["measurements"])  # against itself: ~1% above the 99th
    assert record["audit"]["files"][0]["compensation"].startswith("applied from $SPILL")


LOG_CHANNELS = [
    # file, channel ($PnE, $PnR), events used, events at full scale as stored, scatter events dropped
    ("fcsparser/bd-facscalibur-hts.fcs", "FL1-H", 37_394, 0, 1),  # $P3E 4,0, $P3R 1024; SSC-H (log) drops 1
    ("cytoflow/partec-pas.fcs", "FL3", 33_583, 301, 66),  # $P5E 4,1, $P5R 4096
    ("fcsparser/cytek-xp5.fcs", "FL4 red", 22_534, 160, 592),  # 24-bit integers, $P7R 1024, log
]


@pytest.mark.parametrize(("name", "channel", "events", "at_top", "dropped"), LOG_CHANNELS)
def test_full_scale_on_log_channels_is_the_stored_top_not_the_linear_one(
    name: str, channel: str, events: int, at_top: int, dropped: int
) -> None:
    # Linearised values of a log channel reach ~10^4, above $PnR - 1: full scale is where the stored value is
    # $PnR - 1, so a bright event is not counted as saturated, nor a marker made INDETERMINATE by it.
    path = str(FIXTURES / name)
    record = report("--fcs", path, "--control", path, "--map", f"{channel}=CD73")
    m = next(m for m in record["measurements"] if m["channel"] == channel)
    assert (m["events"], m["saturated"], m["control_saturated"], m["untrusted"]) == (events, at_top, at_top, None)
    scatter = record["audit"]["files"][0]["pregates"][0]
    assert scatter["events_in"] - scatter["events_kept"] == dropped
