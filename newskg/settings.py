"""Where the data files are: paths resolved from the repository root, each overridable by an env var.

The ontology, shapes, lookups, stored queries and articles live at the top of the
repository, next to the package, never inside Python code.  Each path below can be
changed with the environment variable of the same name prefixed by ``NEWSKG_``
(e.g. ``NEWSKG_QUERIES_DIR=/elsewhere/queries``).
"""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root: the parent of the package directory.
ROOT = Path(__file__).resolve().parent.parent


def env_path(name: str, default: Path) -> Path:
    """The path in the environment variable ``NEWSKG_{name}``, else ``default``."""
    value = os.environ.get(f"NEWSKG_{name}")
    return Path(value).expanduser() if value else default


ONTOLOGY_DIR = env_path("ONTOLOGY_DIR", ROOT / "ontology")
#: The OWL ontology proper: every ``*.ttl`` of ONTOLOGY_DIR except the shapes file.
SHAPES_FILE = env_path("SHAPES_FILE", ONTOLOGY_DIR / "shapes.ttl")
LOOKUPS_FILE = env_path("LOOKUPS_FILE", ONTOLOGY_DIR / "lookups.yml")
#: Cue words and role nouns of the extraction rules.
LEXICON_FILE = env_path("LEXICON_FILE", ONTOLOGY_DIR / "lexicon.yml")
#: The weights of the confidence model (fitted by tools/calibrate.py).
CONFIDENCE_FILE = env_path("CONFIDENCE_FILE", ONTOLOGY_DIR / "confidence.yml")
QUERIES_DIR = env_path("QUERIES_DIR", ROOT / "queries")
ARTICLES_DIR = env_path("ARTICLES_DIR", ROOT / "articles")
GRAPH_DIR = env_path("GRAPH_DIR", ROOT / "graph")

#: File names inside a graph folder (see docs/model.md, "Graph folder").
ASSERTED_FILE = "asserted.ttl"
INFERRED_FILE = "inferred.ttl"
REPORT_FILE = "report.ttl"
MANIFEST_FILE = "manifest.json"
#: Each article's extraction before entity resolution (JSON lines): the rebuild/add/retract cache.
EXTRACTIONS_FILE = "extractions.jsonl"

#: Article file suffixes read by ``newskg.articles``.
ARTICLE_SUFFIXES = (".txt", ".md")
