"""Extraction: article files -> mentions -> entities -> facts with evidence (no RDF yet).

``articles`` reads the files, ``mentions/`` and ``names`` find and read the names, ``dates``
resolves dates, ``entities`` merges entities across articles, ``facts/`` finds the facts,
``extractor`` runs all of it for one article and ``bulk`` for a corpus (processes, cache);
``lexicon`` and ``model`` are the reference data and the plain types the stage hands on.
"""
