"""SHACL engines: pyshacl-turbo (the default) against pySHACL (the reference), same inputs.

    python bench/shacl_engines.py --triples 10000 100000 1000000 [--repeat 3]

For each input -- the shape test cases (tests/shapes/, all of them, one after the other), the
bundled articles' graph (graph/asserted.ttl) and synthetic graphs of the domain
(bench/synthetic_graph.py, seed 1) of the given sizes, each with three planted violations --
each engine runs ``newskg.rdf.validation.run_shacl`` in a process of its own (so its peak RSS is
its own) and reports the median wall and CPU time (CPU: what a shared machine does not
inflate), the verdict and a digest of its results (focus,
path, value, source shape, severity, message: what newskg reads of a result).  "same" is
true when both engines gave the same verdict and the same results.  Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NEWS = "https://newskg.dev/ontology#"


def _inputs(name: str) -> list:  # type: ignore[type-arg]
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF

    if name == "cases":
        return [Graph().parse(case, format="turtle") for case in sorted((ROOT / "tests" / "shapes").glob("*.test.ttl"))]
    if name == "bundled":
        return [Graph().parse(ROOT / "graph" / "asserted.ttl")]
    data = Graph().parse(name, format="nt")
    tenure = sorted(data.subjects(RDF.type, URIRef(NEWS + "Tenure")))[3]
    org = sorted(data.subjects(RDF.type, URIRef(NEWS + "SpaceAgency")))[0]
    data.add((tenure, URIRef("http://www.w3.org/ns/org#member"), org))
    evidence = sorted(data.subjects(RDF.type, URIRef(NEWS + "Evidence")))
    data.add((evidence[5], URIRef(NEWS + "charStart"), Literal("x")))
    data.remove((evidence[9], URIRef(NEWS + "article"), None))
    return [data]


def _shape_key(shapes, shape) -> str:  # type: ignore[no-untyped-def]
    from rdflib import BNode
    from rdflib.namespace import RDFS

    return str(shapes.value(shape, RDFS.label)) if isinstance(shape, BNode) else str(shape)


def worker(engine: str, name: str, repeat: int) -> None:
    """One engine on one input: JSON on stdout."""
    from newskg.folder.build import load_ontology, load_shapes
    from newskg.rdf.validation import results_of, run_shacl

    ontology, shapes = load_ontology(), load_shapes()
    graphs = _inputs(name)
    times, cpu, verdicts, digest = [], [], [], ""
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        runs = [run_shacl(graph, shapes, ontology, engine=engine) for graph in graphs]
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        verdicts = [conforms for conforms, _ in runs]
        # a shape that is a blank node by its label: blank node ids differ between processes
        keys = [sorted(str((v.focus, v.path, v.value, _shape_key(shapes, v.shape), v.severity, v.message))
                       for v in results_of(report, shapes)) for _, report in runs]
        digest = hashlib.sha256(json.dumps(keys).encode()).hexdigest()[:12]
    print(json.dumps({"seconds": statistics.median(times), "cpu": statistics.median(cpu), "conforms": verdicts,
                      "results": sum(len(k) for k in keys),
                      "digest": digest, "triples": sum(len(g) for g in graphs),
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


def run(engine: str, name: str, repeat: int) -> dict[str, object]:
    out = subprocess.run([sys.executable, __file__, "--worker", engine, name, "--repeat", str(repeat)],
                         check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("/tmp/newskg-shacl-bench"))
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "INPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.repeat)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    inputs = [("shape test cases (16 graphs)", "cases"), ("bundled graph", "bundled")]
    for size in args.triples:
        path = args.out / f"synthetic-{size}.nt"
        if not path.exists():
            subprocess.run([sys.executable, str(HERE / "synthetic_graph.py"), "--triples", str(size), "--seed", "1",
                            "--out", str(path)], check=True)
        inputs.append((f"synthetic {size:,} + 3 planted violations", str(path)))
    print("| input | triples | pyshacl wall (CPU) | pyshacl-turbo wall (CPU) | speed-up (CPU) | peak RSS pyshacl / turbo "
          "| verdict | results | same |")
    print("|---|---:|---:|---:|---:|---:|---|---:|---|")
    for label, name in inputs:
        repeat = args.repeat if name in ("cases", "bundled") else 1
        ref, turbo = run("pyshacl", name, repeat), run("turbo", name, repeat)
        same = (ref["conforms"], ref["digest"]) == (turbo["conforms"], turbo["digest"])
        verdict = "conforms" if all(ref["conforms"]) else ("mixed" if any(ref["conforms"]) else "violations")  # type: ignore[call-overload]
        print(f"| {label} | {turbo['triples']:,} | {ref['seconds']:.2f} s ({ref['cpu']:.2f} s) | "
              f"{turbo['seconds']:.2f} s ({turbo['cpu']:.2f} s) | {ref['cpu'] / turbo['cpu']:.1f}x | "  # type: ignore[operator]
              f"{ref['rss_mb']} / {turbo['rss_mb']} MB | {verdict} | {ref['results']} | {'yes' if same else 'NO'} |",
              flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
