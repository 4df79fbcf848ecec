"""``newskg explain FACT``: why the graph believes a fact.

Gives the fact's kind and arguments in words, and for every article that states
it the rule that read it, the matched span, the verbatim sentence and the
confidence (the ``evidence`` stored query, restricted to the fact).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from newskg.errors import UsageError
from newskg.query.queries import run_query
from newskg.rdf.vocab import ID, NEWS


@dataclass
class Explanation:
    fact: URIRef
    kinds: list[str]
    arguments: list[tuple[str, str]]
    evidence: list[dict[str, str]] = field(default_factory=list)

    def to_text(self) -> str:
        lines = [f"{self.fact}", f"  kind: {', '.join(self.kinds)}"]
        lines += [f"  {name}: {value}" for name, value in self.arguments]
        for ev in self.evidence:
            lines.append(f"  stated in {ev['article']} by rule {ev['rule']} (confidence {ev['confidence']}):")
            lines.append(f"      span: {ev['span']}")
            lines.append(f"      sentence: {ev['sentence']}")
        return "\n".join(lines)


def _name(graph: Graph, term: object) -> str:
    if isinstance(term, Literal):
        return str(term)
    label = graph.value(term, RDFS.label)  # type: ignore[arg-type]
    return str(label) if label is not None else str(term)


def resolve_fact(graph: Graph, ref: str) -> URIRef:
    """A fact IRI from an IRI, a key ("tenure/0123abcd") or a unique hash."""
    candidates = [URIRef(ref)] if ref.startswith("http") else [ID[ref]]
    if "/" not in ref and not ref.startswith("http"):
        candidates = [s for s in set(graph.subjects(NEWS.evidence, None)) if str(s).endswith("/" + ref)]  # type: ignore[misc]
    for fact in candidates:
        if (fact, NEWS.evidence, None) in graph:
            return fact
    raise UsageError(f"no fact {ref!r} in the graph (give its IRI or key, e.g. tenure/0123abcd; "
                     "`newskg query who-holds-what-post` shows them).")


def explain(graph: Graph, ref: str) -> Explanation:
    fact = resolve_fact(graph, ref)
    kinds = sorted(str(t).rsplit("#", 1)[-1] for t in graph.objects(fact, RDF.type)
                   if str(t).startswith(str(NEWS)) and t not in (NEWS.Fact, NEWS.CooperationChange))
    arguments = []
    for predicate, value in sorted(graph.predicate_objects(fact)):
        if predicate in (RDF.type, NEWS.evidence) or str(predicate).startswith("http://www.w3.org/ns/prov#"):
            continue
        arguments.append((str(predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1], _name(graph, value)))
    result = run_query(graph, "evidence", {"fact": str(fact)})
    rows = [{str(k): ("" if v is None else str(v)) for k, v in row.asdict().items()} for row in result]  # type: ignore[union-attr]
    for row in rows:
        row.setdefault("span", "")
    return Explanation(fact, kinds, arguments, rows)
