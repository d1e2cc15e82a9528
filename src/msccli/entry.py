"""The `msc` command's entry point. It imports nothing before it can answer Ctrl-C: an interrupt while msc starts
(importing Typer takes a moment) ends with exit 130 and the new line Click writes, never a traceback; and once msc
has finished, an interrupt while Python shuts down changes nothing."""

import sys


def main() -> None:
    try:
        from msccli.app import main as run

        run()
    except KeyboardInterrupt:
        from msccli.text.errors import EXIT_INTERRUPTED

        try:
            sys.stderr.write("\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the answer is written and its status known
        raise
