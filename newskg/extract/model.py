"""Plain data types that cross the stages of the pipeline.

article -> mentions -> entities -> facts (with evidence) -> RDF.  Only
``triples.py`` turns these into RDF terms; everything before it is pure Python.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Union


def make_key(*parts: str) -> str:
    """A short content hash: the same parts always give the same key (stable IRIs)."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


@dataclass(frozen=True)
class Article:
    """One news article: its id (the file stem), metadata from front matter and body text."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD" when the front matter gives one
    url: str | None = None
    language: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article with its character offsets in ``Article.text``."""

    article_id: str
    index: int
    start: int
    end: int
    text: str


# Entity kinds.  The names are the local names of the ontology classes.
PERSON = "Person"
COUNTRY = "Country"
ORGANIZATION_KINDS = (
    "Organization",
    "SpaceAgency",
    "StateCorporation",
    "Company",
    "GovernmentBody",
    "ResearchInstitute",
    "InternationalOrganization",
    "Programme",
    "Country",
)


@dataclass(frozen=True)
class Mention:
    """A span of a sentence that names (or refers back to) an entity, a post or a date."""

    kind: str  # "Person", an organization kind, "Role", "Date", "Pronoun", "Description"
    text: str
    start: int  # character offsets in the article text
    end: int
    sentence: int  # index of the sentence
    ref: str | None = None  # entity key once resolved; ISO value for dates; role key for roles


@dataclass(frozen=True)
class Entity:
    """One real-world entity after resolution: a stable key, its type, label and other names."""

    key: str  # slug used in the IRI, e.g. "person/dmitry-rogozin", "org/roscosmos"
    kind: str  # Person or an organization kind
    label: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # key of the organization this one is part of


@dataclass(frozen=True)
class Post:
    """A post in an organization, e.g. head of Roscosmos.  ``role`` is a normalised role key."""

    organization: str  # entity key
    role: str  # e.g. "head", "deputy-prime-minister"
    label: str  # e.g. "Director General of Roscosmos"

    @property
    def key(self) -> str:
        return f"post/{self.organization.split('/', 1)[-1]}/{self.role}"


@dataclass(frozen=True)
class DateValue:
    """A date kept at the precision the text gives: "2022", "2022-07" or "2022-07-15"."""

    iso: str

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month", 10: "day"}[len(self.iso)]


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the article, the verbatim sentence, its offsets and the rule."""

    article_id: str
    sentence: str
    start: int
    end: int
    rule: str
    confidence: float = 1.0
    span: str = ""  # the matched part of the sentence


# A fact argument is an entity key (str starting with an entity prefix), a Post,
# a DateValue or free text (Text).
@dataclass(frozen=True)
class Text:
    """Free text argument of a fact, e.g. the content of an obligation."""

    value: str


Value = Union[str, Post, DateValue, Text, bool]

# Fact kinds and their arguments.  The identity arguments make up the fact's key:
# the same fact stated by two articles becomes one node with two pieces of evidence.
FACT_KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    "Tenure": {"identity": ("member", "post"), "optional": ("start", "end", "acting")},
    "Nomination": {"identity": ("member", "post"), "optional": ("date",)},
    "Succession": {"identity": ("successor", "predecessor", "post"), "optional": ("date",)},
    "Sanction": {"identity": ("entity", "authority"), "optional": ("program", "startDate", "listingDate", "reason")},
    "Obligation": {"identity": ("obligor", "content"), "optional": ("obligee", "date")},
    "Withdrawal": {"identity": ("actor", "action", "object"), "optional": ("objectEntity", "date")},
    "Statement": {"identity": ("speaker", "content"), "optional": ("date",)},
}


@dataclass(frozen=True)
class Fact:
    """One fact stated by an article, with the evidence for it.

    ``args`` maps argument names (see FACT_KINDS) to values.  Two facts with the
    same kind and identity arguments are the same fact, whatever article states them.
    """

    kind: str
    args: tuple[tuple[str, Value], ...]
    evidence: Evidence

    @classmethod
    def make(cls, kind: str, evidence: Evidence, **args: Value | None) -> "Fact":
        known = FACT_KINDS[kind]
        allowed = set(known["identity"]) | set(known["optional"])
        unknown = set(args) - allowed
        if unknown:
            raise ValueError(f"{kind} has no argument {sorted(unknown)}")
        return cls(kind, tuple(sorted((k, v) for k, v in args.items() if v is not None)), evidence)

    def get(self, name: str) -> Value | None:
        for key, value in self.args:
            if key == name:
                return value
        return None

    @cached_property  # a corpus asks each fact's key several times (resolution, review, mapping)
    def key(self) -> str:
        parts = [self.kind]
        for name in FACT_KINDS[self.kind]["identity"]:
            parts.append(_identity(self.get(name)))
        return f"{self.kind.lower()}/{make_key(*parts)}"


def _identity(value: Value | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Post):
        return value.key
    if isinstance(value, DateValue):
        return value.iso
    if isinstance(value, Text):
        return " ".join(value.value.lower().split())
    return str(value)


@dataclass
class ExtractionResult:
    """What one article yields: its entities, facts, and the sentences that gave none."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    unused_sentences: list[Sentence] = field(default_factory=list)


