"""Benchmark: `newskg add` of an article-sized delta to a large graph, against a full validation.

    .venv/bin/python bench/incremental.py --triples 1000000 --seed 1 --work /tmp/bench-incremental

1. generates a synthetic graph of the domain (bench/synthetic_graph.py) of ``--triples``
   triples, computes its inferences and stores it as a graph folder;
2. builds the folder's pyoxigraph index once (the cache ``newskg add`` keeps next to
   the folder; reported separately, it is paid once per folder, not per addition);
3. adds ``--deltas`` article-sized deltas (63 triples each, ~75 with provenance: a new article, a tenure,
   a statement, a sanction and an obligation about existing people, posts and
   organizations, with evidence) through ``newskg.folder.update.add``: the check alone
   (``dry_run``) and the check and commit, each timed; then one invalid delta (a
   tenure ending before its stored start), which must be refused without changing a byte;
4. runs a full pyshacl validation (``newskg.rdf.validation.validate``) of the same graph
   with the deltas, in the same process, unless ``--no-full``;
5. prints the figures and the ratio (full validation time / median check-and-commit).

``--full-sizes 20000,50000`` also times full validations of smaller synthetic graphs
(for a curve when the full validation of the big one is too slow to wait for).
Not a test: nothing here is asserted except that the verdicts agree.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from rdflib import Graph, URIRef  # noqa: E402
from synthetic_graph import generate, ntriples, world_sample  # noqa: E402

from newskg.errors import ShapeViolation  # noqa: E402
from newskg.folder.build import load_ontology, load_shapes  # noqa: E402
from newskg.folder.store import serialize_manifest  # noqa: E402
from newskg.folder.update import add, graph_index  # noqa: E402
from newskg.rdf.reasoning import infer  # noqa: E402
from newskg.rdf.validation import validate  # noqa: E402

PREFIXES = """@prefix news: <https://newskg.dev/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://newskg.dev/id/> .
"""


def _tail(node: URIRef) -> str:
    return str(node).split("/id/", 1)[1]


def article_delta(k: int, person: URIRef, speaker: URIRef, post: URIRef, post_org: URIRef, target: URIRef,
                  authority: URIRef) -> str:
    """An article-sized addition (63 triples) about existing nodes."""
    a = f"bench-{k}"
    ev = "".join(
        f"""<evidence/bench-{k}-{i}> a news:Evidence ; news:article <article/{a}> ;
    news:sentence "Sentence {i} of the bench article {k}." ; news:charStart {i * 100} ; news:charEnd {i * 100 + 80} ;
    news:rule "bench" ; news:confidence 0.9 ; news:span "span {i}" .
""" for i in range(4))
    return PREFIXES + f"""
<article/{a}> a news:Article ; dcterms:identifier "{a}" ; dcterms:title "Bench article {k}" ;
    dcterms:source "Bench" ; dcterms:issued "2025-01-0{k % 9 + 1}"^^xsd:date ; dcterms:language "en" .
{ev}
<tenure/bench-{k}> a news:Tenure ; org:member <{_tail(person)}> ; news:post <{_tail(post)}> ;
    org:organization <{_tail(post_org)}> ; news:startDate "2025-01"^^xsd:gYearMonth ;
    news:evidence <evidence/bench-{k}-0> ; prov:wasDerivedFrom <article/{a}> .
<statement/bench-{k}> a news:Statement ; news:speaker <{_tail(speaker)}> ; news:content "We will fly in 2030 ({k})." ;
    news:date "2025-01"^^xsd:gYearMonth ; news:evidence <evidence/bench-{k}-1> ; prov:wasDerivedFrom <article/{a}> .
<sanction/bench-{k}> a news:Sanction ; news:entity <{_tail(target)}> ; news:authority <{_tail(authority)}> ;
    news:program "BENCH" ; news:evidence <evidence/bench-{k}-2> ; prov:wasDerivedFrom <article/{a}> .
<obligation/bench-{k}> a news:Obligation ; news:obligor <{_tail(target)}> ; news:obligee <{_tail(authority)}> ;
    news:content "deliver the bench module {k}" ; news:evidence <evidence/bench-{k}-3> ; prov:wasDerivedFrom <article/{a}> .
