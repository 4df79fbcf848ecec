"""Posts that must stay apart as facts (round 4, r4-posts): sentences written for the tests."""

from __future__ import annotations

import pytest

from newskg.extract.extractor import extract
from newskg.extract.model import Article


def tenure_keys(text: str, person: str) -> dict[str, str]:
    result = extract(Article(id="case", text=text, published="2024-03-05"))
    people = {e.key for e in result.entities if e.label == person}
    return {str(f.get("post").label): f.key for f in result.facts if f.kind == "Tenure" and f.get("member") in people}


@pytest.mark.parametrize("text, person", [
    ("The board of Kestrel Motors Inc. named Chairman Pavel Dorn as chief executive on Monday.", "Pavel Dorn"),
    ("Ines Marlow is the chairwoman and chief executive of Harbor Shipping Company.", "Ines Marlow"),
])
def test_company_chair_and_chief_executive_are_two_facts(text: str, person: str) -> None:
    keys = tenure_keys(text, person)
    assert len(keys) == 2 and len(set(keys.values())) == 2, keys


def test_agency_chairman_is_its_head() -> None:
    """At an agency "chairman" and "head" name one post (one fact)."""
    text = ("Ravi Menon, chairman of the Deccan Space Agency, opened the centre. "
            "Menon has headed the Deccan Space Agency since 2019.")
    keys = tenure_keys(text, "Ravi Menon")
    assert len(set(keys.values())) == 1, keys
