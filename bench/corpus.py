"""Synthetic news corpus for the scale benchmark: article texts plus the facts planted in them.

    python bench/corpus.py --articles 10000 --out /tmp/corpus --seed 1

writes ``DIR/articles/NNNNNN_<hash>.txt`` (YAML front matter + body, like ``articles/``)
and ``DIR/planted.jsonl``: one line per article, ``{"article": id, "facts": [[kind, name, ...]]}``
where the names are the *key names* of each fact (Tenure: member, organization;
Succession: successor, predecessor; Sanction: target, authority; Obligation: obligor;
Withdrawal: actor).  ``bench/scale.py`` scores extraction against them.

The world is fixed by the seed: a few thousand people (with shared surnames, so entity
resolution has to keep different people apart) hold posts in a few hundred invented
agencies, companies and institutes; articles report appointments, successions,
sanctions, obligations and withdrawals in varied phrasing (title before or after the
name, appositives, passive voice, pronouns, relative clauses), surrounded by
distractor sentences and traps (hedges, denials, rumours, conditionals, nominations)
that must not become facts.  Texts are written as news, not for the extraction rules.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

FEMALE = """Anna Elena Maria Sofia Clara Petra Ingrid Marta Laura Julia Helena Irina Olga Natalia Svetlana Yuki
Aiko Mei Priya Ananya Fatima Leila Amira Carmen Lucia Isabel Beatriz Ana Rosa Greta Hanna Katarina Eva Nina
Vera Alina Daria Zofia Agnieszka Marketa Lena Astrid Sigrid Maja Freya Chloe Camille Amelie Giulia Chiara
Francesca Valentina Ayse Zeynep Noor Sara Rachel Miriam Deborah Grace Emily Charlotte Olivia Margaret Susan
Patricia Linda Karen Nadia Tamara Ljudmila Oksana Kseniya Aigerim Dana Ines Teresa Joana Rita Sunita Kavya
Hye-jin Min-ji Akiko Haruka Lin Xiu""".split()
MALE = """Dmitri Sergei Alexei Ivan Pavel Nikolai Yuri Andrei Viktor Oleg Mikhail Boris Hans Klaus Jurgen Stefan
Markus Tobias Lukas Pierre Jean Louis Antoine Marco Luca Giovanni Paolo Matteo Carlos Jose Miguel Pedro Rafael
Joao Tiago Kenji Hiroshi Takeshi Satoshi Ravi Arjun Vikram Rahul Omar Karim Tariq Mehmet Emre Ahmed Samuel
David Michael James Robert William Thomas Richard Charles Daniel George Edward Henrik Lars Erik Nils Magnus
Jakub Tomasz Piotr Marek Ondrej Milan Bogdan Taras Nurlan Aidar Chen Wei Jun Hao Min-jun Seo-jun Kwame Kofi
Tunde Emeka""".split()
SURNAMES = """Petrov Ivanov Sokolov Volkov Morozov Lebedev Kozlov Novikov Orlov Belov Zaitsev Pavlov Kuznetsov Romanov
Fischer Weber Wagner Becker Hoffmann Schulz Koch Richter Klein Wolf Neumann Braun Zimmermann Hartmann Lange
Martin Bernard Dubois Laurent Moreau Lefebvre Girard Mercier Fontaine Rousseau Rossi Russo Ferrari Esposito
Bianchi Romano Colombo Ricci Marino Greco Conti Gallo Garcia Martinez Lopez Sanchez Perez Gomez Fernandez
Moreno Alvarez Navarro Silva Santos Oliveira Souza Costa Pereira Almeida Carvalho Tanaka Suzuki Takahashi
Watanabe Yamamoto Nakamura Kobayashi Sato Ito Kato Sharma Gupta Patel Singh Reddy Nair Iyer Rao Haddad Nasser
Khalil Mansour Yilmaz Demir Kaya Celik Sahin Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson
Taylor Moore Jackson Harris Clark Lewis Walker Hall Allen Young King Wright Scott Green Baker Adams Nelson
Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook
Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett
Gray James Hughes Price Sanders Myers Long Ross Foster Johansson Lindqvist Nilsson Larsen Hansen Jensen
Nielsen Kowalski Nowak Wisniewski Wojcik Novak Dvorak Horvat Kovacs Szabo Toth Popescu Ionescu Georgiou
Papadopoulos Kim Lee Park Choi Jung Kang Cho Yoon Wang Zhang Liu Yang Huang Zhao Zhou Wu Xu Sun Ma Hu Mensah
Owusu Okafor Adeyemi Abubakar Bakirov Nurlanov Sultanov Tkachenko Shevchenko Bondarenko Melnyk Kravchenko
Oliynyk Lysenko Marchenko""".split()
SYLLABLES = ("vel tra kos mo tron astra nor dik sel ena vor ix ter ra ion aur ora kel vin sol ari pax zen ith "
             "cor vus lum ex orb ita nova star kai ros dan ube vect al tes lyn mar").split()
REGIONS = ("Baltic Andean Nordic Catalan Adriatic Carpathian Anatolian Iberian Balkan Caspian Alpine Pacific "
           "Patagonian Saharan Caribbean Aegean Danube Bavarian Flemish Silesian Tuscan Bohemian Moravian Celtic "
           "Galician Siberian Manchurian Rhineland Scandinavian Mekong Sahel Levantine Tatra Dinaric Ligurian").split()
SPACE_WORDS = ("Space Agency", "Space Agency", "Aerospace Agency", "Space Administration", "Space Research Institute",
               "Institute of Space Physics", "Space Office", "Launch Authority")
COMPANY_HEADS = ("Aerospace", "Space Systems", "Launch Systems", "Industries", "Technologies", "Space Corporation",
                 "Satellite Company", "Aerospace Group", "Rocket Company")
ROLES_HEAD = ("director general", "administrator", "president", "head", "chief executive", "chairman",
              "director-general", "chief executive officer", "chair")
ROLES_OTHER = ("deputy director", "chief engineer", "chief scientist", "scientific director", "programme director")
#: Sanctioning authorities: (canonical label in ontology/lookups.yml, ways articles name them).
AUTHORITIES = (
    ("United States", ("the United States", "Washington", "the U.S.", "the US")),
    ("European Union", ("the European Union", "the EU", "Brussels")),
    ("United Kingdom", ("the United Kingdom", "Britain", "the UK", "London")),
    ("Canada", ("Canada", "Ottawa")),
    ("Japan", ("Japan", "Tokyo")),
)
COUNTRIES = ("Germany", "France", "Italy", "Japan", "Canada", "Spain", "Poland", "Sweden", "Norway", "Belgium",
             "Switzerland", "Austria", "Finland", "Denmark", "Australia", "India", "Brazil")
SOURCES = ("Reuters", "Associated Press", "SpaceNews", "Space.com", "The Guardian", "Le Monde", "Der Spiegel",
           "Nikkei Asia", "TASS", "Interfax", "BBC News", "Ars Technica", "The Verge", "Financial Times",
           "El País", "Corriere della Sera", "Deutsche Welle")
CITIES = ("Toulouse", "Bremen", "Noordwijk", "Kourou", "Baikonur", "Vienna", "Geneva", "Paris", "Warsaw", "Madrid",
          "Lisbon", "Prague", "Bucharest", "Tallinn", "Riga", "Oslo", "Helsinki", "Darmstadt", "Turin", "Seville")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
PROJECTS = ("deep-space relay", "lunar lander", "Earth observation constellation", "Mars sample return study",
            "space weather satellite", "asteroid survey telescope", "orbital debris tracking network",
            "crewed capsule", "reusable booster", "climate monitoring mission")
DELIVERABLES = ("provide two habitation modules for the station", "supply the propulsion module by {year}",
                "fund half of the ground segment", "deliver three navigation satellites by {year}",
                "train four astronauts from partner countries", "share all telemetry with its partners",
                "launch the science payload free of charge", "maintain the tracking stations until {year}",
                "pay its share of the operating costs", "host the mission control centre",
                "build the service module for the capsule", "return the borrowed test hardware")
WITHDRAW_OBJECTS = ("the joint {project} project", "the {project} programme", "the {project} consortium",
                    "its partnership on the {project}", "the cooperation agreement on the {project}")

DISTRACTORS = (
    "The rocket lifted off at {hour}:{minute:02d} local time from {city}.",
    "Weather conditions at the launch site were described as favourable.",
    "The mission is scheduled to last about {n} months.",
    "Engineers spent most of the week checking the telemetry from the upper stage.",
    "The budget for the next fiscal year has not yet been published.",
    "Observers expect the first images to be released in {month}.",
    "The conference in {city} drew more than {n}00 participants from {n2} countries.",
    "Industry analysts point to rising launch costs across the sector.",
    "A spokesperson declined to give further details.",
    "The satellite will operate in a sun-synchronous orbit at about {n}00 kilometres.",
    "The spacecraft weighs roughly {n} tonnes and carries {n2} instruments.",
    "Ground controls in {city} confirmed that the solar arrays had deployed.",
    "The previous launch window was missed because of a fuelling problem.",
    "More details are expected at a press briefing later this month.",
)


@dataclass
class Person:
    name: str
    female: bool

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def pronoun(self) -> str:
        return "She" if self.female else "He"

    @property
    def possessive(self) -> str:
        return "her" if self.female else "his"


@dataclass
class Org:
    name: str
    kind: str  # agency | company | institute
    acronym: str | None = None
    head: Person | None = None
    staff: list[tuple[Person, str]] = field(default_factory=list)


class World:
    """People and organizations, with who holds which post, evolving as articles report changes."""

    def __init__(self, rng: random.Random, n_people: int, n_orgs: int):
        self.rng = rng
        names: set[str] = set()
        self.people: list[Person] = []
        while len(self.people) < n_people:
            female = rng.random() < 0.45
            first = rng.choice(FEMALE if female else MALE)
            surname = rng.choice(SURNAMES)
            if female and surname.endswith(("ov", "ev", "in")) and rng.random() < 0.8:
                surname += "a"
            name = f"{first} {surname}"
            if name in names:
                continue
            names.add(name)
            self.people.append(Person(name, female))
        self.orgs: list[Org] = []
        org_names: set[str] = set()
        while len(self.orgs) < n_orgs:
            r = rng.random()
            if r < 0.35:
                region = rng.choice(REGIONS)
                name, kind = f"{region} {rng.choice(SPACE_WORDS)}", "agency"
            elif r < 0.85:
                brand = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()
                name, kind = f"{brand} {rng.choice(COMPANY_HEADS)}", "company"
            else:
                name, kind = f"{rng.choice(REGIONS)} Institute of {rng.choice(('Astrophysics', 'Applied Physics', 'Rocket Propulsion', 'Space Medicine'))}", "institute"
            if name in org_names:
                continue
            org_names.add(name)
            words = [w for w in name.split() if w[0].isupper() and w not in ("Of",)]
            acronym = "".join(w[0] for w in words) if kind == "agency" and len(words) >= 3 else None
            self.orgs.append(Org(name, kind, acronym))
        self.free = list(self.people)
        rng.shuffle(self.free)
        for org in self.orgs:
            org.head = self._take()
            for _ in range(rng.choice((0, 1, 2))):
                org.staff.append((self._take(), rng.choice(ROLES_OTHER)))
        # a Zipf-like popularity, so some organizations and people recur a lot
        self.org_weights = [1.0 / (i + 1) ** 0.8 for i in range(len(self.orgs))]

    def _take(self) -> Person:
        if not self.free:
            self.free = [p for p in self.people]
            self.rng.shuffle(self.free)
        return self.free.pop()

    def org(self) -> Org:
        return self.rng.choices(self.orgs, weights=self.org_weights)[0]

    def newcomer(self) -> Person:
        return self._take()


class ArticleWriter:
    """One article: sentences in order, the planted facts, who was already named in full."""

    def __init__(self, rng: random.Random, world: World, published: date):
        self.rng = rng
        self.world = world
        self.published = published
        self.sentences: list[str] = []
        self.facts: set[tuple[str, ...]] = set()
        self.named: set[str] = set()
        self.surnames: dict[str, str] = {}  # surname -> full name used in this article
        self.orgs_named: set[str] = set()

    # ── how things are named ──
    def p(self, person: Person) -> str:
        """Full name on first mention, then usually the surname."""
        if person.name in self.named and self.surnames.get(person.surname) == person.name and self.rng.random() < 0.7:
            return person.surname
        self.named.add(person.name)
        self.surnames.setdefault(person.surname, person.name)
        return person.name

    def usable(self, *people: Person) -> bool:
        """People of one article never share a surname (a reporter would tell them apart)."""
        for person in people:
            other = self.surnames.get(person.surname)
            if other is not None and other != person.name:
                return False
        return len({p.surname for p in people}) == len(people)

    def o(self, org: Org, the: bool = True) -> str:
        if org.name in self.orgs_named and org.acronym and self.rng.random() < 0.5:
            return org.acronym
        first = org.name not in self.orgs_named
        self.orgs_named.add(org.name)
        article = "the " if the and org.kind != "company" else ""
        name = f"{article}{org.name}"
        if first and org.acronym and self.rng.random() < 0.4:
            name += f" ({org.acronym})"
        return name

    def when(self) -> str:
        r = self.rng.random()
        if r < 0.3:
            return f"on {self.rng.choice(WEEKDAYS)}"
        if r < 0.55:
            d = self.published - timedelta(days=self.rng.randint(20, 700))
            return f"in {MONTHS[d.month - 1]} {d.year}"
        if r < 0.7:
            d = self.published - timedelta(days=self.rng.randint(1, 25))
            return f"on {d.day} {MONTHS[d.month - 1]}" if self.rng.random() < 0.5 else f"on {MONTHS[d.month - 1]} {d.day}"
        if r < 0.8:
            return "last week"
        return ""

    def say(self, text: str) -> None:
        text = " ".join(text.split()).replace(" .", ".").replace(" ,", ",").lstrip(", ")
        self.sentences.append(text[0].upper() + text[1:])

    def plant(self, *fact: str) -> None:
        self.facts.add(fact)

    # ── facts ──
    def tenure(self) -> None:
        rng, org = self.rng, self.world.org()
        if org.staff and rng.random() < 0.25:
            person, role = rng.choice(org.staff)
        else:
            person, role = org.head, rng.choice(ROLES_HEAD)
        assert person is not None
        if not self.usable(person):
            return
        P, O, when = self.p(person), self.o(org), self.when()
        topic = rng.choice(PROJECTS)
        forms = [
            f"{P}, the {role} of {O}, said {when} that the {topic} was on schedule.",
            f"{O} {role} {P} told reporters in {rng.choice(CITIES)} that the {topic} would need more funding.",
            f"{P}, who is {role} of {O}, presented the plans for the {topic}.",
            f"Speaking in {rng.choice(CITIES)}, {P}, {role} at {O}, defended the cost of the {topic}.",
            f"{P} was appointed {role} of {O} {when}.",
            f"{O} named {P} as its new {role} {when}.",
            f"{P} has been {role} of {O} since {self.published.year - rng.randint(1, 6)}.",
            f"According to {P}, the {role} of {O}, the {topic} will be ready next year.",
        ]
        if role in ROLES_HEAD:
            forms += [
                f"{P}, who heads {O}, said the agency had no plans to change course.",
                f"{P} has led {O} since {self.published.year - rng.randint(1, 8)}.",
                f"{P} took the helm of {O} {when}, promising a faster pace of launches.",
            ]
        self.say(rng.choice(forms))
        self.plant("Tenure", person.name, org.name)

    def succession(self) -> None:
        rng, org = self.rng, self.world.org()
        old, new = org.head, self.world.newcomer()
        assert old is not None
        if not self.usable(old, new):
            return
        role, when = rng.choice(ROLES_HEAD), self.when()
        S, Pr = self.p(new), self.p(old)
        O = self.o(org)
        forms = [
            f"{S} succeeded {Pr} as {role} of {O} {when}.",
            f"{when}, {Pr} was replaced by {S} as {role} of {O}.",
            f"{O} said that {S} had replaced {Pr} as its {role}.",
            f"{S}, who replaced {Pr} as {role} of {O} {when}, said the priorities would not change.",
            f"{S} takes over from {Pr} as {role} of {O}.",
        ]
        text = rng.choice(forms)
        if rng.random() < 0.2:
            # the appointment first, then the succession with a pronoun
            self.say(f"{S} became {role} of {O} {when}.")
            self.say(f"{new.pronoun} succeeds {Pr}, who stepped down {rng.choice(('in', 'last'))} {rng.choice(MONTHS)}.")
        else:
            self.say(text)
        org.head = new
        self.plant("Succession", new.name, old.name)
        self.plant("Tenure", new.name, org.name)
        self.plant("Tenure", old.name, org.name)

    def sanction(self) -> None:
        rng = self.rng
        authorities = rng.sample(AUTHORITIES, rng.choice((1, 1, 1, 2)))
        names = [rng.choice(forms) for _, forms in authorities]
        A = names[0] if len(names) == 1 else f"{names[0]} and {names[1]}"
        companies = [o for o in (self.world.org() for _ in range(3)) if o.kind == "company"]
        companies = list({c.name: c for c in companies}.values())
        if companies and rng.random() < 0.75:
            targets = companies[: rng.choice((1, 1, 2, 3))]
            T = [self.o(c) for c in targets]
            target_names = [c.name for c in targets]
        else:
            org = self.world.org()
            person = org.head
            assert person is not None
            if not self.usable(person):
                return
            T, target_names = [self.p(person)], [person.name]
        Tl = T[0] if len(T) == 1 else ", ".join(T[:-1]) + " and " + T[-1]
        when = self.when()
        forms = [
            f"{A} imposed sanctions on {Tl} {when}.",
            f"{A} sanctioned {Tl} {when} over deliveries of military components.",
            f"{Tl} {'has' if len(T) == 1 else 'have'} been subject since {rng.choice(MONTHS)} {self.published.year - 1} to restrictions introduced by {A}.",
            f"Sanctions imposed by {A} on {Tl} {when} remain in force.",
        ]
        if len(T) == 1:
            forms.append(f"{Tl}, which {A} blacklisted {when}, denies any link to the military.")
        self.say(rng.choice(forms))
        for label, _ in authorities:
            for target in target_names:
                self.plant("Sanction", target, label)

    def party(self, country_share: float) -> tuple[str, str]:
        """A country (with that probability) or an organization of the world: its text and planted key."""
        if self.rng.random() < country_share:
            country = self.rng.choice(COUNTRIES)
            return country, country
        org = self.world.org()
        return self.o(org), org.name

    def obligation(self) -> None:
        rng = self.rng
        who, key = self.party(0.5)
        what = rng.choice(DELIVERABLES).format(year=self.published.year + rng.randint(1, 5))
        forms = [
            f"Under the agreement, {who} is required to {what}.",
            f"{who} has committed to {what}.",
            f"{who} pledged {self.when()} to {what}.",
            f"{who} has agreed to {what}, officials said.",
            f"Even if the talks collapse, {who} will fulfil all its obligations to the partners of the station.",
        ]
        self.say(rng.choice(forms))
        self.plant("Obligation", key)

    def withdrawal(self) -> None:
        rng = self.rng
        actor, key = self.party(0.4)
        partner = self.world.org()
        obj = rng.choice(WITHDRAW_OBJECTS).format(project=rng.choice(PROJECTS))
        when = self.when()
        forms = [
            f"{actor} said {when} that it would end all joint experiments with {self.o(partner)}.",
            f"{actor} suspended cooperation with {self.o(partner)} {when}.",
            f"{actor} pulled out of {obj} {when}.",
            f"{actor} has withdrawn from {obj}.",
            f"{when}, {actor} halted deliveries of rocket engines to {self.o(partner)}.",
            f"{actor} froze all contracts with {self.o(partner)} {when}.",
        ]
        self.say(rng.choice(forms))
        self.plant("Withdrawal", key)

    # ── sentences that must not become facts ──
    def trap(self) -> None:
        rng, org = self.rng, self.world.org()
        head, newcomer = org.head, self.world.newcomer()
        assert head is not None
        if not self.usable(head, newcomer):
            return
        role, country = rng.choice(ROLES_HEAD), rng.choice(COUNTRIES)
        obj = rng.choice(WITHDRAW_OBJECTS).format(project=rng.choice(PROJECTS))
        company = self.world.org()
        forms = [
            lambda: f"{self.p(newcomer)} is widely expected to become the next {role} of {self.o(org)}.",
            lambda: f"Analysts said {self.p(newcomer)} could replace {self.p(head)} at {self.o(org)} next year.",
            lambda: f"{country} could withdraw from {obj} if the costs keep rising.",
            lambda: f"{country} is reportedly considering leaving {obj}.",
            lambda: f"There is no sign that {country} will pull out of {obj}.",
            lambda: f"If the dispute continues, {rng.choice(AUTHORITIES)[1][0]} could impose sanctions on {self.o(company)}.",
            lambda: f"{self.o(org)} denied that it had agreed to {rng.choice(DELIVERABLES).format(year=2030)}.",
            lambda: f"{self.p(newcomer)} said {newcomer.possessive} team had not decided whether to leave {obj}.",
            lambda: f"The government nominated {self.p(newcomer)} to become the next {role} of {self.o(org)}, but parliament has not voted.",
            lambda: f"Asked whether {self.o(org)} would suspend the {rng.choice(PROJECTS)}, a spokesperson declined to comment.",
            lambda: f"Rumours that {country} plans to end its participation in {obj} were dismissed.",
        ]
        self.say(rng.choice(forms)())

    def distractor(self) -> None:
        rng = self.rng
        self.say(rng.choice(DISTRACTORS).format(hour=rng.randint(0, 23), minute=rng.randint(0, 59), city=rng.choice(CITIES),
                                                n=rng.randint(2, 9), n2=rng.randint(2, 9), month=rng.choice(MONTHS)))

    def text(self) -> str:
        paragraphs, current = [], []
        for sentence in self.sentences:
            current.append(sentence)
            if len(current) >= self.rng.choice((1, 2, 3)):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        return "\n\n".join(paragraphs) + "\n"


KINDS = ("tenure", "tenure", "succession", "sanction", "obligation", "withdrawal")


def write_corpus(n_articles: int, out: Path, seed: int = 1) -> Path:
    """Write ``n_articles`` articles and ``planted.jsonl`` under ``out``; return the articles folder."""
    rng = random.Random(seed)
    n_people = max(300, min(4000, n_articles // 2))
    n_orgs = max(60, min(800, n_articles // 12))
    world = World(rng, n_people, n_orgs)
    articles = out / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    start = date(2015, 1, 1)
    with (out / "planted.jsonl").open("w", encoding="utf-8") as planted:
        for i in range(n_articles):
            published = start + timedelta(days=int(i * 3650 / max(n_articles, 1)) + rng.randint(0, 2))
            writer = ArticleWriter(rng, world, published)
            steps = [rng.choice(KINDS) for _ in range(rng.randint(1, 4))]
            steps += ["distractor"] * rng.randint(1, 5) + ["trap"] * rng.choice((0, 1, 1, 2))
            rng.shuffle(steps)
            for step in steps:
                getattr(writer, step)()
            if not writer.sentences:
                writer.distractor()
            title = writer.sentences[0].rstrip(".")[:90].replace('"', "'")
            body = writer.text()
            article_id = f"{i:06d}_{hashlib.sha1(body.encode()).hexdigest()[:12]}"
            front = (f'---\ntitle: "{title}"\nsource: {rng.choice(SOURCES)}\npublished: {published.isoformat()}\n'
                     f"url: https://news.example.org/{published.year}/{article_id}\nlanguage: en\n---\n")
            (articles / f"{article_id}.txt").write_text(front + body, encoding="utf-8")
            planted.write(json.dumps({"article": article_id, "facts": sorted(list(f) for f in writer.facts)}) + "\n")
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = write_corpus(args.articles, args.out, args.seed)
    print(f"wrote {args.articles} articles to {folder} and {args.out / 'planted.jsonl'}")


if __name__ == "__main__":
    main()
