"""Sanctions by the frame of their cue: who is the authority and who the target, by word order.

Frames (cue words in ``ontology/lexicon.yml``, ``sanction_verbs`` and the lists after it):

* active: the authority is the subject of the verb ("Canada blacklisted X", "the Treasury's Office of
  Foreign Assets Control designated X", "A took action against X", "A added X to its Entity List");
* passive and copula: the target is the subject ("X was added to the Entity List by A", "X has been on
  the US blacklist since 2014", "X is the target of EU sanctions");
* lists: the targets after a colon or on the bulleted lines after a cue sentence ending in a colon, and
  the object of "the list includes", "it names" after a sentence about a list;
* article context: a list, a passive without agent or "the sanctions" that names no authority takes the
  authority (and date) of the article's last sanction cue that named one.

Sanctions lifted, eased, proposed, threatened or considered are no sanctions in force: their clause gives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newskg.extract.facts.sanction_roles import (
    ADVERBS,
    AUX,
    BULLET,
    FIRST_NP,
    LIST_SUBJECT,
    PRONOUN_SUBJECT,
    SEP,
    STOP,
    SanctionRoles,
)
from newskg.extract.facts.skeleton import SLOT, Skeleton, any_of, word_alternation
from newskg.extract.mentions import PersonInfo, slug
from newskg.extract.model import DateValue, Mention


def _verb_use(form: str, after: str) -> bool:
    """Whether a cue that may be a noun ("sanctions", "blacklist", "lists") is a verb here: past forms are,
    others only when an object follows (a determiner, a number, a name)."""
    if form.endswith("ed"):
        return not re.match(r"\s+(?:on|against|over|for|to|with|in|that)\b", after) or form in ("listed", "designated")
    return bool(re.match(r"\s+(?:the|a|an|its|their|his|her|several|two|three|four|five|six|seven|eight|nine|ten|dozens|\d+|⟨[OP]#|[A-Z])",
                         after))


class SanctionFrameRules(SanctionRoles):
    # ------------------------------------------------------------ the rules
    def sanction_frames(self, sk: Skeleton) -> None:
        self._active_frames(sk)
        self._impose_frames(sk)
        self._with_frames(sk)
        self._ban_frames(sk)
        self._noun_subject_frames(sk)
        self._passive_impose(sk)
        self._fronted_target(sk)
        self._passive_frames(sk)
        self._colon_lists(sk)
        self._inverted(sk)
        self._reduced_relative(sk)
        self._frozen_assets(sk)
        self._froze_possessor(sk)
        self._list_verbs(sk)

    def _active_frames(self, sk: Skeleton) -> None:
        cues = self._cues
        text = sk.text
        for pattern, frame in ((cues.direct, "direct"), (cues.weak, "weak"), (cues.listing, "listing"), (cues.phrase, "phrase")):
            for m in pattern.finditer(text):
                if re.search(rf"\b{AUX}\s+{ADVERBS}$", text[: m.start()]) and not m.group(0).split()[0].endswith("ing"):
                    continue  # a passive: _passive_frames; "was adding", "has been sanctioning" is the active progressive
                if frame == "weak" and not self._sanction_article(sk):
                    continue
                authorities: Sequence[int | str] = self._subject(sk, m.start())
                rule = f"sanction.{frame}-active"
                if not authorities and self._pronoun_authority(sk, m.start()):
                    authorities, rule = self._context_authority(), rule + "-context"
                if not authorities:
                    continue
                after = text[m.end():]
                if frame == "listing":
                    place = self._sanction_list_after(after)
                    if place is None:
                        continue
                    region, listed = after[: place[0]], self._is_list(after[place[0]:place[1]])
                    authorities = self._possessor(sk, after[place[0]:place[1]]) or authorities
                else:
                    if not _verb_use(m.group(0), after):
                        continue  # "sanctions against X", "the Russia sanctions regulation": the noun (SanctionRules.sanctions)
                    region, listed = after, False
                if not self._in_force(sk, m.start(), m.end()):
                    continue
                targets = self._items(sk, region) + self._including(sk, region)
                self._emit_all(sk, rule, targets, authorities, self._cue_date(sk, m.start(), m.end()), listed)

    def _is_list(self, phrase: str) -> bool:
        """"to the Entity List", "on its list of ...": a listing (its date is a listing date); "under sanctions" is none."""
        return bool(self._cues.strong_lists.search(phrase) or self._cues.generic_lists.search(phrase))

    def _including(self, sk: Skeleton, region: str) -> list[int]:
        """"... more than 900 people since 2022, including X": the named members of a counted object, past a date or
        a reason that ended the object list."""
        clause = re.split(r";|\.\s|,\s+but\b|,\s+(?:⟨[OP]#\d+⟩\s+)?(?:said|says|told|added)\b", region, maxsplit=1)[0]
        m = re.search(r",\s+(?:including|among\s+them|among\s+whom|notably|such\s+as)\s+(?P<np>.*)$", clause)
        return self._items(sk, m.group("np")) if m and STOP.search(clause[: m.start()]) else []

    def _pronoun_authority(self, sk: Skeleton, position: int) -> bool:
        """"It also sanctioned X": a sentence-initial pronoun right after a sentence that named a sanctioning authority."""
        ctx = self._sanction_ctx
        return bool(ctx.authority and ctx.sentence >= sk.sentence.index - 1
                    and re.match(r"^(?:[^,⟨]{0,30},\s*)?(?:It|They)\s+(?:(?:also|has|have|had|separately|additionally|then)\s+)*$",
                                 sk.text[:position]))

    def _impose_frames(self, sk: Skeleton) -> None:
        """"A imposed (its, new, asset-freeze) sanctions on X": the subject of the verb, the object of "on"/"against"."""
        text = sk.text
        for m in self._cues.impose.finditer(text):
            if re.search(rf"\b{AUX}\s+{ADVERBS}$", text[: m.start()]) and not m.group(0).endswith("ing"):
                continue  # a passive; "is imposing" is the active progressive
            noun = re.match(r"\s+(?:(?:a|an|the|its|their|his|her|new|fresh|further|more|tough|tougher|sweeping|additional|own|"
                            r"personal|financial|economic|sectoral|targeted|a\s+series\s+of|a\s+package\s+of|[a-z]+-[a-z]+)\s+){0,4}"
                            r"(?:⟨[OA]#\d+⟩\s+)?(?P<noun>[\w ]{3,30}?)"
                            # the legal basis between the noun and its target: "sanctions under Section 231 of ⟨O⟩ (⟨O⟩) on X"
                            r"(?:\s+(?:under|pursuant\s+to)\s+(?:[^;:⟨]{1,60}?|⟨[OA]#\d+⟩){1,4}?(?:\s*\(⟨O#\d+⟩\))?)?"
                            r"\s+(?:on|against|targeting|upon)\s+", text[m.end():])
            if not noun or not self._sanction_nouns(noun.group("noun")):
                continue
            authorities = self._subject(sk, m.start())
            if not authorities or not self._in_force(sk, m.start(), m.end()):
                continue
            targets = self._items(sk, text[m.end() + noun.end():]) + self._including(sk, text[m.end() + noun.end():])
            self._emit_all(sk, "sanction.impose-active", targets, authorities, self._cue_date(sk, m.start(), m.end()), False)

    def _sanction_nouns(self, phrase: str) -> bool:
        """Whether ``phrase`` is a sanction noun or coordinated ones ("sanction and a travel ban"), past their
        modifiers ("a targeted financial sanction")."""
        modifiers = "|".join(re.escape(w) for w in self.lex.words("sanction_noun_modifiers")) or r"(?!x)x"
        conjuncts = re.split(r"\s+(?:and|or)\s+|,\s*", phrase)
        return all(self._cues.noun.fullmatch(re.sub(rf"^(?:(?:{modifiers})\s+)*", "", c)) for c in conjuncts)

    def _with_frames(self, sk: Skeleton) -> None:
        """"A hit X with sanctions", "A slapped X and Y with an asset freeze": the subject of the verb, its object."""
        text = sk.text
        for m in self._cues.with_noun.finditer(text):
            if re.search(rf"\b{AUX}\s+{ADVERBS}$", text[: m.start()]) and not m.group(0).endswith("ing"):
                continue  # "X was hit with sanctions": _passive_frames
            obj = re.match(r"\s+(?P<np>[^;:]{1,160}?)\s+with\s+(?:(?:a|an|the|new|fresh|further|more|tough|sweeping|additional|"
                           r"financial|economic|targeted|its|their|⟨[OA]#\d+⟩)\s+){0,3}(?P<noun>[\w -]{3,30}?)\b", text[m.end():])
            if not obj or not self._cues.noun.match(obj.group("noun")):
                continue
            authorities = self._subject(sk, m.start())
            if not authorities or not self._in_force(sk, m.start(), m.end()):
                continue
            targets = self._items(sk, obj.group("np"), stop=False)
            self._emit_all(sk, "sanction.with-active", targets, authorities, self._cue_date(sk, m.start(), m.end() + obj.end()), False)

    def _ban_frames(self, sk: Skeleton) -> None:
        """"X was barred from entering Canada", "A banned X from doing business with American firms": an entry or
        trade ban; the country entered (or whose firms are meant) is the authority, or the active verb's subject."""
        text = sk.text
        verbs = word_alternation(self.lex.words("sanction_ban_verbs")).pattern[2:-2]
        acts = word_alternation(self.lex.words("sanction_ban_activities")).pattern[2:-2]
        for m in re.finditer(rf"\b(?P<aux>{AUX}\s+{ADVERBS})?{verbs}\s+(?P<np>[^;:]{{0,160}}?)\b(?:from|against)\s+{acts}\s+"
                             r"(?:the\s+)?(?P<place>⟨[OA]#\d+⟩|(?:the\s+)?(?:country|its\s+territory|their\s+territory))", text):
            if not self._in_force(sk, m.start(), m.end()):
                continue
            place = SLOT.match(m.group("place"))
            country = [int(place.group(2))] if place and sk.mentions[int(place.group(2))].kind in ("Country", "Demonym", "Capital") else []
            if m.group("aux"):
                if m.group("np").strip():
                    continue  # "was banned ... from": the target is the subject, nothing between the verb and "from"
                targets, authorities, rule = self._subject_targets(sk, text[: m.start()]), country, "sanction.ban-passive"
            else:
                targets = self._items(sk, m.group("np"), stop=False)
                authorities, rule = self._subject(sk, m.start()) or country, "sanction.ban-active"
            if authorities:
                self._emit_all(sk, rule, targets, authorities, self._cue_date(sk, m.start(), m.end()), False)

    def _ban_country(self, sk: Skeleton, head: str) -> tuple[list[int], int]:
        """The country whose entry (or firms) a ban in ``head`` closes ("they are barred from entering ⟨O⟩"), and
        where the ban's verb stands (0 when there is none)."""
        verbs = word_alternation(self.lex.words("sanction_ban_verbs")).pattern[2:-2]
        acts = word_alternation(self.lex.words("sanction_ban_activities")).pattern[2:-2]
        m = re.search(rf"\b{verbs}\s+(?:[^;:⟨]{{0,60}}?\s)?(?:from|against)\s+{acts}\s+(?:the\s+)?⟨[OA]#(\d+)⟩", head)
        if m and sk.mentions[int(m.group(1))].kind in ("Country", "Demonym", "Capital"):
            return [int(m.group(1))], m.start()
        return [], 0

    def _noun_subject_frames(self, sk: Skeleton) -> None:
        """"The Canadian measures target X", "EU sanctions hit X": a sanction noun is the subject of a weak verb."""
        text = sk.text
        for m in self._cues.noun.finditer(text):
            # "The sanctions, announced by the Treasury on Friday, target X": past an aside
            verb = re.match(rf"(?P<aside>,[^,;]{{1,90}},)?\s+(?:also\s+|now\s+|directly\s+)?{self._cues.noun_subject.pattern[2:-2]}\s+",
                            text[m.end():])
            if not verb or not self._in_force(sk, m.start(), m.end() + verb.end()):
                continue
            authorities: Sequence[int | str] = self._authorities(sk, m) or self._agent(sk, verb.group("aside") or "")
            rule = "sanction.noun-subject"
            if not authorities:
                if not re.search(r"\b(?:the|these|those)\s+(?:new\s+)?$", text[: m.start()], re.IGNORECASE) or not self._sanction_article(sk):
                    continue
                authorities, rule = self._context_authority(), rule + "-context"
            targets = self._items(sk, text[m.end() + verb.end():])
            self._emit_all(sk, rule, targets, authorities, self._cue_date(sk, m.start(), m.end()), False)

    def _passive_impose(self, sk: Skeleton) -> None:
        """"Asset freezes were imposed on X (by A)": the noun is the passive subject, the target follows "on"."""
        text = sk.text
        for m in self._cues.noun.finditer(text):
            verb = re.match(rf"\s+(?:\w+\s+){{0,3}}?{AUX}\s+{ADVERBS}{self._cues.impose.pattern[2:-2]}\s+(?:[^⟨,;]{{0,40}}?\s)?"
                            r"(?:on|against|upon|targeting)\s+", text[m.end():])
            if not verb or not self._in_force(sk, m.start(), m.end() + verb.end()):
                continue
            rest = text[m.end() + verb.end():]
            authorities: Sequence[int | str] = self._agent(sk, rest) or self._authorities(sk, m)
            rule = "sanction.passive-impose"
            if not authorities and self._sanction_ctx.authority:
                authorities, rule = self._context_authority(), rule + "-context"
            targets = self._items(sk, re.sub(r"\s+by\s+(?:the\s+)?⟨[OAP]#\d+⟩", "", rest))
            self._emit_all(sk, rule, targets, authorities, self._cue_date(sk, m.start(), m.end() + verb.end()), False)

    def _fronted_target(self, sk: Skeleton) -> None:
        """"Against the enterprise X sanctions were introduced by A" (a translated word order): the fronted object of
        "against"/"on" is the target of the passive sanction noun after it."""
        text = sk.text
        for m in self._cues.noun.finditer(text):
            lead = re.match(r"^(?:[^,⟨]{0,40},\s*)?(?:Against|On|Upon)\s+(?P<np>[^;:]{1,160}?)\s+(?:(?:new|further|additional|"
                            r"personal|restrictive|economic|financial)\s+)*$", text[: m.start()])
            verb = re.match(rf"\s+{AUX}\s+{ADVERBS}{self._cues.impose.pattern[2:-2]}\b", text[m.end():])
            if not lead or not verb:
                # "On X were imposed (restrictive) sanctions by A": the verb before the noun
                lead = re.match(rf"^(?:[^,⟨]{{0,40}},\s*)?(?:Against|On|Upon)\s+(?P<np>[^;:]{{1,160}}?)\s+{AUX}\s+{ADVERBS}"
                                rf"{self._cues.impose.pattern[2:-2]}\s+(?:[a-z-]+\s+|⟨[OA]#\d+⟩\s+){{0,3}}$", text[: m.start()])
                verb = re.match(r"", text[m.end():]) if lead else None
            if not lead or not verb or not self._in_force(sk, m.start(), m.end() + verb.end()):
                continue
            rest = text[m.end() + verb.end():]
            authorities: Sequence[int | str] = self._agent(sk, rest) or self._authorities(sk, m)
            self._emit_all(sk, "sanction.fronted-target", self._items(sk, lead.group("np"), stop=False), authorities,
                           self._cue_date(sk, m.start(), m.end() + verb.end()), False)

    def _passive_frames(self, sk: Skeleton) -> None:
        cues = self._cues
        text = sk.text
        passive = re.compile(rf"\b{AUX}\s+{ADVERBS}(?:(?![a-z]+ing\b)(?P<verb>{cues.direct.pattern[2:-2]}|{cues.weak.pattern[2:-2]}|"
                             rf"{cues.listing.pattern[2:-2]}|moved)\b|(?P<copula>{cues.states})\s)")
        for m in passive.finditer(text):
            authorities: Sequence[int | str]
            after = text[m.end():]
            verb = m.group("verb")
            listed = False
            if m.group("copula"):
                # "X is under U.S. sanctions", "X has been on the U.S. blacklist": a sanction noun or list must follow
                phrase = STOP.split(after, maxsplit=1)[0]
                # "... are also on the list": the list a sanction sentence just before named
                back = bool(re.match(r"(?:the|that|this)\s+list\b", phrase)) and self._sanction_ctx.sentence >= sk.sentence.index - 2
                if not (cues.noun.search(phrase[:80]) or cues.strong_lists.search(phrase[:80]) or back
                        or (m.group("copula").startswith(("among", "one of")) and self._has_cue(phrase[:80]))):
                    continue
                # "X was among 20 entities sanctioned by the US": the agent of the participle
                phrase = phrase if not m.group("copula").startswith(("among", "one of")) else after
                authorities = self._possessor(sk, phrase) or self._agent(sk, phrase)
                frame = "copula"
            else:
                if cues.listing.fullmatch(verb) or verb == "moved":
                    place = self._sanction_list_after(after)
                    if place is None:
                        continue
                    listed = self._is_list(after[place[0]:place[1]])
                    authorities = self._possessor(sk, after[place[0]:place[1]]) or self._agent(sk, after)
                else:
                    if cues.weak.fullmatch(verb) and not self._sanction_article(sk) and not self._cues.legal_act.search(after[:120]):
                        continue
                    authorities = self._agent(sk, after) or self._act_issuer(after)
                frame = "passive"
            if not self._in_force(sk, m.start(), m.end()):
                continue
            before = text[: m.start()]
            targets = self._subject_targets(sk, before)
            if frame == "copula":
                listed_names = self._name_conjuncts(before)
                targets = listed_names if len(listed_names) > len(targets) else targets
                # "..., are also on the list, as is the ⟨O⟩": the name of the elliptical clause too
                targets += [int(x.group(1)) for x in re.finditer(r"^[^;.]*?,\s+as\s+(?:is|are|was|were)\s+(?:the\s+)?⟨[OP]#(\d+)⟩", after)]
            date = self._cue_date(sk, m.start(), m.end())
            if not authorities and targets and self._refers_back(sk):
                authorities, date = self._context_authority(), date or self._sanction_ctx.date
                frame += "-context"
            self._emit_all(sk, f"sanction.{frame}", targets, authorities, date, listed)

    def _colon_lists(self, sk: Skeleton) -> None:
        """"The following were designated: A, B and C", "Under the sanctions were put: A, B", and bulleted lines."""
        text = sk.text
        colon = text.find(":")
        announcers = word_alternation(self.lex.words("sanction_list_announcers")).pattern[2:-2]
        if colon < 0 and re.search(rf"\b(?:{announcers})\b", text, re.IGNORECASE) and self._rows_follow(sk):
            colon = len(text.rstrip(" ."))  # "... of the following persons are blocked under the authority listed below."
        if colon < 0:
            return
        head, tail = text[:colon], text[colon + 1:]
        banned, at = self._ban_country(sk, head)  # "From today they are banned from entering ⟨O⟩:"
        if not (self._has_cue(head) or banned) or not self._in_force(sk, at, colon):
            return
        authorities: Sequence[int | str] = self._head_authorities(sk, head) or banned
        date = self._cue_date(sk, 0, colon)
        if date is None:  # "On 9 May 2022, OFAC determined that ... the following persons ...": the head's day
            date = next((d for prep, d in self.clause_dates(sk, 0, colon) if prep in ("on", "") and len(d.iso) == 10), None)
        if date is None and banned:  # "From today they are banned from entering ⟨O⟩:" - the day the ban starts
            start = re.search(r"\b(?:[Ff]rom|[Oo]n|[Aa]s\s+of|[Ss]ince)\s+⟨D#(\d+)⟩", head[:at])
            iso = sk.mentions[int(start.group(1))].ref if start else None
            date = DateValue(iso) if iso else None
        frame = "sanction.colon-list"
        if not authorities:
            authorities, date, frame = self._context_authority(), date or self._sanction_ctx.date, frame + "-context"
        if tail.strip(" .\"”"):  # "A; B; and C" lists with semicolons too
            # numbered items: "1. the X; 2. the Y"
            tail = re.sub(r"(?:^|(?<=[;,]))\s*(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+", " ", tail)
            self._emit_all(sk, frame, self._items(sk, re.sub(r";\s*", ", ", tail)), authorities, date, True)
            return
        # the cue sentence ends with its colon: the targets are on the lines after it
        refs = [a if isinstance(a, str) else self.ref(sk, a) for a in authorities]
        authority_refs = [r for r in refs if r]
        previous = ""
        for position, following in enumerate(self.ctx.am.sentences[sk.sentence.index + 1:]):
            if previous.count("(") > previous.count(")") or (position == 0 and self._subheader(following.text)):
                previous = following.text  # the rest of a row cut at "(a.k.a.", or a sub-header ("Individuals")
                continue
            previous = following.text
            # a bullet, or a row of a flattened table: "Name — reason", "Name (Moscow): reason", "Name<TAB>reason"
            row = bool(BULLET.match(following.text) or re.match(
                r"^(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|of|and|for|de|\([^)]{1,40}\)))*(?:\s+[—–-]\s+|\s*:\s|\t)", following.text))
            if not row and len(following.text.split()) > 8:
                break
            line = self._skeleton_of(following)
            body = BULLET.sub("", line.text)
            whole_body = body
            body = re.split(r"\s+[-–—(]\s*|,\s+(?:a|an|the|its|which|who)\b|:", body)[0]
            items = self._items(line, body, whole=True)
            name = self._plain(line, body).strip(" .;")
            if re.fullmatch(r"⟨O#\d+⟩(?:\s+[A-Z][\w-]+){1,3}", body.strip(" .;")):
                # a line that is one name the mention stage cut short: "National Robotics Center Ostrava"
                items = self._whole_name(line, name) or items
            if not items:
                items = self._row_name(line, self._plain(line, whole_body))
            self._emit_all(line, "sanction.bulleted-list", items, authority_refs, date, True)
            if not row:
                break

    def _name_conjuncts(self, before: str) -> list[int]:
        """The names of a subject that lists people with their asides ("A, who heads X, two deputy ministers, B and C,
        and D, the envoy to Y, are ..."): the conjuncts that are a bare name; asides, roles and counts name no one."""
        if not re.match(r"(?:the\s+)?⟨[OP]#\d+⟩", before):
            return []  # the subject must open the sentence
        found = []
        for conjunct in re.split(r",\s*(?:and\s+)?|\s+and\s+", before.strip(" ,")):
            bare = re.fullmatch(r"(?:the\s+)?⟨[OP]#(\d+)⟩(?:\s*\(⟨O#\d+⟩\))?", conjunct.strip())
            if bare:
                found.append(int(bare.group(1)))
        return found

    def _rows_follow(self, sk: Skeleton) -> bool:
        """Whether bulleted or numbered rows follow this sentence (past one sub-header line)."""
        following = self.ctx.am.sentences[sk.sentence.index + 1: sk.sentence.index + 3]
        if following and self._subheader(following[0].text):
            following = following[1:]
        return bool(following) and bool(BULLET.match(following[0].text))

    def _subheader(self, text: str) -> bool:
        return text.strip(" :.").lower() in self.lex.words("sanction_list_subheaders")

    def _row_name(self, line: Skeleton, body: str) -> list[int]:
        """The name a row of targets opens with when no rule typed it: "SURNAME, Given Names (a.k.a. ...); ...", a
        register's form, or "(Rank) Given Surname, title ..."; a person when no organization noun is in it."""
        register = re.match(r"\s*(?P<name>[A-Z][A-Z'’-]+,\s+[A-Z][\w'’-]*(?:[\s-][A-Z][\w'’-]*){0,3})\s*(?:\(|;|,|$)", body)
        titles = any_of(self.lex.words("sanction_row_titles"))
        plain = re.match(rf"\s*(?:(?:{titles})\s+)*(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{1,3}}),\s+\S", body)
        found = register or plain
        if not found:
            return []
        name = found.group("name")
        heads = set(self.lex.words("org_head_nouns")) | set(self.lex.words("not_names")) | set(self.lex.words("function_words"))
        if any(word.strip(",") in heads for word in name.split()):
            return self._whole_name(line, name)  # "Volkhov Marine Logistics, a shipping firm": an organization
        offset = line.sentence.text.find(name)
        if offset < 0:
            return []
        key = f"person/{slug(name.replace(',', ''))}"
        self.ctx.am.persons.setdefault(key, PersonInfo(key, {name}))
        start = line.sentence.start + offset
        line.mentions.append(Mention("Person", name, start, start + len(name), line.sentence.index, key))
        return [len(line.mentions) - 1]

    def _reduced_relative(self, sk: Skeleton) -> None:
        """"X, sanctioned by the EU in 2022, said ...", "the U.S.-sanctioned X": a participle or adjective of sanctioning."""
        direct = self._cues.direct_past.pattern[2:-2]
        for m in re.finditer(rf"⟨([OP])#(\d+)⟩(?:\s*\(⟨O#\d+⟩\))?,\s+(?:(?:already|also|itself|long|previously)\s+)?{direct}\s+(?P<rest>by\s+[^,;]*)",
                             sk.text):
            if self._in_force(sk, m.start(), m.end()):
                self._emit_all(sk, "sanction.reduced-relative", [int(m.group(2))], self._agent(sk, m.group("rest")),
                               self._cue_date(sk, m.start("rest"), m.end()), False)
        # the authority is a slot, or a name the mention stage left inside the hyphenated word ("U.S.-sanctioned")
        for m in re.finditer(rf"(?:⟨[OA]#(?P<a>\d+)⟩|(?<![\w.])(?P<name>[A-Z][\w.]*))[-–]\s*{direct}\s+"
                             rf"(?:(?!(?:and|or|by|of|in|on)\b)[a-z-]+\s+){{0,3}}⟨(?P<l>[OP])#(?P<t>\d+)⟩", sk.text):
            authority: list[int | str] = [int(m.group("a"))] if m.group("a") else []
            if m.group("name"):
                key = self.lex.by_name.get(m.group("name").lower())
                authority = [key] if key else []
            if authority and self._in_force(sk, m.start(), m.end()):
                self._emit_all(sk, "sanction.adjective", [int(m.group("t"))], authority, None, False)

    def _inverted(self, sk: Skeleton) -> None:
        """"Among those sanctioned were A and B", "Under the new measures fall A, B": the list after the verb;
        "Also designated under Executive Order 14024 was X": a fronted participle."""
        cues = self._cues
        fronted = re.match(rf"^(?:(?:Also|Separately|Further|Additionally|Likewise)\s+)?(?:{cues.direct_past.pattern[2:-2]})\b"
                           r"(?P<mid>[^;:]{0,100}?)\s+(?:was|were)\s+(?P<list>.+)$", sk.text, re.IGNORECASE)
        if fronted and self._in_force(sk, 0, fronted.start("list")):
            authorities: Sequence[int | str] = self._agent(sk, fronted.group("mid")) or self._act_issuer(fronted.group("mid"))
            rule = "sanction.fronted-participle"
            if not authorities:
                authorities, rule = self._context_authority(), rule + "-context"
            self._emit_all(sk, rule, self._items(sk, fronted.group("list")), authorities,
                           self._cue_date(sk, 0, fronted.start("list")), False)
        m = re.match(r"^(?:Among|Under|On)\s+(?P<head>[^⟨,:]{0,80}?)\s+(?:were|are|was|is|fell|fall)\s+(?:(?:also|now)\s+)?"
                     r"(?:(?:put|placed|added|included)\s+)?(?P<list>[^:].*)$", sk.text)
        if not m or not self._has_cue(m.group("head")) or not self._in_force(sk, 0, m.end("head")):
            return
        authorities = self._head_authorities(sk, m.group("head"))
        date = self._cue_date(sk, 0, m.end("head"))
        rule = "sanction.inverted-list"
        if not authorities:
            authorities, date, rule = self._context_authority(), date or self._sanction_ctx.date, rule + "-context"
        self._emit_all(sk, rule, self._items(sk, m.group("list")), authorities, date, False)

    def _frozen_assets(self, sk: Skeleton) -> None:
        """"The assets of X were frozen (by A)", "X's assets have been blocked": the owner of the assets is the target."""
        participles = word_alternation(self.lex.words("asset_freeze_participles")).pattern[2:-2]
        for m in re.finditer(rf"(?:(?:the\s+)?(?:assets|property|funds)\s+of\s+(?P<np>(?:the\s+)?⟨[OP]#\d+⟩(?:{SEP}(?:the\s+)?⟨[OP]#\d+⟩)*)"
                             rf"|(?P<owner>⟨[OP]#\d+⟩)['’]s?\s+(?:[a-z-]+\s+)?(?:assets|property|funds))(?:\s+in\s+⟨O#\d+⟩)?\s+"
                             rf"{AUX}\s+{ADVERBS}(?:{participles})\b", sk.text):
            if not self._in_force(sk, m.start(), m.end()):
                continue
            targets = [int(i) for _, i in SLOT.findall(m.group("np") or m.group("owner"))]
            authorities: Sequence[int | str] = self._agent(sk, sk.text[m.end():])
            rule = "sanction.assets-frozen"
            if not authorities and self._sanction_article(sk):
                authorities, rule = self._context_authority(), rule + "-context"
            self._emit_all(sk, rule, targets, authorities, self._cue_date(sk, m.start(), m.end()), False)

    def _froze_possessor(self, sk: Skeleton) -> None:
        """"Switzerland froze X's assets": the subject freezes, the possessor of the assets is the target."""
        verbs = word_alternation(self.lex.words("asset_freeze_verbs")).pattern[2:-2]
        for m in re.finditer(rf"\b(?:{verbs})\s+(?:all\s+)?(?P<owner>(?:the\s+)?⟨[OP]#\d+⟩(?:{SEP}(?:the\s+)?⟨[OP]#\d+⟩)*)['’]s?\s+"
                             r"(?:[a-z-]+\s+|⟨[OA]#\d+⟩\s+)?(?:assets|property|funds|accounts)\b", sk.text):
            if re.search(rf"\b{AUX}\s+{ADVERBS}$", sk.text[: m.start()]) or not self._in_force(sk, m.start(), m.end()):
                continue
            authorities = self._subject(sk, m.start())
            if authorities:
                targets = [int(i) for _, i in SLOT.findall(m.group("owner"))]
                self._emit_all(sk, "sanction.froze-possessor", targets, authorities, self._cue_date(sk, m.start(), m.end()), False)

    def _list_verbs(self, sk: Skeleton) -> None:
        """"The list includes A, B and C"; "It names A and B" after a sentence about an annex or a list."""
        text = sk.text
        m = LIST_SUBJECT.match(text)
        if m is None or m.group("verb").lower() not in self._cues.list_verbs:
            # "Those listed under the bloc's chemical weapons sanctions regime include A and B": past the legal basis
            verbs = word_alternation(sorted(self._cues.list_verbs)).pattern[2:-2]
            m = re.match(r"^(?:[^,⟨]{0,40},\s*)?(?:those|the\s+(?:persons|individuals|entities|people|companies))\s+(?:sanctioned|designated|"
                         rf"listed|blacklisted|targeted|named)\s+(?:under|by|in|on)\s+[^;:]{{1,100}}?\s+(?:also\s+)?(?P<verb>{verbs})\s+", text,
                         re.IGNORECASE) or m
        pronoun = PRONOUN_SUBJECT.match(text)
        if m is None and pronoun is not None and self._sanction_ctx.list_sentence == sk.sentence.index - 1:
            m = pronoun
        if FIRST_NP.match(text) or (self._cues.generic_lists.search(text) and self._has_cue(text)):
            # a sentence about a list: "The annex ...", "Canada published a new annex of sanctioned entities"
            self._sanction_ctx.list_sentence = sk.sentence.index
        if m is None or m.group("verb").lower() not in self._cues.list_verbs:
            return
        if m is pronoun and not self._sanction_article(sk):
            return
        if not self._in_force(sk, m.start("verb"), m.end()):
            return
        authorities: Sequence[int | str] = self._possessor(sk, text[: m.end()])
        date = self._cue_date(sk, m.start("verb"), m.end())
        frame = "sanction.list-includes"
        if not authorities:
            if not self._sanction_article(sk):
                return
            authorities, date, frame = self._context_authority(), date or self._sanction_ctx.date, frame + "-context"
        self._emit_all(sk, frame, self._items(sk, text[m.end():]), authorities, date, True)

    # ------------------------------------------------- the article's context
    def sanction_context(self, sk: Skeleton) -> None:
        """After a sentence: remember the authority its sanction cues named; drop a target's authority-less
        duplicate when the same sentence gave it an authority."""
        mine = [f for f in self.ctx.facts if f.kind == "Sanction" and f.evidence.start == sk.sentence.start]
        with_authority = {f.get("entity") for f in mine if f.get("authority")}
        for fact in mine:
            if not fact.get("authority") and fact.get("entity") in with_authority:
                self.ctx.facts.remove(fact)
        named = [f for f in mine if f.get("authority")]
        if named:
            last = named[-1]
            date = last.get("startDate") or last.get("listingDate")
            self._set_context(sk, str(last.get("authority")), date if isinstance(date, DateValue) else None)
            return
        listings = [m for m in self._cues.listing.finditer(sk.text) if self._sanction_list_after(sk.text[m.end():]) is not None]
        for m in list(self._cues.direct.finditer(sk.text)) + list(self._cues.phrase.finditer(sk.text)) + listings:
            # "The United Kingdom sanctioned twelve more businessmen on Monday", "A added seven entities to the Entity
            # List": an act whose targets follow later
            subject = self._subject(sk, m.start()) if m in listings or _verb_use(m.group(0), sk.text[m.end():]) else []
            if subject and self._in_force(sk, m.start(), m.end()):
                self._set_context(sk, self.ref(sk, subject[0]), self._cue_date(sk, m.start(), m.end()))
                return
        for m in list(self._cues.noun.finditer(sk.text)) + list(self._cues.generic_lists.finditer(sk.text)):
            # a hedged sentence still tells whose sanctions the article is about ("headlines about the EU's package")
            if not self._not_lifted(sk, m.start(), m.end()):
                continue
            if self._cues.generic_lists.fullmatch(m.group(0)) and not self._sanction_article(sk) and not self._cues.noun.search(sk.text):
                continue
            agent = self._agent(sk, sk.text[m.end():])
            found = self._authorities(sk, m) or agent or self._possessor(sk, sk.text[: m.end()])
            if found:
                # the date of an act ("adopted by A on Tuesday", "A imposed ... on Friday"), not of a mere mention
                event = bool(agent) or bool(self._cues.impose.search(sk.text))
                self._set_context(sk, self.ref(sk, found[0]), self._cue_date(sk, m.start(), m.end()) if event else None)
                return

