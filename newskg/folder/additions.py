"""User RDF additions: reading one input file, its key and its provenance, and the files
an addition is stored as (``additions/<n>-<key>.nt`` in the graph folder).

Provenance of user RDF: a source node ``id:addition/<key>`` (typed ``news:Article`` so
the ``evidence`` and ``articles`` queries see it) with ``dcterms:identifier
"addition-<key>"``, ``dcterms:source`` (the file name), ``dcterms:created`` (when) and
``prov:wasAttributedTo id:user/<name>`` (who, ``--by``).  Every fact node of the
addition gets ``prov:wasDerivedFrom`` that source and, if it has no evidence of its
own, a ``news:Evidence`` (rule ``"user"``, confidence 1) pointing at it.  The key is a
hash of the addition's triples (blank nodes skolemised to stable IRIs): adding the same
facts again, from any file or user, is recognised and changes nothing.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from newskg.errors import RDFInputError, UsageError
from newskg.extract.model import make_key
from newskg.folder.store import ADDITIONS_DIR, INFERRED_SUFFIX, check_syntax, locate_error
from newskg.inputs import RDF_FORMATS, read_input
from newskg.rdf.incremental import ontology_closure
from newskg.rdf.vocab import NEWS, iri

#: Larger inputs are refused: `add` is for article-sized changes; use `build` for corpora.
MAX_INPUT_BYTES = 20 * 1024 * 1024
USER_RULE = "user"


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


def read_input_file(path: str) -> tuple[bytes, str]:
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
    data, name = read_input_file(path)
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
        message, line = locate_error(Path(f"input{suffix}"), data, exc)
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
        line = line_of(fact, addition)
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


def line_of(node: Node, addition: Addition) -> int | None:
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


def next_number(entries: list[dict[str, Any]]) -> int:
    """The sequence number of the next addition file (one more than the highest)."""
    numbers = [int(Path(e["file"]).name.split("-", 1)[0]) for e in entries]
    return max(numbers, default=0) + 1


def serialize_nt(graph: Graph) -> bytes:
    """Sorted N-Triples: the same triples always give the same bytes."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "".join(line + "\n" for line in lines).encode("utf-8")


def user_graph(graph_dir: Path) -> Graph:
    """The triples of the user RDF additions (``additions/*.nt``, without their inferences)."""
    graph = Graph()
    folder = graph_dir / ADDITIONS_DIR
    for path in sorted(folder.glob("*.nt")) if folder.is_dir() else []:
        if not path.name.endswith(INFERRED_SUFFIX):
            graph.parse(path, format="nt")
    return graph
