"""The msc command line: parse options, call the library, render, map errors to exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_args

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import (
    EXIT_CLOSED_PIPE,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_NOT_FOUND,
    EXIT_OK,
    ClosedPipe,
    InputError,
    InputErrors,
    MscError,
    NotApplicable,
    OutputError,
    unknown_choice,
)
from .i18n import N_, pick, tr
from .render import FORMAT_HELP, FORMATS
from .streams import error, internal_error, say
from .vocab import Corrects, Donor, Pathway, Route, Status, Tissue, TrialRole

if TYPE_CHECKING:
    pass

HELP = f"""msc {__version__}: approved mesenchymal stem/stromal cell (MSC) products, their doses and history,
with the source of every fact.

\b
Examples:
  msc products --country KR
  msc product ryoncil
  msc products --since 2018 --donor allogeneic -f json
  msc dose ryoncil --weight 32
  msc timeline --since 2010 --category regulatory-approval
  msc isct-check lots.csv --spec release.yaml
  msc fields products

\b
Exit codes:
  0    success (an empty result is a success)
  1    not found, or a name that fits several records; isct-check: a lot fails or is incomplete
  2    bad usage or bad input
  70   an internal error (a bug; --debug shows the traceback)
  74   the output could not be written (a full disk)
  130  interrupted (Ctrl-C)
  141  the reader closed the pipe (msc ... | head)

msc is a reference tool that summarises published sources; it is not clinical advice."""


# The order of `msc --help`: the catalogue first, then doses and history, the lab's check, background, the rest.
COMMAND_ORDER = (
    "products", "product", "compare", "search", "trials", "links", "dose", "timeline", "isct-check", "criteria",
    "about", "sources", "mechanisms", "errata", "refs", "jurisdictions", "fields", "schema", "data",
)  # fmt: skip


class MscGroup(TyperGroup):
    """The one error boundary: every failure becomes `msc: error: …` (and a hint) on stderr and an exit code."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = {*super().list_commands(ctx), *_DEFERRED}
        return sorted(names, key=lambda n: COMMAND_ORDER.index(n) if n in COMMAND_ORDER else len(COMMAND_ORDER))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """A command is built from its function when it is first asked for: a run builds only the one it runs."""
        if cmd_name not in self.commands and cmd_name in _DEFERRED:
            self.commands[cmd_name] = _DEFERRED[cmd_name]()
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As Typer's, with 'did you mean' drawn from every command, built or not."""
        from difflib import get_close_matches

        from typer._click.exceptions import UsageError

        try:
            return self._click_resolve_command(ctx, args)
        except UsageError as exc:
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if matches:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {', '.join(repr(m) for m in matches)}?"
            raise

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of `msc --help`, as Typer writes it, from the commands' docstrings: building every
        command to ask each for its first line would double the time --help takes."""
        import inspect

        from typer._click.utils import make_default_short_help

        names = [n for n in self.list_commands(ctx) if n in _DOCS or not self.get_command(ctx, n).hidden]
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in _DOCS and name not in self.commands:
                rows.append((name, make_default_short_help(inspect.cleandoc(_DOCS[name]), limit).strip()))
            else:
                rows.append((name, self.get_command(ctx, name).get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def all_commands(self, ctx: Any) -> dict[str, Any]:
        """Every command, built (help pages, tests)."""
        return {name: self.get_command(ctx, name) for name in self.list_commands(ctx)}

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        from .streams import guard_stdout_encoding, note_replaced_characters, utf8_argv

        if args is None:
            args = utf8_argv()
        guard_stdout_encoding()
        from .i18n import use_initial

        use_initial(list(args), os.environ)
        try:
            code = self._run(list(args), "msc", complete_var, extra)  # the name users type, in every hint
        finally:
            note_replaced_characters()
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(self, args: list[str], prog_name: str, complete_var: str | None, extra: dict[str, Any]) -> int:
        from typer._click import exceptions as click_errors

        from .streams import flush_stdout, silence_stdout

        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            flush_stdout()
        except click_errors.NoArgsIsHelpError as exc:
            exc.show()
            return EXIT_INPUT
        except click_errors.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx is not None else "msc"
            if command == "msc":  # an error while the group parsed a command's options: name the command
                named = [a for a in args if a in self.commands or a in _DEFERRED]
                command = f"msc {named[0]}" if named else command
            return error(tr(_lower_first(exc.format_message())), EXIT_INPUT, tr(f"see: {command} --help"))
        except click_errors.ClickException as exc:
            return error(tr(exc.format_message()), exc.exit_code)
        except typer.Abort:
            return EXIT_INTERRUPTED
        except ClosedPipe:
            silence_stdout()
            return EXIT_CLOSED_PIPE
        except InputErrors as exc:
            for one in exc.errors:
                error(one.text(), exc.exit_code)
            return exc.exit_code
        except MscError as exc:
            return error(exc.text(), exc.exit_code, tr(exc.hint))
        except (KeyboardInterrupt, SystemExit):
            raise
        except RecursionError:
            return error(tr("the input is nested too deeply to read"), EXIT_INPUT)
        except MemoryError:
            return error(tr("the input is too large to read into memory"), EXIT_INPUT)
        except Exception as exc:  # a bug: one line, and the traceback on request
            if _state["debug"] or os.environ.get("MSC_DEBUG") or "--debug" in args:
                raise
            return internal_error(exc)
        return result if isinstance(result, int) else EXIT_OK


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


app = typer.Typer(
    cls=MscGroup,
    help=HELP,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

# -- options every command shares ------------------------------------------------------------------


def complete_formats(incomplete: str) -> list[str]:
    return _starting(FORMATS, incomplete)


FormatOpt = Annotated[
    str,
    typer.Option("--format", "-f", help=FORMAT_HELP, autocompletion=complete_formats, show_default=False),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Fields to show, in this order, comma-separated (any format); 'help' lists them.",
        show_default=False,
    ),
]
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
    from .i18n import LANGS, parse_lang, use

    if value is None:
        return None
    lang = parse_lang(value)
    if lang is None:
        raise unknown_choice(value, list(LANGS), "--lang")
    use(lang)
    return lang


def complete_languages(incomplete: str) -> list[str]:
    from .i18n import LANGS

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
        "default from the locale (zh_CN, zh_TW, zh_HK ...). Data formats stay the same in every language.",
        autocompletion=complete_languages,
        show_default=False,
    ),
]


_state: dict[str, Any] = {"data_dir": None, "debug": False}


def catalogue(data_dir: Path | None = None) -> Any:
    from . import answers, catalog
    from .freshness import staleness, this_month

    chosen = data_dir or _state["data_dir"]
    loaded = catalog.load([chosen]) if chosen else catalog.default()
    if not loaded.from_cache:  # said once, when the data directory is first read (or changed)
        for note in loaded.notes:
            say(f"{tr('note')}: {tr(note)}")
        loaded.notes = []
    answers.remember(loaded)
    if not _state.get("age_said"):  # a catalogue over a year old says so, once per run
        _state["age_said"] = True
        stale = staleness(loaded.meta.as_of, this_month())
        if stale:
            say(tr(stale))
    return loaded


def show(command: str, view: Any, fmt: str, fields: str | None) -> None:
    """Render a view in the chosen format: `--fields help` lists the command's fields instead."""
    from . import render

    chosen = render.parse_format(fmt)
    if fields is not None and fields.strip().casefold() == "help":
        from .views.outputs import fields_view

        view, fields = fields_view([command]), None
    selected = render.select_fields(view.fields, fields) if fields is not None else None
    try:
        render.emit(view, chosen, selected)
    except BrokenPipeError:
        raise ClosedPipe() from None
    except OSError as exc:
        raise OutputError(exc) from None


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


