"""Relative dates at the start of a sentence are dates too: "Today, the ministry added ...",
"Yesterday the council ...", "Last year, ...". The words are matched whatever their case, and
resolved against the article's publication date."""

from __future__ import annotations

import pytest

from newskg.extract.dates import find_dates

PUBLISHED = "2023-05-17"  # a Wednesday


@pytest.mark.parametrize(("text", "iso"), [
    ("Today, the trade ministry added four shipping firms to its export blacklist.", "2023-05-17"),
    ("Yesterday the council froze the assets of two airline executives.", "2023-05-16"),
    ("Last year, the agency ended its launch contract with the operator.", "2022"),
    ("This month the bank named a new governor.", "2023-05"),
    ("Next year the treaty lapses unless both parties renew it.", "2024"),
    ("Last Tuesday, the board dismissed its chief financial officer.", "2023-05-16"),
    ("The ministry said today that the ban stands.", "2023-05-17"),
])
def test_a_relative_date_is_found_in_any_case(text: str, iso: str) -> None:
    assert [d.iso for d in find_dates(text, PUBLISHED)] == [iso]


@pytest.mark.parametrize("text", [
    "Todays Tomorrowland festival drew a large crowd.",  # not the word "today"
    "The Nextel network was sold.",
])
def test_words_that_merely_begin_like_one_are_no_date(text: str) -> None:
    assert find_dates(text, PUBLISHED) == []
