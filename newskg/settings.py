"""Where the data files are, each path overridable by an environment variable.

The ontology (``news.ttl``, ``shapes.ttl``, ``lookups.yml``, ``lexicon.yml``,
``confidence.yml``) and the stored queries live at the top of the repository, next to
the package, never inside Python code.  In a checkout (or an editable install) those
top-level folders are the truth.  An installed wheel carries them in ``newskg/data``
(see ``pyproject.toml``) and reads them from there with ``importlib.resources``; the
default articles and graph folders are then ``articles/`` and ``graph/`` of the
current folder.

Each path below can be changed with the environment variable of the same name
prefixed by ``NEWSKG_`` (e.g. ``NEWSKG_QUERIES_DIR=/elsewhere/queries``), which wins
over both.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

#: The repository root in a checkout: the parent of the package directory.
ROOT = Path(__file__).resolve().parent.parent

#: True when the package runs from a source checkout (editable install, ``python build.py``,
#: tests), where the top-level ``ontology/`` and ``queries/`` are read; False for an installed wheel.
CHECKOUT = (ROOT / "pyproject.toml").is_file() and (ROOT / "ontology").is_dir() and (ROOT / "queries").is_dir()


def env_path(name: str, default: Path) -> Path:
    """The path in the environment variable ``NEWSKG_{name}``, else ``default``."""
    value = os.environ.get(f"NEWSKG_{name}")
    return Path(value).expanduser() if value else default


def packaged(name: str) -> Path:
    """The folder ``name`` (``ontology`` or ``queries``) shipped in ``newskg.data``, as a real path.

    A wheel installed on disk gives its own folder; a package imported from a zip file is
    copied once into a temporary folder (removed at exit), since the callers read paths."""
    folder = resources.files("newskg.data") / name
    if isinstance(folder, Path):
        return folder
    target = Path(tempfile.mkdtemp(prefix="newskg-data-")) / name
    atexit.register(shutil.rmtree, target.parent, True)
    _copy_tree(folder, target)
    return target


def _copy_tree(source: Traversable, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.is_dir():
            _copy_tree(entry, target / entry.name)
        else:
            (target / entry.name).write_bytes(entry.read_bytes())


def _data_dir(name: str) -> Path:
    """The default folder ``name``: the repository's in a checkout, else the packaged one."""
    return ROOT / name if CHECKOUT else packaged(name)


def _work_dir(name: str) -> Path:
    """The default articles/graph folder: the repository's in a checkout, else the current folder's."""
    return ROOT / name if CHECKOUT else Path.cwd() / name


ONTOLOGY_DIR = env_path("ONTOLOGY_DIR", _data_dir("ontology"))
#: The OWL ontology proper: every ``*.ttl`` of ONTOLOGY_DIR except the shapes file.
SHAPES_FILE = env_path("SHAPES_FILE", ONTOLOGY_DIR / "shapes.ttl")
LOOKUPS_FILE = env_path("LOOKUPS_FILE", ONTOLOGY_DIR / "lookups.yml")
#: Cue words and role nouns of the extraction rules.
LEXICON_FILE = env_path("LEXICON_FILE", ONTOLOGY_DIR / "lexicon.yml")
#: The weights of the confidence model (fitted by tools/calibrate.py).
CONFIDENCE_FILE = env_path("CONFIDENCE_FILE", ONTOLOGY_DIR / "confidence.yml")
QUERIES_DIR = env_path("QUERIES_DIR", _data_dir("queries"))
ARTICLES_DIR = env_path("ARTICLES_DIR", _work_dir("articles"))
GRAPH_DIR = env_path("GRAPH_DIR", _work_dir("graph"))

#: File names inside a graph folder (see docs/model.md, "Graph folder").
ASSERTED_FILE = "asserted.ttl"
INFERRED_FILE = "inferred.ttl"
REPORT_FILE = "report.ttl"
MANIFEST_FILE = "manifest.json"
#: Each article's extraction before entity resolution (JSON lines): the rebuild/add/retract cache.
EXTRACTIONS_FILE = "extractions.jsonl"

#: Article file suffixes read by ``newskg.extract.articles``.
ARTICLE_SUFFIXES = (".txt", ".md")