# ── plain-JSON form of the records, for the extraction cache and the review file ──

def value_to_json(value: Value) -> object:
    if isinstance(value, Post):
        return {"post": value.role, "organization": value.organization, "label": value.label}
    if isinstance(value, DateValue):
        return {"date": value.iso}
    if isinstance(value, Text):
        return {"text": value.value}
    return value


def value_from_json(data: object) -> Value:
    if isinstance(data, dict):
        if "post" in data:
            return Post(data["organization"], data["post"], data["label"])
        if "date" in data:
            return DateValue(data["date"])
        return Text(data["text"])
    return data  # type: ignore[return-value]


def fact_to_dict(fact: Fact) -> dict[str, object]:
    ev = fact.evidence
    return {
        "kind": fact.kind,
        "args": {name: value_to_json(value) for name, value in fact.args},
        "evidence": {"article": ev.article_id, "sentence": ev.sentence, "start": ev.start, "end": ev.end,
                     "rule": ev.rule, "confidence": ev.confidence, "span": ev.span},
    }


def fact_from_dict(data: dict) -> Fact:  # type: ignore[type-arg]
    ev = data["evidence"]
    evidence = Evidence(ev["article"], ev["sentence"], ev["start"], ev["end"], ev["rule"], ev["confidence"], ev.get("span", ""))
    return Fact(data["kind"], tuple(sorted((k, value_from_json(v)) for k, v in data["args"].items())), evidence)


def result_to_dict(result: ExtractionResult) -> dict[str, object]:
    a = result.article
    return {
        "article": {"id": a.id, "title": a.title, "source": a.source, "published": a.published, "url": a.url,
                    "language": a.language},
        "entities": [{"key": e.key, "kind": e.kind, "label": e.label, "aliases": list(e.aliases), "parent": e.parent}
                     for e in result.entities],
        "facts": [fact_to_dict(f) for f in result.facts],
        "unused_sentences": [[s.index, s.start, s.end] for s in result.unused_sentences],
    }


def result_from_dict(data: dict, text: str = "") -> ExtractionResult:  # type: ignore[type-arg]
    meta = data["article"]
    article = Article(id=meta["id"], text=text, title=meta.get("title"), source=meta.get("source"),
                      published=meta.get("published"), url=meta.get("url"), language=meta.get("language"))
    entities = [Entity(e["key"], e["kind"], e["label"], tuple(e["aliases"]), e.get("parent")) for e in data["entities"]]
    facts = [fact_from_dict(f) for f in data["facts"]]
    unused = [Sentence(article.id, i, s, e, text[s:e]) for i, s, e in data.get("unused_sentences", [])]
    return ExtractionResult(article, entities, facts, unused)
