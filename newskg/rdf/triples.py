"""The mapping: facts with evidence -> RDF (extraction, before it, knows no rdflib).

The same fact stated by several articles becomes one node with one
``news:Evidence`` per (article, sentence).  Where articles disagree on a
single-valued argument (a tenure's start date, say) the value of the most
confident and most precise statement wins; a tenure whose dates would end
before it starts keeps only the more confident date, so a wrong reading never
makes the graph break its own shapes.  See docs/model.md for the model.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache

import pyoxigraph
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS
from rdflib.term import Node

from newskg.extract.lexicon import load_lexicon
from newskg.extract.model import FACT_KINDS, DateValue, Entity, ExtractionResult, Fact, Post, Text, make_key
from newskg.rdf.terms import nt_term, to_rdflib
from newskg.rdf.vocab import ID, NEWS, SCHEMA

# model argument name -> ontology property, per fact kind
PROPERTIES: dict[str, dict[str, URIRef]] = {
    "Tenure": {"member": ORG.member, "post": NEWS.post, "start": NEWS.startDate, "end": NEWS.endDate, "acting": NEWS.acting},
    "Nomination": {"member": NEWS.nominee, "post": NEWS.post, "date": NEWS.date},
    "Succession": {"successor": NEWS.successor, "predecessor": NEWS.predecessor, "post": NEWS.post, "date": NEWS.date},
    "Sanction": {"entity": NEWS.entity, "authority": NEWS.authority, "program": NEWS.program, "startDate": NEWS.startDate,
                 "listingDate": NEWS.listingDate, "reason": NEWS.reason},
    "Obligation": {"obligor": NEWS.obligor, "obligee": NEWS.obligee, "content": NEWS.content, "date": NEWS.date},
    "Withdrawal": {"actor": NEWS.actor, "action": NEWS.action, "object": NEWS.objectText, "objectEntity": NEWS.object,
                   "date": NEWS.date},
    "Statement": {"speaker": NEWS.speaker, "content": NEWS.content, "date": NEWS.date},
}


@lru_cache(maxsize=1)
def suspension_actions() -> tuple[str, ...]:
    """The withdrawal actions that make a fact a suspension (lexicon list ``suspension_actions``)."""
    return tuple(load_lexicon().words("suspension_actions"))


# The mapping writes each term in N-Triples, as Oxigraph writes it (pyoxigraph makes and checks
# the terms: an IRI it refuses fails here as it would in a store), so a rebuild compares,
# reasons on and writes the triples as strings, and to_graph parses them once.


def _node(term: URIRef) -> str:
    """A vocabulary term (rdflib) in N-Triples, converted once."""
    node = _NODES.get(term)
    if node is None:
        node = _NODES[term] = nt_term(term)
    return node


_NODES: dict[URIRef, str] = {}
_ID = str(ID)


def _iri(key: str) -> str:
    """``vocab.iri(key)`` in N-Triples."""
    return str(pyoxigraph.NamedNode(_ID + key))


def _text(value: str) -> str:
    """A plain string literal in N-Triples."""
    return str(pyoxigraph.Literal(value))


def _typed(value: str, datatype: pyoxigraph.NamedNode) -> str:
    return str(pyoxigraph.Literal(value, datatype=datatype))


# the datatypes the mapping writes (an attribute of rdflib's XSD namespace costs ~20 µs to look up)
_DATE, _YEAR_MONTH, _YEAR, _ANY_URI = (pyoxigraph.NamedNode(str(term))
                                       for term in (XSD.date, XSD.gYearMonth, XSD.gYear, XSD.anyURI))
_DATE_TYPES = {4: _YEAR, 7: _YEAR_MONTH, 10: _DATE}


def _python_literal(value: object) -> str:
    """A bool, int or Decimal in rdflib's lexical form (``Literal(value)``), converted once."""
    key = (type(value), value)
    literal = _LITERALS.get(key)
    if literal is None:
        literal = _LITERALS[key] = nt_term(Literal(value))
    return literal


_LITERALS: dict[tuple[type, object], str] = {}


def date_literal(value: DateValue) -> str:
    return _typed(value.iso, _DATE_TYPES[len(value.iso)])


def to_term(value: object) -> str:
    if isinstance(value, Post):
        return _iri(value.key)
    if isinstance(value, DateValue):
        return date_literal(value)
    if isinstance(value, Text):
        return _text(value.value)
    if isinstance(value, bool):
        return _python_literal(value)
    return _iri(str(value))


def _rank(fact: Fact) -> tuple[float, str, int]:
    return (-fact.evidence.confidence, fact.evidence.article_id, fact.evidence.start)


