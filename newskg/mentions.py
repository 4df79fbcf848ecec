"""Stage 2: sentences and mentions.

Splits an article into sentences (spaCy's rule-based sentencizer on a blank
English pipeline, one text block per line so headlines and list items stand
alone) and finds the mentions in each: organizations, countries and programmes
(reference data, acronyms defined in the text, names ending in an organization
noun), people (capitalised names with a first name, a title or an appositive
role), role phrases, dates, and words that refer back (he, she, the agency).
References back are resolved within the article.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from newskg.dates import find_dates
from newskg.lexicon import VERY_COMMON_WORD_ZIPF, KnownEntity, Lexicon, is_common_word, load_lexicon, normal_name
from newskg.model import Article, Mention, Sentence
from newskg.names import _guess_kind, _initial_before_name, _is_initial, _same_person, _spelt_out, first_name_gender, name_key, slug

__all__ = ["ORG_KINDS", "ArticleMentions", "PersonInfo", "after_preposition", "find_mentions", "first_name_gender",
           "name_key", "slug", "split_sentences"]

#: Zipf frequency from which a capitalised word may be a word of a portfolio ("Culture, Sport and Tourism").
PORTFOLIO_WORD_ZIPF = 3.5

ORG_KINDS = {"Organization", "SpaceAgency", "StateCorporation", "Company", "GovernmentBody",
             "ResearchInstitute", "InternationalOrganization", "Programme", "Country"}

# a capitalised word in any script's letters ("Wörner", "O'Hara", "Kaysser-Pyzalla")
_CAP_WORD = r"(?:[A-ZÀ-ÖØ-Þ][^\W\d_'’]*(?:['’][^\W\d_]+)*(?:-[A-ZÀ-ÖØ-Þ]?[^\W\d_]+)*\.?)"
_NAME_PARTICLE = r"(?:van|von|der|den|de|da|di|del|la|le|bin|al|ter|dos|du)"
NAME_RE = re.compile(
    rf"(?<![\w'’-])(?:{_CAP_WORD})(?:\s+(?:{_NAME_PARTICLE}\s+)*{_CAP_WORD})*(?![\w-])"
)


DATELINE = re.compile(r"^[A-Z][A-Za-z.'’/ -]{1,40}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?,\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2})(?:\s*\([^)]{0,60}\))?\s*(?:[-–—]|\.|\s)")

# an organization's name may join capitalised words with "and", "of", "for" ("National Oceanic and
# Atmospheric Administration"); it must still end in an organization noun to count (see _orgs)
ORG_NAME_RE = re.compile(
    rf"(?<![\w'’-])(?:{_CAP_WORD})(?:\s+(?:(?:and|&|of|for|de)\s+)?{_CAP_WORD})*(?![\w-])"
)


@lru_cache(maxsize=1)
def _nlp():  # type: ignore[no-untyped-def]
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


# a numbered item's marker is no sentence end: "1." alone, or after a colon or semicolon ("entities: 1. X; 2. Y")
_LIST_MARKER_END = re.compile(r"(?:^|[:;]\s*)(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]$")


def split_sentences(article: Article) -> list[Sentence]:
    """Sentences with offsets into ``article.text``; every line is split on its own."""
    nlp = _nlp()
    sentences: list[Sentence] = []
    offset = 0
    for line in article.text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            doc = nlp(stripped)
            carry: int | None = None  # the start of a sentence that ended in a list marker ("... entities: 1.")
            for sent in doc.sents:
                if not sent.text.strip():
                    continue
                begin = sent.start_char if carry is None else carry
                text = stripped[begin:sent.end_char].strip()
                if _LIST_MARKER_END.search(text) and sent.end_char < len(stripped):
                    carry = begin
                    continue
                carry = None
                start = offset + lead + begin
                sentences.append(Sentence(article.id, len(sentences), start, start + len(text), text))
        offset += len(line) + 1
    return sentences


@dataclass
class PersonInfo:
    key: str
    names: set[str] = field(default_factory=set)
    gender: str | None = None

    @property
    def surname(self) -> str:
        return sorted(self.names, key=len)[-1].split()[-1]


@dataclass
class ArticleMentions:
    """The mentions of one article, per sentence, with the article-local entities they name."""

    article: Article
    sentences: list[Sentence]
    mentions: list[list[Mention]]
    persons: dict[str, PersonInfo]
    orgs: dict[str, tuple[str, str, set[str]]]  # key -> (kind, label, names)


@dataclass
class _Tables:
    """Regular expressions built once per lexicon (compiling them per article would dominate the time)."""

    role_regex: re.Pattern[str]
    demonym_regex: re.Pattern[str]
    demonym_keys: dict[str, str]
    country_words: dict[str, str]
    country_description: re.Pattern[str]
    description: re.Pattern[str] = re.compile(r"(?!x)x")
    person_verb_after: re.Pattern[str] = re.compile(r"(?!x)x")
    person_object_before: re.Pattern[str] = re.compile(r"(?!x)x")
    one_word_names: dict[str, list[KnownEntity]] = field(default_factory=dict)
    title_or_word_before: re.Pattern[str] = re.compile(r"(?!x)x")
    title_before: re.Pattern[str] = re.compile(r"(?!x)x")
    cue_noun_name: re.Pattern[str] = re.compile(r"(?!x)x")
    org_prefix: re.Pattern[str] = re.compile(r"(?!x)x")
    of_part: re.Pattern[str] = re.compile(r"(?!x)x")
    of_or_on_part: re.Pattern[str] = re.compile(r"(?!x)x")


def _alt(words: list[str]) -> str:
    """An alternation of words or phrases, longest first, spaces matching any white space."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)) or "(?!x)x"


