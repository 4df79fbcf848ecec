"""Maintained listing views: each listing's full result kept with the graph (issue 16 item 2).

A *listing* is a stored query run without parameters whose ORDER BY is a list of its own
columns ending in a key column (``fact``, ``entity``, ``article``) and which can be asked
about given keys (a ``# if ?_fact: VALUES ?fact { ?_fact }`` pattern, ``queries.py``).  Its
view is the rows the SPARQL returns, in its order, in an SQLite file next to the graph
folder (``.NAME.views.sqlite``, beside the folder's index ``.NAME.index``): one table of
rows keyed by (listing, sort key), the sort key being the ORDER BY columns encoded so that
SQLite's byte order is SPARQL's order (unbound < blank node < IRI < literal, strings by code
point).  The SPARQL stays the definition; the view is its cached answer:

* ``refresh_views`` (the one entry point, called after each commit by build, add and
  retract with the committed delta) re-runs each listing only for the touched keys -- the
  subjects of the changed triples, the IRIs they point to, and what reaches those subjects
  in one or two steps (a fact whose entity's label, whose post's organisation, or whose
  evidence's article changed) -- and splices those rows in: old rows of the touched keys
  out, the new ones in, in one transaction.  Without a delta (or when the views did not hold
  the state before the commit) every listing is evaluated whole.
* ``answer`` gives a page of an unfiltered listing from its view, and ``None`` when the
  view does not hold the folder's current state (the folder state it records differs, or
  the query's text changed): the caller then evaluates the query.

The queries run on the folder's own store (Oxigraph, a SPARQL server), or for a folder of
Turtle files on its index next to it.  A failure here never fails the commit: the views
are left as they were (their recorded state then no longer matches, so they are not used).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import RDF
from rdflib.query import Result
from rdflib.term import Identifier, Node

from newskg import settings
from newskg.folder.backends import Backend, graph_index, open_backend, store_of
from newskg.query.queries import QUERY_NAME, StoredQuery, bind_parameters, list_queries, queries_dir

Triple = tuple[Node, Node, Node]
#: added, added_inferred, removed, removed_inferred: what a commit changed.
Delta = tuple[Iterable[Triple], Iterable[Triple], Iterable[Triple], Iterable[Triple]]
#: Keys per re-run of a listing (the VALUES list of one query).
CHUNK = 500
_ORDER = re.compile(r"ORDER\s+BY((?:\s+\?\w+)+)\s*$", re.I)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (view TEXT PRIMARY KEY, state TEXT NOT NULL, query TEXT NOT NULL,
                                 columns TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (view TEXT NOT NULL, sortkey BLOB NOT NULL, key TEXT NOT NULL,
                                 cells TEXT NOT NULL, PRIMARY KEY (view, sortkey)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rows_by_key ON rows (view, key);
"""


@dataclass(frozen=True)
class Listing:
    """A stored query kept as a view: its key column and the columns it is ordered by."""

    query: StoredQuery
    key: str
    order: tuple[str, ...]

    @property
    def digest(self) -> str:
        return query_digest(self.query.path)


