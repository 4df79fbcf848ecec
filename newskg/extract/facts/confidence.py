"""Confidence that tells a right fact from a wrong one.

A rule's own confidence is a constant: every fact a rule reads gets the same
number, right or wrong.  Here each candidate fact is scored from evidence that
differs between right and wrong readings (a logistic model):

- the rule's prior (the constant its author gave it) and the kind of fact;
- how far apart its roles stand (words and commas in the matched span), how long
  and crowded the sentence is (mentions of people and organizations in it);
- whether each role is *named* in the sentence or was filled from elsewhere
  (a pronoun, "the agency", the article's subject, a country guessed for a post);
- whether its entities are known to the reference data or newly recognised, and
  whether a person is named by one word only;
- cues the rule's own clause did not see: hedges, negations, quotations, questions,
  future tense anywhere in the sentence.

The weights are data (``ontology/confidence.yml``), fitted by
``tools/calibrate.py`` on labelled candidates (articles with a gold standard) and
read here; the score is a probability that the fact is right.  The same fact stated
by several articles is judged by all its statements together (``combine``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from newskg import settings
from newskg.extract.lexicon import Lexicon, load_data_file
from newskg.extract.mentions import ORG_KINDS, ArticleMentions
from newskg.extract.model import DateValue, Fact, Mention, Post, Text

#: Kinds of fact the model knows; another kind scores by its prior alone.
KINDS = ("Tenure", "Nomination", "Succession", "Sanction", "Obligation", "Withdrawal", "Statement")

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_FUTURE = re.compile(r"\b(?:will|shall|is to|are to|to be|would)\b", re.IGNORECASE)
_QUOTE = re.compile(r"[\"“”«»]")


@dataclass(frozen=True)
class Model:
    """A logistic model: ``p = 1 / (1 + exp(-(bias + sum(w * x))))``."""

    bias: float
    weights: dict[str, float]
    threshold: float
    kinds: frozenset[str]  # the kinds it was fitted on; a fact of another kind keeps its rule's confidence

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def load_model(path: Path | None = None) -> Model:
    """The fitted model (``ontology/confidence.yml``, or ``NEWSKG_CONFIDENCE_FILE``)."""
    return _load_model(str(path or settings.CONFIDENCE_FILE))


@lru_cache(maxsize=4)
def _load_model(path: str) -> Model:
    data = load_data_file(Path(path)) or {}
    return Model(bias=float(data.get("bias", 0.0)),
                 weights={str(k): float(v) for k, v in (data.get("weights") or {}).items()},
                 threshold=float(data.get("threshold", 0.5)),
                 kinds=frozenset(str(k) for k in data.get("kinds") or ()))


def _logit(p: float) -> float:
    p = min(max(p, 0.01), 0.99)
    return math.log(p / (1 - p))


def _entity_args(fact: Fact) -> list[str]:
    """The entity keys a fact's roles name (a post stands for its organization)."""
    out = []
    for _, value in fact.args:
        if isinstance(value, Post):
            out.append(value.organization)
        elif isinstance(value, str) and (value.startswith("person/") or value.startswith("org/")):
            out.append(value)
    return out


@dataclass(frozen=True)
class ArticleView:
    """What the features read of one article, worked out once for all its facts."""

    am: ArticleMentions
    lex: Lexicon
    by_sentence: dict[int, list[Mention]]  # sentence start -> its mentions
    statements: dict[str, int] = field(default_factory=dict)  # fact key -> sentences of the article stating it
    named_in: dict[str, frozenset[int]] = field(default_factory=dict)  # entity key -> sentences (starts) naming it
    families: dict[str, int] = field(default_factory=dict)  # fact key -> rule families of the article reading it


def article_view(am: ArticleMentions, lex: Lexicon, facts: Sequence[Fact] = ()) -> ArticleView:
    """``facts``: the article's candidate facts, so that a fact several sentences state is seen as restated."""
    statements: dict[str, set[int]] = {}
    families: dict[str, set[str]] = {}
    for fact in facts:
        statements.setdefault(fact.key, set()).add(fact.evidence.start)
        families.setdefault(fact.key, set()).add(rule_family(fact.evidence.rule))
    by_sentence = {sentence.start: mentions for sentence, mentions in zip(am.sentences, am.mentions)}
    named_in: dict[str, set[int]] = {}
    for start, mentions in by_sentence.items():
        for m in mentions:
            if m.ref and _is_name(m):
                named_in.setdefault(m.ref, set()).add(start)
    return ArticleView(am, lex, by_sentence, {k: len(v) for k, v in statements.items()},
                       {k: frozenset(v) for k, v in named_in.items()}, {k: len(v) for k, v in families.items()})


