"""The extraction records of a graph folder (``extractions.jsonl``: one per article, the
cache of rebuilds, ``add`` and ``retract``) and what a rebuild carries over from the folder
it replaces: the articles added with ``add`` (records ``bulk.is_added`` marks) and every
user RDF addition, re-validated with the rebuilt graph.  Builds stay byte-deterministic
because the timestamps live only in the addition files, which are copied as they are.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from newskg import settings
from newskg.extract.bulk import is_added, may_be_added
from newskg.extract.entities import resolve_entities
from newskg.extract.model import ExtractionResult, result_from_dict
from newskg.folder.store import bind_prefixes, read_manifest
from newskg.rdf.review import split_by_confidence
from newskg.rdf.triples import to_graph


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
