#!/usr/bin/env python3
"""Candidate facts of one extractor on sets with a gold standard, labelled the way the scorecard labels rows.

Runs with whichever ``newskg`` comes first on ``sys.path``: this checkout's, or an earlier commit's
unpacked tree (``PYTHONPATH=TREE``; both package layouts, before and after the move to
``newskg/extract``).  ``remake.py`` runs it on earlier commits; ``tools/calibrate.py`` uses its labels.

    PYTHONPATH=TREE python collect.py --eval ../shared/eval --out FILE.pickle NAME=ARTICLES:GOLD[:HALF] ...

writes, per article, its mentions, its candidate facts (before any confidence scoring) and each
fact's label (``True``/``False``; ``None`` for kinds no listing query shows), pickled: the features
are computed afterwards by the checkout that reads the file, so that they are always its own.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import pickle
import sys
import tempfile
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

#: The stored listing each gold kind is scored against.
QUERIES = {"posts": "who-holds-what-post", "successions": "who-succeeded-whom", "sanctions": "who-is-under-sanctions",
           "obligations": "who-owes-what", "withdrawals": "who-withdrew-from-what"}


def load_scorer(eval_dir: Path) -> ModuleType:
    """The scorecard's own module (its matching of a row against a gold fact)."""
    spec = importlib.util.spec_from_file_location("score", eval_dir / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("score", module)
    spec.loader.exec_module(module)
    return module


def row_labels(folder: Path, gold: dict[str, Any], scorer: ModuleType) -> dict[str, bool]:
    """Each fact IRI a listing returns, with whether its row matches a gold fact (the set built with no
    threshold)."""
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


def parse_set(text: str) -> tuple[str, Path, str, str | None, float]:
    """NAME=ARTICLES:GOLD[:HALF[:WEIGHT]] (HALF odd, even or empty; WEIGHT of each statement, default 1)."""
    name, _, rest = text.partition("=")
    parts = rest.split(":")
    half = parts[2] if len(parts) > 2 and parts[2] else None
    return name, Path(parts[0]), parts[1], half, float(parts[3]) if len(parts) > 3 else 1.0


def collect(name: str, folder: Path, gold_file: Path, half: str | None, scorer: ModuleType) -> list[dict[str, Any]]:
    """One record per article: ``set_name``, ``article``, ``am`` (its mentions), ``facts`` (the raw
    candidates, as the rules read them), ``iris`` (each fact's IRI once entities are resolved across
    the set) and ``labels``."""
    try:  # the layout since the move to newskg/extract
        from newskg.extract.articles import read_articles
        from newskg.extract.entities import resolve_entities
        from newskg.extract.extractor import local_entities
        from newskg.extract.facts import extract_facts
        from newskg.extract.lexicon import load_lexicon
        from newskg.extract.mentions import find_mentions
        from newskg.extract.model import ExtractionResult
        from newskg.rdf.vocab import ID
    except ImportError:  # earlier commits
        from newskg.articles import read_articles  # type: ignore[no-redef]
        from newskg.entities import resolve_entities  # type: ignore[no-redef]
        from newskg.extract import local_entities  # type: ignore[no-redef,attr-defined]
        from newskg.facts import extract_facts  # type: ignore[no-redef]
        from newskg.lexicon import load_lexicon  # type: ignore[no-redef]
        from newskg.mentions import find_mentions  # type: ignore[no-redef]
        from newskg.model import ExtractionResult  # type: ignore[no-redef]
        from newskg.vocab import ID  # type: ignore[no-redef]

    gold = tomllib.loads(gold_file.read_text(encoding="utf-8"))
    if half:
        folder, gold = scorer.select_half(folder, gold, half)
    lex = load_lexicon()
    read, raw = [], []
    for article in read_articles(folder):
        am = find_mentions(article, lex)
        facts = extract_facts(am, lex)
        read.append((am, facts))
        raw.append(ExtractionResult(article, local_entities(am, facts, lex), facts, []))
    labels = row_labels(folder, gold, scorer)
    records = []
    for (am, facts), result in zip(read, resolve_entities(raw)):
        iris = [f"{ID}{fact.key}" for fact in result.facts]
        records.append({"set_name": name, "article": result.article.id, "am": am, "facts": facts, "iris": iris,
                        "labels": [labels.get(iri) for iri in iris]})
    return records


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", type=Path, required=True, help="the folder of score.py (GOLD files are read relative to it)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--prefix", default="", help="put before each set's name (e.g. the commit)")
    ap.add_argument("sets", nargs="+", help="NAME=ARTICLES:GOLD[:HALF]")
    args = ap.parse_args()
    scorer = load_scorer(args.eval)
    records = []
    for spec in args.sets:
        name, folder, gold, half, _ = parse_set(spec)
        found = collect(args.prefix + name, folder, args.eval / gold, half, scorer)
        labelled = [x for r in found for x in r["labels"] if x is not None]
        print(f"{args.prefix}{name}: {len(labelled)} labelled statements, {sum(labelled)} right", file=sys.stderr)
        records.extend(found)
    with args.out.open("wb") as out:
        pickle.dump(records, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