def complete_products(incomplete: str) -> list[str]:
    """Product ids: file names only, so completion stays instant (the same list the fast path gives)."""
    from .completion import product_ids

    return product_ids(incomplete, os.environ)


def complete_countries(incomplete: str) -> list[str]:
    codes = [j.code for j in catalogue().jurisdictions]
    if incomplete.islower():  # the shell matches case-sensitively; any case is accepted by --country
        codes = [c.lower() for c in codes]
    return _starting(codes, incomplete)


def complete_categories(incomplete: str) -> list[str]:
    from .timeline import CATEGORIES

    return _starting(CATEGORIES, incomplete)


def complete_refs(incomplete: str) -> list[str]:
    return _starting([r.id for r in catalogue().references], incomplete)


def complete_profiles(incomplete: str) -> list[str]:
    return _starting([p.id for p in catalogue().profiles], incomplete)


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
    from .lots import FORMATS as LOT_FORMATS

    return _starting(LOT_FORMATS, incomplete)


def complete_pass_fail(incomplete: str) -> list[str]:
    return _starting(["pass", "fail"], incomplete)


def complete_delimiters(incomplete: str) -> list[str]:
    return _starting([",", ";", "tab", "|"], incomplete)


def complete_commands(incomplete: str) -> list[str]:
    from .views.outputs import OUTPUTS

    return _starting([c for c in OUTPUTS if " " not in c], incomplete)


def complete_schemas(incomplete: str) -> list[str]:
    from .schema import names

    return _starting(names(), incomplete)


def version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"msc {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    data_dir: DataDirOpt = None,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=version_callback, is_eager=True, help="Show the version and exit."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", envvar="MSC_DEBUG", help="Show the traceback of an internal error.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    _state["data_dir"] = data_dir
    _state["debug"] = debug
    _state["age_said"] = False


def _choices(values: Sequence[str], more: str = "") -> str:
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


