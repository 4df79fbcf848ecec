"""Extraction on sentences written for the tests (tests/extraction_cases*.yml).

Each case checks the facts a construction must give, and the traps (hedges,
denials, nominations, threats) that must give nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from newskg.extract.extractor import extract
from newskg.extract.model import Article, DateValue, Entity, ExtractionResult, Fact, Post, Text

# tests/extraction_cases.yml and one file per area beside it (tests/extraction_cases_*.yml)
CASES = [case for path in sorted(Path(__file__).parent.glob("extraction_cases*.yml"))
         for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []]


def render(fact: Fact, entities: dict[str, Entity]) -> dict[str, list[str]]:
    """Each argument of a fact as the strings a case may name it by."""
    out: dict[str, list[str]] = {}
    for name, value in fact.args:
        if isinstance(value, Post):
            org = entities.get(value.organization)
            out[name] = [value.label]
            out["organization"] = [org.label, *org.aliases] if org else [value.organization]
        elif isinstance(value, DateValue):
            out[name] = [value.iso]
        elif isinstance(value, Text):
            out[name] = [value.value]
        elif isinstance(value, bool):
            out[name] = [str(value).lower()]
        else:
            entity = entities.get(str(value))
            out[name] = [entity.label, *entity.aliases] if entity else [str(value)]
    return out


def parse(spec: str) -> tuple[str, dict[str, str]]:
    kind, _, rest = spec.partition(":")
    fields = {}
    for part in rest.split(";"):
        if part.strip():
            key, _, value = part.partition("=")
            fields[key.strip()] = value.strip()
    return kind.strip(), fields


def matches(fact: Fact, kind: str, fields: dict[str, str], entities: dict[str, Entity]) -> bool:
    if fact.kind != kind:
        return False
    rendered = render(fact, entities)
    for key, wanted in fields.items():
        values = rendered.get(key, [])
        if wanted == "":
            if values:
                return False
            continue
        if not any(re.search(re.escape(wanted), v, re.IGNORECASE) for v in values):
            return False
    return True


def run_case(case: dict[str, Any]) -> tuple[ExtractionResult, dict[str, Entity]]:
    published = case.get("published")
    article = Article(id="case", text=case["text"], published=str(published) if published else None)
    result = extract(article)
    return result, {e.key: e for e in result.entities}


def describe(result: ExtractionResult, entities: dict[str, Entity]) -> str:
    return "\n".join(f"  {f.kind}: {render(f, entities)}" for f in result.facts) or "  (no facts)"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_extraction_case(case: dict[str, Any]) -> None:
    result, entities = run_case(case)
    for spec in case.get("expect", []):
        kind, fields = parse(spec)
        assert any(matches(f, kind, fields, entities) for f in result.facts), (
            f"expected {spec!r}; extracted:\n{describe(result, entities)}"
        )
    for spec in case.get("absent", []):
        kind, fields = parse(spec)
        assert not any(matches(f, kind, fields, entities) for f in result.facts), (
            f"must not extract {spec!r}; extracted:\n{describe(result, entities)}"
        )


def test_every_fact_carries_verbatim_evidence() -> None:
    for case in CASES:
        result, _ = run_case(case)
        for fact in result.facts:
            ev = fact.evidence
            assert case["text"][ev.start:ev.end] == ev.sentence
            assert ev.rule and 0 < ev.confidence <= 1
