"""Load benchmark of `newskg serve` (bench/README.md, "Endpoint load"), issue 15's Done-when.

Serves a copy of the graph folder with ``newskg serve`` in a second process on a free
loopback port and runs four phases, each bounded in time and in count:

1. *baseline*: CLIENTS concurrent clients call the stored queries in turn
   (``GET /queries/NAME``) for DURATION seconds;
2. *contention*: the same, while SLOW_CLIENTS more clients send a slow query (a cross
   product of ``(<urn:x>|!<urn:x>)*`` property paths) again and again; the bar is that
   the small queries' p99 stays under 2x their baseline p99;
3. *body*: a BODY_MB MB ``POST /sparql`` with a Content-Length, and one sent chunked, while
   the resident memory of the server (its main process, and the whole process tree) is
   sampled every 20 ms; the bar is 413 for both and the server growing by less than 100 MB;
4. *outage*: the graph folder is moved away, both query workers are killed (SIGKILL), the
   folder comes back after OUTAGE seconds; the bar is a stored query answered again within
   10 s of the folder's return (requests during the outage must get a quick 503, no hang).

    .venv/bin/python bench/load.py [--graph graph/] [--clients 16] [--slow-clients 2]
        [--duration 30] [--timeout 5] [--body-mb 200] [--outage 3] [--phases baseline,contention,body,outage]

Without a built graph folder it builds one from articles/ into a temporary folder.  Linux
only (memory and the worker processes are read from /proc).  Exits 1 when a bar is missed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MAX_REQUESTS = 200_000
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x>|!<urn:x>)* ?b . ?c (<urn:x>|!<urn:x>)* ?d . "
        "?e (<urn:x>|!<urn:x>)* ?f }")
MB = 1024 * 1024
#: What a request can fail with: the connection, or an answer that is no HTTP.
FAILURES = (OSError, http.client.HTTPException)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], limit: float = 300) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server stopped during start-up")
        try:
            status, _ = get(port, "/health", timeout=5)
            if status == 200:
                return
        except FAILURES:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not start")


def wait_ready(port: int, limit: float = 120) -> None:
    """Until every query worker is loaded (a worker stopped by the phase before is replaced)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            status, body = get(port, "/health", timeout=5)
            state = json.loads(body)
            if status == 200 and state.get("ready") == state.get("workers"):
                return
        except (FAILURES, ValueError):
            pass
        time.sleep(0.2)


def get(port: int, path: str, timeout: float = 120) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# ── /proc ───────────────────────────────────────────────────────────────────


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry))
    return found


def tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    result, todo = [], [pid]
    while todo:
        current = todo.pop()
        result.append(current)
        todo += children(current)
    return result


def rss(pid: int) -> int:
    """Resident memory of one process in bytes (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def query_workers(server: int) -> list[int]:
    """The query worker processes of the server: the children of its fork server."""
    servers = [p for p in children(server) if "forkserver" in cmdline(p)]
    return [w for f in servers for w in children(f)]


class MemorySampler:
    """Samples the server's resident memory (main process, whole tree) until stopped."""

    def __init__(self, pid: int, every: float = 0.02) -> None:
        self.pid, self.every = pid, every
        self.main_peak = self.tree_peak = 0
        self.main_start, self.tree_start = rss(pid), sum(rss(p) for p in tree(pid))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.main_peak = max(self.main_peak, rss(self.pid))
            self.tree_peak = max(self.tree_peak, sum(rss(p) for p in tree(self.pid)))
            time.sleep(self.every)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        time.sleep(0.3)  # the server's memory after the request, too
        self._stop.set()
        self._thread.join()


# ── phases ──────────────────────────────────────────────────────────────────


