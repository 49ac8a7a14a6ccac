"""The report on big corpora (issue 30): time and peak memory of every process, by stage.

Usage: python benchmarks/big_report.py N [N ...] [--jobs 2] [--notebooks 01,02] [--keep]

For each N, makes (or reuses) the corpus of ``big_corpus.py`` and runs
``analysis report --corpus FILE --jobs J`` into ``benchmarks/results/big-N/``, sampling
every half second the resident memory of the command and every process under it (the
extraction's workers, the notebook kernels).  Prints and writes to
``benchmarks/results/big_report.json``: the wall time, seconds per article, the time of
each stage (the extraction, each notebook, from the report's manifest) and the peak
resident memory of each kind of process.  Targets (this 2-core, 24 GB machine): 40,000
articles in 10 minutes, 250,000 in 60 minutes and no worse than 1.3x the 40,000 run's time
per article; no process above 4 GB.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
COMMAND = Path(sys.executable).with_name("analysis")


def _kind(process: psutil.Process) -> str:
    try:
        line = " ".join(process.cmdline())
    except psutil.Error:
        return "other"
    if "ipykernel" in line:
        return "kernel"
    if "analysis" in line and " report" in line:
        return "command"
    return "worker"


def run(
    n: int, *, jobs: int, notebooks: str | None, keep: bool, extract: Path | None = None
) -> dict[str, object]:
    corpus = RESULTS / "corpora" / f"big-{n}.jsonl"
    if not corpus.exists():
        subprocess.run([sys.executable, str(HERE / "big_corpus.py"), str(n)], check=True)
    out = RESULTS / f"big-{n}"
    if out.exists():
        shutil.rmtree(out)
    command = [str(COMMAND), "report", "--corpus", str(corpus), "--out", str(out)]
    command += ["--jobs", str(jobs)] + (["--notebooks", notebooks] if notebooks else [])
    command += ["-p", "extract_dir", str(extract)] if extract else []
    peaks: dict[int, tuple[str, float]] = {}
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            family = [root, *root.children(recursive=True)]
        except psutil.Error:
            family = []
        for p in family:
            try:
                rss = p.memory_info().rss / 2**20
            except psutil.Error:
                continue
            kind, best = peaks.get(p.pid, (_kind(p), 0.0))
            peaks[p.pid] = (kind, max(best, rss))
        time.sleep(0.5)
    wall = time.perf_counter() - started
    log = proc.stdout.read() if proc.stdout else ""
    if proc.returncode:
        raise SystemExit(f"report on {n:,} articles failed after {wall:.0f} s:\n{log}")
    by_kind: dict[str, float] = {}
    for kind, mb in peaks.values():
        by_kind[kind] = max(by_kind.get(kind, 0.0), mb)
    result = {
        "articles": n,
        "jobs": jobs,
        "seconds": round(wall, 1),
        "ms_per_article": round(1000 * wall / n, 2),
        "stages": _stages(log),
        "peak_mb": {k: round(v) for k, v in sorted(by_kind.items())},
    }
    if not keep:
        shutil.rmtree(out)
    return result


def _stages(log: str) -> dict[str, float]:
    """Seconds of each stage: the lines ``NAME: 12.3 s`` the command logs."""
    stages = {}
    for line in log.splitlines():
        name, _, rest = line.rpartition(": ")
        if rest.endswith(" s") and name:
            try:
                stages[name.strip()] = float(rest[:-2])
            except ValueError:
                continue
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--notebooks")
    parser.add_argument("--keep", action="store_true", help="keep the reports")
    parser.add_argument("--extract", type=Path, help="read this extract of the corpus")
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        row = run(n, jobs=args.jobs, notebooks=args.notebooks, keep=args.keep, extract=args.extract)
        rows.append(row)
        print(json.dumps(row), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "big_report.json").write_text(json.dumps(rows, indent=1))
    limit = max(max(r["peak_mb"].values()) for r in rows)
    print(f"largest process: {limit:,.0f} MB (target: under 4,096)")


if __name__ == "__main__":
    main()
