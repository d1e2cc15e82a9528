"""Write the example sample sheet and its FCS tubes (data/examples/sheet/): python scripts/make_example_sheet.py

Simulated, and marked so in each file ($CYT and $COM): two lots of an MSC panel, each a stained tube and an
isotype control, lot B with an FMO control for CD73. 12,000 events of 7 channels as 16-bit integers, with debris,
doublets and fluorescence spillover (a $SPILLOVER matrix), so every gate and check of a release report has
something to show. Lot A meets the ISCT 2006 markers; lot B's CD105 is 88 % positive. Deterministic (fixed seeds).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "data" / "examples" / "sheet"
EVENTS = 12_000
CHANNELS = ["FSC-A", "FSC-H", "SSC-A", "FITC-A", "PE-A", "PerCP-Cy5-5-A", "APC-A"]
STAINS = ["", "", "", "CD90", "CD34/CD11b/CD19/CD45/HLA-DR", "CD105", "CD73"]
FLUORESCENCE = CHANNELS[3:]
SPILL = np.array(  # rows: fluorochromes, columns: detectors (FITC, PE, PerCP-Cy5.5, APC)
    [[1.0, 0.15, 0.02, 0.0], [0.01, 1.0, 0.08, 0.0], [0.0, 0.0, 1.0, 0.03], [0.0, 0.0, 0.06, 1.0]]
)


def tube(seed: int, bright: dict[str, float]) -> np.ndarray:
    """Events x channels: scatter with 5 % debris and 5 % doublets, then each stain's share of bright events."""
    rng = np.random.default_rng(seed)
    area = rng.normal(30_000, 5_000, EVENTS)
    height = area / 1.25 * rng.normal(1, 0.02, EVENTS)
    debris = rng.random(EVENTS) < 0.05
    area[debris] = rng.uniform(1_500, 9_000, debris.sum())
    height[debris] = area[debris] / 1.25
    doublets = (rng.random(EVENTS) < 0.05) & ~debris
    area[doublets] *= 1.9
    side = np.where(debris, rng.uniform(500, 6_000, EVENTS), rng.normal(25_000, 6_000, EVENTS))
    columns = []
    for stain in STAINS[3:]:
        positive = rng.random(EVENTS) < bright.get(stain, 0.0)
        columns.append(np.where(positive, rng.lognormal(8.9, 0.35, EVENTS), rng.normal(180, 90, EVENTS)))
    true = np.column_stack(columns)
    detected = np.clip(true, 0, None) @ SPILL + rng.normal(0, 40, true.shape)
    return np.clip(np.column_stack([area, height, side, detected]), 0, 65_535).round()


def write_fcs(path: Path, data: np.ndarray, name: str) -> None:
    """A minimal FCS 3.1 file: HEADER, TEXT and 16-bit little-endian integer DATA."""
    spill = ",".join([str(len(FLUORESCENCE)), *FLUORESCENCE, *(f"{v:g}" for v in SPILL.ravel())])
    keywords = {
        "$BEGINANALYSIS": "0", "$ENDANALYSIS": "0", "$BEGINSTEXT": "0", "$ENDSTEXT": "0",
        "$BYTEORD": "1,2", "$DATATYPE": "I", "$MODE": "L", "$NEXTDATA": "0", "$PAR": str(len(CHANNELS)),
        "$TOT": str(data.shape[0]), "$CYT": "msc example (simulated data)", "$DATE": "07-DEC-2026",
        "$BTIM": "09:30:00", "$ETIM": "09:31:00", "$SRC": name, "$COM": "simulated by scripts/make_example_sheet.py",
        "$SPILLOVER": spill,
    }  # fmt: skip
    for i, (pnn, pns) in enumerate(zip(CHANNELS, STAINS, strict=True), start=1):
        keywords |= {f"$P{i}N": pnn, f"$P{i}B": "16", f"$P{i}E": "0,0", f"$P{i}R": "65536", f"$P{i}V": "500"}
        if pns:
            keywords[f"$P{i}S"] = pns
    events = data.astype("<u2").tobytes()
    for _ in range(3):  # the offsets' widths change the TEXT's length: settle them
        text = "|" + "|".join(f"{k}|{v}" for k, v in keywords.items()) + "|"
        begin = 58 + len(text.encode())
        keywords["$BEGINDATA"], keywords["$ENDDATA"] = str(begin), str(begin + len(events) - 1)
    text = "|" + "|".join(f"{k}|{v}" for k, v in keywords.items()) + "|"
    body = text.encode()
    begin = 58 + len(body)
    assert keywords["$BEGINDATA"] == str(begin)
    header = f"FCS3.1    {58:>8}{57 + len(body):>8}{begin:>8}{begin + len(events) - 1:>8}{0:>8}{0:>8}"
    path.write_bytes(header.encode() + body + events)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    good = {"CD90": 0.985, "CD105": 0.97, "CD73": 0.99, "CD34/CD11b/CD19/CD45/HLA-DR": 0.003}
    weak = {**good, "CD105": 0.88}
    tubes = {
        "lot-a-stained.fcs": tube(1, good),
        "lot-a-isotype.fcs": tube(2, {}),
        "lot-b-stained.fcs": tube(3, weak),
        "lot-b-isotype.fcs": tube(4, {}),
        "lot-b-fmo-cd73.fcs": tube(5, {k: v for k, v in weak.items() if k != "CD73"}),
    }
    for name, data in tubes.items():
        write_fcs(OUT / name, data, name)
    (OUT / "day.csv").write_text(
        "lot,file,role,adherent,osteogenic,adipogenic,chondrogenic\n"
        "LOT-A,lot-a-stained.fcs,stained,yes,pass,pass,pass\n"
        "LOT-A,lot-a-isotype.fcs,control,,,,\n"
        "LOT-B,lot-b-stained.fcs,stained,yes,pass,pass,pass\n"
        "LOT-B,lot-b-isotype.fcs,control,,,,\n"
        "LOT-B,lot-b-fmo-cd73.fcs,fmo:CD73,,,,\n",
        encoding="utf-8",
    )
    print(f"wrote {len(tubes)} tubes and day.csv to {OUT}")


if __name__ == "__main__":
    main()
