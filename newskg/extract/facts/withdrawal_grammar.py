"""The grammar under the withdrawal rules: the actor, the object and the agreement a withdrawal names.

Split from ``withdrawals`` (the rules); ``WithdrawalRules`` inherits these helpers.
"""

from __future__ import annotations

import re

from newskg.extract.facts.base import RuleBase
from newskg.extract.facts.skeleton import SLOT, Skeleton, any_of, intransitive


class WithdrawalGrammar(RuleBase):
    _last_withdrawal_text = ""  # the sentence of the last withdrawal (set by WithdrawalRules)

    def _after_preposition(self, before: str) -> bool:
        tokens = before.rstrip().split()
        # "after canceling a mission", "before leaving": a time adjunct whose subject is the clause's, an act
        temporal = ("after", "since", "upon")  # "before leaving" is often yet to come
        return bool(tokens) and tokens[-1].lower() in self.PREPOSITIONS + ("about", "without", "towards") and tokens[-1].lower() not in temporal

    def _coordinated(self, sk: Skeleton, actor: int | None) -> list[int]:
        """The organizations coordinated before the subject ("Sweden and Norway", "A, B and C"), outside a preposition's phrase."""
        if actor is None or sk.mentions[actor].kind == "Person":
            return []
        before = sk.text[: sk.positions[actor]]
        # "Saudi Arabia, the United Arab Emirates, Bahrain and Egypt": a determiner may open any conjunct
        chain = re.search(r"((?:⟨[OA]#\d+⟩,\s+(?:the\s+)?)*⟨[OA]#\d+⟩),?\s+and\s+(?:the\s+)?$", before)
        if not chain or self._after_preposition(re.sub(r"\bthe\s*$", "", before[: chain.start()])):
            return []
        return [int(i) for letter, i in SLOT.findall(chain.group(1)) if sk.mentions[int(i)].kind != "Programme"]

    def _main_subject(self, sk: Skeleton, position: int) -> int | None:
        """The subject of the clause around ``position``: its first organization, demonym or person outside a
        prepositional phrase ("Moscow notifies the parties, A and B, that it will leave": Moscow)."""
        before = sk.text[:position]
        for match in SLOT.finditer(before):
            letter, index = match.group(1), int(match.group(2))
            if letter not in "OAP" or sk.mentions[index].kind == "Programme":
                continue
            preceding = [w for w in before[: match.start()].split() if w.lower() not in self.DETERMINERS]
            if preceding and preceding[-1].lower() in self.PREPOSITIONS:
                continue
            if re.match(r"\s*⟨R#", before[match.end():]):
                continue  # "NASA Administrator X": the slot titles a person
            return index
        return None

    # -------------------------------------------------------------- objects
    def _noun_phrase(self, obj_text: str) -> bool:
        """An object is a named agreement or a phrase with a cooperation noun in its first words."""
        if not obj_text:
            return False
        first = obj_text.split()[0].lower()
        if first.endswith("ing") and len(first) > 5:
            # "stop servicing the engines", "stopped booking rides": an activity with an object of its own;
            # "stopped responding to questions" has none
            second = obj_text.split()[1].lower() if len(obj_text.split()) > 1 else ""
            return bool(second) and second not in self.PREPOSITIONS + ("about",)
        if first in ("is", "are", "was", "were", "of", "to", "that", "which", "who", "when", "takes", "took", "has", "had", "will"):
            return False
        if self._agreement_names(obj_text):
            return True
        return self._cooperation(" ".join(obj_text.split()[:8]))

    def _cooperation(self, obj_text: str) -> bool:
        lowered = obj_text.lower()
        return any(re.search(rf"\b{re.escape(n)}s?\b", lowered) for n in self.cooperation_objects)

    def _agreement_names(self, text: str) -> list[str]:
        nouns = any_of(self.lex.words("agreement_name_nouns"))
        pattern = (rf"((?:(?:[A-Z][\w'.-]*|\d{{4}})\s+(?:(?:of|on|for|and)\s+)?){{0,5}}(?:{nouns})\b"
                   rf"(?:\s+(?:on|of|for)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){{0,4}})?)")
        out = []
        function_words = set(self.lex.words("function_words"))
        for m in re.finditer(pattern, text):
            name = m.group(1).split()
            while name and (name[0] in function_words or re.fullmatch(r"\d{4}", name[0])):
                name = name[1:]
            if len(name) >= 2 and any(w[:1].isupper() for w in name):
                # a bare "Treaty" or "Agreement" at a sentence start names nothing
                out.append(" ".join(name))
        return out

    def _named_agreement(self, sk: Skeleton, position: int, family: str | None = None) -> str | None:
        """The agreement the article named last, up to ``position`` of this sentence ("the treaty" stands for it)."""
        sentences = self.ctx.am.sentences[: sk.sentence.index]
        candidates: list[str] = []
        for s in sentences:
            candidates += self._agreement_names(s.text)
        candidates += self._agreement_names(self._plain(sk, sk.text[:position]) + " " + self._plain(sk, sk.text[position:]))
        if family:
            same = [c for c in candidates if family.lower() in c.lower()]
            candidates = same or candidates
        return candidates[-1] if candidates else None

    def _described_subject(self, before: str) -> bool:
        nouns = any_of(self.lex.words("subject_descriptions"))
        # the description must name a body of the sentence where the last actor acted ("the ruling Council of
        # ESA decided ..." ... "the same Council instructed ..."); "the administration" after a Russian act is not Russia
        for m in re.finditer(rf"\b(?:the|its)\s+(?:(?:same|ruling|new|governing)\s+)?({nouns})\b", before, re.IGNORECASE):
            if not self._after_preposition(before[: m.start()]) and re.search(rf"\b{re.escape(m.group(1))}\b", self._last_withdrawal_text, re.IGNORECASE):
                return True
        return False

    def _member_body(self, sk: Skeleton, position: int) -> str | None:
        """The body of members (an international organization) the article named last before ``position``."""
        bodies = set(self.lex.words("member_body_descriptions"))
        current = [m for m in sk.mentions if m.start < sk.sentence.start + len(self._plain(sk, sk.text[:position]))]
        for mentions in [current] + [list(ms) for ms in reversed(self.ctx.am.mentions[: sk.sentence.index])]:
            for mention in reversed(mentions):
                known = self.lex.entities.get(mention.ref or "")
                head = (known.label if known else mention.text).split()[-1].lower() if mention.text.strip() else ""
                if mention.kind == "InternationalOrganization" or (known and known.kind == "InternationalOrganization") or (
                        mention.kind not in ("Person", "Country", "Capital", "Demonym", "Date", "Role") and head in bodies):
                    return known.label if known else mention.text
        return None

    def _resolve_anaphor(self, sk: Skeleton, obj_text: str, position: int) -> str:
        anaphors = "|".join(re.escape(w) for w in self.lex.words("agreement_anaphors")) or r"(?!x)x"
        # "its participation in the treaty": the treaty the article named
        inner = re.fullmatch(rf"(?P<head>.+?\b(?:in|from|to|of|under|with)\s+)(?:the|this|that)\s+(?P<n>{anaphors})", obj_text.strip(), re.IGNORECASE)
        if inner:
            name = self._named_agreement(sk, position, inner.group("n"))
            if name:
                return inner.group("head") + "the " + name
        # "suspend the cooperation": the cooperation on the programme this sentence or the one before names
        if re.fullmatch(r"(?:the|this|that|its|their)\s+(?:cooperation|collaboration|partnership|joint work|work)", obj_text.strip(), re.IGNORECASE):
            programme = self._programme_near(sk, position)
            if programme:
                return f"{obj_text} on {programme}"
        # "it suspended its participation": the participation in the agreement the article named
        bare = "|".join(re.escape(w) for w in self.lex.words("bare_membership_nouns")) or r"(?!x)x"
        if re.fullmatch(rf"(?:its|their|his|her|our)\s+(?:[\w-]+\s+)?(?:{bare})", obj_text.strip(), re.IGNORECASE):
            if obj_text.strip().lower().endswith("membership"):  # one is a member of a body, a party to its treaty
                return self._member_body(sk, position) or self._named_agreement(sk, position) or obj_text
            return self._named_agreement(sk, position) or self._member_body(sk, position) or obj_text
        # "Ecuador would leave the organisation": the body of members the article named last
        bodies = "|".join(re.escape(w) for w in self.lex.words("member_body_descriptions")) or r"(?!x)x"
        if re.fullmatch(rf"(?:the|this|that)\s+(?:{bodies})", obj_text.strip(), re.IGNORECASE):
            return self._member_body(sk, position) or obj_text
        anaphors = "|".join(re.escape(w) for w in self.lex.words("agreement_anaphors")) or r"(?!x)x"
        m = re.fullmatch(rf"(?:(?:the|this|that)\s+({anaphors})|it)", obj_text.strip(), re.IGNORECASE)
        if not m:
            return obj_text
        return self._named_agreement(sk, position, m.group(1)) or obj_text

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
        # "suspending, not withdrawing from, the treaty": past the contrast
        contrast = re.match(r",\s+(?:but\s+)?not\s+[^,]{1,40},\s+", after)
        if contrast:
            after = " " + after[contrast.end():]
        if intransitive(m, text) and not contrast:
            before = text[: m.start()]
            # "the nuclear deal that the United States abandoned in May 2018": the antecedent is the object
            relative = re.search(r"(?P<np>(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:that|which)\s+[^,;]*$", before)
            if relative and SLOT.search(before[relative.end("np"):]):
                return self._plain(sk, relative.group("np")), None
            # "supplies of the RD-181 to Northrop Grumman would end as well": the subject is the object
            head = re.split(r",\s+|\band\b|;", before)[-1]
            head = re.sub(r"\s+(?:would|will|shall|must|is|are|was|were|had|has|have)\s*(?:also\s+)?(?:to\s+)?$", "", head.rstrip())
            raw = re.sub(r"^⟨D#\d+⟩\s*-\s*", "", head.strip())
            if re.fullmatch(r"(?:the\s+)?⟨[OAP]#\d+⟩", raw) or not self._cooperation(raw):
                return "", None  # "the United States walked out": the subject acts, it is not the object
        else:
            # "withdrawn the United States from the nuclear agreement": what it was withdrawn from
            causative = re.match(r"\s+(?:the\s+)?⟨O#\d+⟩\s+(?=from\b)", after)
            if causative:
                after = after[causative.end():]
            stops = "|".join(re.escape(w) for w in sorted(self.lex.words("withdrawal_object_stops"), key=len, reverse=True)) or r"(?!x)x"
            after = re.split(rf",?\s+(?:{stops})\b", after)[0]  # "... with effect from 1 May", "as of today"
            after = re.split(r"\s+and\s+(?:the\s+)?(?:(?:[\w-]+|⟨[OPA]#\d+⟩)\s+){0,5}?⟨[OPA]#\d+⟩\s+(?:\w+\s+)?(?:added|said|says|has|had|is|was|will|would|announced)\b", after)[0]
            raw = re.split(r"\s*(?:[;:]|,\s(?!(?:⟨O#\d+⟩|[A-Z][\w-]*)(?:,\s|\s+and\s))|\.\s|\.$|\s+(?:(?:on|in|since|from|by|during|of)\s+(?:the\s+)?)?⟨D#\d+⟩|\s+until\b|\s+unless\b|\s+after\b|\s+because\b|\s+in retaliation\b|\s+in response\b|\s+in protest\b|\s+and\s+(?:is|was|will|has|had|would|to|are)\b|\s+(?:was|were|is|are|has been|have been|had been|will be|would be)\b|\s+and\s+\w+ing\b|\s+so\s+that\b|\s+while\b|\s+but\b|\s+\(|\s+[\"“])", after)[0]
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

    def _programme_near(self, sk: Skeleton, position: int) -> str | None:
        """The last programme named before ``position`` in this sentence, else in the sentence before."""
        here = [int(i) for letter, i in SLOT.findall(sk.text[:position]) if letter == "O" and sk.mentions[int(i)].kind == "Programme"]
        mentions = [sk.mentions[i] for i in here]
        if not mentions and sk.sentence.index > 0:
            mentions = [m for m in self.ctx.am.mentions[sk.sentence.index - 1] if m.kind == "Programme"]
        if not mentions:
            return None
        entity = self.lex.entities.get(mentions[-1].ref or "")
        return entity.label if entity else mentions[-1].text

    def _recent_programme(self, sk: Skeleton) -> str | None:
        for mentions in reversed(self.ctx.am.mentions[: sk.sentence.index + 1]):
            for mention in reversed(mentions):
                if mention.kind == "Programme":
                    entity = self.lex.entities.get(mention.ref or "")
                    return entity.label if entity else mention.text
        return None
