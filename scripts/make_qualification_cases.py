"""Write the FCS files of msc's reference cases (data/qualification/): python scripts/make_qualification_cases.py

Simulated like the example sheet (scripts/make_example_sheet.py, whose writer they use) and marked so in $CYT
and $COM; deterministic (fixed seeds). The other cases use the example sheet's own files.

- saturated-control.fcs: an isotype control whose APC-A (CD73) channel is at full scale in 5 % of events, so the
  control's 99th percentile falls among events at full scale: CD73 cannot be decided (INDETERMINATE).
- small-stained.fcs: 400 events with CD105 about 95.5 % positive: its bootstrap interval straddles the 95 %
  threshold, so --ci makes it INDETERMINATE.
- truncated.fcs: the first 4,000 bytes of a tube, to be refused in one line.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from scripts.make_example_sheet import OUT as EXAMPLES
from scripts.make_example_sheet import tube, write_fcs

OUT = Path(__file__).resolve().parent.parent / "data" / "qualification"
GOOD = {"CD90": 0.985, "CD105": 0.97, "CD73": 0.99, "CD34/CD11b/CD19/CD45/HLA-DR": 0.003}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    control = tube(21, {})
    rng = np.random.default_rng(21)
    control[rng.random(control.shape[0]) < 0.05, 6] = 65_535  # APC-A (CD73) at full scale ($PnR 65536)
    write_fcs(OUT / "saturated-control.fcs", control, "saturated-control.fcs")
    small = tube(22, {**GOOD, "CD105": 0.955})[:400]
    write_fcs(OUT / "small-stained.fcs", small, "small-stained.fcs")
    (OUT / "truncated.fcs").write_bytes((EXAMPLES / "lot-a-stained.fcs").read_bytes()[:4_000])
    print(f"wrote 3 files to {OUT}")


if __name__ == "__main__":
    main()
