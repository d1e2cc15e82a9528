"""A seeded fuzzer for msc: random command lines, mutated batch files and mutated data directories, and the
families that once broke it: a value given twice in one lot, names that are not UTF-8, the catalogue's month,
symbolic links as the target of every command that writes a file, a full disk under every command, FCS files whose
header lies, Ctrl-C at any moment while msc starts, and (tests/fuzz_inputs.py) sample sheets, matrix files,
channel names bound for Gating-ML, cells meant for a spreadsheet and names offered by TAB completion.

Every run must end with a documented exit status (0, 1 or 2; 74 on a full disk; 130 after Ctrl-C), no traceback,
no escape sequence in what msc prints, no lot lost (a batch that is read reports every lot it holds), no write
through a link, and no verdict for a lot that holds a value twice.

    python tests/fuzz.py --commands 10000 --files 1000 --seed 1     # the long run; docs/reliability.md records it

tests/app/test_fuzz.py runs a bounded sample of the same campaign on every test run. The campaign works in a
temporary directory, where the commands that write files (data export, --ics, --export) write them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import typer
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: tests.fuzz_inputs too

from msccli.app import app
from msccli.catalogue import catalog
from tests.fuzz_inputs import families

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
    interrupted_before_msc: int = 0  # Ctrl-C while Python itself started, before msc's code ran


def run_once(args: list[str], outcome: Outcome, lots_in: int | None = None) -> None:
    result = CliRunner().invoke(app, args)
    _LAST.append(result.exit_code)
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


# _one_file makes the kinds of file in turn: four of mutated files, then NEW_FAMILIES (FAMILIES in all, below)


def _one_file(rng: random.Random, i: int, folder: Path, outcome: Outcome) -> None:
    kind = i % FAMILIES
    if kind >= 4:
        NEW_FAMILIES[kind - 4](rng, i, folder, outcome)
    elif kind == 0:  # a CSV whose lines stay lines: every lot read must be reported
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


def _twice(rng: random.Random, i: int, folder: Path, outcome: Outcome) -> None:
    """A value given at a lot's top and again inside 'markers': an error, never a verdict."""
    marker = rng.choice(["CD73", "CD90", "HLA-DR", "cd73"])
    top, nested = rng.choice(["10", "99", "0.5"]), rng.choice(["99", "10", "abc"])
    if rng.random() < 0.5:
        path = folder / f"twice{i}.json"
        path.write_text(f'[{{"lot": "T{i}", "{marker}": {top}, "markers": {{"{marker}": "{nested}"}}}}]', "utf-8")
    else:
        path = folder / f"twice{i}.yaml"
        path.write_text(f"- lot: T{i}\n  {marker}: {top}\n  markers:\n    {marker}: '{nested}'\n", "utf-8")
    before = outcome.runs
    run_once(["isct-check", str(path), "-f", "json"], outcome)
    if outcome.by_code and outcome.runs > before and _last_code(outcome) != 2:
        outcome.failures.append(f"a value given twice was not an error <- {path.name}")


_LAST: list[int] = []


def _last_code(outcome: Outcome) -> int:
    return _LAST[-1] if _LAST else -1


def _not_utf8(rng: random.Random, i: int, folder: Path, outcome: Outcome) -> None:
    """Lots files and data directories whose names are not UTF-8."""
    name = os.fsdecode(b"n\xff" + bytes([rng.randrange(0x80, 0x100)]) + f"{i}".encode())
    lots = folder / f"{name}.csv"
    lots.write_bytes(LOTS)
    run_once(["isct-check", str(lots), "-f", rng.choice(["json", "jsonl", "csv", "table", "yaml"])], outcome)
    directory = folder / name
    (directory / "products").mkdir(parents=True, exist_ok=True)
    run_once(
        [
            "--data-dir",
            str(directory),
            *rng.choice([["products"], ["refs"], ["data", "export", str(folder / f"x{i}")]]),
        ],
        outcome,
    )
    run_once(["data", "validate", str(directory), "-f", "json"], outcome)


