"""msc verify and msc qualify: a release report checked again, and msc itself checked on its reference cases."""

from pathlib import Path
from typing import Annotated

import typer

from msccli.commands.common import (
    DataDirOpt,
    FieldsOpt,
    ForceOpt,
    FormatOpt,
    LangOpt,
    OutputOpt,
    catalogue,
    family,
    show,
)
from msccli.output.streams import say
from msccli.text.errors import EXIT_NOT_FOUND
from msccli.text.i18n import tr

cli = family()


@cli.command()
def verify(
    report: Annotated[Path, typer.Argument(metavar="REPORT.html", help="A release report (isct-check --report).")],
    files: Annotated[
        list[Path] | None,
        typer.Option("--files", metavar="DIR", help="A folder holding the report's inputs (repeatable)."),
    ] = None,
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check a release report against its inputs and its own pages.

    Finds each input the report names (in its folder, the working directory, or a folder you name), checks its
    SHA-256, runs the check again with the recorded options, and compares every result with the report's run
    record and every value its pages show. Prints the report id when all agree.

    Exit codes: 0 all agree; 1 a file, a result or a page value differs (one line each); 2 it cannot be checked
    (a file missing, not an msc report).

    \b
    Examples:
      msc verify day.html
      msc verify archive/2026-12-07.html --files /data/runs/2026-12-07
    """
    from dataclasses import asdict

    from msccli.release.verify import verify as check
    from msccli.views.release import verify_view

    cat = catalogue(data_dir)
    found = check(str(report), [str(f) for f in files or []], cat.profiles, local=len(cat.sources) > 1)
    show("verify", verify_view({**asdict(found), "verified": found.agrees}), fmt, fields, output, force)
    if not found.agrees:
        raise typer.Exit(EXIT_NOT_FOUND)


@cli.command()
def qualify(
    report: Annotated[
        Path | None,
        typer.Option("--report", metavar="FILE", help="Also write the qualification as a printable FILE.html."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the -o or --report file if it exists.")] = False,
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """Run msc's reference cases against this installation: an operational qualification.

    Each case (a lot file or FCS files with a known answer: pass, fail, incomplete, indeterminate, compensation,
    gates, singlets, a saturated control, an FMO control, a damaged file) runs the installed msc and compares
    each expected value with what it gives. Lists every case, the environment and the verdict; docs/qualification.md
    traces each case to its requirement and its test.

    Exit codes: 0 every case passes; 1 a case fails; 2 bad usage.

    \b
    Examples:
      msc qualify
      msc qualify --report oq-2026-12-07.html
      msc qualify -f json
    """
    import msccli
    from msccli.isct.run import stamp
    from msccli.output.files import check_new
    from msccli.release.qualify import cases_folder
    from msccli.release.qualify import qualify as run_cases
    from msccli.views.release import qualify_view

    if report is not None:
        from msccli.release.report import check_name

        check_name(report)
        check_new(report, "--report", force)
    when = stamp(None)
    done = run_cases(cases_folder(), Path(msccli.__file__).parent, when.at)
    show("qualify", qualify_view(done), fmt, fields, output, force)
    if report is not None:
        from msccli.output.files import write_new
        from msccli.release.page import qualification_html

        write_new(report, qualification_html(done, when.analyst).encode("utf-8"), "--report", force)
        say(tr("wrote {path}", path=str(report)))
    if done["verdict"] != "PASS":
        raise typer.Exit(EXIT_NOT_FOUND)
