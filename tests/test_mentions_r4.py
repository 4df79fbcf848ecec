"""The mention stage, round 4 (issue 12, area E3): categories found on the tune corpora, each with
sentences written for the tests (invented names, organizations and wording) and traps.

Dates: a date word that refers back ("the same day", "a week later", "that January") takes its value
from the date it refers to (in the same sentence first, else the last one before), never from a coarser
or a later one; a month alone takes its year from a full date earlier in its sentence.
"""

from __future__ import annotations

import pytest
from tests.test_mentions import assert_mention_floor

from newskg.extract.mentions import ORG_KINDS, find_mentions
from newskg.extract.model import Article


def _dates(text: str, published: str = "2024-06-20") -> list[tuple[str, str]]:
    am = find_mentions(Article(id="d", text=text, published=published))
    return [(m.text, m.ref or "") for ms in am.mentions for m in ms if m.kind == "Date"]


def _date_of(text: str, phrase: str, published: str = "2024-06-20") -> str | None:
    values = [ref for surface, ref in _dates(text, published) if surface.lower() == phrase.lower()]
    return values[-1] if values else None


# ------------------------------------------------------------------ dates that refer back

@pytest.mark.parametrize("text,phrase,iso", [
    # "the same day" is a day: a year or a month named after the day does not replace it
    ("Norland banned the exports on Tuesday, under a law it passed in 2021. Velmark followed later the same day.",
     "later the same day", "2024-06-18"),
    ("The board met on 3 March 2019, two years after its founding in 2017. The chairman resigned the same day.",
     "the same day", "2019-03-03"),
    ("She took office on 1 May 2022. He had held the post since 2015.\nBoth deputies were sworn in on the same day.",
     "on the same day", "2022-05-01"),
    # a timeline entry: the date that opens it is its day, not a later date it mentions
    ("- 12 October 2017: the ministry said it would leave the pact with effect from 31 December 2018.\n"
     "The same day the agency recalled its envoy.", "The same day", "2017-10-12"),
])
def test_the_same_day_refers_to_a_day(text: str, phrase: str, iso: str) -> None:
    assert _date_of(text, phrase) == iso


def test_the_same_day_after_no_day_is_left_unresolved() -> None:
    # only a year before it: no day to refer to, so no date rather than a wrong one
    assert _date_of("The fund was set up in 2019. The same day a second fund opened.", "The same day") is None


@pytest.mark.parametrize("text,phrase,iso", [
    ("On 6 February the council adopted the decree, and a week later the ministry listed Orvana Bank.",
     "a week later", "2024-02-13"),
    ("Kestria lodged its notice on 17 March 2018, and its exit took effect a year later.", "a year later", "2019-03-17"),
    ("The regulator fined Talvik Oy on 2 May 2022. Two days later it revoked the licence.", "Two days later", "2022-05-04"),
    ("The deal was signed in March 2021. The following month the first cargo left.", "The following month", "2021-04"),
    ("The agency was founded in 2011. The following year it launched its first satellite.", "The following year", "2012"),
    ("Marek Olsen joined the board on 10 January 2020; three months later he became chairman.",
     "three months later", "2020-04"),
])
def test_a_relative_offset_counts_from_the_date_before_it(text: str, phrase: str, iso: str) -> None:
    assert _date_of(text, phrase) == iso


def test_a_relative_offset_with_no_date_before_it_is_left_unresolved() -> None:
    assert _date_of("A week later the ministry listed Orvana Bank.", "A week later") is None


@pytest.mark.parametrize("text,phrase,iso", [
    # a month alone after a full date in the same sentence lies in that date's year, on or after it
    ("- 13 October 2017: the board nominated Ilse Varga, and the assembly confirmed her in November.", "in November", "2017-11"),
    ("On 4 February 2016 the plan was approved; work began in May.", "in May", "2016-05"),
])
def test_a_month_alone_takes_the_year_of_the_full_date_before_it(text: str, phrase: str, iso: str) -> None:
    assert _date_of(text, phrase) == iso


def test_a_month_alone_without_a_full_date_stays_relative_to_publication() -> None:
    assert _date_of("The assembly confirmed her in November.", "in November", published="2024-06-20") == "2023-11"


