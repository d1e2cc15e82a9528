"""A Ctrl-C that Python cannot raise where it lands (inside a finaliser) is still the user's interrupt."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
import msccli.app as app
from msccli import entry

class Finalised:
    def __del__(self):
        raise KeyboardInterrupt  # as a Ctrl-C landing while the collector finalises an object

def answer():
    Finalised()  # collected at once: Python reports the exception as unraisable and goes on
    sys.exit(2)

app.main = answer
entry.main()
"""


def test_an_interrupt_in_a_finaliser_exits_130_without_a_traceback() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (130, "\n")
