"""Confidence threshold and review file, `build --audit`, and `explain`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newskg.cli import cli

ARTICLES = {
    "a1.txt": "---\npublished: 2022-03-04\n---\n"
              "Marta Novak, head of the Slovak Space Agency, said on Thursday that Slovakia would halt all joint "
              "experiments with Russia.\nShe succeeded Peter Kral, who stepped down on March 1.\n",
    "a2.txt": "---\npublished: 2022-03-05\n---\n"
              "The European Union imposed sanctions on NPO Lavochkin on Friday.\n"
              "Officials met in Bratislava and Vienna to discuss the Slovak Space Agency and Roscosmos.\n",
}


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_facts_below_the_threshold_go_to_review_not_to_the_graph(articles: Path, tmp_path: Path) -> None:
    graph = tmp_path / "graph"
    code, _, err = run("build", "--articles", str(articles), "--out", str(graph), "--min-confidence", "0.8", "-q")
    assert code == 0, err
    records = [json.loads(line) for line in (graph / "review.jsonl").read_text().splitlines()]
    assert records, "some facts have a confidence under 0.8"
    assert all(r["evidence"]["confidence"] < 0.8 for r in records)
    asserted = (graph / "asserted.ttl").read_text()
    for record in records:
        assert record["key"] not in asserted

    code, out, _ = run("review", "--graph", str(graph))
    assert code == 0
    assert records[0]["key"] in out and records[0]["evidence"]["sentence"] in out

    accepted = tmp_path / "accepted.ttl"
    code, _, err = run("review", "--graph", str(graph), "--accept", records[0]["key"], "-o", str(accepted))
    assert code == 0, err
    assert records[0]["key"] in accepted.read_text()
    code, _, err = run("validate", str(accepted), "--graph", str(graph))
    assert code == 0, err


def test_review_of_an_unknown_key_is_a_usage_error(articles: Path, tmp_path: Path) -> None:
    graph = tmp_path / "graph"
    run("build", "--articles", str(articles), "--out", str(graph), "-q")
    code, _, err = run("review", "--graph", str(graph), "--accept", "tenure/does-not-exist")
    assert code == 2
    assert "tenure/does-not-exist" in err


def test_a_confidence_outside_zero_to_one_is_refused(articles: Path, tmp_path: Path) -> None:
    code, _, err = run("build", "--articles", str(articles), "--out", str(tmp_path / "g"), "--min-confidence", "1.5")
    assert code == 2
    assert "min-confidence" in err


def test_audit_counts_rules_and_lists_sentences_that_gave_nothing(articles: Path, tmp_path: Path) -> None:
    code, out, err = run("build", "--articles", str(articles), "--out", str(tmp_path / "g"), "--audit", "-q")
    assert code == 0, err
    assert "Facts per rule:" in out
    assert "succession.active" in out
    assert "Officials met in Bratislava and Vienna" in out  # two entities, no fact


def test_explain_shows_rule_span_sentence_and_article(articles: Path, tmp_path: Path) -> None:
    graph = tmp_path / "graph"
    run("build", "--articles", str(articles), "--out", str(graph), "-q")
    code, out, _ = run("query", "who-succeeded-whom", "--graph", str(graph), "--format", "csv")
    fact = out.splitlines()[1].split(",")[0]
    code, out, err = run("explain", fact, "--graph", str(graph))
    assert code == 0, err
    assert "succession.active" in out
    assert "She succeeded Peter Kral" in out
    assert "a1" in out


def test_explain_of_an_unknown_fact_names_it(articles: Path, tmp_path: Path) -> None:
    graph = tmp_path / "graph"
    run("build", "--articles", str(articles), "--out", str(graph), "-q")
    code, _, err = run("explain", "tenure/0000", "--graph", str(graph))
    assert code == 2
    assert "tenure/0000" in err


def test_audit_lists_the_sentences_whose_facts_fell_below_the_threshold(articles: Path, tmp_path: Path) -> None:
    graph = tmp_path / "g"
    code, out, err = run("build", "--articles", str(articles), "--out", str(graph), "--audit", "--min-confidence", "0.99", "-q")
    assert code == 0, err
    records = [json.loads(line) for line in (graph / "review.jsonl").read_text().splitlines()]
    assert records
    section = out.split("Facts below the confidence threshold 0.99", 1)[1]
    assert f": {len(records)}" in section.splitlines()[0]
    for record in records:
        assert record["evidence"]["sentence"] in section and record["evidence"]["rule"] in section
    code, out, _ = run("build", "--articles", str(articles), "--out", str(tmp_path / "h"), "--audit",
                       "--min-confidence", "0", "-q")
    assert "Facts below the confidence threshold 0 (in review.jsonl, not asserted): 0" in out
