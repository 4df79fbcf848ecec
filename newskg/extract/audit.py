"""An audit of what the extractor did not use (after zavod's ``audit_data``).

For each article: the sentences that name two or more entities, or use a
trigger word (sanction, appoint, succeed, withdraw, obligation, pledge ...),
yet produced no fact; the sentences whose facts fell below the confidence
threshold (kept in review, not asserted); and for the corpus, how many facts
each rule produced.
A maintainer reads this to see where recall leaks without reading every article.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newskg.extract.articles import read_article
from newskg.extract.mentions import ORG_KINDS, find_mentions
from newskg.extract.model import Article, ExtractionResult, Fact

TRIGGERS = re.compile(
    r"\b(sanction\w*|restriction\w*|appoint\w*|nominat\w*|succe(?:ed|eds|eded|ssor)|replac\w*|withdr\w*|suspend\w*|"
    r"suspension|halt\w*|terminat\w*|obligat\w*|oblig\w*|pledg\w*|commit\w*|resign\w*|stepped down|took office|sworn in|"
    r"head(?:s|ed)?|chief|director|president|minister)\b",
    re.IGNORECASE,
)


@dataclass
class UnusedSentence:
    article_id: str
    sentence: str
    entities: list[str]
    triggers: list[str]


@dataclass
class BelowThreshold:
    """A fact read from a sentence but kept out of the graph for its confidence."""

    article_id: str
    sentence: str
    kind: str
    rule: str
    confidence: float


@dataclass
class AuditReport:
    rules: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    unused: list[UnusedSentence] = field(default_factory=list)
    below: list[BelowThreshold] = field(default_factory=list)
    threshold: float | None = None
    sentences: int = 0

    def to_text(self) -> str:
        lines = ["Facts per rule:"]
        for rule, count in sorted(self.rules.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"  {count:5d}  {rule}")
        lines.append(f"Sentences that name two entities or use a trigger word but gave no fact: "
                     f"{len(self.unused)} of {self.sentences}")
        for item in self.unused:
            cues = ", ".join(item.triggers) or "-"
            names = ", ".join(item.entities) or "-"
            lines.append(f"  [{item.article_id}] entities: {names}; triggers: {cues}")
            lines.append(f"      {item.sentence}")
        if self.threshold is not None:
            lines.append(f"Facts below the confidence threshold {self.threshold:g} (in review.jsonl, not asserted): "
                         f"{len(self.below)}")
            for low in self.below:
                lines.append(f"  [{low.article_id}] {low.kind} by {low.rule} (confidence {low.confidence:g})")
                lines.append(f"      {low.sentence}")
        return "\n".join(lines)


def _with_text(article: Article, by_id: dict[str, Article]) -> Article:
    """The article with its text: extractions reused from the cache do not keep it."""
    if article.text:
        return article
    source = by_id.get(article.id, article)
    if source.text:
        return source
    if source.path:
        return read_article(Path(source.path))
    return article


def audit(results: list[ExtractionResult], articles: Iterable[Article] = (), below: Iterable[Fact] = (),
          threshold: float | None = None) -> AuditReport:
    """What the extractor did not use; ``below``: the candidates a threshold kept out of the graph."""
    report = AuditReport(threshold=threshold)
    for fact in sorted(below, key=lambda f: (f.evidence.article_id, f.evidence.start, f.kind, f.key)):
        ev = fact.evidence
        report.below.append(BelowThreshold(ev.article_id, ev.sentence, fact.kind, ev.rule, ev.confidence))
    by_id = {a.id: a for a in articles}
    for result in results:
        article = _with_text(result.article, by_id)
        for fact in result.facts:
            report.rules[fact.evidence.rule] += 1
            report.kinds[fact.kind] += 1
        used = {f.evidence.start for f in result.facts}
        am = find_mentions(article)
        report.sentences += len(am.sentences)
        for sentence, mentions in zip(am.sentences, am.mentions):
            if sentence.start in used:
                continue
            names = sorted({m.text for m in mentions if m.kind == "Person" or m.kind in ORG_KINDS})
            triggers = sorted({m.group(0).lower() for m in TRIGGERS.finditer(sentence.text)})
            if len(names) >= 2 or triggers:
                report.unused.append(UnusedSentence(article.id, sentence.text, names, triggers))
    return report
