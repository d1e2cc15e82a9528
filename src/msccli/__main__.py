"""`python -m msccli` runs the msc command line."""

import sys

try:  # Ctrl-C while the entry point itself is imported: exit 130 quietly, as msccli.entry does after that
    from msccli.entry import main
except KeyboardInterrupt:
    sys.stderr.write("\n")
    sys.exit(130)

main()
