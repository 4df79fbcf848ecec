"""Limits on what newskg reads: regular files only, of a bounded size, and text in blocks.

``read_input`` is how articles and RDF files are read: it opens without blocking (a FIFO
or a device is refused at once instead of hanging or filling memory, e.g. ``/dev/zero``),
refuses anything but a regular file, and refuses files over ``max_input_bytes()``
(``NEWSKG_MAX_INPUT_MB``, default 20 MB; articles: ``max_article_bytes()``,
``NEWSKG_MAX_ARTICLE_MB``, default 1 MB) before reading them -- and reads at most that
much, should the file grow meanwhile.  ``text_blocks`` cuts a very long line into blocks
at sentence ends, so the sentencizer never gets more than spaCy's length limit (and its
memory stays that of one block).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph

from newskg.errors import InputRefused

#: RDF file suffix -> (rdflib format, pyoxigraph format used to locate syntax errors).
RDF_FORMATS: dict[str, tuple[str, Any]] = {
    ".ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE),
    ".turtle": ("turtle", pyoxigraph.RdfFormat.TURTLE),
    ".nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
    ".trig": ("trig", pyoxigraph.RdfFormat.TRIG),
    ".nq": ("nquads", pyoxigraph.RdfFormat.N_QUADS),
    ".jsonld": ("json-ld", None),
    ".json": ("json-ld", None),
    ".rdf": ("xml", pyoxigraph.RdfFormat.RDF_XML),
    ".owl": ("xml", pyoxigraph.RdfFormat.RDF_XML),
    ".xml": ("xml", pyoxigraph.RdfFormat.RDF_XML),
}
#: Default size limit of one input file (articles, RDF files), in MB.
DEFAULT_MAX_INPUT_MB = 20
#: Default size limit of one article file, in MB: a long news article is some 100 KB, and the
#: extraction of a 5 MB one took 36 s; a larger one is refused before it is read.
DEFAULT_MAX_ARTICLE_MB = 1
#: The longest text given to the sentencizer at once (characters).
BLOCK_CHARS = 100_000


def max_input_bytes(variable: str = "NEWSKG_MAX_INPUT_MB", default: float = DEFAULT_MAX_INPUT_MB) -> int:
    """The size limit of one input file: ``NEWSKG_MAX_INPUT_MB`` (MB) or the default."""
    value = os.environ.get(variable, "")
    try:
        megabytes = float(value) if value else default
    except ValueError:
        megabytes = default
    return int(megabytes * 1024 * 1024)


def max_article_bytes() -> int:
    """The size limit of one article file: ``NEWSKG_MAX_ARTICLE_MB`` (MB), else 1 MB."""
    return max_input_bytes("NEWSKG_MAX_ARTICLE_MB", DEFAULT_MAX_ARTICLE_MB)


def read_input(path: Path | str, what: str = "file", limit: int | None = None,
               variable: str = "NEWSKG_MAX_INPUT_MB") -> bytes:
    """The bytes of the regular file ``path``; ``InputRefused`` (exit 2) for anything else or
    for more than ``limit`` bytes (default ``max_input_bytes()``; ``variable`` sets it, named in
    the message).  ``FileNotFoundError`` and ``IsADirectoryError`` pass through for the caller to word."""
    path = Path(path)
    limit = max_input_bytes() if limit is None else limit
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            kind = ("a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device" if stat.S_ISCHR(info.st_mode)
                    or stat.S_ISBLK(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "special")
            raise InputRefused(f"{path}: is not a regular file ({kind}); give the {what} as a file.")
        if info.st_size > limit:
            raise InputRefused(_too_large(path, info.st_size, limit, what, variable))
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise InputRefused(_too_large(path, len(data), limit, what, variable))
        return data
    finally:
        os.close(fd)


def _too_large(path: Path, size: int, limit: int, what: str, variable: str) -> str:
    return (f"{path}: {_size(size)} is more than the {_size(limit)} an input {what} may have "
            f"(set {variable} to change the limit).")


def _size(count: int) -> str:
    """Bytes in words: "5.0 MB", "1 MB", "10 KB"."""
    if count >= 1024 * 1024:
        megabytes = count / 1048576
        return f"{megabytes:g} MB" if megabytes == int(megabytes) else f"{megabytes:.1f} MB"
    return f"{max(1, round(count / 1024))} KB"


def text_blocks(text: str, size: int = BLOCK_CHARS) -> Iterator[tuple[int, str]]:
    """``text`` in blocks of at most ``size`` characters, with their offsets; each block but the
    last ends after a sentence end (". ", "? ", "! ", with its space) in its second half when
    there is one, else after a space, else at ``size``.  A text no longer than ``size`` is one block."""
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max(window.rfind(mark) for mark in (". ", "? ", "! ")) + 2  # after the mark and its space
        if cut < size // 2:
            cut = window.rfind(" ") + 1
        end = start + (cut if cut > 0 else size)
        yield start, text[start:end]
        start = end
    yield start, text[start:]
