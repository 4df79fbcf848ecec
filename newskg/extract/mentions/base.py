"""The mention finder's shared parts: name patterns, the tables built once per lexicon, the
result types and the finder's state."""

from __future__ import annotations

import re
import weakref
from collections.abc import Collection
from dataclasses import dataclass, field

from newskg.extract.lexicon import KnownEntity, Lexicon
from newskg.extract.model import Article, Mention, Sentence
from newskg.extract.names import family_names

#: Zipf frequency from which a capitalised word may be a word of a portfolio ("Culture, Sport and Tourism").
PORTFOLIO_WORD_ZIPF = 3.5

ORG_KINDS = {"Organization", "SpaceAgency", "StateCorporation", "Company", "GovernmentBody",
             "ResearchInstitute", "InternationalOrganization", "Programme", "Country"}

# a capitalised word in any script's letters ("Wörner", "O'Hara", "Kaysser-Pyzalla")
CAP_WORD = r"(?:[A-ZÀ-ÖØ-Þ][^\W\d_'’]*(?:['’][^\W\d_]+)*(?:-[A-ZÀ-ÖØ-Þ]?[^\W\d_]+)*\.?)"
_NAME_PARTICLE = r"(?:van|von|der|den|de|da|di|del|dela|della|delle|degli|dei|delos|des|la|le|bin|ibn|al|ter|dos|du|zu)"
# an Arabic article or kinship word joined to the next part by a hyphen: "Saad Sherida al-Kaabi", "el-Sisi"
_JOINED_PARTICLE = r"(?:al|el|ad|ash|as|at|az|ar|an|abu|bin|ibn|bint|ben)-[A-ZÀ-ÖØ-Þ][^\W\d_]+"
NAME_RE = re.compile(
    rf"(?<![\w'’-])(?:{CAP_WORD})(?:\s+(?:{_NAME_PARTICLE}\s+)*{CAP_WORD}|\s+{_JOINED_PARTICLE})*(?![\w-])"
)


DATELINE = re.compile(r"^[A-Z][A-Za-z.'’/ -]{1,40}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?,\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2})(?:\s*\([^)]{0,60}\))?\s*(?:[-–—]|\.|\s)")

# an organization's name may join capitalised words with "and", "of", "for" ("National Oceanic and
# Atmospheric Administration"); it must still end in an organization noun to count (see _orgs)
ORG_NAME_RE = re.compile(
    rf"(?<![\w'’-])(?:{CAP_WORD})(?:\s+(?:(?:and|&|of|for|de)\s+)?{CAP_WORD})*(?![\w-])"
)


@dataclass
class PersonInfo:
    key: str
    names: set[str] = field(default_factory=set)
    gender: str | None = None

    @property
    def surname(self) -> str:
        return family_names(sorted(self.names, key=len)[-1])[0]


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
    agreement_name: re.Pattern[str] = re.compile(r"(?!x)x")
    agreement_acronym: re.Pattern[str] = re.compile(r"(?!x)x")
    legal_form_name: re.Pattern[str] = re.compile(r"(?!x)x")


