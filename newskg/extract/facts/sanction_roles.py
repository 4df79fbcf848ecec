"""What the sanction frames share: the cue words, the article's sanction context, and how each role is found
(the subject or "by" agent as authority, the object list or passive subject as targets, the cue's date)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from newskg.extract.facts.base import RuleBase
from newskg.extract.facts.skeleton import SLOT, Skeleton, any_of, titles_someone, word_alternation
from newskg.extract.mentions import slug
from newskg.extract.model import COUNTRY, DateValue, Fact, Mention, Post

# one item of a subject: a slot, a possessive chain ("the ⟨O⟩'s ⟨O⟩") and an acronym in parentheses
_NP = r"(?:the\s+)?⟨[OAP]#\d+⟩(?:['’]s?\s+(?:own\s+)?⟨O#\d+⟩)*(?:\s*\(⟨O#\d+⟩\))?"
SEP = r"(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)"
# what may stand between a subject and its verb: auxiliaries, adverbs, a date, a parenthetical
_SUBJECT_TAIL = (r"(?:\s+(?:has|have|had|is|was|were|are|been|also|already|now|then|previously|earlier|later|separately|"
                 r"jointly|again|formally|officially|today|yesterday|itself|quietly|swiftly)|\s+(?:on|in|since|last)?\s*⟨D#\d+⟩"
                 # a decision that is the act: "The Council today decided to impose ...", "parliament voted to ..."
                 r"|\s+(?:decided|decides|voted|votes)\s+to"
                 # a weekday that no publication date resolved to a date mention
                 r"|\s+(?:on|last)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
                 r"|\s*,[^,;⟨]{1,60}(?:⟨D#\d+⟩[^,;⟨]{0,20})?,"
                 # a relative or prepositional aside: "The EU, whose ministers met on Monday, imposed ..."
                 r"|\s*,\s*(?:whose|which|who|after|before|at|with|under|despite|following|along)\b[^,;]{1,80},)*")
_SUBJECT_NP = rf"(?P<np>{_NP}(?:{SEP}{_NP})*)(?:\s+(?:government|authorities|administration|officials))?"
_SUBJECT = re.compile(rf"{_SUBJECT_NP}{_SUBJECT_TAIL}\s*$")
# the subject of the first of coordinated verbs: "A imposed ..., banned ... and froze the assets of X"
_FIRST_SUBJECT = re.compile(rf"^(?:[^⟨,]{{0,60}},\s*)?(?:the\s+)?{_SUBJECT_NP}{_SUBJECT_TAIL}\s+[a-z]+(?:ed|s)\b")
AUX = r"(?:was|were|has\s+been|have\s+been|had\s+been|is|are|been|being|got|remains?|remained|stays?|stayed|appears?|appeared|figures?|figured)"
ADVERBS = r"(?:(?:also|now|later|formally|officially|personally|already|previously|still|then|quietly|since|subsequently)\s+)*"
PREPOSITION_BEFORE = re.compile(r"\b(?:of|at|in|from|with|for|by|to|into|near|under|between|like|than|about|on|against)\s+"
                                 r"(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:(?!(?:which|whom|who|that)\b)[a-z-]+\s+){0,2}$")
STOP = re.compile(r"\s+(?:for|over|because|after|before|until|unless|since|amid|as\s+part|in\s+(?:order|retaliation|response|"
                   r"connection|a|an|the|its|their|⟨D)|on\s+⟨D|by\s+(?!⟨)|citing|claiming|saying|stepping|accusing|alleging|"
                   r"to\s+(?!⟨)|pursuant|under|as\s+(?!well\s+as))\b|,?\s+(?:which|who|whose|that|when|where|while|but|according|said|says|told|adding)\b"
                   r"|,?\s+and\s+(?:(?:also|then|later|has|have|had)\s+)?(?!the\b)[a-z]+(?:ed|ing)\b|,\s+[a-z]+ed\b|[;:]|\.(?:\s|$)|[\"“”]"
                   r"|\s+(?:was|were|is|are|has|have|had|will|would|could|must|remains?)\b")
_CLAUSE_END = re.compile(r";|,\s+but\b|,\s+while\b|,\s+(?:which|who|whom|when|whose)\b|\.\s|\s+and\s+(?:said|says)\b"
                         r"|,\s+(?:⟨[OP]#\d+⟩\s+)?(?:said|says|told|added|warned|noted)\b")
# what opens the reason of a sanction after its target ("for buying ...", "over the poisoning", "because of ...")
REASON = re.compile(r"\s+(?:for|over|because\s+of|in\s+response\s+to|in\s+retaliation\s+for)\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?[a-z]")
BULLET = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)])\s+")
LIST_SUBJECT = re.compile(r"^(?:[^,⟨]{0,40},\s*)?(?:(?:(?:the|its|their|this|that|a)\s+|(?=⟨[OA]#))(?:(?:new|latest|full|updated|sanctions?|"
                           # an owner and a name: "OFAC's SDN list", "the Treasury's Specially Designated Nationals list"
                           r"⟨[OA]#\d+⟩['’]?s?|(?-i:[A-Z][\w-]*))\s+)*(?:list|annex|package|round|designations|blacklist|sanctions|measures|targets)"
                           # "The sanctioned entities include", "Those targeted include"
                           r"|(?:the\s+)?(?:newly\s+)?(?:sanctioned|designated|listed|blacklisted|targeted)\s+(?:entities|individuals|"
                           r"companies|firms|people|persons|banks|businesses|organi[sz]ations)|those\s+(?:sanctioned|designated|listed|"
                           r"blacklisted|targeted|named))\s+(?:also\s+)?(?P<verb>\w+)\s+", re.IGNORECASE)
PRONOUN_SUBJECT = re.compile(r"^(?:It|They|This)\s+(?:also\s+)?(?P<verb>\w+)\s+")
FIRST_NP = re.compile(r"^(?:the|its|their|this|a)\s+(?:[\w-]+\s+){0,2}?(?P<noun>list|annex|package|round|designations|blacklist)\b", re.IGNORECASE)
# a slot followed by a lower-case word that is no function word modifies a noun ("EU credit rating agencies",
# "Rostec debt", "the Roscosmos subsidiary X"): it is no target itself
_MODIFIER = re.compile(r"\s+(?!(?:and|or|nor|as|in|on|for|with|to|the|a|an|its|their|his|her|which|who|whom|that|was|were|is|are|"
                       r"has|have|had|will|would|since|from|over|after|before|under|at|by|of|among|including|also|itself|"
                       r"until|because|formally|respectively|both|all|each|too|must|should|can|could|may|might|shall|be|been|being|now|still|"
                       r"said|says|remain|remains|remained|did|does|do|not|never)\b)[a-z][\w-]*")
# the demonym of "Russian enterprises": a country's companies stand for the country
_COUNTRY_COMPANIES = re.compile(r"\s+(?:[a-z-]+\s+){0,2}(?:enterprises|companies|entities|firms|institutions|banks|officials|"
                                r"organizations|organisations|industry)\b")


# a number before a demonym: "seven Chinese entities", "12 Russian banks" are counted members, not the country
COUNTED = re.compile(r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|dozens\s+of|a\s+dozen|"
                      r"more\s+than\s+\d+|some|the\s+following)\s+(?:more\s+|other\s+|additional\s+|new\s+)?$", re.IGNORECASE)
# a conjunct of a list of targets that names nobody: "three of its subsidiaries", "her husband", "two affiliates"
_COMMON_CONJUNCT = (r"(?:(?:his|her|its|their|one|two|three|four|five|six|seven|eight|nine|ten|several|some|many|dozens|\d+|⟨P#\d+⟩)\s+)"
                    r"(?:[a-z-]+\s+){0,3}?(?:[a-z-]+)")
# the slot after this text is the object of a preposition or of a relative clause's verb ("the chief of ⟨O⟩",
# "the tycoon who owns ⟨O⟩"): not the subject of the sentence's verb
_RELATIVE_OBJECT = re.compile(r"\b(?:who|which|that)\s+(?:[a-z-]+\s+){1,2}(?:the\s+|a\s+|an\s+)?$")


def embedded_at(before: str) -> bool:
    return bool(PREPOSITION_BEFORE.search(before) or _RELATIVE_OBJECT.search(before))


def _past(forms: list[str]) -> list[str]:
    """The past forms of a verb list ("imposed", "put"): not "sanctions", which is also the noun."""
    return [f for f in forms if f.endswith("ed") or f in ("put", "froze", "frozen", "brought")]


@dataclass
class _Cues:
    direct: re.Pattern[str]
    weak: re.Pattern[str]
    listing: re.Pattern[str]
    impose: re.Pattern[str]
    impose_past: re.Pattern[str]
    listing_past: re.Pattern[str]
    direct_past: re.Pattern[str]
    noun_subject: re.Pattern[str]
    phrase: re.Pattern[str]
    with_noun: re.Pattern[str]
    states: str
    list_verbs: set[str]
    not_in_force: re.Pattern[str]
    future: re.Pattern[str]
    noun: re.Pattern[str]
    strong_lists: re.Pattern[str]
    legal_act: re.Pattern[str]
    generic_lists: re.Pattern[str]


@dataclass
class _SanctionContext:
    """The last authority (and date) a sanction cue of the article named, and the sentence it was in."""

    authority: str | None = None
    date: DateValue | None = None
    sentence: int = -1
    list_sentence: int = -10  # the last sentence whose subject is a list, annex or package


class SanctionRoles(RuleBase):
    @cached_property
    def _cues(self) -> _Cues:
        verbs = self.lex.lists.get("sanction_verbs") or {}
        words = self.lex.words
        return _Cues(
            direct=word_alternation(verbs.get("direct", [])), weak=word_alternation(verbs.get("direct_weak", [])),
            listing=word_alternation(verbs.get("listing", [])),
            impose=word_alternation(verbs.get("impose", [])),
            impose_past=word_alternation(_past(verbs.get("impose", []))), listing_past=word_alternation(_past(verbs.get("listing", []))),
            direct_past=word_alternation(_past(verbs.get("direct", []))), noun_subject=word_alternation(verbs.get("noun_subject", [])),
            phrase=word_alternation(verbs.get("phrase", [])), with_noun=word_alternation(verbs.get("with_noun", [])),
            states=word_alternation(words("sanction_state_phrases")).pattern[2:-2],
            list_verbs=set(words("sanction_list_verbs")), not_in_force=word_alternation(words("sanction_not_in_force")),
            future=word_alternation(words("sanction_future_words")),
            noun=re.compile(r"\b(?:" + "|".join(re.escape(n) for n in self.sanction_nouns) + r")(?:e?s)?\b", re.IGNORECASE),
            strong_lists=re.compile(word_alternation(words("sanction_list_nouns")).pattern, re.IGNORECASE),
            # "Council Regulation (⟨O⟩) No 269/2014", "Executive Order 14024", "Annex I to Decision 2014/145"
            legal_act=re.compile(r"\b(?:" + word_alternation(words("sanction_legal_acts")).pattern[2:-2] +
                                 r")\s+(?:\((?P<issuer>⟨O#\d+⟩)\)\s+|\(\w+\)\s+)?(?:No\.?\s+)?\d", re.IGNORECASE),
            generic_lists=re.compile(word_alternation(words("sanction_generic_lists")).pattern, re.IGNORECASE),
        )

    @cached_property
    def _sanction_ctx(self) -> _SanctionContext:
        return _SanctionContext()

    def emit(self, kind: str, sk: Skeleton, rule: str, slots: list[int], confidence: float,
             match: re.Match[str] | None = None, **args: object) -> Fact | None:
        """A sanction's authority is a state or a body: a person who announced it stands for the country the text
        ties them to ("Canadian Foreign Minister X", "Prime Minister X of Norway", a post held there); else the person
        stays, as the text names no state."""
        authority = args.get("authority")
        if kind == "Sanction" and isinstance(authority, str) and authority.startswith("person/"):
            country = self._governed_country(sk, authority)
            if country is not None:
                if country == args.get("entity"):
                    return None
                args["authority"], rule = country, rule + "-person"
        return super().emit(kind, sk, rule, slots, confidence, match, **args)

    def _governed_country(self, sk: Skeleton, person: str) -> str | None:
        """The country a person who announces sanctions speaks for, when the text ties them to one."""
        def country(index: str) -> str | None:
            mention = sk.mentions[int(index)]
            known = self.lex.entities.get(mention.ref or "")
            return mention.ref if mention.kind in ("Demonym", "Capital", COUNTRY) or (known and known.kind == COUNTRY) else None

        for i, mention in enumerate(sk.mentions):
            if mention.ref != person:
                continue
            p = rf"⟨P#{i}⟩"
            for pattern in (rf"⟨[AO]#(\d+)⟩(?:['’]s?)?\s+(?:[a-z-]+\s+)?(?:⟨R#\d+⟩\s+)?,?\s*{p}",
                            rf"{p},?\s+(?:the\s+)?(?:⟨R#\d+⟩\s+)?of\s+(?:the\s+)?⟨O#(\d+)⟩",
                            rf"⟨R#\d+⟩\s+of\s+(?:the\s+)?⟨O#(\d+)⟩,?\s+{p}"):
                for m in re.finditer(pattern, sk.text):
                    found = country(m.group(1))
                    if found:
                        return found
        for fact in self.ctx.facts:  # a post the article says the person holds in a country
            post = fact.get("post")
            if fact.kind == "Tenure" and fact.get("member") == person and isinstance(post, Post):
                known = self.lex.entities.get(post.organization)
                if known and known.kind == COUNTRY:
                    return post.organization
        return None

    def _authorities(self, sk: Skeleton, m: re.Match[str]) -> list[int]:
        """The authorities a sanction noun names (possessive, "by", subject of "imposed"): SanctionRules."""
        return []

    # ------------------------------------------------- the article's context
    def _set_context(self, sk: Skeleton, authority: str | None, date: DateValue | None) -> None:
        ctx = self._sanction_ctx
        if authority != ctx.authority and not self._same_body(authority, ctx.authority):
            ctx.date = None  # another authority's act; the Council's act is the EU's (a parent and its body)
        ctx.authority, ctx.sentence = authority, sk.sentence.index
        ctx.date = date or ctx.date

    def _same_body(self, a: str | None, b: str | None) -> bool:
        """Whether one authority is part of the other ("Council of the European Union" and "European Union")."""
        def parent(key: str | None) -> str | None:
            known = self.lex.entities.get(key or "")
            return known.parent if known else None
        return a is not None and b is not None and (parent(a) == b or parent(b) == a)

    def _context_authority(self) -> list[str]:
        return [self._sanction_ctx.authority] if self._sanction_ctx.authority else []

    def _sanction_article(self, sk: Skeleton) -> bool:
        """Whether this sentence or an earlier one of the article spoke of sanctions."""
        return self._sanction_ctx.sentence >= 0 or self._has_cue(sk.text)

    def _refers_back(self, sk: Skeleton) -> bool:
        return self._sanction_ctx.authority is not None

    def _has_cue(self, text: str) -> bool:
        cues = self._cues
        return any(p.search(text) for p in (cues.noun, cues.direct, cues.strong_lists, cues.phrase)) or (
            bool(cues.listing.search(text)) and self._sanction_list_after(text) is not None) or (
            # "The Council added the following persons to Annex I:" in an article about sanctions
            self._sanction_ctx.sentence >= 0 and bool(cues.listing.search(text)) and bool(cues.generic_lists.search(text))) or (
            # "Among those targeted", "The following were blocked:" once the article has spoken of sanctions
            self._sanction_ctx.sentence >= 0 and bool(cues.weak.search(text) or re.search(r"\btargeted\b", text)))

    # ---------------------------------------------------------------- roles
    def _subject(self, sk: Skeleton, position: int) -> list[int]:
        """The authorities that are the grammatical subject of the verb at ``position``."""
        before = self._segment(sk.text, position)
        offset = position - len(before)
        m = _SUBJECT.search(before)
        if not m and re.search(r"(?:,|\band)\s*$", sk.text[:position]):
            m, offset = _FIRST_SUBJECT.match(sk.text), 0
        if not m and re.search(rf"\b(?:it|they)\b{_SUBJECT_TAIL}\s*$", before):
            # "Canada said on Tuesday (that) it had sanctioned X": "it" is the subject of the verb of speech
            m = re.search(rf"{_SUBJECT_NP}\s+(?:{self.speech_re.pattern[2:-2]})(?:\s+(?:on|in|last)\s+(?:⟨D#\d+⟩|\w+))?(?:\s+that)?\s+(?:it|they)\b"
                          rf"{_SUBJECT_TAIL}\s*$", sk.text[:position])
            offset = 0
        if not m:
            return []
        heads = []
        for chain in re.split(SEP, m.group("np")):
            slots = SLOT.findall(re.sub(r"\(⟨O#\d+⟩\)", "", chain))
            if slots:
                heads.append((chain, slots[-1]))
        found = []
        for chain, (letter, i) in heads:
            start = offset + m.start("np") + m.group("np").find(chain)
            if PREPOSITION_BEFORE.search(sk.text[:start]):
                continue
            if letter in "OAP" and sk.mentions[int(i)].kind not in ("Programme",):
                found.append(int(i))
        return found

    def _agent(self, sk: Skeleton, after: str) -> list[int]:
        """The "by" agent of a passive: "by the United States", "by the Council of the ⟨O⟩"."""
        clause = _CLAUSE_END.split(after, maxsplit=1)[0]
        m = re.search(rf"\bby\s+(?:the\s+)?(?:[A-Z][\w-]*\s+(?:of\s+(?:the\s+)?)?)?(?P<np>{_NP}(?:{SEP}{_NP})*)", clause)
        if not m or self._other_predicate(clause[: m.start()]):
            return []
        out = []
        for chain in re.split(SEP, m.group("np")):
            slots = SLOT.findall(re.sub(r"\(⟨O#\d+⟩\)", "", chain))
            if slots and slots[-1][0] in "OAP":
                out.append(int(slots[-1][1]))
        return out

    def _other_predicate(self, between: str) -> bool:
        """Whether the words before a "by" hold another participle or a relative clause whose agent it is ("measures
        on X and Y responsible for rifles used by A", "on firms which are owned by A"): not the sanction's agent."""
        own = "|".join(re.escape(w) for w in self.lex.words("sanction_agent_participles")) or r"(?!x)x"
        return bool(re.search(rf"\b(?!(?:{own})\b)[a-z]+(?:ed|en)\b|\b(?:which|that|who|whose)\b", between))

    def _possessor(self, sk: Skeleton, phrase: str) -> list[int]:
        """The authority a sanction noun or list names before it: "the ⟨O⟩'s list", "⟨A⟩ sanctions", "its ⟨O⟩ blacklist"."""
        words = self.sanction_nouns + self.lex.words("sanction_list_nouns") + self.lex.words("sanction_generic_lists")
        nouns = (r"(?:sanctions?|blacklist|black\s+list|entity\s+list|list|restrictions?|measures|directive|programme|program|"
                 r"regime|register|annex|package|" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)) + r")(?:e?s)?\b")
        # a possessive may have any two words before the noun ("the EU's fourth sanctions package"), a bare name only adjectives
        m = re.search(r"((?:⟨[OA]#\d+⟩['’]s?(?:,\s*|\s+and\s+|,\s+and\s+)?)+)\s*(?:[a-z-]+\s+){0,2}" + nouns, phrase) or re.search(
            r"((?:⟨[OA]#\d+⟩(?:['’]s?)?(?:,\s*|\s+and\s+|,\s+and\s+)?)+)\s*(?:(?:new|own|sectoral|financial|main|"
            r"consolidated|latest|full|\w+-sector)\s+)*" + nouns, phrase, re.IGNORECASE)
        if not m:
            return self._act_issuer(phrase)
        if "'" not in m.group(1) and "’" not in m.group(1) and re.search(r"\w['’]s?\s+(?:[a-z-]+\s+){0,3}$", phrase[: m.start()]):
            return []  # "the bloc's Belarus sanctions regime": the possessor imposes, the bare country is the target
        return [int(i) for _, i in SLOT.findall(m.group(1)) if sk.mentions[int(i)].kind not in ("Programme",)]

    def _act_issuer(self, phrase: str) -> list[int]:
        """"Council Regulation (EU) No 269/2014": the issuer of a legal act, in parentheses after its name."""
        act = self._cues.legal_act.search(_CLAUSE_END.split(phrase, maxsplit=1)[0])
        issuer = SLOT.match(act.group("issuer")) if act and act.group("issuer") else None
        return [int(issuer.group(2))] if issuer else []

    def _head_authorities(self, sk: Skeleton, head: str) -> list[int]:
        # "OFAC determined that the property of the following persons is blocked": the decider of the clause
        directive = any_of(self.lex.words("directive_verbs"))
        decided = re.search(rf"\b(?:{directive})\s+that\b", head)
        if decided and (self._cues.direct.search(head[decided.end():]) or self._cues.weak.search(head[decided.end():])):
            found = self._subject(sk, decided.start())
            if found:
                return found
        for pattern in (self._cues.direct, self._cues.listing, self._cues.phrase):
            for m in pattern.finditer(head):
                found = self._subject(sk, m.start()) or self._agent(sk, head[m.end():])
                if found:
                    return found
        for m in self._cues.noun.finditer(head):
            found = self._authorities(sk, m)
            if found:
                return found
        return self._possessor(sk, head)

    def _sanction_list_after(self, after: str) -> tuple[int, int] | None:
        """Where "to the Entity List", "on its list of sanctioned entities", "under Directive 2" starts and ends."""
        clause = _CLAUSE_END.split(after, maxsplit=1)[0]
        for m in re.finditer(r"\b(?:to|on|onto|in|into|under)\s+(?P<np>[^,;.:]*)", clause):
            np = m.group("np")[:90]
            if self._cues.strong_lists.search(np) or self._cues.legal_act.search(np) or (self._cues.generic_lists.search(np) and (
                    self._cues.noun.search(np) or self._cues.direct.search(np))) or re.match(r"(?:the\s+|its\s+)?sanctions\b", np):
                return m.start(), m.end()
        return None

    def _subject_targets(self, sk: Skeleton, before: str) -> list[int]:
        """The targets of a passive or copula: the slots just before the verb, past an appositive."""
        relative = re.search(r"⟨([OP])#(\d+)⟩(?:\s*\(⟨O#\d+⟩\))?,?\s+(?:which|who|that)\s+$", before)
        if relative:  # "talks with X, which was sanctioned by A": the antecedent
            return [int(relative.group(2))]
        segment = self._segment(sk.text, len(before))
        lead = len(before) - len(segment)
        m = re.search(rf"(?P<np>(?:{_NP}|[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)(?:{SEP}(?:the\s+)?(?:[a-z-]+\s+){{0,3}}?(?:⟨R#\d+⟩\s+)?{_NP})*"
                      # a last conjunct with no name: "X and three of its subsidiaries", "X, its owner Y and her husband"
                      rf"(?:{SEP}{_COMMON_CONJUNCT})?)(?P<app>,[^;]{{1,140}}?,)?\s*$", segment)
        if not m:
            return []
        np = m.group("np")
        if embedded_at(sk.text[: lead + m.start()]):
            # "The chief executive of ⟨O⟩, ⟨P⟩, has been ...": the subject is the appositive after the prepositional object
            app = (m.group("app") or "").strip(" ,")
            return self._items(sk, app, stop=False)[:1] if re.fullmatch(r"⟨P#\d+⟩|(?:the\s+)?⟨O#\d+⟩", app) else []
        items = self._items(sk, np, stop=False, unknown=False)
        if not items and not SLOT.search(np) and re.fullmatch(r"[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*", np) and lead + m.start() == 0 \
                and (" " in np or m.group("app") or np.lower() not in sk.sentence.text.lower()[len(np):]):
            # a sentence-initial word is a name when it has an aside ("Sberbank, the biggest lender, was ...") or
            # several words; "Officials were added" is no name
            items = self._unknown(sk, np) if (" " in np or m.group("app")) else []
        # "Rostec, the state holding," is one target; a list is joined by "and"
        if len(items) > 1 and not re.search(r"\s(?:and|as\s+well\s+as)\s", np):
            items = items[:1]
        return items

    def _items(self, sk: Skeleton, region: str, stop: bool = True, whole: bool = False, unknown: bool = True) -> list[int]:
        """The targets a noun phrase lists: named slots and capitalised names no rule typed."""
        # an aside in parentheses is no item and ends nothing: "X (sometimes spelt Y), Z (formerly W) and V";
        # an acronym "(⟨O⟩)" stays
        region = re.sub(r"\s*\((?!⟨O#\d+⟩\))[^()]{1,80}\)", "", region)
        if stop:
            region = STOP.split(region, maxsplit=1)[0]
        out: list[int] = []
        for m in SLOT.finditer(region):
            letter, i = m.group(1), m.group(2)
            index = int(i)
            follows = region[m.end():]
            before = region[: m.start()]
            if letter == "A":
                # "Russian enterprises" stand for the country; "seven Chinese entities" are counted ones, named elsewhere
                if _COUNTRY_COMPANIES.match(follows) and not COUNTED.search(before):
                    out.append(index)
                continue
            if letter not in "OP" or re.match(r"['’]s?\b", follows) or titles_someone(region, letter, i):
                continue
            if sk.mentions[index].kind == "Programme" or sk.mentions[index].text.islower():
                continue  # nor a possessive pronoun: "her husband"
            if sk.mentions[index].kind == "Capital" and not re.match(r"\s*(?:$|[,.;]|(?:and|or|on|in|over|for|after)\b)", follows):
                continue  # "the Moscow firm X"; but "sanctions on Moscow" target the country
            # (a coordinated "... and on ⟨P⟩" repeats the target's own preposition)
            if PREPOSITION_BEFORE.search(before) and not re.search(r"\b(?:among|including)\s+(?:them\s+)?(?:the\s+)?$"
                                                                    r"|(?:\band|,)\s+(?:on|against|upon)\s+(?:the\s+)?$", before):
                continue
            if re.search(r"\b(?:of|at|in|from|with|for|by)\s+(?:the\s+)?⟨[OA]#\d+⟩['’]s?\s+$", before):
                continue  # the object of a preposition through a possessive: "the EDD of ⟨O⟩'s ⟨O⟩"
            if letter == "O" and self._modifies(follows):
                continue  # a modifier: "the ⟨O⟩ subsidiary ⟨O⟩", "⟨O⟩ credit rating agencies"
            out.append(index)
        names = SLOT.sub(" ; ", region)
        if not unknown:
            return out
        if whole:
            names = names.strip(" .;")
            out += self._unknown(sk, names) if re.fullmatch(r"(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+[\w.&'’-]+){0,7}", names) else []
        else:
            out += self._unknown(sk, names)
        return out

    def _modifies(self, follows: str) -> bool:
        """Whether an organization slot followed by ``follows`` modifies a noun ("⟨O⟩ credit cards") rather than
        being named with its own kind ("the ⟨O⟩ corporation", "the ⟨O⟩ group")."""
        m = _MODIFIER.match(follows)
        if not m:
            return False
        if re.match(r"\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+⟨[OP]#", follows):
            return True  # "the ⟨O⟩ subsidiary ⟨O⟩"
        kinds = {w.lower() for w in self.lex.words("org_cue_nouns") + self.lex.words("org_head_nouns")}
        return m.group(0).strip().lower() not in kinds

    def _unknown(self, sk: Skeleton, text: str) -> list[int]:
        """Capitalised names (not ordinary capitalised words) in a list of targets: new organization mentions."""
        skip = set(self.lex.words("not_names")) | set(self.lex.words("function_words"))
        # a rank or title the mention stage left before a person ("Brigadier General ⟨P⟩") names no one
        titles = set(self.lex.words("person_titles")) | set(self.lex.words("person_rank_titles"))
        found = []
        for match in re.finditer(r"(?<![\w'’-])([A-Z][\w-]+(?:\s+(?:[A-Z][\w-]+|&|of|for|and\s+(?=[A-Z][\w-]+\s+[A-Z])))*)", text):
            words = match.group(1).split()
            while words and words[0] in skip:
                words = words[1:]
            name = " ".join(words).rstrip(" -")
            if not name or name in skip or re.match(r"['’]", text[match.end():]) or len(name) < 3:
                continue
            if all(w in titles for w in words):
                continue
            offset = sk.sentence.text.find(name)
            if offset < 0:
                continue
            key = f"org/{slug(name)}"
            self.ctx.am.orgs.setdefault(key, ("Organization", name, {name}))
            start = sk.sentence.start + offset
            sk.mentions.append(Mention("Organization", name, start, start + len(name), sk.sentence.index, key))
            found.append(len(sk.mentions) - 1)
        return found

    def _whole_name(self, sk: Skeleton, name: str) -> list[int]:
        """One organization mention for ``name``, a whole line of a list of targets."""
        offset = sk.sentence.text.find(name)
        if offset < 0:
            return []
        key = f"org/{slug(name)}"
        self.ctx.am.orgs.setdefault(key, ("Organization", name, {name}))
        start = sk.sentence.start + offset
        sk.mentions.append(Mention("Organization", name, start, start + len(name), sk.sentence.index, key))
        return [len(sk.mentions) - 1]

    # ---------------------------------------------------------------- dates
    def _cue_date(self, sk: Skeleton, start: int, end: int) -> DateValue | None:
        """A "since" date of the cue's clause, else a day or month in it ("on Friday", "in March 2014")."""
        segment = self._segment(sk.text, start)
        lo = start - len(segment)
        close = _CLAUSE_END.search(sk.text, end)
        hi = close.start() if close else len(sk.text)
        reason = REASON.search(sk.text, end, hi)  # "... on X for buying aircraft in 2017": the reason's date is not the act's
        hi = reason.start() if reason else hi
        # the year in the number of a legal act ("No 269/2014", "Decision 2014/145") is no date of the sanction
        skip = [(x.start(), x.end()) for x in re.finditer(r"\d/⟨D#\d+⟩|⟨D#\d+⟩/\d", sk.text)]
        skip = [(a + 1, b) if sk.text[a].isdigit() else (a, b) for a, b in skip]
        dates = [(p, d) for p, d in self.clause_dates(sk, lo, hi, skip)]
        since = next((d for p, d in dates if p == "since"), None)
        if since:
            return since
        plain = [d for p, d in self.clause_dates(sk, end, hi, skip) if p in ("on", "in", "")]
        if plain:
            return plain[0]
        # a date before the cue in its clause, not a possessive ("Friday's listings")
        before = [int(m.group(1)) for m in re.finditer(r"⟨D#(\d+)⟩(?!['’]s)", sk.text[lo:start])]
        for index in reversed(before):
            iso = sk.mentions[index].ref or ""
            if iso:
                return DateValue(iso)
        return self._then_date(sk, sk.text[lo:start])

    def _then_date(self, sk: Skeleton, before: str) -> DateValue | None:
        """"The measures date from 20 September 2018. The State Department then imposed ...": "then" is the last
        date of the sentence before."""
        if not re.search(r"\bthen\b", before) or sk.sentence.index == 0:
            return None
        previous = [m.ref for m in self.ctx.am.mentions[sk.sentence.index - 1] if m.kind == "Date" and m.ref]
        return DateValue(previous[-1]) if previous else None

    def _in_force(self, sk: Skeleton, start: int, end: int) -> bool:
        """False when the cue's clause is hedged, denied, conditional, or speaks of lifting, proposing or threatening."""
        return self._modality(sk, start) is None and self._not_lifted(sk, start, end)

    def _not_lifted(self, sk: Skeleton, start: int, end: int) -> bool:
        """False when the cue's clause speaks of lifting, easing, proposing or threatening the sanctions."""
        segment = self._segment(sk.text, start)
        close = _CLAUSE_END.search(sk.text, end)
        after = sk.text[start:close.start() if close else len(sk.text)]
        # a second predicate is another act: "imposed sanctions on X and suspended talks with Y"
        after = re.split(r",?\s+and\s+(?:also\s+|then\s+|later\s+)?(?!the\b)[a-z]+(?:ed|s)\s+(?!by\b)", after, maxsplit=1)[0]
        window = segment + after
        window = " " + re.sub(r"⟨[^⟩]+⟩", " X ", window.lower()) + " "
        for m in self._cues.not_in_force.finditer(window):
            before = window[: m.start()]
            # a lifting wished for, demanded or awaited leaves the sanctions in force: "requesting measures to lift the
            # restrictions", "sanctions must be lifted", "demanding they lift", "until the sanctions were removed"
            if re.search(r"\b(?:to|be|must|should|demand\w*|request\w*|call\w*\s+for|urg\w*)\s+(?:\w+\s+){0,1}$", before):
                continue
            if re.search(r"\b(?:until|unless|before|after|once|if|when)\b", before):
                continue
            return False
        # "would impose sanctions", "sanctions will be imposed": a future next to the cue
        future = self._cues.future.pattern[2:-2]
        near_before = re.sub(r"⟨[^⟩]+⟩", " X ", sk.text[max(0, start - 40):start].lower())
        near_after = re.sub(r"⟨[^⟩]+⟩", " X ", sk.text[end:end + 30].lower())
        return not (re.search(rf"\b{future}\s+(?:\w+\s+){{0,3}}$", near_before) or re.match(rf"^\s*(?:\w+\s+){{0,2}}?{future}\b", near_after))

    # ----------------------------------------------------------------- emit
    def _emit_all(self, sk: Skeleton, rule: str, targets: list[int], authorities: Sequence[int | str],
                  date: DateValue | None, listed: bool) -> None:
        seen: set[tuple[str | None, str | None]] = set()
        for target in targets:
            target_ref = self.ref(sk, target)
            candidates: list[int | str | None] = list(authorities) or [None]
            for authority in candidates:
                authority_ref = authority if isinstance(authority, str) or authority is None else self.ref(sk, authority)
                if authority_ref == target_ref or (target_ref, authority_ref) in seen:
                    continue
                seen.add((target_ref, authority_ref))
                slots = [target] + ([authority] if isinstance(authority, int) else [])
                self.emit("Sanction", sk, rule, slots, 0.75, entity=target_ref, authority=authority_ref,
                          startDate=None if listed else date, listingDate=date if listed else None)

    def _skeleton_of(self, sentence: object) -> Skeleton:
        from newskg.extract.facts.skeleton import build_skeleton

        index = self.ctx.am.sentences.index(sentence)  # type: ignore[arg-type]
        return build_skeleton(self.ctx.am.sentences[index], list(self.ctx.am.mentions[index]))
