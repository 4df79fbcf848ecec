"""The exceptions of newskg: one root, ``NewsKGError``, and a few specific subclasses.

Each carries ``exit_code``, the status the command line exits with: 2 for bad
input or usage, 1 for data that breaks the SHACL shapes.  Messages name the thing
at fault (file and line, query name) in one or two plain sentences.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newskg.report import ValidationReport


class NewsKGError(Exception):
    """Root of every error newskg raises on purpose."""

    exit_code = 2


class UsageError(NewsKGError):
    """The command was called in a way that cannot work (bad option value, refused operation)."""


class ArticleError(NewsKGError):
    """An article file or folder cannot be read."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None


class RDFInputError(NewsKGError):
    """An RDF file cannot be parsed; names the file and, when the parser tells, the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.detail = message
        where = f"{self.path}, line {line}" if line else f"{self.path}"
        super().__init__(f"{where}: not valid RDF: {message}")


class QueryNotFound(NewsKGError):
    """No stored query has this name."""

    def __init__(self, name: str, available: list[str]) -> None:
        self.name = name
        self.available = available
        names = ", ".join(available) if available else "(none)"
        super().__init__(f"no stored query named {name!r}. Available queries: {names}.")


class QueryError(NewsKGError):
    """A SPARQL query (stored or given) does not parse or cannot run."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        self.detail = message
        super().__init__(f"query {name}: {message}")


class GraphNotFound(NewsKGError):
    """The graph folder (or its asserted.ttl) does not exist."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        super().__init__(
            f"no graph at {self.path}: run `newskg build --out {self.path}` first "
            "or point --graph at a built graph folder."
        )


class ShapeViolation(NewsKGError):
    """The data does not conform to the SHACL shapes; carries the validation report."""

    exit_code = 1

    def __init__(self, report: "ValidationReport", message: str | None = None) -> None:
        self.report = report
        count = len(report.results)
        super().__init__(message or f"the graph breaks the SHACL shapes ({count} violation{'s' if count != 1 else ''}).")


class FolderLocked(NewsKGError):
    """Another command holds the writer lock of the graph folder (newskg.folder.lock)."""

    def __init__(self, path: Path | str, pid: int | None, waited: float) -> None:
        self.path = Path(path)
        self.pid = pid
        who = f"process {pid}" if pid else "another newskg command"
        super().__init__(
            f"{self.path}: is being written by {who}; gave up after waiting {waited:g} s. "
            "Try again when it is done, or wait longer with --wait SECONDS."
        )


class FolderDamaged(NewsKGError):
    """A file of a graph folder does not match its manifest, or is missing (newskg.folder.integrity)."""

    def __init__(self, graph_dir: Path | str, name: str, problem: str) -> None:
        self.path = Path(graph_dir)
        self.name = name
        self.problem = problem
        super().__init__(
            f"the graph folder {self.path} is damaged: {name} {problem}; "
            f"run `newskg build --out {self.path}` to rebuild it."
        )


class InputRefused(NewsKGError):
    """An input file is refused before it is read: not a regular file, or too large."""
