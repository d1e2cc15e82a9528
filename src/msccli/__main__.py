"""`python -m msccli` runs the msc command line."""

from .cli import app

app(prog_name="msc")
