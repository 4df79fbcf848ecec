"""Data behind the web pages, read from the graph (runs in a worker process).

Each function takes the graph (asserted ∪ inferred) and returns plain dicts and
lists, which the app renders with the templates of ``newskg/web/templates``.
Facts become readable sentences here; the verbatim evidence comes from the
stored query ``evidence``, the facts of an entity from ``facts-about``.
"""

from __future__ import annotations

from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from newskg.query.queries import run_query
from newskg.rdf.vocab import ID, NEWS

ORG = "http://www.w3.org/ns/org#"
#: A sentence is a list of segments: plain text, or a link to an entity page.
Segment = dict[str, str]


def entity_key(iri: str) -> str | None:
    """The part of an IRI after ``id:`` (the key of its page), or None for other IRIs."""
    return iri[len(str(ID)):] if iri.startswith(str(ID)) else None


def _label(graph: Graph, node: Node) -> str:
    if isinstance(node, Literal):
        return str(node)
    label = graph.value(node, RDFS.label)  # type: ignore[arg-type]
    if label is None:
        return str(node).rsplit("/", 1)[-1]
    return str(label)


def _ref(graph: Graph, node: Node | None) -> Segment | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        key = entity_key(str(node))
        return {"text": _label(graph, node), "key": key or "", "iri": str(node)}
    return {"text": str(node)}


def _kind(graph: Graph, fact: URIRef) -> str:
    names = {str(t).rsplit("#", 1)[-1] for t in graph.objects(fact, RDF.type) if str(t).startswith(str(NEWS))}
    for kind in ("Suspension", "Tenure", "Nomination", "Succession", "Sanction", "Obligation", "Withdrawal", "Statement"):
        if kind in names:
            return kind
    return sorted(names)[0] if names else "Fact"


def _one(graph: Graph, fact: URIRef, prop: str) -> Node | None:
    iri = URIRef(prop if prop.startswith("http") else str(NEWS) + prop)
    values = sorted(graph.objects(fact, iri), key=lambda v: (len(str(v)), str(v)), reverse=True)
    return values[0] if values else None


def fact_date(graph: Graph, fact: URIRef) -> str:
    for prop in ("date", "startDate", "listingDate", "endDate"):
        value = _one(graph, fact, prop)
        if value is not None:
            return str(value)
    return ""


def fact_sentence(graph: Graph, fact: URIRef) -> list[Segment]:
    """The fact as a sentence: text segments and links to the entities it involves."""
    kind = _kind(graph, fact)
    g = lambda prop: _ref(graph, _one(graph, fact, prop))  # noqa: E731
    parts: list[Segment | str | None] = []
    if kind == "Tenure":
        acting = _one(graph, fact, "acting")
        parts = [g(ORG + "member"), " held the post of ", ("acting " if acting is not None and acting.toPython() is True else ""),
                 g("post")]
        start, end = _one(graph, fact, "startDate"), _one(graph, fact, "endDate")
        parts += [f" from {start}" if start is not None else "", f" until {end}" if end is not None else ""]
    elif kind == "Nomination":
        parts = [g("nominee"), " was nominated for ", g("post")]
    elif kind == "Succession":
        parts = [g("successor"), " succeeded ", g("predecessor")]
        if _one(graph, fact, "post") is not None:
            parts += [" as ", g("post")]
    elif kind == "Sanction":
        if _one(graph, fact, "authority") is not None:
            parts = [g("authority"), " imposed sanctions on ", g("entity")]
        else:
            parts = [g("entity"), " was placed under sanctions"]
        program = _one(graph, fact, "program")
        if program is not None:
            parts.append(f" under {program}")
    elif kind == "Obligation":
        parts = [g("obligor"), " is bound"]
        if _one(graph, fact, "obligee") is not None:
            parts += [" towards ", g("obligee")]
        parts.append(f": {_one(graph, fact, 'content') or ''}")
    elif kind in ("Withdrawal", "Suspension"):
        parts = [g("actor"), f" — {_one(graph, fact, 'action') or 'withdraw'} — "]
        parts.append(g("object") if _one(graph, fact, "object") is not None else str(_one(graph, fact, "objectText") or ""))
    elif kind == "Statement":
        parts = [g("speaker"), f" said: “{_one(graph, fact, 'content') or ''}”"]
    else:
        parts = [kind]
    date = fact_date(graph, fact)
    if date and kind not in ("Tenure",):
        parts.append(f" ({date})")
    segments = [p if isinstance(p, dict) else {"text": p} for p in parts if p]
    return segments + [{"text": "."}]


def evidence(graph: Graph, fact: URIRef) -> list[dict[str, str]]:
    """The evidence of a fact (stored query ``evidence``), with each article's title and date."""
    rows = []
    for row in run_query(graph, "evidence", {"fact": str(fact)}):
        record = {str(k): ("" if v is None else str(v)) for k, v in row.asdict().items()}  # type: ignore[union-attr]
        article = ID[f"article/{record.get('article', '')}"]
        record["title"] = str(graph.value(article, DCTERMS.title) or "")
        record["published"] = str(graph.value(article, DCTERMS.issued) or "")
        rows.append(record)
    return rows


