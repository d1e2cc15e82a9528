"""msc isct-check and msc criteria: cell lots against the ISCT criteria and a lab's specification."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from msccli.commands.common import (
    BomOpt,
    DataDirOpt,
    FieldsOpt,
    ForceOpt,
    FormatOpt,
    LangOpt,
    OutputOpt,
    catalogue,
    complete_delimiters,
    complete_input_formats,
    complete_pass_fail,
    complete_profiles,
    complete_sheets,
    family,
    show,
    split_pairs,
)
from msccli.output.streams import say
from msccli.text.errors import EXIT_NOT_FOUND, ClosedPipe, InputError
from msccli.text.i18n import pick, tr

if TYPE_CHECKING:
    from msccli.isct import run

cli = family()


@cli.command("isct-check")
def isct_check(
    file: Annotated[
        str | None, typer.Argument(help="Lots, one per row: CSV, TSV, YAML, JSON or a FlowJo export; - for stdin.")
    ] = None,
    marker: Annotated[
        list[str] | None,
        typer.Option(
            "--marker",
            "-m",
            help="One sample: MARKER=PERCENT, repeatable or comma-separated; CD34/CD45/HLA-DR=0.4 is a cocktail.",
        ),
    ] = None,
    lot: Annotated[
        str, typer.Option(help="Lot id for a sample given by flags; with a FILE, check that lot only.")
    ] = "sample",
    adherent: Annotated[
        bool | None, typer.Option("--adherent/--not-adherent", help="Plastic adherence.", show_default=False)
    ] = None,
    osteo: Annotated[
        str | None,
        typer.Option(help="Osteogenic differentiation: pass or fail.", autocompletion=complete_pass_fail),
    ] = None,
    adipo: Annotated[
        str | None,
        typer.Option(help="Adipogenic differentiation: pass or fail.", autocompletion=complete_pass_fail),
    ] = None,
    chondro: Annotated[
        str | None,
        typer.Option(help="Chondrogenic differentiation: pass or fail.", autocompletion=complete_pass_fail),
    ] = None,
    ifn_gamma: Annotated[
        bool, typer.Option("--ifn-gamma", help="The lot was stimulated (IFN-gamma): HLA-DR becomes informative.")
    ] = False,
    viability: Annotated[str | None, typer.Option(help="Viability, % of cells.")] = None,
    profile_id: Annotated[
        str, typer.Option("--profile", help="Criteria profile (msc criteria).", autocompletion=complete_profiles)
    ] = "isct-2006",
    spec: Annotated[str | None, typer.Option(help="The lab's own specification (YAML), judged separately.")] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="Name an odd gate or column: GATE=MARKER, or COLUMN=lot for a lot file's lot id column; "
            "repeatable or comma-separated.",
        ),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format",
            help="csv, tsv, yaml, json or flowjo (default: from the name).",
            autocompletion=complete_input_formats,
        ),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            help="The cell delimiter of a CSV file: , ; tab or | (default: guessed from the header line).",
            autocompletion=complete_delimiters,
        ),
    ] = None,
    decimal_comma: Annotated[
        bool, typer.Option("--decimal-comma", help="Numbers are written with a decimal comma (98,2).")
    ] = False,
    fcs: Annotated[
        list[str] | None,
        typer.Option(
            "--fcs",
            metavar="FILE",
            help="Stained FCS tubes of one lot (repeatable or comma-separated; FILE#N picks a data set). "
            "Needs the FCS extra (flowio, numpy); without it msc prints the command that adds it.",
        ),
    ] = None,
    control: Annotated[
        list[str] | None,
        typer.Option(
            "--control",
            metavar="FILE",
            help="The isotype, FMO or unstained control tube(s): one for all --fcs tubes, one per tube in order, "
            "or MARKER=FILE for one marker's own control (e.g. CD73=fmo73.fcs).",
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            metavar="FILE",
            help="A day's lots from a sample sheet (CSV): columns lot, file, role (stained, control, unstained, "
            "fmo:MARKER), optional adherent, osteogenic, adipogenic, chondrogenic, viability; paths relative to it. "
            "'example' checks the sheet shipped with msc.",
            autocompletion=complete_sheets,
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", help="--sheet: lots analysed in parallel (default: one per CPU core)."),
    ] = None,
    comp: Annotated[
        str | None,
        typer.Option(
            "--comp",
            metavar="MATRIX",
            help="FCS compensation: tube (each tube's own matrix, the default), none, or a matrix FILE (CSV or TSV "
            "as FlowJo and FlowKit export it) applied to every tube.",
        ),
    ] = None,
    singlets: Annotated[
        str | None,
        typer.Option(
            "--singlets",
            metavar="CHANNELS",
            help="FCS: keep singlets, by the ratio of two channels AREA/HEIGHT (e.g. FSC-A/FSC-H) or by one pulse "
            "WIDTH channel (e.g. FSC-W).",
        ),
    ] = None,
    gate: Annotated[
        list[str] | None,
        typer.Option(
            "--gate",
            help="FCS: keep events meeting CHANNEL>VALUE conditions, in the channel's units as the file stores "
            "them (e.g. FSC-A>20000 against debris).",
        ),
    ] = None,
    percentile: Annotated[
        float, typer.Option("--percentile", help="FCS: each threshold is this percentile of the control channel.")
    ] = 99.0,
    ci: Annotated[
        bool,
        typer.Option(
            "--ci", help="FCS: a criterion whose 95% interval straddles its threshold is INDETERMINATE, not PASS/FAIL."
        ),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            metavar="FILE",
            help="Write a release report: FILE.html, self-contained and printable, a section per lot with the FCS "
            "histograms and gates, the reasons and the provenance.",
        ),
    ] = None,
    gating_ml: Annotated[
        Path | None,
        typer.Option(
            "--gating-ml",
            metavar="FILE",
            help="FCS: write the gates and compensation used as Gating-ML 2.0 (FILE.xml), for FlowKit or FlowJo to "
            "replay: a chain of gates per tube, named after its file.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the -o, --report or --gating-ml file if it exists.")
    ] = False,
    analyst: Annotated[
        str | None,
        typer.Option(
            "--analyst",
            metavar="NAME",
            help="Who runs the check, for the report and the FCS audit (default: your login name).",
        ),
    ] = None,
    detail: Annotated[
        bool, typer.Option("--detail", help="One record per lot and criterion: values, thresholds and margins.")
    ] = False,
    example: Annotated[
        bool,
        typer.Option("--example", help="Check the example lots shipped with msc against the example lab spec."),
    ] = False,
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check cell lots against the ISCT minimal criteria and, with --spec, a lab's own release specification.

    Exit codes: 0 every lot passes; 1 a lot fails, is incomplete or indeterminate; 2 bad input.

    \b
    Examples:
      msc isct-check --example
      msc isct-check lots.csv --spec release.yaml -f json
      msc isct-check lots.csv --detail -f csv
      msc isct-check --marker CD73=98,CD90=99 --marker CD105=97,CD45=0.5 --adherent
      msc isct-check --fcs stained.fcs --control isotype.fcs --lot L1 --ci -f json
    """
    from msccli.isct import criteria as isct
    from msccli.isct import run, specs
    from msccli.isct.lots import flags as lot_flags
    from msccli.isct.lots import formats as lot_formats
    from msccli.output import render
    from msccli.views.isct import isct_stream_view, isct_view

    input_format = lot_formats.parse_choice(input_format, lot_formats.FORMATS, "--input-format")
    separator = lot_formats.parse_choice(delimiter, tuple(lot_formats.DELIMITERS), "--delimiter")
    markers = split_pairs(marker)
    stained = split_files(fcs)
    if example:
        if file is not None or markers or stained:
            raise InputError("--example checks the shipped example lots: give no FILE, --marker or --fcs with it")
        file, spec = example_file("lots.csv"), spec or example_file("release-spec.yaml")
    if sum(bool(x) for x in (file is not None, markers, stained, sheet is not None)) > 1:
        raise InputError("give one input: a FILE of lots, --marker values, --fcs tubes of one lot, or a --sheet")
    if sheet is not None and control:
        raise InputError("a --sheet names each lot's controls in its role column: give no --control with it")
    if jobs is not None and (sheet is None or jobs < 1):
        raise InputError("--jobs is a number of processes (1 or more) for a --sheet", field="--jobs")
    if file is None and not markers and not stained and sheet is None:
        raise InputError(
            "give a FILE of lots (or - for stdin), --marker MARKER=PERCENT values, or --fcs tubes for one sample",
            hint="see: msc isct-check --help",
        )
    if not stained and sheet is None and gating_ml is not None:
        raise InputError("--gating-ml writes the gates of FCS input: give --fcs tubes or a --sheet")
    if not stained and sheet is None and (control or gate or ci or comp or singlets):
        raise InputError(
            "--control, --gate, --singlets, --comp and --ci work on FCS input: give the stained tubes with --fcs"
        )
    gate_map = lot_flags.parse_mapping(split_pairs(mapping))
    request = run.Request(
        profile=isct.profile(catalogue(data_dir).profiles, profile_id),
        spec=specs.load_spec(spec) if spec else None,
        spec_path=spec,
        mapping=gate_map,
        ci=ci,
        sample=run.Sample(
            lot, markers, adherent, {"osteogenic": osteo, "adipogenic": adipo, "chondrogenic": chondro}, viability,
            ifn_gamma,
        ),
    )  # fmt: skip
    from msccli.output.files import check_new

    request.stamp = run.stamp(analyst)
    if report is not None:
        from msccli.release.report import check_name

        check_name(report)
        if request.stamp.analyst is None:
            raise InputError("msc cannot tell who runs it: a release report names its analyst", field="--analyst",
                             hint="give --analyst NAME")  # fmt: skip
        check_new(report, "--report", force)  # before the work, not after it
    if gating_ml is not None:
        check_new(gating_ml, "--gating-ml", force)
        if report is not None and report.resolve() == gating_ml.resolve():
            raise InputError("--report and --gating-ml name one file: each needs its own", field="--gating-ml")
    if output is not None:
        check_new(output, "--output", force)
        named = {p.resolve() for p in (report, gating_ml) if p is not None}
        if output.resolve() in named:
            raise InputError("-o names the file of --report or --gating-ml: each needs its own", field="--output")
    if sheet is not None and sheet.strip().casefold() == "example":
        sheet = example_file("sheet/day.csv")
        request.example = True
    request.example = request.example or example
    if sheet is not None:
        import os

        request.sheet, request.jobs = sheet, jobs or os.cpu_count() or 1
    if stained or sheet is not None:
        request.tubes = run.Tubes(
            stained, split_files(control), gate or [], percentile, comp, singlets, drawn=report is not None
        )
    elif file is not None:
        request.lot_file = run.LotFile(
            file, input_format, lot_formats.DELIMITERS[separator] if separator else None, decimal_comma, _stdin(file)
        )
        request.selected = lot if lot != "sample" else None  # --lot with a FILE: that lot only
    request.report = report is not None
    command = "isct-check --detail" if detail else "isct-check"
    streamed = run.stream(request) if render.streams(fmt) else None  # a big CSV or TSV file, checked as read
    if streamed is not None:
        _note_ignored(streamed.ignored)
        given = run.sample_defaults(request.sample)
        if given:
            say(
                tr(
                    "note: {flags} apply to the lots of the file that do not carry them",
                    flags=", ".join(key.lstrip("@") for key in given),
                )
            )
        _profile_warnings(request)
        show(command, isct_stream_view(streamed, request.judged, detail), fmt, fields, output, force)
        passed = streamed.passed
    else:
        checked = run.run(request)
        if gating_ml is not None:  # every name it will hold, checked before anything is written
            from msccli.isct.fcs.gatingml import check_names

            check_names([p for lot in checked.lots for p in lot.gating or []])
        for warning in checked.warnings:
            say(f"{tr('warning')}: {tr(warning)}")
        _note_ignored(checked.ignored)
        _profile_warnings(request)
        view = isct_view(checked.lots, checked.checks, request.judged, detail, detail or (file is None and not stained))
        try:
            show(command, view, fmt, fields, output, force)
        except ClosedPipe:  # the reader went away (| head): the files asked for are still written
            _write_files(report, gating_ml, force, checked, request, data_dir)
            raise
        passed = checked.passed
        _write_files(report, gating_ml, force, checked, request, data_dir)
    if not passed:
        raise typer.Exit(EXIT_NOT_FOUND)


