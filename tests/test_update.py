"""`newskg add` and `newskg retract` (newskg.folder.update): incremental checks, atomic commits.

- every delta of tests/data/update/deltas/ is validated incrementally and fully; the
  verdicts and the results must be the same (``#+ expect:`` says which way it goes);
- the inferences of valid deltas, computed incrementally, equal the full owlrl closure's;
- the command line: provenance the stored queries show, idempotence, byte-identical
  folders on violations and bad input, dry runs, stdin, rebuilds keeping additions;
- articles: build(A) + add(B) == build(A+B) and build(A+B) - retract(B) == build(A);
- crash safety: a child process killed at random moments of a commit.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from newskg.cli import cli
from newskg.folder.backends import OxigraphBackend
from newskg.folder.store import load_graph, write_graph_folder
from newskg.folder.update import graph_index
from newskg.query.queries import run_query
from newskg.rdf.incremental import check_delta, infer_delta
from newskg.rdf.locality import MemorySource
from newskg.rdf.reasoning import infer
from newskg.rdf.validation import ValidationReport, validate

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "update"
CASES = sorted(p for p in (DATA / "deltas").glob("*.ttl") if not p.name.endswith(".remove.ttl"))
ID = "https://newskg.dev/id/"
AT = "2026-01-02T03:04:05Z"

USER_FACT = """@prefix news: <https://newskg.dev/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://newskg.dev/id/> .

<tenure/borisov> a news:Tenure ;
    org:member <person/borisov> ;
    news:post <post/roscosmos/head> ;
    org:organization <org/roscosmos> ;
    news:startDate "2022-07-15"^^xsd:date .
"""
BAD_FACT = """@prefix news: <https://newskg.dev/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://newskg.dev/id/> .

