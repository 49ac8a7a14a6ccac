"""How long a report takes, and ``import analysis`` (issue 15).

Usage: python benchmarks/report_speed.py [--repeat N] [--bbc PATH]

Times, each in a fresh process and best of --repeat: ``python -c "import analysis"``; the
seed report (``make report``'s command); the report of all of BBC with ``-p group_by group``
with ``--jobs 2`` and with ``--jobs 1``.  Targets: import <= 0.5 s, seed <= 8 s, BBC
<= 30 s with two jobs and <= 40 s with one.

The package's bytecode is compiled first, as ``make`` does (see the Makefile's
``bytecode``): timing a report whose every process compiles the package would measure this
machine's PYTHONDONTWRITEBYTECODE, not the workbook.

This machine's speed moves by a third within minutes (a shared virtual machine), so the
script also times a fixed loop of pure Python before and after (best of 5) and once before
each run, and prints every run beside it: compare runs only when those agree.
"""

from __future__ import annotations

import argparse
import compileall
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import report_targets

PROJECT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT)
    seconds = time.perf_counter() - t0
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return seconds


def best(repeat: int, make_command, runs: list[str]) -> float:
    """The fastest of ``repeat`` runs; each run's seconds, beside the reference loop timed
    just before it, are added to ``runs``."""
    times = []
    for _ in range(repeat):
        loop = reference_loop(1)
        with tempfile.TemporaryDirectory() as tmp:
            times.append(timed(make_command(Path(tmp) / "report")))
        runs.append(f"{times[-1]:.2f} (loop {loop:.3f})")
    return min(times)


def reference_loop(repeat: int = 5) -> float:
    """Best of ``repeat`` of a fixed pure-Python loop: how fast this machine is right now."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i * i
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bbc", type=Path, default=PROJECT.parent / "shared" / "data" / "bbc")
    args = parser.parse_args()
    compileall.compile_dir(PROJECT / "analysis", quiet=1)
    before = reference_loop()
    report = [sys.executable, "-m", "analysis", "report"]
    runs: dict[str, list[str]] = {}

    def timing(name: str, target: float, repeat: int, make_command) -> tuple[str, float, float]:
        return name, target, best(repeat, make_command, runs.setdefault(name, []))

    rows = [
        timing(
            "import analysis",
            0.5,
            max(args.repeat, 5),
            lambda _: [sys.executable, "-c", "import analysis"],
        ),
        timing("seed report", 8.0, args.repeat, lambda out: [*report, "--out", str(out)]),
    ]
    bbc = [*report, "--corpus", str(args.bbc), "-p", "group_by", "group"]
    for jobs, target in ((2, 30.0), (1, 40.0)):
        rows.append(
            timing(
                f"BBC report, {jobs} job{'s' if jobs > 1 else ''}",
                target,
                args.repeat,
                lambda out, j=jobs: [*bbc, "--jobs", str(j), "--out", str(out)],
            )
        )
    report_targets(rows, name="report-speed")
    for name, each in runs.items():
        print(f"{name}: {', '.join(each)}")
    print(f"reference loop: {before:.3f} s before, {reference_loop():.3f} s after")


if __name__ == "__main__":
    main()
