"""A synthetic asserted graph of the newskg domain, following docs/model.md, at any size.

    python bench/synthetic_graph.py --triples 1000000 --seed 1 --out /tmp/synthetic.nt

The world is fixed by the seed: people, organizations of every kind (agencies, state
corporations, companies, institutes, programmes, countries) with sub-organization
chains, posts in them, and articles.  Each article states a handful of facts -- tenures
(with start/end dates of mixed precision and ``news:replaces`` links between
successive holders of a post), nominations, successions, sanctions, obligations,
withdrawals/suspensions and statements -- each with one ``news:Evidence`` per article
(sentence, offsets, rule, confidence, span) and ``prov:wasDerivedFrom``.  About one fact
in six is restated by a second article, so fact nodes carry several sources as built
graphs do.  The graph conforms to ontology/shapes.ttl (checked at small sizes by
bench/incremental.py); ``--triples`` is a target, reached within one article.

``generate`` returns the triples as rdflib terms; ``write_ntriples`` writes sorted
N-Triples (valid Turtle, so a graph folder can use it as ``asserted.ttl``).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

NEWS = "https://newskg.dev/ontology#"
ID = "https://newskg.dev/id/"
SCHEMA_URL = URIRef("https://schema.org/url")
Triple = tuple[Node, Node, Node]

ORG_KINDS = ["SpaceAgency", "StateCorporation", "Company", "GovernmentBody", "ResearchInstitute",
             "InternationalOrganization", "Programme"]
ROLES = [("head", "Head"), ("deputy-head", "Deputy Head"), ("director", "Director"),
         ("chief-engineer", "Chief Engineer"), ("spokesperson", "Spokesperson")]
FIRST = ("Anna Elena Maria Sofia Clara Petra Ingrid Marta Laura Julia Helena Irina Olga Natalia Yuki Mei "
         "Dmitry Yuri Ivan Sergei Pavel Oleg Bill Jim John Mark Thomas Peter Hans Luca Marco Kenji Wei Ravi "
         "Ahmed Omar Carlos Diego Jose Pierre Jean Lars Erik Nils Tariq Arjun Chen Li Sun").split()
LAST = ("Rogozin Borisov Nelson Bridenstine Musk Aschbacher Wörner Ivanov Petrov Smirnov Kuznetsov Popov "
        "Sokolov Lebedev Kozlov Novikov Morozov Volkov Solovyov Vasiliev Zaytsev Pavlov Semenov Golubev "
        "Vinogradov Bogdanov Vorobyov Fedorov Mikhailov Belyaev Tarasov Belov Komarov Orlov Kiselev "
        "Makarov Andreev Kovalev Ilyin Gusev Titov Kuzmin Kudryavtsev Baranov Kulikov Alekseev Stepanov "
        "Yakovlev Sorokin Sergeev Romanov Zakharov Borisov Korolev Gerasimov Ponomarev Grigoriev Lazarev "
        "Medvedev Ershov Nikitin Sobolev Ryabov Polyakov Tsvetkov Danilov Zhukov Frolov Zhuravlev "
        "Nikolaev Krylov Maximov Sidorov Osipov Belousov Fedotov Dorofeev Egorov Matveev Bobrov Dmitriev "
        "Kalinin Anisimov Petukhov Antonov Timofeev Nikiforov Veselov Filippov Markov Bolshakov Sukhanov "
        "Mironov Shiryaev Aleksandrov Konovalov Shestakov Kazakov Efimov Denisov Gromov Fomin Davydov "
        "Melnikov Shcherbakov Blinov Kolesnikov Karpov Afanasiev Vlasov Maslov Isakov Tikhonov Aksenov "
        "Gavrilov Rodionov Kotov Gorbunov Kudryashov Bykov Zuev Tretyakov Savelyev Panov Rybakov Suvorov "
        "Abramov Voronov Mukhin Arkhipov Trofimov Martynov Emelyanov Gorshkov Chernov Ovchinnikov "
        "Seleznev Panfilov Kopylov Mikheev Galkin Nazarov Lobanov Lukin Belyakov Potapov Nekrasov Khokhlov "
        "Zhdanov Naumov Shilov Vorontsov Ermakov Drozdov Ignatiev Savin Loginov Safonov Kapustin Kirillov "
        "Moiseev Eliseev Koshelev Kostin Gorbachev Orekhov Efremov Isaev Evdokimov Kalashnikov Kabanov "
        "Noskov Yudin Kulagin Lapin Prokhorov Nesterov Kharitonov Agafonov Muravyov Laptev Gordeev").split()
WORDS = ("Orbital Lunar Solar Stellar Polar Northern Southern Eastern Western Central United National Federal "
         "Advanced Applied Deep Space Rocket Launch Satellite Propulsion Telemetry Aerospace Cosmic Astro "
         "Galactic Quantum Vector Apex Zenith Horizon Meridian Equator Aurora Nova Vega Altair Sirius").split()
COUNTRIES = ("Russia United-States China India Japan France Germany Italy Canada Brazil Israel Iran Ukraine "
             "Kazakhstan Australia Korea Spain Sweden Norway Finland Poland Turkey Egypt Nigeria Mexico").split()
RULES = ["tenure-appointed", "tenure-since", "succession-replaced", "sanction-imposed", "obligation-must",
         "withdrawal-pulls-out", "statement-said", "nomination-nominated"]
ACTIONS = ["withdraw", "suspend", "halt", "end", "freeze"]


def _iri(key: str) -> URIRef:
    return URIRef(ID + key)


def _news(local: str) -> URIRef:
    return URIRef(NEWS + local)


def _date(rng: random.Random, lo: int = 1995, hi: int = 2024) -> tuple[str, Literal]:
    year = rng.randint(lo, hi)
    precision = rng.random()
    if precision < 0.2:
        return f"{year}", Literal(f"{year}", datatype=XSD.gYear)
    month = rng.randint(1, 12)
    if precision < 0.45:
        return f"{year}-{month:02d}", Literal(f"{year}-{month:02d}", datatype=XSD.gYearMonth)
    day = rng.randint(1, 28)
    return f"{year}-{month:02d}-{day:02d}", Literal(f"{year}-{month:02d}-{day:02d}", datatype=XSD.date)


@dataclass
class World:
    """The entities of the synthetic graph (chosen up front, sized to the target)."""

    people: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    posts: list[tuple[str, str, str]] = field(default_factory=list)  # (post key, org key, label)
    labels: dict[str, str] = field(default_factory=dict)


def make_world(rng: random.Random, articles: int) -> tuple[World, list[Triple]]:
    """People, organizations and posts in proportion to the number of articles."""
    world = World()
    triples: list[Triple] = []
    for country in COUNTRIES:
        key = f"org/{country.lower()}"
        world.orgs.append(key)
        world.labels[key] = country.replace("-", " ")
        triples += [(_iri(key), RDF.type, _news("Country"))]
    n_orgs = max(20, articles // 3)
    for i in range(n_orgs):
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(['Agency', 'Corporation', 'Institute', 'Works', 'Programme', 'Bureau'])} {i}"
        key = f"org/{name.lower().replace(' ', '-')}"
        world.orgs.append(key)
        world.labels[key] = name
        triples.append((_iri(key), RDF.type, _news(rng.choice(ORG_KINDS))))
        parent = rng.choice(world.orgs[: max(len(COUNTRIES), len(world.orgs) - 1)])
        if parent != key and rng.random() < 0.6:
            triples.append((_iri(key), ORG.subOrganizationOf, _iri(parent)))
        if rng.random() < 0.3:
            triples.append((_iri(key), SKOS.altLabel, Literal(name.split()[0] + " " + name.split()[-1])))
    for key in world.orgs:
        label = world.labels[key]
        triples += [(_iri(key), RDFS.label, Literal(label)), (_iri(key), SKOS.prefLabel, Literal(label))]
    n_people = max(30, articles * 2)
    for i in range(n_people):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        key = f"person/{name.lower().replace(' ', '-')}-{i}"
        world.people.append(key)
        world.labels[key] = name
        triples += [(_iri(key), RDF.type, _news("Person")), (_iri(key), RDFS.label, Literal(name)),
                    (_iri(key), SKOS.prefLabel, Literal(name))]
        if rng.random() < 0.25:
            triples.append((_iri(key), SKOS.altLabel, Literal(name.split()[-1])))
    for org in world.orgs:
        for role, title in rng.sample(ROLES, rng.randint(1, 3)):
            key = f"post/{org.split('/', 1)[1]}/{role}"
            label = f"{title} of {world.labels[org]}"
            world.posts.append((key, org, label))
            triples += [(_iri(key), RDF.type, _news("Post")), (_iri(key), RDFS.label, Literal(label)),
                        (_iri(key), ORG.postIn, _iri(org)), (_iri(key), _news("role"), Literal(role))]
    return world, triples


class Generator:
    """Articles with facts and evidence over a ``World``."""

    def __init__(self, rng: random.Random, world: World) -> None:
        self.rng = rng
        self.world = world
        self.facts: list[tuple[URIRef, str]] = []  # (fact node, kind) for restatements
        self.holders: dict[str, URIRef] = {}  # post key -> last tenure node (news:replaces chains)
        self.n = 0

    def article(self, index: int) -> Iterator[Triple]:
        rng = self.rng
        aid = f"{index:07d}_{rng.getrandbits(48):012x}"
        node = _iri(f"article/{aid}")
        _, issued = _date(rng, 2015, 2024)
        yield node, RDF.type, _news("Article")
        yield node, DCTERMS.identifier, Literal(aid)
        yield node, DCTERMS.title, Literal(f"{rng.choice(WORDS)} news {index}")
        yield node, DCTERMS.source, Literal(rng.choice(["SpaceNews", "TASS", "Reuters", "SpaceflightNow", "Interfax"]))
        yield node, DCTERMS.issued, Literal(f"{issued}"[:4] + "-06-15", datatype=XSD.date)
        yield node, DCTERMS.language, Literal("en")
        yield node, SCHEMA_URL, Literal(f"https://news.example/{aid}", datatype=XSD.anyURI)
        offset = 0
        for _ in range(rng.randint(4, 9)):
            if self.facts and rng.random() < 0.16:
                fact, kind = rng.choice(self.facts)
                body: list[Triple] = []
            else:
                fact, kind, body = self.fact()
                self.facts.append((fact, kind))
            yield from body
            length = rng.randint(60, 240)
            yield from self.evidence(fact, node, aid, kind, offset, offset + length)
            offset += length + rng.randint(1, 400)

    def evidence(self, fact: URIRef, article: URIRef, aid: str, kind: str, start: int, end: int) -> Iterator[Triple]:
        self.n += 1
        ev = _iri(f"evidence/{self.n:x}{self.rng.getrandbits(32):08x}")
        yield fact, _news("evidence"), ev
        yield fact, PROV.wasDerivedFrom, article
        yield ev, RDF.type, _news("Evidence")
        yield ev, _news("article"), article
        yield ev, _news("sentence"), Literal(f"A sentence of {aid} stating a {kind.lower()} ({start}).")
        yield ev, _news("charStart"), Literal(start)
        yield ev, _news("charEnd"), Literal(end)
        yield ev, _news("rule"), Literal(self.rng.choice(RULES))
        yield ev, _news("confidence"), Literal(Decimal(str(round(self.rng.uniform(0.5, 1.0), 2))))
        yield ev, _news("span"), Literal(f"{kind} span {start}")

    def fact(self) -> tuple[URIRef, str, list[Triple]]:
        rng, w = self.rng, self.world
        self.n += 1
        roll = rng.random()
        agent = lambda: _iri(rng.choice(w.people) if rng.random() < 0.6 else rng.choice(w.orgs))  # noqa: E731
        if roll < 0.35:
            post, org, _ = rng.choice(w.posts)
            node = _iri(f"tenure/{self.n:x}")
            t: list[Triple] = [(node, RDF.type, _news("Tenure")), (node, ORG.member, _iri(rng.choice(w.people))),
                               (node, _news("post"), _iri(post)), (node, ORG.organization, _iri(org))]
            start_text, start = _date(rng)
            if rng.random() < 0.7:
                t.append((node, _news("startDate"), start))
            if rng.random() < 0.4:
                end_year = min(2024, int(start_text[:4]) + rng.randint(0, 8))
                t.append((node, _news("endDate"), Literal(str(end_year), datatype=XSD.gYear)))
            if rng.random() < 0.05:
                t.append((node, _news("acting"), Literal(True)))
            previous = self.holders.get(post)
            if previous is not None and rng.random() < 0.5:
                t.append((node, _news("replaces"), previous))
            self.holders[post] = node
            return node, "Tenure", t
        if roll < 0.42:
            post, _, _ = rng.choice(w.posts)
            node = _iri(f"nomination/{self.n:x}")
            return node, "Nomination", [(node, RDF.type, _news("Nomination")), (node, _news("nominee"), _iri(rng.choice(w.people))),
                                        (node, _news("post"), _iri(post)), (node, _news("date"), _date(rng)[1])]
        if roll < 0.52:
            post, _, _ = rng.choice(w.posts)
            a, b = rng.sample(w.people, 2)
            node = _iri(f"succession/{self.n:x}")
            return node, "Succession", [(node, RDF.type, _news("Succession")), (node, _news("successor"), _iri(a)),
                                        (node, _news("predecessor"), _iri(b)), (node, _news("post"), _iri(post)),
                                        (node, _news("date"), _date(rng)[1])]
        if roll < 0.64:
            node = _iri(f"sanction/{self.n:x}")
            t = [(node, RDF.type, _news("Sanction")), (node, _news("entity"), agent()),
                 (node, _news("authority"), _iri(rng.choice(w.orgs)))]
            if rng.random() < 0.5:
                t.append((node, _news("program"), Literal(rng.choice(["EU-RUS", "OFAC-SDN", "UK-RUS", "UA-NSDC"]))))
            if rng.random() < 0.5:
                t.append((node, _news("startDate"), _date(rng, 2014)[1]))
            return node, "Sanction", t
        if roll < 0.74:
            node = _iri(f"obligation/{self.n:x}")
            t = [(node, RDF.type, _news("Obligation")), (node, _news("obligor"), agent()),
                 (node, _news("content"), Literal(f"deliver {rng.choice(WORDS).lower()} module {self.n}"))]
            if rng.random() < 0.5:
                t.append((node, _news("obligee"), agent()))
            return node, "Obligation", t
        if roll < 0.84:
            node = _iri(f"withdrawal/{self.n:x}")
            action = rng.choice(ACTIONS)
            t = [(node, RDF.type, _news("Withdrawal")), (node, _news("actor"), agent()),
                 (node, _news("action"), Literal(action)), (node, _news("objectText"), Literal(f"the {rng.choice(WORDS)} project"))]
            if action in ("suspend", "halt", "freeze"):
                t.append((node, RDF.type, _news("Suspension")))
            if rng.random() < 0.4:
                t.append((node, _news("object"), _iri(rng.choice(w.orgs))))
            return node, "Withdrawal", t
        node = _iri(f"statement/{self.n:x}")
        return node, "Statement", [(node, RDF.type, _news("Statement")), (node, _news("speaker"), agent()),
                                   (node, _news("content"), Literal(f"We will launch in {rng.randint(2024, 2035)}.")),
                                   (node, _news("date"), _date(rng)[1])]


def generate(triples: int, seed: int = 1) -> list[Triple]:
    """About ``triples`` distinct triples of a synthetic graph (fixed by ``seed``)."""
    rng = random.Random(seed)
    articles = max(5, triples // 120)
    world, out = make_world(rng, articles)
    seen: set[Triple] = set(out)
    generator = Generator(rng, world)
    index = 0
    while len(seen) < triples:
        for triple in generator.article(index):
            if triple not in seen:
                seen.add(triple)
                out.append(triple)
        index += 1
    return out


def world_sample(triples: list[Triple], kind: str, n: int, seed: int = 2) -> list[URIRef]:
    """``n`` nodes of the graph typed ``news:{kind}`` (for building deltas about existing nodes)."""
    nodes = sorted({s for s, p, o in triples if p == RDF.type and o == _news(kind)})  # type: ignore[misc]
    return random.Random(seed).sample(nodes, min(n, len(nodes)))  # type: ignore[arg-type]


def ntriples(triples: list[Triple]) -> bytes:
    """Sorted N-Triples (valid Turtle) of the triples."""
    lines = sorted({f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples})
    return "".join(lines).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="N-Triples file to write")
    args = parser.parse_args()
    triples = generate(args.triples, args.seed)
    args.out.write_bytes(ntriples(triples))
    print(f"wrote {len(triples)} triples to {args.out}")


if __name__ == "__main__":
    main()
