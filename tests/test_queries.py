"""Stored queries (queries/*.rq): they parse in rdflib and Oxigraph, carry grlc
headers, and return the documented columns and rows on tests/data/sample.ttl."""

from __future__ import annotations

import re
from pathlib import Path

import owlrl
import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery

from newskg.query.queries import bind_parameters, guarded_patterns, parse_header
from newskg.rdf.vocab import NEWS, iri

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries"
SAMPLE = Path(__file__).parent / "data" / "sample.ttl"
QUERY_FILES = sorted(QUERIES.glob("*.rq"))

#: Required columns, in order (shared/eval/README.md and the brief); extra columns may follow.
COLUMNS = {
    "who-holds-what-post": ["fact", "person", "post", "organization", "start", "end", "sources", "acting"],
    "who-succeeded-whom": ["fact", "successor", "predecessor", "post", "date", "sources"],
    "who-is-under-sanctions": ["fact", "target", "authority", "date", "sources"],
    "who-owes-what": ["fact", "bearer", "obligation", "counterparty", "sources"],
    "who-withdrew-from-what": ["fact", "actor", "action", "object", "date", "sources"],
    "who-is-who": ["entity", "type", "label", "aliases"],
    "evidence": ["fact", "article", "sentence", "rule", "confidence", "span"],
    "who-held-post-on-date": ["fact", "person", "post", "organization", "start", "end", "sources", "acting"],
    "nominations": ["fact", "person", "post", "organization", "date", "sources"],
    "statements": ["fact", "speaker", "content", "date", "sources"],
    "facts-about": ["fact", "kind", "role", "entity", "label", "sources"],
    "articles": ["id", "title", "published", "facts"],
}
#: Parameters (grlc style ?_name) each query accepts.
PARAMETERS = {
    "evidence": {"_fact"},
    "who-held-post-on-date": {"_date", "_post"},
    "facts-about": {"_entity"},
    # the listings' filters (issue 16): patterns written "# if ?_name: ...", kept when given
    "who-is-under-sanctions": {"_authority", "_authority_label", "_target", "_target_label", "_since", "_fact"},
    "who-holds-what-post": {"_person", "_person_label", "_organization", "_organization_label", "_post",
                            "_post_label", "_date", "_fact"},
    "who-succeeded-whom": {"_post", "_post_label", "_organization", "_organization_label", "_fact"},
    "who-withdrew-from-what": {"_actor", "_actor_label", "_object", "_object_label", "_fact"},
    "who-owes-what": {"_bearer", "_bearer_label", "_counterparty", "_counterparty_label", "_fact"},
    # the key of a listing's maintained view (newskg/folder/views.py): the rows of given keys
    "nominations": {"_fact"},
    "statements": {"_fact"},
    "who-is-who": {"_entity"},
    "articles": {"_article"},
}
A, B = "001_borisov", "002_sanctions"


@pytest.fixture(scope="module")
def sample() -> Graph:
    return Graph().parse(SAMPLE)