_TABLES: weakref.WeakKeyDictionary[Lexicon, _Tables] = weakref.WeakKeyDictionary()


def _tables(lex: Lexicon) -> _Tables:
    if lex in _TABLES:
        return _TABLES[lex]
    nouns = sorted(lex.roles, key=len, reverse=True)
    quals = sorted(lex.words("post_qualifiers") + lex.words("role_modifiers"), key=len, reverse=True)
    noun_alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in nouns)
    qual_alt = "|".join(re.escape(q) for q in quals)
    role_regex = re.compile(
        rf"(?<![\w-])(?:(?:{qual_alt})[\s-]+)*(?:{noun_alt})(?:s)?(?![\w-])"
        rf"(?:(?:'s|’s)\s+(?:(?:{qual_alt})\s+)*(?:{noun_alt}))?",
        re.IGNORECASE,
    )
    demonym_keys: dict[str, str] = {}
    country_words: dict[str, str] = {}
    for entity in lex.entities.values():
        for word in entity.demonyms:
            demonym_keys.setdefault(word, entity.key)
        for word in entity.capitals:
            demonym_keys.setdefault(word, entity.key + "#capital")
        if entity.kind == "Country":
            for word in (entity.label, *entity.aliases, *entity.demonyms):
                country_words.setdefault(word, entity.key)
    demonym_alt = "|".join(re.escape(w) for w in sorted(demonym_keys, key=len, reverse=True))
    country_alt = "|".join(re.escape(w) for w in sorted(country_words, key=len, reverse=True))
    tables = _Tables(
        role_regex=role_regex,
        demonym_regex=re.compile(rf"(?<![\w-])(?:{demonym_alt})(?![\w-])"),
        demonym_keys=demonym_keys,
        country_words=country_words,
        country_description=re.compile(
            rf"\b(?:the\s+)?(?P<country>{country_alt})(?:['’]s)?\s+(?P<noun>(?i:{_alt(lex.words('country_description_nouns'))}))\b"
        ),
    )
    tables.description = re.compile(
        r"\b(?:(?:[Tt]he|[Ii]ts|[Tt]heir|[Tt]his)\s+(?:(?P<adj>[A-Z][a-z]+)\s+)?|(?P<poss>[A-Z][a-z]+)['’]s\s+)"
        rf"(?P<noun>{_alt(lex.words('description_nouns'))})\b")
    # the known entities with a one-word name of six letters or more, by first letter (for typos)
    for entity in lex.entities.values():
        for initial in {a[0] for a in (entity.label, *entity.aliases) if " " not in a and len(a) >= 6}:
            tables.one_word_names.setdefault(initial, []).append(entity)
    titles = "|".join(re.escape(t) for t in lex.words("person_titles"))
    tables.title_or_word_before = re.compile(r"(?:\b(?:" + titles + r")|\S)\s*$")
    tables.title_before = re.compile(r"(?:^|\s)(?:" + titles + r")\s*$")
    tables.cue_noun_name = re.compile(rf"\b(?:{'|'.join(lex.words('org_cue_nouns'))})\s+({_CAP_WORD}(?:\s+{_CAP_WORD})?)")
    tables.org_prefix = re.compile(rf"(?:{'|'.join(lex.words('org_prefixes'))})\b")
    tail = r"\s+(?:the\s+)?((?:[A-Z][\w'-]*)(?:\s+(?:and\s+)?[A-Z][\w'-]*)*)"
    tables.of_part = re.compile(r"\s+(?:of|for)" + tail)
    tables.of_or_on_part = re.compile(r"\s+(?:of|for|on)" + tail)
    # "Seo-jun Jung was appointed ...", "Ines Phillips had replaced ...": verbs said of people
    tables.person_verb_after = re.compile(
        rf"\s+(?:(?:was|has been|had been|is|will be)\s+(?:{_alt(lex.words('person_passive_verbs'))})"
        rf"|(?:had\s+|has\s+)?(?:{_alt(lex.words('person_active_verbs'))}))\b")
    # "... had replaced Kwame Rousseau as": the object of a verb of succession is a person
    tables.person_object_before = re.compile(rf"\b(?:{_alt(lex.words('person_object_cues'))}),?\s+$")
    _TABLES[lex] = tables
    return tables


