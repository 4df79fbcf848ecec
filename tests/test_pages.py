"""The pages' pictures and data (issue 15 item 7): the sanctions picture grouped, sorted, one
edge per pair and free of crossings, read from the SVG's coordinates; the timeline placing
month- and year-precision bounds over their month or year of the axis; the ontology page
leading with the project's own terms; the query editor opening on a stored query."""

from __future__ import annotations

import random
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal

from newskg.query.queries import list_queries
from newskg.rdf.vocab import ID, NEWS
from newskg.web import pages, svg

warnings.filterwarnings("ignore", message=".*httpx.*")
from starlette.testclient import TestClient  # noqa: E402
from tests.conftest import SAMPLE_TTL, sample_graph_folder  # noqa: E402

from newskg.web.endpoint import create_app  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
Point = tuple[float, float]


def _sanctions_graph(authorities: int, targets: int, seed: int = 15) -> tuple[Graph, set[tuple[str, str]]]:
    """Sanction facts: each target sanctioned by 1 to 3 authorities (some pairs stated twice,
    some without an authority), in shuffled order; and the set of (authority, target) pairs."""
    rng = random.Random(seed)
    graph = Graph()
    names = [f"Authority {chr(ord('A') + i)}" for i in range(authorities)]
    pairs: set[tuple[str, str]] = set()
    facts = []
    for t in range(targets):
        target = ID[f"org/target-{t:02d}"]
        graph.add((target, RDFS.label, Literal(f"Target {t:02d}")))
        chosen = rng.sample(range(authorities), rng.choice((1, 1, 2, 3)))
        if t % 10 == 0:
            chosen.append(-1)  # a text that names no authority
        for a in chosen:
            for _ in range(2 if rng.random() < 0.3 else 1):  # the same pair stated by two facts
                facts.append((a, target))
            pairs.add(("" if a < 0 else f"org/authority-{a}", f"org/target-{t:02d}"))
    rng.shuffle(facts)
    for n, (a, target) in enumerate(facts):
        fact = ID[f"sanction/{n:04d}"]
        graph.add((fact, RDF.type, NEWS.Sanction))
        graph.add((fact, NEWS.entity, target))
        if a >= 0:
            authority = ID[f"org/authority-{a}"]
            graph.add((fact, NEWS.authority, authority))
            graph.add((authority, RDFS.label, Literal(names[a])))
    return graph, pairs


def _edges(picture: str) -> list[tuple[str, str, Point, Point]]:
    root = ET.fromstring(picture)
    return [(line.get("data-authority", ""), line.get("data-target", ""),
             (float(line.get("x1", "")), float(line.get("y1", ""))), (float(line.get("x2", "")), float(line.get("y2", ""))))
            for line in root.iter(f"{SVG}line") if line.get("class") == "edge"]


def _orientation(p: Point, q: Point, r: Point) -> int:
    value = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return 0 if abs(value) < 1e-9 else (1 if value > 0 else -1)


def _on_segment(p: Point, q: Point, r: Point) -> bool:
    return min(p[0], r[0]) <= q[0] <= max(p[0], r[0]) and min(p[1], r[1]) <= q[1] <= max(p[1], r[1])


def segments_cross(a: tuple[Point, Point], b: tuple[Point, Point]) -> bool:
    """Whether two segments meet anywhere but at an end point they share."""
    (p1, p2), (p3, p4) = a, b
    shared = {p1, p2} & {p3, p4}
    if shared:  # one end in common (one authority): they overlap only along one line, same way
        if len(shared) == 2:
            return True
        (c,) = shared
        u, v = (p2 if p1 == c else p1), (p4 if p3 == c else p3)
        return _orientation(c, u, v) == 0 and (u[0] - c[0]) * (v[0] - c[0]) + (u[1] - c[1]) * (v[1] - c[1]) > 0
    o1, o2, o3, o4 = _orientation(p1, p2, p3), _orientation(p1, p2, p4), _orientation(p3, p4, p1), _orientation(p3, p4, p2)
    if o1 != o2 and o3 != o4:
        return True
    return any(o == 0 and _on_segment(s, m, e) for o, s, m, e in
               ((o1, p1, p3, p2), (o2, p1, p4, p2), (o3, p3, p1, p4), (o4, p3, p2, p4)))


def crossings(edges: list[tuple[str, str, Point, Point]]) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(edges)) for j in range(i + 1, len(edges))
            if segments_cross((edges[i][2], edges[i][3]), (edges[j][2], edges[j][3]))]


