"""A seeded fuzzer for msc: random command lines, mutated batch files and mutated data directories.

Every run must end with a documented exit status (0, 1 or 2 here: no interrupt, no full disk), no traceback,
no escape sequence in what msc prints, and no lot lost (a batch that is read reports every lot it holds).

    python tests/fuzz.py --commands 10000 --files 1000 --seed 1     # the long run; the README records it

tests/app/test_fuzz.py runs a bounded sample of the same campaign on every test run. The campaign works in a
temporary directory, where the commands that write files (data export, --ics, --export) write them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import typer
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from msccli.app import app
from msccli.catalogue import catalog

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data" / "examples"
ALLOWED = {0, 1, 2}
HOSTILE = [
    "",
    " ",
    "[bold]x[/bold]",
    "[/x]",
    "[link=http://example.invalid]click[/link]",
    ":warning:",
    "\x1b[31mred\x1b[0m",
    "\x1b]8;;http://example.invalid\x07link\x1b]8;;\x07",
    "\x1b]52;c;aGVsbG8=\x07",
    "\u202eevil",
    "\x07\x08\r",
    "\udcff",
    "x" * 5000,
    "9" * 5000,
    "-1",
    "0",
    "1e309",
    "nan",
    "韓國",
    "艾米",
    "%s%n",
    "../../etc/passwd",
    "-",
    "--",
]
WORDS = ["ryoncil", "KR", "jp", "EU", "2018", "2030", "70", "70kg", "4cm2", "S07", "isct-2006", "json", "csv"]
WORDS += ["2026-12-04", "9999-12-31", "0001-01-01", "1.4e8", "9×10^9", "14000万"]  # dates and cell counts


def _value(param: object, rng: random.Random) -> str:
    """A value for an option or argument: a valid one, a near miss, or something hostile."""
    completions: list[str] = []
    complete = getattr(param, "shell_complete", None)
    if complete is not None:
        try:
            completions = [getattr(c, "value", str(c)) for c in complete(None, "")]
        except Exception:
            completions = []
    pool = rng.choice([completions or WORDS, WORDS, HOSTILE])
    value = rng.choice(pool)
    if rng.random() < 0.15:  # a near miss
        value = value[: rng.randint(0, len(value))] + rng.choice("xyz,;=/ ") + value[len(value) // 2 :]
    return value


def command_lines(rng: random.Random, count: int) -> Iterator[list[str]]:
    group = typer.main.get_command(app)
    with group.make_context("msc", [], resilient_parsing=True) as ctx:
        commands = group.all_commands(ctx)  # type: ignore[attr-defined]
    for name in list(commands):
        for sub_name, command in getattr(commands[name], "commands", {}).items():
            commands[f"{name} {sub_name}"] = command
    names = sorted(commands)
    for _ in range(count):
        name = rng.choice(names)
        args = name.split()
        for param in commands[name].params:
            if rng.random() > 0.35:
                continue
            opts = [o for o in getattr(param, "opts", []) if o.startswith("-")]
            if not opts:
                args.append(_value(param, rng))
            elif getattr(param, "is_flag", False):
                args.append(rng.choice(opts))
            elif not {"--install-completion", "--show-completion"} & set(opts):
                args += [rng.choice(opts), _value(param, rng)]
        if name == "isct-check" and rng.random() < 0.5:
            args.insert(1, rng.choice([str(EXAMPLES / "lots.csv"), "--example"]))
        if rng.random() < 0.1:
            args.insert(rng.randint(0, len(args)), rng.choice(HOSTILE))
        if rng.random() < 0.1:
            args += ["-f", rng.choice(["json", "csv", "jsonl", "yaml", "markdown", "tsv", "table", "JSON"])]
        yield args


def mutate(data: bytes, rng: random.Random, keep_lines: bool) -> bytes:
    """A few random edits; with keep_lines, newlines and quotes are neither added nor removed."""
    out = bytearray(data)
    alphabet = b"0123456789.,;%-+eE abcxyz_\t\xff\xfe\x00\x1b[]:" + "٩é韓".encode()
    for _ in range(rng.randint(1, 6)):
        if not out:
            break
        i = rng.randrange(len(out))
        if keep_lines and out[i : i + 1] in (b"\n", b'"'):
            continue
        piece = bytes([rng.choice(alphabet)]) if rng.random() < 0.8 else rng.choice(HOSTILE).encode("utf-8", "replace")
        if keep_lines:
            piece = piece.replace(b"\n", b"").replace(b'"', b"").replace(b"\r", b"")
        action = rng.random()
        if action < 0.4:
            out[i : i + 1] = piece
        elif action < 0.7:
            out[i:i] = piece
        else:
            del out[i]
    return bytes(out)


LOTS = (EXAMPLES / "lots.csv").read_bytes()
LOTS_JSON = b'[{"lot": "A", "CD73": 98, "CD90": 99, "CD105": 97, "CD45": 0.5}, {"lot": "B", "CD73": "96 %"}]'
LOTS_YAML = b"- lot: A\n  CD73: 98\n  CD90: 99\n- lot: B\n  CD73: 97\n  adherent: yes\n"


@dataclass
class Outcome:
    runs: int = 0
    by_code: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    lots_in: int = 0
    lots_reported: int = 0


def run_once(args: list[str], outcome: Outcome, lots_in: int | None = None) -> None:
    result = CliRunner().invoke(app, args)
    outcome.runs += 1
    outcome.by_code[result.exit_code] = outcome.by_code.get(result.exit_code, 0) + 1
    shown = " ".join(repr(a)[:60] for a in args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        outcome.failures.append(f"exception {type(result.exception).__name__}: {result.exception} <- {shown}")
        return
    if result.exit_code not in ALLOWED:
        outcome.failures.append(f"exit {result.exit_code}: {result.stderr[:200]!r} <- {shown}")
    for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        if "\x1b" in text or "Traceback" in text:
            outcome.failures.append(f"raw escape or traceback on {stream} <- {shown}")
    if lots_in is not None and result.exit_code in (0, 1):
        reported = len(json.loads(result.stdout))
        outcome.lots_in += lots_in
        outcome.lots_reported += reported
        if reported != lots_in:
            outcome.failures.append(f"{lots_in} lots in, {reported} reported <- {shown}")


def campaign(commands: int, files: int, seed: int) -> Outcome:
    rng = random.Random(seed)
    outcome = Outcome()
    cwd = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.chdir(folder)
        try:
            for args in command_lines(rng, commands):
                run_once(args, outcome)
            for i in range(files):
                _one_file(rng, i, folder, outcome)
        finally:
            os.chdir(cwd)
    return outcome


def _one_file(rng: random.Random, i: int, folder: Path, outcome: Outcome) -> None:
    kind = i % 4
    if kind == 0:  # a CSV whose lines stay lines: every lot read must be reported
        path = folder / f"lots{i}.csv"
        data = mutate(LOTS, rng, keep_lines=True)
        path.write_bytes(data)
        lines = [line for line in data.split(b"\n")[1:] if line.strip(b" \t\r,;")]
        run_once(["isct-check", str(path), "-f", "json"], outcome, lots_in=len(lines))
    elif kind == 1:
        path = folder / f"lots{i}.{rng.choice(['json', 'yaml', 'csv', 'tsv', 'txt'])}"
        path.write_bytes(mutate(rng.choice([LOTS_JSON, LOTS_YAML, LOTS]), rng, keep_lines=False))
        run_once(["isct-check", str(path), *rng.choice([[], ["--detail"], ["-f", "csv"]])], outcome)
    else:  # a data directory with one mutated file
        directory = folder / f"data{i}"
        name = rng.choice(["products/ryoncil.yaml", "errata.yaml", "timeline.yaml", "criteria.yaml"])
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(mutate((ROOT / "data" / name).read_bytes(), rng, keep_lines=rng.random() < 0.5))
        command = rng.choice([["products"], ["product", "ryoncil"], ["timeline"], ["criteria"], ["errata"]])
        run_once(["--data-dir", str(directory), *command], outcome)
        run_once(["data", "validate", str(directory)], outcome)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commands", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    os.environ["MSC_NO_CACHE"] = "1"
    os.environ["COLUMNS"] = "100"
    catalog.default.cache_clear()
    start = time.perf_counter()
    outcome = campaign(options.commands, options.files, options.seed)
    seconds = time.perf_counter() - start
    codes = ", ".join(f"exit {code}: {count}" for code, count in sorted(outcome.by_code.items()))
    print(f"seed {options.seed}: {outcome.runs} runs in {seconds:.0f} s ({codes})")
    print(f"lots in {outcome.lots_in}, lots reported {outcome.lots_reported}")
    print(f"{len(outcome.failures)} failures")
    for failure in outcome.failures[:50]:
        print("  " + failure)
    sys.exit(1 if outcome.failures else 0)


if __name__ == "__main__":
    main()
