"""People (capitalised names with a first name, a title or an appositive role) and role phrases;
surnames of people named earlier."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from newskg.extract.lexicon import VERY_COMMON_WORD_ZIPF, is_common_word
from newskg.extract.mentions.base import NAME_RE, PersonInfo
from newskg.extract.mentions.organizations import OrgFinder
from newskg.extract.model import Mention, Sentence
from newskg.extract.names import family_names, first_name_gender, initial_before_name, is_initial, name_key, same_person, slug


class PeopleFinder(OrgFinder):
    """Role phrases and people."""

    def _roles(self, sentence: Sentence, taken: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        text = sentence.text
        for match in self.role_re.finditer(text):
            start, end = match.span()
            if not self._free(taken + out, sentence, start, end) or match.group(0).lower() in ("heads", "chairs", "leads"):
                continue
            # portfolio: "minister of innovation, science and industry", "commissioner responsible for space"
            portfolio = self._portfolio(sentence, taken, end)
            if portfolio:
                end = portfolio
            # "Foreign Affairs Minister", "Industry Minister", "Research minister": a portfolio written before
            lead = re.search(r"((?:[A-Z][a-z]+\s+){1,3})$", text[:start])
            if lead and re.search(r"(?i)minister|secretary|commissioner", text[start:end]):
                words = lead.group(1).split()
                while words and (words[0] in self.not_names or first_name_gender(words[0]) is not None):
                    words = words[1:]
                if words:
                    new_start = start - len(" ".join(words)) - 1
                    if self._free(taken + out, sentence, new_start, start):
                        start = new_start
            # "Russia's new defence minister", "a deputy economy minister": a lower-case portfolio before
            # the title (and a deputy's qualifier before that) is part of the role
            low = re.search(r"(?<![\w-])((?:(?:first\s+)?(?:deputy|vice)\s+)?(?:(?:" + self._portfolio_alt() + r")\s+){1,2})$", text[:start])
            if low and re.search(r"(?i)minister|secretary", text[start:end]) and text[start:start + 1].islower():
                new_start = start - len(low.group(1))
                if self._free(taken + out, sentence, new_start, start):
                    start = new_start
            a, b = self._span(sentence, start, end)
            out.append(Mention("Role", text[start:end], a, b, sentence.index, None))
        return out

    def _portfolio_alt(self) -> str:
        cached = getattr(self, "_portfolio_alt_cache", None)
        if cached is None:
            cached = self._portfolio_alt_cache = "|".join(re.escape(w) for w in sorted(self.lex.words("portfolio_words"), key=len, reverse=True)) or "(?!x)x"
        return cached

    STOP_WORDS = {"at", "in", "with", "who", "which", "said", "says", "since", "from", "until", "on", "has", "had", "was",
                  "is", "would", "will", "to", "passed", "went", "chose", "added", "told", "and", "the", "a", "an", "as",
                  "when", "after", "before", "under", "by", "that", "than", "its", "his", "her", "their"}

    def _portfolio(self, sentence: Sentence, taken: list[Mention], end: int) -> int | None:
        """The end of a role's portfolio ("minister of innovation, science and industry"), or None.

        A title written in capitals ("Minister of Education, Culture, Sports, Science and
        Technology") has a capitalised portfolio; it ends after the last "and X" of its list
        or before a first name.
        """
        text = sentence.text
        title_case = text[:end].split()[-1][:1].isupper() if text[:end].split() else False
        lead = re.match(r"\s+(responsible\s+for|for|of|overseeing|in\s+charge\s+of)\s+(?:the\s+)?", text[end:])
        if not lead:
            return None
        position = end + lead.end()
        limit = sentence.start + position
        if any(m.start >= limit and m.start < limit + 3 for m in taken):
            return None  # "president of Roscosmos": an organization, not a portfolio
        words: list[tuple[int, int]] = []
        for match in re.finditer(r"[A-Za-z][\w-]*|,\s*|\S", text[position:]):
            token = match.group(0).strip()
            a, b = position + match.start(), position + match.end()
            if not self._free(taken, sentence, a, b):
                break
            if token == ",":
                rest = text[b:]
                if re.match(r"\s*[a-z]+(?:,\s*[a-z]+)*,?\s+and\s+[a-z]+", rest, 0 if not title_case else re.IGNORECASE):
                    continue
                break
            if not re.fullmatch(r"[A-Za-z][\w-]*", token):
                break
            lowered = token.lower()
            if lowered in self.STOP_WORDS and not (lowered == "and" and words):
                break
            if token[0].isupper() and token not in ("Earth",):
                if not title_case or first_name_gender(token) is not None or token in self.not_names:
                    break
            if words and text[words[-1][0]:words[-1][1]].lower() == "and" and len(words) >= 2 and title_case and token[0].isupper():
                words.append((a, b))
                break  # "... Science and Technology": the list ends here
            words.append((a, b))
            if len(words) >= 8:
                break
        while words and text[words[-1][0]:words[-1][1]].lower() in ("and", "of", "for"):
            words.pop()
        if not words or text[words[0][0]:words[0][1]].lower() in ("agency", "corporation", "company", "board", "council", "government", "country", "state", "station"):
            return None
        return words[-1][1]

    def _people(self, sentence: Sentence, taken: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        text = sentence.text
        for match in NAME_RE.finditer(text):
            words = match.group(0).split()
            start = match.start()
            titled = False  # "Honourable Member Abena Owusu": a title announces the name after the words it leads
            # drop leading tokens that cannot start a name ("The", a title) or that
            # belong to an organization or role already found ("NASA Administrator Nelson")
            while words and ((words[0].rstrip(".") in self.not_names and not initial_before_name(words))
                             or words[0] in self.titles
                             or not self._free(taken + out, sentence, start, start + len(words[0]))
                             or (len(words) > 1 and not initial_before_name(words) and self._ordinary_lead(words[0], text[:start]))
                             # "the Moldovan MFA Dorin Cebotari": an acronym no rule knows is no part of a name
                             or (len(words) > 2 and re.fullmatch(r"[A-Z]{2,6}", words[0]) is not None
                                 and not initial_before_name(words))
                             or self._descriptor(words[0])):
                titled = titled or words[0] in self.titles or words[0].rstrip(".") in self.titles
                start = text.index(words[1], start + len(words[0])) if len(words) > 1 else match.end()
                words = words[1:]
            # a possessive ends the name: "Elon Musk's SpaceX"
            for i, word in enumerate(words):
                if re.search(r"['’]s?$", word) and not re.fullmatch(r"[A-Z]['’][A-Z]\w+", word):
                    words = words[: i + 1]
                    words[-1] = re.sub(r"['’]s?$", "", words[-1])
                    break
            if not words:
                continue
            # "Former NASA Administrator Sean O'Keefe": keep the free words after the last taken one
            while len(words) > 1 and not self._free(taken + out, sentence, start, start + len(" ".join(words))):
                start = text.index(words[1], start + len(words[0]))
                words = words[1:]
            if words and words[-1].endswith(".") and len(words[-1]) > 2:
                words[-1] = words[-1][:-1]
            name = " ".join(words)
            end = start + len(name)
            if not self._free(taken + out, sentence, start, end):
                # a name may stand right after an organization or role ("Roscosmos Director General Dmitry Rogozin")
                continue
            if any(w.rstrip(".") in self.org_heads for w in words) or any(w.rstrip(".") in self.not_names for w in words[1:]
                                                                         if not is_initial(w)):
                if not self._word_surname(words, text[end:]):
                    continue
            # "K. Sivan", "A. S. Kiran Kumar": initials stand for given names (not an acronym like "NASA")
            initials = initial_before_name(words) and not words[-1].isupper()
            if any(ch.isdigit() for ch in name) or (words[0].isupper() and not initials):
                continue
            before = text[:start]
            after = text[end:]
            # "Johann-Dietrich Wörner": a hyphenated given name is known by its first part
            has_first = len(words) >= 2 and len(words[0]) > 1 and (
                first_name_gender(words[0]) is not None or first_name_gender(words[0].split("-")[0]) is not None)
            cue_before = bool(self.tables.title_or_word_before.search(before)) and any(
                m.end == sentence.start + len(before.rstrip()) and m.kind == "Role" for m in taken + out
            )
            title_before = bool(self.tables.title_before.search(before))
            appositive = re.match(r",\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){0,4}?", after)
            role_next = any(m.kind == "Role" and m.start - (sentence.start + end) <= 40 and m.start > sentence.start + end
                            and re.fullmatch(r",\s+(?:(?:the|a|an)\s+)?(?:[\w'’-]+\s+){0,4}", text[end:m.start - sentence.start])
                            # "Swindon, has picked its next chief executive": a verb makes it a clause, not an appositive
                            and not set(text[end:m.start - sentence.start].lower().split()) & self.auxiliaries
                            for m in taken + out)
            # "Seizo Onoe of Japan, Director of ...": a person of a country, then a role
            role_next = role_next or self._of_country_then_role(sentence, end, taken + out)
            cue_after = bool(appositive) and (role_next or bool(re.match(r",\s+(?:\d{2},|who\s+(?:heads|leads|led|was|is|had|has|chairs|runs))", after)))
            # "Seo-jun Jung was appointed ...", "Ines Phillips had replaced ...": verbs said of people
            cue_after = cue_after or bool(self.tables.person_verb_after.match(after))
            # "Jacinda Ardern has announced she will resign": a verb of saying, then "he"/"she" who said it
            cue_after = cue_after or (len(words) >= 2 and bool(self._speaker_pronoun.match(after)))
            cue_after = cue_after or (len(words) >= 2 and self._of_country_then_role(sentence, end, taken + out))
            # "Emeka Fischer became director-general of ...": a copula followed by a role
            copula = re.match(r"\s+(?:became|becomes|is|was|has been|had been|remains|served as|serves as)\s+(?:the\s+|a\s+|an\s+)?(?:new\s+)?", after)
            if copula:
                cue_after = cue_after or any(m.kind == "Role" and m.start == sentence.start + end + copula.end() for m in taken + out)
            # "... had replaced Kwame Rousseau as": the object of a verb of succession is a person
            cue_before = cue_before or bool(self.tables.person_object_before.search(before))
            # "... named Kwame Mensah as its envoy": the object of a verb of appointment, before "as"/"to"
            cue_before = cue_before or (bool(self.appointment_before.search(before)) and bool(re.match(r"\s+(?:as|to)\b", after)))
            title_before = title_before or (titled and len(words) >= 2)
            if not (has_first or initials or cue_before or title_before or (cue_after and len(words) <= 3)):
                continue
            # "Policy", "Conference": one ordinary English word is no name unless a title announces it
            if len(words) == 1 and is_common_word(words[0]) and not title_before:
                continue
            if len(words) > 4:
                continue
            key = self._person(name)
            a, b = self._span(sentence, start, end)
            out.append(Mention("Person", name, a, b, sentence.index, key))
        return out

    @property
    def _speaker_pronoun(self) -> re.Pattern[str]:
        cached = getattr(self, "_speaker_pronoun_cache", None)
        if cached is None:
            speech = "|".join(re.escape(v) for v in sorted(self.speech, key=len, reverse=True))
            cached = self._speaker_pronoun_cache = re.compile(
                rf"\s+(?:(?:has|had|have)\s+)?(?:{speech})\s+(?:on\s+\w+\s+)?(?:that\s+)?(?:she|he)\b")
        return cached

    def _word_surname(self, words: list[str], after: str) -> bool:
        """"Bruno Even, a former ... executive": a capitalised function word after a given name is a surname
        when an appositive or a verb said of people follows (mid-sentence it would be written in lower case)."""
        last = words[-1].rstrip(".")
        return (len(words) == 2 and last in self.function_words and last not in set(self.lex.words("not_names"))
                and first_name_gender(words[0]) is not None
                and bool(re.match(r",\s+(?:a|an|the|who)\b", after) or self.tables.person_verb_after.match(after)))

    def _of_country_then_role(self, sentence: Sentence, end: int, taken: list[Mention]) -> bool:
        """True when a name ending at ``end`` is followed by "of <country>," and a role: "Seizo Onoe of Japan,
        Director of the ... Bureau" (a person from a country, in a list of office-holders)."""
        text = sentence.text
        m = re.match(r"\s+of\s+", text[end:])
        if not m:
            return False
        at = sentence.start + end + m.end()
        country = next((c for c in taken if c.kind == "Country" and c.start == at), None)
        if country is None:
            return False
        rest = self.article.text[country.end:country.end + 60]
        gap = re.match(r",\s+(?:(?:the|a|an|its|former|re-elected|newly\s+elected)\s+)*", rest)
        return gap is not None and any(r.kind == "Role" and r.start == country.end + gap.end() for r in taken)

    def _ordinary_lead(self, word: str, before: str) -> bool:
        """True when ``word``, leading a capitalised sequence, is an ordinary word and not the
        start of a name: "Previously", "Unlike", "Financial" (of "Chief Financial Officer"),
        "Materials"; at the start of a sentence even a word that is also a first name ("Will")."""
        if is_initial(word) or not is_common_word(word):
            return False
        if first_name_gender(word.rstrip(".")) in (None, "any"):  # "Red" (of "Red Planet") is a name of either sex
            return True
        sentence_start = not before.strip(" \"“‘'(-–—•*")
        return sentence_start and is_common_word(word, VERY_COMMON_WORD_ZIPF)

    def _person(self, name: str) -> str:
        """The article-local key of a person, merging a surname or a variant with a fuller name."""
        words = name.split()
        for info in self.persons.values():
            if name in info.names or same_person(name, info.names):
                info.names.add(name)
                if len(words) >= 2 and info.gender is None:
                    info.gender = first_name_gender(words[0])
                return info.key
        key = f"person/{slug(name)}"
        gender = first_name_gender(words[0]) if len(words) >= 2 else None
        self.persons[key] = PersonInfo(key, {name}, gender)
        return key

    def _known_surnames(self, sentence: Sentence, taken: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        text = sentence.text
        for info in self.persons.values():
            for name in sorted(info.names, key=len, reverse=True):
                candidates = {name, *family_names(name)}
                for candidate in candidates:
                    for match in re.finditer(rf"(?<![\w-]){re.escape(candidate)}(?![\w-])", text):
                        if self._free(taken + out, sentence, match.start(), match.end()):
                            a, b = self._span(sentence, match.start(), match.end())
                            out.append(Mention("Person", candidate, a, b, sentence.index, info.key))
        # a misspelt surname of someone named earlier ("Bridenstein" for "Bridenstine")
        surnames = {info.surname: info for info in self.persons.values()}
        for match in re.finditer(r"(?<![\w-])[A-ZÀ-ÖØ-Þ][^\W\d_A-Z]{4,}(?=['’]s\b|(?![\w-]))", text):
            word = match.group(0)
            if word in self.not_names or not self._free(taken + out, sentence, match.start(), match.end()):
                continue
            best = max(surnames, key=lambda s: fuzz.ratio(name_key(s), name_key(word)), default=None)
            if best and len(best) >= 5 and fuzz.ratio(name_key(best), name_key(word)) >= 85:
                a, b = self._span(sentence, match.start(), match.end())
                surnames[best].names.add(word)
                out.append(Mention("Person", word, a, b, sentence.index, surnames[best].key))
        return out