def test_crossing_check_sees_a_crossing() -> None:
    """The check below can fail: two edges drawn as an X cross, two in parallel do not."""
    x = [("a", "t", (0.0, 0.0), (10.0, 10.0)), ("b", "u", (0.0, 10.0), (10.0, 0.0))]
    parallel = [("a", "t", (0.0, 0.0), (10.0, 0.0)), ("b", "u", (0.0, 10.0), (10.0, 10.0))]
    fan = [("a", "t", (0.0, 5.0), (10.0, 0.0)), ("a", "u", (0.0, 5.0), (10.0, 10.0))]
    assert crossings(x) == [(0, 1)] and crossings(parallel) == [] and crossings(fan) == []


def test_sanctions_picture_has_no_crossings_with_50_targets() -> None:
    graph, pairs = _sanctions_graph(authorities=5, targets=50)
    groups = pages.sanctions(graph)
    edges = _edges(svg.sanctions_svg(groups))
    assert crossings(edges) == []
    drawn = [(a if a.startswith("org/") else "", t) for a, t, _, _ in edges]
    assert len(drawn) == len(set(drawn)), "a pair stated by two facts is one edge"
    assert set(drawn) == pairs
    assert len({t for _, t in drawn}) == 50


def test_sanctions_grouped_and_sorted() -> None:
    graph, _ = _sanctions_graph(authorities=5, targets=50)
    groups = pages.sanctions(graph)
    names = [g["authority"] for g in groups]
    assert names == [f"Authority {c}" for c in "ABCDE"] + [pages.UNNAMED_AUTHORITY]
    for group in groups:
        labels = [t["target"] for t in group["targets"]]
        assert labels == sorted(labels)
        assert len(labels) == len(set(labels))
    # the picture lists the targets in the same order, block by block, top to bottom
    edges = _edges(svg.sanctions_svg(groups))
    by_y = [t for _, t, _, end in sorted(edges, key=lambda e: e[3][1])]
    assert by_y == [t["target_key"] for g in groups for t in g["targets"]]


def test_sanctions_pair_stated_twice_is_one_row_with_both_dates() -> None:
    graph = Graph()
    for n, day in enumerate(("2022-02-24", "2022-03")):
        fact = ID[f"sanction/{n}"]
        graph.add((fact, RDF.type, NEWS.Sanction))
        graph.add((fact, NEWS.entity, ID["org/roscosmos"]))
        graph.add((fact, NEWS.authority, ID["org/eu"]))
        graph.add((fact, NEWS.startDate, Literal(day, datatype=XSD.date if len(day) == 10 else XSD.gYearMonth)))
    groups = pages.sanctions(graph)
    assert len(groups) == 1 and len(groups[0]["targets"]) == 1
    row = groups[0]["targets"][0]
    assert row["dates"] == ["2022-02-24", "2022-03"] and len(row["facts"]) == 2


# ── the timeline ────────────────────────────────────────────────────────────


def _axis(root: ET.Element) -> dict[int, float]:
    return {int(line.get("data-year", "")): float(line.get("x1", "")) for line in root.iter(f"{SVG}line")
            if line.get("class") == "year"}


def _x(axis: dict[int, float], day: date) -> float:
    """Where ``day`` falls on the axis, from the year lines the picture draws."""
    start, after = axis[day.year], axis[day.year + 1]
    length = (date(day.year + 1, 1, 1) - date(day.year, 1, 1)).days
    return start + (after - start) * (day - date(day.year, 1, 1)).days / length


def _shapes(root: ET.Element, fact: str) -> dict[str, tuple[float, float]]:
    for group in root.iter(f"{SVG}g"):
        if group.get("data-fact") == fact:
            return {rect.get("class", ""): (float(rect.get("x", "")), float(rect.get("x", "")) + float(rect.get("width", "")))
                    for rect in group.iter(f"{SVG}rect")}
    raise AssertionError(f"no tenure {fact} in the picture")


@pytest.fixture(scope="module")
def sample() -> Graph:
    return Graph().parse(SAMPLE_TTL, format="turtle")


def test_timeline_month_precision_spans_its_month(sample: Graph) -> None:
    root = ET.fromstring(svg.timeline_svg(pages.timeline(sample)))
    axis = _axis(root)
    shapes = _shapes(root, str(ID["tenure/0000000000000001"]))  # Rogozin: 2018-05 to 2022-07-15
    x0, x1 = shapes["bound month"]
    assert x0 == pytest.approx(_x(axis, date(2018, 5, 1)), abs=0.05)
    assert x1 == pytest.approx(_x(axis, date(2018, 6, 1)), abs=0.05)
    held = shapes["held"]  # from the end of May to the end of the known day
    assert held[0] == pytest.approx(_x(axis, date(2018, 6, 1)), abs=0.05)
    assert held[1] == pytest.approx(_x(axis, date(2022, 7, 16)), abs=0.05)


