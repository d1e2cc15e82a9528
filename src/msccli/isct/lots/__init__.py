"""Lot files for isct-check: lots read from CSV, TSV, YAML, JSON and FlowJo tables (batch, formats), one lot from
the command line's flags (flags), and big files checked a chunk at a time (stream)."""
