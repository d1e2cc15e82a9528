"""`python -m msccli` runs the msc command line."""

from .launch import main

main()
