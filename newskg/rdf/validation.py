"""SHACL validation: data graph + shapes (+ ontology) -> ``ValidationReport``.

How the ontology is mixed in: pySHACL gets it as ``ont_graph``, which it adds to a
copy of the data graph.  That is what ``sh:class`` and ``sh:targetClass`` need: they
follow ``rdf:type/rdfs:subClassOf*`` in the data graph, so a ``news:SpaceAgency``
satisfies ``sh:class news:Organization`` only when the subclass axioms are there.

Why ``inference="none"``: RDFS (or OWL RL) inference inside the validator would
derive types from ``rdfs:domain``/``rdfs:range``.  An organization wrongly used as
``org:member`` would then be *inferred* to be a person and the ``sh:class`` check
meant to catch the mistake would pass vacuously.  The shapes check what the
extractor asserted, with the class hierarchy of the ontology, and nothing else.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Iterator
from typing import Any

import pyoxigraph
import pyshacl
import pyshacl_turbo
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH, XSD
from rdflib.plugins.sparql import processor as _sparql_processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Node

from newskg.errors import UsageError
from newskg.rdf.locality import MemorySource, context_graph, supports
from newskg.rdf.terms import to_oxigraph
from newskg.report import ValidationReport, Violation, local_name

__all__ = ["ENGINES", "ValidationReport", "Violation", "cached_sparql", "results_of", "run_shacl", "shacl_engine",
           "validate", "validate_scoped"]

#: The SHACL engines ``run_shacl`` knows.  ``turbo`` (pyshacl-turbo, a Rust engine with pySHACL's
#: API) is the default: on the shape test cases, planted violations, the bundled graph and
#: synthetic graphs it gives pySHACL's verdict and results (tests/test_shacl_engines.py),
#: 5-10 times faster (bench/README.md, "SHACL engines").  ``pyshacl`` is the reference the tests
#: compare it with; ``NEWSKG_SHACL_ENGINE=pyshacl`` makes every validation use it.
ENGINES = ("turbo", "pyshacl")


def shacl_engine() -> str:
    """The engine of ``NEWSKG_SHACL_ENGINE`` (``turbo`` when unset)."""
    engine = os.environ.get("NEWSKG_SHACL_ENGINE", "") or "turbo"
    if engine not in ENGINES:
        raise UsageError(f"NEWSKG_SHACL_ENGINE={engine!r}: choose from {', '.join(ENGINES)}.")
    return engine


class _TypedString(Exception):
    """An explicit xsd:string literal met while copying a graph to Oxigraph (see ``run_shacl``)."""


def run_shacl(data: Graph, shapes: Graph, ontology: Graph, engine: str | None = None) -> tuple[bool, Graph]:
    """The one call of a SHACL engine: ``data`` (with ``ontology`` mixed in, no inference: see
    the module doc) against ``shapes``; the verdict and pySHACL's report graph.

    pyshacl-turbo reads an Oxigraph store several times faster than an rdflib graph, so the
    data and the ontology go to one (blank nodes under ids of their own, mapped back in the report, since
    Oxigraph refuses some of rdflib's ids).  Oxigraph has no plain literals apart from
    xsd:string ones (RDF 1.1), so the report's xsd:string literals are made plain again, as
    rdflib and pySHACL write them; data with explicit xsd:string literals, which rdflib
    tells from plain ones, is validated from the rdflib graph instead.
    """
    options: dict[str, Any] = dict(shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True,
                                   allow_warnings=True, abort_on_first=False)
    if (engine or shacl_engine()) == "pyshacl":
        with cached_sparql():
            conforms, report, _ = pyshacl.validate(data, **options)
        return bool(conforms), report
    blanks: dict[Node, Node] = {}

    def safe(node: Node) -> Node:
        if isinstance(node, BNode):
            if node not in blanks:
                blanks[node] = BNode(f"newskgb{len(blanks)}")
            return blanks[node]
        return node

    def quads() -> Iterator[Any]:
        for graph in (data, ontology):  # the ontology mixed in as pySHACL's ont_graph mixes it
            for s, p, o in graph:
                if isinstance(o, Literal) and o.datatype == XSD.string:
                    raise _TypedString
                yield pyoxigraph.Quad(to_oxigraph(safe(s)), to_oxigraph(p), to_oxigraph(safe(o)))

    source: Any = pyoxigraph.Store()
    typed_strings = False
    try:
        source.bulk_extend(quads())
        conforms, report, _ = pyshacl_turbo.validate(source, **{**options, "ont_graph": None})
    except _TypedString:  # "7" and "7"^^xsd:string: two terms in rdflib (and pySHACL), one in Oxigraph
        typed_strings, source = True, Graph()
        for s, p, o in data:
            source.add((safe(s), p, safe(o)))
        conforms, report, _ = pyshacl_turbo.validate(source, **options)
    back = {ours: node for node, ours in blanks.items()}

    def original(node: Node) -> Node:
        if not typed_strings and isinstance(node, Literal) and node.datatype == XSD.string and not node.language:
            return Literal(str(node))
        return back.get(node, node) if isinstance(node, BNode) else node

    if back or not typed_strings:
        changed = Graph()
        for prefix, namespace in report.namespaces():
            changed.bind(prefix, namespace, override=True)
        for s, p, o in report:
            changed.add((original(s), p, original(o)))
        report = changed
    return bool(conforms), report

@contextlib.contextmanager
def cached_sparql() -> Iterator[None]:
    """Parse and translate each SPARQL text once while pyshacl validates.

    pyshacl runs a shape's ``sh:sparql`` query once per focus node, with the same text
    and ``$this`` bound through ``initBindings``; rdflib re-parses the text every time
    (measured: 65% of a 62k-triple validation).  A translated query is reusable with
    any bindings (it is what ``rdflib.plugins.sparql.prepareQuery`` returns), so the
    results are those of the uncached run, only faster.
    """
    original = _sparql_processor.SPARQLProcessor.query
    cache: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], object] = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # type: ignore[no-untyped-def]  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items())))
            translated = cache.get(key)
            if translated is None:
                translated = cache[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = translated
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    _sparql_processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        _sparql_processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


def validate(data: Graph, shapes: Graph, ontology: Graph) -> ValidationReport:
    """Validate ``data`` against ``shapes``, with ``ontology`` mixed into the data (see module doc)."""
    conforms, report_graph = run_shacl(data, shapes, ontology)
    for prefix, namespace in data.namespaces():
        report_graph.bind(prefix, namespace, override=False)
    report_graph.bind("sh", SH)
    labels = Graph()
    for triple in data:
        labels.add(triple)
    for triple in ontology:
        labels.add(triple)
    for prefix, namespace in data.namespaces():
        labels.bind(prefix, namespace, override=False)
    return ValidationReport(
        conforms=bool(conforms),
        results=results_of(report_graph, shapes),
        graph=report_graph,
        data=labels,
    )


#: Above this many data triples ``validate_scoped`` splits the validation (smaller graphs: one pyshacl run).
SCOPED_MIN_TRIPLES = 50_000
#: Subjects per chunk of ``validate_scoped``.
SCOPED_CHUNK = 20_000
_SCOPED: dict[str, Any] = {}


def validate_scoped(data: Graph, shapes: Graph, ontology: Graph, *, jobs: int | None = None,
                    chunk: int = SCOPED_CHUNK, min_triples: int = SCOPED_MIN_TRIPLES) -> ValidationReport:
    """``validate``'s verdict and results, computed chunk by chunk (in ``jobs`` processes).

    Uses the locality argument of incremental validation (``newskg.rdf.incremental``,
    "Validation"): with shapes ``locality.supports`` accepts, a node's results depend only on
    its own triples and those of its value nodes.  So the subjects are split into chunks;
    each chunk is validated on its context (``locality.context_graph``: the chunk's triples
    and its value nodes'), keeping the results whose focus node is in the chunk.  The
    union over chunks is the full validation's result set (tests/test_scale.py checks
    it, with a planted violation).  Graphs under ``min_triples`` get ``validate``.
    """
    if len(data) < min_triples or not supports(shapes):
        return validate(data, shapes, ontology)
    subjects = sorted({s for s in data.subjects()}, key=lambda n: (type(n).__name__, str(n)))
    chunks = [subjects[i:i + chunk] for i in range(0, len(subjects), chunk)]
    _SCOPED.update(data=data, shapes=shapes, ontology=ontology, chunks=chunks)
    try:
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(chunks)))
        if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(jobs) as pool:  # children share the graphs
                parts = pool.map(_validate_chunk, range(len(chunks)), chunksize=1)
        else:
            parts = [_validate_chunk(i) for i in range(len(chunks))]
    finally:
        _SCOPED.clear()
    report_graph = Graph()
    for prefix, namespace in data.namespaces():
        report_graph.bind(prefix, namespace, override=False)
    report_graph.bind("sh", SH)
    root = BNode()
    results: list[Violation] = []
    for part_results, triples in parts:
        results.extend(part_results)
        for triple in triples:
            report_graph.add(triple)
    for result in {s for s, p, _ in report_graph if p == SH.focusNode}:
        report_graph.add((root, SH.result, result))
    conforms = not any(v.severity == "Violation" for v in results)
    report_graph.add((root, RDF.type, SH.ValidationReport))
    report_graph.add((root, SH.conforms, Literal(conforms)))
    results.sort(key=lambda v: (str(v.focus), str(v.path), str(v.value), v.message))
    return ValidationReport(conforms=conforms, results=results, graph=report_graph, data=data)


def _validate_chunk(index: int) -> tuple[list[Violation], list[tuple[Node, Node, Node]]]:
    data, shapes, ontology = _SCOPED["data"], _SCOPED["shapes"], _SCOPED["ontology"]
    focus = set(_SCOPED["chunks"][index])
    context = context_graph(MemorySource(data), Graph(), Graph(), focus)
    _, report = run_shacl(context, shapes, ontology)
    results = [v for v in results_of(report, shapes) if v.focus in focus]
    triples: list[tuple[Node, Node, Node]] = []
    kept = [r for r in report.objects(None, SH.result) if report.value(r, SH.focusNode) in focus]
    seen: set[Node] = set()
    while kept:  # each kept result with the blank nodes it refers to (paths ...)
        node = kept.pop()
        if node in seen:
            continue
        seen.add(node)
        for s, p, o in report.triples((node, None, None)):
            triples.append((s, p, o))
            if isinstance(o, BNode):
                kept.append(o)
    return results, triples


def results_of(report: Graph, shapes: Graph) -> list[Violation]:
    results = []
    for result in report.objects(None, SH.result):
        shape = report.value(result, SH.sourceShape)
        # pySHACL copies the shape's sh:message into sh:resultMessage, filling in {?value}
        # templates of SPARQL constraints; it writes its own message when the shape has none.
        message = _result_message(report, result) or _shape_message(shapes, shape)
        severity = report.value(result, SH.resultSeverity)
        results.append(
            Violation(
                focus=report.value(result, SH.focusNode),
                path=report.value(result, SH.resultPath),
                value=report.value(result, SH.value),
                shape=shape,
                message=message or "breaks a shape constraint",
                severity=local_name(severity) if severity is not None else "Violation",
            )
        )
    results.sort(key=lambda v: (str(v.focus), str(v.path), str(v.value), v.message))
    return results


def _result_message(report: Graph, result: Node) -> str:
    messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    english = sorted(str(m) for m in messages if m.language in (None, "en"))
    others = sorted(str(m) for m in messages)
    return english[0] if english else (others[0] if others else "")


def _shape_message(shapes: Graph, shape: Node | None) -> str:
    if shape is None:
        return ""
    messages = sorted(str(m) for m in shapes.objects(shape, SH.message))
    english = [str(m) for m in shapes.objects(shape, SH.message) if isinstance(m, Literal) and m.language in (None, "en")]
    return sorted(english)[0] if english else (messages[0] if messages else "")
