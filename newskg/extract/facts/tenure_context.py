"""Where a post's organization and dates come from when its clause does not name them: the
appointing board, the article's company or subject, the previous sentence's subject, the
report's date and "the appointment takes effect on ..." (the helpers of ``tenures``)."""

from __future__ import annotations

import re

from newskg.extract.facts.nominations import NominationRules
from newskg.extract.facts.skeleton import (
    ADJECTIVES,
    Skeleton,
    build_skeleton,
    word_alternation,
)
from newskg.extract.mentions import ORG_KINDS
from newskg.extract.model import DateValue, Fact


class TenureContext(NominationRules):
    """The organization and dates of a post from outside its clause."""

    def _clause_verb_between(self, gap: str) -> bool:
        """A verb of the lexicon's clause_verbs in a gap of the skeleton: no appositive spans it."""
        return bool(word_alternation(self.lex.words("clause_verbs")).search(re.sub(r"⟨[^⟩]+⟩", " ", gap.lower())))

    def _is_board(self, text: str) -> bool:
        return " ".join(re.sub(r"^the\s+", "", text.lower()).split()) in self.lex.words("company_board_names")

    def _board_before(self, sk: Skeleton, position: int, org_index: int | None) -> tuple[int | None, str | None] | None:
        """"The Boeing Company Board of Directors named X", "Y said its Board had named X", "The Board named X":
        the appointing board is the company's, so the post is the company's: the organization right before
        the board or that "its" refers to, else the one the sentence before opens with, else the company the
        article names most. None when the subject is no board (the caller keeps what it found)."""
        before = sk.text[:position]
        if org_index is not None:
            if not self._is_board(sk.mentions[org_index].text):
                return None
            board_at = sk.positions[org_index]
        else:
            names = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(self.lex.words("company_board_names"), key=len, reverse=True))
            plain = re.search(r"\b(?:[Tt]he|its)\s+(?i:" + names + r")(?:\s+on\s+⟨D#\d+⟩)?\s+(?:\w+\s+)?$", before) if names else None
            if not plain:
                return None
            board_at = plain.start()
        owner = re.search(r"⟨[OA]#(\d+)⟩(?:['’]s)?\s+(?:\[[^\]⟨]{1,30}\]\s+)?(?:the\s+)?$", before[:board_at])
        if owner and self.is_org(sk, int(owner.group(1))) and not self._is_board(sk.mentions[int(owner.group(1))].text):
            return int(owner.group(1)), None
        if re.search(r"\bits\s+$", before[:board_at]):
            it = self._it(sk, board_at)
            if it is not None and not self._is_board(sk.mentions[it].text):
                return it, None
        subject = self._previous_subject_org(sk) or self._article_company()
        return (None, subject) if subject else (None, None)

    def _subject_for_bare_role(self, sk: Skeleton, role: int) -> str | None:
        """The body the article is about (ctx.subject) for a role its clause gives no organization; None when
        this sentence names an organization of its own (the role may be that one's) or quotes someone."""
        subject = self.ctx.subject
        if subject is None or re.search(r"[\"“”]", sk.sentence.text):
            return None
        if re.match(r"\s+(?:of|at|for|in)\s+(?:the\s+|a\s+|an\s+|its\s+)?[A-Za-z]", sk.text[sk.positions[role] + len(f"⟨R#{role}⟩"):]):
            return None  # "director of a small harbour office": a body of its own that was not recognised
        # an organization in an appositive ("X, who taught at the University of Tokyo, became governor") is the
        # person's description, not the role's
        main = re.sub(r",(?:[^,;]){1,200}?,", ",", sk.text)
        for i in (int(j) for letter, j in re.findall(r"⟨([OA])#(\d+)⟩", main)):
            x = sk.mentions[i]
            if x.kind in ORG_KINDS and x.kind not in ("Country", "Capital", "Demonym") and x.ref != subject:
                return None
        return subject

    def _article_company(self) -> str | None:
        """The company an article is about: the organization it names most (a board left out), when that one is a company."""
        counts: dict[str, int] = {}
        for mentions in self.ctx.am.mentions:
            for x in mentions:
                if x.ref and x.kind in ORG_KINDS and x.kind not in ("Country", "Programme") and not self._is_board(x.text):
                    counts[x.ref] = counts.get(x.ref, 0) + 1
        if not counts:
            return None
        best = max(counts, key=lambda k: counts[k])
        entity = self.lex.entities.get(best)
        kind = entity.kind if entity is not None else self.ctx.am.orgs.get(best, ("", "", set()))[0]
        return best if kind == "Company" else None

    def _previous_subject_org(self, sk: Skeleton) -> str | None:
        """The organization the sentence before is about, when it opens with it ("The World Meteorological
        Organization, the UN agency for weather, has a new head."): what an "its" with no organization in
        its own sentence refers to. None when that sentence opens with anything else (a person, a country)."""
        index = sk.sentence.index
        if index == 0:
            return None
        prev = build_skeleton(self.ctx.am.sentences[index - 1], self.ctx.am.mentions[index - 1])
        m = re.match(r"(?:the\s+)?⟨[OA]#(\d+)⟩(?:\s*\(⟨[OA]#\d+⟩\))?(?:,[^,;⟨]{1,100}?(?:⟨[OA]#\d+⟩[^,;⟨]{0,40})?,)?\s+[a-z]", prev.text, re.IGNORECASE)
        if not m or prev.mentions[int(m.group(1))].kind not in ORG_KINDS or prev.mentions[int(m.group(1))].kind in ("Country", "Programme"):
            return None
        return self.ref(prev, int(m.group(1)))

    def _org_before(self, sk: Skeleton, position: int) -> int | None:
        m = re.search(r"⟨[OA]#(\d+)⟩(?:['’]s)?\s+" + ADJECTIVES + "$", sk.text[:position])
        if m and (self._clause_verb_between(m.group(0)) or self.speech_re.search(m.group(0).lower())):
            return None  # "Russia said President X": the organization is a clause's subject, not the title's
        return int(m.group(1)) if m else None

    def _tenure_dates(self, sk: Skeleton, m: re.Match[str], rule: str) -> tuple[DateValue | None, DateValue | None]:
        text = sk.text
        # only the dates of this clause: up to the next person or the end of the sentence
        tail_end = len(text)
        # ... or an appositive after the post ("took office as head of X, the sixth person to lead it since 1957")
        for nxt in re.finditer(r"⟨P#\d+⟩|;|,\s+(?:the|a|an)\s[^,;]*", text[m.end():]):
            # "..., the ministry said on Monday" is the report of it, not an appositive
            if nxt.group(0).startswith(",") and self.speech_re.search(nxt.group(0).lower()):
                continue
            tail_end = m.end() + nxt.start()
            break
        head_start = max(text.rfind(";", 0, m.start()), 0)
        # "Campbell, who has led the CSA since 2020, will become ...": that date is the relative clause's
        inner = [(m.start() + r.start(), m.start() + r.end()) for r in re.finditer(r",\s+(?:who|which)\b[^,]*,", m.group(0))
                 if m.start() + r.end() < m.end()]
        # the verbs of the match outside a relative clause on the subject: "X, who has run the ministry
        # since 2012, when Y dismissed Z, was appointed ...": no "dismissed" of X
        core = m.group(0)
        if rule in ("tenure.org-role-name", "tenure.role-name", "tenure.role-of-org-name"):
            # a title before the name is the one the person holds: "X named Chairman Y as chief executive"
            # starts no chair
            core = text[m.start("r"):m.end()]
        # "X, until October the prime minister of Y, took over as ...": the appositive's dates are its own post's
        appositive = re.match(r"⟨P#\d+⟩,[^,;]{1,200}?,(?=\s)", core)
        slot = "r" if m.groupdict().get("r") is not None else "o" if m.groupdict().get("o") is not None else None
        if rule != "tenure.appositive" and appositive and slot and m.start() + appositive.end() <= m.start(slot):
            inner.append((m.start(), m.start() + appositive.end()))
        relative = re.match(r"⟨P#\d+⟩,\s+(?:who|which)\b.*,(?=\s+(?:was|is|has been|had been|became)\s)", core)
        if relative:
            inner.append((m.start(), m.start() + relative.end()))
            core = core[relative.end():]
        dates = self.clause_dates(sk, head_start, tail_end, skip=inner)
        start: DateValue | None = None
        end: DateValue | None = None
        between = re.search(r"\bbetween\s+⟨D#(\d+)⟩\s+and\s+⟨D#(\d+)⟩", text[head_start:tail_end])
        if between:  # "headed the agency between 2011 and 2019"
            first, last = (sk.mentions[int(i)].ref or "" for i in between.groups())
            if first and last:
                start, end = DateValue(first), DateValue(last)
        for prep, date in dates:
            if prep in ("since",) and start is None:
                start = date
            elif prep == "from" and start is None:
                start = date
            elif prep in ("until", "till", "to", "through") and start is not None and end is None:
                end = date
            elif prep == "until" and end is None:
                end = date
        if re.search(r"\b(?:stepped down|steps down|resigned|resigns|retired|retires|quit|left office|dismissed|fired|removed|sacked|ousted|relieved)\b", core):
            plain = [d for prep, d in dates if prep in ("on", "", "in")]
            return start, end or (plain[0] if plain else None)
        started = bool(re.search(r"\b(?:became|becomes|become|take over|take office|start|begin|sworn in|sworn|took|takes|appointed|appoints|appointing|named|naming|took office|took charge|took over|taken charge|taken over|taken office|assumed|joined|elected|new)\b", core))
        # "took over on Friday as", "will take up the post of": a start; "served as", "held the post of": not
        started = started or (rule == "tenure.verb-as" and not re.search(r"\b(?:serv\w*|held|holds|continu\w*|returned|keep\w*|kept|retain\w*|occup\w*)\b", core))
        if start is None and started and not re.search(r"\b(?:former|then)\b", core):
            if re.search(r"\b(?:will|is to|is due to|is set to)\s+\w+", m.group(0)):
                # "X said on Tuesday that Y will become its president on April 1": the date after the verb
                dates = [(prep, d) for prep, d in self.clause_dates(sk, m.start(), tail_end)] or dates
            plain = [d for prep, d in dates if (prep in ("on", "") and len(d.iso) >= 7) or prep == "in"]
            if plain:
                start = plain[0]
        if start is None and started and word_alternation(self.lex.words("immediate_start_words")).search(
                " " + re.sub(r"⟨[^⟩]+⟩", " X ", text[head_start:tail_end].lower()) + " "):
            start = self._report_date()  # "today took up her duties as", "named X chief executive, effective immediately"
        return start, end

    def _report_date(self) -> DateValue | None:
        """The day of the report: the publication date, else a full date in the dateline."""
        published = self.ctx.am.article.published
        if published and len(published) >= 10:
            return DateValue(published[:10])
        if self.ctx.am.mentions:
            first = self.ctx.am.sentences[0]
            for x in self.ctx.am.mentions[0]:
                if x.kind == "Date" and x.ref and len(x.ref) == 10 and re.match(r"\s*[—–-]", first.text[x.end - first.start:]):
                    return DateValue(x.ref)
        return None

    def _appointment_takes_effect(self, sk: Skeleton) -> None:
        """"His appointment takes effect on Tuesday": the start of the post the sentence before gave, when it had none."""
        phrases = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(self.lex.words("takes_effect_phrases"), key=len, reverse=True))
        if not phrases or sk.sentence.index == 0:
            return
        m = re.match(r"(?:⟨P#(?P<p>\d+)⟩|The)\s+(?:appointment|nomination|election|promotion)\s+(?:" + phrases + r")\s+(?:on|from|in)\s+(?:the\s+)?⟨D#(?P<d>\d+)⟩", sk.text)
        if not m or self._modality(sk, m.end(), allow_reported_would=False):
            return
        date = DateValue(sk.mentions[int(m.group("d"))].ref or "")
        previous = self.ctx.am.sentences[sk.sentence.index - 1]
        person = sk.mentions[int(m.group("p"))].ref if m.group("p") else None
        candidates = [i for i, f in enumerate(self.ctx.facts) if f.kind in ("Tenure", "Nomination") and f.evidence.start == previous.start
                      and f.get("start") is None and f.get("end") is None and (person is None or f.get("member") == person)]
        if len(candidates) != 1 or not date.iso:
            return
        fact = self.ctx.facts[candidates[0]]
        args = dict(fact.args)
        args["start" if fact.kind == "Tenure" else "date"] = date
        self.ctx.facts[candidates[0]] = Fact.make(fact.kind, fact.evidence, **args)
