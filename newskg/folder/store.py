"""Stage 8, persist: the graph folder <-> rdflib graphs.

A graph folder holds ``asserted.ttl``, ``inferred.ttl``, ``report.ttl`` and
``manifest.json`` (docs/model.md, "Graph folder"), plus ``additions/*.nt``, the user
additions of ``newskg add`` (newskg.folder.update), which ``load_graph`` reads with the rest.
Writing is all or nothing: the files go to a temporary sibling folder which is then
exchanged with the old one in one atomic step (``_swap_in``), so a reader never sees
a half-written folder and a crash leaves the old folder or the new one.
``commit_files`` makes a new version that hard-links the unchanged files, so small
changes to a large folder cost what they write.  Turtle is canonical: blank nodes get content-derived labels and
rdflib's serializer sorts subjects, predicates and objects, so the same graph always
gives the same bytes.
"""

from __future__ import annotations

import bisect
import ctypes
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

from newskg import settings
from newskg.errors import GraphNotFound, RDFInputError, UsageError
from newskg.folder.integrity import check_folder, load_manifest, manifest_digest, record_files, sha256
from newskg.inputs import RDF_FORMATS, read_input
from newskg.rdf.terms import to_oxigraph

# rdflib logs a traceback (at WARNING) for each literal it cannot convert ("2022-13-45"^^xsd:date)
# and each IRI it finds odd; the shapes report such values, and parse errors say what is wrong
logging.getLogger("rdflib.term").setLevel(logging.ERROR)

#: Folder of a graph folder holding the additions of `newskg add` (see newskg.folder.update).
ADDITIONS_DIR = "additions"
#: Folder of a graph folder holding its embedded Oxigraph store (``--store oxigraph``,
#: newskg.folder.backends).  A new folder version takes it over (a rename), never hard-links its
#: files: RocksDB changes some of them in place.
OXIGRAPH_DIR = "oxigraph"
INFERRED_SUFFIX = ".inferred.nt"
GRAPH_FILES = (settings.ASSERTED_FILE, settings.INFERRED_FILE, settings.REPORT_FILE, settings.MANIFEST_FILE)


# ── writing ─────────────────────────────────────────────────────────────────


def serialize_turtle(graph: Graph, lines: Iterable[str] | None = None) -> bytes:
    """Canonical Turtle: the same triples and prefixes always give byte-identical output.

    Blank nodes get content-derived labels (``to_canonical_graph``), the triples are
    sorted by their N-Triples form and written by Oxigraph's Turtle serializer (about
    five times faster than rdflib's, which took 28 s for 600,000 triples), with each
    prefix of the graph that some IRI of it starts with, in prefix order.  ``lines``,
    the graph's triples in N-Triples form without the final " ." (as a rebuild has
    them already, ``rebuild.graph_delta``), saves converting them again.
    """
    # to_canonical_graph only relabels blank nodes, and it is costly: skip it without them
    has_bnodes = any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in graph)
    source = to_canonical_graph(graph) if has_bnodes else graph
    if lines is None or has_bnodes:
        lines = {str(pyoxigraph.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))) for s, p, o in source}
    return turtle_from_lines(lines, graph.namespaces())


def turtle_from_lines(lines: Iterable[str], namespaces: Iterable[tuple[str, Any]]) -> bytes:
    """``serialize_turtle`` of a graph without blank nodes, from its triples as N-Triples lines
    (without the final " .") and the graph's prefixes: what a rebuild writes without rdflib."""
    ordered = sorted(lines)
    triples = pyoxigraph.parse("".join(f"{line} .\n" for line in ordered).encode("utf-8"),
                               format=pyoxigraph.RdfFormat.N_TRIPLES)
    used = _used_iris(ordered)
    prefixes = {prefix: str(namespace) for prefix, namespace in sorted(namespaces)
                if prefix and _any_starts_with(used, str(namespace))}
    body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)
    assert body is not None  # no output file given: the bytes are returned
    # the prefix lines in our (sorted) order, whatever order the serializer keeps them in
    while body.startswith(b"@prefix "):
        body = body[body.index(b"\n") + 1:]
    header = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in prefixes.items())
    return (header + "\n").encode("utf-8") + body if header else body