def text(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def run(graph: Graph, name: str, **bindings: URIRef | Literal) -> tuple[list[str], list[dict[str, str | None]]]:
    """Column names and rows (values as plain strings, None when unbound)."""
    result = graph.query(text(name), initBindings=bindings)
    columns = [str(v) for v in result.vars or []]
    rows = [{c: (None if v is None else str(v)) for c, v in zip(columns, row)} for row in result]
    return columns, rows


def by_fact(rows: list[dict[str, str | None]]) -> dict[str, dict[str, str | None]]:
    facts = [row["fact"] for row in rows]
    assert len(facts) == len(set(facts)), "one row per fact"
    return {str(row["fact"]): row for row in rows}


# --------------------------------------------------------------------- files


def test_every_documented_query_exists() -> None:
    assert {path.stem for path in QUERY_FILES} == set(COLUMNS)


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_query_parses_and_has_headers(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert source.startswith("#+ summary: ")
    summary = source.splitlines()[0].removeprefix("#+ summary: ").strip()
    assert summary and "\n" not in summary
    assert re.search(r"^#\+ tags:$", source, re.M)
    prepareQuery(source)
    # Oxigraph parses (and runs) it too, on an empty store, with parameters unbound.
    list(pyoxigraph.Store().query(source))
    every = guarded_patterns(source)
    parameters = set(re.findall(r"\?(_\w+)", re.sub(r"^#.*$", "", every, flags=re.M)))
    assert parameters == PARAMETERS.get(path.stem, set())
    declared = parse_header(source).get("params") or {}
    assert set(declared) == {p.removeprefix("_") for p in parameters}, "every parameter's type is declared"
    # With every parameter given (every filter pattern kept, with its value) it is valid SPARQL too.
    sample = {"iri": URIRef("https://newskg.dev/id/org/x"), "date": Literal("2022-06-01", datatype=XSD.date),
              "text": Literal("x")}
    given = bind_parameters(source, {f"_{name}": sample[str(kind).removeprefix("xsd:")] for name, kind in declared.items()})
    prepareQuery(given)
    list(pyoxigraph.Store().query(given))


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_columns_in_documented_order(name: str, sample: Graph) -> None:
    columns, rows = run(sample, name)
    assert columns[: len(COLUMNS[name])] == COLUMNS[name]
    assert rows, f"{name} returns no row on the sample graph"


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_same_rows_in_oxigraph(name: str, sample: Graph) -> None:
    store = pyoxigraph.Store()
    store.load(path=str(SAMPLE), format=pyoxigraph.RdfFormat.TURTLE)
    oxi = [[None if t is None else t.value for t in solution] for solution in store.query(text(name))]
    _, rows = run(sample, name)
    assert oxi == [list(row.values()) for row in rows]


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_same_rows_with_inferred_triples(name: str, sample: Graph) -> None:
    """Queries run on asserted ∪ inferred: the OWL RL closure must not change the rows."""
    closed = Graph()
    closed += sample
    closed.parse(ROOT / "ontology" / "news.ttl")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    assert run(closed, name) == run(sample, name)


# --------------------------------------------------------------------- rows


def test_who_holds_what_post(sample: Graph) -> None:
    _, rows = run(sample, "who-holds-what-post")
    assert [row["person"] for row in rows] == ["Bill Nelson", "Dmitry Rogozin", "Sergei Krikalev", "Yuri Borisov"]
    facts = by_fact(rows)
    rogozin = facts[str(iri("tenure/0000000000000001"))]
    assert rogozin == {
        "fact": str(iri("tenure/0000000000000001")),
        "person": "Dmitry Rogozin",
        "post": "Director General of Roscosmos",
        "organization": "Roscosmos",
        "start": "2018-05",
        "end": "2022-07-15",
        "sources": A,
        "acting": "false",
    }
    borisov = facts[str(iri("tenure/0000000000000002"))]
    assert (borisov["start"], borisov["end"], borisov["sources"]) == ("2022-07-15", None, A)
    acting = facts[str(iri("tenure/0000000000000004"))]
    assert acting["post"] == "acting Executive Director for Crewed Programs of Roscosmos"
    assert acting["acting"] == "true"
    assert (acting["start"], acting["end"]) == (None, None)
    # A nomination is not a tenure.
    assert str(iri("nomination/0000000000000005")) not in facts
    assert "Jared Isaacman" not in {row["person"] for row in rows}


@pytest.mark.parametrize(
    ("date", "holders"),
    [
        (Literal("2020-01-01", datatype=XSD.date), ["Dmitry Rogozin"]),
        (Literal("2022-07-15", datatype=XSD.date), ["Bill Nelson", "Dmitry Rogozin", "Yuri Borisov"]),
        (Literal("2022-08-01", datatype=XSD.date), ["Bill Nelson", "Yuri Borisov"]),
        (Literal("2021-03-01", datatype=XSD.date), ["Bill Nelson", "Dmitry Rogozin"]),  # Nelson from "2021"
        (Literal("2018-05-20", datatype=XSD.date), ["Dmitry Rogozin"]),  # Rogozin from "2018-05"
        (Literal("2018-04-30", datatype=XSD.date), []),
    ],
)
def test_who_held_post_on_date(sample: Graph, date: Literal, holders: list[str]) -> None:
    _, rows = run(sample, "who-held-post-on-date", _date=date)
    assert [row["person"] for row in rows] == holders


def test_who_held_post_on_date_for_one_post(sample: Graph) -> None:
    _, rows = run(
        sample, "who-held-post-on-date", _date=Literal("2022-08-01", datatype=XSD.date), _post=iri("post/roscosmos/head")
    )
    assert [(row["person"], row["post"], row["organization"]) for row in rows] == [
        ("Yuri Borisov", "Director General of Roscosmos", "Roscosmos")
    ]


def test_who_held_post_on_date_without_date_lists_every_tenure(sample: Graph) -> None:
    assert run(sample, "who-held-post-on-date") == run(sample, "who-holds-what-post")


def test_who_succeeded_whom(sample: Graph) -> None:
    _, rows = run(sample, "who-succeeded-whom")
    assert rows == [
        {
            "fact": str(iri("succession/0000000000000006")),
            "successor": "Yuri Borisov",
            "predecessor": "Dmitry Rogozin",
            "post": "Director General of Roscosmos",
            "date": "2022-07-15",
            "sources": A,
        }
    ]


def test_who_is_under_sanctions(sample: Graph) -> None:
    _, rows = run(sample, "who-is-under-sanctions")
    assert len(rows) == 1
    row = rows[0]
    assert row["fact"] == str(iri("sanction/0000000000000007"))
    assert (row["target"], row["authority"], row["date"]) == ("Dmitry Rogozin", "US Department of the Treasury", "2022-02")
    assert row["sources"] == f"{A} {B}"  # two evidence nodes from two articles, sorted
    assert row["program"] == "Russia-related sanctions"


def test_who_owes_what(sample: Graph) -> None:
    _, rows = run(sample, "who-owes-what")
    assert [(r["bearer"], r["obligation"], r["counterparty"], r["sources"]) for r in rows] == [
        ("Russia", "fulfil all its international obligations with regard to the ISS", None, B)
    ]


def test_who_withdrew_from_what(sample: Graph) -> None:
    _, rows = run(sample, "who-withdrew-from-what")
    assert [(r["actor"], r["action"], r["object"], r["date"], r["sources"], r["kind"]) for r in rows] == [
        ("European Space Agency", "suspend", "ExoMars", "2022-03-17", B, "Suspension"),
        ("Russia", "leave", "the International Space Station after 2024", "2024", B, "Withdrawal"),
    ]


def test_who_is_who(sample: Graph) -> None:
    _, rows = run(sample, "who-is-who")
    table = {row["label"]: (row["type"], row["aliases"]) for row in rows}
    assert len(rows) == len(table) == 12
    assert table["Roscosmos"] == ("SpaceAgency", "Roskosmos | Russian space agency")
    assert table["Dmitry Rogozin"] == ("Person", "Dmitri Rogozin | Rogozin")
    assert table["US Department of the Treasury"] == ("GovernmentBody", "US Treasury")
    assert table["ExoMars"] == ("Programme", None)
    assert table["Russia"] == ("Country", None)


def test_evidence(sample: Graph) -> None:
    _, rows = run(sample, "evidence")
    assert len(rows) == 12  # one per (fact, evidence)
    _, rows = run(sample, "evidence", _fact=iri("sanction/0000000000000007"))
    assert [(r["article"], r["sentence"], r["rule"], r["confidence"]) for r in rows] == [
        (A, "Rogozin has been under US Treasury sanctions since February 2022.", "sanction-under", "0.85"),
        (B, "The US Treasury sanctioned Rogozin in February 2022.", "sanction-sanctioned", "0.9"),
    ]
    assert rows[0]["span"] == "Rogozin has been under US Treasury sanctions"


def test_nominations_and_statements(sample: Graph) -> None:
    _, rows = run(sample, "nominations")
    assert [(r["person"], r["post"], r["organization"], r["sources"]) for r in rows] == [
        ("Jared Isaacman", "Administrator of NASA", "NASA", B)
    ]
    _, rows = run(sample, "statements")
    assert [(r["speaker"], r["date"], r["sources"]) for r in rows] == [("Dmitry Rogozin", "2022-07-26", B)]


def test_facts_about(sample: Graph) -> None:
    _, rows = run(sample, "facts-about", _entity=iri("person/dmitry-rogozin"))
    assert sorted((r["kind"], r["role"], r["sources"]) for r in rows) == [
        ("Sanction", "entity", f"{A} {B}"),
        ("Statement", "speaker", B),
        ("Succession", "predecessor", A),
        ("Tenure", "member", A),
    ]
    _, rows = run(sample, "facts-about", _entity=iri("org/roscosmos"))
    assert {r["role"] for r in rows} == {"organization postIn", "postIn"}
    _, rows = run(sample, "facts-about")
    assert len(rows) == 20


def test_articles(sample: Graph) -> None:
    _, rows = run(sample, "articles")
    assert [(r["id"], r["published"], r["facts"]) for r in rows] == [(A, "2022-07-15", "4"), (B, "2022-07-26", "8")]


def test_sources_are_sorted_and_distinct(sample: Graph) -> None:
    """Whatever order the store gives, sources lists each article id once, sorted."""
    graph = Graph()
    graph += sample
    fact = iri("sanction/0000000000000007")
    for article in ("zz_last", "000_first", "m_middle"):
        evidence = iri(f"evidence/{article}")
        graph.add((fact, NEWS.evidence, evidence))
        graph.add((evidence, NEWS.article, iri(f"article/{article}")))
        graph.add((iri(f"article/{article}"), URIRef("http://purl.org/dc/terms/identifier"), Literal(article)))
    graph.add((fact, NEWS.evidence, iri("evidence/e001")))  # a second evidence from article A
    _, rows = run(graph, "who-is-under-sanctions")
    assert rows[0]["sources"] == f"000_first {A} {B} m_middle zz_last"


def test_fact_without_evidence_still_listed(sample: Graph) -> None:
    graph = Graph()
    graph += sample
    graph.remove((iri("statement/000000000000000b"), NEWS.evidence, None))
    _, rows = run(graph, "statements")
    assert rows[0]["sources"] is None


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_empty_graph_gives_no_rows(name: str) -> None:
    """No spurious all-empty row (rdflib yields one for an aggregate over nothing)."""
    assert run(Graph(), name)[1] == []


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_graph_of_one_kind_gives_no_foreign_rows(name: str, sample: Graph) -> None:
    """A graph with facts of other kinds only must not leak them into a query's rows."""
    graph = Graph()
    graph += sample
    for kind in (NEWS.Tenure, NEWS.Succession, NEWS.Sanction, NEWS.Obligation, NEWS.Withdrawal,
                 NEWS.Suspension, NEWS.Statement, NEWS.Nomination):
        keep = NEWS.Statement if name != "statements" else NEWS.Sanction
        if kind != keep:
            for fact in list(graph.subjects(None, kind)):
                graph.remove((fact, None, None))
    _, rows = run(graph, name)
    assert all(next(iter(row.values())) is not None for row in rows)
    if name in {"who-holds-what-post", "who-held-post-on-date", "who-succeeded-whom", "who-is-under-sanctions",
                "who-owes-what", "who-withdrew-from-what", "nominations"}:
        assert rows == []


# ── parameter values: checked against their declared type, bound in one pass ──

ID_BASE = "https://newskg.dev/id/"


@pytest.mark.parametrize(("name", "param", "value", "expected"), [
    ("who-held-post-on-date", "date", "2022-13-45", "YYYY-MM-DD"),
    ("who-held-post-on-date", "date", "yesterday", "YYYY-MM-DD"),
    ("who-held-post-on-date", "date", "2022-06-01T00:00:00", "YYYY-MM-DD"),
    ("who-held-post-on-date", "date", "?_post", "YYYY-MM-DD"),
    ("who-held-post-on-date", "post", "x", "IRI"),
    ("evidence", "fact", "not-an-iri", "IRI"),
    ("evidence", "fact", ID_BASE + "tenure/a b", "IRI"),
    ("evidence", "fact", ID_BASE + "tenure/a> . ?s ?p ?o } #", "IRI"),
    ("evidence", "fact", ID_BASE + 'tenure/a"', "IRI"),
    ("facts-about", "entity", ID_BASE + "person/{x}", "IRI"),
    ("facts-about", "entity", f"<{ID_BASE}person/yuri-borisov>", "IRI"),
])
def test_a_bad_parameter_value_is_a_usage_error_naming_it(sample: Graph, name: str, param: str, value: str,
                                                        expected: str) -> None:
    from newskg.errors import UsageError
    from newskg.query.queries import run_query

    with pytest.raises(UsageError) as raised:
        run_query(sample, name, {param: value})
    message = str(raised.value)
    assert f"parameter {param}" in message and expected in message and "\n" not in message, message


def test_parameter_types_come_from_the_header_or_the_usage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newskg import settings
    from newskg.query.queries import load_query

    assert load_query("who-held-post-on-date").param_types == {"date": "date", "post": "iri"}
    assert load_query("evidence").param_types == {"fact": "iri"}
    assert load_query("facts-about").param_types == {"entity": "iri"}
    (tmp_path / "guess.rq").write_text("#+ summary: s\nSELECT * WHERE { ?_thing ?p ?o FILTER(?o = ?_value) }\n",
                                       encoding="utf-8")
    monkeypatch.setattr(settings, "QUERIES_DIR", tmp_path)
    assert load_query("guess").param_types == {"thing": "iri", "value": "term"}


def test_short_iri_forms_are_expanded(sample: Graph) -> None:
    from newskg.query.queries import run_query

    short = run_query(sample, "facts-about", {"entity": "person/yuri-borisov"})
    full = run_query(sample, "facts-about", {"entity": ID_BASE + "person/yuri-borisov"})
    assert list(short.bindings) == list(full.bindings) and len(full.bindings) > 0


def test_parameters_are_bound_in_one_pass_as_terms() -> None:
    """A value naming another parameter is not rewritten; comments, strings and IRIs are left alone."""
    from newskg.query.queries import bind_parameters

    text = 'SELECT * WHERE { ?s ?p ?_a . ?s <urn:x?_b> ?_b . FILTER(?o != "?_a") } # ?_b'
    bound = bind_parameters(text, {"_a": Literal("?_b"), "_b": URIRef("https://x.org/b")})
    assert bound == 'SELECT * WHERE { ?s ?p "?_b" . ?s <urn:x?_b> <https://x.org/b> . FILTER(?o != "?_a") } # ?_b'
    quoted = bind_parameters("ASK { ?s ?p $_a }", {"_a": Literal('a" } DROP ALL #\n')})
    assert quoted == 'ASK { ?s ?p "a\\" } DROP ALL #\\n" }'


def test_a_value_naming_another_parameter_is_bound_the_same_on_every_engine(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newskg import settings
    from newskg.query.oxigraph import query_oxigraph
    from newskg.query.queries import run_query

    (tmp_path / "two.rq").write_text(
        "#+ summary: two text parameters\n#+ params:\n#+   label: text\n#+   other: text\n"
        "SELECT ?s WHERE { ?s <urn:p> ?_label ; <urn:q> ?_other . }\n", encoding="utf-8")
    monkeypatch.setattr(settings, "QUERIES_DIR", tmp_path)
    data = '<urn:s1> <urn:p> "?_other" ; <urn:q> "x" .\n'
    graph = Graph().parse(data=data, format="turtle")
    store = pyoxigraph.Store()
    store.load(data.encode(), format=pyoxigraph.RdfFormat.TURTLE)

    class Native:  # a backend on an Oxigraph store
        def query(self, text: str, bindings: dict[str, object] | None = None, name: str = "q") -> object:
            return query_oxigraph(store, text, bindings, name)  # type: ignore[arg-type]

    params = {"label": "?_other", "other": "x"}
    for engine in (graph, Native()):
        result = run_query(engine, "two", params)
        assert [str(row[0]) for row in result] == ["urn:s1"], engine


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_the_header_is_yaml(path: Path) -> None:
    """grlc reads the ``#+`` header as YAML; a header that is not falls back to one line per key
    and loses the multi-line description (and parameter declarations)."""
    import yaml

    lines = [line.strip()[2:].removeprefix(" ") for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip().startswith("#+")]
    assert isinstance(yaml.safe_load("\n".join(lines)), dict)


END_ONLY = """@prefix news: <https://newskg.dev/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://newskg.dev/id/> .
<post/agency/head> rdfs:label "Head of Agency" .
<person/until> rdfs:label "Una Until" .
<person/since> rdfs:label "Sid Since" .
<person/undated> rdfs:label "Udo Undated" .
<tenure/until> a news:Tenure ; org:member <person/until> ; news:post <post/agency/head> ;
    news:endDate "2022-07-15"^^xsd:date .
<tenure/since> a news:Tenure ; org:member <person/since> ; news:post <post/agency/head> ;
    news:startDate "2022-07"^^xsd:gYearMonth .
<tenure/undated> a news:Tenure ; org:member <person/undated> ; news:post <post/agency/head> .
"""


@pytest.mark.parametrize(("day", "holders"), [
    ("2022-06-01", ["Una Until"]),            # only its end is known, and the day is before it
    ("2022-07-15", ["Sid Since", "Una Until"]),
    ("2022-07-16", ["Sid Since"]),            # after the known end
    ("2022-06-30", ["Una Until"]),            # before the known start (month precision)
])
def test_a_tenure_is_held_on_a_day_no_known_date_excludes(day: str, holders: list[str]) -> None:
    """A tenure with a known start or end is held on every day its known dates allow; one
    with neither says nothing about any day and is left out."""
    graph = Graph().parse(data=END_ONLY, format="turtle")
    _, rows = run(graph, "who-held-post-on-date", _date=Literal(day, datatype=XSD.date))
    assert [row["person"] for row in rows] == holders
