"""RDF: facts -> triples (``triples``, ``review``), their terms (``terms``, ``vocab``), the
OWL RL closure (``reasoning``) and SHACL validation (``validation``, ``locality``).
"""
