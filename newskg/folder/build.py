"""The build: articles folder -> graph folder, as a visible list of named steps.

    read articles -> extract -> resolve entities -> to_graph -> reason -> validate -> write

Each step is one function call below.  When the SHACL report does not conform the
build raises ``ShapeViolation`` and the output folder is not touched; otherwise the
folder is replaced atomically (``store.write_graph_folder``).  A rebuild whose resolved
facts, additions, ontology, shapes and graph code hash as last time (``graph_inputs``, kept
in the folder's ``graph-inputs`` file) reuses the previous graph files instead of steps 4-6.
Steps 4-6 run on the triples as N-Triples terms (``triples.to_terms``,
``rules.infer_terms``) and make an rdflib graph only for a full validation.  A rebuild
whose facts changed derives inferences only around the change, validates only the nodes
it touches when that is equivalent (``newskg.folder.rebuild``), and applies the change to the
folder's store; it reads the previous files and writes the asserted Turtle in forked
processes (``newskg.folder.background``) on a second core.
"""

from __future__ import annotations

import gc
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from newskg import settings
from newskg.errors import ShapeViolation
from newskg.extract.audit import AuditReport, audit
from newskg.extract.bulk import default_jobs, extract_corpus, extractor_fingerprint
from newskg.extract.entities import resolve_entities
from newskg.extract.extractor import extract
from newskg.extract.model import Article, ExtractionResult
from newskg.folder.backends import make_backend
from newskg.folder.background import forked
from newskg.folder.integrity import after_commit, note_damage, probe_store, read_manifest_if_any, salvaged
from newskg.folder.lock import locks_folder
from newskg.folder.rebuild import (
    GRAPH_INPUTS_FILE,
    GraphDelta,
    conforming_report,
    graph_delta,
    graph_digests,
    graph_inputs,
    inference_key,
    lines_delta,
    previous_change,
    previous_key,
    previous_lines,
    unchanged_graph,
    validate_additions,
    validate_changes,
    validation_key,
)
from newskg.folder.records import carry_over
from newskg.folder.schema import load_ontology, load_shapes
from newskg.folder.store import bind_prefixes, load_graph, parse_rdf_file, serialize_turtle, turtle_from_lines, write_graph_folder
from newskg.folder.views import NO_CHANGE, change_of, refresh_views, views_state
from newskg.rdf.reasoning import default_engine, infer
from newskg.rdf.review import DEFAULT_MIN_CONFIDENCE, REVIEW_FILE, serialize_candidates, split_by_confidence
from newskg.rdf.rules import infer_terms, infer_terms_delta, split_line
from newskg.rdf.terms import nt_term
from newskg.rdf.triples import graph_from_terms, to_graph, to_terms
from newskg.rdf.validation import ValidationReport, validate_scoped

Progress = Callable[[str], None]
Extractor = Callable[[Article], ExtractionResult]
Mapper = Callable[[Iterable[ExtractionResult]], Graph]

STEPS = ("read articles", "extract", "resolve entities", "to_graph", "reason", "validate", "write")


@dataclass
class BuildReport:
    """What a build did: counts, the validation report and where the graph went."""

    out_dir: Path
    articles: int
    facts: dict[str, int]
    entities: int
    asserted_triples: int
    inferred_triples: int
    validation: ValidationReport
    manifest: dict[str, Any] = field(default_factory=dict)
    #: Of ``articles``, those added with ``newskg add`` earlier (not in the articles folder).
    added_articles: int = 0

    def summary(self) -> str:
        """One line for people."""
        facts = sum(self.facts.values())
        added = f" ({self.added_articles} added with `newskg add`)" if self.added_articles else ""
        return (
            f"built {self.out_dir}: {self.articles} articles{added}, {facts} facts, {self.entities} entities, "
            f"{self.asserted_triples} asserted + {self.inferred_triples} inferred triples; graph conforms."
        )


def stderr_progress(message: str) -> None:
    """Default progress sink: one line on stderr."""
    print(message, file=sys.stderr, flush=True)


