"""Stage 1, read: article files -> ``Article``.

An article is a UTF-8 ``*.txt`` (or ``*.md``) file whose stem is its id.  It may open
with YAML front matter between ``---`` lines (``title``, ``source``, ``published``,
``url``, ``language``).  The body is everything after the closing ``---`` line, kept
byte for byte (no stripping), so character offsets into ``Article.text`` stay valid.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from dateutil import parser as date_parser

from newskg import settings
from newskg.errors import ArticleError
from newskg.extract.model import Article
from newskg.inputs import max_article_bytes, read_input

# The front matter block: "---" alone on the first line, YAML, "---" alone on a line.
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
METADATA_FIELDS = ("title", "source", "published", "url", "language")
#: The longest front matter read (characters): a few fields need far less.
MAX_FRONT_MATTER = 64 * 1024


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing aliases (``*name``: an alias bomb expands a few hundred
    bytes into billions of nodes) and reading dates as text (``published`` is checked by
    ``_date_field``, which names the file and field; YAML's own date reading raised a bare
    ValueError on ``2022-13-45``)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, f"YAML aliases (*{event.anchor}) are not accepted",
                                              event.start_mark)
        return super().compose_node(parent, index)


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_article(path: Path | str) -> Article:
    """Read one article file; raise ``ArticleError`` naming the file when it cannot be read."""
    path = Path(path)
    return parse_article(path, read_article_bytes(path))


def read_article_bytes(path: Path) -> bytes:
    """The bytes of an article file; ``ArticleError`` naming the file when it cannot be read."""
    try:
        # regular files only, of a bounded size (refused before extraction: see inputs.DEFAULT_MAX_ARTICLE_MB)
        return read_input(path, "article", max_article_bytes(), "NEWSKG_MAX_ARTICLE_MB")
    except FileNotFoundError:
        raise ArticleError(f"{path}: no such article file.", path) from None
    except IsADirectoryError:
        raise ArticleError(f"{path}: is a folder, not an article file.", path) from None
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read the file ({exc.strerror}).", path) from None


def parse_article(path: Path, data: bytes) -> Article:
    """The article in the bytes of the file ``path``: front matter fields and body text."""
    text = _decode(path, data)
    metadata, body = _split_front_matter(path, text)
    return Article(
        id=path.stem,
        text=body,
        title=_text_field(path, metadata, "title"),
        source=_text_field(path, metadata, "source"),
        published=_date_field(path, metadata.get("published")) or dateline_date(body),
        url=_text_field(path, metadata, "url"),
        language=_text_field(path, metadata, "language"),
        path=str(path),
    )


def read_articles(folder: Path | str) -> Iterator[Article]:
    """Read every article of a folder, sorted by file name.

    Raises ``ArticleError`` when the folder is missing or holds no article file.
    """
    for path in article_files(folder):
        yield read_article(path)


def article_files(folder: Path | str) -> list[Path]:
    """The article files of a folder, sorted by name; ``ArticleError`` when the folder is missing
    or holds none."""
    folder = Path(folder)
    if not folder.exists():
        raise ArticleError(f"{folder}: no such articles folder.", folder)
    if not folder.is_dir():
        raise ArticleError(f"{folder}: is not a folder of articles.", folder)
    paths = article_paths(folder)
    if not paths:
        suffixes = " or ".join(f"*{s}" for s in settings.ARTICLE_SUFFIXES)
        raise ArticleError(f"{folder}: no articles in this folder (expected {suffixes} files).", folder)
    return paths


def article_paths(folder: Path) -> list[Path]:
    """The article files of a folder, sorted by name (hidden files skipped)."""
    return sorted(
        (p for p in folder.iterdir()
         if p.is_file() and p.suffix in settings.ARTICLE_SUFFIXES and not p.name.startswith(".")),
        key=lambda p: p.name,
    )


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise ArticleError(f"{path}: is a binary file, not a UTF-8 text article.", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ArticleError(
            f"{path}, line {line}: is not UTF-8 text (undecodable byte 0x{data[exc.start]:02x}); "
            "save the article as UTF-8.",
            path,
        ) from None
    # The same newlines as Path.read_text gives (universal newlines).
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    match = FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---\n"):
            raise ArticleError(f"{path}: the front matter opened by '---' on line 1 is never closed.", path)
        return {}, text
    block = match.group(1) or ""
    if len(block) > MAX_FRONT_MATTER:
        raise ArticleError(f"{path}: the front matter has {len(block)} characters; at most {MAX_FRONT_MATTER} "
                           "are read (title, source, published, url, language).", path)
    try:
        metadata = yaml.load(block, Loader=_FrontMatterLoader)  # noqa: S506 (a SafeLoader without aliases)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ArticleError(f"{path}{where}: malformed YAML front matter ({problem}).", path) from None
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise ArticleError(f"{path}: the front matter must be a YAML mapping of fields (title: ..., published: ...).", path)
    return metadata, text[match.end():]


def _text_field(path: Path, metadata: dict[str, Any], name: str) -> str | None:
    value = metadata.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list)):
        raise ArticleError(f"{path}: front matter field {name!r} must be a single value.", path)
    text: str = str(value).strip()
    return text or None


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
#: "WASHINGTON, March 3, 2022 --", "Paris, 3 March 2022 (AFP) -", or a first line that is only a date.
DATELINE_DATE = re.compile(
    rf"^\s*(?:[A-Z][A-Za-z.'’/ -]{{1,40}}(?:,\s*[A-Z][A-Za-z.'’ -]{{1,30}})?,\s+)?"
    rf"(?P<date>{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})"
    rf"(?:\s*\([^)]{{0,60}}\))?\s*(?:[-–—]|\n)"
)


def dateline_date(body: str) -> str | None:
    """The full date of a dateline opening the text, for articles without a ``published`` field:
    the date the article gives itself, so that "on Monday" can be resolved."""
    match = DATELINE_DATE.match(body)
    if not match:
        return None
    try:
        first = date_parser.parse(match.group("date"), default=dt.datetime(2000, 1, 1))
        second = date_parser.parse(match.group("date"), default=dt.datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        return None
    return first.date().isoformat() if first.date() == second.date() else None


def _date_field(path: Path, value: Any) -> str | None:
    """The ``published`` field as an ISO date; YAML may already give a date or datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    # Other spellings ("12 April 2022") are fine when they give a full date: parse with
    # two different defaults and refuse anything the defaults had to fill in.
    try:
        first: dt.datetime | None = date_parser.parse(text, default=dt.datetime(2000, 1, 1))
        second: dt.datetime | None = date_parser.parse(text, default=dt.datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        first = second = None
    if first is None or first.date() != (second.date() if second else None):
        raise ArticleError(f"{path}: front matter field 'published' is not a full date: {text!r}.", path)
    iso: str = first.date().isoformat()
    return iso
