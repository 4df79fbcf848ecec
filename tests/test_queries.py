from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from newskg import settings
from newskg.errors import QueryError, QueryNotFound, UsageError
from newskg.queries import (
    format_result,
    list_queries,
    load_query,
    parameter_term,
    run_query,
    run_sparql,
)

TENURES = """#+ summary: Tenures of a post
#+ description: |
#+   One row per tenure, with the person's label.
#+ tags:
#+   - test
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX news: <https://newskg.dev/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?fact ?person ?start (GROUP_CONCAT(?src; separator=" ") AS ?sources) WHERE {
  ?fact a news:Tenure ; org:member ?p ; news:post ?_post .  # ?_notaparam in a comment
  ?p rdfs:label ?person .
  OPTIONAL { ?fact news:startDate ?start }
  OPTIONAL { VALUES ?src { "z-article" "a-article" } }
  FILTER (!BOUND(?_since) || ?start >= ?_since)
} GROUP BY ?fact ?person ?start ORDER BY ?person
"""


@pytest.fixture()
def queries_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "tenures.rq").write_text(TENURES, encoding="utf-8")
    (folder / "broken.rq").write_text("#+ summary: broken\nSELECT ?x WHERE { ?x ", encoding="utf-8")
    monkeypatch.setattr(settings, "QUERIES_DIR", folder)
    return folder


def test_header_and_params(queries_dir: Path) -> None:
    query = load_query("tenures")
    assert query.summary == "Tenures of a post"
    assert query.description == "One row per tenure, with the person's label."
    assert query.params == ["post", "since"]
    assert [q.name for q in list_queries()] == ["broken", "tenures"]


@pytest.mark.parametrize("name", ["../tenures", "a/b", "tenures.rq", "Tenures", "", "..", "nope"])
def test_bad_names_list_the_available_ones(queries_dir: Path, name: str) -> None:
    with pytest.raises(QueryNotFound, match="broken, tenures"):
        load_query(name)


def test_parameters_are_typed_terms() -> None:
    assert parameter_term("2022-07-15") == Literal("2022-07-15", datatype=XSD.date)
    assert parameter_term("https://newskg.dev/id/org/roscosmos") == URIRef("https://newskg.dev/id/org/roscosmos")
    assert parameter_term("Roscosmos") == Literal("Roscosmos")
    assert parameter_term('x" } ; DROP ALL #') == Literal('x" } ; DROP ALL #')


def test_run_with_bound_parameters(queries_dir: Path, fixture_graph: Graph) -> None:
    post = "https://newskg.dev/id/post/roscosmos/head"
    rows = list(run_query(fixture_graph, "tenures", {"post": post}))
    assert len(rows) == 2
    rows = list(run_query(fixture_graph, "tenures", {"post": post, "since": "2022-07-01"}))
    assert [str(r.person) for r in rows] == ["Yury Borisov"]
    with pytest.raises(UsageError, match="no parameter"):
        run_query(fixture_graph, "tenures", {"nope": "1"})


def test_broken_stored_query(queries_dir: Path, fixture_graph: Graph) -> None:
    with pytest.raises(QueryError, match="broken"):
        run_query(fixture_graph, "broken", {})


def test_update_refused(fixture_graph: Graph) -> None:
    with pytest.raises(UsageError, match="Update"):
        run_sparql(fixture_graph, "DELETE WHERE { ?s ?p ?o }")
    assert len(fixture_graph) > 0


def test_formats(queries_dir: Path, fixture_graph: Graph) -> None:
    result = run_query(fixture_graph, "tenures", {})
    text = format_result(result, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["fact", "person", "start", "sources"]
    assert rows[0]["sources"] == "a-article z-article"  # sorted
    assert rows[0]["start"] == ""  # unbound -> empty
    assert format_result(result, "tsv").splitlines()[0] == "?fact\t?person\t?start\t?sources"
    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"] == ["fact", "person", "start", "sources"]
    assert "<sparql" in format_result(result, "xml")
    table = format_result(result, "table")
    assert "Yury Borisov" in table and "(2 rows)" in table
    ask = run_sparql(fixture_graph, "ASK { ?s ?p ?o }")
    assert format_result(ask, "csv") == "true\n"
    assert json.loads(format_result(ask, "json"))["boolean"] is True
    construct = run_sparql(fixture_graph, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3")
    assert len(Graph().parse(data=format_result(construct, "table"), format="turtle")) == 3


def test_stored_queries_parse() -> None:
    """Every query of queries/ parses and has a summary."""
    for query in list_queries():
        assert query.summary, query.name
        run_sparql(Graph(), query.text, name=query.name)