def consolidate(statements: list[Fact]) -> dict[str, object]:
    """The arguments of one fact node from every statement of it."""
    kind = statements[0].kind
    args: dict[str, object] = dict((k, v) for k, v in statements[0].args if k in FACT_KINDS[kind]["identity"])
    ordered = sorted(statements, key=_rank)
    for name in FACT_KINDS[kind]["optional"]:
        values = [(f, f.get(name)) for f in ordered if f.get(name) is not None]
        if not values:
            continue
        best_conf = -_rank(values[0][0])[0]
        top = [v for f, v in values if f.evidence.confidence == best_conf]
        if all(isinstance(v, DateValue) for v in top):
            top.sort(key=lambda d: -len(d.iso))  # type: ignore[union-attr]
        args[name] = top[0]
    start, end = args.get("start"), args.get("end")
    if isinstance(start, DateValue) and isinstance(end, DateValue) and _before(end, start):
        # keep the date the more confident statement gave
        start_conf = max(f.evidence.confidence for f in statements if f.get("start") == start)
        end_conf = max(f.evidence.confidence for f in statements if f.get("end") == end)
        del args["end" if end_conf < start_conf else "start"]
    return args


def _before(a: DateValue, b: DateValue) -> bool:
    """True when ``a`` certainly lies before ``b`` at the precision both give."""
    n = min(len(a.iso), len(b.iso))
    return a.iso[:n] < b.iso[:n]


#: A triple as its N-Triples terms.
Triple = tuple[str, str, str]


def _generic_title(label: str) -> bool:
    """Whether a post's label opens with a generic word for its holder (lexicon generic_post_titles)."""
    first = label.split(maxsplit=1)[0].lower() if label.strip() else ""
    return first in _generic_post_titles()


@lru_cache(maxsize=1)
def _generic_post_titles() -> frozenset[str]:
    return frozenset(word.lower() for word in load_lexicon().words("generic_post_titles"))


def to_graph(results: Iterable[ExtractionResult]) -> Graph:
    """The asserted graph of a corpus (entities resolved beforehand, see newskg.extract.entities)."""
    return graph_from_terms(to_terms(results))


def graph_from_terms(terms: Iterable[Triple]) -> Graph:
    """An rdflib graph of triples given as N-Triples terms (``to_terms``)."""
    graph = Graph()
    convert: dict[object, Node] = {}  # terms recur (predicates, classes, entities): convert each once

    def term(value: object) -> Node:
        converted = convert.get(value)
        if converted is None:
            converted = convert[value] = to_rdflib(value)
        return converted

    text = "".join(f"{s} {p} {o} .\n" for s, p, o in terms)
    triples = pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in triples)
    return graph


def to_terms(results: Iterable[ExtractionResult]) -> set[Triple]:
    """The triples of the asserted graph as their N-Triples terms (Oxigraph's canonical form,
    as ``rebuild`` compares them and ``rules.infer_terms`` takes them): a rebuild maps the
    corpus without rdflib."""
    return set(asserted_triples(results))


def asserted_triples(results: Iterable[ExtractionResult]) -> Iterator[Triple]:
    """The triples of the asserted graph (a triple may come more than once): the one mapping
    behind ``to_terms`` and ``to_graph``."""
    results = list(results)
    entities: dict[str, Entity] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    statements: dict[str, list[Fact]] = defaultdict(list)
    post_labels: dict[str, Counter[str]] = defaultdict(Counter)
    posts: dict[str, Post] = {}
    for result in results:
        yield from _article(result)
        for entity in result.entities:
            entities.setdefault(entity.key, entity)
            aliases[entity.key].update(entity.aliases)
        for fact in result.facts:
            statements[fact.key].append(fact)
            for _, value in fact.args:
                if isinstance(value, Post):
                    posts[value.key] = value
                    post_labels[value.key][value.label] += 1
    for key, entity in sorted(entities.items()):
        yield from _entity(entity, aliases[key] - {entity.label})
    rdf_type, label = _node(RDF.type), _node(RDFS.label)
    for key, post in sorted(posts.items()):
        node = _iri(key)
        labels = post_labels[key]
        yield node, rdf_type, _node(NEWS.Post)
        # the title the text gives ("President of X") before a generic one ("Head of X", "Leader of X"),
        # then the most frequent, then the first in order
        yield node, label, _text(sorted(labels, key=lambda text: (_generic_title(text), -labels[text], text))[0])
        yield node, _node(NEWS.role), _text(post.role)
        yield node, _node(ORG.postIn), _iri(post.organization)
    tenures: dict[tuple[str, str], str] = {}
    successions: list[tuple[str, str, str]] = []
    for key, group in sorted(statements.items()):
        node = _iri(key)
        kind = group[0].kind
        args = consolidate(group)
        yield node, rdf_type, _node(NEWS[kind])
        action = args.get("action")
        if kind == "Withdrawal" and isinstance(action, Text) and action.value.startswith(suspension_actions()):
            yield node, rdf_type, _node(NEWS.Suspension)
        for name, argument in sorted(args.items()):
            yield node, _node(PROPERTIES[kind][name]), to_term(argument)
        fact_post = args.get("post")
        if kind == "Tenure":
            assert isinstance(fact_post, Post)
            yield node, _node(ORG.organization), _iri(fact_post.organization)
            tenures[(str(args["member"]), fact_post.key)] = node
        if kind == "Succession" and isinstance(fact_post, Post):
            successions.append((str(args["successor"]), str(args["predecessor"]), fact_post.key))
        yield from _evidence(node, key, group)
    replaces = _node(NEWS.replaces)
    for successor, predecessor, post_key in successions:
        new, old = tenures.get((successor, post_key)), tenures.get((predecessor, post_key))
        if new is not None and old is not None:
            yield new, replaces, old


