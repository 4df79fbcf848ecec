"""Stored SPARQL queries (``queries/*.rq``), their typed parameters, and result formatting.

A stored query is a SPARQL file whose metadata sits in grlc-style comment headers
at the top (``#+ summary: ...``, ``#+ description: ...``); it stays valid SPARQL.
Parameters are variables named ``?_name``.  Their types come from the header
(``#+ params:`` mapping each name to ``iri``, ``date`` or ``text``) or, undeclared, from
their use (a parameter in the subject place of a pattern is an IRI; others are guessed
from the value, ``term``).  ``run_query`` checks every value against its type (a bad value
is a ``UsageError`` naming the parameter and what it needs: exit 2, HTTP 400), makes it an
RDF term, and ``bind_parameters`` writes the terms into the query text in one pass, in
N-Triples syntax (Oxigraph's serialiser), for every engine alike.

A listing's filters are patterns kept only when their parameter is given: a comment line
``# if ?_name: PATTERN`` (``# if ?_a, ?_b:`` for several) becomes ``PATTERN`` when every
parameter it names is bound, and stays a comment otherwise.  So the file run as it is (by any
SPARQL tool) is the full listing, and a given filter is a pattern with the value in it (an
index lookup, not a FILTER over every row).  An entity parameter ``name`` (an IRI) with a
``name_label`` companion also takes a label: a value that is not an IRI or a short form goes
to ``name_label`` (matched case-insensitively against rdfs:label and skos:altLabel).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph
import yaml
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result
from rdflib.term import Node

from newskg import settings
from newskg.errors import QueryError, QueryNotFound, UsageError
from newskg.rdf.terms import to_oxigraph
from newskg.rdf.vocab import ID

QUERY_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
FORMATS = ("table", "csv", "tsv", "json", "xml")
#: A column of article ids separated by spaces; sorted in the output.
SOURCES_COLUMN = "sources"


@dataclass(frozen=True)
class StoredQuery:
    """A query file of QUERIES_DIR with its header metadata and parameters."""

    name: str
    path: Path
    summary: str
    description: str
    params: list[str] = field(default_factory=list)
    text: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    #: parameter name -> "iri", "date", "text" or "term" (undeclared, guessed from the value).
    param_types: dict[str, str] = field(default_factory=dict)

    def param_list(self) -> str:
        """The parameters with the form of their values, e.g. ``post (IRI), date (YYYY-MM-DD)``; an
        entity parameter that takes a name too (``NAME_label``, ``run_query``) as ``NAME (IRI or name)``."""
        shown = []
        for p in self.params:
            if p.endswith("_label") and p.removesuffix("_label") in self.params:
                continue
            form = PARAM_FORMS[self.param_types.get(p, "term")]
            shown.append(f"{p} ({form} or name)" if f"{p}_label" in self.params and form == "IRI" else f"{p} ({form})")
        return ", ".join(shown)


def queries_dir() -> Path:
    """The folder of stored queries (settings.QUERIES_DIR, read at call time)."""
    return Path(settings.QUERIES_DIR)


def query_names() -> list[str]:
    """The names of the stored queries, sorted."""
    folder = queries_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.rq") if QUERY_NAME.fullmatch(p.stem))


def list_queries() -> list[StoredQuery]:
    """Every stored query, sorted by name."""
    return [load_query(name) for name in query_names()]


def load_query(name: str) -> StoredQuery:
    """The stored query ``name``; ``QueryNotFound`` (listing the names) for anything else.

    Names are ``[a-z0-9-]+``: path separators and ``..`` are refused before any file access.
    """
    available = query_names()
    if not QUERY_NAME.fullmatch(name) or name not in available:
        raise QueryNotFound(name, available)
    path = queries_dir() / f"{name}.rq"
    text = path.read_text(encoding="utf-8")
    metadata = parse_header(text)
    return StoredQuery(
        name=name,
        path=path,
        summary=str(metadata.get("summary", "") or "").strip(),
        description=str(metadata.get("description", "") or "").strip(),
        params=(params := query_params(text)),
        text=text,
        metadata=metadata,
        param_types=param_types(text, params, metadata),
    )


def parse_header(text: str) -> dict[str, Any]:
    """The grlc-style ``#+ key: value`` header lines as a mapping (YAML, like grlc)."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#+"):
            lines.append(stripped[2:].removeprefix(" "))
        elif stripped and not stripped.startswith("#"):
            break
    if not lines:
        return {}
    try:
        value = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError:
        value = None
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    # Not YAML: fall back to "key: value" per line.
    header: dict[str, Any] = {}
    for line in lines:
        key, sep, rest = line.partition(":")
        if sep:
            header[key.strip()] = rest.strip()
    return header


