"""One writer at a time per graph folder.

Every command that changes a graph folder (``build``, ``add``, ``retract``, and the
server's SPARQL Update, which goes through ``newskg.folder.update.add``) holds an exclusive
``fcntl.flock`` on ``.<name>.lock`` beside the folder while it reads what it builds on
and commits.  The lock lives beside the folder, not in it, because a commit exchanges
the folder for a new one.  Readers take no lock: a commit swaps a whole new folder in
atomically (``store._swap_in``), so a reader sees the old folder or the new one.

A second writer waits up to ``--wait SECONDS`` (``DEFAULT_WAIT`` unless set), saying on
stderr that it waits and for which process, then fails with ``FolderLocked`` (exit 2).
The holder writes its pid into the lock file; the kernel drops the lock when the
holder dies, whatever state the file is left in.  The writer that gets the lock removes
the temporary sibling folders (``.<name>.new-*``, ``.<name>.old-*``) that a killed
writer left behind: while the lock is held nobody else can be writing them.
"""

from __future__ import annotations

import fcntl
import functools
import inspect
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from newskg.errors import FolderLocked

#: Seconds a writer waits for another one by default (``--wait`` overrides it).
DEFAULT_WAIT = 10.0
_POLL = 0.05
_settings = {"wait": DEFAULT_WAIT}
#: Locks this process holds: lock file -> (descriptor, depth); a holder may take it again.
_HELD: dict[Path, list[int]] = {}

F = TypeVar("F", bound=Callable[..., Any])


def lock_path(graph_dir: Path | str) -> Path:
    """The lock file of a graph folder (beside it: ``.<name>.lock``)."""
    graph_dir = Path(graph_dir).absolute()
    return graph_dir.parent / f".{graph_dir.name}.lock"


def set_wait(seconds: float | None) -> None:
    """How long writers of this process wait for the lock from now on (None: the default)."""
    _settings["wait"] = DEFAULT_WAIT if seconds is None else max(0.0, float(seconds))


def holder(graph_dir: Path | str) -> int | None:
    """The pid the current (or last) holder wrote into the lock file, if any."""
    try:
        text = lock_path(graph_dir).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


@contextmanager
def writing(graph_dir: Path | str, wait: float | None = None,
            echo: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the writer lock of ``graph_dir`` for the block (re-entrant within a process).

    Waits up to ``wait`` seconds (default: ``set_wait``'s value) for another writer,
    with one message through ``echo`` (default: stderr); then ``FolderLocked``.
    """
    path = lock_path(graph_dir)
    held = _HELD.get(path)
    if held is not None:
        held[1] += 1
        try:
            yield
        finally:
            held[1] -= 1
        return
    fd = _acquire(path, Path(graph_dir), _settings["wait"] if wait is None else wait, echo or _stderr)
    _HELD[path] = [fd, 1]
    try:
        remove_leftovers(Path(graph_dir))
        yield
    finally:
        del _HELD[path]
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _acquire(path: Path, graph_dir: Path, wait: float, echo: Callable[[str], None]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            pid = holder(graph_dir)
            if time.monotonic() >= deadline:
                os.close(fd)
                raise FolderLocked(graph_dir, pid, wait) from None
            if not told:
                who = f"process {pid}" if pid else "another newskg command"
                echo(f"note: {graph_dir} is being written by {who}; waiting up to {wait:g} s (--wait) ...")
                told = True
            time.sleep(_POLL)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    except OSError:  # a full disk: the lock holds all the same, only the pid is not told
        pass
    return fd


def remove_leftovers(graph_dir: Path) -> list[Path]:
    """Remove the temporary sibling folders of killed writers (call with the lock held)."""
    graph_dir = Path(graph_dir).absolute()
    removed = []
    if not graph_dir.parent.is_dir():
        return removed
    for pattern in (f".{graph_dir.name}.new-*", f".{graph_dir.name}.old-*"):
        for path in graph_dir.parent.glob(pattern):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def locks_folder(param: str, default: Callable[[], Path | str]) -> Callable[[F], F]:
    """Decorator: the function holds the writer lock of the folder named by its argument
    ``param`` (``default()`` when that is None) while it runs."""

    def wrap(function: F) -> F:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def locked(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind_partial(*args, **kwargs)
            folder = bound.arguments.get(param) or default()
            with writing(folder):
                return function(*args, **kwargs)

        return locked  # type: ignore[return-value]

    return wrap


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _set_wait_option(_ctx: click.Context, _param: click.Parameter, value: float | None) -> None:
    set_wait(value)


#: The ``--wait SECONDS`` option of the commands that write a graph folder.
wait_option = click.option(
    "--wait", type=click.FloatRange(min=0), default=None, expose_value=False, callback=_set_wait_option,
    metavar="SECONDS", help=f"How long to wait for another command writing the graph folder [default: {DEFAULT_WAIT:g}].")