def entity_page(graph: Graph, key: str) -> dict[str, Any] | None:
    """Labels, aliases, kinds and every fact about the entity ``id:{key}``; None if unknown."""
    iri = ID[key]
    if (iri, None, None) not in graph:
        return None
    types = sorted(str(t).rsplit("#", 1)[-1] for t in graph.objects(iri, RDF.type) if str(t).startswith(str(NEWS)))
    facts = []
    seen = set()
    for row in run_query(graph, "facts-about", {"entity": str(iri)}):
        fact = row.fact  # type: ignore[union-attr]
        if fact in seen:
            continue
        seen.add(fact)
        facts.append({
            "iri": str(fact),
            "key": entity_key(str(fact)) or "",
            "kind": str(row.kind or ""),  # type: ignore[union-attr]
            "role": str(row.role or ""),  # type: ignore[union-attr]
            "date": fact_date(graph, fact),
            "sentence": fact_sentence(graph, fact),
            "evidence": evidence(graph, fact),
        })
    facts.sort(key=lambda f: (f["date"] or "9999", f["kind"], f["iri"]))
    return {
        "iri": str(iri),
        "key": key,
        "label": _label(graph, iri),
        "pref_labels": sorted({str(v) for v in graph.objects(iri, SKOS.prefLabel)}),
        "aliases": sorted({str(v) for v in graph.objects(iri, SKOS.altLabel)}),
        "types": types,
        "facts": facts,
    }


def entities(graph: Graph) -> list[dict[str, str]]:
    """Every person and organization (stored query ``who-is-who``) with the key of its page."""
    rows = []
    for row in run_query(graph, "who-is-who"):
        record = {str(k): ("" if v is None else str(v)) for k, v in row.asdict().items()}  # type: ignore[union-attr]
        record["key"] = entity_key(record.get("entity", "")) or ""
        rows.append(record)
    return rows


def timeline(graph: Graph) -> list[dict[str, Any]]:
    """Who held each post: one entry per post with its tenures sorted by start date."""
    posts: dict[str, dict[str, Any]] = {}
    for fact in sorted(set(graph.subjects(RDF.type, NEWS.Tenure))):
        post = _one(graph, fact, "post")  # type: ignore[arg-type]
        person = _one(graph, fact, ORG + "member")  # type: ignore[arg-type]
        if post is None or person is None:
            continue
        entry = posts.setdefault(str(post), {"post": _label(graph, post), "key": entity_key(str(post)) or "", "tenures": []})
        acting = _one(graph, fact, "acting")  # type: ignore[arg-type]
        entry["tenures"].append({
            "person": _label(graph, person),
            "person_key": entity_key(str(person)) or "",
            "start": str(_one(graph, fact, "startDate") or ""),  # type: ignore[arg-type]
            "end": str(_one(graph, fact, "endDate") or ""),  # type: ignore[arg-type]
            "acting": bool(acting is not None and acting.toPython() is True),
            "fact": str(fact),
        })
    result = sorted(posts.values(), key=lambda p: p["post"])
    for entry in result:
        entry["tenures"].sort(key=lambda t: (t["start"] or "0000", t["person"]))
    return result


def sanction_edges(graph: Graph) -> list[dict[str, str]]:
    """Each sanction fact as an edge authority -> target (authority empty when the text names none)."""
    edges = []
    for fact in sorted(set(graph.subjects(RDF.type, NEWS.Sanction))):
        target = _one(graph, fact, "entity")  # type: ignore[arg-type]
        if target is None:
            continue
        authority = _one(graph, fact, "authority")  # type: ignore[arg-type]
        edges.append({
            "fact": str(fact),
            "target": _label(graph, target), "target_key": entity_key(str(target)) or "",
            "authority": _label(graph, authority) if authority is not None else "",
            "authority_key": entity_key(str(authority)) if authority is not None else "",
            "date": fact_date(graph, fact),  # type: ignore[arg-type]
            "program": str(_one(graph, fact, "program") or ""),  # type: ignore[arg-type]
        })
    return edges


#: The group of the sanctions whose text names no authority (listed last).
UNNAMED_AUTHORITY = "(authority not named)"


def group_sanctions(edges: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The edges grouped by authority: one group per authority, sorted by name (the unnamed
    authority last), each with its targets sorted by name, one entry per target however many
    facts state the pair (their dates, programmes and fact IRIs collected in it)."""
    groups: dict[str, dict[str, Any]] = {}
    authorities_of: dict[str, set[str]] = {}
    for edge in edges:
        name = edge["authority"] or UNNAMED_AUTHORITY
        group = groups.setdefault(edge["authority_key"] or name, {
            "authority": name, "authority_key": edge["authority_key"], "named": bool(edge["authority"]), "targets": {}})
        target_id = edge["target_key"] or edge["target"]
        entry = group["targets"].setdefault(target_id, {
            "target": edge["target"], "target_key": edge["target_key"], "dates": set(), "programs": set(), "facts": set()})
        entry["facts"].add(edge["fact"])
        if edge["date"]:
            entry["dates"].add(edge["date"])
        if edge["program"]:
            entry["programs"].add(edge["program"])
        authorities_of.setdefault(target_id, set()).add(name)
    result = []
    for group in sorted(groups.values(), key=lambda g: (not g["named"], g["authority"].casefold(), g["authority_key"])):
        targets = []
        for target_id, entry in sorted(group["targets"].items(), key=lambda item: (item[1]["target"].casefold(), item[0])):
            targets.append({**entry, "dates": sorted(entry["dates"]), "programs": sorted(entry["programs"]),
                            "facts": sorted(entry["facts"]),
                            "also": sorted(authorities_of[target_id] - {group["authority"]}, key=str.casefold)})
        result.append({**group, "targets": targets})
    return result


def sanctions(graph: Graph) -> list[dict[str, Any]]:
    """The sanctions page's data: ``group_sanctions`` of the graph's sanction edges."""
    return group_sanctions(sanction_edges(graph))


PAGES = {"entities": entities, "timeline": timeline, "sanctions": sanctions}
