"""Add to and retract from a built graph folder, validated incrementally and committed atomically.

    add(files, graph_dir)        RDF files (.ttl .nt .trig .jsonld, ``-`` = Turtle on stdin) or articles
    retract(ids, graph_dir)      articles (or user additions) by id

Where things live (the graph folder, docs/model.md)
---------------------------------------------------
- ``asserted.ttl``/``inferred.ttl``: what the articles say (and its OWL RL inferences),
  exactly as ``newskg build`` maps it from ``extractions.jsonl``.
- ``additions/<n>-<key>.nt``: one file per user RDF addition (sorted N-Triples), the
  user's triples plus their provenance; ``additions/<n>-<key>.inferred.nt`` holds the
  inferences that addition enabled.  ``store.load_graph`` reads them with the rest.
- An article added with ``add`` becomes one more record of ``extractions.jsonl``
  (marked ``"added"``); the corpus is then re-resolved and re-mapped as ``build`` does,
  so names merge with existing people and ``asserted.ttl`` is what a build of all
  those articles gives.  ``retract`` drops records (or addition files) the same way.
- ``newskg build`` carries both kinds of user additions over (``carry_over``: the records
  ``bulk.is_added`` marks, and the addition files) and
  re-validates them with the rebuilt graph; builds stay byte-deterministic because the
  timestamps live only in the addition files, which are copied as they are.

Provenance of user RDF: a source node ``id:addition/<key>`` (typed ``news:Article`` so
the ``evidence`` and ``articles`` queries see it) with ``dcterms:identifier
"addition-<key>"``, ``dcterms:source`` (the file name), ``dcterms:created`` (when) and
``prov:wasAttributedTo id:user/<name>`` (who, ``--by``).  Every fact node of the
addition gets ``prov:wasDerivedFrom`` that source and, if it has no evidence of its
own, a ``news:Evidence`` (rule ``"user"``, confidence 1) pointing at it.  The key is a
hash of the addition's triples (blank nodes skolemised to stable IRIs): adding the same
facts again, from any file or user, is recognised and changes nothing.

Incremental validation (``check_delta``)
----------------------------------------
The stored graph G conforms (every commit checks it).  For G' = G + added - removed,
the focus nodes whose result can differ are:

1. the subjects of added/removed triples (their own description changed), and
2. the nodes linking to such a subject through any predicate, when the change is on a
   predicate a shape reads *on a value node*: ``rdf:type`` (``sh:class``) and the second
   step of paths (``news:post/org:postIn``, ``news:evidence/news:article`` in the SPARQL
   constraints), see ``locality.value_predicates``.

Why that is enough: every shape in ``ontology/shapes.ttl`` reads only the focus node's
own triples and, for each value node, that node's own triples (its types, or one more
step of a path); no shape uses inverse paths or subject/object targets (``locality.supports``
checks this and refuses otherwise).  So a node's result
depends on triples whose subject is the node or one of its values; a change with
subject s can only affect s and the nodes with an edge to s.  Validation runs pyshacl
on a context subgraph -- all triples of the focus nodes and of their value nodes,
from G' -- and keeps the results whose focus node is one of them (the value nodes are
described in part, so their own results mean nothing; pyshacl's ``focus_nodes``
option is not used because it also skips the value nodes of ``sh:node``
constraints).  tests/test_update.py runs this and a full pyshacl validation of G' on
a set of deltas and requires the same results.

Incremental inference (``infer_delta``): the OWL RL closure of ontology + delta + the
stored triples (asserted and inferred) touching the delta's nodes, widened until no
newly derived triple mentions a node outside the context (a fixpoint).  OWL RL rules
join their data premises on shared nodes, and the stored inferences already hold the
closure of G (e.g. transitive ``org:transitiveSubOrganizationOf``), so this gives the
triples the full closure of G' adds (checked against ``reasoning.infer`` in the tests).

Commit: unchanged files are hard-linked into a new sibling folder, the new files are
written there, and the two folders are exchanged atomically (``store.commit_files``).
An RDF addition never rewrites ``asserted.ttl``; its cost does not grow with the
graph.  To find the stored triples touching a delta without parsing the graph, a
pyoxigraph store serves as index (``graph_index``: the folder's own store with
``--store oxigraph``, else ``.<name>.index`` next to the folder); it is reloaded from the
folder's files whenever the folder state it records does not match.  After each commit
the folder's store (Oxigraph or a SPARQL server) gets the delta (``backends.sync_store``).
Writers take an advisory lock (``.<name>.lock`` next to the folder).  Article adds and
retractions re-map the corpus, so they rewrite ``asserted.ttl``/``inferred.ttl`` (with
``store.write_graph_folder``, atomic too) and recompute the inferences in full;
only RDF additions are append-only and incremental in their inferences.
"""

from __future__ import annotations

import getpass
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import owlrl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, XSD
from rdflib.term import Node

