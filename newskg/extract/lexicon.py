"""Reference data and cue words, loaded from ``ontology/lookups.yml`` and ``ontology/lexicon.yml``.

The files describe organizations, countries and programmes (names, aliases,
types) and the vocabulary of the grammar rules.  They never state facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from newskg import settings


@dataclass(frozen=True)
class KnownEntity:
    """An organization, country or programme described by the reference data."""

    key: str  # "org/roscosmos"
    kind: str
    label: str
    aliases: tuple[str, ...]
    parent: str | None = None
    country: str | None = None
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    homonyms: tuple[str, ...] = ()  # other readings of the name ("US state" for Georgia)


@dataclass(eq=False)  # compared and hashed by identity: tables built from it are cached per object
class Lexicon:
    entities: dict[str, KnownEntity]
    roles: dict[str, str]  # surface role noun (lower case) -> family
    lists: dict[str, Any]
    # every name and alias in one alternation per case rule, longest first; the key is looked up by the matched text
    names_any_case: re.Pattern[str] = re.compile(r"(?!x)x")
    names_exact_case: re.Pattern[str] = re.compile(r"(?!x)x")
    key_by_name: dict[str, str] = field(default_factory=dict)  # exact names and lower-cased any-case names -> key
    by_name: dict[str, str] = field(default_factory=dict)  # lower-cased name or alias -> key

    def words(self, name: str) -> list[str]:
        value = self.lists.get(name, [])
        return list(value) if isinstance(value, list) else []

    def by_country_description(self, country: str, noun: str) -> KnownEntity | None:
        """The organization of ``country`` that a description such as "space agency" names."""
        for entity in self.entities.values():
            if entity.country == country and noun in entity.descriptions:
                return entity
        return None


def exact_case(alias: str) -> bool:
    """Acronyms and one-word names match with their capitalisation (so "US" is not "us",
    "Progress" is not "progress"); longer names match in any case."""
    return alias.isupper() or " " not in alias


def _alternation(names: list[str], flags: int) -> re.Pattern[str]:
    if not names:
        return re.compile(r"(?!x)x")
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=lambda n: (-len(n), n)))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


def normal_name(text: str, exact: bool) -> str:
    folded = " ".join(text.split())
    return folded if exact else folded.lower()


class DataLoader(yaml.SafeLoader):
    """YAML 1.2's booleans only: ``true``/``false`` (any case) are booleans, while the bare
    words ``no``, ``On``, ``yes``, ``off`` of YAML 1.1 stay words (a negation word, a function word)."""


DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    DataLoader.yaml_implicit_resolvers.setdefault(_first, []).append(
        ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))


def load_data_file(path: Path) -> Any:
    """A YAML data file read with :class:`DataLoader`."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=DataLoader)  # noqa: S506 - a SafeLoader subclass


@lru_cache(maxsize=4)
def load_lexicon(lookups: Path | None = None, lexicon: Path | None = None) -> Lexicon:
    lookups_data = load_data_file(lookups or settings.LOOKUPS_FILE)
    lexicon_data = load_data_file(lexicon or settings.LEXICON_FILE)
    entities: dict[str, KnownEntity] = {}
    for section, default_kind in (("countries", "Country"), ("organizations", "Organization"), ("programmes", "Programme")):
        for row in lookups_data.get(section, []):
            key = f"org/{row['key']}"
            entities[key] = KnownEntity(
                key=key,
                kind=row.get("type", default_kind),
                label=row["label"],
                aliases=tuple(row.get("aliases", [])),
                parent=f"org/{row['parent']}" if row.get("parent") else None,
                country=f"org/{row['country']}" if row.get("country") else (key if default_kind == "Country" else None),
                demonyms=tuple(row.get("demonyms", [])),
                capitals=tuple(row.get("capitals", [])),
                descriptions=tuple(row.get("descriptions", [])),
                homonyms=tuple(row.get("homonyms", [])),
            )
    roles: dict[str, str] = {}
    for family, nouns in (lexicon_data.get("roles") or {}).items():
        for noun in nouns or []:
            roles[noun.lower()] = family
    names: list[tuple[str, str]] = []
    for entity in entities.values():
        for name in (entity.label, *entity.aliases):
            names.append((name, entity.key))
    # longest names first, so "Progress Rocket Space Center" wins over "Progress"
    names.sort(key=lambda pair: (-len(pair[0]), pair[0]))
    key_by_name: dict[str, str] = {}
    for name, key in names:
        key_by_name.setdefault(normal_name(name, exact_case(name)), key)
    by_name = {name.lower(): key for name, key in reversed(names)}
    return Lexicon(
        entities=entities, roles=roles, lists=lexicon_data, by_name=by_name, key_by_name=key_by_name,
        names_any_case=_alternation([n for n, _ in names if not exact_case(n)], re.IGNORECASE),
        names_exact_case=_alternation([n for n, _ in names if exact_case(n)], 0),
    )


#: Zipf frequency (log10 per billion words) from which a word is an ordinary English word.
COMMON_WORD_ZIPF = 4.3
#: ... and from which it is so common that even a first name it spells ("Will", "May") is read
#: as the word when it starts a sentence.
VERY_COMMON_WORD_ZIPF = 5.5


@lru_cache(maxsize=65536)
def word_frequency(word: str) -> float:
    """The Zipf frequency of ``word`` in English (wordfreq's lists, shipped with the package;
    nothing is downloaded).  0.0 for a word it does not know."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.strip(".,;:'’").lower(), "en"))


def is_common_word(word: str, threshold: float = COMMON_WORD_ZIPF) -> bool:
    """True for an ordinary English word ("Previously", "Policy", "Planet"): a capital letter
    alone does not make such a word a name.  Words with inner capitals ("UKspace") or
    hyphens are never counted as ordinary words."""
    bare = word.strip(".,;:'’")
    if not bare.isalpha() or any(ch.isupper() for ch in bare[1:]):
        return False
    return word_frequency(bare) >= threshold