def _article(result: ExtractionResult) -> Iterator[Triple]:
    article = result.article
    node = _iri(f"article/{article.id}")
    yield node, _TYPE, _ARTICLE_CLASS
    yield node, _IDENTIFIER, _text(article.id)
    if article.title:
        yield node, _TITLE, _text(article.title)
    if article.source:
        yield node, _SOURCE, _text(article.source)
    if article.published:
        yield node, _ISSUED, _typed(article.published, _DATE)
    if article.language:
        yield node, _LANGUAGE, _text(article.language)
    if article.url:
        yield node, _URL, _typed(article.url, _ANY_URI)


def _entity(entity: Entity, aliases: set[str]) -> Iterator[Triple]:
    node = _iri(entity.key)
    yield node, _node(RDF.type), _node(NEWS[entity.kind])
    yield node, _node(RDFS.label), _text(entity.label)
    yield node, _node(SKOS.prefLabel), _text(entity.label)
    for alias in sorted(aliases):
        yield node, _node(SKOS.altLabel), _text(alias)
    if entity.parent:
        yield node, _node(ORG.subOrganizationOf), _iri(entity.parent)


def _evidence(node: str, key: str, group: list[Fact]) -> Iterator[Triple]:
    best: dict[tuple[str, int], Fact] = {}
    for fact in sorted(group, key=_rank):
        best.setdefault((fact.evidence.article_id, fact.evidence.start), fact)
    for (article_id, start), fact in sorted(best.items()):
        ev = fact.evidence
        evidence = _iri(f"evidence/{make_key(key, article_id, str(start))}")
        article = _iri(f"article/{article_id}")
        yield node, _EVIDENCE, evidence
        yield node, _DERIVED_FROM, article
        yield evidence, _TYPE, _EVIDENCE_CLASS
        yield evidence, _ARTICLE, article
        yield evidence, _SENTENCE, _text(ev.sentence)
        yield evidence, _CHAR_START, _python_literal(ev.start)
        yield evidence, _CHAR_END, _python_literal(ev.end)
        yield evidence, _RULE, _text(ev.rule)
        yield evidence, _CONFIDENCE, _python_literal(Decimal(str(round(ev.confidence, 2))))
        if ev.span:
            yield evidence, _SPAN, _text(ev.span)


# the terms of evidence nodes, converted once (a corpus has a dozen per fact)
_TYPE, _EVIDENCE_CLASS = _node(RDF.type), _node(NEWS.Evidence)
_EVIDENCE, _DERIVED_FROM = _node(NEWS.evidence), _node(PROV.wasDerivedFrom)
_ARTICLE, _SENTENCE, _RULE, _SPAN = _node(NEWS.article), _node(NEWS.sentence), _node(NEWS.rule), _node(NEWS.span)
_CHAR_START, _CHAR_END, _CONFIDENCE = _node(NEWS.charStart), _node(NEWS.charEnd), _node(NEWS.confidence)
# the terms of article nodes, converted once
_ARTICLE_CLASS, _IDENTIFIER = _node(NEWS.Article), _node(DCTERMS.identifier)
_TITLE, _SOURCE = _node(DCTERMS.title), _node(DCTERMS.source)
_ISSUED, _LANGUAGE, _URL = _node(DCTERMS.issued), _node(DCTERMS.language), _node(SCHEMA.url)
