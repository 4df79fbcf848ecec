"""Stage 8, persist: the graph folder <-> rdflib graphs.

A graph folder holds ``asserted.ttl``, ``inferred.ttl``, ``report.ttl`` and
``manifest.json`` (docs/model.md, "Graph folder").  Writing is all or nothing: the
files go to a temporary sibling folder which then replaces the old one by renames,
so a reader never sees a half-written folder and a failed write leaves the old
folder as it was.  Turtle is canonical: blank nodes get content-derived labels and
rdflib's serializer sorts subjects, predicates and objects, so the same graph always
gives the same bytes.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from newskg import settings
from newskg.errors import GraphNotFound, RDFInputError, UsageError

#: RDF file suffix -> (rdflib format, pyoxigraph format used to locate syntax errors).
RDF_FORMATS: dict[str, tuple[str, Any]] = {
    ".ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE),
    ".turtle": ("turtle", pyoxigraph.RdfFormat.TURTLE),
    ".nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
    ".trig": ("trig", pyoxigraph.RdfFormat.TRIG),
    ".nq": ("nquads", pyoxigraph.RdfFormat.N_QUADS),
    ".jsonld": ("json-ld", None),
    ".json": ("json-ld", None),
    ".rdf": ("xml", pyoxigraph.RdfFormat.RDF_XML),
    ".owl": ("xml", pyoxigraph.RdfFormat.RDF_XML),
    ".xml": ("xml", pyoxigraph.RdfFormat.RDF_XML),
}
GRAPH_FILES = (settings.ASSERTED_FILE, settings.INFERRED_FILE, settings.REPORT_FILE, settings.MANIFEST_FILE)


# ── writing ─────────────────────────────────────────────────────────────────


def serialize_turtle(graph: Graph) -> bytes:
    """Canonical Turtle: the same triples and prefixes always give byte-identical output."""
    canonical = Graph(bind_namespaces="none")
    for prefix, namespace in sorted(graph.namespaces()):
        canonical.bind(prefix, namespace, override=True, replace=True)
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    return canonical.serialize(format="turtle", encoding="utf-8")


def serialize_manifest(manifest: Mapping[str, Any]) -> bytes:
    """The manifest as JSON with sorted keys (deterministic, diff-friendly)."""
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def write_graph_folder(
    out_dir: Path | str,
    asserted: Graph,
    inferred: Graph,
    report: Graph,
    manifest: Mapping[str, Any],
    extra: Mapping[str, bytes] | None = None,
) -> Path:
    """Write a complete graph folder at ``out_dir``, replacing the previous one atomically.

    ``extra`` adds files by name (e.g. ``review.jsonl``, the facts left for review).

    Refuses (``UsageError``) to replace a non-empty folder that is not a graph folder,
    so a mistyped ``--out`` never deletes unrelated files.
    """
    out_dir = Path(out_dir)
    _check_replaceable(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        contents = {
            settings.ASSERTED_FILE: serialize_turtle(asserted),
            settings.INFERRED_FILE: serialize_turtle(inferred),
            settings.REPORT_FILE: serialize_turtle(report),
            settings.MANIFEST_FILE: serialize_manifest(manifest),
            **(extra or {}),
        }
        for name, data in contents.items():
            (tmp / name).write_bytes(data)
        tmp.chmod(0o755)
        _swap_in(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def _check_replaceable(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: exists and is not a folder; choose another --out.")
    if out_dir.is_dir():
        names = {p.name for p in out_dir.iterdir()}
        if names and not names & {settings.ASSERTED_FILE, settings.MANIFEST_FILE}:
            raise UsageError(
                f"{out_dir}: is a non-empty folder that is not a graph folder; "
                "refusing to replace it (choose an empty or new --out)."
            )


def _swap_in(new: Path, target: Path) -> None:
    """Put folder ``new`` at ``target``; the old ``target`` stays whole until then."""
    if not target.exists():
        new.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


# ── reading ─────────────────────────────────────────────────────────────────


def rdf_format(path: Path | str) -> str:
    """The rdflib format name for a file, from its suffix; ``RDFInputError`` if unknown."""
    path = Path(path)
    try:
        return RDF_FORMATS[path.suffix.lower()][0]
    except KeyError:
        known = ", ".join(sorted(RDF_FORMATS))
        raise RDFInputError(path, f"unknown RDF file type {path.suffix!r} (known: {known})") from None


def parse_rdf_file(path: Path | str, graph: Graph | None = None) -> Graph:
    """Parse an RDF file into ``graph`` (a new one by default).

    Errors name the file and, when a parser tells, the line: ``RDFInputError``.
    """
    path = Path(path)
    fmt = rdf_format(path)
    graph = graph if graph is not None else Graph()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RDFInputError(path, "no such file") from None
    except IsADirectoryError:
        raise RDFInputError(path, "is a folder, not an RDF file") from None
    if b"\x00" in data:
        raise RDFInputError(path, "is a binary file, not RDF text")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RDFInputError(path, f"is not UTF-8 text (undecodable byte 0x{data[exc.start]:02x})", line) from None
    try:
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib's parsers raise many unrelated exception types
        message, line = _locate_error(path, data, exc)
        raise RDFInputError(path, message, line) from None
    return graph


def _locate_error(path: Path, data: bytes, exc: Exception) -> tuple[str, int | None]:
    """A one-line message and line number for a parse error (pyoxigraph gives exact lines)."""
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg, exc.lineno
    ox_format = RDF_FORMATS[path.suffix.lower()][1]
    if ox_format is not None:
        try:
            for _ in pyoxigraph.parse(data, format=ox_format, base_iri=path.resolve().as_uri()):
                pass
        except SyntaxError as ox_exc:
            message = str(ox_exc.msg if hasattr(ox_exc, "msg") else ox_exc)
            lineno: int | None = ox_exc.lineno
            return message, lineno
    text = str(exc).strip().splitlines()
    line = getattr(exc, "lines", None)
    return (text[0] if text else type(exc).__name__), (line if isinstance(line, int) else None)


def load_graph(graph_dir: Path | str, with_inferred: bool = True) -> Graph:
    """The graph stored in a graph folder: asserted triples, plus the inferred ones by default."""
    graph = Graph(bind_namespaces="core")  # prefixes: core ones + those of the files
    for path in graph_files(graph_dir, with_inferred):
        parse_rdf_file(path, graph)
    return graph


def graph_files(graph_dir: Path | str, with_inferred: bool = True) -> list[Path]:
    """The Turtle files of a graph folder that make up its graph; ``GraphNotFound`` if absent."""
    graph_dir = Path(graph_dir)
    asserted = graph_dir / settings.ASSERTED_FILE
    if not asserted.is_file():
        raise GraphNotFound(graph_dir)
    files = [asserted]
    inferred = graph_dir / settings.INFERRED_FILE
    if with_inferred and inferred.is_file():
        files.append(inferred)
    return files


def read_manifest(graph_dir: Path | str) -> dict[str, Any]:
    """The manifest of a graph folder ({} when it has none)."""
    path = Path(graph_dir) / settings.MANIFEST_FILE
    if not path.is_file():
        return {}
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RDFInputError(path, f"the manifest is not valid JSON ({exc})") from None
    return value if isinstance(value, dict) else {}


def snapshot(graph_dir: Path | str, names: Iterable[str] = GRAPH_FILES) -> dict[str, bytes]:
    """The bytes of each file of a graph folder (for comparing before and after)."""
    graph_dir = Path(graph_dir)
    return {n: (graph_dir / n).read_bytes() for n in names if (graph_dir / n).is_file()}
