"""Listings from their maintained views against evaluating the stored SPARQL (issue 16 items 2, 3).

    python bench/listings.py --out /tmp/listings --articles 1000

In one run, on the bundled articles and on a synthetic corpus (bench/corpus.py), each built
with ``--store oxigraph``: for every listing, the median time of a page of 100 rows (the
first and one in the middle) answered from its view (``newskg.folder.views.answer``) and by
evaluating the query on the embedded Oxigraph store (``run_query`` with LIMIT/OFFSET), and
on the bundled graph with rdflib too; the same rows are asserted.  Then the time of the view
refresh after ``newskg add`` of one article, after ``retract`` of it, and after a rebuild
with one changed article (spliced or evaluated whole, as the build's delta decides), and one
filtered listing per filter family.  Prints a Markdown table (bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402
from rdflib import Variable  # noqa: E402

from newskg import settings  # noqa: E402
from newskg.folder import build as build_module  # noqa: E402
from newskg.folder import update as update_module  # noqa: E402
from newskg.folder.backends import FilesBackend, open_backend  # noqa: E402
from newskg.folder.build import build  # noqa: E402
from newskg.folder.update import add, retract  # noqa: E402
from newskg.folder.views import answer, listings  # noqa: E402
from newskg.query.queries import run_query  # noqa: E402

PAGE = 100


def median_ms(run: Any, repeat: int) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = run()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 1), value


def cells(result: Any) -> list[tuple[str, ...]]:
    columns = list(result.vars or [])
    return [tuple(str(row.get(c, "")) for c in columns) for row in result.bindings]


def pages(folder: Path, repeat: int, rdflib: bool) -> list[dict[str, Any]]:
    backend = open_backend(folder)
    files = FilesBackend(folder) if rdflib else None
    out = []
    for item in listings():
        name = item.query.name
        total = len(run_query(backend, name).bindings)
        for offset in sorted({0, (total // 2) // PAGE * PAGE}):
            view_ms, view = median_ms(lambda name=name, offset=offset: answer(folder, name, PAGE, offset), repeat)
            oxi_ms, oxi = median_ms(lambda name=name, offset=offset: run_query(backend, name, limit=PAGE, offset=offset), repeat)
            assert view is not None and cells(view) == cells(oxi), f"{name}: the view differs from the query"
            record = {"listing": name, "rows": total, "offset": offset, "view_ms": view_ms, "oxigraph_ms": oxi_ms}
            if files is not None:
                record["rdflib_ms"], plain = median_ms(
                    lambda name=name, offset=offset: run_query(files, name, limit=PAGE, offset=offset), repeat)
                assert cells(plain) == cells(view), name
            out.append(record)
    backend.close()
    return out


def refreshes(folder: Path, articles: Path, spare: Path) -> list[dict[str, Any]]:
    """Seconds of each refresh_views call of an add, a retract and a rebuild with one changed article."""
    seen: list[dict[str, Any]] = []

    def spy(real: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            done = real(*args, **kwargs)
            seen.append({"seconds": round(time.perf_counter() - start, 2),
                         "spliced": bool(done) and all(v is not None for v in done.values()),
                         "keys": max((v or 0 for v in done.values()), default=0)})
            return done
        return timed

    build_module.refresh_views = spy(build_module.refresh_views)  # type: ignore[attr-defined]
    update_module.refresh_views = spy(update_module.refresh_views)  # type: ignore[attr-defined]
    out = []
    for step, run in (("add one article", lambda: add([str(spare)], folder, by="bench")),
                      ("retract it", lambda: retract([spare.stem], folder)),
                      ("rebuild, one article changed", lambda: _rebuild_changed(articles, folder))):
        start = time.perf_counter()
        run()
        out.append({"step": step, "command_s": round(time.perf_counter() - start, 2), **seen[-1]})
    return out


def _rebuild_changed(articles: Path, folder: Path) -> None:
    changed = sorted(articles.glob("*.txt"))[3]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe agency declined to comment further.\n", encoding="utf-8")
    build(articles, folder, store="oxigraph", progress=lambda _m: None, progress_bar=False)


def filtered(folder: Path, repeat: int) -> list[dict[str, Any]]:
    backend = open_backend(folder)
    out = []
    for name, column, param in (("who-is-under-sanctions", "authority", "authority"),
                                ("who-holds-what-post", "organization", "organization"),
                                ("who-succeeded-whom", "post", "post"),
                                ("who-withdrew-from-what", "actor", "actor"),
                                ("who-owes-what", "bearer", "bearer")):
        rows = run_query(backend, name, limit=1).bindings
        value = next((str(r[c]) for r in rows for c in r if str(c) == column), None)
        if not value:
            continue
        label = "<http://www.w3.org/2000/01/rdf-schema#label>"
        found = backend.query(f"SELECT ?e WHERE {{ ?e {label} {json.dumps(value)} }} LIMIT 1")
        iri = str(found.bindings[0][Variable("e")]) if found.bindings else None
        for given in (value, iri) if iri else (value,):
            ms, result = median_ms(lambda name=name, param=param, given=given: run_query(backend, name, {param: given}), repeat)
            out.append({"listing": name, "filter": f"{param}={given}", "rows": len(result.bindings), "ms": ms})
    ms, result = median_ms(lambda: run_query(backend, "who-holds-what-post", {"date": "2020-06-01"}), repeat)
    out.append({"listing": "who-holds-what-post", "filter": "date=2020-06-01", "rows": len(result.bindings), "ms": ms})
    backend.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/newskg-listings"))
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    quiet = {"progress": lambda _m: None, "progress_bar": False}
    bundled = args.out / "bundled" / "graph"
    build(settings.ARTICLES_DIR, bundled, store="oxigraph", **quiet)
    synthetic = write_corpus(args.articles + 1, args.out / "corpus")
    spare = sorted(synthetic.glob("*.txt"))[-1]
    spare = spare.rename(args.out / spare.name)
    folder = args.out / "synthetic" / "graph"
    start = time.perf_counter()
    build(synthetic, folder, store="oxigraph", **quiet)
    built_s = round(time.perf_counter() - start, 1)
    print(f"## {args.articles} synthetic articles built in {built_s} s (views included)\n")
    print("| graph | listing | rows | page at | view ms | Oxigraph ms | rdflib ms |\n|---|---|---:|---:|---:|---:|---:|")
    for label, path, rdflib in (("bundled", bundled, True), (f"{args.articles} synthetic", folder, False)):
        for r in pages(path, args.repeat, rdflib):
            print(f"| {label} | {r['listing']} | {r['rows']} | {r['offset']} | {r['view_ms']} | {r['oxigraph_ms']} | "
                  f"{r.get('rdflib_ms', '-')} |")
    print("\n| filtered listing (Oxigraph) | filter | rows | ms |\n|---|---|---:|---:|")
    for r in filtered(folder, args.repeat):
        print(f"| {r['listing']} | {r['filter']} | {r['rows']} | {r['ms']} |")
    print("\n| change | command s | view refresh s | spliced | keys re-run |\n|---|---:|---:|---|---:|")
    for r in refreshes(folder, synthetic, spare):
        print(f"| {r['step']} | {r['command_s']} | {r['seconds']} | {r['spliced']} | {r['keys']} |")


if __name__ == "__main__":
    main()