@contextmanager
def _cycle_collection(enabled: bool) -> Iterator[None]:
    """Python's cyclic garbage collector on or off for a block; as it was after it."""
    was_enabled = gc.isenabled()
    _switch(enabled)
    try:
        yield
    finally:
        _switch(was_enabled)


def _switch(enabled: bool) -> None:
    if enabled:
        gc.enable()
    else:
        gc.disable()


# The build runs with Python's cyclic garbage collector off but for validation (``_validate``).
# It allocates millions of objects that hold no reference cycles (records, tuples, N-Triples
# strings), freed by reference counting; the collector's full passes over them cost 1.5-2 s of
# a 7-8 s rebuild at 10,000 articles.  Extraction makes no cyclic garbage (none after 300
# articles), so its worker processes may inherit the pause; pyshacl does (79,000 objects after
# three validations of the bundled graph: a fresh 50,000-article build grew past 10 GB a
# validating process without the collector), so validation runs with it on.
@locks_folder("out_dir", lambda: settings.GRAPH_DIR)  # one writer at a time (newskg.folder.lock)
@_cycle_collection(False)  # a context manager of contextlib is a decorator too
def build(
    articles_dir: Path | str | None = None,
    out_dir: Path | str | None = None,
    *,
    ontology: Graph | None = None,
    shapes: Graph | None = None,
    extractor: Extractor | None = None,
    mapper: Mapper | None = None,
    progress: Progress = stderr_progress,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    audit_sink: Callable[[AuditReport], None] | None = None,
    jobs: int | None = None,
    progress_bar: bool = True,
    store: str = "files",
) -> BuildReport:
    """Build the graph folder ``out_dir`` from the articles of ``articles_dir``.

    Defaults come from ``newskg.settings``; ``extractor``/``mapper`` default to
    ``newskg.extract.extractor.extract`` and ``newskg.rdf.triples.to_graph``.  Extraction runs in
    ``jobs`` processes (default: all cores) and, with the default extractor, reuses
    the extraction of each article whose file is unchanged since the last build of
    ``out_dir`` (``newskg.extract.bulk``).
    """
    articles_dir = Path(articles_dir or settings.ARTICLES_DIR)
    out_dir = Path(out_dir or settings.GRAPH_DIR)
    note_damage(out_dir, progress)                                      # a damaged folder: rebuilt, not reused
    ontology = ontology if ontology is not None else load_ontology()
    shapes = shapes if shapes is not None else load_shapes()
    fingerprint = extractor_fingerprint() if extractor is None else None  # the cache is for the default extractor
    default_mapper = mapper is None
    extractor = extractor or _default_extractor()
    mapper = mapper or _default_mapper()
    cached = fingerprint is not None and read_manifest_if_any(out_dir).get("extractor") == fingerprint
    # a rebuild reads the previous graph files (what it compares with) on the other core meanwhile
    rebuilding = cached and default_mapper and (jobs or default_jobs()) > 1
    with forked({"before": (previous_lines, (out_dir,))}, parallel=rebuilding) as earlier:
        corpus = extract_corpus(articles_dir, extractor, jobs=jobs, progress=progress, bar=progress_bar,  # 1 read, 2 extract
                                cache_file=out_dir / settings.EXTRACTIONS_FILE if cached else None)
        articles, results = corpus.articles, corpus.results
        progress(f"read {len(articles)} articles from {articles_dir}")
        carried = _carry_over(out_dir, articles)                            #   user additions of `newskg add` survive
        extractions = carried.extractions(corpus.serialize())               #   kept for add/retract and rebuilds
        results = resolve_entities(results + carried.results)               # 3 resolve entities across articles
        audited = results
        results, candidates = split_by_confidence(results, min_confidence)  #   facts below the threshold go to review
        if audit_sink is not None:
            audit_sink(audit(audited, articles, below=candidates, threshold=min_confidence))
        digests = graph_digests(ontology, shapes)                          #   the two reuse keys share them
        inputs = graph_inputs(results, carried.files, ontology, shapes, digests) if default_mapper else None
        check_key = validation_key(ontology, shapes, digests)
        infer_key = inference_key(digests)
        previous = unchanged_graph(out_dir, inputs, store, shapes)         #   steps 4-6 give what they gave last time?
        steps: _Steps | None = None
        if previous is None and default_mapper:                             # 4-6 on N-Triples terms: no rdflib
            steps = _steps_on_terms(results, carried, ontology, shapes, out_dir, inputs, check_key, progress, jobs,
                                    previous_key(out_dir, "inference") == infer_key, earlier["before"])
        if previous is None and steps is None:                              # 4-6 on an rdflib graph
            steps = _steps_on_graph(mapper(results), carried, ontology, shapes, out_dir, inputs, check_key, progress, jobs)
    if steps is not None:
        if not steps.report.conforms:
            raise ShapeViolation(steps.report, f"the build of {articles_dir} breaks the SHACL shapes; {out_dir} was not changed.")
        report, graph_files, sizes, delta = steps.report, steps.files, steps.sizes, steps.delta
    else:
        assert previous is not None
        report, graph_files, sizes, delta = previous.report, previous.files, previous.sizes, None
        progress("to_graph, reason, validate: the facts, additions, ontology and shapes are those of the last build; "
                 "its graph files are reused")
    manifest = make_manifest(articles, results, sizes[0], sizes[1], report, corpus.hashes)
    manifest["counts"]["review_candidates"] = len(candidates)
    manifest["counts"]["articles"] += len(carried.records)  # as `add` and `retract` count them
    manifest["min_confidence"] = min_confidence
    if carried.entries:
        manifest["additions"] = carried.entries
    if fingerprint is not None:
        manifest["extractor"] = fingerprint
    if store != "files":
        manifest["store"] = store
    backend = make_backend(store, out_dir) if store != "files" else None
    probe_store(backend, out_dir)                                       #   a store that cannot be loaded: no commit
    # the store of the last build is kept when it held the last build's files (and then
    # gets the delta, if any), else it is loaded anew from the files written below
    keep_store = (backend is not None and (manifest.get("store") == read_manifest_if_any(out_dir).get("store"))
                  and (previous is not None or delta is not None) and backend.in_step())
    was = views_state(out_dir)                                          #   what the listing views held
    write_graph_folder(out_dir, *graph_files, manifest,                  # 7 write
                       extra={REVIEW_FILE: serialize_candidates(candidates), settings.EXTRACTIONS_FILE: extractions,
                              **({GRAPH_INPUTS_FILE: f"{inputs}\nvalidation {check_key}\ninference {infer_key}\n".encode()}
                                 if inputs is not None else {}),
                              **carried.files},
                       carry_store=keep_store)
    if backend is not None:                                             # 8 load the chosen store
        with after_commit(f"loading the {store} store", f"the next query reloads it, or run "
                          f"`newskg build --out {out_dir} --store {store}` again."):
            try:
                if keep_store and delta is not None:
                    backend.apply(delta.added, delta.added_inferred, delta.removed, delta.removed_inferred)
                    progress(f"applied the change to the {store} store")
                elif keep_store:
                    backend.mark_current()                              #   same triples, new files
                else:
                    backend.reload()
                    progress(f"loaded the graph into the {store} store")
            finally:
                backend.close()
    refresh_views(out_dir, NO_CHANGE if previous is not None else change_of(delta), was)  # 9 the listing views
    progress(f"wrote {out_dir}")
    counts = manifest["counts"]
    return BuildReport(
        out_dir=out_dir,
        articles=counts["articles"],
        facts=dict(counts["facts"]),
        entities=counts["entities"],
        asserted_triples=counts["asserted_triples"],
        inferred_triples=counts["inferred_triples"],
        validation=report,
        manifest=manifest,
        added_articles=len(carried.records),
    )


