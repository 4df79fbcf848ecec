#!/usr/bin/env python3
"""Fit the confidence model (``ontology/confidence.yml``) on articles with a gold standard.

    .venv/bin/pip install -e '.[calibrate]'
    .venv/bin/python tools/calibrate.py --eval ../shared/eval \\
        --train seeds=../shared/articles/seeds:seeds-gold.toml::0.25 \\
        --train dev=../shared/articles/dev:dev-gold.toml::0.25 \\
        --train dev2-odd=../shared/articles/dev2:dev2-gold.toml:odd \\
        --check dev2-even=../shared/articles/dev2:dev2-gold.toml:even \\
        --write ontology/confidence.yml

Each candidate fact (every statement the rules read, before any threshold) is
labelled right or wrong the way the scorecard labels rows: the graph of the set is
built with no threshold, the stored listing queries are run, and a row is right when
it matches a gold fact (``score.py``'s own matching, loaded from ``--eval``).  Kinds no
listing query shows (statements, nominations) have no label and are left out.  A
logistic regression (scikit-learn) is fitted on the features of
``newskg.facts.confidence.features``; the threshold written is the lowest one whose
kept candidates are at least ``--precision`` precise on the training sets (after the
corpus combines each fact's statements).  The ``--check`` sets are only measured.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from newskg.articles import read_articles
from newskg.entities import resolve_entities
from newskg.extract import local_entities
from newskg.facts import extract_facts
from newskg.facts.confidence import KINDS, combine, features
from newskg.lexicon import load_lexicon
from newskg.mentions import find_mentions
from newskg.model import ExtractionResult
from newskg.vocab import ID

QUERIES = {"posts": "who-holds-what-post", "successions": "who-succeeded-whom", "sanctions": "who-is-under-sanctions",
           "obligations": "who-owes-what", "withdrawals": "who-withdrew-from-what"}


@dataclass
class Candidate:
    set_name: str
    iri: str
    article: str
    rule: str
    kind: str
    features: dict[str, float]
    label: bool
    weight: float = 1.0


def load_scorer(eval_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", eval_dir / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_set(text: str) -> tuple[str, Path, str, str | None, float]:
    """NAME=ARTICLES:GOLD[:HALF[:WEIGHT]] (HALF odd, even or empty; WEIGHT of each statement, default 1)."""
    name, _, rest = text.partition("=")
    parts = rest.split(":")
    half = parts[2] if len(parts) > 2 and parts[2] else None
    return name, Path(parts[0]), parts[1], half, float(parts[3]) if len(parts) > 3 else 1.0


def candidates_of(name: str, folder: Path, gold_file: Path, half: str | None, scorer: ModuleType,
                  weight: float = 1.0) -> list[Candidate]:
    import tomllib

    gold = tomllib.loads(gold_file.read_text(encoding="utf-8"))
    if half:
        folder, gold = scorer.select_half(folder, gold, half)
    lex = load_lexicon()
    raw: list[ExtractionResult] = []
    feats: list[list[dict[str, float]]] = []
    for article in read_articles(folder):
        am = find_mentions(article, lex)
        facts = extract_facts(am, lex)
        feats.append([features(f, am, lex, f.evidence.confidence) for f in facts])
        raw.append(ExtractionResult(article, local_entities(am, facts, lex), facts, []))
    resolved = resolve_entities(raw)
    labels = _row_labels(folder, gold, scorer)
    out = []
    for result, fs in zip(resolved, feats):
        for fact, f in zip(result.facts, fs):
            iri = f"{ID}{fact.key}"
            if iri in labels:
                out.append(Candidate(name, iri, result.article.id, fact.evidence.rule, fact.kind, f, labels[iri], weight))
    return out


def _row_labels(folder: Path, gold: dict[str, Any], scorer: ModuleType) -> dict[str, bool]:
    """Each fact IRI a listing returns, with whether its row matches a gold fact."""
    from click.testing import CliRunner

    from newskg.cli import cli

    graph = Path(tempfile.mkdtemp(prefix="calibrate-")) / "graph"
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "--articles", str(folder), "--out", str(graph), "--min-confidence", "0", "--quiet"])
    if built.exit_code != 0:
        sys.exit(f"build of {folder} failed: {built.output[-2000:]}")
    labels: dict[str, bool] = {}
    for kind, query in QUERIES.items():
        done = runner.invoke(cli, ["query", query, "--graph", str(graph), "--format", "csv"])
        rows = [{(k or "").strip().lower(): (v or "").strip() for k, v in r.items()}
                for r in csv.DictReader(io.StringIO(done.output))]
        facts = [f for f in gold.get("fact", []) if f["kind"] == kind]
        for row in rows:
            labels[row["fact"]] = any(scorer.matches(f, row) for f in facts)
    return labels


def fit(train: list[Candidate]) -> tuple[float, dict[str, float]]:
    from sklearn.linear_model import LogisticRegression

    names = sorted({n for c in train for n in c.features})
    x = [[c.features.get(n, 0.0) for n in names] for c in train]
    y = [int(c.label) for c in train]
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit(x, y, sample_weight=[c.weight for c in train])
    weights = {n: round(float(w), 4) for n, w in zip(names, model.coef_[0])}
    return round(float(model.intercept_[0]), 4), weights


def corpus_scores(cands: list[Candidate], bias: float, weights: dict[str, float]) -> dict[tuple[str, str], tuple[float, bool]]:
    """Each fact of each set: its combined confidence (best per article, noisy-or over articles) and label."""
    import math

    per: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    label: dict[tuple[str, str], bool] = {}
    for c in cands:
        z = bias + sum(weights.get(n, 0.0) * v for n, v in c.features.items())
        p = round(1 / (1 + math.exp(-max(-30, min(30, z)))), 3)
        key = (c.set_name, c.iri)
        per[key][c.article] = max(per[key].get(c.article, 0.0), p)
        label[key] = c.label
    return {key: (combine(v.values()), label[key]) for key, v in per.items()}


def split_table(scores: dict[tuple[str, str], tuple[float, bool]], threshold: float) -> str:
    above = [ok for p, ok in scores.values() if p >= threshold]
    below = [ok for p, ok in scores.values() if p < threshold]
    wrong = sum(1 for ok in above + below if not ok)
    caught = sum(1 for ok in below if not ok)
    return (f"above {len(above):4d} (precision {sum(above) / max(1, len(above)):.2f})  "
            f"below {len(below):4d} (precision {sum(below) / max(1, len(below)):.2f})  "
            f"wrong candidates below: {caught}/{wrong}")


def choose_threshold(scores: dict[tuple[str, str], tuple[float, bool]], precision: float) -> float:
    """The lowest threshold (a multiple of 0.05) whose kept facts reach ``precision``."""
    for step in range(1, 20):
        t = step / 20
        kept = [ok for p, ok in scores.values() if p >= t]
        if kept and sum(kept) / len(kept) >= precision:
            return t
    return 0.95


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", type=Path, required=True, help="the folder of score.py and the gold files")
    ap.add_argument("--train", action="append", default=[], help="NAME=ARTICLES:GOLD[:odd|even] (GOLD inside --eval)")
    ap.add_argument("--check", action="append", default=[], help="the same, measured only")
    ap.add_argument("--precision", type=float, default=0.92, help="precision the threshold must reach on the training sets")
    ap.add_argument("--write", type=Path, help="write the model here (else only print it)")
    args = ap.parse_args()
    scorer = load_scorer(args.eval)

    def collect(specs: list[str]) -> list[Candidate]:
        out: list[Candidate] = []
        for spec in specs:
            name, folder, gold, half, weight = parse_set(spec)
            found = candidates_of(name, folder, args.eval / gold, half, scorer, weight)
            print(f"{name}: {len(found)} labelled statements, {sum(c.label for c in found)} right", file=sys.stderr)
            out.extend(found)
        return out

    train, check = collect(args.train), collect(args.check)
    bias, weights = fit(train)
    train_scores = corpus_scores(train, bias, weights)
    threshold = choose_threshold(train_scores, args.precision)
    print(f"threshold {threshold:.2f}")
    for name in sorted({c.set_name for c in train + check}):
        scores = corpus_scores([c for c in train + check if c.set_name == name], bias, weights)
        role = "train" if any(c.set_name == name for c in train) else "check"
        print(f"  {name:<10} ({role}) {split_table(scores, threshold)}")
    print("weights:", ", ".join(f"{n} {w:+.2f}" for n, w in sorted(weights.items(), key=lambda kv: -abs(kv[1]))))
    if args.write:
        sets = ", ".join(s.split("=")[0] for s in args.train)
        header = (f"# The confidence model of newskg.facts.confidence, fitted by tools/calibrate.py on {sets}\n"
                  f"# (logistic regression; p = 1 / (1 + exp(-(bias + sum(weight * feature))))).\n"
                  f"# threshold: the default --min-confidence, the lowest at which the training sets' kept facts\n"
                  f"# are at least {args.precision:.2f} precise.  kinds: those the model was fitted on; a fact of\n"
                  f"# another kind keeps its rule's confidence.\n")
        body = yaml.safe_dump({"bias": bias, "threshold": threshold,
                               "kinds": sorted({c.kind for c in train} & set(KINDS)),
                               "weights": dict(sorted(weights.items()))}, sort_keys=False)
        args.write.write_text(header + body, encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