"""


def chunked_inferences(triples: list, ontology: Graph, chunk: int) -> Graph:
    """The OWL RL inferences of the graph, computed on (people, organizations and posts +
    one slice of the articles) at a time: the Rust reasoner needs ~40 kB per triple,
    too much for 1M triples at once on 24 GB.  For this data the union of the slices'
    inferences is the whole graph's (no rule joins two facts: they share only entities,
    whose triples are in every slice); ``--check-chunking`` compares the two."""
    world_kinds = ("person/", "org/", "post/")
    world = [t for t in triples if str(t[0]).split("/id/", 1)[-1].startswith(world_kinds)]
    rest = [t for t in triples if not str(t[0]).split("/id/", 1)[-1].startswith(world_kinds)]
    inferred = Graph()
    for start in range(0, max(len(rest), 1), chunk):
        graph = Graph()
        for triple in world:
            graph.add(triple)
        for triple in rest[start:start + chunk]:
            graph.add(triple)
        for triple in infer(graph, ontology, engine="reasonable"):
            inferred.add(triple)
    asserted = set(triples)  # a triple inferred in one slice may be asserted in another
    for triple in [t for t in inferred if t in asserted]:
        inferred.remove(triple)
    return inferred


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def full_validation(triples: list, extra: Graph, shapes: Graph, ontology: Graph) -> tuple[float, bool, int]:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    for triple in extra:
        graph.add(triple)
    start = time.perf_counter()
    report = validate(graph, shapes, ontology)
    return time.perf_counter() - start, report.conforms, len(graph)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--deltas", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-incremental"))
    parser.add_argument("--no-full", action="store_true", help="skip the full validation of the big graph")
    parser.add_argument("--full-sizes", default="", help="comma-separated sizes of extra full validations")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--chunk", type=int, default=60_000, help="article triples per inference slice")
    parser.add_argument("--check-chunking", action="store_true",
                        help="also infer the whole graph at once and compare (small sizes only)")
    args = parser.parse_args()

    figures: dict[str, object] = {"triples_target": args.triples, "seed": args.seed, "cpus": os.cpu_count(),
                                  "python": platform.python_version(), "machine": platform.machine()}

    def report(name: str, value: object) -> None:
        figures[name] = value
        print(f"{name}: {value}", flush=True)

    ontology, shapes = load_ontology(), load_shapes()
    if args.work.exists():
        shutil.rmtree(args.work)
    args.work.mkdir(parents=True)
    folder = args.work / "graph"

    t = time.perf_counter()
    triples = generate(args.triples, args.seed)
    report("generate_s", round(time.perf_counter() - t, 1))
    report("asserted_triples", len(triples))
    t = time.perf_counter()
    inferred = chunked_inferences(triples, ontology, args.chunk)
    report("infer_chunked_s", round(time.perf_counter() - t, 1))
    report("inferred_triples", len(inferred))
    if args.check_chunking:
        whole = Graph()
        for triple in triples:
            whole.add(triple)
        report("chunked_equals_whole_inference", set(infer(whole, ontology, engine="reasonable")) == set(inferred))
        del whole
    folder.mkdir()
    (folder / "asserted.ttl").write_bytes(ntriples(triples))
    (folder / "inferred.ttl").write_bytes(ntriples(list(inferred)))
    (folder / "report.ttl").write_bytes(b"")
    (folder / "manifest.json").write_bytes(serialize_manifest({"format": 1, "synthetic": True, "seed": args.seed}))
    del inferred
    report("folder_mb", round(sum(p.stat().st_size for p in folder.iterdir()) / 1e6, 1))

    t = time.perf_counter()
    graph_index(folder).open().close()
    report("index_build_once_s", round(time.perf_counter() - t, 1))

    people = world_sample(triples, "Person", 2 * args.deltas + 2)
    posts = world_sample(triples, "Post", args.deltas + 1)
    orgs = world_sample(triples, "SpaceAgency", 2 * args.deltas + 2) or world_sample(triples, "Company", 2 * args.deltas + 2)
    post_org = {s: o for s, p, o in triples if str(p) == "http://www.w3.org/ns/org#postIn"}
    check_times, commit_times, sizes, inferred_sizes = [], [], [], []
    delta_graph = Graph()
    for k in range(args.deltas):
        text = article_delta(k, people[2 * k], people[2 * k + 1], posts[k], post_org[posts[k]], orgs[2 * k],
                             orgs[2 * k + 1])
        path = args.work / f"delta-{k}.ttl"
        path.write_text(text, encoding="utf-8")
        t = time.perf_counter()
        dry = add([path], folder, by="bench", dry_run=True, ontology=ontology, shapes=shapes)
        check_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        done = add([path], folder, by="bench", ontology=ontology, shapes=shapes)
        commit_times.append(time.perf_counter() - t)
        assert dry.validation.conforms and done.committed
        sizes.append(len(done.added))
        inferred_sizes.append(len(done.inferred))
        for triple in done.added:
            delta_graph.add(triple)
        print(f"delta {k}: {len(done.added)} triples (+{len(done.inferred)} inferred): "
              f"check {check_times[-1] * 1000:.0f} ms, check+commit {commit_times[-1] * 1000:.0f} ms", flush=True)
    report("delta_triples", sizes)
    report("delta_inferred", inferred_sizes)
    report("check_ms", [round(x * 1000) for x in check_times])
    report("check_and_commit_ms", [round(x * 1000) for x in commit_times])
    median = statistics.median(commit_times)
    report("check_and_commit_median_ms", round(median * 1000))

    bad = args.work / "bad.ttl"
    bad.write_text(PREFIXES + "<tenure/bench-0> news:endDate \"2019\"^^xsd:gYear .\n", encoding="utf-8")
    before = folder_state(folder)
    t = time.perf_counter()
    try:
        add([bad], folder, by="bench", ontology=ontology, shapes=shapes)
        raise SystemExit("the invalid delta was accepted")
    except ShapeViolation:
        pass
    report("invalid_delta_rejected_ms", round((time.perf_counter() - t) * 1000))
    assert folder_state(folder) == before, "the refused addition changed the folder"

    if not args.no_full:
        print("full pyshacl validation of the same graph (this takes a while) ...", flush=True)
        seconds, conforms, size = full_validation(triples, delta_graph, shapes, ontology)
        report("full_validation_triples", size)
        report("full_validation_s", round(seconds, 1))
        report("full_conforms", conforms)
        report("ratio_full_over_incremental", round(seconds / median, 1))
    for size in [int(s) for s in args.full_sizes.split(",") if s.strip()]:
        small = generate(size, args.seed)
        seconds, conforms, n = full_validation(small, Graph(), shapes, ontology)
        report(f"full_validation_s_at_{n}", round(seconds, 1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
