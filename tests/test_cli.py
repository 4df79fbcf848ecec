from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from newskg import settings
from newskg.cli import cli
from newskg.folder.store import snapshot
from newskg.query.queries import list_queries

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ["build", "query", "sparql", "validate", "export"]
# The stored queries and the columns the scorer reads (shared/eval/README.md).
DOCUMENTED_COLUMNS = {
    "who-holds-what-post": ["fact", "person", "post", "organization", "start", "end", "sources"],
    "who-succeeded-whom": ["fact", "successor", "predecessor", "post", "date", "sources"],
    "who-is-under-sanctions": ["fact", "target", "authority", "date", "sources"],
    "who-owes-what": ["fact", "bearer", "obligation", "counterparty", "sources"],
    "who-withdrew-from-what": ["fact", "actor", "action", "object", "date", "sources"],
    "who-is-who": ["entity", "type", "label", "aliases"],
    "evidence": ["fact", "article", "sentence"],
}
BAD_FACT = """
@prefix news: <https://newskg.dev/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://newskg.dev/id/tenure/bad> a news:Tenure ;
    org:member <https://newskg.dev/id/org/roscosmos> ;
    news:post <https://newskg.dev/id/post/roscosmos/head> ;
    org:organization <https://newskg.dev/id/org/roscosmos> ;
    news:evidence <https://newskg.dev/id/evidence/e1> ;
    prov:wasDerivedFrom <https://newskg.dev/id/article/a1> .
"""


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def _run(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(runner: CliRunner, command: str) -> None:
    result = _run(runner, command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    help_text = cli.commands[command].help
    assert help_text and len(help_text) > 40


def test_query_list(runner: CliRunner) -> None:
    result = _run(runner, "query", "--list")
    assert result.exit_code == 0
    queries = list_queries()
    assert queries, "queries/ holds no stored query"
    for query in queries:
        # aligned columns (the summary may wrap to the terminal's width)
        assert re.search(rf"^{re.escape(query.name)} +{re.escape(' '.join(query.summary.split()[:3]))}", result.output, re.M)
    starts = {len(m.group(1)) for m in re.finditer(r"^([a-z0-9-]+ +)\S", result.output, re.M)}
    assert len(starts) == 1, "the summaries start in one column"


def test_unknown_query(runner: CliRunner, graph_dir: Path) -> None:
    result = _run(runner, "query", "no-such-query", "--graph", str(graph_dir))
    assert result.exit_code == 2
    assert "no-such-query" in result.stderr
    assert "Traceback" not in result.output


def test_path_like_query_name(runner: CliRunner, graph_dir: Path) -> None:
    result = _run(runner, "query", "../x", "--graph", str(graph_dir))
    assert result.exit_code == 2
    assert "'../x'" in result.stderr


def test_broken_sparql(runner: CliRunner, graph_dir: Path) -> None:
    result = _run(runner, "sparql", "SELECT ?x WHERE { ?x", "--graph", str(graph_dir))
    assert result.exit_code == 2
    assert "not valid SPARQL" in result.stderr


def test_broken_stored_query(runner: CliRunner, graph_dir: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "oops.rq").write_text("#+ summary: oops\nSELECT WHERE {", encoding="utf-8")
    monkeypatch.setattr(settings, "QUERIES_DIR", folder)
    result = _run(runner, "query", "oops", "--graph", str(graph_dir))
    assert result.exit_code == 2
    assert "oops" in result.stderr and "not valid SPARQL" in result.stderr


def test_sparql_update_refused(runner: CliRunner, graph_dir: Path) -> None:
    before = snapshot(graph_dir)
    result = _run(runner, "sparql", "DELETE WHERE { ?s ?p ?o }", "--graph", str(graph_dir))
    assert result.exit_code == 2 and "refused" in result.stderr
    assert snapshot(graph_dir) == before


def test_sparql_from_stdin(runner: CliRunner, graph_dir: Path) -> None:
    result = runner.invoke(cli, ["sparql", "-", "--graph", str(graph_dir), "--format", "csv"],
                           input="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert result.exit_code == 0
    assert int(result.stdout.splitlines()[1]) > 0


def test_missing_graph(runner: CliRunner, tmp_path: Path) -> None:
    result = _run(runner, "sparql", "ASK {}", "--graph", str(tmp_path / "none"))
    assert result.exit_code == 2 and "no graph" in result.stderr


def test_validate_malformed_turtle_names_file_and_line(runner: CliRunner, graph_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:d ex:e .\n", encoding="utf-8")
    result = _run(runner, "validate", str(bad), "--graph", str(graph_dir))
    assert result.exit_code == 2
    assert "bad.ttl, line 3" in result.stderr
    assert "Traceback" not in result.output


def test_validate_binary_file(runner: CliRunner, graph_dir: Path, tmp_path: Path) -> None:
    binary = tmp_path / "image.ttl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    result = _run(runner, "validate", str(binary), "--graph", str(graph_dir))
    assert result.exit_code == 2
    assert "image.ttl" in result.stderr and "binary" in result.stderr


def test_validate_shape_violation(runner: CliRunner, graph_dir: Path, tmp_path: Path) -> None:
    fact = tmp_path / "fact.ttl"
    fact.write_text(BAD_FACT, encoding="utf-8")
    before = snapshot(graph_dir)
    result = _run(runner, "validate", str(fact), "--graph", str(graph_dir))
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "tenure/bad" in line]
    assert lines, result.stderr
    assert any("org:member" in line and "Roscosmos" in line for line in lines), result.stderr
    assert "http://www.w3.org/ns/shacl#" not in result.stderr  # readable, not a report dump
    assert snapshot(graph_dir) == before


def test_validate_stored_graph_conforms(runner: CliRunner, graph_dir: Path) -> None:
    result = _run(runner, "validate", "--graph", str(graph_dir))
    assert result.exit_code == 0 and "conforms" in result.output


def test_build_missing_articles(runner: CliRunner, graph_dir: Path, tmp_path: Path) -> None:
    before = snapshot(graph_dir)
    result = _run(runner, "build", "--articles", str(tmp_path / "missing"), "--out", str(graph_dir))
    assert result.exit_code == 2
    assert "missing" in result.stderr
    assert snapshot(graph_dir) == before


def test_build_binary_article(runner: CliRunner, graph_dir: Path, articles_tmp: Path) -> None:
    (articles_tmp / "a.txt").write_bytes(b"\x00\x01\x02binary")
    before = snapshot(graph_dir)
    result = _run(runner, "build", "--articles", str(articles_tmp), "--out", str(graph_dir))
    assert result.exit_code == 2 and "a.txt" in result.stderr
    assert snapshot(graph_dir) == before


@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig", "nquads", "jsonld", "xml"])
def test_export_parses_back(runner: CliRunner, graph_dir: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    result = _run(runner, "export", "--graph", str(graph_dir), "--format", fmt, "--with-inferred", "-o", str(out))
    assert result.exit_code == 0
    data = out.read_bytes()
    rdflib_format = {"jsonld": "json-ld"}.get(fmt, fmt)
    if fmt in ("trig", "nquads"):
        dataset = Dataset().parse(data=data, format=rdflib_format)
        names = {str(g.identifier) for g in dataset.contexts()}
        assert {"https://newskg.dev/graph/asserted", "https://newskg.dev/graph/inferred"} <= names
        assert sum(1 for _ in dataset.quads()) > 0
    else:
        assert len(Graph().parse(data=data, format=rdflib_format)) > 0
    if fmt == "turtle":
        assert list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))


def test_export_to_stdout(runner: CliRunner, graph_dir: Path) -> None:
    result = _run(runner, "export", "--graph", str(graph_dir), "--format", "nt")
    assert result.exit_code == 0
    assert len(Graph().parse(data=result.stdout, format="nt")) > 0


# ── end to end: the bundled articles, as the scorer runs them ───────────────


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("e2e") / "graph"
    result = CliRunner().invoke(cli, ["build", "--articles", str(ROOT / "articles"), "--out", str(out)])
    assert result.exit_code == 0, result.output + str(result.exception)
    return out


def test_e2e_build_conforms(built: Path) -> None:
    report = Graph().parse(built / "report.ttl")
    conforms = list(report.objects(None, URIRef_SH_CONFORMS))
    assert [str(c) for c in conforms] == ["true"]
    assert len(Graph().parse(built / "asserted.ttl")) > 0


URIRef_SH_CONFORMS = __import__("rdflib").URIRef("http://www.w3.org/ns/shacl#conforms")


@pytest.mark.parametrize("name", sorted(DOCUMENTED_COLUMNS))
def test_e2e_stored_queries_give_documented_columns(built: Path, name: str) -> None:
    result = CliRunner().invoke(cli, ["query", name, "--graph", str(built), "--format", "csv"])
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.stdout))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    assert set(DOCUMENTED_COLUMNS[name]) <= set(columns), columns
    for row in reader:
        if "sources" in row:
            ids = row["sources"].split()
            assert ids == sorted(ids)