<tenure/rogozin> news:endDate "2017"^^xsd:gYear .
"""


# ── fixtures ────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def shapes() -> Graph:
    from newskg.folder.build import load_shapes

    return load_shapes()


@pytest.fixture(scope="module")
def base() -> Graph:
    return Graph().parse(DATA / "base.ttl")


@pytest.fixture(scope="module")
def base_inferred(base: Graph, ontology_graph: Graph) -> Graph:
    return infer(base, ontology_graph)


@pytest.fixture(scope="module")
def stored_index(tmp_path_factory: pytest.TempPathFactory, base: Graph, base_inferred: Graph):  # type: ignore[no-untyped-def]
    """The base graph as a graph folder, seen through its pyoxigraph index."""
    folder = tmp_path_factory.mktemp("stored") / "graph"
    write_graph_folder(folder, base, base_inferred, Graph(), {"format": 1})
    index = graph_index(folder).open()
    yield index
    index.close()


@pytest.fixture()
def folder(tmp_path: Path, base: Graph, base_inferred: Graph) -> Path:
    out = tmp_path / "graph"
    write_graph_folder(out, base, base_inferred, Graph(), {"format": 1})
    return out


def all_bytes(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, by relative name."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def result_keys(report: ValidationReport) -> set[tuple[object, ...]]:
    return {(v.focus, v.path, v.value, v.message, v.severity) for v in report.results}


def read_case(case: Path) -> tuple[Graph, Graph, str]:
    expect = next(line.split(":", 1)[1].strip() for line in case.read_text().splitlines() if line.startswith("#+ expect:"))
    remove_file = case.with_name(case.stem + ".remove.ttl")
    removed = Graph().parse(remove_file) if remove_file.exists() else Graph()
    return Graph().parse(case), removed, expect


def rows(graph: Graph, name: str) -> list[dict[str, object]]:
    return [row.asdict() for row in run_query(graph, name)]  # type: ignore[union-attr]


def invoke(*args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


# ── incremental == full ─────────────────────────────────────────────────────


def test_the_delta_set_covers_valid_and_invalid_cases() -> None:
    expects = [read_case(c)[2] for c in CASES]
    assert expects.count("conforms") >= 5 and expects.count("violation") >= 15


def new_triples(added: Graph, base: Graph) -> Graph:
    """The triples of ``added`` the stored ``base`` does not hold yet (what ``add`` checks)."""
    delta = Graph()
    for triple in added:
        if triple not in base:
            delta.add(triple)
    return delta


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_incremental_verdict_equals_full_validation(
    case: Path, base: Graph, shapes: Graph, ontology_graph: Graph, stored_index: OxigraphBackend
) -> None:
    added, removed, expect = read_case(case)
    after = Graph()
    for triple in base:
        if triple not in removed:
            after.add(triple)
    for triple in added:
        after.add(triple)
    full = validate(after, shapes, ontology_graph)
    assert full.conforms == (expect == "conforms"), full.to_text()
    delta = new_triples(added, base)
    for source in (MemorySource(base), stored_index):
        incremental = check_delta(source, delta, removed, shapes, ontology_graph)
        assert incremental.conforms == full.conforms
        assert result_keys(incremental) == result_keys(full), (incremental.to_text(), full.to_text())


@pytest.mark.parametrize("case", [c for c in CASES if c.stem.startswith("valid") and "remove" not in c.stem],
                         ids=lambda p: p.stem)
def test_incremental_inference_equals_full_closure(
    case: Path, base: Graph, base_inferred: Graph, ontology_graph: Graph, stored_index: OxigraphBackend
) -> None:
    added, _, _ = read_case(case)
    delta = new_triples(added, base)
    expected = set(infer(base + added, ontology_graph)) - set(base_inferred)
    for source in (MemorySource(base, base_inferred), stored_index):
        assert set(infer_delta(source, delta, ontology_graph)) == expected


def test_transitive_inferences_reach_nodes_outside_the_delta(base: Graph, base_inferred: Graph,
                                                             ontology_graph: Graph) -> None:
    added, _, _ = read_case(DATA / "deltas" / "valid-new-top-organization.ttl")
    got = infer_delta(MemorySource(base, base_inferred), added, ontology_graph)
    org = "http://www.w3.org/ns/org#"
    assert (URIRef(ID + "org/glavkosmos"), URIRef(org + "transitiveSubOrganizationOf"), URIRef(ID + "org/csto")) in got


# ── the command line ────────────────────────────────────────────────────────


def test_add_commits_with_provenance_the_queries_show(folder: Path, tmp_path: Path) -> None:
    fact = tmp_path / "borisov.ttl"
    fact.write_text(USER_FACT, encoding="utf-8")
    result = invoke("add", str(fact), "--graph", str(folder), "--by", "alice")
    assert result.exit_code == 0, result.output
    graph = load_graph(folder)
    tenure = URIRef(ID + "tenure/borisov")
    assert (tenure, None, None) in graph
    evidence = [r for r in rows(graph, "evidence") if str(r["fact"]) == str(tenure)]
    assert len(evidence) == 1
    assert str(evidence[0]["rule"]) == "user" and str(evidence[0]["article"]).startswith("addition-")
    assert "alice" in str(evidence[0]["sentence"]) and "borisov.ttl, line 6" in str(evidence[0]["sentence"])
    posts = [r for r in rows(graph, "who-holds-what-post") if str(r["fact"]) == str(tenure)]
    assert posts and str(posts[0]["sources"]).startswith("addition-") and str(posts[0]["person"]) == "Yuri Borisov"
    source = graph.value(tenure, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    assert str(graph.value(source, URIRef("http://www.w3.org/ns/prov#wasAttributedTo"))) == ID + "user/alice"
    assert graph.value(source, URIRef("http://purl.org/dc/terms/created")) is not None
    assert str(graph.value(source, URIRef("http://purl.org/dc/terms/source"))) == "borisov.ttl"
    # the inference the addition enables is stored too
    assert (URIRef(ID + "person/borisov"), URIRef("http://www.w3.org/ns/org#hasMembership"), tenure) in graph


def test_adding_the_same_facts_twice_changes_nothing(folder: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.nt"
    first.write_text(USER_FACT, encoding="utf-8")
    second.write_bytes(Graph().parse(data=USER_FACT, format="turtle").serialize(format="nt", encoding="utf-8"))
    assert invoke("add", str(first), "--graph", str(folder)).exit_code == 0
    before = all_bytes(folder)
    for path, by in ((first, "alice"), (second, "bob")):  # same file again; same facts from another file and user
        result = invoke("add", str(path), "--graph", str(folder), "--by", by)
        assert result.exit_code == 0 and "already there" in result.output
        assert all_bytes(folder) == before


def test_a_violation_exits_1_names_node_property_line_and_changes_no_byte(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD_FACT, encoding="utf-8")
    before = all_bytes(folder)
    result = invoke("add", str(bad), "--graph", str(folder))
    assert result.exit_code == 1
    assert "tenure/rogozin" in result.output and "news:endDate" in result.output
    assert "ends (2017) before it starts (2018-05)" in result.output
    assert f"{bad}, line 6" in result.output and 'shape "tenure ends after it starts"' in result.output
    assert all_bytes(folder) == before


@pytest.mark.parametrize("kind", ["malformed", "binary", "empty", "huge", "unknown-suffix", "missing"])
def test_bad_input_exits_2_and_changes_no_byte(kind: str, folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "input.ttl"
    expect = {"malformed": "line 3", "binary": "binary", "empty": "empty", "huge": "too large",
              "unknown-suffix": "unknown RDF format", "missing": "no such file"}[kind]
    if kind == "malformed":
        path.write_text('@prefix news: <https://newskg.dev/ontology#> .\n\n<https://newskg.dev/id/x> news:p "open .\n')
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 4)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "huge":
        line = b'<https://newskg.dev/id/x> <https://newskg.dev/ontology#content> "' + b"x" * 1000 + b'" .\n'
        with open(path, "wb") as handle:
            for _ in range(50 * 1024):
                handle.write(line)
        assert path.stat().st_size > 50_000_000
    elif kind == "unknown-suffix":
        path = tmp_path / "input.docx"
        path.write_text("hello")
    before = all_bytes(folder)
    result = invoke("add", str(path), "--graph", str(folder))
    assert result.exit_code == 2, result.output
    assert expect in result.output and "Traceback" not in result.output
    assert all_bytes(folder) == before


def test_dry_run_prints_counts_and_facts_and_commits_nothing(folder: Path, tmp_path: Path) -> None:
    fact = tmp_path / "borisov.ttl"
    fact.write_text(USER_FACT, encoding="utf-8")
    before = all_bytes(folder)
    result = invoke("add", str(fact), "--graph", str(folder), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1\tTenure" in result.output and "1\tEvidence" in result.output
    assert "tenure/borisov" in result.output and "startDate=2022-07-15" in result.output
    assert "would add" in result.output
    assert all_bytes(folder) == before


def test_add_reads_turtle_on_stdin_and_retract_removes_the_addition(folder: Path, base: Graph) -> None:
    before = all_bytes(folder)
    result = invoke("add", "-", "--graph", str(folder), "--by", "carol", input=USER_FACT)
    assert result.exit_code == 0, result.output
    graph = load_graph(folder, with_inferred=False)
    ident = graph.value(graph.value(URIRef(ID + "tenure/borisov"), URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")),
                        URIRef("http://purl.org/dc/terms/identifier"))
    assert str(ident).startswith("addition-")
    result = invoke("retract", str(ident), "--graph", str(folder))
    assert result.exit_code == 0, result.output
    assert isomorphic(load_graph(folder, with_inferred=False), base)
    assert all_bytes(folder)["asserted.ttl"] == before["asserted.ttl"]


@pytest.mark.parametrize("fmt", ["trig", "json-ld"])
def test_add_reads_trig_named_graphs_and_jsonld(fmt: str, folder: Path, tmp_path: Path) -> None:
    facts = Graph().parse(data=USER_FACT, format="turtle")
    if fmt == "trig":
        body = facts.serialize(format="nt")
        path = tmp_path / "fact.trig"
        path.write_text("<urn:x:named> {\n" + body + "}\n", encoding="utf-8")
    else:
        path = tmp_path / "fact.jsonld"
        path.write_text(facts.serialize(format="json-ld"), encoding="utf-8")
    result = invoke("add", str(path), "--graph", str(folder))
    assert result.exit_code == 0, result.output
    assert (URIRef(ID + "tenure/borisov"), URIRef("http://www.w3.org/ns/org#member"), None) in load_graph(folder)


def test_retract_of_an_unknown_id_exits_2(folder: Path) -> None:
    before = all_bytes(folder)
    result = invoke("retract", "no-such-article", "--graph", str(folder))
    assert result.exit_code == 2 and "no-such-article" in result.output
    assert all_bytes(folder) == before


def test_every_new_command_has_help() -> None:
    for name in ("add", "retract"):
        result = invoke(name, "--help")
        assert result.exit_code == 0 and len(result.output) > 200


# ── articles: add, retract and rebuild ──────────────────────────────────────

ARTICLE_A = "001_36725df5c7c16ece"
ARTICLE_B = "002_1f241362353919f8"


def _build(articles: list[str], out: Path, tmp_path: Path) -> None:
    source = tmp_path / f"articles-{out.name}"
    source.mkdir()
    for name in articles:
        shutil.copy(ROOT / "articles" / f"{name}.txt", source)
    result = invoke("build", "--articles", str(source), "--out", str(out), "-q")
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("built")
    out = {"a": tmp / "a", "ab": tmp / "ab"}
    _build([ARTICLE_A], out["a"], tmp)
    _build([ARTICLE_A, ARTICLE_B], out["ab"], tmp)
    return out


COMPARED = ("asserted.ttl", "inferred.ttl", "review.jsonl")


def test_add_article_equals_building_with_it(built: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "graph"
    shutil.copytree(built["a"], folder)
    result = invoke("add", str(ROOT / "articles" / f"{ARTICLE_B}.txt"), "--graph", str(folder))
    assert result.exit_code == 0, result.output
    for name in COMPARED:
        assert (folder / name).read_bytes() == (built["ab"] / name).read_bytes(), name
    before = all_bytes(folder)
    again = invoke("add", str(ROOT / "articles" / f"{ARTICLE_B}.txt"), "--graph", str(folder))
    assert again.exit_code == 0 and "already there" in again.output
    assert all_bytes(folder) == before


def test_retract_is_exact(built: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "graph"
    shutil.copytree(built["ab"], folder)
    result = invoke("retract", ARTICLE_B, "--graph", str(folder))
    assert result.exit_code == 0, result.output
    for name in COMPARED:
        assert (folder / name).read_bytes() == (built["a"] / name).read_bytes(), name
    assert isomorphic(load_graph(folder), load_graph(built["a"]))


def test_a_rebuild_keeps_user_additions(built: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "graph"
    shutil.copytree(built["a"], folder)
    person = next(iter(load_graph(folder).subjects(
        URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef("https://newskg.dev/ontology#Person"))))
    fact = tmp_path / "statement.ttl"
    fact.write_text(f"""@prefix news: <https://newskg.dev/ontology#> .
