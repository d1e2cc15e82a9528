"""The `msc` command: a TAB completion is answered from the completion index, and a data-format lookup from the
index of quick answers, without starting Typer (completion.py, quick.py); everything else goes to the command line
(cli.py)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    shell = os.environ.get("_MSC_COMPLETE", "")
    if shell in ("complete_bash", "complete_zsh", "complete_fish"):
        from .completion import answer

        found = answer(shell, os.environ)
        if found is not None:
            text, code = found
            if not (shell == "complete_fish" and os.environ.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args"):
                sys.stdout.write(text + "\n")
            sys.stdout.flush()
            sys.exit(code)
    from . import quick
    from .streams import utf8_argv

    answered = quick.answer(utf8_argv(), os.environ)
    if answered is not None:
        sys.exit(answered)
    from .cli import app

    app(prog_name="msc")