def query_digest(path: Path) -> str:
    """The digest of a stored query's file as it is now: a view records it, and is used only for the same text."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(query: StoredQuery) -> Listing | None:
    """``query`` as a listing, or None when it cannot be kept as a view (module doc)."""
    code = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
    match = _ORDER.search(code.rsplit("}", 1)[-1])
    if match is None:
        return None
    order = tuple(v.lstrip("?") for v in match.group(1).split())
    key = order[-1]
    if f"VALUES ?{key} {{ ?_{key} }}" not in query.text or query.param_types.get(key) != "iri":
        return None
    return Listing(query, key, order)


def listings() -> list[Listing]:
    """Every stored query that is kept as a view."""
    return [found for query in list_queries() if (found := listing(query)) is not None]


def views_path(graph_dir: Path | str) -> Path:
    """The views of the graph folder ``graph_dir``: a file next to it."""
    graph_dir = Path(graph_dir)
    return graph_dir.parent / f".{graph_dir.name}.views.sqlite"


def views_state(graph_dir: Path | str) -> str | None:
    """The version of the graph folder: its manifest and graph files by inode, size and time
    (a commit writes a new manifest, last; files are never changed in place), without reading
    the manifest (which ``backends.folder_state`` checks: 60 ms at 1,000 articles).  Handed to
    ``refresh_views`` after a commit; None when there is no graph folder."""
    graph_dir = Path(graph_dir)
    parts = []
    for name in (settings.MANIFEST_FILE, settings.ASSERTED_FILE, settings.INFERRED_FILE):
        try:
            st = (graph_dir / name).stat()
        except OSError:
            return None
        parts.append(f"{name}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


# ── encoding ─────────────────────────────────────────────────────────────────


class Unordered(ValueError):
    """A row whose order this module cannot reproduce (a number or a date in an ORDER BY column)."""


def sort_key(row: Mapping[Variable, Identifier], order: Sequence[str]) -> bytes:
    """The ORDER BY columns of ``row`` as bytes that sort as SPARQL orders them (ascending)."""
    parts = []
    for column in order:
        term = row.get(Variable(column))
        if term is None:
            parts.append(b"\x01")
            continue
        if isinstance(term, Literal) and (term.language or term.datatype not in (None, _STRING)):
            raise Unordered(f"{column}: {term.n3()}")
        rank = b"\x02" if isinstance(term, BNode) else b"\x03" if isinstance(term, URIRef) else b"\x04"
        parts.append(rank + str(term).encode("utf-8") + b"\x00")
    return b"".join(parts)


_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def _cell(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"u": str(term)}
    if isinstance(term, BNode):
        return {"b": str(term)}
    assert isinstance(term, Literal)
    if term.language:
        return {"l": str(term), "lang": term.language}
    if term.datatype is not None:
        return {"l": str(term), "d": str(term.datatype)}
    return str(term)


def _term(cell: Any) -> Identifier | None:
    if cell is None or isinstance(cell, str):
        return None if cell is None else Literal(cell)
    if "u" in cell:
        return URIRef(cell["u"])
    if "b" in cell:
        return BNode(cell["b"])
    return Literal(cell["l"], lang=cell.get("lang"), datatype=cell.get("d"))


# ── storage ──────────────────────────────────────────────────────────────────


@contextmanager
def _database(graph_dir: Path, create: bool) -> Iterator[sqlite3.Connection | None]:
    path = views_path(graph_dir)
    if not create and not path.is_file():
        yield None
        return
    uri = f"file:{path}" + ("" if create else "?mode=ro")
    with closing(sqlite3.connect(uri, uri=True, timeout=30)) as db:
        if create:
            db.executescript(_SCHEMA)
        yield db


def _held(db: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    return {view: (state, query) for view, state, query in db.execute("SELECT view, state, query FROM meta")}


def _rows(result: Result, item: Listing) -> list[tuple[str, bytes, str, str]]:
    columns = [str(v) for v in result.vars or []]
    out = []
    for row in result.bindings:
        key = row.get(Variable(item.key))
        cells = json.dumps([_cell(row.get(Variable(c))) for c in columns], ensure_ascii=False, separators=(",", ":"))
        out.append((item.query.name, sort_key(row, item.order), "" if key is None else str(key), cells))
    return out


def _run(engine: Backend, item: Listing, keys: Sequence[URIRef] | None = None) -> Result:
    text = item.query.text if keys is None else bind_parameters(item.query.text, {f"_{item.key}": tuple(keys)})
    return engine.query(text, None, name=item.query.name)


# ── maintenance ──────────────────────────────────────────────────────────────


def refresh_views(graph_dir: Path | str, delta: Delta | None = None, was: str | None = None, *,
                  create: bool = True) -> dict[str, int | None]:
    """Bring the views of ``graph_dir`` to its committed state (the one entry point, after a commit).

    ``delta``: what the commit changed (four empty sets when the triples are the same);
    ``was``: ``views_state`` taken before the commit.  Views that held ``was`` get the delta
    spliced in; the others (and every view without a delta) are evaluated whole.  ``create``
    False (add, retract): a folder without views gets none (the next build makes them), so an
    addition never pays for evaluating every listing whole.  Returns, for
    each listing, the number of keys re-run (None: evaluated whole); {} when it failed.
    """
    graph_dir = Path(graph_dir)
    if not create and not views_path(graph_dir).exists():
        return {}  # no views to keep (a folder built before them): listings are evaluated
    try:
        return _refresh(graph_dir, delta, was)
    except Exception as exc:  # the commit stands; the views, not in step, are not used
        print(f"note: the listing views of {graph_dir} were not updated ({' '.join(str(exc).split())[:200]}); "
              "listings are evaluated until the next build.", file=sys.stderr, flush=True)
        return {}


def _refresh(graph_dir: Path, delta: Delta | None, was: str | None) -> dict[str, int | None]:
    items = listings()
    done: dict[str, int | None] = {}
    state = views_state(graph_dir)
    if state is None:
        raise FileNotFoundError(f"{graph_dir} is not a graph folder")
    engine = _engine(graph_dir)
    try:
        with _database(graph_dir, create=True) as db:
            assert db is not None
            held = _held(db)
            splice = [i for i in items if delta is not None and was is not None and held.get(i.query.name) == (was, i.digest)]
            keys = sorted(touched(engine, delta)) if delta is not None and splice else []
            with db:  # one transaction: every view moves to the new state, or none does
                db.execute("DELETE FROM meta WHERE view NOT IN (%s)" % ",".join("?" * len(items)),
                           [i.query.name for i in items])
                for item in items:
                    db.execute("SAVEPOINT listing")  # a listing that cannot be kept drops out alone
                    try:
                        done[item.query.name] = _refresh_one(db, engine, item, state, keys if item in splice else None)
                        db.execute("RELEASE listing")
                    except Unordered as exc:
                        db.execute("ROLLBACK TO listing")
                        db.execute("RELEASE listing")
                        db.execute("DELETE FROM meta WHERE view = ?", (item.query.name,))
                        print(f"note: {exc}; the listing is evaluated each time.", file=sys.stderr, flush=True)
                db.execute("DELETE FROM rows WHERE view NOT IN (SELECT view FROM meta)")
    finally:
        engine.close()
    return done


def _refresh_one(db: sqlite3.Connection, engine: Backend, item: Listing, state: str, keys: list[URIRef] | None) -> int | None:
    """Splice the rows of ``keys`` into ``item``'s view (all of it when ``keys`` is None) and
    record ``state``; the number of keys re-run, or None."""
    name = item.query.name
    if keys is None:
        db.execute("DELETE FROM rows WHERE view = ?", (name,))
        result = _run(engine, item)
        _insert(db, item, _rows(result, item))
        columns = [str(v) for v in result.vars or []]
    else:
        columns = _held_columns(db, name)
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            db.executemany("DELETE FROM rows WHERE view = ? AND key = ?", [(name, str(k)) for k in chunk])
            _insert(db, item, _rows(_run(engine, item, chunk), item))
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?, ?, ?)", (name, state, item.digest, json.dumps(columns)))
    return None if keys is None else len(keys)


def _insert(db: sqlite3.Connection, item: Listing, rows: list[tuple[str, bytes, str, str]]) -> None:
    try:
        db.executemany("INSERT INTO rows VALUES (?, ?, ?, ?)", rows)
    except sqlite3.IntegrityError:  # two rows in one place of the order: their order is the engine's
        raise Unordered(f"{item.query.name}: two rows with the same ORDER BY values") from None


def _held_columns(db: sqlite3.Connection, name: str) -> list[str]:
    return list(json.loads(db.execute("SELECT columns FROM meta WHERE view = ?", (name,)).fetchone()[0]))


def _engine(graph_dir: Path) -> Backend:
    """Where the listings run: the folder's own store, or for Turtle files its index (``graph_index``)."""
    if store_of(graph_dir) == "files":
        return graph_index(graph_dir).open()
    return open_backend(graph_dir)