def _write_files(
    report: Path | None,
    gating_ml: Path | None,
    force: bool,
    checked: "run.Checked",
    request: "run.Request",
    data_dir: Path | None,
) -> None:
    """The release report and the Gating-ML file, where asked for."""
    if report is not None:
        outputs = [str(p) for p in (report, gating_ml) if p is not None]
        _write_report(report, force, checked, request, data_dir, outputs)
    if gating_ml is not None:
        from msccli.isct.fcs.gatingml import document, prefixes
        from msccli.output.files import write_new

        plans = [p for lot in checked.lots for p in lot.gating or []]
        write_new(gating_ml, document(plans), "--gating-ml", force)
        say(tr("wrote {path}", path=str(gating_ml)))
        for plan, prefix in zip(plans, prefixes(plans), strict=True):
            if prefix != plan["file"]:
                say(tr("note: the gates of {path} are named {prefix}.*", path=plan["path"], prefix=prefix))


def _write_report(
    path: Path,
    force: bool,
    checked: "run.Checked",
    request: "run.Request",
    data_dir: Path | None,
    outputs: list[str],
) -> None:
    import sys

    from msccli import __version__
    from msccli.release import record, report
    from msccli.text.i18n import current

    cat = catalogue(data_dir)
    context = record.Context(
        msc_version=__version__,
        catalogue_as_of=cat.meta.as_of,
        argv=sys.argv[1:],
        outputs=outputs,
        lang=current(),
        references=report.cited(request.profiles, cat.references, cat.sources[1:]),
        data_directories=[Path(source).name for source in cat.sources[1:]],  # after "bundled"
        # FCS input: every warning of the run is some lot's, and shows in that lot's section
        warnings=[] if any(lot.fcs for lot in checked.lots) else checked.warnings,
    )
    report_id = report.write(path, checked, request, context, force)
    say(tr("wrote {path} (report id {report_id})", path=str(path), report_id=report_id))


