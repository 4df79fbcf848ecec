"""Stages 2-4 for one article: mentions -> article-local entities -> facts with evidence.

``extract`` depends on nothing but the article, so articles can be extracted in
any order or in parallel; entities are merged across articles afterwards
(``newskg.extract.entities.resolve_entities``).
"""

from __future__ import annotations

from newskg.extract.facts import extract_facts
from newskg.extract.facts.confidence import score_facts
from newskg.extract.lexicon import Lexicon, load_lexicon
from newskg.extract.mentions import ArticleMentions, find_mentions
from newskg.extract.model import PERSON, Article, Entity, ExtractionResult, Fact, Post


def extract(article: Article, lexicon: Lexicon | None = None) -> ExtractionResult:
    """Everything one article states: its entities and its facts, each fact with evidence."""
    lex = lexicon or load_lexicon()
    am = find_mentions(article, lex)
    facts = score_facts(extract_facts(am, lex), am, lex)
    entities = local_entities(am, facts, lex)
    used = {fact.evidence.start for fact in facts}
    unused = [s for s in am.sentences if s.start not in used]
    return ExtractionResult(article=article, entities=entities, facts=facts, unused_sentences=unused)


def local_entities(am: ArticleMentions, facts: list[Fact], lex: Lexicon) -> list[Entity]:
    """The people and organizations an article names, plus those its facts refer to."""
    entities: dict[str, Entity] = {}
    for info in am.persons.values():
        names = sorted(info.names, key=lambda n: (-len(n.split()), -len(n), n))
        entities[info.key] = Entity(info.key, PERSON, names[0], tuple(names[1:]))
    for key, (kind, label, names) in am.orgs.items():
        known = lex.entities.get(key)
        aliases = set(names) | (set(known.aliases) & names if known else set())
        aliases.discard(label)
        entities[key] = Entity(key, known.kind if known else kind, known.label if known else label,
                               tuple(sorted(aliases)), known.parent if known else None)
    referenced: set[str] = set()
    for fact in facts:
        for _, value in fact.args:
            if isinstance(value, Post):
                referenced.add(value.organization)
            elif isinstance(value, str) and value.startswith("org/"):
                referenced.add(value)
    # parents of what we know, so org:subOrganizationOf points at a described node
    pending = list(referenced | set(entities))
    while pending:
        key = pending.pop()
        known = lex.entities.get(key)
        if key not in entities and known is not None:
            entities[key] = Entity(key, known.kind, known.label, (), known.parent)
        if known is not None and known.parent and known.parent not in entities:
            pending.append(known.parent)
    return [entities[k] for k in sorted(entities)]
