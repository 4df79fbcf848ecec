"""The confidence model: features that tell right readings from wrong ones, the model file,
and how several articles stating one fact combine (sentences written for the tests)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newskg.extract.facts import extract_facts
from newskg.extract.facts.confidence import Model, article_view, combine, features, load_model, rule_family, score_facts
from newskg.extract.lexicon import load_lexicon
from newskg.extract.mentions import find_mentions
from newskg.extract.model import Article, ExtractionResult, Fact, Post, Text
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


# ------------------------------------------------ the features of round 3 (sentences written for the tests)
def _all_features(text: str, kind: str) -> list[dict[str, float]]:
    am, facts = _facts(text)
    view = article_view(am, LEX, facts)
    chosen = [f for f in facts if f.kind == kind]
    assert chosen, f"no {kind} in {[f.kind for f in facts]}"
    return [features(f, view, f.evidence.confidence) for f in chosen]


def test_the_rule_family_comes_from_the_rule_id_so_a_new_rule_has_one() -> None:
    assert rule_family("tenure.role-of-org-name") == "tenure.role"
    assert rule_family("tenure.role-name") == "tenure.role"
    assert rule_family("sanction.passive-impose-context") == "sanction.passive"
    assert rule_family("withdrawal.walk-away") == "withdrawal.walk"  # no rule of that name exists
    assert rule_family("statement") == "statement"
    text = "Elena Vasquez was appointed director of the Andean Space Agency on Monday."
    rule = next(f for f in _facts(text)[1] if f.kind == "Tenure").evidence.rule
    [feats] = _all_features(text, "Tenure")
    assert [n for n in feats if n.startswith("family_")] == [f"family_{rule_family(rule)}"]


def test_a_model_weight_for_a_family_it_never_saw_is_none() -> None:
    model = Model(bias=1.0, weights={"family_tenure.copula": -2.0}, threshold=0.5, kinds=frozenset({"Tenure"}))
    assert model.probability({"family_tenure.brand-new": 1.0}) == model.probability({})
    assert model.probability({"family_tenure.copula": 1.0}) < model.probability({})


def test_roles_an_appositive_clause_apart_count_its_boundaries() -> None:
    text = ("Marta Kowalczyk became director of the Baltic Space Agency on Monday. "
            "The board said Kowalczyk, who is director of the Baltic Space Agency, would start at once.")
    # One tenure statement per sentence, in sentence order (whichever rule reads each).
    first, second = _all_features(text, "Tenure")
    assert first["roles_clause_gap"] == 0.0  # "X became director of Y": one clause
    assert second["roles_clause_gap"] >= 1.0  # "X, who is director of Y,": a relative clause between


def test_a_hedge_in_another_clause_is_not_the_cues_own() -> None:
    [feats] = _all_features("Marta Kowalczyk became director of the Baltic Space Agency on Monday, "
                            "and analysts said the budget might grow next year.", "Tenure")
    assert feats["hedged_sentence"] == 1.0 and feats["clause_hedged"] == 0.0
    assert feats["reported"] == 1.0  # a speech verb outside the matched words


def test_a_fact_inside_quotation_marks_is_seen_as_quoted() -> None:
    [quoted] = _all_features("\"Our view is that Marta Kowalczyk became director of the Baltic Space Agency too early,\""
                             " a board member said.", "Tenure")
    [plain] = _all_features("Marta Kowalczyk became director of the Baltic Space Agency in March.", "Tenure")
    assert quoted["in_quotes"] == 1.0 and plain["in_quotes"] == 0.0


def test_a_fact_two_sentences_state_is_restated() -> None:
    once = _all_features("Marta Kowalczyk became director of the Baltic Space Agency on Monday.", "Tenure")
    twice = _all_features("Marta Kowalczyk became director of the Baltic Space Agency on Monday. "
                          "The board said Kowalczyk, who is director of the Baltic Space Agency, would start at once.",
                          "Tenure")
    assert once[0]["restated"] == 0.0 and all(f["restated"] > 0.0 for f in twice)


def test_a_country_post_with_another_country_in_the_sentence_has_rivals() -> None:
    [alone] = _all_features("Prime Minister Lars Holm of Norway opened the new parliament session.", "Tenure")
    [rivals] = _all_features("Prime Minister Lars Holm of Norway met Swedish and Finnish officials in Oslo.", "Tenure")
    assert alone["country_post"] == 1.0 and alone["country_post_rivals"] == 0.0
    assert rivals["country_post_rivals"] > 0.0 and rivals["country_post_unnamed"] == 0.0


def test_an_organization_known_by_its_form_only_is_told_from_a_known_one() -> None:
    [known] = _all_features("Elena Vasquez was appointed administrator of NASA on Monday.", "Tenure")
    [by_form] = _all_features("Elena Vasquez was appointed director of the Andean Space Agency on Monday.", "Tenure")
    assert known["org_by_form"] == 0.0 and by_form["org_by_form"] == 1.0


# ------------------------------------------------ the features of round 4 (sentences written for the tests)
def _one(text: str, kind: str, **changes: object) -> tuple[Fact, dict[str, float]]:
    """The first fact of ``kind`` the rules read from ``text`` (its arguments changed by ``changes``, to make
    the wrong reading the feature is about), and its features."""
    am, facts = _facts(text)
    fact = next(f for f in facts if f.kind == kind)
    if changes:
        merged = {**dict(fact.args), **changes}
        fact = replace(fact, args=tuple(sorted((k, v) for k, v in merged.items() if v is not None)))
    return fact, features(fact, article_view(am, LEX, [fact]), fact.evidence.confidence)


def test_a_pairing_another_sentence_also_makes_is_backed() -> None:
    alone = "Elena Vasquez was appointed director of the Andean Space Agency on Monday."
    backed = alone + " Vasquez had worked at the Andean Space Agency for ten years."
    assert _one(alone, "Tenure")[1]["pair_elsewhere"] == 0.0
    assert _one(backed, "Tenure")[1]["pair_elsewhere"] > 0.0


def test_another_rule_reading_the_same_fact_agrees() -> None:
    am, facts = _facts("Elena Vasquez was appointed director of the Andean Space Agency on Monday.")
    tenure = next(f for f in facts if f.kind == "Tenure")
    other = replace(tenure, evidence=replace(tenure.evidence, rule="tenure.zz-made-up-rule"))
    alone = features(tenure, article_view(am, LEX, [tenure]), 0.8)
    agreed = features(tenure, article_view(am, LEX, [tenure, other]), 0.8)
    assert alone["other_rules_agree"] == 0.0 and agreed["other_rules_agree"] > 0.0
    # the same rule twice is no second opinion
    assert features(tenure, article_view(am, LEX, [tenure, tenure]), 0.8)["other_rules_agree"] == 0.0


def test_a_post_whose_title_the_sentence_never_writes_is_seen() -> None:
    text = "Elena Vasquez was appointed director of the Andean Space Agency on Monday."
    fact, own = _one(text, "Tenure")
    post = fact.get("post")
    assert isinstance(post, Post) and own["post_title_absent"] == 0.0
    carried = replace(post, label=post.label.replace("Director", "Treasurer", 1))
    assert _one(text, "Tenure", post=carried)[1]["post_title_absent"] == 1.0


def test_a_title_written_with_another_organization_is_a_mismatch() -> None:
    text = "Elena Vasquez was appointed director of the Andean Space Agency on Monday."
    fact, own = _one(text, "Tenure")
    post = fact.get("post")
    assert isinstance(post, Post) and own["post_complement_mismatch"] == 0.0
    elsewhere = replace(post, organization="org/nasa", label="Director of NASA")
    assert _one(text, "Tenure", post=elsewhere)[1]["post_complement_mismatch"] == 1.0
    # a title with no organization of its own written after it is no mismatch
    [bare] = _all_features("Andean Space Agency director Elena Vasquez opened a new centre in Quito.", "Tenure")
    assert bare["post_complement_mismatch"] == 0.0


def test_object_text_cut_at_the_wrong_place_is_ragged() -> None:
    text = "Hungary withdrew from the Arctic Fisheries Treaty on Monday."
    fact, own = _one(text, "Withdrawal")
    assert own.get("object_ragged", 0.0) == 0.0
    for cut in ("whose term has now come to an", "the treaty and", "of"):
        assert _one(text, "Withdrawal", object=Text(cut), objectEntity=None)[1]["object_ragged"] == 1.0, cut
    dated = _one(text, "Withdrawal", object=Text("12 March 2021 - the treaty"), objectEntity=None)[1]
    assert dated["object_digits"] == 1.0 and dated["object_ragged"] == 0.0


def test_a_plan_in_the_cues_clause_is_seen_and_one_elsewhere_is_not() -> None:
    [done] = _all_features("Elena Vasquez was appointed director of the Andean Space Agency on Monday.", "Tenure")
    [planned] = _all_features("Elena Vasquez is due to become director of the Andean Space Agency in June.", "Tenure")
    [aside] = _all_features("Elena Vasquez was appointed director of the Andean Space Agency on Monday, "
                            "while the board plans to move its offices.", "Tenure")
    assert done["clause_planned"] == 0.0 and planned["clause_planned"] == 1.0 and aside["clause_planned"] == 0.0


def test_each_role_says_what_kind_of_entity_fills_it() -> None:
    text = "Elena Vasquez was appointed administrator of NASA on Monday."
    fact, feats = _one(text, "Tenure")
    assert feats["role_member_person"] == 1.0 and feats["role_post_known"] == 1.0
    assert feats["same_entity_twice"] == 0.0
    [form] = _all_features("Elena Vasquez was appointed director of the Andean Space Agency on Monday.", "Tenure")
    assert form["role_post_form"] == 1.0 and "role_post_known" not in form
    _, twice = _one("Hungary withdrew from the Arctic Fisheries Treaty on Monday.", "Withdrawal",
                    objectEntity="org/hungary")
    assert twice["same_entity_twice"] == 1.0
