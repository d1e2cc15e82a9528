"""Cell lots against identity criteria: the criteria and their verdicts, lot files (CSV, TSV, YAML, JSON, FlowJo
tables) and FCS files."""
