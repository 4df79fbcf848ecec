"""Successions: who succeeded whom in which post, and the tenures they imply."""

from __future__ import annotations

import re
from datetime import date as _date
from datetime import timedelta as _timedelta

from newskg.extract.facts.base import RuleBase
from newskg.extract.facts.skeleton import SLOT, Skeleton, person_slot, post_key, role_slot, word_alternation
from newskg.extract.mentions.base import any_of as phrase_any_of
from newskg.extract.model import DateValue, Fact, Post


class SuccessionRules(RuleBase):
    # ---------------------------------------------------------- successions
    SUCCESSION_ACTIVE = r"(?:succeeded|succeeds|succeed|replaced|replaces|replace|takes over from|took over from|take over from|takes the place of|took the place of|take the place of|has replaced|has succeeded|will succeed|will replace)"

    def _succession_words(self) -> tuple[str, str, str]:
        """The active verbs and their auxiliaries (succession_verbs) and the participles of the lexicon."""
        def alternation(words: list[str]) -> str:
            return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"
        table = self.lex.lists.get("succession_verbs") or {}
        return (alternation(list(table.get("active", []))), alternation(list(table.get("auxiliaries", []))),
                alternation(self.lex.words("succession_participles")))

    def successions(self, sk: Skeleton) -> None:
        text = sk.text
        found: list[tuple[re.Match[str], int, int, str]] = []
        active, auxiliaries, participles = self._succession_words()
        titles = "|".join(re.escape(t.rstrip(".")) for t in self.lex.words("person_titles"))
        # "succeeds Dr B", "succeeds Professor B" (a title read as a role), "replaced former chairman B"
        honorific = r"(?:(?:" + titles + r")\.?\s+|⟨R#\d+⟩\s+(?=⟨P#))?"
        # "A will be succeeding B", "A formally replaces Dr B", "A takes over from B"
        for m in re.finditer(person_slot("a") + r"(?:,[^;]{0,160}?,)?,?\s+(?:(?:" + auxiliaries + r"|who|[a-z]+ly)\s+){0,3}(?:" + active + r")\s+" + honorific + person_slot("b"), text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.active"))
        # "Neuenschwander's successor, Astrid Holm", "Holm's predecessor, Daniel Neuenschwander"
        for m in re.finditer(person_slot("b") + r"['’]s?\s+(?:successor|replacement),?\s+" + person_slot("a"), text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.possessive"))
        for m in re.finditer(person_slot("a") + r"['’]s?\s+predecessor,?\s+" + person_slot("b"), text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.possessive"))
        # "Putin dismissed Rogozin ... and named Borisov to replace him": the pronoun cannot be the
        # one named (it would bind locally), so it is the nearest other person before
        for m in re.finditer(r"\b(?:named|appointed|picked|chose|tapped|nominated)\s+(?:(?:former|ex-)\s*)?(?:⟨R#\d+⟩\s+)?"
                             + person_slot("a") + r"\s+to\s+(?:replace|succeed)\s+" + person_slot("b"), text):
            a, b = int(m.group("a")), int(m.group("b"))
            if sk.mentions[b].ref == sk.mentions[a].ref:
                people = [int(i) for letter, i in SLOT.findall(text[:m.start()]) if letter == "P"]
                others = [i for i in people if sk.mentions[i].ref != sk.mentions[a].ref]
                if not others:
                    continue
                b = others[-1]
            found.append((m, a, b, "succession.named-to-replace"))
        # "Borisov was appointed to lead Roscosmos earlier this month, replacing Dmitry Rogozin"
        for m in re.finditer(r",\s+(?:" + participles + r")\s+" + honorific + person_slot("b"), text):
            subject = self._clause_subject(sk, m.start())
            if subject is not None:
                found.append((m, subject, int(m.group("b")), "succession.participle"))
        # "the government appointed A head of X in place of B": the chosen person replaces B
        choose = "|".join(r"\s+".join(map(re.escape, w.split())) for w in self.lex.words("choice_verbs")) or r"(?!x)x"
        for m in re.finditer(r"\b(?:" + choose + r")\s+(?:⟨R#\d+⟩\s+)?" + person_slot("a") + r"[^;⟨]*(?:⟨[ROD]#\d+⟩[^;⟨]*){0,4}?\bin\s+(?:the\s+)?place\s+of\s+" + honorific + person_slot("b"), text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.in-place-of"))
        # "Karl Berg, Ingrid Dahl's successor at the Norwegian Space Agency"
        for m in re.finditer(person_slot("a") + r",\s+(?:the\s+)?" + person_slot("b") + r"['’]s?\s+(?:successor|replacement)\b", text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.possessive"))
        # "A was named to succeed B as director", "A has been picked to replace B"
        for m in re.finditer(person_slot("a") + r"(?:,[^;]{0,160}?,)?\s+(?:was|is|has been|had been|will be)\s+(?:" + choose + r")\s+to\s+(?:replace|succeed)\s+" + honorific + person_slot("b"), text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.chosen-to-replace"))
        table = self.lex.lists.get("succession_verbs") or {}
        def alternation(words: list[str]) -> str:
            return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"
        # "A follows B as director of X": "follow" names a succession only with the post after it
        for m in re.finditer(person_slot("a") + r"(?:,[^;]{0,160}?,)?\s+(?:[a-z]+ly\s+)?(?:" + alternation(list(table.get("as_only", []))) + r")\s+" + honorific + person_slot("b") + r"(?=\s+as\s)", text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.follows-as"))
        # "B handed over to A at the council": the predecessor first
        for m in re.finditer(person_slot("b") + r"(?:,[^;]{0,160}?,)?\s+(?:[a-z]+ly\s+)?(?:" + alternation(list(table.get("handover", []))) + r")\s+" + honorific + person_slot("a"), text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.handed-over"))
        for m in re.finditer(person_slot("b") + r"(?:,[^;]{0,160}?,)?(?:,?\s+who)?\s+(?:was|is|has been|will be|had been)\s+(?:succeeded|replaced)\s+(?:as\s+[^⟨]*⟨R#\d+⟩\s+(?:of\s+(?:the\s+)?⟨O#\d+⟩\s+)?)?by\s+" + person_slot("a"), text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.passive"))
        # "A took over as president of X from B on 1 December": the post between the verb and the predecessor
        as_from = self._as_from_verbs()
        for m in re.finditer(person_slot("a") + r"(?:,\s+\d{1,3},|,(?:[^,;⟨]|⟨[ROAD]#\d+⟩){1,100}?,)?\s+(?:(?:" + auxiliaries + r"|[a-z]+ly)\s+){0,2}(?:"
                             + as_from + r")\s+as\s+(?:the\s+)?(?:new\s+)?" + role_slot("r") + r"(?:\s+of\s+(?:the\s+)?⟨O#(?P<o>\d+)⟩)?\s+from\s+"
                             + honorific + person_slot("b"), text):
            found.append((m, int(m.group("a")), int(m.group("b")), "succession.took-over-from"))
        clause_verbs = word_alternation(self.lex.words("clause_verbs"))
        for m, a, b, rule in found:
            # the appositive between the successor and the verb, auxiliaries left out
            gap = m.group(0)[m.end("a") - m.start():] if rule == "succession.active" else ""
            if gap and clause_verbs.search(re.sub(r"⟨[^⟩]+⟩", " ", gap[: gap.rfind(",") + 1].lower())):
                continue  # "A, director of Y, was elected President, succeeding B": the participle's rule reads it
            a = self._cataphora(sk, m, a)
            if sk.mentions[a].ref == sk.mentions[b].ref or sk.mentions[a].kind != "Person" or sk.mentions[b].kind != "Person":
                continue
            verb = re.search(self.SUCCESSION_ACTIVE + r"|succeeded|replaced|successor|predecessor|replacement", m.group(0))
            position = m.start() + (verb.start() if verb else 0)
            if self._modality(sk, position, allow_reported_would=False) in ("conditional", "hedge", "question", "negation", "denial"):
                continue
            if self.conditional_re.search(" " + sk.text[:position].split(",")[0].lower() + " ") and "," in sk.text[:position]:
                continue  # "If confirmed, A would succeed B": an opening conditional clause governs the main one
            self._succession(sk, m, a, b, rule, successor=self._pronoun_subject(sk, a))
        # "the post of deputy premier ... passed to Yuri Borisov"
        for m in re.finditer(r"\b(?:post|position|job|office|seat)\s+of\s+" + role_slot("r") + r"[^⟨]{0,80}?\b(?:passed|went|was given|fell|was handed)\s+to\s+" + person_slot("a"), text):
            a, r = int(m.group("a")), int(m.group("r"))
            org_index = self.org_after(sk, sk.positions[r] + len(f"⟨R#{r}⟩"))
            post, _, _ = self.make_post(sk, r, self.ref(sk, org_index) if org_index is not None else None)
            if post is None:
                continue
            predecessor = self._other_holder(post, sk.mentions[a].ref or "")
            date = next((d for _, d in self.clause_dates(sk)), None)
            self.emit("Tenure", sk, "tenure.post-passed", [a, r], 0.8, match=m, member=self.ref(sk, a), post=post, start=date)
            if predecessor:
                self.emit("Succession", sk, "succession.post-passed", [a, r], 0.7, match=m, successor=self.ref(sk, a), predecessor=predecessor, post=post, date=date)
                self.emit("Tenure", sk, "tenure.implied-by-succession", [r], 0.5, match=m, member=predecessor, post=post, end=date)

    def _as_from_verbs(self) -> str:
        """The verbs of "A took over as R from B" (succession_as_from_verbs), longest first."""
        return phrase_any_of(self.lex.words("succession_as_from_verbs"))

    def _cataphora(self, sk: Skeleton, m: re.Match[str], a: int) -> int:
        """"Days after he replaced B at the head of X, C told ...": a pronoun in an opening subordinate
        clause refers to the subject of the main clause that follows it, not to an earlier person."""
        if sk.mentions[a].text.lower() not in ("he", "she"):
            return a
        if not re.search(r"\b(?:after|when|before|since|once|as soon as)\s+$", sk.text[:sk.positions[a]]):
            return a
        main = re.match(r"[^,;]*,\s+⟨P#(\d+)⟩\s+(?:\w+\s+)?[a-z]", sk.text[m.end():])
        return int(main.group(1)) if main else a

    def took_office(self, sk: Skeleton) -> None:
        """"Yamakawa, who took office in April 2018": the start of the one post the article gives that person."""
        for m in re.finditer(person_slot("p") + r",?\s+(?:who\s+)?(?:took office|was sworn in|assumed office|took up the post|took the helm|took over)\s+(?:on|in)\s+(?:the\s+)?⟨D#(?P<d>\d+)⟩", sk.text):
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
            as_role = re.search(r"\bas\s+(?:the\s+|a\s+|an\s+)?(?:[a-z][\w-]*\s+){0,2}?" + role_slot("r"), rest)
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

    def _succession(self, sk: Skeleton, m: re.Match[str], a: int, b: int, rule: str, successor: str | None = None) -> None:
        """``successor`` overrides the reading of slot ``a`` (a pronoun resolved from the sentence before)."""
        text = sk.text
        successor, predecessor = successor or self.ref(sk, a), self.ref(sk, b)
        if successor == predecessor:
            return
        after = text[m.end():]
        # "... as the president of Roscosmos"
        post = None
        as_role = re.match(r"\s+as\s+(?:the\s+|(?P<its>its\s+))?(?:new\s+)?" + role_slot("r"), after)
        if rule == "succession.took-over-from":
            # the role stands inside the match: "took over as president of X from B"
            o = m.group("o")
            org_index = int(o) if o is not None and self.is_org(sk, int(o)) else None
            post, _, _ = self.make_post(sk, int(m.group("r")), self.ref(sk, org_index) if org_index is not None else None)
            as_role = None
        elif as_role:
            r = int(as_role.group("r"))
            org_index = self.org_after(sk, m.end() + as_role.end())
            if org_index is None and as_role.group("its"):
                org_index = self._it(sk, m.start())  # "X said that A had replaced B as its chairman"
            if org_index is None and not as_role.group("its"):
                org_index = self._clause_object_org(sk, m.start())
            post, _, _ = self.make_post(sk, r, self.ref(sk, org_index) if org_index is not None else None)
        # "... at the helm of the agency", "... as head of NASA"
        helm = re.match(r"\s+(?:at\s+the\s+(?:helm|head|⟨R#\d+⟩)|in\s+charge)\s+of\s+(?:the\s+)?⟨O#(\d+)⟩", after)
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
        # "A, who succeeded B in 2019": a year or month after the verb dates it too
        dates += [d for prep, d in self.clause_dates(Skeleton(sk.sentence, sk.mentions, own, sk.positions))
                  if prep in ("on", "") or (prep == "in" and len(d.iso) <= 7)]
        if "when" in head[-40:] or "since" in head:
            dates = [d for prep, d in self.clause_dates(sk, 0, m.start()) if prep in ("since", "on", "")] or dates
        effect = re.match(r"[^;]*?\bwhen\s+(?:⟨P#\d+⟩\s+)?(?:term|tenure|mandate)\s+(?:ends|expires|runs out)\s+(?:on|in)\s+⟨D#(\d+)⟩", after)
        if effect:
            dates = [DateValue(sk.mentions[int(effect.group(1))].ref or "")]
        date = dates[0] if dates else None
        # "..., whose term ended the day before", "who had resigned a day earlier": the day before the succession
        day_before = re.match(r"[^;]*?\b(?:who|whose\s+(?:[\w-]+\s+){0,2}?(?:term|tenure|mandate))\s+(?:had\s+)?(?:stepped down|resigned|left|retired|ended|expired|ran out)\s+"
                              r"(?:the\s+day\s+before|the\s+previous\s+day|a\s+day\s+earlier|the\s+day\s+earlier)\b", after)
        if predecessor_end is None and day_before and date is not None and len(date.iso) == 10:
            predecessor_end = DateValue((_date.fromisoformat(date.iso) - _timedelta(days=1)).isoformat())
        # "X, director general of Y, was elected President, succeeding B": the post is the role of the
        # participle's own clause; when it names no organization, none is guessed (not the appositive's)
        own_role = re.search(r"\b(?:elected|appointed|named|became|becomes|took office as|sworn in as|made)\s+(?:the\s+|a\s+|an\s+)?⟨R#(\d+)⟩"
                             r"(?:\s+(?:of|at)\s+(?:the\s+)?⟨O#\d+⟩)?(?:\s+(?:on|in)\s+(?:the\s+)?⟨D#\d+⟩)?\s*$", head) if rule == "succession.participle" else None
        if post is None and own_role:
            role_index = int(own_role.group(1))
            org_index = self.org_after(sk, sk.positions[role_index] + len(f"⟨R#{role_index}⟩"))
            if org_index is not None:
                post, _, _ = self.make_post(sk, role_index, self.ref(sk, org_index))
            else:
                # only the post this very sentence gave the successor ("1. European Commission - A took office
                # as President on 1 December, succeeding B"), not one of an appositive or another sentence
                guess = self._post_of(successor, predecessor, sk.sentence.index, before=date)
                mine = [f for f in self.ctx.facts if f.kind == "Tenure" and f.get("member") == successor and f.evidence.start == sk.sentence.start
                        and isinstance(post_of := f.get("post"), Post) and guess is not None and post_of.key == guess.key
                        and not f.evidence.rule.startswith(("tenure.appositive", "tenure.implied"))]
                post = guess if mine else None
            as_role = own_role  # stated: no post guessed from elsewhere
        if post is None and not as_role and rule != "succession.took-over-from":
            # a succession "as R" whose R names no organization is about that post, not one guessed
            post = self._post_of(successor, predecessor, sk.sentence.index, before=date)
            # "C succeeded Michel in Brussels": a place or body after the verb says where; a post guessed
            # from elsewhere in the article holds only when it is at that very organization
            located = re.match(r"\s+(?:in|at)\s+(?:the\s+)?(?:⟨[OA]#(\d+)⟩|[A-Z][a-z])", after)
            if post is not None and located and (located.group(1) is None or sk.mentions[int(located.group(1))].ref != post.organization):
                post = None
        if date is None and post is not None:
            date = self._start_of(successor, post)
        self.emit("Succession", sk, rule, [a, b], 0.9 if post else 0.8, match=m, successor=successor, predecessor=predecessor, post=post, date=date)
        if post is not None:
            self.emit("Tenure", sk, "tenure.implied-by-succession", [a], 0.6, match=m, member=successor, post=post, start=date)
            self.emit("Tenure", sk, "tenure.implied-by-succession", [b], 0.55 if predecessor_end is None else 0.85,
                      match=m, member=predecessor, post=post, end=predecessor_end or date)

    def _clause_object_org(self, sk: Skeleton, position: int) -> int | None:
        """"became the first woman to head the ECB when she succeeded B as president": the organization
        the sentence names before the succession outside a prepositional phrase, not a country."""
        before = sk.text[:position]
        for found in reversed([x for x in SLOT.finditer(before) if x.group(1) == "O"]):
            index = int(found.group(2))
            if sk.mentions[index].kind in ("Country", "Programme") or not self.is_org(sk, index):
                continue
            if re.search(r"\b(?:of|at|in|from|with|for|to|by|on)\s+(?:the\s+)?$", before[:found.start()]):
                continue
            return index
        return None

    def _sentence_of(self, fact: Fact) -> int:
        return next((s.index for s in self.ctx.am.sentences if s.start == fact.evidence.start), -1)

    def _post_of(self, successor: str | None, predecessor: str | None, here: int = -1, before: DateValue | None = None) -> Post | None:
        """The post a succession is about when the sentence does not say: one the article gives either person."""
        mine = [f for f in self.ctx.facts if f.kind == "Tenure" and f.get("member") == successor and isinstance(f.get("post"), Post)]
        theirs = [f for f in self.ctx.facts if f.kind == "Tenure" and f.get("member") == predecessor and isinstance(f.get("post"), Post)]
        for f in mine:
            for g in theirs:
                if post_key(f.get("post")) == post_key(g.get("post")):
                    return f.get("post")  # type: ignore[return-value]
        # "A took office as president of X on 2 May, succeeding B": the post the successor starts in the
        # succession's own sentence, else the one the sentence before gave them a start in ("A was
        # appointed secretary of X on Sunday. She replaces B, a former director of Y"): not a post
        # said of the predecessor in passing
        for near in (0, 1):
            taken = {post_key(f.get("post")): f.get("post") for f in mine if not f.get("end")
                     and f.get("start") and self._sentence_of(f) == here - near}
            if len(taken) == 1:
                return next(iter(taken.values()))  # type: ignore[return-value]
        # a successor takes over the predecessor's post: the post the successor starts at the
        # predecessor's organization, else the one post the article gives the predecessor,
        # else the one post the successor starts
        started = [f for f in mine if f.get("start")]
        their_orgs = {g.get("post").organization for g in theirs}  # type: ignore[union-attr]
        same_org = {post_key(f.get("post")): f.get("post") for f in started if f.get("post").organization in their_orgs}  # type: ignore[union-attr]
        if len(same_org) == 1:
            return next(iter(same_org.values()))  # type: ignore[return-value]
        if len({post_key(g.get("post")) for g in theirs}) == 1:
            return theirs[0].get("post")  # type: ignore[return-value]
        # the one post the successor starts, or a head post of either, only when the article says it
        # near the succession (a post given paragraphs away is another story)
        # (a post the successor started years before the succession is not the one taken over)
        started = [f for f in started if (here < 0 or abs(self._sentence_of(f) - here) <= 2)
                   and not (before is not None and str(getattr(f.get("start"), "iso", ""))[:4] < before.iso[:4])]
        mine = [f for f in mine if not f.get("end")]  # a post the successor left is not the one taken
        if len({post_key(f.get("post")) for f in started}) == 1:
            return started[0].get("post")  # type: ignore[return-value]
        # "B replaced her at the defence ministry": the sentence names where, in words no mention resolved;
        # a head post of either person would be a guess
        if here >= 0 and re.search(r"\b(?:replaced|replaces|succeeded|succeeds)\s+(?:him|her|them|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})"
                                   r"\s+at\s+the\s+(?!helm\b|top\b)[a-z]", self.ctx.am.sentences[here].text):
            return None
        for exact in (True, False):
            for f in theirs + started + mine:
                post = f.get("post")
                if here >= 0 and abs(self._sentence_of(f) - here) > 2:
                    continue
                if isinstance(post, Post) and (post.role == "head" if exact else post.role.endswith("head")):
                    return post
        return None

    def _start_of(self, person: str | None, post: Post) -> DateValue | None:
        for f in self.ctx.facts:
            if f.kind == "Tenure" and f.get("member") == person and post_key(f.get("post")) == post.key and f.get("start"):
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
