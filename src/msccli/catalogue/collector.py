"""Building many objects at once: a big batch of lots, a big data directory."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Bulk building of many small objects that make no reference cycles: the cyclic collector's passes, each
    over every object made so far, would otherwise take half the time or more."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
