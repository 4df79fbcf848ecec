"""``newskg check``: a graph folder against its manifest, its store and the shapes.

Above the build (it validates as ``pipeline.validate_files`` does); the cheap checks every
command makes live in ``newskg.folder.integrity``.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph

from newskg.errors import NewsKGError
from newskg.folder.backends import make_backend, store_of
from newskg.folder.build import validate_files
from newskg.folder.integrity import check_folder
from newskg.folder.store import folder_graph_files
from newskg.inputs import RDF_FORMATS


def verify(graph_dir: Path | str) -> tuple[int, list[str]]:
    """``newskg check``: every file against the manifest (hashed), the triples of the graph files
    against the manifest's counts, the store and index against the files, and the shapes.
    The exit status (0 sound, 1 shape violations, 2 damaged) and the findings in words."""
    graph_dir = Path(graph_dir)
    lines: list[str] = []
    manifest = check_folder(graph_dir, full=True)  # FolderDamaged: exit 2 with its one line
    files = manifest.get("files")
    lines.append(f"files: {len(files)} listed in the manifest, each with the size and sha256 recorded"
                 if files is not None else "files: the manifest lists none (an older folder): not checked")
    asserted = inferred = 0
    for path, is_inferred in folder_graph_files(graph_dir):
        count = sum(1 for _ in pyoxigraph.parse(path=str(path), format=RDF_FORMATS[path.suffix.lower()][1],
                                                base_iri=path.resolve().as_uri()))
        inferred, asserted = (inferred + count, asserted) if is_inferred else (inferred, asserted + count)
    counts = manifest.get("counts", {})
    lines.append(f"triples: {asserted} asserted, {inferred} inferred in the graph files; the manifest counts "
                 f"{counts.get('asserted_triples', '?')} and {counts.get('inferred_triples', '?')}")
    store = store_of(graph_dir)
    if store != "files":
        backend = make_backend(store, graph_dir)
        try:
            lines.append(f"store: {store} " + ("holds the folder's files" if backend.in_step() else
                                               "is behind the files: the next query reloads it"))
        except NewsKGError as exc:
            lines.append(f"store: {store} cannot be checked ({exc})")
        finally:
            backend.close()
    report = validate_files([], graph_dir)
    lines.append("shapes: the graph conforms" if report.conforms else
                 f"shapes: {len(report.results)} results; the graph does not conform:\n{report.to_text()}")
    return (0 if report.conforms else 1), lines
