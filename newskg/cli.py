"""The ``newskg`` command line: a thin click layer over the library.

Every command collects its options and calls one library function.  Errors the
library raises on purpose (``NewsKGError``) and file errors become one or two plain
sentences on stderr and an exit status: 0 ok, 1 SHACL violations, 2 bad input or usage.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from newskg import settings
from newskg.errors import NewsKGError, ShapeViolation, UsageError
from newskg.folder.backends import open_backend
from newskg.folder.build import build, validate_files
from newskg.folder.export import FORMATS as EXPORT_FORMATS
from newskg.folder.export import export
from newskg.folder.lock import wait_option
from newskg.folder.store import load_graph, serialize_turtle
from newskg.folder.views import answer
from newskg.query.explain import explain as explain_fact
from newskg.query.queries import format_result, list_queries, run_query
from newskg.query.terminal import canonical_format
from newskg.rdf.review import DEFAULT_MIN_CONFIDENCE, accepted_graph, read_candidates

#: The file suffix `newskg add --format NAME` reads every file as, by canonical format name.
ADD_SUFFIXES = {"turtle": "ttl", "nt": "nt", "xml": "xml", "jsonld": "jsonld", "trig": "trig", "nquads": "nq"}


class _Group(click.Group):
    """A click group that turns library errors into plain messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # the reader went away (`| head -1`): stop quietly
            _quiet_stdout()
            ctx.exit(0)
        except ShapeViolation as exc:
            click.echo(exc.report.to_text(), err=True)
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except NewsKGError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(2)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the final flush of a closed pipe raises nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _dir(value: str | None, default: Path) -> Path:
    return Path(value) if value else Path(default)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option("0.1.0", prog_name="newskg")
def cli() -> None:
    """Build and query a knowledge graph of space agencies, officials, sanctions and obligations
    read from news articles.

    Typical use: `newskg build`, then `newskg query --list` and `newskg query NAME`.
    """


@cli.command(name="build", epilog="Example: newskg build --articles articles/ --out graph/")
@click.option("--articles", "articles_dir", metavar="DIR", help="Folder of *.txt/*.md articles [default: articles/].")
@click.option("--out", "out_dir", metavar="DIR", help="Graph folder to (re)write [default: graph/].")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
@click.option("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE, show_default=True,
              help="Assert only facts at least this confident; the rest go to review.jsonl (see `newskg review`).")
@click.option("--audit", "audit_", is_flag=True,
              help="Print the facts each rule produced and the sentences that look factual but gave none.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for extraction [default: all cores].")
@click.option("--store", default="files", show_default=True, metavar="files|oxigraph|sparql+http://HOST:PORT/PATH",
              help="Where queries run: the Turtle files, an embedded Oxigraph store in the graph folder, "
                   "or a SPARQL 1.1 server. Recorded in the manifest.")
@wait_option
def build_cmd(articles_dir: str | None, out_dir: str | None, quiet: bool, min_confidence: float, audit_: bool,
              jobs: int | None, store: str) -> None:
    """Read the articles, extract facts, reason, validate and write the graph folder.

    The folder (asserted.ttl, inferred.ttl, report.ttl, manifest.json) is replaced
    only when the whole build succeeds and the graph conforms to the SHACL shapes;
    otherwise the report is printed, the old folder is left as it was and the exit
    status is 1 (shape violations) or 2 (unreadable input).  An article file over
    1 MB is refused before extraction (NEWSKG_MAX_ARTICLE_MB sets the limit).
    """
    report = build(
        _dir(articles_dir, settings.ARTICLES_DIR),
        _dir(out_dir, settings.GRAPH_DIR),
        progress=(lambda _m: None) if quiet else (lambda m: click.echo(m, err=True)),
        min_confidence=min_confidence,
        audit_sink=(lambda a: click.echo(a.to_text())) if audit_ else None,
        jobs=jobs,
        progress_bar=not quiet,
        store=store,
    )
    click.echo(report.summary(), err=True)


