"""Sentence skeletons: every mention replaced by a typed slot, and the text helpers the rules share.

``⟨P#3⟩`` a person, ``⟨O#1⟩`` an organization, country or programme, ``⟨A#2⟩`` a
demonym, ``⟨R#4⟩`` a role phrase, ``⟨D#0⟩`` a date.  The rules of the sibling modules
are regular expressions over skeletons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newskg.extract.model import Mention, Post, Sentence

SLOT = re.compile(r"⟨([POARD])#(\d+)⟩")
P = r"⟨P#(?P<{}>\d+)⟩"
O = r"⟨[OA]#(?P<{}>\d+)⟩(?:\s*\(⟨O#\d+⟩\))?"  # an acronym defined in parentheses may follow
R = r"⟨R#(?P<{}>\d+)⟩"
COUNTRY_LEVEL = {"prime-minister", "deputy-prime-minister", "minister", "senator", "governor", "representative"}


# up to two lower-case words that are not prepositions or conjunctions ("the Roscosmos commercial subsidiary")
ADJECTIVES = r"(?:(?!(?:under|of|for|with|by|from|to|in|at|on|and|or|as|who|which|that)\b)[a-z][\w-]*\s+){0,2}?"


def person_slot(name: str) -> str:
    return P.format(name)


def org_slot(name: str) -> str:
    return O.format(name)


def role_slot(name: str) -> str:
    return R.format(name)


@dataclass
class Skeleton:
    sentence: Sentence
    mentions: list[Mention]
    text: str
    positions: list[int]  # skeleton offset of each slot

    def text_offset(self, position: int) -> int:
        """The offset in the sentence of a position in the skeleton."""
        delta = 0
        for i, slot_start in enumerate(self.positions):
            slot = f"⟨{_letter(self.mentions[i])}#{i}⟩"
            if position < slot_start:
                break
            mention = self.mentions[i]
            if position < slot_start + len(slot):
                return mention.start - self.sentence.start
            delta += (mention.end - mention.start) - len(slot)
        return position + delta


def build_skeleton(sentence: Sentence, mentions: list[Mention]) -> Skeleton:
    parts: list[str] = []
    positions: list[int] = []
    cursor = sentence.start
    for i, mention in enumerate(mentions):
        parts.append(sentence.text[cursor - sentence.start:mention.start - sentence.start])
        letter = _letter(mention)
        positions.append(sum(len(p) for p in parts))
        parts.append(f"⟨{letter}#{i}⟩")
        cursor = mention.end
    parts.append(sentence.text[cursor - sentence.start:])
    return Skeleton(sentence, mentions, "".join(parts), positions)


def _letter(mention: Mention) -> str:
    if mention.kind == "Person":
        return "P"
    if mention.kind == "Role":
        return "R"
    if mention.kind == "Date":
        return "D"
    if mention.kind == "Demonym":
        return "A"
    return "O"



SMALL_WORDS = {"of", "for", "and", "the", "in", "on", "at", "to", "a", "an", "responsible", "overseeing", "charge"}


def leading_preposition(text: str) -> str:
    """"since" for "since January": the bounding preposition a date mention starts with, else ""
    (a mention's own "in"/"on" stays unmarked, as a bare date)."""
    first = text.split()[0].lower() if text.split() else ""
    return first if first in ("since", "from", "until", "till") else ""


def title_case(label: str) -> str:
    """"director general of earth observation" -> "Director General of Earth Observation"."""
    words = label.split(" ")
    return " ".join(w if (i and w in SMALL_WORDS) or not w[:1].isalpha() else w[:1].upper() + w[1:] for i, w in enumerate(words))


def intransitive(m: re.Match[str], text: str) -> bool:
    """A withdrawal verb with nothing after it in its clause ("... would end as well")."""
    if "x" in m.groupdict() and m.group("x"):
        return False
    return bool(re.match(r"\s*(?:as well|too|also)?\s*(?:[.,;]|$|on\s+⟨D|in\s+⟨D)", text[m.end():]))


def post_key(value: object) -> str | None:
    """Posts are the same post when their keys are, whatever label a sentence gave them."""
    return value.key if isinstance(value, Post) else None


def titles_someone(np: str, letter: str, index: str) -> bool:
    """True when an organization slot only titles the person after it ("Roscosmos head Yuri Borisov")."""
    return letter == "O" and bool(re.search(rf"⟨O#{index}⟩\s+⟨R#\d+⟩", np))


def any_of(words: list[str]) -> str:
    """A regex alternation of lexicon words, longest first; one that never matches for no words."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"


def word_alternation(words: list[str]) -> re.Pattern[str]:
    """One pattern for a list of cue words or phrases, matched as whole words."""
    return re.compile(rf"\b(?:{any_of(words)})\b")


def verb_pattern(form: str) -> re.Pattern[str]:
    """A withdrawal verb form; "X" stands for the object inside a phrasal verb ("bring X home")."""
    if "X" in form:
        head, tail = form.split("X")
        return re.compile(rf"\b{re.escape(head.strip())}\s+(?P<x>[^,.;⟨]{{1,60}}?|⟨[OP]#\d+⟩|it|them)\s+{re.escape(tail.strip())}\b")
    return re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])")


def last_comma_before_main_clause(before: str) -> int:
    """The comma that closes an opening subordinate clause ("Even if it decides ..., Russia will")."""
    found = list(re.finditer(r"^(?:[^,]{0,40}?\b(?:even\s+)?(?:if|unless|whether|although|though|while|when)\b[^,]*),", before, re.IGNORECASE))
    return found[-1].end() - 1 if found else -1


def next_word(text: str, position: int) -> str:
    m = re.match(r"\s+([a-z][\w-]*)", text[position:])
    return m.group(1) if m else ""
