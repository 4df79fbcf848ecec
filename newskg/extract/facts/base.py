"""What every rule family shares: the article's context, evidence and emitting, dates,
modality (hedges, denials, conditionals, questions), posts and the nearest organization."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from newskg.extract.facts.skeleton import (
    COUNTRY_LEVEL,
    SLOT,
    Skeleton,
    any_of,
    build_skeleton,
    last_comma_before_main_clause,
    leading_preposition,
    title_case,
    verb_pattern,
    word_alternation,
)
from newskg.extract.lexicon import Lexicon, load_lexicon
from newskg.extract.mentions import ORG_KINDS, ArticleMentions, after_preposition, slug
from newskg.extract.model import DateValue, Evidence, Fact, Mention, Post


@dataclass
class _Context:
    """What the rules of one article share: its mentions, the facts so far, its home country."""

    am: ArticleMentions
    lex: Lexicon
    facts: list[Fact] = field(default_factory=list)
    home_country: str | None = None
    subject: str | None = None  # the one organization the article is about, if there is one
    last_withdrawal_actor: str | None = None


class RuleBase:
    """The shared state and helpers of the fact rules (``FactExtractor`` mixes the families in)."""

    def __init__(self, am: ArticleMentions, lexicon: Lexicon | None = None):
        self.lex = lexicon or load_lexicon()
        self.ctx = _Context(am, self.lex)
        self.place_before_re = self.lex_place_before()
        self.counterpart_re = re.compile(self.lex_counterpart())
        self.ctx.home_country = self._home_country()
        self.ctx.subject = self._article_subject()
        lists = self.lex.lists
        self.acting = set(lists.get("acting_words", []))
        self.past = set(lists.get("past_words", []))
        self.acting_context_re = word_alternation(lists.get("acting_context", []))
        self.modifiers = set(lists.get("role_modifiers", [])) | self.acting | self.past
        self.speech = sorted(lists.get("speech_verbs", []), key=len, reverse=True)
        self.hedges = sorted(lists.get("hedge_words", []), key=len, reverse=True)
        self.conditionals = lists.get("conditional_words", [])
        self.negations = lists.get("negation_words", [])
        verbs: list[tuple[str, str]] = []
        for action, forms in (lists.get("withdrawal_verbs") or {}).items():
            for form in forms:
                verbs.append((form, action))
        verbs.sort(key=lambda pair: -len(pair[0]))
        self.withdrawal_verbs = [(form, action, verb_pattern(form)) for form, action in verbs]
        self.conditional_re = word_alternation(self.conditionals)
        self.denial_re = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in lists.get("denial_verbs", []) or ["(?!x)x"]) + r")\s+"
                                    r"(?:(?:the\s+|any\s+)?(?:" + "|".join(re.escape(w) for w in lists.get("denial_objects", []) or ["(?!x)x"]) + r")\s+)?"
                                    r"(?:that|having|being)\b", re.IGNORECASE)
        self.hedge_re = word_alternation(self.hedges)
        self.speech_re = word_alternation(self.speech)
        self.obligation_verbs = set(lists.get("obligation_verbs", []))
        self.cooperation_objects = lists.get("cooperation_objects", [])
        self.noun_modifiers = "|".join(re.escape(w) for w in lists.get("not_withdrawal_after", [])) or "(?!x)x"
        self.financial_objects = re.compile(r"^(?:(?:the|their|its|his|her|all|some)\s+)?(?:[\w-]+\s+){0,2}?(?:"
                                            + "|".join(re.escape(w) for w in lists.get("not_withdrawal_objects", [])) + r")\b"
                                            if lists.get("not_withdrawal_objects") else r"(?!x)x", re.IGNORECASE)
        # "measures" are sanctions only when an authority's name stands before them ("the EU measures")
        self.weak_sanction_nouns = set(lists.get("weak_sanction_nouns", []))
        self.sanction_nouns = sorted(lists.get("sanction_nouns", []) + list(self.weak_sanction_nouns), key=len, reverse=True)

    # ------------------------------------------------------------- helpers
    def _home_country(self) -> str | None:
        counts = self._country_counts()
        return counts.most_common(1)[0][0] if counts else None

    def _country_counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for mentions in self.ctx.am.mentions:
            for m in mentions:
                # the country of every country, demonym, capital and known organization mentioned
                entity = self.lex.entities.get(m.ref or "")
                if entity and m.kind in ("Country", "Demonym", "Capital") and not self._owner_word(m):
                    continue
                if entity and entity.kind == "Country":
                    counts[entity.key] += 1
                elif entity and entity.country:
                    counts[entity.country] += 1
        return counts

    def _owner_word(self, m: Mention) -> bool:
        """Whether a country word can say whose a post is: not a place or another party of an event ("after the
        invasion of X", "talks with X"), not the other side's post ("his Saudi counterpart")."""
        text = self.ctx.am.sentences[m.sentence].text
        offset = self.ctx.am.sentences[m.sentence].start
        before, after = text[:m.start - offset], text[m.end - offset:]
        return not (self.place_before_re.search(before) or self.counterpart_re.match(after))

    SUBJECT_KINDS = ("Organization", "SpaceAgency", "StateCorporation", "Company", "GovernmentBody",
                     "ResearchInstitute", "InternationalOrganization")
    # families of posts an organization has ("its director", "the deputy director general"), not
    # countries' posts, crews or the press
    SUBJECT_FAMILIES = ("head", "director", "officer", "coordinator")

    def _article_subject(self) -> str | None:
        """The organization an article is about: named in its first two sentences and mentioned more often than
        any other organization (at least three times), else None."""
        counts: Counter[str] = Counter()
        for mentions in self.ctx.am.mentions:
            for m in mentions:
                if m.kind in self.SUBJECT_KINDS and m.ref:
                    counts[m.ref] += 1
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]):
            return None
        first = {m.ref for mentions in self.ctx.am.mentions[:2] for m in mentions}  # a headline may come first
        return ranked[0][0] if ranked[0][0] in first else None

    def evidence(self, sk: Skeleton, rule: str, slots: list[int], confidence: float,
                 match: tuple[int, int] | None = None) -> Evidence:
        s = sk.sentence
        involved = [sk.mentions[i] for i in slots if i is not None and i < len(sk.positions)]
        if match is not None:
            start = sk.text_offset(match[0])
            end = sk.text_offset(match[1])
            if match[1] > 0 and end == sk.text_offset(match[1] - 1):  # a match ending inside a slot
                end = max(end, max((m.end - s.start for m in involved), default=end))
            span = s.text[start:end].strip()
        elif involved:
            start = min(m.start for m in involved) - s.start
            end = max(m.end for m in involved) - s.start
            span = s.text[start:end]
        else:
            span = s.text
        return Evidence(self.ctx.am.article.id, s.text, s.start, s.end, rule, confidence, span)

    def emit(self, kind: str, sk: Skeleton, rule: str, slots: list[int], confidence: float,
             match: re.Match[str] | None = None, **args: object) -> Fact | None:
        evidence = self.evidence(sk, rule, slots, confidence, match.span() if match is not None else None)
        fact = Fact.make(kind, evidence, **args)  # type: ignore[arg-type]
        self.ctx.facts.append(fact)
        return fact

    def ref(self, sk: Skeleton, index: str | int | None) -> str | None:
        if index is None:
            return None
        mention = sk.mentions[int(index)]
        if mention.kind == "Demonym" or mention.kind == "Capital":
            return mention.ref
        return mention.ref

    def is_org(self, sk: Skeleton, index: int) -> bool:
        return sk.mentions[index].kind in ORG_KINDS or sk.mentions[index].kind in ("Demonym", "Capital")

    def clause_dates(self, sk: Skeleton, lo: int = 0, hi: int | None = None,
                     skip: list[tuple[int, int]] | None = None) -> list[tuple[str, DateValue]]:
        """(preposition, date) pairs in a part of the skeleton, leaving out the ``skip`` ranges."""
        out = []
        # "in mid-2021", "since early 2019": the preposition stands before the part of the period
        for m in re.finditer(r"(?:\b(since|from|until|till|to|on|in|by|after|before|through|between)\s+(?:the\s+)?(?:(?:early|mid|late)[- ]?\s*)?)?⟨D#(\d+)⟩",
                             sk.text[lo:hi], re.IGNORECASE):
            if skip and any(a <= lo + m.start() < b for a, b in skip):
                continue
            mention = sk.mentions[int(m.group(2))]
            iso = mention.ref or ""
            # a month mention may carry its preposition ("since January")
            prep = (m.group(1) or "").lower() or leading_preposition(mention.text)
            if iso:
                out.append((prep, DateValue(iso)))
        return out

    # ----------------------------------------------------------- modality
    def _segment(self, text: str, position: int) -> str:
        """The clause around ``position``: from the last clause break before it."""
        before = text[:position]
        cut = max(before.rfind(";"), before.rfind(":"), before.rfind(", but"), before.rfind(" but "),
                  before.rfind(", while"), before.rfind(", and "), last_comma_before_main_clause(before))
        return before[cut + 1:] if cut >= 0 else before

    def _modality(self, sk: Skeleton, position: int, allow_reported_would: bool = True) -> str | None:
        """Why the statement at ``position`` is not a plain assertion, or None if it is."""
        text = sk.text
        segment = self._segment(text, position).lower()
        window = " " + re.sub(r"⟨[^⟩]+⟩", " X ", segment) + " "
        if text.rstrip().endswith("?"):
            return "question"
        if self.denial_re.search(text[:position].rsplit(";", 1)[-1]):
            return "denial"  # "X denied (reports) that she had been appointed ...": the clause is what is denied
        if self.conditional_re.search(window):
            return "conditional"
        if self.hedge_re.search(window):
            return "hedge"
        words_before = window.replace("no longer", "").split()
        for word in self.negations:
            if word in words_before or (word == "n't" and any(w.endswith("n't") for w in words_before)):
                return "negation"
        if re.search(r"\bwould\b", window):
            # "would" after "said" is a reported "will"; so is a "would" that continues reported speech
            reported = bool(self.speech_re.search(text[:position].lower())) or self._reported_before(sk)
            if not (allow_reported_would and reported):
                return "hypothetical"
        return None

    def _reported_before(self, sk: Skeleton) -> bool:
        index = sk.sentence.index
        if index == 0:
            return False
        previous = self.ctx.am.sentences[index - 1].text.lower()
        return bool(self.speech_re.search(previous))

    # ------------------------------------------------------------- posts
    def make_post(self, sk: Skeleton, role_index: int, org: str | None) -> tuple[Post | None, bool, bool]:
        """The post a role phrase names, and whether the tenure is acting and past."""
        mention = sk.mentions[role_index]
        words = re.sub(r"['’]s\b", "", mention.text).split()
        acting = any(w.lower() in self.acting for w in words) or self._acting_context(sk, role_index)
        past = any(w.lower() in self.past for w in words)
        # "President's special representative": the post is the last role
        text = mention.text
        if re.search(r"['’]s\s", text):
            text = re.split(r"['’]s\s+", text)[-1]
            words = text.split()
        while words and (words[0].lower() in self.modifiers or re.fullmatch(r"\d+(st|nd|rd|th)", words[0].lower())):
            if words[0].lower() in self.lex.words("post_qualifiers") and words[0].lower() not in self.acting:
                break
            words = words[1:]
        if not words:
            return None, acting, past
        label = " ".join(words)
        lowered = label.lower()
        family = None
        noun = None
        found_text = ""
        for surface in sorted(self.lex.roles, key=len, reverse=True):
            found = re.search(rf"\b{re.escape(surface)}s?\b", lowered)
            if found:
                family, noun, found_text = self.lex.roles[surface], surface, found.group(0)
                break
        if family is None or noun is None:
            return None, acting, past
        qualifier_text = lowered[: lowered.find(noun)].strip()
        portfolio = lowered[lowered.find(found_text) + len(found_text):].strip()
        qualifiers = [q for q in re.split(r"[\s-]+", qualifier_text) if q in self.lex.words("post_qualifiers") and q not in self.acting]
        # "defence minister" and "economy minister" of one country are two posts
        portfolio_lead = [w for w in re.split(r"[\s-]+", qualifier_text) if w in self.lex.words("portfolio_words")] if family == "minister" else []
        if family in ("head", "prime-minister", "deputy-prime-minister"):
            role_key = "-".join(qualifiers + [family])
        elif portfolio_lead:
            role_key = "-".join(qualifiers + portfolio_lead + [slug(noun)] + ([slug(portfolio)] if portfolio else []))
        else:
            role_key = "-".join(qualifiers + [slug(noun)] + ([slug(portfolio)] if portfolio else []))
        if org is None and family == "minister":
            org = self._ministry(qualifier_text + " " + portfolio)
        titled = (self.lex.lists.get("title_organizations") or {}).get(noun)
        if org is None and titled and not portfolio and f"org/{titled}" in self.lex.entities:
            org = f"org/{titled}"  # "Secretary of State": a title that names its organization
        if org is None:
            # a country-level post ("the science minister") is one of the article's country; a bare
            # "President X" names no country: the nearest or most frequent country word is no tie
            # a bare "secretary" or "minister" (no portfolio) is no post of the home country: "Secretary of X"
            # would say nothing of which one ("who had been acting secretary", "will serve as acting minister")
            # (a capitalised title before a name, "Minister X", is kept)
            bare = (family == "minister" and not portfolio and not qualifier_text.strip() and mention.text[:1].islower()
                    and noun in self.lex.words("bare_minister_nouns"))
            weak = False  # a country only the dateline or the article's main country gives
            if family in COUNTRY_LEVEL and not bare:
                org, weak = self._post_country(sk, role_index)
            if (org is None or weak) and not mention.text[:1].isupper():
                # "X has served as acting administrator": the organization of the article's posts of
                # that kind, when they all name the same one (a capitalised title before a name,
                # "President X", is not such a reference)
                orgs = {f.get("post").organization for f in self.ctx.facts  # type: ignore[union-attr]
                        if f.kind in ("Tenure", "Nomination") and isinstance(f.get("post"), Post)
                        and f.get("post").role == role_key and noun in f.get("post").label.lower()}  # type: ignore[union-attr]
                org = orgs.pop() if len(orgs) == 1 else (org if weak else None)
            if org is None and family in self.SUBJECT_FAMILIES and not mention.text[:1].isupper():
                # "Dr X, chief executive since 2017" in an article about one agency: that agency's post,
                # unless the role names an organization of its own that was not recognised ("of a unit")
                after = sk.sentence.text[mention.end - sk.sentence.start:]
                # nor a role in a quotation (a speaker's words about a third party)
                if not re.match(r"\s+(?:of|at|for|in)\s+(?:the\s+|a\s+|an\s+|its\s+)?[A-Za-z]", after) \
                        and not re.search(r"[\"“”]", sk.sentence.text):
                    org = self.ctx.subject
            if org is None:
                return None, acting, past
        entity = self.lex.entities.get(org)
        org_label = entity.label if entity else self.ctx.am.orgs.get(org, ("", org.split("/")[-1], set()))[1]
        if family == "head" and noun in self.lex.words("company_chair_nouns") and self._org_kind(org) == "Company":
            # a company's chairman and its chief executive are two posts ("named Chairman X as CEO")
            role_key = "-".join(qualifiers + ["chair"])
        # a plural title of a list ("all three of them former chairmen") names each one's post
        label = re.sub(r"(?i)\b(chair(?:wo)?)men\b", r"\1man", label)
        label = re.sub(r"(?i)\b(director)s(?= general\b)", r"\1", label)
        if found_text.endswith("s") and not noun.endswith("s"):
            label = re.sub(rf"(?i)\b({re.escape(noun)})s\b", r"\1", label)
        label = title_case(label)
        label = re.sub(r"^(Acting|Interim)\s+", "", label)
        if org_label and " of " not in label and " at " not in label:
            label = f"{label} of {org_label}"
        elif org_label and org_label not in label:
            label = f"{label} ({org_label})"  # "Vice-President of Science (Canadian Space Agency)"
        return Post(organization=org, role=role_key, label=label), acting, past

    def _post_country(self, sk: Skeleton, role_index: int) -> tuple[str | None, bool]:
        """The country of a country-level post that names none: the one the text ties to the post or its
        holder, in this order: the holder's other posts in a country, the one country the sentence names
        (not one another role of the sentence is "to" or "of": "ambassador to X"), the dateline's country,
        the article's country when no other comes near it. Two candidates at one step: no country. The flag
        says the country came from the article (dateline, main country), not from the post's own sentence."""
        person = self._role_holder(sk, role_index)
        if person is not None:
            held = {f.get("post").organization for f in self.ctx.facts  # type: ignore[union-attr]
                    if f.kind == "Tenure" and f.get("member") == person and isinstance(f.get("post"), Post)
                    and self._org_kind(f.get("post").organization) == "Country"}  # type: ignore[union-attr]
            if len(held) == 1:
                return held.pop(), False
        local: set[str] = set()
        foreign: set[str] = set()
        for match in SLOT.finditer(sk.text):
            i = int(match.group(2))
            mention = sk.mentions[i]
            entity = self.lex.entities.get(mention.ref or "")
            if match.group(1) not in "OA" or mention.kind not in ("Country", "Demonym", "Capital") or entity is None:
                continue
            # "ambassador to X": another role's country, not this post's
            other = re.search(r"⟨R#(\d+)⟩\s+(?:to|of|in|for)\s+(?:the\s+)?$", sk.text[:match.start()])
            # a capital names a government acting ("Beijing answered") or a place unless possessive ("Beijing's
            # refusal"); "the US Embassy" is another body's, "US Defense Secretary X" another role's country
            after = sk.text[match.end():]
            ahead = re.match(r"(?:['’]s)?\s+⟨R#(\d+)⟩", after)
            if (mention.kind == "Capital" and not re.match(r"['’]s\b", after)) or re.match(r"\s+[A-Z][a-z]", after) \
                    or (ahead and int(ahead.group(1)) != role_index) or (other and int(other.group(1)) != role_index) \
                    or not self._owner_word(mention):
                # a country the sentence ties to something else is not the post's by default either (a capital
                # as a mere place, "detained in Tallinn", and another role's adjective, "then Russian President X
                # and Deputy Prime Minister Y", say nothing against it)
                if not (ahead and int(ahead.group(1)) != role_index) and not (mention.kind == "Capital" and re.search(r"\b(?:in|at|to|from|near|outside|into)\s+$",
                                                                 sk.sentence.text[:mention.start - sk.sentence.start], re.IGNORECASE)):
                    foreign.add(entity.country or entity.key)
                continue
            local.add(entity.country or entity.key)
        if len(local) > 1:
            return None, False
        if local:
            return (None if local & foreign else local.pop()), False
        dateline, home = self._dateline_country(), self._uncontested_home()
        counts = self._country_counts()
        if dateline is not None:
            # a dateline's country holds unless the article names another country more (a foreign leader in
            # an Ottawa report is no Canadian)
            top = max(counts.values(), default=0)
            country = dateline if counts.get(dateline, 0) >= top else None
        else:
            country = home
        return (None if country in foreign else country), True

    def lex_counterpart(self) -> str:
        """A country word before a word for another side's post ("the Saudi counterpart", "Japan's counterpart")."""
        return r"(?:['’]s)?\s+(?:[a-z]+\s+){0,2}?(?:" + any_of(self.lex.words("counterpart_words") or ["counterpart"]) + r")s?\b"

    def lex_place_before(self) -> re.Pattern[str]:
        """Words before a country that make it a place or a party of an event, not a post's owner ("after the
        invasion of X", "during a visit to X", "talks with X")."""
        return re.compile(r"\b(?:" + any_of(self.lex.words("post_country_not_after")) + r")\s+(?:the\s+)?$", re.IGNORECASE)

    def _role_holder(self, sk: Skeleton, role_index: int) -> str | None:
        """The person a role phrase is next to: "Minister X", "X, the minister", "X, minister of"."""
        tail = sk.text[sk.positions[role_index]:]
        after = re.match(r"⟨R#\d+⟩\s+⟨P#(\d+)⟩", tail)
        if after:
            return sk.mentions[int(after.group(1))].ref
        before = re.search(r"⟨P#(\d+)⟩,\s+(?:the\s+|a\s+|its\s+)?(?:[a-z]+\s+)?$", sk.text[:sk.positions[role_index]])
        return sk.mentions[int(before.group(1))].ref if before else None

    def _dateline_country(self) -> str | None:
        """The country of the dateline's capital ("SEOUL, Dec. 5 (Yonhap) --"), if the article opens with one."""
        first = self.ctx.am.sentences[0].text if self.ctx.am.sentences else ""
        dateline = re.match(r"([A-Z][A-Z.'’ -]{1,30}?)\s*(?:,|\(|[-–—])", first)
        if not dateline:
            return None
        place = dateline.group(1).strip().lower()
        return next((e.key for e in self.lex.entities.values() if e.kind == "Country"
                     and place in {c.lower() for c in e.capitals}), None)

    def _uncontested_home(self) -> str | None:
        """The article's country, unless another country is mentioned more than half as often (then the
        country of the organization the article is about, when it is the most mentioned one)."""
        ranked = self._country_counts().most_common(2)
        if not ranked:
            return None
        if len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
            subject = self.lex.entities.get(self.ctx.subject or "")
            return ranked[0][0] if subject is not None and subject.country == ranked[0][0] and ranked[1][1] < ranked[0][1] else None
        return ranked[0][0]

    def _org_kind(self, org: str) -> str:
        """The type of an organization: the reference data's, else the one its mentions were recognised as."""
        entity = self.lex.entities.get(org)
        return entity.kind if entity is not None else self.ctx.am.orgs.get(org, ("", "", set()))[0]

    def _acting_context(self, sk: Skeleton, role_index: int) -> bool:
        """"the caretaker director", "temporarily served as chairman", "in charge on an interim basis as":
        an acting word just before the role, or an acting phrase in the role's clause."""
        position = sk.positions[role_index]
        before = sk.text[:position]
        last = re.findall(r"([a-z][\w-]*)\s*$", before.lower())
        if last and last[0] in self.acting:
            return True
        clause = self._segment(sk.text, position).lower()
        after = re.match(r"[^,;.]*", sk.text[position:].lower())
        window = " " + re.sub(r"⟨[^⟩]+⟩", " X ", clause[-90:] + (after.group(0) if after else "")) + " "
        return bool(self.acting_context_re.search(window))

    def acting_span(self, sk: Skeleton, start: int, end: int) -> bool:
        """A head named by a verb or phrase ("in charge of X on an interim basis", "temporarily led X", "as
        caretaker"): an acting phrase of the lexicon in the clause of the match, up to the next clause break."""
        after = re.match(r"[^,;.]*", sk.text[end:])
        clause = self._segment(sk.text, start)[-90:] + sk.text[start:end] + (after.group(0) if after else "")
        window = " " + re.sub(r"⟨[^⟩]+⟩", " X ", clause.lower()) + " "
        return bool(self.acting_context_re.search(window))

    def _head_post(self, org: str, chair: bool = False) -> Post:
        """The head post of an organization named by a verb or phrase ("led", "at the helm of")."""
        entity = self.lex.entities.get(org)
        org_label = entity.label if entity else self.ctx.am.orgs.get(org, ("", org.split("/")[-1], set()))[1]
        return Post(organization=org, role="head", label=f"{'Chair' if chair else 'Head'} of {org_label}")

    def _ministry(self, words: str) -> str | None:
        """A ministry of the article whose name has the portfolio words of a minister ("research minister")."""
        wanted = {w for w in re.findall(r"[a-z]{4,}", words.lower()) if w not in ("minister", "deputy", "assistant", "associate")}
        if not wanted:
            return None
        for key, (_kind, label, names) in sorted(self.ctx.am.orgs.items()):
            for name in {label, *names}:
                lowered = name.lower()
                if "ministry" in lowered and wanted <= set(re.findall(r"[a-z]{4,}", lowered)):
                    return key
        return None

    def org_after(self, sk: Skeleton, position: int) -> int | None:
        """The organization an "of/at/for/in ..." phrase after ``position`` names: the last one of the phrase."""
        m = re.match(r"\s+(?:of|at|for|in|to|with)\s+(?P<np>[^,;.]*)", sk.text[position:])
        if not m:
            # "Secretary, Department of Space, said": a title, a comma and an organization that closes the phrase
            comma = re.match(r",\s+(?:the\s+)?⟨O#(\d+)⟩(?:\s*\(⟨O#\d+⟩\))?\s*(?:[,;.]|$)", sk.text[position:])
            if comma and sk.mentions[int(comma.group(1))].kind in ORG_KINDS and sk.mentions[int(comma.group(1))].kind not in ("Country", "Programme"):
                return int(comma.group(1))
            return None
        np = m.group("np")
        stop = re.search(r"\b(?:who|which|said|says|since|from|until|and|when|where|under|after|before|has|had|was|is|will|would|on|in|with|to|for)\b|⟨[PRD]#", np)
        if stop:
            np = np[: stop.start()]
        found = [int(i) for letter, i in SLOT.findall(np) if letter in "OA"]
        found = [i for i in found if sk.mentions[i].kind != "Capital"]
        # "director general of the National Center of Meteorology of the United Arab Emirates": a country
        # after a body only locates it; the post is the body's
        while len(found) > 1 and sk.mentions[found[-1]].kind == "Country" and sk.mentions[found[-2]].kind not in ("Country", "Programme") \
                and re.search(r"⟨O#" + str(found[-2]) + r"⟩\s+(?:of|in)\s+(?:the\s+)?⟨O#" + str(found[-1]) + "⟩", np):
            found = found[:-1]
        return found[-1] if found else None

    def _clause_subject(self, sk: Skeleton, position: int) -> int | None:
        """The person a sentence is about before ``position``: one followed by a verb, not by "as" or a comma."""
        for match in SLOT.finditer(sk.text[:position]):
            if match.group(1) != "P":
                continue
            following = sk.text[match.end():match.end() + 120]
            # "Yamakawa, a professor at Kyoto University, will become ...": past an appositive
            if re.match(r"(?:,\s+\d{1,3},|,[^,;]{1,80},)?\s+(?:on\s+)?(?:⟨D#\d+⟩\s+)?(?:\w+\s+)?(?:succeeded|succeeds|replaced|replaces|was|is|became|said|took|takes|has|had|will|served|serves|joined|heads|led|leads)\b", following):
                return int(match.group(2))
        return None

    OPENERS = ("before", "after", "when", "while", "since", "as", "although", "though", "if", "once", "in", "on",
               "from", "during", "despite", "unlike", "with", "until", "having", "speaking")

    def _pronoun_subject(self, sk: Skeleton, index: int) -> str | None:
        """The person a sentence-initial "He"/"She" stands for: the grammatical subject of the previous
        sentence (the first person of its main clause, not a possessive), when the gender agrees."""
        mention = sk.mentions[index]
        pronoun = mention.text.lower()
        if pronoun not in ("he", "she") or sk.positions[index] != 0 or sk.sentence.index == 0:
            return None
        i = sk.sentence.index - 1
        prev = build_skeleton(self.ctx.am.sentences[i], self.ctx.am.mentions[i])
        text = prev.text
        first = re.match(r"[A-Za-z]+", text)
        start = 0
        if first and first.group(0).lower() in self.OPENERS:
            comma = re.search(r",\s+(?=⟨P#)", text)
            start = comma.end() if comma else 0
        for m in SLOT.finditer(text, start):
            if m.group(1) != "P":
                continue
            candidate = prev.mentions[int(m.group(2))]
            if candidate.text.lower() in ("his", "her", "their", "its") or re.match(r"['’]s\b", text[m.end():]):
                continue
            if not re.match(r"(?:,[^,;]{1,80},)?\s+(?:[a-z]+\s+){0,2}?[a-z]+", text[m.end():]):
                return None
            info = self.ctx.am.persons.get(candidate.ref or "")
            wanted = "male" if pronoun == "he" else "female"
            if info is not None and info.gender in ("male", "female") and info.gender != wanted:
                return None
            return candidate.ref
        return None

    def _subject_before(self, sk: Skeleton, position: int) -> int | None:
        found = [int(i) for letter, i in SLOT.findall(sk.text[:position]) if letter == "P"]
        return found[-1] if found else None

    def _it(self, sk: Skeleton, position: int) -> int | None:
        """"it" / "they": the most recent organization before ``position`` that is not inside a
        prepositional phrase ("X, a professor at Kyoto University, will become its president":
        "its" is not the university); the most recent one when every one is."""
        before = sk.text[:position]
        found = [m for m in SLOT.finditer(before) if m.group(1) == "O"]
        for m in reversed(found):
            if not after_preposition(before[:m.start()], self.PREPOSITIONS, self.DETERMINERS):
                return int(m.group(2))
        return int(found[-1].group(2)) if found else None

    def _plain(self, sk: Skeleton, skeleton_text: str) -> str:
        """Turn a piece of skeleton back into the words of the sentence."""
        def back(match: re.Match[str]) -> str:
            return sk.mentions[int(match.group(2))].text
        return " ".join(SLOT.sub(back, skeleton_text).split()).strip(" ,")

    PREPOSITIONS = ("of", "with", "from", "to", "on", "at", "in", "for", "between", "against", "into", "over", "about",
                    "near", "than", "like", "by", "under", "after", "before")
    DETERMINERS = ("the", "a", "an", "its", "their", "his", "her")