def validate_files(
    files: Sequence[Path | str],
    graph_dir: Path | str | None = None,
    *,
    ontology: Graph | None = None,
    shapes: Graph | None = None,
) -> ValidationReport:
    """Validate RDF files together with the stored (asserted) graph; changes nothing.

    With no files, validates the stored graph itself.  Parse errors name the file and line.
    Files are checked on the nodes they touch only when that gives a full validation's
    results (``rebuild.validate_additions``): the stored graph is then not parsed.
    """
    graph_dir = Path(graph_dir or settings.GRAPH_DIR)
    ontology = ontology if ontology is not None else load_ontology()
    shapes = shapes if shapes is not None else load_shapes()
    if files:
        added = Graph()
        for path in files:
            parse_rdf_file(path, added)
        report = validate_additions(graph_dir, added, ontology, shapes)
        if report is not None:
            return report
    data = load_graph(graph_dir, with_inferred=False)
    for path in files:
        parse_rdf_file(path, data)
    return validate_scoped(data, shapes, ontology)  # = validate, in parallel chunks on large graphs


@dataclass
class _Steps:
    """What steps 4-6 (to_graph, reason, validate) give the write step."""

    report: ValidationReport
    files: tuple[Graph | bytes, Graph | bytes, Graph | bytes]  # asserted, inferred, report
    sizes: tuple[Any, Any]  # anything with the number of asserted / inferred triples as len()
    delta: GraphDelta | None  # the change since the folder's last build, when there was one


