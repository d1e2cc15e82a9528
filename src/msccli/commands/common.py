"""What the command modules share: the options every command takes, TAB completion of names and fixed choices,
the catalogue a run reads, and the one way a result reaches the output layer."""

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_args

import typer

from msccli.catalogue.vocab import Corrects, Donor, Pathway, Route, Status, Tissue, TrialRole
from msccli.output.render import FORMAT_HELP, FORMATS
from msccli.output.streams import say
from msccli.text.errors import ClosedPipe, InputError, OutputError, unknown_choice
from msccli.text.i18n import N_, tr

if TYPE_CHECKING:
    from typing import BinaryIO

    from msccli.catalogue.records import Catalogue
    from msccli.lookup.filters import ProductFilter
    from msccli.output.render import View

CONTEXT = {"help_option_names": ["-h", "--help"]}


def family(**settings: Any) -> typer.Typer:
    """The Typer app of one command module: its commands are built one at a time, when msc runs them."""
    return typer.Typer(rich_markup_mode=None, add_completion=False, context_settings=CONTEXT, **settings)


# -- options every command shares ------------------------------------------------------------------


def complete_formats(incomplete: str) -> list[str]:
    return _starting(FORMATS, incomplete)


FormatOpt = Annotated[
    str,
    typer.Option("--format", "-f", help=FORMAT_HELP, autocompletion=complete_formats, show_default=False),
]


def set_bom(ctx: typer.Context, param: typer.CallbackParam, value: bool) -> bool:
    """--bom, or MSC_BOM=1: a variable set for every command applies where a byte-order mark applies (CSV and TSV)
    and is ignored elsewhere; --bom typed with another format is an error."""
    from typer._click.core import ParameterSource

    from msccli.output.render import use_bom

    typed = ctx.get_parameter_source(param.name or "bom") is not ParameterSource.ENVIRONMENT
    return use_bom(value, typed)


BomOpt = Annotated[
    bool,
    typer.Option(
        "--bom",
        envvar="MSC_BOM",
        callback=set_bom,
        help="With -f csv or tsv: start with a UTF-8 byte-order mark, so that Excel shows Chinese text correctly.",
    ),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Fields to show, in this order, comma-separated (any format); 'help' lists them.",
        show_default=False,
    ),
]


def parse_year(value: str) -> int:
    """--since and --until: a year in ASCII digits (int() would also take ٢٠٢٦ and ２０２６, which no date option
    takes)."""
    import re

    text = value.strip()
    if not re.fullmatch(r"-?[0-9]{1,6}", text):
        raise typer.BadParameter(tr("{value!r} is not a year in the digits 0-9 (e.g. 2018)", value=value))
    return int(text)


def year_option(help: str) -> Any:
    """--since or --until: a year in ASCII digits (parse_year)."""
    return typer.Option(parser=parse_year, metavar="YEAR", help=help)


DataDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        envvar="MSC_DATA_DIR",
        help="A directory of YAML files that add to or correct the bundled data (same layout as data/).",
        show_default=False,
    ),
]


def set_language(value: str | None) -> str | None:
    """--lang (or MSC_LANG): checked and applied before any other option, so every message is in that language."""
    from msccli.text.i18n import LANGS, parse_lang, use

    if value is None:
        return None
    lang = parse_lang(value)
    if lang is None:
        raise unknown_choice(value, list(LANGS), "--lang")
    use(lang)
    return lang


def complete_languages(incomplete: str) -> list[str]:
    from msccli.text.i18n import LANGS

    return _starting(LANGS, incomplete)


LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        envvar="MSC_LANG",
        callback=set_language,
        is_eager=True,
        metavar="LANG",
        help="Language of tables, labels and messages: en, zh (Simplified Chinese) or zh-Hant (Traditional); "
        "default from the locale (zh_CN, zh_TW, zh_HK ...). Data formats keep their fields in every language; "
        "the Chinese of *_zh fields is in the script of --lang.",
        autocompletion=complete_languages,
        show_default=False,
    ),
]


# What the group's options set for this run: the data directory, --debug, and whether the age note was said.
state: dict[str, Any] = {"data_dir": None, "debug": False, "age_said": False}


def catalogue(data_dir: Path | None = None) -> "Catalogue":
    from msccli.catalogue import catalog
    from msccli.catalogue.freshness import staleness, this_month

    chosen = data_dir or state["data_dir"]
    loaded = catalog.load([chosen]) if chosen else catalog.default()
    if not loaded.from_cache:  # said once, when the data directory is first read (or changed)
        for note in loaded.notes:
            say(f"{tr('note')}: {tr(note)}")
        loaded.notes = []
    if not state.get("age_said"):  # a catalogue over a year old says so, once per run
        state["age_said"] = True
        stale = staleness(loaded.meta.as_of, this_month())
        if stale:
            say(tr(stale))
    return loaded


