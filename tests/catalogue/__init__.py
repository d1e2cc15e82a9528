"""The catalogue package: data files, loading, validation, the cache, worker processes, regulatory facts."""
