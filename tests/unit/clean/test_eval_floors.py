"""The cleaner's scores on the labelled evaluation set never drop below the pinned floors.

Floors live in benchmarks/cleaning/floors.json and only move up (see
benchmarks/cleaning/evaluate.py for the metric).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "benchmarks" / "cleaning"


def _evaluate_module():
    spec = importlib.util.spec_from_file_location("cleaning_evaluate", BENCH / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_cleaner_meets_the_pinned_floors():
    evaluate = _evaluate_module()
    docs, _ = evaluate.load_docs()
    assert len(docs) >= 14
    results = {"cleaner": evaluate.score(evaluate.load_cleaner()[0], docs)}
    assert evaluate.check_floors(results, BENCH / "floors.json") == []
