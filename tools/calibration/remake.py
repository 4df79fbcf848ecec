#!/usr/bin/env python3
"""Remake the labelled statements of earlier extractors (``statements-NAME.jsonl``) with this checkout's features.

One command, from the checkout (~1 minute per extractor)::

    S=../shared/eval A=../shared/articles T=$PWD/tests/data/tune
    .venv/bin/python tools/calibration/remake.py --eval $S --commit 0d3dee8 --commit 8df3061 --commit 61f696a \\
        --set dev2-odd=$A/dev2:dev2-gold.toml:odd \\
        --set leaders=$T/leaders/articles:$T/leaders/gold.toml --set sanctions=$T/sanctions/articles:$T/sanctions/gold.toml \\
        --set passages=$T/passages/articles:$T/passages/gold.toml --set mixed=$T/mixed/articles:$T/mixed/gold.toml

Each ``--commit`` is unpacked (``git archive``) into a temporary folder and its own rules read the sets
(``collect.py`` run with that tree first on ``PYTHONPATH``: the extractor of the commit, its
reference data, its queries); the candidates it read are labelled by the scorecard's matching, and
their features are computed here, by this checkout's ``newskg.extract.facts.confidence`` (the mentions
and facts of the older layout are read into this checkout's classes).  ``--tree NAME=DIR`` does the
same for a checkout on disk (another branch's worktree, read only).  Needed whenever ``features``
gains or changes a feature: the files hold feature values, not sentences.

Never give it a check set (dev2's even half, the held-out articles): what it writes teaches the model.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import pickle
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import calibrate  # noqa: E402


class _AnyLayout(pickle.Unpickler):
    """Reads mentions and facts pickled by a commit of either package layout into this checkout's classes
    (``newskg.model.Fact`` of the earlier layout is ``newskg.extract.model.Fact`` here)."""

    def find_class(self, module: str, name: str) -> Any:
        if not module.startswith("newskg."):
            return super().find_class(module, name)
        rest = module.removeprefix("newskg.")
        for place in (module, f"newskg.extract.{rest}", "newskg.extract.mentions.base"):
            try:
                found = importlib.import_module(place)
            except ImportError:
                continue
            if hasattr(found, name):
                return getattr(found, name)
        raise pickle.UnpicklingError(f"no class {module}.{name} in this checkout")


def _unpack(commit: str, target: Path) -> None:
    root = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--show-toplevel"], check=True, capture_output=True,
                          text=True).stdout.strip()
    data = subprocess.run(["git", "-C", root, "archive", "--format=tar", commit], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(target, filter="data")


def remake(name: str, tree: Path, eval_dir: Path, sets: list[str], out: Path) -> int:
    """Run the extractor of ``tree`` on ``sets`` and write its labelled statements with this checkout's
    features to ``out``; the number written."""
    with tempfile.TemporaryDirectory(prefix="remake-") as tmp:
        pickled = Path(tmp) / "records.pickle"
        env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
        subprocess.run([sys.executable, str(HERE / "collect.py"), "--eval", str(eval_dir), "--out", str(pickled),
                        "--prefix", f"{name}-", *sets], check=True, env=env)
        with pickled.open("rb") as fh:
            records = _AnyLayout(fh).load()
    candidates = calibrate.candidates_from(records)
    with out.open("w", encoding="utf-8") as fh:
        for cand in candidates:
            record = {**cand.__dict__, "features": {n: v for n, v in cand.features.items() if v}}
            fh.write(json.dumps(record, sort_keys=True) + "\n")
    return len(candidates)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--eval", type=Path, required=True, help="the folder of score.py and the gold files")
    ap.add_argument("--commit", action="append", default=[], help="an earlier commit whose rules read the sets")
    ap.add_argument("--tree", action="append", default=[], help="NAME=DIR: a checkout on disk whose rules read the sets")
    ap.add_argument("--set", action="append", default=[], required=True, help="NAME=ARTICLES:GOLD[:odd|even]")
    ap.add_argument("--out-dir", type=Path, default=HERE, help="where statements-NAME.jsonl go (default: here)")
    args = ap.parse_args()
    for commit in args.commit:
        with tempfile.TemporaryDirectory(prefix=f"remake-{commit}-") as tree:
            _unpack(commit, Path(tree))
            n = remake(commit, Path(tree), args.eval, args.set, args.out_dir / f"statements-{commit}.jsonl")
        print(f"statements-{commit}.jsonl: {n} statements", file=sys.stderr)
    for spec in args.tree:
        name, _, folder = spec.partition("=")
        n = remake(name, Path(folder).resolve(), args.eval, args.set, args.out_dir / f"statements-{name}.jsonl")
        print(f"statements-{name}.jsonl: {n} statements", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
