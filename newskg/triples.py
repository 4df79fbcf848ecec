"""Stage 5: facts with evidence -> RDF (the only stage that speaks rdflib).

The same fact stated by several articles becomes one node with one
``news:Evidence`` per (article, sentence).  Where articles disagree on a
single-valued argument (a tenure's start date, say) the value of the most
confident and most precise statement wins; a tenure whose dates would end
before it starts keeps only the more confident date, so a wrong reading never
makes the graph break its own shapes.  See docs/model.md for the model.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from newskg.model import FACT_KINDS, DateValue, Entity, ExtractionResult, Fact, Post, Text, make_key
from newskg.vocab import NEWS, SCHEMA, iri

# model argument name -> ontology property, per fact kind
PROPERTIES: dict[str, dict[str, URIRef]] = {
    "Tenure": {"member": ORG.member, "post": NEWS.post, "start": NEWS.startDate, "end": NEWS.endDate, "acting": NEWS.acting},
    "Nomination": {"member": NEWS.nominee, "post": NEWS.post, "date": NEWS.date},
    "Succession": {"successor": NEWS.successor, "predecessor": NEWS.predecessor, "post": NEWS.post, "date": NEWS.date},
    "Sanction": {"entity": NEWS.entity, "authority": NEWS.authority, "program": NEWS.program, "startDate": NEWS.startDate,
                 "listingDate": NEWS.listingDate, "reason": NEWS.reason},
    "Obligation": {"obligor": NEWS.obligor, "obligee": NEWS.obligee, "content": NEWS.content, "date": NEWS.date},
    "Withdrawal": {"actor": NEWS.actor, "action": NEWS.action, "object": NEWS.objectText, "objectEntity": NEWS.object, "date": NEWS.date},
    "Statement": {"speaker": NEWS.speaker, "content": NEWS.content, "date": NEWS.date},
}
SUSPENSION_ACTIONS = ("suspend", "halt", "freeze", "stop", "safe mode")


def date_literal(value: DateValue) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(value.iso)]
    return Literal(value.iso, datatype=datatype)


def to_term(value: object) -> URIRef | Literal:
    if isinstance(value, Post):
        return iri(value.key)
    if isinstance(value, DateValue):
        return date_literal(value)
    if isinstance(value, Text):
        return Literal(value.value)
    if isinstance(value, bool):
        return Literal(value)
    return iri(str(value))


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


def to_graph(results: Iterable[ExtractionResult]) -> Graph:
    """The asserted graph of a corpus (entities resolved beforehand, see newskg.entities)."""
    graph = Graph()
    results = list(results)
    entities: dict[str, Entity] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    statements: dict[str, list[Fact]] = defaultdict(list)
    post_labels: dict[str, Counter[str]] = defaultdict(Counter)
    posts: dict[str, Post] = {}
    for result in results:
        _add_article(graph, result)
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
        _add_entity(graph, entity, aliases[key] - {entity.label})
    for key, post in sorted(posts.items()):
        node = iri(key)
        labels = post_labels[key]
        label = sorted(labels, key=lambda text: (-labels[text], text))[0]
        graph.add((node, RDF.type, NEWS.Post))
        graph.add((node, RDFS.label, Literal(label)))
        graph.add((node, NEWS.role, Literal(post.role)))
        graph.add((node, ORG.postIn, iri(post.organization)))
    tenures: dict[tuple[str, str], URIRef] = {}
    successions: list[tuple[str, str, str]] = []
    for key, group in sorted(statements.items()):
        node = iri(key)
        kind = group[0].kind
        args = consolidate(group)
        graph.add((node, RDF.type, NEWS[kind]))
        action = args.get("action")
        if kind == "Withdrawal" and isinstance(action, Text) and action.value.startswith(SUSPENSION_ACTIONS):
            graph.add((node, RDF.type, NEWS.Suspension))
        for name, value in sorted(args.items()):
            graph.add((node, PROPERTIES[kind][name], to_term(value)))
        if kind == "Tenure":
            post = args["post"]
            assert isinstance(post, Post)
            graph.add((node, ORG.organization, iri(post.organization)))
            tenures[(str(args["member"]), post.key)] = node
        if kind == "Succession" and isinstance(args.get("post"), Post):
            successions.append((str(args["successor"]), str(args["predecessor"]), args["post"].key))  # type: ignore[union-attr]
        _add_evidence(graph, node, key, group)
    for successor, predecessor, post_key in successions:
        new, old = tenures.get((successor, post_key)), tenures.get((predecessor, post_key))
        if new is not None and old is not None:
            graph.add((new, NEWS.replaces, old))
    return graph


def _add_article(graph: Graph, result: ExtractionResult) -> None:
    article = result.article
    node = iri(f"article/{article.id}")
    graph.add((node, RDF.type, NEWS.Article))
    graph.add((node, DCTERMS.identifier, Literal(article.id)))
    if article.title:
        graph.add((node, DCTERMS.title, Literal(article.title)))
    if article.source:
        graph.add((node, DCTERMS.source, Literal(article.source)))
    if article.published:
        graph.add((node, DCTERMS.issued, Literal(article.published, datatype=XSD.date)))
    if article.language:
        graph.add((node, DCTERMS.language, Literal(article.language)))
    if article.url:
        graph.add((node, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))


def _add_entity(graph: Graph, entity: Entity, aliases: set[str]) -> None:
    node = iri(entity.key)
    graph.add((node, RDF.type, NEWS[entity.kind]))
    graph.add((node, RDFS.label, Literal(entity.label)))
    graph.add((node, SKOS.prefLabel, Literal(entity.label)))
    for alias in sorted(aliases):
        graph.add((node, SKOS.altLabel, Literal(alias)))
    if entity.parent:
        graph.add((node, ORG.subOrganizationOf, iri(entity.parent)))


def _add_evidence(graph: Graph, node: URIRef, key: str, group: list[Fact]) -> None:
    best: dict[tuple[str, int], Fact] = {}
    for fact in sorted(group, key=_rank):
        best.setdefault((fact.evidence.article_id, fact.evidence.start), fact)
    for (article_id, start), fact in sorted(best.items()):
        ev = fact.evidence
        evidence = iri(f"evidence/{make_key(key, article_id, str(start))}")
        article = iri(f"article/{article_id}")
        graph.add((node, NEWS.evidence, evidence))
        graph.add((node, PROV.wasDerivedFrom, article))
        graph.add((evidence, RDF.type, NEWS.Evidence))
        graph.add((evidence, NEWS.article, article))
        graph.add((evidence, NEWS.sentence, Literal(ev.sentence)))
        graph.add((evidence, NEWS.charStart, Literal(ev.start)))
        graph.add((evidence, NEWS.charEnd, Literal(ev.end)))
        graph.add((evidence, NEWS.rule, Literal(ev.rule)))
        graph.add((evidence, NEWS.confidence, Literal(Decimal(str(round(ev.confidence, 2))))))
        if ev.span:
            graph.add((evidence, NEWS.span, Literal(ev.span)))
