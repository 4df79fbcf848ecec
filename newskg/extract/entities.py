"""Entity resolution across articles.

Each article names its people in its own way ("Dmitry Rogozin", "Rogozin",
"Dmitriy Rogozin", "Bridenstein" for "Bridenstine").  Within an article the
mentions stage has already tied surnames and misspellings to the fuller name;
here the article-local people are merged across the corpus:

- two full names merge when their first names fold to the same transliteration
  (Dmitry/Dmitriy/Dmitri) or are close, and their surnames are close;
- a surname alone merges with the one full name that carries it; when two
  different people share the surname it stays apart rather than guess.

Organizations already carry corpus-wide keys (reference data or their name);
those no reference file knows also merge when two articles share a distinctive
name for them (one's "Russian State Duma", also called "State Duma" there, and
another's "State Duma").
The result keeps one key per real-world entity; facts are rewritten to it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz

from newskg.extract.lexicon import is_common_word, load_lexicon
from newskg.extract.model import PERSON, Entity, ExtractionResult, Fact, Post
from newskg.extract.names import family_names, middle_initials, name_core, name_key, slug, spelling_key


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _full_names(names: Iterable[str]) -> list[str]:
    """The names of two words or more, each also without its middle initials and patronymics
    ("Vladimir V. Putin" also as "Vladimir Putin"), so those forms meet across articles."""
    full = [n for n in names if len(n.split()) >= 2]
    return sorted(set(full) | {name_core(n) for n in full})


def _same_full_name(a: str, b: str) -> bool:
    wa, wb = a.split(), b.split()
    first_a, first_b = name_key(wa[0]), name_key(wb[0])
    if first_a != first_b and fuzz.ratio(first_a, first_b) < 90:
        return False
    return fuzz.ratio(name_key(" ".join(wa[1:])), name_key(" ".join(wb[1:]))) >= 85


def _same_full_name_pairs(nodes: list[str], full: dict[str, list[str]]) -> Iterable[tuple[str, str]]:
    """Pairs of nodes to merge, linking the same as ``_same_full_name`` on every pair of nodes.

    Compares distinct names instead of nodes, and finds the surname parts within
    ratio 85 with ``rapidfuzz.process.cdist`` (vectorised), so a corpus of tens of
    thousands of person mentions takes seconds instead of hours; the first-name test
    then runs on those candidates only.  The links (and so the groups) are the same.
    """
    by_name: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        for name in full[node]:
            by_name[name].append(node)
    for group in by_name.values():  # a name is the same full name as itself
        for node in group[1:]:
            yield group[0], node
    names = sorted(by_name)
    by_rest: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_rest[name_key(" ".join(name.split()[1:]))].append(name)
    rests = sorted(by_rest)
    if not rests:
        return
    from rapidfuzz import process

    scores = process.cdist(rests, rests, scorer=fuzz.ratio, score_cutoff=85, dtype="uint8", workers=1)
    firsts = {name: name_key(name.split()[0]) for name in names}
    for i, j in zip(*scores.nonzero()):
        if j < i:
            continue
        for x in by_rest[rests[i]]:
            for y in by_rest[rests[j]]:
                if x != y and (firsts[x] == firsts[y] or fuzz.ratio(firsts[x], firsts[y]) >= 90):
                    yield by_name[x][0], by_name[y][0]


def _surname(name: str) -> str:
    return name_key(family_names(name)[0])


def resolve_entities(results: list[ExtractionResult]) -> list[ExtractionResult]:
    """The same results with people merged across articles and facts pointing at the merged keys."""
    uf = _UnionFind()
    people: dict[str, set[str]] = defaultdict(set)  # "article|local key" -> names
    for result in results:
        for entity in result.entities:
            if entity.kind == PERSON:
                node = f"{result.article.id}|{entity.key}"
                people[node].update((entity.label, *entity.aliases))
                uf.find(node)
    nodes = sorted(people)
    full = {node: _full_names(people[node]) for node in nodes}
    # full names: two nodes merge when a full name of one is the same full name as one of the other
    initials = {node: {frozenset(middle_initials(n)) for n in people[node]} - {frozenset()} for node in nodes}
    for a, b in _same_full_name_pairs(nodes, full):
        if initials[a] and initials[b] and initials[a].isdisjoint(initials[b]):
            continue  # "Hollis J. Brandt" and "Hollis K. Brandt" are two people
        uf.union(a, b)
    # surnames alone: join the single group of full names with that surname
    groups_by_surname: dict[str, set[str]] = defaultdict(set)
    for node in nodes:
        for name in full[node]:
            groups_by_surname[_surname(name)].add(uf.find(node))
    for node in nodes:
        if full[node]:
            continue
        surnames = {_surname(n) for n in people[node]}
        candidates: set[str] = set()
        for surname in surnames:
            candidates |= groups_by_surname.get(surname, set())
            if not candidates:
                for other, roots in groups_by_surname.items():
                    if len(surname) >= 5 and fuzz.ratio(surname, other) >= 88:
                        candidates |= roots
        if len(candidates) == 1:
            uf.union(node, next(iter(candidates)))
    # surname-only people of different articles with nothing fuller: one person
    loose: dict[str, str] = {}
    for node in nodes:
        if not full[node] and uf.find(node) == node:
            surname = _surname(sorted(people[node])[0])
            if surname in loose:
                uf.union(node, loose[surname])
            else:
                loose[surname] = node
    # one key and label per group
    members: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        members[uf.find(node)].append(node)
    mapping: dict[str, str] = {}
    merged: dict[str, Entity] = {}
    for group in members.values():
        counts: Counter[str] = Counter()
        for node in group:
            for name in people[node]:
                counts[name] += 1
        ordered = sorted(counts, key=lambda n: (-(len(n.split()) >= 2), -counts[n], -len(n), n))
        label = ordered[0]
        key = f"person/{slug(spelling_key(label)) or slug(label)}"
        merged[key] = Entity(key, PERSON, label, tuple(sorted(set(ordered[1:]))))
        for node in group:
            mapping[node] = key
    org_mapping, orgs = _merge_organizations(results)
    return [_rewrite(result, mapping, merged, org_mapping, orgs) for result in results]


def _distinctive(name: str, demonyms: set[str]) -> bool:
    """A name that can only mean one organization: it has a word that is no ordinary English
    word and no demonym ("State Duma", "Wagner Group"; not "Foreign Ministry")."""
    return any(w.isalpha() and not is_common_word(w) and w not in demonyms for w in name.split())


def _merge_organizations(results: list[ExtractionResult]) -> tuple[dict[str, str], dict[str, Entity]]:
    """Organizations no reference file knows, merged across articles when they share a
    distinctive name: one article's "Russian State Duma" (also called "State Duma" there) is
    another's "State Duma".  Returns key -> merged key, and the merged entities."""
    lex = load_lexicon()
    demonyms = {w for e in lex.entities.values() for w in e.demonyms}
    uf = _UnionFind()
    by_name: dict[str, str] = {}
    seen: dict[str, list[Entity]] = defaultdict(list)
    articles: Counter[str] = Counter()
    for result in results:
        for entity in result.entities:
            if entity.kind == PERSON or entity.key in lex.entities:
                continue
            seen[entity.key].append(entity)
            articles[entity.key] += 1
            uf.find(entity.key)
            for name in (entity.label, *entity.aliases):
                if not _distinctive(name, demonyms):
                    continue
                if name in by_name:
                    uf.union(entity.key, by_name[name])
                else:
                    by_name[name] = entity.key
    groups: dict[str, list[str]] = defaultdict(list)
    for key in seen:
        groups[uf.find(key)].append(key)
    mapping: dict[str, str] = {}
    merged: dict[str, Entity] = {}
    for members in groups.values():
        if len(members) == 1:
            continue
        main = sorted(members, key=lambda k: (-articles[k], len(k), k))[0]
        first = seen[main][0]
        names = {n for k in members for e in seen[k] for n in (e.label, *e.aliases)}
        names.discard(first.label)
        parent = next((e.parent for k in members for e in seen[k] if e.parent), None)
        merged[main] = Entity(main, first.kind, first.label, tuple(sorted(names)), parent)
        for key in members:
            mapping[key] = main
    return mapping, merged


def _rewrite(result: ExtractionResult, mapping: dict[str, str], people: dict[str, Entity],
             org_mapping: dict[str, str] | None = None, orgs: dict[str, Entity] | None = None) -> ExtractionResult:
    article = result.article.id
    org_mapping = org_mapping or {}
    orgs = orgs or {}

    def new_key(value: str) -> str:
        return mapping.get(f"{article}|{value}", value)

    def new_value(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("person/"):
            return new_key(value)
        if isinstance(value, str) and value in org_mapping:
            return org_mapping[value]
        if isinstance(value, Post) and value.organization in org_mapping:
            return Post(org_mapping[value.organization], value.role, value.label)
        return value

    entities = []
    for entity in result.entities:
        if entity.kind == PERSON:
            entities.append(people[new_key(entity.key)])
        elif entity.key in org_mapping:
            entities.append(orgs[org_mapping[entity.key]])
        else:
            entities.append(entity)
    facts = []
    for fact in result.facts:
        args = tuple((name, new_value(value)) for name, value in fact.args)
        facts.append(fact if args == fact.args else Fact(fact.kind, args, fact.evidence))  # keeps its computed key
    return ExtractionResult(result.article, sorted(set(entities), key=lambda e: e.key), facts, result.unused_sentences)