def small_load(port: int, names: list[str], clients: int, duration: float) -> dict[str, Any]:
    """CLIENTS closed-loop clients calling the stored queries in turn for ``duration`` s."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def client(index: int) -> None:
        i = index
        while time.monotonic() < stop_at:
            with lock:
                if len(latencies) + len(errors) >= MAX_REQUESTS:
                    return
            name = names[i % len(names)]
            i += 1
            start = time.monotonic()
            try:
                code, answer = get(port, f"/queries/{urllib.parse.quote(name)}")
            except FAILURES as exc:
                with lock:
                    errors.append(f"{name}: {exc}")
                continue
            elapsed = time.monotonic() - start
            with lock:
                if code == 200:
                    latencies.append(elapsed)
                else:
                    errors.append(f"{name}: HTTP {code} after {elapsed:.1f} s: {answer[:160].decode('utf-8', 'replace')}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - began
    latencies.sort()

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")

    return {"ok": len(latencies), "errors": errors, "rate": len(latencies) / wall, "p50": pct(0.50), "p99": pct(0.99),
            "max": latencies[-1] * 1000 if latencies else float("nan"),
            "mean": statistics.mean(latencies) * 1000 if latencies else float("nan")}


def contention(port: int, names: list[str], clients: int, slow_clients: int, duration: float) -> dict[str, Any]:
    """``small_load`` while ``slow_clients`` clients send the slow query over and over."""
    outcomes: list[tuple[int, float]] = []
    stop_at = time.monotonic() + duration
    lock = threading.Lock()

    def slow_client() -> None:
        while time.monotonic() < stop_at:
            start = time.monotonic()
            try:
                code, _ = get(port, "/sparql?" + urllib.parse.urlencode({"query": SLOW}))
            except FAILURES:
                code = -1
            with lock:
                outcomes.append((code, time.monotonic() - start))

    slow = [threading.Thread(target=slow_client) for _ in range(slow_clients)]
    for t in slow:
        t.start()
    time.sleep(0.5)  # the slow queries hold their lane before the small ones start
    result = small_load(port, names, clients, duration)
    for t in slow:
        t.join()
    result["slow"] = outcomes
    return result


def post_body(port: int, size: int, chunked: bool) -> dict[str, Any]:
    """POST ``size`` bytes to /sparql (a SPARQL comment), stopping when the server answers."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    sock.sendall((f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\n"
                  f"Accept: application/sparql-results+json\r\n{framing}\r\nConnection: close\r\n\r\n").encode())
    chunk = b"#" * MB
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk
    sent = 0
    started = time.monotonic()
    while sent < size:
        ready, _, _ = select.select([sock], [], [], 0)
        if ready:
            break  # the server answered before the end of the body
        try:
            sock.sendall(frame)
        except OSError:
            break
        sent += len(chunk)
    if sent >= size and chunked:
        with_end = b"0\r\n\r\n"
        try:
            sock.sendall(with_end)
        except OSError:
            pass
    answer = b""
    try:
        while b"\r\n" not in answer:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    except OSError:
        pass
    finally:
        sock.close()
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else -1
    return {"status": status, "sent_mb": sent / MB, "seconds": time.monotonic() - started}


def body_phase(port: int, pid: int, size_mb: int) -> dict[str, Any]:
    results = {}
    for chunked in (False, True):
        with MemorySampler(pid) as memory:
            answer = post_body(port, size_mb * MB, chunked)
        results["chunked" if chunked else "content-length"] = {
            **answer, "main_growth_mb": (memory.main_peak - memory.main_start) / MB,
            "tree_growth_mb": (memory.tree_peak - memory.tree_start) / MB,
            "main_mb": memory.main_start / MB, "tree_mb": memory.tree_start / MB}
    return results