def _used_iris(lines: Iterable[str]) -> list[str]:
    """The IRIs N-Triples lines write out (subjects, predicates, IRI objects, datatypes of typed
    literals), sorted, without the angle brackets."""
    iris: set[str] = set()
    for line in lines:
        subject, predicate, obj = line.split(" ", 2)
        iris.add(subject)
        iris.add(predicate)
        if obj[0] == "<":
            iris.add(obj)
        elif obj[-1] == ">":  # "..."^^<datatype>: a typed literal (a language tag never ends so)
            iris.add(obj[obj.rindex("^^<") + 2:])
    return sorted(iri[1:-1] for iri in iris if iri[0] == "<")


def _any_starts_with(ordered: list[str], prefix: str) -> bool:
    """Whether some string of the sorted list ``ordered`` starts with ``prefix``."""
    at = bisect.bisect_left(ordered, prefix)
    return at < len(ordered) and ordered[at].startswith(prefix)


def bind_prefixes(graph: Graph, source: Graph) -> None:
    """Give ``graph`` the prefixes of ``source`` (news:, org:, prov: ...) for namespaces it has none for."""
    bound = {str(ns) for _, ns in graph.namespaces()}
    for prefix, namespace in source.namespaces():
        if prefix and str(namespace) not in bound:
            graph.bind(prefix, namespace, override=False)