def features(fact: Fact, view: ArticleView, prior: float, siblings: int = 1) -> dict[str, float]:
    """What the model sees of one candidate fact (every value a number, most 0 or 1); ``siblings``: how
    many facts the rules read from the same sentence (this one included)."""
    am, lex = view.am, view.lex
    ev = fact.evidence
    mentions = view.by_sentence.get(ev.start, [])
    named = {m.ref for m in mentions if m.ref and _is_name(m)}
    actors = [m for m in mentions if m.kind == "Person" or m.kind in ORG_KINDS]
    args = _entity_args(fact)
    sentence_words = len(_WORD.findall(ev.sentence))
    span = ev.span or ev.sentence
    out: dict[str, float] = {f"kind_{kind}": 1.0 if fact.kind == kind else 0.0 for kind in KINDS}
    out[f"family_{rule_family(ev.rule)}"] = 1.0
    out["prior"] = _logit(prior)
    out["span_words"] = math.log1p(len(_WORD.findall(span)))
    out["span_commas"] = float(min(span.count(",") + span.count(";"), 4))
    out["sentence_words"] = math.log1p(sentence_words)
    out["crowded"] = math.log1p(max(0, len(actors) - len(set(args))))
    out["unnamed_people"] = float(sum(1 for key in args if key.startswith("person/") and key not in named))
    out["unnamed_orgs"] = float(sum(1 for key in args if key.startswith("org/") and key not in named))
    out["from_context"] = 1.0 if ev.rule.endswith("-context") else 0.0
    out["sentence_facts"] = math.log(max(1, siblings))
    out["list_item"] = 1.0 if _LIST_ITEM.match(ev.sentence) else 0.0
    out["unknown_orgs"] = float(sum(1 for key in args if key.startswith("org/") and key not in lex.entities))
    persons = [key for key in args if key.startswith("person/")]
    out["one_word_person"] = float(sum(1 for key in persons if _one_word(am, key)))
    post = fact.get("post")
    country_post = isinstance(post, Post) and (lex.entities.get(post.organization) is not None
                                               and lex.entities[post.organization].kind == "Country")
    out["country_post"] = 1.0 if country_post else 0.0
    out["object_text_only"] = 1.0 if fact.kind == "Withdrawal" and fact.get("objectEntity") is None else 0.0
    content = fact.get("content") or fact.get("object")
    out["short_text"] = 1.0 if isinstance(content, Text) and len(content.value.split()) < 3 else 0.0
    out["dated"] = 1.0 if any(isinstance(v, DateValue) for _, v in fact.args) else 0.0
    lowered = " " + ev.sentence.lower() + " "
    out["hedged_sentence"] = 1.0 if _words(tuple(lex.lists.get("hedge_words", []))).search(lowered) else 0.0
    out["negated_sentence"] = 1.0 if _words(tuple(lex.lists.get("negation_words", []))).search(lowered) else 0.0
    out["future_sentence"] = 1.0 if _FUTURE.search(ev.sentence) else 0.0
    out["quoted_sentence"] = 1.0 if _QUOTE.search(ev.sentence) else 0.0
    out["question"] = 1.0 if ev.sentence.rstrip().endswith("?") else 0.0
    out.update(_clause_features(fact, view, mentions, args))
    out.update(_entity_features(fact, view, mentions, args, named))
    out.update(_agreement_features(fact, view, args))
    out.update(_post_features(fact, view))
    out.update(_object_features(fact, view))
    out.update(_filler_features(fact, view))
    out["restated"] = math.log1p(view.statements.get(fact.key, 1) - 1)
    out["other_rules_agree"] = math.log1p(view.families.get(fact.key, 1) - 1)
    out["headline"] = 1.0 if am.sentences and ev.start == am.sentences[0].start else 0.0
    return out


_LIST_ITEM = re.compile(r"^\s*(?:[-–—•*]|\d+[.)])\s")


