"""A pool of worker processes that can be stopped: the hard time limit of a query.

Each worker (``newskg.web.worker.worker_main``) is a process started from a fork
server, loads the graph once and answers one task at a time over its own pipe.
``WorkerPool.run`` takes an idle worker, sends the task and waits for the answer
at most ``timeout`` seconds.  When the time is up the worker is killed (SIGKILL:
rdflib's evaluation cannot be interrupted any other way), a replacement is
started in the background, and the caller gets ``QueryTimeout``; the other
workers keep serving meanwhile.

A replacement that fails to start (the graph folder briefly unreadable) is tried
again with back-off (``RESTART_DELAYS``) until it starts: the pool never stays
empty for good.  While no worker is loaded and restarting is failing, a request
gets ``WorkerFailed`` (503) at once instead of waiting; a replacement that is just
loading (after a time-out) is waited for.  ``health()`` tells the state.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import multiprocessing.connection
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.process import BaseProcess
from typing import Any

from newskg.web.worker import WorkerConfig, worker_main

#: Seconds between attempts to start a replacement worker (the last one repeats).
RESTART_DELAYS = (0.2, 0.5, 1.0, 2.0, 4.0)
#: How often a waiting request looks whether the pool still has a loaded worker.
_WAIT_SLICE = 0.25


class PoolError(Exception):
    """The pool could not answer; carries the HTTP status to give."""

    status = 503


class QueryTimeout(PoolError):
    """The task ran longer than the time limit and its worker was stopped."""


class PoolBusy(PoolError):
    """No worker became free in time."""


class WorkerFailed(PoolError):
    """A worker could not start or died while running a task."""


def _context() -> Any:
    try:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["newskg.web.worker"])
        return ctx
    except ValueError:  # platforms without fork
        return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, ctx: Any, config: WorkerConfig, generation: int) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.process: BaseProcess = ctx.Process(target=worker_main, args=(child, config, generation), daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.conn.close()
        with contextlib.suppress(Exception):
            self.process.join(timeout=5)


class WorkerPool:
    """``size`` worker processes answering tasks under a hard time limit."""

    def __init__(self, config: WorkerConfig, size: int = 2, timeout: float = 10.0,
                 queue_timeout: float | None = None, start_timeout: float = 120.0) -> None:
        self.config = config
        self.size = max(1, size)
        self.timeout = timeout
        self.queue_timeout = queue_timeout if queue_timeout is not None else max(30.0, 3 * timeout)
        self.start_timeout = start_timeout
        self.generation = 0
        self.triples = 0
        self._ctx = _context()
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        # One thread per worker waits on its pipe (a blocked recv ends when the worker is killed).
        self._threads = ThreadPoolExecutor(max_workers=self.size + 2, thread_name_prefix="newskg-pool")
        self._closed = False
        self._starting: set[asyncio.Task[None]] = set()
        #: Workers that have loaded the graph and not been dropped (idle or busy).
        self._ready: set[_Worker] = set()
        self.last_error: str | None = None

    async def start(self) -> None:
        """Start every worker and wait until each has loaded the graph."""
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    async def _spawn(self) -> None:
        loop = asyncio.get_running_loop()
        worker = _Worker(self._ctx, self.config, self.generation)
        self._all.add(worker)
        try:
            message = await asyncio.wait_for(loop.run_in_executor(self._threads, worker.conn.recv), self.start_timeout)
        except (asyncio.TimeoutError, EOFError, OSError) as exc:
            self._drop(worker)
            raise WorkerFailed(f"a query worker did not start ({type(exc).__name__}).") from None
        if message[0] != "ready":
            self._drop(worker)
            raise WorkerFailed(str(message[1]))
        self.triples = int(message[1])
        if self._closed:
            self._drop(worker)
            return
        self._ready.add(worker)
        self._idle.put_nowait(worker)

    def _drop(self, worker: _Worker) -> None:
        self._all.discard(worker)
        self._ready.discard(worker)
        worker.kill()

    def _replace(self, worker: _Worker) -> None:
        self._drop(worker)
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._respawn())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def _respawn(self) -> None:
        """Start a replacement, again and again with back-off until one starts or the pool closes."""
        attempt = 0
        while not self._closed:
            try:
                await self._spawn()
                self.last_error = None
                return
            except WorkerFailed as exc:
                self.last_error = str(exc)
            await asyncio.sleep(RESTART_DELAYS[min(attempt, len(RESTART_DELAYS) - 1)])
            attempt += 1

    def health(self) -> dict[str, Any]:
        """The pool's state: "ok" while at least one worker is loaded, else "down"."""
        ready = len(self._loaded())
        return {"status": "ok" if ready else "down", "workers": self.size, "ready": ready,
                "restarting": len(self._starting), "last_error": self.last_error}

    def _down(self) -> WorkerFailed:
        reason = f" ({self.last_error})" if self.last_error else ""
        return WorkerFailed(f"no query worker is running: they are being restarted{reason}; try again in a few seconds.")

    async def _take(self) -> _Worker:
        """An idle, living worker; WorkerFailed at once while none is loaded and restarts fail,
        PoolBusy after queue_timeout.

        First come, first served: one ``get`` of the idle queue waits from the first slice to
        the last, keeping its place among the waiters (a ``get`` cancelled and made anew at each
        slice would go to the back of the line every time, and an unlucky request could wait
        the whole queue_timeout behind ones that came later)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.queue_timeout
        getter: asyncio.Future[_Worker] | None = asyncio.ensure_future(self._idle.get())
        try:
            while True:
                assert getter is not None
                if not getter.done():
                    if not self._loaded() and self.last_error is not None:
                        raise self._down()  # restarts are failing: say so now (a replacement on its way is waited for)
                    left = deadline - loop.time()
                    if left <= 0:
                        raise PoolBusy(f"the server is busy: no query worker became free within {self.queue_timeout:g} s; "
                                       "try again later.")
                    await asyncio.wait({getter}, timeout=min(_WAIT_SLICE, left))
                    continue
                worker = getter.result()
                getter = None
                if worker in self._ready:
                    if worker.process.is_alive():
                        return worker
                    self._replace(worker)  # died while idle: replace it, take another
                # else dropped meanwhile; its replacement is on its way
                getter = asyncio.ensure_future(self._idle.get())
        finally:
            if getter is not None:  # leaving without a worker
                if getter.done() and not getter.cancelled():
                    self._idle.put_nowait(getter.result())  # one came just now: it stays idle for the next
                else:
                    getter.cancel()  # Queue.get is cancellation-safe: nothing is lost

    def _loaded(self) -> list[_Worker]:
        """The loaded workers still alive; a dead one (killed, out of memory) is replaced now."""
        for worker in [w for w in self._ready if not w.process.is_alive()]:
            self._replace(worker)
        return list(self._ready)

    async def run(self, task: dict[str, Any], timeout: float | None = None) -> Any:
        """Run ``task`` on a free worker; its value, or ("error", status, message)."""
        loop = asyncio.get_running_loop()
        worker = await self._take()
        limit = self.timeout if timeout is None else timeout
        try:
            worker.conn.send((self.generation, task))
            reply = await asyncio.wait_for(loop.run_in_executor(self._threads, worker.conn.recv), limit)
        except asyncio.TimeoutError:
            self._replace(worker)
            raise QueryTimeout(f"the query ran longer than the time limit of {limit:g} s and was stopped; "
                               "make it more selective (LIMIT, fewer property paths) or ask the operator "
                               "to raise --timeout.") from None
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise WorkerFailed("the query worker stopped unexpectedly (out of memory?); try a smaller query.") from None
        except BaseException:
            self._replace(worker)
            raise
        self._idle.put_nowait(worker)
        if reply[0] == "ok":
            return reply[1]
        return reply

    def reload(self) -> None:
        """Make every worker reload the graph before its next task (after an update)."""
        self.generation += 1

    async def close(self) -> None:
        self._closed = True
        for task in list(self._starting):
            task.cancel()
        for worker in list(self._all):
            self._drop(worker)
        self._threads.shutdown(wait=False, cancel_futures=True)
