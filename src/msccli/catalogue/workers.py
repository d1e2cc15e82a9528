"""Many files of one folder parsed at once by worker processes, one per CPU.

A data directory of thousands of products is mostly YAML parsing, which one process does at one core's speed.
Workers are forked, so they start at once with msc already imported;
where forking is not offered or not safe (Windows, macOS) or there is one CPU, or for a few hundred files, which
one process parses sooner than workers start, nothing changes. A file a worker could not parse is handed back
unparsed: the caller parses it itself, so every error is raised, and reported, where it always was.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from itertools import repeat

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from concurrent.futures import ProcessPoolExecutor
    from typing import Any

PARALLEL_FROM = 400  # files
TASK = 100  # files a task: enough to spread the work evenly, few enough that passing the results costs little


def parsed(parse: Callable[[str, str], Any], folder: str, names: list[str]) -> Iterator[tuple[bool, Any]]:
    """For each name, in order: (True, parse(folder, name)) when a worker parsed it, else (False, None).

    `parse` must be a module-level function (workers find it by name). The results come as the tasks finish, in
    order, so a caller that uses each as it comes never holds them all."""
    done = 0
    pool = _pool(len(names))
    if pool is not None:
        tasks = [names[i : i + TASK] for i in range(0, len(names), TASK)]
        try:
            for results in pool.map(_task, repeat(parse), repeat(folder), tasks):
                # marshal: from a worker forked from this process, so the same Python, and our own values
                for result in marshal.loads(results) if isinstance(results, bytes) else results:  # noqa: S302
                    yield result
                    done += 1
        except Exception:  # noqa: S110 - a worker killed (out of memory), a result that would not pickle: the rest are parsed here
            pass
        finally:
            # after Ctrl-C and after the caller's error too: the tasks not started are dropped; a pipe to a worker
            # already gone is no error of the user's
            with contextlib.suppress(OSError):
                pool.shutdown(wait=True, cancel_futures=True)
    for _ in names[done:]:
        yield False, None


def _pool(files: int) -> ProcessPoolExecutor | None:
    if files < PARALLEL_FROM or sys.platform in ("win32", "darwin"):  # macOS: fork is unsafe with its frameworks
        return None
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cpus < 2:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    for stream in (sys.stdout, sys.stderr):  # a forked worker flushes what it inherited when it ends
        stream.flush()
    try:
        return ProcessPoolExecutor(cpus, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start)
    except OSError:
        return None


def _worker_start() -> None:
    """Ctrl-C is the main process's to handle: a worker neither stops on it nor prints a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _task(parse: Callable[[str, str], Any], folder: str, names: list[str]) -> bytes | list[tuple[bool, Any]]:
    results: list[tuple[bool, Any]] = []
    for name in names:
        try:
            results.append((True, parse(folder, name)))
        except Exception:  # handed back: the main process parses it again and reports the error
            results.append((False, None))
    try:  # marshal writes plain values four times as fast as pickle, which passing the results would use
        return marshal.dumps(results)
    except ValueError:  # a value marshal does not take (a date): pickled
        return results
