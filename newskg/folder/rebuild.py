"""What a rebuild may reuse, and what it changes: the previous build of a folder against the new one.

When the resolved facts, additions, ontology, shapes and graph code are those of the last
build (``graph_inputs``, kept in ``GRAPH_INPUTS_FILE``), the previous graph files are reused
as they are (``unchanged_graph``).

When a rebuild's facts differ from the last build of the same folder (one article edited,
added or removed), most of the graph is as it was.  ``previous_change`` (and
``graph_delta`` for rdflib graphs) computes the triples that came and went by comparing the
previous files (parsed with Oxigraph's parser, as N-Triples lines) with the new graph.  The
build then

- derives inferences only around the change (``rules.infer_terms_delta``) when the
  previous inferences were made under the same ontology and reasoning code
  (``inference_key``);
- validates only the nodes the change touches (``validate_changes``: ``incremental.check_delta``
  against the previous folder's triples), which gives the results of a full validation
  when the previous graph conformed and the shapes, ontology and validation code are those
  it was validated with (``validation_key``); and
- applies the delta to the folder's store instead of reloading it.

A delta larger than ``MAX_DELTA_SHARE`` of the graph is not used: past that a full
validation costs less than a context per changed node.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import orjson
import pyoxigraph
from rdflib import BNode, Graph, Literal
from rdflib.compare import to_isomorphic
from rdflib.namespace import RDF, SH

from newskg import settings
from newskg.extract.model import ExtractionResult, result_to_dict
from newskg.folder.backends import OxigraphBackend, graph_index
from newskg.folder.change import validate
from newskg.folder.integrity import read_manifest_if_any
from newskg.folder.store import folder_graph_files, read_manifest
from newskg.inputs import RDF_FORMATS
from newskg.rdf.locality import supports
from newskg.rdf.reasoning import default_engine
from newskg.rdf.terms import to_oxigraph
from newskg.rdf.validation import results_of, shacl_engine
from newskg.report import ValidationReport

#: Above this share of changed triples, a rebuild validates the whole graph.
MAX_DELTA_SHARE = 0.1
#: The file of a graph folder with the hash of the inputs its graph files were built from and the
#: keys below (not in the manifest: it changes with the code, and the manifest is committed).
GRAPH_INPUTS_FILE = "graph-inputs"
#: The code whose behaviour a reused validation depends on.
VALIDATION_MODULES = ("rdf/validation", "rdf/locality", "rdf/incremental", "report", "folder/rebuild")


@dataclass
class GraphDelta:
    """Triples added to and removed from the asserted and the inferred graph."""

    added: Graph
    removed: Graph
    added_inferred: Graph
    removed_inferred: Graph
    #: The new graphs' triples as N-Triples lines (for writing them without converting again).
    asserted_lines: set[str] = field(default_factory=set)
    inferred_lines: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.added) + len(self.removed)

    @classmethod
    def none(cls) -> GraphDelta:
        """No change: the same triples as before."""
        return cls(Graph(), Graph(), Graph(), Graph())

    def triples(self) -> dict[str, Graph]:
        """The four sets of triples, by the names of ``change.Change``."""
        return {"added": self.added, "removed": self.removed, "added_inferred": self.added_inferred,
                "removed_inferred": self.removed_inferred}


def graph_digests(*graphs: Graph) -> list[str]:
    """A digest of each graph up to the names of its blank nodes (≈ 0.1 s for the ontology or the
    shapes: a build computes them once for both keys below)."""
    return [str(to_isomorphic(graph).graph_digest()) for graph in graphs]  # type: ignore[no-untyped-call]


def feed_digest(digest: Any, modules: Iterable[str], digests: Iterable[str]) -> None:
    """Feed the code of ``modules`` (``newskg/<path>.py``) and graph digests (``graph_digests``)
    into ``digest`` (the keys that decide what a rebuild may reuse)."""
    package = Path(__file__).resolve().parent.parent
    for name in modules:
        digest.update((package / f"{name}.py").read_bytes())
    for graph_digest in digests:
        digest.update(f"{graph_digest}\0".encode())


def validation_key(ontology: Graph, shapes: Graph, digests: Sequence[str] | None = None) -> str:
    """A hash of what SHACL results depend on besides the data: shapes, ontology, validating code.

    ``digests``: ``graph_digests(ontology, shapes)`` when the caller has them already."""
    digest = hashlib.sha256()
    digest.update(version("pyshacl").encode())
    digest.update(f"{shacl_engine()} {version('pyshacl-turbo')}".encode())
    feed_digest(digest, VALIDATION_MODULES, digests if digests is not None else graph_digests(ontology, shapes))
    return digest.hexdigest()


def _lines(paths: list[Path]) -> set[str]:
    """The triples of RDF files as N-Triples lines (Oxigraph's parser and N-Triples writer: fast,
    and canonical; the lines are cut from its output rather than made triple by triple in Python)."""
    lines: set[str] = set()
    for path in paths:
        triples = pyoxigraph.parse(path=str(path), format=RDF_FORMATS[path.suffix.lower()][1],
                                   base_iri=path.resolve().as_uri())
        text = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        assert text is not None  # no output file given: the bytes are returned
        lines.update(line[:-2] for line in text.decode("utf-8").splitlines())  # without " ."
    return lines


def _graph_lines(graph: Graph) -> set[str]:
    return {str(pyoxigraph.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))) for s, p, o in graph}


def _graph(lines: set[str]) -> Graph:
    graph = Graph()
    if lines:
        graph.parse(data="".join(f"{line} .\n" for line in sorted(lines)), format="nt")
    return graph


def graph_delta(folder: Path, asserted: Graph, inferred: Graph) -> GraphDelta | None:
    """The change from the graph files of ``folder`` to ``asserted``/``inferred``; None when the
    folder holds no previous build or the change is too large to be worth applying."""
    asserted_lines = _graph_lines(asserted)
    change = previous_change(folder, asserted_lines)
    return lines_delta(asserted_lines, _graph_lines(inferred), change) if change is not None else None


def previous_lines(folder: Path) -> tuple[set[str], set[str]] | None:
    """The asserted (with user additions) and the inferred triples of the graph files of
    ``folder``, as N-Triples lines; None when it holds no graph."""
    try:
        files = list(folder_graph_files(folder))
    except Exception:  # no graph folder there (GraphNotFound)
        return None
    return (_lines([p for p, is_inferred in files if not is_inferred]),
            _lines([p for p, is_inferred in files if is_inferred]))


def previous_change(folder: Path, asserted: set[str], before: tuple[set[str], set[str]] | None = None,
                    ) -> tuple[set[str], set[str], set[str]] | None:
    """What changed from the previous graph files of ``folder`` to the asserted lines ``asserted``:
    the lines added, the lines removed and the previous inferred lines; None when the folder
    holds no graph or the change is not small (``small_change``).  ``before``: the folder's
    ``previous_lines`` when the caller has them."""
    before = before if before is not None else previous_lines(folder)
    if before is None or not small_change(asserted, before[0]):
        return None
    return asserted - before[0], before[0] - asserted, before[1]


def small_change(asserted: set[str], before: set[str]) -> bool:
    """Whether the change from ``before`` to ``asserted`` is small enough to be applied as a delta."""
    return len(asserted ^ before) <= MAX_DELTA_SHARE * max(len(asserted), 1)


def lines_delta(asserted: set[str], inferred: set[str], change: tuple[set[str], set[str], set[str]]) -> GraphDelta:
    """The change ``previous_change`` found, with the new inferred lines, as a ``GraphDelta``."""
    added, removed, old_inferred = change
    return GraphDelta(_graph(added), _graph(removed), _graph(inferred - old_inferred), _graph(old_inferred - inferred),
                      asserted, inferred)


def conforming_report() -> Graph:
    """The SHACL report graph of a graph that conforms with no result (what pyshacl writes then)."""
    report = Graph()
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(True)))
    return report


def inference_key(digests: Sequence[str]) -> str:
    """A hash of what the inferred triples depend on besides the data: the ontology (its digest,
    first of ``graph_digests(ontology, shapes)``) and the reasoning code.  A rebuild derives
    only around its change from the previous inferred triples when they were made under it."""
    digest = hashlib.sha256()
    feed_digest(digest, ("rdf/reasoning", "rdf/rules", "rdf/kept"), digests[:1])
    return digest.hexdigest()


def previous_key(folder: Path, name: str) -> str | None:
    """A key the previous build of ``folder`` recorded (``graph-inputs``: a line "name key")."""
    try:
        lines = (folder / GRAPH_INPUTS_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    found = [line.split(" ", 1)[1] for line in lines[1:] if line.startswith(f"{name} ")]
    return found[0] if found else None


def validate_changes(folder: Path, delta: GraphDelta, key: str, ontology: Graph, shapes: Graph) -> ValidationReport | None:
    """The SHACL results of the new graph from the nodes ``delta`` touches only; None when that
    would not equal a full validation (see module doc) and the caller must validate in full."""
    with conforming_graph(folder, key, shapes) as source:
        return validate(delta.added, delta.removed, Graph, shapes, ontology, source=source) if source else None


def validate_additions(folder: Path, added: Graph, ontology: Graph, shapes: Graph) -> ValidationReport | None:
    """The SHACL results of the stored graph of ``folder`` with ``added`` (``newskg validate FILE``)
    from the nodes ``added`` touches only; None when that would not equal a full validation.

    Besides what ``validate_changes`` requires, the folder's files must be those its last
    build or addition committed (its store, or the index next to it, records their state):
    a folder whose files were edited since may not conform any more.
    """
    with conforming_graph(folder, validation_key(ontology, shapes), shapes, committed=True) as source:
        return validate(added, Graph(), Graph, shapes, ontology, source=source) if source else None


@contextmanager
def conforming_graph(folder: Path, key: str, shapes: Graph, committed: bool = False) -> Iterator[OxigraphBackend | None]:
    """The stored graph of ``folder`` (its index, open) when a change to it may be validated on the
    nodes it touches alone (``_validated_alone``; ``committed``: and the index records that the files
    are those last committed), else None: the change is then validated in full."""
    if not _validated_alone(folder, key, shapes):
        yield None
        return
    index = graph_index(folder)
    try:
        if committed and not index.in_step():
            yield None
            return
        index.open()
        yield index
    finally:
        index.close()


def _validated_alone(folder: Path, key: str, shapes: Graph) -> bool:
    """Whether a change to the graph of ``folder`` can be validated on the nodes it touches
    alone: the stored graph had no SHACL result under the shapes, ontology and validating
    code of ``key``, and the shapes read only their focus and value nodes."""
    counts = read_manifest(folder).get("counts", {})
    return previous_key(folder, "validation") == key and counts.get("shape_results") == 0 and supports(shapes)


# ── reusing the previous graph files as they are ─────────────────────────────


#: The modules whose code turns resolved facts into the graph files (with the extractor's
#: fingerprint, what a reused graph must not have changed).
GRAPH_MODULES = ("folder/build", "folder/schema", "extract/model", "rdf/triples", "rdf/vocab", "rdf/reasoning",
                 "rdf/rules", "rdf/kept", "rdf/validation", "report", "folder/store", "rdf/terms", "rdf/review")


def graph_inputs(results: Sequence[ExtractionResult], additions: Mapping[str, bytes], ontology: Graph,
                 shapes: Graph, digests: Sequence[str] | None = None) -> str:
    """A hash of everything steps 4-6 (to_graph, reason, validate) and the graph files depend on.

    The resolved facts and entities of every article (not the sentences without facts, which
    the graph does not use), the user RDF additions, the ontology, the shapes, the reasoning
    engine and the code of ``GRAPH_MODULES``.  Two builds with the same hash write the same
    ``asserted.ttl``, ``inferred.ttl`` and ``report.ttl``: a rebuild reuses them.
    ``digests``: ``rebuild.graph_digests(ontology, shapes)`` when the caller has them already.
    """
    digest = hashlib.sha256()
    feed_digest(digest, GRAPH_MODULES, digests if digests is not None else graph_digests(ontology, shapes))
    digest.update(default_engine().encode())
    for graph in (ontology, shapes):  # the prefixes too: they are written into the files
        digest.update(repr(sorted((p, str(ns)) for p, ns in graph.namespaces())).encode("utf-8") + b"\0")
    for name, data in sorted(additions.items()):
        digest.update(name.encode("utf-8") + b"\0" + data + b"\0")
    for result in results:
        record = result_to_dict(result)
        del record["unused_sentences"]
        digest.update(orjson.dumps(record, option=orjson.OPT_SORT_KEYS) + b"\n")
    return digest.hexdigest()


@dataclass
class UnchangedGraph:
    """The graph files of the previous build of a folder, reusable as they are."""

    files: tuple[bytes, bytes, bytes]
    sizes: tuple[Any, Any]
    report: ValidationReport


class _Sized:
    def __init__(self, size: int) -> None:
        self.size = size

    def __len__(self) -> int:
        return self.size


def unchanged_graph(out_dir: Path, inputs: str | None, store: str, shapes: Graph) -> UnchangedGraph | None:
    """The previous build's graph files when they were built from ``inputs``; None otherwise."""
    if inputs is None:
        return None
    manifest = read_manifest_if_any(out_dir)
    try:
        previous = (out_dir / GRAPH_INPUTS_FILE).read_text(encoding="utf-8").split("\n", 1)[0].strip()
    except (OSError, UnicodeDecodeError):
        return None
    if previous != inputs or (manifest.get("store") or "files") != store:
        return None
    if store not in ("files", "oxigraph"):
        return None  # a server's contents may have changed since: reload it
    try:
        files = tuple((out_dir / name).read_bytes()
                      for name in (settings.ASSERTED_FILE, settings.INFERRED_FILE, settings.REPORT_FILE))
        counts = manifest["counts"]
        report_graph = Graph().parse(data=files[2], format="turtle")
    except (OSError, KeyError, ValueError, SyntaxError):
        return None
    report = ValidationReport(conforms=True, results=results_of(report_graph, shapes), graph=report_graph)
    if len(report.results) != counts.get("shape_results"):
        return None
    return UnchangedGraph(files, (_Sized(counts["asserted_triples"]), _Sized(counts["inferred_triples"])),  # type: ignore[arg-type]
                      report)
