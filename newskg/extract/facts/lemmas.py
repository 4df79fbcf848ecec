"""lemminflect's verb and noun forms ("continuing" -> "continue"), imported on first use.

Importing lemminflect imports spaCy (to register its Token extensions): about 1 s of CPU that
every command paid at start (``newskg add``, ``query``, ``check`` ...) though only extraction
uses these three functions.  Same functions, same answers; the import happens at the first call.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _lemminflect() -> Any:
    import lemminflect

    return lemminflect


def getLemma(*args: Any, **kwargs: Any) -> Any:  # noqa: N802 - lemminflect's names
    return _lemminflect().getLemma(*args, **kwargs)


def getAllLemmas(*args: Any, **kwargs: Any) -> Any:  # noqa: N802
    return _lemminflect().getAllLemmas(*args, **kwargs)


def getInflection(*args: Any, **kwargs: Any) -> Any:  # noqa: N802
    return _lemminflect().getInflection(*args, **kwargs)
