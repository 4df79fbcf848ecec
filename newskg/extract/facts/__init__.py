"""Stage 4: facts with evidence, from the mentions of each sentence.

Each sentence is rewritten as a *skeleton*: every mention is replaced by a
typed slot (``⟨P#3⟩`` a person, ``⟨O#1⟩`` an organization, country or
programme, ``⟨A#2⟩`` a demonym, ``⟨R#4⟩`` a role phrase, ``⟨D#0⟩`` a date).
The rules are regular expressions over skeletons: they see the grammar words
between the slots ("⟨P⟩, the ⟨R⟩ of ⟨O⟩", "⟨P⟩ succeeded ⟨P⟩") and never the
names themselves, so a rule fits every sentence of that shape.

Statements that are hedged, denied, hypothetical or questions are left out
(see ``RuleBase._modality``); nominations are kept as nominations, acting heads as
acting tenures.

The rules come in one module per kind of fact (``tenures``, ``successions``,
``sanctions``, ``obligations``, ``withdrawals``) over the shared helpers of ``base``
and the skeletons of ``skeleton``; ``FactExtractor`` mixes them and runs them in order.
"""

from __future__ import annotations

import re

from newskg.extract.facts.base import RuleBase
from newskg.extract.facts.obligations import ObligationRules
from newskg.extract.facts.sanctions import SanctionRules
from newskg.extract.facts.skeleton import SLOT, Skeleton, build_skeleton
from newskg.extract.facts.successions import SuccessionRules
from newskg.extract.facts.tenures import TenureRules
from newskg.extract.facts.withdrawals import WithdrawalRules
from newskg.extract.lexicon import Lexicon
from newskg.extract.mentions import ArticleMentions
from newskg.extract.model import Fact, Text


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"


__all__ = ["FactExtractor", "RuleBase", "SLOT", "Skeleton", "build_skeleton", "extract_facts"]