def any_of(words: list[str]) -> str:
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
            rf"\b(?:the\s+)?(?P<country>{country_alt})(?:['’]s)?\s+(?P<noun>(?i:{any_of(lex.words('country_description_nouns'))}))\b"
        ),
    )
    tables.description = re.compile(
        r"\b(?:(?:[Tt]he|[Ii]ts|[Tt]heir|[Tt]his)\s+(?:(?P<adj>[A-Z][a-z]+)\s+)?|(?P<poss>[A-Z][a-z]+)['’]s\s+)"
        # "the Alliance", "the Fund's": a capitalised description noun refers back as well
        rf"(?P<noun>{any_of(lex.words('description_nouns'))}|(?:{any_of([w.capitalize() for w in lex.words('description_nouns') if ' ' not in w])})(?=['’]s\b|\s+[a-z]|[,.;]))\b")
    # the known entities with a one-word name of six letters or more, by first letter (for typos)
    for entity in lex.entities.values():
        for initial in {a[0] for a in (entity.label, *entity.aliases) if " " not in a and len(a) >= 6}:
            tables.one_word_names.setdefault(initial, []).append(entity)
    titles = "|".join(re.escape(t) for t in lex.words("person_titles"))
    tables.title_or_word_before = re.compile(r"(?:\b(?:" + titles + r")|\S)\s*$")
    tables.title_before = re.compile(r"(?:^|\s)(?:" + titles + r")\s*$")
    tables.cue_noun_name = re.compile(rf"\b(?:{'|'.join(lex.words('org_cue_nouns'))})\s+({CAP_WORD}(?:\s+{CAP_WORD})?)")
    tables.org_prefix = re.compile(rf"(?:{'|'.join(lex.words('org_prefixes'))})\b")
    # "Council on Sunday" is no "Council on Foreign Relations": a day or month name opens no name part
    calendar = any_of(lex.words("calendar_words")) or "(?!x)x"
    words_part = r"(?!(?:" + calendar + r")\b)(?:[A-Z][\w'-]*)(?:\s+(?:and\s+)?[A-Z][\w'-]*)*"
    # "... Council for the Safeguard of the Homeland": a second "of"/"for" phrase goes on with the name
    tail = r"\s+(?:the\s+)?(" + words_part + r"(?:\s+(?:of|for)\s+(?:the\s+)?" + words_part + r")?)"
    tables.of_part = re.compile(r"\s+(?:of|for)" + tail)
    tables.of_or_on_part = re.compile(r"\s+(?:of|for|on)" + tail)
    # "Seo-jun Jung was appointed ...", "Ines Phillips had replaced ...": verbs said of people
    tables.person_verb_after = re.compile(
        rf"\s+(?:(?:was|has been|had been|is|will be)\s+(?:{any_of(lex.words('person_passive_verbs'))})"
        rf"|(?:had\s+|has\s+)?(?:{any_of(lex.words('person_active_verbs'))}))\b")
    # "... had replaced Kwame Rousseau as": the object of a verb of succession is a person
    tables.person_object_before = re.compile(rf"\b(?:{any_of(lex.words('person_object_cues'))}),?\s+$")
    # named agreements by their form: "[the] Open Skies Treaty", "Treaty on Open Skies", "New START", "the INF treaty"
    agreement = any_of(lex.words("agreement_mention_nouns"))
    name_word = r"(?:[A-Z][\w.-]*[\w]|[A-Z])"
    pre_word = rf"(?!(?:The|A|An|In|On|At|By|Under|With|From|To|Of|For|{agreement})\s){name_word}(?<!['’]s)"
    post = rf"\s+(?:on|of|for|between)\s+(?:the\s+)?{name_word}(?:\s+(?:(?:of|on|for|and|the)\s+)*{name_word}){{0,7}}"
    tables.agreement_name = re.compile(
        rf"(?<![\w'’-])(?:(?P<noun2>{agreement}){post}"
        rf"|(?P<pre>(?:(?:{pre_word}|\d{{4}})\s+(?:(?:of|on|for|and|the)\s+)*){{1,6}})(?P<noun>{agreement})(?:{post})?)"
        rf"(?![\w-])(?!\s+[A-Z])")
    tables.agreement_acronym = re.compile(
        rf"(?<![\w'’-])(?:New\s+[A-Z]{{3,}}(?:\s+(?:{any_of(lex.words('agreement_acronym_nouns'))}))?"
        rf"|[A-Z]{{2,}}\s+(?:{any_of(lex.words('agreement_acronym_nouns'))}))(?![\w-])")
    # "Fennovoima Oy", "Orbis Energo PJSC", "Altamira Sistemi S.p.A.": capitalised words before a legal form
    forms = any_of(lex.words("company_legal_forms"))
    tables.legal_form_name = re.compile(
        rf"(?<![\w'’-])(?P<name>{CAP_WORD}(?:\s+(?:&\s+)?{CAP_WORD}){{0,4}}?),?\s+(?P<form>{forms})(?![\w/-])")
    _TABLES[lex] = tables
    return tables


class FinderBase:
    """The state of one article's mention finder: the lexicon's tables, and the people and
    organizations found so far (the finding itself is in the subclasses, one module each)."""

    def __init__(self, article: Article, lexicon: Lexicon):
        self.article = article
        self.lex = lexicon
        self.persons: dict[str, PersonInfo] = {}
        self.orgs: dict[str, tuple[str, str, set[str]]] = {}
        self._agreement_keys: dict[str, str] = {}  # "treaty|open skies" -> key of the agreement so named
        self.local_aliases: dict[str, str] = {}  # acronym or name -> org key defined in this article
        self.date_anchor_ok: dict[int, bool] = {}  # start of a date mention -> whether later words may refer to it
        self.year_from: str | None = None  # the last full date of the sentence before, for a day without a year
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
        self.titles = (set(lexicon.words("person_titles")) | set(lexicon.words("person_rank_titles"))
                       | set(lexicon.words("person_rank_abbreviations")))
        self.legal_forms = set(lexicon.words("company_legal_forms"))
        self.org_heads |= self.legal_forms | set(lexicon.words("extra_org_head_nouns"))
        self.speech = set(lexicon.words("speech_verbs"))
        self.country_words = self.tables.country_words
        self.country_description = self.tables.country_description

    def _span(self, sentence: Sentence, start: int, end: int) -> tuple[int, int]:
        return sentence.start + start, sentence.start + end

    def _free(self, taken: list[Mention], sentence: Sentence, start: int, end: int) -> bool:
        a, b = self._span(sentence, start, end)
        return all(not (a < m.end and m.start < b) for m in taken)


#: British spellings of organization nouns, for matching "the centre" to "... Center".
BRITISH = {"centre": "center", "organisation": "organization", "programme": "program"}
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