def test_timeline_year_precision_and_open_end(sample: Graph) -> None:
    root = ET.fromstring(svg.timeline_svg(pages.timeline(sample)))
    axis = _axis(root)
    shapes = _shapes(root, str(ID["tenure/0000000000000003"]))  # Bill Nelson: from 2021, no end
    assert shapes["bound year"] == pytest.approx((axis[2021], axis[2022]), abs=0.05)
    assert "held" not in shapes
    start, _ = shapes["open end"]
    assert start == pytest.approx(axis[2022], abs=0.05)


def test_timeline_unknown_start_opens_to_the_left() -> None:
    posts = [{"post": "Head", "key": "", "tenures": [
        {"person": "A", "person_key": "", "start": "", "end": "2022-07", "acting": False, "fact": "f1"},
        {"person": "B", "person_key": "", "start": "2022-03", "end": "2022-03", "acting": False, "fact": "f2"},
        {"person": "C", "person_key": "", "start": "", "end": "", "acting": False, "fact": "f3"}]}]
    root = ET.fromstring(svg.timeline_svg(posts))
    axis = _axis(root)
    a = _shapes(root, "f1")
    assert a["open start"][1] == pytest.approx(_x(axis, date(2022, 7, 1)), abs=0.05)
    assert a["bound month"] == pytest.approx((_x(axis, date(2022, 7, 1)), _x(axis, date(2022, 8, 1))), abs=0.05)
    b = _shapes(root, "f2")  # starts and ends within March: one hatched span over March
    assert b == {"bound month": pytest.approx((_x(axis, date(2022, 3, 1)), _x(axis, date(2022, 4, 1))), abs=0.05)}
    with pytest.raises(AssertionError):
        _shapes(root, "f3")  # no dates at all: the page's table says so, the picture has no bar


@pytest.mark.parametrize(("value", "span"), [
    ("2021", (2021.0, 2022.0, "year")),
    ("2020-02", (2020 + 31 / 366, 2020 + 60 / 366, "month")),
    ("2021-12", (2021 + 334 / 365, 2022.0, "month")),
    ("2021-07-02", (2021 + 182 / 365, 2021 + 183 / 365, "day")),
])
def test_date_span(value: str, span: tuple[float, float, str]) -> None:
    lo, hi, precision = svg.date_span(value)  # type: ignore[misc]
    assert (lo, hi) == pytest.approx(span[:2]) and precision == span[2]


@pytest.mark.parametrize("value", ["", "soon", "2021-13", "2021-02-30"])
def test_date_span_of_no_date(value: str) -> None:
    assert svg.date_span(value) is None


# ── pages over HTTP ─────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = sample_graph_folder(tmp_path_factory.mktemp("pages") / "graph")
    with TestClient(create_app(folder, timeout=5, workers=1)) as c:
        yield c


def test_ontology_page_leads_with_own_classes(client: TestClient) -> None:
    import re

    text = client.get("/ontology").text
    classes = text[text.index('id="classes"'):text.index('id="properties"')]
    qnames = re.findall(r'<section class="term class[^"]*" id="([^"]+)"', classes)
    own = [q for q in qnames if q.startswith("news:")]
    assert own and qnames[: len(own)] == own, "the news: classes come first"
    assert any(q.startswith("org:") for q in qnames) and own == sorted(own)
    properties = re.findall(r'<section class="term property[^"]*" id="([^"]+)"', text)
    assert properties[0].startswith("news:")


def test_editor_opens_on_a_stored_query(client: TestClient) -> None:
    import html
    import re

    def editor_text(page: str) -> str:
        match = re.search(r'<textarea id="query-text"[^>]*>(.*?)</textarea>', page, re.S)
        assert match
        return html.unescape(match.group(1))

    stored = {q.name: q for q in list_queries()}
    assert editor_text(client.get("/", params={"query": "who-is-under-sanctions"}).text) == \
        stored["who-is-under-sanctions"].text
    assert editor_text(client.get("/").text) == list_queries()[0].text
    shared = "ASK { ?s ?p ?o }"  # the editor's own share links carry the query text
    assert editor_text(client.get("/", params={"query": shared}).text) == shared
    api = client.get("/api").text
    for name in stored:
        assert f'href="/?query={name}"' in api


def test_sanctions_page_table_beside_picture(client: TestClient) -> None:
    text = client.get("/sanctions").text
    assert text.index('id="sanctions-picture"') < text.index('id="sanctions-table"')
    assert text.count('<tbody class="group">') == len(pages.sanctions(Graph().parse(SAMPLE_TTL, format="turtle")))