def serialize_manifest(manifest: Mapping[str, Any]) -> bytes:
    """The manifest as JSON with sorted keys (deterministic, diff-friendly), with the digest of
    its content (``"digest"``, newskg.folder.integrity): a hand edit of the manifest is noticed."""
    body = {k: v for k, v in manifest.items() if k != "digest"}
    body["digest"] = manifest_digest(body)
    return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def write_graph_folder(
    out_dir: Path | str,
    asserted: Graph | bytes,
    inferred: Graph | bytes,
    report: Graph | bytes,
    manifest: Mapping[str, Any],
    extra: Mapping[str, bytes] | None = None,
    *,
    carry_store: bool = False,
) -> Path:
    """Write a complete graph folder at ``out_dir``, replacing the previous one atomically.

    ``extra`` adds files by name (e.g. ``review.jsonl``, the facts left for review).
    ``asserted``, ``inferred`` and ``report`` may be given as the bytes of their file
    (a rebuild whose graph did not change reuses the previous files).

    Refuses (``UsageError``) to replace a non-empty folder that is not a graph folder,
    so a mistyped ``--out`` never deletes unrelated files.  With ``carry_store`` the old
    version's Oxigraph store moves into the new one (its owner then updates or reloads it).
    """
    out_dir = Path(out_dir)
    _check_replaceable(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with _new_version(out_dir, carry_store=carry_store) as tmp:
        contents = {
            settings.ASSERTED_FILE: asserted if isinstance(asserted, bytes) else serialize_turtle(asserted),
            settings.INFERRED_FILE: inferred if isinstance(inferred, bytes) else serialize_turtle(inferred),
            settings.REPORT_FILE: report if isinstance(report, bytes) else serialize_turtle(report),
            **(extra or {}),
        }
        contents.pop(settings.MANIFEST_FILE, None)
        _write_files(tmp, contents)
        listed = {name: {"sha256": sha256(data), "size": len(data)} for name, data in contents.items()}
        _write_manifest(tmp, manifest, listed)
    return out_dir


def _write_manifest(folder: Path, manifest: Mapping[str, Any], known: Mapping[str, dict[str, Any]]) -> None:
    """Last file of a new folder version: the manifest, listing every file with its size and
    sha256 (``known`` saves hashing the files the caller has hashes for)."""
    files = record_files(folder, known)
    _write_files(folder, {settings.MANIFEST_FILE: serialize_manifest({**manifest, "files": files})})


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
    """Put folder ``new`` at ``target``; the old ``target`` stays whole until then.

    On Linux the two folders are exchanged in one atomic step (renameat2 with
    RENAME_EXCHANGE), so a crash or ``kill -9`` at any moment leaves the old folder
    or the new one at ``target``, never a missing or mixed one.  Elsewhere two
    renames are used (a short window without ``target``).
    """
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the old contents
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


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False when the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not supported here
        return False
    raise OSError(errno, os.strerror(errno), str(b))


@contextmanager
def _new_version(target: Path, carry_store: bool = False) -> Iterator[Path]:
    """A temporary sibling folder for the next version of ``target``: swapped in when the
    block succeeds, removed when it fails, so ``target`` is never half-written.

    With ``carry_store`` the store folder of ``target`` is moved into the new version
    first, and moved back if the block fails.
    """
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    moved = carry_store and (target / OXIGRAPH_DIR).is_dir()
    try:
        if moved:
            (target / OXIGRAPH_DIR).rename(tmp / OXIGRAPH_DIR)
        yield tmp
        tmp.chmod(0o755)
        _swap_in(tmp, target)
    except BaseException:
        if moved and (tmp / OXIGRAPH_DIR).is_dir():
            (tmp / OXIGRAPH_DIR).rename(target / OXIGRAPH_DIR)
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _write_files(folder: Path, contents: Mapping[str, bytes]) -> None:
    """Write files (relative names) into a new folder version, on disk before it is swapped in."""
    for name, data in contents.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        with open(folder / name, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def commit_files(graph_dir: Path | str, files: Mapping[str, bytes], remove: Iterable[str] = ()) -> Path:
    """A new version of an existing graph folder, swapped in atomically (see ``_swap_in``).

    Files named in ``files`` (relative names, e.g. ``additions/000001-abc.nt``) are
    written; those in ``remove`` are left out; every other file is hard-linked from
    the current folder (files of a graph folder are never changed in place, so old
    and new versions can share them).  The cost is that of the new files, not of
    the folder: a 1M-triple ``asserted.ttl`` is linked, not copied.  The Oxigraph store,
    if any, is moved into the new version (see ``OXIGRAPH_DIR``).
    """
    graph_dir = Path(graph_dir)
    if not (graph_dir / settings.ASSERTED_FILE).is_file():
        raise GraphNotFound(graph_dir)
    old_manifest = load_manifest(graph_dir)
    skip = set(files) | set(remove) | {settings.MANIFEST_FILE}
    with _new_version(graph_dir, carry_store=True) as tmp:
        written = dict(files.items())
        manifest_bytes = written.pop(settings.MANIFEST_FILE, None)
        manifest = json.loads(manifest_bytes) if manifest_bytes is not None else old_manifest
        for path in sorted(graph_dir.rglob("*")):
            name = path.relative_to(graph_dir).as_posix()
            if path.is_dir() or name in skip or name.split("/", 1)[0] == OXIGRAPH_DIR:
                continue
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, tmp / name)
            except OSError:
                shutil.copy2(path, tmp / name)
        _write_files(tmp, written)
        known = {**old_manifest.get("files", {}),
                 **{name: {"sha256": sha256(data), "size": len(data)} for name, data in written.items()}}
        _write_manifest(tmp, manifest, known)
    return graph_dir


# ── reading ─────────────────────────────────────────────────────────────────


def rdf_format(path: Path | str) -> str:
    """The rdflib format name for a file, from its suffix; ``RDFInputError`` if unknown."""
    path = Path(path)
    try:
        return RDF_FORMATS[path.suffix.lower()][0]
    except KeyError:
        known = ", ".join(sorted(RDF_FORMATS))
        raise RDFInputError(path, f"unknown RDF file type {path.suffix!r} (known: {known})") from None


def parse_rdf_file(path: Path | str, graph: Graph | None = None, *, strict: bool = True) -> Graph:
    """Parse an RDF file into ``graph`` (a new one by default).

    Errors name the file and, when a parser tells, the line: ``RDFInputError``.  Only regular
    files of a bounded size are read (``inputs.read_input``); XML entity declarations are
    refused.  ``strict`` (for files from outside: not a graph folder's own, which
    ``integrity.check_folder`` vouches for) first runs Oxigraph's strict parser, which
    refuses what rdflib lets through with a logged warning (an IRI with a space).
    """
    path = Path(path)
    try:
        data = read_input(path, "RDF file")
    except FileNotFoundError:
        raise RDFInputError(path, "no such file") from None
    except IsADirectoryError:
        raise RDFInputError(path, "is a folder, not an RDF file") from None
    fmt = rdf_format(path)
    graph = graph if graph is not None else Graph()
    if b"\x00" in data:
        raise RDFInputError(path, "is a binary file, not RDF text")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RDFInputError(path, f"is not UTF-8 text (undecodable byte 0x{data[exc.start]:02x})", line) from None
    if strict:
        check_syntax(path, data)
    try:
        graph.parse(data=data, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib's parsers raise many unrelated exception types
        message, line = _locate_error(path, data, exc)
        raise RDFInputError(path, message, line) from None
    return graph


def check_syntax(path: Path, data: bytes, name: Path | str | None = None) -> None:
    """``RDFInputError`` naming the file (``name``, default ``path``) and line when Oxigraph's
    strict parser refuses the data (for the formats it reads; ``path``'s suffix tells which);
    XML with entity declarations is refused unread."""
    name = name if name is not None else path
    ox_format = RDF_FORMATS.get(path.suffix.lower(), ("", None))[1]
    if ox_format == pyoxigraph.RdfFormat.RDF_XML and _ENTITY.search(data):
        raise RDFInputError(name, "XML entity declarations (<!ENTITY ...>) are refused: they can expand without limit")
    if ox_format is None:
        return
    try:
        for _ in pyoxigraph.parse(data, format=ox_format, base_iri=path.resolve().as_uri()):
            pass
    except SyntaxError as exc:
        raise RDFInputError(name, str(exc.msg if hasattr(exc, "msg") else exc), exc.lineno) from None


_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _locate_error(path: Path, data: bytes, exc: Exception) -> tuple[str, int | None]:
    """A one-line message and line number for a parse error (pyoxigraph gives exact lines)."""
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg, exc.lineno
    ox_format = RDF_FORMATS[path.suffix.lower()][1]
    if ox_format == pyoxigraph.RdfFormat.RDF_XML and _ENTITY.search(data):
        # not a second parse that expands the entities (a billion-laughs file took 4.8 GB there)
        return "XML entity declarations (<!ENTITY ...>) are refused: they can expand without limit", None
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
        parse_rdf_file(path, graph, strict=False)  # the folder's own files: checked against the manifest
    return graph


def graph_files(graph_dir: Path | str, with_inferred: bool = True) -> list[Path]:
    """The Turtle files of a graph folder that make up its graph; ``GraphNotFound`` if absent,
    ``FolderDamaged`` when a file of the folder does not match its manifest (``integrity.check_folder``)."""
    graph_dir = Path(graph_dir)
    check_folder(graph_dir)
    asserted = graph_dir / settings.ASSERTED_FILE
    if not asserted.is_file():
        raise GraphNotFound(graph_dir)
    files = [asserted]
    inferred = graph_dir / settings.INFERRED_FILE
    if with_inferred and inferred.is_file():
        files.append(inferred)
    # user additions committed by `newskg add` (newskg.folder.update): <n>-<key>.nt and <n>-<key>.inferred.nt
    additions = graph_dir / ADDITIONS_DIR
    if additions.is_dir():
        for path in sorted(additions.glob("*.nt")):
            if with_inferred or not path.name.endswith(INFERRED_SUFFIX):
                files.append(path)
    return files


def is_inferred_file(path: Path) -> bool:
    """True for the graph files that hold inferred triples (``inferred.ttl``, ``*.inferred.nt``)."""
    return path.name == settings.INFERRED_FILE or path.name.endswith(INFERRED_SUFFIX)


def folder_graph_files(graph_dir: Path | str) -> Iterator[tuple[Path, bool]]:
    """Each graph file of a folder with True when it holds inferred triples."""
    for path in graph_files(graph_dir, with_inferred=True):
        yield path, is_inferred_file(path)


def load_into_oxigraph(store: Any, path: Path, graph: Any = None) -> None:
    """Bulk-load a graph file into a pyoxigraph store (its default graph unless ``graph``)."""
    store.bulk_load(path=str(path), format=RDF_FORMATS[path.suffix.lower()][1], base_iri=path.resolve().as_uri(),
                    to_graph=graph if graph is not None else pyoxigraph.DefaultGraph())


def read_manifest(graph_dir: Path | str) -> dict[str, Any]:
    """The manifest of a graph folder ({} when there is no graph there); ``FolderDamaged`` when it
    is missing beside a graph, not a JSON object or edited since it was written."""
    return load_manifest(Path(graph_dir))


def snapshot(graph_dir: Path | str, names: Iterable[str] = GRAPH_FILES) -> dict[str, bytes]:
    """The bytes of each file of a graph folder (for comparing before and after)."""
    graph_dir = Path(graph_dir)
    return {n: (graph_dir / n).read_bytes() for n in names if (graph_dir / n).is_file()}
