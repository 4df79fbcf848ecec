"""tools/calibrate.py and tools/calibration/: how the threshold is chosen, and statements of an earlier
package layout read into this checkout's classes (no corpus is read: the scores are made up here)."""

from __future__ import annotations

import importlib.util
import io
import pickle
import sys
from pathlib import Path
from types import ModuleType

from newskg.extract.model import DateValue, Evidence, Fact, Post

TOOLS = Path(__file__).resolve().parent.parent / "tools"


def _tool(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


calibrate = _tool("calibrate", TOOLS / "calibrate.py")
remake = _tool("remake", TOOLS / "calibration" / "remake.py")


def _scores(name: str, right: list[float], wrong: list[float]) -> dict[tuple[str, str], tuple[float, bool]]:
    out = {(name, f"r{i}"): (p, True) for i, p in enumerate(right)}
    out.update({(name, f"w{i}"): (p, False) for i, p in enumerate(wrong)})
    return out


def test_a_set_read_badly_is_not_hidden_by_a_large_set_read_well_when_judged_per_set() -> None:
    tuned = _scores("tuned", [0.9] * 95, [0.3] * 5)  # 0.95 precise at any threshold up to 0.3
    new = _scores("new", [0.8] * 16 + [0.5] * 2, [0.6] * 3 + [0.2] * 2)  # 0.78 precise at 0, 1.00 above 0.6
    both = {**tuned, **new}
    pooled = calibrate.choose_threshold(both, 0.90, {"tuned", "new"}, set())
    per_set = calibrate.choose_threshold(both, 0.90, {"tuned", "new"}, set(), per_set=True)
    assert pooled == 0.0
    assert per_set == 0.65  # the lowest at which "new" alone is 0.90 precise


def test_the_threshold_never_costs_a_kept_set_its_right_facts() -> None:
    kept = _scores("seeds", [0.9] * 30 + [0.45], [])
    new = _scores("new", [0.8] * 9, [0.7] * 3)  # 0.90 precise only above 0.7
    chosen = calibrate.choose_threshold({**kept, **new}, 0.90, {"new"}, {"seeds"}, keep=1.0, per_set=True)
    assert chosen == 0.45  # the highest that keeps every right fact of seeds


def test_statements_pickled_by_the_earlier_package_layout_load_into_this_ones_classes() -> None:
    fact = Fact.make("Tenure", Evidence("a1", "Elena Vasquez became director.", 0, 30, "tenure.copula", 0.8),
                     member="person/elena-vasquez", post=Post("org/x", "director", "Director of X"),
                     start=DateValue("2024-05"))
    data = pickle.dumps([fact], protocol=0)
    assert b"newskg.extract.model" in data
    old = data.replace(b"newskg.extract.model", b"newskg.model")  # where the classes lived before the move
    [back] = remake._AnyLayout(io.BytesIO(old)).load()
    assert back == fact and type(back) is Fact
