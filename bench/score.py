"""Extraction precision and recall of a built graph folder against the facts ``bench/corpus.py`` planted.

    python bench/score.py GRAPH_DIR PLANTED_JSONL

Facts are compared per article by kind and key names (Tenure: member, organization;
Succession: successor, predecessor; Sanction: target, authority; Obligation: obligor;
Withdrawal: actor), *after* entity resolution across the corpus: a person's name is
the label of the entity they were resolved into, so merging two different people
shows up as lost precision and recall.  Kinds the corpus does not plant (Statement,
Nomination) are not scored.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from newskg.extract.entities import resolve_entities
from newskg.extract.mentions import slug
from newskg.extract.model import Post, result_from_dict

SCORED = {
    "Tenure": ("member", "post"),
    "Succession": ("successor", "predecessor"),
    "Sanction": ("entity", "authority"),
    "Obligation": ("obligor",),
    "Withdrawal": ("actor",),
}


def norm(name: str) -> str:
    """A name as the slug of its entity key ("the Velter Technologies." -> "velter-technologies")."""
    name = " ".join(name.split())
    return slug(name.removeprefix("the ").removeprefix("The "))


def extracted_facts(graph_dir: Path) -> dict[str, set[tuple[str, ...]]]:
    """article id -> {(kind, name, ...)} of the scored kinds, with resolved entity labels."""
    with (graph_dir / "extractions.jsonl").open(encoding="utf-8") as lines:
        results = [result_from_dict(json.loads(line)) for line in lines]
    results = resolve_entities(results)
    facts: dict[str, set[tuple[str, ...]]] = {}
    for result in results:
        names: dict[str, str] = {e.key: e.label for e in result.entities}
        out = facts.setdefault(result.article.id, set())
        for fact in result.facts:
            if fact.kind not in SCORED:
                continue
            row = [fact.kind]
            for arg in SCORED[fact.kind]:
                value = fact.get(arg)
                if isinstance(value, Post):
                    value = value.organization
                key = str(value) if value is not None else ""
                row.append(norm(names.get(key, key)))
            out.add(tuple(row))
    return facts


def planted_facts(planted: Path) -> dict[str, set[tuple[str, ...]]]:
    facts: dict[str, set[tuple[str, ...]]] = {}
    with planted.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            facts[record["article"]] = {(f[0], *(norm(n) for n in f[1:])) for f in record["facts"]}
    return facts


def score(graph_dir: Path, planted: Path) -> dict[str, object]:
    """Precision, recall and F1 overall and per kind."""
    got, want = extracted_facts(graph_dir), planted_facts(planted)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for article in set(got) | set(want):
        g, w = got.get(article, set()), want.get(article, set())
        for fact in g & w:
            tp[fact[0]] += 1
        for fact in g - w:
            fp[fact[0]] += 1
        for fact in w - g:
            fn[fact[0]] += 1

    def prf(t: int, p: int, n: int) -> dict[str, float | int]:
        precision = t / (t + p) if t + p else 0.0
        recall = t / (t + n) if t + n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                "planted": t + n, "extracted": t + p}

    result: dict[str, object] = {"all": prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))}
    for kind in SCORED:
        result[kind] = prf(tp[kind], fp[kind], fn[kind])
    return result


def examples(graph_dir: Path, planted: Path, kind: str, limit: int = 10) -> None:
    """Print missed and spurious facts of one kind (for looking at errors)."""
    got, want = extracted_facts(graph_dir), planted_facts(planted)
    shown = 0
    for article in sorted(want):
        g = {f for f in got.get(article, set()) if f[0] == kind}
        w = {f for f in want[article] if f[0] == kind}
        if g != w and shown < limit:
            shown += 1
            print(article, "missed:", sorted(w - g), "spurious:", sorted(g - w))


if __name__ == "__main__":
    if len(sys.argv) > 3:
        examples(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
    else:
        print(json.dumps(score(Path(sys.argv[1]), Path(sys.argv[2])), indent=2))
