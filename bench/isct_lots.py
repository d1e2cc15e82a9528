"""Benchmark isct-check on many lots: python bench/isct_lots.py [lots] (default 100,000).

Times the library (read the CSV, check every lot against ISCT 2006 and a lab spec) and, separately, the JSON
report, on a synthetic file written to a temporary directory. Not part of the test suite.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from msccli.catalogue import catalog
from msccli.catalogue.model import Criterion, Profile
from msccli.isct import criteria as isct
from msccli.isct.lots import batch as lots
from msccli.views.isct import isct_view

HEADER = "lot,CD73,CD90,CD105,CD45,CD34,CD11b,CD19,HLA-DR,CD31,adherent,osteogenic,adipogenic,chondrogenic,viability"


def write_lots(path: Path, count: int) -> None:
    rng = random.Random(7)  # noqa: S311 - synthetic data, not security
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for i in range(count):
            pos = [f"{rng.uniform(90, 100):.1f}" for _ in range(3)]
            neg = [f"{rng.uniform(0, 3):.1f}" for _ in range(6)]
            out.write(f"LOT-{i:06d},{','.join(pos)},{','.join(neg)},yes,pass,pass,pass,{rng.uniform(60, 99):.0f}\n")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    spec = Profile(
        id="lab",
        title="lab spec",
        criteria=[
            Criterion(markers=["CD73"], min=80),
            Criterion(markers=["CD45"], max=5),
            Criterion(markers=["HLA-DR"], max=20, informative=True),
            Criterion(test="viability", min=70),
        ],
    )
    profile = isct.profile(catalog.default().profiles, "isct-2006")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lots.csv"
        write_lots(path, count)
        start = time.perf_counter()
        batch = lots.read_batch(str(path), None, {})
        read = time.perf_counter()
        verdicts = [isct.Checker(p).verdicts(batch.table, len(batch.ids)) for p in (profile, spec)]
        checked = time.perf_counter()
        checks = isct.check_lots(batch.lots, profile, spec, batch.table)
        view = isct_view(batch.lots, checks, isct.judged_markers([profile, spec]), detail=False, show_detail=False)
        documents = view.all_records()
        documented = time.perf_counter()
    failing = sum(1 for i in range(count) if any(v.codes[i] for v in verdicts))
    print(f"{count:,} lots ({failing:,} not passing)")
    print(f"read CSV        {read - start:6.3f} s")
    print(f"check           {checked - read:6.3f} s")
    print(f"read + check    {checked - start:6.3f} s   (target: under 1 s)")
    print(f"report records  {documented - checked:6.3f} s   ({len(documents):,} lot records for -f json/csv)")


if __name__ == "__main__":
    main()
