"""What every benchmark script shares: the corpus, timing, the command line."""

from __future__ import annotations

import argparse
import gc
import re
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass
class Measured:
    """Seconds of the fastest run, and resident memory (MB) over all the runs: the
    process's peak, and how far that peak rose above the resident size at the start."""

    seconds: float
    peak_mb: float | None
    added_mb: float | None


def _status_mb(field: str) -> float | None:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    found = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else None


def _reset_peak() -> bool:
    """Start a new resident-set high-water mark (Linux: ``clear_refs`` value 5)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def measure(repeat: int, func: Callable[[], object]) -> Measured:
    """:func:`best_of` with the peak resident memory while ``func`` ran (Linux only;
    ``None`` elsewhere)."""
    gc.collect()
    start = _status_mb("VmRSS")
    reset = _reset_peak()
    seconds = best_of(repeat, func)
    peak = _status_mb("VmHWM") if reset else None
    added = max(peak - start, 0.0) if peak is not None and start is not None else None
    return Measured(seconds, peak, added)


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


RESULTS = Path(__file__).resolve().parent / "results"


def report_targets(
    rows: list[tuple[str, float, float]], *, name: str, unit: str = "seconds", scale: float = 1.0
) -> Path:
    """Print each ``(measure, target, seconds)`` with ok or MISSED (values times ``scale``,
    in ``unit``), and write them to ``results/NAME-<time>.json``."""
    import json

    width = max(24, *(len(r[0]) + 2 for r in rows))
    print(f"{'measure':<{width}}{unit:>9}{'target':>9}")
    for measure, target, seconds in rows:
        verdict = "ok" if seconds <= target else "MISSED"
        value, goal = seconds * scale, target * scale
        print(f"{measure:<{width}}{value:>9.2f}{goal:>9.1f}  {verdict}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    keys = ("measure", "target", "seconds")
    out.write_text(json.dumps([dict(zip(keys, r, strict=True)) for r in rows], indent=2))
    print(f"written to {out}")
    return out
