"""Nominations: a person proposed for a post, kept apart from the tenures they may lead to."""

from __future__ import annotations

import re

from newskg.extract.facts.base import RuleBase
from newskg.extract.facts.skeleton import Skeleton, org_slot, person_slot, role_slot
from newskg.extract.model import Post


class NominationRules(RuleBase):
    def nominations(self, sk: Skeleton) -> None:
        """"X nominated Y to lead Z", "Y, the pick to lead Z", "Y's nomination as ...", "Y was nominated to ..."."""
        post: Post | None
        verbs = [w for w in self.lex.words("nomination_words") if w not in self.lex.words("nomination_nouns")]
        nominate = "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(verbs, key=len, reverse=True)) or r"(?!x)x"
        pattern = (r"\b(?:" + nominate + r")\s+(?:(?:former|ex-)\s*)?(?:⟨R#\d+⟩\s+)?" + person_slot("p")
                   + r"\s+(?:to become|to be|as|for|to lead|to head)\s+(?:the\s+)?(?:next\s+|new\s+)?(?:" + org_slot("o") + r"(?:['’]s)?\s+)?(?:" + role_slot("r") + r")?")
        for m in re.finditer(pattern, sk.text):
            p = int(m.group("p"))
            o = m.group("o")
            r = m.group("r")
            org_index = int(o) if o else self.org_after(sk, m.end())
            org = self.ref(sk, org_index) if org_index is not None else None
            if r is None:
                if org is None:
                    continue
                entity = self.lex.entities.get(org)
                post = Post(org, "head", f"Head of {entity.label if entity else org.split('/')[-1]}")
            else:
                post, _, _ = self.make_post(sk, int(r), org)
            if post is None:
                continue
            self.emit("Nomination", sk, "nomination.nominated", [p] + ([int(r)] if r else []), 0.8, match=m, member=self.ref(sk, p), post=post,
                      date=next((d for _, d in self.clause_dates(sk)), None))
        # "Sarah Kim, the president's pick to lead NOAA"
        for m in re.finditer(person_slot("p") + r",\s+(?:the\s+)?(?:(?:[\w’'-]+|⟨[RAO]#\d+⟩['’]s)\s+){0,3}?(?:pick|choice|nominee|candidate)\s+(?:to\s+(?:lead|head|run)|for)\s+(?:the\s+)?" + org_slot("o"), sk.text):
            p, o = int(m.group("p")), int(m.group("o"))
            org = self.ref(sk, o)
            if org is None or sk.mentions[o].kind in ("Country", "Demonym", "Capital"):
                continue
            entity = self.lex.entities.get(org)
            label = entity.label if entity else self.ctx.am.orgs.get(org, ("", org.split("/")[-1], set()))[1]
            self.emit("Nomination", sk, "nomination.pick", [p, o], 0.7, match=m, member=self.ref(sk, p), post=Post(org, "head", f"Head of {label}"))
        # "X, the nominee for administrator of the Y agency", "Z, the president's pick for chair of W"
        for m in re.finditer(person_slot("p") + r",\s+(?:the\s+)?(?:(?:[\w’'-]+|⟨[RAO]#\d+⟩['’]s)\s+){0,3}?(?:pick|choice|nominee|candidate)\s+(?:for|as)\s+(?:the\s+post\s+of\s+)?(?:the\s+)?" + role_slot("r"), sk.text):
            p, r = int(m.group("p")), int(m.group("r"))
            org_index = self.org_after(sk, m.end())
            if org_index is None or sk.mentions[p].kind != "Person":
                continue
            post, _, _ = self.make_post(sk, r, self.ref(sk, org_index))
            if post is not None:
                self.emit("Nomination", sk, "nomination.nominee-for-role", [p, r, org_index], 0.7, match=m, member=self.ref(sk, p), post=post)
        # "was nominated to lead", "X, the nominee for"
        # "Y's nomination as ambassador to Z was sent to the Senate", "her candidacy for chair of X"
        nouns = "|".join(map(re.escape, self.lex.words("nomination_nouns"))) or r"(?!x)x"
        for m in re.finditer(person_slot("p") + r"['’]s?\s+(?:(?:formal|expected|official)\s+)?(?:" + nouns + r")\s+(?:as|for)\s+(?:the\s+)?(?:next\s+|new\s+)?(?:" + org_slot("o") + r"['’]s\s+)?" + role_slot("r"), sk.text):
            p, r = int(m.group("p")), int(m.group("r"))
            if sk.mentions[p].kind != "Person" or sk.mentions[p].text.lower() in ("his", "her", "their"):
                continue
            org_index = int(m.group("o")) if m.group("o") else self.org_after(sk, m.end())
            post, _, _ = self.make_post(sk, r, self.ref(sk, org_index) if org_index is not None else None)
            if post is not None:
                self.emit("Nomination", sk, "nomination.possessive", [p, r], 0.75, match=m, member=self.ref(sk, p), post=post,
                          date=next((d for _, d in self.clause_dates(sk)), None))
        for m in re.finditer(person_slot("p") + r"\s+(?:was|has been|is)\s+(?:nominated|proposed|put\s+forward)\s+(?:to lead|to head|as|to become|to be)\s+(?:the\s+)?(?:" + org_slot("o") + r"['’]s\s+)?(?:" + role_slot("r") + r")?", sk.text):
            p = int(m.group("p"))
            org_index = int(m.group("o")) if m.group("o") else self.org_after(sk, m.end())
            org = self.ref(sk, org_index) if org_index is not None else None
            post = None
            if m.group("r"):
                post, _, _ = self.make_post(sk, int(m.group("r")), org)
            elif org:
                entity = self.lex.entities.get(org)
                post = Post(org, "head", f"Head of {entity.label if entity else org.split('/')[-1]}")
            if post:
                self.emit("Nomination", sk, "nomination.was-nominated", [p], 0.8, match=m, member=self.ref(sk, p), post=post)
