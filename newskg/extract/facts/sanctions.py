"""Sanctions: who sanctioned whom, from sanction nouns, verbs, passives and lists."""

from __future__ import annotations

import re

from newskg.extract.facts.sanction_frames import SanctionFrameRules
from newskg.extract.facts.sanction_roles import COUNTED, PREPOSITION_BEFORE, REASON, STOP, embedded_at
from newskg.extract.facts.skeleton import SLOT, Skeleton, any_of, titles_someone
from newskg.extract.mentions import slug
from newskg.extract.model import DateValue, Mention

# a slot after these words is the agent or object of another verb in the target phrase, not a target
_AGENT_BEFORE = re.compile(r"\b[a-z]+(?:ed|en)\s+(?:by|from|to|for|with)\s+(?:the\s+)?$|\b(?:which|who|that)\s+(?:[a-z-]+\s+){1,2}(?:the\s+)?$")


class SanctionRules(SanctionFrameRules):
    # ------------------------------------------------------------ sanctions
    def sanctions(self, sk: Skeleton) -> None:
        text = sk.text
        nouns = "|".join(re.escape(n) for n in self.sanction_nouns)
        for m in re.finditer(rf"\b(?:{nouns})(?:s)?\b", text, re.IGNORECASE):
            modality = self._modality(sk, m.start(), allow_reported_would=True)
            if modality in ("conditional", "hypothetical", "hedge", "question", "denial") or not self._in_force(sk, m.start(), m.end()):
                continue
            authorities = self._authorities(sk, m)
            if m.group(0).lower() in self.weak_sanction_nouns and not authorities:
                continue
            targets, listing = self._targets(sk, m)
            if not targets:
                continue
            dates = self.clause_dates(sk)
            start = next((d for prep, d in dates if prep == "since"), None)
            imposing = self._cues.impose_past.search(text) or self._cues.listing_past.search(text) or re.search(
                rf"\b(?:{any_of(self.lex.words('sanction_reply_verbs'))})\b", text)  # "answered on 10 August with sanctions"
            on = next((d for prep, d in dates if prep in ("on", "") and len(d.iso) == 10), None) if imposing else None
            if imposing and on is None and start is None:  # "sanctions imposed on X in 2014", "... in February"
                # a date after the verb: one in a fronted clause ("After Russia invaded in February, ...") is that clause's
                reason = REASON.search(text, m.end())
                on = next((d for prep, d in self.clause_dates(sk, imposing.start(), reason.start() if reason else None) if prep in ("in", "")), None)
            if imposing and on is None and start is None:  # "The State Department then imposed ...": the day before
                on = self._then_date(sk, text[: imposing.start()])
            for target in targets:
                target_ref = self.ref(sk, target)
                candidates: list[int | None] = list(authorities) or [None]
                for authority in candidates:
                    authority_ref = self.ref(sk, authority) if authority is not None else None
                    if authority_ref == target_ref:
                        continue
                    self.emit("Sanction", sk, "sanction." + ("listing" if listing else "trigger"), [target] + ([authority] if authority is not None else []), 0.8,
                              entity=target_ref, authority=authority_ref, startDate=start or (None if listing else on),
                              listingDate=on if listing else None)

    def sanction_verbs(self, sk: Skeleton) -> None:
        """"The U.S. Treasury sanctioned A, B and C": the subject is the authority, the list the targets."""
        for m in re.finditer(r"((?:⟨[OA]#\d+⟩(?:,\s*|\s+and\s+(?:the\s+)?|,\s+and\s+)?)+)(?:\s+(?:government|authorities|administration))?\s+(?:has\s+|have\s+|had\s+|on\s+⟨D#\d+⟩\s+)?(?:(?:already|also|previously|earlier|separately|now|later)\s+)?(?:" + self._cues.direct_past.pattern[2:-2] + r"|(?:froze|frozen|freezes)\s+(?:the\s+)?assets\s+of)\s+(?P<np>[^;]*)", sk.text):
            if self._modality(sk, m.start("np")) is not None or not self._in_force(sk, m.start(), m.end("np")):
                continue
            authorities = [int(i) for _, i in SLOT.findall(m.group(1))]
            np = re.split(r"\s+(?:for|over|because|after|pursuant|under|in\s+(?:response|connection))\b|,?\s+(?:according\s+to|citing|said|says)\b"
                          r"|,?\s+and\s+(?!the\b)[a-z]+ed\b"  # "... and banned its executives": a second act
                          r"|\.\s|\.$", m.group("np"))[0]
            np = STOP.split(np, maxsplit=1)[0]  # a subordinate clause ends the list: "..., as Prime Minister X set out"
            # not a possessor ("X's former partner"), a capital or an organization as modifier ("the Moscow
            # firm Y", "the Roscosmos subsidiary Y"), nor an organization someone belongs to ("X, the head of Z")
            targets = [int(i) for letter, i in SLOT.findall(np) if letter in "OP" and not titles_someone(np, letter, i)
                       and not re.search(rf"⟨{letter}#{i}⟩['’]s?\s", np) and sk.mentions[int(i)].kind != "Capital"
                       and not re.search(rf"⟨O#{i}⟩\s+(?!(?:and|or|as|in|on|for|with|to|the)\b)[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+⟨[OP]#", np)
                       and not re.search(rf"\b(?:of|at)\s+(?:the\s+)?⟨O#{i}⟩", np)]
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
        for m in re.finditer(r"⟨([OP])#(\d+)⟩,?\s+(?:which|whom|who|that)\s+((?:(?:the\s+)?⟨[OA]#\d+⟩(?:,\s*|\s+and\s+|,\s+and\s+)?)+)\s+(?:has\s+|have\s+|had\s+)?(?:" + self._cues.direct_past.pattern[2:-2] + r"|listed)\b", sk.text):
            if self._modality(sk, m.end()) is not None:
                continue
            target = int(m.group(2))
            date = next((d for prep, d in self.clause_dates(sk, m.start(), None) if prep in ("on", "in", "")), None)
            for _, authority in SLOT.findall(m.group(3)):
                self.emit("Sanction", sk, "sanction.relative", [target, int(authority)], 0.8, match=m, entity=self.ref(sk, target),
                          authority=self.ref(sk, authority), startDate=date)

    def sanctioned_by(self, sk: Skeleton) -> None:
        """Passive sanctions: "X was sanctioned by the United States and the United Kingdom in 2022"."""
        for m in re.finditer(r"⟨([OP])#(\d+)⟩(,[^;]{0,120}?,)?\s+(?:was|were|has been|have been|had been|is|are)\s+(?:\w+\s+)?"
                             r"(?:" + self._cues.direct_past.pattern[2:-2] + r")\s+by\s+(?P<np>[^;.]*)", sk.text):
            if self._modality(sk, m.start("np")) is not None or not self._in_force(sk, m.start(), m.end("np")):
                continue
            target = int(m.group(2))
            aside = re.fullmatch(r",\s*(?:the\s+)?⟨[OP]#(\d+)⟩\s*,", m.group(3) or "")
            if embedded_at(sk.text[: m.start()]):
                # "The chief executive of ⟨O⟩, ⟨P⟩, was sanctioned": the appositive is the subject, else none is named
                if not aside:
                    continue
                target = int(aside.group(1))
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
            # "the EU's main Russia sanctions regulation": the possessor imposes, the bare country is the target
            owner = re.search(r"⟨[OA]#(\d+)⟩['’]s?\s+(?:[a-z-]+\s+){1,3}$", before[: pre.start(1)])
            if owner and "'" not in pre.group(1) and "’" not in pre.group(1):
                return [int(owner.group(1))]
            return [int(i) for _, i in SLOT.findall(pre.group(1))]
        after = text[m.end():]
        by = re.match(r"(?P<between>[^.;]{0,80}?)\b(?:by|from)\s+(?:the\s+)?((?:⟨[OAP]#\d+⟩(?:,\s*(?:the\s+)?|\s+and\s+(?:the\s+)?|,\s+and\s+(?:the\s+)?)?)+)", after)
        # the agent of the sanction, not of another participle or relative clause between ("measures on X ... used by A")
        if by and not self._other_predicate(by.group("between")):
            return [int(i) for _, i in SLOT.findall(by.group(2))]
        subject = re.search(r"((?:⟨[OAP]#\d+⟩(?:,\s*|\s+and\s+(?:the\s+)?|,\s+and\s+)?)+)\s+(?:(?:on|in)\s+⟨D#\d+⟩\s+|⟨D#\d+⟩\s+)?(?:\w+\s+){0,2}?(?:" + self._cues.impose_past.pattern[2:-2] + r"|(?:decided|decides|voted|votes)\s+to\s+(?:"
                            + self._cues.impose.pattern[2:-2] + r"))\s+(?:a\s+series\s+of\s+|new\s+|sweeping\s+|further\s+|fresh\s+)?(?:[a-z-]+\s+){0,2}$", before)
        if subject:
            return [int(i) for _, i in SLOT.findall(subject.group(1))]
        # "Beijing answered on 10 August with sanctions on X": a reply whose "with" is the sanction
        replies = any_of(self.lex.words("sanction_reply_verbs"))
        reply = re.search(rf"^(?:[^⟨,]{{0,40}},\s*)?(?:the\s+)?⟨[OA]#(\d+)⟩\s+(?:(?:has|had|have|quickly|swiftly|later)\s+)*(?:{replies})\s+"
                          r"(?:(?:on|in)\s+⟨D#\d+⟩\s+|⟨D#\d+⟩\s+)?with\s+(?:(?:new|its\s+own|their\s+own|its|their|counter-?|retaliatory|reciprocal)\s+)*$", before)
        if reply:
            return [int(reply.group(1))]
        # "the EU had placed Progress on a list of ... entities subject to ... restrictions"
        placed = re.search(r"⟨[OA]#(\d+)⟩(?:\s+(?:government|authorities|administration))?\s+(?:on\s+⟨D#\d+⟩\s+)?(?:has\s+|had\s+|have\s+)?(?:placed|put|added)\s+", before)
        if placed:
            return [int(placed.group(1))]
        return []

    def _targets(self, sk: Skeleton, m: re.Match[str]) -> tuple[list[int], bool]:
        text = sk.text
        after = text[m.end():]
        before = text[: m.start()]
        # "A, B and C were added", "Roscosmos chief A and his deputy B were added"
        listed = re.search(r"((?:(?:the\s+)?⟨[OP]#\d+⟩(?:,\s*|\s+and\s+(?:(?:his|her|its|their|⟨P#\d+⟩)\s+(?:[a-z-]+\s+){1,2})?|,\s+and\s+)?)+)\s+(?:was|were|has been|have been|had been)\s+(?:added|placed|put)\s+(?:to|on)\s+(?:(?:a|the|its|their)\s+)?[^;]*$", before)
        if listed and re.search(r"\b(?:list|blacklist)\b", text[m.start():m.end() + 12]):
            # not the object of a preposition before an appositive: "A businessman with ties to ⟨O⟩, ⟨P⟩, was added"
            return [int(x.group(1)) for x in re.finditer(r"⟨[OP]#(\d+)⟩", listed.group(1))
                    if not embedded_at(text[: listed.start(1) + x.start()])], True
        placed = re.search(r"(?:placed|put|added)\s+(?:[^⟨,;]{0,40}(?:⟨A#\d+⟩[^⟨,;]{0,30})?,\s+)?((?:(?:the\s+)?⟨[OP]#\d+⟩(?:,\s*|\s+and\s+|,\s+and\s+)?)+)(?:[^⟨;]{0,40}?)\s+(?:on|to)\s+(?:a|the|its|their)\s+[^⟨]*?(?:list|blacklist)", before + text[m.start():m.end() + 8], re.IGNORECASE)
        if placed:  # not a possessor: "put China's biggest company on a blacklist"
            found = [int(i) for _, i in SLOT.findall(placed.group(1)) if not re.search(rf"#{i}⟩['’]s?\s", placed.group(0))]
            return found, True
        targets: list[int] = []
        against = re.match(r"\s+(?:\w+\s+){0,2}?(?:by\s+(?:the\s+)?(?:⟨[OA]#\d+⟩(?:,\s*|\s+and\s+(?:the\s+)?|,\s+and\s+)?)+\s+)?(?:against|on|from|targeting|over)\s+(?P<np>[^;]*)", after)
        if against:
            np = re.split(r"\s+(?:until|unless|because|after|before|which|that|were|was|is|are|will|would|had|has|to\s+(?!⟨)|in\s+(?:order|retaliation|response|connection))\b|\.\s|(?:,|\s+and)\s+(?!the\b)[a-z]+ed\b(?!\s+by\b)"
                          r"|,\s+⟨P#\d+⟩\s+(?:wrote|said|says|added|told|stated)\b|,\s+(?:⟨[OAP]#\d+⟩\s+)+(?:was|is|were|are|has|had|will|would)\b", against.group("np"))[0]
            for letter, i in SLOT.findall(np):
                index = int(i)
                slot_text = f"⟨{letter}#{i}⟩"
                follows = np[np.find(slot_text) + len(slot_text):]
                if letter == "A":
                    # "Russian enterprises": a country's companies stand for the country; "six Russian officials" are
                    # counted ones, named elsewhere or not at all
                    if re.match(r"\s+(?:[a-z-]+\s+){0,2}(?:enterprises|companies|entities|firms|institutions|banks|officials|organizations|organisations|industry)\b", follows) \
                            and not COUNTED.search(np[: np.find(slot_text)]):
                        targets.append(index)
                    continue
                if letter not in "OP" or re.match(r"['’]s?\b", follows) or titles_someone(np, letter, i):
                    continue
                if letter == "O" and self._modifies(follows):  # "⟨O⟩ credit rating agencies"
                    continue
                lead = np[: np.find(slot_text)]
                if _AGENT_BEFORE.search(lead) or (PREPOSITION_BEFORE.search(lead) and not re.search(
                        r"(?:^|\band\s+|,\s*)(?:on|against|targeting)\s+(?:the\s+)?$|\b(?:among|including)\s+(?:them\s+)?(?:the\s+)?$", lead)):
                    continue  # the agent or object of another word: "on firms making rifles used by ⟨O⟩ in its war against ⟨O⟩"

                if sk.mentions[index].kind == "Programme":
                    continue
                targets.append(index)
            named = [i for i in targets if sk.mentions[i].kind != "Demonym"]
            if named:
                return named, False
            if targets:
                return targets, False
        # "the Progress rocket and space center, which is also under sanctions"
        under = re.search(r"\(?,?\s*(?:which|who)\s+(?:is|was|are|were|has been|have been)\s+(?:also\s+)?(?:under|subject to|hit by|targeted by)\s+(?:(?:\w+|⟨[OA]#\d+⟩)\s+){0,2}$", before)
        if under:
            candidates = [int(i) for letter, i in SLOT.findall(before[max(0, under.start() - 120):under.start()]) if letter in "OP"]
            candidates = [i for i in candidates if sk.mentions[i].kind not in ("Capital", "Programme")]
            if candidates:
                return [candidates[-1]], False
        subject = re.search(r"^[^⟨]*?((?:(?:the\s+)?⟨[OP]#\d+⟩(?:,\s*|\s+and\s+|,\s+and\s+)?)+)(?:,\s+\d{1,3},)?\s+(?:has\s+been|have\s+been|is|are|was|were|had\s+been)\s+(?:\w+\s+){0,3}?(?:subject|under|targeted|hit|on)\b[^;]*$", before)
        if subject:
            return [int(i) for letter, i in SLOT.findall(subject.group(1)) if letter in "OP"], False
        return [], False
