"""Load benchmark of `newskg serve` (bench/README.md, "Endpoint load").

Starts the server in a second process on a free loopback port, then runs CLIENTS
concurrent clients that call the stored queries (GET /queries/NAME) for DURATION
seconds, while one slow query (a pathological property path) is sent alongside
and must be cut off at the server's time limit.  Bounded in time (DURATION) and
count (MAX_REQUESTS).  Prints throughput, p50/p99 latency and the slow query's fate.

    .venv/bin/python bench/load.py [--graph graph/] [--clients 16] [--duration 30] [--timeout 10]

Without a built graph folder it builds one from articles/ into a temporary folder.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_REQUESTS = 200_000
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x>|!<urn:x>)* ?b . ?c (<urn:x>|!<urn:x>)* ?d . "
        "?e (<urn:x>|!<urn:x>)* ?f }")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server stopped during start-up")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def get(port: int, path: str, timeout: float = 120) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", default=str(ROOT / "graph"))
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()

    graph = Path(args.graph)
    scratch = None
    if not (graph / "asserted.ttl").is_file():
        scratch = tempfile.TemporaryDirectory(prefix="newskg-bench-")
        graph = Path(scratch.name) / "graph"
        subprocess.run([sys.executable, "-m", "newskg", "build", "--out", str(graph), "-q"], check=True, cwd=ROOT)

    port = free_port()
    command = [sys.executable, "-m", "newskg", "serve", "--graph", str(graph), "--port", str(port),
               "--timeout", str(args.timeout)]
    if args.workers:
        command += ["--workers", str(args.workers)]
    server = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        wait_for(port, server)
        status, body = get(port, "/queries")
        names = [q["name"] for q in json.loads(body) if not q["parameters"] or q["name"] in ("evidence", "facts-about")]
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + args.duration
        slow: dict[str, float | int] = {}

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
                    code, _ = get(port, f"/queries/{urllib.parse.quote(name)}")
                except OSError as exc:
                    code = -1
                    with lock:
                        errors.append(f"{name}: {exc}")
                elapsed = time.monotonic() - start
                with lock:
                    if code == 200:
                        latencies.append(elapsed)
                    elif code != -1:
                        errors.append(f"{name}: HTTP {code}")

        def slow_client() -> None:
            start = time.monotonic()
            code, body = get(port, "/sparql?" + urllib.parse.urlencode({"query": SLOW}))
            slow.update(status=code, seconds=time.monotonic() - start)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        slow_thread = threading.Thread(target=slow_client)
        began = time.monotonic()
        slow_thread.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        slow_thread.join()
        wall = time.monotonic() - began
        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
        print(f"clients: {args.clients}, duration: {args.duration:g} s, queries: {len(names)} stored queries in turn")
        print(f"requests: {len(latencies)} ok, {len(errors)} errors")
        print(f"throughput: {len(latencies) / wall:.1f} requests/s")
        if latencies:
            print(f"latency: p50 {p(0.50):.0f} ms, p99 {p(0.99):.0f} ms, mean {statistics.mean(latencies) * 1000:.0f} ms")
        print(f"slow query: HTTP {slow.get('status')} after {slow.get('seconds', 0):.1f} s (time limit {args.timeout:g} s)")
        for line in errors[:5]:
            print("error:", line)
        if errors or slow.get("status") != 503:
            sys.exit(1)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        if scratch is not None:
            scratch.cleanup()


if __name__ == "__main__":
    main()
