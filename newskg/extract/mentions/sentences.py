"""Sentences: spaCy's rule-based sentencizer on a blank English pipeline, one text block per
line so headlines and list items stand alone."""

from __future__ import annotations

import re
from functools import lru_cache

from newskg.extract.model import Article, Sentence
from newskg.inputs import text_blocks

# a numbered item's marker is no sentence end: "1." alone, or after a colon or semicolon ("entities: 1. X; 2. Y")
_LIST_MARKER_END = re.compile(r"(?:^|[:;]\s*)(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]$")
# a dotted abbreviation cut in two ("Altamira Sistemi S.p." + "A., which ..."): no sentence end
_DOTTED_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_DOTTED_REST = re.compile(r"^[A-Za-z]\.(?:[A-Za-z]\.)*(?:[,;:)]|\s+[a-z])")


@lru_cache(maxsize=1)
def _nlp():  # type: ignore[no-untyped-def]
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(article: Article) -> list[Sentence]:
    """Sentences with offsets into ``article.text``; every line is split on its own (a very long line
    in blocks, for spaCy's length limit and memory)."""
    nlp = _nlp()
    sentences: list[Sentence] = []
    offset = 0
    for line in article.text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            for at, block in text_blocks(stripped):
                carry: int | None = None  # the start of a sentence that ended in a list marker ("... entities: 1.")
                sents = [sent for sent in nlp(block).sents if sent.text.strip()]
                for i, sent in enumerate(sents):
                    begin = sent.start_char if carry is None else carry
                    text = block[begin:sent.end_char].strip()
                    if _LIST_MARKER_END.search(text) and sent.end_char < len(block):
                        carry = begin
                        continue
                    if i + 1 < len(sents) and _DOTTED_END.search(text) and _DOTTED_REST.match(sents[i + 1].text.strip()):
                        carry = begin
                        continue
                    carry = None
                    start = offset + lead + at + begin + (len(block[begin:sent.end_char]) - len(block[begin:sent.end_char].lstrip()))
                    sentences.append(Sentence(article.id, len(sentences), start, start + len(text), text))
        offset += len(line) + 1
    return sentences