def test_e2e_every_stored_query_runs(built: Path) -> None:
    for query in list_queries():
        code = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
        if any(f"?_{name}" in code for name in query.params):  # a lookup; a listing's filters are optional
            continue
        result = CliRunner().invoke(cli, ["query", query.name, "--graph", str(built), "--format", "json"])
        assert result.exit_code == 0, (query.name, result.output)


def test_e2e_second_build_is_byte_identical(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "graph"
    result = CliRunner().invoke(cli, ["build", "--articles", str(ROOT / "articles"), "--out", str(again)])
    assert result.exit_code == 0, result.output
    assert snapshot(again) == snapshot(built)


def test_e2e_committed_graph_is_not_stale(built: Path) -> None:
    committed = ROOT / "graph"
    assert snapshot(committed), "graph/ is empty: run `python build.py` and commit graph/"
    assert snapshot(committed) == snapshot(built), "graph/ is stale: run `python build.py`"


@pytest.mark.parametrize("param", ["date=2022-13-45", "date=yesterday", "post=not-an-iri",
                                   'post=https://newskg.dev/id/post/a b', "post=https://newskg.dev/id/post/a>"])
def test_a_bad_parameter_value_exits_2_with_one_line(built: Path, param: str) -> None:
    result = CliRunner().invoke(cli, ["query", "who-held-post-on-date", "--graph", str(built), "--param", param])
    assert result.exit_code == 2, result.output
    name = param.split("=", 1)[0]
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: parameter {name}"), result.output
    assert ("YYYY-MM-DD" if name == "date" else "IRI") in lines[0]


def test_the_readme_example_of_a_date_parameter_answers(built: Path) -> None:
    """README: `newskg query who-held-post-on-date --param date=2022-06-01 --format csv`; Rogozin's
    tenure is known only to have ended on 2022-07-15, so nothing known excludes that day."""
    for extra in ([], ["--param", "post=post/roscosmos/head"]):
        result = CliRunner().invoke(cli, ["query", "who-held-post-on-date", "--graph", str(built),
                                          "--param", "date=2022-06-01", "--format", "csv", *extra])
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [(r["person"], r["post"]) for r in rows] == [("Dmitry Rogozin", "President of Roscosmos")]


def test_the_list_shows_the_form_of_each_parameter() -> None:
    result = CliRunner().invoke(cli, ["query", "--list"], env={"COLUMNS": "400"})  # no wrapping
    assert result.exit_code == 0
    line = next(x for x in result.output.splitlines() if x.startswith("who-held-post-on-date"))
    assert line.endswith("(parameters: post (IRI), date (YYYY-MM-DD))")
