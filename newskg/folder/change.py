"""Every write to a graph folder is a ``Change``, committed by one path.

    map -> reason -> validate -> apply: commit -> sync the stores -> post_commit

``build``, ``add`` and ``retract`` differ only in how they map their input to triples: the
articles folder (plus the folder's user additions) to the whole graph, one RDF file to its
triples with their provenance, the remaining extraction records to a re-map.  Each then
reasons and validates with the two functions below, states what it changes as one ``Change``
(asserted and inferred triples added and removed, articles added and removed, the files of
the folder version it commits, and its provenance: which command, who, when, from what), and
hands it to ``apply``, which holds the folder's one writer lock (``newskg.folder.lock``) and

1. refuses a change whose validation does not conform (the folder is not touched);
2. commits it (``commit``): a whole new folder version (``store.write_graph_folder``) or new
   files on top of the current one (``store.commit_files``), swapped in atomically;
3. syncs the folder's store and its index (``backends.graph_index``): each gets the delta when it held
   the folder's state before the commit, and is reloaded from the files otherwise; a failure
   there is a warning, the commit stands (``integrity.after_commit``);
4. refreshes the listing views (``newskg.folder.views``) with the delta;
5. runs the post-commit steps (``post_commit``: ``POST_COMMIT`` lists them).

Incremental reasoning and validation are properties of the path: ``reason`` derives only the
triples a change adds when it is given the stored graph (a ``TripleSource``) and the change
only adds; ``validate`` checks only the nodes a change touches when it is given the stored
graph, known to conform (see ``newskg.rdf.incremental``).  Without one -- a first build, a
change too large to be worth a delta -- the change is the whole graph and both run in full.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rdflib import Graph

from newskg import settings
from newskg.errors import NewsKGError
from newskg.folder.backends import OxigraphBackend, index_path, make_backend
from newskg.folder.integrity import after_commit, probe_store, read_manifest_if_any
from newskg.folder.lock import writing
from newskg.folder.store import commit_files, serialize_manifest, write_graph_folder
from newskg.folder.views import refresh_views, views_state
from newskg.rdf.incremental import check_delta, infer_delta
from newskg.rdf.locality import TripleSource
from newskg.rdf.reasoning import default_engine, infer
from newskg.rdf.validation import validate_scoped
from newskg.report import ValidationReport

Progress = Callable[[str], None]

#: What to do when the index or store update after a commit failed.
REPAIR = "the next command rebuilds the index from the graph files (the store: the next query reloads it)."


def default_user() -> str:
    """Who runs this command (the OS user), for the provenance of its change."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def now() -> str:
    """The time of a change: UTC, to the second (``2026-01-31T12:00:00Z``)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Provenance:
    """Who made a change, when, with which command, from what (the articles folder, the files
    added, the ids retracted).  A build's provenance is not written into the folder (builds stay
    byte-identical); an addition's is, in its own file (``newskg.folder.additions``)."""

    command: str
    by: str
    at: str
    sources: tuple[str, ...] = ()


@dataclass
class Change:
    """One write to a graph folder: what it adds and removes, the folder version it commits."""

    folder: Path
    provenance: Provenance
    validation: ValidationReport
    #: The files to write (relative names; bytes, or graphs for the three graph files) and the manifest.
    files: dict[str, Any]
    manifest: dict[str, Any]
    #: True: ``files`` are the whole new folder version; False: they are written on top of the current one.
    replaces: bool
    added: Graph = field(default_factory=Graph)
    removed: Graph = field(default_factory=Graph)
    added_inferred: Graph = field(default_factory=Graph)
    removed_inferred: Graph = field(default_factory=Graph)
    articles_added: tuple[str, ...] = ()
    articles_removed: tuple[str, ...] = ()
    #: True when the delta is not known: the change is the whole graph (the stores are reloaded).
    whole: bool = False
    #: The store the folder has after the change (``files``, ``oxigraph``, ``sparql+http://...``).
    store: str = "files"

    def __len__(self) -> int:
        return len(self.added) + len(self.removed)


# ── reason and validate: incremental when the stored graph is given ──────────


def reason(data: Callable[[], Graph], ontology: Graph, *, added: Graph | None = None,
           source: TripleSource | None = None) -> Graph:
    """The inferred triples of a change.  Given the stored graph (``source``, with its inferences)
    and a change that only adds ``added``: the triples its OWL RL closure gains beyond the stored
    ones (``incremental.infer_delta``).  Otherwise the whole closure of ``data()``, the new graph."""
    if source is not None and added is not None:
        return infer_delta(source, added, ontology) if len(added) else Graph()
    return infer(data(), ontology, engine=default_engine())