# ------------------------------------------------------------------ mentions: a gold of people and organizations

def _scored(text: str) -> set[tuple[str, str]]:
    am = find_mentions(Article(id="m", text=text, published="2023-01-01"))
    out = set()
    for mentions in am.mentions:
        for m in mentions:
            if m.text.lower() in ("he", "she", "him", "her", "his", "it", "its") or not m.text[:1].isupper() \
                    or m.text.lower().startswith("the "):
                continue
            if m.kind == "Person":
                out.add((m.text, "P"))
            elif m.kind in ORG_KINDS and m.kind != "Country":
                out.add((m.text, "O"))
    return out


GOLD: list[tuple[str, list[tuple[str, str]]]] = [
    # a company by its legal form, whatever its words ("Oy", "AB", "GmbH", "PJSC", "S.p.A.")
    ("Kestrel Voima Oy terminated its contract with Norsk Turbin AB on Monday.",
     [("Kestrel Voima Oy", "O"), ("Norsk Turbin AB", "O")]),
    ("Valtrek GmbH and Orbis Energo PJSC signed the supply deal.", [("Valtrek GmbH", "O"), ("Orbis Energo PJSC", "O")]),
    ("The turbines come from Altamira Sistemi S.p.A., which is based in Turin.", [("Altamira Sistemi S.p.A.", "O")]),
    ("Severo Trans JSC and Kovar Logistics LLC were listed.", [("Severo Trans JSC", "O"), ("Kovar Logistics LLC", "O")]),
    ("Pellervo Oyj said profits fell.", [("Pellervo Oyj", "O")]),
    # military ranks and coordinated titles before a name are no part of it, and no organization
    ("Brigadier General Farhad Rostami, commander of the Drone Command, was listed.",
     [("Farhad Rostami", "P"), ("Drone Command", "O")]),
    ("Rear Admiral Tomas Halden took command of the fleet.", [("Tomas Halden", "P")]),
    ("Colonel General Arkady Semenko and Air Marshal Ilya Borin met in Minsk.",
     [("Arkady Semenko", "P"), ("Ilya Borin", "P")]),
    ("Deputy Prime Minister and Defence Minister Kalle Rautio said it was a criminal offence.", [("Kalle Rautio", "P")]),
    ("The Republic of Veltra under President Ilmari Vesala deposited its notice in 2018.", [("Ilmari Vesala", "P")]),
    ("Foreign Minister Anja Brekke announced it would close the embassy.", [("Anja Brekke", "P")]),
    # a known one-word name at the end of a longer name is no mention of its own ("World ... Congress")
    ("The Nordic Statistical Congress elected her on Monday.", [("Nordic Statistical Congress", "O")]),
    ("Lena Kowal, Administrator of the United States Agency for International Development, resigned.",
     [("Lena Kowal", "P"), ("United States Agency for International Development", "O")]),
    # rare given names: a person "of" a country before a role, in a list of office-holders
    ("- Seiji Onodera of Japan, Director of the Standards Bureau, succeeding Hana Kovacs;",
     [("Seiji Onodera", "P"), ("Standards Bureau", "O"), ("Hana Kovacs", "P")]),
    ("- Luckmore Tavonga Zvavamwe of Zimbabwe, Deputy Director of the Regional Bureau;",
     [("Luckmore Tavonga Zvavamwe", "P"), ("Regional Bureau", "O")]),
    ("Nkosana Dube of South Africa, the chairman of the committee, opened the session.", [("Nkosana Dube", "P")]),
    # an English word as a surname after a given name ("Bruno Even"); not at the start of a clause
    ("Paolo Even, a former Selvana executive, took over the helicopter unit.", [("Paolo Even", "P")]),
    ("Even Marta Lindqvist agreed with the plan.", [("Marta Lindqvist", "P")]),
    # Arabic names with a lower-case particle joined by a hyphen
    ("Omar Rashid al-Nuaimi, the energy minister, said the emirate would leave the cartel.",
     [("Omar Rashid al-Nuaimi", "P")]),
    # a place is no person, even next to a role
    ("With his departure from Fairholt, Marek Olsen takes over as acting director of the agency.", [("Marek Olsen", "P")]),
    # an unknown given name: a pronoun of the same clause takes it up
    ("Tarsila Vendramin has announced she will resign as prime minister.", [("Tarsila Vendramin", "P")]),
    ("Oyelaran Adebanjo said he would not seek a second term.", [("Oyelaran Adebanjo", "P")]),
    # an acronym no reference file knows, before a name, is no part of it
    ("The minister was replaced, declared the head of the Moldovan MFA Dorin Cebotari on Monday.", [("Dorin Cebotari", "P")]),
    # initials without full stops, and abbreviated ranks without them
    ("General Ravi Menon succeeded Gen M M Kapoor, who retired in April.", [("Ravi Menon", "P"), ("M M Kapoor", "P")]),
    ("Lt Gen Harjit Sahni took charge of the corps.", [("Harjit Sahni", "P")]),
    # a portfolio in capitals ends before a given name
    ("Secretary of National Defense Delmar Q. Ilagan announced the decision.", [("Delmar Q. Ilagan", "P")]),
    # name particles
    ("Senator Renato dela Paz criticised the decision.", [("Renato dela Paz", "P")]),
    # two ordinary words are no person, nor a company's name after a rank word
    ("From Monday the general rules of the Travel Code will apply.", []),
    ("The Navy picked Stellar Dynamics over General Atomics for the job.", [("Stellar Dynamics", "O"), ("General Atomics", "O")]),
    # an acronym spells the name before it, even over a place or a known word inside that name
    ("Togo and Benin left the Economic Community of West African States (ECOWAS) in 2025.",
     [("Economic Community of West African States", "O"), ("ECOWAS", "O")]),
    ("The Monetary Union of Central Africa (MUCA) froze its accounts.",
     [("Monetary Union of Central Africa", "O"), ("MUCA", "O")]),
    # a company's name ending in a plural head noun
    ("Ravi Mehta, founder of Mehta Enterprises, chairs the board.", [("Ravi Mehta", "P"), ("Mehta Enterprises", "O")]),
    ("The fund was set up by Kestrel Partners and Orvane Investments.", [("Kestrel Partners", "O"), ("Orvane Investments", "O")]),
]


