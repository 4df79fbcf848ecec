"""The filters of the listings (issue 16 item 3), written again in Python over an rdflib graph:
the reference the typed parameters of queries/*.rq are checked against on every backend.

``filter_cases(graph)`` gives, for each listing and filter, a few parameter values (entities
that play the part, one that plays none, their labels in another case, days) with the rows
of the unfiltered listing that must remain, as a predicate over (fact IRI, row).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

NEWS = "https://newskg.dev/ontology#"
ORG = "http://www.w3.org/ns/org#"
ID = "https://newskg.dev/id/"
NOBODY = ID + "org/nobody-at-all"
Row = dict[str, str]
Keep = Callable[[URIRef, Row], bool]


def _objects(graph: Graph, fact: URIRef, *path: str) -> set[URIRef]:
    nodes = {fact}
    for step in path:
        nodes = {o for n in nodes for o in graph.objects(n, URIRef(step)) if isinstance(o, URIRef)}
    return nodes


def _labels(graph: Graph, nodes: set[URIRef]) -> set[str]:
    return {str(v).lower() for n in nodes for p in (RDFS.label, SKOS.altLabel) for v in graph.objects(n, p)}


def tenure_organizations(graph: Graph, fact: URIRef) -> set[URIRef]:
    """The organization the listing shows: the tenure's own, else its post's."""
    return _objects(graph, fact, ORG + "organization") or _objects(graph, fact, NEWS + "post", ORG + "postIn")


#: listing -> entity filter -> the entities of a fact it is matched against.
ROLES: dict[str, dict[str, Callable[[Graph, URIRef], set[URIRef]]]] = {
    "who-is-under-sanctions": {"target": lambda g, f: _objects(g, f, NEWS + "entity"),
                               "authority": lambda g, f: _objects(g, f, NEWS + "authority")},
    "who-holds-what-post": {"person": lambda g, f: _objects(g, f, ORG + "member"),
                            "organization": tenure_organizations,
                            "post": lambda g, f: _objects(g, f, NEWS + "post")},
    "who-succeeded-whom": {"post": lambda g, f: _objects(g, f, NEWS + "post"),
                           "organization": lambda g, f: _objects(g, f, NEWS + "post", ORG + "postIn")},
    "who-withdrew-from-what": {"actor": lambda g, f: _objects(g, f, NEWS + "actor"),
                               "object": lambda g, f: _objects(g, f, NEWS + "object")},
    "who-owes-what": {"bearer": lambda g, f: _objects(g, f, NEWS + "obligor"),
                      "counterparty": lambda g, f: _objects(g, f, NEWS + "obligee")},
}
DAYS = ("2018-06-01", "2021-06-01", "2022-03-15", "2022-07-15", "2022-08-01", "2030-01-01")


def _prefix(text: str, day: str) -> str:
    return day[:len(text)]


def since(day: str) -> Keep:
    """A sanction dated on or after ``day``, compared on the common prefix; undated ones are out."""
    return lambda _f, row: bool(row["date"]) and row["date"] >= _prefix(row["date"], day)


def held_on(day: str) -> Keep:
    """A tenure held on ``day`` by its shown dates (who-held-post-on-date's rule)."""
    def keep(_f: URIRef, row: Row) -> bool:
        start, end = row["start"], row["end"]
        return bool(start or end) and (not start or start <= _prefix(start, day)) and (not end or end >= _prefix(end, day))
    return keep


def filter_cases(graph: Graph, facts: dict[str, list[URIRef]], per_filter: int = 3) -> Iterator[tuple[str, dict[str, str], Keep]]:
    """(listing, parameters, keep) for every filter of every listing: up to ``per_filter``
    entities playing the part (by IRI, by short form, by label in upper case), one playing none,
    and days for the date filters.  ``facts``: listing -> the facts of its rows."""
    for name, roles in ROLES.items():
        for param, role in roles.items():
            entities = sorted({e for f in facts[name] for e in role(graph, f)})[:per_filter]
            for entity in [*entities, URIRef(NOBODY)]:
                def by_iri(f: URIRef, _row: Row, entity: URIRef = entity, role=role) -> bool:  # type: ignore[no-untyped-def]
                    return entity in role(graph, f)
                yield name, {param: str(entity)}, by_iri
                if entities and entity == entities[0] and entity.startswith(ID):
                    yield name, {param: entity.removeprefix(ID)}, by_iri  # the short form
                for label in sorted(_labels(graph, {entity}))[:1]:
                    def by_label(f: URIRef, _row: Row, label: str = label, role=role) -> bool:  # type: ignore[no-untyped-def]
                        return label in _labels(graph, role(graph, f))
                    yield name, {param: label.upper()}, by_label  # a name goes to PARAM_label
                    yield name, {f"{param}_label": label}, by_label
    for day in DAYS:
        yield "who-is-under-sanctions", {"since": day}, since(day)
        yield "who-holds-what-post", {"date": day}, held_on(day)
    # Two filters at once: both must hold.
    roles = ROLES["who-holds-what-post"]
    for fact in facts["who-holds-what-post"][:2]:
        person = sorted(roles["person"](graph, fact))[:1]
        if person:
            both = held_on("2022-08-01")
            yield ("who-holds-what-post", {"person": str(person[0]), "date": "2022-08-01"},
                   lambda f, row, p=person[0], both=both: p in roles["person"](graph, f) and both(f, row))