def _steps_on_graph(asserted: Graph, carried: Any, ontology: Graph, shapes: Graph, out_dir: Path,
                    inputs: str | None, check_key: str, progress: Progress, jobs: int | None) -> _Steps:
    """Steps 4-6 with rdflib graphs (a custom mapper, or data the rule pass on terms hands over)."""
    bind_prefixes(asserted, ontology)
    progress(f"to_graph: {len(asserted)} asserted triples")
    data = carried.with_additions(asserted)                             #   asserted ∪ user RDF additions
    inferred = infer(data, ontology, engine=default_engine())           # 5 reason (= owlrl's inferences, a rule pass)
    progress(f"reason: {len(inferred)} inferred triples")
    delta = graph_delta(out_dir, data, inferred) if inputs is not None else None
    report = _validate(delta, lambda: data, out_dir, check_key, ontology, shapes, progress, jobs)
    files: tuple[Graph | bytes, Graph | bytes, Graph | bytes] = (asserted, inferred, _report_file(report, delta))
    if delta is not None:  # the delta has the triples as N-Triples lines already (of asserted ∪ additions)
        files = (serialize_turtle(asserted, delta.asserted_lines) if data is asserted else asserted,
                 serialize_turtle(inferred, delta.inferred_lines), files[2])
    return _Steps(report, files, (asserted, inferred), delta)


def _steps_on_terms(results: Sequence[ExtractionResult], carried: Any, ontology: Graph, shapes: Graph,
                    out_dir: Path, inputs: str | None, check_key: str, progress: Progress,
                    jobs: int | None, same_reasoning: bool,
                    before: Callable[[], tuple[set[str], set[str]] | None]) -> _Steps | None:
    """Steps 4-6 on the triples as N-Triples terms (``triples.to_terms``, ``rules.infer_terms``):
    a rebuild whose change validates on its own never builds the corpus as an rdflib graph, and
    derives inferences only around its change when the ontology and reasoning code are those
    of the previous build (``same_reasoning``).
    ``before``: gives ``rebuild.previous_lines(out_dir)`` (read in the background by the caller).
    None when the data has blank nodes or the rule pass hands over: then ``_steps_on_graph``."""
    asserted = to_terms(results)
    additions = {(nt_term(s), nt_term(p), nt_term(o)) for s, p, o in carried.graph}
    if any(s.startswith("_:") or o.startswith("_:") for s, _, o in additions):
        return None  # blank nodes: their labels are the graph writer's business (canonical Turtle)
    data = asserted | additions if additions else asserted  # (a copy of 600,000 triples costs 0.1 s)
    progress(f"to_graph: {len(asserted)} asserted triples")
    asserted_lines = {f"{s} {p} {o}" for s, p, o in asserted}
    data_lines = asserted_lines | {f"{s} {p} {o}" for s, p, o in additions} if additions else asserted_lines
    prefixes = Graph()  # the prefixes to_graph's graph has
    bind_prefixes(prefixes, ontology)
    namespaces = list(prefixes.namespaces())
    # the asserted Turtle is written on the other core while this one compares, reasons and validates
    with forked({"asserted": (turtle_from_lines, (asserted_lines, namespaces))},
                parallel=(jobs or default_jobs()) > 1) as turtle:
        change = previous_change(out_dir, data_lines, before()) if inputs is not None else None
        inferred_lines = None                                           # 5 reason (= owlrl's inferences):
        if same_reasoning and change is not None:                       #   around the change, or
            added, removed, old_inferred = change
            inferred_lines = infer_terms_delta(data, {split_line(x) for x in added}, {split_line(x) for x in removed},
                                               old_inferred, ontology)
        if inferred_lines is None:
            inferred = infer_terms(data, ontology)                      #   all of it
            if inferred is None:
                return None
            inferred_lines = {f"{s} {p} {o}" for s, p, o in inferred}
        progress(f"reason: {len(inferred_lines)} inferred triples")
        delta = lines_delta(data_lines, inferred_lines, change) if change is not None else None
        report = _validate(delta, lambda: carried.with_additions(_graph_of(asserted, ontology)), out_dir, check_key,
                           ontology, shapes, progress, jobs)
        files = (turtle["asserted"](), turtle_from_lines(inferred_lines, namespaces),
                 _report_file(report, delta))
    return _Steps(report, files, (asserted_lines, inferred_lines), delta)