def test_mention_gold_holds_a_floor() -> None:
    assert_mention_floor(GOLD, _scored)


def _org_refs(text: str, name: str) -> set[str]:
    am = find_mentions(Article(id="m", text=text, published="2023-01-01"))
    return {m.ref or "" for ms in am.mentions for m in ms if m.kind in ORG_KINDS and m.text == name}


@pytest.mark.parametrize("text,full,short", [
    ("Kestrel Voima Oy is a Finnish utility. Kestrel Voima said it would appeal.", "Kestrel Voima Oy", "Kestrel Voima"),
    ("Talmora Corp denied the report. Later Talmora said it had complied.", "Talmora Corp", "Talmora"),
    ("Brenvik AG cut 300 jobs. Brenvik has plants in Austria.", "Brenvik AG", "Brenvik"),
])
def test_a_company_without_its_legal_form_is_the_same_company(text: str, full: str, short: str) -> None:
    full_refs, short_refs = _org_refs(text, full), _org_refs(text, short)
    assert full_refs and full_refs == short_refs


def _refs(text: str) -> dict[str, set[str]]:
    am = find_mentions(Article(id="m", text=text, published="2023-01-01"))
    out: dict[str, set[str]] = {}
    for ms in am.mentions:
        for m in ms:
            out.setdefault(m.text, set()).add(m.ref or "")
    return out


def test_a_country_agency_with_a_longer_name_is_not_the_country_space_agency() -> None:
    refs = _refs("Lena Kowal, Administrator of the United States Agency for International Development, resigned.")
    assert "org/nasa" not in {r for v in refs.values() for r in v}


def test_a_known_one_word_name_inside_a_longer_name_is_not_that_body() -> None:
    refs = _refs("The Nordic Statistical Congress elected her on Monday.")
    assert "org/u-s-congress" not in {r for v in refs.values() for r in v}


def test_an_arabic_surname_alone_is_the_person_named_before() -> None:
    refs = _refs("Omar Rashid al-Nuaimi, the energy minister, spoke first. Later al-Nuaimi denied the report.")
    assert refs["al-Nuaimi"] == refs["Omar Rashid al-Nuaimi"]