from newskg import settings
from newskg.errors import RDFInputError, ShapeViolation, UsageError
from newskg.extract.articles import read_article
from newskg.extract.bulk import file_hash, is_added, mark_added, may_be_added
from newskg.extract.entities import resolve_entities
from newskg.extract.extractor import extract
from newskg.extract.model import ExtractionResult, make_key, result_from_dict, result_to_dict
from newskg.folder.backends import OxigraphBackend, make_backend, store_of, sync_store
from newskg.folder.integrity import after_commit
from newskg.folder.lock import writing  # the one lock of every writer (build too)
from newskg.folder.schema import load_ontology, load_shapes
from newskg.folder.store import (
    ADDITIONS_DIR,
    INFERRED_SUFFIX,
    _locate_error,
    bind_prefixes,
    check_syntax,
    commit_files,
    folder_graph_files,
    graph_files,
    rdf_format,
    read_manifest,
    serialize_manifest,
    write_graph_folder,
)
from newskg.inputs import RDF_FORMATS, read_input
from newskg.rdf import reasoning
from newskg.rdf.locality import MemorySource, TripleSource, context_graph, focus_nodes, supports
from newskg.rdf.reasoning import JUNK_TERMS, is_junk
from newskg.rdf.review import REVIEW_FILE, serialize_candidates, split_by_confidence
from newskg.rdf.triples import to_graph
from newskg.rdf.validation import results_of, run_shacl
from newskg.rdf.vocab import NEWS, iri
from newskg.report import ValidationReport, describe

__all__ = ["AddReport", "MemorySource", "TripleSource", "graph_index", "add", "carry_over", "check_delta", "infer_delta",
           "retract"]

Triple = tuple[Node, Node, Node]
#: Larger inputs are refused: `add` is for article-sized changes; use `build` for corpora.
MAX_INPUT_BYTES = 20 * 1024 * 1024
USER_RULE = "user"
#: What to do when the index or store update after a commit failed (newskg.folder.integrity.after_commit).
_REPAIR = "the next command rebuilds the index from the graph files (the store: the next query reloads it)."


class AdditionRejected(ShapeViolation):
    """The addition breaks the SHACL shapes together with the stored graph; nothing was changed."""

    def __init__(self, report: ValidationReport, text: str) -> None:
        super().__init__(report, "the addition breaks the SHACL shapes; the graph folder was not changed.")
        self.text = text


def graph_index(graph_dir: Path | str) -> OxigraphBackend:
    """Pattern access to the stored triples of a graph folder, without parsing its files.

    A folder built with ``--store oxigraph`` is looked up in its own store; for the other
    stores a pyoxigraph store next to the folder (``.<name>.index``) serves as the index.
    Either is reloaded from the files when it does not hold the folder's state.
    """
    graph_dir = Path(graph_dir)
    if store_of(graph_dir) == "oxigraph":
        return OxigraphBackend(graph_dir)
    return OxigraphBackend(graph_dir, path=graph_dir.parent / f".{graph_dir.name}.index")


@contextmanager
def locked(graph_dir: Path) -> Iterator[None]:
    """One writer at a time per graph folder (an advisory lock file next to it)."""
    with writing(graph_dir):
        yield


# ── incremental validation ──────────────────────────────────────────────────


def check_delta(
    source: TripleSource, added: Graph, removed: Graph, shapes: Graph, ontology: Graph,
) -> ValidationReport:
    """Validate G' = stored + added - removed on the focus nodes the change touches only.

    Gives the results a full validation of G' gives when the stored graph conforms.
    """
    if not supports(shapes):
        raise UsageError("the shapes use constructs incremental validation does not handle; use `newskg build`.")
    focus = focus_nodes(source, added, removed, shapes)
    context = context_graph(source, added, removed, focus)
    for prefix, namespace in added.namespaces():
        context.bind(prefix, namespace, override=False)
    if not focus:
        return ValidationReport(conforms=True, data=context)
    # pyshacl's own ``focus_nodes`` option is not used: it also filters the value nodes
    # of sh:node constraints (which are then skipped and pass).  The whole context is
    # validated and only the focus nodes' results are kept; the other nodes of the
    # context are described in part, so their results mean nothing.
    _, report_graph = run_shacl(context, shapes, ontology)
    results = [v for v in results_of(report_graph, shapes) if v.focus in focus]
    conforms = not any(v.severity == "Violation" for v in results)
    labels = Graph()
    for prefix, namespace in context.namespaces():
        labels.bind(prefix, namespace, override=False)
    for triple in context:
        labels.add(triple)
    for triple in ontology:
        labels.add(triple)
    return ValidationReport(conforms=conforms, results=results, graph=_report_for(report_graph, focus), data=labels)


def _report_for(report: Graph, focus: set[Node]) -> Graph:
    """The pyshacl report graph restricted to the results about ``focus`` nodes."""
    kept = Graph()
    for prefix, namespace in report.namespaces():
        kept.bind(prefix, namespace)
    root = report.value(None, RDF.type, SH.ValidationReport)
    conforms = True
    for result in report.objects(root, SH.result):
        if report.value(result, SH.focusNode) not in focus:
            continue
        conforms = conforms and report.value(result, SH.resultSeverity) != SH.Violation
        kept.add((root, SH.result, result))  # type: ignore[arg-type]
        for triple in report.triples((result, None, None)):
            kept.add(triple)
    if root is not None:
        kept.add((root, RDF.type, SH.ValidationReport))
        kept.add((root, SH.conforms, Literal(conforms)))
    return kept


