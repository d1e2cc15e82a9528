"""Benchmark a day's sheet with a release report: python bench/isct_sheet.py [lots] (default 12, i.e. 24 tubes).

Writes LOTS lots, each a stained tube and an isotype control of 50,000 events x 20 channels (3 scatter, 17
fluorescence, 6 of them named markers, with a $SPILLOVER matrix), and a sample sheet, to a temporary directory;
then runs `python -m msccli isct-check --sheet ... --singlets FSC-A/FSC-H` (a process of its own, as a user runs
msc, start-up included) with --jobs 1 and --jobs 2, each with and without --report, 3 runs each, interleaved, and
prints the medians, what the report adds to the run without it (the budget: at most 50 %), and the report's size
per lot (the budget: at most 400 KB). Needs the fcs extra. Not part of the test suite.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import flowio
import numpy as np

EVENTS = 50_000
SCATTER = ["FSC-A", "FSC-H", "SSC-A"]
FLUORESCENCE = [f"FL{i}-A" for i in range(1, 18)]
STAINS = {"FL1-A": "CD90", "FL2-A": "CD34/CD11b/CD19/CD45/HLA-DR", "FL3-A": "CD105", "FL4-A": "CD73",
          "FL5-A": "CD44", "FL6-A": "CD29"}  # fmt: skip


def write_tube(path: Path, stained: bool, seed: int) -> None:
    rng = np.random.default_rng(seed)
    area = rng.normal(60_000, 9_000, EVENTS)
    columns = [area, area / 1.2 * rng.normal(1, 0.02, EVENTS), rng.normal(30_000, 7_000, EVENTS)]
    for name in FLUORESCENCE:
        bright = rng.random(EVENTS) < (0.97 if stained and name in STAINS and "/" not in STAINS[name] else 0.0)
        columns.append(np.where(bright, rng.lognormal(9, 0.4, EVENTS), rng.normal(200, 100, EVENTS)))
    spill = np.eye(len(FLUORESCENCE))
    for i in range(len(FLUORESCENCE) - 1):
        spill[i, i + 1] = 0.05
    keyword = ",".join([str(len(FLUORESCENCE)), *FLUORESCENCE, *(f"{v:g}" for v in spill.ravel())])
    with path.open("wb") as handle:
        flowio.create_fcs(
            handle,
            np.column_stack(columns).astype(np.float32).flatten(),
            SCATTER + FLUORESCENCE,
            opt_channel_names=["", "", ""] + [STAINS.get(name, "") for name in FLUORESCENCE],
            metadata_dict={"SPILLOVER": keyword},
        )


def main() -> None:
    lots = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        rows = ["lot,file,role,adherent,osteogenic,adipogenic,chondrogenic"]
        start = time.perf_counter()
        for k in range(lots):
            write_tube(base / f"lot{k}-stained.fcs", True, 2 * k)
            write_tube(base / f"lot{k}-isotype.fcs", False, 2 * k + 1)
            rows += [f"L{k},lot{k}-stained.fcs,stained,yes,pass,pass,pass", f"L{k},lot{k}-isotype.fcs,control,,,,"]
        (base / "day.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"wrote {2 * lots} tubes of {EVENTS:,} events x {len(SCATTER) + len(FLUORESCENCE)} channels "
              f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
        times: dict[tuple[str, bool], list[float]] = {(j, r): [] for j in ("1", "2") for r in (False, True)}
        report = base / "day.html"
        for _ in range(3):
            for jobs, reported in times:
                args = ["isct-check", "--sheet", str(base / "day.csv"), "--singlets", "FSC-A/FSC-H", "--jobs", jobs,
                        "-f", "json", *(["--report", str(report), "--force"] if reported else [])]  # fmt: skip
                start = time.perf_counter()
                result = subprocess.run([sys.executable, "-m", "msccli", *args], capture_output=True, check=False)
                times[jobs, reported].append(time.perf_counter() - start)
                assert result.returncode in (0, 1), result.stderr
        median = {key: statistics.median(runs) for key, runs in times.items()}
        for jobs in ("1", "2"):
            plain, reported = median[jobs, False], median[jobs, True]
            print(f"--jobs {jobs}: median {plain:.2f} s without a report, {reported:.2f} s with one "
                  f"(+{(reported / plain - 1) * 100:.0f} %)")  # fmt: skip
        print(f"--jobs 1 / --jobs 2 with a report: ratio {median['1', True] / median['2', True]:.2f} (3 runs each)")
        print(f"report: {report.stat().st_size / lots / 1024:.0f} KiB a lot ({report.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