def show(
    command: str, view: "View", fmt: str, fields: str | None, output: Path | None = None, force: bool = False
) -> None:
    """Render a view in the chosen format, to stdout or into -o FILE: `--fields help` lists the command's fields
    instead."""
    from msccli.output import render

    output = a_file(output)
    chosen = render.file_format(str(output), typed_format(fmt)) if output else render.parse_format(fmt)
    if fields is not None and fields.strip().casefold() == "help":
        from msccli.views.outputs import fields_view

        view, fields = fields_view([command]), None
    selected = render.select_fields(view.fields, fields) if fields is not None else None
    if chosen != "table":  # the table's footer has them; a data format's reader hears them on stderr
        for note in view.notes:
            say(f"{tr('note')}: {note}")
    if output is not None:
        from msccli.output.files import write_new

        def fill(out: "BinaryIO") -> None:
            render.emit_file(view, chosen, selected, out, title=command)

        write_new(output, fill, "--output", force)
        say(tr("wrote {path} ({format})", path=str(output), format=chosen))
        return
    try:
        render.emit(view, chosen, selected)
    except BrokenPipeError:
        raise ClosedPipe() from None
    except OSError as exc:
        raise OutputError(exc) from None


def one_output(output: Path | None, alias: Path | None, spelling: str) -> Path | None:
    """-o FILE, or the file of its older spelling (--export, --ics): one of them, not both."""
    if output is not None and alias is not None:
        raise InputError(N_("{spelling} is the older spelling of -o: give one of them", spelling=spelling))
    return a_file(output if output is not None else alias)


def a_file(output: Path | None) -> Path | None:
    """-o FILE, or None for stdout: -o - is stdout, as curl and httpie read it."""
    return None if output is not None and str(output) == "-" else output


def typed_format(fmt: str) -> str | None:
    """-f as typed on the command line, or None where it was left at its default (-o FILE's extension decides)."""
    from typer._click.core import ParameterSource
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    source = ctx.get_parameter_source("fmt") if ctx is not None else None
    return fmt if source not in (None, ParameterSource.DEFAULT) else None


RECORDS_IN_A_FILE = (
    "the format of -f, else the one its extension names (.json .jsonl .csv .tsv .yaml .md .xlsx; .txt the table). "
    "Never over a file without --force, never through a link."
)


def output_option(what: str = "") -> Any:
    """-o/--output FILE: what the command writes into FILE beyond its records (`what`), then the records' formats."""
    return typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help=f"Write the answer into FILE, not to stdout (- is stdout): {what}"
        + ("else the records in " if what else "in ")
        + RECORDS_IN_A_FILE,
        show_default=False,
    )


OutputOpt = Annotated[Path | None, output_option()]


def write_answer(output: Path | None, text: str, kind: str, force: bool) -> bool:
    """A command's whole text answer (a schema, a script) into -o FILE, said on stderr as show() says it; False
    where it goes to stdout (no -o, or -o -)."""
    from msccli.output.files import write_new

    target = a_file(output)
    if target is None:
        return False
    write_new(target, text.encode("utf-8"), "--output", force)
    say(tr("wrote {path} ({format})", path=str(target), format=kind))
    return True


def one_file_option(what: str) -> Any:
    """-o/--output FILE for a command that writes one kind of file (a schema, the catalogue)."""
    return typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help=f"{what}; never over a file without --force, never through a link.",
        show_default=False,
    )


ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the -o file if it exists.")]