# ── incremental inference ───────────────────────────────────────────────────

_ONTOLOGY_CLOSURE: dict[int, tuple[Graph, Graph]] = {}
_XSD_STRING_TERM = XSD.string


def _engine() -> str:
    """The reasoner ``reasoning.infer`` uses by default."""
    return reasoning.default_engine()


def _closure_of(triples: Sequence[Triple]) -> set[Triple]:
    """The OWL RL closure of ``triples`` (owlrl's semantics; the Rust ``reasonable`` when installed)."""
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    if _engine() == "reasonable":
        import reasonable

        reasoner = reasonable.PyReasoner()
        reasoner.from_graph(graph)
        closure: set[Triple] = set(graph)
        for s, p, o in reasoner.reason():
            if isinstance(o, Literal) and o.datatype == _XSD_STRING_TERM:
                o = Literal(str(o))  # plain literals, as rdflib parses them
            closure.add((s, p, o))
        return closure
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False,
                           rdfs_closure=False).expand(graph)
    return set(graph)


def ontology_closure(ontology: Graph) -> Graph:
    """The OWL RL closure of the ontology alone (cached per ontology graph)."""
    cached = _ONTOLOGY_CLOSURE.get(id(ontology))
    if cached is None or cached[0] is not ontology:
        closed = Graph()
        for triple in _closure_of(list(ontology)):
            closed.add(triple)
        cached = (ontology, closed)
        _ONTOLOGY_CLOSURE[id(ontology)] = cached
    return cached[1]


def joining_predicates(closed_ontology: Graph) -> set[Node]:
    """Predicates whose OWL RL rules join two triples on an *object* (transitive,
    symmetric, inverse functional properties, owl:sameAs) -- the only ones for which
    ``infer_delta`` needs the triples pointing at a touched node."""
    kinds = (OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.InverseFunctionalProperty)
    preds: set[Node] = {OWL.sameAs}
    for kind in kinds:
        preds |= set(closed_ontology.subjects(RDF.type, kind))
    for chain in list(closed_ontology.objects(None, OWL.propertyChainAxiom)):
        preds |= set(Collection(closed_ontology, chain))
    return preds


def _data_nodes(triples: Iterable[Triple], terms: set[Node]) -> set[Node]:
    nodes: set[Node] = set()
    for s, p, o in triples:
        if isinstance(s, (URIRef, BNode)) and s not in terms:
            nodes.add(s)
        if p != RDF.type and isinstance(o, (URIRef, BNode)) and o not in terms:
            nodes.add(o)
    return nodes


def infer_delta(source: TripleSource, added: Graph, ontology: Graph) -> Graph:
    """The triples the OWL RL closure of G + added has beyond G's closure and ``added`` itself.

    Same filters as ``reasoning.infer``: subjects are data resources, no junk.
    """
    closed_ontology = ontology_closure(ontology)
    terms: set[Node] = set(ontology.subjects()) | set(closed_ontology.subjects()) | set(JUNK_TERMS)
    terms |= set(added.predicates()) | set(added.objects(None, RDF.type))
    touched = _data_nodes(added, terms)
    fetched: set[Node] = set()
    stored: set[Triple] = set()
    joining = joining_predicates(closed_ontology)

    def in_graph(t: Triple) -> bool:
        return t in stored or any(True for _ in source.asserted(*t)) or any(True for _ in source.inferred(*t))

    while True:
        for node in touched - fetched:
            stored.update(source.asserted(node, None, None))
            stored.update(source.inferred(node, None, None))
            for p in joining:  # rules joining on the object: transitivity, inverse functionality, sameAs
                stored.update(source.asserted(None, p, node))
                stored.update(source.inferred(None, p, node))
        fetched |= touched
        closure = _closure_of([*closed_ontology, *stored, *added])
        all_terms = terms | {p for _, p, _ in stored} | {o for _, p, o in stored if p == RDF.type}
        new = [t for t in closure if t not in added and t not in closed_ontology and t not in stored
               and isinstance(t[0], (URIRef, BNode)) and t[0] not in all_terms and not is_junk(*t, all_terms)
               and not in_graph(t)]
        grown = _data_nodes(new, all_terms) - fetched
        if not grown:
            break
        touched |= grown
    inferred = Graph(bind_namespaces="none")
    for prefix, namespace in added.namespaces():
        inferred.bind(prefix, namespace)
    for triple in new:
        inferred.add(triple)
    return inferred


# ── reading what is added ───────────────────────────────────────────────────


@dataclass
class Addition:
    """One RDF file to add: its triples (blank nodes skolemised), key, text and provenance."""

    name: str  # the file as given ("-" for stdin)
    graph: Graph
    key: str
    text: str
    by: str
    at: str

    @property
    def source(self) -> URIRef:
        return iri(f"addition/{self.key}")


