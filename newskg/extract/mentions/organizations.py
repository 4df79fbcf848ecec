"""Organizations, countries and programmes: reference data, acronyms defined in the text,
names ending in an organization noun; variants of one organization merged."""

from __future__ import annotations

import re
from collections.abc import Callable

from rapidfuzz import fuzz

from newskg.extract.lexicon import KnownEntity, is_common_word, normal_name
from newskg.extract.mentions.base import CAP_WORD, ORG_KINDS, ORG_NAME_RE, PORTFOLIO_WORD_ZIPF, FinderBase, any_of
from newskg.extract.model import Mention, Sentence
from newskg.extract.names import first_name_gender, guess_kind, slug, spelt_out


class OrgFinder(FinderBase):
    """Organizations, countries, demonyms and capitals; organization keys and variants."""

    # --------------------------------------------------------------- entities
    def _descriptor(self, word: str) -> bool:
        """"London-based", "NASA-led", "state-owned": a compound adjective, no part of a name."""
        parts = word.rstrip(".").split("-")
        return len(parts) >= 2 and parts[-1].lower() in self.descriptor_suffixes

    def org_key(self, name: str, kind: str) -> str:
        key = self.local_aliases.get(name) or self.lex.by_name.get(name.lower()) or self._variant_of(name) or f"org/{slug(name)}"
        known = self.lex.entities.get(key)
        label = known.label if known else name
        entry = self.orgs.setdefault(key, (known.kind if known else kind, label, set()))
        entry[2].add(name)
        return key

    def org_base(self, name: str) -> tuple[str, str | None]:
        """An organization's name without the country around it, and that country: "Russian State
        Duma", "Russia's State Duma" and "State Duma of Russia" are all "State Duma" of Russia."""
        words = name.split()
        country: str | None = None
        if words and words[0].lower() == "the":
            words = words[1:]
        if len(words) >= 2:
            first = re.sub(r"['’]s$", "", words[0])
            country = self.country_words.get(first) or self.tables.demonym_keys.get(words[0])
            if country:
                words = words[1:]
        text = " ".join(words)
        tail = re.search(r"\s+of\s+(?:the\s+)?(.+)$", text)
        if tail and tail.group(1) in self.country_words:
            country = country or self.country_words[tail.group(1)]
            text = text[: tail.start()]
        if not re.search(r"[A-Z]", text):
            return name, None
        return text, (country.split("#")[0] if country else None)

    def _variant_of(self, name: str) -> str | None:
        """The key of an organization this article named already, of which ``name`` is a variant:
        the same name with or without its country ("Russian State Duma" / "State Duma"), or its
        last words when they are distinctive ("Russian Duma" for the State Duma)."""
        base, country = self.org_base(name)
        if base != name and self.lex.by_name.get(base.lower()):
            known = self.lex.entities.get(self.lex.by_name[base.lower()])
            if known and (country is None or known.country in (None, country)):
                return known.key
        words = base.split()
        for key, (_, label, names) in self.orgs.items():
            if key in self.lex.entities:
                continue
            for other in names | {label}:
                other_base, other_country = self.org_base(other)
                if country and other_country and country != other_country:
                    continue
                other_words = other_base.split()
                short, long_ = sorted((words, other_words), key=len)
                distinctive = any(not is_common_word(w) and w not in self.tables.demonym_keys for w in short)
                # the same name with the article's country or without any ("Russian Grand Assembly" /
                # "Grand Assembly"), or the same distinctive name
                if other_words == words and (distinctive or country is None or other_country is None or country == other_country):
                    return key
                if short and long_[len(long_) - len(short):] == short and distinctive:
                    return key
        return None

    def _settle_person_org_clashes(self, resolved: list[list[Mention]]) -> list[list[Mention]]:
        """A name is never both a person and an organization: a "person" whose name this article
        also uses for an organization (by reference data or by its form) is that organization."""
        org_names: dict[str, str] = {}
        for key, (_, label, names) in self.orgs.items():
            for name in names | {label}:
                org_names.setdefault(name, key)
        out = []
        for mentions in resolved:
            fixed = []
            for m in mentions:
                org = org_names.get(m.text) if m.kind == "Person" else None
                if org:
                    info = self.persons.get(m.ref or "")
                    if info and m.text in info.names:
                        info.names.discard(m.text)
                    m = Mention(self.orgs[org][0], m.text, m.start, m.end, m.sentence, org)
                fixed.append(m)
            out.append(fixed)
        for key in [k for k, info in self.persons.items() if not info.names]:
            del self.persons[key]
        live = {m.ref for ms in out for m in ms if m.kind == "Person"}
        for key in [k for k in self.persons if k not in live]:
            del self.persons[key]
        return out

    def _orgs(self, sentence: Sentence) -> list[Mention]:
        # quotes are blanked (same length) so '"Progress" Rocket Space Center' matches its name
        text = re.sub(r"[\"“”«»]", " ", sentence.text)
        found: list[Mention] = []
        homonyms: set[int] = set()  # starts of country names read otherwise here (no typo of themselves)

        def add_name(kind: str, start: int, end: int, name: str, guessed: str) -> None:
            """A name found by its shape: registered as an organization only if nothing else took its words."""
            if text[start:end].endswith(".") and not re.search(r"(?:\b[A-Z]|Inc|Ltd|Corp|Co|Jr|Sr|St)\.$", text[start:end]):
                end -= 1
            if self._free(found, sentence, start, end):
                add(kind, start, end, self.org_key(sentence.text[start:end], guessed))

        def add(kind: str, start: int, end: int, ref: str) -> None:
            # a sentence's full stop is not part of a name ("... the Portuguese Space Agency.")
            if text[start:end].endswith(".") and not re.search(r"(?:\b[A-Z]|Inc|Ltd|Corp|Co|Jr|Sr|St)\.$", text[start:end]):
                end -= 1
            if self._free(found, sentence, start, end):
                a, b = self._span(sentence, start, end)
                found.append(Mention(kind, sentence.text[start:end], a, b, sentence.index, ref))

        self._agreements(sentence, text, found)
        for match in self.country_description.finditer(text):
            if self._name_goes_on(text, match.end()):
                continue  # "the United States Agency for International Development" is no space agency
            country = self.country_words.get(match.group("country"))
            entity = self.lex.by_country_description(country, " ".join(match.group("noun").lower().split())) if country else None
            if entity:
                self.org_key(entity.label, entity.kind)
                add(entity.kind, match.start(), match.end(), entity.key)
        for name, key in sorted(self.local_aliases.items(), key=lambda p: -len(p[0])):
            for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                head = re.match(r"\s+([A-Z][a-z]+)\b", text[match.end():])
                if head and head.group(1) in self.org_heads and head.group(1) not in self.weak_heads:
                    continue  # "ECOWAS Commission" is a body of its own, found by its form
                add(self.orgs[key][0], match.start(), match.end(), key)
        for pattern, exact in ((self.lex.names_any_case, False), (self.lex.names_exact_case, True)):
            for match in pattern.finditer(text):
                key = self.lex.key_by_name[normal_name(match.group(0), exact)]
                entity = self.lex.entities[key]
                if entity.kind == "Country" and self._country_homonym(text, match.start(), match.end(), entity):
                    homonyms.add(match.start())
                    continue  # "Michael Jordan", "Atlanta, Georgia": the name read otherwise
                if entity.kind != "Country" and self._inside_longer_name(text, match.start(), match.end()):
                    continue  # "World Meteorological Congress" is no mention of the U.S. Congress
                if self._free(found, sentence, match.start(), match.end()):
                    self.org_key(entity.label, entity.kind)
                    surface = " ".join(sentence.text[match.start():match.end()].split())
                    if not surface.lower().startswith("the "):
                        self.orgs[key][2].add(surface)  # the name as written is an alias ("Roskosmos")
                add(entity.kind, match.start(), match.end(), key)
        self._legal_form_companies(sentence, text, found, add_name)
        # names that end in an organization noun, or follow an organization prefix or cue noun
        for piece_start, piece_end in self._org_name_pieces(text):
            words = text[piece_start:piece_end].split()
            while words and (words[0] in self.function_words or self._descriptor(words[0])):  # "The", "In", "London-based"
                words = words[1:]
            # "Shares of Aurora Orbital Inc.", "Director of Tarvik Aerospace": ordinary words before "of"
            # with no organization noun among them are no part of the name
            if "of" in words[1:]:
                lead = words[: words.index("of")]
                if all(is_common_word(w) and w not in self.org_heads for w in lead) or self._role_coordination(lead):
                    words = words[len(lead) + 1:]
            if not words:
                continue
            possessive = re.search(r"['’]s?$", words[-1])  # "the European Southern Observatory's council"
            if possessive and len(words[-1]) > len(possessive.group(0)):
                piece_end -= len(possessive.group(0))
                words[-1] = words[-1][: -len(possessive.group(0))]
            name = " ".join(words)
            start = piece_end - len(name)
            tail = text[piece_end:]
            # "Aegean Institute of Space Medicine": an organization noun, then "of"/"for" and more name
            heads = [i for i, w in enumerate(words) if w.rstrip(".") in self.org_heads]
            # "Department of State", "Office of Foreign Assets Control", "US Department of Transportation":
            # the organization noun may open the name; a country inside it is part of the name
            if any(i < len(words) - 1 and words[i + 1] in ("of", "for") and (i > 0 or words[0] not in self.weak_heads)
                   for i in heads):
                self._drop_places_inside(found, sentence, start, piece_end)
                # "Department for Business, Innovation and Skills": a portfolio list of ordinary words
                more = re.match(r"(?:,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)*,?\s+and\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?", text[piece_end:])
                if more and all(is_common_word(w, PORTFOLIO_WORD_ZIPF) for w in re.findall(r"[A-Z][a-z]+", more.group(0))) \
                        and self._free(found, sentence, start, piece_end + more.end()):
                    piece_end += more.end()
                    name = text[start:piece_end]
                add_name("Organization", start, piece_end, name, guess_kind(name))
                continue
            # "Ruhr University Bochum": a university noun may be followed by the name of its town
            if (len(words) >= 2 and words[-2] in self.place_after_heads and words[-1] not in self.org_heads
                    and not is_common_word(words[-1]) and first_name_gender(words[-1]) is None):
                add_name("Organization", start, piece_end, name, guess_kind(name))
                continue
            of_part = (self.tables.of_or_on_part if words[-1] in self.heads_taking_on else self.tables.of_part).match(tail)
            if words[-1].rstrip(".") in self.org_heads and len(words) >= 2:
                # "Luxembourg Space Agency": a longer organization name wins over the country inside it
                inside = [m for m in found if m.start >= sentence.start + start and m.end <= sentence.start + piece_end]
                if inside and " and " not in name and all(m.kind in ("Country", "Demonym", "Capital") for m in inside):
                    for m in inside:
                        found.remove(m)
                # "Senate Foreign Relations Committee": a committee named after the body it belongs to
                elif words[-1] in self.unit_heads:
                    owners = [m for m in found if m.start <= sentence.start + start < m.end <= sentence.start + piece_end]
                    if len(owners) == 1 and len(text[owners[0].end - sentence.start:piece_end].split()) >= 2:
                        found.remove(owners[0])
            if of_part and words[-1].rstrip(".") in self.org_heads:  # "US Department of Transportation"
                self._drop_places_inside(found, sentence, start, piece_end + of_part.end())
            if words[-1].rstrip(".") in self.org_heads and len(words) >= 2:
                end = piece_end
                if of_part:
                    end = piece_end + of_part.end()
                full = text[start:end]
                add_name("Organization", start, end, full, guess_kind(full))
            elif of_part and words[-1].rstrip(".") in self.org_heads:
                end = piece_end + of_part.end()
                full = text[start:end]
                add_name("Organization", start, end, full, guess_kind(full))
            elif self.tables.org_prefix.match(name) and len(words) >= 2:
                add_name("Company", start, start + len(name), name, "Company")
        for match in self.tables.cue_noun_name.finditer(text):
            name = match.group(1)
            if name.split()[0] not in self.not_names:
                add_name("Organization", match.start(1), match.end(1), name, "Company")
        # "German Aerospace Center (DLR)": the acronym becomes an alias of the name before it
        for match in re.finditer(r"\(([A-Z][A-Za-z]{1,7})\)", text):
            before = [m for m in found if m.end == sentence.start + match.start() - 1 or m.end == sentence.start + match.start()]
            acronym = match.group(1)
            spelt = None if before else spelt_out(text[:match.start()], acronym)
            if spelt is not None:
                # "Economic Community of West African States (ECOWAS)": the name the acronym spells wins over a
                # place or a known one-word name inside it ("West")
                a, b = self._span(sentence, spelt, match.start() - 1)
                inside = [m for m in found if a < m.end and m.start < b]
                if inside and all(m.start >= a and m.end <= b and (m.kind in ("Country", "Demonym", "Capital")
                                                                   or (m.ref in self.lex.entities and " " not in m.text))
                                  for m in inside):
                    for m in inside:
                        found.remove(m)
            if spelt is not None and self._free(found, sentence, spelt, match.start() - 1):
                # "Joint Planning Office (JPO)": a name the acronym spells is an organization's name
                name = text[spelt:match.start()].rstrip()
                add_name("Organization", spelt, spelt + len(name), name, guess_kind(name) if self._has_head(name) else "Organization")
                before = [m for m in found if m.start == sentence.start + spelt]
            if before and before[-1].kind in ORG_KINDS and before[-1].ref:
                # "Catalan Space Administration (CSA)": here CSA is not the Canadian Space Agency
                clash = [m for m in found if m.start == sentence.start + match.start(1) and m.ref != before[-1].ref]
                for m in clash:
                    found.remove(m)
                self.local_aliases[match.group(1)] = before[-1].ref
                known = self.lex.entities.get(before[-1].ref)
                self.org_key(known.label if known else before[-1].text, before[-1].kind)
                self.local_aliases.setdefault(acronym, before[-1].ref)
                self.orgs[before[-1].ref or ""][2].add(acronym)
                add(before[-1].kind, match.start(1), match.end(1), before[-1].ref or "")
        # typos of known one-word names ("Roscomos")
        for match in re.finditer(r"(?<![\w-])[A-Z][a-z]{5,}(?![\w-])", text):
            word = match.group(0)
            if not self._free(found, sentence, match.start(), match.end()) or word in self.not_names or match.start() in homonyms:
                continue
            # "David Cameron" is no typo of Cameroon: a word inside a person's name or a given name is no typo
            if first_name_gender(word) is not None or self._in_person_name(text, match.start(), match.end()):
                continue
            for entity in self.tables.one_word_names.get(word[0], []):
                if any(" " not in alias and len(alias) >= 6 and alias[0] == word[0]
                       and fuzz.ratio(alias, word) >= 88 for alias in (entity.label, *entity.aliases)):
                    self.org_key(entity.label, entity.kind)
                    self.orgs[entity.key][2].add(word)
                    add(entity.kind, match.start(), match.end(), entity.key)
                    break
        # "Exolaunch said on Friday it had stopped ...", "Momentus suspended its agreement": a name
        # that "it"/"its" takes up is an organization (people are "he"/"she"); later mentions follow
        for match in re.finditer(rf"(?<![\w'’-])({CAP_WORD}(?:\s+{CAP_WORD}){{0,2}})\s+(?:(?:said|says|announced|confirmed|added|stated)"
                                 rf"(?:\s+on\s+\w+)?(?:\s+that)?\s+it\b|(?:has\s+|had\s+)?[a-z]{{3,}}ed\s+its\b)", text):
            name = match.group(1).rstrip(".")
            words = name.split()
            # "India's Bharti Airtel said its ...": after a country's possessive even a given name starts a company
            after_country = bool(re.search(rf"(?:{self._country_alt()})['’]s\s+$", text[:match.start(1)]))
            if (words[0] in self.not_names or words[0] in self.titles or (first_name_gender(words[0]) is not None and not after_country)
                    or name in self.country_words or name in self.tables.demonym_keys or not self._free(found, sentence, match.start(1), match.start(1) + len(name))):
                continue
            add_name("Organization", match.start(1), match.start(1) + len(name), name, "Company")
            if found and found[-1].text == name and found[-1].ref:
                self.local_aliases.setdefault(name, found[-1].ref)
        self._companies_from_context(sentence, text, found, add_name)
        for match in self.tables.demonym_regex.finditer(text):
            key = self.tables.demonym_keys[match.group(0)]
            if key.endswith("#capital"):
                if self._in_person_name(text, match.start(), match.end()):
                    continue  # "Ana Lima", "Sofia Petrova": a city's name inside a person's name
                add("Capital", match.start(), match.end(), key.split("#")[0])
            else:
                add("Demonym", match.start(), match.end(), key)
        return found

    def _name_goes_on(self, text: str, end: int) -> bool:
        """True when a capitalised name continues after ``end``: another capitalised word, or "for"/"of"/"on"
        and a capitalised word ("... Agency for International Development")."""
        if re.match(r"\s+(?:for|of|on)\s+(?:the\s+)?[A-Z][a-z]", text[end:]):
            return True
        word = re.match(r"\s+([A-Z][a-z]+)", text[end:])  # but "... Corporation Dmitry Rogozin": a name after it
        return word is not None and word.group(1) in self.org_heads

    def _inside_longer_name(self, text: str, start: int, end: int) -> bool:
        """True when the one-word known name at ``start:end`` ends a longer name of capitalised words that
        heads with it ("Nordic Statistical Congress", not "U.S. Congress" or "Russian Duma"): the longer
        name is another body, found by its form."""
        word = text[start:end]
        if " " in word or word not in self.org_heads:
            return False
        lead = re.search(r"((?:[A-Z][\w'’-]*\s+){1,4})$", text[:start])
        if not lead:
            return False
        words = lead.group(1).split()
        while words and (words[0] in self.function_words or words[0].lower() == "the"):
            words = words[1:]
        if not words:
            return False
        if any(w in self.country_words or w in self.tables.demonym_keys or re.sub(r"['’]s$", "", w) in self.country_words
               or w.rstrip(".").isupper() or self.lex.by_name.get(w.lower()) for w in words):
            return False
        return not any(w.endswith(("'s", "’s")) for w in words)

    def _legal_form_companies(self, sentence: Sentence, text: str, found: list[Mention], add_name: Callable[..., None]) -> None:
        """A company by the legal form that ends its name ("Fennovoima Oy", "Orbis Energo PJSC",
        "Altamira Sistemi S.p.A."), whatever its words; the name without its form becomes an alias
        of the same company for the rest of the article ("Fennovoima said ...")."""
        for match in self.tables.legal_form_name.finditer(text):
            words = match.group("name").split()
            start = match.start("name")
            while words and (words[0] in self.function_words or words[0] in self.titles or self._descriptor(words[0])):
                start = text.index(words[1], start + len(words[0])) if len(words) > 1 else match.end("name")
                words = words[1:]
            if not words or not self._free(found, sentence, start, match.end()):
                continue
            end = match.end()
            add_name("Company", start, end, text[start:end], "Company")
            short = " ".join(words)
            mention = next((m for m in found if m.start == sentence.start + start), None)
            if mention is None or not mention.ref or mention.kind not in ORG_KINDS:
                continue
            if (len(words) == 1 and is_common_word(short)) or short in self.country_words or short in self.tables.demonym_keys:
                continue  # "Pioneer Corp": "Pioneer" alone stays an ordinary word
            self.local_aliases.setdefault(short, mention.ref)
            self.orgs[mention.ref][2].add(short)

    def _country_alt(self) -> str:
        return "|".join(re.escape(w) for w in sorted(self.country_words, key=len, reverse=True)) or "(?!x)x"

    def _companies_from_context(self, sentence: Sentence, text: str, found: list[Mention], add_name: Callable[..., None]) -> None:
        """A company no reference file knows, named by its context: an appositive with a company noun
        ("Zentrix, a Houston-based startup, ..."), "shares of X", or a country's possessive before a
        company noun after it ("India's Bharti Airtel, the telecoms operator")."""
        cue = any_of(self.lex.words("org_cue_nouns"))
        name_re = rf"({CAP_WORD}(?:\s+{CAP_WORD}){{0,2}})"
        apposition = rf"{name_re},\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){{0,4}}?(?:{cue})(?=\s*[,;.)]|\s+(?:that|which|whose|founded|based|in|with|from|owned|backed)\b)"
        before = any_of(self.lex.words("company_context_before"))
        for match in [*re.finditer(rf"(?<![\w'’-]){apposition}", text),
                      *re.finditer(rf"\b(?i:{before})\s+(?:the\s+)?{name_re}", text)]:
            name = match.group(1).rstrip(".")
            words = name.split()
            start = match.start(1)
            owner = re.fullmatch(r"(.+)['’]s", words[0]) if words else None
            if owner and owner.group(1) in self.country_words and len(words) >= 2:
                start = text.index(words[1], start + len(words[0]))  # "Brazil's Embraco, the compressor maker"
                words = words[1:]
                name = " ".join(words)
            if not words or words[0] in self.not_names or words[0] in self.titles or name in self.country_words \
                    or name in self.tables.demonym_keys or is_common_word(name):
                continue
            after_country = owner is not None or bool(re.search(rf"(?:{self._country_alt()})['’]s\s+$", text[:start]))
            if len(words) >= 2 and first_name_gender(words[0]) is not None and not after_country:
                continue  # "Ada Lind, a company director" is a person
            add_name("Organization", start, start + len(name), name, "Company")

    def _agreements(self, sentence: Sentence, text: str, found: list[Mention]) -> None:
        """Named agreements and programmes by their form, typed Programme: "the Paris Agreement", "the
        Open Skies Treaty", "the Treaty on Open Skies", "the Artemis Accords", "New START", "the INF treaty"."""
        spans: list[tuple[int, int]] = []
        # a headline in title case ("Russia Quits Open Skies Treaty") gives no name before the noun
        words = re.findall(r"[A-Za-z][\w'-]*", text)
        long_words = [w for w in words if len(w) > 3]
        headline = (len(long_words) >= 3 and not text.rstrip().endswith((".", '"', "”", "'", "’"))
                    and sum(w[0].isupper() for w in long_words) >= 0.7 * len(long_words))
        for match in self.tables.agreement_name.finditer(text):
            if match.group("pre") is not None and headline:
                continue
            start, end = match.start(), match.end()
            name_words = text[start:end].split()
            while name_words and (name_words[0] in self.function_words or name_words[0].lower() == "the"
                                  or re.fullmatch(r"\d{4}", name_words[0])):
                start = text.index(name_words[1], start + len(name_words[0])) if len(name_words) > 1 else end
                name_words = name_words[1:]
            # "... Accords on Tuesday": a weekday, a month or another word that is no name ends it
            for i, word in enumerate(name_words[1:], 1):
                if word.rstrip(".,") in self.not_names and word.rstrip(".,") not in self.function_words:
                    name_words = name_words[:i]
                    while name_words and name_words[-1] in ("on", "of", "for", "and", "the", "between"):
                        name_words = name_words[:-1]
                    break
            # "Agreement" alone, or at the start of a sentence before "on": no name
            if len(name_words) < 2 or (match.group("pre") is not None and len(name_words) < 2):
                continue
            spans.append((start, start + len(" ".join(name_words))))
        for match in self.tables.agreement_acronym.finditer(text):
            spans.append(match.span())
        for start, end in spans:
            name = text[start:end].rstrip(".")
            end = start + len(name)
            if not self._free(found, sentence, start, end):
                continue
            name = sentence.text[start:end]
            # "the Treaty on Open Skies" and "the Open Skies Treaty" are one agreement
            canonical = None
            noun_first = re.fullmatch(r"(\w+)\s+(?:on|of|for)\s+(?:the\s+)?(.+)", name)
            noun_last = re.fullmatch(r"(.+)\s+(\w+)", name)
            if noun_first:
                canonical = f"{noun_first.group(1).lower()}|{' '.join(noun_first.group(2).lower().split())}"
            elif noun_last:
                canonical = f"{noun_last.group(2).lower()}|{' '.join(noun_last.group(1).lower().split())}"
            key = self._agreement_keys.get(canonical or "") or self.org_key(name, "Programme")
            if canonical:
                self._agreement_keys.setdefault(canonical, key)
                self.orgs[key][2].add(name)
            a, b = self._span(sentence, start, end)
            found.append(Mention(self.orgs[key][0], sentence.text[start:end], a, b, sentence.index, key))

    def _country_homonym(self, text: str, start: int, end: int, entity: KnownEntity) -> bool:
        """True when a one-word country name is read otherwise here: a given name inside a person's
        name or after a title ("Michael Jordan", "Chad Morrow", "Mr Jordan"), or a US state
        ("Georgia" among US states, "the state of Georgia", "Georgia state", "Georgia, U.S.")."""
        word = text[start:end]
        if " " in word:
            return False
        # after "of/in/from/to/for" it is the country ("President of France Emmanuel Macron", "troops in Chad")
        after_preposition = bool(re.search(r"\b(?:of|in|from|to|for)\s+$", text[:start]))
        if (first_name_gender(word) is not None or is_common_word(word)) and not after_preposition:
            if self._in_person_name(text, start, end) or self.tables.title_before.search(text[:start]):
                return True
        if "US state" in entity.homonyms:
            others = [w for w in self.lex.words("us_state_context") if w != word]
            if (re.search(r"\bstate\s+of\s+$", text[:start], re.IGNORECASE) or re.match(r"\s+state\b", text[end:])
                    or re.match(r",\s+(?:U\.S\.|USA|United States)", text[end:])
                    or any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text) for w in others)):
                return not self.tables.demonym_regex.search(text) or not any(
                    self.tables.demonym_keys.get(m.group(0)) in (entity.key, entity.key + "#capital")
                    for m in self.tables.demonym_regex.finditer(text))
        return False

    def _in_person_name(self, text: str, start: int, end: int) -> bool:
        """True when the word at ``start:end`` is part of a person's name: it follows a given name,
        or is a given name itself followed by a capitalised word that is no ordinary word."""
        before = re.search(r"([A-Z][^\W\d_]+)\s+$", text[:start])
        if before and first_name_gender(before.group(1)) is not None and before.group(1) not in self.not_names:
            return True
        after = re.match(r"\s+([A-Z][^\W\d_]+)", text[end:])
        return bool(after and first_name_gender(text[start:end]) is not None and not is_common_word(after.group(1))
                    and after.group(1) not in self.org_heads and after.group(1).lower() not in self.lex.roles)

    def _has_head(self, name: str) -> bool:
        return any(w.rstrip(".") in self.org_heads for w in name.split())

    def _role_coordination(self, lead: list[str]) -> bool:
        """"Chairman and CEO", "President & Chief Executive Officer": titles joined by "and" before the
        "of" of an organization's name are no part of the name ("Chairman and CEO of Nielsen Holdings")."""
        chunks = re.split(r"\s*(?:,|\band\b|&)\s*", " ".join(lead))
        return len(chunks) >= 2 and all(c.lower() in self.lex.roles for c in chunks)

    def _drop_places_inside(self, found: list[Mention], sentence: Sentence, start: int, end: int) -> None:
        """Forget the countries, demonyms and capitals found inside an organization's name."""
        a, b = self._span(sentence, start, end)
        for m in [m for m in found if m.start >= a and m.end <= b and m.kind in ("Country", "Demonym", "Capital")]:
            found.remove(m)

    def _org_name_pieces(self, text: str) -> list[tuple[int, int]]:
        """Spans of capitalised name sequences, cut at "and" after an organization noun:
        "Kelnova Aerospace Group and Arikos Launch Systems" is two names, "National Oceanic
        and Atmospheric Administration" one."""
        pieces = []
        for match in ORG_NAME_RE.finditer(text):
            start = match.start()
            for joint in re.finditer(r"\s+(?:and|&)\s+|\s+(?=[A-Z])", match.group(0)):
                left = match.group(0)[: joint.start()].split()[-1].rstrip(".")
                right = match.group(0)[joint.end():].split()[0] if match.group(0)[joint.end():].split() else ""
                is_and = joint.group(0).strip() in ("and", "&")
                # "... Group and Arikos Launch Systems", "... Corporation Dmitry Rogozin"; but "Institute of
                # Space and Astronautical Science" is one name: an "and" inside an "of" phrase joins its list
                inside_of = bool(re.search(r"\s(?:of|for)\s", text[start:match.start() + joint.start()]))
                if left in self.org_heads and ((is_and and not inside_of) or first_name_gender(right) is not None):
                    pieces.append((start, match.start() + joint.start()))
                    start = match.start() + joint.end()
                # "Cabinet Office's Committee ...", "Russia's Wagner Group": a possessive ends a name
                elif not is_and and re.search(r"\w['’]s$", match.group(0)[:joint.start()]):
                    pieces.append((start, match.start() + joint.start()))
                    start = match.start() + joint.end()
            pieces.append((start, match.end()))
        return pieces