def _graph_of(terms: set[tuple[str, str, str]], ontology: Graph) -> Graph:
    """The rdflib graph of the mapped triples, with the ontology's prefixes (as ``to_graph`` gives it)."""
    graph = graph_from_terms(terms)
    bind_prefixes(graph, ontology)
    return graph


def _validate(delta: GraphDelta | None, data: Callable[[], Graph], out_dir: Path, check_key: str, ontology: Graph,
              shapes: Graph, progress: Progress, jobs: int | None) -> ValidationReport:
    """Step 6: the changed nodes only when that equals a full validation, else the whole graph
    (``data()``: made only then), in chunks when large; with the cyclic collector on (pyshacl
    leaves cyclic garbage)."""
    with _cycle_collection(True):
        report = validate_changes(out_dir, delta, check_key, ontology, shapes) if delta is not None else None
        if report is not None:
            progress(f"validate: {len(delta)} triples changed since the last build; "  # type: ignore[arg-type]
                     "validated the nodes they touch")
            return report
        return validate_scoped(data(), shapes, ontology, jobs=jobs)


def _report_file(report: ValidationReport, delta: GraphDelta | None) -> Graph:
    """The report graph to write: what a full validation reports, also when only the change was validated."""
    if delta is not None and report.conforms and not report.results:
        return conforming_report()
    return report.graph


# ── the pieces ──────────────────────────────────────────────────────────────


def make_manifest(
    articles: Sequence[Article],
    results: Sequence[ExtractionResult],
    asserted: Graph,
    inferred: Graph,
    report: ValidationReport,
    hashes: Sequence[str],
) -> dict[str, Any]:
    """Counts, articles and their content hashes (``hashes``: the sha256 of each article's file,
    ``bulk.file_hash``).  No paths or times: builds stay byte-identical."""
    facts: Counter[str] = Counter()
    seen: set[str] = set()
    entities: set[str] = set()
    for result in results:
        entities.update(e.key for e in result.entities)
        for fact in result.facts:
            if fact.key not in seen:
                seen.add(fact.key)
                facts[fact.kind] += 1
    return {
        "format": 1,
        "articles": [
            {
                "id": a.id,
                "file": Path(a.path).name if a.path else None,
                "sha256": digest,
                "facts": len(r.facts),
                "unused_sentences": len(r.unused_sentences),
            }
            for a, r, digest in zip(articles, results, hashes)
        ],
        "counts": {
            "articles": len(articles),
            "facts": dict(sorted(facts.items())),
            "entities": len(entities),
            "asserted_triples": len(asserted),
            "inferred_triples": len(inferred),
            "shape_results": len(report.results),
        },
    }


def _carry_over(out_dir: Path, articles: Sequence[Article]) -> Any:
    with salvaged(out_dir) as folder:  # a damaged folder: only its files that are intact
        return carry_over(folder, [a.id for a in articles])


def _default_extractor() -> Extractor:
    return extract


def _default_mapper() -> Mapper:
    return to_graph
