"""The catalogue: the data files and their typed records, loading (with a data directory laid over the bundled
data), validation, export, and the cache of a validated catalogue."""
