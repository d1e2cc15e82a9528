"""msc completion: a TAB-completion script for bash, zsh or fish, generated from the app's own declarations, that
answers without starting Python. Fixed choices are written into the script; the catalogue's names (product ids,
countries, reference ids, criteria profiles) are read from a plain file msc keeps beside its cache, found when the
script runs (MSC_CACHE_DIR, else XDG_CACHE_HOME or ~/.cache), so one copy serves every user of a machine. Where only
msc knows the answer (a data directory of the user's, no names file yet), the script asks msc, as Typer's own
script does."""

import shlex
from pathlib import Path
from typing import Annotated, Any

import typer

from msccli.commands.common import (
    ForceOpt,
    LangOpt,
    complete_countries,
    complete_products,
    complete_profiles,
    complete_refs,
    complete_sheets,
    family,
    one_file_option,
    write_answer,
)
from msccli.text.errors import unknown_choice

cli = family()

SHELLS = ("bash", "zsh", "fish")
ZSH_PREAMBLE = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"


def complete_shells(incomplete: str) -> list[str]:
    return [s for s in SHELLS if s.startswith(incomplete)]


@cli.command()
def completion(
    ctx: typer.Context,
    shell: Annotated[str, typer.Argument(metavar="SHELL", help="bash, zsh or fish.", autocompletion=complete_shells)],
    output: Annotated[Path | None, one_file_option("Write the script into FILE, not to stdout")] = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """A TAB-completion script for bash, zsh or fish that answers without starting msc.

    Put it in your shell's start-up file. The script holds no user's folder: it
    finds the names msc keeps beside its cache when it runs, so a copy installed for every user works for each.

    \b
    Examples:
      echo 'eval "$(msc completion bash)"' >> ~/.bashrc
      echo 'eval "$(msc completion zsh)"' >> ~/.zshrc
      echo 'msc completion fish | source' >> ~/.config/fish/config.fish
    """
    import sys

    from msccli.catalogue import catalog

    chosen = shell.strip().casefold()
    if chosen not in SHELLS:
        raise unknown_choice(shell, list(SHELLS), "SHELL")
    catalog.default()  # writes the names file the script reads, if it is not there yet
    group = ctx.find_root().command
    script = fish_script(group) if chosen == "fish" else bash_script(group)
    if chosen == "zsh":  # zsh runs bash's completion functions through its bashcompinit
        script = ZSH_PREAMBLE + script
    if write_answer(output, script, chosen, force):
        return
    sys.stdout.write(script)


# -- the script ---------------------------------------------------------------------------------------------

# completion callbacks whose values are the catalogue's names, by the kind the names file calls them
NAMED = {
    complete_products: "product",
    complete_countries: "country",
    complete_refs: "ref",
    complete_profiles: "profile",
}
WITH_FILES = {complete_sheets}  # completion callbacks whose words stand beside file names


def _commands(group: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Every command by its path ('products', 'data export'), and each group's commands by the group's path."""
    with group.make_context("msc", [], resilient_parsing=True) as ctx:
        commands: dict[str, Any] = dict(group.all_commands(ctx))
        groups = {"": list(group.list_commands(ctx))}
    for name, command in list(commands.items()):
        for sub_name, sub in getattr(command, "commands", {}).items():
            commands[f"{name} {sub_name}"] = sub
    for path, command in commands.items():
        if hasattr(command, "commands"):
            groups[path] = list(command.commands)
    return commands, groups


def bash_script(group: Any) -> str:
    """The whole script: tables generated from the app's commands (`group`, msc's Click group), then the fixed
    functions that read them."""
    commands, groups = _commands(group)
    with group.make_context("msc", [], resilient_parsing=True) as root:
        contexts = {"": root, **{path: _context(command, root) for path, command in commands.items()}}
        options = [_options_case(path, contexts[path]) for path in contexts]
        values = [_values_case(path, contexts[path]) for path in contexts]
        arguments = [_arguments_case(path, contexts[path]) for path in commands]
    return TEMPLATE.format(
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
    found = _choices(param)
    if found is None:
        return ""
    kind, words = found
    if kind == "names":
        return f"_msc_names {words[0]}"
    return f"_msc_reply {_words(words)}" + ("; _msc_files" if kind == "words and files" else "")


def _choices(param: Any) -> tuple[str, list[str]] | None:
    """A value's choices: ("names", [kind]) for the catalogue's names of a kind, ("words", [...]) for fixed words
    ("words and files" where file names fit too: --sheet example or a sheet), None where the shell completes file
    names."""
    complete = getattr(param, "_custom_shell_complete", None)
    if complete is None:
        return None
    original = _original_completer(complete)
    if original in NAMED:
        return "names", [NAMED[original]]
    found = complete(None, param, "")
    words = [getattr(item, "value", str(item)) for item in found]
    return ("words and files" if original in WITH_FILES else "words"), words


def _original_completer(complete: Any) -> Any:
    """The function given as autocompletion=..., behind Typer's wrapper."""
    import inspect

    for cell in getattr(complete, "__closure__", None) or ():
        if callable(cell.cell_contents):
            found = inspect.unwrap(cell.cell_contents)
            if found in NAMED or found in WITH_FILES:
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
# msc keeps the catalogue's names beside its cache, found as msc finds it (this script holds no user's folder)
_msc_names_file() {{
    printf '%s' "${{MSC_CACHE_DIR:-${{XDG_CACHE_HOME:-$HOME/.cache}}/msc}}/completion-names.tsv"
}}

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

_msc_files() {{  # the file and folder names that start with the current word, as bash's own completion gives them
    local one
    while IFS= read -r one; do
        COMPREPLY+=("$one")
    done < <(compgen -f -- "$cur")
    compopt -o filenames 2>/dev/null
    return 0
}}

_msc_names() {{  # the catalogue's names of a kind; msc itself answers where a data directory may add its own
    local kind value first=1 words=() names_file
    names_file=$(_msc_names_file)
    if [[ -n $MSC_DATA_DIR || " ${{COMP_WORDS[*]}} " == *" --data-dir"* || ! -r $names_file ]]; then
        _msc_ask
        return 0
    fi
    while IFS=$'\t' read -r kind value; do
        if (( first )); then first=0; continue; fi  # the checksum line
        [[ $kind == "$1" ]] && words+=("$value")
    done < "$names_file"
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


# -- fish: the same tables, as fish's own `complete` declarations --------------------------------------------


def fish_script(group: Any) -> str:
    """A fish script: a `complete` line per command, option and argument, each under the condition that the line
    is in that command (__msc_in), with the first sentence of its help as fish's description."""
    commands, groups = _commands(group)
    lines = []
    with group.make_context("msc", [], resilient_parsing=True) as root:
        contexts = {"": root, **{path: _context(command, root) for path, command in commands.items()}}
        takes = {path: _taking(ctx) for path, ctx in contexts.items()}
        for path, ctx in contexts.items():
            condition = f"-n {_fq(f'__msc_in {_fq(path)}')}"
            for name in groups.get(path, []):
                command = commands[f"{path} {name}".strip()]
                lines.append(f"complete -c msc {condition} -f -a {_fq(name)} -d {_fq(_sentence(command.help))}")
            for param in ctx.command.get_params(ctx):
                if param.param_type_name == "option" and not param.hidden:
                    lines.append(f"complete -c msc {condition} {_fish_option(param)}")
                elif param.param_type_name == "argument":
                    values = _fish_values(param)
                    if values:
                        lines.append(f"complete -c msc {condition} -f {values}")
    return FISH_TEMPLATE.format(
        subcommands="\n".join(
            f"        case {_fq(path)}\n            printf '%s\\n' {' '.join(map(_fq, names))}"
            for path, names in groups.items()
        ),
        takes="\n".join(
            f"        case {_fq(path)}\n            printf '%s\\n' {' '.join(map(_fq, names))}"
            for path, names in takes.items()
            if names
        ),
        completions="\n".join(lines),
    )


def _taking(ctx: Any) -> list[str]:
    return [
        opt
        for param in ctx.command.get_params(ctx)
        if param.param_type_name == "option" and not param.is_flag
        for opt in param.opts
    ]


def _fish_option(param: Any) -> str:
    names = [f"-l {name[2:]}" if name.startswith("--") else f"-s {name[1:]}" for name in param.opts]
    parts = [*names]
    if not param.is_flag:
        parts.append("-r")
        values = _fish_values(param)
        if values:  # only these words, or (--sheet) these and file names
            parts += [values] if _choices(param)[0] == "words and files" else ["-f", values]  # type: ignore[index]
    if param.help:
        parts += ["-d", _fq(_sentence(param.help))]
    return " ".join(parts)


def _fish_values(param: Any) -> str:
    found = _choices(param)
    if found is None:
        return ""
    kind, words = found
    if kind == "names":
        return f"-a {_fq(f'(__msc_names {words[0]})')}"
    return f"-a {_fq(' '.join(map(_fq, words)))}"  # fish reads -a's text as words: each one quoted


def _sentence(text: str | None) -> str:
    """The first sentence of a help text, on one line."""
    from typer._click.utils import make_default_short_help

    return make_default_short_help(text or "", max_length=10_000)


def _fq(text: str) -> str:
    """A word in fish's single quotes (a backslash and a quote escaped, nothing else special)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


FISH_TEMPLATE = r"""# msc TAB completion for fish, generated by `msc completion fish` from msc's own declarations.

function __msc_names_file  # beside msc's cache, found as msc finds it (this script holds no user's folder)
    if test -n "$MSC_CACHE_DIR"
        echo "$MSC_CACHE_DIR/completion-names.tsv"
    else if test -n "$XDG_CACHE_HOME"
        echo "$XDG_CACHE_HOME/msc/completion-names.tsv"
    else
        echo "$HOME/.cache/msc/completion-names.tsv"
    end
end

function __msc_subcommands  # the commands of group $argv[1] ('' is msc itself)
    switch "$argv[1]"
{subcommands}
    end
end

function __msc_takes  # the options of command $argv[1] that take a value
    switch "$argv[1]"
{takes}
    end
end

function __msc_command  # the command the line is in: '', products, 'data export'
    set -l command ''
    set -l skip 0
    for word in (commandline -opc)[2..-1]
        if test $skip -eq 1
            set skip 0
        else if string match -q -- '-*' $word
            contains -- $word (__msc_takes "$command"); and set skip 1
        else if contains -- $word (__msc_subcommands "$command")
            set command (string trim -- "$command $word")
        end
    end
    echo $command
end

function __msc_in
    set -l command (__msc_command)
    test "$command" = "$argv[1]"
end

function __msc_names  # the catalogue's names of a kind; msc itself answers where a data directory may add its own
    set -l file (__msc_names_file)
    if test -n "$MSC_DATA_DIR"; or contains -- --data-dir (commandline -opc); or not test -r "$file"
        __msc_ask
        return
    end
    set -l current (commandline -ct)
    set -l lower  # a lower-case start gets lower-case codes (--country takes any case)
    string match -qr '[a-z]' -- $current; and not string match -qr '[A-Z]' -- $current; and set lower 1
    set -l first 1
    while read -l line
        if test $first -eq 1  # the checksum line
            set first 0
            continue
        end
        set -l parts (string split -m 1 \t -- $line)
        if test "$parts[1]" = "$argv[1]"
            if test "$argv[1]" = country; and test -n "$lower"
                string lower -- $parts[2]
            else
                echo $parts[2]
            end
        end
    end < $file
end

function __msc_ask  # msc's own answer, as Typer's completion for fish gives it
    env _MSC_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=(commandline -cp) msc
end

{completions}
"""
