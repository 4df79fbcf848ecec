"""RDF terms between rdflib and pyoxigraph, and in N-Triples: the converters every stage uses.

Below the mapping (``newskg.rdf.triples``), the reasoner, the queries and the graph folder.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["nt_term", "to_oxigraph", "to_rdflib"]


def to_oxigraph(term: Any) -> Any:
    """An rdflib term as a pyoxigraph term (None stays None: a pattern wildcard)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        return pyoxigraph.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def nt_term(term: Any) -> str:
    """An rdflib term in N-Triples, as Oxigraph writes it."""
    return str(to_oxigraph(term))


def to_rdflib(term: Any) -> Node:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unexpected term {term!r}")