# The tokens of a query text a parameter is looked for between: comments, strings and IRIs
# are skipped whole (a "?_name" inside them is not a parameter).
_TOKENS = re.compile("|".join((
    r"(?P<comment>#[^\n]*)",
    r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*')",
    r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)',
    r"(?P<param>[?$]_(?P<name>[A-Za-z0-9_]+))",
)), re.S)
#: A parameter in the subject place of a triple pattern: followed by a predicate.
_AS_SUBJECT = r"[?$]_{name}\s+(?:a\s|<|[A-Za-z][\w-]*:|:|[?$]\w)"
PARAM_TYPES = ("iri", "date", "text", "term")
#: How each type is written, for listings and messages.
PARAM_FORMS = {"iri": "IRI", "date": "YYYY-MM-DD", "text": "text", "term": "date, IRI or text"}


#: A pattern kept only when the parameters it names are given (module doc).
_GUARDED = re.compile(r"^(?P<indent>[ \t]*)#[ \t]*if[ \t]+(?P<names>[?$]_\w+(?:[ \t]*,[ \t]*[?$]_\w+)*)"
                      r"[ \t]*:[ \t]?(?P<pattern>.*)$", re.M)


def guarded_patterns(text: str, given: Collection[str] | None = None) -> str:
    """The query with each ``# if ?_name: PATTERN`` line whose parameters are all in ``given``
    (names without ``?_``; every one when ``given`` is None) turned into ``PATTERN``."""

    def keep(match: re.Match[str]) -> str:
        names = [n.strip().lstrip("?$").removeprefix("_") for n in match.group("names").split(",")]
        if given is None or all(n in given for n in names):
            return match.group("indent") + match.group("pattern")
        return match.group(0)

    return _GUARDED.sub(keep, text)


def query_params(text: str) -> list[str]:
    """Names of the ``?_name`` parameters of a query (not in comments, strings or IRIs, but in
    the ``# if ?_name:`` patterns), in order."""
    names: list[str] = []
    for match in _TOKENS.finditer(guarded_patterns(text)):
        name = match.group("name")
        if name and name not in names:
            names.append(name)
    return names


def param_types(text: str, params: list[str], metadata: dict[str, Any]) -> dict[str, str]:
    """The type of each parameter: declared in the header (``#+ params: {name: iri|date|text}``),
    else ``iri`` when it stands as the subject of a pattern, else ``term`` (guessed from the value)."""
    declared = metadata.get("params")
    declared = declared if isinstance(declared, dict) else {}
    code = _TOKENS.sub(lambda m: " " if m.group("comment") or m.group("string") else m.group(0),
                       guarded_patterns(text))
    types: dict[str, str] = {}
    for name in params:
        kind = str(declared.get(name, "")).strip().lower().removeprefix("xsd:")
        if kind not in PARAM_TYPES:
            kind = "iri" if re.search(_AS_SUBJECT.format(name=re.escape(name)), code) else "term"
        types[name] = kind
    return types


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SHORT_IRI = re.compile(r"[a-z][a-z0-9-]*/[^\s:]+")
_EXAMPLE_IRI = "https://newskg.dev/id/tenure/0123abcd or tenure/0123abcd"


def parameter_term(value: str, kind: str = "term", name: str = "value") -> Node:
    """A parameter value as an RDF term of its type (``param_types``); ``UsageError`` naming the
    parameter and what it needs when the value is not one.

    ``date``: a day ``YYYY-MM-DD`` (xsd:date); ``iri``: an absolute IRI, or a short form
    ``kind/key`` of the graph's resources (``org/roscosmos``); ``text``: a plain literal;
    ``term``: an ISO date, an http(s) IRI, else a plain literal."""
    value = value.strip()
    if kind == "date" or (kind == "term" and _DATE.fullmatch(value)):
        return _date_term(value, name)
    if kind == "iri" or (kind == "term" and re.fullmatch(r"https?://\S+", value)):
        return _iri_term(value, name)
    return Literal(value)


def _date_term(value: str, name: str) -> Literal:
    try:
        if _DATE.fullmatch(value):
            date.fromisoformat(value)
            return Literal(value, datatype=XSD.date)
    except ValueError:
        pass
    raise UsageError(f"parameter {name}: {value!r} is not a date; it needs a day as YYYY-MM-DD "
                     "(xsd:date), e.g. 2022-06-01.")


def _iri_term(value: str, name: str) -> URIRef:
    text = str(ID) + value if _SHORT_IRI.fullmatch(value) else value
    try:
        return URIRef(pyoxigraph.NamedNode(text).value)
    except ValueError as exc:
        raise UsageError(f"parameter {name}: {value!r} is not an IRI ({one_line(exc)}); it needs an absolute "
                         f"IRI without <>, e.g. {_EXAMPLE_IRI}.") from None