class FactExtractor(TenureRules, SuccessionRules, SanctionRules, ObligationRules, WithdrawalRules):
    """Every rule family over the skeletons of one article, in an order where later rules see earlier facts."""

    # ---------------------------------------------------------- statements
    def statements(self, sk: Skeleton) -> None:
        """What a person or organization said: the words said, not a side phrase.

        "X said (that) ...", "X announced on Monday that ...", '"...," X said', '"...," said X',
        "X issued a notice stating that ...", and "X called the decision 'a mistake'"."""
        words = self.lex.words
        said = _alternation(words("statement_verbs"))
        that_verbs = _alternation(words("statement_that_verbs"))
        participles = _alternation(words("statement_participles"))
        naming = _alternation(words("statement_naming_verbs"))
        text = sk.text
        found: list[tuple[str, re.Match[str], str] | tuple[str, re.Match[str], str, int]] = []
        # "said" and "told reporters" may drop the "that"; the other verbs of speech need it
        # "X told Reuters (that) ...", "X told state television ...": the listener is a news outlet or an audience
        listeners = _alternation(words("statement_listeners"))
        told = r"(?:tells|told)\s+(?:the\s+)?(?:" + listeners + r"|⟨O#\d+⟩|[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,2})(?:\s+(?:on|in)\s+(?:an?\s+)?(?:interview|⟨D#\d+⟩|\w+day))?(?:\s+that)?"
        for m in re.finditer(r"(?P<s>⟨[OP]#\d+⟩)(?:,[^,]{0,100},)?\s+(?!was\b|were\b|is\b|has been\b)(?:\w+\s+)?(?:(?:said|says|told reporters)\b(?:\s+that)?|" + told + r"(?=\s+[a-z⟨])|(?:" + that_verbs + r")(?:\s+(?:on|in)\s+[^,]{1,40}?)?\s+that)\s+(?P<c>[^⟨]?.*)$", text):
            found.append(("statement.said", m, m.group("c")))
        # '"We will fulfil ...," Borisov said' and '"...," said Borisov': the quotation before the verb
        quote = r"^\s*[\"“](?P<c>[^\"”]{8,}?)[,.!?]?[\"”],?\s+"
        # ('"...," Estonian Defence Minister X said': past the organisation, the words of the title and the title)
        titled = r"(?:(?:the\s+)?(?:⟨[OA]#\d+⟩(?:['’]s?)?\s+)?(?:[A-Z][\w-]*\s+){0,3}?⟨R#\d+⟩,?\s+)?"
        for m in re.finditer(quote + r"(?:" + titled + r"(?P<s>⟨[OP]#\d+⟩)(?:,[^,]{0,100},)?\s+(?:" + said + r")|(?:has\s+|had\s+)?(?:" + said + r")\s+(?:the\s+)?(?:(?:[^,\"“.;]{0,60}?\s+)?(?P<s2>⟨P#\d+⟩)|(?P<s3>⟨O#\d+⟩)))", text):
            found.append(("statement.quote-before", m, m.group("c")))
        # "According to X, ..." and "..., according to X.": what X said
        source = r"(?:the\s+)?(?:⟨[OA]#\d+⟩(?:['’]s?)?\s+)?(?:⟨R#\d+⟩,?\s+)?(?P<s>⟨[OP]#\d+⟩)"
        for m in re.finditer(r"^\s*[Aa]ccording\s+to\s+" + source + r"(?:,[^,]{0,100}?,)?,\s+(?P<c>.{12,})$"
                             r"|^(?P<c2>.{12,}?),\s+according\s+to\s+" + source.replace("?P<s>", "?P<s4>") + r"(?:,[^.]*)?[.!]?\s*$", text):
            index = int(SLOT.findall(m.group("s") or m.group("s4"))[0][1])
            if sk.mentions[index].kind != "Programme":
                found.append(("statement.according-to", m, m.group("c") or m.group("c2"), index))
        # "As X said, ...": a reported clause after an "as"-clause of speech (common in translated copy)
        for m in re.finditer(r"^\s*As\s+" + source + r"\s+(?:" + said + r"|put it)(?:\s+(?:on|in)\s+[^,]{1,30})?,\s+(?P<c>.{12,})$", text):
            index = int(SLOT.findall(m.group("s"))[0][1])
            if sk.mentions[index].kind != "Programme":
                found.append(("statement.as-said", m, m.group("c"), index))
        # "The agency issued a notice on Monday stating that ...": the subject of the clause said it
        for m in re.finditer(r"(?P<s>⟨[OP]#\d+⟩)[^;\"“]*?,?\s+(?:" + participles + r")\s+(?:on\s+⟨D#\d+⟩\s+)?that\s+(?P<c>[^⟨]?.*)$", text):
            subject = self._main_subject(sk, m.start("c"))  # the subject of the clause, not the nearest name
            if subject is not None and subject <= int(SLOT.findall(m.group("s"))[0][1]):
                found.append(("statement.participle", m, m.group("c"), subject))
        # "X called the decision 'a grave mistake'": the quotation is what X said
        for m in re.finditer(r"(?P<s>⟨[OP]#\d+⟩)\s+(?:" + naming + r")\s+[^\"“.;]{1,80}?\s+[\"“](?P<c>[^\"”]{8,}?)[,.]?[\"”]", text):
            found.append(("statement.called", m, m.group("c")))
        seen: set[int] = set()
        for rule, m, raw, *given in found:
            slot = m.groupdict().get("s") or m.groupdict().get("s2") or m.groupdict().get("s3") or ""
            index = given[0] if given else int(SLOT.findall(slot)[0][1])
            # what a quotation says is a statement whatever its mood; a reported clause is read for its own
            if rule == "statement.participle" and self._modality(sk, m.start("c")) in ("negation", "question", "conditional"):
                continue
            content = self._plain(sk, raw).rstrip(".").strip(" ,\"“”")
            # "said on Saturday in a tweet that ...": the words said start after "that"
            content = re.sub(r"^(?:on|in|at|during|after|before|to|via|last|this|next|earlier|later|previously|recently|again|also|then|once|yesterday|today)\b(?:\s+\S+){0,12}?\s+that\s+", "", content)
            content = re.sub(r"^that\b[,\s]*", "", content)  # "said that, as with X, ..."
            if len(content.split()) < 4 or index in seen and rule != "statement.said":
                continue
            seen.add(index)
            date = next((d for prep, d in self.clause_dates(sk) if prep in ("on", "") and len(d.iso) == 10), None)
            self.emit("Statement", sk, rule, [index], 0.7, match=m, speaker=self.ref(sk, index), content=Text(content), date=date)

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
            self.sanction_frames(sk)
            self.sanction_context(sk)
            self.obligations(sk, previous)
            self.withdrawals(sk)
            self.statements(sk)
            previous = sk
        return self.ctx.facts


def extract_facts(am: ArticleMentions, lexicon: Lexicon | None = None) -> list[Fact]:
    """The facts one article states, each with its evidence."""
    return FactExtractor(am, lexicon).run()
