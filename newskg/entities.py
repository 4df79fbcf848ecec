"""Stage 3b: entity resolution across articles.

Each article names its people in its own way ("Dmitry Rogozin", "Rogozin",
"Dmitriy Rogozin", "Bridenstein" for "Bridenstine").  Within an article the
mentions stage has already tied surnames and misspellings to the fuller name;
here the article-local people are merged across the corpus:

- two full names merge when their first names fold to the same transliteration
  (Dmitry/Dmitriy/Dmitri) or are close, and their surnames are close;
- a surname alone merges with the one full name that carries it; when two
  different people share the surname it stays apart rather than guess.

Organizations already carry corpus-wide keys (reference data or their name).
The result keeps one key per real-world entity; facts are rewritten to it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from newskg.mentions import name_core, name_key, slug, spelling_key
from newskg.model import PERSON, Entity, ExtractionResult, Fact


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
    return name_key(name.split()[-1])


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
    for a, b in _same_full_name_pairs(nodes, full):
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
    for root, group in members.items():
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
    return [_rewrite(result, mapping, merged) for result in results]


def _rewrite(result: ExtractionResult, mapping: dict[str, str], people: dict[str, Entity]) -> ExtractionResult:
    article = result.article.id

    def new_key(value: str) -> str:
        return mapping.get(f"{article}|{value}", value)

    entities = []
    for entity in result.entities:
        if entity.kind == PERSON:
            entities.append(people[new_key(entity.key)])
        else:
            entities.append(entity)
    facts = []
    for fact in result.facts:
        args = tuple((name, new_key(value) if isinstance(value, str) and value.startswith("person/") else value)
                     for name, value in fact.args)
        facts.append(fact if args == fact.args else Fact(fact.kind, args, fact.evidence))  # keeps its computed key
    return ExtractionResult(result.article, sorted(set(entities), key=lambda e: e.key), facts, result.unused_sentences)
