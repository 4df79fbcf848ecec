"""Withdrawals and suspensions: who left, halted, ended or froze what.

A cue (``withdrawal_verbs`` of the lexicon) is read by its grammar before it becomes a fact:

- a verb form that is as often a noun ("the end of 2024", "an end user") is a verb only after a
  subject, a modal, "to" or an adverb (``withdrawal_homographs``, ``verbal_before``);
- a gerund after a preposition ("by leaving agreements") has no subject of its own;
- a passive ("cooperation was suspended by ESA") takes its actor from the by-agent and its object
  from the subject; a passive without an agent gives nothing;
- a nominal cue ("Russia's withdrawal from the treaty", "the US withdrawal takes effect", "notice of
  withdrawal") takes its actor from the possessor, the demonym or name before it, or the subject of
  the clause, and its object from "from"/"of";
- the object must be a noun phrase: a named entity, a named agreement, or a phrase headed by a
  cooperation noun (``cooperation_objects``); "the treaty", "the pact", "it" and a missing object
  of "leave"/"withdraw" stand for the agreement the article last named.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newskg.extract.facts.skeleton import SLOT, Skeleton, any_of, build_skeleton, intransitive, next_word
from newskg.extract.facts.withdrawal_grammar import WithdrawalGrammar
from newskg.extract.mentions import slug
from newskg.extract.model import DateValue, Text

# verbs whose object may be missing when the article names the agreement left ("the US walked out")
_EXIT_ACTIONS = ("leave", "withdraw")


class WithdrawalRules(WithdrawalGrammar):
    _last_withdrawal_sentence = -10  # the sentence of the last withdrawal, whose actor a bare "would end" may take
    _last_withdrawal_object: tuple[str, str | None] | None = None  # its object (text, entity), for "the withdrawals of A and B"

    # ---------------------------------------------------------- withdrawals
    def withdrawals(self, sk: Skeleton) -> None:
        text = sk.text
        words = self.lex.words
        nouns = set(words("withdrawal_nouns"))
        homographs = set(words("withdrawal_homographs"))
        # verbs already read by a longer form ("pull out" before "pull") or by a frame of their own
        taken: list[tuple[int, int]] = self._ratification_revocations(sk) + self._withdrawals_of(sk)
        for form, action, pattern in self.withdrawal_verbs:
            if form.split()[0].rstrip("X").strip() not in text:
                continue
            for m in pattern.finditer(text):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                if re.search(r"⟨", m.group(0)) and "x" not in m.groupdict():
                    continue
                if form in nouns:
                    if self._nominal(sk, m, action):
                        taken.append((m.start(), m.end()))
                    continue
                modality = self._modality(self._mandative(sk, m.start()), m.start())
                if modality is not None and not (action == "no longer" and modality == "negation"):
                    continue
                if self._exhortation(sk, m.start()):
                    continue  # "urged Canada to withdraw": a call, not an act
                passive = self._passive(text[:m.start()]) if re.search(r"(?:ed|en|wn|ft|ut|it)$", form.split()[0]) else None
                if passive or form in ("withdrawn", "frozen") and not re.search(r"\b(?:has|have|had|having)\s+(?:\w+ly\s+)?$", text[:m.start()]):
                    if passive and (self._passive_fact(sk, m, action, passive) or self._ordered_passive(sk, m, action, passive)):
                        taken.append((m.start(), m.end()))
                    continue
                if " " not in form and re.match(r"\s+(?:off|by|up|over|for|short|in)\b(?!\s+(?:⟨D|(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(?:days?|weeks?|months?|years?)\b))", text[m.end():]):
                    continue
                if re.search(rf"\b(?:{self.noun_modifiers})\s+$", text[:m.start()], re.IGNORECASE):
                    continue  # "asset freezes", "budget cuts": a noun, not a withdrawal
                if form in homographs and not self._verbal(text[:m.start()]):
                    continue  # "the end of 2024", "a military end user": a noun
                if form.startswith("cut") and re.match(r"\s+from\b", text[m.end():]):
                    continue  # "X was cut off from SWIFT": a measure against X, not X's withdrawal
                if form.split()[0].endswith("ing") and self._after_preposition(text[:m.start()]):
                    continue  # "by leaving agreements", "about leaving the ISS": no subject of its own
                if re.search(r"\b(?:term|tenure|mandate|contract|meeting|ceremony|career)\s+(?:(?:\w+|⟨[^⟩]+⟩)\s+){0,4}$", text[:m.start()]):
                    continue
                if action == "no longer":
                    if self._no_longer(sk, m):
                        taken.append((m.start(), m.end()))
                    continue
                pronoun = re.search(r"\b(?:it|they)\s+(?:(?:\w+ly|will|would|shall|has|have|had|is|are|was|were|to|also|not|be|been)\s+){0,3}$", text[:m.start()])
                actor = self._main_subject(sk, pronoun.start()) if pronoun else self._actor(sk, m.start())
                kind = re.search(rf"\bthe\s+(?:{any_of(self.lex.words('country_kind_nouns'))})\s+(?:(?:\w+ly|will|would|shall|has|have|had|is|are|"
                                 r"was|were|to|also|then|later|be|been|going)\s+){0,3}$", text[: m.start()])
                kind_ref = None
                if kind:  # "the emirate would leave": the country named last, in this sentence or before
                    here = [int(i) for letter, i in SLOT.findall(text[: kind.start()]) if letter in "OA" and self._is_country(sk, int(i))]
                    actor = here[-1] if here else None
                    kind_ref = None if here else self._last_country(sk)
                actor = self._instrument_actor(sk, m, form, actor)
                obj_text, obj_index = self._object(sk, m, form)
                if actor is not None and action not in _EXIT_ACTIONS and intransitive(m, text) and obj_text:
                    if sk.mentions[actor].text in obj_text:  # the actor found inside the subject that ended
                        actor = None  # "the X mission to Venus ended in 2019": the thing ended, nobody ended it
                if re.match(r"(?:on|in|at|as|when|by|for|up|without|with|amid|after|following|over|⟨D)\b", obj_text) or re.match(r"\s*⟨D#\d+⟩\s*$", obj_text):
                    obj_text, obj_index = "", None
                if re.match(r"(?:that|how|whether|what|why|if)\b", obj_text, re.IGNORECASE):
                    continue  # "recalled that Croatia had signed ...": a clause is said, nothing is left
                if self.financial_objects.match(obj_text):
                    continue  # "freezing their assets": a sanction's measure, not a withdrawal
                if not obj_text and obj_index is None and action in _EXIT_ACTIONS and (actor is None or sk.mentions[actor].kind != "Person"):
                    obj_text = self._named_agreement(sk, m.start()) or ""  # "the United States walked out"
                elif obj_text and "x" not in m.groupdict():
                    obj_text = self._resolve_anaphor(sk, obj_text, m.start())
                    if obj_index is None and not self._noun_phrase(obj_text):
                        continue  # "is", "users", "five months ago", "takes effect": no object
                if action == "leave" and not (re.match(r"\s+(?:of\s+|from\s+)?(?:the\s+)?⟨O#\d+⟩", text[m.end():])
                                              or self._cooperation(obj_text)):
                    continue
                if actor is None:
                    # "the supplies ... would end as well", "the same council instructed ... to suspend": the body
                    # that acted last in the article
                    # (a bare verb only just after that withdrawal; a description anywhere after it)
                    recent = self._last_withdrawal_sentence >= sk.sentence.index - 1
                    described = intransitive(m, text) and recent or self._described_subject(text[: m.start()])
                    actor_ref = kind_ref or (self.ctx.last_withdrawal_actor if described else None)
                    if pronoun and actor_ref is None and not SLOT.search(re.sub(r"⟨D#\d+⟩", "", text[: pronoun.start()])):
                        actor_ref = self._previous_subject(sk)  # "Belarus ratified X. In 2023 it suspended ..."
                    if actor_ref is None:
                        continue
                else:
                    if action == "leave" and sk.mentions[actor].kind == "Person":
                        continue  # "Moura, who left the agency after four years": a job, not a withdrawal
                    actor_ref = self.ref(sk, actor)
                if not obj_text and obj_index is None:
                    continue
                taken.append((m.start(), m.end()))
                # "the United States will pull out": announced, not yet done; kept apart from the act itself
                announced = self._future(text[:m.start()])
                if announced and re.search(r"(?:,\s*|\s)but\b[^.;]*\b(?:no|not|never|n't|continued|continue|continues|remain|remains|remained)\b", text[m.end():]):
                    continue  # "declared that Russia would stop ..., but no restriction has been put into effect": not done
                label = f"{action} (announced)" if announced else action
                self._emit_withdrawal(sk, m, "withdrawal." + slug(action), actor, actor_ref, label, obj_text, obj_index)
                for partner in self._coordinated(sk, actor):  # "Sweden and Norway ended ..."
                    self._emit_withdrawal(sk, m, "withdrawal." + slug(action), partner, self.ref(sk, partner), label, obj_text, obj_index)

    def _ratification_revocations(self, sk: Skeleton) -> list[tuple[int, int]]:
        """"the law about revocation of the ratification by Russia of the Treaty", "a law revoking Armenia's ratification
        of X", "the de-ratification of X by Serbia": the state whose ratification is undone withdraws it (the treaty,
        not its signature, is the object). The spans read, so that no other withdrawal rule reads them again."""
        text = sk.text
        words = any_of(self.lex.words("ratification_revocation_words"))
        deratify = any_of(self.lex.words("deratification_nouns"))
        owner = r"(?:(?:the|its|their)\s+|(?P<owner>⟨[OA]#\d+⟩)['’]s?\s+|the\s+(?P<country>country|state|nation)['’]s?\s+)?"
        by = r"(?:by\s+(?:the\s+)?(?P<by>⟨[OA]#\d+⟩)\s+)?"
        pattern = (rf"\b(?:(?:{words})\s+(?:of\s+)?{owner}ratification\s+(?:{by}(?:of|to)|by(?=\s+(?:the\s+)?⟨O#\d+⟩))"
                   rf"|(?:{deratify})\s+(?:by\s+(?:the\s+)?(?P<by2>⟨[OA]#\d+⟩)\s+)?of)"
                   r"\s+(?P<np>[^,;:()]+)")
        hedges = any_of(self.lex.words("withdrawal_noun_hedges"))
        spans = []
        for m in re.finditer(pattern, text, re.IGNORECASE):
            # "the law about revocation of ...": that "about" names the law's subject, it hedges nothing
            plain = replace(sk, text=re.sub(r"\babout(?=\s+(?:the\s+)?$)", "on   ", text[: m.start()]) + text[m.start():])
            if self._modality(plain, m.start()) is not None or self._exhortation(sk, m.start()):
                continue  # "is considering a bill on the revocation", "urged the revocation"
            if re.search(rf"\b(?:{hedges})\s+(?:[\w-]+\s+){{0,2}}$", text[: m.start()], re.IGNORECASE):
                continue  # "proposed the revocation of ...", "a planned de-ratification"
            np = re.split(r"\s+(?:by|in|on|since|from|was|were|is|are|has|had|will|would|and|but|which|that|after)\b|\s+⟨D#|\.(?:\s|$)", m.group("np"))[0].strip()
            after_by = re.match(r"\s+by\s+(?:the\s+)?(⟨[OA]#\d+⟩)", m.group("np")[len(np):])
            alone = re.fullmatch(r"(?:the\s+)?⟨O#(\d+)⟩", np)
            obj_index = int(alone.group(1)) if alone else None
            obj_text = self._plain(sk, re.sub(r"^the\s+", "", np))
            if obj_index is None and not self._agreement_names(obj_text):
                continue  # a treaty must be named: "the revocation of the ratification of it" says nothing here
            if obj_index is not None:
                entity = self.lex.entities.get(sk.mentions[obj_index].ref or "")
                obj_text = entity.label if entity else sk.mentions[obj_index].text
            slot = m.group("owner") or m.group("by") or m.group("by2") or (after_by.group(1) if after_by else None)
            actor: int | None = int(SLOT.match(slot).group(2)) if slot else None  # type: ignore[union-attr]
            if actor is None and obj_index is not None and re.search(r"\bby\s+(?:the\s+)?$", text[: m.start("np")]):
                # "ratification by Russia of Comprehensive ... Treaty" read as one name: the state, then the treaty
                split = re.fullmatch(r"(?P<state>.+?)\s+of\s+(?:the\s+)?(?P<treaty>.+)", sk.mentions[obj_index].text)
                state = self.lex.by_name.get(split.group("state").lower()) if split else None
                known = self.lex.entities.get(state or "")
                if split and known and known.kind == "Country" and self._agreement_names(split.group("treaty")):
                    self._emit_withdrawal(sk, m, "withdrawal.revoke-ratification-noun", None, state, "revoke ratification",
                                          split.group("treaty"), None)
                    spans.append((m.start(), m.end()))
                continue
            if actor is None and m.group("country"):
                # "the country's ratification": the last country the sentence named before it
                countries = [int(i) for letter, i in SLOT.findall(text[: m.start()]) if letter in "OA" and self._is_country(sk, int(i))]
                actor = countries[-1] if countries else None
            elif actor is None and re.search(r"\b(?:its|their)\s+ratification", m.group(0), re.IGNORECASE):
                actor = self._main_subject(sk, m.start())
            if actor is None or not self.is_org(sk, actor):
                continue
            self._emit_withdrawal(sk, m, "withdrawal.revoke-ratification-noun", actor, self.ref(sk, actor), "revoke ratification",
                                  obj_text, obj_index)
            spans.append((m.start(), m.end()))
        return spans

    def _withdrawals_of(self, sk: Skeleton) -> list[tuple[int, int]]:
        """"The withdrawals of the United States and Israel take effect", "Withdrawal of A, B and C from X entered into
        force on Wednesday": each state after "of" withdrew; the object follows "from", else it is the one the article's
        last withdrawal left. The spans read."""
        nouns: dict[str, str] = self.lex.lists.get("withdrawal_of_nouns") or {}
        in_force = any_of(self.lex.words("withdrawal_in_force_phrases"))
        actors = r"(?:the\s+)?⟨[OA]#\d+⟩(?:(?:,\s*|,?\s+and\s+)(?:the\s+)?⟨[OA]#\d+⟩)*"
        pattern = (rf"\b(?P<noun>{any_of(list(nouns))})\s+of\s+(?P<actors>{actors})(?:\s+from\s+(?P<np>[^,;.]+?))?"
                   rf"\s+(?:(?:has|have|had|officially|formally|finally|also|now)\s+)*(?:{in_force})\b")
        spans = []
        for m in re.finditer(pattern, sk.text, re.IGNORECASE):
            if self._modality(sk, m.start()) is not None:
                continue
            states = [int(i) for _, i in SLOT.findall(m.group("actors")) if self.is_org(sk, int(i)) and sk.mentions[int(i)].kind != "Programme"]
            obj_index: int | None = None
            object_ref: str | None = None
            if m.group("np"):
                np = m.group("np").strip()
                alone = re.fullmatch(r"(?:the\s+)?⟨O#(\d+)⟩(?:\s*\(⟨O#\d+⟩\))?", np)
                obj_index = int(alone.group(1)) if alone else None
                entity = self.lex.entities.get(sk.mentions[obj_index].ref or "") if obj_index is not None else None
                obj_text = entity.label if entity else (sk.mentions[obj_index].text if obj_index is not None else self._plain(sk, np))
                # an organization named by its form ("the Economic Community of West African States (ECOWAS)")
                named = re.fullmatch(r"(?:the\s+)?(?P<name>[A-Z][\w'’-]*(?:\s+(?:of|for|and|on|the|[A-Z][\w'’-]*))*)(?:\s*\([A-Z][\w-]*\))?", obj_text)
                if obj_index is None and named:
                    obj_text = named.group("name")
                elif obj_index is None and not self._noun_phrase(obj_text):
                    continue
            elif self._last_withdrawal_object is not None:
                obj_text, object_ref = self._last_withdrawal_object  # what the article's withdrawals were from
            else:
                continue
            action = nouns.get(m.group("noun").lower(), "withdraw")
            for state in states:
                self._emit_withdrawal(sk, m, f"withdrawal.{slug(action)}-of-noun", state, self.ref(sk, state), action, obj_text,
                                      obj_index, object_ref=object_ref)
            spans.append((m.start(), m.end()))
        return spans

    def _last_country(self, sk: Skeleton) -> str | None:
        """The country the sentences before this one named last."""
        for mentions in reversed(self.ctx.am.mentions[: sk.sentence.index]):
            for mention in reversed(mentions):
                known = self.lex.entities.get(mention.ref or "")
                if mention.kind in ("Country", "Demonym", "Capital") or (known and known.kind == "Country"):
                    return mention.ref
        return None

    def _is_country(self, sk: Skeleton, index: int) -> bool:
        mention = sk.mentions[index]
        known = self.lex.entities.get(mention.ref or "")
        return mention.kind in ("Country", "Demonym", "Capital") or bool(known and known.kind == "Country")

    def _emit_withdrawal(self, sk: Skeleton, m: re.Match[str], rule: str, actor: int | None, actor_ref: str | None,
                         action: str, obj_text: str, obj_index: int | None, date: DateValue | None = None,
                         object_ref: str | None = None) -> None:
        self.ctx.last_withdrawal_actor = actor_ref
        self._last_withdrawal_sentence = sk.sentence.index
        self._last_withdrawal_text = sk.sentence.text
        named = re.fullmatch(r"the\s+(.+)", obj_text)
        if named and named.group(1) in self._agreement_names(named.group(1)):
            obj_text = named.group(1)  # "the Treaty on Open Skies" and "Treaty on Open Skies" are one object
        if obj_text:
            self._last_withdrawal_object = (obj_text, self.ref(sk, obj_index) if obj_index is not None else object_ref)
        self.emit("Withdrawal", sk, rule, [i for i in (actor, obj_index) if i is not None], 0.75,
                  actor=actor_ref, action=Text(action), object=Text(obj_text) if obj_text else None,
                  objectEntity=self.ref(sk, obj_index) if obj_index is not None else object_ref,
                  date=date or self._withdrawal_date(sk, m))

    def _instrument_actor(self, sk: Skeleton, m: re.Match[str], form: str, actor: int | None) -> int | None:
        """"signed the law withdrawing Russia from X", "a decree suspending Belarus's participation in Y": the state
        the instrument withdraws acts, not the president who signed it."""
        # "Trump withdrew the United States from X", "a decision ... to withdraw Hungary from X": the state withdraws
        causative = re.match(r"\s+(?:the\s+)?⟨O#(\d+)⟩\s+from\b", sk.text[m.end():])
        if causative and sk.mentions[int(causative.group(1))].kind != "Programme" and self.is_org(sk, int(causative.group(1))):
            return int(causative.group(1))
        if not form.split()[0].endswith("ing"):
            return actor
        instruments = "|".join(re.escape(w) for w in sorted(self.lex.words("legal_instruments"), key=len, reverse=True)) or r"(?!x)x"
        if not re.search(rf"\b(?:{instruments})\s+$", sk.text[: m.start()], re.IGNORECASE):
            return actor
        state = re.match(r"\s+(?:the\s+)?⟨O#(\d+)⟩(?:['’]s?)?\s", sk.text[m.end():])
        if state and sk.mentions[int(state.group(1))].kind != "Programme":
            return int(state.group(1))
        return actor

    def _previous_subject(self, sk: Skeleton) -> str | None:
        """The organization the previous sentence is about (its main subject), for a sentence-initial "it"."""
        index = sk.sentence.index
        if index == 0:
            return None
        previous = build_skeleton(self.ctx.am.sentences[index - 1], self.ctx.am.mentions[index - 1])
        subject = self._main_subject(previous, len(previous.text))
        if subject is None or not self.is_org(previous, subject):
            return None
        return self.ref(previous, subject)

    def _future(self, before: str) -> bool:
        """"will withdraw", "is to leave", and a reported "would" ("announced that it would withdraw")."""
        if re.search(r"\bwould\s+(?:(?:\w+ly|also|now|soon|then)\s+)?$", before):
            return bool(self.speech_re.search(before.lower()) or re.search(r"\bannounc", before.lower()))
        return bool(re.search(r"\b(?:will|shall|(?:is|are)\s+(?:going\s+)?to)\s+(?:(?:\w+ly|also|now|soon|then)\s+)?$", before))

    def _withdrawal_date(self, sk: Skeleton, m: re.Match[str]) -> DateValue | None:
        text = sk.text
        # "the accord of 2012", "the 2015 deal": a date that names the agreement, not the act
        naming = [(d.start(), d.end()) for d in re.finditer(r"(?:\b(?:of|the|a|an|its|their)\s+)⟨D#\d+⟩(?!\s*-)", text)]
        # "since May 2018, when Trump withdrew": the when-clause happens at the date before it
        when = None
        for w in re.finditer(r"⟨D#(\d+)⟩,\s+when\b", text[: m.start()]):
            when = w
        if when is not None and not re.search(r"[;.]", text[when.end(): m.start()]):
            iso = sk.mentions[int(when.group(1))].ref or ""
            if iso:
                return DateValue(iso)
        # a date right after the verb, before the next clause or coordinated verb ("... and withdrew on 2 August")
        stop = re.search(r"[,;:]\s|\s(?:and|but|when|which|after|before|while)\s", text[m.end():])
        # (a span's start too: "suspended its membership from 1992 to 2007")
        following = [d for prep, d in self.clause_dates(sk, m.end(), m.end() + (stop.start() if stop else len(text) - m.end()), skip=naming)
                     if prep in ("on", "in", "", "from")]
        if following:
            return following[0]
        # a date in the verb's own clause first ("..., closing a chapter that began when X walked out last year")
        lo = max((b.end() for b in re.finditer(r"[,;:]\s|\b(?:when|that|which|after|before)\s", text[: m.start()])), default=0)
        hi_match = re.search(r"[,;:]\s|\s(?:when|which|after|before|but)\s", text[m.end():])
        hi = m.end() + hi_match.start() if hi_match else len(text)
        own = [d for prep, d in self.clause_dates(sk, lo, hi, skip=naming) if prep in ("on", "in", "")]
        if lo > 0 and own:
            return own[0]
        date = next((d for prep, d in self.clause_dates(sk, skip=naming) if prep in ("on", "") and len(d.iso) >= 7), None)
        if date is None:  # "In 2022, the agency suspended ...": a date in front of the verb
            date = next((d for prep, d in self.clause_dates(sk, 0, m.start(), skip=naming) if prep == "in"), None)
        if date is None:  # "... pulled out of the project last year": a year after the verb, in its clause
            clause = re.split(r",\s+(?:which|that|who)\b|\b(?:due|scheduled|planned|expected)\b|;", text[m.end():])[0]
            date = next((d for prep, d in self.clause_dates(sk, m.end(), m.end() + len(clause), skip=naming) if prep in ("in", "")), None)
        return date or self._effective_date(sk, m) or self._dateline_before(sk)

    def _effective_date(self, sk: Skeleton, m: re.Match[str]) -> DateValue | None:
        """"will withdraw from X, with effect from 31 March 2027", "leaves X effective 1 January": the day it takes effect."""
        stops = any_of(self.lex.words("withdrawal_object_stops"))
        effect = re.match(rf"[^;.]*?\b(?:{stops})\s+(?:(?:on|from)\s+)?⟨D#(\d+)⟩", sk.text[m.end():])
        iso = sk.mentions[int(effect.group(1))].ref if effect else None
        return DateValue(iso) if iso else None

    def _dateline_before(self, sk: Skeleton) -> DateValue | None:
        """"MOSCOW, 2 November." on a line of its own before the lead sentence: the day the lead reports."""
        index = sk.sentence.index
        if index == 0:
            return None
        previous = build_skeleton(self.ctx.am.sentences[index - 1], self.ctx.am.mentions[index - 1])
        dateline = re.fullmatch(r"[A-Z][A-Z.'’ -]{1,40},\s*⟨D#(\d+)⟩\.?", previous.text.strip())
        iso = previous.mentions[int(dateline.group(1))].ref if dateline else None
        return DateValue(iso) if iso and len(iso) == 10 else None

    # ------------------------------------------------------------- grammar
    def _exhortation(self, sk: Skeleton, position: int) -> bool:
        segment = self._segment(sk.text, position)
        words = "|".join(re.escape(w) for w in sorted(self.lex.words("exhortation_words"), key=len, reverse=True)) or r"(?!x)x"
        return bool(re.search(rf"\b(?:{words})\b", segment, re.IGNORECASE))

    def _verbal(self, before: str) -> bool:
        """A base form is a verb after a subject, a modal, "to" or an adverb ("will end", "Russia and China end")."""
        tokens = before.rstrip().split()
        while tokens and tokens[-1].lower().endswith("ly") and tokens[-1].lower() not in ("only",):
            tokens = tokens[:-1]
        if not tokens:
            return False
        last = tokens[-1].lower()
        if SLOT.fullmatch(tokens[-1]) and tokens[-1][1] in "OAP":
            return True
        return last in self.lex.words("verbal_before") or last.endswith("n't") or last in ("it", "they", "we", "i")

    def _passive(self, before: str) -> str | None:
        """The text before the auxiliary when the verb at the end of ``before`` is a passive participle."""
        aux = "|".join(self.lex.words("passive_auxiliaries"))
        m = re.search(rf"\b(?:{aux})\s+(?:(?:\w+ly|also|not|now|then)\s+)?$", before)
        if not m:
            return None
        # "has been suspended" is passive; "has suspended" is not (no auxiliary of the passive)
        return before[: m.start()]

    def _passive_fact(self, sk: Skeleton, m: re.Match[str], action: str, subject_text: str) -> bool:
        """"Cooperation on X was suspended by ESA": the by-agent acts, the subject is what was withdrawn."""
        text = sk.text
        agent = re.match(r"\s+(?:(?:\w+ly|jointly)\s+)?by\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}?(⟨[OAP]#(\d+)⟩)", text[m.end():])
        if not agent:
            return False  # "the launch of X was cancelled": nobody named acts
        if self._modality(sk, m.start()) is not None:
            return False
        clause = re.split(r"[;:]|,\s+|\b(?:that|which|who|and|but)\s+", subject_text)[-1].strip()
        clause = re.sub(r"^(?:⟨D#\d+⟩\s*-\s*)", "", clause)
        obj_index = next((int(i) for letter, i in SLOT.findall(clause) if letter == "O"), None)
        obj_text = self._resolve_anaphor(sk, self._plain(sk, clause), m.start())
        if not obj_text or self.financial_objects.match(obj_text) or not self._noun_phrase(obj_text):
            return False
        actor = int(agent.group(2))
        self._emit_withdrawal(sk, m, f"withdrawal.{slug(action)}-passive", actor, self.ref(sk, actor), action, obj_text, obj_index)
        return True

    def _mandative(self, sk: Skeleton, position: int) -> Skeleton:
        """The skeleton with the "should" of a decision's clause masked ("decided that its participation should be
        ended"): that "should" states what was decided, it hedges nothing."""
        directive = any_of(self.lex.words("directive_verbs"))
        text = re.sub(rf"(\b(?:{directive})\s+(?:(?:on|in)?\s*⟨D#\d+⟩\s+)?that\s+[^,;:]+?\s+)should(?=\s+be\s+$)", r"\1      ",
                      sk.text[:position])
        return replace(sk, text=text + sk.text[position:]) if len(text) == position else sk

    def _ordered_passive(self, sk: Skeleton, m: re.Match[str], action: str, subject_text: str) -> bool:
        """"X signed the statute, but in 2016 President Y ordered that its signature be withdrawn", "the cabinet decreed
        that the country's membership of Z be suspended": a decision whose clause withdraws the state's own tie."""
        directive = any_of(self.lex.words("directive_verbs"))
        clause = re.search(rf"\b(?:{directive})\s+(?:(?:on|in)?\s*⟨D#\d+⟩\s+)?that\s+(?P<np>[^,;:]+?)\s+(?:(?:should|must|shall)\s+)?$", subject_text)
        if not clause or not re.match(r"be\b", sk.text[len(subject_text): m.start()]):  # a subjunctive "be", not "was"
            return False
        np = clause.group("np")
        owner = re.match(r"(?:(?P<pronoun>its|their)|the\s+(?P<country>country|state|nation)['’]s?|(?:the\s+)?(?P<slot>⟨[OA]#\d+⟩)['’]s?)\s+(?P<rest>.+)$", np)
        if not owner:
            return False  # "ordered that the embassy be closed": not the state's own tie
        rest = owner.group("rest")
        actor: int | None = None
        if owner.group("slot"):
            actor = int(SLOT.match(owner.group("slot")).group(2))  # type: ignore[union-attr]
        elif owner.group("country"):
            countries = [int(i) for letter, i in SLOT.findall(subject_text[: clause.start()]) if letter in "OA" and self._is_country(sk, int(i))]
            actor = countries[-1] if countries else None
        else:
            actor = self._main_subject(sk, clause.start())
        if actor is None or not self.is_org(sk, actor):
            return False
        head = rest.split()[0].lower()
        if head in self.lex.words("signature_nouns"):
            agreement = self._named_agreement(sk, m.start())
            obj_text = f"signature of the {agreement}" if agreement and not re.search(r"\b(?:of|to)\b", rest) else self._plain(sk, rest)
        else:
            obj_text = self._resolve_anaphor(sk, self._plain(sk, rest), m.start())
            if not self._noun_phrase(obj_text):
                return False
        obj_index = next((int(i) for letter, i in SLOT.findall(rest) if letter == "O"), None)
        # the date of the decision's own clause ("..., but in May 2019 Y ordered that ..."), not of an earlier one
        lo = m.start() - len(self._segment(sk.text, m.start()))
        date = next((d for prep, d in self.clause_dates(sk, lo) if prep in ("on", "in", "")), None)
        self._emit_withdrawal(sk, m, f"withdrawal.{slug(action)}-ordered", actor, self.ref(sk, actor), action, obj_text, obj_index, date=date)
        return True

    def _nominal(self, sk: Skeleton, m: re.Match[str], action: str) -> bool:
        """"Russia's withdrawal from the treaty took effect", "The US withdrawal takes effect", "its formal notice of withdrawal"."""
        text = sk.text
        before, after = text[: m.start()], text[m.end():]
        following = next_word(text, m.end())
        if following in self.lex.words("not_withdrawal_before"):
            return False  # "the withdrawal bill", "withdrawal procedures"
        if self._modality(sk, m.start(), allow_reported_would=True) is not None:
            return False
        actor: int | None = None
        of_actor = re.match(r"\s+of\s+(?:the\s+)?⟨[OA]#(\d+)⟩(?=\s+from\b)", after)
        if of_actor:  # "the withdrawal of Australia from the accord"
            after = after[of_actor.end():]
        hedges = "|".join(re.escape(w) for w in self.lex.words("withdrawal_noun_hedges")) or r"(?!x)x"
        if re.search(rf"\b(?:{hedges})\s+(?:[\w-]+\s+|⟨[OAP]#\d+⟩(?:['’]s?)?\s+){{0,2}}$", before, re.IGNORECASE):
            return False  # "a possible withdrawal", "the planned exit"
        if re.match(r"[^.;]*?\b(?:would|could|might|may)\s+(?:be|have|mean|cost|hurt|leave|end)\b", after) and not re.search(r"\b(?:said|says|told)\b", before):
            return False  # "a German withdrawal ... would be a heavy blow": hypothetical
        owner = None if of_actor else re.search(r"(⟨[OAP]#(\d+)⟩)(?:['’]s?)?\s+(?:(?:formal|official|full|own|unilateral|early)\s+)?$", before)
        if of_actor:
            actor = int(of_actor.group(1))
        elif owner:
            actor = int(owner.group(2))
            if sk.mentions[actor].kind == "Person" and not re.search(r"['’]s?\s", text[owner.end(1): m.start()] + " "):
                actor = None
            if actor is not None and sk.mentions[actor].kind == "Programme":
                actor = None
        elif re.search(r"\b(?:its|their)\s+(?:(?:formal|official|own|full|unilateral)\s+)?(?:notice\s+of\s+)?$|\bnotice\s+of\s+$", before):
            actor = self._main_subject(sk, m.start())
        if actor is None or sk.mentions[actor].kind == "Person" and action != "withdraw":
            return False
        obj_text, obj_index = "", None
        of = re.match(r"\s+(?:from|of)\s+(?P<np>[^,;.]*)", after)
        if of:
            np = re.split(r"\s+(?:(?:on|in|since|from|by|during)\s+(?:the\s+)?)?⟨D#\d+⟩|\s+(?:took|takes|take|will|would|was|is|has|had|came|comes|became|becomes|went|goes|and|but|which|that|after|because)\b"
                          r"|\s+(?=[a-z]{3,}s\s+(?:the|its|their|a|an|his|her|our|⟨)\b)", of.group("np"))[0].strip()  # "... worries its partners"
            # "notice of withdrawal from ⟨O⟩ with the depositary": a named object ends at its name
            np = re.sub(r"^((?:the\s+)?⟨O#\d+⟩)\s+with\b.*$", r"\1", np)
            alone = re.fullmatch(r"(?:the\s+)?⟨O#(\d+)⟩", np)
            if alone:
                obj_index = int(alone.group(1))
            obj_text = self._resolve_anaphor(sk, self._plain(sk, np), m.start())
            if obj_index is None and not self._noun_phrase(obj_text):
                return False
        else:
            obj_text = self._named_agreement(sk, m.start()) or ""
        if not obj_text:
            return False
        reversals = "|".join(re.escape(w) for w in self.lex.words("withdrawal_reversal_verbs")) or r"(?!x)x"
        if re.search(rf"(?:,\s*|\s)(?:but|and)\s+(?:(?:later|then|subsequently|soon|quickly)\s+)?(?:{reversals})\s+(?:it|them|the\s+notice|its\s+notice)\b", after):
            return False  # "lodged a notice of withdrawal ... but revoked it": the exit never happened
        # "its formal notice of withdrawal": the notice is an act of its own, with its own date
        notice = re.search(r"\bnotice\s+of\s+$|\bnotif(?:y|ies|ied|ying)\b[^.;]*\bof\s+(?:its|their)\s+(?:formal\s+)?$", before)
        label = f"notice of {m.group(0).lower()}" if notice else action
        self._emit_withdrawal(sk, m, f"withdrawal.{slug(action)}-noun", actor, self.ref(sk, actor), label, obj_text, obj_index)
        return True

    def _no_longer(self, sk: Skeleton, m: re.Match[str]) -> bool:
        """"X is no longer a (state) party to Y": X has left Y."""
        text = sk.text
        members = "|".join(re.escape(w) for w in sorted(self.lex.words("no_longer_member"), key=len, reverse=True)) or r"(?!x)x"
        taking = "|".join(re.escape(w) for w in sorted(self.lex.words("no_longer_taking_part"), key=len, reverse=True)) or r"(?!x)x"
        member = (re.match(rf"\s+(?:a|an)\s+(?:{members})\b(?:\s+(?:to|of|in)\s+(?P<np>[^,;.]*))?", text[m.end():])
                  or re.match(rf"\s+(?:{taking})\s+(?P<np>[^,;.]*)", text[m.end():]))
        actor = self._actor(sk, m.start())
        if actor is None:
            return False
        if member:
            np = re.split(r"\s+(?:(?:on|in|since|from)\s+)?⟨D#\d+⟩|\s+(?:and|but|which|after|because)\b", member.group("np") or "")[0].strip()
            obj_text = self._resolve_anaphor(sk, self._plain(sk, np), m.start()) if np else (self._named_agreement(sk, m.start()) or "")
            action = "leave"
        else:
            # "no longer buys engines from X": the practice stopped; its object must be a noun phrase
            verb = next_word(text, m.end())
            rest = re.split(r"[,;.]", text[m.end():])[0]
            obj_text = self._plain(sk, re.sub(rf"^\s*{re.escape(verb)}\s+", "", rest)) if verb else ""
            if not self._noun_phrase(obj_text):
                return False
            action = f"no longer {verb}"
        if not obj_text:
            return False
        self._emit_withdrawal(sk, m, "withdrawal.no-longer", actor, self.ref(sk, actor), action, obj_text, None)
        return True