def outage_phase(port: int, pid: int, graph: Path, outage: float, probe: str) -> dict[str, Any]:
    """Move the folder away, kill both workers, bring it back after ``outage`` s; time the return."""
    away = graph.with_name(graph.name + ".away")
    workers = query_workers(pid)
    during: list[tuple[int, float]] = []
    graph.rename(away)
    try:
        for worker in workers:
            os.kill(worker, signal.SIGKILL)
        until = time.monotonic() + outage
        while time.monotonic() < until:
            start = time.monotonic()
            try:
                code, _ = get(port, probe, timeout=60)
            except FAILURES:
                code = -1
            during.append((code, time.monotonic() - start))
            time.sleep(0.2)
    finally:
        away.rename(graph)
    back = time.monotonic()
    deadline = back + 60
    recovered = None
    while time.monotonic() < deadline:
        try:
            code, _ = get(port, probe, timeout=30)
        except FAILURES:
            code = -1
        if code == 200:
            recovered = time.monotonic() - back
            break
        time.sleep(0.1)
    return {"killed": len(workers), "during": during, "recovered": recovered,
            "workers_after": len(query_workers(pid))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", default=str(ROOT / "graph"))
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--slow-clients", type=int, default=2)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--body-mb", type=int, default=200)
    parser.add_argument("--outage", type=float, default=3.0)
    parser.add_argument("--phases", default="baseline,contention,body,outage")
    args = parser.parse_args()
    phases = set(args.phases.split(","))

    scratch = tempfile.TemporaryDirectory(prefix="newskg-load-")
    graph = Path(scratch.name) / "graph"
    source = Path(args.graph)
    if (source / "asserted.ttl").is_file():
        shutil.copytree(source, graph)  # the outage phase moves the folder: never the caller's
    else:
        subprocess.run([sys.executable, "-m", "newskg", "build", "--out", str(graph), "-q"], check=True, cwd=ROOT)

    port = free_port()
    command = [sys.executable, "-m", "newskg", "serve", "--graph", str(graph), "--port", str(port),
               "--timeout", str(args.timeout), "--quiet"]
    if args.workers:
        command += ["--workers", str(args.workers)]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failed = []
    try:
        wait_for(port, server)
        _, body = get(port, "/queries")
        names = [q["name"] for q in json.loads(body) if not q["parameters"] or q["name"] in ("evidence", "facts-about")]
        _, info = get(port, "/health")
        print(f"graph: {source if source.is_dir() else 'built from articles/'}, workers: {json.loads(info).get('workers')}, "
              f"time limit {args.timeout:g} s; small queries: {len(names)} stored queries in turn")
        base = None
        if "baseline" in phases:
            base = small_load(port, names, args.clients, args.duration)
            print(f"baseline: {args.clients} clients, {args.duration:g} s: {base['ok']} ok, {len(base['errors'])} errors, "
                  f"{base['rate']:.1f} req/s, p50 {base['p50']:.0f} ms, p99 {base['p99']:.0f} ms, max {base['max']:.0f} ms")
            if base["errors"]:
                failed.append("baseline errors: " + "; ".join(base["errors"][:3]))
        if "contention" in phases:
            wait_ready(port)
            load = contention(port, names, args.clients, args.slow_clients, args.duration)
            codes: dict[int, int] = {}
            for code, _ in load["slow"]:
                codes[code] = codes.get(code, 0) + 1
            slowest = max((s for _, s in load["slow"]), default=0.0)
            print(f"contention: {args.clients} clients + {args.slow_clients} slow clients, {args.duration:g} s: "
                  f"{load['ok']} ok, {len(load['errors'])} errors, {load['rate']:.1f} req/s, p50 {load['p50']:.0f} ms, "
                  f"p99 {load['p99']:.0f} ms, max {load['max']:.0f} ms; slow queries: {sum(codes.values())} sent, "
                  f"statuses {codes}, longest {slowest:.1f} s")
            if base is not None:
                ratio = load["p99"] / base["p99"]
                print(f"  small-query p99 with slow clients / without: {ratio:.2f}x (bar: under 2x)")
                if not ratio < 2:
                    failed.append(f"contention p99 {ratio:.2f}x the baseline")
            if load["errors"]:
                failed.append("contention errors: " + "; ".join(load["errors"][:3]))
        if "body" in phases:
            wait_ready(port)
            for kind, r in body_phase(port, server.pid, args.body_mb).items():
                print(f"body {args.body_mb} MB ({kind}): HTTP {r['status']} after {r['sent_mb']:.0f} MB sent, "
                      f"{r['seconds']:.2f} s; server memory {r['main_mb']:.0f} MB (tree {r['tree_mb']:.0f} MB), "
                      f"grew by {r['main_growth_mb']:.1f} MB (tree {r['tree_growth_mb']:.1f} MB)")
                if r["status"] != 413 or r["tree_growth_mb"] >= 100:
                    failed.append(f"body {kind}: HTTP {r['status']}, grew {r['tree_growth_mb']:.0f} MB")
        if "outage" in phases:
            wait_ready(port)
            r = outage_phase(port, server.pid, graph, args.outage, f"/queries/{names[0]}")
            statuses: dict[int, int] = {}
            for code, _ in r["during"]:
                statuses[code] = statuses.get(code, 0) + 1
            longest = max((s for _, s in r["during"]), default=0.0)
            recovered = "never (60 s)" if r["recovered"] is None else f"{r['recovered']:.1f} s"
            print(f"outage: folder away {args.outage:g} s, {r['killed']} workers killed; during it {len(r['during'])} "
                  f"requests, statuses {statuses}, longest {longest:.2f} s; answered again {recovered} after the "
                  f"folder came back; {r['workers_after']} workers running after")
            if r["recovered"] is None or r["recovered"] >= 10:
                failed.append(f"outage: answered again after {recovered}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        scratch.cleanup()
    for line in failed:
        print("MISSED:", line)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
