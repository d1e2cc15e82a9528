"""`python -m msccli` runs the msc command line."""

from msccli.app import main

main()
