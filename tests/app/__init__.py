"""The whole program as a user meets it: help, completion, docs, packaging, robustness, the house's contract."""
