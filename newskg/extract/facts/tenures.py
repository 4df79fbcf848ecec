"""Posts: who holds or held which post (tenures) and ownership; nominations are ``nominations``."""

from __future__ import annotations

import re

from newskg.extract.facts.skeleton import (
    ADJECTIVES,
    COUNTRY_LEVEL,
    Skeleton,
    build_skeleton,
    org_slot,
    person_slot,
    role_slot,
    word_alternation,
)
from newskg.extract.facts.tenure_context import TenureContext
from newskg.extract.mentions import ORG_KINDS
from newskg.extract.model import DateValue, Post


class TenureRules(TenureContext):
    # -------------------------------------------------------------- tenures
    TENURE_RULES: list[tuple[str, str, float]] = [
        # "Roscosmos Director General Dmitry Rogozin", "Russian President Vladimir Putin", "ESA's director general, Josef Aschbacher"
        ("tenure.org-role-name", org_slot("o") + r"(?:['’]s)?\s+" + ADJECTIVES + role_slot("r") + r",?\s+" + person_slot("p"), 0.9),
        # "Head of the Russian space agency Roscosmos, Dmitry Rogozin"
        ("tenure.role-of-org-name", role_slot("r") + r"\s+(?:of|at)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?" + org_slot("o") + r",?\s+" + person_slot("p"), 0.85),
        # "Dmitry Rogozin, president of Roscosmos", "Borisov, the new president of Roscosmos"
        ("tenure.appositive", person_slot("p") + r",\s+(?:\d{1,3},\s+)?(?:(?:previously|formerly|once)\s+|(?:(?:until|till)\s+(?:the\s+)?)?⟨D#\d+⟩,?\s+)?(?:(?:the|a|an|its|his|her)\s+)?(?:" + org_slot("o") + r"(?:['’]s)?\s+)?(?:(?!(?:and|or|but|while|as)\b)[A-Za-z][\w-]*\s+){0,3}?" + role_slot("r"), 0.9),
        # "Lisa Campbell is the new president of the Canadian Space Agency", "Laporte, who had been president of the agency since 2015"
        # "Shoigu, who has run the ministry since 2012, when Putin dismissed Serdyukov, was appointed ...": a
        # relative clause (its own commas and names inside) between the subject and its verb
        ("tenure.copula", person_slot("p") + r"(?:,\s+\d{1,3},|,\s+(?:the|a|an)\s+[^,⟨]{1,60},|,\s+(?:a|an)\s+(?:[^,;⟨]|⟨[OADR]#\d+⟩){1,200}?,(?=\s+(?:became|becomes|was named|was appointed|took office as)\s)|,\s+(?:(?:previously|formerly|the|a|an)\s+)?(?:[^,;⟨]|⟨[OADR]#\d+⟩){1,120}?,(?=\s+(?:became|becomes|was named|was appointed|was elected|took office as|was|is)\s+(?:the\s+|a\s+|an\s+)?(?:acting\s+|interim\s+)?⟨R)|,\s+who\s+(?:(?!,?\s+and\s+⟨P#)(?:[^;⟨]|⟨[PODR]#\d+⟩)){1,160}?,(?=\s+(?:was|is|has been|had been|became)\s))?(?:,?\s+who)?\s+(?:also\s+)?(?:is|was|has been|had been|became|becomes|remains|remained|served as|serves as|had served as|has served as|worked as|"
         r"was appointed(?: as)?|has been appointed(?: as)?|is appointed(?: as)?|was named(?: as)?|has been named(?: as)?|is named(?: as)?|was elected(?: as)?|took office as|was confirmed as|was sworn in as|has been sworn in as|is sworn in as)\s+"
         r"(?:the\s+|a\s+|an\s+|(?P<its>its\s+))?(?:" + org_slot("o") + r"['’]s\s+)?(?:[a-z0-9][\w-]*\s+){0,2}?" + role_slot("r"), 0.85),
        # "Putin on Thursday appointed former Deputy Prime Minister Dmitriy Rogozin as general director of Roskosmos"
        ("tenure.appointed", r"\b(?:appointed|appoints|appointing|named|names|naming|installed|elected|elects)\s+(?:⟨R#\d+⟩\s+)?" + person_slot("p") + r"\s+(?:as\s+)?(?:the\s+|(?P<its>its\s+|their\s+))?(?:new\s+)?(?:" + org_slot("o") + r"['’]s\s+)?" + role_slot("r"), 0.85),
        # "Kenji Sato stepped down as president of JAXA on Friday"
        ("tenure.stepped-down", person_slot("p") + r"(?:,[^,⟨]{1,60},)?\s+(?:has\s+|had\s+)?(?:stepped down|steps down|resigned|resigns|retired|retires|quit|left office|was dismissed|was fired|was removed)\s+as\s+(?:the\s+)?(?:" + org_slot("o") + r"['’]s\s+)?" + role_slot("r"), 0.85),
        # "Putin on Friday dismissed Dmitry Rogozin as head of Roscosmos"
        ("tenure.dismissed", r"\b(?:dismissed|fired|sacked|removed|ousted|relieved)\s+" + person_slot("p") + r"\s+(?:as|from\s+(?:his|her|the)\s+(?:post|position|job|duties)\s+(?:as|of))\s+(?:the\s+)?(?:" + org_slot("o") + r"['’]s\s+)?" + role_slot("r"), 0.85),
        # "Yuri Borisov will take over as head of Roscosmos on July 15": an announced start
        ("tenure.announced", person_slot("p") + r"(?:,[^,]{1,80},)?\s+(?:will|is to|is due to|is set to)\s+(?:take over|take office|become|be sworn in|start|begin)\s+(?:as\s+)?(?:the\s+|(?P<its>its\s+|their\s+))?(?:new\s+)?(?:" + org_slot("o") + r"['’]s\s+)?(?:[a-z][\w-]*\s+){0,2}?" + role_slot("r"), 0.7),
        # "Her most recent job was associate deputy minister at Veterans Affairs Canada"
        ("tenure.job-was", person_slot("p") + r"(?:['’]s)?\s+(?:most\s+recent\s+|previous\s+|last\s+|former\s+|first\s+|new\s+)?(?:job|post|position|role)\s+(?:was|is)\s+(?:as\s+)?(?:the\s+|a\s+|an\s+)?" + role_slot("r"), 0.8),
        # "she worked at the Competition Bureau as a senior deputy commissioner", "Harris's first official act as chair of ..."
        ("tenure.as-role", person_slot("p") + r"(?:['’]s)?\s+[^⟨.;]{0,50}?(?:" + org_slot("o") + r"[^⟨.;]{0,10}?)?\bas\s+(?:the\s+|a\s+|an\s+|(?P<its>its\s+))?(?:[a-z][\w-]*\s+){0,2}?" + role_slot("r"), 0.7),
        # "The new president of the Canadian Space Agency, Lisa Campbell"
        ("tenure.role-name", role_slot("r") + r"\s+" + person_slot("p"), 0.85),
        # "an adviser to the then prime minister, David Cameron": the name in apposition to "the ROLE"
        ("tenure.role-comma-name", r"\b(?:the|its|their|a|an)\s+" + role_slot("r") + r",\s+" + person_slot("p") + r"(?=\s*(?:[,.;)]|$))", 0.75),
    ]
    LEAD_RULES: list[tuple[str, str, float]] = [
        ("tenure.leads-who", r"\bwho\s+(?:had\s+|has\s+|also\s+|earlier\s+)*(?:heads|headed|leads|led|runs|ran|chairs|chaired|directs|directed|steered)\s+(?:the\s+)?" + org_slot("o"), 0.8),
        # "the German Aerospace Center (DLR), which is chaired by Anke Kaysser-Pyzalla"
        ("tenure.led-by", org_slot("o") + r"(?:\s*\(⟨O#\d+⟩\))?,?\s+(?:which|that)\s+(?:is|was|has been)\s+(?:chaired|headed|led|run|directed)\s+by\s+" + person_slot("p"), 0.85),
        # "Borisov succeeded Rogozin ..., and on July 25 also served as the Russian President's special representative"
        ("tenure.coordinated", r"\band\s+(?:on\s+⟨D#\d+⟩\s+)?(?:also\s+)?(?:served as|serves as|became|was appointed(?: as)?|was named(?: as)?)\s+(?:the\s+)?(?:" + org_slot("o") + r"(?:['’]s)?\s+)?" + role_slot("r"), 0.75),
        # "She is the first woman to run the CSA", "Aschbacher is the first Austrian to lead the agency"
        ("tenure.first-to-lead", person_slot("p") + r"\s+(?:is|was|became|becomes)\s+the\s+(?:[\w-]+\s+){1,3}?to\s+(?:lead|head|run|chair|direct)\s+(?:the\s+)?" + org_slot("o"), 0.75),
        # "Bill Nelson ... took charge of NASA on Monday"
        ("tenure.took-charge", person_slot("p") + r"(?:,[^;]{0,160}?,)?\s+(?:\w+\s+)?(?:took|takes|has taken|formally took)\s+(?:charge|the helm|the reins|control|office|over)\s+(?:of|at)\s+(?:the\s+)?" + org_slot("o"), 0.85),
    ]

    def _lexicon_rules(self) -> list[tuple[str, str, float]]:
        """The tenure rules whose cue phrases come from the lexicon (as_role_verbs, end_verbs)."""
        cached: list[tuple[str, str, float]] | None = getattr(self, "_lexicon_rule_cache", None)
        if cached is not None:
            return cached
        # a date, an adverb or a parenthesis may stand between the verb and its "as"/"of":
        # "took over on Friday as chairman", "took office on Tuesday as director general"
        gap = r"(?:\s+(?:on|in|from)\s+(?:the\s+)?⟨D#\d+⟩|\s+⟨D#\d+⟩|\s+[a-z]+ly)*"
        phrases = []
        def word(w: str) -> str:  # "took up her post as": a possessive is a person slot of the skeleton
            return r"(?:his|her|their|⟨P#\d+⟩)" if w in ("his", "her", "their") else re.escape(w)
        for phrase in sorted(self.lex.words("as_role_verbs"), key=len, reverse=True):
            words = phrase.split()
            if words[-1] in ("as", "of") and len(words) > 1:
                phrases.append(r"\s+".join(map(word, words[:-1])) + gap + r"\s+" + words[-1])
            else:
                phrases.append(r"\s+".join(map(word, words)) + gap)
        verbs = "|".join(phrases)
        ends = "|".join(r"\s+".join(map(re.escape, v.split())) for v in sorted(self.lex.words("end_verbs"), key=len, reverse=True))
        rules = [
            # "S. Rao formally took over on Friday as chairman of X", "Y has held the post of chairman of Z"
            ("tenure.verb-as", person_slot("p") + r"(?:,\s+\d{1,3},|,(?:[^,;⟨]|⟨[ROAD]#\d+⟩){1,80}?,)?(?:,?\s+who)?\s+(?:(?:also|then|later|now|today|yesterday|has|had|have|was|is|will|be|been|[a-z]+ly|⟨D#\d+⟩)\s+)*(?:"
             + verbs + r")\s+(?:the\s+|a\s+|an\s+|(?P<its>its\s+|their\s+))?(?:" + org_slot("o") + r"['’]s\s+)?(?:[a-z0-9][\w-]*\s+){0,2}?" + role_slot("r"), 0.8),
            # "the board designated X, the agency's chief coordinator, as acting director general"
            ("tenure.chosen-as", r"\b(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in self.lex.words("choice_verbs"))
             + r")\s+" + person_slot("p") + r",(?:[^,;⟨]|⟨[ROAD]#\d+⟩|⟨P#\d+⟩['’]s){1,120}?,\s+as\s+(?:the\s+|(?P<its>its\s+))?(?:new\s+)?" + role_slot("r"), 0.75),
            # "the assembly confirmed X as secretary general of Y", "Z was reappointed as chief executive"
            ("tenure.confirmed-as", r"\b(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(self.lex.words("confirmation_verbs"), key=len, reverse=True))
             + r")\s+(?:⟨R#\d+⟩\s+)?" + person_slot("p") + r"\s+(?:as\s+)?(?:the\s+|(?P<its>its\s+|their\s+))?(?:new\s+)?(?:" + org_slot("o") + r"['’]s\s+)?" + role_slot("r"), 0.8),
            # a headline or timeline line: "2017: X appointed chairman of Y" (a role right after the verb, no object)
            ("tenure.headline-appointed", r"(?:^|[:;—–-]\s*|⟨D#\d+⟩\s*[:,]?\s*)" + person_slot("p") + r"\s+(?:"
             + "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(self.lex.words("headline_appointment_verbs"), key=len, reverse=True))
             + r")\s+(?:as\s+)?(?:the\s+|(?P<its>its\s+))?(?:new\s+)?(?:" + org_slot("o") + r"['’]s\s+)?" + role_slot("r"), 0.75),
            # "she comes from Kyoto University, where she was a professor": a post at the place "where" names
            ("tenure.where-was", org_slot("o") + r"(?:\s*\(⟨O#\d+⟩\))?,\s+where\s+" + person_slot("p") + r"\s+(?:(?:had|has|also|later|once)\s+)*(?:was|is|been|worked as|served as|became)\s+(?:a\s+|an\s+|the\s+)?(?:[a-z]+\s+)?" + role_slot("r"), 0.7),
            # "when he left DLR to become director general of ESA": the new post (the organization after the role)
            ("tenure.left-to-become", person_slot("p") + r"\s+(?:[a-z]+ly\s+)?(?:left|quit)\s+(?:the\s+)?⟨[OA]#\d+⟩(?:\s*\(⟨O#\d+⟩\))?\s+to\s+(?:become|be|serve\s+as|join\s+as|take\s+up\s+the\s+post\s+of)\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:new\s+)?" + role_slot("r"), 0.75),
            # "X resigned from her positions as chairwoman of Y"
            ("tenure.stepped-down-from", person_slot("p") + r"(?:,[^,⟨]{1,60},)?\s+(?:has\s+|had\s+)?(?:" + ends + r")\s+from\s+(?:his|her|their|the|⟨P#\d+⟩)\s+(?:posts?|positions?|roles?|jobs?|duties)\s+(?:as|of)\s+(?:the\s+)?(?:"
             + org_slot("o") + r"['’]s\s+)?" + role_slot("r"), 0.8),
        ]
        self._lexicon_rule_cache = rules
        return rules

    def _lead_rules(self) -> list[tuple[str, str, float]]:
        """The rules of the lead verbs of the lexicon: "who heads X", "appointed X to run Y", "moved to head Y"."""
        cached: list[tuple[str, str, float]] | None = getattr(self, "_lead_rule_cache", None)
        if cached is not None:
            return cached
        def alternation(name: str) -> str:
            return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(self.lex.words(name), key=len, reverse=True))
        # the infinitive may have been read as a role mention ("to head" -> ⟨R⟩)
        to_lead = r"to\s+(?:" + alternation("lead_infinitives") + r"|⟨R#\d+⟩)\s+(?:the\s+)?" + org_slot("o")
        choose = alternation("choice_verbs")
        rules = [
            # "Dana Reyes, who heads the Nordic Grid Agency", read from lead_verbs
            ("tenure.leads", person_slot("p") + r"(?:,\s+\d{1,3},|,(?:[^,;⟨]|⟨[ROAD]#\d+⟩){1,80}?,)?,?\s+(?:who\s+)?(?:had\s+|has\s+|also\s+|earlier\s+|later\s+|temporarily\s+|briefly\s+)*(?:"
             + alternation("lead_verbs") + r")\s+(?:the\s+)?" + org_slot("o"), 0.85),
            # "the government appointed X to run Y", "ministers picked X to head Y"
            ("tenure.chosen-to-lead", r"\b(?:" + choose + r")\s+(?:(?:former|ex-)\s*)?(?:⟨R#\d+⟩\s+)?" + person_slot("p") + r"\s+" + to_lead, 0.8),
            # "X, who was appointed to head Y in 2018"
            ("tenure.appointed-to-lead", person_slot("p") + r"(?:,[^,]{1,80},)?,?\s+(?:who\s+)?(?:was|has been|is|had been)\s+(?:" + choose + r")\s+" + to_lead, 0.8),
            # "X, a general who had commanded the forces, had been in charge of Y only since 2013"
            ("tenure.in-charge", person_slot("p") + r"(?:,[^;]{0,160}?,)?\s+(?:(?:had|has|have|was|is|were|been|remained|remains|briefly|also|only|now|then|already)\s+)+in\s+charge\s+of\s+(?:the\s+)?" + org_slot("o"), 0.75),
            # "in 2015 she moved to head the X Centre"
            ("tenure.moved-to-lead", person_slot("p") + r"\s+(?:[a-z]+ly\s+)?(?:moved|went on|left|returned|came back|was brought in)\s+" + to_lead, 0.75),
        ]
        self._lead_rule_cache = rules
        return rules

    def _proposed(self, sk: Skeleton, position: int) -> bool:
        """"proposed X as chairman", "a candidate for director", "in the running to become": no tenure."""
        window = " " + re.sub(r"⟨[^⟩]+⟩", " X ", self._segment(sk.text, position).lower()) + " "
        return bool(word_alternation(self.lex.words("proposal_words") + self.lex.words("nomination_nouns")).search(window))

    def tenures(self, sk: Skeleton) -> None:
        seen: set[tuple[str | None, int]] = set()
        # the phrase rules of the lexicon before the loose "as ROLE" rule, which would take "her" in
        # "X resigned from her positions as chairwoman" for the subject
        cut = next(i for i, (name, _, _) in enumerate(self.TENURE_RULES) if name == "tenure.as-role")
        rules = self.TENURE_RULES[:cut] + self._lexicon_rules() + self.TENURE_RULES[cut:]
        for rule, pattern, confidence in rules:
            for m in re.finditer(pattern, sk.text):
                p, r = int(m.group("p")), int(m.group("r"))
                if (self.ref(sk, p), r) in seen or sk.mentions[p].kind != "Person":
                    continue
                if self._proposed(sk, m.start("r")):
                    continue
                if rule == "tenure.appositive" and re.match(r"\s*⟨P#", sk.text[sk.positions[r] + len(f"⟨R#{r}⟩"):]):
                    continue
                if rule == "tenure.org-role-name" and (self._clause_verb_between(sk.text[m.end("o"):m.start("r")])
                                                       or self.speech_re.search(sk.text[m.end("o"):m.start("r")].lower())):
                    continue  # "Russia said Deputy Secretary of State X ...": the country is the speaker, not the post's
                if rule == "tenure.appositive" and self._clause_verb_between(sk.text[m.end("p"):m.start("r")]):
                    continue  # "..., dismissed Serdyukov, was appointed secretary": the verb's subject is another
                o = m.groupdict().get("o")
                # an organization the pattern names wins over one after the match ("Roscosmos head
                # Yuri Borisov in Baikonur"); without one, the organization after the role counts
                org_index = int(o) if o is not None else (
                    self.org_after(sk, m.end()) if rule not in ("tenure.role-of-org-name", "tenure.role-name", "tenure.role-comma-name") else None)
                if org_index is None and rule not in ("tenure.role-of-org-name", "tenure.role-name", "tenure.role-comma-name"):
                    # "X, Chairman and CEO of Nielsen Holdings,": coordinated titles share the organization after the last
                    shared = re.match(r"(?:\s*,\s*(?:the\s+)?⟨R#\d+⟩)*\s*,?\s+(?:and|&)\s+(?:the\s+)?⟨R#\d+⟩", sk.text[m.end():])
                    org_index = self.org_after(sk, m.end() + shared.end()) if shared else None
                its_org: str | None = None
                if org_index is None and m.groupdict().get("its"):
                    org_index = self._it(sk, m.start())  # "Solnorex Industries named Ivan Okafor as its new president"
                # "The WMO has a new head. X took office as its Secretary-General": with no organization before
                # it in its own sentence, "its" is the one the sentence before opens with
                if org_index is None and re.search(r"\bits\s+(?:new\s+|first\s+)?⟨R#$", sk.text[m.start():m.start("r")]) \
                        and not re.search(r"⟨[OA]#\d+⟩", sk.text[:m.start("r")]):
                    its_org = self._previous_subject_org(sk)
                if org_index is None and rule == "tenure.appointed":
                    # "ESA's council elected X as director general": the appointing organization
                    subject = re.search(r"⟨O#(\d+)⟩(?:['’]s?\s+(?:council|board|government|members|shareholders))?"
                                        r"(?:\s+on\s+⟨D#\d+⟩)?\s+(?:\w+\s+)?$", sk.text[:m.start()])
                    org_index = int(subject.group(1)) if subject and self.is_org(sk, int(subject.group(1))) else None
                    board = self._board_before(sk, m.start(), org_index)
                    if board is not None:
                        org_index, its_org = board
                if rule == "tenure.role-name" and org_index is None:
                    # "Russian President Vladimir Putin" is caught above; here "President Vladimir Putin"
                    org_index = self._org_before(sk, m.start())
                of_org = re.match(r"\s+(?:of|at)\s+(?:the\s+)?⟨O#(\d+)⟩", sk.text[m.end():])
                if rule == "tenure.role-name" and org_index is None and of_org and self.is_org(sk, int(of_org.group(1))):
                    org_index = int(of_org.group(1))  # "Judge X of the Lagos High Court", "President Y of the Z Forum"
                # "X, the Fund's deputy director, was acting director": the appositive's organization
                appositive_org = re.match(r"⟩,\s+(?:the\s+)?⟨O#(\d+)⟩['’]s\s+[^,;⟨]*⟨R#\d+⟩,", sk.text[m.end("p"):m.start("r")])
                if org_index is None and rule == "tenure.copula" and appositive_org and self.is_org(sk, int(appositive_org.group(1))) \
                        and not re.match(r"\s+(?:of|at|for|in)\s", sk.text[m.end():]):
                    org_index = int(appositive_org.group(1))
                # "will become Chairman of the Board": the board is the company's, so the post is too
                board_of = re.match(r"\s+of\s+(the\s+[A-Za-z][\w ]{1,30}?)(?=[,.;]|\s+(?:on|in|from|effective|since)\b|$)", sk.text[m.end():])
                if org_index is None and its_org is None and board_of and self._is_board(board_of.group(1)):
                    its_org = self._previous_subject_org(sk) or self._article_company()
                # "as head" names no organization; "as deputy prime minister" is a post of the country
                if org_index is None and its_org is None and rule not in ("tenure.role-name", "tenure.role-comma-name"):
                    # "1. European Commission - X took office as President"; "the Bank of Japan is run by an
                    # academic. X became governor": the list header, else the body the article is about
                    header = re.match(r"(?:\d{1,2}[.)]\s+)?(?:the\s+)?⟨[OA]#(\d+)⟩\s*[-–—:]\s+⟨P#" + m.group("p") + "⟩", sk.text)
                    if header and sk.mentions[int(header.group(1))].kind in ORG_KINDS and sk.mentions[int(header.group(1))].kind not in ("Country", "Programme"):
                        org_index = int(header.group(1))
                    elif not self._country_title(sk, r):
                        # a role that names its own body ("Secretary of State") keeps it; one that would only
                        # fall back to a country ("became governor") is the subject's
                        own, _, _ = self.make_post(sk, r, None)
                        own_entity = self.lex.entities.get(own.organization) if own is not None else None
                        if own is None or (own_entity is not None and own_entity.kind == "Country"):
                            its_org = self._subject_for_bare_role(sk, r)
                country_role = rule == "tenure.as-role" and org_index is None and its_org is None
                if self._modality(sk, m.start("r") if rule != "tenure.appositive" else m.start(), allow_reported_would=False) in ("conditional", "hedge", "question", "denial"):
                    continue
                org = self.ref(sk, org_index) if org_index is not None else its_org
                post, acting, past = self.make_post(sk, r, org)
                if post is None and org is None and rule == "tenure.role-name" and self._country_title(sk, r):
                    # "President X" with no country of its own: one the text ties to the person, once
                    # the whole article is read
                    self._bare_titles.append((sk, m, p, r, rule, confidence))
                    seen.add((self.ref(sk, p), r))
                    continue
                if post is None or (country_role and not post.role.endswith(tuple(COUNTRY_LEVEL))):
                    continue
                seen.add((self.ref(sk, p), r))
                start, end = self._tenure_dates(sk, m, rule)
                self.emit("Tenure", sk, rule, [p, r] + ([org_index] if org_index is not None else []), confidence,
                          match=m, member=self.ref(sk, p), post=post, start=start, end=end, acting=True if acting else None)
                self._coordinated_titles(sk, m, p, r, org_index, start, end, seen)
                if acting:
                    self._took_over_after_acting(sk, m, post)
        for rule, pattern, confidence in self.LEAD_RULES + self._lead_rules():
            if rule == "tenure.coordinated":
                for m in re.finditer(pattern, sk.text):
                    p_index: int | str | None = self._clause_subject(sk, m.start())
                    r = int(m.group("r"))
                    if p_index is None or (self.ref(sk, p_index), r) in seen:
                        continue
                    org_index = self.org_after(sk, m.end())
                    if org_index is None and m.group("o"):
                        org_index = int(m.group("o"))
                    post, acting, _ = self.make_post(sk, r, self.ref(sk, org_index) if org_index is not None else None)
                    if post is None:
                        continue
                    dates = [d for prep, d in self.clause_dates(sk, m.start(), None) if prep in ("on", "")]
                    self.emit("Tenure", sk, rule, [int(p_index), r], confidence, match=m, member=self.ref(sk, p_index), post=post,
                              start=dates[0] if dates else None, acting=True if acting else None)
                continue
            for m in re.finditer(pattern, sk.text):
                p_index = m.groupdict().get("p")
                if p_index is None:
                    p_index = self._subject_before(sk, m.start())
                if p_index is None or sk.mentions[int(p_index)].kind != "Person":
                    continue
                org_index = int(m.group("o"))
                if not self.is_org(sk, org_index) or self._modality(sk, m.start("o")) in ("conditional", "hedge", "question", "negation", "denial"):
                    continue
                if re.match(r"['’]s?\s", sk.text[m.end():]):
                    continue  # "who heads NASA's human spaceflight directorate": a unit of NASA, not NASA
                org = self.ref(sk, org_index)
                if org is None:
                    continue
                verb = re.search(r"(chair\w*|head\w*|lead\w*|led|run\w*|ran|direct\w*|steer\w*|charge|helm|reins|control|office|over)", m.group(0).split(" to ")[-1])
                post = self._head_post(org, chair=bool(verb and verb.group(1).startswith("chair")))
                start, end = self._tenure_dates(sk, m, rule)
                acting = self.acting_span(sk, m.start(), m.end())  # "in charge of X on an interim basis"
                self.emit("Tenure", sk, rule, [int(p_index), org_index], confidence, match=m, member=self.ref(sk, p_index), post=post, start=start, end=end,
                          acting=True if acting else None)
        self.nominations(sk)
        self._the_post(sk)
        self._list_titles(sk)
        self._appointment_takes_effect(sk)
        if sk.sentence.index == len(self.ctx.am.sentences) - 1:
            self._resolve_bare_titles()

    def _took_over_after_acting(self, sk: Skeleton, m: re.Match[str], post: Post) -> None:
        """"X was acting director of Y until Z took over on 1 October": Z holds the post (not acting) from that day."""
        verbs = word_alternation(self.lex.words("took_over_after_acting_verbs")).pattern
        after = sk.text[m.end():]
        found = re.match(r"(?:\s+of\s+(?:the\s+)?⟨O#\d+⟩)?\s+until\s+" + person_slot("q") + r"\s+(?:" + verbs + r")(?P<rest>[^,;⟨]*(?:⟨D#\d+⟩)?)", after)
        if not found or sk.mentions[int(found.group("q"))].kind != "Person":
            return
        q = int(found.group("q"))
        dates = [d for prep, d in self.clause_dates(sk, m.end() + found.start("rest"), m.end() + found.end()) if prep in ("on", "in", "")]
        self.emit("Tenure", sk, "tenure.took-over-after-acting", [q], 0.7, match=m, member=self.ref(sk, q), post=post,
                  start=dates[0] if dates else None)

    @property
    def _bare_titles(self) -> list[tuple[Skeleton, re.Match[str], int, int, str, float]]:
        pending: list[tuple[Skeleton, re.Match[str], int, int, str, float]] | None = getattr(self, "_bare_title_list", None)
        if pending is None:
            pending = []
            self._bare_title_list = pending
        return pending

    def _country_title(self, sk: Skeleton, r: int) -> bool:
        """A capitalised country office before a name ("President", "Prime Minister", "Sen.")."""
        text = sk.mentions[r].text
        words = [w for w in re.sub(r"['’]s\b", "", text).lower().split() if w not in self.modifiers]
        return text[:1].isupper() and " ".join(words) in self.lex.words("country_office_titles")

    def _resolve_bare_titles(self) -> None:
        for sk, m, p, r, rule, confidence in self._bare_titles:
            country = self._tied_country(sk, p)
            if country is None:
                continue
            post, acting, _ = self.make_post(sk, r, country)
            if post is None:
                continue
            start, end = self._tenure_dates(sk, m, rule)
            self.emit("Tenure", sk, "tenure.bare-title-tied", [p, r], confidence, match=m, member=self.ref(sk, p), post=post,
                      start=start, end=end, acting=True if acting else None)
        self._bare_titles.clear()

    def _tied_country(self, sk: Skeleton, p: int) -> str | None:
        """The country the text ties a person to: a party-and-state tag after the name ("(R-Fla.)"), a post
        the article gives the person in a country, or the dateline's capital when the article names no
        other country (a foreign leader in a Washington report is not a US president)."""
        person = sk.mentions[p].ref
        after = sk.text[sk.positions[p] + len(f"⟨P#{p}⟩"):]
        tagged = self.lex.words("party_state_country")
        if tagged and re.match(r"\s*\((?:R|D|I)[-–]\s?[A-Z][A-Za-z.]{1,6}(?:\s?[A-Z][A-Za-z.]{0,4})?\)", after):
            return f"org/{tagged[0]}"
        countries = {f.get("post").organization for f in self.ctx.facts  # type: ignore[union-attr]
                     if f.kind == "Tenure" and f.get("member") == person and isinstance(f.get("post"), Post)
                     and (e := self.lex.entities.get(f.get("post").organization)) is not None and e.kind == "Country"}  # type: ignore[union-attr]
        if len(countries) == 1:
            return countries.pop()
        if countries:
            return None
        first = self.ctx.am.sentences[0].text if self.ctx.am.sentences else ""
        dateline = re.match(r"([A-Z][A-Za-z.'’ -]{1,30}?)\s*(?:,|\(|[-–—])", first)
        if not dateline:
            return None
        place = dateline.group(1).strip().lower()
        home = next((e.key for e in self.lex.entities.values() if e.kind == "Country"
                     and place in {c.lower() for c in e.capitals}), None)
        if home is None:
            return None
        for mentions in self.ctx.am.mentions:
            for x in mentions:
                entity = self.lex.entities.get(x.ref or "")
                if x.kind in ("Country", "Demonym", "Capital") and entity is not None and (entity.country or entity.key) != home:
                    return None
        return home

    def _list_titles(self, sk: Skeleton) -> None:
        """"after A, B and C, all three of them former ISRO chairmen": the title is each one's."""
        pattern = (r"(?P<people>" + person_slot("first") + r"(?:,\s+⟨P#\d+⟩)*,?\s+and\s+⟨P#\d+⟩),\s+(?:all|both|each)\s+(?:[a-z]+\s+)?(?:of\s+them\s+)?"
                   r"(?:(?:the|a|an)\s+)?(?:(?:former|ex-|then|past|previous)\s+)?(?:" + org_slot("o") + r"\s+)?" + role_slot("r"))
        for m in re.finditer(pattern, sk.text):
            r = int(m.group("r"))
            org_index = int(m.group("o")) if m.group("o") else self.org_after(sk, m.end())
            if org_index is None or self._modality(sk, m.start(), allow_reported_would=False) in ("conditional", "hedge", "question", "negation", "denial"):
                continue
            post, acting, _ = self.make_post(sk, r, self.ref(sk, org_index))
            if post is None:
                continue
            for i in re.findall(r"⟨P#(\d+)⟩", m.group("people")):
                if sk.mentions[int(i)].kind == "Person":
                    self.emit("Tenure", sk, "tenure.list-title", [int(i), r], 0.7, match=m, member=self.ref(sk, i), post=post,
                              acting=True if acting else None)

    def _the_post(self, sk: Skeleton) -> None:
        """"Dr X, a banker, will take up the post on 6 September": "the post" is the one the sentence
        before announced to be filled ("the agency has picked its next chief executive")."""
        verbs = "|".join(r"\s+".join(map(re.escape, v.split())) for v in sorted(self.lex.words("take_up_verbs"), key=len, reverse=True))
        nouns = "|".join(map(re.escape, self.lex.words("post_nouns")))
        if not verbs or not nouns or sk.sentence.index == 0:
            return
        pattern = (person_slot("p") + r"(?:,(?:[^,;⟨]|⟨[ROAD]#\d+⟩){1,100}?,)?\s+(?:" + verbs + r")\s+(?:the|this|that|his|her|⟨P#\d+⟩)\s+(?:new\s+)?(?:"
                   + nouns + r")\b(?!\s+(?:of|as)\b)")
        for m in re.finditer(pattern, sk.text):
            p = int(m.group("p"))
            if sk.mentions[p].kind != "Person" or self._modality(sk, m.end(), allow_reported_would=False):
                continue
            i = sk.sentence.index - 1
            prev = build_skeleton(self.ctx.am.sentences[i], self.ctx.am.mentions[i])
            wanted = re.search(r"(?:(?P<its>its|their)\s+|⟨[OA]#(?P<o>\d+)⟩['’]s\s+)(?:next|new|future)\s+⟨R#(?P<r>\d+)⟩", prev.text)
            if not wanted:
                continue
            org_index = int(wanted.group("o")) if wanted.group("o") else self._it(prev, wanted.start())
            if org_index is None:
                continue
            post, acting, _ = self.make_post(prev, int(wanted.group("r")), self.ref(prev, org_index))
            if post is None:
                continue
            dates = [d for prep, d in self.clause_dates(sk, m.end(), None) if prep in ("on", "from", "in", "")]
            self.emit("Tenure", sk, "tenure.takes-up-the-post", [p], 0.7, match=m, member=self.ref(sk, p), post=post,
                      start=dates[0] if dates else None, acting=True if acting else None)

    def _coordinated_titles(self, sk: Skeleton, m: re.Match[str], p: int, r: int, org_index: int | None,
                            start: DateValue | None, end: DateValue | None, seen: set[tuple[str | None, int]]) -> None:
        """"secretary of the A and chairman of the B": every title of the coordination is the person's."""
        position = sk.positions[r] + len(f"⟨R#{r}⟩")
        # "chairman and chief executive of X": the titles before the shared organization are each a post
        while org_index is not None and (pair := re.match(r"\s*(?:,|\s+and|\s+&)\s+(?:the\s+)?⟨R#(\d+)⟩", sk.text[position:])) \
                and sk.positions[org_index] > position:
            r2 = int(pair.group(1))
            position += pair.end()
            if (self.ref(sk, p), r2) in seen:
                continue
            if not self._coordinated_title(sk, m, p, r2, org_index, start, end, seen):
                break
        while True:
            if org_index is not None and sk.positions[org_index] >= position:
                position = sk.positions[org_index] + len(f"⟨O#{org_index}⟩")
            nxt = re.match(r"\)?(?:\s*\(⟨O#\d+⟩\))?\s+and\s+(?:as\s+)?(?:the\s+|a\s+|an\s+)?⟨R#(\d+)⟩", sk.text[position:])
            if not nxt:
                return
            r2 = int(nxt.group(1))
            position += nxt.end()
            org_index = self.org_after(sk, position)
            if (self.ref(sk, p), r2) in seen or org_index is None:
                return  # "director of A and head of a new unit": only a title with its own organization
            if not self._coordinated_title(sk, m, p, r2, org_index, start, end, seen):
                return

    def _coordinated_title(self, sk: Skeleton, m: re.Match[str], p: int, r2: int, org_index: int,
                           start: DateValue | None, end: DateValue | None, seen: set[tuple[str | None, int]]) -> bool:
        """One more title of a coordination, at ``org_index``; False when it names no post."""
        post, acting, _ = self.make_post(sk, r2, self.ref(sk, org_index))
        if post is None:
            return False
        seen.add((self.ref(sk, p), r2))
        self.emit("Tenure", sk, "tenure.coordinated-title", [p, r2, org_index], 0.75, match=m, member=self.ref(sk, p),
                  post=post, start=start, end=end, acting=True if acting else None)
        return True

    def its_role(self, sk: Skeleton) -> None:
        """"Its director general, Yuri Borisov, ...": "its" is the organization the previous sentence is about."""
        for m in re.finditer(r"(?:^|[.;]\s+)(?:Its|Their)\s+(?:new\s+)?" + role_slot("r") + r",?\s+" + person_slot("p"), sk.text):
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

    # ---------------------------------------------------------- possessions
    def ownership(self, sk: Skeleton) -> None:
        """"Elon Musk's SpaceX": a person's company is one they lead."""
        for m in re.finditer(person_slot("p") + r"['’]s\s+(?:(?:own|space[\w-]*|company|firm)\s+){0,2}" + org_slot("o"), sk.text):
            p, o = int(m.group("p")), int(m.group("o"))
            mention = sk.mentions[o]
            if mention.kind != "Company" or sk.mentions[p].text.lower() in ("his", "her", "he", "she"):
                continue
            entity = self.lex.entities.get(mention.ref or "")
            label = entity.label if entity else mention.text
            self.emit("Tenure", sk, "tenure.owner-possessive", [p, o], 0.6, match=m, member=self.ref(sk, p),
                      post=Post(mention.ref or "", "head", f"Head of {label}"))
