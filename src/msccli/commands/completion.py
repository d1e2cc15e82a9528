"""msc completion: a TAB-completion script for bash or zsh, generated from the app's own declarations, that answers
without starting Python. Fixed choices are written into the script; the catalogue's names (product ids, countries,
reference ids, criteria profiles) are read from a plain file msc keeps beside its cache. Where only msc knows the
answer (a data directory of the user's, no names file yet), the script asks msc, as Typer's own script does."""

import shlex
from typing import Annotated, Any

import typer

from msccli.commands.common import (
    LangOpt,
    complete_countries,
    complete_products,
    complete_profiles,
    complete_refs,
    family,
)
from msccli.text.errors import unknown_choice

cli = family()

SHELLS = ("bash", "zsh")
ZSH_PREAMBLE = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"


def complete_shells(incomplete: str) -> list[str]:
    return [s for s in SHELLS if s.startswith(incomplete)]


@cli.command()
def completion(
    ctx: typer.Context,
    shell: Annotated[str, typer.Argument(metavar="SHELL", help="bash or zsh.", autocompletion=complete_shells)],
    lang: LangOpt = None,
) -> None:
    """A TAB-completion script for bash or zsh that answers without starting msc.

    Put it in your shell's start-up file. In fish, run msc --install-completion instead.

    \b
    Examples:
      echo 'eval "$(msc completion bash)"' >> ~/.bashrc
      echo 'eval "$(msc completion zsh)"' >> ~/.zshrc
    """
    import sys

    from msccli.catalogue import cache, catalog

    chosen = shell.strip().casefold()
    if chosen not in SHELLS:
        raise unknown_choice(shell, list(SHELLS), "SHELL")
    catalog.default()  # writes the names file the script reads, if it is not there yet
    script = bash_script(ctx.find_root().command, cache.names_file())
    if chosen == "zsh":  # zsh runs bash's completion functions through its bashcompinit
        script = ZSH_PREAMBLE + script
    sys.stdout.write(script)


# -- the script ---------------------------------------------------------------------------------------------

# completion callbacks whose values are the catalogue's names, by the kind the names file calls them
NAMED = {
    complete_products: "product",
    complete_countries: "country",
    complete_refs: "ref",
    complete_profiles: "profile",
}


def bash_script(group: Any, names_file: str) -> str:
    """The whole script: tables generated from the app's commands (`group`, msc's Click group), then the fixed
    functions that read them."""
    with group.make_context("msc", [], resilient_parsing=True) as ctx:
        commands: dict[str, Any] = dict(group.all_commands(ctx))
    for name, command in list(commands.items()):
        for sub_name, sub in getattr(command, "commands", {}).items():
            commands[f"{name} {sub_name}"] = sub
    with group.make_context("msc", [], resilient_parsing=True) as root:
        contexts = {"": root, **{path: _context(command, root) for path, command in commands.items()}}
        options = [_options_case(path, contexts[path]) for path in contexts]
        values = [_values_case(path, contexts[path]) for path in contexts]
        arguments = [_arguments_case(path, contexts[path]) for path in commands]
    groups = {"": list(group.list_commands(ctx))}
    for path, command in commands.items():
        if hasattr(command, "commands"):
            groups[path] = list(command.commands)
    return TEMPLATE.format(
        names_file=shlex.quote(names_file),
        commands="\n".join(f"        {_q(path)}) echo {_words(names)} ;;" for path, names in groups.items()),
        options="\n".join(options),
        values="\n".join(v for v in values if v),
        arguments="\n".join(a for a in arguments if a),
    )


def _q(text: str) -> str:
    return shlex.quote(text)


def _words(words: list[str]) -> str:
    return " ".join(shlex.quote(w) for w in words)


def _options_case(path: str, ctx: Any) -> str:
    """The command's option names, and which of them take a value and may be given more than once."""
    names, taking, multiple = [], [], []
    for param in ctx.command.get_params(ctx):
        if param.param_type_name != "option" or param.hidden:
            continue
        names.append("|".join([*param.opts, *param.secondary_opts]))  # one option's names: given once, all are
        if not param.is_flag:
            taking += param.opts
        if param.multiple or param.count:
            multiple.append(names[-1])
    tables = f"options=({_words(names)}); takes=({_words(taking)}); repeats=({_words(multiple)})"
    return f"        {_q(path)}) {tables} ;;"


def _values_case(path: str, ctx: Any) -> str:
    lines = []
    for param in ctx.command.get_params(ctx):
        if param.param_type_name != "option" or param.is_flag:
            continue
        spec = _spec(param)
        if spec:
            lines += [f"        {_q(f'{path} {opt}')}) {spec} ;;" for opt in param.opts]
    return "\n".join(lines)


def _arguments_case(path: str, ctx: Any) -> str:
    """The values of the command's arguments, by position; an argument that takes many takes the rest."""
    lines, position = [], 0
    for param in ctx.command.get_params(ctx):
        if param.param_type_name != "argument":
            continue
        spec = _spec(param) or "return 1"
        pattern = f"{path} {position}" if param.nargs == 1 else f"{path} "
        lines.append(f"        {_q(pattern)}{'' if param.nargs == 1 else '*'}) {spec} ;;")
        position += 1
    return "\n".join(lines)


