"""Output of ``newskg query`` / ``sparql`` / ``export``: format names and tables fitted to the terminal.

One set of format names for every command, with the common aliases (``ttl`` for
``turtle``, ``ntriples`` for ``nt`` ...): ``canonical_format``.  Tables are drawn with
``rich`` to the terminal's width: long cells are wrapped, IRIs are shortened with the
graph's prefixes (tables only: CSV, TSV, JSON and XML keep every IRI whole).
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

from rdflib import Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from newskg.errors import UsageError

#: Result formats of SELECT / ASK.
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
#: RDF formats (CONSTRUCT / DESCRIBE results, export): canonical name -> rdflib serializer.
GRAPH_FORMATS = {"turtle": "turtle", "nt": "nt", "xml": "xml", "jsonld": "json-ld", "trig": "trig",
                 "nquads": "nquads"}
#: Other names people type for the same formats.
ALIASES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "rdfxml": "xml", "rdf/xml": "xml",
           "rdf+xml": "xml", "rdf": "xml", "json-ld": "jsonld", "nq": "nquads", "n-quads": "nquads"}
#: Every name ``--format`` takes, for help texts.
ALL_NAMES = ("table", "csv", "tsv", "json", "turtle|ttl", "nt|ntriples", "xml|rdfxml", "jsonld|json-ld", "trig",
             "nquads|nq")


def canonical_format(word: str) -> str:
    """The canonical name of a format word (``ttl`` -> ``turtle``); ``UsageError`` for an unknown one."""
    name = word.strip().lower()
    name = ALIASES.get(name, name)
    if name in RESULT_FORMATS or name in GRAPH_FORMATS:
        return name
    raise UsageError(f"unknown format {word!r} (choose from {', '.join(ALL_NAMES)}).")


def format_for(form: str, fmt: str) -> str:
    """The format a result of query form ``form`` is written in when ``fmt`` is asked for:
    ``table`` (the default) gives Turtle for CONSTRUCT / DESCRIBE; a format that does not fit
    the form is a ``UsageError`` saying which formats do."""
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    if graph_form:
        if fmt == "table":
            return "turtle"
        if fmt in GRAPH_FORMATS:
            return fmt
        raise UsageError(f"--format {fmt} does not fit a {form} query, whose result is a graph: use turtle, nt, "
                         "xml (RDF/XML), jsonld, trig or nquads.")
    if fmt in RESULT_FORMATS:
        return fmt
    raise UsageError(f"--format {fmt} does not fit a {form} query, whose result is "
                     f"{'a table of rows' if form == 'SELECT' else 'true or false'}: use table, csv, tsv, json or xml.")


def graph_prefixes(graph_dir: Path | str) -> dict[str, str]:
    """Prefix -> namespace of the graph folder (the ``@prefix`` lines heading asserted.ttl), with
    ``id:`` for the graph's own resources."""
    from newskg import settings
    from newskg.rdf.vocab import ID

    prefixes: dict[str, str] = {"id": str(ID)}
    path = Path(graph_dir) / settings.ASSERTED_FILE
    try:
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                match = re.match(r"\s*@prefix\s+([\w-]*):\s*<([^>]*)>\s*\.", line)
                if match:
                    prefixes.setdefault(match.group(1), match.group(2))
                elif line.strip() and not line.lstrip().startswith("#"):
                    break
    except OSError:
        pass
    return prefixes


def shorten(iri: str, prefixes: Mapping[str, str]) -> str:
    """``iri`` as ``prefix:rest`` with the longest matching namespace, else unchanged."""
    best = ""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(prefixes.get(best, "")) and len(iri) > len(namespace):
            best = prefix
    return f"{best}:{iri[len(prefixes[best]):]}" if best else iri


#: Widest a column of one-word cells (IRIs, ids, dates) is drawn when the table must be narrowed.
ATOM_CAP = 40


def terminal_width() -> int:
    """Columns of the terminal (``COLUMNS`` wins; 120 when output is not a terminal)."""
    return shutil.get_terminal_size((120, 24)).columns


