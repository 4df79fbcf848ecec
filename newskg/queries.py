"""Stage 9a, ask: stored SPARQL queries (``queries/*.rq``) and result formatting.

A stored query is a SPARQL file whose metadata sits in grlc-style comment headers
at the top (``#+ summary: ...``, ``#+ description: ...``); it stays valid SPARQL.
Parameters are variables named ``?_name``: ``run_query`` binds them to typed RDF
terms through ``initBindings`` (never by pasting text into the query).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.query import Result
from rdflib.term import Node

from newskg import settings
from newskg.errors import QueryError, QueryNotFound, UsageError

QUERY_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
PARAMETER = re.compile(r"[?$]_([A-Za-z0-9_]+)")
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
        params=query_params(text),
        text=text,
        metadata=metadata,
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


def query_params(text: str) -> list[str]:
    """Names of the ``?_name`` parameters of a query (comments ignored), in order of appearance."""
    names: list[str] = []
    for line in text.splitlines():
        code = _strip_comment(line)
        for match in PARAMETER.finditer(code):
            if match.group(1) not in names:
                names.append(match.group(1))
    return names


def _strip_comment(line: str) -> str:
    """The line without a trailing '#' comment ('#' inside <IRIs> or strings is kept)."""
    in_iri = False
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "<":
            in_iri = True
        elif ch == ">":
            in_iri = False
        elif ch == "#" and not in_iri:
            return line[:i]
    return line


def parameter_term(value: str) -> Node:
    """A parameter value as an RDF term: ISO date -> xsd:date, http(s) IRI -> URIRef, else a literal."""
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            date.fromisoformat(value)
            return Literal(value, datatype=XSD.date)
        except ValueError:
            pass
    if re.fullmatch(r"https?://\S+", value):
        return URIRef(value)
    return Literal(value)


def run_query(graph: Graph | Any, name: str, params: dict[str, str] | None = None) -> Result:
    """Run the stored query ``name`` on ``graph`` with parameter values bound as typed terms.

    ``graph`` is an rdflib graph or a store backend (``newskg.backends.Backend``).
    """
    query = load_query(name)
    params = dict(params or {})
    bindings: dict[str, Node] = {}
    for key, value in params.items():
        param = key.lstrip("?$").removeprefix("_")
        if param not in query.params:
            known = ", ".join(query.params) if query.params else "none"
            raise UsageError(f"query {name} has no parameter {key!r} (its parameters: {known}).")
        bindings[f"_{param}"] = parameter_term(value)
    if not isinstance(graph, Graph):  # a backend: it runs the query on its own engine
        return graph.query(query.text, bindings, name=name)  # type: ignore[no-any-return]
    return run_sparql(graph, query.text, name=name, bindings=bindings)


def check_sparql(text: str, name: str = "query") -> Any:
    """Parse a SPARQL query; ``UsageError`` for SPARQL Update, ``QueryError`` for bad syntax."""
    try:
        return prepareQuery(text)
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
    """Run a SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE query on ``graph``."""
    prepared = check_sparql(text, name)
    init: dict[Any, Any] = {Variable(k): v for k, v in (bindings or {}).items()}
    try:
        result = graph.query(prepared, initBindings=init)
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
    _sort_sources(result)
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


def _sort_sources(result: Result) -> None:
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


def result_columns(text: str) -> list[str]:
    """The header of a CSV result (helper for tests and scripts)."""
    reader = csv.reader(io.StringIO(text))
    return next(reader, [])
