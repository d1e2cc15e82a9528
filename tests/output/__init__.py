"""The output layer: every format's contract and the golden outputs."""