def _read_input(path: str) -> tuple[bytes, str]:
    if path == "-":
        return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1), "<stdin>"
    file = Path(path)
    if not file.exists():
        raise RDFInputError(file, "no such file")
    if file.is_dir():
        raise RDFInputError(file, "is a folder, not a file")
    size = file.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise UsageError(
            f"{file}: {size / 1e6:.1f} MB is too large for `newskg add` (at most {MAX_INPUT_BYTES // 1_000_000} MB); "
            "put articles in the articles folder and run `newskg build`.")
    return read_input(file, "input of `newskg add`", MAX_INPUT_BYTES), str(file)  # regular files only


def parse_addition(path: str, fmt: str | None, by: str, at: str) -> Addition:
    """Parse one RDF input; errors name the file and line (``RDFInputError``, exit 2)."""
    data, name = _read_input(path)
    if len(data) > MAX_INPUT_BYTES:
        raise UsageError(f"{name}: more than {MAX_INPUT_BYTES // 1_000_000} MB on standard input is too large for `newskg add`.")
    suffix = f".{fmt}" if fmt else (".ttl" if path == "-" else Path(path).suffix.lower())
    suffix = {".turtle": ".ttl", ".json-ld": ".jsonld", ".ntriples": ".nt"}.get(suffix, suffix)
    if suffix not in RDF_FORMATS:
        known = ", ".join(sorted(RDF_FORMATS))
        raise RDFInputError(name, f"unknown RDF format {suffix!r} (known: {known}, or .txt/.md articles)")
    if not data.strip():
        raise RDFInputError(name, "is empty: nothing to add")
    if b"\x00" in data:
        raise RDFInputError(name, "is a binary file, not RDF text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        raise RDFInputError(name, f"is not UTF-8 text (undecodable byte 0x{data[exc.start]:02x})", bad_line) from None
    check_syntax(Path(f"input{suffix}"), data, name)  # strict: an IRI with a space, XML entities refused
    rdf_fmt = RDF_FORMATS[suffix][0]
    graph = Graph()
    base = Path(path).resolve().as_uri() if path != "-" else "file:///stdin"
    try:
        if rdf_fmt in ("trig", "nquads"):  # named graphs too: their triples are all added
            dataset = Dataset()
            dataset.parse(data=data, format=rdf_fmt, publicID=base)
            for prefix, namespace in dataset.namespaces():
                graph.bind(prefix, namespace)
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph.parse(data=data, format=rdf_fmt, publicID=base)
    except Exception as exc:  # rdflib's parsers raise many unrelated exception types
        message, line = _locate_error(Path(f"input{suffix}"), data, exc)
        raise RDFInputError(name, message, line) from None
    if len(graph) == 0:
        raise RDFInputError(name, "holds no triples: nothing to add")
    graph = skolemise(graph)
    lines = sorted(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines())
    key = make_key(*(line for line in lines if line.strip()))
    return Addition(name=name, graph=graph, key=key, text=text, by=by, at=at)


def skolemise(graph: Graph) -> Graph:
    """Blank nodes become stable IRIs (``id:node/<hash>``) derived from the graph's content."""
    if not any(isinstance(t, BNode) for triple in graph for t in triple):
        return graph
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)
    for s, p, o in to_canonical_graph(graph):
        out.add(tuple(iri(f"node/{t}") if isinstance(t, BNode) else t for t in (s, p, o)))  # type: ignore[arg-type]
    return out


def with_provenance(addition: Addition, ontology: Graph) -> Graph:
    """The addition's triples plus who added them, when and from which file (module doc)."""
    graph = Graph()
    for prefix, namespace in addition.graph.namespaces():
        graph.bind(prefix, namespace)
    for triple in addition.graph:
        graph.add(triple)
    source = addition.source
    user = iri(f"user/{_slug(addition.by)}")
    file_name = Path(addition.name).name
    graph.add((source, RDF.type, NEWS.Article))
    graph.add((source, DCTERMS.identifier, Literal(f"addition-{addition.key}")))
    graph.add((source, DCTERMS.title, Literal(f"Added by {addition.by} from {file_name}")))
    graph.add((source, DCTERMS.source, Literal(file_name)))
    graph.add((source, DCTERMS.created, Literal(addition.at, datatype=XSD.dateTime)))
    graph.add((source, PROV.wasAttributedTo, user))
    graph.add((user, RDF.type, PROV.Agent))
    graph.add((user, RDFS.label, Literal(addition.by)))
    fact_classes = set(ontology_closure(ontology).subjects(RDFS.subClassOf, NEWS.Fact)) | {NEWS.Fact}
    facts = sorted({s for s, o in addition.graph.subject_objects(RDF.type) if o in fact_classes}, key=str)
    for fact in facts:
        graph.add((fact, PROV.wasDerivedFrom, source))
        if (fact, NEWS.evidence, None) in addition.graph:
            continue
        evidence = iri(f"evidence/{make_key(str(fact), addition.key)}")
        line = _line_of(fact, addition)
        where = f"{file_name}, line {line}" if line else file_name
        graph.add((fact, NEWS.evidence, evidence))
        graph.add((evidence, RDF.type, NEWS.Evidence))
        graph.add((evidence, NEWS.article, source))
        graph.add((evidence, NEWS.sentence, Literal(f"Stated by {addition.by} in {where} on {addition.at}.")))
        graph.add((evidence, NEWS.rule, Literal(USER_RULE)))
        graph.add((evidence, NEWS.confidence, Literal(Decimal("1.0"))))
    return graph


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unknown"


