"""Names: the pure functions the mention and entity stages share to read and compare them.

Given names and their gender (gender-guesser's list), slugs, spelling and romanisation keys,
the core of a full name (without middle initials and patronymics), acronyms spelt out by
the words before them, and the class of an organization from the noun heading its name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

from newskg.extract.lexicon import Lexicon, load_lexicon


@lru_cache(maxsize=1)
def _gender_detector():  # type: ignore[no-untyped-def]
    import gender_guesser.detector as gender

    return gender.Detector(case_sensitive=False)


def first_name_gender(name: str) -> str | None:
    """"male", "female" or None for a first name, from gender-guesser's name list."""
    guess = _gender_detector().get_gender(anyascii(name))
    if guess in ("male", "mostly_male"):
        return "male"
    if guess in ("female", "mostly_female"):
        return "female"
    if guess == "andy":
        return "any"
    return None


def slug(name: str) -> str:
    ascii_name = anyascii(unicodedata.normalize("NFC", name)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")


def is_initial(word: str) -> bool:
    """"K.": a capital with a full stop, standing for a given name."""
    return bool(re.fullmatch(r"[A-Z]\.", word))


def initial_before_name(words: list[str]) -> bool:
    """"A. S. Kiran Kumar": a capital with a full stop before more of a name is an initial, not "A"; so are
    two or more bare capitals before a name ("M M Naravane", "A P J Abdul Kalam")."""
    if len(words) >= 2 and is_initial(words[0]):
        return True
    bare = 0
    while bare < len(words) and re.fullmatch(r"[A-Z]", words[bare]):
        bare += 1
    return bare >= 2 and bare < len(words) and words[bare][:1].isupper() and not words[bare].isupper()


def spelt_out(before: str, acronym: str) -> int | None:
    """The start of the capitalised words just before ``before``'s end whose initials spell
    ``acronym`` ("Joint Comprehensive Plan of Action" for JCPOA, "Liquid Propulsion Systems
    Centre" for LPSC), or None."""
    tokens = list(re.finditer(r"[\w'’.-]+", before))
    letters = acronym.upper()
    for count in range(2, min(len(tokens), 10) + 1):
        window = tokens[-count:]
        words = [t.group(0) for t in window]
        if not words[0][:1].isupper() or not words[-1][:1].isupper():
            continue
        if any(not w[:1].isupper() and w.lower() not in ("of", "and", "for", "the", "on", "de", "du", "des", "für") for w in words):
            break
        capitals = "".join(w[0] for w in words if w[:1].isupper())
        every = "".join(w[0].upper() for w in words if w.lower() not in ("the",))
        if letters in (capitals.upper(), every):
            return window[0].start()
    return None


def guess_kind(name: str, lexicon: Lexicon | None = None) -> str:
    """The class of an organization no reference file knows, from the nouns of its name
    (lexicon.yml, org_kind_nouns): a university or institute is a ResearchInstitute, a ministry,
    office or parliament a GovernmentBody, "Inc." or "Group" a Company; the last noun that says
    something decides ("Ministry of Industry" is no company, "Energy Systems Group" no ministry)."""
    lex = lexicon or load_lexicon()
    table = lex.lists.get("org_kind_nouns") or {}
    words = [w.strip(".,'’").lower() for w in name.split()]
    if ("agency" in words or "administration" in words) and ("space" in words or "aerospace" in words):
        return "SpaceAgency"
    if "corporation" in words and "state" in words:
        return "StateCorporation"
    # the noun that heads the name: before "of"/"for" if it has one ("Institute of X"), else the last
    head_zone = words[: words.index("of")] if "of" in words else words[: words.index("for")] if "for" in words else words
    for word in reversed(head_zone):
        for kind, nouns in table.items():
            if word in (n.lower() for n in nouns):
                return str(kind)
    for kind, nouns in table.items():
        if set(words) & {n.lower() for n in nouns}:
            return str(kind)
    return "Organization"


def spelling_key(name: str) -> str:
    """A name without accents and with one spelling of common endings (Dmitriy/Dmitry/Dmitri,
    Wörner/Woerner): the readable part of a person's IRI."""
    folded = anyascii(unicodedata.normalize("NFC", name)).lower()
    folded = re.sub(r"(?<=[a-z])(oe|ue|ae)", lambda m: m.group(1)[0], folded)
    folded = re.sub(r"iy\b|y\b", "i", folded)
    folded = re.sub(r"ey\b", "ei", folded)
    return re.sub(r"[^a-z ]", "", folded)


def name_key(name: str) -> str:
    """A comparison key that folds transliteration variants: those of ``spelling_key`` and the
    romanisations of the same letters (Iurii/Jurij/Yury, Joseph/Josef, Borissow/Borisov)."""
    folded = spelling_key(name)
    folded = re.sub(r"\b[ij](?=u)", "y", folded)
    folded = re.sub(r"ph", "f", folded)
    folded = re.sub(r"w", "v", folded)
    folded = re.sub(r"(?<=[a-z])ss(?=[a-z])", "s", folded)
    return re.sub(r"(?:ii|ij)\b", "i", folded)


def is_patronymic(word: str, lexicon: Lexicon | None = None) -> bool:
    """"Ivanovich", "Sergeyevna": a Russian-style middle name made from the father's name."""
    lex = lexicon or load_lexicon()
    lowered = anyascii(word).lower()
    return len(lowered) > 6 and any(lowered.endswith(end) for end in lex.words("patronymic_endings"))


def name_words(name: str, lexicon: Lexicon | None = None) -> list[str]:
    """The words of a person's name without a generational suffix ("Lloyd J. Austin III": Lloyd J. Austin)."""
    lex = lexicon or load_lexicon()
    words = name.split()
    suffixes = set(lex.words("name_suffixes"))
    while len(words) > 1 and words[-1].rstrip(",") in suffixes | {s + "." for s in suffixes}:
        words = words[:-1]
    return words


def family_names(name: str, lexicon: Lexicon | None = None) -> list[str]:
    """The words a person may be called by alone: the last word before a generational suffix, and the first
    word of a Chinese or Korean name written family name first ("Li Shangfu", "Kim Yong-hyun")."""
    lex = lexicon or load_lexicon()
    words = name_words(name, lex)
    out = [words[-1]]
    if len(words) >= 2 and words[0] in set(lex.words("family_first_names")) and words[0] != out[0]:
        out.append(words[0])
    return out


def name_core(name: str) -> str:
    """A full name without its middle initials and patronymics: "Vladimir V. Putin" and
    "Yuri Ivanovich Borisov" are "Vladimir Putin" and "Yuri Borisov"; other names unchanged."""
    words = name.split()
    if len(words) <= 2:
        return name
    middle = [w for w in words[1:-1] if not (re.fullmatch(r"[A-Z]\.?", w) or is_patronymic(w))]
    return " ".join([words[0], *middle, words[-1]])


def middle_initials(name: str) -> set[str]:
    """The middle initials of a full name ("Hollis J. Brandt": {"J"})."""
    words = name.split()
    return {w[0] for w in words[1:-1] if re.fullmatch(r"[A-Z]\.?", w)}


def conflicting_initials(a: str, b: str) -> bool:
    """True when both names carry middle initials and they differ: "Hollis J. Brandt" is not
    "Hollis K. Brandt", though both may be "Hollis Brandt"."""
    ia, ib = middle_initials(a), middle_initials(b)
    return bool(ia and ib and ia != ib)


def _same_given_name(a: str, b: str) -> bool:
    """Given names that fold to one spelling, are close, or where one is the other's initial ("K." / "Kailasam")."""
    if is_initial(a) or is_initial(b):
        return a[0].upper() == b[0].upper()
    return name_key(a) == name_key(b) or fuzz.ratio(name_key(a), name_key(b)) >= 90


def same_person(name: str, names: set[str]) -> bool:
    """True when ``name`` is a surname, a spelling variant or a fuller form of one of ``names``:
    within one article "Rafael Mariano Grossi" is "Rafael Grossi", "K. Sivan" is "Kailasam Sivan"
    and "Vladimir V. Putin" is "Vladimir Putin"."""
    words = name.split()
    for other in names:
        other_words = other.split()
        if len(words) == 1 or len(other_words) == 1:
            # "Austin" and "Lloyd J. Austin III", "Li" and "Li Shangfu"
            alone, full = (name, other) if len(words) == 1 else (other, name)
            if len(full.split()) == 1:
                if name_key(words[-1]) == name_key(other_words[-1]):
                    return True
            elif any(name_key(alone) == name_key(f) for f in family_names(full)):
                return True
            continue
        if conflicting_initials(name, other):
            continue
        core, other_core = name_core(name).split(), name_core(other).split()
        if (_same_given_name(core[0], other_core[0]) and name_key(core[-1]) == name_key(other_core[-1])
                and (len(core) == 2 or len(other_core) == 2 or core[1:-1] == other_core[1:-1])):
            return True
        if name_key(words[0]) == name_key(other_words[0]) or fuzz.ratio(name_key(words[0]), name_key(other_words[0])) >= 90:
            if fuzz.ratio(name_key(" ".join(words[1:])), name_key(" ".join(other_words[1:]))) >= 85:
                return True
    return False
