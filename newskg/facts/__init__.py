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

from newskg.facts.base import RuleBase
from newskg.facts.obligations import ObligationRules
from newskg.facts.sanctions import SanctionRules
from newskg.facts.skeleton import SLOT, Skeleton, build_skeleton
from newskg.facts.successions import SuccessionRules
from newskg.facts.tenures import TenureRules
from newskg.facts.withdrawals import WithdrawalRules
from newskg.lexicon import Lexicon
from newskg.mentions import ArticleMentions
from newskg.model import Fact, Text

__all__ = ["FactExtractor", "RuleBase", "SLOT", "Skeleton", "build_skeleton", "extract_facts"]


class FactExtractor(TenureRules, SuccessionRules, SanctionRules, ObligationRules, WithdrawalRules):
    """Every rule family over the skeletons of one article, in an order where later rules see earlier facts."""

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
