"""The `msc` command's entry point. It imports nothing before it can answer Ctrl-C: an interrupt while msc starts
(importing Typer takes a moment) ends with exit 130 and the new line Click writes, never a traceback; and once msc
has finished, an interrupt while Python shuts down changes nothing."""

import signal
import sys

_interrupted: list[int] = []


def _on_interrupt(signum: int, frame: object) -> None:
    """As Python's own handler (KeyboardInterrupt), remembering that it came: an interrupt inside an import can
    surface as another exception (a module left half made), which is still the user's Ctrl-C, not a bug."""
    _interrupted.append(signum)
    raise KeyboardInterrupt


def _unraisable(info: "sys.UnraisableHookArgs") -> None:
    """A Ctrl-C that lands in a finaliser (an object collected mid-import) cannot propagate: Python would print
    its traceback and go on. It is still the user's interrupt: remembered, and answered with exit 130 below."""
    if isinstance(info.exc_value, KeyboardInterrupt):
        _interrupted.append(signal.SIGINT)
        return
    sys.__unraisablehook__(info)


def main() -> None:
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_interrupt)
    sys.unraisablehook = _unraisable
    try:
        from msccli.app import main as run

        run()
    except SystemExit as exc:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the answer is written and its status known
        if _interrupted and exc.code != 130:  # an interrupt something swallowed on the way: still an interrupt
            _interrupt_exit()
        raise
    except BaseException as exc:
        if not isinstance(exc, KeyboardInterrupt) and not _interrupted:
            raise
        _interrupt_exit()


def _interrupt_exit() -> None:
    from msccli.text.errors import EXIT_INTERRUPTED

    try:
        sys.stderr.write("\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    sys.exit(EXIT_INTERRUPTED)