# ------------------------------------------------------------------ one person, however the article names them again

@pytest.mark.parametrize("text,full,alone", [
    # a generational suffix is no surname
    ("Defense Secretary Lloyd K. Barrow III arrived on Monday. Secretary Barrow said the talks went well.",
     "Lloyd K. Barrow III", "Barrow"),
    ("Air Force Gen. Dana T. Whitcombe Jr. was sworn in. Whitcombe, who has served since 2020, spoke briefly.",
     "Dana T. Whitcombe Jr", "Whitcombe"),
    # a Chinese or Korean name written family name first is known by its first word
    ("Defence Minister Kim Dae-sung resigned on Thursday. Kim had offered to resign a day earlier.", "Kim Dae-sung", "Kim"),
    ("General Zhou Wenbo walked to the lectern. Zhou said the talks had failed.", "Zhou Wenbo", "Zhou"),
    ("President Moon Hyun-woo named Choi Jae-min as envoy. Choi, a retired general, must first be confirmed.",
     "Choi Jae-min", "Choi"),
])
def test_a_person_named_again_by_the_family_name_is_the_same_person(text: str, full: str, alone: str) -> None:
    refs = _refs(text)
    assert refs.get(alone) and refs[alone] == refs[full]


def test_a_western_first_name_alone_is_not_the_family_name() -> None:
    # "John Lee": Lee is the family name; "John" alone is nobody named before
    refs = _refs("John Lee heads the directorate. Later John Okafor joined him.")
    assert refs["John Lee"] != refs["John Okafor"]


@pytest.mark.parametrize("text,phrase,iso,published", [
    # a day or a month with "this/next/last year" or "next/last <month>"
    ("From 31 December this year, operators must not buy new equipment from Corvane.", "31 December this year",
     "2020-12-31", "2020-07-14"),
    ("The country will resume coastal fishing next July.", "next July", "2019-07", "2018-12-26"),
    ("The mill closed last March after the strike.", "last March", "2018-03", "2018-12-26"),
    # a day without a year after a full date in the sentence before lies in that date's year
    ("The election was held on 7 November 2021. On 12 November the assembly rejected the result.", "12 November",
     "2021-11-12", "2023-11-20"),
    ("On 3 March 2022 the board suspended the launches. A launch had been scheduled for 4 March.", "4 March",
     "2022-03-04", "2023-04-28"),
    # a day ahead of publication in a sentence about the future ("would", "takes charge on")
    ("She said her term would end no later than 7 February.", "7 February", "2023-02-07", "2023-01-19"),
])
def test_dates_in_context(text: str, phrase: str, iso: str, published: str) -> None:
    assert _date_of(text, phrase, published) == iso


def test_a_day_after_a_full_date_of_another_year_long_before_stays_relative_to_publication() -> None:
    # "in 2015 ... On 3 March": only a full date of the sentence just before lends its year, and only forward
    text = "The agency was founded on 5 May 2015. It has grown since then.\nOn 3 March the minister visited it."
    assert _date_of(text, "3 March", "2023-06-20") == "2023-03-03"


def test_a_birth_date_lends_no_year_to_the_next_sentence() -> None:
    text = "Orsolya Brandt was born on 3 May 1961 in Pecs. On 4 June she was sworn in as minister."
    assert _date_of(text, "4 June", "2023-06-20") == "2023-06-04"


@pytest.mark.parametrize("text,name", [
    ("Some members called on the government to leave the Treaty on the Non-Proliferation of Nuclear Weapons (NPT).",
     "Treaty on the Non-Proliferation of Nuclear Weapons"),
    ("Tiani heads the National Council for the Safeguard of the Homeland (CNSP), the junta.",
     "National Council for the Safeguard of the Homeland"),
])
def test_a_long_name_with_two_of_phrases_keeps_its_whole_length(text: str, name: str) -> None:
    assert name in _refs(text)


def test_a_body_named_after_an_acronym_defined_before_is_a_body_of_its_own() -> None:
    refs = _refs("Togo left the Monetary Union of Central Africa (MUCA) in 2025. The MUCA Commission regretted it.")
    assert "MUCA Commission" in refs and refs["MUCA Commission"] != refs["MUCA"]
