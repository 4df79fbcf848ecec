"""The graph folder knows its own content, and commands say what is true about it.

The manifest lists every file of the folder with its size and sha256 (``"files"``) and
carries a digest of its own content (``"digest"``, see ``store.serialize_manifest``),
so a file that is missing, truncated, replaced or edited, and a manifest edited by hand
(wrong counts), are noticed.  ``check_folder`` compares a folder with its manifest:
sizes always, hashes only for the files modified after the manifest (a commit writes the
manifest last, so in an untouched folder no file is newer than it) -- a file changed with
its size kept and its time set back is the one case this cheap path lets through.
Commands reading a damaged folder stop with ``FolderDamaged`` (exit 2, naming the file
and the repair, ``newskg build``); ``build`` rebuilds such a folder from the articles
instead of reusing it.

``after_commit`` wraps the work done after a commit point (an index or store update): a
failure there is reported as such, with the change committed, not as a failed command.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph

from newskg import settings
from newskg.errors import FolderDamaged, GraphNotFound, NewsKGError, UsageError
from newskg.inputs import RDF_FORMATS

#: Files every manifest with a ``"files"`` list must list.
REQUIRED = (settings.ASSERTED_FILE, settings.INFERRED_FILE, settings.REPORT_FILE)
#: The build's reuse keys (pipeline.GRAPH_INPUTS_FILE): not listed, since they change with the code and
#: the manifest is committed; checked for their form instead (``_check_inputs``).
INPUTS_FILE = "graph-inputs"
_SKIPPED = {settings.MANIFEST_FILE, INPUTS_FILE}
_KEY = re.compile(r"[0-9a-f]{64}\nvalidation [0-9a-f]{64}\ninference [0-9a-f]{64}\n")
_CHECKED: dict[Path, tuple[Any, ...]] = {}  # folder -> the stat signature it was last found sound with


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_digest(manifest: Mapping[str, Any]) -> str:
    """The digest of a manifest's content (all but its ``"digest"``), as ``serialize_manifest`` writes it."""
    body = {k: v for k, v in manifest.items() if k != "digest"}
    return sha256(json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def folder_files(folder: Path) -> list[str]:
    """The files of a folder version that the manifest lists (relative names; no store, no manifest)."""
    names = []
    for path in folder.rglob("*"):
        name = path.relative_to(folder).as_posix()
        if name.split("/", 1)[0] == "oxigraph" or name in _SKIPPED or not path.is_file():
            continue
        names.append(name)
    return sorted(names)


def record_files(folder: Path, known: Mapping[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The ``"files"`` list of the folder version ``folder`` (being written): size and sha256 of
    each file, taken from ``known`` (name -> entry) when its size matches, else hashed."""
    files = {}
    for name in folder_files(folder):
        size = (folder / name).stat().st_size
        entry = known.get(name)
        if entry is None or entry.get("size") != size:
            entry = {"sha256": file_sha256(folder / name), "size": size}
        files[name] = {"sha256": entry["sha256"], "size": size}
    return files


# ── checking ─────────────────────────────────────────────────────────────────


def load_manifest(graph_dir: Path) -> dict[str, Any]:
    """The manifest of a graph folder, checked on its own: an object whose digest matches,
    with counts that are numbers.  {} when the folder has neither manifest nor graph."""
    path = graph_dir / settings.MANIFEST_FILE
    if not path.is_file():
        if (graph_dir / settings.ASSERTED_FILE).exists():
            raise FolderDamaged(graph_dir, settings.MANIFEST_FILE, "is missing")
        return {}
    try:
        value = json.loads(path.read_bytes().decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise FolderDamaged(graph_dir, settings.MANIFEST_FILE, "is not valid JSON") from None
    except OSError as exc:
        raise FolderDamaged(graph_dir, settings.MANIFEST_FILE, f"cannot be read ({exc.strerror})") from None
    if not isinstance(value, dict):
        raise FolderDamaged(graph_dir, settings.MANIFEST_FILE, "is not a JSON object")
    if "digest" in value and value["digest"] != manifest_digest(value):
        raise FolderDamaged(graph_dir, settings.MANIFEST_FILE, "was changed after it was written (its digest does not match)")
    counts = value.get("counts", {})
    if not isinstance(counts, dict) or not all(
            isinstance(v, int) or (isinstance(v, dict) and all(isinstance(x, int) for x in v.values()))
            for v in counts.values()):
        raise FolderDamaged(graph_dir, settings.MANIFEST_FILE, "has counts that are not numbers")
    files = value.get("files")
    if files is not None and not (isinstance(files, dict) and all(
            isinstance(e, dict) and isinstance(e.get("size"), int) and isinstance(e.get("sha256"), str)
            for e in files.values())):
        raise FolderDamaged(graph_dir, settings.MANIFEST_FILE, "has a malformed list of files")
    return value


def check_folder(graph_dir: Path | str, *, full: bool = False) -> dict[str, Any]:
    """The manifest of a sound graph folder; ``FolderDamaged`` naming the first file that does not
    match it, ``GraphNotFound`` when there is no graph there.

    A folder written before manifests listed their files (no ``"files"``) is checked on its
    manifest alone.  ``full``: hash every file, whatever its time.
    """
    graph_dir = Path(graph_dir)
    manifest = load_manifest(graph_dir)
    if not (graph_dir / settings.ASSERTED_FILE).is_file() and not manifest:
        raise GraphNotFound(graph_dir)
    files = manifest.get("files")
    if files is None:
        if not (graph_dir / settings.ASSERTED_FILE).is_file():
            raise GraphNotFound(graph_dir)
        _check_legacy(graph_dir)
        return manifest
    for name in REQUIRED:
        if name not in files:
            raise FolderDamaged(graph_dir, settings.MANIFEST_FILE, f"does not list {name}")
    signature = _signature(graph_dir, files)
    key = graph_dir.absolute()
    if _CHECKED.get(key) == signature and not full:
        return manifest
    written = (graph_dir / settings.MANIFEST_FILE).stat().st_mtime_ns
    for name, entry in sorted(files.items()):
        path = graph_dir / name
        try:
            st = path.stat()
        except OSError:
            raise FolderDamaged(graph_dir, name, "is missing") from None
        if not path.is_file():
            raise FolderDamaged(graph_dir, name, "is not a file")
        if st.st_size != entry["size"]:
            raise FolderDamaged(graph_dir, name, f"has {st.st_size} bytes where the manifest records {entry['size']}")
        if st.st_mtime_ns <= written and not full:
            continue  # not changed since the manifest was written (the commit writes it last)
        try:
            actual = file_sha256(path)
        except OSError as exc:
            raise FolderDamaged(graph_dir, name, f"cannot be read ({exc.strerror})") from None
        if actual != entry["sha256"]:
            raise FolderDamaged(graph_dir, name, "does not have the content the manifest records (sha256 differs)")
    additions = graph_dir / "additions"
    if additions.is_dir():
        for path in sorted(additions.iterdir()):
            name = path.relative_to(graph_dir).as_posix()
            if name not in files:
                raise FolderDamaged(graph_dir, name, "is not a file the manifest lists")
    _check_inputs(graph_dir)
    _CHECKED[key] = signature
    return manifest


def read_manifest_if_any(graph_dir: Path) -> dict[str, Any]:
    """The manifest of a previous build of ``graph_dir``; {} when there is none, it is unreadable or
    the folder is damaged (a file does not match the manifest): a build then reuses nothing of it."""
    try:
        return check_folder(graph_dir)
    except NewsKGError:
        return {}


def _check_legacy(graph_dir: Path) -> None:
    """A folder whose manifest lists no files: its graph files must at least parse (Oxigraph's
    parser, once per folder state), so that no command meets a truncated or binary file unawares."""
    paths = [graph_dir / settings.ASSERTED_FILE, graph_dir / settings.INFERRED_FILE]
    if (graph_dir / "additions").is_dir():
        paths += sorted((graph_dir / "additions").glob("*.nt"))
    signature = tuple((p.name, p.stat().st_ino, p.stat().st_size, p.stat().st_mtime_ns) for p in paths if p.is_file())
    if _CHECKED.get(graph_dir.absolute()) == signature:
        return
    for path in paths:
        if not path.is_file():
            continue
        try:
            for _ in pyoxigraph.parse(path=str(path), format=RDF_FORMATS[path.suffix.lower()][1],
                                      base_iri=path.resolve().as_uri()):
                pass
        except (SyntaxError, ValueError, OSError) as exc:
            line = getattr(exc, "lineno", None)
            where = f" (line {line})" if line else ""
            raise FolderDamaged(graph_dir, path.relative_to(graph_dir).as_posix(), f"is not valid RDF{where}") from None
    _CHECKED[graph_dir.absolute()] = signature


def _check_inputs(graph_dir: Path) -> None:
    path = graph_dir / INPUTS_FILE
    try:
        if path.is_file() and _KEY.fullmatch(path.read_bytes().decode("ascii")):
            return
    except (OSError, UnicodeDecodeError):
        pass
    if path.exists():
        raise FolderDamaged(graph_dir, INPUTS_FILE, "is not the list of build keys a build writes")


def _signature(graph_dir: Path, files: Mapping[str, Any]) -> tuple[Any, ...]:
    parts: list[Any] = []
    for name in [settings.MANIFEST_FILE, INPUTS_FILE, *sorted(files)]:
        try:
            st = (graph_dir / name).stat()
            parts.append((name, st.st_ino, st.st_size, st.st_mtime_ns))
        except OSError:
            parts.append((name, None))
    additions = graph_dir / "additions"
    if additions.is_dir():
        parts.append(tuple(sorted(p.name for p in additions.iterdir())))
    return tuple(parts)


def damage(graph_dir: Path | str) -> FolderDamaged | None:
    """What is damaged in a graph folder (None when it is sound or holds no graph)."""
    try:
        check_folder(graph_dir)
    except FolderDamaged as exc:
        return exc
    except NewsKGError:
        return None
    return None


def is_intact(graph_dir: Path | str, name: str) -> bool:
    """Whether one file of a folder has the content its (sound) manifest records."""
    graph_dir = Path(graph_dir)
    try:
        entry = load_manifest(graph_dir).get("files", {}).get(name)
    except FolderDamaged:
        return False
    path = graph_dir / name
    if entry is None or not path.is_file():
        return entry is None and path.is_file()  # a folder whose manifest lists no files: as it is
    try:
        return path.stat().st_size == entry["size"] and file_sha256(path) == entry["sha256"]
    except OSError:
        return False


def note_damage(graph_dir: Path | str, progress: Callable[[str], None]) -> bool:
    """For ``build``: say that a damaged folder is rebuilt from the articles; True when it is damaged."""
    found = damage(graph_dir)
    if found is not None:
        progress(f"note: {found.path} is damaged ({found.name} {found.problem}); rebuilding it from the "
                 "articles without reusing any of it (user additions whose files are intact are kept)")
    return found is not None


@contextmanager
def salvaged(graph_dir: Path) -> Iterator[Path]:
    """``graph_dir`` itself when it is sound; for a damaged folder, a temporary folder holding
    (hard links to) its manifest and the files that still match it, so that what a rebuild
    carries over (``update.carry_over``: user additions, added articles) is only what is intact.
    A manifest that is itself damaged vouches for nothing: the folder is then empty."""
    if damage(graph_dir) is None:
        yield graph_dir
        return
    with tempfile.TemporaryDirectory(prefix=".salvage-", dir=graph_dir.parent) as temp:
        folder = Path(temp)
        try:
            manifest = load_manifest(graph_dir)
        except FolderDamaged:
            manifest = {}
        if manifest.get("files"):
            (folder / settings.ASSERTED_FILE).write_bytes(b"")  # (carry_over looks for a graph there)
            _link(graph_dir / settings.MANIFEST_FILE, folder / settings.MANIFEST_FILE)
            for name in manifest["files"]:
                if name != settings.ASSERTED_FILE and is_intact(graph_dir, name):
                    _link(graph_dir / name, folder / name)
        yield folder


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


# ── honest outcomes ──────────────────────────────────────────────────────────


@contextmanager
def after_commit(what: str, repair: str, echo: Callable[[str], None] | None = None) -> Iterator[None]:
    """Work after a commit point: a failure is reported as a warning (the change is committed),
    with ``repair``, instead of failing the command."""
    try:
        yield
    except Exception as exc:  # whatever the index or store raised: the commit stands
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        (echo or _stderr)(f"warning: the change is committed, but {what} failed ({detail}); {repair}")


def probe_store(backend: Any, out_dir: Path) -> None:
    """Before a build commits: the SPARQL server it is to load answers (else ``UsageError``, nothing written)."""
    if getattr(backend, "kind", None) != "sparql":
        return
    try:
        backend._recorded_state()
    except NewsKGError as exc:
        raise UsageError(f"the store {backend.base} cannot be reached ({exc}); {out_dir} was not changed.") from None


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
