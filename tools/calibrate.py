#!/usr/bin/env python3
"""Fit the confidence model (``ontology/confidence.yml``) on articles with a gold standard.

Refit (one command, from the checkout; writes ``ontology/confidence.yml``; ~1 minute)::

    .venv/bin/pip install -e '.[calibrate]'
    S=../shared/eval A=../shared/articles T=tests/data/tune C=tools/calibration
    .venv/bin/python tools/calibrate.py --eval $S \\
        --train seeds=$A/seeds:seeds-gold.toml --train dev=$A/dev:dev-gold.toml \\
        --train dev2-odd=$A/dev2:dev2-gold.toml:odd \\
        --train leaders=$T/leaders/articles:$PWD/$T/leaders/gold.toml \\
        --train sanctions=$T/sanctions/articles:$PWD/$T/sanctions/gold.toml \\
        --train passages=$T/passages/articles:$PWD/$T/passages/gold.toml \\
        --train mixed=$T/mixed/articles:$PWD/$T/mixed/gold.toml \\
        --load $C/statements-0d3dee8.jsonl --load $C/statements-8df3061.jsonl --load $C/statements-61f696a.jsonl \\
        --keep-on seeds --keep-on dev --keep-on dev2-odd --keep 0.97 --per-set \\
        --write ontology/confidence.yml

(add ``--check NAME=ARTICLES:GOLD[:HALF]`` to measure a set without fitting on it, ``--features-report``
for each feature's AUC and the out-of-fold AUC without it).  After a change to ``features`` (a new
feature, a changed one), first remake the loaded files with the one command in
``tools/calibration/remake.py``: they hold feature values, and a feature they lack would read as 0 in
every one of them.

Each candidate fact (every statement the rules read, before any threshold) is
labelled right or wrong the way the scorecard labels rows: the graph of the set is
built with no threshold, the stored listing queries are run, and a row is right when
it matches a gold fact (``score.py``'s own matching, loaded from ``--eval``; ``calibration/collect.py``).
Kinds no listing query shows (statements, nominations) have no label and are left out.  A
logistic regression (scikit-learn, L2, C=1: out of fold it matched or beat L1, standardised
features and gradient boosting, 0.78-0.79 against 0.72-0.77 AUC) is fitted on the features of
``newskg.extract.facts.confidence.features``.

Statements of earlier extractors (``--load``; ``tools/calibration/``: the rules of commits 0d3dee8,
8df3061 and 61f696a on dev2's odd half and the four tuning corpora, with this checkout's features)
add the errors rules make on text they were not tuned on: once the rules are tuned on the
training sets their own statements there are nearly all right and teach the model little.
They teach the model; the threshold is chosen on the ``--train`` sets only (what this checkout's
rules read): the lowest multiple of 0.05 at which their out-of-fold kept facts (each article
scored by a model fitted without it, after the corpus combines each fact's statements) are
``--precision`` precise -- with ``--per-set`` each set on its own, so that the sets the rules were tuned
on cannot hide one they still read badly -- while each ``--keep-on`` set keeps ``--keep`` of its right
facts as the fitted model scores them (seeds, dev and dev2's odd half must keep their scorecard), else
the highest that keeps them.  The ``--check`` sets are only measured.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from newskg.extract.facts.confidence import KINDS, article_view, combine, features
from newskg.extract.lexicon import load_lexicon

sys.path.insert(0, str(Path(__file__).resolve().parent / "calibration"))
import collect  # noqa: E402  (tools/calibration/collect.py: candidates and labels, in any package layout)


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


def candidates_from(records: list[dict[str, Any]], weight: float = 1.0) -> list[Candidate]:
    """The labelled candidates of collected articles (``calibration/collect.py``), each with this checkout's
    features (the facts' statements are read as the extractor that collected them read them)."""
    lex = load_lexicon()
    out = []
    for record in records:
        facts = record["facts"]
        per_sentence = Counter(f.evidence.start for f in facts)
        view = article_view(record["am"], lex, facts)
        for fact, iri, label in zip(facts, record["iris"], record["labels"]):
            if label is not None:
                found = features(fact, view, fact.evidence.confidence, per_sentence[fact.evidence.start])
                out.append(Candidate(record["set_name"], iri, record["article"], fact.evidence.rule, fact.kind,
                                     found, bool(label), weight))
    return out


def candidates_of(name: str, folder: Path, gold_file: Path, half: str | None, scorer: ModuleType,
                  weight: float = 1.0) -> list[Candidate]:
    """This checkout's labelled candidates on one set."""
    return candidates_from(collect.collect(name, folder, gold_file, half, scorer), weight)


def _matrix(cands: list[Candidate], names: list[str]) -> list[list[float]]:
    return [[c.features.get(n, 0.0) for n in names] for c in cands]


def fit(train: list[Candidate], c: float = 1.0) -> tuple[float, dict[str, float]]:
    """An L2-regularised logistic regression on the statements' features."""
    from sklearn.linear_model import LogisticRegression

    names = sorted({n for cand in train for n in cand.features})
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(_matrix(train, names), [int(cand.label) for cand in train], sample_weight=[cand.weight for cand in train])
    weights = {n: round(float(w), 4) for n, w in zip(names, model.coef_[0])}
    return round(float(model.intercept_[0]), 4), weights


def out_of_fold(train: list[Candidate], c: float = 1.0, folds: int = 5) -> list[Candidate]:
    """Each training statement scored by a model fitted without its article (grouped k-fold), as
    features of one extra column ``__oof`` the corpus scores can read: an honest estimate of how
    the threshold behaves on articles the model did not see."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    names = sorted({n for cand in train for n in cand.features})
    x, y = _matrix(train, names), [int(cand.label) for cand in train]
    groups = [cand.article for cand in train]  # one article's statements (by any extractor) share a fold
    scored = [0.5] * len(train)
    for fit_idx, test_idx in GroupKFold(n_splits=min(folds, len(set(groups)))).split(x, y, groups):
        if len({y[i] for i in fit_idx}) < 2:
            continue
        model = LogisticRegression(C=c, max_iter=5000)
        model.fit([x[i] for i in fit_idx], [y[i] for i in fit_idx], sample_weight=[train[i].weight for i in fit_idx])
        for i, p in zip(test_idx, model.predict_proba([x[i] for i in test_idx])[:, 1]):
            scored[i] = float(p)
    import math

    return [Candidate(cand.set_name, cand.iri, cand.article, cand.rule, cand.kind,
                      {"__oof": math.log(max(p, 1e-6) / max(1 - p, 1e-6))}, cand.label, cand.weight)
            for cand, p in zip(train, scored)]


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
    labels = [ok for _, ok in scores.values()]
    auc = "-"
    if 0 < sum(labels) < len(labels):
        from sklearn.metrics import roc_auc_score

        auc = f"{roc_auc_score(labels, [p for p, _ in scores.values()]):.2f}"
    above = [ok for p, ok in scores.values() if p >= threshold]
    below = [ok for p, ok in scores.values() if p < threshold]
    wrong = sum(1 for ok in above + below if not ok)
    caught = sum(1 for ok in below if not ok)
    return (f"above {len(above):4d} (precision {sum(above) / max(1, len(above)):.2f})  "
            f"below {len(below):4d} (precision {sum(below) / max(1, len(below)):.2f})  "
            f"wrong candidates below: {caught}/{wrong}  AUC {auc}")


def threshold_table(scores: dict[tuple[str, str], tuple[float, bool]], precision_on: set[str], keep_on: set[str],
                    fitted: dict[tuple[str, str], tuple[float, bool]]) -> str:
    """For each candidate threshold: the precision of the kept facts of the ``precision_on`` sets, the share
    of their right facts kept and of their wrong facts caught (all out of fold), and the share of the
    ``keep_on`` sets' right facts the fitted model keeps."""
    head = "threshold  precision  right kept  wrong caught  (out of fold)   fitted: right kept of "
    lines = [head + (", ".join(sorted(keep_on)) or "-")]
    for step in range(20):
        t = step / 20
        values = [v for k, v in scores.items() if k[0] in precision_on]
        kept = [ok for p, ok in values if p >= t]
        right, wrong = sum(ok for _, ok in values), sum(1 for _, ok in values if not ok)
        caught = sum(1 for p, ok in values if p < t and not ok)
        others = [(p, ok) for k, (p, ok) in fitted.items() if k[0] in keep_on and ok]
        kept_others = sum(1 for p, _ in others if p >= t) / len(others) if others else 1.0
        lines.append(f"  {t:4.2f}     {sum(kept) / max(1, len(kept)):.3f}      {sum(kept) / max(1, right):.2f}        "
                     f"{caught:3d}/{wrong:<3d}                     {kept_others:.2f}")
    return "\n".join(lines)


def choose_threshold(scores: dict[tuple[str, str], tuple[float, bool]], precision: float,
                     precision_on: set[str], keep_on: set[str], keep: float = 0.95,
                     fitted: dict[tuple[str, str], tuple[float, bool]] | None = None, per_set: bool = False) -> float:
    """The threshold (a multiple of 0.05): the lowest whose kept facts of the ``precision_on`` sets
    reach ``precision`` (out of fold: ``scores``; with ``per_set`` each set on its own, so that sets the rules
    were tuned on cannot hide one they read badly) while each ``keep_on`` set keeps at least ``keep`` of its
    right facts as the fitted model scores them (``fitted``, else ``scores``: those are the sets whose
    scorecard must not fall, read by the model that will be written); when none does, the highest that
    keeps enough (the most precise the ``keep_on`` sets allow)."""
    by = fitted or scores

    def keeps(t: float) -> bool:
        for name in keep_on:
            right = [p for k, (p, ok) in by.items() if k[0] == name and ok]
            if right and sum(1 for p in right if p >= t) / len(right) < keep:
                return False
        return True

    def precise_on(t: float, names: set[str]) -> bool:
        kept = [ok for k, (p, ok) in scores.items() if k[0] in names and p >= t]
        return not kept or sum(kept) / len(kept) >= precision

    def precise(t: float) -> bool:
        groups = [{name} for name in precision_on] if per_set else [precision_on]
        return all(precise_on(t, names) for names in groups)

    allowed = [step / 20 for step in range(20) if keeps(step / 20)]
    for t in allowed:
        if precise(t):
            return t
    return max(allowed) if allowed else 0.0


def _auc(labels: list[bool], scores: list[float]) -> float | None:
    if not 0 < sum(labels) < len(labels):
        return None
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def oof_auc(train: list[Candidate], c: float, drop: str = "") -> float | None:
    """The out-of-fold AUC over statements (grouped by article), optionally without the features named
    ``drop`` or starting with it followed by ``_``."""
    kept = [Candidate(t.set_name, t.iri, t.article, t.rule, t.kind,
                      {n: v for n, v in t.features.items() if not drop or (n != drop and not n.startswith(drop + "_"))},
                      t.label, t.weight) for t in train]
    scored = out_of_fold(kept, c)
    return _auc([t.label for t in scored], [t.features["__oof"] for t in scored])


def features_report(train: list[Candidate], c: float) -> str:
    """Each feature (the rule families and kinds as two groups): its own AUC on the training statements
    (0.5 = no signal; below 0.5, higher values mean wrong) and the out-of-fold AUC of the model without it."""
    labels = [t.label for t in train]
    base = oof_auc(train, c)
    lines = [f"out-of-fold AUC over training statements, all features: {base:.3f}"]
    names = sorted({n for t in train for n in t.features if not n.startswith(("family_", "kind_"))})
    rows = []
    for name in names + ["family", "kind"]:
        if name in ("family", "kind"):
            own = None
        else:
            own = _auc(labels, [t.features.get(name, 0.0) for t in train])
        without = oof_auc(train, c, name)
        rows.append((without or 0.0, name, own))
    for without, name, own in sorted(rows):
        shown = f"{own:.2f}" if own is not None else "  - "
        lines.append(f"  {name:<24} own AUC {shown}  out-of-fold AUC without it {without:.3f} ({without - (base or 0):+.3f})")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", type=Path, required=True, help="the folder of score.py and the gold files")
    ap.add_argument("--train", action="append", default=[], help="NAME=ARTICLES:GOLD[:odd|even] (GOLD inside --eval)")
    ap.add_argument("--check", action="append", default=[], help="the same, measured only")
    ap.add_argument("--precision", type=float, default=0.90, help="precision the threshold must reach on the training sets")
    ap.add_argument("--precision-on", action="append",
                    help="training sets whose kept facts must reach --precision (default: the --train sets, which this "
                         "checkout's rules read; loaded statements of earlier extractors teach the model, not the threshold)")
    ap.add_argument("--per-set", action="store_true",
                    help="each --precision-on set must reach --precision on its own (else their facts pooled)")
    ap.add_argument("--features-report", action="store_true",
                    help="also print each feature's AUC on the training statements and the out-of-fold AUC without it")
    ap.add_argument("--keep-on", action="append", default=[], help="training sets that must keep --keep of their right facts")
    ap.add_argument("--keep", type=float, default=0.97, help="share of each --keep-on set's right facts the threshold must keep")
    ap.add_argument("--c", type=float, default=1.0, help="inverse strength of the L2 regularisation")
    ap.add_argument("--dump", type=Path, help="also write the labelled statements of --train and --check here (JSON lines)")
    ap.add_argument("--load", type=Path, action="append", default=[],
                    help="labelled statements dumped by another checkout (e.g. an earlier extractor on the same training "
                         "articles: its errors are real errors of rules on text they were not written for), added to --train")
    ap.add_argument("--write", type=Path, help="write the model here (else only print it)")
    args = ap.parse_args()
    scorer = collect.load_scorer(args.eval)

    def gather(specs: list[str]) -> list[Candidate]:
        out: list[Candidate] = []
        for spec in specs:
            name, folder, gold, half, weight = collect.parse_set(spec)
            found = candidates_of(name, folder, args.eval / gold, half, scorer, weight)
            print(f"{name}: {len(found)} labelled statements, {sum(c.label for c in found)} right", file=sys.stderr)
            out.extend(found)
        return out

    train, check = gather(args.train), gather(args.check)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for cand in train + check:
                record = {**cand.__dict__, "features": {n: v for n, v in cand.features.items() if v}}
                out.write(json.dumps(record, sort_keys=True) + "\n")
    names = sorted({c.set_name for c in train})  # the sets this checkout's rules read
    # a feature this checkout no longer computes is dropped from loaded statements (rule families stay: any
    # rule id has one)
    computed = {n for c in train for n in c.features}
    for path in args.load:
        loaded = [Candidate(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if computed:
            for c in loaded:
                c.features = {n: v for n, v in c.features.items() if n in computed or n.startswith("family_")}
        print(f"{path}: {len(loaded)} labelled statements, {sum(c.label for c in loaded)} right", file=sys.stderr)
        train.extend(loaded)
    names = names or sorted({c.set_name for c in train})
    bias, weights = fit(train, args.c)
    # the threshold is chosen on out-of-fold scores (each article scored by a model that did not see it)
    oof_scores = corpus_scores(out_of_fold(train, args.c), 0.0, {"__oof": 1.0})
    fitted = corpus_scores(train, bias, weights)
    threshold = choose_threshold(oof_scores, args.precision, set(args.precision_on or names), set(args.keep_on), args.keep,
                                 fitted, args.per_set)
    print(threshold_table(oof_scores, set(args.precision_on or names), set(args.keep_on), fitted))
    print(f"threshold {threshold:.2f} (chosen on out-of-fold scores of the training sets)")
    for name in sorted({c.set_name for c in train}):
        scores = {k: v for k, v in oof_scores.items() if k[0] == name}
        print(f"  {name:<10} (out of fold) {split_table(scores, threshold)}")
    for name in sorted({c.set_name for c in train + check}):
        scores = corpus_scores([c for c in train + check if c.set_name == name], bias, weights)
        role = "train" if any(c.set_name == name for c in train) else "check"
        print(f"  {name:<10} ({role}) {split_table(scores, threshold)}")
    if args.features_report:
        print(features_report(train, args.c))
    print("weights:", ", ".join(f"{n} {w:+.2f}" for n, w in sorted(weights.items(), key=lambda kv: -abs(kv[1]))))
    if args.write:
        sets = ", ".join(s.split("=")[0] for s in args.train)
        loaded = ", ".join(str(p) for p in args.load) or "none"
        header = (f"# The confidence model of newskg.extract.facts.confidence, fitted by tools/calibrate.py on {sets}\n"
                  f"# (statements loaded from other checkouts: {loaded}).\n"
                  f"# Logistic regression; p = 1 / (1 + exp(-(bias + sum(weight * feature)))).\n"
                  f"# threshold: the default --min-confidence, chosen on out-of-fold scores: the lowest at which the\n"
                  f"# kept facts of {', '.join(args.precision_on or names)} are {args.precision:.2f} precise"
                  f"{' (each set on its own)' if args.per_set else ''} while each\n"
                  f"# of {', '.join(args.keep_on) or 'no set'} keeps {args.keep:.2f} of its right facts (as this model scores\n"
                  f"# them), else the highest that keeps them.\n"
                  f"# kinds: those the model was fitted on; a fact of another kind keeps its rule's confidence.\n")
        body = yaml.safe_dump({"bias": bias, "threshold": threshold,
                               "kinds": sorted({c.kind for c in train} & set(KINDS)),
                               "weights": dict(sorted(weights.items()))}, sort_keys=False)
        args.write.write_text(header + body, encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
