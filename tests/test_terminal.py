"""Terminal output of query / sparql / export: tables fitted to the width, IRIs shortened in tables
only, aligned --list, -o FILE, one set of format names, clear messages, quiet closed pipes, and
the README's example commands answering on the bundled graph."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import ROOT

from newskg.cli import cli
from newskg.query.queries import query_names

BUNDLED = ROOT / "graph"
PARAMS = {"who-held-post-on-date": ["--param", "date=2022-06-01"]}


def _run(*args: str, columns: int = 120) -> "object":
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": str(columns)})


@pytest.mark.parametrize("columns", [80, 160])
@pytest.mark.parametrize("name", query_names())
def test_every_stored_query_table_fits_the_terminal(name: str, columns: int) -> None:
    result = _run("query", name, "--graph", str(BUNDLED), *PARAMS.get(name, []), columns=columns)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    lines = result.output.splitlines()  # type: ignore[attr-defined]
    assert lines[-1].startswith("(") and lines[-1].endswith(("row)", "rows)"))
    header = lines[0].split()
    assert header, "a header line"
    too_wide = [line for line in lines if len(line) > columns]
    assert not too_wide, f"{name}: {len(too_wide)} lines wider than {columns}: {too_wide[0]!r}"


def test_iris_are_shortened_in_tables_only() -> None:
    table = _run("query", "who-is-who", "--graph", str(BUNDLED)).output  # type: ignore[attr-defined]
    assert "id:org/roscosmos" in table and "https://newskg.dev/id/" not in table
    for fmt in ("csv", "tsv", "json", "xml"):
        out = _run("query", "who-is-who", "--graph", str(BUNDLED), "--format", fmt).output  # type: ignore[attr-defined]
        assert "https://newskg.dev/id/org/roscosmos" in out, fmt


def test_output_file_for_query_sparql_and_export(tmp_path: Path) -> None:
    for args, name in ((["query", "who-is-who", "--format", "csv"], "q.csv"),
                       (["sparql", "SELECT ?s WHERE { ?s a <https://newskg.dev/ontology#Person> }", "--format", "json"],
                        "s.json"),
                       (["export", "--format", "ttl"], "g.ttl")):
        out = tmp_path / name
        result = _run(*args, "--graph", str(BUNDLED), "-o", str(out))
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        assert out.stat().st_size > 0 and result.stdout == ""  # type: ignore[attr-defined]


@pytest.mark.parametrize("alias,canonical", [("ttl", "turtle"), ("ntriples", "nt"), ("rdfxml", "xml"),
                                             ("json-ld", "jsonld"), ("nq", "nquads"), ("trig", "trig")])
def test_format_aliases_are_the_same_everywhere(alias: str, canonical: str) -> None:
    construct = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }"
    for args in (["export"], ["sparql", construct]):
        one = _run(*args, "--graph", str(BUNDLED), "--format", alias)
        two = _run(*args, "--graph", str(BUNDLED), "--format", canonical)
        assert one.exit_code == 0 and two.exit_code == 0, one.output  # type: ignore[attr-defined]
        assert one.output == two.output  # type: ignore[attr-defined]


def test_a_format_that_does_not_fit_the_query_form_is_said() -> None:
    result = _run("sparql", "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }", "--graph", str(BUNDLED), "--format", "csv")
    assert result.exit_code == 2 and "does not fit a CONSTRUCT" in result.output  # type: ignore[attr-defined]
    result = _run("query", "who-is-who", "--graph", str(BUNDLED), "--format", "nt")
    assert result.exit_code == 2 and "does not fit a SELECT" in result.output  # type: ignore[attr-defined]
    result = _run("query", "who-is-who", "--graph", str(BUNDLED), "--format", "yaml")
    assert result.exit_code == 2 and "unknown format" in result.output  # type: ignore[attr-defined]


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("newskg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "newskg"]


def test_a_closed_pipe_ends_quietly() -> None:
    command = " ".join(shlex.quote(a) for a in [*_cli(), "query", "facts-about", "--graph", str(BUNDLED)])
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {command} | head -1"], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "COLUMNS": "80"})
    assert done.stdout.count("\n") == 1
    assert "Traceback" not in done.stderr and "error" not in done.stderr, done.stderr


def _readme_examples() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^    \$ newskg ((?:query|sparql) .+)$", text, re.M)
    return [shlex.split(c) for c in commands]


@pytest.mark.parametrize("args", _readme_examples(), ids=lambda a: " ".join(a)[:60])
def test_every_readme_example_returns_rows(args: list[str]) -> None:
    if "--list" in args:
        result = _run(*args)
        assert result.exit_code == 0 and result.output.count("\n") >= len(query_names())  # type: ignore[attr-defined]
        return
    args = [a for a in args]
    if "--format" in args:
        args[args.index("--format") + 1] = "csv"
    else:
        args += ["--format", "csv"]
    result = _run(*args, "--graph", str(BUNDLED))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert len(result.output.strip().splitlines()) >= 2, f"no row: newskg {' '.join(args)}"  # type: ignore[attr-defined]


def test_the_readme_has_examples() -> None:
    assert len(_readme_examples()) >= 5
