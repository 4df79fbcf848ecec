"""The vocabulary of the graph as typed Python terms (see ontology/news.ttl and docs/model.md).

``NEWS`` lists every term the ontology declares in the ``news:`` namespace; a
mistyped term raises ``AttributeError`` (``_fail = True``).  ``tests/test_ontology.py``
keeps this list and the ontology in sync.
"""

from __future__ import annotations

from rdflib.namespace import ORG, PROV, SDO, DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["ID", "NEWS", "ORG", "PROV", "SCHEMA", "iri"]

#: schema.org (``https://schema.org/``), used for ``schema:url`` of articles.
SCHEMA = SDO

#: Our resources: ``id:{key}`` where key is e.g. ``person/dmitry-rogozin`` or ``tenure/0123abcd``.
ID = Namespace("https://newskg.dev/id/")


class NEWS(DefinedNamespace):
    """The newskg ontology, ``https://newskg.dev/ontology#``."""

    _fail = True
    _NS = Namespace("https://newskg.dev/ontology#")

    # owl:Class
    Article: URIRef  # article
    Company: URIRef  # company
    CooperationChange: URIRef  # change in cooperation
    Country: URIRef  # country
    Evidence: URIRef  # evidence
    Fact: URIRef  # fact
    GovernmentBody: URIRef  # government body
    InternationalOrganization: URIRef  # international organization
    Nomination: URIRef  # nomination
    Obligation: URIRef  # obligation
    Organization: URIRef  # organization
    Person: URIRef  # person
    Post: URIRef  # post
    Programme: URIRef  # programme
    ResearchInstitute: URIRef  # research institute
    Sanction: URIRef  # sanction
    SpaceAgency: URIRef  # space agency
    StateCorporation: URIRef  # state corporation
    Statement: URIRef  # statement
    Succession: URIRef  # succession
    Suspension: URIRef  # suspension
    Tenure: URIRef  # tenure
    Withdrawal: URIRef  # withdrawal

    # owl:ObjectProperty
    actor: URIRef  # actor
    article: URIRef  # article
    authority: URIRef  # authority
    entity: URIRef  # sanctioned entity
    evidence: URIRef  # evidence
    nominee: URIRef  # nominee
    object: URIRef  # object
    obligee: URIRef  # obligee
    obligor: URIRef  # obligor
    post: URIRef  # post
    predecessor: URIRef  # predecessor
    replacedBy: URIRef  # replaced by
    replaces: URIRef  # replaces
    speaker: URIRef  # speaker
    successor: URIRef  # successor

    # owl:DatatypeProperty
    acting: URIRef  # acting
    action: URIRef  # action
    charEnd: URIRef  # character end
    charStart: URIRef  # character start
    confidence: URIRef  # confidence
    content: URIRef  # content
    date: URIRef  # date
    endDate: URIRef  # end date
    listingDate: URIRef  # listing date
    objectText: URIRef  # object text
    program: URIRef  # sanctions programme
    reason: URIRef  # reason
    role: URIRef  # role
    rule: URIRef  # rule
    sentence: URIRef  # sentence
    span: URIRef  # span
    startDate: URIRef  # start date


def iri(key: str) -> URIRef:
    """The IRI of a resource from its key, e.g. ``iri("org/roscosmos")``."""
    return ID[key]