<https://newskg.dev/id/statement/user-1> a news:Statement ; news:speaker <{person}> ;
    news:content "A statement an analyst heard." .
""", encoding="utf-8")
    assert invoke("add", str(fact), "--graph", str(folder), "--by", "dave").exit_code == 0
    additions = sorted(p.name for p in (folder / "additions").iterdir())
    _build([ARTICLE_A], folder, tmp_path)
    assert sorted(p.name for p in (folder / "additions").iterdir()) == [a for a in additions if "inferred" not in a]
    graph = load_graph(folder)
    found = [r for r in rows(graph, "evidence") if str(r["fact"]).endswith("statement/user-1")]
    assert found and str(found[0]["rule"]) == "user"


# ── crash safety ────────────────────────────────────────────────────────────

CHILD = r"""
import os, sys, time
import newskg.folder.store as store
import newskg.folder.change as change
real_link, real_fsync = os.link, os.fsync
def slow_link(*a, **k):
    time.sleep(0.03); return real_link(*a, **k)
def slow_fsync(fd):
    time.sleep(0.03); return real_fsync(fd)
real_commit = store.commit_files
def commit(*a, **k):
    print("commit", flush=True)
    os.link, os.fsync = slow_link, slow_fsync
    return real_commit(*a, **k)
change.commit_files = commit
import newskg.folder.update as update
update.add([sys.argv[1]], sys.argv[2], by="crash", at=sys.argv[3])
print("done", flush=True)
"""


def test_a_commit_killed_at_any_moment_leaves_the_old_or_the_new_folder(folder: Path, tmp_path: Path) -> None:
    from newskg.folder.update import add

    fact = tmp_path / "borisov.ttl"
    fact.write_text(USER_FACT, encoding="utf-8")
    pristine = tmp_path / "pristine"
    shutil.copytree(folder, pristine)
    old = all_bytes(folder)
    add([str(fact)], folder, by="crash", at=AT)
    new = all_bytes(folder)
    assert new != old
    old_graph, new_graph = load_graph(pristine), load_graph(folder)
    rng = random.Random(4)
    seen: set[str] = set()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    delays = [0.0, 0.1, 0.2, 0.3, 0.45, 0.7]  # the slowed-down commit takes ~0.35 s
    rng.shuffle(delays)
    for attempt, delay in enumerate(delays):
        target = tmp_path / f"g{attempt}" / "graph"
        shutil.copytree(pristine, target)
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(fact), str(target), AT],
                                 stdout=subprocess.PIPE, env=env, text=True)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "commit"
        import time

        time.sleep(delay + rng.uniform(0.0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait()
        state = all_bytes(target)
        assert state in (old, new)
        seen.add("new" if state == new else "old")  # (a kill during the index update leaves "new")
        assert isomorphic(load_graph(target), new_graph if state == new else old_graph)
        # the next add works whatever the index went through, and ends in the new state
        add([str(fact)], target, by="crash", at=AT)
        assert all_bytes(target) == new
    print("outcomes:", sorted(seen))  # both usually occur; either is correct


# ── additions survive every later build (issue 13) ──────────────────────────

# Small articles of their own (not the bundled ones): one succession each.
OWN_ARTICLES = {
    "201_quell": ("2023-03-10", "Paris, March 10 (Test Wire) On March 9, Marta Quell succeeded Oskar Brandt "
                                "as the director general of Roscosmos."),
    "202_sanction": ("2023-04-02", "Washington, April 2 (Test Wire) The United States imposed sanctions on "
                                   "Roscosmos on April 1."),
}
ADDED_ARTICLE = ("203_vogt", "2023-06-20", "Paris, June 20 (Test Wire) On June 19, Lena Vogt succeeded Marta Quell "
                                           "as the director general of Roscosmos.")
USER_TENURE = """@prefix news: <https://newskg.dev/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://newskg.dev/id/> .