_BASE = re.compile(r"(?:@base|BASE)\s*<([^>]*)>", re.IGNORECASE)


def _line_of(node: Node, addition: Addition) -> int | None:
    """The first input line naming ``node`` (by full IRI or by a prefixed name), if any."""
    if not isinstance(node, URIRef):
        return None
    needles = [f"<{node}>"]
    for base in _BASE.findall(addition.text):
        if str(node).startswith(base) and len(str(node)) > len(base):
            needles.append(f"<{str(node)[len(base):]}>")
    for prefix, namespace in addition.graph.namespaces():
        if prefix and str(node).startswith(str(namespace)):
            local = str(node)[len(str(namespace)):]
            needles += [f"{prefix}:{local}", f"{prefix}:{local.replace('/', chr(92) + '/')}"]
    for number, line in enumerate(addition.text.splitlines(), start=1):
        for needle in needles:
            at = line.find(needle)
            if at >= 0 and (at + len(needle) == len(line) or not re.match(r"[\w/-]", line[at + len(needle)])):
                return number
    return None


# ── add ─────────────────────────────────────────────────────────────────────


@dataclass
class AddReport:
    """What ``add`` did (or, with ``dry_run``, would do)."""

    graph_dir: Path
    added: Graph
    removed: Graph
    inferred: Graph
    validation: ValidationReport
    skipped: list[str] = field(default_factory=list)  # inputs already in the graph
    committed: bool = False
    index_rebuilt: bool = False

    def counts(self) -> dict[str, int]:
        """New nodes per class (local name)."""
        counts: Counter[str] = Counter()
        for _, o in self.added.subject_objects(RDF.type):
            counts[_local(o)] += 1
        return dict(sorted(counts.items()))

    def facts_table(self) -> str:
        """The new fact nodes, one row each: kind, node, then property = value."""
        rows = []
        graph = self.added
        kinds = {s: _local(o) for s, o in graph.subject_objects(RDF.type)
                 if (s, NEWS.evidence, None) in graph or (s, PROV.wasDerivedFrom, None) in graph}
        for node in sorted(kinds, key=str):
            values = []
            for p, o in sorted(graph.predicate_objects(node)):
                if p in (RDF.type, NEWS.evidence, PROV.wasDerivedFrom):
                    continue
                values.append(f"{_local(p)}={_local(o) if isinstance(o, URIRef) else o}")
            sources = sorted(_local(o) for o in graph.objects(node, PROV.wasDerivedFrom))
            rows.append(f"{kinds[node]:<11} {_tail(node):<30} {'; '.join(values)}  [sources: {', '.join(sources)}]")
        return "\n".join(rows)

    def summary(self) -> str:
        if not len(self.added) and not len(self.removed):
            return f"nothing to add to {self.graph_dir}: " + (
                f"already there ({', '.join(self.skipped)})." if self.skipped else "no new triples.")
        verb = "added" if self.committed else "would add"
        counts = ", ".join(f"{n} {k}" for k, n in self.counts().items()) or "no new typed nodes"
        removed = f", removed {len(self.removed)}" if len(self.removed) else ""
        return (f"{verb} {len(self.added)} triples{removed} ({counts}) and {len(self.inferred)} inferred triples "
                f"to {self.graph_dir}; the graph conforms.")


