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

What an RDF input becomes (its key and provenance) is ``newskg.folder.additions``; the
extraction records and the carry-over of a rebuild are ``newskg.folder.records``; the
incremental validation and inference of a change are ``newskg.rdf.incremental``.

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
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from newskg import settings
from newskg.errors import ShapeViolation, UsageError
from newskg.extract.articles import read_article
from newskg.extract.bulk import file_hash, mark_added
from newskg.extract.extractor import extract
from newskg.extract.model import result_to_dict
from newskg.folder.additions import (
    Addition,
    line_of,
    next_number,
    parse_addition,
    read_input_file,
    serialize_nt,
    user_graph,
    with_provenance,
)
from newskg.folder.backends import OxigraphBackend, make_backend, store_of, sync_store
from newskg.folder.integrity import after_commit
from newskg.folder.lock import writing  # the one lock of every writer (build too)
from newskg.folder.records import map_records, read_records, serialize_records
from newskg.folder.schema import load_ontology, load_shapes
from newskg.folder.store import (
    ADDITIONS_DIR,
    INFERRED_SUFFIX,
    bind_prefixes,
    commit_files,
    folder_graph_files,
    graph_files,
    rdf_format,
    read_manifest,
    serialize_manifest,
    write_graph_folder,
)
from newskg.folder.views import refresh_views, views_state
from newskg.rdf import reasoning
from newskg.rdf.incremental import check_delta, infer_delta
from newskg.rdf.locality import MemorySource
from newskg.rdf.review import REVIEW_FILE, serialize_candidates
from newskg.rdf.vocab import NEWS
from newskg.report import ValidationReport, describe

__all__ = ["AddReport", "AdditionRejected", "add", "graph_index", "remap", "retract"]

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
            line = line_of(v.focus, addition) if v.focus is not None else None
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
            number = next_number(entries)
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
        was = views_state(graph_dir)
        commit_files(graph_dir, files)
        result.committed = True
        with after_commit("updating the index or store", _REPAIR):  # the commit stands whatever happens here
            index.apply(added, inferred)
            index.close()
            if store.kind == "sparql":
                sync_store(store, store_in_step, added, inferred)
        refresh_views(graph_dir, (added, inferred, (), ()), was)  # the listing views (newskg.folder.views)
        return result
    finally:
        index.close()


def infer_share(inferred: Graph, new: Graph, per_file: list[tuple[Addition, Graph]]) -> Graph:
    """The inferred triples stored with one addition file (all of them with the first file)."""
    if per_file and per_file[0][1] is new:
        return inferred
    return Graph()




# ── articles: re-resolve and re-map the corpus from the stored extractions ──


def _add_articles(graph_dir: Path, articles: list[str], additions: list[Addition], skipped: list[str],
                  ontology: Graph, shapes: Graph, by: str, at: str, dry_run: bool) -> AddReport:

    records = {r["article"]["id"]: r for r in read_records(graph_dir)}
    changed = False
    for name in articles:
        path = Path(name)
        data = read_input_file(name)[0]
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
        stem = f"{ADDITIONS_DIR}/{next_number(entries):06d}-{addition.key}"
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
    was = views_state(graph_dir)
    write_graph_folder(graph_dir, new_asserted, inferred_out, report_graph, manifest, extra=extra, carry_store=True)
    delta = added, inferred_out - old_inferred, removed, old_inferred - inferred_out
    result.committed = True
    with after_commit("updating the index or store", _REPAIR):  # the commit stands whatever happens here
        sync_store(store, in_step[0], *delta)
        if index is not None and in_step[1]:
            index.apply(*delta)
            index.close()
    refresh_views(graph_dir, delta, was)  # the listing views (newskg.folder.views)
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