@app.command()
def products(
    country: CountryOpt = None,
    since: Annotated[int | None, typer.Option(help="Approved in or after this year.")] = None,
    until: Annotated[int | None, typer.Option(help="Approved in or before this year.")] = None,
    indication: Annotated[
        str | None, typer.Option("--indication", "-i", help="Text in the indication (English or Chinese).")
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            "-s",
            help="Cell source: " + _choices(get_args(Tissue), "bm, fat, uc, cord, 骨髓 ..."),
            autocompletion=complete_sources,
        ),
    ] = None,
    donor: Annotated[
        list[str] | None,
        typer.Option(help="Donor: " + _choices(get_args(Donor), "auto, allo"), autocompletion=complete_donors),
    ] = None,
    route: Annotated[
        list[str] | None,
        typer.Option(help="Route: " + _choices(get_args(Route), "iv, it, ia, im"), autocompletion=complete_routes),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(help="Status: " + _choices(get_args(Status)), autocompletion=complete_statuses),
    ] = None,
    pathway: Annotated[
        list[str] | None,
        typer.Option(
            help="Pathway: " + _choices(get_args(Pathway)) + "; conditional also takes conditional-time-limited.",
            autocompletion=complete_pathways,
        ),
    ] = None,
    orphan: Annotated[
        bool, typer.Option("--orphan", help="Only approvals where the product holds an orphan designation.")
    ] = False,
    expires_before: Annotated[
        str | None,
        typer.Option(
            "--expires-before",
            metavar="YEAR",
            help="Approvals that end before this year (or date): a stated validity, or a conditional term's "
            "derived end.",
        ),
    ] = None,
    verified: Annotated[
        bool, typer.Option("--verified", help="Only VERIFIED facts: drop other approvals, blank other fields.")
    ] = False,
    with_local: Annotated[
        bool, typer.Option("--with-local", help="With --verified: keep the facts of your own data directory too.")
    ] = False,
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """List approvals of MSC products, one row per approval.

    Filters combine; options that can repeat also take comma lists.

    \b
    Examples:
      msc products --country KR,JP
      msc products --since 2018 --donor allogeneic -f csv
      msc products --status withdrawn --fields name,jurisdiction,status_date
      msc products --pathway conditional --expires-before 2032
      msc products --orphan --fields name,jurisdiction,holder,licence
    """
    from . import filters, query
    from .views.approvals import products_view
    from .views.products import disclaimer

    cat = catalogue(data_dir)
    flt = product_filter(
        cat,
        country,
        source,
        donor,
        route,
        indication,
        status,
        since=since,
        until=until,
        pathways=filters.parse_pathways(split(pathway)),
        orphan=orphan,
        expires_before=filters.parse_before(expires_before) if expires_before is not None else None,
        verified_only=verified,
        with_local=with_local,
    )
    rows = query.approval_rows(cat, flt)
    if not rows and indication:
        from .terms import suggestions

        near = suggestions(cat.vocabulary, indication)
        closest = ", ".join(near)
        say(
            tr(f"note: no approval's indication matches {indication!r}")
            + ("; " + tr(f"closest terms: {closest}") if near else "")
        )
    view = products_view(cat.meta.as_of, disclaimer(cat), rows, verified, show_ends=expires_before is not None)
    show("products", view, fmt, fields)


