"""The held-out articles (tests/data/heldout): the extractor's precision and recall on text it was not
tuned on, scored as the scorecard scores (stored queries as CSV, gold rows as regexes per column).

The floors sit a little under the figures measured on the current code (tests/data/heldout/README.md),
so a change that makes extraction generalise worse fails here."""

from __future__ import annotations

import csv
import io
import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from newskg.cli import cli

HERE = Path(__file__).parent / "data" / "heldout"
QUERIES = {"posts": "who-holds-what-post", "successions": "who-succeeded-whom", "sanctions": "who-is-under-sanctions",
           "obligations": "who-owes-what", "withdrawals": "who-withdrew-from-what"}
META = {"kind", "status", "articles", "note"}
PRECISION_FLOOR = 0.86
RECALL_FLOOR = 0.40


def _matches(fact: dict[str, object], row: dict[str, str]) -> bool:
    for key, pattern in fact.items():
        if key in META:
            continue
        cells = [row.get(col, "") for col in key.split("|")]
        if not any(re.search(str(pattern), cell, re.IGNORECASE) for cell in cells):
            return False
    return True


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, int, int, int]:
    graph = tmp_path_factory.mktemp("heldout") / "graph"
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "--articles", str(HERE / "articles"), "--out", str(graph), "-q"])
    assert built.exit_code == 0, built.output
    gold = tomllib.loads((HERE / "gold.toml").read_text(encoding="utf-8"))["fact"]
    rows_n = right_rows = required = found = 0
    for kind, query in QUERIES.items():
        out = runner.invoke(cli, ["query", query, "--graph", str(graph), "--format", "csv"]).output
        rows = [{k.lower(): v for k, v in r.items()} for r in csv.DictReader(io.StringIO(out))]
        facts = [f for f in gold if f["kind"] == kind]
        rows_n += len(rows)
        right_rows += sum(1 for r in rows if any(_matches(f, r) for f in facts))
        needed = [f for f in facts if f["status"] == "required"]
        required += len(needed)
        found += sum(1 for f in needed if any(_matches(f, r) for r in rows))
    return rows_n, right_rows, required, found


def test_precision_on_articles_nobody_tuned_on(scored: tuple[int, int, int, int]) -> None:
    rows, right, _, _ = scored
    assert rows and right / rows >= PRECISION_FLOOR, f"{right} of {rows} rows right"


def test_recall_on_articles_nobody_tuned_on(scored: tuple[int, int, int, int]) -> None:
    _, _, required, found = scored
    assert found / required >= RECALL_FLOOR, f"{found} of {required} required facts found"
