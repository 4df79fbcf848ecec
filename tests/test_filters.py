"""The listings' filters (issue 16 item 3): typed parameters bound into the patterns.

Every filter of every listing, on every backend (rdflib over the files, embedded Oxigraph,
``sparql+http`` against a real ``oxigraph serve``), gives the rows of the unfiltered listing
that the Python reference (tests/listing_filters.py) keeps, in the listing's order.  The data
are the bundled graph and tests/data/sample.ttl together (dated sanctions, tenures of every
precision).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from tests.conftest import ROOT, SAMPLE_TTL
from tests.listing_filters import ROLES, filter_cases
from tests.test_backends import oxigraph_server  # noqa: F401  (a fixture)

from newskg.errors import UsageError
from newskg.folder.backends import Backend, FilesBackend, OxigraphBackend, SparqlHttpBackend
from newskg.folder.store import write_graph_folder
from newskg.query.queries import bind_parameters, guarded_patterns, load_query, run_query

LISTINGS = sorted(ROLES)
#: What the two graphs lack: an obligation with a counterparty, sanctions dated by start and by
#: listing, a succession in a second post.
EXTRA = """@prefix news: <https://newskg.dev/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://newskg.dev/id/> .
<https://newskg.dev/id/obligation/f1> a news:Obligation ; news:obligor id:org\\/russia ; news:obligee id:org\\/nasa ;
    news:content "deliver crews to the station" .
<https://newskg.dev/id/sanction/f2> a news:Sanction ; news:entity id:org\\/roscosmos ; news:authority id:org\\/canada ;
    news:startDate "2022-07-15"^^xsd:date .
<https://newskg.dev/id/sanction/f3> a news:Sanction ; news:entity id:org\\/tsniimash ; news:listingDate "2022"^^xsd:gYear .
<https://newskg.dev/id/succession/f4> a news:Succession ; news:post id:post\\/nasa\\/head ;
    news:successor id:person\\/bill-nelson .
"""


def _rows(result) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    columns = list(result.vars or [])
    return [{str(c): str(row.get(c, "")) for c in columns} for row in result.bindings]


def filter_data() -> tuple[Graph, Graph]:
    """The asserted and inferred graphs the filters are tried on."""
    from newskg.folder.build import load_ontology
    from newskg.rdf.reasoning import infer

    sample = Graph().parse(SAMPLE_TTL)
    asserted = Graph().parse(ROOT / "graph" / "asserted.ttl")
    inferred = Graph().parse(ROOT / "graph" / "inferred.ttl")
    for triple in sample + Graph().parse(data=EXTRA, format="turtle"):
        asserted.add(triple)
    for triple in infer(sample, load_ontology()):
        inferred.add(triple)
    return asserted, inferred


@pytest.fixture(scope="module")
def data() -> tuple[Graph, Graph]:
    return filter_data()


@pytest.fixture(scope="module")
def backends(tmp_path_factory: pytest.TempPathFactory, data: tuple[Graph, Graph],
             oxigraph_server: str) -> dict[str, Backend]:  # noqa: F811
    asserted, inferred = data
    folder = tmp_path_factory.mktemp("filters") / "graph"
    write_graph_folder(folder, asserted, inferred, Graph(), {"format": 1})
    oxi, http = OxigraphBackend(folder), SparqlHttpBackend(oxigraph_server, folder)
    for backend in (oxi, http):
        backend.load(asserted, inferred)
    return {"files": FilesBackend(folder), "oxigraph": oxi, "sparql": http}


def cases(graph: Graph, backend: Backend, per_filter: int = 3):  # type: ignore[no-untyped-def]
    """(listing, parameters, expected rows, rows of the full listing) for every filter case on
    ``backend`` holding ``graph`` (asserted and inferred), ``per_filter`` entities a filter."""
    full = {name: _rows(run_query(backend, name)) for name in LISTINGS}
    facts = {name: [URIRef(row["fact"]) for row in rows] for name, rows in full.items()}
    for name, params, keep in filter_cases(graph, facts, per_filter):
        yield name, params, [row for row in full[name] if keep(URIRef(row["fact"]), row)], len(full[name])


@pytest.mark.parametrize("kind", ["files", "oxigraph", "sparql"])
def test_every_filter_gives_the_listing_filtered_in_python(kind: str, data: tuple[Graph, Graph],
                                                           backends: dict[str, Backend]) -> None:
    backend = backends[kind]
    seen: dict[str, set[str]] = {name: set() for name in LISTINGS}
    # every filter on every backend; the slow ones (rdflib, a server over HTTP) with one entity a
    # filter (by IRI, short form and label, plus one playing no part), Oxigraph with three
    per_filter = 3 if kind == "oxigraph" else 1
    for name, params, expected, full in cases(data[0] + data[1], backend, per_filter):
        assert _rows(run_query(backend, name, params)) == expected, (kind, name, params)
        if 0 < len(expected) < full:  # a filter that keeps some rows and drops others
            seen[name].update(p.removesuffix("_label") for p in params)
    for name in LISTINGS:
        wanted = set(ROLES[name]) | ({"since"} if name == "who-is-under-sanctions" else set())
        wanted |= {"date"} if name == "who-holds-what-post" else set()
        assert seen[name] >= wanted, f"{name}: a filter was not seen keeping some rows and dropping others"


def test_the_file_as_it_is_is_the_full_listing() -> None:
    """An unbound filter stays a comment: the text run by any SPARQL tool is today's listing."""
    for name in LISTINGS:
        query = load_query(name)
        assert bind_parameters(query.text, None) == query.text
        assert bind_parameters(query.text, {"_unrelated": URIRef("urn:x")}) == query.text
        assert set(ROLES[name]) <= set(query.params), name
        kept = guarded_patterns(query.text)
        assert kept != query.text and "# if ?_" not in kept