def _is_iri(value: str) -> bool:
    try:
        _iri_term(value, "value")
    except UsageError:
        return False
    return True


def bind_parameters(text: str, bindings: Mapping[str, Node | Sequence[Node]] | None) -> str:
    """The query with each bound ``?_name``/``$_name`` replaced by its term, in one pass (a value
    is never scanned again, so one naming another parameter stays as it is); comments, strings
    and IRIs are left alone.  Terms are written in N-Triples syntax by Oxigraph: safe.  The
    ``# if ?_name:`` patterns of the bound parameters are kept first (``guarded_patterns``).
    ``bindings``: variable name (``_name``) -> term, or a sequence of terms written one after
    the other (for a ``VALUES ?x { ?_x }`` pattern: ``newskg.folder.views`` binds many keys)."""
    if not bindings:
        return text
    terms = {key.lstrip("?$"): " ".join(str(to_oxigraph(t)) for t in term) if isinstance(term, (list, tuple))
             else str(to_oxigraph(term)) for key, term in bindings.items()}
    text = guarded_patterns(text, {key.removeprefix("_") for key in terms})

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        return terms.get(f"_{name}", match.group(0)) if name else match.group(0)

    return _TOKENS.sub(replace, text)


def run_query(graph: Graph | Any, name: str, params: dict[str, str] | None = None, *,
              limit: int | None = None, offset: int = 0) -> Result:
    """Run the stored query ``name`` on ``graph`` with parameter values checked and bound as typed
    terms (``bind_parameters``, the same text for every engine).

    ``graph`` is an rdflib graph or a store backend (``newskg.folder.backends.Backend``).  ``limit`` and
    ``offset`` page the rows (``page_text``: LIMIT/OFFSET after the query's own ORDER BY).
    """
    query = load_query(name)
    bindings: dict[str, Node] = {}
    for key, value in (params or {}).items():
        param = key.lstrip("?$").removeprefix("_")
        if param not in query.params:
            known = ", ".join(query.params) if query.params else "none"
            raise UsageError(f"query {name} has no parameter {key!r} (its parameters: {known}).")
        kind = query.param_types.get(param, "term")
        label = f"{param}_label"
        if kind == "iri" and label in query.params and not _is_iri(value):
            param, kind = label, "text"  # a name: matched against the entity's labels
        bindings[f"_{param}"] = parameter_term(value, kind, param)
    text = page_text(bind_parameters(query.text, bindings), limit, offset, name)
    if not isinstance(graph, Graph):  # a backend: it runs the query on its own engine
        return graph.query(text, None, name=name)  # type: ignore[no-any-return]
    return run_sparql(graph, text, name=name)


#: Rows per page of ``/queries/NAME?page=K`` when the query has no ``#+ pagination: N`` header.
DEFAULT_PAGE_SIZE = 100
_TAIL_MODIFIER = re.compile(r"\b(?:LIMIT|OFFSET)\s+\d+\s*$", re.I)


def page_size(query: StoredQuery) -> int:
    """Rows per page: the query's ``#+ pagination: N`` header (as grlc), else DEFAULT_PAGE_SIZE."""
    value = query.metadata.get("pagination")
    try:
        size = int(value) if value is not None else DEFAULT_PAGE_SIZE
    except (TypeError, ValueError):
        size = DEFAULT_PAGE_SIZE
    return size if size > 0 else DEFAULT_PAGE_SIZE


def page_text(text: str, limit: int | None, offset: int = 0, name: str = "query") -> str:
    """The query with ``LIMIT limit OFFSET offset`` appended after its own solution modifiers
    (its ORDER BY keeps the pages stable); the text unchanged when neither is given.

    The same text goes to every engine (rdflib, Oxigraph, a SPARQL server).  A stored query
    that ends in a LIMIT or OFFSET of its own cannot be paged this way: ``UsageError``."""
    if limit is None and not offset:
        return text
    if (limit is not None and limit < 0) or offset < 0:
        raise UsageError(f"{name}: --limit and --offset take a number >= 0.")
    code = _TOKENS.sub(lambda m: " " if m.group("comment") else m.group(0), text).rstrip()
    if _TAIL_MODIFIER.search(code):
        raise UsageError(f"{name}: the query has a LIMIT or OFFSET of its own; it cannot be paged.")
    tail = (f"LIMIT {limit} " if limit is not None else "") + (f"OFFSET {offset}" if offset else "")
    return text.rstrip() + "\n" + tail.strip() + "\n"


