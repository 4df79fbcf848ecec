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
from dataclasses import dataclass, replace
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
    salience: dict[str, int]  # entity key -> mentions of it in the article


def article_view(am: ArticleMentions, lex: Lexicon) -> ArticleView:
    salience: dict[str, int] = {}
    for mentions in am.mentions:
        for m in mentions:
            if m.ref:
                salience[m.ref] = salience.get(m.ref, 0) + 1
    by_sentence = {sentence.start: mentions for sentence, mentions in zip(am.sentences, am.mentions)}
    return ArticleView(am, lex, by_sentence, salience)


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
    out["prior"] = _logit(prior)
    out["span_words"] = math.log1p(len(_WORD.findall(span)))
    out["span_commas"] = float(min(span.count(",") + span.count(";"), 4))
    out["sentence_words"] = math.log1p(sentence_words)
    out["crowded"] = math.log1p(max(0, len(actors) - len(set(args))))
    out["unnamed_people"] = float(sum(1 for key in args if key.startswith("person/") and key not in named))
    out["unnamed_orgs"] = float(sum(1 for key in args if key.startswith("org/") and key not in named))
    out["from_context"] = 1.0 if ev.rule.endswith("-context") else 0.0
    out["sentence_facts"] = math.log(max(1, siblings))
    # how often the article names the fact's people and organizations: the ones it is about are read more reliably
    salience = [view.salience.get(key, 0) for key in args]
    out["least_salient"] = math.log1p(min(salience)) if salience else 0.0
    out["list_item"] = 1.0 if re.match(r"^\s*(?:[-–—•*]|\d+[.)])\s", ev.sentence) else 0.0
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
    return out


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
    view = article_view(am, lex)
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
