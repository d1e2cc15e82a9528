"""What msc prints, case by case, as golden files under tests/golden/, and the generated CLI reference.

`python scripts/refresh.py` writes them; tests/output/test_golden.py fails when what msc prints differs, so every
change of output shows in the diff a reviewer reads.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from typer.testing import CliRunner

from msccli.app import app
from msccli.catalogue import catalog

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
CLI_REFERENCE = ROOT / "docs" / "cli.md"

# name -> the arguments of one representative run of a command (paths relative to the repository)
CASES: dict[str, list[str]] = {
    "products": ["products", "--country", "KR"],
    "products-empty": ["products", "--country", "KR", "--since", "2030"],
    "product": ["product", "ryoncil"],
    "product-not-approved": ["product", "jointstem"],
    "product-brand": ["product", "stempeucel"],
    "product-relicensed": ["product", "cupistem"],
    "products-expiring": ["products", "--pathway", "conditional", "--expires-before", "2032"],
    "products-expiring-ended": ["products", "--expires-before", "2032", "--include-ended"],
    "products-active-on": ["products", "--active-on", "2019-06-01", "--country", "JP,KR,ES"],
    "product-evidence": ["product", "ryoncil", "--evidence"],
    "product-nc1": ["product", "nc1"],
    "trials": ["trials", "alofisel"],
    "links": ["links", "ryoncil"],
    "compare": ["compare", "ryoncil", "temcell"],
    "search": ["search", "ryoncl", "--limit", "5"],
    "sources": ["sources", "umbilical-cord"],
    "mechanisms": ["mechanisms"],
    "dose": ["dose", "ryoncil", "--weight", "32"],
    "dose-all": ["dose", "--weight", "70"],
    "dose-plan": [
        "dose",
        "temcell",
        "--weight",
        "60",
        "--start",
        "2026-12-04",
        "--skip",
        "2026-12-11",
        "--check",
        "1.2e8",
    ],
    "dose-check": ["dose", "hearticellgram-ami", "--weight", "90", "--check", "9×10^9"],
    "timeline": ["timeline", "--until", "1974"],
    "timeline-empty": ["timeline", "--search", "zzzz"],
    "isct-check": ["isct-check", "data/examples/lots.csv", "--spec", "data/examples/release-spec.yaml"],
    "isct-check-detail": ["isct-check", "data/examples/lots.csv", "--detail"],
    "criteria": ["criteria", "isct-2006"],
    "errata": ["errata", "--product", "cupistem"],
    "errata-fact-sheets": ["errata", "--corrects", "fact-sheet"],
    "refs": ["refs", "S07", "R1"],
    "jurisdictions": ["jurisdictions"],
    "fields": ["fields", "jurisdictions"],
    "products-zh": ["products", "--country", "KR", "--lang", "zh"],
    "product-zh-hant": ["product", "cupistem", "--lang", "zh-Hant"],
    "dose-plan-zh": ["dose", "temcell", "--weight", "60", "--start", "2026-12-04", "--check", "1.2e8", "--lang", "zh"],
    "isct-check-zh": ["isct-check", "data/examples/lots.csv", "--lang", "zh"],
    "timeline-zh-hant": ["timeline", "--until", "1974", "--lang", "zh-Hant"],
}
# each case is shown as a table at these widths, and in these machine formats
WIDTHS = (40, 80, 140)
FORMATS = ("json", "csv", "markdown")
ENV = {"COLUMNS": "80", "MSC_NO_CACHE": "1", "MSC_TODAY": "2026-11-25"}
CLEARED = (
    *("NO_COLOR", "FORCE_COLOR", "TERM", "MSC_DATA_DIR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "MSC_CACHE_DIR"),
    *("MSC_LANG", "LC_ALL", "LC_MESSAGES", "LANG"),  # English unless a case asks for another language
)


@contextmanager
def fixed_environment() -> Iterator[None]:
    """The same output everywhere: repository as working directory, fixed width, no colour, no user data."""
    saved = {k: os.environ.get(k) for k in (*CLEARED, *ENV)}
    cwd = Path.cwd()
    try:
        for name in CLEARED:
            os.environ.pop(name, None)
        os.environ.update(ENV)
        os.chdir(ROOT)
        catalog.default.cache_clear()
        yield
    finally:
        os.chdir(cwd)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        catalog.default.cache_clear()


def invoke(args: list[str], columns: int = 80) -> str:
    """One run, as a block of the golden file: the command, stdout, stderr (marked) and the exit code."""
    os.environ["COLUMNS"] = str(columns)
    result = CliRunner().invoke(app, args)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    shown = " ".join(args)
    lines = [f"$ COLUMNS={columns} msc {shown}" if columns != 80 else f"$ msc {shown}", result.stdout.rstrip("\n")]
    lines += [f"stderr: {line}" for line in result.stderr.splitlines()]
    lines.append(f"[exit {result.exit_code}]")
    return "\n".join(lines) + "\n"


def golden_text(name: str) -> str:
    args = CASES[name]
    blocks = [invoke(args, width) for width in WIDTHS]
    blocks += [invoke([*args, "-f", fmt]) for fmt in FORMATS]
    return "\n".join(blocks)


def cli_reference() -> str:
    """Every command's help, generated from the app."""
    group = typer.main.get_command(app)
    parts = [
        "# msc command-line reference\n",
        "Generated from the app by `python scripts/refresh.py`; a test fails when it is out of date.\n",
        "## msc\n",
        "```text\n" + CliRunner().invoke(app, ["--help"]).stdout.rstrip() + "\n```\n",
    ]
    with group.make_context("msc", [], resilient_parsing=True) as ctx:
        built = group.all_commands(ctx)  # type: ignore[attr-defined]
    for name, command in built.items():
        paths = [[name]] + [[name, sub] for sub in getattr(command, "commands", {})]
        for path in paths:
            help_text = CliRunner().invoke(app, [*path, "--help"]).stdout.rstrip()
            parts += [f"## msc {' '.join(path)}\n", "```text\n" + help_text + "\n```\n"]
    return "\n".join(parts)
