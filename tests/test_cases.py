"""Golden cases: an article in, the expected graph out, compared as graphs (isomorphism).

Each folder of tests/cases holds article.txt (written for the tests) and
expected.ttl; `python tests/cases/regenerate.py` rewrites the expectations from
the current extractor, to be read as a diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from tests.cases.regenerate import CASES, case_graph

FOLDERS = sorted(p for p in CASES.iterdir() if (p / "article.txt").exists())


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_case_gives_the_expected_graph(folder: Path) -> None:
    expected = Graph().parse(folder / "expected.ttl")
    actual = case_graph(folder)
    if not isomorphic(actual, expected):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        lines = [f"- {t}" for t in sorted(missing)][:15] + [f"+ {t}" for t in sorted(extra)][:15]
        pytest.fail(f"{folder.name}: the graph differs from expected.ttl\n" + "\n".join(lines))
