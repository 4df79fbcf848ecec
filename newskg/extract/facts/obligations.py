"""Obligations: what a party must, will or agreed to do, under an agreement or in its own words."""

from __future__ import annotations

import re

from newskg.extract.facts.base import RuleBase
from newskg.extract.facts.lemmas import getAllLemmas, getInflection, getLemma  # verb inflections, imported on first use
from newskg.extract.facts.skeleton import SLOT, Skeleton, any_of
from newskg.extract.mentions import ORG_KINDS, slug
from newskg.extract.model import Post, Text


class ObligationRules(RuleBase):
    # ---------------------------------------------------------- obligations
    def obligations(self, sk: Skeleton, previous: Skeleton | None) -> None:
        text = sk.text
        commitments = "|".join(re.escape(w) for w in sorted(self.lex.words("commitment_verbs"), key=len, reverse=True)) or r"(?!x)x"
        duties = "|".join(re.escape(w) for w in sorted(self.lex.words("duty_modals"), key=len, reverse=True)) or r"(?!x)x"
        # "Under the agreement/settlement/joint statement, ...": what frames a duty
        frames = any_of(["agreement", "deal", "contract", "treaty", "arrangement", "accord", "memorandum", "pact",
                       *self.lex.words("agreement_frame_nouns")])
        described = any_of(self.lex.words("described_bearers"))
        rules = [
            # "Russia will fulfil its obligations", "Moscow said it would continue to honour its commitments to ..."
            ("obligation.fulfil", r"(?P<s>⟨[OA]#\d+⟩\s+(?:said|says|stated|announced|confirmed|insisted|added|promised)\s+(?:that\s+)?(?:it|they)\b|⟨[OAP]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?|\b[Ww]e\b)(?:,[^,]{0,60},)?\s+(?:will\s+|must\s+|shall\s+|would\s+)?(?:also\s+)?(?:continue\s+to\s+)?(?P<c>(?:fulfill?s?|honou?rs?|meets?|complys? with|abides? by|keeps?)\s+(?:all\s+)?(?:of\s+)?(?:its|their|his|her|our)\s+(?:[\w-]+\s+){0,3}?(?:obligations|commitments)\b[^.;]*)"),
            ("obligation.in-accordance", r"(?P<s>⟨[OAP]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?)\s+(?:will\s+|must\s+|shall\s+)(?P<c>[^⟨.;]*?)\s+in\s+accordance\s+with\s+(?:its|their)\s+(?:own\s+)?(?:international\s+)?obligations"),
            # "X becomes a member again and commits to pay ...": a first verb phrase may stand before the commitment
            # "the bank committed itself to ...": a description of an organization the article named
            ("obligation.committed", r"(?P<s>(?:⟨[OA]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?(?:,\s+|,?\s+and\s+))*⟨[OAP]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?|(?<!\w )\b[Tt]he\s+(?:" + described + r")\b)(?:,[^,]{0,60},|(?P<vp>\s+(?!(?:said|says|told|added)\b)[a-z](?:[^.;⟨,]|⟨[OAD]#\d+⟩){0,60}?\s+and(?:\s+(?:also|then))?))?\s+(?:has\s+|have\s+|had\s+)?(?P<be>is\s+|are\s+)?(?:" + commitments + r")(?:\s+(?:itself|themselves|himself|herself))?(?:\s+(?:(?:on|in|at)\s+(?:the\s+)?(?:⟨D#\d+⟩|[A-Z]\w+)|(?:last|this|next)\s+\w+|⟨D#\d+⟩|\w+ly))?\s+to\s+(?P<c>(?:[^.;]|\.(?=\d))*)"),
            # "X had entered into a 10-year commitment to bring Y to Z", "X made a binding commitment to keep ...": a commitment as a noun
            ("obligation.commitment-noun", r"(?P<s>⟨[OA]#\d+⟩\s+(?:said|says|announced|confirmed|stated)\s+(?:that\s+)?(?:it|they)\b|⟨[OAP]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?)"
             r"(?:,[^,]{0,60},)?\s+(?:(?:has|have|had)\s+)?[\"“]?(?:" + any_of(self.lex.words("commitment_noun_verbs")) + r")\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:"
             + any_of(self.lex.words("commitment_nouns")) + r")\s+to\s+(?P<c>(?:[^.;\"”]|\.(?=\d))*)"),
            # "..., under which Beijing undertook that Hong Kong's way of life would remain unchanged": a pledge of a state of things
            ("obligation.pledge-that", r"(?P<s>⟨[OA]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?)(?:,[^,]{0,60},)?\s+(?:(?:has|have|had)\s+)?(?:also\s+)?(?:"
             + any_of(self.lex.words("pledge_that_verbs")) + r")\s+that\s+(?P<c>[^.;]*?\b(?:would|will|shall)\s+(?:[^.;]|\.(?=\d))*)"),
            ("obligation.responsible", r"(?P<s>⟨[OAP]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?)(?:,[^,]{0,60},)?\s+(?:is|are|will be|remains|remain)\s+responsible\s+for\s+(?P<c>(?:[^.;]|\.(?=\d))*)"),
            ("obligation.under-agreement", r"(?:\b(?:[Uu]nder|[Aa]ccording to|[Aa]s part of|[Ii]n line with)\s+(?:the|this|that|a|an|its|their)\s+(?:(?:[\w-]+|⟨[DOA]#\d+⟩)\s+){0,3}?(?:" + frames + r")\b[^,;]*,"
             # "Under a technical understanding, compatible with ⟨Iranian⟩ law, the IAEA will ...": an aside after the frame
             r"(?:\s+(?!(?:if|unless|when|once|provided)\b)[a-z][^,;⟨]{0,60}(?:⟨[AOD]#\d+⟩[^,;⟨]{0,30})?,)?"
             # "Under the Lunar Cargo Programme (LCP), X will ...": an agreement or programme named by its name
             r"|\b(?:[Uu]nder|[Aa]s part of)\s+the\s+(?P<ag>⟨O#\d+⟩)(?:\s*\(⟨O#\d+⟩\))?,"
             # "In return, X will ...", "... signed a memorandum under which X will ..."
             r"|^\s*[Ii]n\s+(?:return|exchange)(?:\s+for\s+[^,;]*)?,|\b(?:under|by)\s+which)\s+(?:the\s+)?(?P<s>(?:⟨[OAP]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?(?:,\s*|\s+and\s+(?:the\s+)?)?)+)\s+(?:(?:will|must|shall|is to|are to|was to|were to|agreed to|has agreed to|is obliged to|is required to|are required to|commits to|undertakes to)\s+(?:jointly\s+|also\s+|together\s+)?(?P<c>(?:[^.;]|\.(?=\d))*)"
             # "Under the deal, Roscosmos flies NASA astronauts ...": a present-tense act under an agreement
             # "Under that agreement, X paid a penalty": an act done under it, in the past tense too
             r"|(?P<c2>(?!(?:is|was|has|had|does|did|remains|remained|seems|seemed|says|said)\b)[a-z]{3,}\s+(?:[^.;]|\.(?=\d))*))"),
            # "Moldova will keep observing the limits of X", "will continue to respect the limits of the treaty"
            ("obligation.observe", r"(?P<s>⟨[OAP]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?)(?:,[^,]{0,60},|\s+[^.;⟨,]{0,40}?\s+and)?\s+(?:will\s+|would\s+|shall\s+|must\s+)?(?:also\s+)?(?:"
             + any_of(self.lex.words("continuation_words")) + r")\s+(?P<c>(?:" + any_of(self.lex.words("observance_verbs")) + r")\s+(?:[^.;]|\.(?=\d))*)"),
            # "Under the treaty, X may not increase ...", "X is barred from exporting ...": a duty not to act
            ("obligation.prohibition", r"(?P<s>⟨[OAP]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?)\s+(?P<neg>" + any_of(self.lex.words("prohibition_phrases")) + r")\s+(?:also\s+)?(?P<c>[a-z]+\b(?:[^.;]|\.(?=\d))*)"),
            # "Serbia has until 2027 to destroy its stockpile"
            ("obligation.deadline", r"(?P<s>⟨[OAP]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?)\s+(?:" + any_of(self.lex.words("deadline_phrases")) + r")\s+(?:the\s+end\s+of\s+)?(?P<d>⟨D#\d+⟩)\s+to\s+(?P<c>(?:[^.;]|\.(?=\d))*)"),
            # "Latvia remains obliged to notify ...", "X was also required to cooperate ...": a duty stated as a state
            ("obligation.duty-state", r"(?P<s>⟨[OAP]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?)(?:,[^,]{0,60},)?\s+(?:" + any_of(self.lex.words("duty_state_copulas"))
             + r")\s+(?:(?:" + any_of(self.lex.words("duty_state_adverbs")) + r")\s+)?(?P<state>" + any_of(self.lex.words("duty_state_words"))
             + r")\s+to\s+(?P<c>(?:[^.;]|\.(?=\d))*)"),
            ("obligation.must", r"(?P<s>⟨[OAP]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?|\b[Ii]t\b|\b[Tt]hey\b)\s+(?:" + duties + r")\s+(?:first\s+|also\s+)?"
             # the duty ends where a second one begins ("..., and it must keep ...")
             r"(?P<c>(?:(?!,?\s+and\s+(?:it|they|⟨[OAP]#\d+⟩)\s+(?:" + duties + r")\s)[^.;])*)"),
        ]
        base = sk
        for rule, pattern, in rules:
            for m in re.finditer(pattern, text):
                sk = base  # a match may read through a copy that carries the previous sentence's subject
                content_raw = m.group("c") if m.group("c") is not None else m.groupdict().get("c2") or ""
                if m.group("c") is None and re.match(r"\s*[Ii]n\s+(?:return|exchange)|(?:under|by)\s+which", m.group(0)):
                    continue  # "In return, X gets access ...": a present tense there is what X receives, not owes
                if m.group("c") is None and not self._finite_act(content_raw.split()[0] if content_raw.split() else ""):
                    continue  # "Under the deal, X receives ...", "X also ...": no act X does
                if m.groupdict().get("ag") and not self._names_agreement(sk, m.group("ag")):
                    continue  # "Under the European Commission, ...": a body, not an agreement
                subject = m.group("s")
                if re.search(rf"\b(?:{any_of(self.lex.words('hearsay_nouns'))})\s+that\s+(?:the\s+)?$", text[: m.start("s")], re.IGNORECASE):
                    continue  # "Reports that X had agreed to ... were not confirmed": a claim about a commitment, not one
                if subject.lower() == "we":
                    # '"We will fulfil all our obligations," Borisov said': the speaker's organization
                    speaker_org = self._speaker_org(sk)
                    if speaker_org is None:
                        continue
                    content = self._plain(sk, re.split(r",?\s+(?:but|while|whereas|although)\b|[,\"”]", content_raw)[0])
                    self.emit("Obligation", sk, rule + "-we", [], 0.65, match=m, obligor=speaker_org, content=Text(content))
                    continue
                if not SLOT.search(subject) and subject.lower().startswith("the "):
                    carried = self._described(sk, subject.split()[-1])
                    if carried is None:
                        continue  # "the bank" with no bank named before
                    sk, subject = carried, f"⟨O#{len(carried.mentions) - 1}⟩"
                subjects = [int(i) for letter, i in SLOT.findall(subject) if letter in "OAP"] if SLOT.search(subject) else []
                # "Russia and China will jointly develop": each party bears it (acronyms in brackets are the same party)
                named: list[int | None] = [i for i in subjects if not re.search(rf"\(⟨O#{i}⟩\)", subject)]
                subjects = named or [self._it(sk, m.start())]  # type: ignore[assignment]
                if subjects == [None] and rule == "obligation.must" and previous is not None:
                    carried = self._carried_subject(sk, previous)
                    if carried is not None:  # the subject is the last mention of the copy
                        sk, subjects = carried, [len(carried.mentions) - 1]
                subject_index = subjects[0]
                if subject_index is None or not self.is_org(sk, subject_index) and sk.mentions[subject_index].kind != "Person":
                    continue
                if rule == "obligation.commitment-noun":
                    first = content_raw.split()[0].lower() if content_raw.split() else ""
                    base_forms = getAllLemmas(first).get("VERB", ()) if getAllLemmas is not None else (first,)
                    if not self._obligation_verb(first) or first not in base_forms:
                        continue  # "made a commitment to excellence", "a commitment to supporting X": no act in its base form
                if rule == "obligation.duty-state":
                    first = content_raw.split()[0].lower() if content_raw.split() else ""
                    if not self._obligation_verb(first):
                        continue
                    if m.group("state").lower() in self.lex.words("duty_state_needs_agreement") and not (
                            self._agreement_context(sk, text) or previous is not None and self._agreement_context(previous, previous.text)
                            or re.search(rf"\b(?:{any_of(self.lex.words('duty_state_frames'))})\b", text, re.IGNORECASE)):
                        continue  # "X was bound to lose the vote": a likelihood, not a duty
                if rule == "obligation.responsible":
                    first = content_raw.split()[0].lower() if content_raw.split() else ""
                    if not (first.endswith("ing") and self._obligation_verb(first)):
                        continue  # "is responsible for the delay": a blame, no act owed
                if rule in ("obligation.committed",):
                    if m.group("vp") and m.group("be"):
                        continue  # "X continues to support Y and is committed to safe use": a stance, not an act pledged
                    first = content_raw.split()[0].lower() if content_raw.split() else ""
                    if not self._obligation_verb(first):
                        continue
                    if re.match(rf"(?:{any_of(self.lex.words('vague_pledges'))})\b", content_raw, re.IGNORECASE):
                        continue  # "pledged to spare no effort": an effort, no act owed
                if rule == "obligation.prohibition":
                    if not self._agreement_context(sk, text[: m.start()]):
                        continue  # "X cannot fly": an inability, not a duty under an agreement
                    verb = content_raw.split()[0]
                    if verb.lower() in ("be", "have") or not self._obligation_verb(verb.lower()):
                        continue
                    lemma = (getLemma(verb, upos="VERB") or (verb,))[0] if getLemma is not None else verb
                    content_raw = "not " + lemma + content_raw[len(verb):]
                if rule in ("obligation.observe", "obligation.deadline") and self._modality(sk, m.start("c")) in ("question", "negation", "conditional", "denial"):
                    continue
                if rule == "obligation.must" and not (self._agreement_context(sk, text[: m.start()])
                                                     or previous is not None and self._agreement_context(previous, previous.text)):
                    continue  # "X must hire 400 workers to break even": a need, not a duty under an agreement
                at = m.start("c") if m.group("c") is not None else m.start("c2")  # where the act is stated
                modality = None if rule == "obligation.prohibition" else self._modality(sk, at, allow_reported_would=True)
                if rule == "obligation.prohibition" and self._modality(sk, m.start("s")) in ("question", "conditional", "denial"):
                    continue
                if modality in ("conditional", "question", "negation", "hypothetical", "denial"):
                    continue
                if modality == "hedge" and not re.search(r"\bobligations?\b", content_raw):
                    continue
                # "..., which it will forfeit if it breaks the terms": a relative clause on the object, not a condition of the duty
                if re.match(rf"(?:{any_of(self.lex.words('relation_verbs'))})\s+(?:[\w-]+\s+)?(?:{any_of(self.lex.words('relation_nouns'))})\b", content_raw, re.IGNORECASE):
                    continue  # "agreed to restore diplomatic relations": a reconciliation, no act owed
                # "..., and ⟨Y⟩ reopened its border": a new clause with its own subject ends the act
                content_raw = re.split(r",\s+and\s+(?:the\s+)?⟨[OAP]#\d+⟩(?:\s+and\s+(?:the\s+)?⟨[OAP]#\d+⟩)?\s+[a-z]+ed\b", content_raw)[0]
                content_raw = re.split(r",?\s+(?:but|while|whereas|although)\b|,\s+which\b|,\s+(?:and\s+)?(?:[\w⟨⟩#]+\s+){0,4}?(?:said|says|told|added|according|announced|stated)\b", content_raw)[0]
                if self._conditional_tail(content_raw):
                    continue  # "pledged to send engineers if the consortium doubles its budget": not (yet) owed
                # "NASA will fly X, and Roscosmos will carry Y": each party its own part
                parts: list[tuple[list[int | None], str]] = [(list(subjects), content_raw)]
                if rule == "obligation.under-agreement":
                    pieces = re.split(r",?\s+and\s+(?:the\s+)?(⟨[OAP]#\d+⟩)\s+(?:will\s+|must\s+|shall\s+|is to\s+|are to\s+|was to\s+|were to\s+"
                                      r"|(?=(?!(?:is|was|has|does)\b)[a-z]{3,}s\s))", content_raw)
                    parts = [(list(subjects), pieces[0])]
                    parts += [([int(SLOT.findall(pieces[i])[0][1])], pieces[i + 1]) for i in range(1, len(pieces) - 1, 2)]
                parts = [(parties, item) for parties, raw in parts for item in self._commitment_items(raw)]
                for parties, raw in parts:
                    content = self._plain(sk, raw)
                    obligee = self._obligee(sk, raw)
                    signers = self._signed_with(sk, text[: m.start("s")]) if obligee is None else None
                    for party in parties:
                        if party is not None and (self.is_org(sk, party) or sk.mentions[party].kind == "Person"):
                            owed = obligee
                            if signers is not None and self.ref(sk, party) in signers:
                                owed = next((signer for signer in signers if signer != self.ref(sk, party)), None)
                            self.emit("Obligation", sk, rule, [party], 0.75, match=m, obligor=self.ref(sk, party), content=Text(content),
                                      obligee=owed)
        sk = base
        self._agreement_items(sk, previous)
        self._money(sk)
        self._awards(sk)
        self._collective(sk)

    def _signed_with(self, sk: Skeleton, before: str) -> tuple[str, str] | None:
        """"⟨A⟩ signed an agreement with ⟨B⟩, under which ...": the two signers, when the clause that follows is the
        agreement's ("under which ⟨B⟩ agreed to provide ..." is owed by B to A)."""
        nouns = any_of([*self.lex.words("agreement_nouns"), *self.lex.words("agreement_frame_nouns")])
        m = re.search(r"(?P<a>⟨O#\d+⟩)(?:\s*\(⟨O#\d+⟩\))?\s+(?:(?:has|have|had)\s+)?(?:" + any_of(self.lex.words("signing_verbs"))
                      + r")\s+(?:an?|the|its)\s+(?:[\w-]+\s+){0,3}?(?:" + nouns + r")s?\s+with\s+(?:the\s+)?(?P<b>⟨O#\d+⟩)(?:\s+[A-Z][A-Za-z]*\.?){0,2}(?:\s*\(⟨O#\d+⟩\))?"
                      r"(?:\s*\([^()]{0,40}\))?,?\s+(?:under|by)\s+which\s+(?:the\s+)?$", before)
        if m is None:
            return None
        a, b = (int(SLOT.findall(m.group(g))[0][1]) for g in ("a", "b"))
        first, second = self.ref(sk, a), self.ref(sk, b)
        if not (self.is_org(sk, a) and self.is_org(sk, b)) or first is None or second is None or first == second:
            return None
        return first, second

    def _obligation_verb(self, word: str) -> bool:
        """An act owed: a verb of the lexicon's obligation verbs in any inflection ("continuing", "stays"), or any
        other verb in its base form or gerund ("allow", "dismantle") but the non-acts ("agreed to meet")."""
        if word in self.obligation_verbs:
            return True
        lemmas = getAllLemmas(word).get("VERB", ()) if getAllLemmas is not None else ()
        if any(lemma in self.obligation_verbs for lemma in lemmas):
            return True
        if any(lemma in self.lex.words("commitment_non_acts") for lemma in lemmas):
            return False
        return word in lemmas or word.endswith("ing") and bool(lemmas)

    def _commitment_items(self, raw: str) -> list[str]:
        """"share data, to refrain from tests and to report every conjunction": one act per item of a list of verb
        phrases; kept whole unless the list has a comma or a repeated "to" and every item starts with a verb.
        "paid a penalty and agreed to put $20 million in escrow": a second commitment is a second act."""
        pieces = re.split(r",?\s+and\s+(?:has\s+|have\s+|had\s+)?(?:also\s+)?(?:" + any_of(self.lex.words("commitment_verbs")) + r")\s+to\s+", raw)
        if len(pieces) > 1 and all(p.split() and self._obligation_verb(p.split()[0].lower()) for p in pieces[1:]):
            return [item for piece in pieces for item in self._commitment_items(piece)]
        if not re.search(r",\s|\s+and\s+to\s", raw):
            return [raw]
        items = [p.strip() for p in re.split(r",\s+(?:and\s+)?(?:to\s+)?|\s+and\s+(?:to\s+)?", raw) if p.strip()]
        if len(items) < 2:
            return [raw]
        for item in items:
            words = item.split()
            lemmas = getAllLemmas(words[0].lower()).get("VERB", ()) if getAllLemmas is not None else ()
            if len(words) < 2 or words[0].lower() not in lemmas and not words[0].lower() == "not":
                return [raw]
        return items

    def _conditional_tail(self, content: str) -> bool:
        """A condition after the act ("... if the consortium doubles its budget", "provided that ..."); "unless"
        and "whether" leave the duty standing."""
        words = [w for w in self.lex.words("conditional_words") if w not in ("unless", "whether")]
        return bool(re.search(rf"(?:^|\s)(?:{any_of(words)})\s", content, re.IGNORECASE))

    def _finite_act(self, word: str) -> bool:
        """A verb in the present (3rd person) or past tense that is an act, not a receipt ("paid", "supplies";
        not "receives", "got")."""
        if getAllLemmas is None or getInflection is None:
            return word.endswith("s")
        lemmas = getAllLemmas(word.lower()).get("VERB", ())
        if word.lower() in self.lex.words("commitment_verbs"):
            return False  # "X agreed to ...", "X committed itself to ...": the commitment rule reads it
        if not lemmas or any(lemma in self.lex.words("receipt_verbs") for lemma in lemmas):
            return False
        return any(word.lower() in (*getInflection(lemma, tag="VBZ"), *getInflection(lemma, tag="VBD")) for lemma in lemmas)

    def _names_agreement(self, sk: Skeleton, slot: str) -> bool:
        """A mention named as an agreement or a programme ("Commercial Engine Replacement Program", "Artemis Accords")."""
        mention = sk.mentions[int(SLOT.findall(slot)[0][1])]
        last = mention.text.split()[-1] if mention.text.split() else ""
        nouns = {w.lower() for w in (*self.lex.words("agreement_mention_nouns"), *self.lex.words("agreement_nouns"))}
        return mention.kind == "Programme" or last.lower() in nouns

    def _agreement_context(self, sk: Skeleton, before: str) -> bool:
        """The clause stands under an agreement ("Under the treaty, ...", "Under Article 4 ...", "the settlement",
        "Under the Lunar Cargo Programme"); "under US jurisdiction" or "under pressure" is no agreement."""
        nouns = any_of([*self.lex.words("agreement_nouns"), *self.lex.words("agreement_frame_nouns"), "accords"])
        if re.search(rf"\barticle\s+\d|\b(?:{nouns})s?\b", before, re.IGNORECASE):
            return True
        named = re.findall(r"\b[Uu]nder\s+(?:the\s+|this\s+|that\s+|its\s+|their\s+)?(⟨O#\d+⟩)", before)
        return any(self._names_agreement(sk, slot) for slot in named)

    def _described(self, sk: Skeleton, noun: str) -> Skeleton | None:
        """"the bank" as a subject: the last organization named so far (this sentence first) whose name has that noun
        ("Bank of Japan"), as an extra mention of a copy of ``sk``; None when none or two different ones fit."""
        index = sk.sentence.index
        for mentions in [sk.mentions, *reversed(self.ctx.am.mentions[:index])]:
            fits = {m.ref: m for m in mentions if m.kind in ORG_KINDS and m.ref
                    and re.search(rf"\b{re.escape(noun)}\b", m.text, re.IGNORECASE)}
            if len(fits) == 1:
                return Skeleton(sk.sentence, [*sk.mentions, *fits.values()], sk.text, sk.positions)
            if len(fits) > 1:
                return None
        return None

    def _carried_subject(self, sk: Skeleton, previous: Skeleton) -> Skeleton | None:
        """"It must ..." at the start of a sentence: the organization the previous sentence is about (its
        grammatical subject, not one inside a prepositional phrase), as an extra mention of a copy of ``sk``."""
        index = self._it(previous, len(previous.text))
        if index is None:
            return None
        return Skeleton(sk.sentence, [*sk.mentions, previous.mentions[index]], sk.text, sk.positions)

    def _awards(self, sk: Skeleton) -> None:
        """"NASA picked SpaceX to develop the vehicle", "NASA awarded X a contract to build Y": X owes Y to NASA;
        "Under ..., X will build Y for Z" is read by the agreement rule, "X will build Y for Z" here."""
        text = sk.text
        awards = "|".join(re.escape(w) for w in self.lex.words("award_verbs")) or r"(?!x)x"
        works = "|".join(re.escape(w) for w in self.lex.words("contract_verbs")) or r"(?!x)x"
        wins = "|".join(re.escape(w) for w in sorted(self.lex.words("winning_verbs"), key=len, reverse=True)) or r"(?!x)x"
        requiring = "|".join(re.escape(w) for w in self.lex.words("requiring_verbs")) or r"(?!x)x"
        agreements = "|".join(re.escape(w) + "s?" for w in self.lex.words("agreement_nouns")) or r"(?!x)x"
        nouns = any_of(self.lex.words("collective_bearers"))
        # "on Friday", "last week": a time between the giver and its verb (a weekday with no dateline stays a word)
        TIME = r"(?:(?:on|in)\s+⟨D#\d+⟩|" + any_of(self.lex.words("time_adverbials")) + ")"
        # "contracted ⟨X⟩ (⟨XX⟩), the commercial arm of ⟨Y⟩, to launch": the hired party's acronym and description
        hired = r"(?:\s*\(⟨O#\d+⟩\))?(?:,\s+(?:a|an|the)\s+[^,;]{0,80},)?"
        obj = r"(?:\s+(?:a|an|the)\s+(?:[\w$.,-]+\s+){0,5}?(?:contract|order|award|deal))?"
        patterns = [
            ("obligation.award", rf"(?P<a>⟨O#\d+⟩)(?:\s+{TIME})?(?:,[^,]{{0,60}},)?\s+(?:has\s+|have\s+|had\s+)?(?:{awards})\s+(?:the\s+)?(?:[a-z][\w-]*\s+){{0,2}}?(?P<s>⟨O#\d+⟩){hired}{obj}\s+to\s+(?P<c>(?:[^.;]|\.(?=\d))*)"),
            ("obligation.award-passive", rf"(?P<s>⟨O#\d+⟩)(?:,[^,]{{0,60}},)?\s+(?:was|were|has been|have been|had been)\s+(?:{awards})\s+by\s+(?:the\s+)?(?P<a>⟨O#\d+⟩){obj}\s+to\s+(?P<c>(?:[^.;]|\.(?=\d))*)"),
            ("obligation.work-for", rf"(?P<s>⟨O#\d+⟩)\s+(?:will|shall|is to|are to|is due to|has agreed to)\s+(?P<c>(?:also\s+)?(?:{works})\b(?:[^.;⟨]|⟨[OAD]#\d+⟩)*?\s+(?:for|to)\s+(?:the\s+)?⟨O#\d+⟩[^.;]*)"),
            ("obligation.won-contract", rf"(?P<s>⟨O#\d+⟩)(?:,[^,]{{0,60}},)?\s+(?:{wins})\s+(?:a|an|the)\s+(?:[\w$.,-]+\s+){{0,5}}?(?:contract|order|award|deal|{agreements})(?:\s+(?:from|with|by)\s+(?:the\s+)?(?P<a>⟨O#\d+⟩))?\s+to\s+(?P<c>(?:[^.;]|\.(?=\d))*)"),
            ("obligation.required", rf"(?P<a>⟨O#\d+⟩|\b(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts)\s+(?:[\w-]+\s+){{0,2}}?(?:{agreements}))\s+(?:also\s+)?(?:{requiring})\s+(?:the\s+)?(?P<s>⟨O#\d+⟩|(?:(?:each|every|all|the)\s+)?(?:{nouns}))\s+to\s+(?P<c>(?:[^.;]|\.(?=\d))*)"),
        ]
        for rule, pattern in patterns:
            for m in re.finditer(pattern, text):
                if rule == "obligation.work-for" and re.search(r"\b(?:[Uu]nder|[Aa]ccording to)\b", text[: m.start()]):
                    continue  # the agreement rule reads it
                content_raw = m.group("c")
                first = content_raw.split()[0].lower() if content_raw.split() else ""
                if first == "also":
                    first = content_raw.split()[1].lower() if len(content_raw.split()) > 1 else ""
                if not (self._obligation_verb(first) or first in self.lex.words("contract_verbs")):
                    continue
                if self._modality(sk, m.start("c"), allow_reported_would=True) is not None:
                    continue
                # the task ends at the first comma outside brackets ("..., the spacecraft that will ...")
                content_raw = re.split(r",\s+|\s+(?:once|when|after|before|while|but|which)\s+", content_raw)[0]
                bearer_slots = SLOT.findall(m.group("s"))
                if bearer_slots:
                    bearer_index: int | None = int(bearer_slots[0][1])
                    if not self.is_org(sk, bearer_index):  # type: ignore[arg-type]
                        continue
                    bearer = self.ref(sk, bearer_index)
                else:  # "the accords require signatories to ...": a group
                    bearer_index, bearer = None, self._group(sk, m.group("s"), re.sub(r"^(?:(?:each|every|all|the)\s+)+", "", m.group("s"), flags=re.IGNORECASE))
                counterparty = None
                if rule == "obligation.required":
                    pass  # what requires is an agreement, not a party owed
                elif m.groupdict().get("a"):
                    giver = int(SLOT.findall(m.group("a"))[0][1])
                    counterparty = self.ref(sk, giver) if self.is_org(sk, giver) else None
                else:
                    counterparty = self._obligee(sk, content_raw)
                if rule == "obligation.work-for" and counterparty is None:
                    continue  # "will launch it to the station": no party the work is for
                self.emit("Obligation", sk, rule, [i for i in (bearer_index,) if i is not None], 0.7, match=m, obligor=bearer,
                          content=Text(self._plain(sk, content_raw)), obligee=counterparty)

    def _money(self, sk: Skeleton) -> None:
        """"Norway pledged $40 million to the X Fund": a sum owed to X; "Ukraine owes the Y Company $3.2 million": to Y."""
        text = sk.text
        words = self.lex.words
        amount = (r"(?:[$€£¥]\s?\d[\d.,]*(?:\s+(?:" + any_of(words("money_magnitudes")) + r"))?\b"
                  r"|\d[\d.,]*(?:\s+(?:" + any_of(words("money_magnitudes")) + r"))?\s+(?:" + any_of(words("currency_words")) + r")\b)")
        subject = r"(?P<s>⟨[OAP]#\d+⟩)(?:\s*\(⟨O#\d+⟩\))?(?:,[^,]{0,60},)?\s+(?:also\s+|has\s+|have\s+)?"
        patterns = [
            ("obligation.pledge", subject + r"(?:" + any_of(words("pledge_verbs")) + r")\s+(?:another\s+|a\s+further\s+|an\s+additional\s+)?(?P<c>" + amount + r"(?:[^.;]|\.(?=\d))*)"),
            ("obligation.debt", subject + r"(?:" + any_of(words("debt_verbs")) + r")\s+(?:the\s+)?(?P<o>⟨[OP]#\d+⟩)\s+(?:more\s+than\s+|about\s+|some\s+|nearly\s+)?(?P<c>" + amount + r"(?:[^.;]|\.(?=\d))*)"),
        ]
        for rule, pattern in patterns:
            for m in re.finditer(pattern, text):
                index = int(SLOT.findall(m.group("s"))[0][1])
                if not self.is_org(sk, index) and sk.mentions[index].kind != "Person":
                    continue
                if self._modality(sk, m.start("c"), allow_reported_would=True) in ("conditional", "question", "negation", "hypothetical", "hedge", "denial"):
                    continue
                raw = re.split(r",\s+|\s+(?:at|during|on|in)\s+(?:the\s+)?(?:summit|meeting|conference|talks|ceremony|event)\b|\s+(?:but|while|which)\s+", m.group("c"))[0]
                obligee = self.ref(sk, SLOT.findall(m.group("o"))[0][1]) if m.groupdict().get("o") else self._obligee(sk, raw)
                content = self._plain(sk, raw)
                self.emit("Obligation", sk, rule, [index], 0.7, match=m, obligor=self.ref(sk, index),
                          content=Text(("pay " + content) if rule == "obligation.debt" else content), obligee=obligee)

    def _collective(self, sk: Skeleton) -> None:
        """"Each member state must lay down the penalties ...": a duty of a group named by a common noun."""
        group_nouns = [*self.lex.words("collective_bearers"), *self.lex.words("r5_collective_bearers")]
        bearers = {w.lower() for w in group_nouns}
        text = sk.text
        nouns = "|".join(re.escape(w) for w in sorted(group_nouns, key=len, reverse=True)) or r"(?!x)x"
        # "member states remain obliged to ...": a duty stated as the group's state ("bound to" may be a likelihood)
        states = (r"|(?:" + any_of(self.lex.words("duty_state_copulas")) + r")\s+(?:(?:" + any_of(self.lex.words("duty_state_adverbs")) + r")\s+)?(?:"
                  + any_of([w for w in self.lex.words("duty_state_words") if w not in self.lex.words("duty_state_needs_agreement")]) + r")\s+to")
        duties = "|".join(re.escape(w) for w in sorted(self.lex.words("duty_modals"), key=len, reverse=True)) or r"(?!x)x"
        # the group opens a clause: the sentence, a clause after a comma ("..., and the parties are obliged to"), a that-
        # or an under-which clause ("the treaty, under which each party undertakes to ..."); "the transitional
        # authorities": one adjective after "the"
        pattern = (r"(?:^|[,;:]\s+(?:and\s+)?|\bthat\s+|\b(?:under|by)\s+which\s+)(?P<np>(?P<det>(?:(?:each|every|any|all|the|national)\s+)*)"
                   r"(?:(?<=\bthe\s)(?!(?:" + nouns + r")\b)[a-z]{3,}(?:al|ary|ive|ent|ial|ic)\s+)?"
                   rf"(?P<pre>⟨[AO]#\d+⟩\s+)?(?P<n>{nouns}|⟨O#\d+⟩)"
                   # "Exporters, re-exporters and transferors must ...": a list of bearer nouns is one group
                   rf"(?P<more>(?:(?:,\s+|,?\s+(?:and|or)\s+)(?:{nouns})\b)*)"
                   r"(?:\s+(?:under|in|of)\s+(?:the\s+)?(?:⟨[OA]#\d+⟩\s+)?(?:jurisdiction|⟨[OA]#\d+⟩))?)"
                   # "persons who hold blocked property of the listed firms must ...": a relative clause narrows the group
                   r"(?:\s+(?:who|that)\s+[a-z][^,;.]{0,80}?)?"
                   r"\s+(?:" + duties + states + r"|commit to|commits to|have committed to|has committed to|undertake to|undertakes to|agree to|agrees to|pledge to)\s+(?:also\s+|first\s+)?"
                   # the duty ends where another group's begins ("..., and French banks are required to ...")
                   r"(?P<c>(?:(?!,\s+and\s+(?:[\w⟨⟩#.-]+\s+){1,3}?(?:" + duties + states + r")\s)(?:[^.;]|\.(?=\d)))*)")
        for m in re.finditer(pattern, text, re.IGNORECASE):
            group_noun = m.group("n")
            if m.group("pre") and m.group("pre").startswith("⟨O") and sk.mentions[int(SLOT.findall(m.group("pre"))[0][1])].kind != "Country":
                continue  # "U.S. financial institutions": a country's group; "⟨Bank X⟩ banks" is no group
            if SLOT.fullmatch(group_noun):
                # "Each ⟨State Party⟩ shall ...": a bearer noun that the mention stage took for a name
                group_noun = sk.mentions[int(SLOT.findall(group_noun)[0][1])].text
                if group_noun.lower() not in bearers or not m.group("det").strip():
                    continue
            rest = text[m.end("c"):]
            if re.search(r",\s+(?:[\w⟨⟩#]+\s+){0,4}?(?:said|says|told|added|urged|argued)\b", m.group("c") + rest) or re.search(r"[\"“]", text[: m.start("np")]):
                continue  # "Governments must do more, the secretary general said": a demand
            if self._modality(sk, m.start("c")) in ("conditional", "question", "negation", "hypothetical", "denial"):
                continue
            singular = not group_noun.lower().endswith("s")
            if singular and not re.search(r"\b(?:each|every|any)\b", m.group("det").lower()):
                continue  # "The company must ...": one company named before, not a group
            if m.group("more"):
                group_noun += m.group("more")  # "exporters, re-exporters and transferors"
            key = self._group(sk, self._plain(sk, m.group("np")), group_noun.lower(), m.group("pre"))
            # "... must lay down X, which have to be ..., and must take Y": each duty on its own
            pieces = re.split(r",?\s+and\s+(?:" + duties + r")\s+(?:also\s+)?", m.group("c"))
            for duty in [item for piece in pieces for item in self._commitment_items(piece)]:
                duty = re.split(r",\s+(?:which|who|where|while|but|although)\b|,\s+(?:and\s+)?(?:[\w⟨⟩#]+\s+){0,2}?(?:said|says|according)\b", duty)[0].strip(" ,")
                if len(duty.split()) < 2:
                    continue
                self.emit("Obligation", sk, "obligation.collective", [], 0.65, match=m, obligor=key,
                          content=Text(self._plain(sk, duty)), obligee=self._obligee(sk, duty))

    def _group(self, sk: Skeleton, np: str, noun: str, pre: str | None = None) -> str:
        """The article-local organisation a group noun names ("member states", "American companies")."""
        label = self._group_label(sk, np, noun)
        if pre:
            label = f"{self._plain(sk, pre)} {label}"
        key = "org/" + slug(label)
        if key not in self.ctx.am.orgs:
            self.ctx.am.orgs[key] = ("Organization", label, {label})
        return key

    def _group_label(self, sk: Skeleton, np: str, noun: str) -> str:
        """"each member state" -> "member states"; "companies under ⟨EU⟩ jurisdiction" keeps its qualifier."""
        words = noun.lower().split()
        if getInflection is not None and not words[-1].endswith("s"):
            plural = getInflection(words[-1], tag="NNS")
            words[-1] = plural[0] if plural else words[-1] + "s"
        qualifier = np[np.lower().find(noun.lower()) + len(noun):].strip()
        return " ".join([" ".join(words), self._plain(sk, qualifier)]).strip()

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
