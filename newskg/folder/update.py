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

Each write is one ``newskg.folder.change.Change``, committed by ``change.apply`` (the path
``build`` takes too): under the folder's writer lock, atomically, then the folder's store and
its index get the delta.  An RDF addition is new files on top of the folder (hard links for
the rest: it never rewrites ``asserted.ttl``, its cost does not grow with the graph), checked
and reasoned on the nodes it touches only, found in a pyoxigraph index (``backends.graph_index``:
the folder's own store with ``--store oxigraph``, else ``.<name>.index`` next to the folder;
reloaded from the files whenever the folder state it records does not match).  Article adds
and retractions re-map the corpus, so they commit a whole folder version (``asserted.ttl`` and
``inferred.ttl`` rewritten) and recompute the inferences in full.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
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
from newskg.folder.backends import graph_index, store_of
from newskg.folder.change import Change, Provenance, apply, default_user, now, reason, validate
from newskg.folder.lock import writing  # the one lock of every writer (build too)
from newskg.folder.records import map_records, read_records, serialize_records
from newskg.folder.schema import load_ontology, load_shapes
from newskg.folder.store import (
    ADDITIONS_DIR,
    INFERRED_SUFFIX,
    bind_prefixes,
    folder_graph_files,
    graph_files,
    rdf_format,
    read_manifest,
)
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
            return _add_articles(graph_dir, articles, fresh, skipped, ontology, shapes, dry_run,
                                 Provenance("add", by, at, tuple(names)))
        return _add_rdf(graph_dir, fresh, skipped, ontology, shapes, dry_run, Provenance("add", by, at, tuple(names)))


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
             dry_run: bool, provenance: Provenance) -> AddReport:
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
        report = validate(added, removed, Graph, shapes, ontology, source=index)  # the nodes it touches
        if not report.conforms:
            raise _reject(report, additions, shapes)
        inferred = reason(Graph, ontology, added=added, source=index)  # what its closure adds
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
        index.close()  # the folder's own store moves into the new version
        apply(Change(graph_dir, provenance, report, files, manifest, replaces=False, added=added, added_inferred=inferred,
                     articles_added=tuple(f"addition-{a.key}" for a, _ in per_file), store=store_of(graph_dir)),
              lambda report: _reject(report, additions, shapes))
        result.committed = True
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
                  ontology: Graph, shapes: Graph, dry_run: bool, provenance: Provenance) -> AddReport:
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
        records[article.id] = mark_added(record, by=provenance.by, at=provenance.at, file=path.name)
        changed = True
    if not changed and not additions:
        empty = Graph()
        return AddReport(graph_dir, empty, Graph(), Graph(), ValidationReport(conforms=True), skipped)
    return remap(graph_dir, list(records.values()), additions, set(), ontology, shapes, skipped, dry_run, provenance)


def remap(
    graph_dir: Path, records: list[dict[str, Any]], additions: list[Addition], drop_additions: set[str],
    ontology: Graph, shapes: Graph, skipped: list[str], dry_run: bool, provenance: Provenance,
) -> AddReport:
    """New corpus records (+ new user additions, - dropped ones): validate the difference and rewrite."""

    manifest = read_manifest(graph_dir)
    min_confidence = float(manifest.get("min_confidence", 0.5))
    old_records = read_records(graph_dir)
    old_mapped, _ = map_records(old_records, min_confidence)
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
    report = validate(added, removed, Graph, shapes, ontology, source=MemorySource(new_all - added, Graph()))
    if not report.conforms:
        raise _reject(report, additions, shapes)
    inferred = reason(lambda: new_all, ontology)  # in full: a re-map may remove triples
    old_inferred = Graph()
    for path, is_inferred in folder_graph_files(graph_dir):
        if is_inferred:
            old_inferred.parse(path, format=rdf_format(path))
    result = AddReport(graph_dir, added, removed, inferred - old_inferred, report, skipped)
    if dry_run or (not len(added) and not len(removed)):
        return result
    manifest_before = manifest.get("additions", [])
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
    old_ids = {r["article"]["id"] for r in old_records} | {e["id"] for e in manifest_before}
    new_ids = {r["article"]["id"] for r in records} | {e["id"] for e in entries}
    apply(Change(graph_dir, provenance, report,
                 {settings.ASSERTED_FILE: new_asserted, settings.INFERRED_FILE: inferred_out,
                  settings.REPORT_FILE: report_graph, **extra}, manifest, replaces=True,
                 added=added, removed=removed, added_inferred=inferred_out - old_inferred,
                 removed_inferred=old_inferred - inferred_out, store=store_of(graph_dir),
                 articles_added=tuple(sorted(new_ids - old_ids)), articles_removed=tuple(sorted(old_ids - new_ids))),
          lambda report: _reject(report, additions, shapes))
    result.committed = True
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
        return remap(graph_dir, remaining, [], drop, ontology, shapes, [], dry_run,
                     Provenance("retract", default_user(), now(), tuple(ids)))