def rule_family(rule: str) -> str:
    """A rule's family from its id alone, so a new rule falls into one: the kind and the first word of the
    rule's name ("tenure.role-of-org-name" -> "tenure.role"; "sanction.passive-impose-context" ->
    "sanction.passive")."""
    kind, _, name = rule.removesuffix("-context").partition(".")
    return f"{kind}.{name.split('-')[0]}" if name else kind


def _clause_bounds(sentence: str, lex: Lexicon) -> list[int]:
    """Offsets in the sentence where a clause begins or ends: punctuation that sets a clause off, and the
    words that open a subordinate clause (``confidence_clause_openers`` in the lexicon)."""
    opener = _words(tuple(lex.lists.get("confidence_clause_openers", [])))
    marks = [m.start() for m in _CLAUSE_MARK.finditer(sentence)]
    marks += [m.start() for m in opener.finditer(sentence.lower())]
    return sorted(marks)


_CLAUSE_MARK = re.compile(r"[,;:()\[\]\"“”«»]|\s[–—-]\s")


def _clause_features(fact: Fact, view: ArticleView, mentions: list[Mention], args: list[str]) -> dict[str, float]:
    """Where the fact's roles stand against the sentence's clauses: how many clause boundaries lie between
    them, whether the cue's clause (the span widened to the boundaries around it) holds a hedge, a negation,
    a condition or a future, whether the span sits inside quotation marks or in a clause a speech verb
    reports."""
    ev, lex = fact.evidence, view.lex
    sentence = ev.sentence
    bounds = _clause_bounds(sentence, lex)
    span = ev.span or sentence
    start = sentence.find(span) if ev.span else 0
    start = max(start, 0)
    end = start + len(span)
    # the role fillers' places in the sentence: each entity's mention nearest the span
    places: list[tuple[int, int]] = []
    for key in set(args):
        found = [(m.start - ev.start, m.end - ev.start) for m in mentions if m.ref == key]
        if found:
            places.append(min(found, key=lambda se: abs(se[0] - start) + abs(se[1] - end)))
    lo = min([start] + [a for a, _ in places]) if places else start
    hi = max([end] + [b for _, b in places]) if places else end
    inside = [b for b in bounds if lo < b < hi]
    out: dict[str, float] = {}
    out["roles_clause_gap"] = float(min(len(inside), 4))
    out["roles_words_apart"] = math.log1p(len(_WORD.findall(sentence[lo:hi])))
    out["roles_outside_span"] = float(sum(1 for a, b in places if a < start or b > end))
    before = [b for b in bounds if b <= start]
    after = [b for b in bounds if b >= end]
    clause = sentence[(before[-1] if before else 0):(after[0] if after else len(sentence))]
    lowered = " " + clause.lower() + " "
    lists = lex.lists
    out["clause_hedged"] = 1.0 if _words(tuple(lists.get("hedge_words", []))).search(lowered) else 0.0
    out["clause_negated"] = 1.0 if _words(tuple(lists.get("negation_words", []))).search(lowered) else 0.0
    out["clause_conditional"] = 1.0 if _words(tuple(lists.get("conditional_words", []))).search(lowered) else 0.0
    out["clause_future"] = 1.0 if _FUTURE.search(clause) else 0.0
    out["clause_planned"] = 1.0 if _words(tuple(lists.get("confidence_plan_words", []))).search(lowered) else 0.0
    out["in_quotes"] = 1.0 if len(_QUOTE.findall(sentence[:start])) % 2 == 1 else 0.0
    speech = _words(tuple(lists.get("speech_verbs", [])))
    outside = (sentence[:start] + " " + sentence[end:]).lower()
    out["reported"] = 1.0 if speech.search(outside) and not speech.search(span.lower()) else 0.0
    return out