def _meta(rng: random.Random, i: int, folder: Path, outcome: Outcome) -> None:
    """The catalogue's meta.yaml with a month of any shape: data validate and every command agree."""
    directory = folder / f"meta{i}"
    directory.mkdir()
    as_of = rng.choice(["2026", "2026-13", "2026-00", "2026-1", "26-11", "2026-11", "2026-11-05", "", "x", "2026-12"])
    meta = (ROOT / "data" / "meta.yaml").read_text(encoding="utf-8")
    lines = [f'as_of: "{as_of}"' if line.startswith("as_of:") else line for line in meta.splitlines()]
    (directory / "meta.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_once(["data", "validate", str(directory)], outcome)
    valid = _last_code(outcome) == 0
    run_once(["--data-dir", str(directory), rng.choice(["products", "about", "timeline"])], outcome)
    if valid and _last_code(outcome) == 2:
        outcome.failures.append(f"data validate found no problem, yet the data was refused <- as_of {as_of!r}")


def _link_target(rng: random.Random, i: int, folder: Path, outcome: Outcome) -> None:
    """Every command that writes a file, aimed at a symbolic link: nothing is written through it."""
    real = folder / f"real{i}"
    real.mkdir()
    (real / "keep.txt").write_text("keep", encoding="utf-8")
    link = folder / f"link{i}"
    kind = rng.choice(["ics", "export", "data", "inside"])
    if kind == "inside":  # a folder inside the export's target
        target = folder / f"inside{i}"
        target.mkdir()
        (target / "meta.yaml").write_text("", encoding="utf-8")
        (target / "products").symlink_to(real)
        args = ["data", "export", str(target), "--force"]
    else:
        link.symlink_to(real / "keep.txt" if kind != "data" else real)
        args = {
            "ics": ["dose", "ryoncil", "--weight", "32", "--start", "2026-12-07", "--ics", str(link), "--force"],
            "export": ["timeline", "--export", str(link), "--force"],
            "data": ["data", "export", str(link), "--force"],
        }[kind]
    run_once(args, outcome)
    if sorted(p.name for p in real.iterdir()) != ["keep.txt"] or (real / "keep.txt").read_text("utf-8") != "keep":
        outcome.failures.append(f"written through a link <- {' '.join(args)}")


def _subprocess(args: list[str], outcome: Outcome, allowed: set[int], **options: object) -> None:
    done = subprocess.run([sys.executable, "-m", "msccli", *args], stderr=subprocess.PIPE, check=False, **options)  # type: ignore[call-overload]
    _count(outcome, done.returncode, args, allowed, done.stderr.decode("utf-8", "replace"))


def _count(outcome: Outcome, code: int, args: list[str], allowed: set[int], stderr: str) -> None:
    outcome.runs += 1
    outcome.by_code[code] = outcome.by_code.get(code, 0) + 1
    shown = " ".join(repr(a)[:60] for a in args)
    if code not in allowed:
        outcome.failures.append(f"exit {code}: {stderr[:200]!r} <- {shown}")
    if "Traceback" in stderr or "Exception ignored" in stderr:
        at = max(stderr.find("Traceback"), stderr.find("Exception ignored"), 0)
        outcome.failures.append(f"traceback on stderr <- {shown}: {stderr[at : at + 1500]!r}")


def _full_disk(rng: random.Random, i: int, folder: Path, outcome: Outcome) -> None:
    """Any command line with its output going to a full disk: one line and exit 74 (or the usual error)."""
    if not Path("/dev/full").exists():
        return
    args = next(command_lines(rng, 1))
    with open("/dev/full", "wb") as full:
        _subprocess(args, outcome, {0, 1, 2, 74}, stdout=full, stdin=subprocess.DEVNULL, cwd=folder, timeout=120)


def _early_interrupt(rng: random.Random, i: int, folder: Path, outcome: Outcome) -> None:
    """Ctrl-C at a random moment in msc's first tenth of a second: 130 (or the finished run's status), quietly.

    An interrupt that lands while Python itself starts, before any of msc's code runs (site, .pth files, finding
    the module), is Python's to report; it is counted apart, and anything else is a failure."""
    args = next(command_lines(rng, 1))
    process = subprocess.Popen(
        [sys.executable, "-m", "msccli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        cwd=folder,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # the test runner may ignore it
    )
    time.sleep(rng.uniform(0.0, 0.1))
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    text = err.decode("utf-8", "replace")
    frames = [line for line in text.splitlines() if line.startswith('  File "')]
    python_only = bool(frames) and not any("/msccli/" in f for f in frames)
    # Python reports an interrupt that lands in one of its own import callbacks as "Exception ignored" and goes
    # on; once msc's entry point runs, msc takes those itself (exit 130), so a report like this came before it
    ignored = "Exception ignored in" in text and "KeyboardInterrupt" in text
    before_msc = process.returncode == -signal.SIGINT or (
        python_only and (text.rstrip().endswith("KeyboardInterrupt") or ignored)
    )
    if before_msc:
        outcome.interrupted_before_msc += 1
        return
    _count(outcome, process.returncode, args, {0, 1, 2, 130}, text)


def _fcs_lie(rng: random.Random, i: int, folder: Path, outcome: Outcome) -> None:
    """An FCS file whose header or TEXT segment lies about its data: refused or read, never a crash."""
    base = _fcs_base(folder)
    if base is None:
        return
    data = bytearray(base.read_bytes())
    lie = rng.choice(["tot", "mode", "magic", "offset", "bytes"])
    if lie == "tot":
        data = bytearray(
            data.replace(b"/$TOT/12000/", f"/$TOT/{rng.choice([0, 1, 11999, 12001, 99999]):05d}/".encode())
        )
    elif lie == "mode":
        data = bytearray(data.replace(b"/$MODE/L/", b"/$MODE/" + rng.choice([b"C", b"U", b"l", b"X"]) + b"/"))
    elif lie == "magic":
        data[0:3] = rng.choice([b"XXX", b"fcs", b"FC ", b"\x00\x00\x00"])
    elif lie == "offset":
        at = rng.randrange(10, 58)
        data[at : at + 1] = bytes([rng.choice(b"0123456789 ")])
    else:
        data = bytearray(mutate(bytes(data), rng, keep_lines=False))
    path = folder / f"lie{i}.fcs"
    path.write_bytes(bytes(data))
    run_once(["isct-check", "--fcs", str(path), "--control", str(base), "-f", "json"], outcome)


def _fcs_base(folder: Path) -> Path | None:
    path = folder / "base.fcs"
    if path.exists():
        return path
    try:
        import flowio
    except ImportError:
        return None
    rng = random.Random(5)
    events = [value for _ in range(12_000) for value in (rng.gauss(5e4, 1e4), rng.gauss(3e4, 8e3), rng.gauss(200, 80))]
    with path.open("wb") as handle:
        flowio.create_fcs(handle, events, ["FSC-A", "SSC-A", "PE-A"], opt_channel_names=["", "", "CD73"])
    return path


NEW_FAMILIES = [_twice, _not_utf8, _meta, _link_target, _full_disk, _early_interrupt, _fcs_lie]
NEW_FAMILIES += families(
    run_once, _fcs_base, mutate, _last_code
)  # sheets, matrices, Gating-ML names, spreadsheet cells, TAB
FAMILIES = 4 + len(NEW_FAMILIES)


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
    print(f"interrupted while Python started, before msc's code ran: {outcome.interrupted_before_msc}")
    print(f"{len(outcome.failures)} failures")
    for failure in outcome.failures[:50]:
        print("  " + failure)
    sys.exit(1 if outcome.failures else 0)


if __name__ == "__main__":
    main()
