"""The data files shipped inside the wheel: ``ontology/`` and ``queries/``.

Both are symbolic links to the repository's top-level folders, which stay the files
people edit (there is no second copy in git).  Building a wheel follows the links,
so an installed ``newskg`` carries its ontology, shapes, lexicon, lookups, confidence
model and stored queries; ``newskg.settings`` reads them with ``importlib.resources``
when it does not run from a checkout.
"""