def _entity_features(fact: Fact, view: ArticleView, mentions: list[Mention], args: list[str],
                     named: set[str]) -> dict[str, float]:
    """How the fact's entities were recognised (reference data, the form of their name, one capitalised
    word), how many other fillers of the same type the sentence offers, and whether a post's organization is
    named next to its title."""
    am, lex, ev = view.am, view.lex, fact.evidence
    out: dict[str, float] = {}
    orgs = [key for key in args if key.startswith("org/")]
    unknown = [key for key in orgs if key not in lex.entities]
    out["org_one_word_unknown"] = float(sum(1 for key in unknown if len(_org_label(am, key).split()) < 2))
    out["org_by_form"] = float(sum(1 for key in unknown if len(_org_label(am, key).split()) >= 2))
    people = {m.ref for m in mentions if m.kind == "Person" and m.ref}
    bodies = {m.ref for m in mentions if m.kind in ORG_KINDS and m.ref}
    out["other_people"] = math.log1p(len(people - set(args)))
    out["other_orgs"] = math.log1p(len(bodies - set(args)))
    post = fact.get("post")
    if isinstance(post, Post):
        roles = [m for m in mentions if m.kind == "Role"]
        orgs_of_post = [m for m in mentions if m.ref == post.organization]
        out["post_org_unnamed"] = 0.0 if post.organization in named else 1.0
        # a country's post ("Foreign Minister X") is the country's only when the sentence leaves no other
        # country to take it from
        countries = {m.ref for m in mentions if m.ref and (m.kind in ("Demonym", "Capital") or _is_country(lex, m.ref))}
        if _is_country(lex, post.organization):
            out["country_post_unnamed"] = out["post_org_unnamed"]
            # a country has presidents and prime ministers; a bare "secretary" or "director general" of a
            # country is a post whose own organization (a department, a centre) was lost
            title = re.split(r" of | \(", post.label.lower(), maxsplit=1)[0].strip()
            offices = {str(w).lower() for w in lex.lists.get("country_office_titles", [])}
            out["country_post_bare_title"] = 0.0 if title in offices or len(title.split()) > 1 else 1.0
            out["country_post_rivals"] = math.log1p(len(countries - {post.organization}))
        if roles and orgs_of_post:
            between = [ev.sentence[min(r.end, o.end) - ev.start:max(r.start, o.start) - ev.start]
                       for r in roles for o in orgs_of_post]
            out["post_org_apart"] = math.log1p(min(min(len(_WORD.findall(text)) for text in between), 50))
        else:
            out["post_org_apart"] = math.log1p(50)
    return out


def _agreement_features(fact: Fact, view: ArticleView, args: list[str]) -> dict[str, float]:
    """Whether the rest of the article backs the fact's pairing of entities: how many other sentences name
    two of its entities together (a person with the organization of their post, a target with its
    authority). A pairing no other sentence makes is more often one the rule guessed from nearness."""
    keys = sorted(set(args))
    here = fact.evidence.start
    best = 0
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            together = (view.named_in.get(a, frozenset()) & view.named_in.get(b, frozenset())) - {here}
            best = max(best, len(together))
    return {"pair_elsewhere": math.log1p(best)} if len(keys) > 1 else {}


_COMPLEMENT = re.compile(r"\s+(?:of|for|at)\s+(?:the\s+)?((?:[A-Z][\w'’.&-]*)(?:\s+(?:(?:of|for|and|the|on)\s+)*[A-Z][\w'’.&-]*)*)")


def _post_features(fact: Fact, view: ArticleView) -> dict[str, float]:
    """Whether a post's title is written in the sentence at all (a title carried over from another person's
    post is not), and whether the sentence writes the title with an organization of its own ("Administrator
    of the X Agency") that is not the post's organization."""
    post = fact.get("post")
    if not isinstance(post, Post):
        return {}
    sentence = fact.evidence.sentence
    title = re.split(r" of | for | \(", post.label, maxsplit=1)[0].strip().lower()
    found = [m.end() for m in re.finditer(re.escape(title), sentence, re.IGNORECASE)] if title else []
    names = _names_of(view, post.organization)
    complements = [m.group(1).lower() for end in found if (m := _COMPLEMENT.match(sentence, end))]
    mismatch = bool(complements) and not any(n in c or c in n for c in complements for n in names)
    return {"post_title_absent": 0.0 if found else 1.0, "post_complement_mismatch": 1.0 if mismatch else 0.0}


def _names_of(view: ArticleView, key: str) -> set[str]:
    """Every lower-cased name the article or the reference data gives an entity."""
    names = {_org_label(view.am, key).lower()}
    info = view.am.orgs.get(key)
    if info:
        names |= {str(n).lower() for n in info[2]}
    known = view.lex.entities.get(key)
    if known:
        names |= {n.lower() for n in (known.label, *known.aliases, *known.demonyms, *known.capitals)}
    return {n for n in names if n}


