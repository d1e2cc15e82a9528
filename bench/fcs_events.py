"""Benchmark FCS input: python bench/fcs_events.py [events] (default 1,000,000).

Writes a stained tube and an isotype control of EVENTS x 8 channels (2 scatter, 6 fluorescence, one of them a
negative cocktail) with a $SPILLOVER matrix to a temporary directory, then times `msc isct-check --fcs` through
the CLI in this process: reading both files, compensation, the percentile thresholds, % positive with intervals
and the combined phenotype. Needs the fcs extra. Not part of the test suite.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import flowio
import numpy as np
from typer.testing import CliRunner

from msccli.app import app

CHANNELS = ["FSC-A", "SSC-A", "FITC-A", "PE-A", "PerCP-Cy5-5-A", "APC-A", "BV421-A", "PE-Cy7-A"]
STAINS = ["", "", "CD90", "CD34/CD11b/CD19/CD45/HLA-DR", "CD105", "CD73", "CD44", "CD29"]
FLUORESCENCE = CHANNELS[2:]


def spill_matrix() -> np.ndarray:
    matrix = np.eye(len(FLUORESCENCE))
    for i in range(len(FLUORESCENCE) - 1):
        matrix[i, i + 1] = 0.08  # each dye spills 8% into the next detector
    return matrix


def write_tube(path: Path, events: int, stained: bool, seed: int) -> None:
    rng = np.random.default_rng(seed)
    scatter = rng.normal([50_000, 30_000], [10_000, 8_000], size=(events, 2))
    true = rng.normal(200, 100, size=(events, len(FLUORESCENCE)))
    if stained:
        for column in (0, 2, 3, 4, 5):  # positive markers
            on = rng.random(events) < 0.97
            true[on, column] = rng.normal(10_000, 2_000, size=int(on.sum()))
    observed = true @ spill_matrix()
    data = np.column_stack([scatter, observed]).astype(np.float32)
    spill = ",".join([str(len(FLUORESCENCE)), *FLUORESCENCE, *(f"{v:g}" for v in spill_matrix().flatten())])
    with path.open("wb") as handle:
        flowio.create_fcs(
            handle, data.flatten(), CHANNELS, opt_channel_names=STAINS, metadata_dict={"$SPILLOVER": spill}
        )


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    runs = 5
    with tempfile.TemporaryDirectory() as folder:
        stained, control = Path(folder) / "stained.fcs", Path(folder) / "isotype.fcs"
        start = time.perf_counter()
        write_tube(stained, events, True, 1)
        write_tube(control, events, False, 2)
        print(f"wrote 2 tubes of {events:,} events x {len(CHANNELS)} channels in {time.perf_counter() - start:.2f} s")
        args = ["isct-check", "--fcs", str(stained), "--control", str(control), "-f", "json", "--ci"]
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            result = CliRunner().invoke(app, args)
            times.append(time.perf_counter() - start)
            assert result.exit_code in (0, 1), result.output
        print(
            f"isct-check --fcs (read, compensate, threshold, count, report): median {statistics.median(times):.2f} s, "
            f"best {min(times):.2f} s over {runs} runs"
        )


if __name__ == "__main__":
    main()
