"""Sentences and mentions.

Splits an article into sentences (spaCy's rule-based sentencizer on a blank
English pipeline, one text block per line so headlines and list items stand
alone) and finds the mentions in each: organizations, countries and programmes
(reference data, acronyms defined in the text, names ending in an organization
noun), people (capitalised names with a first name, a title or an appositive
role), role phrases, dates, and words that refer back (he, she, the agency).
References back are resolved within the article.

The package: ``base`` (patterns, tables, result types), ``sentences``, ``organizations``,
``people`` and ``references`` (one finder step each, stacked as subclasses).
"""

from __future__ import annotations

from newskg.extract.lexicon import Lexicon, load_lexicon
from newskg.extract.mentions.base import ORG_KINDS, ArticleMentions, PersonInfo, after_preposition
from newskg.extract.mentions.references import ReferenceFinder
from newskg.extract.mentions.sentences import split_sentences
from newskg.extract.model import Article, Mention, Sentence
from newskg.extract.names import first_name_gender, name_key, slug

__all__ = ["ORG_KINDS", "ArticleMentions", "PersonInfo", "after_preposition", "find_mentions", "first_name_gender",
           "name_key", "slug", "split_sentences"]


class _Finder(ReferenceFinder):
    def find(self, sentences: list[Sentence]) -> list[list[Mention]]:
        raw: list[list[Mention]] = []
        last_day: str | None = None  # the day a later "the same day" refers to
        last_date: str | None = None  # the date a later "the following year" counts from
        for sentence in sentences:
            found = self._orgs(sentence)
            found += self._dates(sentence, found, last_day, last_date)
            last_day, last_date = self._context_dates(sentence, found, last_day, last_date)
            found += self._roles(sentence, found)
            found += self._people(sentence, found)
            raw.append(sorted(found, key=lambda m: m.start))
        # second pass: surnames of people named earlier, pronouns and descriptions
        resolved: list[list[Mention]] = []
        history: list[Mention] = []
        for sentence, mentions in zip(sentences, raw):
            extra = self._known_surnames(sentence, mentions)
            mentions = sorted(mentions + extra, key=lambda m: m.start)
            mentions = sorted(mentions + self._references(sentence, mentions, history), key=lambda m: m.start)
            history.extend(mentions)
            resolved.append(mentions)
        return self._settle_person_org_clashes(resolved)


def find_mentions(article: Article, lexicon: Lexicon | None = None) -> ArticleMentions:
    """Sentences and resolved mentions of one article."""
    lex = lexicon or load_lexicon()
    sentences = split_sentences(article)
    finder = _Finder(article, lex)
    mentions = finder.find(sentences)
    return ArticleMentions(article, sentences, mentions, finder.persons, finder.orgs)
