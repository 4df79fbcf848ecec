"""Scale benchmark: per corpus size, generate, build, rebuild, score, query, validate, reason.

    python bench/scale.py --out /tmp/bench --scales 100 1000 10000 [--jobs 2]

For each scale N it records, in OUT/scale.json (and a Markdown summary on stdout):

- build: wall time and articles/s of ``newskg build --store oxigraph`` (a fresh folder),
  peak RSS of the largest process (GNU time's "Maximum resident set size"), triples;
- rebuild: the same command after one article changed without changing the facts (a sentence
  without facts appended), then after one article with facts was removed (the facts change);
- precision/recall of the extraction against the planted facts (bench/score.py);
- each stored query's median time on the oxigraph backend and on rdflib's engine over
  the same graph (files backend), and whether both gave the same rows; likewise the
  lookups of one thing (``LOOKUPS``: facts about one person and one organization, the
  evidence of one fact, who held one post), each thing the first of its kind in the graph;
- SHACL: full pyshacl validation vs ``validation.validate_scoped`` (verdict and results compared);
- OWL RL closure: owlrl (the reference) vs the rule pass (``reasoning.infer(engine="rules")``),
  compared; owlrl only up to ``--owlrl-max`` asserted triples (it is out of reach above).

Nothing is projected: a figure that was not measured is recorded as null with the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
#: The parameterless stored queries plus who-held-post-on-date with a date: (label, query, parameters).
QUERY_RUNS = [
    (name, name, params) for name, params in [
        ("articles", {}), ("nominations", {}), ("statements", {}), ("who-holds-what-post", {}),
        ("who-is-under-sanctions", {}), ("who-is-who", {}), ("who-owes-what", {}), ("who-succeeded-whom", {}),
        ("who-withdrew-from-what", {}), ("who-held-post-on-date", {"date": "2022-06-01"}), ("evidence", {}),
        ("facts-about", {})]
]
#: Lookups of one thing: label -> (query, parameter, SPARQL picking the thing, other parameters).
LOOKUPS = {
    "facts-about one person": ("facts-about", "entity",
                               "SELECT ?x WHERE { ?f <http://www.w3.org/ns/org#member> ?x } ORDER BY ?x LIMIT 1", {}),
    "facts-about one organization": ("facts-about", "entity",
                                     "SELECT ?x WHERE { ?p <http://www.w3.org/ns/org#postIn> ?x } ORDER BY ?x LIMIT 1", {}),
    "evidence of one fact": ("evidence", "fact",
                             "SELECT ?x WHERE { ?x <https://newskg.dev/ontology#evidence> ?e } ORDER BY ?x LIMIT 1", {}),
    "who-held-post-on-date one post": ("who-held-post-on-date", "post",
                                       "SELECT ?x WHERE { ?f <https://newskg.dev/ontology#post> ?x } ORDER BY ?x LIMIT 1",
                                       {"date": "2022-06-01"}),
}


def lookup_runs(graph_dir: Path) -> list[tuple[str, str, dict[str, str]]]:
    """The ``LOOKUPS`` with their thing picked from the graph (its Oxigraph store)."""
    from newskg.folder.backends import open_backend

    backend = open_backend(graph_dir)
    runs = []
    for label, (name, param, pick, others) in LOOKUPS.items():
        found = [value for row in backend.query(pick).bindings for value in row.values()]
        if found:
            runs.append((label, name, {param: str(found[0]), **others}))
    return runs


def timed_build(articles: Path, out: Path, jobs: int, store: str) -> dict[str, object]:
    command = ["/usr/bin/time", "-v", PYTHON, "-m", "newskg", "build", "--articles", str(articles),
               "--out", str(out), "--jobs", str(jobs), "--store", store, "-q"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return {"ok": done.returncode == 0, "seconds": round(wall, 2),
            "peak_rss_mb": round(int(rss.group(1)) / 1024) if rss else None,
            "error": None if done.returncode == 0 else done.stderr[-2000:]}


def rows(result) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return sorted(tuple("" if v is None else str(v) for v in row) for row in result)


def median_time(run, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def query_oxigraph(graph_dir: Path, runs: list[tuple[str, str, dict[str, str]]],
                   repeat: int) -> dict[str, dict[str, object]]:
    from newskg.folder.backends import open_backend
    from newskg.query.queries import run_query

    backend = open_backend(graph_dir)
    out = {}
    for label, name, params in runs:
        seconds, result = median_time(lambda: rows(run_query(backend, name, params)), repeat)
        out[label] = {"ms": round(seconds * 1000, 1), "rows": len(result), "digest": hash(tuple(result)),  # type: ignore[arg-type]
                      "params": params}
    return out


def query_rdflib(graph_dir: Path, runs: list[tuple[str, str, dict[str, str]]], repeat: int,
                 timeout: float) -> dict[str, object]:
    """rdflib's engine in a child process (it can take minutes; the child is stopped at ``timeout``)."""
    code = f"""
import json, statistics, sys, time
sys.path.insert(0, {str(HERE)!r})
from scale import rows, median_time
from newskg.folder.store import load_graph
from newskg.query.queries import run_query
g = load_graph({str(graph_dir)!r})
for label, name, params in {runs!r}:
    seconds, result = median_time(lambda: rows(run_query(g, name, params)), {repeat})
    print(json.dumps({{"name": label, "ms": round(seconds * 1000, 1), "rows": len(result), "result": result}}), flush=True)
"""
    out: dict[str, object] = {}
    proc = subprocess.Popen([PYTHON, "-c", code], stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + timeout
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            item = json.loads(line)
            item["result"] = hash(tuple(tuple(r) for r in item["result"]))
            out[item["name"]] = item
            if time.monotonic() > deadline:
                break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return out


def validation(graph_dir: Path, full_max: int, jobs: int) -> dict[str, object]:
    from rdflib import Graph

    from newskg.folder.build import load_ontology, load_shapes
    from newskg.rdf.validation import validate, validate_scoped

    data = Graph().parse(graph_dir / "asserted.ttl")
    ontology, shapes = load_ontology(), load_shapes()
    scoped_s, scoped = median_time(lambda: validate_scoped(data, shapes, ontology, jobs=jobs, min_triples=0), 1)
    out: dict[str, object] = {"scoped_s": round(scoped_s, 2), "scoped_conforms": scoped.conforms}  # type: ignore[attr-defined]
    if len(data) <= full_max:
        full_s, full = median_time(lambda: validate(data, shapes, ontology), 1)
        out.update(full_s=round(full_s, 2), same=(full.conforms, full.results) == (scoped.conforms, scoped.results))  # type: ignore[attr-defined]
    else:
        out.update(full_s=None, same=None, note=f"full pyshacl not run above {full_max} triples")
    return out


def reasoning(graph_dir: Path, owlrl_max: int) -> dict[str, object]:
    from rdflib import Graph

    from newskg.folder.build import load_ontology
    from newskg.rdf.reasoning import infer

    data = Graph().parse(graph_dir / "asserted.ttl")
    ontology = load_ontology()
    rules_s, rules = median_time(lambda: set(infer(data, ontology, engine="rules")), 1)
    out: dict[str, object] = {"rules_s": round(rules_s, 2), "inferred": len(rules)}  # type: ignore[arg-type]
    if len(data) <= owlrl_max:
        owlrl_s, reference = median_time(lambda: set(infer(data, ontology, engine="owlrl")), 1)
        out.update(owlrl_s=round(owlrl_s, 2), same=reference == rules)
    else:
        out.update(owlrl_s=None, same=None, note=f"owlrl not run above {owlrl_max} asserted triples")
    return out


def run_scale(n: int, base: Path, args: argparse.Namespace) -> dict[str, object]:
    corpus, graph = base / f"c{n}", base / f"g{n}"
    record: dict[str, object] = {"articles": n}
    if not (corpus / "planted.jsonl").is_file():
        subprocess.run([PYTHON, str(HERE / "corpus.py"), "--articles", str(n), "--out", str(corpus), "--seed", "1"],
                       check=True, capture_output=True)
    subprocess.run(["rm", "-rf", str(graph)], check=True)
    build = timed_build(corpus / "articles", graph, args.jobs, "oxigraph")
    build["articles_per_s"] = round(n / build["seconds"], 1)  # type: ignore[operator]
    record["build"] = build
    if not build["ok"]:
        return record
    manifest = json.loads((graph / "manifest.json").read_text())
    record["triples"] = {k: manifest["counts"][k] for k in ("asserted_triples", "inferred_triples")}
    changed = sorted((corpus / "articles").iterdir())[n // 2]
    original = changed.read_text(encoding="utf-8")
    changed.write_text(original + "\nWeather at the launch site was described as favourable.\n", encoding="utf-8")
    try:
        record["rebuild_one_changed"] = timed_build(corpus / "articles", graph, args.jobs, "oxigraph")
    finally:
        changed.write_text(original, encoding="utf-8")
    # an edit that changes the facts: one article (with facts) taken out of the corpus
    removed = next(p for p in sorted((corpus / "articles").iterdir())[n // 3:] if _has_facts(graph, p))
    aside = base / f"{removed.name}.aside"
    removed.rename(aside)
    try:
        record["rebuild_one_removed"] = timed_build(corpus / "articles", graph, args.jobs, "oxigraph")
    finally:
        aside.rename(removed)
    record["rebuild_restored"] = timed_build(corpus / "articles", graph, args.jobs, "oxigraph")
    score = subprocess.run([PYTHON, str(HERE / "score.py"), str(graph), str(corpus / "planted.jsonl")],
                           capture_output=True, text=True)
    record["score"] = json.loads(score.stdout) if score.returncode == 0 else score.stderr[-1000:]
    runs = QUERY_RUNS + lookup_runs(graph)
    ox = query_oxigraph(graph, runs, args.repeat)
    rd = query_rdflib(graph, runs, 1 if n >= 10000 else args.repeat, args.rdflib_timeout)
    queries = {}
    for name, _, params in runs:
        item: dict[str, object] = {"oxigraph_ms": ox[name]["ms"], "rows": ox[name]["rows"], "params": params}
        if name in rd:
            r = rd[name]
            item.update(rdflib_ms=r["ms"], same_rows=r["result"] == ox[name]["digest"],  # type: ignore[index]
                        speedup=round(r["ms"] / max(ox[name]["ms"], 0.01), 1))  # type: ignore[index,operator,arg-type]
        else:
            item.update(rdflib_ms=None, note=f"rdflib did not finish within {args.rdflib_timeout:.0f} s")
        queries[name] = item
    record["queries"] = queries
    if n <= args.side_checks_max:
        record["validation"] = validation(graph, args.full_validation_max, args.jobs)
        record["reasoning"] = reasoning(graph, args.owlrl_max)
    return record


def _has_facts(graph: Path, article: Path) -> bool:
    manifest = json.loads((graph / "manifest.json").read_text())
    return any(a["file"] == article.name and a["facts"] for a in manifest["articles"])


def markdown(records: list[dict]) -> str:  # type: ignore[type-arg]
    lines = []
    for r in records:
        b = r["build"]
        lines.append(f"## {r['articles']} articles")
        if not b["ok"]:
            lines.append(f"build failed: {b['error']}")
            continue
        rb, rr = r["rebuild_one_changed"], r["rebuild_one_removed"]
        lines.append(f"- build: {b['seconds']} s ({b['articles_per_s']} articles/s), peak RSS {b['peak_rss_mb']} MB; "
                     f"triples {r['triples']}; rebuild with one changed article (same facts): {rb['seconds']} s, "
                     f"peak RSS {rb['peak_rss_mb']} MB; with one article (with facts) removed: {rr['seconds']} s, "
                     f"peak RSS {rr['peak_rss_mb']} MB")
        s = r["score"]
        if isinstance(s, dict) and "all" in s:
            lines.append(f"- precision/recall: {json.dumps(s['all'])}")
        lines.append(f"- validation: {json.dumps(r.get('validation', 'not run (--side-checks-max)'))}")
        lines.append(f"- reasoning: {json.dumps(r.get('reasoning', 'not run (--side-checks-max)'))}")
        lines.append("| query | rows | oxigraph ms | rdflib ms | speed-up | same rows |")
        lines.append("|---|---|---|---|---|---|")
        for name, q in r["queries"].items():
            lines.append(f"| {name} | {q['rows']} | {q['oxigraph_ms']} | {q.get('rdflib_ms')} | {q.get('speedup')} | "
                         f"{q.get('same_rows')} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench"))
    parser.add_argument("--scales", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (median)")
    parser.add_argument("--rdflib-timeout", type=float, default=900.0, help="seconds for all rdflib queries of a scale")
    parser.add_argument("--full-validation-max", type=int, default=100_000)
    parser.add_argument("--owlrl-max", type=int, default=20_000)
    parser.add_argument("--side-checks-max", type=int, default=10_000,
                        help="most articles for which validation and reasoning are also run outside the build")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    records = []
    for n in args.scales:
        records.append(run_scale(n, args.out, args))
        (args.out / "scale.json").write_text(json.dumps(records, indent=2) + "\n")
        print(markdown(records[-1:]), flush=True)


if __name__ == "__main__":
    main()