def test_guarded_patterns_need_every_parameter_they_name() -> None:
    text = "SELECT * {\n  # if ?_a, ?_b: ?s ?_a ?_b .\n  # if ?_a: ?s ?p ?_a .\n  ?s ?p ?o }"
    assert guarded_patterns(text, {"a"}) == "SELECT * {\n  # if ?_a, ?_b: ?s ?_a ?_b .\n  ?s ?p ?_a .\n  ?s ?p ?o }"
    bound = bind_parameters(text, {"_a": URIRef("urn:a")})
    assert "  ?s ?p <urn:a> ." in bound and "# if ?_a, ?_b: ?s ?_a ?_b ." in bound


def test_bad_filter_values_are_refused_in_one_line(backends: dict[str, Backend]) -> None:
    with pytest.raises(UsageError, match="parameter since: '2022-13-01' is not a date"):
        run_query(backends["files"], "who-is-under-sanctions", {"since": "2022-13-01"})
    with pytest.raises(UsageError, match="parameter date"):
        run_query(backends["files"], "who-holds-what-post", {"date": "yesterday"})
    with pytest.raises(UsageError, match="has no parameter 'nation'"):
        run_query(backends["files"], "who-owes-what", {"nation": "Russia"})
    # an entity parameter without a _label companion still needs an IRI
    with pytest.raises(UsageError, match="parameter entity: 'Roscosmos' is not an IRI"):
        run_query(backends["files"], "facts-about", {"entity": "Roscosmos"})


def test_cli_filters_by_name_and_by_short_form(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newskg.cli import cli as main

    runner = CliRunner()
    graph = str(ROOT / "graph")
    by_name = runner.invoke(main, ["query", "who-is-under-sanctions", "--graph", graph, "--param", "authority=canada",
                                   "--format", "csv"])
    by_iri = runner.invoke(main, ["query", "who-is-under-sanctions", "--graph", graph, "--param",
                                  "authority=org/canada", "--format", "csv"])
    assert by_name.exit_code == 0 and by_name.output == by_iri.output
    rows = by_name.output.strip().splitlines()[1:]
    assert rows and all(",Canada," in row for row in rows)
    bad = runner.invoke(main, ["query", "who-is-under-sanctions", "--graph", graph, "--param", "since=March"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
