"""`python -m msccli` runs the msc command line."""

from msccli.entry import main

main()