@cli.command(epilog="Examples: newskg review; newskg review --accept tenure/0123abcd -o accepted.ttl")
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder [default: graph/].")
@click.option("--accept", "accept", multiple=True, metavar="KEY", help="Write this candidate as RDF (repeatable).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where --accept writes Turtle [default: stdout].")
def review(graph_dir: str | None, accept: tuple[str, ...], output: Path | None) -> None:
    """List the facts the last build left out for low confidence, with the sentence of each.

    A person reads them and accepts the true ones: `--accept KEY -o fact.ttl` writes
    their RDF (with evidence), to check with `newskg validate fact.ttl` and add.
    Rejected candidates need nothing: they are not in the graph.
    """
    folder = _dir(graph_dir, settings.GRAPH_DIR)
    if accept:
        data = serialize_turtle(accepted_graph(folder, accept))
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            output.write_bytes(data)
            click.echo(f"wrote {output}", err=True)
        return
    records = read_candidates(folder)
    if not records:
        click.echo("no candidates: every extracted fact reached the confidence threshold.")
        return
    for record in records:
        ev = record["evidence"]
        args = "; ".join(f"{k}={next(iter(v.values())) if isinstance(v, dict) else v}" for k, v in sorted(record["args"].items()))
        click.echo(f"{record['key']}  {record['kind']}  confidence {ev['confidence']}  rule {ev['rule']}")
        click.echo(f"    {args}")
        click.echo(f"    [{ev['article']}] {ev['sentence']}")


@cli.command(epilog="Example: newskg explain tenure/0123abcd4567ef89")
@click.argument("fact")
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder [default: graph/].")
def explain(fact: str, graph_dir: str | None) -> None:
    """Show why the graph holds FACT (an IRI or key): its arguments, and for each article
    that states it the rule, the matched span, the verbatim sentence and the confidence."""
    graph = load_graph(_dir(graph_dir, settings.GRAPH_DIR))
    click.echo(explain_fact(graph, fact).to_text())




def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param {value!r}: write it as NAME=VALUE.")
        params[name.strip()] = text
    return params


_FORMAT_HELP = ("table (the default), csv, tsv, json or xml for SELECT / ASK; turtle|ttl, nt|ntriples, "
                "xml|rdfxml, jsonld|json-ld, trig or nquads|nq for CONSTRUCT / DESCRIBE.")


@cli.command(
    epilog=(
        "Examples: newskg query --list; newskg query who-holds-what-post --format csv; "
        "newskg query who-is-under-sanctions --param authority=Canada --param since=2022-03-01; "
        "newskg query statements --limit 10 --offset 20; "
        "newskg query evidence --param fact=https://newskg.dev/id/tenure/0123abcd"
    )
)
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the stored queries with their summaries.")
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder [default: graph/].")
@click.option("--format", "fmt", default="table", show_default=True, metavar="FORMAT", help=_FORMAT_HELP)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind the query parameter ?_NAME: a day YYYY-MM-DD, an IRI (or a short form such as "
                   "org/roscosmos) or text, as the query declares. Repeatable.")