def complete_construct_where(algebra: Any) -> None:
    """``CONSTRUCT WHERE { ... }`` with ORDER BY / LIMIT / OFFSET: rdflib looks for the template
    only right under the projection and fails; the template is the WHERE clause's triples (the
    short form allows a basic graph pattern only, SPARQL 1.1 section 16.2.4)."""
    if algebra.name != "ConstructQuery" or algebra.get("template") not in (None, "template"):
        return
    todo = [algebra.get("p")]
    while todo:
        node = todo.pop(0)
        if isinstance(node, CompValue):
            if node.name == "BGP":
                algebra["template"] = list(node["triples"])
                return
            todo += [v for v in node.values() if isinstance(v, (CompValue, list))]
        elif isinstance(node, list):
            todo += node


def check_sparql(text: str, name: str = "query") -> Any:
    """Parse a SPARQL query; ``UsageError`` for SPARQL Update, ``QueryError`` for bad syntax."""
    try:
        prepared = prepareQuery(text)
        complete_construct_where(prepared.algebra)
        return prepared
    except Exception as exc:  # pyparsing raises ParseException, rdflib others
        if is_update(text):
            raise UsageError(
                f"{name}: SPARQL Update (INSERT/DELETE/LOAD/CLEAR ...) is refused; "
                "the graph is read-only. Use SELECT, ASK, CONSTRUCT or DESCRIBE."
            ) from None
        raise QueryError(name, f"not valid SPARQL: {one_line(exc)}") from None


def is_update(text: str) -> bool:
    """True when ``text`` parses as SPARQL Update (used to explain why a query is refused)."""
    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def run_sparql(
    graph: Graph, text: str, *, name: str = "query", bindings: dict[str, Node] | None = None
) -> Result:
    """Run a SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE query on ``graph`` (``bindings`` written into
    the text by ``bind_parameters``, as on every engine)."""
    prepared = check_sparql(bind_parameters(text, bindings), name)
    try:
        result = graph.query(prepared)
        if result.type == "SELECT":
            # evaluate now, so errors surface here and not while printing
            result.bindings = [{k: v for k, v in row.items() if v is not None} for row in result.bindings]
    except Exception as exc:
        raise QueryError(name, f"failed while running: {one_line(exc)}") from None
    return result


def one_line(exc: BaseException) -> str:
    """An exception's message on one line, for error messages."""
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


# ── formatting ──────────────────────────────────────────────────────────────


def format_result(result: Result, fmt: str = "table") -> str:
    """Render a result: table (aligned text), csv, tsv, json, xml; CONSTRUCT/DESCRIBE give Turtle."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown result format {fmt!r} (choose from {', '.join(FORMATS)}).")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return result.graph.serialize(format="turtle")
    if result.type == "ASK":
        if fmt in ("json", "xml"):
            return _serialize(result, fmt)
        return ("true" if result.askAnswer else "false") + "\n"
    sort_sources(result)
    if fmt == "table":
        return _table(result)
    return _serialize(result, fmt)


def _serialize(result: Result, fmt: str) -> str:
    if fmt == "tsv":  # rdflib has a TSV result parser but no serializer
        return _tsv(result)
    data = result.serialize(format=fmt, encoding="utf-8")
    assert data is not None
    text = data.decode("utf-8")
    return text if text.endswith("\n") else text + "\n"


def sort_sources(result: Result) -> None:
    """Sort the space-separated article ids of a ``sources`` column (deterministic output)."""
    column = Variable(SOURCES_COLUMN)
    if column not in (result.vars or []):
        return
    rows = []
    for row in result.bindings:
        value = row.get(column)
        if isinstance(value, Literal):
            row = dict(row)
            row[column] = Literal(" ".join(sorted(set(str(value).split()))))
        rows.append(row)
    result.bindings = rows


def _tsv(result: Result) -> str:
    """SPARQL 1.1 TSV: a header of ?variables, then terms in Turtle syntax."""
    columns = list(result.vars or [])
    lines = ["\t".join(f"?{c}" for c in columns)]
    for row in result.bindings:
        lines.append("\t".join(_tsv_term(row.get(c)) for c in columns))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        text = str(term)
        for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
            text = text.replace(raw, escaped)
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype is not None and term.datatype != XSD.string:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return term.n3()


def cell_text(term: Node | None) -> str:
    """A term as a table cell: IRIs and literals as their plain text, unbound as empty."""
    return "" if term is None else str(term)


def _table(result: Result) -> str:
    columns = [str(v) for v in (result.vars or [])]
    rows = [[cell_text(row.get(Variable(c))) for c in columns] for row in result.bindings]
    rows = [[" ".join(cell.split()) for cell in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
