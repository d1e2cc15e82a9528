"""How fast msc answers, as ratios against the floors measured in the same run. Standard library only.

    python bench/startup.py                 # every case; about five minutes on a 2-core machine
    python bench/startup.py --runs 5 --only json,table,completion

Start-up cases run an installed `msc` (the one beside this Python, else the one on PATH) in pairs with a floor,
interleaved, and report the median of the per-pair ratios, so a busy machine slows both sides alike:

    JSON lookups and --help      against  python -c "import typer"                          target 1.2
    tables                       against  python -c "import typer, rich.console, rich.table"  target 1.1
    a TAB press (msc completion's script in bash)  against  python -c pass                      target 2.0

Batch cases are wall times and peak memory (the largest resident set of msc's process):

    100,000 lots checked, -f json and -f csv                      target 2 s each
    1,000,000 lots to CSV and to JSON Lines, written as checked   target under 300 MB, time about 10x 100,000 lots
    FCS, 1,000,000 events x 8 channels (needs msccli[fcs])           reported, no target
    a 10,000-product data directory: first run (cache cold)       reported, no target (PyYAML's parse is the floor)
                                     then (cache warm)            products and product NAME, 1.5 against import typer

Each line ends in "ok" or "OVER" against its target. Files are written to a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from array import array
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TYPER = "import typer"
TABLES = "import typer, rich.console, rich.table"


def find_msc() -> tuple[str, str]:
    """The msc command and the Python it runs on (for the floors)."""
    beside = Path(sys.executable).with_name("msc")
    msc = str(beside) if beside.exists() else shutil.which("msc")
    if msc is None:
        sys.exit("msc is not installed: pip install . (in a venv), then run this with that venv's python")
    first = Path(msc).read_text(encoding="utf-8", errors="replace").splitlines()[0]
    python = first[2:].strip() if first.startswith("#!") else sys.executable
    return msc, python


def timed(argv: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> float:
    """Wall seconds of one run; its output is read and dropped, as a pipe would."""
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False, input=stdin, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"failed ({done.returncode}): {' '.join(argv)}\n{done.stderr}")
    return elapsed


def peak(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one run, measured in a child of its own."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "elapsed = time.perf_counter() - start\n"
        "assert done.returncode in (0, 1), done.stderr\n"
        "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, *argv], env=env, capture_output=True, text=True, check=True)
    seconds, megabytes = out.stdout.split()
    return float(seconds), float(megabytes)


class Bench:
    def __init__(self, runs: int) -> None:
        self.msc, self.python = find_msc()
        self.runs = runs
        self.env = {**os.environ, "MSC_LANG": "en", "NO_COLOR": "1"}
        self.env.pop("MSC_DATA_DIR", None)
        self.lines: list[str] = []

    def floor(self, code: str) -> list[str]:
        return [self.python, "-c", code]

    def ratio(self, label: str, args: list[str], floor: str, target: float, env: dict[str, str] | None = None) -> None:
        """Median of per-pair ratios, the floor and msc run back to back (in alternating order)."""
        env = env or self.env
        ratios, ours, theirs = [], [], []
        timed([self.msc, *args], env)  # warm the caches msc keeps and the OS's file cache
        for i in range(self.runs):
            if i % 2:
                mine, base = timed([self.msc, *args], env), timed(self.floor(floor), env)
            else:
                base, mine = timed(self.floor(floor), env), timed([self.msc, *args], env)
            ratios.append(mine / base)
            ours.append(mine)
            theirs.append(base)
        value = statistics.median(ratios)
        verdict = "ok" if value <= target else "OVER"
        self.report(
            f"{label:<44} {value:5.2f}x  (target {target:.1f}x)  msc {statistics.median(ours) * 1000:5.0f} ms, "
            f"floor {statistics.median(theirs) * 1000:5.0f} ms  {verdict}"
        )

    def ratio_of(self, label: str, argv: list[str], floor: str, target: float) -> None:
        """As ratio, for a command line other than msc's own (the completion script in a shell)."""
        saved = self.msc
        self.msc = argv[0]
        try:
            self.ratio(label, argv[1:], floor, target)
        finally:
            self.msc = saved

    def wall(
        self, label: str, args: list[str], target_s: float | None, mb: float | None = None, repeat: int = 1
    ) -> float:
        """The median wall time of `repeat` runs, and the largest peak memory among them."""
        runs = [peak([self.msc, *args], self.env) for _ in range(repeat)]
        seconds, megabytes = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
        checks = []
        if target_s is not None:
            checks.append(seconds <= target_s)
        if mb is not None:
            checks.append(megabytes <= mb)
        target = ", ".join(part for part in (f"{target_s:g} s" if target_s else "", f"{mb:g} MB" if mb else "") if part)
        verdict = ("ok" if all(checks) else "OVER") if checks else ""
        self.report(
            f"{label:<44} {seconds:6.2f} s  {megabytes:6.0f} MB peak  "
            + (f"(target {target})  " if target else "")
            + verdict
        )
        return seconds

    def report(self, line: str) -> None:
        print(line, flush=True)
        self.lines.append(line)


