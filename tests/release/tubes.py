"""An eight-marker panel for release report tests: a stained tube and its isotype control with forward scatter area
and height, side scatter, debris, doublets and spillover, and the spillover matrix as a FlowJo CSV file."""

from __future__ import annotations

from pathlib import Path

import numpy as np

CHANNELS = ["FITC-A", "PE-A", "PerCP-A", "APC-A", "BV421-A", "BV510-A", "PE-Cy7-A", "APC-H7-A"]
MARKERS = ["CD90", "CD73", "CD105", "CD45", "CD34", "CD14", "CD19", "HLA-DR"]
POSITIVE = {"CD90", "CD73", "CD105"}
SPILL = np.eye(8) + np.diag(np.full(7, 0.06), 1) + np.diag(np.full(7, 0.02), -1)


def panel_tube(path: Path, stained: bool, seed: int, events: int = 12_000) -> Path:
    import flowio

    rng = np.random.default_rng(seed)
    area = rng.normal(60_000, 9_000, events)
    height = area / 1.25 * rng.normal(1, 0.02, events)
    debris = rng.random(events) < 0.05
    area[debris] = rng.uniform(2_000, 15_000, debris.sum())
    height[debris] = area[debris] / 1.25
    doublets = (rng.random(events) < 0.04) & ~debris
    area[doublets] *= 1.9
    side = rng.normal(40_000, 8_000, events)
    bright = [stained and marker in POSITIVE for marker in MARKERS]
    true = np.column_stack([rng.lognormal(9, 0.3, events) if on else rng.normal(150, 60, events) for on in bright])
    detected = np.clip(true, 0, None) @ SPILL + rng.normal(0, 20, true.shape)
    data = np.column_stack([area, height, side, detected]).astype(np.float32)
    spill = ",".join(["8", *CHANNELS, *(f"{v:g}" for v in SPILL.ravel())])
    with path.open("wb") as handle:
        flowio.create_fcs(
            handle, data.flatten(), ["FSC-A", "FSC-H", "SSC-A", *CHANNELS],
            opt_channel_names=["", "", "", *MARKERS],
            metadata_dict={"$CYT": "Test Cytometer 8", "$CYTSN": "SN-0042", "$DATE": "01-DEC-2026",
                           "$BTIM": "10:15:00", "$OP": "J. Doe", "$SPILLOVER": spill,
                           **{f"$P{i}V": str(400 + i) for i in range(4, 12)}},
        )  # fmt: skip
    return path


def matrix_file(path: Path) -> Path:
    rows = [",".join(CHANNELS)] + [",".join(f"{v:g}" for v in row) for row in SPILL]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