<person/ada-lindqvist> a news:Person ; rdfs:label "Ada Lindqvist" .
<tenure/user-lindqvist> a news:Tenure ;
    org:member <person/ada-lindqvist> ;
    news:post <post/roscosmos/head> ;
    org:organization <org/roscosmos> ;
    news:startDate "2019-01-01"^^xsd:date ;
    news:endDate "2020-01-01"^^xsd:date .
"""


def _write_article(folder: Path, name: str, published: str, body: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(f'---\ntitle: "{name}"\nsource: Test Wire\npublished: {published}\n---\n{body}\n', encoding="utf-8")
    return path


def _tenure_sources(folder: Path) -> dict[str, str]:
    """person -> sources of their tenures, as `newskg query who-holds-what-post` shows them."""
    import csv
    import io

    result = invoke("query", "who-holds-what-post", "--graph", str(folder), "--format", "csv")
    assert result.exit_code == 0, result.output
    found: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(result.output)):
        found[row["person"]] = " ".join(sorted(set(found.get(row["person"], "").split()) | set(row["sources"].split())))
    return found


@pytest.mark.parametrize("store", ["files", "oxigraph"])
def test_additions_survive_every_later_build_and_retract_removes_each(store: str, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, (published, body) in OWN_ARTICLES.items():
        _write_article(articles, name, published, body)
    graph = tmp_path / "graph"
    built = invoke("build", "--articles", str(articles), "--out", str(graph), "-q", "--store", store)
    assert built.exit_code == 0, built.output
    assert "Lena Vogt" not in _tenure_sources(graph)

    # an article and an RDF file added by a user
    added_article = _write_article(tmp_path, *ADDED_ARTICLE)
    assert invoke("add", str(added_article), "--graph", str(graph), "--by", "erin").exit_code == 0
    user_file = tmp_path / "lindqvist.ttl"
    user_file.write_text(USER_TENURE, encoding="utf-8")
    assert invoke("add", str(user_file), "--graph", str(graph), "--by", "erin").exit_code == 0
    after_add = _tenure_sources(graph)
    assert after_add["Lena Vogt"] == "203_vogt"
    addition = after_add["Ada Lindqvist"]
    assert addition.startswith("addition-")

    def both_there() -> None:
        sources = _tenure_sources(graph)
        assert sources.get("Lena Vogt") == "203_vogt", sources
        assert sources.get("Ada Lindqvist") == addition, sources
        assert "203_vogt" in sources["Marta Quell"]  # the added article still ends her tenure

    # a rebuild of the same articles keeps both additions and counts the added article
    rebuilt = invoke("build", "--articles", str(articles), "--out", str(graph), "-q", "--store", store)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "3 articles" in rebuilt.output, rebuilt.output
    both_there()
    # ... and so does a rebuild after another article was edited
    _write_article(articles, "202_sanction", "2023-04-02", OWN_ARTICLES["202_sanction"][1] +
                   "\n\nOn April 1, Oskar Brandt succeeded Ivo Santos as the director general of Roscosmos.")
    edited = invoke("build", "--articles", str(articles), "--out", str(graph), "-q", "--store", store)
    assert edited.exit_code == 0, edited.output
    both_there()
    assert _tenure_sources(graph).get("Ivo Santos") == "202_sanction"

    # retract removes each, and a later build does not bring it back
    assert invoke("retract", "203_vogt", "--graph", str(graph)).exit_code == 0
    assert "Lena Vogt" not in _tenure_sources(graph)
    assert _tenure_sources(graph)["Ada Lindqvist"] == addition
    assert invoke("retract", addition, "--graph", str(graph)).exit_code == 0
    assert "Ada Lindqvist" not in _tenure_sources(graph)
    again = invoke("build", "--articles", str(articles), "--out", str(graph), "-q", "--store", store)
    assert again.exit_code == 0, again.output
    sources = _tenure_sources(graph)
    assert "Lena Vogt" not in sources and "Ada Lindqvist" not in sources
    assert "Marta Quell" in sources and "Ivo Santos" in sources
