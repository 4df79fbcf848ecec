"""Dates and references back: pronouns and definite descriptions resolved within the article."""

from __future__ import annotations

import re

from newskg.extract.dates import find_dates
from newskg.extract.lexicon import KnownEntity
from newskg.extract.mentions.base import BRITISH, DATELINE, ORG_KINDS, after_preposition
from newskg.extract.mentions.people import PeopleFinder
from newskg.extract.model import Mention, Sentence
from newskg.extract.names import slug


class ReferenceFinder(PeopleFinder):
    """Dates and the words that refer back (he, she, the agency)."""

    def _dates(self, sentence: Sentence, taken: list[Mention], anchor: str | None,
               coarse: str | None = None) -> list[Mention]:
        """The dates of a sentence; ``anchor`` (the last day named before it) and ``coarse`` (the last
        date) resolve the words that refer back ("the same day", "a week later")."""
        out = []
        # a dateline ("PARIS, July 13 (Reuters) -") dates the report, not what the sentence says
        dateline = DATELINE.match(sentence.text)
        for date in find_dates(sentence.text, self.article.published, anchor, coarse, self.year_from):
            if dateline and date.end <= dateline.end():
                continue
            if self._free(taken, sentence, date.start, date.end) and date.iso:
                a, b = self._span(sentence, date.start, date.end)
                out.append(Mention("Date", date.text, a, b, sentence.index, date.iso))
                self.date_anchor_ok[a] = date.anchor_ok
        # the full date ("7 November 2021") that a day without a year in the next sentence may take its year from
        full = [d for d in out if re.search(r"\b(?:19|20)\d\d\b", d.text) and len(d.ref or "") >= 7]
        self.year_from = full[-1].ref if full else None
        return out

    def _context_dates(self, sentence: Sentence, found: list[Mention], day: str | None,
                       any_date: str | None) -> tuple[str | None, str | None]:
        """The day and the date that the sentences after ``sentence`` refer back to: the date that opens
        it ("- 12 October 2017: ...", "On 5 May ...") if any, else its last date; never one a future or
        "with effect from" phrase governs; the earlier ones when it names none."""
        dates = sorted((m for m in found if m.kind == "Date" and m.ref and self.date_anchor_ok.get(m.start, True)),
                       key=lambda m: m.start)
        if not dates:
            return day, any_date
        lead = self.article.text[sentence.start:dates[0].start]
        opening = dates[0] if re.fullmatch(r"[\s\-–—•*]*(?:(?:On|By|As of|Since)\s+)?", lead) else None
        days = [m for m in dates if len(m.ref or "") == 10]
        if opening is not None and len(opening.ref or "") == 10:
            return opening.ref, opening.ref
        return (days[-1].ref if days else day), (opening or dates[-1]).ref

    def _after_preposition(self, mention: Mention) -> bool:
        """True when the word before ``mention`` (past a determiner) is a preposition."""
        return after_preposition(self.article.text[max(0, mention.start - 40):mention.start])

    def _regional_description(self, word: str, noun: str) -> KnownEntity | None:
        """"Europe's space agency", "the European agency": the one known organization that a
        description fits and whose name holds the place word or its adjective (European Space Agency)."""
        if word in self.country_words:
            return None
        forms = {word, word + "n", word + "an", word.rstrip("e") + "ean", word.rstrip("a") + "an"}
        fits = [e for e in self.lex.entities.values()
                if e.kind != "Country" and noun in e.descriptions and forms & set(e.label.split())]
        return fits[0] if len(fits) == 1 else None

    def _previous_subject(self, sentence: Sentence, history: list[Mention], gender: str) -> Mention | None:
        """The grammatical subject of the sentence before ``sentence``, when it is a person of
        ``gender``: its first person, unless that one stands after a preposition or the previous
        sentence opens with some other subject (an organization, a role or a country)."""
        previous = [m for m in history if m.sentence == sentence.index - 1]
        if not previous:
            return None
        people = [m for m in previous if m.kind == "Person" and m.ref and not self._after_preposition(m)]
        if not people:
            return None
        first = people[0]
        prev_start = self.article.text.rfind("\n", 0, first.start) + 1
        lead = [m for m in previous if m.start < first.start and m.kind in ORG_KINDS and not self._after_preposition(m)]
        if lead and not re.search(r"['’]s?\s*$", self.article.text[max(prev_start, lead[0].end - 2):lead[0].end + 2]):
            return None  # "Norvia's agency appointed Ada Lind ..." has an organization as its subject
        info = self.persons.get(first.ref or "")
        if info is None or info.gender not in (gender, None, "any"):
            return None
        return first

    def _role_subject_before(self, sentence: Sentence, history: list[Mention]) -> bool:
        """The sentence before names no person and opens with a role as its subject ("The Secretary
        General is ..."): a "He"/"She" after it speaks of the post's holder in general."""
        previous = [m for m in history if m.sentence == sentence.index - 1]
        if not previous or any(m.kind == "Person" for m in previous):
            return False
        first = min(previous, key=lambda m: m.start)
        start = self.article.text.rfind("\n", 0, first.start) + 1
        lead = self.article.text[max(start, first.start - 12):first.start]
        return first.kind == "Role" and bool(re.search(r"(?:^|[.!?]\s+|\n)(?:The|A|An)\s+$", lead) or re.fullmatch(r"\s*(?:The|A|An)\s+", lead))

    def _bound_object(self, text: str, match: re.Match[str], before: list[Mention], sentence: Sentence) -> bool:
        """"him" (or an object "her") right after the verb of the person just named in the same clause."""
        word = match.group(1).lower()
        if word not in ("him", "her") or not before:
            return False
        if word == "her" and not re.match(r"\s*(?:[.,;:)]|$|(?:as|in|on|at|to|with|for|from|after|before|since|by)\b)", text[match.end():]):
            return False  # "her post": a possessive
        last = before[-1]
        if last.sentence != sentence.index:
            return False
        gap = text[last.end - sentence.start:match.start()]
        return bool(re.fullmatch(r"\s+(?:[a-z]+\s+){0,2}?[a-z]+(?:ed|es|s)\s+", gap)) and not re.search(r"\b(?:and|or|who|that|which)\b", gap)

    def _references(self, sentence: Sentence, taken: list[Mention], history: list[Mention]) -> list[Mention]:
        """Pronouns and definite descriptions, resolved to the most recent compatible mention."""
        out: list[Mention] = []
        text = sentence.text
        for match in re.finditer(r"\b(he|she|him|her|his)\b", text, re.IGNORECASE):
            if not self._free(taken + out, sentence, match.start(), match.end()):
                continue
            gender = "male" if match.group(1).lower() in ("he", "him", "his") else "female"
            before = [m for m in history + [m for m in taken if m.start < sentence.start + match.start()]
                      if m.kind == "Person" and m.ref]
            # a sentence-initial "He"/"She" continues the previous sentence's subject, not its object
            # ("Ada Lind met Tor Berg. He said ..." : Ada Lind only if the gender agrees)
            if not text[:match.start()].strip(" \"“‘'(-–—•*") and match.group(1).lower() in ("he", "she"):
                if self._role_subject_before(sentence, history):
                    continue  # "The Secretary General is the top civil servant. He chairs ...": whoever holds it
                subject = self._previous_subject(sentence, history, gender)
                if subject is not None:
                    before = before + [subject]
            elif self._bound_object(text, match, before, sentence):
                # "when Schoof succeeded him": an object pronoun is never its own clause's subject
                before = before[:-1]
            for mention in reversed(before):
                info = self.persons.get(mention.ref or "")
                if info and info.gender in (gender, None, "any"):
                    a, b = self._span(sentence, match.start(), match.end())
                    out.append(Mention("Person", match.group(0), a, b, sentence.index, info.key))
                    break
        # "the agency", "Russia's space corporation", "the Russian agency", "the station"
        for match in self.tables.description.finditer(text):
            if not self._free(taken + out, sentence, match.start(), match.end()):
                continue
            noun = match.group("noun").lower()
            country_word = match.group("adj") or match.group("poss")
            target = None
            if country_word:
                country = self.tables.demonym_keys.get(country_word)
                country = country or f"org/{slug(country_word)}"
                entity = self.lex.by_country_description(country.split("#")[0], noun)
                entity = entity or self._regional_description(country_word, noun)
                target = entity.key if entity else None
            else:
                recent = [m for m in history + taken if m.kind in ORG_KINDS and m.ref and m.start < sentence.start + match.start()]
                fitting = []
                for mention in reversed(recent):
                    entity = self.lex.entities.get(mention.ref or "")
                    kind, label, _ = self.orgs.get(mention.ref or "", ("", "", set()))
                    descriptions = entity.descriptions if entity else ()
                    head = noun.split()[-1]
                    # "the forum" for the Austrian Space Forum: a word of the name fits too ("centre" = "Center")
                    words = {BRITISH.get(w, w) for w in label.lower().split()}
                    if noun in descriptions or head in descriptions or head in kind.lower() or BRITISH.get(head, head) in words:
                        fitting.append(mention)
                # the most recent fitting organization that is not the object of a preposition
                # ("ASI ended its work with Roscosmos. The agency also ...": the agency is ASI)
                target = next((m.ref for m in fitting if not self._after_preposition(m)), None)
                target = target or (fitting[0].ref if fitting else None)
            if target:
                entity = self.lex.entities.get(target)
                if entity:
                    self.org_key(entity.label, entity.kind)
                a, b = self._span(sentence, match.start(), match.end())
                kind = self.orgs[target][0] if target in self.orgs else "Organization"
                out.append(Mention(kind, match.group(0), a, b, sentence.index, target))
        return out