@click.option("--limit", type=click.IntRange(min=0), default=None, metavar="N", help="At most N rows (a page).")
@click.option("--offset", type=click.IntRange(min=0), default=0, metavar="K",
              help="Skip the first K rows (in the query's stable ORDER BY).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
def query(name: str | None, list_: bool, graph_dir: str | None, fmt: str, params: tuple[str, ...],
          limit: int | None, offset: int, output: Path | None) -> None:
    """Run the stored query NAME (queries/NAME.rq) on the graph, or list them with --list."""
    from newskg.query.terminal import render_list

    if list_:
        rows = [(q.name, q.summary + (f" (parameters: {q.param_list()})" if q.params else "")) for q in list_queries()]
        _write(render_list(rows), output)
        return
    if not name:
        raise UsageError("name a stored query (see `newskg query --list`).")
    fmt = canonical_format(fmt)
    folder = _dir(graph_dir, settings.GRAPH_DIR)
    backend = open_backend(folder)  # the store the build chose
    given = _parse_params(params)
    # an unfiltered listing (or a page of it) from its maintained view, when it holds this graph
    result = None if given else answer(folder, name, limit, offset)
    if result is None:
        result = run_query(backend, name, given, limit=limit, offset=offset)
    _write(_render(result, fmt, folder, output), output)


@cli.command(
    epilog="Examples: newskg sparql 'SELECT * WHERE { ?s ?p ?o } LIMIT 5'; newskg sparql - < my.rq"
)
@click.argument("text", metavar="QUERY|-")
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder [default: graph/].")
@click.option("--format", "fmt", default="table", show_default=True, metavar="FORMAT", help=_FORMAT_HELP)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
def sparql(text: str, graph_dir: str | None, fmt: str, output: Path | None) -> None:
    """Run a SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query given as text or on stdin (-).

    SPARQL Update is refused: the graph folder is only changed by `newskg build`.
    CONSTRUCT and DESCRIBE print Turtle unless --format names another RDF format.
    """
    name = "the query"
    if text == "-":
        text = sys.stdin.read()
        name = "the query on stdin"
    fmt = canonical_format(fmt)
    folder = _dir(graph_dir, settings.GRAPH_DIR)
    backend = open_backend(folder)  # the store the build chose
    result = _sparql_inside(text, backend) or backend.query(text, name=name)
    _write(_render(result, fmt, folder, output), output)


def _render(result: Any, fmt: str, folder: Path, output: Path | None) -> str:
    """A result in ``fmt`` (checked against its form); tables fit the terminal, IRIs shortened
    with the graph's prefixes (tables only, and not when written to a file: full width there)."""
    from newskg.query.terminal import format_for, graph_prefixes, render_graph, render_table

    fmt = format_for(result.type, fmt)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return render_graph(result.graph, fmt)
    if fmt == "table" and result.type == "SELECT":
        width = 10_000 if output is not None else None
        return render_table(_sorted_sources(result), width, graph_prefixes(folder))
    return format_result(result, fmt)


def _sorted_sources(result: Any) -> Any:
    from newskg.query.queries import sort_sources

    sort_sources(result)
    return result


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


def _sparql_inside(text: str, backend: Any) -> Any:
    """Refuse SERVICE, LOAD and FROM of outside graphs before running, in the server's words
    (UsageError, exit 2; no connection is opened); FROM of the folder's own graphs (asserted,
    inferred) on the files store runs here on those graphs.  None: let the backend run it."""
    from newskg.web.outside import GraphParts, query_with_from, refusal

    message = refusal(text)
    if message:
        raise UsageError(message)
    return query_with_from(text, GraphParts(backend.graph_dir)) if backend.kind == "files" else None


@cli.command(epilog="Example: newskg validate extra-facts.ttl --graph graph/")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder [default: graph/].")
def validate(files: tuple[Path, ...], graph_dir: str | None) -> None:
    """Check RDF FILEs (.ttl .nt .trig .jsonld .rdf) together with the stored graph against the
    SHACL shapes; with no FILE, check the stored graph.  Nothing is written.

    Exit status: 0 conforms, 1 violations (listed one per line), 2 unreadable input.
    """
    report = validate_files(list(files), _dir(graph_dir, settings.GRAPH_DIR))
    if not report.conforms:
        click.echo(report.to_text(), err=True)
        sys.stderr.flush()
        raise click.exceptions.Exit(1)
    click.echo(report.to_text())


@cli.command(epilog="Example: newskg check --graph graph/")
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder [default: graph/].")
def check(graph_dir: str | None) -> None:
    """Check a graph folder: every file against its manifest (sizes and sha256), the triples
    against the manifest's counts, the store against the files, and the SHACL shapes.

    Exit status: 0 sound, 1 shape violations, 2 damaged (`newskg build` repairs it).
    """
    from newskg.folder.check import verify

    code, lines = verify(_dir(graph_dir, settings.GRAPH_DIR))
    click.echo("\n".join(lines), err=code != 0)
    if code:
        raise click.exceptions.Exit(code)


@cli.command(name="add", epilog="Examples: newskg add correction.ttl --by alice; newskg add new-article.txt; "
             "cat fact.ttl | newskg add - --dry-run")
@click.argument("files", nargs=-1, required=True, metavar="FILE... | -")
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder [default: graph/].")
@click.option("--format", "fmt", metavar="F",
              help="RDF format of every FILE instead of its suffix: turtle|ttl, nt|ntriples, trig, nquads|nq, "
                   "jsonld|json-ld or xml|rdfxml (the names of export).")
@click.option("--by", metavar="NAME", help="Who adds the facts (provenance) [default: the OS user].")
@click.option("--dry-run", is_flag=True, help="Validate and show what would be added; change nothing.")
@wait_option
def add_cmd(files: tuple[str, ...], graph_dir: str | None, fmt: str | None, by: str | None, dry_run: bool) -> None:
    """Add RDF files (.ttl .nt .trig .jsonld; - reads Turtle on stdin) or articles (.txt .md)
    to the graph, validated together with the stored graph and committed atomically.

    Exit status: 0 added (or nothing new), 1 the addition breaks the shapes (report
    printed, folder unchanged), 2 unreadable input (an article over 1 MB too:
    NEWSKG_MAX_ARTICLE_MB sets the limit; RDF files: NEWSKG_MAX_INPUT_MB, 20 MB).
    Facts carry who added them (--by), when, and from which file; see `newskg query evidence`.
    """
    from newskg.folder.update import AdditionRejected, add

    if fmt is not None:  # the format names of export, as the file suffix `add` reads them by
        name = canonical_format(fmt)
        if name not in ADD_SUFFIXES:
            raise UsageError(f"--format {fmt}: add reads RDF: turtle, nt, trig, nquads, jsonld or xml.")
        fmt = ADD_SUFFIXES[name]
    try:
        report = add(list(files), _dir(graph_dir, settings.GRAPH_DIR), fmt=fmt, by=by, dry_run=dry_run)
    except AdditionRejected as exc:
        click.echo(exc.text, err=True)
        click.echo(f"error: {exc}", err=True)
        raise click.exceptions.Exit(1) from None
    if dry_run:
        for kind, count in report.counts().items():
            click.echo(f"{count}\t{kind}")
        table = report.facts_table()
        if table:
            click.echo(table)
    click.echo(report.summary(), err=True)


@cli.command(name="retract", epilog="Example: newskg retract 004_9cc9730c2de59ae6")
@click.argument("ids", nargs=-1, required=True, metavar="ARTICLE_ID...")
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder [default: graph/].")
@click.option("--dry-run", is_flag=True, help="Validate and show what would be removed; change nothing.")
@wait_option
def retract_cmd(ids: tuple[str, ...], graph_dir: str | None, dry_run: bool) -> None:
    """Remove articles (or user additions, addition-KEY) and every fact resting only on them.

    Facts other articles also state stay, without that source.  Validated and
    committed atomically like `newskg add`.
    """
    from newskg.folder.update import AdditionRejected, retract

    try:
        report = retract(list(ids), _dir(graph_dir, settings.GRAPH_DIR), dry_run=dry_run)
    except AdditionRejected as exc:
        click.echo(exc.text.replace("The addition", "The retraction"), err=True)
        click.echo("error: the retraction breaks the SHACL shapes; the graph folder was not changed.", err=True)
        raise click.exceptions.Exit(1) from None
    verb = "would remove" if dry_run else "removed"
    click.echo(f"{verb} {len(report.removed)} triples (added back {len(report.added)}) in {report.graph_dir}; "
               "the graph conforms.", err=True)


@cli.command(
    name="export",
    epilog="Examples: newskg export --format jsonld -o graph.jsonld; newskg export --format nt --with-inferred",
)
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder [default: graph/].")
@click.option("--format", "fmt", default="turtle", show_default=True, metavar="FORMAT",
              help="turtle|ttl, nt|ntriples, trig, nquads|nq, jsonld|json-ld or xml|rdfxml.")
@click.option("--with-inferred", is_flag=True, help="Include the inferred triples.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
def export_cmd(graph_dir: str | None, fmt: str, with_inferred: bool, output: Path | None) -> None:
    """Write the stored graph as Turtle, N-Triples, TriG, N-Quads, JSON-LD or RDF/XML.

    TriG and N-Quads keep asserted and inferred triples in separate named graphs.
    """
    fmt = canonical_format(fmt)
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"--format {fmt}: export writes RDF: turtle, nt, trig, nquads, jsonld or xml.")
    data = export(_dir(graph_dir, settings.GRAPH_DIR), fmt, with_inferred)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        output.write_bytes(data)
        click.echo(f"wrote {output}", err=True)


@cli.command(epilog="Examples: newskg serve; newskg serve --port 8080 --timeout 5; newskg serve --allow-update")
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder [default: graph/].")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--timeout", default=10.0, show_default=True, type=float, help="Hard time limit of one query, in seconds.")
@click.option("--max-rows", default=100_000, show_default=True, type=int, help="Most rows (or triples) a result may have.")
@click.option("--workers", default=None, type=int, help="Query worker processes [default: one per CPU, at least 2].")
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL Update from requests with the token printed at start-up (validated, then committed).")
@click.option("--max-body", default="4MB", show_default=True, metavar="SIZE",
              help="Largest request body (e.g. 512KB, 16MB; at most 128MB); larger ones get 413.")