class _Finder:
    def __init__(self, article: Article, lexicon: Lexicon):
        self.article = article
        self.lex = lexicon
        self.persons: dict[str, PersonInfo] = {}
        self.orgs: dict[str, tuple[str, str, set[str]]] = {}
        self.local_aliases: dict[str, str] = {}  # acronym or name -> org key defined in this article
        self.tables = _tables(lexicon)
        self.role_re = self.tables.role_regex
        self.function_words = set(lexicon.words("function_words"))
        self.not_names = set(lexicon.words("not_names")) | self.function_words
        self.org_heads = set(lexicon.words("org_head_nouns"))
        self.weak_heads = set(lexicon.words("weak_org_head_nouns"))
        self.descriptor_suffixes = set(lexicon.words("descriptor_suffixes"))
        self.unit_heads = set(lexicon.words("org_unit_heads"))
        self.auxiliaries = set(lexicon.words("auxiliary_verbs"))
        verbs = "|".join(re.escape(v) for v in lexicon.words("appointment_verbs")) or "(?!x)x"
        self.appointment_before = re.compile(rf"\b(?:{verbs})\s+$")
        self.heads_taking_on = set(lexicon.words("org_heads_taking_on"))
        self.place_after_heads = set(lexicon.words("org_heads_before_place"))
        self.titles = set(lexicon.words("person_titles"))
        self.speech = set(lexicon.words("speech_verbs"))
        self.country_words = self.tables.country_words
        self.country_description = self.tables.country_description

    # --------------------------------------------------------------- entities
    def org_key(self, name: str, kind: str) -> str:
        key = self.local_aliases.get(name) or self.lex.by_name.get(name.lower()) or self._variant_of(name) or f"org/{slug(name)}"
        known = self.lex.entities.get(key)
        label = known.label if known else name
        entry = self.orgs.setdefault(key, (known.kind if known else kind, label, set()))
        entry[2].add(name)
        return key

    def org_base(self, name: str) -> tuple[str, str | None]:
        """An organization's name without the country around it, and that country: "Russian State
        Duma", "Russia's State Duma" and "State Duma of Russia" are all "State Duma" of Russia."""
        words = name.split()
        country: str | None = None
        if words and words[0].lower() == "the":
            words = words[1:]
        if len(words) >= 2:
            first = re.sub(r"['’]s$", "", words[0])
            country = self.country_words.get(first) or self.tables.demonym_keys.get(words[0])
            if country:
                words = words[1:]
        text = " ".join(words)
        tail = re.search(r"\s+of\s+(?:the\s+)?(.+)$", text)
        if tail and tail.group(1) in self.country_words:
            country = country or self.country_words[tail.group(1)]
            text = text[: tail.start()]
        if not re.search(r"[A-Z]", text):
            return name, None
        return text, (country.split("#")[0] if country else None)

    def _variant_of(self, name: str) -> str | None:
        """The key of an organization this article named already, of which ``name`` is a variant:
        the same name with or without its country ("Russian State Duma" / "State Duma"), or its
        last words when they are distinctive ("Russian Duma" for the State Duma)."""
        base, country = self.org_base(name)
        if base != name and self.lex.by_name.get(base.lower()):
            known = self.lex.entities.get(self.lex.by_name[base.lower()])
            if known and (country is None or known.country in (None, country)):
                return known.key
        words = base.split()
        for key, (_, label, names) in self.orgs.items():
            if key in self.lex.entities:
                continue
            for other in names | {label}:
                other_base, other_country = self.org_base(other)
                if country and other_country and country != other_country:
                    continue
                other_words = other_base.split()
                short, long_ = sorted((words, other_words), key=len)
                distinctive = any(not is_common_word(w) and w not in self.tables.demonym_keys for w in short)
                # the same name with the article's country or without any ("Russian Grand Assembly" /
                # "Grand Assembly"), or the same distinctive name
                if other_words == words and (distinctive or country is None or other_country is None or country == other_country):
                    return key
                if short and long_[len(long_) - len(short):] == short and distinctive:
                    return key
        return None

    def _settle_person_org_clashes(self, resolved: list[list[Mention]]) -> list[list[Mention]]:
        """A name is never both a person and an organization: a "person" whose name this article
        also uses for an organization (by reference data or by its form) is that organization."""
        org_names: dict[str, str] = {}
        for key, (_, label, names) in self.orgs.items():
            for name in names | {label}:
                org_names.setdefault(name, key)
        out = []
        for mentions in resolved:
            fixed = []
            for m in mentions:
                org = org_names.get(m.text) if m.kind == "Person" else None
                if org:
                    info = self.persons.get(m.ref or "")
                    if info and m.text in info.names:
                        info.names.discard(m.text)
                    m = Mention(self.orgs[org][0], m.text, m.start, m.end, m.sentence, org)
                fixed.append(m)
            out.append(fixed)
        for key in [k for k, info in self.persons.items() if not info.names]:
            del self.persons[key]
        live = {m.ref for ms in out for m in ms if m.kind == "Person"}
        for key in [k for k in self.persons if k not in live]:
            del self.persons[key]
        return out

    def find(self, sentences: list[Sentence]) -> list[list[Mention]]:
        raw: list[list[Mention]] = []
        last_date: str | None = None
        for sentence in sentences:
            found = self._orgs(sentence)
            found += self._dates(sentence, found, last_date)
            dated = [m.ref for m in found if m.kind == "Date" and m.ref]
            if dated:
                last_date = dated[-1]
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

    def _span(self, sentence: Sentence, start: int, end: int) -> tuple[int, int]:
        return sentence.start + start, sentence.start + end

    def _free(self, taken: list[Mention], sentence: Sentence, start: int, end: int) -> bool:
        a, b = self._span(sentence, start, end)
        return all(not (a < m.end and m.start < b) for m in taken)

    def _orgs(self, sentence: Sentence) -> list[Mention]:
        # quotes are blanked (same length) so '"Progress" Rocket Space Center' matches its name
        text = re.sub(r"[\"“”«»]", " ", sentence.text)
        found: list[Mention] = []

        def add_name(kind: str, start: int, end: int, name: str, guessed: str) -> None:
            """A name found by its shape: registered as an organization only if nothing else took its words."""
            if text[start:end].endswith(".") and not re.search(r"(?:\b[A-Z]|Inc|Ltd|Corp|Co|Jr|Sr|St)\.$", text[start:end]):
                end -= 1
            if self._free(found, sentence, start, end):
                add(kind, start, end, self.org_key(sentence.text[start:end], guessed))

        def add(kind: str, start: int, end: int, ref: str) -> None:
            # a sentence's full stop is not part of a name ("... the Portuguese Space Agency.")
            if text[start:end].endswith(".") and not re.search(r"(?:\b[A-Z]|Inc|Ltd|Corp|Co|Jr|Sr|St)\.$", text[start:end]):
                end -= 1
            if self._free(found, sentence, start, end):
                a, b = self._span(sentence, start, end)
                found.append(Mention(kind, sentence.text[start:end], a, b, sentence.index, ref))

        for match in self.country_description.finditer(text):
            country = self.country_words.get(match.group("country"))
            entity = self.lex.by_country_description(country, " ".join(match.group("noun").lower().split())) if country else None
            if entity:
                self.org_key(entity.label, entity.kind)
                add(entity.kind, match.start(), match.end(), entity.key)
        for name, key in sorted(self.local_aliases.items(), key=lambda p: -len(p[0])):
            for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                add(self.orgs[key][0], match.start(), match.end(), key)
        for pattern, exact in ((self.lex.names_any_case, False), (self.lex.names_exact_case, True)):
            for match in pattern.finditer(text):
                key = self.lex.key_by_name[normal_name(match.group(0), exact)]
                entity = self.lex.entities[key]
                if self._free(found, sentence, match.start(), match.end()):
                    self.org_key(entity.label, entity.kind)
                    surface = " ".join(sentence.text[match.start():match.end()].split())
                    if not surface.lower().startswith("the "):
                        self.orgs[key][2].add(surface)  # the name as written is an alias ("Roskosmos")
                add(entity.kind, match.start(), match.end(), key)
        # names that end in an organization noun, or follow an organization prefix or cue noun
        for piece_start, piece_end in self._org_name_pieces(text):
            words = text[piece_start:piece_end].split()
            while words and (words[0] in self.function_words or self._descriptor(words[0])):  # "The", "In", "London-based"
                words = words[1:]
            # "Shares of Aurora Orbital Inc.", "Director of Tarvik Aerospace": ordinary words before "of"
            # with no organization noun among them are no part of the name
            if "of" in words[1:]:
                lead = words[: words.index("of")]
                if all(is_common_word(w) and w not in self.org_heads for w in lead):
                    words = words[len(lead) + 1:]
            if not words:
                continue
            possessive = re.search(r"['’]s?$", words[-1])  # "the European Southern Observatory's council"
            if possessive and len(words[-1]) > len(possessive.group(0)):
                piece_end -= len(possessive.group(0))
                words[-1] = words[-1][: -len(possessive.group(0))]
            name = " ".join(words)
            start = piece_end - len(name)
            tail = text[piece_end:]
            # "Aegean Institute of Space Medicine": an organization noun, then "of"/"for" and more name
            heads = [i for i, w in enumerate(words) if w.rstrip(".") in self.org_heads]
            # "Department of State", "Office of Foreign Assets Control", "US Department of Transportation":
            # the organization noun may open the name; a country inside it is part of the name
            if any(i < len(words) - 1 and words[i + 1] in ("of", "for") and (i > 0 or words[0] not in self.weak_heads)
                   for i in heads):
                self._drop_places_inside(found, sentence, start, piece_end)
                # "Department for Business, Innovation and Skills": a portfolio list of ordinary words
                more = re.match(r"(?:,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)*,?\s+and\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?", text[piece_end:])
                if more and all(is_common_word(w, PORTFOLIO_WORD_ZIPF) for w in re.findall(r"[A-Z][a-z]+", more.group(0))) \
                        and self._free(found, sentence, start, piece_end + more.end()):
                    piece_end += more.end()
                    name = text[start:piece_end]
                add_name("Organization", start, piece_end, name, _guess_kind(name))
                continue
            # "Ruhr University Bochum": a university noun may be followed by the name of its town
            if (len(words) >= 2 and words[-2] in self.place_after_heads and words[-1] not in self.org_heads
                    and not is_common_word(words[-1]) and first_name_gender(words[-1]) is None):
                add_name("Organization", start, piece_end, name, _guess_kind(name))
                continue
            of_part = (self.tables.of_or_on_part if words[-1] in self.heads_taking_on else self.tables.of_part).match(tail)
            if words[-1].rstrip(".") in self.org_heads and len(words) >= 2:
                # "Luxembourg Space Agency": a longer organization name wins over the country inside it
                inside = [m for m in found if m.start >= sentence.start + start and m.end <= sentence.start + piece_end]
                if inside and " and " not in name and all(m.kind in ("Country", "Demonym", "Capital") for m in inside):
                    for m in inside:
                        found.remove(m)
                # "Senate Foreign Relations Committee": a committee named after the body it belongs to
                elif words[-1] in self.unit_heads:
                    owners = [m for m in found if m.start <= sentence.start + start < m.end <= sentence.start + piece_end]
                    if len(owners) == 1 and len(text[owners[0].end - sentence.start:piece_end].split()) >= 2:
                        found.remove(owners[0])
            if of_part and words[-1].rstrip(".") in self.org_heads:  # "US Department of Transportation"
                self._drop_places_inside(found, sentence, start, piece_end + of_part.end())
            if words[-1].rstrip(".") in self.org_heads and len(words) >= 2:
                end = piece_end
                if of_part:
                    end = piece_end + of_part.end()
                full = text[start:end]
                add_name("Organization", start, end, full, _guess_kind(full))
            elif of_part and words[-1].rstrip(".") in self.org_heads:
                end = piece_end + of_part.end()
                full = text[start:end]
                add_name("Organization", start, end, full, _guess_kind(full))
            elif self.tables.org_prefix.match(name) and len(words) >= 2:
                add_name("Company", start, start + len(name), name, "Company")
        for match in self.tables.cue_noun_name.finditer(text):
            name = match.group(1)
            if name.split()[0] not in self.not_names:
                add_name("Organization", match.start(1), match.end(1), name, "Company")
        # "German Aerospace Center (DLR)": the acronym becomes an alias of the name before it
        for match in re.finditer(r"\(([A-Z][A-Za-z]{1,7})\)", text):
            before = [m for m in found if m.end == sentence.start + match.start() - 1 or m.end == sentence.start + match.start()]
            acronym = match.group(1)
            spelt = None if before else _spelt_out(text[:match.start()], acronym)
            if spelt is not None and self._free(found, sentence, spelt, match.start() - 1):
                # "Joint Planning Office (JPO)": a name the acronym spells is an organization's name
                name = text[spelt:match.start()].rstrip()
                add_name("Organization", spelt, spelt + len(name), name, _guess_kind(name) if self._has_head(name) else "Organization")
                before = [m for m in found if m.start == sentence.start + spelt]
            if before and before[-1].kind in ORG_KINDS and before[-1].ref:
                # "Catalan Space Administration (CSA)": here CSA is not the Canadian Space Agency
                clash = [m for m in found if m.start == sentence.start + match.start(1) and m.ref != before[-1].ref]
                for m in clash:
                    found.remove(m)
                self.local_aliases[match.group(1)] = before[-1].ref
                known = self.lex.entities.get(before[-1].ref)
                self.org_key(known.label if known else before[-1].text, before[-1].kind)
                self.local_aliases.setdefault(acronym, before[-1].ref)
                self.orgs[before[-1].ref or ""][2].add(acronym)
                add(before[-1].kind, match.start(1), match.end(1), before[-1].ref or "")
        # typos of known one-word names ("Roscomos")
        for match in re.finditer(r"(?<![\w-])[A-Z][a-z]{5,}(?![\w-])", text):
            word = match.group(0)
            if not self._free(found, sentence, match.start(), match.end()) or word in self.not_names:
                continue
            for entity in self.tables.one_word_names.get(word[0], []):
                if any(" " not in alias and len(alias) >= 6 and alias[0] == word[0]
                       and fuzz.ratio(alias, word) >= 88 for alias in (entity.label, *entity.aliases)):
                    self.org_key(entity.label, entity.kind)
                    self.orgs[entity.key][2].add(word)
                    add(entity.kind, match.start(), match.end(), entity.key)
                    break
        # "Exolaunch said on Friday it had stopped ...", "Momentus suspended its agreement": a name
        # that "it"/"its" takes up is an organization (people are "he"/"she"); later mentions follow
        for match in re.finditer(rf"(?<![\w'’-])({_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}})\s+(?:(?:said|says|announced|confirmed|added|stated)"
                                 rf"(?:\s+on\s+\w+)?(?:\s+that)?\s+it\b|(?:has\s+|had\s+)?[a-z]{{3,}}ed\s+its\b)", text):
            name = match.group(1).rstrip(".")
            words = name.split()
            if (words[0] in self.not_names or words[0] in self.titles or first_name_gender(words[0]) is not None
                    or name in self.country_words or name in self.tables.demonym_keys or not self._free(found, sentence, match.start(1), match.start(1) + len(name))):
                continue
            add_name("Organization", match.start(1), match.start(1) + len(name), name, "Company")
            if found and found[-1].text == name and found[-1].ref:
                self.local_aliases.setdefault(name, found[-1].ref)
        for match in self.tables.demonym_regex.finditer(text):
            key = self.tables.demonym_keys[match.group(0)]
            if key.endswith("#capital"):
                if self._in_person_name(text, match.start(), match.end()):
                    continue  # "Ana Lima", "Sofia Petrova": a city's name inside a person's name
                add("Capital", match.start(), match.end(), key.split("#")[0])
            else:
                add("Demonym", match.start(), match.end(), key)
        return found

    def _in_person_name(self, text: str, start: int, end: int) -> bool:
        """True when the word at ``start:end`` is part of a person's name: it follows a given name,
        or is a given name itself followed by a capitalised word that is no ordinary word."""
        before = re.search(r"([A-Z][^\W\d_]+)\s+$", text[:start])
        if before and first_name_gender(before.group(1)) is not None and before.group(1) not in self.not_names:
            return True
        after = re.match(r"\s+([A-Z][^\W\d_]+)", text[end:])
        return bool(after and first_name_gender(text[start:end]) is not None and not is_common_word(after.group(1))
                    and after.group(1) not in self.org_heads and after.group(1).lower() not in self.lex.roles)

    def _has_head(self, name: str) -> bool:
        return any(w.rstrip(".") in self.org_heads for w in name.split())

    def _drop_places_inside(self, found: list[Mention], sentence: Sentence, start: int, end: int) -> None:
        """Forget the countries, demonyms and capitals found inside an organization's name."""
        a, b = self._span(sentence, start, end)
        for m in [m for m in found if m.start >= a and m.end <= b and m.kind in ("Country", "Demonym", "Capital")]:
            found.remove(m)

    def _org_name_pieces(self, text: str) -> list[tuple[int, int]]:
        """Spans of capitalised name sequences, cut at "and" after an organization noun:
        "Kelnova Aerospace Group and Arikos Launch Systems" is two names, "National Oceanic
        and Atmospheric Administration" one."""
        pieces = []
        for match in ORG_NAME_RE.finditer(text):
            start = match.start()
            for joint in re.finditer(r"\s+(?:and|&)\s+|\s+(?=[A-Z])", match.group(0)):
                left = match.group(0)[: joint.start()].split()[-1].rstrip(".")
                right = match.group(0)[joint.end():].split()[0] if match.group(0)[joint.end():].split() else ""
                is_and = joint.group(0).strip() in ("and", "&")
                # "... Group and Arikos Launch Systems", "... Corporation Dmitry Rogozin"; but "Institute of
                # Space and Astronautical Science" is one name: an "and" inside an "of" phrase joins its list
                inside_of = bool(re.search(r"\s(?:of|for)\s", text[start:match.start() + joint.start()]))
                if left in self.org_heads and ((is_and and not inside_of) or first_name_gender(right) is not None):
                    pieces.append((start, match.start() + joint.start()))
                    start = match.start() + joint.end()
                # "Cabinet Office's Committee ...", "Russia's Wagner Group": a possessive ends a name
                elif not is_and and re.search(r"\w['’]s$", match.group(0)[:joint.start()]):
                    pieces.append((start, match.start() + joint.start()))
                    start = match.start() + joint.end()
            pieces.append((start, match.end()))
        return pieces

    def _dates(self, sentence: Sentence, taken: list[Mention], anchor: str | None) -> list[Mention]:
        out = []
        # a dateline ("PARIS, July 13 (Reuters) -") dates the report, not what the sentence says
        dateline = DATELINE.match(sentence.text)
        for date in find_dates(sentence.text, self.article.published, anchor):
            if dateline and date.end <= dateline.end():
                continue
            if self._free(taken, sentence, date.start, date.end) and date.iso:
                a, b = self._span(sentence, date.start, date.end)
                out.append(Mention("Date", date.text, a, b, sentence.index, date.iso))
        text = sentence.text
        for match in re.finditer(r"\b(?:on|by) that day\b|\bthat same day\b|\bthe same day\b", text, re.IGNORECASE):
            if anchor and self._free(taken + out, sentence, match.start(), match.end()):
                a, b = self._span(sentence, match.start(), match.end())
                out.append(Mention("Date", match.group(0), a, b, sentence.index, anchor))
        return out

    def _roles(self, sentence: Sentence, taken: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        text = sentence.text
        for match in self.role_re.finditer(text):
            start, end = match.span()
            if not self._free(taken + out, sentence, start, end) or match.group(0).lower() in ("heads", "chairs", "leads"):
                continue
            # portfolio: "minister of innovation, science and industry", "commissioner responsible for space"
            portfolio = self._portfolio(sentence, taken, end)
            if portfolio:
                end = portfolio
            # "Foreign Affairs Minister", "Industry Minister", "Research minister": a portfolio written before
            lead = re.search(r"((?:[A-Z][a-z]+\s+){1,3})$", text[:start])
            if lead and re.search(r"(?i)minister|secretary|commissioner", text[start:end]):
                words = lead.group(1).split()
                while words and (words[0] in self.not_names or first_name_gender(words[0]) is not None):
                    words = words[1:]
                if words:
                    new_start = start - len(" ".join(words)) - 1
                    if self._free(taken + out, sentence, new_start, start):
                        start = new_start
            a, b = self._span(sentence, start, end)
            out.append(Mention("Role", text[start:end], a, b, sentence.index, None))
        return out

    STOP_WORDS = {"at", "in", "with", "who", "which", "said", "says", "since", "from", "until", "on", "has", "had", "was",
                  "is", "would", "will", "to", "passed", "went", "chose", "added", "told", "and", "the", "a", "an", "as",
                  "when", "after", "before", "under", "by", "that", "than", "its", "his", "her", "their"}

    def _portfolio(self, sentence: Sentence, taken: list[Mention], end: int) -> int | None:
        """The end of a role's portfolio ("minister of innovation, science and industry"), or None.

        A title written in capitals ("Minister of Education, Culture, Sports, Science and
        Technology") has a capitalised portfolio; it ends after the last "and X" of its list
        or before a first name.
        """
        text = sentence.text
        title_case = text[:end].split()[-1][:1].isupper() if text[:end].split() else False
        lead = re.match(r"\s+(responsible\s+for|for|of|overseeing|in\s+charge\s+of)\s+(?:the\s+)?", text[end:])
        if not lead:
            return None
        position = end + lead.end()
        limit = sentence.start + position
        if any(m.start >= limit and m.start < limit + 3 for m in taken):
            return None  # "president of Roscosmos": an organization, not a portfolio
        words: list[tuple[int, int]] = []
        for match in re.finditer(r"[A-Za-z][\w-]*|,\s*|\S", text[position:]):
            token = match.group(0).strip()
            a, b = position + match.start(), position + match.end()
            if not self._free(taken, sentence, a, b):
                break
            if token == ",":
                rest = text[b:]
                if re.match(r"\s*[a-z]+(?:,\s*[a-z]+)*,?\s+and\s+[a-z]+", rest, 0 if not title_case else re.IGNORECASE):
                    continue
                break
            if not re.fullmatch(r"[A-Za-z][\w-]*", token):
                break
            lowered = token.lower()
            if lowered in self.STOP_WORDS and not (lowered == "and" and words):
                break
            if token[0].isupper() and token not in ("Earth",):
                if not title_case or first_name_gender(token) is not None or token in self.not_names:
                    break
            if words and text[words[-1][0]:words[-1][1]].lower() == "and" and len(words) >= 2 and title_case and token[0].isupper():
                words.append((a, b))
                break  # "... Science and Technology": the list ends here
            words.append((a, b))
            if len(words) >= 8:
                break
        while words and text[words[-1][0]:words[-1][1]].lower() in ("and", "of", "for"):
            words.pop()
        if not words or text[words[0][0]:words[0][1]].lower() in ("agency", "corporation", "company", "board", "council", "government", "country", "state", "station"):
            return None
        return words[-1][1]

    def _people(self, sentence: Sentence, taken: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        text = sentence.text
        for match in NAME_RE.finditer(text):
            words = match.group(0).split()
            start = match.start()
            titled = False  # "Honourable Member Abena Owusu": a title announces the name after the words it leads
            # drop leading tokens that cannot start a name ("The", a title) or that
            # belong to an organization or role already found ("NASA Administrator Nelson")
            while words and ((words[0].rstrip(".") in self.not_names and not _initial_before_name(words))
                             or words[0] in self.titles
                             or not self._free(taken + out, sentence, start, start + len(words[0]))
                             or (len(words) > 1 and self._ordinary_lead(words[0], text[:start]))
                             or self._descriptor(words[0])):
                titled = titled or words[0] in self.titles or words[0].rstrip(".") in self.titles
                start = text.index(words[1], start + len(words[0])) if len(words) > 1 else match.end()
                words = words[1:]
            # a possessive ends the name: "Elon Musk's SpaceX"
            for i, word in enumerate(words):
                if re.search(r"['’]s?$", word) and not re.fullmatch(r"[A-Z]['’][A-Z]\w+", word):
                    words = words[: i + 1]
                    words[-1] = re.sub(r"['’]s?$", "", words[-1])
                    break
            if not words:
                continue
            # "Former NASA Administrator Sean O'Keefe": keep the free words after the last taken one
            while len(words) > 1 and not self._free(taken + out, sentence, start, start + len(" ".join(words))):
                start = text.index(words[1], start + len(words[0]))
                words = words[1:]
            if words and words[-1].endswith(".") and len(words[-1]) > 2:
                words[-1] = words[-1][:-1]
            name = " ".join(words)
            end = start + len(name)
            if not self._free(taken + out, sentence, start, end):
                # a name may stand right after an organization or role ("Roscosmos Director General Dmitry Rogozin")
                continue
            if any(w.rstrip(".") in self.org_heads for w in words) or any(w.rstrip(".") in self.not_names for w in words[1:]
                                                                         if not _is_initial(w)):
                continue
            # "K. Sivan", "A. S. Kiran Kumar": initials stand for given names (not an acronym like "NASA")
            initials = _initial_before_name(words) and not words[-1].isupper()
            if any(ch.isdigit() for ch in name) or (words[0].isupper() and not initials):
                continue
            before = text[:start]
            after = text[end:]
            # "Johann-Dietrich Wörner": a hyphenated given name is known by its first part
            has_first = len(words) >= 2 and len(words[0]) > 1 and (
                first_name_gender(words[0]) is not None or first_name_gender(words[0].split("-")[0]) is not None)
            cue_before = bool(self.tables.title_or_word_before.search(before)) and any(
                m.end == sentence.start + len(before.rstrip()) and m.kind == "Role" for m in taken + out
            )
            title_before = bool(self.tables.title_before.search(before))
            appositive = re.match(r",\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){0,4}?", after)
            role_next = any(m.kind == "Role" and m.start - (sentence.start + end) <= 40 and m.start > sentence.start + end
                            and re.fullmatch(r",\s+(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){0,4}", text[end:m.start - sentence.start])
                            # "Swindon, has picked its next chief executive": a verb makes it a clause, not an appositive
                            and not set(text[end:m.start - sentence.start].lower().split()) & self.auxiliaries
                            for m in taken + out)
            cue_after = bool(appositive) and (role_next or bool(re.match(r",\s+(?:\d{2},|who\s+(?:heads|leads|led|was|is|had|has|chairs|runs))", after)))
            # "Seo-jun Jung was appointed ...", "Ines Phillips had replaced ...": verbs said of people
            cue_after = cue_after or bool(self.tables.person_verb_after.match(after))
            # "Emeka Fischer became director-general of ...": a copula followed by a role
            copula = re.match(r"\s+(?:became|becomes|is|was|has been|had been|remains|served as|serves as)\s+(?:the\s+|a\s+|an\s+)?(?:new\s+)?", after)
            if copula:
                cue_after = cue_after or any(m.kind == "Role" and m.start == sentence.start + end + copula.end() for m in taken + out)
            # "... had replaced Kwame Rousseau as": the object of a verb of succession is a person
            cue_before = cue_before or bool(self.tables.person_object_before.search(before))
            # "... named Kwame Mensah as its envoy": the object of a verb of appointment, before "as"/"to"
            cue_before = cue_before or (bool(self.appointment_before.search(before)) and bool(re.match(r"\s+(?:as|to)\b", after)))
            title_before = title_before or (titled and len(words) >= 2)
            if not (has_first or initials or cue_before or title_before or (cue_after and len(words) <= 3)):
                continue
            # "Policy", "Conference": one ordinary English word is no name unless a title announces it
            if len(words) == 1 and is_common_word(words[0]) and not title_before:
                continue
            if len(words) > 4:
                continue
            key = self._person(name)
            a, b = self._span(sentence, start, end)
            out.append(Mention("Person", name, a, b, sentence.index, key))
        return out

    def _descriptor(self, word: str) -> bool:
        """"London-based", "NASA-led", "state-owned": a compound adjective, no part of a name."""
        parts = word.rstrip(".").split("-")
        return len(parts) >= 2 and parts[-1].lower() in self.descriptor_suffixes

    def _ordinary_lead(self, word: str, before: str) -> bool:
        """True when ``word``, leading a capitalised sequence, is an ordinary word and not the
        start of a name: "Previously", "Unlike", "Financial" (of "Chief Financial Officer"),
        "Materials"; at the start of a sentence even a word that is also a first name ("Will")."""
        if _is_initial(word) or not is_common_word(word):
            return False
        if first_name_gender(word.rstrip(".")) in (None, "any"):  # "Red" (of "Red Planet") is a name of either sex
            return True
        sentence_start = not before.strip(" \"“‘'(-–—•*")
        return sentence_start and is_common_word(word, VERY_COMMON_WORD_ZIPF)

    def _person(self, name: str) -> str:
        """The article-local key of a person, merging a surname or a variant with a fuller name."""
        words = name.split()
        for info in self.persons.values():
            if name in info.names or _same_person(name, info.names):
                info.names.add(name)
                if len(words) >= 2 and info.gender is None:
                    info.gender = first_name_gender(words[0])
                return info.key
        key = f"person/{slug(name)}"
        gender = first_name_gender(words[0]) if len(words) >= 2 else None
        self.persons[key] = PersonInfo(key, {name}, gender)
        return key

    def _known_surnames(self, sentence: Sentence, taken: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        text = sentence.text
        for info in self.persons.values():
            for name in sorted(info.names, key=len, reverse=True):
                candidates = {name, name.split()[-1]}
                for candidate in candidates:
                    for match in re.finditer(rf"(?<![\w-]){re.escape(candidate)}(?![\w-])", text):
                        if self._free(taken + out, sentence, match.start(), match.end()):
                            a, b = self._span(sentence, match.start(), match.end())
                            out.append(Mention("Person", candidate, a, b, sentence.index, info.key))
        # a misspelt surname of someone named earlier ("Bridenstein" for "Bridenstine")
        surnames = {info.surname: info for info in self.persons.values()}
        for match in re.finditer(r"(?<![\w-])[A-ZÀ-ÖØ-Þ][^\W\d_A-Z]{4,}(?=['’]s\b|(?![\w-]))", text):
            word = match.group(0)
            if word in self.not_names or not self._free(taken + out, sentence, match.start(), match.end()):
                continue
            best = max(surnames, key=lambda s: fuzz.ratio(name_key(s), name_key(word)), default=None)
            if best and len(best) >= 5 and fuzz.ratio(name_key(best), name_key(word)) >= 85:
                a, b = self._span(sentence, match.start(), match.end())
                surnames[best].names.add(word)
                out.append(Mention("Person", word, a, b, sentence.index, surnames[best].key))
        return out

    def _after_preposition(self, mention: Mention) -> bool:
        """True when the word before ``mention`` (past a determiner) is a preposition."""
        return after_preposition(self.article.text[max(0, mention.start - 40):mention.start])

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
            noun = match.group("noun")
            country_word = match.group("adj") or match.group("poss")
            target = None
            if country_word:
                country = self.tables.demonym_keys.get(country_word)
                country = country or f"org/{slug(country_word)}"
                entity = self.lex.by_country_description(country.split("#")[0], noun)
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
                    words = {_BRITISH.get(w, w) for w in label.lower().split()}
                    if noun in descriptions or head in descriptions or head in kind.lower() or _BRITISH.get(head, head) in words:
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


#: British spellings of organization nouns, for matching "the centre" to "... Center".
_BRITISH = {"centre": "center", "organisation": "organization", "programme": "program"}
PREPOSITIONS = frozenset({"of", "with", "from", "to", "on", "at", "in", "for", "between", "against", "into", "over",
                          "about", "by", "under", "after", "before"})


def after_preposition(before: str, prepositions: Collection[str] = PREPOSITIONS,
                      determiners: Collection[str] = ("the", "a", "an", "its", "their")) -> bool:
    """True when the last word of ``before``, past determiners, is a preposition: what follows
    is the object of a prepositional phrase ("a professor at [the] Kyoto University")."""
    words = before.split()
    while words and words[-1].lower() in determiners:
        words = words[:-1]
    return bool(words) and words[-1].lower() in prepositions


def find_mentions(article: Article, lexicon: Lexicon | None = None) -> ArticleMentions:
    """Sentences and resolved mentions of one article."""
    lex = lexicon or load_lexicon()
    sentences = split_sentences(article)
    finder = _Finder(article, lex)
    mentions = finder.find(sentences)
    return ArticleMentions(article, sentences, mentions, finder.persons, finder.orgs)