def split(values: list[str] | None) -> list[str]:
    """Repeatable options also take comma lists: -c KR,JP is -c KR -c JP."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def split_pairs(values: list[str] | None) -> list[str]:
    """NAME=VALUE options split at commas only where every part is a pair (98,2 may be a decimal comma)."""
    found: list[str] = []
    for value in values or []:
        parts = value.split(",")
        if all("=" in part for part in parts):
            found.extend(part.strip() for part in parts if part.strip())
        else:
            found.append(value)
    return found


# -- completion: every option with a fixed set of values, every argument that names something --------


def _starting(choices: Sequence[str], incomplete: str) -> list[str]:
    folded = incomplete.casefold()
    return [c for c in choices if c.casefold().startswith(folded)]


def complete_products(ctx: typer.Context, incomplete: str) -> list[str]:
    """Product ids, the bundled ones and those of the data directory on the command line (or MSC_DATA_DIR)."""
    return _starting(sorted(p.id for p in _completion_catalogue(ctx).products), incomplete.casefold())


def _completion_catalogue(ctx: typer.Context) -> "Catalogue":
    """The catalogue as the command being completed would read it, without its notes (a TAB press prints no
    notes into the terminal's command line)."""
    from msccli.catalogue import catalog

    chosen = next((c.params["data_dir"] for c in _contexts(ctx) if c.params.get("data_dir")), None)
    return catalog.load([Path(chosen)]) if chosen else catalog.default()


def _contexts(ctx: Any) -> list[Any]:
    """The command's context and its parents' (the group's options are in the root's)."""
    found = []
    while ctx is not None:
        found.append(ctx)
        ctx = ctx.parent
    return found


def complete_countries(ctx: typer.Context, incomplete: str) -> list[str]:
    codes = [j.code for j in _completion_catalogue(ctx).jurisdictions]
    if incomplete.islower():  # the shell matches case-sensitively; any case is accepted by --country
        codes = [c.lower() for c in codes]
    return _starting(codes, incomplete)


def complete_categories(incomplete: str) -> list[str]:
    from msccli.lookup.timeline import CATEGORIES

    return _starting(CATEGORIES, incomplete)


def complete_refs(ctx: typer.Context, incomplete: str) -> list[str]:
    return _starting([r.id for r in _completion_catalogue(ctx).references], incomplete)


def complete_profiles(ctx: typer.Context, incomplete: str) -> list[str]:
    return _starting([p.id for p in _completion_catalogue(ctx).profiles], incomplete)


def _completer(values: tuple[str, ...]) -> Any:
    """TAB completion over a closed vocabulary."""

    def complete(incomplete: str) -> list[str]:
        return _starting(values, incomplete)

    return complete


complete_sources = _completer(get_args(Tissue))
complete_donors = _completer(get_args(Donor))
complete_routes = _completer(get_args(Route))
complete_statuses = _completer(get_args(Status))
complete_pathways = _completer(get_args(Pathway))
complete_corrects = _completer(get_args(Corrects))
complete_roles = _completer(get_args(TrialRole))


def complete_input_formats(incomplete: str) -> list[str]:
    from msccli.isct.lots.formats import FORMATS as LOT_FORMATS

    return _starting(LOT_FORMATS, incomplete)


def complete_sheets(incomplete: str) -> list[str]:
    """--sheet: the sheet shipped with msc by its name, 'example' (the completion scripts offer files beside it)."""
    return _starting(["example"], incomplete)


def complete_pass_fail(incomplete: str) -> list[str]:
    return _starting(["pass", "fail"], incomplete)


def complete_delimiters(incomplete: str) -> list[str]:
    return _starting([",", ";", "tab", "|"], incomplete)


def complete_commands(incomplete: str) -> list[str]:
    from msccli.views.outputs import OUTPUTS

    return _starting([c for c in OUTPUTS if " " not in c], incomplete)


def complete_schemas(incomplete: str) -> list[str]:
    from msccli.views.schema import names

    return _starting(names(), incomplete)


def choices(values: Sequence[str], more: str = "") -> str:
    return ", ".join(values) + (f"; also {more}" if more else "")


ProductsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="NAME...", help="Products (id, name, alias, INN); all when none.", autocompletion=complete_products
    ),
]
CountryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        "-c",
        help="ISO code, English or Chinese name (EU is one); repeatable or comma-separated.",
        autocompletion=complete_countries,
    ),
]
VerifiedOpt = Annotated[bool, typer.Option("--verified", help="Only VERIFIED facts.")]
WithLocalOpt = Annotated[
    bool, typer.Option("--with-local", help="With --verified: keep the facts of your own data directory too.")
]


def product_filter(
    cat: "Catalogue",
    country: list[str] | None,
    source: list[str] | None,
    donor: list[str] | None,
    route: list[str] | None,
    indication: str | None,
    status: list[str] | None = None,
    **settings: Any,
) -> "ProductFilter":
    """The product filters msc products and msc dose share, from their options (comma lists split)."""
    from msccli.lookup import filters
    from msccli.lookup.terms import forms_for

    return filters.ProductFilter(
        countries={cat.jurisdiction(c).code for c in split(country)},
        indication=indication,
        indication_forms=forms_for(cat.vocabulary, indication) if indication else [],
        tissues=filters.parse_tissues(split(source)),
        donors=filters.parse_donors(split(donor)),
        routes=filters.parse_routes(split(route)),
        statuses=filters.parse_statuses(split(status)),
        **settings,
    )
