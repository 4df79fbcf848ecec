"""The label of a post named by several titles: the text's own title before a generic word."""

from __future__ import annotations

from rdflib import RDF, RDFS

from newskg.extract.extractor import extract
from newskg.extract.model import Article
from newskg.rdf.triples import to_graph
from newskg.rdf.vocab import NEWS


def post_labels(*texts: str) -> set[str]:
    results = [extract(Article(id=f"a{i}", text=text, published="2023-05-02")) for i, text in enumerate(texts)]
    graph = to_graph(results)
    return {str(graph.value(post, RDFS.label)) for post in graph.subjects(RDF.type, NEWS.Post)}


def test_title_wins_over_generic_word_even_when_rarer() -> None:
    # two facts say "leader of Peru", one "President ... of Peru": one post, titled President
    labels = post_labels("Marta Velasquez, the leader of Chile, met Tomas Ferreira, the leader of Peru, on Monday. "
                         "Ines Arroyo, the leader of Peru's senate, was absent. "
                         "President Luis Ortega of Peru had named Ferreira his envoy.")
    assert "President of Peru" in labels
    assert "Leader of Peru" not in labels
    # a post named only generically keeps that name
    assert "Leader of Chile" in labels


def test_across_articles() -> None:
    labels = post_labels("Tomas Ferreira, the leader of Peru, spoke on Monday.",
                         "Luis Ortega, the leader of Peru, travelled to Lima.",
                         "President Luis Ortega of Peru signed the decree.")
    assert "President of Peru" in labels and "Leader of Peru" not in labels
