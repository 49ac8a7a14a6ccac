"""What every benchmark script shares: the corpus, timing, the command line."""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import analysis

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bbc"


def best_of(repeat: int, func: Callable[[], object]) -> float:
    """The fastest of ``repeat`` runs of ``func``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def setup(description: str) -> tuple[argparse.Namespace, pd.DataFrame]:
    """Parse ``--corpus`` and ``--repeat`` and load the corpus (loading is not timed)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", analysis.CorpusWarning)
        docs = analysis.load_corpus(args.corpus)
    return args, docs
