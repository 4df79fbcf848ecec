"""Stage 4: facts with evidence, from the mentions of each sentence.

Each sentence is rewritten as a *skeleton*: every mention is replaced by a
typed slot (``⟨P#3⟩`` a person, ``⟨O#1⟩`` an organization, country or
programme, ``⟨A#2⟩`` a demonym, ``⟨R#4⟩`` a role phrase, ``⟨D#0⟩`` a date).
The rules are regular expressions over skeletons: they see the grammar words
between the slots ("⟨P⟩, the ⟨R⟩ of ⟨O⟩", "⟨P⟩ succeeded ⟨P⟩") and never the
names themselves, so a rule fits every sentence of that shape.

Statements that are hedged, denied, hypothetical or questions are left out
(see ``_modality``); nominations are kept as nominations, acting heads as
acting tenures.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from newskg.lexicon import Lexicon, load_lexicon
from newskg.mentions import ORG_KINDS, ArticleMentions, slug
from newskg.model import DateValue, Evidence, Fact, Mention, Post, Sentence, Text

SLOT = re.compile(r"⟨([POARD])#(\d+)⟩")
P = r"⟨P#(?P<{}>\d+)⟩"
O = r"⟨[OA]#(?P<{}>\d+)⟩(?:\s*\(⟨O#\d+⟩\))?"  # an acronym defined in parentheses may follow
R = r"⟨R#(?P<{}>\d+)⟩"
D = r"⟨D#(?P<{}>\d+)⟩"
COUNTRY_LEVEL = {"prime-minister", "deputy-prime-minister", "minister", "senator", "governor", "representative"}
ORG_LEVEL_WITHOUT_ORG = {"head"}


# up to two lower-case words that are not prepositions or conjunctions ("the Roscosmos commercial subsidiary")
ADJECTIVES = r"(?:(?!(?:under|of|for|with|by|from|to|in|at|on|and|or|as|who|which|that)\b)[a-z][\w-]*\s+){0,2}?"


def _p(name: str) -> str:
    return P.format(name)


def _o(name: str) -> str:
    return O.format(name)


def _r(name: str) -> str:
    return R.format(name)


@dataclass
class Skeleton:
    sentence: Sentence
    mentions: list[Mention]
    text: str
    positions: list[int]  # skeleton offset of each slot

    def text_offset(self, position: int) -> int:
        """The offset in the sentence of a position in the skeleton."""
        delta = 0
        for i, slot_start in enumerate(self.positions):
            slot = f"⟨{_letter(self.mentions[i])}#{i}⟩"
            if position < slot_start:
                break
            mention = self.mentions[i]
            if position < slot_start + len(slot):
                return mention.start - self.sentence.start
            delta += (mention.end - mention.start) - len(slot)
        return position + delta


def build_skeleton(sentence: Sentence, mentions: list[Mention]) -> Skeleton:
    parts: list[str] = []
    positions: list[int] = []
    cursor = sentence.start
    for i, mention in enumerate(mentions):
        parts.append(sentence.text[cursor - sentence.start:mention.start - sentence.start])
        letter = _letter(mention)
        positions.append(sum(len(p) for p in parts))
        parts.append(f"⟨{letter}#{i}⟩")
        cursor = mention.end
    parts.append(sentence.text[cursor - sentence.start:])
    return Skeleton(sentence, mentions, "".join(parts), positions)


def _letter(mention: Mention) -> str:
    if mention.kind == "Person":
        return "P"
    if mention.kind == "Role":
        return "R"
    if mention.kind == "Date":
        return "D"
    if mention.kind == "Demonym":
        return "A"
    return "O"


@dataclass
class _Context:
    """What the rules of one article share: its mentions, the facts so far, its home country."""

    am: ArticleMentions
    lex: Lexicon
    facts: list[Fact] = field(default_factory=list)
    home_country: str | None = None
    last_withdrawal_actor: str | None = None


class FactExtractor:
    def __init__(self, am: ArticleMentions, lexicon: Lexicon | None = None):
        self.lex = lexicon or load_lexicon()
        self.ctx = _Context(am, self.lex)
        self.ctx.home_country = self._home_country()
        lists = self.lex.lists
        self.acting = set(lists.get("acting_words", []))
        self.past = set(lists.get("past_words", []))
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
        self.withdrawal_verbs = [(form, action, _verb_pattern(form)) for form, action in verbs]
        self.conditional_re = _word_alternation(self.conditionals)
        self.hedge_re = _word_alternation(self.hedges)
        self.speech_re = _word_alternation(self.speech)
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
        counts: Counter[str] = Counter()
        for mentions in self.ctx.am.mentions:
            for m in mentions:
                # the country of every country, demonym, capital and known organization mentioned
                entity = self.lex.entities.get(m.ref or "")
                if entity and entity.kind == "Country":
                    counts[entity.key] += 1
                elif entity and entity.country:
                    counts[entity.country] += 1
        return counts.most_common(1)[0][0] if counts else None

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

    def date_after(self, sk: Skeleton, start: int, words: str) -> DateValue | None:
        m = re.compile(rf"\b(?:{words})\s+(?:the\s+)?⟨D#(\d+)⟩").search(sk.text, start)
        if m:
            return DateValue(sk.mentions[int(m.group(1))].ref or "")
        return None

    def clause_dates(self, sk: Skeleton, lo: int = 0, hi: int | None = None,
                     skip: list[tuple[int, int]] | None = None) -> list[tuple[str, DateValue]]:
        """(preposition, date) pairs in a part of the skeleton, leaving out the ``skip`` ranges."""
        out = []
        for m in re.finditer(r"(?:\b(since|from|until|till|to|on|in|by|after|before|through)\s+(?:the\s+)?)?⟨D#(\d+)⟩", sk.text[lo:hi], re.IGNORECASE):
            if skip and any(a <= lo + m.start() < b for a, b in skip):
                continue
            mention = sk.mentions[int(m.group(2))]
            iso = mention.ref or ""
            # a month mention may carry its preposition ("since January")
            prep = (m.group(1) or "").lower() or _leading_preposition(mention.text)
            if iso:
                out.append((prep, DateValue(iso)))
        return out

    # ----------------------------------------------------------- modality
    def _segment(self, text: str, position: int) -> str:
        """The clause around ``position``: from the last clause break before it."""
        before = text[:position]
        cut = max(before.rfind(";"), before.rfind(":"), before.rfind(", but"), before.rfind(" but "),
                  before.rfind(", while"), before.rfind(", and "), _last_comma_before_main_clause(before))
        return before[cut + 1:] if cut >= 0 else before

    def _modality(self, sk: Skeleton, position: int, allow_reported_would: bool = True) -> str | None:
        """Why the statement at ``position`` is not a plain assertion, or None if it is."""
        text = sk.text
        segment = self._segment(text, position).lower()
        window = " " + re.sub(r"⟨[^⟩]+⟩", " X ", segment) + " "
        if text.rstrip().endswith("?"):
            return "question"
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
        acting = any(w.lower() in self.acting for w in words)
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
        for surface in sorted(self.lex.roles, key=len, reverse=True):
            found = re.search(rf"\b{re.escape(surface)}s?\b", lowered)
            if found:
                family, noun = self.lex.roles[surface], surface
                break
        if family is None or noun is None:
            return None, acting, past
        qualifier_text = lowered[: lowered.find(noun)].strip()
        portfolio = lowered[lowered.find(noun) + len(noun):].strip()
        qualifiers = [q for q in re.split(r"[\s-]+", qualifier_text) if q in self.lex.words("post_qualifiers") and q not in self.acting]
        if family in ("head", "prime-minister", "deputy-prime-minister"):
            role_key = "-".join(qualifiers + [family])
        else:
            role_key = "-".join(qualifiers + [slug(noun)] + ([slug(portfolio)] if portfolio else []))
        if org is None and family == "minister":
            org = self._ministry(qualifier_text + " " + portfolio)
        if org is None:
            if family in COUNTRY_LEVEL or (family == "head" and noun == "president" and not qualifiers) or (noun == "president" and qualifiers):
                org = self.ctx.home_country
            if org is None:
                # "X has served as acting administrator": the organization of the article's posts of
                # that kind, when they all name the same one
                orgs = {f.get("post").organization for f in self.ctx.facts  # type: ignore[union-attr]
                        if f.kind in ("Tenure", "Nomination") and isinstance(f.get("post"), Post)
                        and f.get("post").role == role_key and noun in f.get("post").label.lower()}  # type: ignore[union-attr]
                org = orgs.pop() if len(orgs) == 1 else None
            if org is None:
                return None, acting, past
        entity = self.lex.entities.get(org)
        org_label = entity.label if entity else self.ctx.am.orgs.get(org, ("", org.split("/")[-1], set()))[1]
        label = _title_case(label)
        label = re.sub(r"^(Acting|Interim)\s+", "", label)
        if org_label and " of " not in label and " at " not in label:
            label = f"{label} of {org_label}"
        elif org_label and org_label not in label:
            label = f"{label} ({org_label})"  # "Vice-President of Science (Canadian Space Agency)"
        return Post(organization=org, role=role_key, label=label), acting, past

    def _ministry(self, words: str) -> str | None:
        """A ministry of the article whose name has the portfolio words of a minister ("research minister")."""
        wanted = {w for w in re.findall(r"[a-z]{4,}", words.lower()) if w not in ("minister", "deputy", "assistant", "associate")}
        if not wanted:
            return None
        for key, (kind, label, names) in sorted(self.ctx.am.orgs.items()):
            for name in {label, *names}:
                lowered = name.lower()
                if "ministry" in lowered and wanted <= set(re.findall(r"[a-z]{4,}", lowered)):
                    return key
        return None

    def org_after(self, sk: Skeleton, position: int) -> int | None:
        """The organization an "of/at/for/in ..." phrase after ``position`` names: the last one of the phrase."""
        m = re.match(r"\s+(?:of|at|for|in|to|with)\s+(?P<np>[^,;.]*)", sk.text[position:])
        if not m:
            return None
        np = m.group("np")
        stop = re.search(r"\b(?:who|which|said|says|since|from|until|and|when|where|under|after|before|has|had|was|is|will|would|on|in|with|to|for)\b|⟨[PRD]#", np)
        if stop:
            np = np[: stop.start()]
        found = [int(i) for letter, i in SLOT.findall(np) if letter in "OA"]
        found = [i for i in found if sk.mentions[i].kind != "Capital"]
        return found[-1] if found else None

    # -------------------------------------------------------------- tenures
    TENURE_RULES: list[tuple[str, str, float]] = [
        # "Roscosmos Director General Dmitry Rogozin", "Russian President Vladimir Putin", "ESA's director general, Josef Aschbacher"
        ("tenure.org-role-name", _o("o") + r"(?:['’]s)?\s+" + ADJECTIVES + _r("r") + r",?\s+" + _p("p"), 0.9),
        # "Head of the Russian space agency Roscosmos, Dmitry Rogozin"
        ("tenure.role-of-org-name", _r("r") + r"\s+(?:of|at)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?" + _o("o") + r",?\s+" + _p("p"), 0.85),
        # "Dmitry Rogozin, president of Roscosmos", "Borisov, the new president of Roscosmos"
        ("tenure.appositive", _p("p") + r",\s+(?:\d{1,3},\s+)?(?:(?:the|a|an|its|his|her)\s+)?(?:" + _o("o") + r"(?:['’]s)?\s+)?(?:[A-Za-z][\w-]*\s+){0,3}?" + _r("r"), 0.9),
        # "Lisa Campbell is the new president of the Canadian Space Agency", "Laporte, who had been president of the agency since 2015"
        ("tenure.copula", _p("p") + r"(?:,\s+\d{1,3},|,\s+(?:the|a|an)\s+[^,⟨]{1,60},)?(?:,?\s+who)?\s+(?:also\s+)?(?:is|was|has been|had been|became|becomes|remains|remained|served as|serves as|had served as|has served as|worked as|"
         r"was appointed(?: as)?|has been appointed(?: as)?|is appointed(?: as)?|was named(?: as)?|has been named(?: as)?|is named(?: as)?|was elected(?: as)?|took office as|was confirmed as|was sworn in as|has been sworn in as|is sworn in as)\s+"
         r"(?:the\s+|a\s+|an\s+)?(?:" + _o("o") + r"['’]s\s+)?(?:[a-z0-9][\w-]*\s+){0,2}?" + _r("r"), 0.85),
        # "Putin on Thursday appointed former Deputy Prime Minister Dmitriy Rogozin as general director of Roskosmos"
        ("tenure.appointed", r"\b(?:appointed|appoints|appointing|named|names|naming|installed|elected|elects)\s+(?:⟨R#\d+⟩\s+)?" + _p("p") + r"\s+(?:as\s+)?(?:the\s+|(?P<its>its\s+|their\s+))?(?:new\s+)?(?:" + _o("o") + r"['’]s\s+)?" + _r("r"), 0.85),
        # "Kenji Sato stepped down as president of JAXA on Friday"
        ("tenure.stepped-down", _p("p") + r"(?:,[^,⟨]{1,60},)?\s+(?:has\s+|had\s+)?(?:stepped down|steps down|resigned|resigns|retired|retires|quit|left office|was dismissed|was fired|was removed)\s+as\s+(?:the\s+)?(?:" + _o("o") + r"['’]s\s+)?" + _r("r"), 0.85),
        # "Putin on Friday dismissed Dmitry Rogozin as head of Roscosmos"
        ("tenure.dismissed", r"\b(?:dismissed|fired|sacked|removed|ousted|relieved)\s+" + _p("p") + r"\s+(?:as|from\s+(?:his|her|the)\s+(?:post|position|job|duties)\s+(?:as|of))\s+(?:the\s+)?(?:" + _o("o") + r"['’]s\s+)?" + _r("r"), 0.85),
        # "Yuri Borisov will take over as head of Roscosmos on July 15": an announced start
        ("tenure.announced", _p("p") + r"(?:,[^,]{1,80},)?\s+(?:will|is to|is due to|is set to)\s+(?:take over|take office|become|be sworn in|start|begin)\s+(?:as\s+)?(?:the\s+|(?P<its>its\s+|their\s+))?(?:new\s+)?(?:" + _o("o") + r"['’]s\s+)?" + _r("r"), 0.7),
        # "Her most recent job was associate deputy minister at Veterans Affairs Canada"
        ("tenure.job-was", _p("p") + r"(?:['’]s)?\s+(?:most\s+recent\s+|previous\s+|last\s+|former\s+|first\s+|new\s+)?(?:job|post|position|role)\s+(?:was|is)\s+(?:as\s+)?(?:the\s+|a\s+|an\s+)?" + _r("r"), 0.8),
        # "she worked at the Competition Bureau as a senior deputy commissioner", "Harris's first official act as chair of ..."
        ("tenure.as-role", _p("p") + r"(?:['’]s)?\s+[^⟨.;]{0,50}?(?:" + _o("o") + r"[^⟨.;]{0,10}?)?\bas\s+(?:the\s+|a\s+|an\s+|(?P<its>its\s+))?(?:[a-z][\w-]*\s+){0,2}?" + _r("r"), 0.7),
        # "The new president of the Canadian Space Agency, Lisa Campbell"
        ("tenure.role-name", _r("r") + r"\s+" + _p("p"), 0.85),
    ]
    LEAD_RULES: list[tuple[str, str, float]] = [
        # "Dmitri Rogozin, who heads Roscosmos", "Charles Bolden, who led the agency", "Komarov, who had led Roskosmos since 2015"
        ("tenure.leads", _p("p") + r"(?:,\s+\d{1,3},)?,?\s+(?:who\s+)?(?:had\s+|has\s+|also\s+|earlier\s+)*(?:heads|headed|leads|led|runs|ran|run|chairs|chaired|directs|directed|steered|has led|had led)\s+(?:the\s+)?" + _o("o"), 0.85),
        ("tenure.leads-who", r"\bwho\s+(?:had\s+|has\s+|also\s+|earlier\s+)*(?:heads|headed|leads|led|runs|ran|chairs|chaired|directs|directed|steered)\s+(?:the\s+)?" + _o("o"), 0.8),
        # "Borisov was appointed to lead Roscosmos earlier this month"
        ("tenure.appointed-to-lead", _p("p") + r"(?:,[^,]{1,80},)?\s+(?:was|has been|is|had been)\s+(?:appointed|named|chosen|picked|elected|tapped)\s+to\s+(?:lead|head|run|chair)\s+(?:the\s+)?" + _o("o"), 0.8),
        # "the German Aerospace Center (DLR), which is chaired by Anke Kaysser-Pyzalla"
        ("tenure.led-by", _o("o") + r"(?:\s*\(⟨O#\d+⟩\))?,?\s+(?:which|that)\s+(?:is|was|has been)\s+(?:chaired|headed|led|run|directed)\s+by\s+" + _p("p"), 0.85),
        # "Borisov succeeded Rogozin ..., and on July 25 also served as the Russian President's special representative"
        ("tenure.coordinated", r"\band\s+(?:on\s+⟨D#\d+⟩\s+)?(?:also\s+)?(?:served as|serves as|became|was appointed(?: as)?|was named(?: as)?)\s+(?:the\s+)?(?:" + _o("o") + r"(?:['’]s)?\s+)?" + _r("r"), 0.75),
        # "She is the first woman to run the CSA", "Aschbacher is the first Austrian to lead the agency"
        ("tenure.first-to-lead", _p("p") + r"\s+(?:is|was|became|becomes)\s+the\s+(?:[\w-]+\s+){1,3}?to\s+(?:lead|head|run|chair|direct)\s+(?:the\s+)?" + _o("o"), 0.75),
        # "Bill Nelson ... took charge of NASA on Monday"
        ("tenure.took-charge", _p("p") + r"(?:,[^;]{0,160}?,)?\s+(?:\w+\s+)?(?:took|takes|has taken|formally took)\s+(?:charge|the helm|the reins|control|office|over)\s+(?:of|at)\s+(?:the\s+)?" + _o("o"), 0.85),
    ]

    def tenures(self, sk: Skeleton) -> None:
        seen: set[tuple[int, int]] = set()
        for rule, pattern, confidence in self.TENURE_RULES:
            for m in re.finditer(pattern, sk.text):
                p, r = int(m.group("p")), int(m.group("r"))
                if (p, r) in seen or sk.mentions[p].kind != "Person":
                    continue
                if rule == "tenure.appositive" and re.match(r"\s*⟨P#", sk.text[sk.positions[r] + len(f"⟨R#{r}⟩"):]):
                    continue
                o = m.groupdict().get("o")
                # an organization the pattern names wins over one after the match ("Roscosmos head
                # Yuri Borisov in Baikonur"); without one, the organization after the role counts
                org_index = int(o) if o is not None else (
                    self.org_after(sk, m.end()) if rule not in ("tenure.role-of-org-name", "tenure.role-name") else None)
                if org_index is None and m.groupdict().get("its"):
                    org_index = self._it(sk, m.start())  # "Solnorex Industries named Ivan Okafor as its new president"
                if org_index is None and rule == "tenure.appointed":
                    # "ESA's council elected X as director general": the appointing organization
                    subject = re.search(r"⟨O#(\d+)⟩(?:['’]s?\s+(?:council|board|government|members|shareholders))?"
                                        r"(?:\s+on\s+⟨D#\d+⟩)?\s+(?:\w+\s+)?$", sk.text[:m.start()])
                    org_index = int(subject.group(1)) if subject and self.is_org(sk, int(subject.group(1))) else None
                if rule == "tenure.role-name" and org_index is None:
                    # "Russian President Vladimir Putin" is caught above; here "President Vladimir Putin"
                    org_index = self._org_before(sk, m.start())
                if rule == "tenure.as-role" and org_index is None:
                    continue
                if self._modality(sk, m.start("r") if rule != "tenure.appositive" else m.start(), allow_reported_would=False) in ("conditional", "hedge", "question"):
                    continue
                org = self.ref(sk, org_index) if org_index is not None else None
                post, acting, past = self.make_post(sk, r, org)
                if post is None:
                    continue
                seen.add((p, r))
                start, end = self._tenure_dates(sk, m, rule)
                self.emit("Tenure", sk, rule, [p, r] + ([org_index] if org_index is not None else []), confidence,
                          match=m, member=self.ref(sk, p), post=post, start=start, end=end, acting=True if acting else None)
        for rule, pattern, confidence in self.LEAD_RULES:
            if rule == "tenure.coordinated":
                for m in re.finditer(pattern, sk.text):
                    p_index = self._clause_subject(sk, m.start())
                    r = int(m.group("r"))
                    if p_index is None or (p_index, r) in seen:
                        continue
                    org_index = self.org_after(sk, m.end())
                    if org_index is None and m.group("o"):
                        org_index = int(m.group("o"))
                    post, acting, _ = self.make_post(sk, r, self.ref(sk, org_index) if org_index is not None else None)
                    if post is None:
                        continue
                    dates = [d for prep, d in self.clause_dates(sk, m.start(), None) if prep in ("on", "")]
                    self.emit("Tenure", sk, rule, [p_index, r], confidence, match=m, member=self.ref(sk, p_index), post=post,
                              start=dates[0] if dates else None, acting=True if acting else None)
                continue
            for m in re.finditer(pattern, sk.text):
                p_index = m.groupdict().get("p")
                if p_index is None:
                    p_index = self._subject_before(sk, m.start())
                if p_index is None or sk.mentions[int(p_index)].kind != "Person":
                    continue
                org_index = int(m.group("o"))
                if not self.is_org(sk, org_index) or self._modality(sk, m.start("o")) in ("conditional", "hedge", "question", "negation"):
                    continue
                org = self.ref(sk, org_index)
                if org is None:
                    continue
                verb = re.search(r"(chair\w*|head\w*|lead\w*|led|run\w*|ran|direct\w*|steer\w*|charge|helm|reins|control|office|over)", m.group(0).split(" to ")[-1])
                post = self._head_post(org, chair=bool(verb and verb.group(1).startswith("chair")))
                start, end = self._tenure_dates(sk, m, rule)
                self.emit("Tenure", sk, rule, [int(p_index), org_index], confidence, match=m, member=self.ref(sk, p_index), post=post, start=start, end=end)
        self._nominations(sk)

    def _head_post(self, org: str, chair: bool = False) -> Post:
        """The head post of an organization named by a verb or phrase ("led", "at the helm of")."""
        entity = self.lex.entities.get(org)
        org_label = entity.label if entity else self.ctx.am.orgs.get(org, ("", org.split("/")[-1], set()))[1]
        return Post(organization=org, role="head", label=f"{'Chair' if chair else 'Head'} of {org_label}")

    def its_role(self, sk: Skeleton) -> None:
        """"Its director general, Yuri Borisov, ...": "its" is the organization the previous sentence is about."""
        for m in re.finditer(r"(?:^|[.;]\s+)(?:Its|Their)\s+(?:new\s+)?" + _r("r") + r",?\s+" + _p("p"), sk.text):
            index = sk.sentence.index
            if index == 0:
                continue
            previous = [x for x in self.ctx.am.mentions[index - 1] if x.kind in ORG_KINDS and x.kind not in ("Country", "Programme")]
            if not previous or previous[0].ref is None:
                continue
            post, acting, _ = self.make_post(sk, int(m.group("r")), previous[0].ref)
            if post is not None:
                self.emit("Tenure", sk, "tenure.its-role", [int(m.group("p")), int(m.group("r"))], 0.75, match=m,
                          member=self.ref(sk, m.group("p")), post=post, acting=True if acting else None)

    def _org_before(self, sk: Skeleton, position: int) -> int | None:
        m = re.search(r"⟨[OA]#(\d+)⟩(?:['’]s)?\s+" + ADJECTIVES + "$", sk.text[:position])
        return int(m.group(1)) if m else None

    def _clause_subject(self, sk: Skeleton, position: int) -> int | None:
        """The person a sentence is about before ``position``: one followed by a verb, not by "as" or a comma."""
        for match in SLOT.finditer(sk.text[:position]):
            if match.group(1) != "P":
                continue
            following = sk.text[match.end():match.end() + 120]
            # "Yamakawa, a professor at Kyoto University, will become ...": past an appositive
            if re.match(r"(?:,\s+\d{1,3},|,[^,;]{1,80},)?\s+(?:\w+\s+)?(?:succeeded|succeeds|replaced|replaces|was|is|became|said|took|takes|has|had|will|served|serves|joined|heads|led|leads)\b", following):
                return int(match.group(2))
        return None

    def _subject_before(self, sk: Skeleton, position: int) -> int | None:
        found = [int(i) for letter, i in SLOT.findall(sk.text[:position]) if letter == "P"]
        return found[-1] if found else None

    def _tenure_dates(self, sk: Skeleton, m: re.Match[str], rule: str) -> tuple[DateValue | None, DateValue | None]:
        text = sk.text
        # only the dates of this clause: up to the next person or the end of the sentence
        tail_end = len(text)
        nxt = re.search(r"⟨P#\d+⟩|;", text[m.end():])
        if nxt:
            tail_end = m.end() + nxt.start()
        head_start = max(text.rfind(";", 0, m.start()), 0)
        # "Campbell, who has led the CSA since 2020, will become ...": that date is the relative clause's
        inner = [(m.start() + r.start(), m.start() + r.end()) for r in re.finditer(r",\s+(?:who|which)\b[^,]*,", m.group(0))
                 if m.start() + r.end() < m.end()]
        dates = self.clause_dates(sk, head_start, tail_end, skip=inner)
        start = end = None
        for prep, date in dates:
            if prep in ("since",) and start is None:
                start = date
            elif prep == "from" and start is None:
                start = date
            elif prep in ("until", "till", "to", "through") and start is not None and end is None:
                end = date
            elif prep == "until" and end is None:
                end = date
        if re.search(r"\b(?:stepped down|steps down|resigned|resigns|retired|retires|quit|left office|dismissed|fired|removed|sacked|ousted|relieved)\b", m.group(0)):
            plain = [d for prep, d in dates if prep in ("on", "", "in")]
            return start, end or (plain[0] if plain else None)
        started = re.search(r"\b(?:became|becomes|become|take over|take office|start|begin|sworn in|sworn|took|takes|appointed|appoints|appointing|named|naming|took office|took charge|took over|taken charge|taken over|taken office|assumed|joined|elected|new)\b", m.group(0))
        if start is None and started and not re.search(r"\b(?:former|then)\b", m.group(0)):
            if re.search(r"\b(?:will|is to|is due to|is set to)\s+\w+", m.group(0)):
                # "X said on Tuesday that Y will become its president on April 1": the date after the verb
                dates = [(prep, d) for prep, d in self.clause_dates(sk, m.start(), tail_end)] or dates
            plain = [d for prep, d in dates if (prep in ("on", "") and len(d.iso) >= 7) or prep == "in"]
            if plain:
                start = plain[0]
        return start, end

    def _nominations(self, sk: Skeleton) -> None:
        pattern = (r"\b(?:nominated|nominates|nominate|picked|tapped)\s+(?:(?:former|ex-)\s*)?(?:⟨R#\d+⟩\s+)?" + _p("p")
                   + r"\s+(?:to become|to be|as|for|to lead|to head)\s+(?:the\s+)?(?:next\s+|new\s+)?(?:" + _o("o") + r"(?:['’]s)?\s+)?(?:" + _r("r") + r")?")
        for m in re.finditer(pattern, sk.text):
            p = int(m.group("p"))
            o = m.group("o")
            r = m.group("r")
            org_index = int(o) if o else self.org_after(sk, m.end())
            org = self.ref(sk, org_index) if org_index is not None else None
            if r is None:
                if org is None:
                    continue
                entity = self.lex.entities.get(org)
                post = Post(org, "head", f"Head of {entity.label if entity else org.split('/')[-1]}")
            else:
                post, _, _ = self.make_post(sk, int(r), org)
            if post is None:
                continue
            self.emit("Nomination", sk, "nomination.nominated", [p] + ([int(r)] if r else []), 0.8, match=m, member=self.ref(sk, p), post=post,
                      date=next((d for _, d in self.clause_dates(sk)), None))
        # "Sarah Kim, the president's pick to lead NOAA"
        for m in re.finditer(_p("p") + r",\s+(?:the\s+)?(?:(?:[\w’'-]+|⟨[RAO]#\d+⟩['’]s)\s+){0,3}?(?:pick|choice|nominee|candidate)\s+(?:to\s+(?:lead|head|run)|for)\s+(?:the\s+)?" + _o("o"), sk.text):
            p, o = int(m.group("p")), int(m.group("o"))
            org = self.ref(sk, o)
            if org is None or sk.mentions[o].kind in ("Country", "Demonym", "Capital"):
                continue
            entity = self.lex.entities.get(org)
            label = entity.label if entity else self.ctx.am.orgs.get(org, ("", org.split("/")[-1], set()))[1]
            self.emit("Nomination", sk, "nomination.pick", [p, o], 0.7, match=m, member=self.ref(sk, p), post=Post(org, "head", f"Head of {label}"))
        # "was nominated to lead", "X, the nominee for"
        for m in re.finditer(_p("p") + r"\s+(?:was|has been|is)\s+nominated\s+(?:to lead|to head|as|to become|to be)\s+(?:the\s+)?(?:" + _o("o") + r"['’]s\s+)?(?:" + _r("r") + r")?", sk.text):
            p = int(m.group("p"))
            org_index = int(m.group("o")) if m.group("o") else self.org_after(sk, m.end())
            org = self.ref(sk, org_index) if org_index is not None else None
            post = None
            if m.group("r"):
                post, _, _ = self.make_post(sk, int(m.group("r")), org)
            elif org:
                entity = self.lex.entities.get(org)
                post = Post(org, "head", f"Head of {entity.label if entity else org.split('/')[-1]}")
            if post:
                self.emit("Nomination", sk, "nomination.was-nominated", [p], 0.8, match=m, member=self.ref(sk, p), post=post)

    # ---------------------------------------------------------- possessions
    def ownership(self, sk: Skeleton) -> None:
        """"Elon Musk's SpaceX": a person's company is one they lead."""
        for m in re.finditer(_p("p") + r"['’]s\s+(?:(?:own|space[\w-]*|company|firm)\s+){0,2}" + _o("o"), sk.text):
            p, o = int(m.group("p")), int(m.group("o"))
            mention = sk.mentions[o]
            if mention.kind != "Company" or sk.mentions[p].text.lower() in ("his", "her", "he", "she"):
                continue
            entity = self.lex.entities.get(mention.ref or "")
            label = entity.label if entity else mention.text
            self.emit("Tenure", sk, "tenure.owner-possessive", [p, o], 0.6, match=m, member=self.ref(sk, p),
                      post=Post(mention.ref or "", "head", f"Head of {label}"))

    # ---------------------------------------------------------- successions
    SUCCESSION_ACTIVE = r"(?:succeeded|succeeds|succeed|replaced|replaces|replace|takes over from|took over from|take over from|takes the place of|took the place of|take the place of|has replaced|has succeeded|will succeed|will replace)"

    def successions(self, sk: Skeleton) -> None:
        text = sk.text
        found: list[tuple[re.Match[str], int, int, str]] = []
        for m in re.finditer(_p("a") + r"(?:,[^;]{0,160}?,)?,?\s+(?:\w+\s+)?" + self.SUCCESSION_ACTIVE + r"\s+" + _p("b"), text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.active"))
        # "Neuenschwander's successor, Astrid Holm", "Holm's predecessor, Daniel Neuenschwander"
        for m in re.finditer(_p("b") + r"['’]s?\s+(?:successor|replacement),?\s+" + _p("a"), text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.possessive"))
        for m in re.finditer(_p("a") + r"['’]s?\s+predecessor,?\s+" + _p("b"), text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.possessive"))
        # "Borisov was appointed to lead Roscosmos earlier this month, replacing Dmitry Rogozin"
        for m in re.finditer(r",\s+(?:replacing|succeeding)\s+" + _p("b"), text):
            a = self._clause_subject(sk, m.start())
            if a is not None:
                found.append((m, a, int(m.group("b")), "succession.participle"))
        # "Karl Berg, Ingrid Dahl's successor at the Norwegian Space Agency"
        for m in re.finditer(_p("a") + r",\s+(?:the\s+)?" + _p("b") + r"['’]s?\s+(?:successor|replacement)\b", text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.possessive"))
        for m in re.finditer(_p("b") + r"(?:,[^;]{0,160}?,)?\s+(?:was|is|has been|will be|had been)\s+(?:succeeded|replaced)\s+(?:as\s+[^⟨]*⟨R#\d+⟩\s+(?:of\s+(?:the\s+)?⟨O#\d+⟩\s+)?)?by\s+" + _p("a"), text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.passive"))
        for m, a, b, rule in found:
            if sk.mentions[a].ref == sk.mentions[b].ref or sk.mentions[a].kind != "Person" or sk.mentions[b].kind != "Person":
                continue
            verb = re.search(self.SUCCESSION_ACTIVE + r"|succeeded|replaced|successor|predecessor|replacement", m.group(0))
            position = m.start() + (verb.start() if verb else 0)
            if self._modality(sk, position, allow_reported_would=False) in ("conditional", "hedge", "question", "negation"):
                continue
            self._succession(sk, m, a, b, rule)
        # "the post of deputy premier ... passed to Yuri Borisov"
        for m in re.finditer(r"\b(?:post|position|job|office|seat)\s+of\s+" + _r("r") + r"[^⟨]{0,80}?\b(?:passed|went|was given|fell|was handed)\s+to\s+" + _p("a"), text):
            a, r = int(m.group("a")), int(m.group("r"))
            post, _, _ = self.make_post(sk, r, self.org_after(sk, sk.positions[r] + len(f"⟨R#{r}⟩")) and self.ref(sk, self.org_after(sk, sk.positions[r] + len(f"⟨R#{r}⟩"))))
            if post is None:
                continue
            predecessor = self._other_holder(post, sk.mentions[a].ref or "")
            date = next((d for _, d in self.clause_dates(sk)), None)
            self.emit("Tenure", sk, "tenure.post-passed", [a, r], 0.8, match=m, member=self.ref(sk, a), post=post, start=date)
            if predecessor:
                self.emit("Succession", sk, "succession.post-passed", [a, r], 0.7, match=m, successor=self.ref(sk, a), predecessor=predecessor, post=post, date=date)
                self.emit("Tenure", sk, "tenure.implied-by-succession", [r], 0.5, match=m, member=predecessor, post=post, end=date)

    def took_office(self, sk: Skeleton) -> None:
        """"Yamakawa, who took office in April 2018": the start of the one post the article gives that person."""
        for m in re.finditer(_p("p") + r",?\s+(?:who\s+)?(?:took office|was sworn in|assumed office|took up the post|took the helm|took over)\s+(?:on|in)\s+(?:the\s+)?⟨D#(?P<d>\d+)⟩", sk.text):
            person = sk.mentions[int(m.group("p"))].ref
            posts = {f.get("post") for f in self.ctx.facts if f.kind == "Tenure" and f.get("member") == person and not f.get("end")}
            if len(posts) != 1:
                continue
            post = posts.pop()
            self.emit("Tenure", sk, "tenure.took-office", [int(m.group("p"))], 0.75, match=m, member=person, post=post,
                      start=DateValue(sk.mentions[int(m.group("d"))].ref or ""))

    def predecessor_descriptions(self, sk: Skeleton) -> None:
        """"His predecessor ... after eight years as chairman of DLR": a post of the person a succession names."""
        for m in re.finditer(r"⟨P#(\d+)⟩(?:['’]s)?\s+(predecessor|successor)\b", sk.text):
            person = sk.mentions[int(m.group(1))].ref
            wanted = "successor" if m.group(2) == "predecessor" else "predecessor"
            other = "predecessor" if wanted == "successor" else "successor"
            named = next((str(f.get(other)) for f in self.ctx.facts if f.kind == "Succession" and f.get(wanted) == person), None)
            if named is None:
                continue
            rest = sk.text[m.end():]
            as_role = re.search(r"\bas\s+(?:the\s+|a\s+|an\s+)?(?:[a-z][\w-]*\s+){0,2}?" + _r("r"), rest)
            if not as_role or "⟨P#" in rest[: as_role.start()]:
                continue
            r = int(as_role.group("r"))
            org_index = self.org_after(sk, m.end() + as_role.end())
            post, acting, _ = self.make_post(sk, r, self.ref(sk, org_index) if org_index is not None else None)
            if post is None:
                continue
            self.emit("Tenure", sk, "tenure.predecessor-description", [int(m.group(1)), r], 0.7, match=m, member=named, post=post,
                      acting=True if acting else None)

    def _other_holder(self, post: Post, successor: str) -> str | None:
        for fact in reversed(self.ctx.facts):
            if fact.kind == "Tenure" and fact.get("member") != successor:
                other = fact.get("post")
                if isinstance(other, Post) and other.organization == post.organization and other.role == post.role:
                    return str(fact.get("member"))
        return None

    def _succession(self, sk: Skeleton, m: re.Match[str], a: int, b: int, rule: str) -> None:
        text = sk.text
        successor, predecessor = self.ref(sk, a), self.ref(sk, b)
        after = text[m.end():]
        # "... as the president of Roscosmos"
        post = None
        as_role = re.match(r"\s+as\s+(?:the\s+|(?P<its>its\s+))?(?:new\s+)?" + _r("r"), after)
        if as_role:
            r = int(as_role.group("r"))
            org_index = self.org_after(sk, m.end() + as_role.end())
            if org_index is None and as_role.group("its"):
                org_index = self._it(sk, m.start())  # "X said that A had replaced B as its chairman"
            post, _, _ = self.make_post(sk, r, self.ref(sk, org_index) if org_index is not None else None)
        # "... at the helm of the agency", "... as head of NASA"
        helm = re.match(r"\s+(?:at\s+the\s+(?:helm|head)|in\s+charge)\s+of\s+(?:the\s+)?⟨O#(\d+)⟩", after)
        if post is None and helm and self.is_org(sk, int(helm.group(1))):
            org = self.ref(sk, int(helm.group(1)))
            post = self._head_post(org) if org else None
        # a relative clause on the predecessor: "who stepped down on Jan. 20", "whose term ... ended on Sunday"
        predecessor_end = None
        relative = re.match(r"[^;]*?\b(?:who|whose\s+(?:term|tenure|mandate)[^;.]{0,60}?)\s+(?:had\s+)?(?:stepped down|resigned|left|retired|departed|ended|expired|was dismissed)\b[^⟨]*?(?:on\s+|in\s+)?⟨D#(\d+)⟩", after)
        if relative:
            predecessor_end = DateValue(sk.mentions[int(relative.group(1))].ref or "")
        # the date of the succession: a date of this clause that is not inside a relative clause
        head = text[: m.start()]
        own = re.split(r"\b(?:who|whose|which)\b", after)[0]
        # a participle's clause starts at its subject: "X said on Tuesday that A will take over on
        # 1 April, replacing B" is dated 1 April, not Tuesday
        lo = sk.positions[a] if rule == "succession.participle" else 0
        dates = [d for prep, d in self.clause_dates(sk, lo, m.start()) if prep in ("on", "", "since", "in")]
        dates += [d for prep, d in self.clause_dates(Skeleton(sk.sentence, sk.mentions, own, sk.positions)) if prep in ("on", "")]
        if "when" in head[-40:] or "since" in head:
            dates = [d for prep, d in self.clause_dates(sk, 0, m.start()) if prep in ("since", "on", "")] or dates
        effect = re.match(r"[^;]*?\bwhen\s+(?:⟨P#\d+⟩\s+)?(?:term|tenure|mandate)\s+(?:ends|expires|runs out)\s+(?:on|in)\s+⟨D#(\d+)⟩", after)
        if effect:
            dates = [DateValue(sk.mentions[int(effect.group(1))].ref or "")]
        date = dates[0] if dates else None
        if post is None:
            post = self._post_of(successor, predecessor)
        if date is None and post is not None:
            date = self._start_of(successor, post)
        self.emit("Succession", sk, rule, [a, b], 0.9 if post else 0.8, match=m, successor=successor, predecessor=predecessor, post=post, date=date)
        if post is not None:
            self.emit("Tenure", sk, "tenure.implied-by-succession", [a], 0.6, match=m, member=successor, post=post, start=date)
            self.emit("Tenure", sk, "tenure.implied-by-succession", [b], 0.55 if predecessor_end is None else 0.85,
                      match=m, member=predecessor, post=post, end=predecessor_end or date)

    def _post_of(self, successor: str | None, predecessor: str | None) -> Post | None:
        """The post a succession is about when the sentence does not say: one the article gives either person."""
        mine = [f for f in self.ctx.facts if f.kind == "Tenure" and f.get("member") == successor and isinstance(f.get("post"), Post)]
        theirs = [f for f in self.ctx.facts if f.kind == "Tenure" and f.get("member") == predecessor and isinstance(f.get("post"), Post)]
        for f in mine:
            for g in theirs:
                if _post_key(f.get("post")) == _post_key(g.get("post")):
                    return f.get("post")  # type: ignore[return-value]
        started = [f for f in mine if f.get("start")]
        if len({_post_key(f.get("post")) for f in started}) == 1:
            return started[0].get("post")  # type: ignore[return-value]  # the one post the successor starts
        for exact in (True, False):
            for f in theirs + started + mine:
                post = f.get("post")
                if isinstance(post, Post) and (post.role == "head" if exact else post.role.endswith("head")):
                    return post
        return None

    def _start_of(self, person: str | None, post: Post) -> DateValue | None:
        for f in self.ctx.facts:
            if f.kind == "Tenure" and f.get("member") == person and _post_key(f.get("post")) == post.key and f.get("start"):
                return f.get("start")  # type: ignore[return-value]
        return None

    def late_succession_dates(self) -> None:
        """A succession stated before the successor's start date is read: date it from that start."""
        updated = []
        for fact in self.ctx.facts:
            if fact.kind == "Succession" and fact.get("date") is None and isinstance(fact.get("post"), Post):
                start = self._start_of(str(fact.get("successor")), fact.get("post"))  # type: ignore[arg-type]
                if start is not None:
                    fact = Fact.make("Succession", fact.evidence, successor=fact.get("successor"), predecessor=fact.get("predecessor"),
                                     post=fact.get("post"), date=start)
            updated.append(fact)
        self.ctx.facts[:] = updated

    # ------------------------------------------------------------ sanctions
    def sanctions(self, sk: Skeleton) -> None:
        text = sk.text
        nouns = "|".join(re.escape(n) for n in self.sanction_nouns)
        for m in re.finditer(rf"\b(?:{nouns})(?:s)?\b", text, re.IGNORECASE):
            modality = self._modality(sk, m.start(), allow_reported_would=True)
            if modality in ("conditional", "hypothetical", "hedge", "question"):
                continue
            authorities = self._authorities(sk, m)
            if m.group(0).lower() in self.weak_sanction_nouns and not authorities:
                continue
            targets, listing = self._targets(sk, m)
            if not targets:
                continue
            dates = self.clause_dates(sk)
            start = next((d for prep, d in dates if prep == "since"), None)
            imposing = re.search(r"\b(?:imposed|introduced|unveiled|announced|placed|added|adopted|slapped|extended)\b", text)
            on = next((d for prep, d in dates if prep in ("on", "") and len(d.iso) == 10), None) if imposing else None
            if imposing and on is None and start is None:  # "sanctions imposed on X in 2014"
                on = next((d for prep, d in dates if prep == "in"), None)
            for target in targets:
                target_ref = self.ref(sk, target)
                for authority in authorities or [None]:
                    authority_ref = self.ref(sk, authority) if authority is not None else None
                    if authority_ref == target_ref:
                        continue
                    self.emit("Sanction", sk, "sanction." + ("listing" if listing else "trigger"), [target] + ([authority] if authority is not None else []), 0.8,
                              entity=target_ref, authority=authority_ref, startDate=start or (None if listing else on),
                              listingDate=on if listing else None)

    def sanction_verbs(self, sk: Skeleton) -> None:
        """"The U.S. Treasury sanctioned A, B and C": the subject is the authority, the list the targets."""
        for m in re.finditer(r"((?:⟨[OA]#\d+⟩(?:,\s*|\s+and\s+(?:the\s+)?|,\s+and\s+)?)+)(?:\s+(?:government|authorities|administration))?\s+(?:has\s+|have\s+|had\s+|on\s+⟨D#\d+⟩\s+)?(?:(?:already|also|previously|earlier|separately|now|later)\s+)?(?:sanctioned|blacklisted|designated|(?:froze|frozen|freezes)\s+(?:the\s+)?assets\s+of)\s+(?P<np>[^;]*)", sk.text):
            if self._modality(sk, m.start("np")) is not None:
                continue
            authorities = [int(i) for _, i in SLOT.findall(m.group(1))]
            np = re.split(r"\s+(?:for|over|because|after|in\s+(?:response|connection))\b|,?\s+(?:according\s+to|citing|said|says)\b"
                          r"|\.\s|\.$", m.group("np"))[0]
            # not a possessor ("X's former partner") nor a capital as modifier ("the Moscow firm Y")
            targets = [int(i) for letter, i in SLOT.findall(np) if letter in "OP" and not _titles_someone(np, letter, i)
                       and not re.search(rf"⟨{letter}#{i}⟩['’]s?\s", np) and sk.mentions[int(i)].kind != "Capital"]
            targets += self._unknown_names(sk, np)
            # "on 3 March", or "in March" right after the targets (a month is the date the text gives)
            date = next((d for prep, d in self.clause_dates(sk) if prep in ("on", "") and len(d.iso) == 10), None)
            tail = re.search(r"⟨[OP]#\d+⟩\s+(?:in\s+)?⟨D#(\d+)⟩\s*$", np)
            if date is None and tail and len(sk.mentions[int(tail.group(1))].ref or "") >= 7:
                date = DateValue(sk.mentions[int(tail.group(1))].ref or "")
            for target in targets:
                for authority in authorities:
                    self.emit("Sanction", sk, "sanction.verb", [target, authority], 0.8, entity=self.ref(sk, target),
                              authority=self.ref(sk, authority), startDate=date)

    def sanctioned_relative(self, sk: Skeleton) -> None:
        """"Zeynep Dubois, which Ottawa blacklisted on Friday": the antecedent is the target."""
        for m in re.finditer(r"⟨([OP])#(\d+)⟩,?\s+(?:which|whom|who|that)\s+((?:(?:the\s+)?⟨[OA]#\d+⟩(?:,\s*|\s+and\s+|,\s+and\s+)?)+)\s+(?:has\s+|have\s+|had\s+)?(?:sanctioned|blacklisted|designated|listed)\b", sk.text):
            if self._modality(sk, m.end()) is not None:
                continue
            target = int(m.group(2))
            date = next((d for prep, d in self.clause_dates(sk, m.start(), None) if prep in ("on", "in", "")), None)
            for _, authority in SLOT.findall(m.group(3)):
                self.emit("Sanction", sk, "sanction.relative", [target, int(authority)], 0.8, match=m, entity=self.ref(sk, target),
                          authority=self.ref(sk, authority), startDate=date)

    def sanctioned_by(self, sk: Skeleton) -> None:
        """Passive sanctions: "X was sanctioned by the United States and the United Kingdom in 2022"."""
        for m in re.finditer(r"⟨([OP])#(\d+)⟩(?:,[^;]{0,120}?,)?\s+(?:was|were|has been|have been|had been|is|are)\s+(?:\w+\s+)?"
                             r"(?:sanctioned|blacklisted|designated)\s+by\s+(?P<np>[^;.]*)", sk.text):
            if self._modality(sk, m.start("np")) is not None:
                continue
            target = int(m.group(2))
            authorities = [int(i) for letter, i in SLOT.findall(re.split(r"\s+(?:for|over|because|after|in\s+(?:response|connection))\b", m.group("np"))[0]) if letter in "OA"]
            dates = self.clause_dates(sk)
            date = next((d for prep, d in dates if prep in ("on", "in", "since", "")), None)
            for authority in authorities:
                self.emit("Sanction", sk, "sanction.passive", [target, authority], 0.8, match=m, entity=self.ref(sk, target),
                          authority=self.ref(sk, authority), startDate=date)

    def _unknown_names(self, sk: Skeleton, np: str) -> list[int]:
        """Capitalised names in a list of sanctioned targets that no other rule typed: organizations."""
        found = []
        for match in re.finditer(r"(?<![\w⟨#])([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)", np):
            name = match.group(1)
            if name in self.lex.words("not_names") or re.match(r"['’]", np[match.end():]):
                continue  # not a possessor: "X's former partner"
            key = f"org/{slug(name)}"
            self.ctx.am.orgs.setdefault(key, ("Organization", name, {name}))
            offset = sk.sentence.text.find(name)
            mention = Mention("Organization", name, sk.sentence.start + max(offset, 0), sk.sentence.start + max(offset, 0) + len(name), sk.sentence.index, key)
            sk.mentions.append(mention)
            found.append(len(sk.mentions) - 1)
        return found

    def _authorities(self, sk: Skeleton, m: re.Match[str]) -> list[int]:
        text = sk.text
        before = text[: m.start()]
        # "EU sanctions", "the US, Canada and EU countries' restrictions", "Western sanctions"
        pre = re.search(r"((?:⟨[OAP]#\d+⟩(?:['’]s?)?(?:,\s*|\s+and\s+|,\s+and\s+|\s+or\s+)?)+)(?:\s*countries['’]?|\s*governments['’]?|\s*nations['’]?)?\s*(?:(?:new|sweeping|personal|financial|further|illegal|illegitimate|unlawful|these|their|its|economic|tough|harsh)\s+){0,3}$", before)
        if pre:
            return [int(i) for _, i in SLOT.findall(pre.group(1))]
        after = text[m.end():]
        by = re.match(r"[^.;]{0,80}?\b(?:by|from)\s+(?:the\s+)?((?:⟨[OAP]#\d+⟩(?:,\s*(?:the\s+)?|\s+and\s+(?:the\s+)?|,\s+and\s+(?:the\s+)?)?)+)", after)
        if by and re.search(r"\b(?:introduced|imposed|announced|placed|adopted|enacted|by)\b", after[: by.end()]):
            return [int(i) for _, i in SLOT.findall(by.group(1))]
        subject = re.search(r"((?:⟨[OAP]#\d+⟩(?:,\s*|\s+and\s+(?:the\s+)?|,\s+and\s+)?)+)\s+(?:(?:on|in)\s+⟨D#\d+⟩\s+|⟨D#\d+⟩\s+)?(?:\w+\s+){0,2}?(?:imposed|introduced|unveiled|announced|extended|slapped|adopted|placed|levied)\s+(?:a\s+series\s+of\s+|new\s+|sweeping\s+|further\s+|fresh\s+)?(?:[a-z-]+\s+){0,2}$", before)
        if subject:
            return [int(i) for _, i in SLOT.findall(subject.group(1))]
        # "the EU had placed Progress on a list of ... entities subject to ... restrictions"
        placed = re.search(r"⟨[OA]#(\d+)⟩(?:\s+(?:government|authorities|administration))?\s+(?:on\s+⟨D#\d+⟩\s+)?(?:has\s+|had\s+|have\s+)?(?:placed|put|added)\s+", before)
        if placed:
            return [int(placed.group(1))]
        return []

    def _targets(self, sk: Skeleton, m: re.Match[str]) -> tuple[list[int], bool]:
        text = sk.text
        after = text[m.end():]
        before = text[: m.start()]
        listed = re.search(r"((?:(?:the\s+)?⟨[OP]#\d+⟩(?:,\s*|\s+and\s+|,\s+and\s+)?)+)\s+(?:was|were|has been|have been|had been)\s+(?:added|placed|put)\s+(?:to|on)\s+(?:(?:a|the|its|their)\s+)?[^;]*$", before)
        if listed and re.search(r"\b(?:list|blacklist)\b", text[m.start():m.end() + 12]):
            return [int(i) for _, i in SLOT.findall(listed.group(1))], True
        placed = re.search(r"(?:placed|put|added)\s+(?:[^⟨,;]{0,40}(?:⟨A#\d+⟩[^⟨,;]{0,30})?,\s+)?((?:(?:the\s+)?⟨[OP]#\d+⟩(?:,\s*|\s+and\s+|,\s+and\s+)?)+)(?:[^⟨;]{0,40}?)\s+(?:on|to)\s+(?:a|the|its|their)\s+[^⟨]*?(?:list|blacklist)", before + text[m.start():m.end() + 8], re.IGNORECASE)
        if placed:
            return [int(i) for _, i in SLOT.findall(placed.group(1))], True
        targets: list[int] = []
        against = re.match(r"\s+(?:\w+\s+){0,2}?(?:by\s+(?:the\s+)?(?:⟨[OA]#\d+⟩(?:,\s*|\s+and\s+(?:the\s+)?|,\s+and\s+)?)+\s+)?(?:against|on|from|targeting|over)\s+(?P<np>[^;]*)", after)
        if against:
            np = re.split(r"\s+(?:until|unless|because|after|before|which|that|were|was|is|are|will|would|had|has|to\s+(?!⟨)|in\s+(?:order|retaliation|response|connection))\b|\.\s"
                          r"|,\s+⟨P#\d+⟩\s+(?:wrote|said|says|added|told|stated)\b|,\s+(?:⟨[OAP]#\d+⟩\s+)+(?:was|is|were|are|has|had|will|would)\b", against.group("np"))[0]
            for letter, i in SLOT.findall(np):
                index = int(i)
                slot_text = f"⟨{letter}#{i}⟩"
                follows = np[np.find(slot_text) + len(slot_text):]
                if letter == "A":
                    # "Russian enterprises": a country's companies stand for the country
                    if re.match(r"\s+(?:[a-z-]+\s+){0,2}(?:enterprises|companies|entities|firms|institutions|banks|officials|organizations|organisations|industry)\b", follows):
                        targets.append(index)
                    continue
                if letter not in "OP" or re.match(r"['’]s?\b", follows) or _titles_someone(np, letter, i):
                    continue
                if sk.mentions[index].kind == "Programme":
                    continue
                targets.append(index)
            named = [i for i in targets if sk.mentions[i].kind != "Demonym"]
            if named:
                return named, False
            if targets:
                return targets, False
        # "the Progress rocket and space center, which is also under sanctions"
        under = re.search(r"\(?,?\s*(?:which|who)\s+(?:is|was|are|were|has been|have been)\s+(?:also\s+)?(?:under|subject to|hit by|targeted by)\s+(?:\w+\s+){0,2}$", before)
        if under:
            candidates = [int(i) for letter, i in SLOT.findall(before[max(0, under.start() - 120):under.start()]) if letter in "OP"]
            candidates = [i for i in candidates if sk.mentions[i].kind not in ("Capital", "Programme")]
            if candidates:
                return [candidates[-1]], False
        subject = re.search(r"^[^⟨]*?((?:(?:the\s+)?⟨[OP]#\d+⟩(?:,\s*|\s+and\s+|,\s+and\s+)?)+)(?:,\s+\d{1,3},)?\s+(?:has\s+been|have\s+been|is|are|was|were|had\s+been)\s+(?:\w+\s+){0,3}?(?:subject|under|targeted|hit|on)\b[^;]*$", before)
        if subject:
            return [int(i) for letter, i in SLOT.findall(subject.group(1)) if letter in "OP"], False
        return [], False

    # ---------------------------------------------------------- obligations
    def obligations(self, sk: Skeleton, previous: Skeleton | None) -> None:
        text = sk.text
        rules = [
            # "Russia will fulfil its obligations", "Moscow said it would continue to honour its commitments to ..."
            ("obligation.fulfil", r"(?P<s>⟨[OA]#\d+⟩\s+(?:said|says|stated|announced|confirmed|insisted|added|promised)\s+(?:that\s+)?(?:it|they)\b|⟨[OAP]#\d+⟩|\b[Ww]e\b)(?:,[^,]{0,60},)?\s+(?:will\s+|must\s+|shall\s+|would\s+)?(?:also\s+)?(?:continue\s+to\s+)?(?P<c>(?:fulfill?s?|honou?rs?|meets?|complys? with|abides? by|keeps?)\s+(?:all\s+)?(?:of\s+)?(?:its|their|his|her|our)\s+(?:[\w-]+\s+){0,3}?(?:obligations|commitments)\b[^.;]*)"),
            ("obligation.in-accordance", r"(?P<s>⟨[OAP]#\d+⟩)\s+(?:will\s+|must\s+|shall\s+)(?P<c>[^⟨.;]*?)\s+in\s+accordance\s+with\s+(?:its|their)\s+(?:own\s+)?(?:international\s+)?obligations"),
            ("obligation.committed", r"(?P<s>⟨[OAP]#\d+⟩)(?:,[^,]{0,60},)?\s+(?:has\s+|have\s+|had\s+)?(?:is\s+|are\s+)?(?:committed|commits|pledged|pledges|undertaken|undertook|undertakes|agreed|agrees|obliged|obligated|required|bound|vowed|vows|promised|promises|due)(?:\s+(?:(?:on|in|at)\s+(?:the\s+)?(?:⟨D#\d+⟩|[A-Z]\w+)|(?:last|this|next)\s+\w+|⟨D#\d+⟩|\w+ly))?\s+to\s+(?P<c>[^.;]*)"),
            ("obligation.responsible", r"(?P<s>⟨[OAP]#\d+⟩)\s+(?:is|are|will be|remains|remain)\s+responsible\s+for\s+(?P<c>[^.;]*)"),
            ("obligation.under-agreement", r"\b(?:[Uu]nder|[Aa]ccording to)\s+(?:the|this|that|a|an|its|their)\s+(?:(?:[\w-]+|⟨[DOA]#\d+⟩)\s+){0,3}?(?:agreement|deal|contract|treaty|arrangement|accord|memorandum|pact)\b[^,;]*,\s+(?:the\s+)?(?P<s>(?:⟨[OAP]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?(?:,\s*|\s+and\s+(?:the\s+)?)?)+)\s+(?:will|must|shall|is to|are to|was to|were to|agreed to|has agreed to|is obliged to|is required to|are required to|commits to|undertakes to)\s+(?:jointly\s+|also\s+|together\s+)?(?P<c>[^.;]*)"),
            ("obligation.must", r"(?P<s>⟨[OAP]#\d+⟩|\bit\b|\bthey\b)\s+(?:must|shall|is obliged to|are obliged to|has to|have to)\s+(?:first\s+|also\s+)?(?P<c>[^.;]*)"),
        ]
        for rule, pattern, in rules:
            for m in re.finditer(pattern, text):
                content_raw = m.group("c")
                subject = m.group("s")
                if subject.lower() == "we":
                    # '"We will fulfil all our obligations," Borisov said': the speaker's organization
                    speaker_org = self._speaker_org(sk)
                    if speaker_org is None:
                        continue
                    content = self._plain(sk, re.split(r",?\s+(?:but|while|whereas|although)\b|[,\"”]", content_raw)[0])
                    self.emit("Obligation", sk, rule + "-we", [], 0.65, match=m, obligor=speaker_org, content=Text(content))
                    continue
                subjects = [int(i) for letter, i in SLOT.findall(subject) if letter in "OAP"] if SLOT.search(subject) else []
                # "Russia and China will jointly develop": each party bears it (acronyms in brackets are the same party)
                subjects = [i for i in subjects if not re.search(rf"\(⟨O#{i}⟩\)", subject)] or [self._it(sk, m.start())]
                subject_index = subjects[0]
                if subject_index is None or not self.is_org(sk, subject_index) and sk.mentions[subject_index].kind != "Person":
                    continue
                if rule in ("obligation.committed",):
                    first = content_raw.split()[0].lower() if content_raw.split() else ""
                    if first not in self.obligation_verbs:
                        continue
                if rule == "obligation.must" and not re.search(r"\b(?:under|article|agreement|treaty|arrangement|contract)\b", text[: m.start()].lower()):
                    continue
                modality = self._modality(sk, m.start("c"), allow_reported_would=True)
                if modality in ("conditional", "question", "negation", "hypothetical"):
                    continue
                if modality == "hedge" and not re.search(r"\bobligations?\b", content_raw):
                    continue
                content_raw = re.split(r",?\s+(?:but|while|whereas|although)\b|,\s+(?:and\s+)?(?:[\w⟨⟩#]+\s+){0,2}?(?:said|says|told|added|according)\b", content_raw)[0]
                # "NASA will fly X, and Roscosmos will carry Y": each party its own part
                parts = [(subjects, content_raw)]
                if rule == "obligation.under-agreement":
                    pieces = re.split(r",?\s+and\s+(?:the\s+)?(⟨[OAP]#\d+⟩)\s+(?:will|must|shall|is to|are to|was to|were to)\s+", content_raw)
                    parts = [(subjects, pieces[0])] + [([int(SLOT.findall(pieces[i])[0][1])], pieces[i + 1])
                                                       for i in range(1, len(pieces) - 1, 2)]
                for parties, raw in parts:
                    content = self._plain(sk, raw)
                    obligee = self._obligee(sk, raw)
                    for party in parties:
                        if party is not None and (self.is_org(sk, party) or sk.mentions[party].kind == "Person"):
                            self.emit("Obligation", sk, rule, [party], 0.75, match=m, obligor=self.ref(sk, party), content=Text(content),
                                      obligee=obligee)
        self._agreement_items(sk, previous)

    def _speaker_org(self, sk: Skeleton) -> str | None:
        """The organization of the person quoted in a sentence ("... ," Borisov said): the one the article gives them."""
        said = re.search(r"⟨P#(\d+)⟩\s+(?:said|says|told|added|stressed)\b|(?:said|says)\s+⟨P#(\d+)⟩", sk.text)
        if not said:
            return None
        person = sk.mentions[int(said.group(1) or said.group(2))].ref
        for fact in self.ctx.facts:
            post = fact.get("post")
            if fact.kind == "Tenure" and fact.get("member") == person and isinstance(post, Post):
                entity = self.lex.entities.get(post.organization)
                if entity is None or entity.kind != "Country":
                    return post.organization
        return None

    def _it(self, sk: Skeleton, position: int) -> int | None:
        """"it" / "they": the most recent organization before ``position`` that is not inside a
        prepositional phrase ("X, a professor at Kyoto University, will become its president":
        "its" is not the university); the most recent one when every one is."""
        before = sk.text[:position]
        found = [m for m in SLOT.finditer(before) if m.group(1) == "O"]
        for m in reversed(found):
            words = before[:m.start()].split()
            while words and words[-1].lower() in self.DETERMINERS:
                words = words[:-1]
            if not words or words[-1].lower() not in self.PREPOSITIONS:
                return int(m.group(2))
        return int(found[-1].group(2)) if found else None

    def _obligee(self, sk: Skeleton, content: str) -> str | None:
        m = re.search(r"\b(?:to|for|towards)\s+(?:the\s+)?⟨[OP]#(\d+)⟩", content)
        if m and sk.mentions[int(m.group(1))].kind != "Programme":
            return self.ref(sk, m.group(1))
        return None

    _agreement_lead = False

    def _agreement_items(self, sk: Skeleton, previous: Skeleton | None) -> None:
        """List items under "Under the agreement, ...:" state what each party does."""
        if previous is None:
            return
        lead = previous.sentence.text.rstrip()
        is_item = bool(re.match(r"\s*[-•*]\s", sk.text))
        if lead.endswith(":") and re.search(r"\bunder\s+(?:the|this|that|an?)\s+(?:\w+\s+)?(?:agreement|arrangement|deal|treaty|contract|accord|memorandum)\b", lead, re.IGNORECASE):
            self._agreement_lead = True
        elif not (is_item and re.match(r"\s*[-•*]\s", previous.text)):
            self._agreement_lead = False
        if not self._agreement_lead:
            return
        m = re.match(r"^\s*(?:[-•*]\s*)?(?P<s>⟨O#\d+⟩)\s+(?P<c>[a-z]+s\b[^:;.]*)", sk.text)
        if m:
            subject_index = int(SLOT.findall(m.group("s"))[0][1])
            self.emit("Obligation", sk, "obligation.agreement-item", [subject_index], 0.7, match=m, obligor=self.ref(sk, subject_index),
                      content=Text(self._plain(sk, m.group("c"))), obligee=self._obligee(sk, m.group("c")))

    def _plain(self, sk: Skeleton, skeleton_text: str) -> str:
        """Turn a piece of skeleton back into the words of the sentence."""
        def back(match: re.Match[str]) -> str:
            return sk.mentions[int(match.group(2))].text
        return " ".join(SLOT.sub(back, skeleton_text).split()).strip(" ,")

    # ---------------------------------------------------------- withdrawals
    def withdrawals(self, sk: Skeleton) -> None:
        text = sk.text
        taken: list[tuple[int, int]] = []  # verbs already read by a longer form ("pull out" before "pull")
        for form, action, pattern in self.withdrawal_verbs:
            if form.split()[0].rstrip("X").strip() not in text:
                continue
            for m in pattern.finditer(text):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                if re.search(r"⟨", m.group(0)) and "x" not in m.groupdict():
                    continue
                modality = self._modality(sk, m.start())
                if modality is not None and not (action == "no longer" and modality == "negation"):
                    continue
                if " " not in form and re.match(r"\s+(?:off|by|up|over|for|short|in)\b", text[m.end():]):
                    continue
                if re.search(rf"\b(?:{self.noun_modifiers})\s+$", text[:m.start()], re.IGNORECASE):
                    continue  # "asset freezes", "budget cuts": a noun, not a withdrawal
                actor = self._actor(sk, m.start())
                obj_text, obj_index = self._object(sk, m, form)
                if re.match(r"(?:on|in|at|as|when|by|for|up|⟨D)\b", obj_text) or re.match(r"\s*⟨D#\d+⟩\s*$", obj_text):
                    continue
                if self.financial_objects.match(obj_text):
                    continue  # "freezing their assets": a sanction's measure, not a withdrawal
                if action == "leave" and not (re.match(r"\s+(?:of\s+|from\s+)?(?:the\s+)?⟨O#\d+⟩", text[m.end():])
                                              or any(re.search(rf"\b{re.escape(n)}s?\b", obj_text.lower()) for n in self.cooperation_objects)):
                    continue
                if re.search(r"\b(?:term|tenure|mandate|contract|meeting|ceremony|career)\s+(?:(?:\w+|⟨[^⟩]+⟩)\s+){0,4}$", text[:m.start()]):
                    continue
                if actor is None:
                    actor_ref = self.ctx.last_withdrawal_actor if _intransitive(m, text) else None
                    if actor_ref is None:
                        continue
                else:
                    if action == "leave" and sk.mentions[actor].kind == "Person":
                        continue  # "Moura, who left the agency after four years": a job, not a withdrawal
                    actor_ref = self.ref(sk, actor)
                if not obj_text and obj_index is None:
                    continue
                taken.append((m.start(), m.end()))
                self.ctx.last_withdrawal_actor = actor_ref
                date = next((d for prep, d in self.clause_dates(sk) if prep in ("on", "") and len(d.iso) >= 7), None)
                if date is None:  # "In 2022, the agency suspended ...": a date in front of the verb
                    date = next((d for prep, d in self.clause_dates(sk, 0, m.start()) if prep == "in"), None)
                if date is None:  # "... pulled out of the project last year": a year after the verb, in its clause
                    clause = re.split(r",\s+(?:which|that|who)\b|\b(?:due|scheduled|planned|expected)\b|;", text[m.end():])[0]
                    date = next((d for prep, d in self.clause_dates(sk, m.end(), m.end() + len(clause)) if prep in ("in", "")), None)
                action_label = action if action != "no longer" else f"no longer {_next_word(text, m.end())}"
                self.emit("Withdrawal", sk, "withdrawal." + slug(action), [i for i in (actor, obj_index) if i is not None], 0.75,
                          actor=actor_ref, action=Text(action_label), object=Text(obj_text) if obj_text else None,
                          objectEntity=self.ref(sk, obj_index) if obj_index is not None else None, date=date)

    PREPOSITIONS = ("of", "with", "from", "to", "on", "at", "in", "for", "between", "against", "into", "over", "about",
                    "near", "than", "like", "by", "under", "after", "before")
    DETERMINERS = ("the", "a", "an", "its", "their", "his", "her")

    def _actor(self, sk: Skeleton, position: int) -> int | None:
        """The subject of the verb at ``position``: the nearest person or organization not inside a prepositional phrase.

        "a decision by X to freeze" and "X's decision to halt" name the actor too.
        """
        before = sk.text[:position]
        for match in reversed(list(SLOT.finditer(before))):
            letter, index = match.group(1), int(match.group(2))
            if letter not in "OPA" or (letter == "O" and sk.mentions[index].kind == "Programme"):
                continue
            following = before[match.end():]
            if re.match(r"\s*⟨R#", following):
                continue  # "U.S. astronaut": the slot modifies a role
            # the phrase's start: past a possessor ("Germany's ministry") and determiners
            phrase_start = match.start()
            possessor = re.search(r"⟨[OPA]#\d+⟩['’]s?\s*$", before[:phrase_start])
            if possessor:
                phrase_start = possessor.start()
            preceding = before[:phrase_start].rstrip().split()
            while preceding and preceding[-1].lower() in self.DETERMINERS:
                preceding = preceding[:-1]
            prev_word = preceding[-1].lower() if preceding else ""
            agentive_by = prev_word == "by" and len(preceding) > 1 and preceding[-2].lower() in ("decision", "move", "order", "step", "plan")
            if prev_word in self.PREPOSITIONS and not agentive_by:
                continue
            if re.match(r"['’]s?\s+(?:decision|move|order|announcement|plan|council|board|executive board|management|leadership|government|administration)\b", following):
                return index  # "ESA's council decided to suspend": the possessor acts
            if re.match(r"['’]s?\b", following) and letter != "A":
                continue
            if letter == "A" and not re.match(r"\s+(?:specialists|side|officials|government|authorities|engineers|companies|teams)\b", following):
                continue
            return index
        return None

    def _object(self, sk: Skeleton, m: re.Match[str], form: str) -> tuple[str, int | None]:
        text = sk.text
        if "x" in m.groupdict() and m.group("x"):
            raw = m.group("x")
            if raw.strip() in ("it", "them"):
                programme = self._recent_programme(sk)
                return (programme or raw.strip()), None
            found = SLOT.findall(raw)
            index = int(found[0][1]) if found else None
            return self._plain(sk, raw), index
        after = text[m.end():]
        if _intransitive(m, text):
            # "supplies of the RD-181 to Northrop Grumman would end as well": the subject is the object
            head = re.split(r",\s+|\band\b|;", text[: m.start()])[-1]
            head = re.sub(r"\s+(?:would|will|shall|must|is|are|was|were|had|has|have)\s*(?:also\s+)?(?:to\s+)?$", "", head.rstrip())
            raw = head.strip()
        else:
            after = re.split(r"\s+and\s+(?:the\s+)?(?:(?:[\w-]+|⟨[OPA]#\d+⟩)\s+){0,5}?⟨[OPA]#\d+⟩\s+(?:\w+\s+)?(?:added|said|says|has|had|is|was|will|would|announced)\b", after)[0]
            raw = re.split(r"\s*(?:[;:]|,\s|\.\s|\.$|\s+(?:(?:on|in|since|from|by|during)\s+(?:the\s+)?)?⟨D#\d+⟩|\s+until\b|\s+unless\b|\s+after\b|\s+because\b|\s+in retaliation\b|\s+in response\b|\s+and\s+(?:is|was|will|has|had|would|to|are)\b|\s+and\s+\w+ing\b|\s+so\s+that\b|\s+while\b|\s+but\b)", after)[0]
        raw = re.sub(r"^\s*(?:from|of|with|out of|to)\s+", "", raw).strip()
        if not raw:
            return "", None
        alone = re.fullmatch(r"(?:the\s+)?⟨O#(\d+)⟩", raw)
        if alone:
            # "withdraw from the space station": the object is that entity, named by its label
            index = int(alone.group(1))
            entity = self.lex.entities.get(sk.mentions[index].ref or "")
            return (entity.label if entity else sk.mentions[index].text), index
        raw = " ".join(raw.split()[:20])
        found = [(letter, i) for letter, i in SLOT.findall(raw) if not re.search(rf"⟨{letter}#{i}⟩['’]s?\s", raw)]
        index = next((int(i) for letter, i in found if letter == "O"), None)
        return self._plain(sk, raw), index

    def _recent_programme(self, sk: Skeleton) -> str | None:
        for mentions in reversed(self.ctx.am.mentions[: sk.sentence.index + 1]):
            for mention in reversed(mentions):
                if mention.kind == "Programme":
                    entity = self.lex.entities.get(mention.ref or "")
                    return entity.label if entity else mention.text
        return None

    # ---------------------------------------------------------- statements
    def statements(self, sk: Skeleton) -> None:
        verbs = "|".join(re.escape(v) for v in ("announced", "stated", "declared", "stressed", "tweeted", "wrote", "warned", "added"))
        # "said" and "told reporters" may drop the "that"; the other verbs of speech need it
        for m in re.finditer(r"(?P<s>⟨[OP]#\d+⟩)(?:,[^,]{0,100},)?\s+(?!was\b|were\b|is\b|has been\b)(?:\w+\s+)?(?:(?:said|says|told reporters)\b(?:\s+that)?|(?:" + verbs + r")(?:\s+(?:on|in)\s+[^,]{1,40}?)?\s+that)\s+(?P<c>[^⟨]?.*)$", sk.text):
            index = int(SLOT.findall(m.group("s"))[0][1])
            content = self._plain(sk, m.group("c")).rstrip(".")
            # "said on Saturday in a tweet that ...": the words said start after "that"
            content = re.sub(r"^(?:on|in|at|during|after|before|to|via)\b(?:\s+\S+){0,12}?\s+that\s+", "", content)
            if len(content.split()) < 4:
                continue
            date = next((d for prep, d in self.clause_dates(sk) if prep in ("on", "") and len(d.iso) == 10), None)
            self.emit("Statement", sk, "statement.said", [index], 0.7, match=m, speaker=self.ref(sk, index), content=Text(content), date=date)

    # ------------------------------------------------------------- driver
    def run(self) -> list[Fact]:
        previous: Skeleton | None = None
        skeletons = [build_skeleton(s, ms) for s, ms in zip(self.ctx.am.sentences, self.ctx.am.mentions)]
        for sk in skeletons:
            self.tenures(sk)
            self.its_role(sk)
            self.ownership(sk)
        for sk in skeletons:
            self.successions(sk)
        self.late_succession_dates()
        for sk in skeletons:
            self.predecessor_descriptions(sk)
            self.took_office(sk)
        for sk in skeletons:
            self.sanctions(sk)
            self.sanction_verbs(sk)
            self.sanctioned_by(sk)
            self.sanctioned_relative(sk)
            self.obligations(sk, previous)
            self.withdrawals(sk)
            self.statements(sk)
            previous = sk
        return self.ctx.facts


SMALL_WORDS = {"of", "for", "and", "the", "in", "on", "at", "to", "a", "an", "responsible", "overseeing", "charge"}


def _leading_preposition(text: str) -> str:
    """"since" for "since January": the bounding preposition a date mention starts with, else ""
    (a mention's own "in"/"on" stays unmarked, as a bare date)."""
    first = text.split()[0].lower() if text.split() else ""
    return first if first in ("since", "from", "until", "till") else ""


def _title_case(label: str) -> str:
    """"director general of earth observation" -> "Director General of Earth Observation"."""
    words = label.split(" ")
    return " ".join(w if (i and w in SMALL_WORDS) or not w[:1].isalpha() else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _intransitive(m: re.Match[str], text: str) -> bool:
    """A withdrawal verb with nothing after it in its clause ("... would end as well")."""
    if "x" in m.groupdict() and m.group("x"):
        return False
    return bool(re.match(r"\s*(?:as well|too|also)?\s*(?:[.,;]|$|on\s+⟨D|in\s+⟨D)", text[m.end():]))


def _post_key(value: object) -> str | None:
    """Posts are the same post when their keys are, whatever label a sentence gave them."""
    return value.key if isinstance(value, Post) else None


def _titles_someone(np: str, letter: str, index: str) -> bool:
    """True when an organization slot only titles the person after it ("Roscosmos head Yuri Borisov")."""
    return letter == "O" and bool(re.search(rf"⟨O#{index}⟩\s+⟨R#\d+⟩", np))


def _word_alternation(words: list[str]) -> re.Pattern[str]:
    """One pattern for a list of cue words or phrases, matched as whole words."""
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"
    return re.compile(rf"\b(?:{body})\b")


def _verb_pattern(form: str) -> re.Pattern[str]:
    """A withdrawal verb form; "X" stands for the object inside a phrasal verb ("bring X home")."""
    if "X" in form:
        head, tail = form.split("X")
        return re.compile(rf"\b{re.escape(head.strip())}\s+(?P<x>[^,.;⟨]{{1,60}}?|⟨[OP]#\d+⟩|it|them)\s+{re.escape(tail.strip())}\b")
    return re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])")


def _last_comma_before_main_clause(before: str) -> int:
    """The comma that closes an opening subordinate clause ("Even if it decides ..., Russia will")."""
    m = None
    for m in re.finditer(r"^(?:[^,]{0,40}?\b(?:even\s+)?(?:if|unless|whether|although|though|while|when)\b[^,]*),", before, re.IGNORECASE):
        pass
    return m.end() - 1 if m else -1


def _next_word(text: str, position: int) -> str:
    m = re.match(r"\s+([a-z][\w-]*)", text[position:])
    return m.group(1) if m else ""


def extract_facts(am: ArticleMentions, lexicon: Lexicon | None = None) -> list[Fact]:
    """The facts one article states, each with its evidence."""
    return FactExtractor(am, lexicon).run()