def _spec(param: Any) -> str:
    """What the script does for a value: the catalogue's names of a kind, or fixed words."""
    complete = getattr(param, "_custom_shell_complete", None)
    if complete is None:
        return ""
    original = _original_completer(complete)
    if original in NAMED:
        return f"_msc_names {NAMED[original]}"
    found = complete(None, param, "")
    words = [getattr(item, "value", str(item)) for item in found]
    return f"_msc_reply {_words(words)}"


def _original_completer(complete: Any) -> Any:
    """The function given as autocompletion=..., behind Typer's wrapper."""
    import inspect

    for cell in getattr(complete, "__closure__", None) or ():
        if callable(cell.cell_contents):
            found = inspect.unwrap(cell.cell_contents)
            if found in NAMED:
                return found
    return complete


def _context(command: Any, root: Any) -> Any:
    """The command's context under msc's, so that it has the options msc gives every command (-h)."""
    parent = root
    if command.name in ("validate", "export"):  # msc data's commands: under the data group's context
        data = root.command.get_command(root, "data")
        parent = data.make_context("data", [], parent=root, resilient_parsing=True)
    return command.make_context(command.name or "msc", [], parent=parent, resilient_parsing=True)


TEMPLATE = r"""# msc TAB completion, generated by `msc completion` from msc's own declarations.
_msc_names_file={names_file}

_msc_commands() {{
    case "$1" in
{commands}
    esac
}}

_msc_options() {{  # sets options, takes (options with a value) and repeats (options that may repeat)
    options=(); takes=(); repeats=()
    case "$1" in
{options}
    esac
}}

_msc_value() {{  # the values of option $2 of command $1
    case "$1 $2" in
{values}
        *) return 1 ;;
    esac
}}

_msc_argument() {{  # the values of the command's argument at position $2
    case "$1 $2" in
{arguments}
        *) return 1 ;;
    esac
}}

_msc_reply() {{  # the words that start with the current word, quoted for the command line (a name from a
    # data directory may hold a space, a ';' or a '*': it goes onto the line as one word, never as code or a glob)
    local word quoted
    for word in "$@"; do
        if [[ $word == "$cur"* ]]; then
            printf -v quoted '%q' "$word"
            COMPREPLY+=("$quoted")
        fi
    done
    return 0
}}

_msc_names() {{  # the catalogue's names of a kind; msc itself answers where a data directory may add its own
    local kind value first=1 words=()
    if [[ -n $MSC_DATA_DIR || " ${{COMP_WORDS[*]}} " == *" --data-dir"* || ! -r $_msc_names_file ]]; then
        _msc_ask
        return 0
    fi
    while IFS=$'\t' read -r kind value; do
        if (( first )); then first=0; continue; fi  # the checksum line
        [[ $kind == "$1" ]] && words+=("$value")
    done < "$_msc_names_file"
    if [[ $1 == country && $cur =~ [a-z] && ! $cur =~ [A-Z] ]]; then
        # a lower-case start gets lower-case codes (--country takes any case)
        local lowered=() one
        while IFS= read -r one; do
            lowered+=("$one")
        done < <(printf '%s\n' "${{words[@]}}" | tr '[:upper:]' '[:lower:]')
        words=("${{lowered[@]}}")
    fi
    _msc_reply "${{words[@]}}"
}}

_msc_ask() {{  # msc's own answer, as Typer's completion gives it: a line a word, read as it is (no globbing)
    local one quoted
    while IFS= read -r one; do
        [[ -z $one ]] && continue
        printf -v quoted '%q' "$one"
        COMPREPLY+=("$quoted")
    done < <(env COMP_WORDS="${{COMP_WORDS[*]}}" COMP_CWORD=$COMP_CWORD _MSC_COMPLETE=complete_bash msc)
}}

_msc_completion() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} prev="" command="" word i position=0 seen=" "
    local options takes repeats
    COMPREPLY=()
    _msc_options ""
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word=${{COMP_WORDS[i]}}
        if [[ $word == -* ]]; then
            seen+="$word "
            if [[ " ${{takes[*]}} " == *" $word "* ]]; then
                if (( i + 1 == COMP_CWORD )); then prev=$word; fi
                (( i++ ))
            fi
        elif [[ " $(_msc_commands "$command") " == *" $word "* ]]; then
            command=${{command:+$command }}$word
            _msc_options "$command"
            seen=" "
        else
            (( position++ ))
        fi
    done
    if [[ -n $prev ]]; then
        _msc_value "$command" "$prev" || _msc_value "" "$prev"
        return 0
    fi
    if [[ $cur == -* ]]; then
        local entry name given
        for entry in "${{options[@]}}"; do
            given=0
            for name in ${{entry//|/ }}; do
                [[ $seen == *" $name "* ]] && given=1
            done
            if (( given )) && [[ " ${{repeats[*]}} " != *" $entry "* ]]; then
                continue
            fi
            for name in ${{entry//|/ }}; do
                [[ $name == "$cur"* ]] && COMPREPLY+=("$name")
            done
        done
        return 0
    fi
    local names
    names=$(_msc_commands "$command")
    if [[ -n $names ]]; then
        for word in $names; do
            [[ $word == "$cur"* ]] && COMPREPLY+=("$word")
        done
        return 0
    fi
    _msc_argument "$command" "$position"
    return 0
}}

complete -o default -F _msc_completion msc
"""
