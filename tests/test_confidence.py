"""The confidence model: features that tell right readings from wrong ones, the model file,
and how several articles stating one fact combine (sentences written for the tests)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newskg.extract.facts import extract_facts
from newskg.extract.facts.confidence import Model, article_view, combine, features, load_model, score_facts
from newskg.extract.lexicon import load_lexicon
from newskg.extract.mentions import find_mentions
from newskg.extract.model import Article, ExtractionResult
from newskg.rdf.review import DEFAULT_MIN_CONFIDENCE, split_by_confidence

LEX = load_lexicon()


def _facts(text: str, published: str = "2023-05-10"):  # type: ignore[no-untyped-def]
    am = find_mentions(Article(id="t", text=text, published=published), LEX)
    return am, extract_facts(am, LEX)


def _feature(text: str, kind: str, name: str) -> float:
    am, facts = _facts(text)
    chosen = [f for f in facts if f.kind == kind]
    assert chosen, f"no {kind} in {[f.kind for f in facts]}"
    return features(chosen[0], article_view(am, LEX), chosen[0].evidence.confidence)[name]


def test_a_role_filled_from_another_sentence_counts_as_unnamed() -> None:
    named = _feature("Marta Kowalczyk became director of the Baltic Space Agency on Monday.", "Tenure", "unnamed_people")
    unnamed = _feature("Marta Kowalczyk spoke first. She became director of the Baltic Space Agency on Monday.",
                       "Tenure", "unnamed_people")
    assert named == 0.0 and unnamed >= 1.0


def test_hedges_anywhere_in_the_sentence_are_seen() -> None:
    plain = "Marta Kowalczyk became director of the Baltic Space Agency on Monday."
    assert _feature(plain, "Tenure", "hedged_sentence") == 0.0
    hedged = "Marta Kowalczyk became director of the Baltic Space Agency on Monday, reportedly after a long search."
    am, facts = _facts(hedged)
    for fact in facts:
        assert features(fact, article_view(am, LEX), fact.evidence.confidence)["hedged_sentence"] == 1.0


def test_the_model_is_a_probability_and_reads_its_weights(tmp_path: Path) -> None:
    path = tmp_path / "model.yml"
    path.write_text("bias: -1.0\nthreshold: 0.6\nkinds: [Tenure]\nweights:\n  unnamed_people: -2.0\n", encoding="utf-8")
    model = load_model(path)
    assert model.threshold == 0.6 and model.kinds == frozenset({"Tenure"})
    assert model.probability({"unnamed_people": 1.0}) < model.probability({"unnamed_people": 0.0}) < 0.5
    assert 0.0 < model.probability({"unnamed_people": 1e9}) < 1e-6  # no overflow


def test_scores_replace_the_rule_constant_only_for_fitted_kinds() -> None:
    am, facts = _facts("Marta Kowalczyk became director of the Baltic Space Agency on Monday. "
                       "Kowalczyk said that the agency would double its budget next year.")
    model = Model(bias=-3.0, weights={}, threshold=0.5, kinds=frozenset({"Tenure"}))
    scored = score_facts(facts, am, LEX, model)
    for before, after in zip(facts, scored):
        if before.kind == "Tenure":
            assert after.evidence.confidence == pytest.approx(0.047, abs=1e-3)
        else:
            assert after.evidence == before.evidence
        assert after.key == before.key


def test_independent_articles_combine_as_noisy_or() -> None:
    assert combine([0.7, 0.7]) == pytest.approx(0.91)
    assert combine([0.4]) == pytest.approx(0.4)
    assert combine([]) == 0.0


def test_a_fact_two_articles_state_weakly_can_pass_the_threshold() -> None:
    _, facts = _facts("Marta Kowalczyk became director of the Baltic Space Agency on Monday.")
    tenure = next(f for f in facts if f.kind == "Tenure")
    weak = replace(tenure, evidence=replace(tenure.evidence, confidence=0.6))
    other = replace(weak, evidence=replace(weak.evidence, article_id="u"))
    one = [ExtractionResult(Article(id="t", text=""), [], [weak])]
    two = one + [ExtractionResult(Article(id="u", text=""), [], [other])]
    assert split_by_confidence(one, 0.8)[0][0].facts == []
    assert [f.key for f in split_by_confidence(two, 0.8)[0][0].facts] == [tenure.key]
    # a second sentence of the same article is no second witness
    same = [ExtractionResult(Article(id="t", text=""), [], [weak, weak])]
    assert split_by_confidence(same, 0.8)[0][0].facts == []


def test_the_default_threshold_is_the_models() -> None:
    assert DEFAULT_MIN_CONFIDENCE == load_model().threshold
