"""Date mentions and their resolution against the article's publication date.

Absolute dates ("July 15, 2022", "1 October 2020", "December 2011", "2015"),
dates without a year ("On July 15", "Jan. 20"), weekdays ("on Monday", "last
Thursday"), ordinal days ("on the 26th") and month words ("this month", "last
month") are resolved to an ISO value kept at the precision the text gives.
A date that cannot be resolved (no publication date for a weekday) is dropped,
never invented.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {name: i for i, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
# a month alone must be written out or abbreviated with a period: "from Jan Wörner" is a name
_MONTH_WORD = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_COUNT_WORDS = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_COUNTS = {w: i for i, w in enumerate(["a", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                         "eleven", "twelve"], start=1)} | {"an": 1, "one": 1}
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# Order matters: the longest, most specific forms first.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("month-day-year", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("day-month-year", re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b")),
    ("month-year", re.compile(rf"\b(?:(?:early|mid|late|mid-|end of|the end of|beginning of)\s*-?\s*)?{_MONTH}\s+(?:of\s+)?{_YEAR}\b")),
    # "31 December this year", "June 3 next year", "next July", "last March"
    ("month-day-rel", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?P<rel>(?i:this|next|last))\s+year\b")),
    ("day-month-rel", re.compile(rf"\b{_DAY}\s+{_MONTH}\s+(?P<rel>(?i:this|next|last))\s+year\b")),
    ("month-rel", re.compile(rf"\b(?P<rel>(?i:this|next|last))\s+{_MONTH_WORD}(?!\s*\d)\b")),
    ("month-day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:,\s*)?(?:19|20)\d\d)(?![\d:])")),
    ("day-month", re.compile(rf"\b{_DAY}\s+{_MONTH}\b(?!\s*,?\s*(?:19|20)\d\d)")),
    ("ordinal-day", re.compile(r"\b(?:on|by|since|from|until|till)\s+the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b")),
    ("weekday", re.compile(rf"\b(?P<rel>(?i:last|this|this past|next)\s+)?{_WEEKDAY}\b(?!,?\s+{_MONTH})")),
    ("relative-month", re.compile(r"\b(?P<rel>(?i:this|last|next))\s+month\b")),
    ("relative-year", re.compile(r"\b(?P<rel>(?i:this|last|next))\s+year\b")),
    # whatever the case of the first letter: "Today, the ministry added ..." opens a sentence
    ("relative-day", re.compile(r"\b(?P<rel>(?i:yesterday|today|the day before|the previous day|the next day|the following day))\b")),
    ("month", re.compile(rf"\b(?:in|since|from|until|early|mid|late|mid-)\s*{_MONTH_WORD}(?!\s*\d)\b")),
    # dates that count from another one (resolved against it, see _refer_back): "later the same day",
    # "a week later", "three months later", "the following month", "later that year", "that January"
    ("same-day", re.compile(r"\b(?:(?:later|earlier)\s+)?(?:(?:on|by)\s+)?(?:that|the)\s+same\s+day\b|\b(?:on|by)\s+that\s+day\b", re.IGNORECASE)),
    ("offset", re.compile(rf"\b(?P<count>(?i:a|an|one|{_COUNT_WORDS}|\d{{1,2}}))\s+(?P<unit>(?i:day|week|month|year))s?\s+"
                          r"(?P<dir>later|afterwards|after that|earlier|before that)\b")),
    ("following", re.compile(r"\b(?P<dir>(?i:the\s+following|the\s+next|the\s+previous|the\s+preceding))\s+(?P<unit>week|month|year)\b")),
    ("that-period", re.compile(r"\b(?:(?i:later|earlier)\s+)?(?i:that)\s+(?P<unit>year|month)\b")),
    ("that-month", re.compile(rf"\b(?:(?i:later|earlier)\s+)?(?i:that)\s+{_MONTH_WORD}\b")),
    # "2021", and "mid-2021" (but not "2020-2024" or "COVID-19")
    ("year", re.compile(rf"(?:(?<![\w-])|(?<=\bmid-)|(?<=\blate-)|(?<=\bearly-)){_YEAR}(?![\w-])")),
]


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets within the text searched
    end: int
    text: str
    iso: str  # resolved value; "" when it could not be resolved
    form: str
    #: a day a later date word may refer back to: no date a future or "with effect from" phrase governs
    anchor_ok: bool = True


def _month_number(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _fix_year(candidate: dt.date, published: dt.date) -> dt.date:
    """A day without a year lies in the publication year, unless that puts it well after publication."""
    if candidate > published + dt.timedelta(days=7):
        return candidate.replace(year=candidate.year - 1)
    return candidate


def resolve(match: re.Match[str], form: str, published: dt.date | None, anchor: str | None = None,
            future: bool = False, ahead: bool = False, effective: bool = False) -> str:
    """The ISO value of one matched date expression, or "" if it needs a publication date we lack.

    ``future``: the sentence speaks of the future (a day without a year is not moved a year back);
    ``ahead``: a future verb governs this very date ("will take office on Tuesday", "is to start in June"),
    so a weekday or a month lies on or after publication; ``effective``: "effective June 3", "with effect from"
    names the day a change takes effect, the one of that name nearest publication."""
    groups = match.groupdict()
    try:
        if form == "month-day-year" or form == "day-month-year":
            return dt.date(int(groups["year"]), _month_number(groups["month"]), int(groups["day"])).isoformat()
        if form in ("month-day-rel", "day-month-rel", "month-rel") and published is None:
            return ""
        if form in ("month-day-rel", "day-month-rel") and published is not None:
            shift = {"this": 0, "last": -1, "next": 1}[groups["rel"].lower()]
            return dt.date(published.year + shift, _month_number(groups["month"]), int(groups["day"])).isoformat()
        if form == "month-rel" and published is not None:
            month, rel = _month_number(groups["month"]), groups["rel"].lower()
            year = published.year
            if rel == "next" and month <= published.month:
                year += 1
            elif rel == "last" and month >= published.month:
                year -= 1
            return f"{year:04d}-{month:02d}"
        if form == "month-year":
            return f"{int(groups['year']):04d}-{_month_number(groups['month']):02d}"
        if form == "year":
            return groups["year"]
        if published is None:
            return ""
        if form in ("month-day", "day-month"):
            day = dt.date(published.year, _month_number(groups["month"]), int(groups["day"]))
            if effective:
                day = min((day.replace(year=published.year + k) for k in (-1, 0, 1)), key=lambda d: abs((d - published).days))
                return day.isoformat()
            return (day if future else _fix_year(day, published)).isoformat()
        if form == "month":
            month = _month_number(groups["month"])
            if ahead:
                year = published.year if month >= published.month else published.year + 1
            else:
                year = published.year if month <= published.month else published.year - 1
            return f"{year:04d}-{month:02d}"
        if form == "ordinal-day":
            number = int(groups["day"])
            candidate = published.replace(day=number) if number <= 28 or _valid(published.year, published.month, number) else None
            if candidate is None or candidate > published:
                candidate = (published.replace(day=1) - dt.timedelta(days=1))
                candidate = candidate.replace(day=min(number, candidate.day))
            return candidate.isoformat()
        if form == "weekday":
            target = WEEKDAYS[groups["weekday"].lower()]
            rel = (groups.get("rel") or "").strip().lower()
            if rel == "next" or ahead and not rel:
                return (published + dt.timedelta(days=(target - published.weekday()) % 7)).isoformat()
            back = (published.weekday() - target) % 7
            if back == 0 and rel.startswith("last"):
                back = 7
            return (published - dt.timedelta(days=back)).isoformat()
        if form == "relative-month":
            shift = {"this": 0, "last": -1, "next": 1}[groups["rel"].lower()]
            value = published + relativedelta(months=shift)
            return f"{value.year:04d}-{value.month:02d}"
        if form == "relative-year":
            shift = {"this": 0, "last": -1, "next": 1}[groups["rel"].lower()]
            return f"{published.year + shift:04d}"
        if form == "relative-day":
            rel = groups["rel"].lower()
            base = dt.date.fromisoformat(anchor) if anchor and len(anchor) == 10 else published
            if rel == "today":
                return published.isoformat()
            if rel == "yesterday":
                return (published - dt.timedelta(days=1)).isoformat()
            if rel in ("the day before", "the previous day"):
                return (base - dt.timedelta(days=1)).isoformat() if anchor else ""
            return (base + dt.timedelta(days=1)).isoformat() if anchor else ""
    except (ValueError, KeyError):
        return ""
    return ""


FUTURE = re.compile(r"\b(?:will|shall|is to|are to|is due to|is set to|is scheduled to|is expected to|would(?!\s+have))\b")
# a future verb and the date it governs, with no clause break between ("will take office on Tuesday",
# but not "will step down, the board said on Tuesday")
AHEAD = re.compile(r"\b(?:will|shall|is to|are to|is due to|is set to|is scheduled (?:to|for)|are scheduled (?:to|for)|is expected to)\b[^,;:()\"“”]*$")
# the day a change takes effect ("effective June 3", "with effect from 1 July", "as of March 1")
EFFECTIVE = re.compile(r"\b(?:effective|with effect from|as of|as from|taking effect(?: on)?|takes effect(?: on)?)\s+(?:on\s+)?$", re.IGNORECASE)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def find_dates(text: str, published: str | None, anchor: str | None = None,
               coarse: str | None = None, year_from: str | None = None) -> list[DateMention]:
    """Every date expression in ``text``, resolved; overlapping matches keep the first (most specific) form.

    A day without a year lies before publication, except in a sentence about the future
    ("will replace her when her term ends on July 1").  ``anchor`` is the last day named before
    ``text`` and ``coarse`` the last date of any precision: a date word that refers back ("the same
    day", "a week later") counts from the nearest date before it in ``text``, else from those.
    """
    future = bool(FUTURE.search(text))
    pub = dt.date.fromisoformat(published) if published else None
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    referring: dict[int, re.Match[str]] = {}  # start -> match of a date word resolved in _refer_back
    for form, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            if form == "year" and _looks_like_number(text, start, end):
                continue
            before = text[:start]
            ahead, effective = bool(AHEAD.search(before)), bool(EFFECTIVE.search(before))
            taken.append((start, end))
            if form in REFERRING:
                referring[start] = match
                iso = ""
            else:
                iso = resolve(match, form, pub, anchor, future, ahead=ahead, effective=effective)
            found.append(DateMention(start, end, match.group(0), iso, form, not (ahead or effective)))
    found.sort(key=lambda d: d.start)
    return _refer_back(found, referring, anchor, coarse, year_from, pub)


#: the forms whose value counts from another date
REFERRING = ("same-day", "offset", "following", "that-period", "that-month")
_FULL = ("month-day-year", "day-month-year", "month-year")


def _refer_back(found: list[DateMention], referring: dict[int, re.Match[str]], anchor: str | None,
                coarse: str | None, year_from: str | None = None, pub: dt.date | None = None) -> list[DateMention]:
    """Resolve the date words that count from another date, in order: from the nearest resolved date
    before them in the text (that may be referred to), else from ``anchor`` (a day) or ``coarse``; and
    a month or a day without a year after a full date of its sentence (else ``year_from``, one of the
    sentence before) lies in that date's year, on or after it and within a year of it."""
    out: list[DateMention] = []
    for date in found:
        earlier = [d for d in out if d.iso and d.anchor_ok]
        if date.form in ("month", "month-day", "day-month") and date.iso and date.anchor_ok:
            # (from the sentence before, a birth date or a founding decades back lends no year to the report's days)
            recent = year_from if year_from and (pub is None or int(year_from[:4]) >= pub.year - 5) else None
            full = [d.iso for d in earlier if d.form in _FULL] or ([recent] if recent else [])
            if full and len(full[-1]) >= 7:
                date = DateMention(date.start, date.end, date.text, _in_year_of(date.iso, full[-1]), date.form, date.anchor_ok)
        elif date.form in REFERRING:
            match = referring[date.start]
            base_day = next((d.iso for d in reversed(earlier) if len(d.iso) == 10), None)
            base_any = earlier[-1].iso if earlier else None
            if not earlier:
                base_day, base_any = anchor, coarse or anchor
            iso = _count_from(match, date.form, base_day, base_any)
            date = DateMention(date.start, date.end, date.text, iso, date.form, date.anchor_ok)
        out.append(date)
    return out


def _in_year_of(iso: str, base: str) -> str:
    """``iso`` (a month "MM" or a day "MM-DD" resolved in some year) moved to the first such month or day on or
    after ``base`` (a full date) when that lies within a year of it; else ``iso`` unchanged."""
    year = int(base[:4])
    start = dt.date(year, int(base[5:7]), int(base[8:10]) if len(base) == 10 else 1)
    month, day = int(iso[5:7]), int(iso[8:10]) if len(iso) == 10 else 1
    for candidate_year in (year, year + 1):
        if not _valid(candidate_year, month, day):
            continue
        candidate = dt.date(candidate_year, month, day)
        if len(iso) == 7 and candidate_year == year and month == start.month:
            candidate = start
        if start <= candidate < start + relativedelta(years=1):
            return f"{candidate_year:04d}-{month:02d}" + (f"-{day:02d}" if len(iso) == 10 else "")
    return iso


def _count_from(match: re.Match[str], form: str, day: str | None, any_date: str | None) -> str:
    """The value of a date word that counts from ``day`` (a day) or ``any_date`` (any precision), or ""."""
    groups = match.groupdict()
    if form == "same-day":
        return day or ""
    unit = (groups.get("unit") or "").lower()
    if form == "that-month":
        return f"{any_date[:4]}-{_month_number(groups['month']):02d}" if any_date else ""
    if form == "that-period":
        if not any_date:
            return ""
        return any_date[:4] if unit == "year" else (any_date[:7] if len(any_date) >= 7 else "")
    if form == "offset":
        count = _COUNTS.get(groups["count"].lower()) or (int(groups["count"]) if groups["count"].isdigit() else 0)
        sign = -1 if groups["dir"].lower() in ("earlier", "before that") else 1
    else:
        count = 1
        sign = -1 if groups["dir"].lower().split()[-1] in ("previous", "preceding") else 1
    if not count:
        return ""
    base = day if unit in ("day", "week") else any_date
    if not base:
        return ""
    if unit == "year":
        if len(base) == 10 and form == "offset":
            value = dt.date.fromisoformat(base) + relativedelta(years=sign * count)
            return value.isoformat()
        return f"{int(base[:4]) + sign * count:04d}"
    if unit == "month":
        if len(base) < 7:
            return ""
        value = dt.date(int(base[:4]), int(base[5:7]), 1) + relativedelta(months=sign * count)
        return f"{value.year:04d}-{value.month:02d}"
    step = dt.timedelta(days=count * (7 if unit == "week" else 1))
    value = dt.date.fromisoformat(base) + (step if sign > 0 else -step)
    return value.isoformat()


def _looks_like_number(text: str, start: int, end: int) -> bool:
    """A four-digit number that is a count ("2015 engines"), not a year."""
    before = text[max(0, start - 2):start]
    after = text[end:end + 12].lower()
    return before.endswith("$") or after.lstrip().startswith(("engines", "people", "satellites", "dollars", "kg", "km", "tons"))