def validate(added: Graph, removed: Graph, whole: Callable[[], Graph], shapes: Graph, ontology: Graph, *,
             source: TripleSource | None = None, jobs: int | None = None) -> ValidationReport:
    """The SHACL results of the changed graph.  Given the stored graph (``source``, which conforms):
    those of the nodes ``added``/``removed`` touch, which equal a full validation's
    (``incremental.check_delta``).  Otherwise a full validation of ``whole()`` (in chunks when large)."""
    if source is not None:
        return check_delta(source, added, removed, shapes, ontology)
    return validate_scoped(whole(), shapes, ontology, jobs=jobs)


# ── apply: the one commit path ──────────────────────────────────────────────


#: Steps run after every commit, in order, as ``step(folder, change)`` (e.g. refreshing views
#: kept in step with the graph).  A failing step is a warning: the change is committed.
POST_COMMIT: list[Callable[[Path, Change], None]] = []


def apply(change: Change, rejected: Callable[[ValidationReport], Exception],
          progress: Progress | None = None) -> Change:
    """Commit ``change`` to its folder and bring the folder's store and index up to date.

    ``rejected(report)``: the exception raised, with the folder untouched, when the change
    does not conform.  ``progress``: where the store updates are told (build's progress).
    """
    with writing(change.folder):
        if not change.validation.conforms:
            raise rejected(change.validation)
        targets = _targets(change)
        carry = any(t.in_step and t.backend.kind == "oxigraph" and not t.index for t in targets)
        was = views_state(change.folder)
        commit(change, carry_store=carry)
        for target in targets:
            _sync(change, target, progress or _quiet)
        # the listing views (newskg.folder.views): spliced with the delta when they held the
        # version before, evaluated whole when the change is the whole graph
        delta = None if change.whole else (change.added, change.added_inferred, change.removed, change.removed_inferred)
        refresh_views(change.folder, delta, was, create=change.provenance.command == "build")
        post_commit(change.folder, change)
    return change


def commit(change: Change, carry_store: bool) -> None:
    """Write the folder version of ``change`` and swap it in atomically: the one commit of every
    write.  ``carry_store``: the folder's Oxigraph store moves into the new version."""
    if change.replaces:
        files = dict(change.files)
        write_graph_folder(change.folder, files.pop(settings.ASSERTED_FILE), files.pop(settings.INFERRED_FILE),
                           files.pop(settings.REPORT_FILE), change.manifest, extra=files, carry_store=carry_store)
    else:
        commit_files(change.folder, {**change.files, settings.MANIFEST_FILE: serialize_manifest(change.manifest)})


def post_commit(folder: Path, change: Change) -> None:
    """After the commit of ``change`` to ``folder`` and the store updates: the ``POST_COMMIT`` steps,
    each with the folder and the change."""
    for step in POST_COMMIT:
        with after_commit(getattr(step, "__name__", "a post-commit step"), "run the command again to redo it."):
            step(folder, change)


@dataclass
class _Target:
    """A store to sync after a commit, and whether it held the folder's state before it."""

    backend: Any
    index: bool  # the index beside the folder (else the folder's own store)
    in_step: bool


def _targets(change: Change) -> list[_Target]:
    """The folder's store (unless plain files) and the index beside it (unless the store is Oxigraph,
    its own index), each with whether the delta brings it up to date: it held the folder's state before
    the commit, and was the folder's store then (a store whose kind the change switches is loaded anew).
    A store that cannot be reached stops the change before the commit (``integrity.probe_store``)."""
    previous = read_manifest_if_any(change.folder).get("store") or "files"
    targets = []
    if change.store != "files":
        backend = make_backend(change.store, change.folder)
        probe_store(backend, change.folder)
        targets.append(_Target(backend, False, previous == change.store and not change.whole and backend.in_step()))
    if change.store != "oxigraph" and not change.whole:
        index = OxigraphBackend(change.folder, path=index_path(change.folder))
        if previous != "oxigraph" and _in_step(index):
            targets.append(_Target(index, True, True))  # an index behind: reloaded by the next command needing it
    return targets


def _in_step(index: OxigraphBackend) -> bool:
    try:
        return index.in_step()
    except NewsKGError:  # no sound folder there to be in step with
        return False


def _sync(change: Change, target: _Target, tell: Progress) -> None:
    if change.provenance.command == "build" and not target.index:
        what, repair = (f"loading the {change.store} store", f"the next query reloads it, or run "
                        f"`newskg build --out {change.folder} --store {change.store}` again.")
    else:
        what, repair = "updating the index or store", REPAIR
    backend = target.backend
    with after_commit(what, repair):  # the commit stands whatever happens here
        try:
            if target.in_step and len(change):
                backend.apply(change.added, change.added_inferred, change.removed, change.removed_inferred)
                if not target.index:
                    tell(f"applied the change to the {change.store} store")
            elif target.in_step:
                backend.mark_current()  # same triples, new files
            elif change.whole or change.replaces:
                backend.reload()
                tell(f"loaded the graph into the {change.store} store")
            else:
                backend.open()  # behind the folder before the commit: reloaded, with a note
        finally:
            backend.close()


def _quiet(_message: str) -> None:
    pass
