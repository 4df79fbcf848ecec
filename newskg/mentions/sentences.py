"""Sentences: spaCy's rule-based sentencizer on a blank English pipeline, one text block per
line so headlines and list items stand alone."""

from __future__ import annotations

from functools import lru_cache

from newskg.inputs import text_blocks
from newskg.model import Article, Sentence


@lru_cache(maxsize=1)
def _nlp():  # type: ignore[no-untyped-def]
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(article: Article) -> list[Sentence]:
    """Sentences with offsets into ``article.text``; every line is split on its own."""
    nlp = _nlp()
    sentences: list[Sentence] = []
    offset = 0
    for line in article.text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            for at, block in text_blocks(stripped):  # a very long line in blocks (spaCy's length limit, memory)
                for sent in nlp(block).sents:
                    text = sent.text.strip()
                    if not text:
                        continue
                    start = offset + lead + at + sent.start_char
                    sentences.append(Sentence(article.id, len(sentences), start, start + len(text), text))
        offset += len(line) + 1
    return sentences
