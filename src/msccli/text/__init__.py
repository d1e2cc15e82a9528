"""Text for people: the languages msc speaks, Chinese script folding, matching what people type, and the errors
msc reports with their exit codes."""