def _local(node: Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if isinstance(node, URIRef) else text


def _tail(node: Node) -> str:
    return str(node).split("/id/", 1)[-1]


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def add(
    files: Sequence[str | Path],
    graph_dir: Path | str | None = None,
    *,
    fmt: str | None = None,
    by: str | None = None,
    dry_run: bool = False,
    ontology: Graph | None = None,
    shapes: Graph | None = None,
    at: str | None = None,
) -> AddReport:
    """Validate ``files`` together with the stored graph and commit them atomically.

    Raises ``RDFInputError``/``UsageError`` (exit 2) on bad input and
    ``AdditionRejected`` (exit 1) on shape violations; the folder is then unchanged.
    """
    graph_dir = Path(graph_dir or settings.GRAPH_DIR)
    graph_files(graph_dir)  # GraphNotFound early
    if not files:
        raise UsageError("name at least one file to add (or - for Turtle on standard input).")
    ontology = ontology if ontology is not None else load_ontology()
    shapes = shapes if shapes is not None else load_shapes()
    by = by or default_user()
    at = at or now()
    names = [str(f) for f in files]
    articles = [n for n in names if n != "-" and Path(n).suffix.lower() in settings.ARTICLE_SUFFIXES and not fmt]
    rdf_inputs = [parse_addition(n, fmt, by, at) for n in names if n not in articles]
    with locked(graph_dir):
        done = {a["key"] for a in read_manifest(graph_dir).get("additions", [])}
        skipped = [f"{a.name} (addition-{a.key})" for a in rdf_inputs if a.key in done]
        fresh, seen = [], set(done)
        for addition in rdf_inputs:
            if addition.key not in seen:
                seen.add(addition.key)
                fresh.append(addition)
        if articles:
            return _add_articles(graph_dir, articles, fresh, skipped, ontology, shapes, by, at, dry_run)
        return _add_rdf(graph_dir, fresh, skipped, ontology, shapes, dry_run)


def _report_text(report: ValidationReport, additions: Sequence[Addition], shapes: Graph) -> str:
    """The violations in words: node, property, value, message, shape and the input line."""
    count = len(report.results)
    lines = [f"The addition breaks the SHACL shapes: {count} result{'s' if count != 1 else ''}."]
    for v in report.results:
        where = ""
        for addition in additions:
            line = _line_of(v.focus, addition) if v.focus is not None else None
            if line:
                where = f" [{addition.name}, line {line}]"
                break
        label = shapes.value(v.shape, RDFS.label) if v.shape is not None else None
        shape = f' (shape "{label}")' if label is not None else ""
        lines.append(f"- {describe(v, report.data)}{shape}{where}")
    return "\n".join(lines)


def _reject(report: ValidationReport, additions: Sequence[Addition], shapes: Graph) -> AdditionRejected:
    return AdditionRejected(report, _report_text(report, additions, shapes))


def _add_rdf(graph_dir: Path, additions: list[Addition], skipped: list[str], ontology: Graph, shapes: Graph,
             dry_run: bool) -> AddReport:
    index = graph_index(graph_dir)
    index.open()
    try:
        added = Graph()
        per_file: list[tuple[Addition, Graph]] = []
        for addition in additions:
            graph = with_provenance(addition, ontology)
            new = Graph()
            for prefix, namespace in graph.namespaces():
                new.bind(prefix, namespace)
                added.bind(prefix, namespace, override=False)
            for triple in graph:
                if triple not in added and not any(True for _ in index.asserted(*triple)):
                    new.add(triple)
                    added.add(triple)
            per_file.append((addition, new))
        removed = Graph()
        report = check_delta(index, added, removed, shapes, ontology)
        if not report.conforms:
            raise _reject(report, additions, shapes)
        inferred = infer_delta(index, added, ontology) if len(added) else Graph()
        result = AddReport(graph_dir, added, removed, inferred, report, skipped, index_rebuilt=index.rebuilt)
        if dry_run or not per_file:
            return result
        manifest = read_manifest(graph_dir)
        entries = list(manifest.get("additions", []))
        files: dict[str, bytes] = {}
        for addition, new in per_file:
            number = _next_number(entries)
            stem = f"{ADDITIONS_DIR}/{number:06d}-{addition.key}"
            own_inferred = infer_share(inferred, new, per_file)
            files[f"{stem}.nt"] = serialize_nt(new)
            files[f"{stem}{INFERRED_SUFFIX}"] = serialize_nt(own_inferred)
            entries.append({"key": addition.key, "file": f"{stem}.nt", "id": f"addition-{addition.key}",
                            "source": Path(addition.name).name, "by": addition.by, "at": addition.at,
                            "triples": len(new), "inferred": len(own_inferred)})
        manifest["additions"] = entries
        counts = manifest.setdefault("counts", {})
        counts["asserted_triples"] = counts.get("asserted_triples", 0) + len(added)
        counts["inferred_triples"] = counts.get("inferred_triples", 0) + len(inferred)
        files[settings.MANIFEST_FILE] = serialize_manifest(manifest)
        store = make_backend(store_of(graph_dir), graph_dir)
        store_in_step = store.kind != "sparql" or store.in_step()
        index.close()  # the folder's own store moves into the new version
        commit_files(graph_dir, files)
        result.committed = True
        with after_commit("updating the index or store", _REPAIR):  # the commit stands whatever happens here
            index.apply(added, inferred)
            index.close()
            if store.kind == "sparql":
                sync_store(store, store_in_step, added, inferred)
        return result
    finally:
        index.close()


def _next_number(entries: list[dict[str, Any]]) -> int:
    """The sequence number of the next addition file (one more than the highest)."""
    numbers = [int(Path(e["file"]).name.split("-", 1)[0]) for e in entries]
    return max(numbers, default=0) + 1


def infer_share(inferred: Graph, new: Graph, per_file: list[tuple[Addition, Graph]]) -> Graph:
    """The inferred triples stored with one addition file (all of them with the first file)."""
    if per_file and per_file[0][1] is new:
        return inferred
    return Graph()


def serialize_nt(graph: Graph) -> bytes:
    """Sorted N-Triples: the same triples always give the same bytes."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "".join(line + "\n" for line in lines).encode("utf-8")


# ── articles: re-resolve and re-map the corpus from the stored extractions ──


def read_records(graph_dir: Path, line_filter: Callable[[str], bool] | None = None) -> list[dict[str, Any]]:
    """The records of ``extractions.jsonl`` (one per article), in file order; with ``line_filter``,
    only those whose line passes it (a cheap test before parsing the JSON)."""
    path = graph_dir / settings.EXTRACTIONS_FILE
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and (line_filter is None or line_filter(line))]


def added_records(graph_dir: Path) -> list[dict[str, Any]]:
    """The extraction records of the articles added with ``newskg add`` (``bulk.is_added``)."""
    return [r for r in read_records(graph_dir, may_be_added) if is_added(r)]


def serialize_records(records: Iterable[dict[str, Any]]) -> bytes:
    ordered = sorted(records, key=lambda r: r["article"]["id"])
    return "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in ordered).encode("utf-8")


def map_records(records: Sequence[dict[str, Any]], min_confidence: float) -> tuple[Graph, list[Any]]:
    """What ``build`` asserts for these extraction records, and the facts left for review."""

    results = [result_from_dict(r) for r in records]
    results = resolve_entities(results)
    results, candidates = split_by_confidence(results, min_confidence)
    return to_graph(results), candidates


def user_graph(graph_dir: Path) -> Graph:
    """The triples of the user RDF additions (``additions/*.nt``, without their inferences)."""
    graph = Graph()
    folder = graph_dir / ADDITIONS_DIR
    for path in sorted(folder.glob("*.nt")) if folder.is_dir() else []:
        if not path.name.endswith(INFERRED_SUFFIX):
            graph.parse(path, format="nt")
    return graph


def _add_articles(graph_dir: Path, articles: list[str], additions: list[Addition], skipped: list[str],
                  ontology: Graph, shapes: Graph, by: str, at: str, dry_run: bool) -> AddReport:

    records = {r["article"]["id"]: r for r in read_records(graph_dir)}
    changed = False
    for name in articles:
        path = Path(name)
        data = _read_input(name)[0]
        if not data.strip():
            raise UsageError(f"{path}: the article is empty: nothing to add.")
        article = read_article(path)
        digest = file_hash(data)
        old = records.get(article.id)
        if old is not None and old.get("sha256") == digest:
            skipped.append(f"{path} (article {article.id})")
            continue
        record: dict[str, Any] = {"sha256": digest, **result_to_dict(extract(article))}
        records[article.id] = mark_added(record, by=by, at=at, file=path.name)
        changed = True
    if not changed and not additions:
        empty = Graph()
        return AddReport(graph_dir, empty, Graph(), Graph(), ValidationReport(conforms=True), skipped)
    return remap(graph_dir, list(records.values()), additions, set(), ontology, shapes, skipped, dry_run)


def remap(
    graph_dir: Path, records: list[dict[str, Any]], additions: list[Addition], drop_additions: set[str],
    ontology: Graph, shapes: Graph, skipped: list[str], dry_run: bool,
) -> AddReport:
    """New corpus records (+ new user additions, - dropped ones): validate the difference and rewrite."""

    manifest = read_manifest(graph_dir)
    min_confidence = float(manifest.get("min_confidence", 0.5))
    old_mapped, _ = map_records(read_records(graph_dir), min_confidence)
    new_mapped, candidates = map_records(records, min_confidence)
    bind_prefixes(new_mapped, ontology)
    entries = [e for e in manifest.get("additions", []) if e["key"] not in drop_additions]
    old_user = user_graph(graph_dir)
    kept_user = Graph()
    for entry in entries:
        kept_user.parse(graph_dir / entry["file"], format="nt")
    new_files: dict[str, bytes] = {}
    for addition in additions:
        graph = with_provenance(addition, ontology)
        stem = f"{ADDITIONS_DIR}/{_next_number(entries):06d}-{addition.key}"
        new_files[f"{stem}.nt"] = serialize_nt(graph)
        for triple in graph:
            kept_user.add(triple)
        entries.append({"key": addition.key, "file": f"{stem}.nt", "id": f"addition-{addition.key}",
                        "source": Path(addition.name).name, "by": addition.by, "at": addition.at,
                        "triples": len(graph), "inferred": 0})
    # the stored asserted.ttl changes by what the mapping of the records changes (for a
    # folder built from these records it then equals the new mapping exactly)
    stored = Graph().parse(graph_dir / settings.ASSERTED_FILE, format="turtle")
    new_asserted = Graph(bind_namespaces="none")
    bind_prefixes(new_asserted, new_mapped)
    bind_prefixes(new_asserted, stored)
    for triple in stored:
        if triple in new_mapped or triple not in old_mapped:
            new_asserted.add(triple)
    for triple in new_mapped:
        new_asserted.add(triple)
    old_all = stored + old_user
    new_all = new_asserted + kept_user
    bind_prefixes(new_all, new_asserted)
    added, removed = new_all - old_all, old_all - new_all
    for prefix, namespace in new_mapped.namespaces():
        added.bind(prefix, namespace, override=False)
    report = check_delta(MemorySource(new_all - added, Graph()), added, removed, shapes, ontology)
    if not report.conforms:
        raise _reject(report, additions, shapes)
    inferred = reasoning.infer(new_all, ontology, engine=reasoning.default_engine())
    old_inferred = Graph()
    for path, is_inferred in folder_graph_files(graph_dir):
        if is_inferred:
            old_inferred.parse(path, format=rdf_format(path))
    result = AddReport(graph_dir, added, removed, inferred - old_inferred, report, skipped)
    if dry_run or (not len(added) and not len(removed)):
        return result
    manifest["additions"] = entries
    for entry in entries:
        entry["inferred"] = 0
    counts = manifest.setdefault("counts", {})
    counts["asserted_triples"] = len(new_all)
    counts["inferred_triples"] = len(inferred)
    counts["articles"] = len(records)
    counts["review_candidates"] = len(candidates)
    extra: dict[str, bytes] = {
        settings.EXTRACTIONS_FILE: serialize_records(records),
        REVIEW_FILE: serialize_candidates(candidates),
    }
    for entry in entries:
        name = entry["file"]
        extra[name] = new_files[name] if name in new_files else (graph_dir / name).read_bytes()
    report_path = graph_dir / settings.REPORT_FILE
    report_graph = Graph().parse(report_path, format="turtle") if report_path.is_file() else Graph()
    # every inference in inferred.ttl: the additions' own .inferred.nt files are dropped
    inferred_out = Graph(bind_namespaces="none")
    bind_prefixes(inferred_out, inferred)
    for triple in inferred:
        if triple not in kept_user:
            inferred_out.add(triple)
    store = make_backend(store_of(graph_dir), graph_dir)
    index = graph_index(graph_dir) if store.kind != "oxigraph" else None  # the folder's own store is its index
    in_step = store.in_step(), index is not None and index.in_step()
    write_graph_folder(graph_dir, new_asserted, inferred_out, report_graph, manifest, extra=extra, carry_store=True)
    delta = added, inferred_out - old_inferred, removed, old_inferred - inferred_out
    result.committed = True
    with after_commit("updating the index or store", _REPAIR):  # the commit stands whatever happens here
        sync_store(store, in_step[0], *delta)
        if index is not None and in_step[1]:
            index.apply(*delta)
            index.close()
    return result


# ── retract ─────────────────────────────────────────────────────────────────


def retract(
    ids: Sequence[str],
    graph_dir: Path | str | None = None,
    *,
    dry_run: bool = False,
    ontology: Graph | None = None,
    shapes: Graph | None = None,
) -> AddReport:
    """Remove articles (by id) or user additions (``addition-<key>``) and what rests only on them.

    Facts also stated by other articles stay, with those sources only; the corpus is
    re-resolved and re-mapped from the remaining extraction records, so the result
    equals a build of the remaining articles (plus the remaining user additions).
    """
    graph_dir = Path(graph_dir or settings.GRAPH_DIR)
    graph_files(graph_dir)
    if not ids:
        raise UsageError("name at least one article id to retract (see `newskg query articles`).")
    ontology = ontology if ontology is not None else load_ontology()
    shapes = shapes if shapes is not None else load_shapes()
    with locked(graph_dir):
        records = read_records(graph_dir)
        entries = read_manifest(graph_dir).get("additions", [])
        known_articles = {r["article"]["id"] for r in records}
        by_id = {e["id"]: e["key"] for e in entries} | {e["key"]: e["key"] for e in entries}
        unknown = [i for i in ids if i not in known_articles and i not in by_id]
        if unknown:
            raise UsageError(f"no article or addition {', '.join(unknown)} in {graph_dir}; "
                             "see `newskg query articles` for the ids.")
        drop = {by_id[i] for i in ids if i in by_id}
        remaining = [r for r in records if r["article"]["id"] not in set(ids)]
        return remap(graph_dir, remaining, [], drop, ontology, shapes, [], dry_run)


# ── build carries user additions over ───────────────────────────────────────


@dataclass
class CarriedOver:
    """The user additions of an existing graph folder that a rebuild keeps."""

    results: list[ExtractionResult] = field(default_factory=list)  # articles added with `add`
    records: list[dict[str, Any]] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)  # user RDF additions with their provenance
    files: dict[str, bytes] = field(default_factory=dict)
    entries: list[dict[str, Any]] = field(default_factory=list)

    def extractions(self, built: bytes) -> bytes:
        """``extractions.jsonl`` of the rebuild: the built records plus the carried-over articles."""
        if not self.records:
            return built
        records = [json.loads(line) for line in built.decode("utf-8").splitlines() if line.strip()]
        return serialize_records(records + self.records)

    def with_additions(self, asserted: Graph) -> Graph:
        """The asserted graph with the user RDF additions (the graph build validates)."""
        if not len(self.graph):
            return asserted
        data = Graph()
        bind_prefixes(data, asserted)
        for graph in (asserted, self.graph):
            for triple in graph:
                data.add(triple)
        return data


def carry_over(out_dir: Path | str, article_ids: Iterable[str]) -> CarriedOver:
    """What a rebuild of ``out_dir`` keeps: articles added with ``add`` that are not among
    ``article_ids`` (the articles folder wins), and every user RDF addition."""
    out_dir = Path(out_dir)
    carried = CarriedOver()
    if not (out_dir / settings.ASSERTED_FILE).is_file():
        return carried
    ids = set(article_ids)
    for record in added_records(out_dir):
        if record["article"]["id"] not in ids:
            carried.records.append(record)
            carried.results.append(result_from_dict(record))
    for entry in read_manifest(out_dir).get("additions", []):
        path = out_dir / entry["file"]
        if path.is_file():
            carried.files[entry["file"]] = path.read_bytes()
            carried.graph.parse(path, format="nt")
            carried.entries.append({**entry, "inferred": 0})
    return carried