@app.command()
def product(
    name: Annotated[
        str,
        typer.Argument(
            help="Id, name, alias, INN or Chinese name; an unambiguous start is enough.",
            autocompletion=complete_products,
        ),
    ],
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Everything about one product: names, approvals, dosing, evidence, corrections, references.

    A name that fits several records (an INN of two products, a brand with two approvals) shows them all.

    \b
    Examples:
      msc product ryoncil
      msc product remestemcel-L
      msc product 艾米迈托赛
    """
    from .views.products import product_view

    cat = catalogue(data_dir)
    show("product", product_view(cat, name, cat.find(name)), fmt, fields)


def _selection(cat: Any, names: list[str] | None, country: list[str] | None, verified: bool, local: bool) -> Any:
    from .regulatory import Selection

    return Selection(
        products={r.id for name in (names or []) for r in cat.find(name)},
        countries={cat.jurisdiction(c).code for c in split(country)},
        verified_only=verified,
        with_local=local,
    )


@app.command()
def trials(
    names: ProductsArg = None,
    country: CountryOpt = None,
    role: Annotated[
        list[str] | None,
        typer.Option(
            help="pivotal, supporting, confirmatory, follow-up, post-marketing, development; repeatable or "
            "comma-separated.",
            autocompletion=complete_roles,
        ),
    ] = None,
    verified: VerifiedOpt = False,
    with_local: WithLocalOpt = False,
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """The trials behind approvals: registry id and link, phase, participants, endpoint, result.

    \b
    Examples:
      msc trials
      msc trials ryoncil alofisel
      msc trials --country JP --role pivotal -f csv
    """
    from .regulatory import parse_roles, trial_rows
    from .views.regulatory import trials_view

    cat = catalogue(data_dir)
    rows = trial_rows(cat, _selection(cat, names, country, verified, with_local), parse_roles(split(role)))
    show("trials", trials_view(cat, rows), fmt, fields)


@app.command()
def links(
    names: ProductsArg = None,
    country: CountryOpt = None,
    verified: VerifiedOpt = False,
    with_local: WithLocalOpt = False,
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Official documents to open: labels, SmPC, EPAR, reviews, regulator records, trial registry records.

    \b
    Examples:
      msc links alofisel
      msc links --country JP
      msc links ryoncil -f jsonl | jq -r .url
    """
    from .regulatory import link_rows
    from .views.regulatory import links_view

    cat = catalogue(data_dir)
    rows = link_rows(cat, _selection(cat, names, country, verified, with_local))
    show("links", links_view(cat, rows), fmt, fields)


@app.command()
def about(
    fmt: FormatOpt = "table", fields: FieldsOpt = None, data_dir: DataDirOpt = None, lang: LangOpt = None
) -> None:
    """What MSCs are, the ISCT definition in brief, and how to check cell lots against it.

    \b
    Examples:
      msc about
      msc about -f json
    """
    from .knowledge import passage_row
    from .views.knowledge import PASSAGE_FIELDS, passages_view

    cat = catalogue(data_dir)
    rows = [passage_row(p) for p in cat.about]
    hint = N_("More: msc sources (tissues), msc mechanisms, msc criteria isct-2006, msc isct-check --example.")
    show("about", passages_view(cat, rows, PASSAGE_FIELDS, hint), fmt, fields)


@app.command()
def sources(
    tissue: Annotated[
        str | None,
        typer.Argument(
            metavar="TISSUE",
            help="bone-marrow, adipose, umbilical-cord, umbilical-cord-blood, "
            "dental-pulp, placenta; aliases (bm, fat, uc, 臍帶) too.",
        ),
    ] = None,
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """The tissues MSCs come from, what distinguishes each, and the approved products that use it.

    \b
    Examples:
      msc sources
      msc sources umbilical-cord
      msc sources 脂肪 -f json
    """
    from .knowledge import source_rows
    from .knowledge import tissue as find_tissue
    from .views.knowledge import SOURCE_FIELDS, passages_view

    cat = catalogue(data_dir)
    chosen = [find_tissue(cat, tissue)] if tissue else cat.tissue_sources
    hint = N_("Products in full: msc product NAME. By tissue as a filter: msc products --source TISSUE.")
    show("sources", passages_view(cat, source_rows(cat, chosen), SOURCE_FIELDS, hint), fmt, fields)


@app.command()
def mechanisms(
    fmt: FormatOpt = "table", fields: FieldsOpt = None, data_dir: DataDirOpt = None, lang: LangOpt = None
) -> None:
    """How MSCs act: paracrine factors and vesicles, immunomodulation, homing, differentiation.

    \b
    Examples:
      msc mechanisms
      msc mechanisms -f json
    """
    from .knowledge import passage_row
    from .views.knowledge import MECHANISM_FIELDS, passages_view

    cat = catalogue(data_dir)
    rows = [passage_row(m, factors=list(m.factors)) for m in cat.mechanisms]
    show(
        "mechanisms",
        passages_view(cat, rows, MECHANISM_FIELDS, N_("The history of these ideas: msc timeline.")),
        fmt,
        fields,
    )


@app.command()
def search(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Words, a name, an id or a Chinese term.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many hits.")] = 20,
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Search products, trials, history, criteria, errata, indication terms and jurisdictions; typos forgiven.

    \b
    Examples:
      msc search ryoncl
      msc search 克罗恩
      msc search "graft versus host" -f json
    """
    from .search import search as find_hits
    from .views.search import search_view

    if not text.strip():
        raise InputError("give some text to search for", hint='e.g. msc search "graft versus host"')
    cat = catalogue(data_dir)
    rows = find_hits(cat, text, limit)
    if not rows:
        say(tr(f"note: nothing matches {text!r}"))
    show("search", search_view(text, rows), fmt, fields)


@app.command()
def compare(
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME...", help="Two or more products (id, name, alias, INN).", autocompletion=complete_products
        ),
    ],
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Products side by side: approvals, pathway, status, source, donor, route, dose, schedule, pivotal evidence.

    \b
    Examples:
      msc compare ryoncil temcell
      msc compare prochymal ryoncil temcell -f json
    """
    from .compare import record
    from .views.compare import compare_view

    cat = catalogue(data_dir)
    found: list[Any] = []
    for name in names:
        found.extend(r for r in cat.find(name) if all(r.id != seen.id for seen in found))
    if len(found) < 2:
        raise InputError(f"compare needs two or more products; {' '.join(names)!r} names {len(found)}")
    show("compare", compare_view(cat, [record(cat, r) for r in found]), fmt, fields)


@app.command()
def errata(
    product_name: Annotated[
        str | None,
        typer.Option("--product", "-p", help="Only corrections about this product.", autocompletion=complete_products),
    ] = None,
    corrects: Annotated[
        str | None,
        typer.Option(
            "--corrects",
            help="source-review (the Chinese review), or fact-sheet (a later fact sheet overriding an earlier one).",
            autocompletion=complete_corrects,
        ),
    ] = None,
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Every correction msc makes to the source review and to its own earlier fact sheets, with evidence.

    \b
    Examples:
      msc errata
      msc errata --product hearticellgram-ami
      msc errata --corrects fact-sheet
    """
    from .views.references import errata_view

    cat = catalogue(data_dir)
    product_id = None
    if product_name:
        found = cat.find(product_name)
        found = [r for r in found if r.id == product_name.strip().casefold()] or found  # an id names one record
        if len(found) > 1:
            from .errors import Ambiguous

            raise Ambiguous("record", product_name, [f"{r.name} ({r.id})" for r in found], "give the product id")
        product_id = found[0].id
    target = None
    if corrects is not None:
        from .match import choose

        target = choose(corrects, get_args(Corrects))
        if target is None:
            raise unknown_choice(corrects, list(get_args(Corrects)), "--corrects")
    show("errata", errata_view(cat, product_id, target), fmt, fields)


@app.command()
def refs(
    ids: Annotated[
        list[str] | None,
        typer.Argument(help="Reference ids (S07 R1, or S07,R1); all when omitted.", autocompletion=complete_refs),
    ] = None,
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """The references every record cites.

    \b
    Examples:
      msc refs S07 R1
      msc refs -f csv
    """
    from .views.references import refs_view

    show("refs", refs_view(catalogue(data_dir), split(ids)), fmt, fields)


@app.command()
def dose(
    name: Annotated[
        str | None,
        typer.Argument(help="Product (any name); all products when omitted.", autocompletion=complete_products),
    ] = None,
    weight: Annotated[
        str | None, typer.Option("--weight", "-w", help="Body weight: 70, 70kg, 154lb (kg by default).")
    ] = None,
    area: Annotated[str | None, typer.Option("--area", "-a", help="Defect or fistula area: 4, 4cm2, 400mm2.")] = None,
    check_dose: Annotated[
        str | None,
        typer.Option(
            "--check",
            help="A planned dose per administration to hold against the label: 1.4e8, 140M, 1.4×10^8, 14000万.",
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="Plan the course on the calendar from this date (YYYY-MM-DD).")
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option("--skip", help="A day no administration may fall on (re-plans the rest); repeatable or commas."),
    ] = None,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Write the planned course as an iCalendar file (with --start).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --ics file if it exists.")] = False,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country", "-c", help="Without NAME: products approved here.", autocompletion=complete_countries
        ),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="Without NAME: cell source.", autocompletion=complete_sources),
    ] = None,
    donor: Annotated[
        list[str] | None, typer.Option(help="Without NAME: autologous or allogeneic.", autocompletion=complete_donors)
    ] = None,
    route: Annotated[
        list[str] | None, typer.Option(help="Without NAME: route of administration.", autocompletion=complete_routes)
    ] = None,
    indication: Annotated[
        str | None, typer.Option("--indication", "-i", help="Without NAME: text in the indication.")
    ] = None,
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """The labelled dose, worked out for a weight or an area, per administration and for the course.

    With a product: --check holds a planned dose against the label (exit 1 when outside it), --start lays the
    course out on the calendar (--skip moves a day, --ics exports it), and the units to thaw are shown. Labelled
    doses from published sources; not a prescription.

    \b
    Examples:
      msc dose ryoncil --weight 32
      msc dose ryoncil --weight 32 --start 2026-12-04 --ics ryoncil.ics
      msc dose hearticellgram-ami --weight 90 --check 9e7
      msc dose cartistem --area 4cm2
      msc dose --country JP --weight 40
    """
    from . import dose as dosing
    from . import plan as planning
    from .course import parse_date
    from .model import Product
    from .numbers import parse_cells
    from .query import facets
    from .views.dose import dose_view

    cat = catalogue(data_dir)
    weight_kg = dosing.parse_weight(weight) if weight is not None else None
    area_cm2 = dosing.parse_area(area) if area is not None else None
    planned = parse_cells(check_dose, "--check") if check_dose is not None else None
    start_date = parse_date(start, "--start") if start is not None else None
    skips = {parse_date(day, "--skip") for day in split(skip)}
    if (skips or ics) and start_date is None:
        raise InputError("--skip and --ics work on a planned course: give --start DATE too", field="--start")
    filters = any((country, source, donor, route, indication))
    if name is None:
        if planned is not None or start_date is not None:
            raise InputError(
                "--check and --start work on one product's dose: give its name",
                hint="e.g. msc dose ryoncil --weight 32 --start 2026-12-04",
            )
        flt = product_filter(cat, country, source, donor, route, indication)
        kept = [p for p in cat.products if any(flt.keeps(facets(p, a)) for a in p.approvals)]
        chosen = sorted(kept, key=lambda p: p.name.casefold())
    else:
        if filters:
            raise InputError(
                "--country, --source, --donor, --route and --indication choose products for the table "
                "of all products; leave them out with a product name"
            )
        chosen = [r for r in cat.find(name) if isinstance(r, Product)]
        if not chosen:
            raise NotApplicable(
                f"{name!r} is not an approved MSC product, so it has no labelled dose", f"see: msc product {name}"
            )
    calcs = [calc for p in chosen for calc in dosing.calculate(p, weight_kg, area_cm2)]
    plans = [planning.build(calc, start_date, skips, planned) for calc in calcs]
    if ics is not None:
        _write_ics(ics, plans, force)
    show("dose", dose_view(cat, plans, single=name is not None), fmt, fields)
    if any(p.check is not None and not p.check.within for p in plans):
        raise typer.Exit(EXIT_NOT_FOUND)


def product_filter(
    cat: Any,
    country: list[str] | None,
    source: list[str] | None,
    donor: list[str] | None,
    route: list[str] | None,
    indication: str | None,
    status: list[str] | None = None,
    **settings: Any,
) -> Any:
    """The product filters msc products and msc dose share, from their options (comma lists split)."""
    from . import filters
    from .terms import forms_for

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


def _write_ics(path: Path, plans: list[Any], force: bool) -> None:
    from .files import write_new
    from .ical import course_calendar
    from .match import plural

    planned = [p for p in plans if p.course is not None and p.course.administrations]
    if not planned:
        raise InputError("the sources give no schedule to plan, so there is no calendar to write", field="--ics")
    write_new(path, course_calendar(planned[0]), "--ics", force)
    say(tr(f"wrote {plural(len(planned[0].course.administrations), 'administration')} to {path}"))


@app.command()
def timeline(
    since: Annotated[int | None, typer.Option(help="Events in or after this year.")] = None,
    until: Annotated[int | None, typer.Option(help="Events in or before this year.")] = None,
    category: Annotated[
        list[str] | None,
        typer.Option(
            "--category",
            help="discovery, characterisation, clinical, trial-result, standard, regulatory-approval, "
            "regulatory-other, withdrawal, industry; a prefix takes all it starts; repeatable or comma-separated.",
            autocompletion=complete_categories,
        ),
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            "-c",
            help="Approvals in this jurisdiction; repeatable or comma-separated.",
            autocompletion=complete_countries,
        ),
    ] = None,
    product_name: Annotated[
        str | None,
        typer.Option("--product", "-p", help="Events of one product.", autocompletion=complete_products),
    ] = None,
    search: Annotated[str | None, typer.Option("--search", help="Text in the event (en/zh) or its people.")] = None,
    verified: Annotated[bool, typer.Option("--verified", help="Only VERIFIED events.")] = False,
    with_local: Annotated[
        bool, typer.Option("--with-local", help="With --verified: keep the events of your own data directory too.")
    ] = False,
    export: Annotated[
        Path | None,
        typer.Option("--export", help="Write a picture of the timeline: FILE.svg or FILE.html (self-contained)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --export file if it exists.")] = False,
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """The history of MSCs, from Friedenstein (1966) to the latest approvals, grouped by decade.

    \b
    Examples:
      msc timeline --since 2010 --category regulatory-approval
      msc timeline --country KR,JP -f csv
      msc timeline --export history.html
    """
    from . import timeline as history
    from .views.timeline import timeline_view

    cat = catalogue(data_dir)
    flt = history.EventFilter(
        since=since,
        until=until,
        categories=history.parse_categories(split(category)),
        countries={cat.jurisdiction(c).code for c in split(country)},
        products={r.id for r in cat.find(product_name)} if product_name else set(),
        search=search,
        verified_only=verified,
        with_local=with_local,
    )
    events = history.select(cat, flt)
    if export is not None:
        from . import export as exporter
        from .match import plural

        written = exporter.write(export, events, cat.meta.as_of, force)
        say(tr(f"wrote {plural(len(events), 'event')} to {written}"))
        return
    show("timeline", timeline_view(cat, events), fmt, fields)


@app.command("isct-check")
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
    lot: Annotated[str, typer.Option(help="Lot id for a sample given by flags.")] = "sample",
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
        typer.Option("--map", help="Name an odd gate or column: GATE=MARKER, repeatable or comma-separated."),
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
            "Needs pip install 'msccli[fcs]'.",
        ),
    ] = None,
    control: Annotated[
        list[str] | None,
        typer.Option(
            "--control",
            metavar="FILE",
            help="The isotype or FMO control tube(s): one for all --fcs tubes, or one per tube in order.",
        ),
    ] = None,
    gate: Annotated[
        list[str] | None,
        typer.Option(
            "--gate", help="Keep events meeting CHANNEL>VALUE conditions (e.g. FSC-A>20000); default: all events."
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
    detail: Annotated[
        bool, typer.Option("--detail", help="One record per lot and criterion: values, thresholds and margins.")
    ] = False,
    example: Annotated[
        bool,
        typer.Option("--example", help="Check the example lots shipped with msc against the example lab spec."),
    ] = False,
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
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
      msc isct-check --marker CD73=98,CD90=99,CD105=97,CD45=0.5 --adherent
      msc isct-check --fcs stained.fcs --control isotype.fcs --lot L1 --ci -f json
    """
    from . import isct, lots, render
    from .views.isct import isct_view

    input_format = lots.parse_choice(input_format, lots.FORMATS, "--input-format")
    separator = lots.parse_choice(delimiter, tuple(lots.DELIMITERS), "--delimiter")
    markers = split_pairs(marker)
    stained = split_files(fcs)
    if example:
        if file is not None or markers or stained:
            raise InputError("--example checks the shipped example lots: give no FILE, --marker or --fcs with it")
        file, spec = example_file("lots.csv"), spec or example_file("release-spec.yaml")
    if sum(bool(x) for x in (file is not None, markers, stained)) > 1:
        raise InputError("give one input: a FILE of lots, --marker values, or --fcs tubes of one lot")
    if file is None and not markers and not stained:
        raise InputError(
            "give a FILE of lots (or - for stdin), --marker MARKER=PERCENT values, or --fcs tubes for one sample",
            hint="see: msc isct-check --help",
        )
    if not stained and (control or gate or ci):
        raise InputError("--control, --gate and --ci work on FCS input: give the stained tubes with --fcs")
    gate_map = lots.parse_mapping(split_pairs(mapping))
    profile = isct.profile(catalogue(data_dir).profiles, profile_id)
    lab_spec = isct.load_spec(spec) if spec else None
    if file is not None and render.streams(fmt):  # a big CSV or TSV file is checked as it is read
        stream = lots.stream_batch(
            file, input_format, gate_map, lots.DELIMITERS[separator] if separator else None, decimal_comma
        )
        if stream is not None:
            _check_stream(stream, profile, lab_spec, detail, ci, fmt, fields)
            return
    if stained:
        from . import fcs as flow
        from .files import MAX_INPUT

        criteria = [c for p in (profile, lab_spec) if p is not None for c in p.criteria if c.test == "percent"]
        analysis = flow.analyse(
            stained,
            split_files(control),
            gate_map,
            flow.parse_gates(gate or []),
            percentile,
            positives={m for c in criteria if c.min is not None for m in c.markers},
            negatives={m for c in criteria if c.max is not None for m in c.markers},
            limit=MAX_INPUT,
        )
        lineages = {"osteogenic": osteo, "adipogenic": adipo, "chondrogenic": chondro}
        found = [lots.lot_from_flags(lot, [], adherent, lineages, viability, ifn_gamma)]
        found[0].source = ", ".join(Path(s).name for s in stained)
        found[0].table.update({key: [value] for key, value in analysis.values.items()})
        found[0].table["@fcs"] = [flow.report(analysis, isct.INTERVAL_RULE if ci else isct.POINT_RULE)]
        table = found[0].table
        for warning in analysis.warnings:
            say(f"{tr('warning')}: {tr(warning)}")
    elif file is not None:
        from .files import MAX_INPUT
        from .streams import read_stdin

        stdin = read_stdin(MAX_INPUT) if file == "-" else None
        batch = lots.read_batch(
            file, input_format, gate_map, stdin, lots.DELIMITERS[separator] if separator else None, decimal_comma
        )
        found = batch.lots
        table = batch.table
        _note_ignored(batch.ignored)
    else:
        lineages = {"osteogenic": osteo, "adipogenic": adipo, "chondrogenic": chondro}
        found = [lots.lot_from_flags(lot, markers, adherent, lineages, viability, ifn_gamma)]
        table = found[0].table
    checks = isct.check_lots(found, profile, lab_spec, table, ci=ci)
    judged = isct.judged_markers([profile, *([lab_spec] if lab_spec else [])])
    _profile_warnings(profile, lab_spec)
    show(
        "isct-check --detail" if detail else "isct-check",
        isct_view(found, checks, judged, detail, detail or (file is None and not stained)),
        fmt,
        fields,
    )
    if any(c.verdict != "PASS" for one in checks for c in one):
        raise typer.Exit(EXIT_NOT_FOUND)


def _check_stream(
    stream: Any, profile: Any, lab_spec: Any, detail: bool, ci: bool, fmt: str, fields: str | None
) -> None:
    """isct-check of a big CSV or TSV file in a data format: each chunk is checked and written in turn."""
    from . import isct
    from .views.isct import isct_stream_view

    _note_ignored(stream.ignored)
    _profile_warnings(profile, lab_spec)
    judged = isct.judged_markers([profile, *([lab_spec] if lab_spec else [])])
    failed: list[bool] = []
    command = "isct-check --detail" if detail else "isct-check"
    show(command, isct_stream_view(stream, profile, lab_spec, judged, detail, ci, failed), fmt, fields)
    if failed:
        raise typer.Exit(EXIT_NOT_FOUND)


def _note_ignored(columns: list[str]) -> None:
    if columns:
        ignored = ", ".join(columns)
        say(tr(f"note: ignored columns (not markers or known fields): {ignored}"))


def _profile_warnings(profile: Any, lab_spec: Any) -> None:
    for p in (profile, lab_spec):
        if p is not None and p.warning:
            say(tr(f"warning: profile {p.id}: {pick(p.warning, None)}"))


def split_files(values: list[str] | None) -> list[str]:
    """Repeated file options, each also a comma list, unless the whole value is an existing file's name."""
    files: list[str] = []
    for value in values or []:
        files.extend([value] if "," not in value or Path(value).exists() else [v for v in value.split(",") if v])
    return files


def example_file(name: str) -> str:
    """An example input shipped with msc (data/examples/), as a path any command can read."""
    from .catalog import bundled_data_dir

    return str(bundled_data_dir() / "examples" / name)


@app.command()
def criteria(
    profile_id: Annotated[
        str | None, typer.Argument(help="One profile; all when omitted.", autocompletion=complete_profiles)
    ] = None,
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
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
    from . import isct
    from .views.isct import criteria_view

    profiles = catalogue(data_dir).profiles
    show("criteria", criteria_view([isct.profile(profiles, profile_id)] if profile_id else profiles), fmt, fields)


@app.command()
def jurisdictions(
    fmt: FormatOpt = "table", fields: FieldsOpt = None, data_dir: DataDirOpt = None, lang: LangOpt = None
) -> None:
    """The jurisdictions in the catalogue: codes, names in English and Chinese, regulators.

    \b
    Examples:
      msc jurisdictions
      msc jurisdictions -f csv
    """
    from .views.products import jurisdictions_view

    show("jurisdictions", jurisdictions_view(catalogue(data_dir)), fmt, fields)


@app.command("fields")
def fields_command(
    command: Annotated[
        str | None,
        typer.Argument(
            help="A command (products, dose, ...); every command when omitted.", autocompletion=complete_commands
        ),
    ] = None,
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    lang: LangOpt = None,
) -> None:
    """The fields a command prints, with their types and meaning: what --fields takes, in every format.

    \b
    Examples:
      msc fields products
      msc fields isct-check -f markdown
    """
    from .views.outputs import OUTPUTS, fields_view

    if command is None:
        commands = list(OUTPUTS)
    else:
        commands = [c for c in OUTPUTS if c == command or c.startswith(command + " ")]
        if not commands:
            from .errors import NotFound
            from .match import close_matches

            raise NotFound("command", command, close_matches(command, list(OUTPUTS)), "see: msc --help")
    show("fields", fields_view(commands), fmt, fields)


data_app = typer.Typer(
    help="Check or export a data directory of your own (the layout of data/: products/*.yaml, errata.yaml, ...)."
    "\n\n\b\nExamples:\n  msc data validate ~/msc-local\n  msc data export merged/",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(data_app, name="data")


@data_app.command("validate")
def data_validate(
    directory: Annotated[Path, typer.Argument(help="The data directory to check.")],
    fmt: FormatOpt = "table",
    fields: FieldsOpt = None,
    lang: LangOpt = None,
) -> None:
    """Every problem of a data directory, laid over the bundled data: file, line, record, field and what is wrong.

    Exit codes: 0 no problems; 1 problems found; 2 bad usage.

    \b
    Examples:
      msc data validate ~/msc-local
      msc data validate ~/msc-local -f json
    """
    from . import catalog
    from .views.data import problems_view

    found = catalog.validate(directory)
    show("data validate", problems_view(found, str(directory)), fmt, fields)
    if found:
        raise typer.Exit(EXIT_NOT_FOUND)


@data_app.command("export")
def data_export(
    target: Annotated[Path, typer.Argument(help="A new (or empty) directory to write the data files into.")],
    force: Annotated[
        bool, typer.Option("--force", help="Write into a directory that has files, replacing them.")
    ] = False,
    data_dir: DataDirOpt = None,
    lang: LangOpt = None,
) -> None:
    """Write the catalogue msc uses (bundled data with your data directory laid over it) as a data directory.

    \b
    Examples:
      msc data export merged/
      msc --data-dir ~/msc-local data export merged/
    """
    from . import catalog
    from .files import write_new
    from .match import plural

    files = catalog.export(catalogue(data_dir))
    try:
        occupied = target.exists() and (not target.is_dir() or any(target.iterdir()))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot be used ({getattr(exc, 'strerror', None) or exc})", source=str(target)) from None
    if occupied and not force:
        raise InputError("exists and is not an empty directory; add --force to write into it", source=str(target))
    for name, text in files.items():
        path = target / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create the folder ({exc.strerror})", source=str(path.parent)) from None
        write_new(path, text.encode("utf-8"), "TARGET", force=True)
    say(tr(f"wrote {plural(len(files), 'file')} to {target}"))


@app.command("schema")
def schema_command(
    name: Annotated[
        str | None,
        typer.Argument(
            help="A data file (products/*.yaml, timeline.yaml, ...) or a command's output (output/products).",
            autocompletion=complete_schemas,
        ),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """The JSON Schema of a data file or of a command's JSON output (all when omitted), for editors and tools.

    The same schemas are committed in the repository's schema/ folder.

    \b
    Examples:
      msc schema products/*.yaml > product.schema.json
      msc schema output/products
    """
    import json

    from . import schema

    known = schema.names()
    if name is None:
        document: Any = {n: schema.schema(n) for n in known}
    elif name in known:
        document = schema.schema(name)
    else:
        from .errors import NotFound
        from .match import close_matches

        listed = ", ".join(known)
        raise NotFound("schema", name, close_matches(name, known), f"names: {listed}")
    try:  # a schema is JSON by definition
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    except BrokenPipeError:
        raise ClosedPipe() from None


# -- commands are built when used -----------------------------------------------------------------------------

_DEFERRED: dict[str, Any] = {}  # command name -> builds its Click command (MscGroup.get_command)
_DOCS: dict[str, str] = {}  # command name -> its help text, for the command list of msc --help


def _defer_commands() -> None:
    """Take the registered commands out of Typer's hands, so that starting msc does not build all of them (about
    20 ms); MscGroup builds each from the same information when it is first asked for."""
    from functools import partial

    from typer.main import get_command_from_info, get_command_name, get_group_from_info

    short, markup = app.pretty_exceptions_short, app.rich_markup_mode
    for info in app.registered_commands:
        name = info.name or get_command_name(info.callback.__name__)  # type: ignore[union-attr]
        _DEFERRED[name] = partial(get_command_from_info, info, pretty_exceptions_short=short, rich_markup_mode=markup)
        if not info.hidden and not info.short_help and not info.deprecated:
            _DOCS[name] = info.help if info.help is not None else (info.callback.__doc__ or "")
    for group in app.registered_groups:
        group_info = group.typer_instance.info if group.typer_instance is not None else None
        help_text = group.help if isinstance(group.help, str) else (group_info.help if group_info is not None else None)
        if isinstance(help_text, str) and not group.hidden:
            _DOCS[str(group.name)] = help_text
        _DEFERRED[str(group.name)] = partial(
            get_group_from_info,
            group,
            pretty_exceptions_short=short,
            rich_markup_mode=markup,
            suggest_commands=app.suggest_commands,
        )
    app.registered_commands = []
    app.registered_groups = []


_defer_commands()