@click.option("--cors", metavar="ORIGIN", help="Let pages from ORIGIN (e.g. https://app.example) call the endpoint.")
@click.option("--base-url", metavar="URL", help="The server's public URL, for the Service Description "
              "[default: http://HOST:PORT/].")
@click.option("--quiet", is_flag=True, help="No access log (one line per request on stderr).")
def serve(graph_dir: str | None, host: str, port: int, timeout: float, max_rows: int, workers: int | None,
          allow_update: bool, max_body: str, cors: str | None, base_url: str | None, quiet: bool) -> None:
    """Serve the graph over HTTP: a SPARQL 1.1 endpoint at /sparql, the stored queries at
    /queries, and web pages (query editor, entities, timeline, sanctions, ontology) at /.

    Read-only unless --allow-update; SERVICE, LOAD and FROM of outside graphs are refused.
    """
    run_serve = _serve_extra()
    from newskg.web.http import parse_size

    try:
        body_cap = parse_size(max_body)
    except ValueError:
        raise UsageError(f"--max-body {max_body!r}: give a size such as 512KB or 16MB, at most 128MB.") from None
    run_serve(_dir(graph_dir, settings.GRAPH_DIR), host, port, timeout=timeout, max_rows=max_rows,
              allow_update=allow_update, workers=workers, echo=lambda m: click.echo(m, err=True),
              max_body=body_cap, cors=cors, quiet=quiet, base_url=base_url)


def _serve_extra() -> Any:
    """``newskg.web.endpoint.run_serve``, or a one-line UsageError (exit 2) when the `serve` extra is missing."""
    try:
        from newskg.web.endpoint import run_serve
    except ImportError as exc:
        missing = getattr(exc, "name", None) or "a module"
        raise UsageError(f"newskg serve needs the 'serve' extra ({missing} is not installed): "
                         "run  .venv/bin/pip install -e '.[serve]'  (README, command 1).") from None
    return run_serve


def main(argv: list[str] | None = None) -> None:
    """Console entry point (``newskg``); exits with the command's status.

    The process ends without Python's teardown once the command is done and its output
    flushed: a build of 10,000 articles holds millions of objects whose one-by-one release
    took 1.5-2 s after the work was over.  Every file and store is closed by then (the
    commands close them themselves); only the exit status and the output matter.
    """
    try:
        cli.main(args=argv, prog_name="newskg")
        code = 0
    except SystemExit as stop:
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a reader that went away (`| head`), or a closed stream
            pass
    os._exit(code)


if __name__ == "__main__":
    main()
