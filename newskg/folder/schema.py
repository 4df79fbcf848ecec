"""The ontology (OWL, every ``*.ttl`` of ONTOLOGY_DIR but the shapes) and the SHACL shapes, loaded.

Read by the build (``newskg.folder.build``), by ``add``/``retract`` (``newskg.folder.update``) and by the
web's ontology page; it sits below all of them.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from newskg import settings
from newskg.errors import RDFInputError
from newskg.folder.store import parse_rdf_file


def ontology_files(ontology_dir: Path | str | None = None) -> list[Path]:
    """The ``*.ttl`` files of the ontology folder, without the shapes file."""
    folder = Path(ontology_dir or settings.ONTOLOGY_DIR)
    shapes = Path(settings.SHAPES_FILE).resolve()
    if not folder.is_dir():
        raise RDFInputError(folder, "the ontology folder does not exist (set NEWSKG_ONTOLOGY_DIR?)")
    files = sorted(p for p in folder.glob("*.ttl") if p.resolve() != shapes)
    if not files:
        raise RDFInputError(folder, "the ontology folder has no *.ttl file")
    return files


def load_ontology(ontology_dir: Path | str | None = None) -> Graph:
    """The OWL ontology: every Turtle file of ONTOLOGY_DIR except the shapes."""
    graph = Graph()
    for path in ontology_files(ontology_dir):
        parse_rdf_file(path, graph)
    return graph


def load_shapes(shapes_file: Path | str | None = None) -> Graph:
    """The SHACL shapes graph (SHAPES_FILE)."""
    return parse_rdf_file(Path(shapes_file or settings.SHAPES_FILE))
