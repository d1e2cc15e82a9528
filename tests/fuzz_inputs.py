"""The fuzz campaign's families for the inputs of a lab's day (tests/fuzz.py runs them in turn): sample sheets,
compensation matrices, channel names that reach a Gating-ML file, cells meant for a spreadsheet, and the names TAB
completion offers. Each checks the rule that once broke: bad input is one line and exit 2, nothing silently wrong,
nothing lost, nothing run."""

from __future__ import annotations

import csv
import io
import random
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    Outcome = Any

HOSTILE_NAMES = ["a\x01b", "esc\x1b[31m", "v\x0bt", "end\ufffe", "max\uffff", "SSC$A", "散射", "a b", "a_b", "é"]
FORMULAS = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1", '=HYPERLINK("x")', "-7.03", "+5"]


def families(
    run_once: Callable[..., None], fcs_base: Callable[[Path], Path | None], mutate: Any, last: Callable[[Any], int]
) -> list[Any]:
    """The families, bound to the campaign's runner, its FCS tube, its mutator and its last exit status."""

    def sheet(rng: random.Random, i: int, folder: Path, outcome: Outcome) -> None:
        """A sample sheet: a column twice, lot ids equal but for case, a data set '#²', two FMO rows for one
        marker, or mutated bytes. Refused ones are exit 2; a read sheet reports every lot it names."""
        base = fcs_base(folder)
        if base is None:
            return
        kind = rng.choice(["twice", "case", "hash", "fmo", "mutated", "fine"])
        rows = ["lot,file,role", f"A{i},{base.name},stained", f"A{i},{base.name},control"]
        rows += [f"B{i},{base.name},stained", f"B{i},{base.name},control"]
        if kind == "twice":
            rows[0] = rng.choice(["lot,file,role,file", "lot,file,role,LOT ", "lot,FILE,role, file"])
            rows = [rows[0]] + [r + ",x" for r in rows[1:]]
        elif kind == "case":
            rows[3], rows[4] = rows[3].replace(f"B{i}", f"a{i}"), rows[4].replace(f"B{i}", f"a{i}")
        elif kind == "hash":
            rows[1] = rows[1].replace(base.name, base.name + rng.choice(["#²", "#٣", "#１", "#x"]))
        elif kind == "fmo":
            rows += [f"A{i},{base.name},fmo:CD73", f"A{i},{base.name},fmo:cd73"]
        path = folder / f"sheet{i}.csv"
        data = "\n".join(rows).encode() + b"\n"
        path.write_bytes(mutate(data, rng, keep_lines=True) if kind == "mutated" else data)
        run_once(["isct-check", "--sheet", str(path), "-f", "json"], outcome)
        code = last(outcome)
        if kind in ("twice", "case", "hash", "fmo") and code != 2:
            outcome.failures.append(f"a sheet with {kind} was not refused (exit {code}) <- {path.name}")

    def matrix(rng: random.Random, i: int, folder: Path, outcome: Outcome) -> None:
        """A matrix file naming one channel twice ($PnN and $PnS, or its number), or mutated: refused or read."""
        base = fcs_base(folder)
        if base is None:
            return
        kind = rng.choice(["twice", "number", "mutated"])
        text = {
            "twice": "PE-A,CD73\n1,0.1\n0.1,1\n",
            "number": "PE-A,3\n1,0.05\n0.05,1\n",
            "mutated": "PE-A\n1\n",
        }[kind]
        path = folder / f"matrix{i}.csv"
        data = text.encode()
        path.write_bytes(mutate(data, rng, keep_lines=False) if kind == "mutated" else data)
        run_once(["isct-check", "--fcs", str(base), "--control", str(base), "--comp", str(path), "-f", "json"], outcome)
        if kind != "mutated" and last(outcome) != 2:
            outcome.failures.append(f"a matrix naming a channel twice ({kind}) was not refused <- {path.name}")

    def gating_names(rng: random.Random, i: int, folder: Path, outcome: Outcome) -> None:
        """A tube whose channel names hold what XML cannot, or '$', or non-ASCII: the Gating-ML file is valid XML
        with unique ids naming the file's own channels, or the run is refused before anything is written."""
        import xml.etree.ElementTree as ET

        import flowio

        names = rng.sample(HOSTILE_NAMES, 2)
        tubes = []
        for k, name in enumerate(names):
            path = folder / f"{name.replace('/', '_')}{i}-{k}.fcs"
            r = random.Random(i * 10 + k)
            events = [v for _ in range(2_000) for v in (r.gauss(5e4, 1e4), r.gauss(200, 80), r.gauss(300, 90))]
            try:
                with path.open("wb") as handle:
                    flowio.create_fcs(handle, events, ["FSC-A", name, "APC-A"], opt_channel_names=["", "", "CD73"])
            except Exception:
                return  # a name flowio itself cannot write
            tubes.append(path)
        xml = folder / f"gates{i}.xml"
        run_once(["isct-check", "--fcs", str(tubes[0]), "--control", str(tubes[1]), "--gate", f"{names[0]}>0",
                  "--gating-ml", str(xml), "-f", "json"], outcome)  # fmt: skip
        if last(outcome) == 2:
            if xml.exists():
                outcome.failures.append(f"a refused run wrote its Gating-ML <- {names!r}")
            return
        try:
            root = ET.parse(xml).getroot()
        except ET.ParseError as exc:
            outcome.failures.append(f"Gating-ML is not XML ({exc}) <- {names!r}")
            return
        ids = [e.get("{http://www.isac-net.org/std/Gating-ML/v2.0/gating}id") for e in root.iter()]
        ids = [x for x in ids if x]
        if len(ids) != len(set(ids)):
            outcome.failures.append(f"Gating-ML ids repeat <- {names!r}")

    def spreadsheet(rng: random.Random, i: int, folder: Path, outcome: Outcome) -> None:
        """Lot ids that a spreadsheet would run as formulas: with --bom none starts a formula; plain CSV and TSV
        give them byte for byte."""
        chosen = rng.sample(FORMULAS, 3)
        path = folder / f"cells{i}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows([["lot", "CD73"], *([c, "98"] for c in chosen)])
        fmt = rng.choice(["csv", "tsv"])
        from typer.testing import CliRunner

        from msccli.app import app

        meant = CliRunner().invoke(app, ["isct-check", str(path), "-f", fmt, "--bom", "--fields", "lot"])
        plain = CliRunner().invoke(app, ["isct-check", str(path), "-f", fmt, "--fields", "lot"])
        outcome.runs += 2
        delimiter = "," if fmt == "csv" else "\t"
        cells = [row[0] for row in csv.reader(io.StringIO(meant.stdout.lstrip("\ufeff")), delimiter=delimiter)][1:]
        for cell in cells:
            if cell.startswith(("=", "+", "-", "@", "\t")) and not re.fullmatch(r"[-+][0-9.]+", cell):
                outcome.failures.append(f"a spreadsheet cell starts a formula: {cell!r} <- {chosen!r}")
        given = [row[0] for row in csv.reader(io.StringIO(plain.stdout), delimiter=delimiter)][1:]
        if given != [c.strip() for c in chosen]:  # a lot file's cells are read without their outer spaces
            outcome.failures.append(f"plain {fmt} changed a cell: {given!r} <- {chosen!r}")

    def completion_names(rng: random.Random, i: int, folder: Path, outcome: Outcome) -> None:
        """Names a data directory could bring, offered by the TAB completion script: each goes onto the line
        quoted (read back by the shell as the name), none is globbed or run."""
        bash = shutil.which("bash")
        if bash is None:
            return
        from typer.testing import CliRunner

        from msccli.app import app

        script = folder / "msc.bash"
        if not script.exists():
            script.write_text(CliRunner().invoke(app, ["completion", "bash"]).stdout, encoding="utf-8")
        names = rng.sample(["*", "semi;touch X", "$(touch Y)", "`touch Z`", "a b", "x'y", 'q"r', "ok"], 3)
        cache = folder / f"cache{i}"  # the names file as the script finds it, in MSC_CACHE_DIR
        cache.mkdir(exist_ok=True)
        (cache / "completion-names.tsv").write_text(
            "checksum\n" + "".join(f"ref\t{n}\n" for n in names), encoding="utf-8"
        )
        program = f"export MSC_CACHE_DIR={shlex.quote(str(cache))}\n" + script.read_text(encoding="utf-8")
        program += ("\nCOMP_WORDS=(msc refs '')\nCOMP_CWORD=2\n_msc_completion\n"
                    'for w in "${COMPREPLY[@]}"; do eval "printf \'%s\\\\n\' $w"; done\n')  # fmt: skip
        done = subprocess.run([bash, "--norc", "-c", program], capture_output=True, text=True, errors="replace",
                              cwd=folder, check=False, timeout=60)  # fmt: skip
        outcome.runs += 1
        if done.stdout.splitlines() != names:
            outcome.failures.append(f"completion offered {done.stdout.splitlines()!r} for {names!r}")
        for made in ("X", "Y", "Z"):
            if (folder / made).exists():
                outcome.failures.append(f"completion ran a name: {made} was made <- {names!r}")
                (folder / made).unlink()

    return [sheet, matrix, gating_names, spreadsheet, completion_names]
