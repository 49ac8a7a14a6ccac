"""How often one report reads each document and splits it into sentences (issue 15).

Usage: python benchmarks/count_calls.py [--corpus PATH] [--jobs N]

Runs ``analysis report`` on the corpus in a fresh process with ``benchmarks/callcount`` on
``PYTHONPATH``, so that every process of the run (the runner, its workers, its kernels)
counts its calls of ``decode_bytes`` (reading a file's text) and ``sentence_spans``
(splitting a text into sentences), and prints the counts per document.  Target: 1 and 1.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent


def count_calls(corpus: Path, *, jobs: int = 1, notebooks: str | None = None) -> dict[str, int]:
    """Calls of each counted function during one report of ``corpus``, and the documents."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "calls.log"
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(HERE / "callcount"), str(PROJECT)]),
            "ANALYSIS_CALL_LOG": str(log),
        }
        command = [sys.executable, "-m", "analysis", "report", "--corpus", str(corpus)]
        command += ["--out", str(Path(tmp) / "report"), "--jobs", str(jobs)]
        if notebooks:
            command += ["--notebooks", notebooks]
        done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=PROJECT)
        if done.returncode:
            raise SystemExit(done.stderr)
        calls = Counter(line.split("\t")[0] for line in log.read_text().splitlines())
        manifest = json.loads((Path(tmp) / "report" / "manifest.json").read_text())
        documents = len(manifest["inputs"]) if Path(corpus).is_dir() else None
        return {**calls, "files": documents or 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=str(PROJECT.parent / "shared" / "data" / "bbc"))
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    t0 = time.perf_counter()
    calls = count_calls(Path(args.corpus), jobs=args.jobs)
    files = calls["files"]
    print(f"report of {args.corpus} ({files:,} files) in {time.perf_counter() - t0:.1f} s")
    for name in ("decode_bytes", "sentence_spans"):
        made = calls.get(name, 0)
        print(f"{name:>15}: {made:>7,} calls = {made / files:.2f} per file")


if __name__ == "__main__":
    main()
