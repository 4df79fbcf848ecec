"""Work a rebuild hands to a forked process, so that both cores of a small machine are busy.

``forked`` runs named jobs in one forked worker, in the order given, while the caller goes
on; each job is a function and its arguments, which the child sees through the fork (large
sets of N-Triples lines are not pickled, only the results come back).  Without fork, or with
one core, each job runs in this process when its result is first asked for.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

Job = tuple[Callable[..., Any], tuple[Any, ...]]

_JOBS: dict[str, Job] = {}


@contextmanager
def forked(jobs: dict[str, Job], parallel: bool) -> Iterator[dict[str, Callable[[], Any]]]:
    """Start ``jobs`` (name -> (function, arguments)); yields name -> a function giving its result
    (waiting for it).  Results are only to be asked for inside the ``with`` block."""
    if not jobs or not parallel or "fork" not in multiprocessing.get_all_start_methods():
        yield {name: _later(function, args) for name, (function, args) in jobs.items()}
        return
    _JOBS.update(jobs)  # before the first submit: the worker is forked then, and sees them
    executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    try:
        futures = {name: executor.submit(_run, name) for name in jobs}
        yield {name: future.result for name, future in futures.items()}
    finally:
        executor.shutdown(cancel_futures=True)
        _JOBS.clear()


def _run(name: str) -> Any:
    function, args = _JOBS[name]
    return function(*args)


def _later(function: Callable[..., Any], args: tuple[Any, ...]) -> Callable[[], Any]:
    done: list[Any] = []

    def result() -> Any:
        if not done:
            done.append(function(*args))
        return done[0]

    return result
