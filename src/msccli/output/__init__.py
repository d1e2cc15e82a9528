"""Output that knows formats and streams but nothing of MSCs: fields and views, the table/JSON/CSV/TSV/YAML/
Markdown writers, stdout and stderr, safe file writing, and the guard that shows all text literally."""
