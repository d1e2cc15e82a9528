"""Start-up benchmark: median wall time of whole msc runs, as a user in a shell loop sees them.

Run: python bench/startup.py [runs]. Not part of the test suite (timings vary by machine).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time

COMMANDS = [
    ["--help"],
    ["--version"],
    ["products", "--country", "KR", "-f", "json"],
    ["products"],
    ["product", "ryoncil"],
]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    msc = shutil.which("msc") or sys.exit("msc is not on PATH; install the project first")
    print(f"{'command':<45} {'median ms':>10} {'min ms':>8}  ({runs} runs)")
    for args in COMMANDS:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([msc, *args], capture_output=True, check=True)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{' '.join(['msc', *args]):<45} {statistics.median(times):>10.1f} {min(times):>8.1f}")


if __name__ == "__main__":
    main()