# -- inputs -----------------------------------------------------------------------------------------------------

LOT_HEADER = "lot,CD73,CD90,CD105,CD45,CD34,CD11b,CD19,HLA-DR,adherent,osteogenic,adipogenic,chondrogenic"


def write_lots(path: Path, count: int) -> None:
    rng = random.Random(7)  # noqa: S311 - synthetic data
    rows = []
    for _ in range(1000):
        pos = ",".join(f"{rng.uniform(90, 100):.1f}" for _ in range(3))
        neg = ",".join(f"{rng.uniform(0, 3):.1f}" for _ in range(5))
        rows.append(f"{pos},{neg},yes,pass,pass,pass\n")
    with path.open("w", encoding="utf-8") as out:
        out.write(LOT_HEADER + "\n")
        for i in range(count):
            out.write(f"LOT-{i:07d},{rows[i % 1000]}")


def write_fcs(path: Path, events: int, stained: bool) -> None:
    """An FCS 3.1 file of float32 events: two scatter channels, three positive markers, a negative cocktail."""
    names = ["FSC-A", "SSC-A", "FITC-A", "PE-A", "APC-A", "PE-Cy7-A", "BV421-A", "BV510-A"]
    stains = ["", "", "CD90", "CD73", "CD105", "CD34/CD11b/CD19/CD45/HLA-DR", "CD44", "CD29"]
    rng = random.Random(3 if stained else 4)  # noqa: S311 - synthetic data
    block = array("f")
    for _ in range(10_000):
        positive = stained and rng.random() < 0.97
        block.extend([rng.gauss(50_000, 9_000), rng.gauss(30_000, 7_000)])
        block.extend(rng.gauss(9_000, 1_500) if positive and c != 3 else rng.gauss(200, 80) for c in range(6))
    data = block * (events // 10_000)
    if sys.byteorder != "little":
        data.byteswap()
    keywords = {"$BYTEORD": "1,2,3,4", "$DATATYPE": "F", "$MODE": "L", "$NEXTDATA": "0", "$PAR": str(len(names))}
    keywords["$TOT"] = str(len(data) // len(names))
    for i, (name, stain) in enumerate(zip(names, stains, strict=True), start=1):
        keywords |= {f"$P{i}N": name, f"$P{i}B": "32", f"$P{i}E": "0,0", f"$P{i}R": "262144"}
        if stain:
            keywords[f"$P{i}S"] = stain
    payload = data.tobytes()
    fixed = {"$BEGINANALYSIS": "0", "$ENDANALYSIS": "0", "$BEGINSTEXT": "0", "$ENDSTEXT": "0"}
    keywords |= fixed | {"$BEGINDATA": "0" * 12, "$ENDDATA": "0" * 12}  # fixed width: the TEXT size is known
    size = len(_text(keywords))
    begin, end = 58 + size, 58 + size + len(payload) - 1
    keywords |= {"$BEGINDATA": str(begin).zfill(12), "$ENDDATA": str(end).zfill(12)}
    offsets = (58, 58 + size - 1, *((begin, end) if end < 10**8 else (0, 0)), 0, 0)
    header = b"FCS3.1    " + b"".join(b"%8d" % n for n in offsets)
    path.write_bytes(header + _text(keywords) + payload)


def _text(keywords: dict[str, str]) -> bytes:
    return ("|" + "".join(f"{k}|{v}|" for k, v in keywords.items())).encode()  # '/' is in the cocktail's name


def write_data_dir(folder: Path, count: int) -> None:
    """COUNT products made from a bundled record, each its own file, as a lab's own catalogue might be."""
    source = (ROOT / "data" / "products" / "ryoncil.yaml").read_text(encoding="utf-8")
    source = "\n".join(
        line for line in source.splitlines() if not line.lstrip().startswith(("event:", "withdrawal_event:"))
    )
    (folder / "products").mkdir(parents=True)
    for i in range(count):
        text = source.replace("id: ryoncil", f"id: local{i:05d}").replace("name: RYONCIL", f"name: Local Cells {i}")
        (folder / "products" / f"local{i:05d}.yaml").write_text(text, encoding="utf-8")


# -- the cases --------------------------------------------------------------------------------------------------


def startup(b: Bench) -> None:
    b.ratio("msc products -c KR -f json", ["products", "-c", "KR", "-f", "json"], TYPER, 1.2)
    b.ratio("msc product ryoncil -f json", ["product", "ryoncil", "-f", "json"], TYPER, 1.2)
    b.ratio("msc search ryoncl -f json", ["search", "ryoncl", "-f", "json"], TYPER, 1.2)
    b.ratio("msc --help", ["--help"], TYPER, 1.2)


def tables(b: Bench) -> None:
    b.ratio("msc products -c KR (table)", ["products", "-c", "KR"], TABLES, 1.1)
    b.ratio("msc product ryoncil (table)", ["product", "ryoncil"], TABLES, 1.1)


def completion(b: Bench) -> None:
    """A TAB press answered by the script `msc completion bash` writes (bash started, the script read, one answer):
    an interactive shell has the script already and pays only the answer."""
    script = Path(tempfile.mkdtemp()) / "msc.bash"
    done = subprocess.run([b.msc, "completion", "bash"], capture_output=True, text=True, env=b.env, check=True)
    script.write_text(done.stdout, encoding="utf-8")
    for label, words, index in (
        ("TAB: msc products --country <TAB>", "msc products --country ''", 3),
        ("TAB: msc pro<TAB>", "msc pro", 1),
    ):
        program = f"source {script}; COMP_WORDS=({words}); COMP_CWORD={index}; _msc_completion"
        b.ratio_of(label, ["bash", "--norc", "-c", program], "pass", 2.0)


def batches(b: Bench, folder: Path) -> None:
    small, large = folder / "lots-100k.csv", folder / "lots-1m.csv"
    write_lots(small, 100_000)
    write_lots(large, 1_000_000)
    base = {}
    for fmt in ("json", "csv", "jsonl"):
        args = ["isct-check", str(small), "-f", fmt]
        base[fmt] = b.wall(f"isct-check 100,000 lots -f {fmt} (median of 3)", args, 2.0, repeat=3)
    for fmt in ("csv", "jsonl"):
        seconds = b.wall(f"isct-check 1,000,000 lots -f {fmt}", ["isct-check", str(large), "-f", fmt], None, 300)
        b.report(f"{'':<44} {seconds / base[fmt]:5.1f}x the 100,000-lot run (linear: about 10x)")


def fcs(b: Bench, folder: Path) -> None:
    stained, control = folder / "stained.fcs", folder / "control.fcs"
    write_fcs(stained, 1_000_000, True)
    write_fcs(control, 1_000_000, False)
    args = ["isct-check", "--fcs", str(stained), "--control", str(control), "-f", "json"]
    probe = subprocess.run([b.python, "-c", "import flowio, numpy"], capture_output=True, check=False)
    if probe.returncode:
        b.report(f"{'FCS 1,000,000 events':<44} skipped: install msccli[fcs]")
        return
    b.wall("isct-check --fcs, 1,000,000 events x 8", args, None)


def data_dir(b: Bench, folder: Path) -> None:
    local, cache = folder / "local", folder / "cache"
    write_data_dir(local, 10_000)
    env = {**b.env, "MSC_DATA_DIR": str(local), "MSC_CACHE_DIR": str(cache)}
    seconds = min(
        timed([b.msc, "products", "-c", "KR", "-f", "json"], {**env, "MSC_CACHE_DIR": str(folder / f"c{i}")})
        for i in range(3)
    )
    b.report(f"{'10,000-product data dir, cache cold':<44} {seconds:6.2f} s  (no target)")
    b.ratio("10,000-product data dir, warm: products", ["products", "-c", "KR", "-f", "json"], TYPER, 1.5, env)
    b.ratio("10,000-product data dir, warm: product", ["product", "local09999", "-f", "json"], TYPER, 1.5, env)


CASES: dict[str, Callable[..., None]] = {
    "json": startup,
    "table": tables,
    "completion": completion,
    "lots": batches,
    "fcs": fcs,
    "datadir": data_dir,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="pairs per start-up case (default 15)")
    parser.add_argument("--only", default=",".join(CASES), help="cases: " + ", ".join(CASES))
    parser.add_argument("--json", metavar="FILE", help="also write the lines to FILE")
    options = parser.parse_args()
    b = Bench(options.runs)
    print(f"msc: {b.msc}\npython: {b.python}\n{os.cpu_count()} CPUs; median of {options.runs} paired runs\n")
    with tempfile.TemporaryDirectory() as folder:
        for name in options.only.split(","):
            if name not in CASES:
                sys.exit(f"unknown case {name!r}; cases: {', '.join(CASES)}")
            case = CASES[name]
            if name in ("json", "table", "completion"):
                case(b)
            else:
                case(b, Path(folder))
    if options.json:
        Path(options.json).write_text(json.dumps(b.lines, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