def _stdin(file: str) -> bytes | None:
    """The lots' text when FILE is -: read whole (up to msc's input limit) before anything is checked."""
    if file != "-":
        return None
    from msccli.output.files import MAX_INPUT
    from msccli.output.streams import read_stdin

    return read_stdin(MAX_INPUT)


def _note_ignored(columns: list[str]) -> None:
    from msccli.isct.lots.hints import ignored_hints

    if columns:
        ignored = ", ".join(columns)
        say(tr("note: ignored columns (not markers or known fields): {ignored}", ignored=ignored))
        for hint in ignored_hints(columns):
            say(f"{tr('hint')}: {tr(hint)}")


def _profile_warnings(request: "run.Request") -> None:
    for p in request.profiles:
        if p.warning:
            say(tr("warning: profile {id}: {warning}", id=p.id, warning=pick(p.warning, None)))


def split_files(values: list[str] | None) -> list[str]:
    """Repeated file options, each also a comma list, unless the whole value is an existing file's name."""
    files: list[str] = []
    for value in values or []:
        files.extend([value] if "," not in value or Path(value).exists() else [v for v in value.split(",") if v])
    return files


def example_file(name: str) -> str:
    """An example input shipped with msc (data/examples/), as a path any command can read."""
    from msccli.catalogue.catalog import bundled_data_dir

    return str(bundled_data_dir() / "examples" / name)


@cli.command()
def criteria(
    profile_id: Annotated[
        str | None, typer.Argument(help="One profile; all when omitted.", autocompletion=complete_profiles)
    ] = None,
    fmt: FormatOpt = "table",
    bom: BomOpt = False,
    fields: FieldsOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """The identity criteria profiles isct-check uses (ISCT 2006 and others), with references.

    A criteria.yaml in your data directory adds profiles or replaces bundled ones with the same id.

    \b
    Examples:
      msc criteria isct-2006
      msc criteria -f csv
    """
    from msccli.isct import criteria as isct
    from msccli.views.isct import criteria_view

    profiles = catalogue(data_dir).profiles
    show(
        "criteria",
        criteria_view([isct.profile(profiles, profile_id)] if profile_id else profiles),
        fmt,
        fields,
        output,
        force,
    )
