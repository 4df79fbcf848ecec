"""Confidence and review: facts below a threshold are kept as candidates, not asserted.

Every fact carries the confidence of the rule that read it (``Evidence.confidence``).
A build asserts the facts whose best statement reaches ``min_confidence``; the
others go to ``review.jsonl`` in the graph folder, one JSON object per line with
the sentence that states it, so a person can read them (``newskg review``) and
accept one (``newskg review --accept KEY -o fact.ttl``, then ``newskg add`` or
``newskg validate``) or leave it out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from newskg.errors import UsageError
from newskg.extract.facts.confidence import combine, load_model
from newskg.extract.model import Article, ExtractionResult, Fact, fact_from_dict, fact_to_dict
from newskg.rdf.triples import to_graph

REVIEW_FILE = "review.jsonl"
#: The default threshold: the one the confidence model was calibrated for (ontology/confidence.yml).
DEFAULT_MIN_CONFIDENCE = load_model().threshold


def split_by_confidence(results: list[ExtractionResult], min_confidence: float) -> tuple[list[ExtractionResult], list[Fact]]:
    """Results with only the facts confident enough, and the candidate facts left for review.

    A fact is judged by all the articles that state it: each article by its best
    statement of it, the articles together as independent witnesses
    (``confidence.combine``).  A weak reading of a fact that another sentence of the
    same article states firmly is kept as extra evidence.
    """
    if not 0.0 <= min_confidence <= 1.0:
        raise UsageError(f"--min-confidence must lie between 0 and 1, not {min_confidence}.")
    per_article: dict[str, dict[str, float]] = defaultdict(dict)
    for result in results:
        for fact in result.facts:
            seen = per_article[fact.key]
            article = fact.evidence.article_id
            seen[article] = max(seen.get(article, 0.0), fact.evidence.confidence)
    best = {key: combine(values.values()) for key, values in per_article.items()}
    kept, candidates = [], []
    for result in results:
        keep = [f for f in result.facts if best[f.key] >= min_confidence]
        candidates.extend(f for f in result.facts if best[f.key] < min_confidence)
        kept.append(replace(result, facts=keep))
    return kept, candidates


def candidate_record(fact: Fact) -> dict[str, Any]:
    """A candidate as a flat JSON object: the fact's key, its record and the sentence that states it."""
    return {"key": fact.key, **fact_to_dict(fact)}


def serialize_candidates(candidates: Iterable[Fact]) -> bytes:
    """Candidates as JSON lines, sorted, so the same corpus gives the same bytes."""
    records = sorted((candidate_record(f) for f in candidates),
                     key=lambda r: (r["key"], r["evidence"]["article"], r["evidence"]["start"]))
    return "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def read_candidates(graph_dir: Path) -> list[dict[str, Any]]:
    path = Path(graph_dir) / REVIEW_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def accepted_graph(graph_dir: Path, keys: Iterable[str]):  # type: ignore[no-untyped-def]
    """The RDF of the candidates with these keys (for `newskg add` or `newskg validate`)."""

    wanted = set(keys)
    records = [r for r in read_candidates(graph_dir) if r["key"] in wanted or r["key"].split("/")[-1] in wanted]
    found = {r["key"] for r in records} | {r["key"].split("/")[-1] for r in records}
    missing = sorted(wanted - found)
    if missing:
        raise UsageError(f"no review candidate {', '.join(missing)} in {graph_dir / REVIEW_FILE} (see `newskg review`).")
    results = [ExtractionResult(Article(id=r["evidence"]["article"], text=""), [], [fact_from_dict(r)]) for r in records]
    return to_graph(results)