def touched(engine: Backend, delta: Delta) -> set[URIRef]:
    """The keys whose rows a change may alter: the subjects of the changed triples, the IRIs
    they name (not classes), and what reaches a subject in one or two steps in the new graph
    (a fact -> its entity, post or evidence -> the post's organisation or the article: the
    paths of every listing)."""
    subjects: set[URIRef] = set()
    keys: set[URIRef] = set()
    for triples in delta:
        for s, p, o in triples:
            if isinstance(s, URIRef):
                subjects.add(s)
            if isinstance(o, URIRef) and p != RDF.type:
                keys.add(o)
    keys |= subjects
    step = subjects
    for _hop in range(2):  # one step at a time: each query starts from the given nodes' index
        step = _pointing_to(engine, step) - keys
        keys |= step
    return keys


def _pointing_to(engine: Backend, nodes: set[URIRef]) -> set[URIRef]:
    """The IRIs with a triple whose object is one of ``nodes``."""
    found: set[URIRef] = set()
    ordered = sorted(nodes)
    for start in range(0, len(ordered), CHUNK):
        values = " ".join(f"<{n}>" for n in ordered[start:start + CHUNK])
        result = engine.query(f"SELECT DISTINCT ?k WHERE {{ VALUES ?n {{ {values} }} ?k ?p ?n . FILTER (isIRI(?k)) }}")
        found |= {k for row in result.bindings if isinstance(k := row.get(Variable("k")), URIRef)}
    return found


# ── answering ────────────────────────────────────────────────────────────────


def answer(graph_dir: Path | str, name: str, limit: int | None = None, offset: int = 0, *,
           state: str | None = None) -> Result | None:
    """The rows ``offset`` .. ``offset + limit`` of the unfiltered listing ``name``, from its view;
    None when there is no view of the folder's current version (``views_state``), or of ``state`` when given (the
    state a server loaded): evaluate the query instead."""
    graph_dir = Path(graph_dir)
    if not QUERY_NAME.fullmatch(name):
        return None
    try:
        # the query's text as it is now (not parsed: a view exists only for a listing)
        digest = query_digest(queries_dir() / f"{name}.rq")
        with _database(graph_dir, create=False) as db:
            if db is None:
                return None
            meta = db.execute("SELECT state, query, columns FROM meta WHERE view = ?", (name,)).fetchone()
            if meta is None or meta[1] != digest or meta[0] != (state or views_state(graph_dir)):
                return None
            cells = db.execute("SELECT cells FROM rows WHERE view = ? ORDER BY sortkey LIMIT ? OFFSET ?",
                               (name, -1 if limit is None else limit, offset)).fetchall()
    except (sqlite3.Error, OSError):
        return None
    columns = [Variable(c) for c in json.loads(meta[2])]
    result = Result("SELECT")
    result.vars = columns
    result.bindings = [{c: t for c, t in zip(columns, map(_term, json.loads(row[0]))) if t is not None} for row in cells]
    return result