def render_table(result: Result, width: int | None = None, prefixes: Mapping[str, str] | None = None) -> str:
    """A SELECT result as a table no wider than ``width`` columns: long cells wrapped, IRIs
    shortened with ``prefixes``, then a ``(N rows)`` line."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    width = width or terminal_width()
    columns = [str(v) for v in (result.vars or [])]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False, header_style="bold",
                  padding=(0, 1), safe_box=True)
    rows = list(result.bindings)
    cells = [[_cell(row.get(Variable(c)), prefixes or {}) for c in columns] for row in rows]
    atoms = [all(" " not in r[i] for r in cells) for i in range(len(columns))]
    longest = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    room = width - 3 * max(len(columns) - 1, 0)  # a space, the rule's column, a space, between columns
    widths = _fit(longest, [len(c) for c in columns], atoms, room)
    for column, atom, fixed in zip(columns, atoms, widths):
        if atom:  # IRIs, ids, dates, numbers: kept on one line, cut with "…"
            table.add_column(column, no_wrap=True, overflow="ellipsis", width=fixed)
        else:  # text: wrapped at spaces
            table.add_column(column, overflow="fold", width=fixed)
    for row_cells in cells:
        table.add_row(*row_cells)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False,
                      markup=False, emoji=False, soft_wrap=False)
    console.print(table)
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    count = len(rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def _fit(natural: list[int], heads: list[int], atoms: list[bool], room: int) -> list[int]:
    """Column widths within ``room``: the natural widths when all fit; else one-word columns
    (IRIs, ids, dates) first, up to ATOM_CAP, then text columns share what is left in proportion
    to their length (they wrap), every column at least 4 wide (or its header, up to 6) while that fits."""
    if sum(natural) <= room:
        return natural
    floors = [min(n, max(min(h, 6), 4)) for n, h in zip(natural, heads)]
    while sum(floors) > room and max(floors) > 1:
        floors[floors.index(max(floors))] -= 1
    widths = list(floors)
    # atoms to 10, text to 20, atoms to ATOM_CAP, text to its length: each step shared evenly
    for group, cap in ((True, 10), (False, 20), (True, ATOM_CAP), (False, None)):
        wanted = [min(n, cap) if cap else n for n in natural]
        members = [i for i, atom in enumerate(atoms) if atom == group]
        while room > sum(widths):
            open_ = [i for i in members if widths[i] < wanted[i]]
            if not open_:
                break
            i = min(open_, key=lambda k: widths[k] / wanted[k])
            widths[i] += 1
    return widths


def _cell(term: Node | None, prefixes: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term), prefixes)
    text = " ".join(str(term).split()) if isinstance(term, Literal) else str(term)
    return text


def render_list(rows: list[tuple[str, str]], width: int | None = None) -> str:
    """Two aligned columns (name, text), the text wrapped to the terminal width."""
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for name, text in rows:
        table.add_row(name, text)
    buffer = io.StringIO()
    Console(file=buffer, width=width or terminal_width(), color_system=None, force_terminal=False,
            highlight=False, markup=False, emoji=False).print(table)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def render_graph(graph: object, fmt: str) -> str:
    """A CONSTRUCT / DESCRIBE result graph in the RDF format ``fmt`` (a GRAPH_FORMATS name)."""
    from rdflib import Dataset, Graph

    if not isinstance(graph, Graph):
        graph = Graph()
    if fmt in ("trig", "nquads"):  # dataset syntaxes: the triples in the default graph
        wrapper = Dataset()
        for prefix, namespace in graph.namespaces():
            wrapper.bind(prefix, namespace, override=False)
        wrapper.default_graph += graph
        data = wrapper.serialize(format=GRAPH_FORMATS[fmt], encoding="utf-8")
    else:
        data = graph.serialize(format=GRAPH_FORMATS[fmt], encoding="utf-8")
    text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
    return text if text.endswith("\n") else text + "\n"
