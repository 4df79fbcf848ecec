"""Withdrawals and suspensions: who left, halted, ended or froze what."""

from __future__ import annotations

import re

from newskg.mentions import slug
from newskg.model import Text
from newskg.facts.base import RuleBase
from newskg.facts.skeleton import SLOT, Skeleton, _intransitive, _next_word


class WithdrawalRules(RuleBase):
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
