"""Extraction at scale: worker processes, the content-hash cache and a progress bar.

``extract_corpus`` reads the articles of a folder one by one, reuses the cached
extraction of every article whose file has the same sha256 as in the previous
build's ``extractions.jsonl`` (``file_hash``), and extracts the others in ``jobs`` worker processes
(``concurrent.futures.ProcessPoolExecutor``, chunks of articles).  Results come back
in article order.  Article texts are not kept: each result carries its article
without the text (the text is only needed to extract, and to hash).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson

from newskg import settings
from newskg.extract.articles import article_files, parse_article, read_article, read_article_bytes
from newskg.extract.lexicon import load_lexicon
from newskg.extract.model import Article, ExtractionResult, result_from_dict, result_to_dict

Progress = Callable[[str], None]
Extractor = Callable[[Article], ExtractionResult]

#: Articles sent to a worker at a time.
CHUNK_SIZE = 32
#: Below this many articles to extract, worker processes cost more than they save.
MIN_PARALLEL = 64


@dataclass
class CorpusExtraction:
    """The articles of a corpus (without their texts), their extractions and their content hashes."""

    articles: list[Article]
    results: list[ExtractionResult]
    hashes: list[str]
    reused: int = 0
    extracted: int = 0
    seconds: float = 0.0
    #: The cache's line of each article taken from it (None for the extracted ones).
    cached_lines: list[str | None] = field(default_factory=list)

    def serialize(self) -> bytes:
        """``extractions.jsonl``: one JSON line per article (sorted by id) with its ``file_hash``.

        An article taken from the cache keeps its line: same hash, same code (the cache is
        only read under the same extractor fingerprint), so the same record."""
        order = sorted(range(len(self.articles)), key=lambda i: self.articles[i].id)
        lines = []
        for i in order:
            line = self.cached_lines[i] if i < len(self.cached_lines) else None
            if line is None:
                record = {"sha256": self.hashes[i], **result_to_dict(self.results[i])}
                line = json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n"
            lines.append(line)
        return "".join(lines).encode("utf-8")


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def file_hash(data: bytes) -> str:
    """The cache key of an article's extraction: the sha256 of its file, which holds all the
    extractor reads (the text, and the front matter whose publication date anchors "on Monday"
    and "last year").  The manifest lists the same hash."""
    return hashlib.sha256(data).hexdigest()


#: The key of an ``extractions.jsonl`` record that marks an article added with ``newskg add``
#: (its file is not in the articles folder); the value says who added it, when, from which file.
ADDED = "added"


def mark_added(record: dict[str, Any], *, by: str, at: str, file: str) -> dict[str, Any]:
    """Mark an extraction record as an article added with ``newskg add`` (the one way it is written)."""
    record[ADDED] = {"by": by, "at": at, "file": file}
    return record


def is_added(record: dict[str, Any]) -> bool:
    """Whether an extraction record is of an article added with ``newskg add`` (the one way it is read)."""
    return isinstance(record.get(ADDED), dict)


def may_be_added(line: str) -> bool:
    """A cheap test on a line of ``extractions.jsonl`` before it is parsed: False only for lines
    whose record ``is_added`` cannot be (json.dumps writes the key as ``"added":``; inside a
    string the quotes would be escaped)."""
    return f'"{ADDED}":' in line


def read_cache(path: Path | None) -> dict[str, tuple[str, dict[str, Any], str]]:
    """article id -> (``file_hash``, record, its line) from an ``extractions.jsonl``; {} when
    absent or unreadable."""
    if path is None or not path.is_file():
        return {}
    cache: dict[str, tuple[str, dict[str, Any], str]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                record = orjson.loads(line)  # the rebuild's cache: 10,000 records parse 3x faster than json's
                cache[record["article"]["id"]] = (record["sha256"], record, line if line.endswith("\n") else line + "\n")
            except (orjson.JSONDecodeError, KeyError, TypeError):
                continue  # a damaged line is re-extracted, never trusted
    return cache


def extract_corpus(
    articles_dir: Path,
    extractor: Extractor,
    *,
    jobs: int | None = None,
    cache_file: Path | None = None,
    progress: Progress,
    bar: bool = True,
) -> CorpusExtraction:
    """Extract every article of ``articles_dir``, reusing the cache and using ``jobs`` processes."""
    started = time.perf_counter()
    jobs = jobs or default_jobs()
    cache = read_cache(cache_file)
    articles: list[Article] = []
    hashes: list[str] = []
    results: list[ExtractionResult | None] = []
    todo: list[int] = []
    cached_lines: list[str | None] = []
    for path in article_files(articles_dir):
        data = read_article_bytes(path)
        digest = file_hash(data)
        cached = cache.pop(path.stem, None)
        if cached is not None and cached[0] == digest:  # the same file: its article and extraction as cached
            result = result_from_dict(cached[1])
            light = replace(result.article, path=str(path))
            result.article = light
            results.append(result)
            cached_lines.append(None if is_added(cached[1]) else cached[2])  # the line without the mark
        else:
            light = replace(parse_article(path, data), text="")
            results.append(None)
            cached_lines.append(None)
            todo.append(len(articles))
        articles.append(light)
        hashes.append(digest)
    del cache
    reused = len(articles) - len(todo)
    if reused:
        progress(f"extract: {reused} of {len(articles)} articles unchanged since the last build (cached)")
    meter = Meter(len(todo), progress, bar=bar)
    texts = _texts(articles_dir, [articles[i] for i in todo])
    for i, result in zip(todo, _run(extractor, texts, len(todo), jobs)):
        result.article = articles[i]
        results[i] = result
        meter.step(result)
    meter.close()
    done = [r for r in results if r is not None]
    assert len(done) == len(articles)
    return CorpusExtraction(articles, done, hashes, reused, len(todo), time.perf_counter() - started, cached_lines)


def _texts(articles_dir: Path, light: Sequence[Article]) -> Iterator[Article]:
    """The articles to extract, read again one at a time (texts are not held for the whole corpus)."""
    for article in light:
        path = Path(article.path) if article.path else articles_dir / f"{article.id}.txt"
        yield read_article(path)


def _run(extractor: Extractor, articles: Iterator[Article], count: int, jobs: int) -> Iterator[ExtractionResult]:
    if jobs <= 1 or count < MIN_PARALLEL or not _picklable(extractor):
        for article in articles:
            yield extractor(article)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_warm_up) as pool:
        # map() keeps the input order; chunks amortise the inter-process cost
        yield from pool.map(extractor, articles, chunksize=CHUNK_SIZE)


def _warm_up() -> None:
    """Load the lexicon once per worker process."""
    load_lexicon()


def _picklable(extractor: Extractor) -> bool:
    try:
        pickle.dumps(extractor)
    except Exception:  # lambdas, closures: extract in this process
        return False
    return True


class Meter:
    """Progress of the extraction: a tqdm bar on a terminal, a line every ~10 s otherwise (or with CI set)."""

    def __init__(self, total: int, progress: Progress, *, bar: bool = True):
        self.total = total
        self.progress = progress
        self.done = 0
        self.started = self.last = time.perf_counter()
        self.small = total <= 100
        self.tqdm: Any = None
        if bar and not self.small and sys.stderr.isatty() and os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
            from tqdm import tqdm

            self.tqdm = tqdm(total=total, unit="article", desc="extract", file=sys.stderr, smoothing=0.1)

    def step(self, result: ExtractionResult) -> None:
        self.done += 1
        if self.small:
            self.progress(
                f"extract {result.article.id}: {len(result.facts)} facts, {len(result.entities)} entities, "
                f"{len(result.unused_sentences)} sentences without facts"
            )
        elif self.tqdm is not None:
            self.tqdm.update(1)
        else:
            now = time.perf_counter()
            if now - self.last >= 10 or self.done == self.total:
                self.last = now
                rate = self.done / max(now - self.started, 1e-9)
                eta = (self.total - self.done) / rate if rate else 0.0
                self.progress(f"extract: {self.done}/{self.total} articles, {rate:.0f} articles/s, ETA {eta:.0f} s")

    def close(self) -> None:
        if self.tqdm is not None:
            self.tqdm.close()
        if self.total and not self.small:
            seconds = time.perf_counter() - self.started
            self.progress(f"extract: {self.total} articles in {seconds:.1f} s ({self.total / max(seconds, 1e-9):.0f} articles/s)")


#: What the default extractor's output depends on besides the article text.
#: Paths under the package folder (``newskg/``), without ``.py``.
EXTRACTOR_MODULES = ("extract/articles", "extract/dates", "extract/extractor", "extract/facts", "inputs",
                     "extract/lexicon", "extract/mentions", "extract/model", "extract/names")


def extractor_fingerprint() -> str:
    """A hash of the extraction code and its data files: a cached extraction is reused only under the same one."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for name in EXTRACTOR_MODULES:  # a module, or a package (every module in it)
        module = package / f"{name}.py"
        for path in [module] if module.is_file() else sorted((package / name).glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for path in (settings.LEXICON_FILE, settings.LOOKUPS_FILE, settings.CONFIDENCE_FILE):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]