def _object_features(fact: Fact, view: ArticleView) -> dict[str, float]:
    """A withdrawal's or obligation's object written as text: ragged ends (it stops on a function word or
    starts on one no noun phrase starts with: "of", "whose term has now come to an"), digits (a date or a
    list number swallowed), length."""
    content = fact.get("object") or fact.get("content")
    if not isinstance(content, Text):
        return {}
    words = content.value.lower().split()
    if not words:
        return {"object_ragged": 1.0}
    function = {str(w).lower() for w in view.lex.lists.get("confidence_function_words", [])}
    openers = {str(w).lower() for w in view.lex.lists.get("confidence_phrase_openers", [])}
    ragged = words[-1].strip(".,;:\"'") in function or (words[0] in function and words[0] not in openers)
    return {"object_ragged": 1.0 if ragged else 0.0,
            "object_digits": 1.0 if any(ch.isdigit() for ch in content.value) else 0.0,
            "object_words": math.log1p(len(words))}


def _filler_features(fact: Fact, view: ArticleView) -> dict[str, float]:
    """What kind of entity fills each role (``role_<role>_<class>``: a person, a country, another body the
    reference data knows, one recognised by its form, a one-word name), and a fact whose roles name the
    same entity twice."""
    out: dict[str, float] = {}
    keys = []
    for role, value in fact.args:
        key = value.organization if isinstance(value, Post) else value
        if not isinstance(key, str) or not key.startswith(("person/", "org/")):
            continue
        keys.append(key)
        if key.startswith("person/"):
            cls = "person"
        elif _is_country(view.lex, key):
            cls = "country"
        elif key in view.lex.entities:
            cls = "known"
        else:
            cls = "form" if len(_org_label(view.am, key).split()) >= 2 else "word"
        out[f"role_{role}_{cls}"] = 1.0
    out["same_entity_twice"] = 1.0 if len(keys) != len(set(keys)) else 0.0
    return out


def _is_country(lex: Lexicon, key: str) -> bool:
    entity = lex.entities.get(key)
    return entity is not None and entity.kind == "Country"


def _org_label(am: ArticleMentions, key: str) -> str:
    info = am.orgs.get(key)
    return info[1] if info else key.split("/", 1)[-1].replace("-", " ")


_REFERRING = re.compile(r"^(?:he|she|it|they|him|her|his|hers|its|their|them|the|this|that|these|those)\b", re.IGNORECASE)


def _is_name(m: Mention) -> bool:
    """A mention that names its entity, not one that refers back to it ("she", "the agency")."""
    named_kind = m.kind == "Person" or m.kind in ORG_KINDS or m.kind in ("Demonym", "Capital")
    return named_kind and not _REFERRING.match(m.text) and m.text[:1].isupper()


def _one_word(am: ArticleMentions, key: str) -> bool:
    """A person the article names by one word only ("Policy", "Feruta")."""
    info = am.persons.get(key)
    return bool(info and info.names) and len(max(info.names, key=len).split()) < 2  # type: ignore[union-attr]


@lru_cache(maxsize=16)
def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a lexicon list: any of its words or phrases, lower-cased, not inside a longer word."""
    body = "|".join(re.escape(str(w).lower()) for w in sorted(words, key=lambda w: -len(str(w)))) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


def score_facts(facts: Sequence[Fact], am: ArticleMentions, lex: Lexicon, model: Model | None = None) -> list[Fact]:
    """The facts with their evidence's confidence replaced by the model's probability.

    Kinds the model was not fitted on (statements and nominations, which no gold
    standard labels) keep their rule's confidence.
    """
    model = model or load_model()
    per_sentence: dict[int, int] = {}
    for fact in facts:
        per_sentence[fact.evidence.start] = per_sentence.get(fact.evidence.start, 0) + 1
    view = article_view(am, lex, facts)
    out = []
    for fact in facts:
        prior = fact.evidence.confidence
        if fact.kind not in model.kinds:
            out.append(fact)
            continue
        p = round(model.probability(features(fact, view, prior, per_sentence[fact.evidence.start])), 3)
        out.append(replace(fact, evidence=replace(fact.evidence, confidence=max(0.001, min(1.0, p)))))
    return out


def combine(confidences: Iterable[float]) -> float:
    """One fact's confidence from independent statements of it (noisy-or): two articles
    that each make a fact 0.7 likely make it 0.91 likely."""
    doubt = 1.0
    for c in confidences:
        doubt *= 1.0 - c
    return 1.0 - doubt
